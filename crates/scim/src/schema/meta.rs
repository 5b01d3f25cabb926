//! The `meta` attribute every resource carries (RFC 7643 §3.1), as a typed value for the
//! discovery resources and for servers that build it.

use serde::{Deserialize, Serialize};

/// Resource metadata. Times are RFC 3339 strings supplied by the caller (this crate reads no
/// clock).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The resource type's name, e.g. `User` or `Schema`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// When the resource was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When the resource last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The resource's URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The resource's ETag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

impl Meta {
    /// Metadata naming only the resource type and, when known, the location.
    pub fn of(resource_type: &str, location: Option<String>) -> Self {
        Meta {
            resource_type: Some(resource_type.to_owned()),
            location,
            ..Meta::default()
        }
    }
}
