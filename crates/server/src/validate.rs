//! Checking a POST/PUT body against the resource type's schemas.
//!
//! ADAPTER: `scim::validate` is meant to own these rules; until it lands this is the narrow
//! server-side version. Policy: attributes the schemas do not define are dropped silently (IdPs
//! send extras such as Okta's custom attributes, and refusing them breaks provisioning);
//! readOnly attributes (`id`, `meta`, `groups`) are ignored; `null` means "unassigned"; a value of
//! the wrong JSON type is 400 invalidValue naming the attribute.

use crate::error::ApiError;
use crate::resource_type::Kind;
use scim::error::ScimType;
use scim::schema::{AttrType, Attribute, Mutability, Schema};
use serde_json::{Map, Value};

fn invalid(detail: String) -> ApiError {
    ApiError::scim(ScimType::InvalidValue, detail)
}

/// Validates `body` for `kind` and returns the attributes to store (no id, meta, schemas).
pub fn resource_body(kind: Kind, body: Value) -> Result<Map<String, Value>, ApiError> {
    let Value::Object(obj) = body else {
        return Err(ApiError::scim(
            ScimType::InvalidSyntax,
            format!(
                "the body must be a JSON object (a {} resource)",
                kind.name()
            ),
        ));
    };
    check_schemas(kind, obj.get("schemas"))?;
    let schema = kind.schema();
    let mut out = Map::new();
    for (key, value) in obj {
        if value.is_null() {
            continue;
        }
        if let Some(ext) = schema
            .extensions
            .iter()
            .find(|e| e.id.eq_ignore_ascii_case(&key))
        {
            let Value::Object(inner) = value else {
                return Err(invalid(format!(
                    "'{key}' must be an object of extension attributes"
                )));
            };
            out.insert(ext.id.clone(), Value::Object(attributes(ext, inner, &key)?));
            continue;
        }
        if key == "externalId" {
            let Value::String(_) = value else {
                return Err(invalid("'externalId' must be a string".into()));
            };
            out.insert(key, value);
        } else if let Some(attr) = schema.core.attribute(&key)
            && attr.mutability != Mutability::ReadOnly
        {
            out.insert(attr.name.clone(), checked(attr, value, &attr.name)?);
        }
    }
    let unique = kind.unique_attribute();
    match out.get(unique) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(out),
        _ => Err(invalid(format!(
            "'{unique}' is required for a {} and must be a non-empty string",
            kind.name()
        ))),
    }
}

fn check_schemas(kind: Kind, schemas: Option<&Value>) -> Result<(), ApiError> {
    let core = kind.schema_urn();
    let listed = match schemas {
        Some(Value::Array(list)) => list,
        Some(_) => return Err(invalid("'schemas' must be an array of schema URNs".into())),
        None => {
            return Err(invalid(format!(
                "'schemas' is required and must list \"{core}\""
            )));
        }
    };
    let ok = listed.iter().any(|s| {
        s.as_str().is_some_and(|s| {
            s.eq_ignore_ascii_case(core) || s.eq_ignore_ascii_case(scim::version::V1_CORE)
        })
    });
    if ok {
        Ok(())
    } else {
        Err(invalid(format!("'schemas' must list \"{core}\"")))
    }
}

fn attributes(
    schema: &Schema,
    obj: Map<String, Value>,
    at: &str,
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    for (key, value) in obj {
        if value.is_null() {
            continue;
        }
        if let Some(attr) = schema.attribute(&key)
            && attr.mutability != Mutability::ReadOnly
        {
            out.insert(
                attr.name.clone(),
                checked(attr, value, &format!("{at}:{key}"))?,
            );
        }
    }
    Ok(out)
}

/// Checks one attribute's value (array for multi-valued ones) and keeps only known
/// sub-attributes of complex values.
fn checked(attr: &Attribute, value: Value, at: &str) -> Result<Value, ApiError> {
    if attr.multi_valued {
        let Value::Array(items) = value else {
            return Err(invalid(format!(
                "'{at}' is multi-valued and must be an array"
            )));
        };
        return items
            .into_iter()
            .filter(|v| !v.is_null())
            .map(|v| single(attr, v, at))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    single(attr, value, at)
}

fn single(attr: &Attribute, value: Value, at: &str) -> Result<Value, ApiError> {
    let ok = match attr.attr_type {
        AttrType::String | AttrType::Reference | AttrType::Binary => value.is_string(),
        AttrType::DateTime => value
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        AttrType::Boolean => value.is_boolean(),
        AttrType::Integer => value.is_i64() || value.is_u64(),
        AttrType::Decimal => value.is_number(),
        AttrType::Complex => {
            let Value::Object(obj) = value else {
                return Err(invalid(format!("'{at}' must be an object")));
            };
            let mut out = Map::new();
            for (key, v) in obj {
                if v.is_null() {
                    continue;
                }
                if let Some(sub) = attr.sub_attribute(&key) {
                    let path = format!("{at}.{}", sub.name);
                    out.insert(sub.name.clone(), checked(sub, v, &path)?);
                }
            }
            return Ok(Value::Object(out));
        }
    };
    if ok {
        Ok(value)
    } else {
        Err(invalid(format!(
            "'{at}' must be of type {:?}, got {value}",
            attr.attr_type
        )))
    }
}
