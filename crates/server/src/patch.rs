//! PATCH (RFC 7644 §3.5.2): the server's part — loading, preconditions, the interop defects —
//! around `scim::patch`, which owns what the operations mean.

use crate::api::Api;
use crate::error::ApiError;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use http::StatusCode;
use serde_json::Value;

/// Applies a PatchOp body to a resource; returns it rendered.
pub async fn modify(
    _api: &Api,
    _kind: Kind,
    _id: String,
    _body: Value,
    _pre: Preconditions,
) -> Result<Value, ApiError> {
    Err(ApiError::new(
        StatusCode::NOT_IMPLEMENTED,
        "PATCH is arriving with scim::patch",
    ))
}
