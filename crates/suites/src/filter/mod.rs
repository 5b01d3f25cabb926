//! Filters (RFC 7644 §3.4.2.2): operators (`and`/`or` precedence, `not`, `pr`, value paths),
//! case sensitivity per attribute, dateTime order, and invalid filters answered with 400
//! invalidFilter.

mod case;
mod datetime;
mod invalid;
mod operators;

use crate::check::Check;
use crate::probe::{Probe, Stop};

/// The filter checks.
pub fn checks() -> Vec<Check> {
    [
        case::checks(),
        invalid::checks(),
        operators::checks(),
        datetime::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Lists users with `filter` and expects exactly the ids `expected`.
pub(super) async fn expect_ids(p: &mut Probe, filter: &str, expected: &[&str]) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let list = p.filter(&endpoint, filter).await?;
    let ids = list.resource_ids();
    p.equal(&format!("ids matching {filter}"), expected, &ids[..])
}
