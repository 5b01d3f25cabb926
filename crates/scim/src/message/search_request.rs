//! Query parameters (RFC 7644 §3.4.2), whether they come as a `POST …/.search` body
//! (§3.4.3) or as URL query parameters of a GET.

use serde::{Deserialize, Deserializer, Serialize};

use super::{Request, keyword};
use crate::error::ScimError;
use crate::schema::urn;

/// The parameters of a query: which resources (`filter`), in what order (`sortBy`,
/// `sortOrder`), which page (`startIndex`, `count`) and which attributes of each.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    /// Must contain `urn:ietf:params:scim:api:messages:2.0:SearchRequest` in a `.search` body.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Attribute paths to return instead of the default set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
    /// Attribute paths to leave out of the default set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_attributes: Vec<String>,
    /// The filter expression (RFC 7644 §3.4.2.2), unparsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// The attribute path to sort by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    /// The sort direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<SortOrder>,
    /// The 1-based index of the first result, as sent (values below 1 mean 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<i64>,
    /// The page size asked for, as sent (negative values mean 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

/// The direction of a sort (RFC 7644 §3.4.2.3), read case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// Smallest first (the default).
    #[default]
    Ascending,
    /// Largest first.
    Descending,
}

impl SortOrder {
    /// The RFC's keywords.
    const KEYWORDS: [(&str, SortOrder); 2] = [
        ("ascending", SortOrder::Ascending),
        ("descending", SortOrder::Descending),
    ];
}

impl<'de> Deserialize<'de> for SortOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        keyword::deserialize(deserializer, "sortOrder", &SortOrder::KEYWORDS)
    }
}

impl SearchRequest {
    /// Reads the query parameters of a GET (already percent-decoded `name=value` pairs).
    ///
    /// Parameter names are matched case-insensitively; `attributes` and `excludedAttributes`
    /// are comma-separated lists; unknown parameters are ignored. A non-integer `startIndex` or
    /// `count`, or an unknown `sortOrder`, is `invalidValue`.
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ScimError> {
        let mut request = SearchRequest {
            schemas: vec![urn::SEARCH_REQUEST.to_owned()],
            ..SearchRequest::default()
        };
        for (name, value) in pairs {
            let lower = name.to_ascii_lowercase();
            match lower.as_str() {
                "attributes" => request.attributes = split_list(value),
                "excludedattributes" => request.excluded_attributes = split_list(value),
                "filter" => request.filter = Some(value.to_owned()),
                "sortby" => request.sort_by = Some(value.to_owned()),
                "sortorder" => {
                    let order = keyword::pick(value, "sortOrder", &SortOrder::KEYWORDS)
                        .map_err(ScimError::invalid_value)?;
                    request.sort_order = Some(order);
                }
                "startindex" => request.start_index = Some(integer(name, value)?),
                "count" => request.count = Some(integer(name, value)?),
                _ => {}
            }
        }
        Ok(request)
    }

    /// The 1-based start index to use: 1 when absent or below 1 (RFC 7644 §3.4.2.4).
    pub fn effective_start_index(&self) -> u64 {
        self.start_index.map_or(1, |i| i.max(1) as u64)
    }

    /// The page size to use: `default` when absent, 0 when negative, at most `max`
    /// (RFC 7644 §3.4.2.4).
    pub fn effective_count(&self, default: u64, max: u64) -> u64 {
        self.count.map_or(default, |c| c.max(0) as u64).min(max)
    }
}

/// Splits a comma-separated attribute list, dropping blanks around and between entries.
fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the integer query parameter `name`.
fn integer(name: &str, value: &str) -> Result<i64, ScimError> {
    value.trim().parse().map_err(|_| {
        ScimError::invalid_value(format!(
            "query parameter {name}={value:?} is not an integer"
        ))
    })
}

impl Request for SearchRequest {
    const URN: &'static str = urn::SEARCH_REQUEST;
    const NAME: &'static str = "SearchRequest";

    fn schemas(&self) -> &[String] {
        &self.schemas
    }
}
