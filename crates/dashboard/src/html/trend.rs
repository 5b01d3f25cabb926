//! The pass-rate trend: a small SVG line of recent runs' pass rates, oldest on the left.

/// An SVG sparkline of `rates` (each 0 to 1, oldest first); empty when there are fewer than two.
pub fn trend(rates: &[f64]) -> String {
    if rates.len() < 2 {
        return String::new();
    }
    let (width, height) = (320.0, 48.0);
    let step = width / (rates.len() - 1) as f64;
    let points: Vec<String> = rates
        .iter()
        .enumerate()
        .map(|(i, rate)| {
            let y = height - rate.clamp(0.0, 1.0) * (height - 4.0) - 2.0;
            format!("{:.1},{y:.1}", i as f64 * step)
        })
        .collect();
    let last = rates.last().copied().unwrap_or(0.0) * 100.0;
    format!(
        "<figure class=\"trend\"><svg viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"pass rate of the last {n} runs\">\
         <polyline fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" points=\"{points}\"/></svg>\
         <figcaption>Pass rate, last {n} runs (latest {last:.0}%)</figcaption></figure>",
        n = rates.len(),
        points = points.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::trend;

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
}
