//! The two ways run data enters the HTML page, each safe for any server-supplied text: escaped
//! as HTML text or attribute value, or as JSON inside a `<script type="application/json">`.
//!
//! [`text`] is public so that every HTML scimcheck produces (this report and the dashboard's
//! pages) escapes with the one function, and a fix to it reaches both.

use std::fmt::Write as _;

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

/// JSON text made safe to sit inside a `<script>` element: `<`, `>` and `&` (which only occur
/// inside JSON strings) become `\u003c`-style escapes, so neither `</script>` nor `<!--` can
/// appear and the parsed value is unchanged. Line and paragraph separators are escaped too.
pub(crate) fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
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
        let value = serde_json::json!({"userName": "</script><!--x-->&\u{2028}"});
        let safe = script_json(&value.to_string());
        assert!(!safe.contains("</") && !safe.contains("<!--"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
