//! Checking a resource body a client sends (POST, PUT) against its [`ResourceSchema`], and the
//! mutability rules a replace must respect.
//!
//! [`resource`] returns the resource as a server should store it, or a [`ScimError`] naming the
//! attribute at fault. The policy, and why:
//!
//! - **Shape** problems are `invalidSyntax`: the body is not a JSON object, `schemas` is missing
//!   (unless [`Leniency::missing_schemas`]) or is not an array of strings, or one attribute is
//!   given twice under spellings that differ only in case.
//! - **Content** problems are `invalidValue`: `schemas` lacks the core URN or lists a schema this
//!   resource type does not have; extension data sits under a URN missing from `schemas` (unless
//!   [`Leniency::implied_extension_schemas`]); a value has the wrong JSON type, a `dateTime` or
//!   `binary` is malformed; a required attribute is missing; more than one value of a
//!   multi-valued attribute is `primary`.
//! - **Unknown attributes are dropped**, in the core namespace and inside extensions and complex
//!   values. Identity providers routinely send attributes a server has not declared (Okta custom
//!   profile attributes, Entra's mapped extras); refusing them would break provisioning for no
//!   gain, and RFC 7644 §3.3 lets a server ignore what it does not support. A *schema* listed in
//!   `schemas` must be known, though: that is a client claiming a contract the server cannot keep.
//! - **`readOnly` attributes are dropped** (`id`, `meta`, `groups`, `manager.displayName`):
//!   RFC 7643 §2.2 says a server ignores client values for them.
//! - **Unassigned values are dropped**: `null` and `[]` mean "no value" (RFC 7643 §2.5), and so
//!   does `""` for a sub-attribute (`{"value": "", "type": "work"}` has no `value`), as in PATCH.
//! - **Repeated values** (the same `type` and `value` twice in one multi-valued attribute) are
//!   not dropped here but by [`drop_repeated_values`], a step of its own so that a server can
//!   run it after its own handling (RFC 7643 §2.4: SHOULD NOT be returned twice).
//! - Names come out in the schema's spelling (`USERNAME` → `userName`), URN keys too.
//! - `canonicalValues` are not enforced: RFC 7643 §2.3.1 lets servers accept other values.
//! - A single value is checked by [`value_of`] (the `value` module), the same check PATCH uses;
//!   that module says where the two differ and why.
//!
//! ```
//! use scim::{leniency::Leniency, schema::core, validate};
//! use serde_json::json;
//!
//! // Entra-style body: a string boolean and a readOnly id the server must ignore.
//! let body = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
//!                   "id": "ignored", "userName": "bjensen", "active": "True"});
//! let stored = validate::resource(&body, core::user(), &Leniency::interop())?;
//! assert_eq!(stored["active"], json!(true));
//! assert!(stored.get("id").is_none());
//!
//! let strict = validate::resource(&body, core::user(), &Leniency::strict());
//! assert!(strict.unwrap_err().detail.contains("\"active\""));
//! # Ok::<(), scim::error::ScimError>(())
//! ```

mod repeated;
mod replace;
mod value;

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::leniency::Leniency;
use crate::schema::{Attribute, ResourceSchema, Schema};

pub use repeated::drop_repeated_values;
pub use replace::{carry_over, check_immutable, newly_set_immutable};
pub use value::value_of;
pub(crate) use value::{Cleared, ValueCheck, is_unassigned, kind_of};

