//! Walking a whole endpoint page by page, as Okta's import does: read-only, so it also runs
//! against production data, and exclusive, so no concurrent check changes the set mid-walk.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use serde_json::Value;
use std::collections::HashSet;

/// Most pages walked before giving up (a server whose pages never end).
const MAX_PAGES: usize = 500;

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "pagination.walk.users-import",
        "Paging through /Users with count=2 visits totalResults distinct users",
        |p| Box::pin(users_import(p)),
    )
    .rfc("RFC 7644 §3.4.2.4; Okta import (startIndex/count to the end)")
    .tags(&["okta"])
    .needs(&[Need::Users])
    .defects(&["zero-based-start-index"])
    .hint("Keep a stable order and skip exactly startIndex-1 resources, so an import sees every user once.")
    .exclusive()]
}

async fn users_import(p: &mut Probe) -> Result<(), Stop> {
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
                &[("startIndex", &start_text), ("count", &count_text)],
            )
            .await?;
        p.status(&reply, &[200])?;
        let reported = reply.get("totalResults").as_u64();
        if total.is_none() {
            total = reported;
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
    let distinct: HashSet<&String> = seen.iter().collect();
    let total = total.map_or(Value::Null, Value::from);
    p.equal(
        "users visited vs totalResults",
        &total,
        &Value::from(seen.len()),
    )?;
    p.equal("distinct users visited", &seen.len(), &distinct.len())
}
