//! Paths that name no endpoint.

use crate::check::{Check, Severity};
use crate::probe::{Probe, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "errors.endpoint.unknown-404",
            "GET of a path that names no endpoint answers 404",
            |p| Box::pin(unknown_endpoint(p)),
        )
        .rfc("RFC 7644 §3.12 (404: the endpoint does not exist)")
        .severity(Severity::Should)
        .defects(&["unknown-paths-serve-groups"])
        .hint("Answer 404 for paths that are no endpoint of yours, rather than serving them as another collection: clients then create and list where they did not mean to."),
    ]
}

/// A GET, not a POST: a server serving unknown paths as a collection shows it by listing, and a
/// read creates nothing on it. Only the status is recorded: such a listing holds other
/// people's resources, which the usual excerpt of a body would put into the failure's reason.
async fn unknown_endpoint(p: &mut Probe) -> Result<(), Stop> {
    let path = format!("/{}", p.ctx().data.unique("nowhere"));
    let reply = p.get(&path).await?;
    p.expect_one_of("status", &["404"], &reply.status.to_string())
}
