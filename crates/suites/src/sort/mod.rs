//! Sorting (RFC 7644 §3.4.2.3): sortBy and sortOrder, when ServiceProviderConfig advertises
//! sort.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use serde_json::Value;

/// The sort checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "sort.username.ascending",
            "sortBy=userName returns resources in ascending userName order",
            |p| Box::pin(ascending(p)),
        )
        .rfc("RFC 7644 §3.4.2.3")
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
        .needs(&[Need::Users, Need::Filter, Need::Sort])
        .defects(&["sort-ignored"])
        .hint("Default sortOrder to ascending when only sortBy is given.")
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
