//! The one check of a client's JSON value against the [`Attribute`] it is written to (RFC 7643
//! §2.3 data types, §2.4 multi-valued attributes), through the [`Leniency`] policy.
//!
//! POST and PUT ([`super::resource`]) and PATCH ([`crate::patch`]) both read values here, so a
//! value one accepts is a value the other accepts, and a new value is stored alike. They differ
//! in one point only, which [`ValueCheck`] takes as a parameter ([`Cleared`]): whether a
//! sub-attribute given as `null` or `""` inside a complex value is dropped (nothing to store) or
//! kept as `null` (PATCH: clear it in the stored value). Everything else is the same for both:
//!
//! - **Unknown sub-attributes are dropped**, not refused. Identity providers send sub-attributes
//!   a server never declared, and RFC 7644 §3.3 lets a server ignore what it does not support.
//!   PATCH could refuse them (an unknown attribute named by a `path` is `invalidPath`, since
//!   there is nothing to operate on), but inside a value there is no reason to: refusing would
//!   make a PATCH fail where the same value in a PUT succeeds.
//! - **`readOnly` sub-attributes are dropped** (`manager.displayName`): RFC 7643 §2.2 has a server
//!   ignore client values for them.
//! - **Interop deviations** are accepted only as the [`Leniency`] says.

use base64::Engine;
use base64::alphabet;
use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::leniency::Leniency;
use crate::schema::{AttrType, Attribute};

use super::require;

/// Checks the whole value of `attr` (an array when multi-valued) and normalizes it; `None` when
/// the value is unassigned. `label` names the attribute in errors, e.g. `emails` or
/// `name.givenName`.
///
/// This is the per-attribute check POST and PUT use, and PATCH uses it too. `readOnly`
/// sub-attributes and unknown sub-attributes of complex values are dropped.
pub fn value_of(
    attr: &Attribute,
    label: &str,
    value: &Value,
    leniency: &Leniency,
) -> Result<Option<Value>, ScimError> {
    ValueCheck::new(leniency, Cleared::Dropped).whole(attr, label, value)
}

/// Whether `value` is "unassigned" in the sense of RFC 7643 §2.5: null, an empty array, and
/// (where clients clear with them: a PATCH value, a sub-attribute) an empty string or object are
/// all equivalent to the attribute being absent.
pub(crate) fn is_unassigned(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// What a sub-attribute given as unassigned (`null`, `""`, `[]`) inside a complex value means:
/// the one point where PATCH reads a value differently from POST and PUT. Either way the
/// sub-attribute ends up without a value; the difference is whether that is news for a value
/// already stored. (Its type is checked first: `"primary": ""` is still not a boolean.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cleared {
    /// Nothing: the value is stored as given, so the sub-attribute is simply not set. POST and
    /// PUT, and every value inside a multi-valued array (each is a whole new value).
    Dropped,
    /// "Clear this sub-attribute": the value is merged into a stored one (a PATCH of a
    /// single-valued complex attribute or of one selected value), so the sub-attribute comes back
    /// as `null` for the merge to remove.
    Kept,
}

/// A value check under one policy: which deviations are accepted, and what a cleared
/// sub-attribute means.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValueCheck<'a> {
    leniency: &'a Leniency,
    cleared: Cleared,
}

impl<'a> ValueCheck<'a> {
    /// A check accepting what `leniency` allows, reading cleared sub-attributes as `cleared` says.
    pub(crate) fn new(leniency: &'a Leniency, cleared: Cleared) -> Self {
        ValueCheck { leniency, cleared }
    }

