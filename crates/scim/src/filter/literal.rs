//! Comparison values (`compValue` of RFC 7644 §3.4.2.2): JSON strings, numbers, `true`,
//! `false` and `null`, decoded exactly as JSON (RFC 8259) defines them.
//!
//! Each function reads one literal from the start of its input and returns the value and the
//! number of bytes it used; errors carry a byte offset relative to that start.

use serde_json::Value;

/// Why a literal could not be read; `offset` is in bytes from the literal's start.
#[derive(Debug)]
pub(crate) struct LiteralError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

fn fail<T>(offset: usize, message: String) -> Result<T, LiteralError> {
    Err(LiteralError { offset, message })
}

/// `true`, `false` or `null`, case-insensitively (SCIM keywords are case-insensitive).
pub(crate) fn keyword(word: &str) -> Option<(Value, usize)> {
    let value = if word.eq_ignore_ascii_case("true") {
        Value::Bool(true)
    } else if word.eq_ignore_ascii_case("false") {
        Value::Bool(false)
    } else if word.eq_ignore_ascii_case("null") {
        Value::Null
    } else {
        return None;
    };
    Some((value, word.len()))
}

/// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(crate) fn number(input: &str) -> Result<(Value, usize), LiteralError> {
    let bytes = input.as_bytes();
    let digits_from = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = usize::from(bytes.first() == Some(&b'-'));
    match bytes.get(end) {
        Some(b'0') => end += 1,
        Some(b'1'..=b'9') => end = digits_from(end),
        _ => return fail(end, "expected a digit in the number".to_string()),
    }
    if bytes.get(end) == Some(&b'.') {
        let after = digits_from(end + 1);
        if after == end + 1 {
            return fail(
                after,
                "expected a digit after the decimal point".to_string(),
            );
        }
        end = after;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        end += 1;
        if matches!(bytes.get(end), Some(b'+' | b'-')) {
            end += 1;
        }
        let after = digits_from(end);
        if after == end {
            return fail(
                after,
                "expected a digit in the number's exponent".to_string(),
            );
        }
        end = after;
    }
    if bytes.get(end).is_some_and(u8::is_ascii_digit) {
        return fail(end, "a number must not have leading zeros".to_string());
    }
    let text = input.get(..end).unwrap_or("");
    number_value(text)
        .map(|n| (Value::Number(n), end))
        .ok_or(LiteralError {
            offset: 0,
            message: format!("the number {text} is out of range"),
        })
}

/// The JSON value of well-formed number text: an integer when it has no fraction or exponent
/// and fits 64 bits, else the nearest f64 (Rust's parser is exact, so printing and re-parsing
/// any finite f64 gives it back).
fn number_value(text: &str) -> Option<serde_json::Number> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(n) = text.parse::<u64>() {
            return Some(n.into());
        }
        if let Ok(n) = text.parse::<i64>() {
            return Some(n.into());
        }
    }
    serde_json::Number::from_f64(text.parse::<f64>().ok().filter(|f| f.is_finite())?)
}

/// A JSON string in double quotes, with the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`
/// (surrogate pairs combine; a lone surrogate is an error).
pub(crate) fn string(input: &str) -> Result<(Value, usize), LiteralError> {
    let mut out = String::new();
    let mut chars = input.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((Value::String(out), at + 1)),
            '\\' => {
                let Some((_, escape)) = chars.next() else {
                    break;
                };
                let decoded = match escape {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'u' => unicode_escape(input, at, &mut chars)?,
                    other => {
                        return fail(
                            at,
                            format!(
                                "unknown escape '\\{other}' in string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
                            ),
                        );
                    }
                };
                out.push(decoded);
            }
            c if u32::from(c) < 0x20 => {
                return fail(
                    at,
                    format!(
                        "control character U+{:04X} must be escaped inside a string",
                        u32::from(c)
                    ),
                );
            }
            c => out.push(c),
        }
    }
    fail(0, "unterminated string: add the closing '\"'".to_string())
}

