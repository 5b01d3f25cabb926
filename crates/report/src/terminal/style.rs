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

/// `text` with every control character except line feed, and every Unicode bidirectional
/// control, shown as a visible escape (`\u{1b}`, `\u{202e}`), so that server- or script-supplied
/// text printed on a terminal is only ever text: it can neither send escape sequences nor
/// reorder what the user reads (a right-to-left override making `PASS` out of other letters).
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| escaped(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            c if escaped(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Control characters, and the bidirectional formatting characters of Unicode's Bidi_Control
/// property: ALM, LRM/RLM, the embeddings and overrides (U+202A–U+202E) and the isolates
/// (U+2066–U+2069).
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
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
    fn clean_shows_bidi_controls_instead_of_letting_them_reorder_text() {
        assert_eq!(
            clean("LIAF\u{202e}SSAP\u{2066}x\u{2069}\u{200f}"),
            "LIAF\\u{202e}SSAP\\u{2066}x\\u{2069}\\u{200f}"
        );
        assert_eq!(clean("עברית ok"), "עברית ok");
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
