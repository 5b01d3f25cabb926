//! OneLogin's groups: created by POST, listed for "Refresh Entitlements", and members added and
//! removed one `members` operation per PATCH.

use super::{shape, users};
use crate::call::send;
use crate::judge::{Axis, status};
use crate::scenario::{self, expect_members};
use scimcheck_suites::probe::{Probe, Stop};

/// Pages "Refresh Entitlements" reads before giving up on finding a group.
const MAX_PAGES: usize = 10;

/// Creates a group with a run-unique name; returns its path and id.
pub(super) async fn create(p: &mut Probe) -> Result<(String, String), Stop> {
    let name = p.ctx().data.unique("onelogin-group");
    let endpoint = p.endpoint("Group")?;
    scenario::create(p, &endpoint, &shape::create_group(&endpoint, &name)).await
}

/// Create a group, then "Refresh Entitlements": `GET /Groups?` lists it (following `startIndex`
/// while more groups remain than a page holds, at most [`MAX_PAGES`] pages).
pub(super) async fn entitlements(p: &mut Probe) -> Result<(), Stop> {
    let (_, id) = create(p).await?;
    let endpoint = p.endpoint("Group")?;
    let (mut start, mut seen, mut listed) = (None, 0, false);
    for _ in 0..MAX_PAGES {
        let page = send(p, &shape::list_groups(&endpoint, start)).await?;
        status(p, Axis::Rfc, &page, &[200])?;
        listed = page.resource_ids().contains(&id.as_str());
        let returned = page.resources().len();
        seen += returned;
        let total = page.get("totalResults").as_u64().unwrap_or_default() as usize;
        if listed || returned == 0 || seen >= total {
            break;
        }
        start = Some(seen + 1);
    }
    // Only whether it was found is recorded: the other groups listed are not this run's.
    let what = Axis::Rfc.on("the created group is among the groups listed");
    p.equal(&what, &true, &listed)
}

/// Two members added, one PATCH each, then the first removed: exactly the second remains.
pub(super) async fn members(p: &mut Probe) -> Result<(), Stop> {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let user = users::profile(p);
        ids.push(users::create(p, &user).await?.1);
    }
    let (path, _) = create(p).await?;
    for id in &ids {
        scenario::write(p, &shape::change_member(&path, "add", id)).await?;
    }
    let all: Vec<&str> = ids.iter().map(String::as_str).collect();
    expect_members(p, &shape::get(&path), &all, "members after two adds").await?;
    scenario::write(p, &shape::change_member(&path, "remove", all[0])).await?;
    // RFC 7644 §3.5.2.2 gives `remove` no value (a path alone removes every member): keeping
    // the members the value does not list is OneLogin's expectation, not an RFC rule.
    let read = scenario::read(p, &shape::get(&path)).await?;
    let what = Axis::Idp.on("members after a remove of members listing the first");
    p.equal(&what, &all[1..], &read.values("members")[..])
}
