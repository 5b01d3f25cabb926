//! Walking a list page by page to its end, as Okta's import does (startIndex/count until
//! totalResults), over the run's own batch of users only: the batch's filter selects exactly
//! them, so the walk costs the same on a server with three users or a million, and its verdict
//! cannot depend on how many people the server holds (walking the whole /Users of a production
//! server would read everyone, and stopping at a page limit would compare a partial walk with
//! the full totalResults).

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};
use serde_json::Value;

/// Users in the batch walked: with pages of two, three full pages and a short last one.
const BATCH: usize = 7;

/// Most pages walked before giving up (a server whose pages never end): far more than the
/// batch needs.
const MAX_PAGES: usize = 50;

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "pagination.walk.users-import",
        "Paging through the run's users with count=2 to the end visits each of them exactly once",
        |p| Box::pin(users_import(p)),
    )
    .rfc("RFC 7644 §3.4.2.4; Okta import (startIndex/count to the end)")
    .severity(Severity::Interop)
    .tags(&["okta"])
    .needs(&[Need::Users, Need::Filter])
    .defects(&["zero-based-start-index"])
    .hint("Keep a stable order and skip exactly startIndex-1 resources, so an import sees every user once.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
    .writes()]
}

async fn users_import(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(BATCH).await?;
    let endpoint = p.endpoint("User")?;
    let count = p.max_page().min(2);
    let mut seen: Vec<String> = Vec::new();
    let mut total = None;
    let mut start = 1;
    for _ in 0..MAX_PAGES {
        let (start_text, count_text) = (start.to_string(), count.to_string());
        let reply = p
            .list(
                &endpoint,
                &[
                    ("filter", &filter),
                    ("startIndex", &start_text),
                    ("count", &count_text),
                ],
            )
            .await?;
        p.status(&reply, &[200])?;
        if total.is_none() {
            total = reply.get("totalResults").as_u64();
        }
        let page: Vec<String> = reply
            .resource_ids()
            .into_iter()
            .map(str::to_owned)
            .collect();
        if page.is_empty() {
            break;
        }
        start += page.len();
        seen.extend(page);
        if total.is_some_and(|t| seen.len() as u64 >= t) {
            break;
        }
    }
    p.equal(
        "totalResults of the batch",
        &Value::from(users.len()),
        &total.map_or(Value::Null, Value::from),
    )?;
    super::each_once(p, "ids visited walking the batch, sorted", &users, &seen)
}
