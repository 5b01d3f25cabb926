//! How the PATCH defects (RFC 7644 §3.5.2) distort a PATCH: each public function is a hook
//! `crate::patch::modify` calls in one line, and leaves the request alone unless its defect is on.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;
use crate::resource_type::Kind;
use http::StatusCode;
use scim::error::ScimType;
use scim::leniency::Leniency;
use scim::message::{PatchOpKind, PatchOperation};
use scim::schema::{AttrType, Attribute, Mutability, ResourceSchema};
use serde_json::Value;
use std::borrow::Cow;

/// `patch-invalid-value-500`: a PATCH refused as `invalidValue` (a value that does not suit
/// its attribute) turned into a crash, which `crate::respond` answers with an HTML page.
pub fn crash_on_invalid_value(api: &Api, error: ApiError) -> ApiError {
    if api.has(Defect::PatchInvalidValue500) && error.scim_type == Some(ScimType::InvalidValue) {
        return ApiError::internal(format!("PATCH crashed on: {}", error.detail));
    }
    error
}

/// Whether `error` is the crash of [`crash_on_invalid_value`], answered with the framework's
/// HTML page rather than a SCIM Error.
pub fn crash_page(api: &Api, error: &ApiError) -> bool {
    api.has(Defect::PatchInvalidValue500) && error.status == StatusCode::INTERNAL_SERVER_ERROR
}

/// Refusals before the body is read: `user-patch-fails` (any PATCH of a user answers 501) and
/// `patch-rejects-capitalized-op` (`"Replace"` is an unknown op).
pub fn refuse(api: &Api, kind: Kind, body: &Value) -> Result<(), ApiError> {
    if kind == Kind::User && api.has(Defect::UserPatchFails) {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "PATCH of users is not implemented",
        ));
    }
    if api.has(Defect::PatchRejectsCapitalizedOp) {
        reject_capitalized(body)?;
    }
    Ok(())
}

