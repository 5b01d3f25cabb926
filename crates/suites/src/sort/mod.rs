//! Sorting (RFC 7644 §3.4.2.3): sortBy and sortOrder, when ServiceProviderConfig advertises
//! sort.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use scim::schema::urn;
use serde_json::{Value, json};

/// The sort checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "sort.username.ascending",
            "sortBy=userName returns resources in ascending userName order",
            |p| Box::pin(ascending(p)),
        )
        .rfc("RFC 7644 §3.4.2.3")
        .requirements(&["7644-3.4.2.3-3", "7644-3.4.2.3-5"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-ignored"])
        .hint("Order by the sortBy attribute (ascending by default), or set sort.supported=false.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.username.descending",
            "sortOrder=descending reverses the ascending order",
            |p| Box::pin(descending(p)),
        )
        .rfc("RFC 7644 §3.4.2.3")
        .requirements(&["7644-3.4.2.3-5"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-ignored"])
        .hint("Honour sortOrder=descending.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.username.default-ascending",
            "sortBy without sortOrder sorts ascending",
            |p| Box::pin(default_ascending(p)),
        )
        .rfc("RFC 7644 §3.4.2.3 (sortOrder defaults to ascending)")
        .requirements(&["7644-3.4.2.3-4"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-ignored"])
        .hint("Default sortOrder to ascending when only sortBy is given.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.sub-attribute.family-name",
            "sortBy=name.familyName orders by the sub-attribute, ignoring letter case (familyName is caseExact=false), and descending reverses it",
            |p| Box::pin(sub_attribute(p)),
        )
        .rfc("RFC 7644 §3.4.2.3 (a complex attribute sorts by the sub-attribute its path names)")
        .requirements(&["7644-3.4.2.3-3", "7644-3.4.2.3-5"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-sub-attribute-ignored"])
        .hint("Resolve a sortBy path to the sub-attribute it names (name.givenName, name.familyName) and compare its values, case-insensitively unless caseExact.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.multi-valued.primary",
            "sortBy=emails.value orders users by their primary email, not by the first one listed",
            |p| Box::pin(multi_valued_primary(p)),
        )
        .rfc("RFC 7644 §3.4.2.3 (a multi-valued attribute sorts by its primary value, else its first)")
        .requirements(&["7644-3.4.2.3-3"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-multi-valued-by-first"])
        .hint("For a multi-valued sortBy, take the value marked primary: true, and only when none is, the first.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.missing-values.placement",
            "Users with no value for sortBy (title) come last when ascending and first when descending",
            |p| Box::pin(missing_values(p)),
        )
        .rfc("RFC 7644 §3.4.2.3 (no data: last if ascending, first if descending)")
        .requirements(&["7644-3.4.2.3-3"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-missing-values-first"])
        .hint("Order resources without a value for the sortBy attribute after all others when ascending, before them when descending.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
        Check::new(
            "sort.case-exact.external-id",
            "sortBy=externalId orders case-sensitively (externalId is caseExact=true): \"B\" before \"a\"",
            |p| Box::pin(case_exact(p)),
        )
        .rfc("RFC 7644 §3.4.2.3 (case-exact attributes sort case-sensitively); RFC 7643 §3.1 (externalId caseExact)")
        .requirements(&["7644-3.4.2.3-5"])
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-case-exact-ignored"])
        .hint("Compare values of caseExact attributes (externalId, id) case-sensitively when sorting, in Unicode order.")
        .builds_on(crate::prerequisite::USER_BATCHES)
        .writes(),
    ]
}

fn user_names(reply: &Reply) -> Vec<String> {
    reply
        .resources()
        .iter()
        .filter_map(|r| r.get("userName").and_then(Value::as_str))
        .map(str::to_lowercase)
        .collect()
}

async fn sorted(p: &mut Probe, filter: &str, order: &str) -> Result<Vec<String>, Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(
            &endpoint,
            &[
                ("filter", filter),
                ("sortBy", "userName"),
                ("sortOrder", order),
            ],
        )
        .await?;
    p.status(&reply, &[200])?;
    Ok(user_names(&reply))
}

/// Creates a batch small enough for one page under the declared maxResults.
async fn batch(p: &mut Probe) -> Result<(String, usize), Stop> {
    let n = p.max_page().min(3);
    if n < 2 {
        return Err(p.skip("filter.maxResults is below 2: one page cannot show an order"));
    }
    let (filter, users) = p.create_user_batch(n).await?;
    Ok((filter, users.len()))
}

async fn ascending(p: &mut Probe) -> Result<(), Stop> {
    let (filter, created) = batch(p).await?;
    let got = sorted(p, &filter, "ascending").await?;
    let mut expected = got.clone();
    expected.sort();
    p.equal("userNames found", &created, &got.len())?;
    p.equal("userNames in order", &expected, &got)
}

async fn descending(p: &mut Probe) -> Result<(), Stop> {
    let (filter, _) = batch(p).await?;
    let up = sorted(p, &filter, "ascending").await?;
    let down = sorted(p, &filter, "descending").await?;
    let expected: Vec<String> = up.iter().rev().cloned().collect();
    p.equal("descending userNames", &expected, &down)
}

async fn default_ascending(p: &mut Probe) -> Result<(), Stop> {
    let (filter, created) = batch(p).await?;
    let endpoint = p.endpoint("User")?;
    let reply = p
        .list(&endpoint, &[("filter", &filter), ("sortBy", "userName")])
        .await?;
    p.status(&reply, &[200])?;
    let got = user_names(&reply);
    let mut expected = got.clone();
    expected.sort();
    p.equal("userNames found", &created, &got.len())?;
    p.equal("userNames without sortOrder", &expected, &got)
}

/// The batch users (as created) in the order `GET /Users` returns them, sorted by `by` in
/// `order` (`None`: no sortOrder), each as its index in creation order.
async fn order_by(
    p: &mut Probe,
    filter: &str,
    ids: &[String],
    by: &str,
    order: Option<&str>,
) -> Result<Vec<usize>, Stop> {
    let endpoint = p.endpoint("User")?;
    let mut query = vec![("filter", filter), ("sortBy", by)];
    query.extend(order.map(|o| ("sortOrder", o)));
    let reply = p.list(&endpoint, &query).await?;
    p.status(&reply, &[200])?;
    Ok(reply
        .resource_ids()
        .iter()
        .filter_map(|id| ids.iter().position(|mine| mine == id))
        .collect())
}

/// Creates three users shaped by `shape`, then judges that sorting by `by` returns them in
/// `ascending` (creation indices) and, with sortOrder=descending, in `descending`.
async fn judge_order(
    p: &mut Probe,
    by: &str,
    shape: impl Fn(usize, &str, &mut Value),
    ascending: [usize; 3],
    descending: [usize; 3],
) -> Result<(), Stop> {
    if p.max_page() < 3 {
        return Err(p.skip("filter.maxResults is below 3: one page cannot show the order"));
    }
    let (filter, users) = p.create_user_batch_with(3, shape).await?;
    let ids: Vec<String> = users.into_iter().map(|u| u.id).collect();
    let up = order_by(p, &filter, &ids, by, Some("ascending")).await?;
    p.equal(
        &format!("users sorted by {by}, ascending (in creation order: 0, 1, 2)"),
        &ascending[..],
        &up[..],
    )?;
    let down = order_by(p, &filter, &ids, by, Some("descending")).await?;
    p.equal(
        &format!("users sorted by {by}, descending (in creation order: 0, 1, 2)"),
        &descending[..],
        &down[..],
    )
}

/// Family names whose case-insensitive order (alpha, Mid, Zed: users 1, 0, 2) is neither the
/// creation order, nor the userName order (2, 1, 0), nor the case-sensitive order (Mid, Zed,
/// alpha: 0, 2, 1).
async fn sub_attribute(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "name.familyName")?;
    const FAMILY: [&str; 3] = ["Mid", "alpha", "Zed"];
    let shape = |i: usize, _: &str, body: &mut Value| {
        body["name"] = json!({"givenName": "Sort", "familyName": FAMILY[i]});
    };
    judge_order(p, "name.familyName", shape, [1, 0, 2], [2, 0, 1]).await
}

/// Each user's primary email is listed second, after another whose order is the opposite:
/// by the primary (b, a, c → users 1, 0, 2), by the first listed (users 2, 1, 0 … reversed).
async fn multi_valued_primary(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "emails.primary")?;
    const PRIMARY: [&str; 3] = ["b", "a", "c"];
    const FIRST: [&str; 3] = ["z", "y", "x"];
    let shape = |i: usize, tag: &str, body: &mut Value| {
        body["emails"] = json!([
            {"value": format!("{tag}-{}@example.com", FIRST[i]), "type": "home"},
            {"value": format!("{tag}-{}@example.com", PRIMARY[i]), "type": "work", "primary": true},
        ]);
    };
    judge_order(p, "emails.value", shape, [1, 0, 2], [2, 0, 1]).await
}

/// User 1 has no title: last when ascending (Alpha, Beta, none: 2, 0, 1), first when
/// descending (none, Beta, Alpha: 1, 0, 2).
async fn missing_values(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "title")?;
    const TITLE: [Option<&str>; 3] = [Some("Beta"), None, Some("Alpha")];
    let shape = |i: usize, _: &str, body: &mut Value| {
        if let (Some(title), Some(object)) = (TITLE[i], body.as_object_mut()) {
            object.insert("title".into(), json!(title));
        }
    };
    judge_order(p, "title", shape, [2, 0, 1], [1, 0, 2]).await
}

/// externalIds whose case-sensitive order (A, C, b: users 1, 2, 0) differs from the
/// case-insensitive one (A, b, C: 1, 0, 2).
async fn case_exact(p: &mut Probe) -> Result<(), Stop> {
    const EXTERNAL: [&str; 3] = ["b", "A", "C"];
    let shape = |i: usize, tag: &str, body: &mut Value| {
        body["externalId"] = json!(format!("{tag}-{}", EXTERNAL[i]));
    };
    judge_order(p, "externalId", shape, [1, 2, 0], [0, 2, 1]).await
}