/// Checks a POST or PUT body against `schema` and returns the normalized resource.
pub fn resource(
    body: &Value,
    schema: &ResourceSchema,
    leniency: &Leniency,
) -> Result<Value, ScimError> {
    let Value::Object(members) = body else {
        return Err(ScimError::invalid_syntax(format!(
            "the resource body must be a JSON object, not {}",
            kind_of(body)
        )));
    };
    let mut schemas = declared_schemas(members, schema, leniency)?;
    let mut out = Map::new();
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in members {
        let lower = key.to_ascii_lowercase();
        if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(key)) {
            return Err(ScimError::invalid_syntax(format!(
                "attribute \"{key}\" is given twice (also as \"{first}\"); send it once"
            )));
        }
        seen.push(key.clone());
        if lower == "schemas" {
            continue;
        }
        if let Some(extension) = schema
            .extensions
            .iter()
            .find(|e| e.id.eq_ignore_ascii_case(key))
        {
            if !schemas.iter().any(|s| s == &extension.id) {
                if !leniency.implied_extension_schemas {
                    return Err(ScimError::invalid_value(format!(
                        "extension data under \"{key}\" needs that URN in \"schemas\"; add \"{}\"",
                        extension.id
                    )));
                }
                schemas.push(extension.id.clone());
            }
            if let Some(data) = extension_data(extension, key, value, leniency)? {
                out.insert(extension.id.clone(), data);
            }
            continue;
        }
        let Some(attr) = schema.find(None, key) else {
            continue;
        };
        if attr.is_read_only() {
            continue;
        }
        if let Some(checked) = value_of(attr, &attr.name, value, leniency)? {
            out.insert(attr.name.clone(), checked);
        }
    }
    require(&schema.core.attributes, &out, "")?;
    out.insert(
        "schemas".to_owned(),
        Value::Array(schemas.into_iter().map(Value::String).collect()),
    );
    Ok(Value::Object(out))
}

/// The schema URNs of `members["schemas"]` in the schemas' own spelling, checked.
fn declared_schemas(
    members: &Map<String, Value>,
    schema: &ResourceSchema,
    leniency: &Leniency,
) -> Result<Vec<String>, ScimError> {
    let declared = members
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("schemas"))
        .map(|(_, v)| v);
    let listed = match declared {
        None if leniency.missing_schemas => return Ok(vec![schema.core.id.clone()]),
        None => {
            return Err(ScimError::invalid_syntax(format!(
                "the resource has no \"schemas\"; add \"schemas\": [\"{}\"]",
                schema.core.id
            )));
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(ScimError::invalid_syntax(format!(
                "\"schemas\" must be an array of schema URNs, not {}",
                kind_of(other)
            )));
        }
    };
    let mut urns: Vec<String> = Vec::new();
    for item in listed {
        let Value::String(text) = item else {
            return Err(ScimError::invalid_syntax(format!(
                "\"schemas\" must hold URN strings, not {}",
                kind_of(item)
            )));
        };
        let Some(known) = schema.schema(text) else {
            let known: Vec<&str> = schema.urns().collect();
            return Err(ScimError::invalid_value(format!(
                "\"schemas\" lists \"{text}\", which this resource type does not have; \
                 it has {}",
                known.join(", ")
            )));
        };
        if !urns.contains(&known.id) {
            urns.push(known.id.clone());
        }
    }
    if !urns.contains(&schema.core.id) {
        return Err(ScimError::invalid_value(format!(
            "\"schemas\" must contain the core schema \"{}\"",
            schema.core.id
        )));
    }
    Ok(urns)
}

/// The checked attributes of one extension's data, `None` when nothing is left.
fn extension_data(
    extension: &Schema,
    key: &str,
    value: &Value,
    leniency: &Leniency,
) -> Result<Option<Value>, ScimError> {
    let Value::Object(members) = value else {
        if value.is_null() {
            return Ok(None);
        }
        return Err(ScimError::invalid_value(format!(
            "\"{key}\" holds the extension's attributes as an object, not {}",
            kind_of(value)
        )));
    };
    let mut out = Map::new();
    for (name, item) in members {
        let Some(attr) = extension.attribute(name) else {
            continue;
        };
        if attr.is_read_only() {
            continue;
        }
        let label = format!("{}:{}", extension.id, attr.name);
        if let Some(checked) = value_of(attr, &label, item, leniency)? {
            out.insert(attr.name.clone(), checked);
        }
    }
    require(&extension.attributes, &out, &format!("{}:", extension.id))?;
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

/// Fails with `invalidValue` when a required, client-writable attribute of `attributes` is
/// missing from `present`, `null`, or a blank string (a `userName` of `""` identifies nobody).
/// `prefix` goes before the name in the message.
fn require(
    attributes: &[Attribute],
    present: &Map<String, Value>,
    prefix: &str,
) -> Result<(), ScimError> {
    let blank = |a: &Attribute| match present.get(&a.name) {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(_) => false,
    };
    match attributes
        .iter()
        .find(|a| a.required && !a.is_read_only() && blank(a))
    {
        Some(missing) => Err(ScimError::invalid_value(format!(
            "attribute \"{prefix}{}\" is required; give it a non-blank value",
            missing.name
        ))),
        None => Ok(()),
    }
}
