//! Discovery endpoints are read-only: writes are refused as unsupported (405 or 501).

use crate::check::Check;
use crate::probe::{Probe, Req, Stop};
use crate::setup;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.spc.write-405",
            "POST /ServiceProviderConfig is refused as unsupported (405 or 501)",
            |p| Box::pin(spc(p)),
        )
        .rfc("RFC 7644 §3.12 (501), §4; RFC 7231 §6.5.5 (405)")
        .requirements(&["7644-3.12-11"])
        .shared_rule(setup::DISCOVERY_READ_ONLY)
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /ServiceProviderConfig with 405 and an Allow: GET header (501 also meets RFC 7644 §3.12).")
        .writes(),
        Check::new(
            "discovery.resource-types.write-405",
            "PUT /ResourceTypes is refused as unsupported (405 or 501)",
            |p| Box::pin(resource_types(p)),
        )
        .rfc("RFC 7644 §3.12 (501), §4; RFC 7231 §6.5.5 (405)")
        .requirements(&["7644-3.12-11"])
        .shared_rule(setup::DISCOVERY_READ_ONLY)
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /ResourceTypes with 405 (or 501).")
        .writes(),
        Check::new(
            "discovery.schemas.write-405",
            "DELETE /Schemas is refused as unsupported (405 or 501)",
            |p| Box::pin(schemas(p)),
        )
        .rfc("RFC 7644 §3.12 (501), §4; RFC 7231 §6.5.5 (405)")
        .requirements(&["7644-3.12-11"])
        .shared_rule(setup::DISCOVERY_READ_ONLY)
        .defects(&["discovery-writes-allowed"])
        .hint("Answer every method but GET on /Schemas with 405 (or 501).")
        .writes(),
    ]
}

/// Sends `method` to the discovery endpoint `path` and expects it refused as unsupported: RFC
/// 7644 §3.12's table suggests 501 for an operation the server does not support, HTTP's answer for
/// a method the resource lacks is 405 (RFC 7231 §6.5.5); neither RFC 7643/7644 sentence names 405.
async fn refused(p: &mut Probe, method: &'static str, path: &str) -> Result<(), Stop> {
    // Discovery paths are not resources the guard knows; they take no data, so allow them.
    p.ctx().cleanup.made_up(path);
    let mut req = Req::new(method, path);
    if method != "DELETE" {
        req = req.text("{}");
    }
    let reply = p.send(req).await?;
    p.status(&reply, &[405, 501])
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
