//! Okta's Group Push: create the group empty, look it up by displayName, rename it with a
//! path-less `replace` carrying `id`, add and remove members, "Push Now" (replace all members,
//! also with none), the PUT variant, and delete on unlink.

use super::{shape, users};
use crate::call::{Encoding, send};
use crate::judge::{Axis, status};
use crate::scenario::{self, expect_members};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::Value;

/// Pushes a new, empty group with a run-unique name; returns its path, id and name.
async fn push(p: &mut Probe) -> Result<(String, String, String), Stop> {
    let name = p.ctx().data.unique("okta-group");
    let endpoint = p.endpoint("Group")?;
    let (path, id) = scenario::create(p, &endpoint, &shape::create_group(&endpoint, &name)).await?;
    Ok((path, id, name))
}

/// Two users to push as members: ids and Okta's member values (`value`, `display`).
async fn two_users(p: &mut Probe) -> Result<(Vec<String>, Vec<Value>), Stop> {
    let (mut ids, mut members) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        let user = users::app_user(p);
        let (_, id) = users::create(p, &user).await?;
        members.push(shape::member(&id, &user.user_name));
        ids.push(id);
    }
    Ok((ids, members))
}

fn refs(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

/// Create empty, find by displayName, rename with `id` in the value, delete, gone.
pub(super) async fn lifecycle(p: &mut Probe) -> Result<(), Stop> {
    let (path, id, name) = push(p).await?;
    let endpoint = p.endpoint("Group")?;
    let found =
        scenario::read(p, &shape::lookup_group(&endpoint, &name, Encoding::Percent)).await?;
    let ids = found.resource_ids();
    p.equal(
        &Axis::Rfc.on("lookup by displayName"),
        &[id.as_str()][..],
        &ids[..],
    )?;
    let renamed = format!("{name}-renamed");
    scenario::write(p, &shape::rename_group(&path, &id, &renamed)).await?;
    scenario::expect_at(p, &shape::get(&path), "/displayName", Value::from(renamed)).await?;
    let deleted = send(p, &shape::delete(&path)).await?;
    status(p, Axis::Rfc, &deleted, &[204])?;
    let gone = send(p, &shape::get(&path)).await?;
    status(p, Axis::Rfc, &gone, &[404])
}

/// Member add (with `display`) and remove by `members[value eq "…"]`.
pub(super) async fn membership(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = two_users(p).await?;
    let (path, _, _) = push(p).await?;
    scenario::write(p, &shape::add_members(&path, members)).await?;
    expect_members(p, &shape::get(&path), &refs(&ids), "members after add").await?;
    let Some((first, rest)) = ids.split_first() else {
        return Err(p.error("no users were created"));
    };
    scenario::write(p, &shape::remove_member(&path, first)).await?;
    let what = "members after removing one by members[value eq]";
    expect_members(p, &shape::get(&path), &refs(rest), what).await
}

/// "Push Now": replace all members, then replace with none.
pub(super) async fn push_now(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = two_users(p).await?;
    let (path, _, _) = push(p).await?;
    scenario::write(p, &shape::replace_members(&path, members)).await?;
    expect_members(p, &shape::get(&path), &refs(&ids), "members after Push Now").await?;
    scenario::write(p, &shape::replace_members(&path, Vec::new())).await?;
    expect_members(
        p,
        &shape::get(&path),
        &[],
        "members after pushing an empty group",
    )
    .await
}

/// The PUT variant: the whole group with its members, then with none.
pub(super) async fn put(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = two_users(p).await?;
    let (path, id, name) = push(p).await?;
    scenario::read(p, &shape::put_group(&path, &id, &name, members)).await?;
    expect_members(p, &shape::get(&path), &refs(&ids), "members after PUT").await?;
    scenario::read(p, &shape::put_group(&path, &id, &name, Vec::new())).await?;
    expect_members(p, &shape::get(&path), &[], "members after PUT with none").await
}
