//! `/Me` (RFC 7644 §3.11): the authenticated subject's own resource, a 308 redirect to it, or
//! 501 Not Implemented when the server does not tie its credentials to a resource — the three
//! answers the RFC allows. Anything else (500, 404) leaves a client unable to tell
//! "unsupported" from "broken".

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "users.me.resource-or-501",
        "GET /Me answers 200 with the caller's resource, 308 to it, or 501 when /Me is not supported",
        |p| Box::pin(me(p)),
    )
    .rfc("RFC 7644 §3.11")
    .severity(Severity::Should)
    .needs(&[Need::Users])
    .defects(&["me-unsupported-500"])
    .hint("Answer /Me with the authenticated user's resource (or a 308 redirect to it), or with 501 Not Implemented and a SCIM Error body if your credentials are not tied to a user.")]
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
