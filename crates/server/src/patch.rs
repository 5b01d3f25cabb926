//! PATCH (RFC 7644 §3.5.2): the server's part — loading, preconditions, the interop defects —
//! around `scim::patch::apply`, which owns what the operations mean.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::error::ApiError;
use crate::operations;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use http::StatusCode;
use scim::error::ScimType;
use scim::message::{PatchOp, PatchOpKind, PatchOperation, Request};
use scim::schema::{AttrType, Attribute, Mutability, ResourceSchema};
use serde_json::{Map, Value};
use std::borrow::Cow;

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

/// The first User attribute the server does not have that a PatchOp body names, as the head
/// of an operation's path or as a key of a path-less value.
fn lacked_attribute(api: &Api, body: &Value) -> Option<String> {
    let operations = body.get("Operations").and_then(Value::as_array)?;
    operations.iter().find_map(|op| {
        let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
        let head = path.split(['.', '[']).next().unwrap_or_default();
        let keys = op.get("value").and_then(Value::as_object);
        std::iter::once(head)
            .chain(keys.into_iter().flat_map(|o| o.keys().map(String::as_str)))
            .find(|name| api.lacks_user_attribute(name))
            .map(str::to_owned)
    })
}

/// Applies a PatchOp body to a resource; returns it rendered.
pub async fn modify(
    api: &Api,
    kind: Kind,
    id: String,
    body: Value,
    pre: Preconditions,
) -> Result<Value, ApiError> {
    if kind == Kind::User && api.has(Defect::UserPatchFails) {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "PATCH of users is not implemented",
        ));
    }
    if api.has(Defect::PatchRejectsCapitalizedOp) {
        reject_capitalized(&body)?;
    }
    if kind == Kind::User
        && let Some(name) = lacked_attribute(api, &body)
    {
        return Err(crate::operations::unsupported_attribute(&name));
    }
    let mut request = if api.version == Version::V1 && body.get("Operations").is_none() {
        PatchOp {
            schemas: vec![scim::schema::urn::PATCH_OP.to_owned()],
            operations: scim::version::patch_from_v1(&body, kind.schema())?,
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
    if api.has(Defect::PatchReplacePathlessUnsupported)
        && request
            .operations
            .iter()
            .any(|op| op.op == PatchOpKind::Replace && op.path.is_none())
    {
        return Err(ApiError::scim(ScimType::NoTarget, "replace needs a path"));
    }
    if api.has(Defect::PatchAddFilteredPathUnsupported)
        && request.operations.iter().any(|op| {
            op.op == PatchOpKind::Add && op.path.as_deref().is_some_and(|p| strip_filters(p) != p)
        })
    {
        return Err(ApiError::scim(
            ScimType::NoTarget,
            "add through a value filter is not supported",
        ));
    }
    if api.has(Defect::PatchIgnoresValueFilter) {
        for op in &mut request.operations {
            op.path = op.path.as_deref().map(strip_filters);
        }
    }
    if api.has(Defect::PatchAddPathlessIgnored) {
        request
            .operations
            .retain(|op| !(op.op == PatchOpKind::Add && op.path.is_none()));
    }
    if api.has(Defect::PatchRemoveRequiredAccepted) {
        request.operations.retain(|op| !removes_required(op, kind));
    }
    if kind == Kind::Group && api.has(Defect::MembersRemoveValueIgnored) {
        for op in &mut request.operations {
            let members = op
                .path
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case("members"));
            if op.op == PatchOpKind::Remove && members {
                op.value = None;
            }
        }
    }
    reshape_removes_and_replaces(api, kind, &mut request.operations)?;
    let leniency = operations::leniency(api);
    let replace_unassigned_no_target = api.has(Defect::PatchReplaceUnassignedNoTarget);
    let noop_modifies = api.has(Defect::PatchNoopModifies);
    let readd_conflict = kind == Kind::Group && api.has(Defect::MemberReaddConflict);
    let non_atomic = api.has(Defect::PatchNotAtomic);
    let keep_primaries = api.has(Defect::PatchPrimaryNotExclusive);
    let schema: Cow<'static, ResourceSchema> = if api.has(Defect::ImmutableChangesAccepted) {
        Cow::Owned(without_immutability(kind.schema()))
    } else {
        Cow::Borrowed(kind.schema())
    };
    let api2 = api.clone();
    let (saved, failure) = api
        .store()
        .write(move |tx| {
            let old = operations::load_for_write(&api2, tx, kind, &id, &pre)?;
            if replace_unassigned_no_target {
                refuse_replace_of_unassigned(&old.body, &request.operations)?;
            }
            if readd_conflict && readds_a_member(&old.body, &request.operations) {
                return Err(ApiError::scim(
                    ScimType::Uniqueness,
                    "the user is already a member of the group",
                ));
            }
            // What the client could have read: the attributes plus `id` and `schemas` (PATCH
            // may name them with their current values, as Okta does with a group's id).
            let mut view: Map<String, Value> = old.body.as_object().cloned().unwrap_or_default();
            view.insert("id".into(), Value::String(old.id.clone()));
            let view = Value::Object(view);
            let (mut patched, failure) = if non_atomic {
                apply_one_by_one(view, &request.operations, &schema, &leniency)
            } else {
                let patched = scim::patch::apply(&view, &request.operations, &schema, &leniency)?;
                (patched, None)
            };
            if keep_primaries {
                restore_primaries(&old.body, &mut patched);
            }
            let Value::Object(mut attrs) = patched else {
                return Err(ApiError::internal("PATCH produced a non-object"));
            };
            for server_owned in SERVER_OWNED {
                attrs.remove(server_owned);
            }
            // A PATCH that changes nothing is no modification: lastModified and the version
            // stay (RFC 7644 §3.5.2.1), unless `patch-noop-modifies` stores it anyway.
            if failure.is_none() && !noop_modifies && unchanged(&old.body, &attrs) {
                return Ok((operations::render(&api2, tx, kind, &old)?, None));
            }
            Ok((operations::save(&api2, tx, kind, old, attrs)?, failure))
        })
        .await?;
    match failure {
        Some(error) => Err(error),
        None => Ok(saved),
    }
}

