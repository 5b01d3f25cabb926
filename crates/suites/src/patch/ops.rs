//! How operations are spelled: op names in any case, booleans sent as strings.

use crate::check::{Check, Need, Severity};
use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Stop};
use crate::setup;
use scim::schema::urn;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.op.capitalized",
            "PATCH accepts op names in any case (\"Replace\", as Entra sends)",
            |p| Box::pin(capitalized(p)),
        )
        .rfc("RFC 7644 §3.5.2; Entra ID SCIM compatibility")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-capitalized-op"])
        .hint("Compare PATCH op values case-insensitively: Entra sends \"Replace\", \"Add\" and \"Remove\".")
        .writes(),
        Check::new(
            "patch.value.string-boolean",
            "PATCH accepts \"False\" (a string) for the boolean active, as Entra sends it",
            |p| Box::pin(string_boolean(p)),
        )
        .rfc("Entra ID SCIM compatibility (string booleans); RFC 7643 §2.3.2")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-string-booleans"])
        .hint("Coerce \"True\"/\"False\" strings to booleans for boolean attributes, or Entra cannot disable users.")
        .writes(),

        Check::new(
            "patch.op.capitalized-add",
            "PATCH accepts \"Add\" (capitalised, as Entra sends)",
            |p| Box::pin(capitalized_add(p)),
        )
        .rfc("RFC 7644 §3.5.2; Entra ID SCIM compatibility")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-capitalized-op"])
        .hint("Compare PATCH op values case-insensitively.")
        .writes(),
        Check::new(
            "patch.op.capitalized-remove",
            "PATCH accepts \"Remove\" (capitalised, as Entra sends)",
            |p| Box::pin(capitalized_remove(p)),
        )
        .rfc("RFC 7644 §3.5.2; Entra ID SCIM compatibility")
        .severity(Severity::Interop)
        .tags(&["entra"])
        // A remove left undone whatever its spelling is `patch.remove.*`'s rule, not the case.
        .shared_rule(setup::REMOVE_UNASSIGNS)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-capitalized-op"])
        .hint("Compare PATCH op values case-insensitively.")
        .writes(),
        Check::new(
            "patch.value.string-boolean-true",
            "PATCH accepts \"True\" (a string) to reactivate a user",
            |p| Box::pin(string_true(p)),
        )
        .rfc("Entra ID SCIM compatibility (string booleans); RFC 7643 §2.3.2")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-string-booleans"])
        .hint("Coerce \"True\"/\"False\" to booleans for boolean attributes.")
        .writes(),
        Check::new(
            "patch.mutability.read-only-400",
            "PATCH of a readOnly attribute answers 400 and changes nothing: a replace of meta.created, and an add of an existing group to the groups of a user who has none",
            |p| Box::pin(read_only_400(p)),
        )
        .rfc("RFC 7644 §3.5.2 (an operation must suit the attribute's mutability), §3.12 (mutability); RFC 7643 §3.1 (meta is readOnly)")
        .requirements(&["7644-3.5.2-8", "7644-3.5.2-11"])
        .needs(&[Need::Users, Need::Patch])
        // The groups half creates a group; where groups are not offered it is left out.
        .builds_on(&[
            Prerequisite::CreateUser,
            Prerequisite::PatchUser,
            Prerequisite::CreateGroup,
        ])
        .defects(&["patch-read-only-accepted"])
        .hint("Refuse a PATCH operation that would change a readOnly attribute (id, meta, groups) with 400 and scimType \"mutability\"; do not answer 200 and ignore it.")
        .writes(),
        Check::new(
            "patch.target.unknown-id-404",
            "PATCH /Users/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.5.2, §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 when the resource to modify does not exist.")
        .writes(),
        Check::new(
            "patch.response.password-not-returned",
            "A PATCH answered with 200 does not return the password",
            |p| Box::pin(password_not_returned(p)),
        )
        .rfc("RFC 7643 §4.1.1 (password returned \"never\")")
        .requirements(&["7643-4.1.1-12", "7643-4.1.1-18", "7643-7-23", "7644-3.5.2-20"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["password-returned"])
        .hint("Drop the password from PATCH responses.")
        .writes(),

        Check::new(
            "patch.target.unknown-group-404",
            "PATCH /Groups/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_group_404(p)),
        )
        .rfc("RFC 7644 §3.5.2, §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Groups, Need::Patch])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 when the group to modify does not exist.")
        .writes(),

        Check::new(
            "patch.replace.without-path",
            "PATCH replace without a path sets every attribute of the value object",
            |p| Box::pin(replace_without_path(p)),
        )
        .rfc("RFC 7644 §3.5.2.3 (path optional for replace)")
        .requirements(&["7644-3.5.2-6", "7644-3.5.2.3-1"])
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-replace-pathless-unsupported"])
        .hint("Without a path, treat the value as a partial resource and replace each attribute it names (Okta deactivates users this way).")
        .writes(),
        Check::new(
            "patch.add.without-path",
            "PATCH add without a path adds every attribute of the value object",
            |p| Box::pin(add_without_path(p)),
        )
        .rfc("RFC 7644 §3.5.2.1 (add without path)")
        .requirements(&["7644-3.5.2-6", "7644-3.5.2.1-2"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-add-pathless-ignored"])
        .hint("Without a path, the add value is a partial resource: add each attribute it names (Entra sends adds this way).")
        .writes(),
    ]
}

async fn capitalized(p: &mut Probe) -> Result<(), Stop> {
    let op = json!({ "op": "Replace", "path": "displayName", "value": "Ada Replaced" });
    let wanted = (
        "displayName after Replace",
        "displayName",
        json!("Ada Replaced"),
    );
    expect_after(p, op, wanted).await
}

async fn string_boolean(p: &mut Probe) -> Result<(), Stop> {
    let op = json!({ "op": "replace", "path": "active", "value": "False" });
    expect_after(p, op, ("active after \"False\"", "active", json!(false))).await
}

/// What an attribute must hold after an operation: the record's name for it, the attribute,
/// its value.
type Wanted = (&'static str, &'static str, Value);

/// Creates a user, applies one operation (200 or 204), reads the user back and expects one
/// attribute's value.
async fn expect_after(p: &mut Probe, operation: Value, wanted: Wanted) -> Result<(), Stop> {
    let (what, attribute, value) = wanted;
    let user = p.create_user().await?;
    let read = super::patch_and_read(p, &user.path, operation).await?;
    p.equal(what, &value, read.get(attribute))
}

async fn capitalized_add(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "nickName")?;
    let op = json!({ "op": "Add", "path": "nickName", "value": "Ada" });
    expect_after(p, op, ("nickName after Add", "nickName", json!("Ada"))).await
}

