//! The discovery endpoints must agree with each other and with the resources: every schema a
//! ResourceType names is served by /Schemas, and /Schemas describes the attributes resources are
//! returned with. A client that builds its attribute mapping from /Schemas (as Okta's and
//! Entra's attribute editors do) cannot map what the schemas leave out.

use super::DiscoveryList;
use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use scim::schema::urn;
use serde_json::Value;

/// Attributes RFC 7643 §3.1 keeps out of every schema (`id`, `externalId`, `meta`) plus the
/// `schemas` member itself.
const COMMON: [&str; 4] = ["schemas", "id", "externalId", "meta"];

pub(super) fn checks() -> Vec<Check> {
    vec![Check::new(
        "discovery.schemas.describe-returned-attributes",
        "Every attribute a User is returned with is defined by the User schema in /Schemas",
        |p| Box::pin(describes_returned(p)),
    )
    .rfc("RFC 7643 §7 (Schema definitions); RFC 7644 §4")
    .requirements(&["7643-1.2-1", "7643-7-2", "7644-3.1-1", "7644-4-1", "7644-4-3"])
    .tags(&["okta", "entra"])
    .needs(&[Need::Users])
    .defects(&["schemas-omit-returned-attribute"])
    .hint("List every attribute your User resources carry (e.g. active) in /Schemas, or stop returning it.")
    .writes(),
    Check::new(
        "discovery.resource-types.schemas-served",
        "Every schema and schema extension named by /ResourceTypes is served by /Schemas",
        |p| Box::pin(named_schemas_served(p)),
    )
    .rfc("RFC 7644 §4; RFC 7643 §6 (schema, schemaExtensions)")
    .requirements(&["7643-1.2-1", "7643-6-8", "7643-6-11", "7643-7-4", "7644-4-1", "7644-4-3"])
    .defects(&["schemas-omit-extension"])
    .hint("Serve a /Schemas entry for each URN in a ResourceType's schema and schemaExtensions (the enterprise extension included).")]
}

async fn named_schemas_served(p: &mut Probe) -> Result<(), Stop> {
    let types = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let schemas = super::readable(p, DiscoveryList::Schemas).await?;
    let served: Vec<&str> = super::entries(&schemas, DiscoveryList::Schemas)
        .filter_map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    let named = super::entries(&types, DiscoveryList::ResourceTypes).flat_map(|rt| {
        let core = rt.get("schema").and_then(Value::as_str);
        let extensions = rt
            .get("schemaExtensions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("schema").and_then(Value::as_str));
        core.into_iter().chain(extensions)
    });
    let missing: Vec<&str> = named
        .filter(|urn| !served.iter().any(|s| s.eq_ignore_ascii_case(urn)))
        .collect();
    p.equal(
        "schemas named by /ResourceTypes but not served by /Schemas",
        &[][..],
        &missing[..],
    )
}

async fn describes_returned(p: &mut Probe) -> Result<(), Stop> {
    super::readable(p, DiscoveryList::Schemas).await?;
    if p.ctx().discovered.schemas.is_empty() {
        return Err(p.skip(
            "no schema could be read from /Schemas, which discovery.schemas.list-response judges",
        ));
    }
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    // Sent even when /Schemas omits it: what the server then returns is what is judged.
    body["active"] = Value::Bool(true);
    let user = p.create(&endpoint, body).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let schema = p.ctx().discovered.schema(urn::USER);
    let undescribed: Vec<String> = read
        .body()
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        // Keys holding a URN are extension objects, described by their own schema.
        .filter(|k| !k.contains(':') && !COMMON.iter().any(|c| c.eq_ignore_ascii_case(k)))
        .filter(|k| schema.is_none_or(|s| s.attribute(k).is_none()))
        .cloned()
        .collect();
    p.equal(
        "returned attributes missing from /Schemas",
        &[][..],
        &undescribed[..],
    )
}
