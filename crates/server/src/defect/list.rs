//! How the paging, sorting and envelope defects distort a ListResponse (RFC 7644 §3.4.2): each
//! function is the one hook the list code calls, and returns the RFC's value unchanged unless
//! its defect is on.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;
use crate::request::QueryParams;
use http::StatusCode;
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

/// `integers-as-decimals`: the envelope's integers are written with a fraction (`3.0`), as a
/// store or language that keeps every number as a float does.
pub fn integer(api: &Api, n: usize) -> Value {
    if api.has(Defect::IntegersAsDecimals) {
        Value::from(n as f64)
    } else {
        Value::from(n)
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

/// `count-parameter-500`: a `count` in the query string answers 500 (a SearchRequest's `count`
/// is a JSON number, which the defective code reads fine).
pub fn refuse_count_parameter(api: &Api, params: &QueryParams) -> Result<(), ApiError> {
    if api.has(Defect::CountParameter500) && params.get("count").is_some() {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "A server error occurred.",
        ));
    }
    Ok(())
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

/// The list defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_list {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            ListWithoutSchemas {
                rfc: "RFC 7644 §3.4.2 (ListResponse schemas)",
                does: "list responses have no schemas member",
                observe: "true", |h| {
                    body(h.get("/Users").await)
                        .await
                        .get("schemas")
                        .is_some()
                        .to_string()
                },
            },
            ItemsPerPageIsPageSize {
                rfc: "RFC 7644 §3.4.2.4 (itemsPerPage = number returned)",
                does: "itemsPerPage echoes the requested count, not the number of Resources returned",
                observe: "3", |h| {
                    body(h.get("/Users?count=50").await).await["itemsPerPage"].to_string()
                },
            },
            ZeroBasedStartIndex {
                rfc: "RFC 7644 §3.4.2.4 (startIndex is 1-based)",
                does: "startIndex=1 skips the first match (a query without startIndex starts at the first)",
                observe: "\"ada.lovelace0@example.com\"", |h| {
                    first_user(h, "?startIndex=1&count=1").await["userName"].to_string()
                },
            },
            CountIgnored {
                rfc: "RFC 7644 §3.4.2.4 (count)",
                does: "count is ignored and every match is returned",
                observe: "1", |h| {
                    body(h.get("/Users?count=1").await).await["Resources"]
                        .as_array()
                        .unwrap()
                        .len()
                        .to_string()
                },
            },
            IntegersAsDecimals {
                rfc: "RFC 7643 §2.3.4 (an integer has no fractional part or exponent)",
                does: "a ListResponse writes totalResults, itemsPerPage and startIndex with a fraction (3.0)",
                observe: "true", |h| {
                    body(h.get("/Users?count=1").await).await["totalResults"].is_u64().to_string()
                },
            },
            TotalResultsIsPageSize {
                rfc: "RFC 7644 §3.4.2 (totalResults = all matches)",
                does: "totalResults is the number on this page, not the number of matches",
                observe: "3", |h| {
                    body(h.get("/Users?count=1").await).await["totalResults"].to_string()
                },
            },
            SortIgnored {
                rfc: "RFC 7644 §3.4.2.3 (sortBy, sortOrder)",
                does: "sortBy and sortOrder are ignored while ServiceProviderConfig says sort is supported",
                observe: "\"grace.lovelace1@example.com\"", |h| {
                    first_user(h, "?sortBy=userName&sortOrder=descending").await["userName"].to_string()
                },
            },
            SortSubAttributeIgnored {
                rfc: "RFC 7644 §3.4.2.3 (a complex attribute sorts by the sub-attribute its path names)",
                does: "a sortBy naming a sub-attribute other than value (name.familyName) is ignored",
                observe: "srt-b,srt-a", |h| {
                    let shape = |name: &str, u: &mut Value| {
                        u["name"]["familyName"] = json!(if name == "srt-a" { "Baker" } else { "Able" });
                    };
                    sorted_pair(h, shape, "sortBy=name.familyName").await
                },
            },
            SortMultiValuedByFirst {
                rfc: "RFC 7644 §3.4.2.3 (a multi-valued attribute sorts by its primary value)",
                does: "a multi-valued sortBy (emails.value) sorts by the first value listed, not the primary one",
                observe: "srt-a,srt-b", |h| {
                    let shape = |name: &str, u: &mut Value| {
                        let (first, primary) = if name == "srt-a" { ("z", "a") } else { ("y", "b") };
                        u["emails"] = json!([{"value": first}, {"value": primary, "primary": true}]);
                    };
                    sorted_pair(h, shape, "sortBy=emails.value").await
                },
            },
            SortMissingValuesFirst {
                rfc: "RFC 7644 §3.4.2.3 (no data: last if ascending, first if descending)",
                does: "resources without a value for sortBy come first when ascending and last when descending",
                observe: "srt-b,srt-a", |h| {
                    let shape = |name: &str, u: &mut Value| {
                        if name == "srt-b" {
                            u["title"] = json!("Titled");
                        }
                    };
                    sorted_pair(h, shape, "sortBy=title").await
                },
            },
            SortCaseExactIgnored {
                rfc: "RFC 7644 §3.4.2.3 (case-exact attributes sort case-sensitively)",
                does: "caseExact attributes such as externalId sort ignoring letter case",
                observe: "srt-b,srt-a", |h| {
                    let shape = |name: &str, u: &mut Value| {
                        u["externalId"] = json!(if name == "srt-a" { "b" } else { "C" });
                    };
                    sorted_pair(h, shape, "sortBy=externalId").await
                },
            },
            CountZeroReturnsResources {
                rfc: "RFC 7644 §3.4.2.4 (count 0 returns only totalResults)",
                does: "count=0 is treated as no count and returns a full page",
                observe: "[]", |h| {
                    body(h.get("/Users?count=0").await).await["Resources"].to_string()
                },
            },
            NoMatchFilter404 {
                rfc: "RFC 7644 §3.4.2 (a query answers a ListResponse, totalResults 0)",
                does: "a filter matching nothing answers 404 (Entra's lookups then fail; Okta's reference accepts the 404)",
                observe: "200", |h| {
                    filter_status(h, "userName eq \"nobody@example.com\"").await
                },
            },
            CountParameter500 {
                rfc: "RFC 7644 §3.4.2.4 (count: the number of results per page)",
                does: "a list with a count query parameter, of resources or of discovery, answers 500 (seen on Canaille 0.3.6, whose one query parser compares the text with an integer)",
                observe: "200", |h| { status(h.get("/Users?count=1").await).await },
            },
            NegativeCountRefused {
                rfc: "RFC 7644 §3.4.2.4 (a negative count is read as 0)",
                does: "a negative count answers 400 instead of an empty page",
                observe: "200", |h| { status(h.get("/Users?count=-1").await).await },
            },
            ListWithoutStartIndex {
                rfc: "RFC 7644 §3.4.2 (startIndex is REQUIRED when paginating)",
                does: "list responses have no startIndex",
                observe: "true", |h| {
                    let list = body(h.get("/Users?count=1").await).await;
                    list.get("startIndex").is_some().to_string()
                },
            },
            UnknownQueryParameterRefused {
                rfc: "RFC 7644 §3.4.2 (unrecognised query parameters are ignored)",
                does: "a list query with a parameter the server does not know answers 400",
                observe: "200", |h| {
                    status(h.get("/Users?count=1&vendorExtension=1").await).await
                },
            },
        }
    };
}
