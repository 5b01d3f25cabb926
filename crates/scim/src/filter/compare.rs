//! One comparison (`attrPath op value`) of one attribute value against the filter's operand,
//! by the attribute's type (RFC 7644 §3.4.2.2, RFC 7643 §2.3); the table of which operator
//! works on which type is on [the module](super).

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde_json::Value;

use super::ast::{AttrPath, CompareOp};
use super::error::FilterError;
use crate::schema::{AttrType, Attribute};

/// How the values of one attribute compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text { case_exact: bool },
    DateTime,
    Number,
    Boolean,
    Binary,
}

impl Kind {
    /// The comparison kind of an attribute; `definition` is `None` when the schema does not
    /// define it, and then the operand's JSON type decides.
    pub(crate) fn of(definition: Option<&Attribute>, operand: &Value) -> Kind {
        match definition.map(|a| (a.attr_type, a.case_exact)) {
            Some((AttrType::String | AttrType::Reference, case_exact)) => Kind::Text { case_exact },
            Some((AttrType::DateTime, _)) => Kind::DateTime,
            Some((AttrType::Integer | AttrType::Decimal, _)) => Kind::Number,
            Some((AttrType::Boolean, _)) => Kind::Boolean,
            Some((AttrType::Binary, _)) => Kind::Binary,
            // Complex attributes are resolved to a sub-attribute before comparing.
            Some((AttrType::Complex, _)) | None => match operand {
                Value::Number(_) => Kind::Number,
                Value::Bool(_) => Kind::Boolean,
                _ => Kind::Text { case_exact: false },
            },
        }
    }

    /// Checks that `op` and the (non-null) `operand` fit this kind, before any value is read.
    pub(crate) fn check(
        self,
        path: &AttrPath,
        op: CompareOp,
        operand: &Value,
    ) -> Result<(), FilterError> {
        let refuse = |why: &str| {
            Err(FilterError::unsupported(format!(
                "'{path} {op} {operand}': {why}"
            )))
        };
        let ordering = matches!(
            op,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        );
        let substring = matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew);
        match self {
            Kind::Text { .. } if !operand.is_string() => {
                refuse("a string attribute compares only with a \"string\"")
            }
            Kind::DateTime => match operand.as_str() {
                None => refuse(
                    "a dateTime attribute compares only with a \"string\" such as \"2011-05-13T04:42:34Z\"",
                ),
                Some(text) if !substring && parse_instant(text).is_none() => {
                    refuse("the value is not an xsd:dateTime such as \"2011-05-13T04:42:34Z\"")
                }
                Some(_) => Ok(()),
            },
            Kind::Number if substring => refuse(&format!(
                "{op} is for strings; numbers support eq, ne, gt, ge, lt and le"
            )),
            Kind::Number if !operand.is_number() => {
                refuse("a number attribute compares only with a number (no quotes)")
            }
            Kind::Boolean if ordering || substring => {
                refuse("booleans support only eq and ne (RFC 7644 §3.4.2.2)")
            }
            Kind::Boolean if !operand.is_boolean() => {
                refuse("a boolean attribute compares only with true or false (no quotes)")
            }
            Kind::Binary if ordering || substring => {
                refuse("binary attributes support only eq and ne (RFC 7644 §3.4.2.2)")
            }
            Kind::Binary if !operand.is_string() => {
                refuse("a binary attribute compares only with a base64 \"string\"")
            }
            _ => Ok(()),
        }
    }

    /// Whether `actual op operand` holds; `operand` passed [`Kind::check`].
    pub(crate) fn holds(self, op: CompareOp, actual: &Value, operand: &Value) -> bool {
        let ordering = match (self, actual, operand) {
            (Kind::Text { case_exact }, Value::String(a), Value::String(b)) => {
                return text(op, a, b, case_exact);
            }
            (Kind::DateTime, Value::String(a), Value::String(b)) => match op {
                CompareOp::Co | CompareOp::Sw | CompareOp::Ew => return text(op, a, b, true),
                _ => parse_instant(a)
                    .zip(parse_instant(b))
                    .map(|(a, b)| a.cmp(&b)),
            },
            (Kind::Number, Value::Number(a), Value::Number(b)) => number_cmp(a, b),
            (Kind::Boolean, Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Kind::Binary, Value::String(a), Value::String(b)) => Some(a.as_str().cmp(b)),
            _ => None,
        };
        ordered(op, ordering)
    }

    /// The error for comparing a complex attribute itself rather than a sub-attribute.
    pub(crate) fn complex_error(path: &AttrPath, op: CompareOp, operand: &Value) -> FilterError {
        FilterError::unsupported(format!(
            "'{path} {op} {operand}': '{path}' is complex; compare one of its sub-attributes, e.g. '{path}.<sub> {op} …'"
        ))
    }

    /// The error for a `null` operand with an operator other than eq / ne.
    pub(crate) fn null_error(path: &AttrPath, op: CompareOp) -> FilterError {
        FilterError::unsupported(format!(
            "'{path} {op} null': only eq and ne accept null; use '{path} pr' to test presence"
        ))
    }
}

/// Maps the three-way comparison of two same-typed values to the operator's verdict; `None`
/// (different types, unparsable dateTime) means "not identical, not ordered".
fn ordered(op: CompareOp, ordering: Option<Ordering>) -> bool {
    match (op, ordering) {
        (CompareOp::Ne, None) => true,
        (_, None) => false,
        (CompareOp::Eq, Some(o)) => o.is_eq(),
        (CompareOp::Ne, Some(o)) => o.is_ne(),
        (CompareOp::Gt, Some(o)) => o.is_gt(),
        (CompareOp::Ge, Some(o)) => o.is_ge(),
        (CompareOp::Lt, Some(o)) => o.is_lt(),
        (CompareOp::Le, Some(o)) => o.is_le(),
        // Substring operators on non-text kinds are refused by `check`.
        (CompareOp::Co | CompareOp::Sw | CompareOp::Ew, Some(_)) => false,
    }
}

