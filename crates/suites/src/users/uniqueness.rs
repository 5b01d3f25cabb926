//! userName uniqueness: a second user with the same userName, in any case, is a 409.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use crate::setup;
use scim::schema::urn;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.uniqueness.duplicate-409",
            "POST /Users with an existing userName answers 409 with scimType uniqueness",
            |p| Box::pin(duplicate(p, str::to_owned)),
        )
        .rfc("RFC 7644 §3.3, §3.12")
        .requirements(&["7643-4.1.1-2", "7643-7-27", "7643-7-29", "7644-3.3-9"])
        .shared_rule(setup::UNIQUE_USER_NAME)
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed", "conflict-400"])
        .hint("Before inserting, look the userName up (case-insensitively) and answer 409 with scimType \"uniqueness\".")
        .writes(),
        Check::new(
            "users.uniqueness.case-variant-409",
            "POST /Users with an existing userName in other letter case answers 409 (userName is caseExact=false)",
            |p| Box::pin(duplicate(p, str::to_uppercase)),
        )
        .rfc("RFC 7643 §4.1.1; RFC 7644 §3.3")
        .requirements(&["7643-4.1.1-3", "7644-3.3-9", "7644-5-1", "7644-7.8-1"])
        .shared_rule(setup::UNIQUE_USER_NAME)
        .tags(&["okta", "case"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed"])
        .hint("Compare userName case-insensitively when enforcing uniqueness (store a lower-cased copy with a unique index).")
        .writes(),

        Check::new(
            "users.uniqueness.put-409",
            "PUT that gives a user another user's userName answers 409",
            |p| Box::pin(put_conflict(p)),
        )
        .rfc("RFC 7644 §3.5.1, §3.12")
        .requirements(&["7643-4.1.1-2", "7643-7-29", "7644-3.12-8"])
        .shared_rule(setup::UNIQUE_USER_NAME)
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed", "conflict-400"])
        .hint("Enforce userName uniqueness on PUT as on POST (excluding the resource itself).")
        .writes(),
        Check::new(
            "users.uniqueness.patch-409",
            "PATCH replace of userName with another user's userName answers 409",
            |p| Box::pin(patch_conflict(p)),
        )
        .rfc("RFC 7644 §3.5.2, §3.12")
        .requirements(&["7643-4.1.1-2", "7644-3.12-8"])
        .shared_rule(setup::UNIQUE_USER_NAME)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["duplicate-usernames-allowed", "conflict-400"])
        .hint("Enforce userName uniqueness on PATCH as on POST.")
        .writes(),

        Check::new(
            "users.uniqueness.put-case-variant-409",
            "PUT that gives a user another user's userName in other case answers 409",
            |p| Box::pin(put_case_variant(p)),
        )
        .rfc("RFC 7643 §4.1.1; RFC 7644 §3.5.1")
        .requirements(&["7643-4.1.1-3", "7644-3.12-8", "7644-5-1"])
        .shared_rule(setup::UNIQUE_USER_NAME)
        .tags(&["case"])
        .needs(&[Need::Users])
        .defects(&["duplicate-usernames-allowed"])
        .hint("Compare userName case-insensitively on PUT too.")
        .writes(),
    ]
}

async fn duplicate(p: &mut Probe, variant: fn(&str) -> String) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let endpoint = p.endpoint("User")?;
    let mut second = p.user_body();
    let name = user.sent["userName"].as_str().unwrap_or_default();
    second["userName"] = Value::from(variant(name));
    let reply = p.post(&endpoint, &second).await?;
    p.status(&reply, &[409])?;
    p.equal(
        "scimType",
        &Value::from("uniqueness"),
        reply.get("scimType"),
    )
}

async fn put_conflict(p: &mut Probe) -> Result<(), Stop> {
    put_taken_name(p, str::to_owned).await
}

/// PUTs a second user with `variant` of the first user's userName, expecting 409.
async fn put_taken_name(p: &mut Probe, variant: fn(&str) -> String) -> Result<(), Stop> {
    let first = p.create_user().await?;
    let second = p.create_user().await?;
    let mut body = second.sent.clone();
    let taken = first.sent["userName"].as_str().unwrap_or_default();
    body["userName"] = Value::from(variant(taken));
    let reply = p.put(&second.path, &body).await?;
    unless_renames_are_refused(p, &reply)?;
    p.status(&reply, &[409])
}

async fn patch_conflict(p: &mut Probe) -> Result<(), Stop> {
    let first = p.create_user().await?;
    let second = p.create_user().await?;
    let op = serde_json::json!([{ "op": "replace", "path": "userName", "value": first.sent["userName"] }]);
    let reply = p.patch(&second.path, op).await?;
    unless_renames_are_refused(p, &reply)?;
    p.status(&reply, &[409])
}

/// Skips an update check whose rename the server refused as a mutability error when its
/// /Schemas declares userName immutable (or readOnly): it then refuses every change of
/// userName, as RFC 7644 §3.5.1 has it do for immutable attributes (400 `mutability`), before
/// uniqueness is at stake, so no update can give a user another's userName. A server declaring
/// userName writable gets no such pass: its 400 is a conflict answered with the wrong status.
fn unless_renames_are_refused(p: &mut Probe, reply: &Reply) -> Result<(), Stop> {
    let declared_fixed = p.ctx().discovered.declares_fixed(urn::USER, "userName");
    if declared_fixed && reply.status == 400 && reply.get("scimType") == "mutability" {
        return Err(p.skip(
            "the server's /Schemas declares userName immutable and it refused the rename as such (400 mutability): no update can give a user another user's userName, so uniqueness on update has nothing to judge",
        ));
    }
    Ok(())
}

async fn put_case_variant(p: &mut Probe) -> Result<(), Stop> {
    put_taken_name(p, str::to_uppercase).await
}
