//! startIndex and count.

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "pagination.start-index.one-based",
            "startIndex=1 returns the first match (startIndex is 1-based)",
            |p| Box::pin(one_based(p)),
        )
        .rfc("RFC 7644 §3.4.2.4 (startIndex is 1-based, without a keyword); Okta import pages by startIndex/count")
        .severity(Severity::Interop)
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["zero-based-start-index"])
        .hint("Treat startIndex as 1-based: skip startIndex-1 resources (Okta imports start at startIndex=1).")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.pages.cover-all",
            "Paging with count=1 visits every match exactly once",
            |p| Box::pin(cover_all(p)),
        )
        .rfc("RFC 7644 §3.4.2.4 (startIndex is 1-based, without a keyword); Okta import pages by startIndex/count")
        .severity(Severity::Interop)
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["zero-based-start-index"])
        .hint("Order lists stably (e.g. by creation, then id) and skip exactly startIndex-1 resources.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.count.honoured",
            "count limits the number of Resources returned",
            |p| Box::pin(count_honoured(p)),
        )
        .rfc("RFC 7644 §3.4.2.4")
        .requirements(&["7644-3.4.2.4-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["count-ignored"])
        .hint("Return at most count resources per page.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.count.zero",
            "count=0 returns no Resources, only totalResults",
            |p| Box::pin(count_zero(p)),
        )
        .rfc("RFC 7644 §3.4.2.4")
        .requirements(&["7644-3.4.2.4-4"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["count-zero-returns-resources"])
        .hint("A count of 0 asks only for totalResults: return an empty page with the real totalResults.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.count.negative-is-zero",
            "count=-1 is read as 0: no Resources, only totalResults",
            |p| Box::pin(count_negative(p)),
        )
        .rfc("RFC 7644 §3.4.2.4 (a negative count is interpreted as 0)")
        .requirements(&["7644-3.4.2.4-6"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["negative-count-refused"])
        .hint("Clamp a negative count to 0 instead of rejecting it: answer an empty page with the real totalResults.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),

        Check::new(
            "pagination.start-index.zero-is-one",
            "startIndex=0 is treated as 1",
            |p| Box::pin(zero_is_one(p)),
        )
        .rfc("RFC 7644 §3.4.2.4 (a value less than 1 is interpreted as 1)")
        .requirements(&["7644-3.4.2.4-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["zero-based-start-index"])
        .hint("Clamp startIndex below 1 to 1 instead of rejecting or shifting it.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.start-index.beyond-end",
            "startIndex past the last match returns no Resources and the real totalResults",
            |p| Box::pin(beyond_end(p)),
        )
        .rfc("RFC 7644 §3.4.2.4")
        .requirements(&["7644-3.4.2-5"])
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["total-results-is-page-size"])
        .hint("Past the end, answer 200 with an empty Resources and totalResults = all matches (Okta imports stop on it).")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.envelope.items-per-page-last-page",
            "On a short last page, itemsPerPage is the number returned",
            |p| Box::pin(last_page(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.4.2-9"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["items-per-page-is-page-size"])
        .hint("Set itemsPerPage to Resources.length on every page, including the last.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),

        Check::new(
            "pagination.count.one",
            "count=1 returns exactly one of several matches",
            |p| Box::pin(count_one(p)),
        )
        .rfc("RFC 7644 §3.4.2.4")
        .requirements(&["7644-3.4.2-7", "7644-3.4.2.4-4"])
        .tags(&["okta"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["count-ignored"])
        .hint("Return at most count resources (Okta's credential test asks count=2, imports count=100).")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
    ]
}

async fn page(
    p: &mut Probe,
    filter: &str,
    start: usize,
    count: i64,
) -> Result<crate::reply::Reply, Stop> {
    let endpoint = p.endpoint("User")?;
    let (start, count) = (start.to_string(), count.to_string());
    let reply = p
        .list(
            &endpoint,
            &[
                ("filter", filter),
                ("startIndex", &start),
                ("count", &count),
            ],
        )
        .await?;
    p.status(&reply, &[200])?;
    Ok(reply)
}

async fn one_based(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let reply = page(p, &filter, 1, 10).await?;
    let (expected, got) = sorted_ids(&users, &reply);
    p.equal(
        "ids of startIndex=1&count=10 over the batch",
        &expected,
        &got,
    )
}

async fn cover_all(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(3).await?;
    let mut seen = Vec::new();
    for start in 1..=users.len() {
        let reply = page(p, &filter, start, 1).await?;
        seen.extend(reply.resource_ids().into_iter().map(str::to_owned));
    }
    super::each_once(p, "ids over all pages, sorted", &users, &seen)
}

async fn count_honoured(p: &mut Probe) -> Result<(), Stop> {
    let (filter, _) = p.create_user_batch(3).await?;
    let reply = page(p, &filter, 1, 2).await?;
    let returned = reply.resources().len();
    p.equal("Resources returned for count=2", &2, &returned)
}

async fn count_zero(p: &mut Probe) -> Result<(), Stop> {
    only_total(p, 0).await
}

async fn count_negative(p: &mut Probe) -> Result<(), Stop> {
    only_total(p, -1).await
}

/// Pages a batch of two with `count` (0 or less) and expects no Resources and the real
/// totalResults.
async fn only_total(p: &mut Probe, count: i64) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let reply = page(p, &filter, 1, count).await?;
    let returned = reply.resources().len();
    p.equal(
        &format!("Resources returned for count={count}"),
        &0,
        &returned,
    )?;
    p.equal(
        "totalResults",
        &Value::from(users.len()),
        reply.get("totalResults"),
    )
}

/// The batch ids, sorted, and the ids of a page, sorted.
fn sorted_ids(
    users: &[crate::probe::Created],
    reply: &crate::reply::Reply,
) -> (Vec<String>, Vec<String>) {
    let mut expected: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    expected.sort_unstable();
    (expected, reply.sorted_ids())
}

async fn zero_is_one(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let reply = page(p, &filter, 0, 10).await?;
    let (expected, got) = sorted_ids(&users, &reply);
    p.equal("ids of startIndex=0", &expected, &got)
}

async fn beyond_end(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let reply = page(p, &filter, 50, 10).await?;
    let returned = reply.resources().len();
    p.equal("Resources past the end", &0, &returned)?;
    p.equal(
        "totalResults",
        &Value::from(users.len()),
        reply.get("totalResults"),
    )
}

async fn last_page(p: &mut Probe) -> Result<(), Stop> {
    let (filter, _) = p.create_user_batch(3).await?;
    let reply = page(p, &filter, 3, 2).await?;
    let returned = reply.resources().len();
    p.equal("Resources on the last page", &1, &returned)?;
    p.equal(
        "itemsPerPage",
        &Value::from(returned),
        reply.get("itemsPerPage"),
    )
}

async fn count_one(p: &mut Probe) -> Result<(), Stop> {
    let (filter, _) = p.create_user_batch(2).await?;
    let reply = page(p, &filter, 1, 1).await?;
    let returned = reply.resources().len();
    p.equal("Resources returned for count=1", &1, &returned)
}
