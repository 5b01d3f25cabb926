//! The log lines a script writes, capped so a logging loop cannot exhaust memory or reports.

/// Most log text one script may keep, in bytes; the rest is dropped and the cut noted.
pub(super) const LOG_CAP_BYTES: usize = 64 * 1024;

/// Log lines collected while a script runs, up to [`LOG_CAP_BYTES`] in total.
#[derive(Debug, Default)]
pub(super) struct LogBuffer {
    lines: Vec<String>,
    kept_bytes: usize,
    dropped_bytes: usize,
    dropped_lines: usize,
}

impl LogBuffer {
    /// Keeps `line` if it fits under the cap; keeps its head when only part fits.
    pub(super) fn push(&mut self, line: String) {
        let room = LOG_CAP_BYTES - self.kept_bytes;
        if line.len() <= room {
            self.kept_bytes += line.len();
            self.lines.push(line);
            return;
        }
        let mut cut = room;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        self.dropped_bytes += line.len() - cut;
        self.dropped_lines += 1;
        if cut > 0 {
            self.kept_bytes += cut;
            self.lines.push(line[..cut].to_owned());
        }
    }

    /// The kept lines, plus a last line saying what the cap dropped, if anything.
    pub(super) fn into_lines(mut self) -> Vec<String> {
        if self.dropped_lines > 0 {
            self.lines.push(format!(
                "[log cut: {} more bytes in {} lines dropped; a script may log {} KiB]",
                self.dropped_bytes,
                self.dropped_lines,
                LOG_CAP_BYTES / 1024
            ));
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_under_the_cap_are_kept_verbatim() {
        let mut buffer = LogBuffer::default();
        buffer.push("one".to_owned());
        buffer.push("two".to_owned());
        assert_eq!(buffer.into_lines(), ["one", "two"]);
    }

    #[test]
    fn text_past_the_cap_is_dropped_on_a_char_boundary_and_noted() {
        let mut buffer = LogBuffer::default();
        buffer.push("a".repeat(LOG_CAP_BYTES - 1));
        buffer.push("é!".to_owned()); // 'é' is 2 bytes and there is 1 byte of room: all dropped
        buffer.push("more".to_owned()); // the head that fits is kept
        let lines = buffer.into_lines();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), LOG_CAP_BYTES - 1);
        assert_eq!(lines[1], "m");
        assert_eq!(
            lines[2],
            "[log cut: 6 more bytes in 2 lines dropped; a script may log 64 KiB]"
        );
    }
}
