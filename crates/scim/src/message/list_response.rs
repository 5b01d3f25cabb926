//! The envelope of query results (RFC 7644 §3.4.2).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::schema::urn;

/// A page of query results. `totalResults`, `itemsPerPage` and `startIndex` are JSON integers;
/// `Resources` holds the page (absent on input means empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListResponse<T = Value> {
    /// Should be `[urn:ietf:params:scim:api:messages:2.0:ListResponse]`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// How many resources match the query in total, across all pages.
    pub total_results: u64,
    /// How many resources this page holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items_per_page: Option<u64>,
    /// The 1-based index of this page's first result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<u64>,
    /// The resources of this page.
    #[serde(rename = "Resources", default)]
    pub resources: Vec<T>,
}

impl<T> ListResponse<T> {
    /// A page holding `resources`, out of `total_results`, starting at `start_index` (1-based).
    pub fn new(resources: Vec<T>, total_results: u64, start_index: u64) -> Self {
        ListResponse {
            schemas: vec![urn::LIST_RESPONSE.to_owned()],
            total_results,
            items_per_page: Some(resources.len() as u64),
            start_index: Some(start_index),
            resources,
        }
    }
}
