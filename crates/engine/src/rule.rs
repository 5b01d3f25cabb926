//! The rule an assertion record was judged by. A record says what was expected and what was
//! found as text; its rule says how `passed` follows from those two texts, so a record can be
//! re-judged by anyone who reads it — and a record whose `passed` disagrees with its own texts
//! is a bug in whatever wrote it (the conformance suite's tests re-judge every record it makes).
//!
//! ```
//! use scimcheck_engine::rule::{MISSING, Rule};
//! assert!(Rule::Present.holds("present", "\"abc\""));
//! assert!(!Rule::Present.holds("present", MISSING));
//! assert!(Rule::Status.holds("200 or 204", "204"));
//! assert!(!Rule::Status.holds("200 or 204", "404 <html>…"));
//! ```

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What `actual` says when the value looked for (an attribute, a header) is not there.
pub const MISSING: &str = "(missing)";

/// How `passed` follows from `expected` and `actual`. Values are written as JSON text when
/// they come from JSON (strings quoted) and as plain text when they are text (headers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Holds when `actual` is not [`MISSING`] (a JSON `null` counts as missing: RFC 7643 §2.5).
    Present,
    /// Holds when `actual` is [`MISSING`].
    Absent,
    /// Holds when `actual` equals `expected`: as JSON values when both are JSON, else as text.
    Equal,
    /// Holds when [`Rule::Equal`] does not.
    NotEqual,
    /// `expected` lists alternatives joined by ` or `; holds when `actual` is one of them.
    OneOf,
    /// `expected` lists HTTP status codes joined by ` or `; holds when the status code `actual`
    /// starts with (a body excerpt may follow it after a space) is one of them.
    Status,
    /// `actual` is a JSON array; holds when one of its elements equals `expected` (as JSON when
    /// `expected` is JSON, else as a string).
    Includes,
    /// Holds when `actual` is a JSON array none of whose elements equals `expected`.
    Excludes,
    /// Holds when `actual` starts with `expected`.
    StartsWith,
    /// Holds when `actual` ends with `expected`.
    EndsWith,
    /// Holds when `actual` does not contain the text `expected` anywhere.
    Lacks,
    /// Holds when `actual` contains the text `expected`.
    Contains,
    /// Both are numbers; holds when `actual` ≤ `expected`.
    AtMost,
    /// Holds when `actual` is a JSON number.
    Number,
    /// Holds when `actual` is a non-negative JSON integer.
    Count,
    /// Holds when `actual` is a JSON string holding an RFC 3339 date-time (the profile of
    /// xsd:dateTime that RFC 7643 §2.3.5 uses).
    DateTime,
    /// Holds when `actual` is a value other than `null`, `""` and `[]` (Okta's `not_empty`).
    NotEmpty,
    /// Holds when `actual` (text, or a JSON string) is an absolute `http://` or `https://` URL.
    AbsoluteUrl,
    /// Holds when `actual` (text, or a JSON string) is an endpoint relative to a base URL: one
    /// path segment, with or without a leading or trailing slash (`/Users`), not a full URL nor
    /// a path of several segments (`/scim/v2/Users`).
    RelativeEndpoint,
}

impl Rule {
    /// What was wanted, in words: `expected` itself, except for the rules that invert it —
    /// "expected "X", got "X"" reads as a contradiction when the rule was "anything but X".
    pub fn wanted(self, expected: &str) -> Cow<'_, str> {
        match self {
            Rule::NotEqual => Cow::Owned(format!("a value other than {expected}")),
            Rule::Excludes => Cow::Owned(format!("no {expected} among them")),
            Rule::Lacks => Cow::Owned(format!("no {expected} in it")),
            Rule::Contains => Cow::Owned(format!("{expected} in it")),
            _ => Cow::Borrowed(expected),
        }
    }

    /// The sentence every report gives a failed record: "what: expected …, got …", worded by
    /// [`Rule::wanted`].
    pub fn failure(self, what: &str, expected: &str, actual: &str) -> String {
        format!("{what}: expected {}, got {actual}", self.wanted(expected))
    }

    /// Whether a record with these texts holds under this rule.
    pub fn holds(self, expected: &str, actual: &str) -> bool {
        match self {
            Rule::Present => actual != MISSING,
            Rule::Absent => actual == MISSING,
            Rule::Equal => same(expected, actual),
            Rule::NotEqual => !same(expected, actual),
            Rule::OneOf => expected
                .split(" or ")
                .any(|alternative| alternative == actual),
            Rule::Status => {
                let code = actual.split(' ').next().unwrap_or_default();
                expected
                    .split(" or ")
                    .any(|alternative| alternative == code)
            }
            Rule::Includes => elements(actual).is_some_and(|items| contains(&items, expected)),
            Rule::Excludes => elements(actual).is_some_and(|items| !contains(&items, expected)),
            Rule::StartsWith => actual.starts_with(expected),
            Rule::EndsWith => actual.ends_with(expected),
            Rule::Lacks => !actual.contains(expected),
            Rule::Contains => actual.contains(expected),
            Rule::AtMost => match (number(expected), number(actual)) {
                (Some(bound), Some(value)) => value <= bound,
                _ => false,
            },
            Rule::Number => matches!(json(actual), Some(Value::Number(_))),
            Rule::Count => json(actual).is_some_and(|v| v.is_u64()),
            Rule::DateTime => match json(actual) {
                Some(Value::String(s)) => chrono::DateTime::parse_from_rfc3339(&s).is_ok(),
                _ => false,
            },
            Rule::NotEmpty => match json(actual) {
                Some(Value::Null) | None => false,
                Some(Value::String(s)) => !s.is_empty(),
                Some(Value::Array(a)) => !a.is_empty(),
                Some(_) => true,
            },
            Rule::AbsoluteUrl => {
                let url = text(actual);
                url.starts_with("http://") || url.starts_with("https://")
            }
            Rule::RelativeEndpoint => relative_segment(&text(actual)).is_some(),
        }
    }
}

