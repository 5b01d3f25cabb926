//! The load section of the HTML report (`scimcheck load`): a table of latency percentiles per
//! operation, then latency (p50, p99) and throughput (requests and errors per second) over the
//! run drawn as inline SVG — no script, no network, so the charts show in any viewer and
//! survive the page's Content-Security-Policy. Operation names are the only text that came
//! from the run, and they go through [`escape::text`].

use super::escape;
use scimcheck_engine::model::{Interval, LoadFigures};
use std::fmt::Write as _;

/// Chart size in SVG user units (the SVG scales to the page's width).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
/// Room for the axis labels.
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;

/// Writes the section for `figures`.
pub fn write(page: &mut String, figures: &LoadFigures) {
    let _ = write!(
        page,
        "<section class=\"load\"><h2>Load: {}</h2>",
        escape::text(&figures.scenario)
    );
    if !figures.settings.is_empty() {
        let _ = write!(
            page,
            "<p class=\"settings\">{}</p>",
            escape::text(&figures.settings.join(" · "))
        );
    }
    page.push_str(
        "<table class=\"latency\"><thead><tr><th>operation</th><th>requests</th><th>errors</th>\
         <th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>max ms</th></tr></thead><tbody>",
    );
    for op in &figures.operations {
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td>\
             <td>{:.1}</td><td>{:.1}</td></tr>",
            escape::text(&op.name),
            op.count,
            op.errors,
            op.p50_ms,
            op.p90_ms,
            op.p99_ms,
            op.p999_ms,
            op.max_ms
        );
    }
    page.push_str("</tbody></table>");
    let t = &figures.throttling;
    if t.responses > 0 {
        let _ = write!(
            page,
            "<p class=\"settings\">Throttled: {} answers 429 ({} without Retry-After), {} ms waited before retrying.</p>",
            t.responses, t.without_retry_after, t.waited_ms
        );
    }
    if !figures.timeline.is_empty() {
        write_latency_chart(page, &figures.timeline);
        write_throughput_chart(page, &figures.timeline);
    }
    page.push_str("</section>\n");
}

/// The x position of second `s` of `n`.
fn x(s: f64, n: usize) -> f64 {
    LEFT + (WIDTH - LEFT - 8.0) * s / (n.max(2) - 1) as f64
}

/// The y position of `value` on a scale up to `max`.
fn y(value: f64, max: f64) -> f64 {
    let plot = HEIGHT - TOP - BOTTOM;
    TOP + plot - plot * (value / max).min(1.0)
}

/// A "nice" upper bound of a scale holding `value` (1, 2 or 5 × a power of ten).
fn nice_max(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|bound| *bound >= value)
        .unwrap_or(10.0 * magnitude)
}

/// Opens an SVG chart titled `title` with a y axis up to `max` in `unit` and an x axis in
/// seconds over `n` seconds.
fn open_chart(page: &mut String, title: &str, max: f64, unit: &str, n: usize) {
    let _ = write!(
        page,
        "<figure class=\"chart\"><figcaption>{title}</figcaption>\
         <svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-label=\"{title}\">"
    );
    for step in 0..=4 {
        let value = max * f64::from(step) / 4.0;
        let yy = y(value, max);
        let _ = write!(
            page,
            "<line class=\"grid\" x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\"/>\
             <text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} {unit}</text>",
            WIDTH - 8.0,
            LEFT - 4.0,
            yy + 4.0,
            trim(value)
        );
    }
    let last = n.saturating_sub(1);
    let _ = write!(
        page,
        "<text class=\"axis\" x=\"{LEFT}\" y=\"{:.1}\">0 s</text>\
         <text class=\"axis\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{last} s</text>",
        HEIGHT - 6.0,
        WIDTH - 8.0,
        HEIGHT - 6.0
    );
}

fn trim(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn polyline(page: &mut String, class: &str, points: impl Iterator<Item = (f64, f64)>) {
    let _ = write!(page, "<polyline class=\"{class}\" points=\"");
    for (px, py) in points {
        let _ = write!(page, "{px:.1},{py:.1} ");
    }
    page.push_str("\"/>");
}

fn write_latency_chart(page: &mut String, timeline: &[Interval]) {
    let n = timeline.len();
    let max = nice_max(timeline.iter().map(|i| i.p99_ms).fold(0.0, f64::max));
    open_chart(page, "Latency per second (p50, p99)", max, "ms", n);
    let answered = || timeline.iter().filter(|i| i.requests > 0);
    polyline(
        page,
        "p99",
        answered().map(|i| (x(f64::from(i.second), n), y(i.p99_ms, max))),
    );
    polyline(
        page,
        "p50",
        answered().map(|i| (x(f64::from(i.second), n), y(i.p50_ms, max))),
    );
    page.push_str(
        "</svg><p class=\"legend\"><span class=\"p99\">p99</span> <span class=\"p50\">p50</span></p></figure>",
    );
}

fn write_throughput_chart(page: &mut String, timeline: &[Interval]) {
    let n = timeline.len();
    let max = nice_max(
        timeline
            .iter()
            .map(|i| i.requests as f64)
            .fold(0.0, f64::max),
    );
    open_chart(
        page,
        "Throughput (requests and errors per second)",
        max,
        "/s",
        n,
    );
    polyline(
        page,
        "requests",
        timeline
            .iter()
            .map(|i| (x(f64::from(i.second), n), y(i.requests as f64, max))),
    );
    polyline(
        page,
        "errors",
        timeline
            .iter()
            .map(|i| (x(f64::from(i.second), n), y(i.errors as f64, max))),
    );
    page.push_str(
        "</svg><p class=\"legend\"><span class=\"requests\">requests</span> <span class=\"errors\">errors</span></p></figure>",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    use scimcheck_engine::model::OperationFigures;

    #[test]
    fn the_section_draws_both_charts_inline_and_escapes_names() {
        let figures = LoadFigures {
            scenario: "group-push".into(),
            settings: vec!["users = 40".into()],
            operations: vec![OperationFigures {
                name: "<add-members>".into(),
                count: 4,
                p99_ms: 12.5,
                ..OperationFigures::default()
            }],
            timeline: (0..3)
                .map(|second| Interval {
                    second,
                    requests: 10,
                    errors: u64::from(second == 1),
                    p50_ms: 2.0,
                    p99_ms: 9.0,
                })
                .collect(),
            ..LoadFigures::default()
        };
        let mut page = String::new();
        write(&mut page, &figures);
        assert_eq!(page.matches("<svg").count(), 2, "{page}");
        assert!(page.contains("Latency per second"));
        assert!(page.contains("&lt;add-members&gt;") && !page.contains("<add-members>"));
        assert!(!page.contains("http"), "no network asset: {page}");
        assert!(page.contains("<td>12.5</td>"));
    }

    #[test]
    fn scales_round_up_to_one_two_or_five() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(3.2), 5.0);
        assert_eq!(nice_max(17.0), 20.0);
        assert_eq!(nice_max(100.0), 100.0);
    }
}
