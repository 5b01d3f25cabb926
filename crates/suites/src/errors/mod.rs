//! Errors (RFC 7644 §3.12): SCIM Error JSON with the Error schema, status as a string, a
//! detail, the right scimType; malformed bodies are 400, not 500.

mod body;
mod syntax;

use crate::check::Check;

/// The error checks.
pub fn checks() -> Vec<Check> {
    [body::checks(), syntax::checks()]
        .into_iter()
        .flatten()
        .collect()
}
