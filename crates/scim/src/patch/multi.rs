//! Rules for the values of a multi-valued attribute (RFC 7643 §2.4): when two values are the same
//! value, which one is `primary`, and what new value a value filter describes.

use serde_json::{Map, Value};

use crate::error::ScimType;
use crate::filter::{CompareOp, Filter};
use crate::schema::Attribute;

use super::error::PatchError;
use super::value::{member, set_member};

/// Whether two scalars are equal under `attr`'s rules: strings compare case-insensitively unless
/// the attribute is `caseExact` (RFC 7643 §2.2); everything else compares as JSON.
fn equal(attr: Option<&Attribute>, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if !attr.is_some_and(|d| d.case_exact) => {
            x.to_lowercase() == y.to_lowercase()
        }
        _ => a == b,
    }
}

/// Whether `candidate` is a value `items` already holds, for de-duplicating an `add`.
///
/// Complex values are the same when their `value` sub-attributes are equal and their `type`s do
/// not differ (a missing `type` matches any): adding member `{"value": "2819c223", "display":
/// "Babs"}` to a group that lists `{"value": "2819c223"}` is adding a member it already has.
pub(super) fn same_value(attr: &Attribute, existing: &Value, candidate: &Value) -> bool {
    let (Value::Object(a), Value::Object(b)) = (existing, candidate) else {
        return equal(Some(attr), existing, candidate);
    };
    if a == b {
        return true;
    }
    let sub_equal = |name: &str| match (member(a, name), member(b, name)) {
        (Some((_, x)), Some((_, y))) => Some(equal(attr.sub_attribute(name), x, y)),
        _ => None,
    };
    sub_equal("value") == Some(true) && sub_equal("type") != Some(false)
}

/// Whether `element` matches every member `pattern` gives, for a remove that lists the values to
/// remove (`{"op": "Remove", "path": "members", "value": [{"value": "2819c223"}]}`).
pub(super) fn matches_pattern(attr: &Attribute, element: &Value, pattern: &Value) -> bool {
    let (Value::Object(e), Value::Object(p)) = (element, pattern) else {
        return equal(Some(attr), element, pattern);
    };
    p.iter().all(|(name, want)| {
        member(e, name).is_some_and(|(_, have)| equal(attr.sub_attribute(name), have, want))
    })
}

/// Appends `incoming` to `items`, skipping values already there (RFC 7644 §3.5.2.1: adding a
/// value the attribute holds changes nothing). A repeated value only fills in sub-attributes the
/// stored value lacks, and takes the new `primary` flag. Returns the indexes of the values added
/// or touched, for [`settle_primary`].
pub(super) fn append(attr: &Attribute, items: &mut Vec<Value>, incoming: Vec<Value>) -> Vec<usize> {
    let mut touched = Vec::new();
    for value in incoming {
        let existing = items.iter().position(|e| same_value(attr, e, &value));
        match (
            existing.and_then(|i| items.get_mut(i).map(|e| (i, e))),
            value,
        ) {
            (Some((i, Value::Object(stored))), Value::Object(new)) => {
                for (name, item) in new {
                    if name.eq_ignore_ascii_case("primary") || member(stored, &name).is_none() {
                        set_member(stored, &name, item);
                    }
                }
                touched.push(i);
            }
            (Some((i, _)), _) => touched.push(i),
            (None, value) => {
                items.push(value);
                touched.push(items.len() - 1);
            }
        }
    }
    touched
}

/// Keeps at most one value `primary: true` (RFC 7643 §2.4). A value this operation wrote as
/// primary (one of `touched`) wins and the others lose the flag; two written as primary at once
/// is `invalidValue`.
pub(super) fn settle_primary(
    attr: &Attribute,
    label: &str,
    items: &mut [Value],
    touched: &[usize],
) -> Result<(), PatchError> {
    if attr.sub_attribute("primary").is_none() {
        return Ok(());
    }
    let is_primary = |v: &Value| {
        v.as_object()
            .and_then(|o| member(o, "primary"))
            .is_some_and(|(_, p)| p == &Value::Bool(true))
    };
    let winners: Vec<usize> = touched
        .iter()
        .copied()
        .filter(|i| items.get(*i).is_some_and(is_primary))
        .collect();
    match winners.as_slice() {
        [] => Ok(()),
        [winner] => {
            for (i, item) in items.iter_mut().enumerate() {
                if i != *winner
                    && is_primary(item)
                    && let Value::Object(object) = item
                {
                    set_member(object, "primary", Value::Bool(false));
                }
            }
            Ok(())
        }
        _ => Err(PatchError::new(
            ScimType::InvalidValue,
            format!(
                "more than one value of '{label}' is marked \"primary\": true; at most one may be"
            ),
        )),
    }
}

/// The new value a value filter describes, when it is only `eq` comparisons joined by `and`:
/// `type eq "work"` describes `{"type": "work"}`. An `add` whose filter matches nothing creates
/// that value (Microsoft Entra ID adds a first work email as
/// `{"op": "Add", "path": "emails[type eq \"work\"].value", "value": "…"}`).
pub(super) fn described_value(filter: &Filter) -> Option<Map<String, Value>> {
    match filter {
        Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } if path.schema.is_none() && path.sub.is_none() && !value.is_null() => {
            let mut object = Map::new();
            object.insert(path.name.clone(), value.clone());
            Some(object)
        }
        Filter::And(left, right) => {
            let mut object = described_value(left)?;
            for (name, value) in described_value(right)? {
                if member(&object, &name).is_some_and(|(_, v)| v != &value) {
                    return None;
                }
                object.insert(name, value);
            }
            Some(object)
        }
        _ => None,
    }
}