/// The one path segment `endpoint` names relative to a base URL (`Users` for `/Users`, `Users`
/// or `/Users/`), or `None` when it is not relative: a full URL, or a path of several segments
/// such as `/scim/v2/Users`, which resolved against the base URL would repeat its path.
pub fn relative_segment(endpoint: &str) -> Option<&str> {
    let segment = endpoint.trim_start_matches('/').trim_end_matches('/');
    let relative = !segment.is_empty() && !segment.contains(['/', ':', '?', '#']);
    relative.then_some(segment)
}

fn json(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// The text a JSON string literal holds, or the text itself when it is not one.
fn text(actual: &str) -> String {
    match json(actual) {
        Some(Value::String(s)) => s,
        _ => actual.to_owned(),
    }
}

fn same(expected: &str, actual: &str) -> bool {
    match (json(expected), json(actual)) {
        (Some(e), Some(a)) => e == a,
        _ => expected == actual,
    }
}

fn elements(actual: &str) -> Option<Vec<Value>> {
    match json(actual) {
        Some(Value::Array(items)) => Some(items),
        _ => None,
    }
}

fn contains(items: &[Value], expected: &str) -> bool {
    let wanted = json(expected).unwrap_or_else(|| Value::String(expected.to_owned()));
    items.contains(&wanted)
}

fn number(text: &str) -> Option<f64> {
    json(text).as_ref().and_then(Value::as_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_not_equal_or_excludes_says_what_was_wanted() {
        let unchanged = Rule::NotEqual.failure("ETag after PUT", "\"W/1\"", "\"W/1\"");
        assert_eq!(
            unchanged,
            "ETag after PUT: expected a value other than \"W/1\", got \"W/1\""
        );
        let kept = Rule::Excludes.failure("members", "\"u1\"", "[\"u1\"]");
        assert_eq!(kept, "members: expected no \"u1\" among them, got [\"u1\"]");
        let equal = Rule::Equal.failure("status", "200", "404");
        assert_eq!(equal, "status: expected 200, got 404");
    }

    #[test]
    fn equality_compares_json_as_values_and_text_as_text() {
        assert!(Rule::Equal.holds(r#"{"a":1,"b":2}"#, r#"{"b":2,"a":1}"#));
        assert!(Rule::Equal.holds("W/\"1\"", "W/\"1\""));
        assert!(!Rule::Equal.holds("1", "\"1\""));
        assert!(Rule::NotEqual.holds("W/\"1\"", "W/\"2\""));
    }

    #[test]
    fn text_rules_read_the_text_they_name() {
        assert!(Rule::Contains.holds("Ada", "Ada Lovelace"));
        assert!(!Rule::Contains.holds("Ada", "The Countess"));
        assert!(Rule::Lacks.holds("bulkId", "u-1"));
        assert_eq!(
            Rule::Contains.failure("name.formatted", "Ada", "The Countess"),
            "name.formatted: expected Ada in it, got The Countess"
        );
    }

    #[test]
    fn membership_needs_an_array() {
        assert!(Rule::Includes.holds("urn:x", r#"["urn:y","urn:x"]"#));
        assert!(!Rule::Includes.holds("urn:x", "<html>urn:x</html>"));
        assert!(Rule::Excludes.holds("\"a\"", r#"["b"]"#));
        assert!(!Rule::Excludes.holds("a", MISSING));
    }

    #[test]
    fn kinds_of_values() {
        assert!(Rule::DateTime.holds("", "\"2024-01-02T03:04:05Z\""));
        assert!(!Rule::DateTime.holds("", "\"yesterday\""));
        assert!(Rule::Number.holds("", "3"));
        assert!(!Rule::Number.holds("", "\"3\""));
        assert!(!Rule::NotEmpty.holds("", "[]"));
        assert!(Rule::NotEmpty.holds("", "false"));
        assert!(Rule::AbsoluteUrl.holds("", "https://h/Users/1"));
        assert!(Rule::AbsoluteUrl.holds("", "\"http://h/Users/1\""));
        assert!(Rule::RelativeEndpoint.holds("", "\"/Users/\""));
        assert!(!Rule::RelativeEndpoint.holds("", "\"/scim/v2/Users\""));
        assert!(!Rule::RelativeEndpoint.holds("", "\"https://h/Users\""));
        assert_eq!(relative_segment("Users/"), Some("Users"));
        assert_eq!(relative_segment("/"), None);
        assert!(Rule::AtMost.holds("2", "1"));
        assert!(!Rule::AtMost.holds("2", "3"));
    }
}
