//! GET /Users/{id}: reading back, unknown ids, deactivated users.

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};
use crate::setup;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.read.unknown-id-404",
            "GET /Users/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Users])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 with a SCIM Error when no resource has the id."),
        Check::new(
            "users.read.deactivated-readable",
            "A user deactivated with active=false can still be read, with active false",
            |p| Box::pin(deactivated_readable(p)),
        )
        .rfc("Okta SCIM 2.0 reference (deactivation); RFC 7643 §4.1.1 active")
        .severity(Severity::Interop)
        .tags(&["okta", "entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["deactivated-user-404"])
        .hint("Deactivation is not deletion: keep returning the user (with active=false) on GET and in lists.")
        .writes(),

        Check::new(
            "users.read.deactivated-by-put-readable",
            "A user deactivated by PUT with active=false can still be read",
            |p| Box::pin(deactivated_by_put(p)),
        )
        .rfc("Okta SCIM 2.0 reference (PUT deactivation); RFC 7644 §3.5.1")
        .severity(Severity::Interop)
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["deactivated-user-404"])
        .hint("Keep deactivated users readable after a PUT with active=false (Okta's non-PATCH apps deactivate that way).")
        .writes(),
        Check::new(
            "users.read.meta-location",
            "GET of a user returns an absolute meta.location",
            |p| Box::pin(meta_location(p)),
        )
        .rfc("RFC 7643 §3.1")
        .requirements(&["7643-3.1-2"])
        .shared_rule(setup::META)
        .needs(&[Need::Users])
        .defects(&["meta-location-relative"])
        .hint("meta.location is the absolute URL of the resource.")
        .writes(),
    ]
}

async fn unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("GET", "User").await?;
    p.status(&reply, &[404])
}

async fn deactivated_readable(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "replace", "value": { "active": false } }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal(
        "active after deactivation",
        &Value::Bool(false),
        read.get("active"),
    )
}

async fn deactivated_by_put(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let mut body = user.sent.clone();
    body["active"] = Value::Bool(false);
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.equal("active after PUT", &Value::Bool(false), read.get("active"))
}

async fn meta_location(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let location = read.get("meta")["location"].as_str();
    p.expect_absolute_location("meta.location", location, &user.path)
}