/// Integers compare exactly; anything involving a decimal compares as f64.
fn number_cmp(a: &serde_json::Number, b: &serde_json::Number) -> Option<Ordering> {
    if let (Some(a), Some(b)) = (a.as_i64(), b.as_i64()) {
        return Some(a.cmp(&b));
    }
    if let (Some(a), Some(b)) = (a.as_u64(), b.as_u64()) {
        return Some(a.cmp(&b));
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// An xsd:dateTime as an instant: RFC 3339 with an offset, or without one read as UTC.
pub(crate) fn parse_instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok().or_else(|| {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .ok()
            .map(|naive| naive.and_utc().fixed_offset())
    })
}

/// String comparison; case-insensitive comparison folds both sides to lower case.
fn text(op: CompareOp, actual: &str, operand: &str, case_exact: bool) -> bool {
    if case_exact {
        return match op {
            CompareOp::Co => actual.contains(operand),
            CompareOp::Sw => actual.starts_with(operand),
            CompareOp::Ew => actual.ends_with(operand),
            _ => ordered(op, Some(actual.cmp(operand))),
        };
    }
    if actual.is_ascii() && operand.is_ascii() {
        let (a, b) = (actual.as_bytes(), operand.as_bytes());
        return match op {
            CompareOp::Co => b.is_empty() || a.windows(b.len()).any(|w| w.eq_ignore_ascii_case(b)),
            CompareOp::Sw => a.get(..b.len()).is_some_and(|p| p.eq_ignore_ascii_case(b)),
            CompareOp::Ew => a
                .len()
                .checked_sub(b.len())
                .and_then(|start| a.get(start..))
                .is_some_and(|s| s.eq_ignore_ascii_case(b)),
            _ => ordered(
                op,
                Some(
                    a.iter()
                        .map(u8::to_ascii_lowercase)
                        .cmp(b.iter().map(u8::to_ascii_lowercase)),
                ),
            ),
        };
    }
    match op {
        CompareOp::Co => fold(actual)
            .collect::<String>()
            .contains(&fold(operand).collect::<String>()),
        CompareOp::Sw => {
            let mut a = fold(actual);
            fold(operand).all(|c| a.next() == Some(c))
        }
        CompareOp::Ew => {
            let mut a = fold(actual).rev();
            fold(operand).rev().all(|c| a.next() == Some(c))
        }
        _ => ordered(op, Some(fold(actual).cmp(fold(operand)))),
    }
}

/// `text` as lower-case characters (Unicode case folding by `char::to_lowercase`).
pub(crate) fn fold(text: &str) -> impl DoubleEndedIterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn case_folding_covers_non_ascii_text() {
        assert!(text(CompareOp::Eq, "ÄRGER", "ärger", false));
        assert!(!text(CompareOp::Eq, "ÄRGER", "ärger", true));
        assert!(text(CompareOp::Sw, "Émile", "éM", false));
        assert!(text(CompareOp::Ew, "Jensen-Ørsted", "ØRSTED", false));
        assert!(text(CompareOp::Co, "Zoë Ångström", "ë å", false));
        assert!(!text(CompareOp::Sw, "É", "ÉMILE", false));
        assert!(text(CompareOp::Lt, "ärger", "Öl", false));
    }

    #[test]
    fn ascii_substrings_respect_bounds() {
        assert!(text(CompareOp::Ew, "abc", "ABC", false));
        assert!(!text(CompareOp::Ew, "bc", "ABC", false));
        assert!(!text(CompareOp::Sw, "ab", "ABC", false));
        assert!(!text(CompareOp::Co, "ab", "ABC", false));
        assert!(text(CompareOp::Co, "xxABCxx", "abc", false));
        // Case-exact ordering is by code point ('B' < 'a'); folded ordering ignores case.
        assert!(!text(CompareOp::Gt, "B", "a", true));
        assert!(text(CompareOp::Gt, "B", "a", false));
    }

    #[test]
    fn numbers_compare_across_representations() {
        let n = |v: Value| match v {
            Value::Number(n) => n,
            _ => unreachable!("test values are numbers"),
        };
        let cmp = |a: Value, b: Value| number_cmp(&n(a), &n(b));
        assert_eq!(cmp(json!(u64::MAX), json!(-1)), Some(Ordering::Greater));
        assert_eq!(
            cmp(json!(u64::MAX), json!(u64::MAX - 1)),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp(json!(-3), json!(-2.5)), Some(Ordering::Less));
        assert_eq!(cmp(json!(7), json!(7.0)), Some(Ordering::Equal));
    }

    #[test]
    fn date_times_parse_with_and_without_offsets() {
        let utc = parse_instant("2011-05-13T04:42:34Z");
        assert!(utc.is_some());
        assert_eq!(parse_instant("2011-05-13T06:42:34+02:00"), utc);
        assert_eq!(parse_instant("2011-05-13T04:42:34"), utc);
        assert!(parse_instant("2011-05-13T04:42:34.123456789Z") > utc);
        assert_eq!(parse_instant("2011-05-13"), None);
        assert_eq!(parse_instant("13/05/2011"), None);
    }
}