    /// Checks the whole value of `attr`, as [`value_of`] describes.
    pub(crate) fn whole(
        &self,
        attr: &Attribute,
        label: &str,
        value: &Value,
    ) -> Result<Option<Value>, ScimError> {
        if value.is_null() {
            return Ok(None);
        }
        if !attr.multi_valued {
            if value.is_array() {
                return Err(ScimError::invalid_value(format!(
                    "attribute \"{label}\" is single-valued; give one value, not an array"
                )));
            }
            return self.single(attr, label, value);
        }
        let Value::Array(items) = value else {
            return Err(ScimError::invalid_value(format!(
                "attribute \"{label}\" is multi-valued; give a JSON array, not {}",
                kind_of(value)
            )));
        };
        let each = ValueCheck::new(self.leniency, Cleared::Dropped);
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            if let Some(checked) = each.element(attr, &format!("{label}[{index}]"), item)? {
                out.push(checked);
            }
        }
        let primaries = out
            .iter()
            .filter(|v| v.get("primary") == Some(&Value::Bool(true)))
            .count();
        if primaries > 1 {
            return Err(ScimError::invalid_value(format!(
                "{primaries} values of \"{label}\" are primary; at most one may be (RFC 7643 §2.4)"
            )));
        }
        Ok((!out.is_empty()).then_some(Value::Array(out)))
    }

    /// Checks one value of the multi-valued `attr` (one element of its array).
    pub(crate) fn element(
        &self,
        attr: &Attribute,
        label: &str,
        value: &Value,
    ) -> Result<Option<Value>, ScimError> {
        if value.is_array() {
            return Err(ScimError::invalid_value(format!(
                "\"{label}\" is an array inside an array; give each value once"
            )));
        }
        self.single(attr, label, value)
    }

    /// Checks one value of `attr` against its type.
    fn single(
        &self,
        attr: &Attribute,
        label: &str,
        value: &Value,
    ) -> Result<Option<Value>, ScimError> {
        let wrong = |expected: &str| {
            ScimError::invalid_value(format!(
                "attribute \"{label}\" must be {expected}, not {} ({})",
                kind_of(value),
                excerpt(value)
            ))
        };
        let text = value.as_str();
        let ok = |v: &Value| Ok(Some(v.clone()));
        let leniency = self.leniency;
        match attr.attr_type {
            _ if value.is_null() => Ok(None),
            AttrType::String | AttrType::Reference => {
                text.map_or(Err(wrong("a string")), |_| ok(value))
            }
            AttrType::Boolean => match leniency.boolean(value) {
                Some(b) => Ok(Some(Value::Bool(b))),
                None if value.is_string() && !leniency.string_booleans => Err(wrong(
                    "a JSON boolean (true or false); string booleans are accepted only under the \
                     interop leniency policy",
                )),
                None => Err(wrong("a boolean (true or false)")),
            },
            AttrType::Integer if value.is_i64() || value.is_u64() => ok(value),
            AttrType::Integer => Err(wrong("an integer")),
            AttrType::Decimal if value.is_number() => ok(value),
            AttrType::Decimal => Err(wrong("a number")),
            AttrType::DateTime => match text {
                Some(t) if is_date_time(t) => ok(value),
                _ => Err(wrong(
                    "an xsd:dateTime string such as \"2011-05-13T04:42:34Z\"",
                )),
            },
            AttrType::Binary => match text {
                Some(t) if is_base64(t) => ok(value),
                _ => Err(wrong("a base64-encoded string")),
            },
            AttrType::Complex => match value {
                Value::Object(members) => self.complex(attr, label, members),
                Value::Array(_) => Err(wrong("an object of sub-attributes")),
                _ if !takes_bare_value(attr) => Err(wrong("an object of sub-attributes")),
                scalar if leniency.bare_complex_values => {
                    let mut wrapped = Map::new();
                    wrapped.insert("value".to_owned(), scalar.clone());
                    self.complex(attr, label, &wrapped)
                }
                _ => Err(wrong(
                    "an object of sub-attributes such as {\"value\": …}; a bare value is read \
                     as its \"value\" only under the interop leniency policy",
                )),
            },
        }
    }

    /// Checks the sub-attributes of one complex value.
    fn complex(
        &self,
        attr: &Attribute,
        label: &str,
        members: &Map<String, Value>,
    ) -> Result<Option<Value>, ScimError> {
        let mut out = Map::new();
        for (name, item) in members {
            let Some(sub) = attr.sub_attribute(name) else {
                continue;
            };
            if sub.is_read_only() {
                continue;
            }
            let checked = self.whole(sub, &format!("{label}.{}", sub.name), item)?;
            match (is_unassigned(item), self.cleared) {
                (true, Cleared::Kept) => {
                    out.insert(sub.name.clone(), Value::Null);
                }
                (true, Cleared::Dropped) => {}
                (false, _) => {
                    if let Some(checked) = checked {
                        out.insert(sub.name.clone(), checked);
                    }
                }
            }
        }
        if out.values().all(Value::is_null) {
            // Nothing set: no value to require anything of (only, perhaps, values to clear).
            return Ok((!out.is_empty()).then_some(Value::Object(out)));
        }
        require(&attr.sub_attributes, &out, &format!("{label}."))?;
        Ok(Some(Value::Object(out)))
    }
}

/// Whether `attr` is a single-valued complex attribute whose value a bare scalar can stand for:
/// one with a `value` sub-attribute, such as the enterprise User's `manager`.
fn takes_bare_value(attr: &Attribute) -> bool {
    !attr.multi_valued && attr.sub_attribute("value").is_some()
}

/// An xsd:dateTime: RFC 3339, or the same without a UTC offset (xsd allows it).
fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// Standard base64 (RFC 4648 §4) with correct padding; unused bits of the last group are not
/// judged (the RFC lets decoders accept them).
const BINARY_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// Standard base64 (RFC 4648 §4) with correct padding; whitespace between groups is ignored.
fn is_base64(text: &str) -> bool {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    BINARY_BASE64.decode(compact).is_ok()
}

/// How a JSON value is described in messages (shared by every check of client JSON).
pub(crate) fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value as JSON, cut to a length fit for an error message.
fn excerpt(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::is_base64;

    #[test]
    fn base64_needs_its_padding_and_its_alphabet_and_ignores_whitespace() {
        for good in ["", "YQ==", "YWI=", "YWJj", "YW Jj\nZA==", "QR=="] {
            assert!(is_base64(good), "{good:?}");
        }
        for bad in ["YQ", "YQ=", "Y===", "====", "YW-j", "YWJj!", "YQ==YQ=="] {
            assert!(!is_base64(bad), "{bad:?}");
        }
    }
}
