//! The history page's charts, inline SVG (the Content Security Policy allows no script or
//! stylesheet but the dashboard's own): recent runs' pass rate and p95 response time as lines,
//! oldest on the left, and an environment's uptime as one square per run.

/// Width and height of a line chart, in CSS pixels.
const BOX: (f64, f64) = (320.0, 48.0);

/// An SVG sparkline of `values` scaled so that `top` is the top of the box (oldest first);
/// empty when there are fewer than two. `label` names it for screen readers; `caption` is
/// shown under it.
fn line(values: &[f64], top: f64, label: &str, caption: &str) -> String {
    if values.len() < 2 {
        return String::new();
    }
    let (width, height) = BOX;
    let step = width / (values.len() - 1) as f64;
    let scale = if top > 0.0 { top } else { 1.0 };
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let y = height - (value / scale).clamp(0.0, 1.0) * (height - 4.0) - 2.0;
            format!("{:.1},{y:.1}", i as f64 * step)
        })
        .collect();
    format!(
        "<figure class=\"trend\"><svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{label}\">\
         <polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" points=\"{points}\"/></svg>\
         <figcaption>{caption}</figcaption></figure>",
        points = points.join(" ")
    )
}

/// The pass rates of recent runs (each 0 to 1, oldest first).
pub fn trend(rates: &[f64]) -> String {
    let n = rates.len();
    let last = rates.last().copied().unwrap_or(0.0) * 100.0;
    line(
        rates,
        1.0,
        &format!("pass rate of the last {n} runs"),
        &format!("Pass rate, last {n} runs (latest {last:.0}%)"),
    )
}

/// The p95 response times of recent runs in milliseconds (oldest first), scaled to the
/// slowest.
pub fn response_times(p95_ms: &[u64]) -> String {
    let n = p95_ms.len();
    let values: Vec<f64> = p95_ms.iter().map(|&ms| ms as f64).collect();
    let top = values.iter().copied().fold(0.0, f64::max);
    let last = p95_ms.last().copied().unwrap_or(0);
    line(
        &values,
        top,
        &format!("p95 response time of the last {n} runs"),
        &format!("p95 response time, last {n} runs (latest {last} ms, slowest {top:.0} ms)"),
    )
}

/// One environment's uptime: the share of its recent judged runs that were green (`true`,
/// oldest first), as a percentage and one square per run (green or red); empty without runs.
pub fn uptime(name: &str, green: &[bool]) -> String {
    if green.is_empty() {
        return String::new();
    }
    let up = green.iter().filter(|&&g| g).count();
    let percent = up as f64 * 100.0 / green.len() as f64;
    let squares: String = green
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            let (fill, what) = if g { ("#2e7d32", "green") } else { ("#c62828", "red") };
            format!(
                "<rect x=\"{}\" y=\"0\" width=\"8\" height=\"12\" fill=\"{fill}\"><title>{what}</title></rect>",
                i * 10
            )
        })
        .collect();
    format!(
        "<tr><td>{name}</td><td>{percent:.0}% ({up} of {n})</td><td><svg viewBox=\"0 0 {w} 12\" width=\"{w}\" height=\"12\" role=\"img\" aria-label=\"{up} green of the last {n} runs\">{squares}</svg></td></tr>",
        name = super::esc(name),
        n = green.len(),
        w = green.len() * 10,
    )
}

#[cfg(test)]
mod tests {
    use super::{response_times, trend, uptime};

    #[test]
    fn one_point_per_run_scaled_to_the_box() {
        let svg = trend(&[0.0, 0.5, 1.0]);
        assert!(
            svg.contains("points=\"0.0,46.0 160.0,24.0 320.0,2.0\""),
            "{svg}"
        );
        assert!(svg.contains("latest 100%"));
        assert!(trend(&[1.0]).is_empty());
    }

    #[test]
    fn response_times_are_scaled_to_the_slowest_run() {
        let svg = response_times(&[100, 400, 200]);
        assert!(
            svg.contains("points=\"0.0,35.0 160.0,2.0 320.0,24.0\""),
            "{svg}"
        );
        assert!(svg.contains("latest 200 ms, slowest 400 ms"), "{svg}");
        assert!(response_times(&[5]).is_empty());
    }

    #[test]
    fn uptime_counts_green_runs_and_draws_one_square_each() {
        let row = uptime("Staging <EU>", &[true, false, true, true]);
        assert!(row.contains("75% (3 of 4)"), "{row}");
        assert_eq!(row.matches("<rect").count(), 4);
        assert_eq!(row.matches("fill=\"#c62828\"").count(), 1);
        assert!(row.contains("Staging &lt;EU&gt;"), "{row}");
        assert!(uptime("none", &[]).is_empty());
    }
}
