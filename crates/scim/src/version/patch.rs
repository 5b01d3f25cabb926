//! SCIM 1.1 PATCH read as SCIM 2.0 operations, so a 1.1 request is applied by the one PATCH
//! implementation ([`crate::patch::apply`]) with the same rules and errors as a 2.0 one.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::filter::{AttrPath, CompareOp, Filter};
use crate::message::{PatchOpKind, PatchOperation};
use crate::patch::PatchPath;
use crate::schema::{ResourceSchema, urn};
use crate::validate::kind_of;

use super::{V1_ENTERPRISE, from_v1};

/// The SCIM 2.0 operations a SCIM 1.1 PATCH body means, in the order they apply.
///
/// SCIM 1.1 PATCHes with a partial resource instead of a list of operations:
///
/// - `meta.attributes` lists attributes to remove (`title`, `name.givenName`, `emails`, or an
///   enterprise attribute under the 1.1 URN); these removals come first.
/// - Each value of a multi-valued attribute is added, except a value carrying
///   `"operation": "delete"`, which is removed: found by its `value`, or when it has none by
///   every sub-attribute it gives (`{"type": "home", "operation": "delete"}`). Deleting a value
///   the resource does not hold is `noTarget`, as for a 2.0 remove through a value filter.
/// - Every other member replaces its attribute, as one path-less `replace`: a complex value's
///   unnamed sub-attributes stay, and members the schema does not define are ignored as in a PUT.
/// - `schemas`, `id` and `meta` are not attributes to write; 1.1 URNs are read as [`from_v1`]
///   reads them.
///
/// A body that is not an object, a non-string `meta.attributes` entry, or a value to delete that
/// gives nothing to find it by is an error naming the member at fault.
pub fn patch_from_v1(
    body: &Value,
    schema: &ResourceSchema,
) -> Result<Vec<PatchOperation>, ScimError> {
    let Value::Object(partial) = from_v1(body, schema) else {
        return Err(ScimError::invalid_syntax(format!(
            "a SCIM 1.1 PATCH body is a JSON object (a partial resource), not {}",
            kind_of(body)
        )));
    };
    let mut operations = cleared(&partial)?;
    let mut replaced = Map::new();
    for (key, value) in partial {
        if ["schemas", "id", "meta"]
            .iter()
            .any(|skip| key.eq_ignore_ascii_case(skip))
        {
            continue;
        }
        let multi_valued = schema.find(None, &key).is_some_and(|a| a.multi_valued);
        match value {
            Value::Array(items) if multi_valued => {
                for item in items {
                    operations.push(value_operation(&key, item)?);
                }
            }
            value => {
                replaced.insert(key, value);
            }
        }
    }
    if !replaced.is_empty() {
        operations.push(operation(
            PatchOpKind::Replace,
            None,
            Some(Value::Object(replaced)),
        ));
    }
    Ok(operations)
}

/// The removals `meta.attributes` asks for.
fn cleared(partial: &Map<String, Value>) -> Result<Vec<PatchOperation>, ScimError> {
    let meta = partial
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("meta"))
        .and_then(|(_, meta)| meta.as_object());
    let Some(listed) = meta.and_then(|m| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("attributes"))
            .map(|(_, v)| v)
    }) else {
        return Ok(Vec::new());
    };
    let Value::Array(names) = listed else {
        return Err(ScimError::invalid_value(format!(
            "\"meta.attributes\" lists the attributes to remove as an array of names, not {}",
            kind_of(listed)
        )));
    };
    names
        .iter()
        .map(|name| match name {
            Value::String(name) => Ok(operation(
                PatchOpKind::Remove,
                Some(upgraded_name(name)),
                None,
            )),
            other => Err(ScimError::invalid_value(format!(
                "\"meta.attributes\" holds attribute names, not {}",
                kind_of(other)
            ))),
        })
        .collect()
}

/// An attribute name with the 1.1 enterprise URN prefix replaced by the 2.0 one.
fn upgraded_name(name: &str) -> String {
    let cut = V1_ENTERPRISE.len();
    match (name.get(..cut), name.get(cut..)) {
        (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case(V1_ENTERPRISE) => {
            format!("{}{rest}", urn::ENTERPRISE_USER)
        }
        _ => name.to_owned(),
    }
}

/// The operation one value of multi-valued `key` stands for: add it, or remove the values it
/// describes when it carries `"operation": "delete"`.
fn value_operation(key: &str, item: Value) -> Result<PatchOperation, ScimError> {
    let Value::Object(mut members) = item else {
        return Ok(add(key, item));
    };
    let mark = members
        .keys()
        .find(|k| k.eq_ignore_ascii_case("operation"))
        .cloned();
    let Some(mark) = mark else {
        return Ok(add(key, Value::Object(members)));
    };
    let delete = members.remove(&mark).is_some_and(|op| {
        op.as_str()
            .is_some_and(|op| op.eq_ignore_ascii_case("delete"))
    });
    if !delete {
        return Ok(add(key, Value::Object(members)));
    }
    let path = PatchPath {
        attr: attr_path(key),
        filter: Some(described(key, &members)?),
    };
    Ok(operation(PatchOpKind::Remove, Some(path.to_string()), None))
}

/// The value filter finding the values a deleted value describes: by its `value` when it has
/// one, else by all its sub-attributes.
fn described(key: &str, members: &Map<String, Value>) -> Result<Filter, ScimError> {
    let found_by: Vec<(&String, &Value)> = match members
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("value"))
    {
        Some(value) => vec![value],
        None => members.iter().collect(),
    };
    let mut comparisons = Vec::new();
    for (name, literal) in found_by {
        if !(literal.is_string() || literal.is_number() || literal.is_boolean()) {
            return Err(ScimError::invalid_value(format!(
                "a value of \"{key}\" to delete is found by its sub-attributes, so \"{name}\" \
                 must be a string, number or boolean, not {}",
                kind_of(literal)
            )));
        }
        comparisons.push(Filter::Compare {
            path: attr_path(name),
            op: CompareOp::Eq,
            value: literal.clone(),
        });
    }
    comparisons
        .into_iter()
        .reduce(|all, next| Filter::And(Box::new(all), Box::new(next)))
        .ok_or_else(|| {
            ScimError::invalid_value(format!(
                "a value of \"{key}\" marked \"operation\": \"delete\" gives nothing to find it \
                 by; give its \"value\""
            ))
        })
}

fn attr_path(name: &str) -> AttrPath {
    AttrPath {
        schema: None,
        name: name.to_owned(),
        sub: None,
    }
}

fn add(key: &str, value: Value) -> PatchOperation {
    operation(
        PatchOpKind::Add,
        Some(key.to_owned()),
        Some(Value::Array(vec![value])),
    )
}

fn operation(op: PatchOpKind, path: Option<String>, value: Option<Value>) -> PatchOperation {
    PatchOperation { op, path, value }
}
