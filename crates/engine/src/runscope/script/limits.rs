//! The resource limits one script runs under.

use std::time::Duration;

const MIB: usize = 1024 * 1024;

/// Bounds on one script run, so a runaway script fails its step instead of hanging or exhausting
/// the machine running the tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptLimits {
    /// Time the script may spend executing before it is interrupted. Measured on the clock while
    /// the script runs: scripts do no I/O, so this is the CPU time it burns unless the machine is
    /// overloaded.
    pub cpu_time: Duration,
    /// Memory the JavaScript engine may allocate for the script, in bytes (0 means unlimited).
    pub memory_bytes: usize,
}

impl Default for ScriptLimits {
    /// 2 seconds and 64 MiB: far above what Okta's scripts need (well under 1 ms and 1 MiB).
    fn default() -> Self {
        Self {
            cpu_time: Duration::from_secs(2),
            memory_bytes: 64 * MIB,
        }
    }
}

impl ScriptLimits {
    /// The CPU budget as people write it: "2 s", "250 ms".
    pub(super) fn cpu_time_text(&self) -> String {
        duration_text(self.cpu_time)
    }

    /// The memory cap as people write it: "64 MiB", "100000 bytes".
    pub(super) fn memory_text(&self) -> String {
        if self.memory_bytes >= MIB && self.memory_bytes.is_multiple_of(MIB) {
            format!("{} MiB", self.memory_bytes / MIB)
        } else {
            format!("{} bytes", self.memory_bytes)
        }
    }
}

/// A duration as people write it: whole seconds as "2 s", anything else in milliseconds.
pub(crate) fn duration_text(duration: Duration) -> String {
    if duration.subsec_millis() == 0 && duration.as_secs() > 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_described_in_the_units_they_were_given() {
        let limits = ScriptLimits::default();
        assert_eq!(limits.cpu_time_text(), "2 s");
        assert_eq!(limits.memory_text(), "64 MiB");
        let odd = ScriptLimits {
            cpu_time: Duration::from_millis(1500),
            memory_bytes: 100_000,
        };
        assert_eq!(odd.cpu_time_text(), "1500 ms");
        assert_eq!(odd.memory_text(), "100000 bytes");
    }
}