/// The members a PATCH cannot set: the server renders them.
const SERVER_OWNED: [&str; 4] = ["id", "schemas", "meta", "groups"];

/// Whether the patched attributes `attrs` are the stored ones, `stored`.
fn unchanged(stored: &Value, attrs: &Map<String, Value>) -> bool {
    let Some(stored) = stored.as_object() else {
        return false;
    };
    let mut stored = stored.clone();
    for server_owned in SERVER_OWNED {
        stored.remove(server_owned);
    }
    &stored == attrs
}

/// The top-level attribute of `kind` an operation's path names, when the path is a bare
/// attribute name (no value filter, sub-attribute or URN).
fn plain_target(op: &PatchOperation, kind: Kind) -> Option<&'static Attribute> {
    let path = op.path.as_deref()?.trim();
    if path.contains(['[', '.', ':']) {
        return None;
    }
    kind.schema().find(None, path)
}

/// The defects that refuse URN-qualified paths (`patch-urn-path-refused`) or change removes and
/// replaces before they are applied:
/// `patch-remove-single-valued-ignored` (the remove is dropped),
/// `patch-remove-multi-valued-needs-filter` (400 noTarget without a value filter),
/// `patch-replace-complex-overwrites` (a replace of a complex attribute becomes a remove and an
/// add), `patch-remove-filter-keeps-records` (a remove through a filter removes only the matched
/// records' `value`) and `patch-replace-unmatched-filter-adds` (a replace through a filter
/// becomes an add).
fn reshape_removes_and_replaces(
    api: &Api,
    kind: Kind,
    operations: &mut Vec<PatchOperation>,
) -> Result<(), ApiError> {
    let removes = |op: &PatchOperation, multi: bool| {
        op.op == PatchOpKind::Remove
            && plain_target(op, kind).is_some_and(|a| a.multi_valued == multi)
    };
    if api.has(Defect::PatchUrnPathRefused)
        && operations.iter().any(|op| {
            op.path
                .as_deref()
                .is_some_and(|p| p.trim().starts_with("urn:"))
        })
    {
        return Err(ApiError::scim(
            ScimType::InvalidPath,
            "attribute paths qualified by a schema URN are not supported",
        ));
    }
    if api.has(Defect::PatchRemoveMultiValuedNeedsFilter)
        && operations.iter().any(|op| removes(op, true))
    {
        return Err(ApiError::scim(
            ScimType::NoTarget,
            "a remove of a multi-valued attribute needs a value filter",
        ));
    }
    if api.has(Defect::PatchRemoveSingleValuedIgnored) {
        operations.retain(|op| !removes(op, false));
    }
    if api.has(Defect::PatchReplaceComplexOverwrites) {
        *operations = std::mem::take(operations)
            .into_iter()
            .flat_map(|op| {
                let complex = op.op == PatchOpKind::Replace
                    && plain_target(&op, kind)
                        .is_some_and(|a| a.attr_type == AttrType::Complex && !a.multi_valued);
                if complex {
                    let remove = PatchOperation {
                        op: PatchOpKind::Remove,
                        value: None,
                        ..op.clone()
                    };
                    vec![
                        remove,
                        PatchOperation {
                            op: PatchOpKind::Add,
                            ..op
                        },
                    ]
                } else {
                    vec![op]
                }
            })
            .collect();
    }
    if api.has(Defect::PatchRemoveFilterKeepsRecords) {
        for op in operations.iter_mut() {
            if let Some(path) = op.path.as_mut().filter(|p| p.trim_end().ends_with(']'))
                && op.op == PatchOpKind::Remove
            {
                path.push_str(".value");
            }
        }
    }
    if api.has(Defect::PatchReplaceUnmatchedFilterAdds) {
        for op in operations.iter_mut() {
            if op.op == PatchOpKind::Replace && op.path.as_deref().is_some_and(|p| p.contains('['))
            {
                op.op = PatchOpKind::Add;
            }
        }
    }
    Ok(())
}

