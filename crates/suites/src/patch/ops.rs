//! How operations are spelled: op names in any case, booleans sent as strings.

use crate::check::{Check, Need, Severity};
use crate::probe::{Probe, Stop};
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "patch.op.capitalized",
            "PATCH accepts op names in any case (\"Replace\", as Entra sends)",
            |p| Box::pin(capitalized(p)),
        )
        .rfc("RFC 7644 §3.5.2; Entra ID SCIM compatibility")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-capitalized-op"])
        .hint("Compare PATCH op values case-insensitively: Entra sends \"Replace\", \"Add\" and \"Remove\".")
        .writes(),
        Check::new(
            "patch.value.string-boolean",
            "PATCH accepts \"False\" (a string) for the boolean active, as Entra sends it",
            |p| Box::pin(string_boolean(p)),
        )
        .rfc("Entra ID SCIM compatibility (string booleans); RFC 7643 §2.3.2")
        .severity(Severity::Interop)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Patch])
        .defects(&["patch-rejects-string-booleans"])
        .hint("Coerce \"True\"/\"False\" strings to booleans for boolean attributes, or Entra cannot disable users.")
        .writes(),
    ]
}

async fn capitalized(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let name = p.ctx().data.unique("renamed");
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "Replace", "path": "displayName", "value": name }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.equal(
        "displayName after Replace",
        &Value::from(name),
        read.get("displayName"),
    )
}

async fn string_boolean(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "replace", "path": "active", "value": "False" }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(&user.path).await?;
    p.equal(
        "active after \"False\"",
        &Value::Bool(false),
        read.get("active"),
    )
}
