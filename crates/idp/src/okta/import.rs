//! Okta's import: `GET /Users?startIndex=N&count=100` (and `/Groups`) page by page to the end.
//! Okta needs integer counters, 1-based pages, `itemsPerPage` equal to what came back, and a
//! stable order (it reads twice and must see the same resources).
//!
//! Okta's import has no filter: it reads the whole collection, which on a production server is
//! every employee. The scenario reads at most [`MAX_PAGES`] pages and judges what it read;
//! stopping there is a note, never a failure, so no verdict depends on how many resources the
//! server holds.

use super::shape;
use crate::call::send;
use crate::judge::{Axis, status};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::Value;

/// Most pages one import reads (1,000 resources): enough to see paging work, bounded whatever
/// the collection's size (and on a server whose pages never end).
const MAX_PAGES: usize = 10;

/// Reads the pages of `endpoint` as Okta does, to the end or [`MAX_PAGES`]; returns the ids in
/// order.
async fn import(p: &mut Probe, endpoint: &str) -> Result<Vec<String>, Stop> {
    let mut ids = Vec::new();
    let mut start = 1;
    let mut last_total = 0;
    for _ in 0..MAX_PAGES {
        let page = send(p, &shape::import_page(endpoint, start)).await?;
        status(p, Axis::Rfc, &page, &[200])?;
        let what = Axis::Rfc.on("totalResults is an integer");
        p.expect_count(&what, page.get("totalResults"))?;
        let total = page.get("totalResults").as_u64();
        let returned = page.resources().len();
        let what = Axis::Rfc.on("itemsPerPage is the number returned (an integer)");
        p.equal(&what, &Value::from(returned), page.get("itemsPerPage"))?;
        let what = Axis::Rfc.on("startIndex echoes the request");
        p.equal(&what, &Value::from(start), page.get("startIndex"))?;
        ids.extend(page.resource_ids().into_iter().map(str::to_owned));
        let total = total.unwrap_or_default() as usize;
        last_total = total;
        if returned == 0 || ids.len() >= total {
            let what = Axis::Rfc.on("resources read equal totalResults");
            p.equal(&what, &total, &ids.len())?;
            return Ok(ids);
        }
        start += returned;
    }
    p.note(format!(
        "import stopped after {MAX_PAGES} pages: read {} resources of the {} listed; the rest is not judged",
        ids.len(),
        last_total
    ));
    Ok(ids)
}

async fn import_twice(p: &mut Probe, endpoint: &str) -> Result<(), Stop> {
    let first = import(p, endpoint).await?;
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    let what = Axis::Rfc.on("distinct resources imported");
    p.equal(&what, &first.len(), &unique.len())?;
    let second = import(p, endpoint).await?;
    let what = Axis::Idp.on("a second import sees the same order");
    p.equal(&what, &first, &second)
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
