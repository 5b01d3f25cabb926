//! Okta's user lifecycle: test credentials, assignment (lookup then create or link), duplicate
//! handling, profile pushes (PUT and PATCH), deactivation and reactivation, pushing empty values.

use super::shape::{self, AppUser};
use crate::call::{Encoding, send};
use crate::judge::{Axis, status};
use crate::scenario;
use scimcheck_suites::probe::{Probe, Stop};
use scimcheck_suites::reply::{Reply, first_attribute};
use serde_json::Value;

/// A fresh Okta app user with run-unique names.
pub(super) fn app_user(p: &Probe) -> AppUser {
    let tag = p.ctx().data.unique("okta");
    AppUser {
        user_name: format!("{tag}@example.com"),
        given_name: "Runscope".into(),
        family_name: format!("Okta{}", tag.len()),
        email: format!("{tag}@example.com"),
        okta_id: format!("00u{}", tag.replace('-', "")),
    }
}

const PASSWORD: &str = "1mz050nq";

/// Creates `user` the way Okta does on assignment; returns its path and id.
pub(super) async fn create(p: &mut Probe, user: &AppUser) -> Result<(String, String), Stop> {
    let endpoint = p.endpoint("User")?;
    scenario::create(p, &endpoint, &shape::create_user(&endpoint, user, PASSWORD)).await
}

/// Okta's lookup, expecting 200 and returning the matches.
async fn lookup(p: &mut Probe, user_name: &str, encoding: Encoding) -> Result<Reply, Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = send(p, &shape::lookup_user(&endpoint, user_name, encoding)).await?;
    // `%20` is RFC 3986; `+` for a space is the form convention Okta relies on.
    let axis = match encoding {
        Encoding::Percent => Axis::Rfc,
        Encoding::Plus => Axis::Idp,
    };
    status(p, axis, &reply, &[200])?;
    Ok(reply)
}

/// "Test API Credentials": `GET /Users?startIndex=1&count=2` answers a ListResponse.
pub(super) async fn credentials(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = send(p, &shape::test_credentials(&endpoint)).await?;
    status(p, Axis::Rfc, &reply, &[200])?;
    let what = Axis::Rfc.on("schemas names the ListResponse");
    p.expect_listed(
        &what,
        reply.get("schemas"),
        scim::schema::urn::LIST_RESPONSE,
    )?;
    let what = Axis::Rfc.on("totalResults is an integer");
    p.expect_count(&what, reply.get("totalResults"))?;
    let what = Axis::Rfc.on("resources returned for count=2");
    p.expect_at_most(&what, 2, reply.resources().len())
}

/// Assign a new user: lookup (no match → 200 and an empty list), create with Okta's body,
/// and find it again with the `+` encoding of the same filter.
pub(super) async fn assign(p: &mut Probe) -> Result<(), Stop> {
    let user = app_user(p);
    let before = lookup(p, &user.user_name, Encoding::Percent).await?;
    let what = Axis::Rfc.on("no match yet: totalResults");
    p.equal(&what, &Value::from(0), before.get("totalResults"))?;
    let (_, id) = create(p, &user).await?;
    let after = lookup(p, &user.user_name, Encoding::Plus).await?;
    let ids = after.resource_ids();
    let what = Axis::Idp.on("the `+`-encoded lookup finds the user");
    p.equal(&what, &[id.as_str()][..], &ids[..])?;
    let what = Axis::Rfc.on("password is never returned (RFC 7643 §4.1.1 returned=never)");
    p.expect_absent(&what, first_attribute(after.resources(), "password"))
}

/// Assign a user the app already has, under another letter case: Okta's lookup must find it
/// (userName is caseExact=false) so Okta links instead of creating a duplicate.
pub(super) async fn link_existing(p: &mut Probe) -> Result<(), Stop> {
    let mut existing = app_user(p);
    let okta_name = existing.user_name.clone();
    existing.user_name = okta_name.to_uppercase();
    let (_, id) = create(p, &existing).await?;
    let found = lookup(p, &okta_name, Encoding::Percent).await?;
    let ids = found.resource_ids();
    let what =
        Axis::Rfc.on("lookup in other letter case finds the existing user (link, not duplicate)");
    p.equal(&what, &[id.as_str()][..], &ids[..])
}

