//! Group members through PATCH: replace all members (Okta "Push Now").

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
        "patch.members.replace",
        "PATCH replace of members sets exactly the given members",
        |p| Box::pin(replace(p)),
    )
    .rfc("RFC 7644 §3.5.2.3")
    .requirements(&["7643-4.2-2"])
    .tags(&["okta"])
    .needs(&[Need::Users, Need::Groups, Need::Patch])
    .defects(&["members-replace-unsupported"])
    .hint("Support op replace on members: the given list becomes the whole membership (Okta Push Now sends it).")
    .writes(),

        Check::new(
            "patch.members.replace-to-empty",
            "PATCH replace of members with [] empties the group",
            |p| Box::pin(replace_to_empty(p)),
        )
        .rfc("RFC 7644 §3.5.2.3")
        .requirements(&["7643-2.5-1"])
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Groups, Need::Patch])
        .defects(&["members-replace-unsupported"])
        .hint("Accept replace of members with an empty array (Okta Push Now of an empty group).")
        .writes(),
        Check::new(
            "patch.members.remove-by-filter",
            "PATCH remove members[value eq \"…\"] removes only that member",
            |p| Box::pin(remove_by_filter(p)),
        )
        .rfc("RFC 7644 §3.5.2.2")
        .requirements(&["7643-4.2-2", "7644-3.5.2.2-3"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Groups, Need::Patch])
        .defects(&["patch-ignores-value-filter"])
        .hint("Apply the members[value eq …] filter: remove the matching member, keep the others.")
        .writes(),
    ]
}

async fn replace(p: &mut Probe) -> Result<(), Stop> {
    let first = p.create_user().await?;
    let second = p.create_user().await?;
    let group = p.create_group(&[&first.id]).await?;
    let operation =
        json!({ "op": "replace", "path": "members", "value": [{ "value": second.id }] });
    let members = members_after(p, &group.path, operation).await?;
    p.equal(
        "members after replace",
        &[second.id.clone()][..],
        &members[..],
    )
}

/// Sends one PATCH operation to `group` and returns the member ids afterwards.
pub(super) async fn members_after(
    p: &mut Probe,
    group: &str,
    operation: serde_json::Value,
) -> Result<Vec<String>, Stop> {
    let read = super::patch_and_read(p, group, operation).await?;
    Ok(read
        .values("members")
        .into_iter()
        .map(str::to_owned)
        .collect())
}

async fn replace_to_empty(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let members = members_after(
        p,
        &group.path,
        json!({ "op": "replace", "path": "members", "value": [] }),
    )
    .await?;
    p.equal("members after replace with []", &[][..], &members[..])
}

async fn remove_by_filter(p: &mut Probe) -> Result<(), Stop> {
    let first = p.create_user().await?;
    let second = p.create_user().await?;
    let group = p.create_group(&[&first.id, &second.id]).await?;
    let path = format!("members[value eq \"{}\"]", first.id);
    let members = members_after(p, &group.path, json!({ "op": "remove", "path": path })).await?;
    p.equal(
        "members after removing the first",
        &[second.id.clone()][..],
        &members[..],
    )
}