/// The `patch-replace-unassigned-no-target` defect: a replace naming a top-level attribute
/// that `resource` does not have answers 400 noTarget instead of adding it.
fn refuse_replace_of_unassigned(
    resource: &Value,
    operations: &[PatchOperation],
) -> Result<(), ApiError> {
    let missing = operations.iter().find_map(|op| {
        let path = op.path.as_deref()?.trim();
        let simple = op.op == PatchOpKind::Replace && !path.contains(['[', '.', ':']);
        let has = resource
            .as_object()
            .is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case(path)));
        (simple && !has).then_some(path)
    });
    match missing {
        Some(path) => Err(ApiError::scim(
            ScimType::NoTarget,
            format!("'{path}' has no value to replace"),
        )),
        None => Ok(()),
    }
}

/// The `member-readd-conflict` defect's test: whether an `add` of `members` names a member
/// `group` already has.
fn readds_a_member(group: &Value, operations: &[scim::message::PatchOperation]) -> bool {
    let ids = |members: Option<&Value>| -> Vec<String> {
        members
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_owned))
            .collect()
    };
    let current = ids(group.get("members"));
    operations.iter().any(|op| {
        let adds_members = op.op == PatchOpKind::Add
            && op
                .path
                .as_deref()
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("members"));
        adds_members && ids(op.value.as_ref()).iter().any(|id| current.contains(id))
    })
}

/// The `patch-primary-not-exclusive` defect: a value that was `primary` before the PATCH and
/// is still there (same `value`) stays `primary`, even when the PATCH made another one primary.
fn restore_primaries(before: &Value, after: &mut Value) {
    let Some(after) = after.as_object_mut() else {
        return;
    };
    for (name, values) in after.iter_mut() {
        let Some(values) = values.as_array_mut() else {
            continue;
        };
        let old = before.get(name).and_then(Value::as_array);
        for value in values.iter_mut() {
            let was_primary = old.into_iter().flatten().any(|o| {
                o.get("primary") == Some(&Value::Bool(true)) && o.get("value") == value.get("value")
            });
            if was_primary && let Some(v) = value.as_object_mut() {
                v.insert("primary".into(), Value::Bool(true));
            }
        }
    }
}

/// The `immutable-changes-accepted` defect: `schema` with every `immutable` attribute (such as
/// a group's `members.value`) made `readWrite`, so PATCH lets a set value change.
fn without_immutability(schema: &ResourceSchema) -> ResourceSchema {
    fn loosen(attributes: &mut [Attribute]) {
        for attr in attributes {
            if attr.mutability == Mutability::Immutable {
                attr.mutability = Mutability::ReadWrite;
            }
            loosen(&mut attr.sub_attributes);
        }
    }
    let mut loose = schema.clone();
    loosen(&mut loose.core.attributes);
    for extension in &mut loose.extensions {
        loosen(&mut extension.attributes);
    }
    loose
}

/// Whether `op` removes a required attribute (the `patch-remove-required-accepted` defect
/// drops such operations instead of refusing them).
fn removes_required(op: &scim::message::PatchOperation, kind: Kind) -> bool {
    op.op == PatchOpKind::Remove
        && op
            .path
            .as_deref()
            .and_then(|p| kind.schema().find(None, p.trim()))
            .is_some_and(|a| a.required)
}

/// The `patch-not-atomic` defect: applies operations one at a time and keeps what the ones
/// before a failing operation changed; returns that state and the failure, if any.
fn apply_one_by_one(
    mut state: Value,
    operations: &[scim::message::PatchOperation],
    schema: &ResourceSchema,
    leniency: &scim::leniency::Leniency,
) -> (Value, Option<ApiError>) {
    for op in operations {
        match scim::patch::apply(&state, std::slice::from_ref(op), schema, leniency) {
            Ok(next) => state = next,
            Err(e) => return (state, Some(e.into())),
        }
    }
    (state, None)
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
