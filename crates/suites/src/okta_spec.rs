//! Okta's SCIM 2.0 SPEC test, as native checks (category `okta-spec`): the requests Okta's
//! published Runscope test sends before it lists an app in its catalog, and the assertions it
//! makes on each answer, so `scimcheck run` tells a team whether Okta's own test would pass
//! without a Runscope account. `scimcheck runscope` runs Okta's file itself; these checks are an
//! independent rendering of the same rules with this suite's explanations and clean-up.
//!
//! Where Okta's test is lenient, so are these checks: the Error `status` may be a number or a
//! string (Okta compares it as text), and the upper-cased userName filter only has to answer 200.
//! Okta's optional Groups step (200 within 600 ms) is left to the suite's `groups.*` checks.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Req, Stop, resource_path};
use crate::reply::Reply;
use crate::setup::{self, ERROR_STATUS};
use scim::schema::urn;
use serde_json::{Value, json};

/// The `okta-spec` checks, in the order Okta's test runs them.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "okta-spec.users.list-and-read",
            "Okta SPEC: GET /Users?count=1&startIndex=1 (filtered to the run's user) lists a complete user, readable by its id",
            |p| Box::pin(list_and_read(p)),
        )
        .rfc("Okta SCIM 2.0 SPEC test (Test Users endpoint, Get Users/{id}); RFC 7644 §3.4.2")
        .requirements(&["7643-3.1-5", "7643-3.1-7", "7644-3.4.2-7"])
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["list-without-schemas"])
        .hint("Answer a ListResponse (schemas, totalResults, itemsPerPage, startIndex, Resources) whose users carry id, userName, name.givenName, name.familyName, active and emails.")
        .writes()
        .builds_on(&[
            crate::prerequisite::Prerequisite::CreateUser,
            crate::prerequisite::Prerequisite::FilterUsers,
            crate::prerequisite::Prerequisite::ListWithCount,
        ]),
        Check::new(
            "okta-spec.users.unknown-username-empty",
            "Okta SPEC: filtering on a userName nobody has answers 200 with totalResults 0",
            |p| Box::pin(unknown_username(p)),
        )
        .rfc("Okta SCIM 2.0 SPEC test (Test invalid User by username); RFC 7644 §3.4.2.2")
        .requirements(&["7644-3.4.2-10"])
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["list-without-schemas"])
        .hint("A filter that matches nothing is not an error: answer 200 with an empty ListResponse (totalResults 0).")
        .builds_on(&[crate::prerequisite::Prerequisite::FilterUsers]),
        Check::new(
            "okta-spec.users.unknown-id-404",
            "Okta SPEC: GET /Users/{id} of an unknown id answers 404 with a SCIM Error",
            |p| Box::pin(unknown_id(p)),
        )
        .rfc("Okta SCIM 2.0 SPEC test (Test invalid User by ID, Check status 404); RFC 7644 §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-7"])
        .tags(&["okta"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["unknown-id-400", "not-found-without-detail", "error-without-status"])
        .hint("Answer 404 with {\"schemas\": [Error URN], \"status\": \"404\", \"detail\": …} for any id you do not have, numeric-looking or not."),
        Check::new(
            "okta-spec.users.create-read-duplicate",
            "Okta SPEC: a realistic user is created (201), read back, found by its upper-cased userName, and a second POST of it answers 409",
            |p| Box::pin(create_read_duplicate(p)),
        )
        .rfc("Okta SCIM 2.0 SPEC test (Create Okta user, Verify that user was created, Expect failure when recreating, Username Case Sensitivity Check); RFC 7644 §3.3")
        .requirements(&["7643-4.1.1-2", "7644-3.3-9"])
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed", "name-formatted-required"])
        .hint("Accept the user as Okta sends it (a name without formatted); return it with id, active, userName and name as sent; answer 409 uniqueness to a POST whose userName exists.")
        .writes()
        .builds_on(crate::prerequisite::CREATE_AND_FILTER_USERS),
        Check::new(
            "okta-spec.auth.unauthorized-401",
            "Okta SPEC: a request without credentials answers 401 with a SCIM Error",
            |p| Box::pin(unauthorized(p)),
        )
        .rfc("Okta SCIM 2.0 SPEC test (Check status 401); RFC 7644 §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-6"])
        .tags(&["okta"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["auth-not-enforced", "unauthorized-without-scim-body", "error-without-status"])
        .hint("Reject a request without a valid token with 401 and a SCIM Error body (schemas, status, detail)."),
    ]
}

/// The value at `path` in `value`: dotted names and `[n]` indexes, e.g. `Resources[0].id`.
fn at<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(value, |v, part| {
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let v = if name.is_empty() { v } else { &v[name] };
        match index {
            Some(i) => &v[i],
            None => v,
        }
    })
}

/// Okta's `not_empty`: present, not null, not an empty string or array.
fn expect_present(p: &mut Probe, reply: &Reply, path: &str) -> Result<(), Stop> {
    p.expect_not_empty(&format!("{path} is not empty"), at(reply.body(), path))
}

/// Okta's `has_value` on `schemas`.
fn expect_schema(p: &mut Probe, reply: &Reply, urn: &str) -> Result<(), Stop> {
    p.expect_listed("schemas lists", reply.get("schemas"), urn)
}

