//! Discovery (RFC 7643 §5–§7, RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas,
//! whether what they advertise is true, and whether /Schemas describes what resources carry.

mod consistent;
mod read_only;
mod truthful;

use crate::check::Check;

/// The discovery checks.
pub fn checks() -> Vec<Check> {
    [
        truthful::checks(),
        read_only::checks(),
        consistent::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
