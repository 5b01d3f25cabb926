//! Entra's groups: created without members, read with `excludedAttributes=members`, found by a
//! displayName filter, members added and removed with value arrays (and the `members[value eq]`
//! variant), several changes in one PATCH.

use super::{shape, users};
use crate::judge::Axis;
use crate::scenario::{self, expect_members};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::json;

/// Creates an Entra group (no members); returns its path, id and name.
async fn create(p: &mut Probe) -> Result<(String, String, String), Stop> {
    let name = p.ctx().data.unique("entra-group");
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

fn values(ids: &[&String]) -> serde_json::Value {
    ids.iter().map(|id| json!({"value": id})).collect()
}

/// Create, find by displayName, add members with a value array, read without members.
pub(super) async fn reads(p: &mut Probe) -> Result<(), Stop> {
    let (path, id, name) = create(p).await?;
    let endpoint = p.endpoint("Group")?;
    let filter = format!("displayName eq {}", crate::call::literal(&name));
    let found = scenario::read(p, &shape::filter(&endpoint, &filter)).await?;
    let ids = found.resource_ids();
    p.equal(
        &Axis::Rfc.on("filter by displayName"),
        &[id.as_str()][..],
        &ids[..],
    )?;
    let members = new_users(p, 1).await?;
    let add = json!([{"op": "Add", "path": "members", "value": values(&members.iter().collect::<Vec<_>>())}]);
    scenario::write(p, &shape::patch(&path, add)).await?;
    let slim = scenario::read(p, &shape::get(&path, Some("members"))).await?;
    let what = Axis::Rfc.on("members with excludedAttributes=members");
    p.expect_absent(&what, slim.get("members"))
}

/// Add two members with a value array, remove one with a value array, remove the other by
/// `members[value eq]`.
pub(super) async fn membership(p: &mut Probe) -> Result<(), Stop> {
    let ids = new_users(p, 2).await?;
    let (path, _, _) = create(p).await?;
    let all: Vec<&String> = ids.iter().collect();
    let add = json!([{"op": "Add", "path": "members", "value": values(&all)}]);
    scenario::write(p, &shape::patch(&path, add)).await?;
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    expect_members(p, &shape::get(&path, None), &refs, "members after Add").await?;
    let [first, second] = all.as_slice() else {
        return Err(p.error("two users were not created"));
    };
    let remove = json!([{"op": "Remove", "path": "members", "value": [{"value": first}]}]);
    scenario::write(p, &shape::patch(&path, remove)).await?;
    let what = "members after Remove with a value array";
    expect_members(p, &shape::get(&path, None), &[second.as_str()], what).await?;
    let filtered = format!("members[value eq {}]", crate::call::literal(second));
    let remove = json!([{"op": "Remove", "path": filtered}]);
    scenario::write(p, &shape::patch(&path, remove)).await?;
    expect_members(
        p,
        &shape::get(&path, None),
        &[],
        "members after Remove by members[value eq]",
    )
    .await
}

/// One PATCH with several changes: rename, add one member, remove another.
pub(super) async fn several(p: &mut Probe) -> Result<(), Stop> {
    let ids = new_users(p, 2).await?;
    let (path, _, name) = create(p).await?;
    let [first, second] = ids.as_slice() else {
        return Err(p.error("two users were not created"));
    };
    let add = json!([{"op": "Add", "path": "members", "value": [{"value": first}]}]);
    scenario::write(p, &shape::patch(&path, add)).await?;
    let renamed = format!("{name}-renamed");
    let ops = json!([
        {"op": "Replace", "path": "displayName", "value": renamed},
        {"op": "Add", "path": "members", "value": [{"value": second}]},
        {"op": "Remove", "path": "members", "value": [{"value": first}]},
    ]);
    scenario::write(p, &shape::patch(&path, ops)).await?;
    let what = "members after one PATCH adding one and removing another";
    expect_members(p, &shape::get(&path, None), &[second.as_str()], what).await?;
    scenario::expect_at(p, &shape::get(&path, None), "/displayName", json!(renamed)).await
}
