//! How a PATCH ends (RFC 7644 §3.5.2): 200 with the resource when `attributes` is asked for, a
//! SCIM Error when it fails, and success without a new modify timestamp when an add changes
//! nothing.

use super::members::members_after;
use crate::check::{Check, Need};
use crate::probe::{Probe, Stop, with_query};
use scim::schema::urn;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.response.attributes-200",
            "A PATCH with ?attributes= answers 200 with the requested attributes",
            |p| Box::pin(attributes_200(p)),
        )
        .rfc("RFC 7644 §3.5.2 (200 OK when attributes is given)")
        .requirements(&["7644-3.5.2-22"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-attributes-no-content"])
        .hint("A PATCH may answer 204, except when the request has the attributes parameter: then answer 200 with the resource, projected.")
        .writes(),
        Check::new(
            "patch.response.error-body",
            "A PATCH that fails answers an error status with a SCIM Error body",
            |p| Box::pin(error_body(p)),
        )
        .rfc("RFC 7644 §3.5.2 (a failed PATCH answers a §3.12 error)")
        .requirements(&["7644-3.5.2-19"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["html-error-pages"])
        .hint("Answer a PATCH whose operation cannot be applied with a 4xx status and a SCIM Error JSON body (schemas, status, detail).")
        .writes(),
        Check::new(
            "patch.add.unchanged-keeps-last-modified",
            "PATCH add of the value displayName already has leaves meta.lastModified as it was",
            |p| Box::pin(unchanged_keeps_last_modified(p)),
        )
        .rfc("RFC 7644 §3.5.2.1 (an add that changes nothing keeps the modify timestamp)")
        .requirements(&["7644-3.5.2.1-5"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-noop-modifies"])
        .hint("When a PATCH leaves the resource as it was, do not store it again: meta.lastModified (and the version) stay.")
        .writes(),
        Check::new(
            "patch.add.existing-member-succeeds",
            "PATCH add of a member the group already has succeeds and changes nothing",
            |p| Box::pin(existing_member(p)),
        )
        .rfc("RFC 7644 §3.5.2.1 (adding a value already there: no change, success)")
        .requirements(&["7644-3.5.2.1-4"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Groups, Need::Patch])
        .defects(&["member-readd-conflict"])
        .hint("When an add names a value the attribute already holds (a member already in the group), change nothing and answer success, not 409.")
        .writes(),
        Check::new(
            "patch.add.email-appended",
            "PATCH add of a new email (no primary) appends it: the user keeps its first email, which stays the one primary",
            |p| Box::pin(email_appended(p)),
        )
        .rfc("RFC 7644 §3.5.2.1 (add to a multi-valued attribute adds a value), §3.5.2 (one primary)")
        .requirements(&["7644-3.5.2-15"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-add-replaces-multi-valued"])
        .hint("An add to a multi-valued attribute appends the new values; only a replace drops the old ones. Leave the primary flag where it is unless the new value claims it.")
        .writes(),
        Check::new(
            "patch.add.existing-email-not-duplicated",
            "PATCH add of an email the user already has (same value and type) succeeds and leaves one entry with that value",
            |p| Box::pin(existing_email(p)),
        )
        .rfc("RFC 7644 §3.5.2.1 (adding a value already there: no change, success)")
        .requirements(&["7644-3.5.2.1-4"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-add-duplicates-values"])
        .hint("Before adding a value to a multi-valued attribute, compare it with the values it holds (value and type); add only what is new.")
        .writes(),
    ]
}

async fn attributes_200(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let path = with_query(&user.path, &[("attributes", "userName")]);
    let reply = p
        .patch(
            &path,
            json!([{ "op": "replace", "path": "active", "value": false }]),
        )
        .await?;
    p.status(&reply, &[200])?;
    p.equal("id", &json!(user.id), reply.get("id"))?;
    p.equal(
        "userName",
        &user.sent["userName"],
        reply.attribute("userName"),
    )
}

async fn error_body(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    // userName is a string: a number cannot be applied (400 invalidValue).
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "replace", "path": "userName", "value": 42 }]),
        )
        .await?;
    // A success, or a crash answered with the framework's own page (Canaille's plain-text
    // 500), is the status `patch.atomic.failed-op-changes-nothing` judges on the same
    // request: this check has no refusal's body to judge, and reporting the page's shape
    // too would report one defect twice. A 5xx carrying a SCIM Error is judged as one.
    let crashed = reply.status >= 500 && !reply.lists_schema(urn::ERROR);
    if reply.status < 400 || crashed {
        let why = if crashed {
            "a failure of its own, not a refusal of the request"
        } else {
            "so no PATCH failed"
        };
        return Err(p.blocked(
            "patch.atomic.failed-op-changes-nothing",
            format!("the server answered {} to userName 42, {why}", reply.status),
        ));
    }
    p.expect_scim_error(&reply, "schemas of the error body")
}

async fn existing_member(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let operation = json!({ "op": "add", "path": "members", "value": [{ "value": user.id }] });
    let members = members_after(p, &group.path, operation).await?;
    p.equal(
        "members after adding the member again",
        &[user.id.clone()][..],
        &members[..],
    )
}

async fn email_appended(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "emails.value")?;
    let user = p.create_user().await?;
    let sent = p.sent_email(&user)?;
    let first = sent["value"].as_str().unwrap_or_default().to_lowercase();
    let added = format!("added.{first}");
    let mut email = json!({ "value": added });
    // The type only where the server declares it (Canaille's emails have none).
    if p.may_send(scim::schema::urn::USER, "emails.type") {
        email["type"] = json!("home");
    }
    let operation = json!({ "op": "add", "path": "emails", "value": [email] });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    let mut values = lowercased(read.values("emails"));
    values.sort();
    let mut expected = vec![first.clone(), added];
    expected.sort();
    p.equal("emails after the add", &expected, &values)?;
    // The generated email is sent as primary only when the schema has `primary`.
    if sent["primary"] == Value::Bool(true) {
        let primaries = read
            .get("emails")
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["primary"] == Value::Bool(true))
            .filter_map(|e| e["value"].as_str());
        let primaries = lowercased(primaries.collect());
        p.equal("primary emails after the add", &vec![first], &primaries)?;
    }
    Ok(())
}

/// Email values compared as the server may have normalised their case.
fn lowercased(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_lowercase).collect()
}

