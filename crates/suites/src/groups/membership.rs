//! Membership: a member's `$ref`, a user's computed `groups`, and deleting a user removes it
//! from its groups.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};
use scim::schema::urn;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "groups.membership.member-ref-resolves",
            "A member's $ref, where given, is a URI that resolves (against the base URL) to the member, and a GET of it answers that user",
            |p| Box::pin(member_ref_resolves(p)),
        )
        .rfc("RFC 7643 §2.3.7 (a reference is the absolute or relative URI of its target, resolved against the base URI; a GET of it answers the target)")
        .requirements(&["7643-2.3.7-2", "7643-2.3.7-3", "7643-2.3.7-4", "7643-2.3.7-5"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["member-ref-is-id"])
        .hint("Give members.$ref the member's URL (meta.location of the user, e.g. https://host/scim/v2/Users/<id>), or leave $ref out; not the bare id.")
        .writes(),
        Check::new(
            "groups.membership.user-groups",
            "A user's read-only groups attribute lists the groups it is a member of",
            |p| Box::pin(user_groups(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups)")
        .requirements(&["7643-4.1.2-21"])
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
        .requirements(&["7643-2.3.7-6"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["delete-keeps-memberships"])
        .hint("When a user is deleted, delete its membership rows too (a foreign key with ON DELETE CASCADE does it).")
        .writes(),

        Check::new(
            "groups.membership.user-groups-after-patch-add",
            "After PATCH add of a member, the user's groups lists the group",
            |p| Box::pin(after_patch_add(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups); RFC 7644 §3.5.2.1")
        .requirements(&["7643-4.1.2-21"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Groups, Need::Patch])
        .defects(&["groups-not-computed"])
        .hint("Compute User.groups from the membership table, so a PATCH on the group shows on the user.")
        .writes(),
        Check::new(
            "groups.membership.user-groups-display",
            "Each entry of a user's groups carries the group's displayName as display",
            |p| Box::pin(user_groups_display(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups.display)")
        .requirements(&["7643-2.4-2", "7643-4.1.2-21"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["groups-not-computed"])
        .hint("Fill groups[].display with the group's displayName.")
        .writes(),
        Check::new(
            "groups.membership.user-groups-type-direct",
            "A membership made through the Group is listed in the user's groups as direct, when a type is given",
            |p| Box::pin(user_groups_type(p)),
        )
        .rfc("RFC 7643 §4.1.2 (groups.type: direct membership SHOULD mean it is changed through the Group)")
        .requirements(&["7643-4.1.2-19"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["user-groups-type-indirect"])
        .hint("Give groups[].type \"direct\" for a membership held by the Group's members (the one clients change through the Group); \"indirect\" is for memberships inherited through nested groups.")
        .writes(),
        Check::new(
            "groups.membership.filter-users-by-group",
            "GET /Users?filter=groups.value eq \"<group id>\" finds the group's members",
            |p| Box::pin(filter_by_group(p)),
        )
        .rfc("RFC 7644 §3.4.2.2; RFC 7643 §4.1.2")
        .requirements(&["7643-4.1.2-21", "7644-3.4.2.2-4"])
        .needs(&[Need::Users, Need::Groups, Need::Filter])
        .defects(&["groups-not-computed"])
        .hint("Let filters reach the computed groups attribute (join the membership table).")
        .writes(),

        Check::new(
            "groups.membership.deleted-user-not-filtered",
            "After a user is deleted, members.value eq <its id> finds no group",
            |p| Box::pin(deleted_not_filtered(p)),
        )
        .rfc("RFC 7644 §3.6, §3.4.2.2")
        .requirements(&["7643-2.3.7-6"])
        .needs(&[Need::Users, Need::Groups, Need::Filter])
        .defects(&["delete-keeps-memberships"])
        .hint("Delete membership rows with the user, so group filters stop matching it.")
        .writes(),
    ]
}

/// Skips when the server's published User schema leaves `groups` out: RFC 7643 §4.1.2 makes the
/// attribute optional, and its MUST (each value is the group's id) binds a server that offers
/// it. A server that publishes no User schema is judged as if it offered it.
fn offers_user_groups(p: &mut Probe) -> Result<(), Stop> {
    if p.may_send(urn::USER, "groups") {
        Ok(())
    } else {
        Err(p.skip("the server's User schema has no groups attribute (optional, RFC 7643 §4.1.2)"))
    }
}

async fn member_ref_resolves(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let members = read.get("members").as_array().cloned().unwrap_or_default();
    let member = members.iter().find(|m| m["value"] == user.id.as_str());
    let Some(reference) = member.and_then(|m| m["$ref"].as_str()) else {
        return Err(
            p.skip("the member carries no $ref (optional, RFC 7643 §4.2): nothing to resolve")
        );
    };
    // Relative references resolve against the base URL, up to and not including the endpoint.
    let base = format!("{}/", p.ctx().target.base_url);
    let resolved = url::Url::parse(&base).and_then(|b| Ok((b.join(reference)?, b)));
    let Ok((resolved, base)) = resolved else {
        return Err(p.fail(format!("members.$ref {reference:?} is not a URI")));
    };
    p.expect_ends_with("members.$ref resolved", &user.path, Some(resolved.as_str()))?;
    if resolved.origin() != base.origin() {
        // Credentials go to the target only: a reference to another host is not followed.
        p.note(format!(
            "{resolved} is on another host than the target: not followed"
        ));
        return p.pass();
    }
    let target = p.get(resolved.as_str()).await?;
    p.status(&target, &[200])?;
    p.equal(
        "id of the resource $ref names",
        &user.id.as_str(),
        &target.id().unwrap_or_default(),
    )
}

async fn user_groups(p: &mut Probe) -> Result<(), Stop> {
    offers_user_groups(p)?;
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let groups = read.values("groups");
    p.expect_includes("user.groups", &groups, &group.id.as_str())
}

async fn deleted_user_removed(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    p.delete_created(&user.path).await?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let members = read.values("members");
    p.expect_excludes(
        "group members after deleting the user",
        &members,
        &user.id.as_str(),
    )
}

async fn after_patch_add(p: &mut Probe) -> Result<(), Stop> {
    offers_user_groups(p)?;
    let user = p.create_user().await?;
    let group = p.create_group(&[]).await?;
    let op =
        serde_json::json!([{ "op": "add", "path": "members", "value": [{ "value": user.id }] }]);
    let reply = p.patch(&group.path, op).await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    let groups = read.values("groups");
    p.expect_includes("user.groups", &groups, &group.id.as_str())
}

/// Makes a new user a member of a new group through the Group; the group as created and the
/// user's `groups` entry for it as read back (`None`: not listed).
async fn membership_entry(p: &mut Probe) -> Result<(Created, Option<Value>), Stop> {
    offers_user_groups(p)?;
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let read = p.get(&user.path).await?;
    let entry = read.get("groups").as_array().and_then(|g| {
        g.iter()
            .find(|e| e.get("value").and_then(Value::as_str) == Some(group.id.as_str()))
            .cloned()
    });
    Ok((group, entry))
}

async fn user_groups_display(p: &mut Probe) -> Result<(), Stop> {
    let (group, entry) = membership_entry(p).await?;
    let entry = entry.as_ref();
    // `display` is optional (RFC 7643 §4.1.2); what RFC 7643 §2.4 requires is that, when given,
    // it carries its defined meaning: the group's human-readable name.
    if let Some(entry) = entry
        && entry.get("display").is_none()
    {
        p.note("the user's groups entry has no display (optional); nothing to compare");
        return p.pass();
    }
    let display = entry
        .and_then(|e| e.get("display"))
        .cloned()
        .unwrap_or_default();
    p.equal("groups[].display", &group.sent["displayName"], &display)
}

async fn user_groups_type(p: &mut Probe) -> Result<(), Stop> {
    let (_, entry) = membership_entry(p).await?;
    let Some(entry) = entry else {
        return Err(p.blocked(
            "groups.membership.user-groups",
            "the user's groups does not list the group it was made a member of",
        ));
    };
    // `type` is optional (RFC 7643 §4.1.2); when given, a membership the Group holds is direct.
    let Some(kind) = entry.get("type") else {
        p.note("the user's groups entry has no type (optional); nothing to judge");
        return p.pass();
    };
    p.equal("groups[].type", &Value::from("direct"), kind)
}

async fn filter_by_group(p: &mut Probe) -> Result<(), Stop> {
    offers_user_groups(p)?;
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let endpoint = p.endpoint("User")?;
    let filter = format!("groups.value eq \"{}\"", group.id);
    let list = p
        .filter_unless_refused(&endpoint, &filter, "groups.value")
        .await?;
    let ids = list.resource_ids();
    p.equal("users in the group", &[user.id.as_str()][..], &ids[..])
}

async fn deleted_not_filtered(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    p.create_group(&[&user.id]).await?;
    p.delete_created(&user.path).await?;
    let endpoint = p.endpoint("Group")?;
    let filter = format!("members.value eq \"{}\"", user.id);
    // What is judged is that the deleted user stops matching; whether the server filters on
    // members.value at all is its choice (better-auth refuses it, correctly).
    let list = p
        .filter_unless_refused(&endpoint, &filter, "members.value")
        .await?;
    let ids = list.resource_ids();
    p.equal("groups still listing the deleted user", &[][..], &ids[..])
}
