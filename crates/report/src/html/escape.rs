//! The two ways run data enters the HTML page, each safe for any server-supplied text: escaped
//! as HTML text or attribute value, or as JSON inside a `<script type="application/json">`.
//!
//! [`text`] is public so that every HTML scimcheck produces (this report and the dashboard's
//! pages) escapes with the one function, and a fix to it reaches both.

use serde::Serialize;
use std::io;

/// `text` escaped for HTML text and double- or single-quoted attribute values.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `value` to `out` as compact JSON made safe to sit inside a `<script>` element: `<`,
/// `>` and `&` (which only occur inside JSON strings) become `\u003c`-style escapes, so neither
/// `</script>` nor `<!--` can appear and the parsed value is unchanged. Line and paragraph
/// separators are escaped too. Serialized straight into the page, with no copy of the JSON
/// text: the run data is most of a report, and a bare run's peak memory is measured in CI.
pub(crate) fn append_script_json<T: Serialize + ?Sized>(out: &mut String, value: &T) {
    let mut bytes = std::mem::take(out).into_bytes();
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut bytes, ScriptSafe,
        ))
        .expect(crate::json::PLAIN_DATA);
    *out = String::from_utf8(bytes).expect("JSON text appended to text is text");
}

/// serde_json's compact layout, with the escapes [`append_script_json`] promises applied to
/// every string and key as it is written.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut plain = 0;
        for (at, c) in fragment.char_indices() {
            if matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') {
                writer.write_all(&fragment.as_bytes()[plain..at])?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                plain = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_quotes() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn script_json_hides_closing_tags_and_comments_but_keeps_the_value() {
        let value =
            serde_json::json!({"userName": "</script><!--x-->&\u{2028}", "<k>": "\u{2029}"});
        let mut safe = String::from("data: ");
        append_script_json(&mut safe, &value);
        let safe = safe.strip_prefix("data: ").unwrap();
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}') && !safe.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(safe).unwrap();
        assert_eq!(back, value);
    }
}