/// Creating a userName that exists is a 409 (Okta then reports "user already exists").
pub(super) async fn duplicate(p: &mut Probe) -> Result<(), Stop> {
    let user = app_user(p);
    create(p, &user).await?;
    let endpoint = p.endpoint("User")?;
    let again = send(p, &shape::create_user(&endpoint, &user, PASSWORD)).await?;
    status(p, Axis::Rfc, &again, &[409])
}

/// Profile push by PUT: GET, then PUT the whole user carrying `id`, `meta` with non-ISO dates
/// and `password`; the change is kept, the rest ignored.
pub(super) async fn update_put(p: &mut Probe) -> Result<(), Stop> {
    let mut user = app_user(p);
    let (path, _) = create(p, &user).await?;
    let current = scenario::read(p, &shape::get(&path)).await?;
    user.given_name = "RunscopeUpdated".into();
    let put = send(
        p,
        &shape::put_profile(&path, current.body(), &user, PASSWORD),
    )
    .await?;
    status(p, Axis::Rfc, &put, &[200])?;
    read_given_name(p, &path, &user.given_name).await
}

async fn read_given_name(p: &mut Probe, path: &str, expected: &str) -> Result<(), Stop> {
    let read = send(p, &shape::get(path)).await?;
    status(p, Axis::Rfc, &read, &[200])?;
    let given = read
        .body()
        .pointer("/name/givenName")
        .cloned()
        .unwrap_or(Value::Null);
    let what = Axis::Rfc.on("name.givenName after the push");
    p.equal(&what, &Value::from(expected), &given)?;
    let what = Axis::Rfc.on("password is not returned");
    p.expect_absent(&what, read.attribute("password"))
}

/// Profile push by PATCH (OIN apps with PATCH): a path-less `replace` of name and emails.
pub(super) async fn update_patch(p: &mut Probe) -> Result<(), Stop> {
    let mut user = app_user(p);
    let (path, _) = create(p, &user).await?;
    user.given_name = "RunscopePatched".into();
    scenario::write(p, &shape::patch_profile(&path, &user)).await?;
    read_given_name(p, &path, &user.given_name).await
}

async fn expect_active(p: &mut Probe, path: &str, active: bool) -> Result<(), Stop> {
    let read = send(p, &shape::get(path)).await?;
    // The RFC lets a server hide inactive users; Okta needs them readable to reactivate.
    status(p, Axis::Idp, &read, &[200])?;
    p.equal(
        &Axis::Rfc.on("active"),
        &Value::Bool(active),
        read.get("active"),
    )
}

/// Deactivate and reactivate with path-less PATCH (200 or 204); the user stays readable.
pub(super) async fn deactivate(p: &mut Probe) -> Result<(), Stop> {
    let user = app_user(p);
    let (path, _) = create(p, &user).await?;
    for active in [false, true] {
        scenario::write(p, &shape::set_active(&path, active)).await?;
        expect_active(p, &path, active).await?;
    }
    Ok(())
}

/// "Push empty values" (test plan C9337): an attribute cleared in Okta is left out of the
/// PUT, and the server must drop it (PUT replaces the whole resource).
pub(super) async fn push_empty(p: &mut Probe) -> Result<(), Stop> {
    let user = app_user(p);
    let endpoint = p.endpoint("User")?;
    let mut call = shape::create_user(&endpoint, &user, PASSWORD);
    if let Some(body) = call.body.as_mut().and_then(Value::as_object_mut) {
        body.insert("title".into(), Value::from("Engineer"));
    }
    let (path, _) = scenario::create(p, &endpoint, &call).await?;
    let current = scenario::read(p, &shape::get(&path)).await?;
    let mut cleared = current.body().clone();
    if let Some(body) = cleared.as_object_mut() {
        body.remove("title");
    }
    let put = send(p, &shape::put_profile(&path, &cleared, &user, PASSWORD)).await?;
    status(p, Axis::Rfc, &put, &[200])?;
    let read = send(p, &shape::get(&path)).await?;
    let what = Axis::Rfc.on("title after a PUT without it");
    p.expect_absent(&what, read.get("title"))
}
