//! What a PATCH must never do to a resource: apply half of its operations, remove a required
//! attribute, or leave two values of one attribute `primary`.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.atomic.failed-op-changes-nothing",
            "A PATCH whose second operation fails leaves the first operation's change unapplied",
            |p| Box::pin(atomic(p)),
        )
        .rfc("RFC 7644 §3.5.2 (operations are applied all or none)")
        .requirements(&["7644-3.5.2-16", "7644-3.5.2-17", "7644-3.5.2-18"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-not-atomic", "patch-invalid-value-500"])
        .hint("Apply all operations of a PATCH to a copy and store it only when every one succeeded; on an error keep the resource as it was.")
        .writes(),
        Check::new(
            "patch.remove.required-refused",
            "PATCH remove of userName (required) answers 400 and keeps the userName",
            |p| Box::pin(remove_required(p)),
        )
        .rfc("RFC 7644 §3.5.2.2; RFC 7643 §4.1.1 (userName required)")
        .requirements(&["7643-4.1.1-3", "7644-3.5.2-8", "7644-3.5.2-11", "7644-3.5.2-18", "7644-3.5.2.2-6"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-remove-required-accepted"])
        .hint("Refuse to remove or clear a required attribute with 400 (scimType invalidValue or mutability).")
        .writes(),
        Check::new(
            "patch.primary.exclusive",
            "Adding an email with primary=true leaves exactly one primary email",
            |p| Box::pin(primary_exclusive(p)),
        )
        .rfc("RFC 7643 §2.4 (primary true at most once); RFC 7644 §3.5.2.1")
        .requirements(&["7643-2.4-3", "7644-3.5.2-15"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-primary-not-exclusive"])
        .hint("When a PATCH sets primary=true on one value of a multi-valued attribute, set primary=false on the others.")
        .writes(),
    ]
}

async fn primary_exclusive(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let had_primary = user.sent["emails"]
        .as_array()
        .is_some_and(|e| e.iter().any(|v| v["primary"] == true));
    if !had_primary {
        return Err(p.skip("the server's User schema offers no emails with primary to test"));
    }
    let second = format!("{}@example.com", p.ctx().data.unique("second"));
    let value = json!([{ "value": second, "type": "home", "primary": true }]);
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "add", "path": "emails", "value": value }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let primaries: Vec<&str> = read
        .get("emails")
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["primary"] == true)
        .filter_map(|e| e["value"].as_str())
        .collect();
    p.equal(
        "primary emails after the add",
        &[second.as_str()][..],
        &primaries[..],
    )
}

async fn atomic(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let before = user.sent["displayName"].clone();
    let operations = json!([
        { "op": "replace", "path": "displayName", "value": "Ada Half-Patched" },
        { "op": "replace", "path": "userName", "value": 42 }
    ]);
    let reply = p.patch(&user.path, operations).await?;
    p.status(&reply, &[400])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "displayName after the refused PATCH",
        &before,
        read.get("displayName"),
    )
}

async fn remove_required(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p
        .patch(&user.path, json!([{ "op": "remove", "path": "userName" }]))
        .await?;
    p.status(&reply, &[400])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "userName after the refused remove",
        &user.sent["userName"],
        read.get("userName"),
    )
}
