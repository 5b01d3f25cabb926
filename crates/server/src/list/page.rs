//! Pagination (RFC 7644 §3.4.2.4) and the ListResponse envelope (§3.4.2): which slice of the
//! matches a query asks for, and how the answer says what it holds.

use super::query::ListQuery;
use crate::api::{Api, Version};
use crate::defect;
use scim::schema::urn;
use scim::version::V1_CORE;
use serde_json::{Value, json};

/// The 1.1 list envelope URN Okta's 1.1 SPEC test looks for on `/Schemas`.
const V1_LIST_RESPONSE: &str = "urn:scim:schemas:core:1.0:ListResponse";

/// The slice of the matches a query asks for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Page {
    /// The 1-based index of the first result, as the envelope reports it.
    pub start_index: usize,
    /// How many matches come before the page.
    pub skip: usize,
    /// How many matches the page holds at most.
    pub size: usize,
    /// The `count` the client asked for, if any.
    pub requested: Option<usize>,
}

impl Page {
    /// The page `query` asks for: `startIndex` is 1-based (a value below 1 is read as 1);
    /// `count` is the page size (a negative one is read as 0: only `totalResults`), never more
    /// than the server's `max_results`, which is also the size when the client gives none.
    pub fn of(api: &Api, query: &ListQuery) -> Page {
        let start = query.start_index.unwrap_or(1).max(1);
        let offset = defect::list::offset(api, start - 1, query.start_index.is_some());
        let requested = query.count.map(|c| usize::try_from(c.max(0)).unwrap_or(0));
        let requested = defect::list::requested(api, requested);
        let max = api.config().max_results;
        Page {
            start_index: usize::try_from(start).unwrap_or(1),
            skip: usize::try_from(offset).unwrap_or(usize::MAX),
            size: defect::list::page_size(api, requested.unwrap_or(max).min(max)),
            requested,
        }
    }
}

/// The list envelope's `schemas` for the version.
fn list_schemas(api: &Api) -> Value {
    match api.version {
        Version::V2 => json!([urn::LIST_RESPONSE]),
        // Okta's 1.1 test looks for the core URN on resource lists and for the ListResponse URN
        // on /Schemas: both are listed on every 1.1 list.
        Version::V1 => json!([V1_CORE, V1_LIST_RESPONSE]),
    }
}

/// A list envelope around already-paginated resources (discovery lists use it too):
/// `totalResults` counts every match, `itemsPerPage` the resources returned.
pub fn envelope(
    api: &Api,
    total: usize,
    start_index: usize,
    page: Vec<Value>,
    requested: Option<usize>,
) -> Value {
    let per_page = defect::list::items_per_page(api, page.len(), requested);
    let total = defect::list::total_results(api, total, page.len());
    let mut body = serde_json::Map::new();
    if !defect::list::omits_schemas(api) {
        body.insert("schemas".into(), list_schemas(api));
    }
    body.insert("totalResults".into(), defect::list::integer(api, total));
    body.insert("itemsPerPage".into(), defect::list::integer(api, per_page));
    if !defect::list::omits_start_index(api) {
        body.insert("startIndex".into(), defect::list::integer(api, start_index));
    }
    body.insert("Resources".into(), Value::Array(page));
    Value::Object(body)
}
