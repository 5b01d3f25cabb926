//! Checking a client's PATCH `value` against the attribute it is written to (RFC 7643 §2.3 data
//! types, through the [`Leniency`] policy), and reading and writing the members of a resource the
//! way attribute names compare: case-insensitively.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::leniency::Leniency;
use crate::schema::Attribute;
use crate::validate::{Cleared, ValueCheck, is_unassigned};

use super::error::PatchError;

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

/// Checks client values against the attribute they are written to, through the value check POST
/// and PUT use ([`crate::validate::value_of`]), so a value PATCH accepts is one PUT accepts.
///
/// Like PUT, unknown and `readOnly` sub-attributes inside a complex value are dropped (e.g.
/// `manager.displayName`: the service provider owns it). Unlike PUT, a sub-attribute given as
/// `null` or `""` is kept as `null` ([`Cleared::Kept`]), because in a PATCH it means "clear this
/// sub-attribute".
pub(super) struct Coercer<'a> {
    check: ValueCheck<'a>,
}

impl<'a> Coercer<'a> {
    /// Checks values under the interop policy `leniency`.
    pub fn new(leniency: &'a Leniency) -> Self {
        Coercer {
            check: ValueCheck::new(leniency, Cleared::Kept),
        }
    }

    /// Checks `value` as the whole value of `attr` (an array for a multi-valued attribute).
    ///
    /// Unassigned values (null, `""`, `[]`) come back as `Value::Null`: the caller clears.
    pub fn whole(&self, attr: &Attribute, label: &str, value: &Value) -> Result<Value, PatchError> {
        if is_unassigned(value) {
            return Ok(Value::Null);
        }
        let checked = self.check.whole(attr, label, value).map_err(from_scim)?;
        Ok(checked.unwrap_or(Value::Null))
    }

    /// Checks `value` as one value of the multi-valued `attr` (one element of its array).
    pub fn single(
        &self,
        attr: &Attribute,
        label: &str,
        value: &Value,
    ) -> Result<Value, PatchError> {
        let checked = self.check.element(attr, label, value).map_err(from_scim)?;
        Ok(checked.unwrap_or(Value::Null))
    }
}

fn from_scim(error: ScimError) -> PatchError {
    PatchError::new(error.scim_type, error.detail)
}
