//! Discovery endpoints are read-only: writes answer 405 Method Not Allowed.

use crate::check::Check;
use crate::probe::{Probe, Req, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.spc.write-405",
            "POST /ServiceProviderConfig answers 405",
            |p| Box::pin(spc(p)),
        )
        .rfc("RFC 7644 §4")
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /ServiceProviderConfig with 405 and an Allow: GET header.")
        .writes(),
        Check::new(
            "discovery.resource-types.write-405",
            "PUT /ResourceTypes answers 405",
            |p| Box::pin(resource_types(p)),
        )
        .rfc("RFC 7644 §4")
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /ResourceTypes with 405.")
        .writes(),
        Check::new(
            "discovery.schemas.write-405",
            "DELETE /Schemas answers 405",
            |p| Box::pin(schemas(p)),
        )
        .rfc("RFC 7644 §4")
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /Schemas with 405.")
        .writes(),
    ]
}

/// Sends `method` to the discovery endpoint `path` and expects 405.
async fn refused(p: &mut Probe, method: &'static str, path: &str) -> Result<(), Stop> {
    // Discovery paths are not resources the guard knows; they take no data, so allow them.
    p.ctx().cleanup.made_up(path);
    let mut req = Req::new(method, path);
    if method != "DELETE" {
        req = req.text("{}");
    }
    let reply = p.send(req).await?;
    p.status(&reply, &[405])
}

async fn spc(p: &mut Probe) -> Result<(), Stop> {
    refused(p, "POST", "/ServiceProviderConfig").await
}

async fn resource_types(p: &mut Probe) -> Result<(), Stop> {
    refused(p, "PUT", "/ResourceTypes").await
}

async fn schemas(p: &mut Probe) -> Result<(), Stop> {
    refused(p, "DELETE", "/Schemas").await
}
