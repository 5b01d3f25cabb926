//! `/Me` (RFC 7644 §3.11): the authenticated subject's own resource, a 308 redirect to it, or
//! 501 Not Implemented when the server does not tie its credentials to a resource — the three
//! answers the RFC allows. Anything else (500, 404) leaves a client unable to tell
//! "unsupported" from "broken".

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop, resource_path};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
        "users.me.resource-or-501",
        "GET /Me answers 200 with the caller's resource, 308 to it, or 501 when /Me is not supported",
        |p| Box::pin(me(p)),
    )
    .rfc("RFC 7644 §3.11")
    .requirements(&["7644-3.11-3", "7644-3.11-4", "7644-3.11-6"])
    .needs(&[Need::Users])
    .defects(&["me-unsupported-500"])
    .hint("Answer /Me with the authenticated user's resource (or a 308 redirect to it), or with 501 Not Implemented and a SCIM Error body if your credentials are not tied to a user."),
        Check::new(
            "users.me.location-permanent",
            "GET /Me answered with the caller's resource carries a Location header naming that resource's own URL, not /Me",
            |p| Box::pin(location_permanent(p)),
        )
        .rfc("RFC 7644 §3.11 (in any response, Location MUST be the permanent location of the aliased resource)")
        .requirements(&["7644-3.11-7"])
        .needs(&[Need::Users])
        .defects(&["me-location-is-alias"])
        .hint("When you serve /Me directly, set Location to the user's own URL (its meta.location, …/Users/<id>), so a client learns where the resource permanently lives."),
    ]
}

/// Only a /Me processed directly (200) is judged: a 308's Location is its redirect target
/// and a 501 has no aliased resource (`users.me.resource-or-501` judges those answers).
async fn location_permanent(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.get("/Me").await?;
    if reply.status != 200 {
        return Err(p.skip(format!(
            "GET /Me answered {}, not the caller's resource: nothing is served at the alias to judge",
            reply.status
        )));
    }
    let Some(id) = reply.get("id").as_str().map(str::to_owned) else {
        return Err(p.blocked(
            "users.me.resource-or-501",
            "GET /Me answered 200 with no resource (no id), which that check reports: there is no resource whose location to judge",
        ));
    };
    let endpoint = p.endpoint("User")?;
    let location = reply
        .header("Location")
        .map(|l| l.split(['?', '#']).next().unwrap_or_default());
    p.expect_ends_with(
        "Location of the /Me answer",
        &resource_path(&endpoint, &id),
        location,
    )
}

async fn me(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.get("/Me").await?;
    p.status(&reply, &[200, 308, 501])?;
    match reply.status {
        200 => p.expect_present("id of the /Me resource", reply.get("id")),
        308 => p.expect_header(&reply, "Location").map(drop),
        _ => p.expect_scim_error(&reply, "/Me not implemented"),
    }
}
