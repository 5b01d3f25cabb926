//! Pagination (RFC 7644 §3.4.2.4) and the ListResponse envelope (§3.4.2): 1-based startIndex,
//! count honoured (also 0), itemsPerPage = number returned, totalResults = all matches.
//!
//! Every check pages over a batch of users it created, selected by a filter on their shared
//! userName prefix, so concurrent checks and pre-existing data cannot change the counts — except
//! the import walk, which reads everything and therefore runs alone.

mod envelope;
mod paging;
mod walk;

use crate::check::Check;

/// The pagination checks.
pub fn checks() -> Vec<Check> {
    [envelope::checks(), paging::checks(), walk::checks()]
        .into_iter()
        .flatten()
        .collect()
}
