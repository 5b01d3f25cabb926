//! Bulk requests and responses (RFC 7644 §3.7).

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::{Request, Status, keyword};
use crate::error::ScimError;
use crate::schema::urn;

/// A bulk request: operations run in order, stopping after `failOnErrors` errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    /// Must contain `urn:ietf:params:scim:api:messages:2.0:BulkRequest`.
    pub schemas: Vec<String>,
    /// How many errors to accept before the rest is skipped; absent means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on_errors: Option<u32>,
    /// The operations, in order.
    #[serde(rename = "Operations", alias = "operations")]
    pub operations: Vec<BulkOperation>,
}

/// One operation of a bulk request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkOperation {
    /// The HTTP method.
    pub method: BulkMethod,
    /// A client-chosen id so later operations can refer to a resource this POST creates
    /// (`bulkId:…`); required for POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_id: Option<String>,
    /// The ETag the target must still have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The resource path relative to the base URL, e.g. `/Users` or `/Groups/123`.
    pub path: String,
    /// The request body, for POST, PUT and PATCH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// The methods a bulk operation may use, read case-insensitively, written uppercase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum BulkMethod {
    /// Create.
    Post,
    /// Replace.
    Put,
    /// Modify.
    Patch,
    /// Delete.
    Delete,
}

impl BulkMethod {
    /// The method name, uppercase.
    pub fn as_str(self) -> &'static str {
        match self {
            BulkMethod::Post => "POST",
            BulkMethod::Put => "PUT",
            BulkMethod::Patch => "PATCH",
            BulkMethod::Delete => "DELETE",
        }
    }
}

impl<'de> Deserialize<'de> for BulkMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        keyword::deserialize(
            deserializer,
            "bulk method",
            &[
                ("POST", BulkMethod::Post),
                ("PUT", BulkMethod::Put),
                ("PATCH", BulkMethod::Patch),
                ("DELETE", BulkMethod::Delete),
            ],
        )
    }
}

impl Request for BulkRequest {
    const URN: &'static str = urn::BULK_REQUEST;
    const NAME: &'static str = "BulkRequest";

    fn schemas(&self) -> &[String] {
        &self.schemas
    }

    /// RFC 7644 §3.7: a POST needs a `bulkId`; POST, PUT and PATCH need `data`.
    fn check(&self) -> Result<(), ScimError> {
        for (index, operation) in self.operations.iter().enumerate() {
            if operation.method == BulkMethod::Post && operation.bulk_id.is_none() {
                return Err(ScimError::invalid_value(format!(
                    "Operations[{index}]: a POST needs a \"bulkId\""
                )));
            }
            if operation.method != BulkMethod::Delete && operation.data.is_none() {
                return Err(ScimError::invalid_value(format!(
                    "Operations[{index}]: a {} needs \"data\"",
                    operation.method.as_str()
                )));
            }
        }
        Ok(())
    }
}

/// A bulk response: one result per operation that ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkResponse {
    /// Should contain `urn:ietf:params:scim:api:messages:2.0:BulkResponse`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// The results, in request order.
    #[serde(rename = "Operations", alias = "operations", default)]
    pub operations: Vec<BulkOperationResponse>,
}

impl BulkResponse {
    /// A response holding `operations`.
    pub fn new(operations: Vec<BulkOperationResponse>) -> Self {
        BulkResponse {
            schemas: vec![urn::BULK_RESPONSE.to_owned()],
            operations,
        }
    }
}

/// The result of one bulk operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkOperationResponse {
    /// The method of the operation.
    pub method: BulkMethod,
    /// The operation's `bulkId`, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bulk_id: Option<String>,
    /// The resource's new ETag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The URI of the resource created or changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The HTTP status, as a string.
    pub status: Status,
    /// The response body, e.g. an error body when the operation failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Value>,
}
