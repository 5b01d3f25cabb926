//! Runscope's comparisons and the coercions scimcheck applies (docs/RUNSCOPE.md lists them).
//!
//! The expected value always arrives as text (the file's value after templating); the actual
//! value is JSON (status, time and size are numbers; headers and text are strings). In short:
//!
//! - **equal / not_equal** compare text, except: a JSON number against a numeric expected value
//!   compares numerically (`0` equals `"0"` and `"0.0"`); a boolean equals `"true"`/`"false"`
//!   in any case; `null` equals `""` and `"null"`; an array or object equals an expected value
//!   that parses as the same JSON. A missing property equals nothing (so `not_equal` holds).
//! - **empty** holds for a missing property, `null`, `""`, `[]` and `{}`; **not_empty** for
//!   anything else — including `false` and `0`, which are values (Okta checks
//!   `etag.supported` with `not_empty`).
//! - **contains**: substring of a string (or of a number's/boolean's text); for an array, an
//!   element equal to the expected value (as **equal** above); for an object, a key.
//! - **has_value**: an array element (or object member value) equal to the expected value; a
//!   scalar is treated as a one-element array. With no expected value it holds when some
//!   element is not empty (Okta's 2016 file checks `emails.value` this way).
//! - **has_key**: the object has that key.
//! - **is_a_number**: a JSON number, or a string that parses as a finite number.
//! - **equal_number**, **is_less_than[_or_equal]**, **is_greater_than[_or_equal]**: both sides
//!   as numbers (numeric strings allowed); a side that is not numeric fails with a note.
//! - **is_null**: the property exists and is JSON `null` (missing is not null).

use super::format::Comparison;
use serde_json::Value;

/// The outcome of one comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// Whether the comparison held.
    pub passed: bool,
    /// Why it could not be made, when that is the reason it failed.
    pub note: Option<String>,
}

impl Judgement {
    fn of(passed: bool) -> Self {
        Judgement { passed, note: None }
    }

    fn fail(note: impl Into<String>) -> Self {
        Judgement {
            passed: false,
            note: Some(note.into()),
        }
    }
}

/// How an actual value is shown in results: strings bare, other JSON compact, `(missing)`.
pub fn display(actual: Option<&Value>) -> String {
    match actual {
        None => "(missing)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Applies `comparison` to `actual` and `expected` (see the module doc for the rules).
pub fn judge(comparison: Comparison, actual: Option<&Value>, expected: Option<&str>) -> Judgement {
    let expected = expected.unwrap_or("");
    match comparison {
        Comparison::Equal => match actual {
            None => Judgement::fail("the property is missing"),
            Some(a) => Judgement::of(equals(a, expected)),
        },
        Comparison::NotEqual => Judgement::of(!actual.is_some_and(|a| equals(a, expected))),
        Comparison::Empty => Judgement::of(is_empty(actual)),
        Comparison::NotEmpty => Judgement::of(!is_empty(actual)),
        Comparison::Contains => match actual {
            None => Judgement::fail("the property is missing"),
            Some(a) => Judgement::of(contains(a, expected)),
        },
        Comparison::DoesNotContain => Judgement::of(!actual.is_some_and(|a| contains(a, expected))),
        Comparison::IsANumber => Judgement::of(actual.is_some_and(|a| number(a).is_some())),
        Comparison::EqualNumber => numeric(actual, expected, |a, e| a == e),
        Comparison::IsLessThan => numeric(actual, expected, |a, e| a < e),
        Comparison::IsLessThanOrEqual => numeric(actual, expected, |a, e| a <= e),
        Comparison::IsGreaterThan => numeric(actual, expected, |a, e| a > e),
        Comparison::IsGreaterThanOrEqual => numeric(actual, expected, |a, e| a >= e),
        Comparison::HasKey => match actual {
            Some(Value::Object(map)) => Judgement::of(map.contains_key(expected)),
            None => Judgement::fail("the property is missing"),
            Some(_) => Judgement::fail("the value is not an object, so it has no keys"),
        },
        Comparison::HasValue => match actual {
            None => Judgement::fail("the property is missing"),
            Some(a) => Judgement::of(has_value(a, expected)),
        },
        Comparison::IsNull => match actual {
            None => Judgement::fail("the property is missing (missing is not null)"),
            Some(a) => Judgement::of(a.is_null()),
        },
    }
}

fn equals(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(s) => s == expected,
        Value::Number(_) => number(actual)
            .zip(parse_number(expected))
            .is_some_and(|(a, e)| a == e),
        Value::Bool(b) => expected.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Value::Null => expected.is_empty() || expected == "null",
        Value::Array(_) | Value::Object(_) => {
            serde_json::from_str::<Value>(expected).is_ok_and(|e| &e == actual)
        }
    }
}

fn is_empty(actual: Option<&Value>) -> bool {
    match actual {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(map)) => map.is_empty(),
        Some(Value::Number(_) | Value::Bool(_)) => false,
    }
}

