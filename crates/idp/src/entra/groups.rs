//! Entra's groups: created without members, found by a `displayName` filter (with spaces, read
//! with `excludedAttributes=members`), members added with `{"$ref": null, "value": …}` and
//! removed in the mode's shape, several changes in one PATCH.

use super::shape::{self, Mode};
use super::users;
use crate::judge::Axis;
use crate::scenario::{self, expect_members};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::{Value, json};

/// Creates an Entra group (no members) whose name has spaces; returns its path, id and name.
async fn create(p: &mut Probe) -> Result<(String, String, String), Stop> {
    let name = format!("{} Entra Group", p.ctx().data.unique("entra-group"));
    let endpoint = p.endpoint("Group")?;
    let call = shape::create(&endpoint, shape::group(&name, &name));
    let (path, id) = scenario::create(p, &endpoint, &call).await?;
    Ok((path, id, name))
}

async fn new_users(p: &mut Probe, n: usize) -> Result<Vec<String>, Stop> {
    let mut ids = Vec::new();
    for _ in 0..n {
        let user = users::body(p);
        ids.push(users::create(p, user).await?.1);
    }
    Ok(ids)
}

fn refs(ids: &[String]) -> Vec<&str> {
    ids.iter().map(String::as_str).collect()
}

/// Create, find by a displayName with spaces (`excludedAttributes=members`), add a member, read
/// without members.
pub(super) async fn reads(p: &mut Probe) -> Result<(), Stop> {
    let (path, id, name) = create(p).await?;
    let endpoint = p.endpoint("Group")?;
    let found = scenario::read(p, &shape::lookup_group(&endpoint, &name)).await?;
    p.equal(
        &Axis::Rfc.on("lookup by a displayName with spaces"),
        &[id.as_str()][..],
        &found.resource_ids()[..],
    )?;
    let members = new_users(p, 1).await?;
    scenario::write(p, &shape::patch(&path, shape::add_members(&refs(&members)))).await?;
    let slim = scenario::read(p, &shape::get(&path, Some("members"))).await?;
    let what = Axis::Rfc.on("members with excludedAttributes=members");
    p.expect_absent(&what, slim.get("members"))
}

/// Add two members, remove one and then the other in the mode's shape.
pub(super) async fn membership(p: &mut Probe, mode: Mode) -> Result<(), Stop> {
    let ids = new_users(p, 2).await?;
    let (path, _, _) = create(p).await?;
    scenario::write(p, &shape::patch(&path, shape::add_members(&refs(&ids)))).await?;
    expect_members(
        p,
        &shape::get(&path, None),
        &refs(&ids),
        "members after Add",
    )
    .await?;
    let [first, second] = ids.as_slice() else {
        return Err(p.error("two users were not created"));
    };
    let remove = Value::Array(vec![shape::remove_member(mode, first)]);
    scenario::write(p, &shape::patch(&path, remove)).await?;
    let what = "members after removing one";
    expect_members(p, &shape::get(&path, None), &[second.as_str()], what).await?;
    let remove = Value::Array(vec![shape::remove_member(mode, second)]);
    scenario::write(p, &shape::patch(&path, remove)).await?;
    let what = "members after removing the other";
    expect_members(p, &shape::get(&path, None), &[], what).await
}

/// A member add repeated (Entra re-sends member adds): adding a member the group already has
/// succeeds and changes nothing.
pub(super) async fn readd(p: &mut Probe) -> Result<(), Stop> {
    let ids = new_users(p, 1).await?;
    let (path, _, _) = create(p).await?;
    for _ in 0..2 {
        let add = shape::patch(&path, shape::add_members(&refs(&ids)));
        scenario::write(p, &add).await?;
    }
    let what = "members after adding the same member twice";
    expect_members(p, &shape::get(&path, None), &refs(&ids), what).await
}

/// One PATCH with several changes: rename, add one member, remove another.
pub(super) async fn several(p: &mut Probe, mode: Mode) -> Result<(), Stop> {
    let ids = new_users(p, 2).await?;
    let (path, _, name) = create(p).await?;
    let [first, second] = ids.as_slice() else {
        return Err(p.error("two users were not created"));
    };
    let add = shape::add_members(&[first.as_str()]);
    scenario::write(p, &shape::patch(&path, add)).await?;
    let renamed = format!("{name} renamed");
    let ops = json!([
        shape::op("replace", "displayName", json!(renamed)),
        shape::add_members(&[second.as_str()])[0],
        shape::remove_member(mode, first),
    ]);
    scenario::write(p, &shape::patch(&path, ops)).await?;
    let what = "members after one PATCH adding one and removing another";
    expect_members(p, &shape::get(&path, None), &[second.as_str()], what).await?;
    scenario::expect_at(p, &shape::get(&path, None), "/displayName", json!(renamed)).await
}
