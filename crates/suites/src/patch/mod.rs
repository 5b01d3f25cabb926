//! PATCH (RFC 7644 §3.5.2): operations with and without paths, value-filter paths, members,
//! atomicity and required attributes, and what Entra sends (capitalised ops, string booleans).
//! 200 with the resource and 204 are both accepted everywhere.

mod integrity;
mod members;
mod ops;
mod valuepath;

use crate::check::Check;

/// The PATCH checks.
pub fn checks() -> Vec<Check> {
    [
        ops::checks(),
        valuepath::checks(),
        members::checks(),
        integrity::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
