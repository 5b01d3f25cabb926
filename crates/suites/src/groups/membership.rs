//! Membership: a user's computed `groups`, and deleting a user removes it from its groups.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "groups.membership.user-groups",
            "A user's read-only groups attribute lists the groups it is a member of",
            |p| Box::pin(user_groups(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups)")
        .needs(&[Need::Users, Need::Groups])
        .defects(&["groups-not-computed"])
        .hint("Compute User.groups from group memberships (value = group id, display = displayName) when returning a user.")
        .writes(),
        Check::new(
            "groups.membership.deleted-user-removed",
            "Deleting a user removes it from the members of its groups",
            |p| Box::pin(deleted_user_removed(p)),
        )
        .rfc("RFC 7644 §3.6")
        .needs(&[Need::Users, Need::Groups])
        .defects(&["delete-keeps-memberships"])
        .hint("When a user is deleted, delete its membership rows too (a foreign key with ON DELETE CASCADE does it).")
        .writes(),
    ]
}

async fn user_groups(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let groups = read.values("groups");
    p.expect(
        groups.contains(&group.id.as_str()),
        "user.groups contains the group",
        &group.id,
        format!("{groups:?}"),
    )
}

async fn deleted_user_removed(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let reply = p.delete(&user.path).await?;
    p.status(&reply, &[204])?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let members = read.values("members");
    p.expect(
        !members.contains(&user.id.as_str()),
        "group members after deleting the user",
        "without the deleted user",
        format!("{members:?}"),
    )
}
