//! What ServiceProviderConfig advertises must work: bulk advertised → /Bulk answers.

use crate::bulk::op_status;
use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use scim::schema::urn;
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "discovery.spc.bulk-works",
        "When ServiceProviderConfig advertises bulk, POST /Bulk performs operations",
        |p| Box::pin(bulk_works(p)),
    )
    .rfc("RFC 7643 §5; RFC 7644 §3.7")
    .needs(&[Need::Users, Need::Bulk])
    .defects(&["spc-advertises-unsupported"])
    .hint("Advertise only what you implement: set bulk.supported=false in ServiceProviderConfig or implement /Bulk.")
    .writes()]
}

async fn bulk_works(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let user = p.user_body();
    let body = json!({
        "schemas": [urn::BULK_REQUEST],
        "Operations": [{ "method": "POST", "path": endpoint, "bulkId": "u1", "data": user }],
    });
    let reply = p.post("/Bulk", &body).await?;
    p.status(&reply, &[200])?;
    let first = reply.get("Operations").get(0).cloned().unwrap_or_default();
    let location = first
        .get("location")
        .and_then(|l| l.as_str())
        .unwrap_or("")
        .to_owned();
    if !location.is_empty() {
        p.created_at(&endpoint, &location)?;
    }
    let status = op_status(&reply, 0);
    p.equal("status of the bulk POST operation", "201", status.as_str())
}
