//! What discovery advertises must hold: bulk advertised → /Bulk answers; an extension a
//! ResourceType marks required → the resources carry it.

use crate::bulk::op_status;
use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use scim::schema::urn;
use serde_json::json;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.spc.bulk-works",
            "When ServiceProviderConfig advertises bulk, POST /Bulk performs operations",
            |p| Box::pin(bulk_works(p)),
        )
        .rfc("RFC 7643 §5; RFC 7644 §3.7")
        .requirements(&["7643-5-4", "7644-3.7-12"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["spc-advertises-unsupported"])
        .hint("Advertise only what you implement: set bulk.supported=false in ServiceProviderConfig or implement /Bulk.")
        .writes(),
        Check::new(
            "discovery.resource-types.required-extensions-kept",
            "A user created with the extensions its ResourceType marks required comes back with them",
            |p| Box::pin(required_extensions(p)),
        )
        .rfc("RFC 7643 §6 (a required extension: a resource of the type MUST include it)")
        .requirements(&["7643-6-13"])
        .needs(&[Need::Users])
        .defects(&["required-extension-dropped"])
        .hint("Keep and return every extension the User resource type marks required (its URN in schemas, its attributes under the URN), or mark it not required in /ResourceTypes.")
        .writes(),
    ]
}

async fn required_extensions(p: &mut Probe) -> Result<(), Stop> {
    let required: Vec<String> = p
        .ctx()
        .discovered
        .required_extensions(urn::USER)
        .iter()
        .map(|s| s.id.clone())
        .collect();
    if required.is_empty() {
        return Err(
            p.skip("the User resource type marks no extension required (see /ResourceTypes)")
        );
    }
    // The generated user carries each required extension (`TestData::user`).
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    for extension in &required {
        p.expect_listed("schemas", read.get("schemas"), extension)?;
        p.expect_present(extension, read.get(extension))?;
    }
    Ok(())
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
