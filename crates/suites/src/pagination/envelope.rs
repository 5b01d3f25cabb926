//! The ListResponse envelope: schemas, totalResults, itemsPerPage, and that its counts are
//! integers.

use crate::check::{Check, Need};
use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Stop};
use scim::schema::urn;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "pagination.envelope.schemas",
            "A list response carries the ListResponse schema URN",
            |p| Box::pin(schemas(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.1-2", "7644-3.4.2-4"])
        .needs(&[Need::Users])
        .builds_on(&[Prerequisite::ListWithCount])
        .defects(&["list-without-schemas"])
        .hint("Answer lists with {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], …}."),
        Check::new(
            "pagination.envelope.integers",
            "totalResults, itemsPerPage and startIndex are JSON integers (no fraction, no exponent)",
            |p| Box::pin(integers(p)),
        )
        .rfc("RFC 7643 §2.3.4 (an integer has no fractional part or exponent); RFC 7644 §3.4.2 (the ListResponse integers)")
        .requirements(&["7643-2.3.4-1"])
        .needs(&[Need::Users])
        .builds_on(&[Prerequisite::ListWithCount])
        .defects(&["integers-as-decimals"])
        .hint("Write the ListResponse counts as integers (3, not 3.0 or 3e0): keep them as integers rather than floats when serializing."),
        Check::new(
            "pagination.envelope.total-results",
            "totalResults counts every match, not only the page returned",
            |p| Box::pin(total_results(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.4.2-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["total-results-is-page-size"])
        .hint("Set totalResults to the number of resources matching the filter, before paging.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.envelope.items-per-page",
            "itemsPerPage is the number of Resources returned on the page",
            |p| Box::pin(items_per_page(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.4.2-9"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["items-per-page-is-page-size"])
        .hint("Set itemsPerPage to Resources.length, not to the requested count.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.envelope.start-index",
            "A page of a longer list carries startIndex (1 for the first page)",
            |p| Box::pin(start_index(p)),
        )
        .rfc("RFC 7644 §3.4.2 (startIndex is required when paginating)")
        .requirements(&["7644-3.4.2-8"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["list-without-start-index"])
        .hint("Put startIndex (the 1-based index of the first resource returned) in every ListResponse that holds only part of the matches.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),

        Check::new(
            "pagination.query.unknown-parameter-ignored",
            "A query with a parameter the server does not know is answered as without it",
            |p| Box::pin(unknown_parameter(p)),
        )
        .rfc("RFC 7644 §3.4.2 (unrecognised query parameters are ignored)")
        .requirements(&["7644-3.4.2-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["unknown-query-parameter-refused"])
        .hint("Ignore query parameters you do not recognise instead of answering 400: clients add new ones over time.")
        .builds_on(crate::prerequisite::PAGED_USER_BATCHES)
        .writes(),
        Check::new(
            "pagination.envelope.groups-schemas",
            "A Groups list response carries the ListResponse schema URN",
            |p| Box::pin(groups_schemas(p)),
        )
        .rfc("RFC 7644 §3.4.2")
        .requirements(&["7644-3.1-2", "7644-3.4.2-4"])
        .needs(&[Need::Groups])
        .builds_on(&[Prerequisite::ListWithCount])
        .defects(&["list-without-schemas"])
        .hint("Answer every list, Groups included, with the ListResponse schema."),
    ]
}

async fn schemas(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    list_schemas(p, &endpoint).await
}

/// Lists `endpoint` and expects the ListResponse schema. Unfiltered, because the check is
/// read-only (it also runs under `--read-only`, where the run has no resources of its own to
/// select) and judges only the envelope; `count=1` bounds what the server sends back whatever
/// the collection's size.
async fn list_schemas(p: &mut Probe, endpoint: &str) -> Result<(), Stop> {
    let reply = p.list(endpoint, &[("count", "1")]).await?;
    p.status(&reply, &[200])?;
    p.expect_listed("schemas", reply.get("schemas"), urn::LIST_RESPONSE)
}

/// Whichever of the three integers the list carries must be one; whether each is there is
/// judged by the checks on that member.
async fn integers(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = p.list(&endpoint, &[("count", "1")]).await?;
    p.status(&reply, &[200])?;
    let mut seen = 0;
    for member in ["totalResults", "itemsPerPage", "startIndex"] {
        let value = reply.get(member);
        if !value.is_null() {
            seen += 1;
            p.expect_count(member, value)?;
        }
    }
    if seen == 0 {
        return Err(p.skip("the list carries none of totalResults, itemsPerPage and startIndex"));
    }
    p.pass()
}

async fn total_results(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(3).await?;
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(&endpoint, &[("filter", &filter), ("count", "1")])
        .await?;
    p.status(&reply, &[200])?;
    p.equal(
        "totalResults",
        &Value::from(users.len()),
        reply.get("totalResults"),
    )
}

async fn items_per_page(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(&endpoint, &[("filter", &filter), ("count", "10")])
        .await?;
    p.status(&reply, &[200])?;
    let returned = reply.resources().len();
    p.equal("Resources returned", &users.len(), &returned)?;
    p.equal(
        "itemsPerPage",
        &Value::from(returned),
        reply.get("itemsPerPage"),
    )
}

async fn start_index(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(&endpoint, &[("filter", &filter), ("count", "1")])
        .await?;
    p.status(&reply, &[200])?;
    if reply.resources().len() >= users.len() {
        return Err(p.blocked(
            "pagination.count.honoured",
            "count=1 returned every match, so the list is not paginated",
        ));
    }
    p.equal("startIndex", &Value::from(1), reply.get("startIndex"))
}

async fn unknown_parameter(p: &mut Probe) -> Result<(), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(&endpoint, &[("filter", &filter), ("scimcheckUnknown", "1")])
        .await?;
    p.status(&reply, &[200])?;
    let mut ids: Vec<String> = users.into_iter().map(|u| u.id).collect();
    ids.sort_unstable();
    p.equal("ids found", &ids, &reply.sorted_ids())
}

async fn groups_schemas(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("Group")?;
    list_schemas(p, &endpoint).await
}
