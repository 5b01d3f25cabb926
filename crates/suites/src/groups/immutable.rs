//! Immutable attributes: once a group member's `value` is set, PATCH may not change it.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "groups.members.value-immutable",
            "PATCH replace of members[value eq \"A\"].value with another user's id answers 400 (scimType mutability) and keeps A",
            |p| Box::pin(member_value_immutable(p)),
        )
        .rfc("RFC 7643 §4.2 (members.value is immutable), §7 (immutable); RFC 7644 §3.5.2, §3.12")
        .requirements(&["7643-4.2-2", "7643-7-21", "7644-3.5.2-8", "7644-3.5.2-11"])
        .needs(&[Need::Users, Need::Groups, Need::Patch])
        .defects(&["immutable-changes-accepted"])
        .hint("Refuse a PATCH that changes a set immutable attribute (such as members.value) with 400 and scimType \"mutability\"; to swap a member, remove one and add the other.")
        .writes(),
    ]
}

async fn member_value_immutable(p: &mut Probe) -> Result<(), Stop> {
    let kept = p.create_user().await?;
    let other = p.create_user().await?;
    let group = p.create_group(&[kept.id.as_str()]).await?;
    let path = format!("members[value eq \"{}\"].value", kept.id);
    let reply = p
        .patch(
            &group.path,
            json!([{ "op": "replace", "path": path, "value": other.id }]),
        )
        .await?;
    p.status(&reply, &[400])?;
    p.note_scim_type(&reply, "mutability");
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let values: Vec<&str> = read
        .get("members")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m["value"].as_str())
        .collect();
    p.equal(
        "members after the refused replace",
        &[kept.id.as_str()][..],
        &values[..],
    )
}
