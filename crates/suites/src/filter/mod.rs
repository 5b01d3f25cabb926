//! Filters (RFC 7644 §3.4.2.2): operators, case sensitivity per attribute, and invalid
//! filters answered with 400 invalidFilter.

mod case;
mod invalid;

use crate::check::Check;

/// The filter checks.
pub fn checks() -> Vec<Check> {
    [case::checks(), invalid::checks()]
        .into_iter()
        .flatten()
        .collect()
}
