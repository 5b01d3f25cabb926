//! How the paging, sorting and envelope defects distort a ListResponse (RFC 7644 §3.4.2): each
//! function is the one hook the list code calls, and returns the RFC's value unchanged unless
//! its defect is on.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;

/// `sort-ignored`: `sortBy` is dropped.
pub fn sort_by<'a>(api: &Api, sort_by: Option<&'a str>) -> Option<&'a str> {
    sort_by.filter(|_| !api.has(Defect::SortIgnored))
}

/// `zero-based-start-index`: a given startIndex is read as the offset itself (without one, the
/// page still starts at the first match: a query that names no page is not about paging).
pub fn offset(api: &Api, offset: i64, start_index_given: bool) -> i64 {
    if api.has(Defect::ZeroBasedStartIndex) && start_index_given {
        offset + 1
    } else {
        offset
    }
}

/// `count-zero-returns-resources`: `count=0` is read as no count at all.
pub fn requested(api: &Api, requested: Option<usize>) -> Option<usize> {
    requested.filter(|&c| c > 0 || !api.has(Defect::CountZeroReturnsResources))
}

/// `count-ignored`: every match is returned, whatever the page size.
pub fn page_size(api: &Api, size: usize) -> usize {
    if api.has(Defect::CountIgnored) {
        usize::MAX
    } else {
        size
    }
}

/// `items-per-page-is-page-size`: `itemsPerPage` echoes the requested count.
pub fn items_per_page(api: &Api, returned: usize, requested: Option<usize>) -> usize {
    match requested {
        Some(r) if api.has(Defect::ItemsPerPageIsPageSize) => r,
        _ => returned,
    }
}

/// `total-results-is-page-size`: `totalResults` is the number returned.
pub fn total_results(api: &Api, total: usize, returned: usize) -> usize {
    if api.has(Defect::TotalResultsIsPageSize) {
        returned
    } else {
        total
    }
}

/// `list-without-schemas`: the envelope has no `schemas`.
pub fn omits_schemas(api: &Api) -> bool {
    api.has(Defect::ListWithoutSchemas)
}

/// `no-match-filter-404`: a filter that matches nothing answers 404.
pub fn no_match(api: &Api, total: usize, filtered: bool) -> Result<(), ApiError> {
    if total == 0 && filtered && api.has(Defect::NoMatchFilter404) {
        return Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "no resource matches the filter",
        ));
    }
    Ok(())
}
