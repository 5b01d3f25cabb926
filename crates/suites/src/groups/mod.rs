//! Groups: create, `schemas` in every response, uniqueness of displayName, delete, and
//! membership — members added and removed, a user's computed `groups`, deleting a user
//! (RFC 7643 §4.1.2, §4.2; RFC 7644 §3.5.2).

mod create;
mod immutable;
mod membership;

use crate::check::Check;

/// The Groups checks.
pub fn checks() -> Vec<Check> {
    [
        create::checks(),
        vec![crate::users::schemas::group_check()],
        immutable::checks(),
        membership::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
