//! How the paging, sorting and envelope defects distort a ListResponse (RFC 7644 §3.4.2): each
//! function is the one hook the list code calls, and returns the RFC's value unchanged unless
//! its defect is on.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;
use crate::request::QueryParams;
use scim::error::ScimType;
use scim::filter::AttrPath;
use serde_json::Value;

/// `sort-ignored`: `sortBy` is dropped; `sort-sub-attribute-ignored`: so is one naming a
/// sub-attribute other than `value` (`name.familyName`).
pub fn sort_by<'a>(api: &Api, sort_by: Option<&'a str>) -> Option<&'a str> {
    let names_sub = |text: &str| {
        text.rsplit_once('.')
            .is_some_and(|(_, sub)| !sub.eq_ignore_ascii_case("value"))
    };
    sort_by
        .filter(|_| !api.has(Defect::SortIgnored))
        .filter(|text| !(api.has(Defect::SortSubAttributeIgnored) && names_sub(text)))
}

/// The sort defects that distort the values compared, applied to each match's view before the
/// matches are sorted by `path` (the views are only sort keys; pages are rendered afresh):
/// `sort-multi-valued-by-first` forgets which value is primary, `sort-missing-values-first`
/// gives a resource without the attribute an empty string (smallest), and
/// `sort-case-exact-ignored` lowercases the attribute's text.
pub fn sort_view(api: &Api, path: &AttrPath, view: &mut Value) {
    let Some(object) = view.as_object_mut() else {
        return;
    };
    if api.has(Defect::SortMultiValuedByFirst) {
        for items in object.values_mut().filter_map(Value::as_array_mut) {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.remove("primary");
            }
        }
    }
    if path.sub.is_some() || path.schema.is_some() {
        return;
    }
    let key = object
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&path.name))
        .cloned();
    match key {
        None if api.has(Defect::SortMissingValuesFirst) => {
            object.insert(path.name.clone(), Value::from(""));
        }
        Some(key) if api.has(Defect::SortCaseExactIgnored) => {
            if let Some(Value::String(text)) = object.get_mut(&key) {
                *text = text.to_lowercase();
            }
        }
        _ => {}
    }
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

/// `list-without-start-index`: the envelope has no `startIndex`.
pub fn omits_start_index(api: &Api) -> bool {
    api.has(Defect::ListWithoutStartIndex)
}

/// `negative-count-refused`: a negative `count` answers 400 instead of being read as 0.
pub fn refuse_count(api: &Api, count: Option<i64>) -> Result<(), ApiError> {
    if api.has(Defect::NegativeCountRefused) && count.is_some_and(|c| c < 0) {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            "'count' must not be negative",
        ));
    }
    Ok(())
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

/// The `unknown-query-parameter-refused` defect: a list query naming a parameter of no
/// RFC 7644 §3.4.2 meaning answers 400 (the RFC has servers ignore it).
pub fn refuse_unknown_parameters(api: &Api, params: &QueryParams) -> Result<(), ApiError> {
    const KNOWN: [&str; 7] = [
        "filter",
        "sortBy",
        "sortOrder",
        "startIndex",
        "count",
        "attributes",
        "excludedAttributes",
    ];
    if !api.has(Defect::UnknownQueryParameterRefused) {
        return Ok(());
    }
    match params
        .names()
        .find(|name| !KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)))
    {
        Some(name) => Err(ApiError::scim(
            ScimType::InvalidSyntax,
            format!("unknown query parameter '{name}'"),
        )),
        None => Ok(()),
    }
}