fn contains(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(s) => s.contains(expected),
        Value::Array(items) => items.iter().any(|item| equals(item, expected)),
        Value::Object(map) => map.contains_key(expected),
        Value::Null => false,
        scalar => scalar.to_string().contains(expected),
    }
}

fn has_value(actual: &Value, expected: &str) -> bool {
    let matches = |item: &Value| {
        if expected.is_empty() {
            !is_empty(Some(item))
        } else {
            equals(item, expected)
        }
    };
    match actual {
        Value::Array(items) => items.iter().any(matches),
        Value::Object(map) => map.values().any(matches),
        scalar => matches(scalar),
    }
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_number(s),
        _ => None,
    }
}

fn numeric(actual: Option<&Value>, expected: &str, holds: impl Fn(f64, f64) -> bool) -> Judgement {
    let Some(actual) = actual else {
        return Judgement::fail("the property is missing");
    };
    let Some(a) = number(actual) else {
        return Judgement::fail(format!(
            "the actual value {} is not a number",
            display(Some(actual))
        ));
    };
    let Some(e) = parse_number(expected) else {
        return Judgement::fail(format!("the expected value `{expected}` is not a number"));
    };
    Judgement::of(holds(a, e))
}

#[cfg(test)]
mod tests {
    use super::Comparison::*;
    use super::*;
    use serde_json::json;

    fn holds(c: Comparison, actual: Option<Value>, expected: &str) -> bool {
        judge(c, actual.as_ref(), Some(expected)).passed
    }

    #[test]
    fn equal_text_numbers_booleans_null_structures() {
        assert!(holds(Equal, Some(json!("abc")), "abc"));
        assert!(!holds(Equal, Some(json!("abc")), "ABC"));
        assert!(holds(Equal, Some(json!(0)), "0"));
        assert!(holds(Equal, Some(json!(1)), "1.0"));
        assert!(!holds(Equal, Some(json!(1)), "2"));
        assert!(holds(Equal, Some(json!(true)), "true"));
        assert!(holds(Equal, Some(json!(true)), "True"));
        assert!(!holds(Equal, Some(json!(true)), "false"));
        assert!(!holds(Equal, Some(json!("true")), "True"));
        assert!(holds(Equal, Some(Value::Null), "null"));
        assert!(holds(Equal, Some(Value::Null), ""));
        assert!(!holds(Equal, Some(Value::Null), "x"));
        assert!(holds(Equal, Some(json!([1, "a"])), "[1, \"a\"]"));
        assert!(!holds(Equal, Some(json!([1])), "[2]"));
        assert!(!holds(Equal, None, ""));
    }

    #[test]
    fn not_equal_is_the_inverse_and_holds_for_missing() {
        assert!(holds(NotEqual, Some(json!("a")), "b"));
        assert!(!holds(NotEqual, Some(json!("a")), "a"));
        assert!(holds(NotEqual, None, "a"));
    }

    #[test]
    fn empty_and_not_empty() {
        for v in [
            None,
            Some(Value::Null),
            Some(json!("")),
            Some(json!([])),
            Some(json!({})),
        ] {
            assert!(holds(Empty, v.clone(), ""), "{v:?}");
            assert!(!holds(NotEmpty, v.clone(), ""), "{v:?}");
        }
        for v in [
            json!(false),
            json!(0),
            json!("x"),
            json!([0]),
            json!({"a": 1}),
        ] {
            assert!(holds(NotEmpty, Some(v.clone()), ""), "{v:?}");
            assert!(!holds(Empty, Some(v.clone()), ""), "{v:?}");
        }
    }

