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
//! - **Unassigned values are dropped**: `null` and `[]` mean "no value" (RFC 7643 §2.5).
//! - Names come out in the schema's spelling (`USERNAME` → `userName`), URN keys too.
//! - `canonicalValues` are not enforced: RFC 7643 §2.3.1 lets servers accept other values.
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

use serde_json::{Map, Value};

use crate::error::{ScimError, ScimType};
use crate::leniency::Leniency;
use crate::schema::{AttrType, Attribute, Mutability, ResourceSchema, Schema};

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
/// missing from `present` or is a blank string (a `userName` of `""` identifies nobody).
/// `prefix` goes before the name in the message.
fn require(
    attributes: &[Attribute],
    present: &Map<String, Value>,
    prefix: &str,
) -> Result<(), ScimError> {
    let blank = |a: &Attribute| match present.get(&a.name) {
        None => true,
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

/// Checks the whole value of `attr` (an array when multi-valued) and normalizes it; `None` when
/// the value is unassigned. `label` names the attribute in errors, e.g. `emails` or
/// `name.givenName`.
///
/// This is the per-attribute check PUT and POST use; PATCH can use it for its values too.
/// `readOnly` sub-attributes and unknown sub-attributes of complex values are dropped.
pub fn value_of(
    attr: &Attribute,
    label: &str,
    value: &Value,
    leniency: &Leniency,
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
        return single_value(attr, label, value, leniency);
    }
    let Value::Array(items) = value else {
        return Err(ScimError::invalid_value(format!(
            "attribute \"{label}\" is multi-valued; give a JSON array, not {}",
            kind_of(value)
        )));
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item_label = format!("{label}[{index}]");
        if item.is_array() {
            return Err(ScimError::invalid_value(format!(
                "\"{item_label}\" is an array inside an array; give each value once"
            )));
        }
        if let Some(checked) = single_value(attr, &item_label, item, leniency)? {
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

/// Checks one value of `attr` against its type.
fn single_value(
    attr: &Attribute,
    label: &str,
    value: &Value,
    leniency: &Leniency,
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
            Value::Object(members) => complex_value(attr, label, members, leniency),
            _ => Err(wrong("an object of sub-attributes")),
        },
    }
}

/// Checks the sub-attributes of one complex value.
fn complex_value(
    attr: &Attribute,
    label: &str,
    members: &Map<String, Value>,
    leniency: &Leniency,
) -> Result<Option<Value>, ScimError> {
    let mut out = Map::new();
    for (name, item) in members {
        let Some(sub) = attr.sub_attribute(name) else {
            continue;
        };
        if sub.is_read_only() {
            continue;
        }
        if let Some(checked) = value_of(sub, &format!("{label}.{}", sub.name), item, leniency)? {
            out.insert(sub.name.clone(), checked);
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    require(&attr.sub_attributes, &out, &format!("{label}."))?;
    Ok(Some(Value::Object(out)))
}

/// An xsd:dateTime: RFC 3339, or the same without a UTC offset (xsd allows it).
fn is_date_time(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// Standard base64 (RFC 4648 §4) with correct padding; whitespace between groups is ignored.
fn is_base64(text: &str) -> bool {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let padding = compact.iter().rev().take_while(|&&b| b == b'=').count();
    let body = &compact[..compact.len() - padding];
    compact.len().is_multiple_of(4)
        && padding <= 2
        && body
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
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

/// Checks that a replacement (`new`, e.g. a PUT body already through [`resource`]) keeps the
/// values of `old`'s `immutable` attributes (RFC 7644 §3.5.1): an immutable attribute that has a
/// value may not be given a different one (`mutability`). Omitting it is not a change; see
/// [`carry_over`].
///
/// Checked: immutable top-level attributes of the core schema and extensions, and immutable
/// sub-attributes of single-valued complex attributes. Multi-valued attributes whose
/// sub-attributes are immutable (Group `members`) gain and lose whole values, which is allowed.
pub fn check_immutable(old: &Value, new: &Value, schema: &ResourceSchema) -> Result<(), ScimError> {
    for (container, attributes) in containers(schema) {
        let (Some(old_obj), Some(new_obj)) = (
            object_at(old, container.as_deref()),
            object_at(new, container.as_deref()),
        ) else {
            continue;
        };
        for attr in attributes {
            let (Some(before), Some(after)) = (get(old_obj, &attr.name), get(new_obj, &attr.name))
            else {
                continue;
            };
            if attr.mutability == Mutability::Immutable && !same(attr, before, after) {
                return Err(changed(&attr.name));
            }
            if attr.attr_type != AttrType::Complex || attr.multi_valued {
                continue;
            }
            for sub in attr.sub_attributes.iter() {
                if sub.mutability != Mutability::Immutable {
                    continue;
                }
                let inner = |v: &'_ Value| v.as_object().and_then(|o| get(o, &sub.name)).cloned();
                if let (Some(b), Some(a)) = (inner(before), inner(after))
                    && !same(sub, &b, &a)
                {
                    return Err(changed(&format!("{}.{}", attr.name, sub.name)));
                }
            }
        }
    }
    Ok(())
}

/// Builds what a PUT stores: `new` plus what the client cannot or need not send again, taken
/// from `old` — `readOnly` attributes (`id`, `meta`, `groups`), `immutable` attributes `new`
/// omits, and `writeOnly` attributes `new` omits (`password`: a client cannot read it back, so a
/// PUT without it must not erase it). Fails like [`check_immutable`] first.
pub fn carry_over(old: &Value, new: &Value, schema: &ResourceSchema) -> Result<Value, ScimError> {
    check_immutable(old, new, schema)?;
    let mut merged = new.clone();
    for (container, attributes) in containers(schema) {
        let Some(old_obj) = object_at(old, container.as_deref()) else {
            continue;
        };
        for attr in attributes {
            let keep = match attr.mutability {
                Mutability::ReadOnly => true,
                Mutability::Immutable | Mutability::WriteOnly => {
                    object_at(&merged, container.as_deref())
                        .and_then(|o| get(o, &attr.name))
                        .is_none()
                }
                Mutability::ReadWrite => false,
            };
            let Some(value) = get(old_obj, &attr.name).filter(|_| keep) else {
                continue;
            };
            let Some(target) = object_at_mut(&mut merged, container.as_deref()) else {
                continue;
            };
            target.retain(|k, _| !k.eq_ignore_ascii_case(&attr.name));
            target.insert(attr.name.clone(), value.clone());
        }
    }
    Ok(merged)
}

/// Each place attributes live — the top level (`None`, core and common attributes) and each
/// extension's object (`Some(urn)`) — with the attributes defined there.
fn containers(schema: &ResourceSchema) -> Vec<(Option<String>, Vec<&Attribute>)> {
    let top = schema
        .core
        .attributes
        .iter()
        .chain(crate::schema::core::common_attributes())
        .collect();
    std::iter::once((None, top))
        .chain(
            schema
                .extensions
                .iter()
                .map(|e| (Some(e.id.clone()), e.attributes.iter().collect())),
        )
        .collect()
}

/// The object at the top of `resource` (`None`) or under extension key `urn`.
fn object_at<'a>(resource: &'a Value, urn: Option<&str>) -> Option<&'a Map<String, Value>> {
    let top = resource.as_object()?;
    match urn {
        None => Some(top),
        Some(urn) => get(top, urn)?.as_object(),
    }
}

/// Like [`object_at`], mutable; an extension object is created when missing.
fn object_at_mut<'a>(
    resource: &'a mut Value,
    urn: Option<&str>,
) -> Option<&'a mut Map<String, Value>> {
    let top = resource.as_object_mut()?;
    let Some(urn) = urn else {
        return Some(top);
    };
    let key = top
        .keys()
        .find(|k| k.eq_ignore_ascii_case(urn))
        .cloned()
        .unwrap_or_else(|| urn.to_owned());
    top.entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Member `name` of `object`, case-insensitively, unless unassigned.
fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

/// Whether two values of `attr` are the same, honouring `caseExact` for strings.
fn same(attr: &Attribute, a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if !attr.case_exact => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// The `mutability` error for changing immutable `name`.
fn changed(name: &str) -> ScimError {
    ScimError::new(
        ScimType::Mutability,
        format!(
            "attribute \"{name}\" is immutable and already set; send its current value or omit it"
        ),
    )
}
