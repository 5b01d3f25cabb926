//! POST /.search (RFC 7644 §3.4.3): the same query as GET, sent in a SearchRequest body.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::{Reply, first_attribute};
use scim::schema::urn;
use serde_json::{Value, json};

/// The search checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "search.post.username-any-case",
            "POST /Users/.search with userName eq in other case finds the user",
            |p| Box::pin(username_any_case(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2.2")
        .requirements(&["7643-7-14", "7644-3.4.2.2-21", "7644-3.4.3-2"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["filter-username-case-sensitive"])
        .hint("Run .search through the same filter code as GET, with userName compared case-insensitively.")
        .builds_on(crate::prerequisite::SEARCHED_USERS)
        .writes(),
        Check::new(
            "search.post.attributes",
            "POST /Users/.search honours attributes in the SearchRequest",
            |p| Box::pin(attributes(p)),
        )
        .rfc("RFC 7644 §3.4.3")
        .requirements(&["7644-3.4.3-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["attributes-param-ignored"])
        .hint("Apply the SearchRequest's attributes to the returned resources, as for GET.")
        .builds_on(crate::prerequisite::SEARCHED_USERS)
        .writes(),
        Check::new(
            "search.post.count",
            "POST /Users/.search honours count in the SearchRequest",
            |p| Box::pin(count(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2.4")
        .requirements(&["7644-3.4.2.4-4", "7644-3.4.3-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["count-ignored"])
        .hint("Apply the SearchRequest's startIndex and count, as for GET.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.post.invalid-filter",
            "POST /Users/.search with an unparseable filter answers 400 invalidFilter",
            |p| Box::pin(invalid_filter(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.12")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["invalid-filter-ignored"])
        .hint("Reject an unparseable SearchRequest filter with 400 invalidFilter.")
        .builds_on(&[
            crate::prerequisite::Prerequisite::FilterUsers,
            crate::prerequisite::Prerequisite::SearchUsers,
        ]),

        Check::new(
            "search.post.endpoint",
            "POST /Users/.search answers 200 with a ListResponse",
            |p| Box::pin(endpoint(p)),
        )
        .rfc("RFC 7644 §3.4.3")
        .requirements(&["7644-3.4.2-4", "7644-3.4.3-2"])
        .needs(&[Need::Users])
        .defects(&["list-without-schemas"])
        .hint("Serve POST /{endpoint}/.search with a SearchRequest body, answering like GET with the same parameters.")
        .builds_on(&[crate::prerequisite::Prerequisite::SearchUsers]),

        Check::new(
            "search.post.excluded-attributes",
            "POST /Users/.search honours excludedAttributes",
            |p| Box::pin(excluded(p)),
        )
        .rfc("RFC 7644 §3.4.3")
        .requirements(&["7644-3.4.3-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["excluded-attributes-param-ignored"])
        .hint("Apply the SearchRequest's excludedAttributes, as for GET.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.post.excluded-id-returned",
            "POST /Users/.search with excludedAttributes [\"id\"] still returns each id",
            |p| Box::pin(excluded_id(p)),
        )
        .rfc("RFC 7644 §3.4.3 (excludedAttributes has no effect on returned always)")
        .requirements(&["7644-3.4.3-7"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["excluded-attributes-removes-always"])
        .hint("Apply a SearchRequest's excludedAttributes as for GET: attributes returned always, such as id, stay.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.root.all-types",
            "POST /.search at the server root finds a user and a group, each by an attribute the other type lacks",
            |p| Box::pin(root_all_types(p)),
        )
        .rfc("RFC 7644 §3.4.2.1 (a root query covers every resource type; an attribute a type lacks has no value)")
        .requirements(&["7644-3.4.2.1-2", "7644-3.4.2.1-5", "7644-3.4.2.1-6"])
        .needs(&[Need::Users, Need::Groups, Need::Filter])
        .defects(&["root-search-users-only"])
        .hint("Run a query at the server root over every resource type, reading an attribute a type does not have as unassigned rather than as an error.")
        .writes(),
        Check::new(
            "search.post.start-index",
            "POST /Users/.search with startIndex 1 returns the first match",
            |p| Box::pin(start_index(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2.4")
        .requirements(&["7644-3.4.3-3"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["zero-based-start-index"])
        .hint("startIndex in a SearchRequest is 1-based, as in a query string.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.post.total-results",
            "POST /Users/.search reports totalResults for all matches",
            |p| Box::pin(total_results(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2")
        .requirements(&["7644-3.4.2-5"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["total-results-is-page-size"])
        .hint("Count every match in totalResults, before paging.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.post.items-per-page",
            "POST /Users/.search reports itemsPerPage = Resources returned",
            |p| Box::pin(items_per_page(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2")
        .requirements(&["7644-3.4.2-9"])
        .needs(&[Need::Users, Need::Filter])
        .defects(&["items-per-page-is-page-size"])
        .hint("Set itemsPerPage to the number of Resources in the .search response.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
        Check::new(
            "search.post.sort",
            "POST /Users/.search honours sortBy and sortOrder",
            |p| Box::pin(sort(p)),
        )
        .rfc("RFC 7644 §3.4.3, §3.4.2.3")
        .requirements(&["7644-3.4.2.3-3", "7644-3.4.3-3", "7644-3.4.3-10"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-ignored"])
        .hint("Apply the SearchRequest's sortBy/sortOrder.")
        .builds_on(crate::prerequisite::SEARCHED_USER_BATCHES)
        .writes(),
    ]
}

async fn search(p: &mut Probe, request: Value) -> Result<Reply, Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = json!({ "schemas": [urn::SEARCH_REQUEST] });
    if let (Some(target), Some(fields)) = (body.as_object_mut(), request.as_object()) {
        target.extend(fields.clone());
    }
    p.post(&format!("{endpoint}/.search"), &body).await
}

async fn username_any_case(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let name = user.sent["userName"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    let reply = search(p, json!({ "filter": format!("userName eq \"{name}\"") })).await?;
    p.status(&reply, &[200])?;
    let ids = reply.resource_ids();
    p.equal("ids found", &[user.id.as_str()][..], &ids[..])
}

async fn attributes(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let filter = user.user_name_filter();
    let reply = search(p, json!({ "filter": filter, "attributes": ["userName"] })).await?;
    p.status(&reply, &[200])?;
    p.equal("resources found", &1, &reply.resources().len())?;
    let emails = first_attribute(reply.resources(), "emails");
    p.expect_absent("emails in the result", emails)
}

async fn count(p: &mut Probe) -> Result<(), Stop> {
    let (filter, _) = p.create_user_batch(3).await?;
    let reply = search(p, json!({ "filter": filter, "startIndex": 1, "count": 2 })).await?;
    p.status(&reply, &[200])?;
    p.equal(
        "Resources returned for count 2",
        &2,
        &reply.resources().len(),
    )
}

async fn invalid_filter(p: &mut Probe) -> Result<(), Stop> {
    // `count: 1`: a server that ignores the bad filter answers one user, not its whole list.
    let reply = search(p, json!({ "filter": "userName eq", "count": 1 })).await?;
    p.status(&reply, &[400])?;
    p.equal(
        "scimType",
        &Value::from("invalidFilter"),
        reply.get("scimType"),
    )
}

/// Unfiltered, because the check is read-only (it also runs under `--read-only`) and judges
/// only the envelope; `count: 1` bounds the page whatever the collection's size.
async fn endpoint(p: &mut Probe) -> Result<(), Stop> {
    let reply = search(p, json!({ "count": 1 })).await?;
    p.status(&reply, &[200])?;
    p.expect_listed("schemas", reply.get("schemas"), urn::LIST_RESPONSE)
}

/// Creates a batch of two users and searches for them with `extra` fields.
async fn batch_search(p: &mut Probe, extra: Value) -> Result<(Vec<String>, Reply), Stop> {
    let (filter, users) = p.create_user_batch(2).await?;
    let mut request = json!({ "filter": filter });
    if let (Some(target), Some(fields)) = (request.as_object_mut(), extra.as_object()) {
        target.extend(fields.clone());
    }
    let reply = search(p, request).await?;
    p.status(&reply, &[200])?;
    Ok((users.into_iter().map(|u| u.id).collect(), reply))
}

async fn excluded(p: &mut Probe) -> Result<(), Stop> {
    let (_, reply) = batch_search(p, json!({ "excludedAttributes": ["emails"] })).await?;
    p.expect_not_empty("resources found", reply.get("Resources"))?;
    let emails = first_attribute(reply.resources(), "emails");
    p.expect_absent("emails in the result", emails)
}

async fn excluded_id(p: &mut Probe) -> Result<(), Stop> {
    let (mut ids, reply) =
        batch_search(p, json!({ "excludedAttributes": ["id", "emails"] })).await?;
    ids.sort_unstable();
    p.equal("ids of the resources found", &ids, &reply.sorted_ids())
}

async fn start_index(p: &mut Probe) -> Result<(), Stop> {
    let (mut ids, reply) = batch_search(p, json!({ "startIndex": 1, "count": 10 })).await?;
    ids.sort_unstable();
    let got = reply.sorted_ids();
    p.equal("ids found", &ids, &got)
}

async fn total_results(p: &mut Probe) -> Result<(), Stop> {
    let (ids, reply) = batch_search(p, json!({ "count": 1 })).await?;
    p.equal(
        "totalResults",
        &Value::from(ids.len()),
        reply.get("totalResults"),
    )
}

async fn items_per_page(p: &mut Probe) -> Result<(), Stop> {
    let (_, reply) = batch_search(p, json!({ "count": 10 })).await?;
    let returned = reply.resources().len();
    p.equal(
        "itemsPerPage",
        &Value::from(returned),
        reply.get("itemsPerPage"),
    )
}

async fn sort(p: &mut Probe) -> Result<(), Stop> {
    let (_, reply) =
        batch_search(p, json!({ "sortBy": "userName", "sortOrder": "ascending" })).await?;
    let names: Vec<String> = reply
        .resources()
        .iter()
        .filter_map(|r| r.get("userName").and_then(Value::as_str))
        .map(str::to_lowercase)
        .collect();
    let mut expected = names.clone();
    expected.sort();
    p.equal("userNames found", &2, &names.len())?;
    p.equal("userNames in order", &expected, &names)
}

async fn root_all_types(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[]).await?;
    let user_name = user.sent["userName"].as_str().unwrap_or_default();
    let group_name = group.sent["displayName"].as_str().unwrap_or_default();
    // Groups have no userName and this user has another displayName: each term selects one.
    let filter = format!("userName eq \"{user_name}\" or displayName eq \"{group_name}\"");
    let body = json!({ "schemas": [urn::SEARCH_REQUEST], "filter": filter });
    let reply = p.post("/.search", &body).await?;
    // Root queries are optional: a refusal that is not about the filter means "not offered";
    // a 400 invalidFilter is this check's business (the attribute a type lacks).
    let about_filter = reply.status == 400 && reply.get("scimType") == "invalidFilter";
    if matches!(reply.status, 400 | 403 | 404 | 405 | 501) && !about_filter {
        return Err(p.skip(format!(
            "POST /.search at the root answered {}: queries at the root are optional (RFC 7644 §3.4.2.1)",
            reply.status
        )));
    }
    p.status(&reply, &[200])?;
    let mut expected = vec![user.id, group.id];
    expected.sort_unstable();
    p.equal("ids found at the root", &expected, &reply.sorted_ids())
}
