//! Durations and sizes written the way people read them, identically in every report.

/// `ms` as `340 ms`, `1.23 s` or `2 min 5 s`.
pub(crate) fn duration(ms: u64) -> String {
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.2} s", ms as f64 / 1_000.0),
        _ => format!("{} min {} s", ms / 60_000, (ms % 60_000) / 1_000),
    }
}

/// `bytes` as `512 B`, `3.4 KiB` or `50.0 MiB`.
pub(crate) fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    match bytes {
        0..KIB => format!("{bytes} B"),
        KIB..1_048_576 => format!("{:.1} KiB", bytes as f64 / KIB as f64),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_pick_a_readable_unit() {
        assert_eq!(duration(340), "340 ms");
        assert_eq!(duration(1_234), "1.23 s");
        assert_eq!(duration(125_000), "2 min 5 s");
    }

    #[test]
    fn sizes_pick_a_readable_unit() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(3_482), "3.4 KiB");
        assert_eq!(size(52_428_800), "50.0 MiB");
    }
}
