//! Colour and safety for terminal text. Colour is plain ANSI SGR, applied only when the
//! reporter was told the output is a colour terminal; [`clean`] makes server-supplied text inert
//! so a response cannot move the cursor, recolour or retitle the user's terminal.

use std::borrow::Cow;

use scimcheck_engine::model::Verdict;

/// What a piece of text means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// A passed case.
    Good,
    /// A failed case or a failed assertion.
    Bad,
    /// A case that could not be judged.
    Broken,
    /// A warning.
    Caution,
    /// Secondary information: ids, timings, labels.
    Faint,
    /// Headings and titles.
    Strong,
}

impl Tone {
    /// The tone of a verdict's badge.
    pub(crate) fn of(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Pass => Tone::Good,
            Verdict::Fail => Tone::Bad,
            Verdict::Error => Tone::Broken,
            Verdict::Warn => Tone::Caution,
            Verdict::Skip | Verdict::Blocked => Tone::Faint,
        }
    }

    fn sgr(self) -> &'static str {
        match self {
            Tone::Good => "32",
            Tone::Bad => "1;31",
            Tone::Broken => "1;35",
            Tone::Caution => "33",
            Tone::Faint => "2",
            Tone::Strong => "1",
        }
    }
}

/// Applies tones when colour is on, and nothing otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Painter {
    /// Whether to emit ANSI colour codes at all.
    pub color: bool,
}

impl Painter {
    /// `text` in `tone`.
    pub(crate) fn paint(self, tone: Tone, text: &str) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", tone.sgr())
        } else {
            text.to_owned()
        }
    }
}

/// `text` with every control character except line feed shown as a visible escape (`\u{1b}`),
/// so that server-supplied text printed on a terminal is only ever text.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_neutralizes_escape_sequences_and_keeps_text() {
        assert_eq!(clean("plain ünïcode\nline"), "plain ünïcode\nline");
        assert_eq!(clean("\x1b[2J\x07x\ty"), "\\u{1b}[2J\\u{7}x    y");
    }

    #[test]
    fn painter_colours_only_when_enabled() {
        assert_eq!(Painter { color: false }.paint(Tone::Bad, "FAIL"), "FAIL");
        assert_eq!(
            Painter { color: true }.paint(Tone::Bad, "FAIL"),
            "\x1b[1;31mFAIL\x1b[0m"
        );
    }
}
