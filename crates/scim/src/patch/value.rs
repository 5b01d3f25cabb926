//! Checking a client's PATCH `value` against the attribute it is written to (RFC 7643 §2.3 data
//! types, through the [`Leniency`] policy), and reading and writing the members of a resource the
//! way attribute names compare: case-insensitively.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::leniency::Leniency;
use crate::schema::Attribute;
use crate::validate;

use super::error::PatchError;

/// Whether `value` is "unassigned" in the sense of RFC 7643 §2.5: null, an empty array, and (for
/// the purpose of PATCH, where `"value": ""` is how clients clear a string) an empty string or
/// object are all equivalent to the attribute being absent.
pub(super) fn is_unassigned(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

/// The member of `object` named `name`, compared case-insensitively like attribute names are
/// (RFC 7643 §2.1). Returns the key as the resource spells it and the value.
pub(super) fn member<'a>(
    object: &'a Map<String, Value>,
    name: &str,
) -> Option<(&'a str, &'a Value)> {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(k, v)| (k.as_str(), v))
}

/// Sets member `name` of `object`, keeping the resource's spelling of the key when it has one;
/// an unassigned value removes the member instead.
pub(super) fn set_member(object: &mut Map<String, Value>, name: &str, value: Value) {
    let key = member(object, name).map_or_else(|| name.to_owned(), |(k, _)| k.to_owned());
    if is_unassigned(&value) {
        object.remove(&key);
    } else {
        object.insert(key, value);
    }
}

/// Checks client values against the attribute they are written to, through the same per-attribute
/// check POST and PUT use ([`validate::value_of`]), so a value PATCH accepts is one PUT accepts.
///
/// Like PUT, unknown and `readOnly` sub-attributes inside a complex value are dropped (e.g.
/// `manager.displayName`: the service provider owns it). Unlike PUT, a sub-attribute given as
/// `null` or `""` is kept as `null`, because in a PATCH it means "clear this sub-attribute".
pub(super) struct Coercer<'a> {
    /// The interop policy deciding which deviations from the RFC types are accepted.
    pub leniency: &'a Leniency,
}

impl Coercer<'_> {
    /// Checks `value` as the whole value of `attr` (an array for a multi-valued attribute).
    ///
    /// Unassigned values (null, `""`, `[]`) come back as `Value::Null`: the caller clears.
    pub fn whole(&self, attr: &Attribute, label: &str, value: &Value) -> Result<Value, PatchError> {
        if is_unassigned(value) {
            return Ok(Value::Null);
        }
        let checked = validate::value_of(attr, label, value, self.leniency).map_err(from_scim)?;
        Ok(with_cleared_subs(attr, value, checked))
    }

    /// Checks `value` as one value of the multi-valued `attr` (one element of its array).
    pub fn single(
        &self,
        attr: &Attribute,
        label: &str,
        value: &Value,
    ) -> Result<Value, PatchError> {
        let one = Value::Array(vec![value.clone()]);
        let checked = validate::value_of(attr, label, &one, self.leniency).map_err(from_scim)?;
        let element = match checked {
            Some(Value::Array(mut items)) if !items.is_empty() => Some(items.swap_remove(0)),
            _ => None,
        };
        Ok(with_cleared_subs(attr, value, element))
    }
}

/// Puts back, as `null`, the sub-attributes `raw` gave as unassigned, which the check dropped.
fn with_cleared_subs(attr: &Attribute, raw: &Value, checked: Option<Value>) -> Value {
    let Value::Object(members) = raw else {
        return checked.unwrap_or(Value::Null);
    };
    let cleared: Vec<&str> = members
        .iter()
        .filter(|(_, v)| is_unassigned(v))
        .filter_map(|(k, _)| attr.sub_attribute(k))
        .filter(|sub| !sub.is_read_only())
        .map(|sub| sub.name.as_str())
        .collect();
    if cleared.is_empty() {
        return checked.unwrap_or(Value::Null);
    }
    let mut object = match checked {
        Some(Value::Object(object)) => object,
        _ => Map::new(),
    };
    for name in cleared {
        object.insert(name.to_owned(), Value::Null);
    }
    Value::Object(object)
}

fn from_scim(error: ScimError) -> PatchError {
    PatchError::new(error.scim_type, error.detail)
}
