//! Malformed request bodies.

use crate::check::{Check, Need};
use crate::probe::{Probe, Req, Stop};
use crate::setup;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
        "errors.syntax.malformed-json-400",
        "A malformed JSON body answers 400 invalidSyntax, not 500",
        |p| Box::pin(malformed_json(p)),
    )
    .rfc("RFC 7644 §3.12 (invalidSyntax)")
    .requirements(&["7644-3.12-5"])
    // One body parser usually serves every method: the same answer to POST, PUT and PATCH
    // is one root cause.
    .shared_rule(setup::INVALID_SYNTAX)
    .needs(&[Need::Users])
    .defects(&["malformed-json-500"])
    .hint("Parse request bodies defensively and answer 400 with scimType \"invalidSyntax\" when they are not JSON.")
    .writes(),

        Check::new(
            "errors.syntax.malformed-json-put-400",
            "PUT with a malformed JSON body answers 400 invalidSyntax",
            |p| Box::pin(malformed_put(p)),
        )
        .rfc("RFC 7644 §3.12 (invalidSyntax)")
        .requirements(&["7644-3.12-5"])
        .shared_rule(setup::INVALID_SYNTAX)
        .needs(&[Need::Users])
        .defects(&["malformed-json-500"])
        .hint("Answer 400 invalidSyntax for unparseable PUT bodies.")
        .writes(),
        Check::new(
            "errors.syntax.malformed-json-patch-400",
            "PATCH with a malformed JSON body answers 400 invalidSyntax",
            |p| Box::pin(malformed_patch(p)),
        )
        .rfc("RFC 7644 §3.12 (invalidSyntax)")
        .requirements(&["7644-3.12-5"])
        .shared_rule(setup::INVALID_SYNTAX)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["malformed-json-500"])
        .hint("Answer 400 invalidSyntax for unparseable PATCH bodies.")
        .writes(),
    ]
}

async fn malformed_json(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    expect_invalid_syntax(p, "POST", endpoint).await
}

/// A body that is not JSON (cut off mid-object).
const BROKEN: &str =
    "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": ";

/// Sends `method` with [`BROKEN`] to `path`, expecting 400 invalidSyntax.
async fn expect_invalid_syntax(
    p: &mut Probe,
    method: &'static str,
    path: String,
) -> Result<(), Stop> {
    let reply = p.send(Req::new(method, path).text(BROKEN)).await?;
    p.status(&reply, &[400])?;
    p.equal(
        "scimType",
        &Value::from("invalidSyntax"),
        reply.get("scimType"),
    )
}

async fn malformed_put(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    expect_invalid_syntax(p, "PUT", user.path).await
}

async fn malformed_patch(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    expect_invalid_syntax(p, "PATCH", user.path).await
}
