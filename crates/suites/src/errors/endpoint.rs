//! Paths that name no endpoint, or a SCIM version the server does not offer.

use crate::check::Check;
use crate::probe::{Probe, Req, Stop};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "errors.endpoint.unknown-404",
            "GET of a path that names no endpoint answers 404",
            |p| Box::pin(unknown_endpoint(p)),
        )
        .rfc("RFC 7644 §3.12 (404: the endpoint does not exist)")
        .requirements(&["7644-3.12-7"])
        .defects(&["unknown-paths-serve-groups"])
        .hint("Answer 404 for paths that are no endpoint of yours, rather than serving them as another collection: clients then create and list where they did not mean to."),
        Check::new(
            "errors.version.unsupported-rejected",
            "A request naming a SCIM version the server does not offer (/v99/Users beside the base URL's /v2) is rejected, not served",
            |p| Box::pin(unsupported_version(p)),
        )
        .rfc("RFC 7644 §3.13 (a version given in the path: performed with that version or rejected)")
        .requirements(&["7644-3.13-3"])
        .defects(&["any-version-served"])
        .hint("Route only the versions you implement (/v2): answer 404 for /v1, /v3 or /v99 rather than serving them as v2."),
        Check::new(
            "errors.version.omitted-newest",
            "A request without a version segment (…/ServiceProviderConfig beside the base URL's /v2/…) is not served with an older SCIM version",
            |p| Box::pin(omitted_version(p)),
        )
        .rfc("RFC 7644 §3.13 (a version omitted: performed with the most recent version)")
        .requirements(&["7644-3.13-4"])
        .defects(&["unversioned-serves-oldest"])
        .hint("Serve paths without a version segment with your newest SCIM version (2.0), or not at all (404); answering them as SCIM 1.1 hands 2.0 clients a format they cannot read. A legacy SCIM 1.1 API kept at the unversioned path for existing clients is a deliberate choice this SHOULD allows; moving it under /v1 keeps those clients and meets it."),
    ]
}

/// Only when the base URL ends with a version segment (`…/scim/v2`): then the same path with
/// `v99` names a version nobody offers. Served means answered as SCIM — a non-error answer
/// with `schemas`; an error status is a rejection, and a catch-all page (200 HTML) performs no
/// SCIM operation (`errors.endpoint.unknown-404` judges those). Only `schemas` is recorded: a
/// served list holds other people's resources.
async fn unsupported_version(p: &mut Probe) -> Result<(), Stop> {
    let Some(root) = p.ctx().target.unversioned_root().map(str::to_owned) else {
        return Err(p.skip(NO_VERSION_SEGMENT));
    };
    let endpoint = p.endpoint("User")?;
    let url = format!("{root}/v99{endpoint}?count=1");
    let reply = p.send(Req::new("GET", url)).await?;
    let served = if reply.status < 400 {
        reply.get("schemas").clone()
    } else {
        serde_json::Value::Null
    };
    p.expect_absent(
        &format!("schemas of a non-error answer to GET …/v99{endpoint}"),
        &served,
    )
}

/// Why the version checks skip a base URL without a version segment.
const NO_VERSION_SEGMENT: &str =
    "the base URL ends with no version segment (such as /v2): the server picks the version";

/// Only when the base URL ends with a version segment: the same request without it may be
/// refused (the version may be part of the server's base URL, RFC 7644 §3.13 only says the
/// segment MAY be appended), but when it is served, it is served with the newest version the
/// server offers — at least the base URL's, SCIM 2.0. /ServiceProviderConfig: it names its
/// version in `schemas` and holds nobody's data.
async fn omitted_version(p: &mut Probe) -> Result<(), Stop> {
    let Some(root) = p.ctx().target.unversioned_root().map(str::to_owned) else {
        return Err(p.skip(NO_VERSION_SEGMENT));
    };
    let reply = p
        .send(Req::new("GET", format!("{root}/ServiceProviderConfig")))
        .await?;
    let version = if reply.status >= 400 {
        "not served"
    } else {
        scim_version(reply.get("schemas"))
    };
    p.expect_one_of(
        "SCIM version of the answer to GET …/ServiceProviderConfig without a version segment",
        &["2.0", "not served"],
        version,
    )
}

/// Which SCIM version a `schemas` value names: 2.0 URNs are `urn:ietf:params:scim:…`
/// (RFC 7643 §3), SCIM 1.1's are `urn:scim:schemas:…`; no `schemas` is no SCIM answer.
fn scim_version(schemas: &serde_json::Value) -> &'static str {
    let urns: Vec<&str> = schemas
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(serde_json::Value::as_str)
        .collect();
    if urns.iter().any(|u| u.starts_with("urn:ietf:params:scim:")) {
        "2.0"
    } else if urns.iter().any(|u| u.starts_with("urn:scim:schemas:")) {
        "1.x"
    } else {
        "not served"
    }
}

/// A GET, not a POST: a server serving unknown paths as a collection shows it by listing, and a
/// read creates nothing on it. Only the status is recorded: such a listing holds other
/// people's resources, which the usual excerpt of a body would put into the failure's reason.
async fn unknown_endpoint(p: &mut Probe) -> Result<(), Stop> {
    let path = format!("/{}", p.ctx().data.unique("nowhere"));
    let reply = p.get(&path).await?;
    p.expect_one_of("status", &["404"], &reply.status.to_string())
}
