//! Turning a stored resource into what a client sees: `schemas`, `id`, computed `groups`, `meta`,
//! the SCIM 1.1 spelling under /scim/v1, and no write-only attribute.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::resource_type::Kind;
use crate::store::Stored;
use scim::schema::urn;
use serde_json::{Map, Value, json};

/// The ETag / `meta.version` of a resource version.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// The full representation of `stored` (before `attributes` / `excludedAttributes`).
///
/// `groups` is the user's computed membership (group id, displayName); ignored for groups.
pub fn resource(api: &Api, kind: Kind, stored: &Stored, groups: &[(String, String)]) -> Value {
    let mut out = Map::new();
    let mut schemas = vec![json!(kind.schema_urn())];
    for extension in kind.schema().extensions.iter() {
        if stored.body.get(&extension.id).is_some() {
            schemas.push(json!(extension.id));
        }
    }
    out.insert("schemas".into(), Value::Array(schemas));
    out.insert("id".into(), json!(stored.id));
    if let Some(body) = stored.body.as_object() {
        for (k, v) in body {
            if k == "password" && !api.has(Defect::PasswordReturned) {
                continue;
            }
            let mut v = v.clone();
            if api.has(Defect::NonAsciiMangled) {
                mangle_non_ascii(&mut v);
            }
            out.insert(k.clone(), v);
        }
    }
    if kind == Kind::User && !api.has(Defect::ManagerWithoutRef) {
        manager_reference(api, &mut out);
    }
    if kind == Kind::User && !groups.is_empty() && !api.has(Defect::GroupsNotComputed) {
        let list = groups
            .iter()
            .map(|(id, display)| {
                json!({
                    "value": id,
                    "$ref": api.location(Kind::Group.endpoint(), id),
                    "display": display,
                    "type": if api.has(Defect::UserGroupsTypeIndirect) { "indirect" } else { "direct" },
                })
            })
            .collect();
        out.insert("groups".into(), Value::Array(list));
    }
    out.insert(
        "meta".into(),
        json!({
            "resourceType": kind.name(),
            "created": stored.created,
            "lastModified": stored.modified,
            "version": etag(stored.version),
            "location": api.location(kind.endpoint(), &stored.id),
        }),
    );
    crate::defect::resources::distort_meta(api, &mut out);
    let value = Value::Object(out);
    match api.version {
        Version::V2 => value,
        Version::V1 => scim::version::to_v1(&value),
    }
}

/// Gives an enterprise manager named by `value` its `$ref`, the manager's URI (RFC 7643 §4.3:
/// RECOMMENDED).
fn manager_reference(api: &Api, user: &mut Map<String, Value>) {
    let manager = user
        .get_mut(urn::ENTERPRISE_USER)
        .and_then(|extension| extension.get_mut("manager"))
        .and_then(Value::as_object_mut);
    if let Some(manager) = manager
        && let Some(id) = manager.get("value").and_then(Value::as_str)
    {
        let reference = api.location(Kind::User.endpoint(), id);
        manager.insert("$ref".into(), Value::String(reference));
    }
}

/// The `non-ascii-mangled` defect: every character outside ASCII in `value`'s strings becomes
/// `?`, as a store with a single-byte character set keeps them.
fn mangle_non_ascii(value: &mut Value) {
    match value {
        Value::String(text) if !text.is_ascii() => {
            *text = text
                .chars()
                .map(|c| if c.is_ascii() { c } else { '?' })
                .collect();
        }
        Value::Array(items) => items.iter_mut().for_each(mangle_non_ascii),
        Value::Object(members) => members.values_mut().for_each(mangle_non_ascii),
        _ => {}
    }
}
