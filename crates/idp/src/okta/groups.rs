//! Okta's Group Push: create the group empty, look it up by displayName, rename it with a
//! path-less `replace` carrying `id`, membership updates (one PATCH removing and adding, each
//! followed by the rename repeating the unchanged name), "Push Now" (replace all members, also
//! with none), the PUT of wizard-built apps, and delete on unlink.

use super::{shape, users};
use crate::call::send;
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

/// `n` users to push as members: ids and Okta's member values (`value`, `display`).
async fn users(p: &mut Probe, n: usize) -> Result<(Vec<String>, Vec<Value>), Stop> {
    let (mut ids, mut members) = (Vec::new(), Vec::new());
    for _ in 0..n {
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
    let found = scenario::read(p, &shape::lookup_group(&endpoint, &name)).await?;
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

/// Membership updates as Okta pushes them: one PATCH adding two members (with `display`), the
/// rename repeating the unchanged name and id, then one PATCH removing the first by
/// `members[value eq]` and adding a third, and the rename again.
pub(super) async fn membership(p: &mut Probe) -> Result<(), Stop> {
    let (ids, mut members) = users(p, 3).await?;
    let (path, id, name) = push(p).await?;
    let (Some(third), [first, second, added]) = (members.pop(), ids.as_slice()) else {
        return Err(p.error("three users were not created"));
    };
    let steps = [
        (
            shape::update_members(&path, &[], members),
            [first.as_str(), second.as_str()],
            "members after adding two",
        ),
        (
            shape::update_members(&path, &[first.as_str()], vec![third]),
            [second.as_str(), added.as_str()],
            "members after one PATCH removing one by members[value eq] and adding another",
        ),
    ];
    for (update, expected, what) in steps {
        scenario::write(p, &update).await?;
        scenario::write(p, &shape::rename_group(&path, &id, &name)).await?;
        expect_members(p, &shape::get(&path), &expected, what).await?;
    }
    let what = Axis::Rfc.on("displayName after renames repeating it");
    let read = scenario::read(p, &shape::get(&path)).await?;
    p.equal(&what, &Value::from(name), read.get("displayName"))
}

/// A membership push repeated (an IdP retrying, or pushing again): adding a member the group
/// already has succeeds and changes nothing.
pub(super) async fn readd(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = users(p, 1).await?;
    let (path, id, name) = push(p).await?;
    for _ in 0..2 {
        let add = shape::update_members(&path, &[], members.clone());
        scenario::write(p, &add).await?;
        scenario::write(p, &shape::rename_group(&path, &id, &name)).await?;
    }
    let what = "members after adding the same member twice";
    expect_members(p, &shape::get(&path), &refs(&ids), what).await
}

/// "Push Now": replace all members, then replace with none.
pub(super) async fn push_now(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = users(p, 2).await?;
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

/// The PUT of wizard-built apps: the whole group with its members, then with none.
pub(super) async fn put(p: &mut Probe) -> Result<(), Stop> {
    let (ids, members) = users(p, 2).await?;
    let (path, _, name) = push(p).await?;
    scenario::read(p, &shape::put_group(&path, &name, members)).await?;
    expect_members(p, &shape::get(&path), &refs(&ids), "members after PUT").await?;
    scenario::read(p, &shape::put_group(&path, &name, Vec::new())).await?;
    expect_members(p, &shape::get(&path), &[], "members after PUT with none").await
}
