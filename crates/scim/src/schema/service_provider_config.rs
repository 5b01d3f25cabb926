//! The `/ServiceProviderConfig` resource (RFC 7643 §5): which optional SCIM features a server
//! supports. Clients (and the tester) read it to decide what to try.

use serde::{Deserialize, Serialize};

use super::{Meta, urn};

/// A server's feature list. Every feature block defaults to "not supported" when missing from a
/// document read from another server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProviderConfig {
    /// Should be `[urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig]`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Where the server's human documentation lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_uri: Option<String>,
    /// PATCH support.
    #[serde(default)]
    pub patch: Supported,
    /// Bulk support and its limits.
    #[serde(default)]
    pub bulk: BulkConfig,
    /// Filter support and the most results one query returns.
    #[serde(default)]
    pub filter: FilterConfig,
    /// Whether `password` can be changed.
    #[serde(default)]
    pub change_password: Supported,
    /// Sorting support.
    #[serde(default)]
    pub sort: Supported,
    /// ETag support.
    #[serde(default)]
    pub etag: Supported,
    /// How clients authenticate.
    #[serde(default)]
    pub authentication_schemes: Vec<AuthenticationScheme>,
    /// Resource metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Default for ServiceProviderConfig {
    /// Nothing optional supported, no authentication schemes; `schemas` set.
    fn default() -> Self {
        ServiceProviderConfig {
            schemas: vec![urn::SERVICE_PROVIDER_CONFIG.to_owned()],
            documentation_uri: None,
            patch: Supported::default(),
            bulk: BulkConfig::default(),
            filter: FilterConfig::default(),
            change_password: Supported::default(),
            sort: Supported::default(),
            etag: Supported::default(),
            authentication_schemes: Vec::new(),
            meta: None,
        }
    }
}

/// A feature that is either supported or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Supported {
    /// Whether the feature is supported.
    #[serde(default)]
    pub supported: bool,
}

/// Bulk support (RFC 7643 §5 `bulk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkConfig {
    /// Whether `/Bulk` is supported.
    #[serde(default)]
    pub supported: bool,
    /// The most operations one bulk request may hold.
    #[serde(default)]
    pub max_operations: u64,
    /// The largest bulk request body, in bytes.
    #[serde(default)]
    pub max_payload_size: u64,
}

/// Filter support (RFC 7643 §5 `filter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterConfig {
    /// Whether `filter` is supported.
    #[serde(default)]
    pub supported: bool,
    /// The most resources one query returns.
    #[serde(default)]
    pub max_results: u64,
}

/// One way clients may authenticate (RFC 7643 §5 `authenticationSchemes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationScheme {
    /// `oauth`, `oauth2`, `oauthbearertoken`, `httpbasic` or `httpdigest`.
    #[serde(rename = "type", default)]
    pub scheme_type: String,
    /// Its name, e.g. `OAuth Bearer Token`.
    #[serde(default)]
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// The specification that defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec_uri: Option<String>,
    /// Where its use with this server is documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_uri: Option<String>,
    /// Whether it is the preferred scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}
