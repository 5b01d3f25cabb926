//! Malformed request bodies.

use crate::check::{Check, Need};
use crate::probe::{Probe, Req, Stop};
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "errors.syntax.malformed-json-400",
        "A malformed JSON body answers 400 invalidSyntax, not 500",
        |p| Box::pin(malformed_json(p)),
    )
    .rfc("RFC 7644 §3.12 (invalidSyntax)")
    .needs(&[Need::Users])
    .defects(&["malformed-json-500"])
    .hint("Parse request bodies defensively and answer 400 with scimType \"invalidSyntax\" when they are not JSON.")
    .writes()]
}

async fn malformed_json(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply =
        p.send(Req::new("POST", endpoint).text(
            "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": ",
        ))
        .await?;
    p.status(&reply, &[400])?;
    p.equal(
        "scimType",
        &Value::from("invalidSyntax"),
        reply.get("scimType"),
    )
}