/// Decodes the `XXXX` of a `\u` escape starting at byte `at`, and the low half of a surrogate
/// pair when the first escape is a high surrogate.
fn unicode_escape(
    input: &str,
    at: usize,
    chars: &mut impl Iterator<Item = (usize, char)>,
) -> Result<char, LiteralError> {
    let first = hex4(input, at, chars)?;
    let code = match first {
        0xD800..=0xDBFF => {
            let low_at = at + 6;
            let backslash = chars.next().map(|(_, c)| c);
            let u = chars.next().map(|(_, c)| c);
            if backslash != Some('\\') || u != Some('u') {
                return fail(
                    at,
                    format!(
                        "\\u{first:04X} is a high surrogate and must be followed by a low surrogate \\uDC00-\\uDFFF"
                    ),
                );
            }
            let second = hex4(input, low_at, chars)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return fail(
                    low_at,
                    format!(
                        "\\u{second:04X} is not a low surrogate (\\uDC00-\\uDFFF) after the high surrogate \\u{first:04X}"
                    ),
                );
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        }
        0xDC00..=0xDFFF => {
            return fail(
                at,
                format!("\\u{first:04X} is a low surrogate without a preceding high surrogate"),
            );
        }
        _ => first,
    };
    char::from_u32(code).ok_or(LiteralError {
        offset: at,
        message: format!("\\u escape yields an invalid character U+{code:X}"),
    })
}

/// Reads four hex digits of the `\u` escape at byte `at`.
fn hex4(
    input: &str,
    at: usize,
    chars: &mut impl Iterator<Item = (usize, char)>,
) -> Result<u32, LiteralError> {
    let mut code = 0;
    for _ in 0..4 {
        let digit = chars.next().and_then(|(_, c)| c.to_digit(16));
        let Some(digit) = digit else {
            let shown: String = input.get(at..).unwrap_or("").chars().take(6).collect();
            return fail(
                at,
                format!("'{shown}' is not a \\u escape: \\u needs four hex digits"),
            );
        };
        code = code * 16 + digit;
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_decode_every_json_escape() {
        let (value, len) = string(r#""a\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00z" rest"#).unwrap();
        assert_eq!(value, json!("a\"\\/\u{8}\u{c}\n\r\té😀z"));
        assert_eq!(len, 38);
    }

    #[test]
    fn lone_surrogates_and_bad_escapes_are_errors() {
        assert_eq!(string(r#""\uD83D""#).unwrap_err().offset, 1);
        assert_eq!(string(r#""ab\uDE00""#).unwrap_err().offset, 3);
        assert!(
            string(r#""\uD83D\u0041""#)
                .unwrap_err()
                .message
                .contains("not a low surrogate")
        );
        assert!(
            string(r#""\x""#)
                .unwrap_err()
                .message
                .contains("unknown escape")
        );
        assert!(
            string(r#""\u12""#)
                .unwrap_err()
                .message
                .contains("four hex digits")
        );
        assert!(string("\"a\nb\"").unwrap_err().message.contains("U+000A"));
        assert!(
            string(r#""abc"#)
                .unwrap_err()
                .message
                .contains("unterminated")
        );
    }

    #[test]
    fn numbers_follow_json() {
        assert_eq!(number("42 x").unwrap(), (json!(42), 2));
        assert_eq!(number("-1.5e3").unwrap(), (json!(-1500.0), 6));
        assert_eq!(number("0.25E-2").unwrap(), (json!(0.0025), 7));
        assert_eq!(number("-0").unwrap().1, 2);
        assert!(number("01").unwrap_err().message.contains("leading zeros"));
        assert!(number("1.").unwrap_err().message.contains("decimal point"));
        assert!(number("1e+").unwrap_err().message.contains("exponent"));
        assert!(number("-").is_err());
        assert!(
            number("1e400")
                .unwrap_err()
                .message
                .contains("out of range")
        );
    }

    #[test]
    fn keywords_are_case_insensitive() {
        assert_eq!(keyword("TRUE"), Some((json!(true), 4)));
        assert_eq!(keyword("False"), Some((json!(false), 5)));
        assert_eq!(keyword("null"), Some((Value::Null, 4)));
        assert_eq!(keyword("nil"), None);
    }
}