/// The defects that refuse operations (`members-replace-unsupported`,
/// `patch-replace-pathless-unsupported`, `patch-add-filtered-path-unsupported`) or change them
/// (`patch-ignores-value-filter`, `patch-filtered-replace-appends`, `patch-add-pathless-ignored`, `patch-remove-required-accepted`,
/// `members-remove-value-ignored`), then those that reshape removes and replaces
/// ([`reshape_removes_and_replaces`]).
pub fn distort(
    api: &Api,
    kind: Kind,
    operations: &mut Vec<PatchOperation>,
) -> Result<(), ApiError> {
    if api.has(Defect::PatchReadOnlyAccepted) {
        operations.retain(|op| !targets_read_only(kind, op));
    }
    if api.has(Defect::PatchAddReplacesMultiValued) {
        for op in operations
            .iter_mut()
            .filter(|op| op.op == PatchOpKind::Add && names_multi_valued(kind, op))
        {
            op.op = PatchOpKind::Replace;
        }
    }
    if api.has(Defect::MembersReplaceUnsupported) && operations.iter().any(replaces_members) {
        return Err(ApiError::scim(
            ScimType::InvalidPath,
            "replacing members is not supported",
        ));
    }
    if api.has(Defect::PatchReplacePathlessUnsupported)
        && operations
            .iter()
            .any(|op| op.op == PatchOpKind::Replace && op.path.is_none())
    {
        return Err(ApiError::scim(ScimType::NoTarget, "replace needs a path"));
    }
    let filtered = [
        (
            Defect::PatchAddFilteredPathUnsupported,
            PatchOpKind::Add,
            ScimType::NoTarget,
        ),
        (
            Defect::PatchRemoveFilteredPathUnsupported,
            PatchOpKind::Remove,
            ScimType::InvalidPath,
        ),
    ];
    for (defect, kind_of_op, scim_type) in filtered {
        if api.has(defect)
            && let Some(op) = operations.iter().find(|op| {
                op.op == kind_of_op && op.path.as_deref().is_some_and(|p| strip_filters(p) != p)
            })
        {
            return Err(ApiError::scim(
                scim_type,
                format!(
                    "{:?} through a value filter ({}) is not supported",
                    op.op,
                    op.path.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
    if api.has(Defect::PatchIgnoresValueFilter) {
        for op in operations.iter_mut() {
            op.path = op.path.as_deref().map(strip_filters);
        }
    }
    if api.has(Defect::PatchFilteredReplaceAppends) {
        for op in operations
            .iter_mut()
            .filter(|op| op.op == PatchOpKind::Replace)
        {
            let whole_values = op
                .path
                .as_deref()
                .filter(|p| p.trim_end().ends_with(']'))
                .map(strip_filters);
            if let Some(attribute) = whole_values {
                op.op = PatchOpKind::Add;
                op.path = Some(attribute);
                if let Some(value @ Value::Object(_)) = op.value.take() {
                    op.value = Some(Value::Array(vec![value]));
                }
            }
        }
    }
    if api.has(Defect::PatchAddPathlessIgnored) {
        operations.retain(|op| !(op.op == PatchOpKind::Add && op.path.is_none()));
    }
    if api.has(Defect::PatchRemoveRequiredAccepted) {
        operations.retain(|op| !removes_required(op, kind));
    }
    if kind == Kind::Group && api.has(Defect::MembersRemoveValueIgnored) {
        for op in operations.iter_mut() {
            let members = op
                .path
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case("members"));
            if op.op == PatchOpKind::Remove && members {
                op.value = None;
            }
        }
    }
    reshape_removes_and_replaces(api, kind, operations)
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

/// The schema operations are checked against: `kind`'s, or under `immutable-changes-accepted`
/// the same without immutability.
pub fn schema(api: &Api, kind: Kind) -> Cow<'static, ResourceSchema> {
    if api.has(Defect::ImmutableChangesAccepted) {
        Cow::Owned(without_immutability(kind.schema()))
    } else {
        Cow::Borrowed(kind.schema())
    }
}

/// The defects that act while the PATCH is applied to the stored resource (decided before the
/// write, which runs on the store's thread without the `Api`).
#[derive(Debug, Clone, Copy)]
pub struct Apply {
    readd_conflict: bool,
    replace_unassigned_no_target: bool,
    non_atomic: bool,
    keep_primaries: bool,
    noop_modifies: bool,
    duplicate_adds: bool,
    schemas_from_original: bool,
}

impl Apply {
    /// What the defects of `api` do to a PATCH of a `kind`.
    pub fn of(api: &Api, kind: Kind) -> Apply {
        Apply {
            readd_conflict: kind == Kind::Group && api.has(Defect::MemberReaddConflict),
            replace_unassigned_no_target: api.has(Defect::PatchReplaceUnassignedNoTarget),
            non_atomic: api.has(Defect::PatchNotAtomic),
            keep_primaries: api.has(Defect::PatchPrimaryNotExclusive),
            noop_modifies: api.has(Defect::PatchNoopModifies),
            duplicate_adds: api.has(Defect::PatchAddDuplicatesValues),
            schemas_from_original: api.has(Defect::PatchSchemasFromOriginal),
        }
    }

    /// `patch-noop-modifies`: a PATCH that leaves the attributes as they were is stored anyway,
    /// as a modification (lastModified and the version move).
    pub fn stores_unchanged(&self) -> bool {
        self.noop_modifies
    }

    /// Refusals that depend on the stored resource (`old`): `patch-replace-unassigned-no-target`
    /// (a replace of an attribute `old` lacks answers 400 noTarget) and `member-readd-conflict`
    /// (adding a member the group already has answers 409).
    pub fn refuse(&self, old: &Value, operations: &[PatchOperation]) -> Result<(), ApiError> {
        if self.replace_unassigned_no_target {
            refuse_replace_of_unassigned(old, operations)?;
        }
        if self.readd_conflict && readds_a_member(old, operations) {
            return Err(ApiError::scim(
                ScimType::Uniqueness,
                "the user is already a member of the group",
            ));
        }
        Ok(())
    }

    /// `scim::patch::apply` of `operations` to `view` (what the client could read of `old`):
    /// the patched resource, and the failure of an operation when `patch-not-atomic` kept the
    /// operations before it; `patch-primary-not-exclusive` then keeps old primaries primary.
    pub fn apply(
        &self,
        old: &Value,
        view: Value,
        operations: &[PatchOperation],
        schema: &ResourceSchema,
        leniency: &Leniency,
    ) -> Result<(Value, Option<ApiError>), ApiError> {
        let (mut patched, failure) = if self.non_atomic {
            apply_one_by_one(view, operations, schema, leniency)
        } else {
            (
                scim::patch::apply(&view, operations, schema, leniency)?,
                None,
            )
        };
        if self.keep_primaries {
            restore_primaries(old, &mut patched);
        }
        if self.duplicate_adds {
            duplicate_readded(old, operations, &mut patched);
        }
        if self.schemas_from_original {
            drop_emptied_extensions(old, operations, &mut patched);
        }
        Ok((patched, failure))
    }
}

/// `patch-schemas-from-original`: an extension `old` held that a `remove` of this PATCH
/// addressed (by a path under its URN) is dropped from `patched`, as by a server that drops a
/// URN from `schemas` when an operation empties the extension and decides whether later adds
/// need it against the schemas the resource had before the PATCH.
fn drop_emptied_extensions(old: &Value, operations: &[PatchOperation], patched: &mut Value) {
    let Some(attrs) = patched.as_object_mut() else {
        return;
    };
    for op in operations.iter().filter(|op| op.op == PatchOpKind::Remove) {
        let Some((urn, _)) = op.path.as_deref().and_then(|p| p.rsplit_once(':')) else {
            continue;
        };
        if old.get(urn).is_some() {
            attrs.remove(urn);
        }
    }
}

/// `patch-add-duplicates-values`: each value an `add` of a whole multi-valued attribute names
/// that `old` already held (same `value`) is appended to `patched` once more.
fn duplicate_readded(old: &Value, operations: &[PatchOperation], patched: &mut Value) {
    for op in operations.iter().filter(|op| op.op == PatchOpKind::Add) {
        let (Some(path), Some(Value::Array(added))) = (op.path.as_deref(), &op.value) else {
            continue;
        };
        let held = old
            .get(path)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let again: Vec<Value> = added
            .iter()
            .filter(|v| held.iter().any(|h| h.get("value") == v.get("value")))
            .cloned()
            .collect();
        if let Some(Value::Array(values)) = patched.get_mut(path) {
            values.extend(again);
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
fn replaces_members(op: &PatchOperation) -> bool {
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
fn readds_a_member(group: &Value, operations: &[PatchOperation]) -> bool {
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

/// The `immutable-changes-accepted` and `put-immutable-changed` defects: `schema` with every
/// `immutable` attribute (such as a group's `members.value`) made `readWrite`, so PATCH (or
/// PUT) lets a set value change.
pub(super) fn without_immutability(schema: &ResourceSchema) -> ResourceSchema {
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
fn removes_required(op: &PatchOperation, kind: Kind) -> bool {
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
    operations: &[PatchOperation],
    schema: &ResourceSchema,
    leniency: &Leniency,
) -> (Value, Option<ApiError>) {
    for op in operations {
        match scim::patch::apply(&state, std::slice::from_ref(op), schema, leniency) {
            Ok(next) => state = next,
            Err(e) => return (state, Some(e.into())),
        }
    }
    (state, None)
}

/// How long the `patch-lost-update` defect works between reading a resource and saving it:
/// long enough that parallel PATCHes of one group overlap, as a server calling out to another
/// service (or just under load) does; 250 ms so the overlap happens on a loaded machine too.
const LOST_UPDATE_WINDOW: std::time::Duration = std::time::Duration::from_millis(250);

/// `patch-lost-update`: the resource's attributes as they are now, returned after
/// [`LOST_UPDATE_WINDOW`], to be patched and saved over whatever changed meanwhile (a
/// read-modify-write without a lock). `None` when the defect is off.
pub async fn stale_copy(api: &Api, kind: Kind, id: &str) -> Result<Option<Value>, ApiError> {
    if !api.has(Defect::PatchLostUpdate) {
        return Ok(None);
    }
    let api2 = api.clone();
    let id = id.to_owned();
    let body = api
        .store()
        .read(move |conn| crate::operations::load(&api2, conn, kind, &id).map(|s| s.body))
        .await?;
    tokio::time::sleep(LOST_UPDATE_WINDOW).await;
    Ok(Some(body))
}

/// `patch-add-replaces-multi-valued`: whether `op`'s path names a whole multi-valued attribute
/// of `kind` (`emails`, not `emails[type eq "work"].value`).
fn names_multi_valued(kind: Kind, op: &PatchOperation) -> bool {
    op.path
        .as_deref()
        .and_then(|path| scim::filter::parse_attr_path(path).ok())
        .filter(|path| path.sub.is_none())
        .and_then(|path| kind.schema().resolve(&path).map(|a| a.multi_valued))
        .unwrap_or(false)
}

/// `patch-read-only-accepted`: whether `op`'s path names a readOnly attribute of `kind`.
fn targets_read_only(kind: Kind, op: &PatchOperation) -> bool {
    op.path
        .as_deref()
        .and_then(|path| scim::filter::parse_attr_path(path).ok())
        .and_then(|path| kind.schema().resolve(&path).map(Attribute::is_read_only))
        .unwrap_or(false)
}

/// The patch defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_patch {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            PatchIgnoresValueFilter {
                rfc: "RFC 7644 §3.5.2 (valuePath filters)",
                does: "PATCH emails[type eq \"work\"].value hits every email, not only the matching one",
                observe: "n@example.com h@example.com", |h| {
                    let mut u = user("pf@example.com");
                    let (work, home) = ("w@example.com", "h@example.com");
                    u["emails"] = json!([{"value": work, "type": "work"}, {"value": home, "type": "home"}]);
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let at = "emails[type eq \"work\"].value";
                    let ops = patch(json!([{"op": "replace", "path": at, "value": "n@example.com"}]));
                    let emails = body(h.send_json(Method::PATCH, &path, &ops).await).await["emails"].clone();
                    let values = emails.as_array().into_iter().flatten();
                    values.map(|e| e["value"].as_str().unwrap_or_default()).collect::<Vec<_>>().join(" ")
                },
            },
            PatchFilteredReplaceAppends {
                rfc: "RFC 7644 §3.5.2.3 (a valuePath filter: the matching values are replaced)",
                does: "PATCH replace emails[type eq \"work\"] with a whole email adds it and keeps the matching one",
                observe: "n@example.com h@example.com", |h| {
                    let mut u = user("pr@example.com");
                    u["emails"] = json!([{"value": "w@example.com", "type": "work"}, {"value": "h@example.com", "type": "home"}]);
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let new_work = json!({"value": "n@example.com", "type": "work"});
                    let ops = patch(json!([{"op": "replace", "path": "emails[type eq \"work\"]", "value": new_work}]));
                    let emails = body(h.send_json(Method::PATCH, &path, &ops).await).await["emails"].clone();
                    let values = emails.as_array().into_iter().flatten();
                    values.map(|e| e["value"].as_str().unwrap_or_default()).collect::<Vec<_>>().join(" ")
                },
            },
            PatchRejectsCapitalizedOp {
                rfc: "RFC 7644 §3.5.2 (op is case-insensitive; Entra sends \"Replace\")",
                does: "PATCH with op \"Replace\" or \"Add\" answers 400",
                observe: "200", |h| {
                    let op = json!({"op": "Replace", "path": "active", "value": false});
                    patch_status(h, op).await
                },
            },
            MembersReplaceUnsupported {
                rfc: "RFC 7644 §3.5.2.3 (replace members)",
                does: "PATCH replace of members answers 400",
                observe: "200", |h| {
                    let uid = h.create_user("mr@example.com").await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    let gid = body(h.post("/Groups", &group("Replacers", &[])).await).await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    let ops =
                        patch(json!([{"op": "replace", "path": "members", "value": [{"value": uid}]}]));
                    status(
                        h.send_json(Method::PATCH, &format!("/Groups/{gid}"), &ops)
                            .await,
                    )
                    .await
                },
            },
            PatchReplacePathlessUnsupported {
                rfc: "RFC 7644 §3.5.2.3 (path is optional for replace)",
                does: "PATCH replace without a path answers 400 noTarget (Okta deactivates users this way)",
                observe: "200", |h| {
                    let id = h.create_user("pathless@example.com").await["id"].clone();
                    let id = id.as_str().unwrap_or_default();
                    let ops = patch(json!([{"op": "replace", "value": {"active": false}}]));
                    status(
                        h.send_json(Method::PATCH, &format!("/Users/{id}"), &ops)
                            .await,
                    )
                    .await
                },
            },
            PatchInvalidValue500 {
                rfc: "RFC 7644 §3.12 (400 invalidValue for a value that does not suit the attribute)",
                does: "a PATCH value of the wrong type (userName 42) crashes: 500 with an HTML page, not a SCIM Error (seen on Canaille)",
                observe: "400", |h| {
                    patch_status(h, json!({"op": "replace", "path": "userName", "value": 42})).await
                },
            },
            PatchNotAtomic {
                rfc: "RFC 7644 §3.5.2 (a PATCH is applied whole or not at all)",
                does: "when a later PATCH operation fails, the earlier ones' changes are kept",
                observe: "null", |h| {
                    let path = user_path(h, "atomic@example.com").await;
                    let ops = patch(json!([
                        {"op": "replace", "path": "displayName", "value": "Kept"},
                        {"op": "replace", "path": "userName", "value": 42}
                    ]));
                    h.send_json(Method::PATCH, &path, &ops).await;
                    body(h.get(&path).await).await["displayName"].to_string()
                },
            },
            PatchRemoveRequiredAccepted {
                rfc: "RFC 7644 §3.5.2.2 (removing a required attribute is an error)",
                does: "PATCH remove of userName answers 200 (the operation is skipped) instead of 400",
                observe: "400", |h| {
                    let path = user_path(h, "required@example.com").await;
                    let ops = patch(json!([{"op": "remove", "path": "userName"}]));
                    status(h.send_json(Method::PATCH, &path, &ops).await).await
                },
            },
            PatchAddPathlessIgnored {
                rfc: "RFC 7644 §3.5.2.1 (add without path: the value holds the attributes to add)",
                does: "PATCH add without a path answers 200 but changes nothing",
                observe: "\"Nick\"", |h| {
                    let path = user_path(h, "pathless@example.com").await;
                    let ops = patch(json!([{"op": "add", "value": {"nickName": "Nick"}}]));
                    h.send_json(Method::PATCH, &path, &ops).await;
                    body(h.get(&path).await).await["nickName"].to_string()
                },
            },
            PatchAddFilteredPathUnsupported {
                rfc: "RFC 7644 §3.5.2.1 (add through a valuePath; Entra adds typed entries this way)",
                does: "PATCH add through a value filter (addresses[type eq \"work\"].formatted) answers 400 noTarget instead of creating the entry",
                observe: "200", |h| {
                    let path = user_path(h, "filtered-add@example.com").await;
                    let at = "addresses[type eq \"work\"].formatted";
                    let ops = patch(json!([{"op": "add", "path": at, "value": "1 Main St"}]));
                    status(h.send_json(Method::PATCH, &path, &ops).await).await
                },
            },
            PatchRemoveFilteredPathUnsupported {
                rfc: "RFC 7644 §3.5.2.2 (remove through a valuePath removes the matching values)",
                does: "PATCH remove through a value filter (emails[type eq \"work\"]) answers 400 invalidPath (seen on better-auth)",
                observe: "200", |h| {
                    patch_status(h, json!({"op": "remove", "path": "emails[type eq \"work\"]"})).await
                },
            },
            MemberReaddConflict {
                rfc: "RFC 7644 §3.5.2.1 (adding a value already there changes nothing and SHOULD succeed)",
                does: "PATCH add of a member the group already has answers 409 uniqueness, so an IdP repeating a membership push fails",
                observe: "200", |h| {
                    let member = h.create_user("readd@example.com").await;
                    let id = member["id"].as_str().unwrap_or_default().to_owned();
                    let created = body(h.post("/Groups", &group("readd-group", &[&id])).await).await;
                    let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
                    let ops = patch(json!([{"op": "add", "path": "members", "value": [{"value": id}]}]));
                    status(h.send_json(Method::PATCH, &path, &ops).await).await
                },
            },
            PatchPrimaryNotExclusive {
                rfc: "RFC 7643 §2.4 (primary true at most once per attribute)",
                does: "a PATCH making a new email primary leaves the old primary email primary too",
                observe: "1", |h| {
                    let mut u = user("primary@example.com");
                    u["emails"] = json!([{"value": "one@example.com", "type": "work", "primary": true}]);
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let second = json!([{"value": "two@example.com", "type": "home", "primary": true}]);
                    let ops = patch(json!([{"op": "add", "path": "emails", "value": second}]));
                    h.send_json(Method::PATCH, &path, &ops).await;
                    let emails = body(h.get(&path).await).await["emails"].clone();
                    let primaries = emails.as_array().into_iter().flatten();
                    primaries
                        .filter(|e| e["primary"] == true)
                        .count()
                        .to_string()
                },
            },
            ImmutableChangesAccepted {
                rfc: "RFC 7643 §7 (immutable), §4.2 (Group members.value is immutable); RFC 7644 §3.5.2",
                does: "PATCH replace of members[value eq \"A\"].value with another id answers 200 instead of 400 mutability",
                observe: "400 \"mutability\"", |h| {
                    let first = h.create_user("immutable-a@example.com").await;
                    let second = h.create_user("immutable-b@example.com").await;
                    let (a, b) = (first["id"].as_str(), second["id"].as_str());
                    let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
                    let created = body(h.post("/Groups", &group("Immutable", &[a])).await).await;
                    let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
                    let target = format!("members[value eq \"{a}\"].value");
                    let ops = patch(json!([{"op": "replace", "path": target, "value": b}]));
                    let r = h.send_json(Method::PATCH, &path, &ops).await;
                    let code = r.status().as_u16();
                    format!("{code} {}", body(r).await["scimType"])
                },
            },
            UserPatchFails {
                rfc: "RFC 7644 §3.5.2 (PATCH, advertised by ServiceProviderConfig patch.supported)",
                does: "PATCH /Users/{id} answers 501 although ServiceProviderConfig says patch is supported",
                observe: "200", |h| {
                    let path = user_path(h, "patched@example.com").await;
                    let ops = patch(json!([{"op": "replace", "path": "displayName", "value": "P"}]));
                    status(h.send_json(Method::PATCH, &path, &ops).await).await
                },
            },
            MembersRemoveValueIgnored {
                rfc: "RFC 7644 §3.5.2.2 gives remove no value; Entra without aadOptscim062020 and OneLogin name the members to remove in it",
                does: "PATCH remove of members with a value list removes every member (the path alone is read), not only those listed",
                observe: "1", |h| {
                    let ids = [
                        h.create_user("remove-value-1@example.com").await,
                        h.create_user("remove-value-2@example.com").await,
                    ]
                    .map(|u| u["id"].as_str().unwrap_or_default().to_owned());
                    let created = body(
                        h.post("/Groups", &group("remove-value", &[&ids[0], &ids[1]]))
                            .await,
                    )
                    .await;
                    let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
                    let op = json!([{"op": "remove", "path": "members", "value": [{"value": ids[0]}]}]);
                    h.send_json(Method::PATCH, &path, &patch(op)).await;
                    let members = body(h.get(&path).await).await["members"].clone();
                    members.as_array().map_or(0, Vec::len).to_string()
                },
            },
            PatchLostUpdate {
                rfc: "RFC 7644 §3.5.2 (each PATCH applies to the resource as it is); IdP group push from parallel workers",
                does: "PATCH applies its operations to a copy read before a delay and saves it unlocked: concurrent PATCHes silently lose each other's changes",
                observe: "4", |h| {
                    // Four PATCHes adding one member each, sent at once: all four must stay.
                    let mut ids = Vec::new();
                    for n in 0..4 {
                        let created = h.create_user(&format!("race{n}@example.com")).await;
                        ids.push(created["id"].as_str().unwrap().to_owned());
                    }
                    let gid = body(h.post("/Groups", &group("Racers", &[])).await).await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    let path = format!("/Groups/{gid}");
                    let add = |id: &str| {
                        patch(json!([{"op": "add", "path": "members", "value": [{"value": id}]}]))
                    };
                    let (a, b, c, d) = (add(&ids[0]), add(&ids[1]), add(&ids[2]), add(&ids[3]));
                    let _ = tokio::join!(
                        h.send_json(Method::PATCH, &path, &a),
                        h.send_json(Method::PATCH, &path, &b),
                        h.send_json(Method::PATCH, &path, &c),
                        h.send_json(Method::PATCH, &path, &d),
                    );
                    let members = body(h.get(&path).await).await["members"].clone();
                    members.as_array().map_or(0, Vec::len).to_string()
                },
            },
            PatchReadOnlyAccepted {
                rfc: "RFC 7644 §3.5.2 (an operation must suit the attribute's mutability), §3.12 (mutability)",
                does: "a PATCH operation on a readOnly attribute (meta.created, id, groups) is dropped and the PATCH answers 200",
                observe: "400", |h| {
                    patch_status(
                        h,
                        json!({"op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"}),
                    )
                    .await
                },
            },
            PatchAddReplacesMultiValued {
                rfc: "RFC 7644 §3.5.2.1 (add to a multi-valued attribute adds a value)",
                does: "a PATCH add with a path naming a multi-valued attribute (emails) replaces its values instead of appending",
                observe: "2", |h| {
                    let added = json!({"op": "add", "path": "emails",
                        "value": [{"value": "home@example.com", "type": "home"}]});
                    let read = read_after_patch(h, added).await;
                    read["emails"].as_array().map_or(0, Vec::len).to_string()
                },
            },
            PatchAddDuplicatesValues {
                rfc: "RFC 7644 §3.5.2.1 (adding a value already there: no change)",
                does: "a PATCH add of a value a multi-valued attribute already holds (an email) stores it a second time",
                observe: "1", |h| {
                    let readded = json!({"op": "add", "path": "emails",
                        "value": [{"value": "po@example.com", "type": "work", "primary": true}]});
                    let read = read_after_patch(h, readded).await;
                    read["emails"].as_array().map_or(0, Vec::len).to_string()
                },
            },
            PatchRemoveSingleValuedIgnored {
                rfc: "RFC 7644 §3.5.2.2 (a removed single-value attribute is unassigned)",
                does: "PATCH remove of a single-valued attribute answers success and keeps the value",
                observe: "null", |h| {
                    let op = json!({"op": "remove", "path": "name"});
                    read_after_patch(h, op).await["name"].to_string()
                },
            },
            PatchRemoveMultiValuedNeedsFilter {
                rfc: "RFC 7644 §3.5.2.2 (remove without a filter removes all values)",
                does: "PATCH remove of a multi-valued attribute without a value filter answers 400 noTarget",
                observe: "200", |h| {
                    patch_status(h, json!({"op": "remove", "path": "emails"})).await
                },
            },
            PatchReplaceUnassignedNoTarget {
                rfc: "RFC 7644 §3.5.2.3 (replace of a missing attribute is an add)",
                does: "PATCH replace of an attribute that has no value answers 400 noTarget",
                observe: "200", |h| {
                    let op = json!({"op": "replace", "path": "nickName", "value": "Nick"});
                    patch_status(h, op).await
                },
            },
            PatchReplaceComplexOverwrites {
                rfc: "RFC 7644 §3.5.2.3 (sub-attributes not in the value are left unchanged)",
                does: "PATCH replace of a complex attribute replaces the whole object, dropping the sub-attributes the value does not name",
                observe: "\"Lovelace\"", |h| {
                    let mut named = user("named@example.com");
                    named["name"] = json!({"givenName": "Ada", "familyName": "Lovelace"});
                    let created = body(h.post("/Users", &named).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let op = patch(
                        json!([{"op": "replace", "path": "name", "value": {"givenName": "Augusta"}}]),
                    );
                    h.send_json(Method::PATCH, &path, &op).await;
                    body(h.get(&path).await).await["name"]["familyName"].to_string()
                },
            },
            PatchReplaceUnmatchedFilterAdds {
                rfc: "RFC 7644 §3.5.2.3 (no record matched: 400 noTarget)",
                does: "PATCH replace through a value filter is applied as an add, so a filter that matches nothing adds a value instead of 400 noTarget",
                observe: "400", |h| {
                    let filtered = "emails[type eq \"other\"].value";
                    let op = json!({"op": "replace", "path": filtered, "value": "o@example.com"});
                    patch_status(h, op).await
                },
            },
            PatchSchemasFromOriginal {
                rfc: "RFC 7644 §3.5.2 (operations after one that changed schemas assume the changed schemas)",
                does: "a PATCH that empties an extension drops it at the end, whatever later operations of the PATCH added to it",
                observe: "\"late\"", |h| {
                    let ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    let mut u = user("schemas-follow@example.com");
                    u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", ext]);
                    u[ext] = json!({"department": "early"});
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let op = patch(json!([
                        {"op": "remove", "path": format!("{ext}:department")},
                        {"op": "add", "path": format!("{ext}:department"), "value": "late"},
                    ]));
                    h.send_json(Method::PATCH, &path, &op).await;
                    body(h.get(&path).await).await[ext]["department"].to_string()
                },
            },
            PatchNoopModifies {
                rfc: "RFC 7644 §3.5.2.1 (an add that changes nothing keeps the modify timestamp)",
                does: "a PATCH that changes nothing is stored as a modification: lastModified and the version move",
                observe: "true", |h| {
                    let created = h.create_user("noop@example.com").await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let op = patch(json!([{"op": "add", "path": "userName", "value": "noop@example.com"}]));
                    let patched = body(h.send_json(Method::PATCH, &path, &op).await).await;
                    (patched["meta"]["version"] == created["meta"]["version"]).to_string()
                },
            },
            PatchRemoveFilterKeepsRecords {
                rfc: "RFC 7644 §3.5.2.2 (matching records are removed; none left: unassigned)",
                does: "PATCH remove through a value filter removes only the matched records' value, keeping the records",
                observe: "null", |h| {
                    let op = json!({"op": "remove", "path": "emails[type eq \"work\"]"});
                    read_after_patch(h, op).await["emails"].to_string()
                },
            },
            PatchUrnPathRefused {
                rfc: "RFC 7644 §3.5.2 (paths may be qualified by a schema URN)",
                does: "PATCH paths qualified by a schema URN (urn:…:enterprise:2.0:User:department) answer 400 invalidPath",
                observe: "200", |h| {
                    let department =
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
                    patch_status(h, json!({"op": "add", "path": department, "value": "Research"})).await
                },
            },
        }
    };
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
