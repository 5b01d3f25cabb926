//! Okta's import: `GET /Users?startIndex=N&count=100` (and `/Groups`) page by page to the end.
//! Okta needs integer counters, 1-based pages, `itemsPerPage` equal to what came back, and a
//! stable order (it reads twice and must see the same resources).

use super::shape;
use crate::call::send;
use crate::judge::{Axis, expect, status};
use scimcheck_suites::probe::{Probe, Stop};

/// Most pages read before giving up (a server whose pages never end).
const MAX_PAGES: usize = 200;

/// Reads every page of `endpoint` as Okta does; returns the ids in order.
async fn import(p: &mut Probe, endpoint: &str) -> Result<Vec<String>, Stop> {
    let mut ids = Vec::new();
    let mut start = 1;
    for _ in 0..MAX_PAGES {
        let page = send(p, &shape::import_page(endpoint, start)).await?;
        status(p, Axis::Rfc, &page, &[200])?;
        let total = page.get("totalResults").as_u64();
        expect(
            p,
            Axis::Rfc,
            total.is_some(),
            "totalResults is an integer",
            "an integer",
            page.get("totalResults"),
        )?;
        let returned = page.resources().len();
        let per_page = page.get("itemsPerPage").clone();
        expect(
            p,
            Axis::Rfc,
            per_page.as_u64() == Some(returned as u64),
            "itemsPerPage is the number returned (an integer)",
            returned,
            per_page,
        )?;
        let echoed = page.get("startIndex").clone();
        expect(
            p,
            Axis::Rfc,
            echoed == start,
            "startIndex echoes the request",
            start,
            echoed,
        )?;
        ids.extend(page.resource_ids().into_iter().map(str::to_owned));
        let total = total.unwrap_or_default() as usize;
        if returned == 0 || ids.len() >= total {
            expect(
                p,
                Axis::Rfc,
                ids.len() == total,
                "resources read equal totalResults",
                total,
                ids.len(),
            )?;
            return Ok(ids);
        }
        start += returned;
    }
    Err(p.fail(format!("import did not end after {MAX_PAGES} pages")))
}

async fn import_twice(p: &mut Probe, endpoint: &str) -> Result<(), Stop> {
    let first = import(p, endpoint).await?;
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    expect(
        p,
        Axis::Rfc,
        unique.len() == first.len(),
        "no resource appears twice",
        first.len(),
        unique.len(),
    )?;
    let second = import(p, endpoint).await?;
    expect(
        p,
        Axis::Idp,
        first == second,
        "a second import sees the same order",
        "same order",
        "a different order",
    )
}

/// Import users (with a few created first, so there is something to page through).
pub(super) async fn users(p: &mut Probe) -> Result<(), Stop> {
    for _ in 0..3 {
        let user = super::users::app_user(p);
        super::users::create(p, &user).await?;
    }
    let endpoint = p.endpoint("User")?;
    import_twice(p, &endpoint).await
}

/// Import groups.
pub(super) async fn groups(p: &mut Probe) -> Result<(), Stop> {
    for _ in 0..2 {
        let name = p.ctx().data.unique("okta-group");
        let endpoint = p.endpoint("Group")?;
        crate::scenario::create(p, &endpoint, &shape::create_group(&endpoint, &name)).await?;
    }
    let endpoint = p.endpoint("Group")?;
    import_twice(p, &endpoint).await
}