async fn capitalized_remove(p: &mut Probe) -> Result<(), Stop> {
    let op = json!({ "op": "Remove", "path": "displayName" });
    expect_after(
        p,
        op,
        (super::REMOVED_DISPLAY_NAME, "displayName", Value::Null),
    )
    .await
}

async fn string_true(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    for value in [json!(false), json!("True")] {
        let reply = p
            .patch(
                &user.path,
                json!([{ "op": "replace", "path": "active", "value": value }]),
            )
            .await?;
        p.status(&reply, &[200, 204])?;
    }
    let read = p.get(&user.path).await?;
    p.equal(
        "active after false, then \"True\"",
        &Value::Bool(true),
        read.get("active"),
    )
}

async fn unknown_404(p: &mut Probe) -> Result<(), Stop> {
    patch_missing(
        p,
        "User",
        json!({ "op": "replace", "path": "active", "value": false }),
    )
    .await
}

/// PATCHes an id of resource type `name` that does not exist, expecting 404.
async fn patch_missing(p: &mut Probe, name: &str, operation: Value) -> Result<(), Stop> {
    let endpoint = p.endpoint(name)?;
    let path = p.missing_path(&endpoint);
    let reply = p.patch(&path, json!([operation])).await?;
    p.status(&reply, &[404])
}

async fn password_not_returned(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user_with_password().await?;
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "replace", "path": "displayName", "value": "Ada" }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    if reply.status == 204 {
        return Err(p.skip("the server answers PATCH with 204 (no body), which is allowed"));
    }
    p.expect_absent(
        "password in the PATCH response",
        reply.attribute("password"),
    )
}

async fn unknown_group_404(p: &mut Probe) -> Result<(), Stop> {
    patch_missing(
        p,
        "Group",
        json!({ "op": "replace", "path": "displayName", "value": "x" }),
    )
    .await
}

async fn replace_without_path(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "nickName")?;
    let value = json!({ "displayName": "Ada Pathless", "nickName": "Countess" });
    let user = p.create_user().await?;
    let op = json!({ "op": "replace", "value": value });
    let read = super::patch_and_read(p, &user.path, op).await?;
    p.equal(
        "displayName",
        &value["displayName"],
        read.get("displayName"),
    )?;
    p.equal("nickName", &value["nickName"], read.get("nickName"))
}

async fn add_without_path(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "nickName")?;
    let op = json!({ "op": "add", "value": { "nickName": "Countess" } });
    expect_after(p, op, ("nickName", "nickName", json!("Countess"))).await
}

async fn read_only_400(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let created = read.get("meta")["created"].clone();
    if !created.is_string() {
        return Err(p.skip("the user has no meta.created to try to change"));
    }
    let op = json!([{ "op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z" }]);
    let reply = p.patch(&user.path, op).await?;
    p.status(&reply, &[400])?;
    p.note_scim_type(&reply, "mutability");
    let after = p.get(&user.path).await?;
    p.equal(
        "meta.created after the refused replace",
        &created,
        &after.get("meta")["created"],
    )?;
    // A readOnly attribute without a value is no more writable than one with a value. The
    // group is a real one, so the only thing wrong with the operation is its mutability (a
    // made-up id could rightly be answered 404 or invalidValue).
    if !p.may_send(urn::USER, "groups") || p.ctx().discovered.offers(Need::Groups).is_err() {
        p.note("the server offers no groups (or its User schema no groups attribute): only meta.created was tried");
        return p.pass();
    }
    let group = p.create_group(&[]).await?;
    let op = json!([{ "op": "add", "path": "groups", "value": [{ "value": group.id }] }]);
    let reply = p.patch(&user.path, op).await?;
    p.status(&reply, &[400])?;
    p.note_scim_type(&reply, "mutability");
    p.pass()
}
