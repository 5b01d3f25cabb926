//! Queries (RFC 7644 §3.4.2, §3.4.3): filtering, sorting, 1-based pagination, projection — for
//! `GET /Users`, `GET /Groups` and the `.search` endpoints. `query` reads what is asked, `sort`
//! orders the matches, `page` slices them and wraps the answer; the defects that distort a list
//! are hooks into `crate::defect::{filter, list}`.
//! `index` picks the index that serves a filter or an order.

mod index;
mod page;
mod query;
mod sort;

pub use page::envelope;
pub use query::ListQuery;

use crate::api::Api;
use crate::defect;
use crate::error::ApiError;
use crate::operations;
use crate::render;
use crate::resource_type::Kind;
use crate::store::{self, Order, Stored};
use page::Page;
use rusqlite::Connection;
use scim::error::ScimType;
use scim::filter::{AttrPath, Filter};
use scim::sort::SortOrder;
use serde_json::Value;

/// A parsed query, ready to run against the store.
struct Plan {
    api: Api,
    kinds: Vec<Kind>,
    filter: Option<Filter>,
    /// Whether the filter names `groups`, which must then be computed before matching.
    needs_groups: bool,
    sort_by: Option<AttrPath>,
    order: SortOrder,
    page: Page,
}

impl Plan {
    /// (totalResults, the page of rendered resources).
    fn select(&self, conn: &Connection) -> Result<(usize, Vec<(Kind, Value)>), ApiError> {
        let api = &self.api;
        let Page { skip, size, .. } = self.page;
        if let [kind] = *self.kinds.as_slice() {
            let lookup = match &self.filter {
                None => Some(None),
                Some(f) => index::exact_lookup(api, f, kind).map(Some),
            };
            let order = match &self.sort_by {
                None => Some(Order::Inserted),
                Some(path) => index::indexed_order(path, kind, self.order),
            };
            if let (Some(lookup), Some(order)) = (lookup, order) {
                let total = store::count_matching(conn, kind, lookup.as_ref())?;
                let page = store::page(conn, kind, lookup.as_ref(), order, (skip, size), total)?
                    .iter()
                    .map(|stored| operations::render(api, conn, kind, stored).map(|r| (kind, r)))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok((total, page));
            }
        }
        let mut matches: Vec<(Kind, Stored, Value)> = Vec::new();
        for &kind in &self.kinds {
            let narrowed = self
                .filter
                .as_ref()
                .and_then(|f| index::narrowing(f, kind))
                .map(|n| n.lookup);
            for stored in store::scan(conn, kind, narrowed.as_ref())? {
                let view = if self.needs_groups {
                    operations::render(api, conn, kind, &stored)?
                } else {
                    render::resource(api, kind, &stored, &[])
                };
                if self.hit(kind, &view)? {
                    matches.push((kind, stored, view));
                }
            }
        }
        if let Some(path) = &self.sort_by {
            sort::sort(api, &mut matches, path, self.order);
        }
        let total = matches.len();
        let page = matches
            .into_iter()
            .skip(skip)
            .take(size)
            .map(|(kind, stored, _)| {
                operations::render(api, conn, kind, &stored).map(|r| (kind, r))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((total, page))
    }

    /// Whether a resource's view matches the filter.
    fn hit(&self, kind: Kind, view: &Value) -> Result<bool, ApiError> {
        let Some(f) = &self.filter else {
            return Ok(true);
        };
        defect::filter::matches(&self.api, f, view, kind).map_err(unevaluable)
    }
}

/// The 400 invalidFilter of a filter that cannot be evaluated.
fn unevaluable(e: scim::filter::FilterError) -> ApiError {
    ApiError::scim(
        ScimType::InvalidFilter,
        format!("the filter cannot be evaluated: {e}"),
    )
}

/// Runs a query over `kinds` and answers the ListResponse body.
pub async fn run(api: &Api, kinds: Vec<Kind>, query: ListQuery) -> Result<Value, ApiError> {
    let filter = match query
        .filter_text()
        .filter(|_| !defect::filter::ignored(api))
    {
        None => None,
        Some(text) => {
            defect::filter::refuse(api, &kinds)?;
            match scim::filter::parse(&defect::filter::text(api, text)) {
                Ok(f) => Some(defect::filter::distort(api, f)?),
                Err(_) if defect::filter::ignores_invalid(api) => {
                    return Ok(envelope(api, 0, 1, Vec::new(), None));
                }
                Err(e) => {
                    return Err(ApiError::scim(
                        ScimType::InvalidFilter,
                        format!("the filter '{text}' is not valid: {e}"),
                    ));
                }
            }
        }
    };
    if let Some(filter) = &filter {
        // An operator that does not fit an attribute's type is refused before any resource is
        // read: the answer does not wait on the collection's size (issue 15), and a filter
        // that would match nothing is refused like one that would match something.
        for kind in &kinds {
            filter.check_types(kind.schema()).map_err(unevaluable)?;
        }
    }
    let sort_by = match defect::list::sort_by(api, query.sort_by.as_deref()) {
        None => None,
        Some(text) => Some(scim::filter::parse_attr_path(text).map_err(|e| {
            ApiError::scim(
                ScimType::InvalidValue,
                format!("sortBy '{text}' is not an attribute path: {e}"),
            )
        })?),
    };
    defect::list::refuse_count(api, query.count)?;
    let page = Page::of(api, &query);
    let plan = Plan {
        api: api.clone(),
        kinds,
        needs_groups: filter.as_ref().is_some_and(query::names_groups),
        filter,
        sort_by,
        order: SortOrder::parse(query.sort_order.as_deref()),
        page,
    };
    let filtered = plan.filter.is_some();
    let (total, resources) = api.store().read(move |conn| plan.select(conn)).await?;
    defect::list::no_match(api, total, filtered)?;
    let resources = resources
        .into_iter()
        .map(|(kind, r)| query.projection.apply(api, kind, r))
        .collect();
    Ok(envelope(
        api,
        total,
        page.start_index,
        resources,
        page.requested,
    ))
}

/// One page of an in-memory list (the entitlement catalogs): the slice `query` asks for, in the
/// same envelope and under the same paging rules (and paging defects) as `/Users`.
pub fn paginate(api: &Api, query: &ListQuery, matches: Vec<Value>) -> Value {
    let page = Page::of(api, query);
    let total = matches.len();
    let resources = matches
        .into_iter()
        .skip(page.skip)
        .take(page.size)
        .collect();
    envelope(api, total, page.start_index, resources, page.requested)
}