async fn existing_email(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "emails.value")?;
    let user = p.create_user().await?;
    let email = p.sent_email(&user)?;
    let value = email["value"].as_str().unwrap_or_default().to_lowercase();
    let operation = json!({ "op": "add", "path": "emails", "value": [email] });
    let read = super::patch_and_read(p, &user.path, operation).await?;
    let entries = lowercased(read.values("emails"))
        .iter()
        .filter(|v| **v == value)
        .count();
    p.equal("emails with the added value", &1, &entries)
}

async fn unchanged_keeps_last_modified(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "displayName")?;
    let user = p.create_user().await?;
    let before = p.get(&user.path).await?;
    p.status(&before, &[200])?;
    let stamp = before.attribute("meta")["lastModified"].clone();
    p.expect_date_time("meta.lastModified before the PATCH", &stamp)?;
    let same = json!({ "op": "add", "path": "displayName", "value": user.sent["displayName"] });
    let reply = p.patch(&user.path, json!([same])).await?;
    if !matches!(reply.status, 200 | 204) {
        return Err(p.blocked(
            "patch.add.existing-member-succeeds",
            format!("adding the current displayName answered {}", reply.status),
        ));
    }
    let after = p.get(&user.path).await?;
    p.status(&after, &[200])?;
    p.equal(
        "meta.lastModified after adding the value already there",
        &stamp,
        &after.attribute("meta")["lastModified"],
    )
}
