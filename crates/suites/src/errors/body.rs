//! The Error body of a 404.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use crate::setup;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "errors.body.scim-error",
            "An error answers SCIM Error JSON carrying the Error schema URN",
            |p| Box::pin(scim_error(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.1-2", "7644-3.2-5", "7644-3.12-1"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["html-error-pages"])
        .hint("Render every error as {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\",\"detail\":…}, not an HTML page."),
        Check::new(
            "errors.body.status-string",
            "The Error body's status is the HTTP status as a JSON string",
            |p| Box::pin(status_string(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.2-5", "7644-3.12-2"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["error-status-number", "error-without-status"])
        .hint("Serialize status as a string (\"404\"), as RFC 7644 §3.12 defines it."),
        Check::new(
            "errors.body.detail",
            "A 404 Error body has a human-readable detail",
            |p| Box::pin(detail(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-4"])
        .shared_rule(setup::ERROR_MESSAGES)
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["not-found-without-detail"])
        .hint("Say what was not found in detail, e.g. \"User 123 not found\" (Okta's SPEC test reads it)."),

        Check::new(
            "errors.body.invalid-filter-scim-error",
            "A 400 invalidFilter answer is SCIM Error JSON with status \"400\"",
            |p| Box::pin(invalid_filter_error(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-2"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users, Need::Filter])
        .defects(&["html-error-pages", "error-status-number", "error-without-status"])
        .hint("Render 400 errors as SCIM Error JSON with status as a string.")
        .builds_on(&[
            crate::prerequisite::Prerequisite::FilterUsers,
            crate::prerequisite::Prerequisite::ListWithCount,
        ]),
        Check::new(
            "errors.body.conflict-scim-error",
            "A 409 answer is SCIM Error JSON with status \"409\"",
            |p| Box::pin(conflict_error(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.3-9", "7644-3.12-1", "7644-3.12-2"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["html-error-pages", "error-status-number", "error-without-status"])
        .hint("Render 409 errors as SCIM Error JSON with status \"409\" and scimType \"uniqueness\".")
        .writes(),

        Check::new(
            "errors.body.method-not-allowed-scim-error",
            "A refused write to /ServiceProviderConfig (405, or 501) answers SCIM Error JSON",
            |p| Box::pin(method_not_allowed(p)),
        )
        .rfc("RFC 7644 §3.12, §4")
        .requirements(&["7644-3.12-1"])
        .shared_rule(setup::ERROR_MESSAGES)
        .defects(&["html-error-pages"])
        .hint("Render 405 as SCIM Error JSON too, not the framework's default page.")
        .writes(),
        Check::new(
            "errors.body.group-not-found-detail",
            "A 404 for a group has a human-readable detail",
            |p| Box::pin(group_detail(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-4"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Groups])
        .defects(&["not-found-without-detail"])
        .hint("Say which group was not found in detail."),

        Check::new(
            "errors.body.unauthorized-status-string",
            "A 401 Error body carries status \"401\" as a string",
            |p| Box::pin(unauthorized_status(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-2"])
        .shared_rule(setup::ERROR_MESSAGES)
        .needs(&[Need::Users])
        .defects(&["error-status-number", "error-without-status", "unauthorized-without-scim-body"])
        .hint("Give 401 responses the same SCIM Error body as other errors, status as a string."),
    ]
}

/// Reads a user that does not exist, expecting 404.
async fn not_found(p: &mut Probe) -> Result<Reply, Stop> {
    let reply = p.send_to_missing("GET", "User").await?;
    p.status(&reply, &[404])?;
    Ok(reply)
}

async fn scim_error(p: &mut Probe) -> Result<(), Stop> {
    let reply = not_found(p).await?;
    p.expect_scim_error(&reply, "Error schemas")
}

async fn status_string(p: &mut Probe) -> Result<(), Stop> {
    let reply = not_found(p).await?;
    p.equal(
        setup::ERROR_STATUS,
        &Value::from("404"),
        reply.get("status"),
    )
}

async fn detail(p: &mut Probe) -> Result<(), Stop> {
    let reply = not_found(p).await?;
    expect_detail(p, &reply)
}

/// Expects a non-blank `detail` in an Error body.
fn expect_detail(p: &mut Probe, reply: &Reply) -> Result<(), Stop> {
    // Blank is as good as none: the detail is for a human to read.
    let detail = reply.get("detail").as_str().map(str::trim);
    p.expect_not_empty("Error detail (a string)", &Value::from(detail))
}

/// Expects `reply` to be a SCIM Error whose status is the HTTP status, as a string.
fn expect_error_body(p: &mut Probe, reply: &Reply) -> Result<(), Stop> {
    p.expect_scim_error(reply, "Error schemas")?;
    p.equal(
        setup::ERROR_STATUS,
        &Value::from(reply.status.to_string()),
        reply.get("status"),
    )
}

async fn invalid_filter_error(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    // `count=1`: a server that ignores the bad filter answers one user, not its whole list.
    let reply = p
        .list(&endpoint, &[("filter", "userName eq"), ("count", "1")])
        .await?;
    p.status(&reply, &[400])?;
    expect_error_body(p, &reply)
}

async fn conflict_error(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let endpoint = p.endpoint("User")?;
    let reply = p.post(&endpoint, &user.sent).await?;
    // No 409 to judge (the duplicate was accepted or refused otherwise): the uniqueness check
    // reports that.
    if reply.status != 409 {
        return Err(p.blocked(
            "users.uniqueness.duplicate-409",
            format!(
                "a duplicate userName answered {}, not 409, so there is no 409 body to judge",
                reply.status
            ),
        ));
    }
    expect_error_body(p, &reply)
}

async fn method_not_allowed(p: &mut Probe) -> Result<(), Stop> {
    p.ctx().cleanup.made_up("/ServiceProviderConfig");
    let reply = p
        .send(crate::probe::Req::new("POST", "/ServiceProviderConfig").text("{}"))
        .await?;
    // Whether the write is refused at all is `discovery.spc.write-405`'s rule, on the same
    // request: a 404 or 409 there leaves no refusal's body to judge here.
    if !matches!(reply.status, 405 | 501) {
        return Err(p.blocked(
            "discovery.spc.write-405",
            format!(
                "POST /ServiceProviderConfig answered {}, not a refusal (405 or 501)",
                reply.status
            ),
        ));
    }
    p.expect_scim_error(&reply, "Error schemas")
}

async fn group_detail(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("GET", "Group").await?;
    p.status(&reply, &[404])?;
    expect_detail(p, &reply)
}

async fn unauthorized_status(p: &mut Probe) -> Result<(), Stop> {
    if !p.ctx().target.has_credentials() {
        return Err(
            p.skip("the run has no credentials, so unauthenticated access cannot be told apart")
        );
    }
    let endpoint = p.endpoint("User")?;
    let reply = p
        .send(crate::probe::Req::new("GET", endpoint).without_auth())
        .await?;
    p.status(&reply, &[401])?;
    expect_error_body(p, &reply)
}