    #[test]
    fn contains_and_does_not_contain() {
        assert!(holds(
            Contains,
            Some(json!("application/scim+json")),
            "scim"
        ));
        assert!(!holds(Contains, Some(json!("application/json")), "scim"));
        assert!(holds(Contains, Some(json!(["urn:a", "urn:b"])), "urn:b"));
        assert!(!holds(Contains, Some(json!(["urn:a", "urn:b"])), "urn"));
        assert!(holds(Contains, Some(json!({"k": 1})), "k"));
        assert!(holds(Contains, Some(json!(12345)), "234"));
        assert!(!holds(Contains, None, "x"));
        assert!(holds(DoesNotContain, Some(json!("abc")), "x"));
        assert!(!holds(DoesNotContain, Some(json!("abc")), "b"));
        assert!(holds(DoesNotContain, None, "x"));
    }

    #[test]
    fn is_a_number_accepts_numbers_and_numeric_strings() {
        assert!(holds(IsANumber, Some(json!(3)), ""));
        assert!(holds(IsANumber, Some(json!("3.5")), ""));
        assert!(!holds(IsANumber, Some(json!("three")), ""));
        assert!(!holds(IsANumber, Some(json!(true)), ""));
        assert!(!holds(IsANumber, None, ""));
    }

    #[test]
    fn numeric_comparisons() {
        assert!(holds(EqualNumber, Some(json!(200)), "200"));
        assert!(holds(EqualNumber, Some(json!("200")), "200.0"));
        assert!(!holds(EqualNumber, Some(json!(201)), "200"));
        assert!(holds(IsLessThan, Some(json!(10)), "600"));
        assert!(!holds(IsLessThan, Some(json!(600)), "600"));
        assert!(holds(IsLessThanOrEqual, Some(json!(600)), "600"));
        assert!(!holds(IsLessThanOrEqual, Some(json!(601)), "600"));
        assert!(holds(IsGreaterThan, Some(json!(2)), "1"));
        assert!(!holds(IsGreaterThan, Some(json!(1)), "1"));
        assert!(holds(IsGreaterThanOrEqual, Some(json!(1)), "1"));
        assert!(!holds(IsGreaterThanOrEqual, Some(json!(0)), "1"));
    }

    #[test]
    fn numeric_comparisons_explain_non_numbers() {
        let j = judge(EqualNumber, Some(&json!("abc")), Some("1"));
        assert!(!j.passed && j.note.unwrap().contains("not a number"));
        let j = judge(IsLessThan, Some(&json!(1)), Some("soon"));
        assert!(!j.passed && j.note.unwrap().contains("`soon`"));
    }

    #[test]
    fn has_key() {
        assert!(holds(HasKey, Some(json!({"id": 1})), "id"));
        assert!(!holds(HasKey, Some(json!({"id": 1})), "name"));
        let j = judge(HasKey, Some(&json!([1])), Some("id"));
        assert!(!j.passed && j.note.unwrap().contains("not an object"));
    }

    #[test]
    fn has_value_on_arrays_objects_scalars_and_without_expected() {
        assert!(holds(HasValue, Some(json!(["urn:x", "urn:y"])), "urn:y"));
        assert!(!holds(HasValue, Some(json!(["urn:x"])), "urn:y"));
        assert!(holds(HasValue, Some(json!({"a": "v"})), "v"));
        assert!(holds(HasValue, Some(json!("urn:x")), "urn:x"));
        assert!(holds(HasValue, Some(json!(["a@x"])), ""));
        assert!(!holds(HasValue, Some(json!(["", null])), ""));
        assert!(judge(HasValue, Some(&json!(["a@x"])), None).passed);
        assert!(!holds(HasValue, None, "x"));
    }

    #[test]
    fn is_null() {
        assert!(holds(IsNull, Some(Value::Null), ""));
        assert!(!holds(IsNull, Some(json!("")), ""));
        assert!(!holds(IsNull, None, ""));
    }

    #[test]
    fn display_shows_strings_bare_and_missing() {
        assert_eq!(display(Some(&json!("a"))), "a");
        assert_eq!(display(Some(&json!({"a": 1}))), "{\"a\":1}");
        assert_eq!(display(None), "(missing)");
    }
}
