//! Authentication (RFC 7644 §2, RFC 7235, RFC 6750): requests without credentials are refused
//! with 401, a WWW-Authenticate challenge and a SCIM Error body.

use crate::check::{Check, Need};
use crate::probe::{Probe, Req, Stop};
use crate::reply::Reply;
use crate::setup;

/// The auth checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "auth.missing.401-scim-error",
            "A request without credentials answers 401 with a SCIM Error body",
            |p| Box::pin(scim_error(p)),
        )
        .rfc("RFC 7644 §2, §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-6"])
        .shared_rule(setup::ERROR_MESSAGES)
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["unauthorized-without-scim-body"])
        .hint("Answer unauthenticated requests with 401 and a SCIM Error JSON body (Okta's SPEC test parses it)."),
        Check::new(
            "auth.missing.www-authenticate",
            "A 401 carries a WWW-Authenticate challenge",
            |p| Box::pin(challenge(p)),
        )
        .rfc("RFC 7235 §3.1; RFC 6750 §3")
        .requirements(&["7644-2-6"])
        .shared_rule(setup::WWW_AUTHENTICATE)
        .needs(&[Need::Users])
        .defects(&["unauthorized-without-www-authenticate"])
        .hint("Send WWW-Authenticate: Bearer realm=\"…\" (or Basic) with every 401."),

        Check::new(
            "auth.missing.groups-401",
            "GET /Groups without credentials answers 401 with a SCIM Error body",
            |p| Box::pin(groups_401(p)),
        )
        .rfc("RFC 7644 §2, §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-6"])
        .needs(&[Need::Groups])
        .defects(&["unauthorized-without-scim-body"])
        .hint("Protect every resource endpoint, and answer 401 with a SCIM Error body."),
        Check::new(
            "auth.missing.write-401",
            "POST /Users without credentials answers 401 with a SCIM Error body",
            |p| Box::pin(write_401(p)),
        )
        .rfc("RFC 7644 §2, §3.12")
        .requirements(&["7644-3.12-1", "7644-3.12-6"])
        .needs(&[Need::Users])
        .defects(&["unauthorized-without-scim-body"])
        .hint("Check credentials before parsing or storing anything.")
        .writes(),

        Check::new(
            "auth.missing.401",
            "GET /Users without credentials answers 401",
            |p| Box::pin(missing_401(p)),
        )
        .rfc("RFC 7644 §2")
        .requirements(&["7644-3.12-6"])
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["auth-not-enforced"])
        .hint("Require credentials on every resource endpoint; answer 401 when they are missing."),
        Check::new(
            "auth.wrong-token.401",
            "GET /Users with a bearer token the server never issued answers 401",
            |p| Box::pin(wrong_token_401(p)),
        )
        .rfc("RFC 7644 §2; RFC 6750 §3.1 (invalid_token)")
        .requirements(&["7644-3.12-6"])
        .tags(&["okta"])
        .needs(&[Need::Users])
        .defects(&["wrong-token-accepted"])
        .hint("Compare the bearer token with the issued ones; answer 401 for any other."),

        Check::new(
            "auth.missing.www-authenticate-on-write",
            "A 401 to an unauthenticated POST carries a WWW-Authenticate challenge",
            |p| Box::pin(challenge_on_write(p)),
        )
        .rfc("RFC 7235 §3.1; RFC 6750 §3")
        .requirements(&["7644-2-6"])
        .shared_rule(setup::WWW_AUTHENTICATE)
        .needs(&[Need::Users])
        .defects(&["unauthorized-without-www-authenticate"])
        .hint("Send WWW-Authenticate with every 401, whatever the method.")
        .writes(),
    ]
}

/// Sends `method` to the endpoint of resource type `name` without credentials (a generated
/// user as the body of a POST) and expects 401; skips when the run has no credentials.
async fn refused(p: &mut Probe, method: &'static str, name: &str) -> Result<Reply, Stop> {
    if !p.ctx().target.has_credentials() {
        return Err(
            p.skip("the run has no credentials, so unauthenticated access cannot be told apart")
        );
    }
    let endpoint = p.endpoint(name)?;
    let mut req = Req::new(method, endpoint).without_auth();
    if method == "POST" {
        req = req.json(&p.user_body());
    }
    let reply = p.send(req).await?;
    p.status(&reply, &[401])?;
    Ok(reply)
}

/// Expects a WWW-Authenticate challenge on a 401.
fn expect_challenge(p: &mut Probe, reply: &Reply) -> Result<(), Stop> {
    p.expect_header(reply, "WWW-Authenticate").map(|_| ())
}

async fn scim_error(p: &mut Probe) -> Result<(), Stop> {
    let reply = refused(p, "GET", "User").await?;
    p.expect_scim_error(&reply, "401 body schemas")
}

async fn challenge(p: &mut Probe) -> Result<(), Stop> {
    let reply = refused(p, "GET", "User").await?;
    expect_challenge(p, &reply)
}

async fn groups_401(p: &mut Probe) -> Result<(), Stop> {
    let reply = refused(p, "GET", "Group").await?;
    p.expect_scim_error(&reply, "401 body schemas")
}

async fn write_401(p: &mut Probe) -> Result<(), Stop> {
    let reply = refused(p, "POST", "User").await?;
    p.expect_scim_error(&reply, "401 body schemas")
}

async fn missing_401(p: &mut Probe) -> Result<(), Stop> {
    refused(p, "GET", "User").await.map(|_| ())
}

async fn wrong_token_401(p: &mut Probe) -> Result<(), Stop> {
    if !p.ctx().target.has_credentials() {
        return Err(p.skip("the run has no credentials, so a wrong token cannot be told apart"));
    }
    let endpoint = p.endpoint("User")?;
    let token = format!("Bearer {}", p.ctx().data.unique("wrong-token"));
    let reply = p
        .send(
            Req::new("GET", endpoint)
                .without_auth()
                .header("Authorization", &token),
        )
        .await?;
    p.status(&reply, &[401])
}

async fn challenge_on_write(p: &mut Probe) -> Result<(), Stop> {
    let reply = refused(p, "POST", "User").await?;
    expect_challenge(p, &reply)
}
