//! Sorting matches (RFC 7644 §3.4.2.3). The rules (which value, caseExact, where missing values
//! go) are `scim::sort`'s; this file only applies them to the matches of several resource types.

use crate::api::Api;
use crate::defect;
use crate::resource_type::Kind;
use scim::filter::AttrPath;
use scim::sort::{SortOrder, Sortable, compare};
use serde_json::Value;

/// Sorts `matches` (each with its type and its rendered view, last) by `path` in `order`; a
/// stable sort, so resources with equal keys keep the store's order.
pub(super) fn sort<T>(
    api: &Api,
    matches: &mut [(Kind, T, Value)],
    path: &AttrPath,
    order: SortOrder,
) {
    for (_, _, view) in matches.iter_mut() {
        defect::list::sort_view(api, path, view);
    }
    matches.sort_by(|a, b| compare(sortable(a), sortable(b), path, order));
}

/// A match as `scim::sort` compares it: its view and the schema of its type.
fn sortable<T>((kind, _, view): &(Kind, T, Value)) -> Sortable<'_> {
    Sortable {
        resource: view,
        schema: kind.schema(),
    }
}
