//! Pagination (RFC 7644 §3.4.2.4) and the ListResponse envelope (§3.4.2): 1-based startIndex,
//! count honoured (also 0), itemsPerPage = number returned, totalResults = all matches.
//!
//! Every check pages over a batch of users it created, selected by a filter on their shared
//! userName prefix, so concurrent checks and pre-existing data cannot change the counts, and the
//! cost of a check does not grow with the number of resources the server holds — the import
//! walk included, which walks the batch to its end rather than the whole collection.

mod envelope;
mod paging;
mod walk;

use crate::check::Check;
use crate::probe::{Created, Probe, Stop};

/// The pagination checks.
pub fn checks() -> Vec<Check> {
    [envelope::checks(), paging::checks(), walk::checks()]
        .into_iter()
        .flatten()
        .collect()
}

/// Expects the ids `seen` over several pages to be those of `users`, each exactly once: both
/// are compared sorted with repeats kept, so a user seen twice or missed shows.
fn each_once(p: &mut Probe, what: &str, users: &[Created], seen: &[String]) -> Result<(), Stop> {
    let mut expected: Vec<&str> = users.iter().map(|u| u.id.as_str()).collect();
    expected.sort_unstable();
    let mut got: Vec<&str> = seen.iter().map(String::as_str).collect();
    got.sort_unstable();
    p.equal(what, &expected, &got)
}
