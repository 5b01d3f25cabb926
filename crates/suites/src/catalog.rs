//! The catalog: every check of the suite, grouped by category, in the order they are listed
//! and run.

use crate::check::Check;

/// Every check, category by category.
pub fn all() -> Vec<Check> {
    [
        crate::discovery::checks(),
        crate::users::checks(),
        crate::groups::checks(),
        crate::filter::checks(),
        crate::pagination::checks(),
        crate::patch::checks(),
        crate::errors::checks(),
        crate::auth::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
