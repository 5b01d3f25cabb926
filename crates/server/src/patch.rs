//! PATCH (RFC 7644 §3.5.2): the server's part — loading, preconditions, the interop defects —
//! around `scim::patch::apply`, which owns what the operations mean.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::error::ApiError;
use crate::operations;
use crate::render;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use http::StatusCode;
use scim::error::ScimType;
use scim::message::{PatchOp, PatchOpKind, PatchOperation, Request};
use serde_json::{Map, Value};

impl From<scim::patch::PatchError> for ApiError {
    fn from(e: scim::patch::PatchError) -> Self {
        ApiError {
            status: StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            scim_type: Some(e.scim_type()),
            detail: e.detail().to_owned(),
            allow: None,
        }
    }
}

/// The `patch-rejects-capitalized-op` defect: refuses ops not spelled in lowercase.
fn reject_capitalized(body: &Value) -> Result<(), ApiError> {
    let ops = body
        .get("Operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for op in ops {
        if let Some(name) = op.get("op").and_then(Value::as_str)
            && name != name.to_lowercase()
        {
            return Err(ApiError::scim(
                ScimType::InvalidSyntax,
                format!("unknown op '{name}'"),
            ));
        }
    }
    Ok(())
}

/// Whether an operation replaces `members` (by path, or as a key of a path-less value).
fn replaces_members(op: &scim::message::PatchOperation) -> bool {
    if op.op != PatchOpKind::Replace {
        return false;
    }
    match &op.path {
        Some(p) => p.trim().to_lowercase().starts_with("members"),
        None => op
            .value
            .as_ref()
            .and_then(Value::as_object)
            .is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case("members"))),
    }
}

/// Removes every `[...]` value filter from a path: `emails[type eq "work"].value` →
/// `emails.value` (the `patch-ignores-value-filter` defect).
fn strip_filters(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let (mut depth, mut quoted, mut escaped) = (0usize, false, false);
    for c in path.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// ADAPTER until `scim::patch` accepts a path that is a whole extension URN
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`, which scim2-tester sends): an
/// add or replace of the extension becomes a path-less operation whose value holds the extension
/// under its URN; a remove becomes one remove per attribute of the extension schema (removing an
/// absent attribute changes nothing, and an emptied extension leaves `schemas`).
fn expand_extension_paths(kind: Kind, operations: Vec<PatchOperation>) -> Vec<PatchOperation> {
    let mut out = Vec::with_capacity(operations.len());
    for op in operations {
        let extension = op.path.as_deref().and_then(|p| {
            let p = p.trim();
            kind.schema()
                .extensions
                .iter()
                .find(|e| e.id.eq_ignore_ascii_case(p))
        });
        let Some(ext) = extension else {
            out.push(op);
            continue;
        };
        match op.op {
            PatchOpKind::Remove => out.extend(ext.attributes.iter().map(|a| PatchOperation {
                op: PatchOpKind::Remove,
                path: Some(format!("{}:{}", ext.id, a.name)),
                value: None,
            })),
            _ => {
                let mut wrapped = Map::new();
                wrapped.insert(ext.id.clone(), op.value.unwrap_or(Value::Null));
                out.push(PatchOperation {
                    op: op.op,
                    path: None,
                    value: Some(Value::Object(wrapped)),
                });
            }
        }
    }
    out
}

/// Turns a SCIM 1.1 PATCH body — a partial resource, where multi-valued values carrying
/// `"operation": "delete"` are removed, other values are added, single values replace, and
/// `meta.attributes` lists attributes to clear — into 2.0 operations.
fn from_v1_patch(kind: Kind, body: Value) -> Result<Vec<PatchOperation>, ApiError> {
    let Value::Object(partial) = render::from_v1(kind, body) else {
        return Err(ApiError::scim(
            ScimType::InvalidSyntax,
            "a SCIM 1.1 PATCH body must be a JSON object (a partial resource)",
        ));
    };
    let op = |op, path: String, value| PatchOperation {
        op,
        path: Some(path),
        value,
    };
    let mut ops = Vec::new();
    let cleared = partial
        .get("meta")
        .and_then(|m| m.get("attributes"))
        .and_then(Value::as_array);
    for name in cleared.into_iter().flatten().filter_map(Value::as_str) {
        ops.push(op(PatchOpKind::Remove, name.to_owned(), None));
    }
    for (key, value) in partial {
        if ["schemas", "meta", "id"].contains(&key.as_str()) {
            continue;
        }
        let Value::Array(items) = value else {
            ops.push(op(PatchOpKind::Replace, key, Some(value)));
            continue;
        };
        for mut item in items {
            let delete = item.get("operation").and_then(Value::as_str) == Some("delete");
            if let Some(obj) = item.as_object_mut() {
                obj.remove("operation");
            }
            match (delete, item.get("value").cloned()) {
                (true, Some(v)) => {
                    let filter = format!("{key}[value eq {v}]");
                    ops.push(op(PatchOpKind::Remove, filter, None));
                }
                (true, None) => ops.push(op(PatchOpKind::Remove, key.clone(), None)),
                (false, _) => ops.push(op(
                    PatchOpKind::Add,
                    key.clone(),
                    Some(Value::Array(vec![item])),
                )),
            }
        }
    }
    Ok(ops)
}

/// Applies a PatchOp body to a resource; returns it rendered.
pub async fn modify(
    api: &Api,
    kind: Kind,
    id: String,
    body: Value,
    pre: Preconditions,
) -> Result<Value, ApiError> {
    if api.has(Defect::PatchRejectsCapitalizedOp) {
        reject_capitalized(&body)?;
    }
    let mut request = if api.version == Version::V1 && body.get("Operations").is_none() {
        PatchOp {
            schemas: vec![scim::schema::urn::PATCH_OP.to_owned()],
            operations: from_v1_patch(kind, body)?,
        }
    } else {
        PatchOp::from_value(body)?
    };
    if api.has(Defect::MembersReplaceUnsupported) && request.operations.iter().any(replaces_members)
    {
        return Err(ApiError::scim(
            ScimType::InvalidPath,
            "replacing members is not supported",
        ));
    }
    request.operations = expand_extension_paths(kind, std::mem::take(&mut request.operations));
    if api.has(Defect::PatchIgnoresValueFilter) {
        for op in &mut request.operations {
            op.path = op.path.as_deref().map(strip_filters);
        }
    }
    let leniency = operations::leniency(api);
    let api2 = api.clone();
    api.store()
        .write(move |tx| {
            let old = operations::load_for_write(&api2, tx, kind, &id, &pre)?;
            // What the client could have read: the attributes plus `id` and `schemas` (PATCH
            // may name them with their current values, as Okta does with a group's id).
            let mut view: Map<String, Value> = old.body.as_object().cloned().unwrap_or_default();
            view.insert("id".into(), Value::String(old.id.clone()));
            let patched = scim::patch::apply(
                &Value::Object(view),
                &request.operations,
                kind.schema(),
                &leniency,
            )?;
            let Value::Object(mut attrs) = patched else {
                return Err(ApiError::internal("PATCH produced a non-object"));
            };
            for server_owned in ["id", "schemas", "meta", "groups"] {
                attrs.remove(server_owned);
            }
            operations::save(&api2, tx, kind, old, attrs)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_filters_drops_value_filters_only() {
        assert_eq!(
            strip_filters("emails[type eq \"work\"].value"),
            "emails.value"
        );
        assert_eq!(
            strip_filters("members[value eq \"a]b\"].display"),
            "members.display"
        );
        assert_eq!(strip_filters("name.givenName"), "name.givenName");
    }
}
