//! Errors (RFC 7644 §3.12): SCIM Error JSON with the Error schema, status as a string, a
//! detail, the right scimType; malformed bodies are 400, not 500; unknown endpoints are 404.

mod body;
mod endpoint;
mod syntax;

use crate::check::Check;

/// The error checks.
pub fn checks() -> Vec<Check> {
    [body::checks(), endpoint::checks(), syntax::checks()]
        .into_iter()
        .flatten()
        .collect()
}
