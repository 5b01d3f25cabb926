//! Paths that name no endpoint, or a SCIM version the server does not offer.

use crate::check::{Check, Severity};
use crate::probe::{Probe, Req, Stop};

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
        Check::new(
            "errors.version.unsupported-rejected",
            "A request naming a SCIM version the server does not offer (/v99/Users beside the base URL's /v2) is rejected, not served",
            |p| Box::pin(unsupported_version(p)),
        )
        .rfc("RFC 7644 §3.13 (a version given in the path: performed with that version or rejected)")
        .defects(&["any-version-served"])
        .hint("Route only the versions you implement (/v2): answer 404 for /v1, /v3 or /v99 rather than serving them as v2."),
    ]
}

/// Only when the base URL ends with a version segment (`…/scim/v2`): then the same path with
/// `v99` names a version nobody offers. Served means answered as SCIM — a non-error answer
/// with `schemas`; an error status is a rejection, and a catch-all page (200 HTML) performs no
/// SCIM operation (`errors.endpoint.unknown-404` judges those). Only `schemas` is recorded: a
/// served list holds other people's resources.
async fn unsupported_version(p: &mut Probe) -> Result<(), Stop> {
    let base = p.ctx().target.base_url.trim_end_matches('/').to_owned();
    let versioned = base.rsplit_once('/').filter(|(_, last)| {
        last.len() > 1
            && last.starts_with(['v', 'V'])
            && last[1..].chars().all(|c| c.is_ascii_digit())
    });
    let Some((root, _)) = versioned else {
        return Err(p.skip(
            "the base URL ends with no version segment (such as /v2): the server picks the version",
        ));
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

/// A GET, not a POST: a server serving unknown paths as a collection shows it by listing, and a
/// read creates nothing on it. Only the status is recorded: such a listing holds other
/// people's resources, which the usual excerpt of a body would put into the failure's reason.
async fn unknown_endpoint(p: &mut Probe) -> Result<(), Stop> {
    let path = format!("/{}", p.ctx().data.unique("nowhere"));
    let reply = p.get(&path).await?;
    p.expect_one_of("status", &["404"], &reply.status.to_string())
}
