//! Okta's Group Push: create the group empty, look it up by displayName, rename it with a
//! path-less `replace` carrying `id`, add and remove members, "Push Now" (replace all members,
//! also with none), the PUT variant, and delete on unlink.

use super::shape;
use crate::call::{Encoding, send};
use crate::judge::{Axis, expect, status};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::Value;

/// Pushes a new, empty group; returns its path and id.
async fn push(p: &mut Probe, display_name: &str) -> Result<(String, String), Stop> {
    let endpoint = p.endpoint("Group")?;
    let reply = send(p, &shape::create_group(&endpoint, display_name)).await?;
    status(p, Axis::Rfc, &reply, &[201])?;
    let id = reply.id().unwrap_or_default().to_owned();
    expect(
        p,
        Axis::Rfc,
        !id.is_empty(),
        "201 body carries an id",
        "an id",
        reply.excerpt(),
    )?;
    Ok((format!("{endpoint}/{id}"), id))
}

/// Two users to push as members: (id, userName) pairs.
async fn two_users(p: &mut Probe) -> Result<Vec<(String, String)>, Stop> {
    let mut users = Vec::new();
    for _ in 0..2 {
        let created = p.create_user().await?;
        let name = created.sent["userName"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        users.push((created.id, name));
    }
    Ok(users)
}

fn members(users: &[(String, String)]) -> Vec<Value> {
    users
        .iter()
        .map(|(id, name)| shape::member(id, name))
        .collect()
}

/// The group's member ids as read back, sorted.
async fn member_ids(p: &mut Probe, path: &str) -> Result<Vec<String>, Stop> {
    let read = send(p, &shape::get(path)).await?;
    status(p, Axis::Rfc, &read, &[200])?;
    let mut ids: Vec<String> = read
        .values("members")
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    ids.sort();
    Ok(ids)
}

async fn expect_members(
    p: &mut Probe,
    path: &str,
    users: &[&(String, String)],
    what: &str,
) -> Result<(), Stop> {
    let mut expected: Vec<String> = users.iter().map(|(id, _)| id.clone()).collect();
    expected.sort();
    let actual = member_ids(p, path).await?;
    expect(
        p,
        Axis::Rfc,
        actual == expected,
        what,
        format!("{expected:?}"),
        format!("{actual:?}"),
    )
}

/// Create empty, find by displayName, rename with `id` in the value, delete, gone.
pub(super) async fn lifecycle(p: &mut Probe) -> Result<(), Stop> {
    let name = p.ctx().data.unique("okta-group");
    let (path, id) = push(p, &name).await?;
    let endpoint = p.endpoint("Group")?;
    let found = send(p, &shape::lookup_group(&endpoint, &name, Encoding::Percent)).await?;
    status(p, Axis::Rfc, &found, &[200])?;
    let ids = found.resource_ids();
    expect(
        p,
        Axis::Rfc,
        ids == [id.as_str()],
        "lookup by displayName",
        &id,
        format!("{ids:?}"),
    )?;
    let renamed = format!("{name}-renamed");
    let patch = send(p, &shape::rename_group(&path, &id, &renamed)).await?;
    status(p, Axis::Rfc, &patch, &[200, 204])?;
    let read = send(p, &shape::get(&path)).await?;
    let shown = read.get("displayName").clone();
    expect(
        p,
        Axis::Rfc,
        shown == renamed.as_str(),
        "displayName after rename",
        &renamed,
        shown,
    )?;
    let deleted = send(p, &shape::delete(&path)).await?;
    status(p, Axis::Rfc, &deleted, &[204])?;
    let gone = send(p, &shape::get(&path)).await?;
    status(p, Axis::Rfc, &gone, &[404])
}

/// Member add (with `display`) and remove by `members[value eq "…"]`.
pub(super) async fn membership(p: &mut Probe) -> Result<(), Stop> {
    let users = two_users(p).await?;
    let name = p.ctx().data.unique("okta-group");
    let (path, _) = push(p, &name).await?;
    let add = send(p, &shape::add_members(&path, members(&users))).await?;
    status(p, Axis::Rfc, &add, &[200, 204])?;
    let all: Vec<&(String, String)> = users.iter().collect();
    expect_members(p, &path, &all, "members after add").await?;
    let Some((first, rest)) = all.split_first() else {
        return Err(p.error("no users were created"));
    };
    let remove = send(p, &shape::remove_member(&path, &first.0)).await?;
    status(p, Axis::Rfc, &remove, &[200, 204])?;
    expect_members(
        p,
        &path,
        rest,
        "members after removing one by members[value eq]",
    )
    .await
}

/// "Push Now": replace all members, then replace with none.
pub(super) async fn push_now(p: &mut Probe) -> Result<(), Stop> {
    let users = two_users(p).await?;
    let name = p.ctx().data.unique("okta-group");
    let (path, _) = push(p, &name).await?;
    let replace = send(p, &shape::replace_members(&path, members(&users))).await?;
    status(p, Axis::Rfc, &replace, &[200, 204])?;
    let all: Vec<&(String, String)> = users.iter().collect();
    expect_members(p, &path, &all, "members after Push Now").await?;
    let empty = send(p, &shape::replace_members(&path, Vec::new())).await?;
    status(p, Axis::Rfc, &empty, &[200, 204])?;
    expect_members(p, &path, &[], "members after pushing an empty group").await
}

/// The PUT variant: the whole group with its members, then with none.
pub(super) async fn put(p: &mut Probe) -> Result<(), Stop> {
    let users = two_users(p).await?;
    let name = p.ctx().data.unique("okta-group");
    let (path, id) = push(p, &name).await?;
    let put = send(p, &shape::put_group(&path, &id, &name, members(&users))).await?;
    status(p, Axis::Rfc, &put, &[200])?;
    let all: Vec<&(String, String)> = users.iter().collect();
    expect_members(p, &path, &all, "members after PUT").await?;
    let emptied = send(p, &shape::put_group(&path, &id, &name, Vec::new())).await?;
    status(p, Axis::Rfc, &emptied, &[200])?;
    expect_members(p, &path, &[], "members after PUT with none").await
}