/// Okta's `equal` on a number, compared as text the way Runscope does.
fn expect_number_text(p: &mut Probe, reply: &Reply, path: &str, expected: u64) -> Result<(), Stop> {
    let text = match at(reply.body(), path) {
        Value::Null => Value::Null,
        Value::String(s) => Value::String(s.clone()),
        other => Value::String(other.to_string()),
    };
    // Named as the body's member: "status: expected 404" next to an HTTP 404 reads as a
    // contradiction when it is the Error body's `status` that is missing. The Error's
    // `status` is named as `errors.body.*` name it, so a body without one is one root cause
    // (the shared rule ERROR_MESSAGES) however many checks read it.
    let what = match path {
        "status" => ERROR_STATUS.to_owned(),
        _ => format!("the body's `{path}` member"),
    };
    p.equal(&what, &Value::String(expected.to_string()), &text)
}

const USER_FIELDS: [&str; 6] = [
    "id",
    "name.familyName",
    "name.givenName",
    "userName",
    "active",
    "emails[0].value",
];

async fn list_and_read(p: &mut Probe) -> Result<(), Stop> {
    // Okta's test assumes the server already holds a user and reads the first one listed; the
    // run creates one and lists with a filter selecting it, so the user judged (and read back
    // by id) is the run's own, not whoever comes first among the server's real users.
    let endpoint = p.endpoint("User")?;
    let user = create_realistic(p, realistic_user(p)).await?;
    let filter = format!(
        "userName eq \"{}\"",
        user.sent["userName"].as_str().unwrap_or_default()
    );
    let list = p
        .list(
            &endpoint,
            &[("filter", &filter), ("count", "1"), ("startIndex", "1")],
        )
        .await?;
    p.status(&list, &[200])?;
    expect_present(p, &list, "Resources")?;
    expect_schema(p, &list, urn::LIST_RESPONSE)?;
    for number in ["itemsPerPage", "startIndex", "totalResults"] {
        let value = list.get(number);
        p.expect_number(&format!("{number} is a number"), value)?;
    }
    for field in USER_FIELDS {
        expect_present(p, &list, &format!("Resources[0].{field}"))?;
    }
    let Some(id) = at(list.body(), "Resources[0].id")
        .as_str()
        .map(str::to_owned)
    else {
        return Err(p.fail("Resources[0].id is not a string"));
    };
    let read = p.get(&resource_path(&endpoint, &id)).await?;
    p.status(&read, &[200])?;
    for field in USER_FIELDS {
        expect_present(p, &read, field)?;
    }
    p.equal("id", &Value::from(id), read.get("id"))
}

async fn unknown_username(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let name = format!("{}@example.com", p.ctx().data.unique("okta-nobody"));
    let reply = p
        .filter(&endpoint, &format!("userName eq \"{name}\""))
        .await?;
    expect_schema(p, &reply, urn::LIST_RESPONSE)?;
    expect_number_text(p, &reply, "totalResults", 0)
}

async fn unknown_id(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    // Okta sends a numeric-looking id; a server must not treat it as a bad request.
    for path in [
        p.missing_path(&endpoint),
        format!("{endpoint}/00919288221112222"),
    ] {
        let reply = p.get(&path).await?;
        p.status(&reply, &[404])?;
        expect_present(p, &reply, "detail")?;
        expect_number_text(p, &reply, "status", 404)?;
        expect_schema(p, &reply, urn::ERROR)?;
    }
    Ok(())
}

/// A user shaped like the one Okta's test posts: an email userName, given and family name, one
/// primary work email, a display name, active.
fn realistic_user(p: &Probe) -> Value {
    let tag = p.ctx().data.unique("okta");
    json!({
        "schemas": [urn::USER],
        "userName": format!("{tag}@example.com"),
        "name": {"givenName": format!("Given{tag}"), "familyName": format!("Family{tag}")},
        "emails": [{"primary": true, "value": format!("{tag}@example.com"), "type": "work"}],
        "displayName": format!("Given{tag} Family{tag}"),
        "active": true
    })
}

/// POSTs Okta's realistic user: a shared setup step, so a server that refuses Okta's body is
/// one root cause among the SPEC checks.
async fn create_realistic(p: &mut Probe, body: Value) -> Result<Created, Stop> {
    let endpoint = p.endpoint("User")?;
    let created = p.create(&endpoint, body).await;
    p.setup("POST /Users with Okta's SPEC test user", created)
}

async fn create_read_duplicate(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = realistic_user(p);
    let created = create_realistic(p, body.clone()).await?;
    let reply = &created.reply;
    p.equal("active", &Value::Bool(true), reply.get("active"))?;
    expect_schema(p, reply, urn::USER)?;
    for field in ["userName", "name.familyName", "name.givenName"] {
        p.equal(field, at(&body, field), at(reply.body(), field))?;
    }
    let read = p.get(&created.path).await?;
    p.status(&read, &[200])?;
    for field in ["userName", "name.familyName", "name.givenName"] {
        p.equal(field, at(&body, field), at(read.body(), field))?;
    }
    let caps = at(&body, "userName")
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    let found = p
        .list(&endpoint, &[("filter", &format!("userName eq \"{caps}\""))])
        .await?;
    p.status(&found, &[200])?;
    let again = p.post(&endpoint, &body).await?;
    p.status(&again, &[409])
}

async fn unauthorized(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let path = crate::probe::with_query(
        &endpoint,
        &[("filter", "userName eq \"nobody@example.com\"")],
    );
    let reply = p.send(Req::new("GET", path).without_auth()).await?;
    p.status(&reply, &[401])?;
    expect_present(p, &reply, "detail")?;
    expect_number_text(p, &reply, "status", 401)?;
    expect_schema(p, &reply, urn::ERROR)
}
