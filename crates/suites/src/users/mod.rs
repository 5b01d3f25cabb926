//! Users: create (201, Location, meta), read, `schemas` in every response, delete, uniqueness, password handling,
//! deactivation, /Me, canonical values (RFC 7644 §3.3–§3.6, §3.11, RFC 7643 §2.4, §4.1).

mod canonical;
mod create;
mod delete;
mod me;
mod password;
mod read;
mod readonly;
pub(crate) mod schemas;
mod uniqueness;

use crate::check::Check;

/// The Users checks.
pub fn checks() -> Vec<Check> {
    [
        create::checks(),
        canonical::checks(),
        read::checks(),
        readonly::checks(),
        schemas::checks(),
        uniqueness::checks(),
        password::checks(),
        delete::checks(),
        me::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
