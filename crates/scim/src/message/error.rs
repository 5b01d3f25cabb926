//! The error response body (RFC 7644 §3.12).

use serde::{Deserialize, Serialize};

use super::Status;
use crate::error::{ScimError, ScimType};
use crate::schema::urn;

/// An RFC 7644 §3.12 error body: `schemas`, `status` (a string), optional `scimType` and
/// `detail`.
///
/// `scimType` is kept as the text received so the tester can report a misspelled keyword;
/// [`Error::known_scim_type`] interprets it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// Should be `[urn:ietf:params:scim:api:messages:2.0:Error]`.
    #[serde(default)]
    pub schemas: Vec<String>,
    /// The HTTP status, as a string.
    pub status: Status,
    /// The error keyword, for 400, 409 and 403 errors that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scim_type: Option<String>,
    /// A human-readable explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Error {
    /// An error of kind `scim_type`, with the status RFC 7644 pairs with it.
    pub fn new(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Error {
            scim_type: Some(scim_type.as_str().to_owned()),
            ..Self::status(scim_type.status(), detail)
        }
    }

    /// An error without a `scimType`, e.g. 404 for an unknown resource or 412 for a stale ETag.
    pub fn status(status: u16, detail: impl Into<String>) -> Self {
        Error {
            schemas: vec![urn::ERROR.to_owned()],
            status: Status::new(status),
            scim_type: None,
            detail: Some(detail.into()),
        }
    }

    /// The `scimType` keyword, when it is one RFC 7644 defines (spelled exactly).
    pub fn known_scim_type(&self) -> Option<ScimType> {
        self.scim_type.as_deref().and_then(ScimType::from_keyword)
    }
}

impl From<ScimError> for Error {
    fn from(error: ScimError) -> Self {
        Error::new(error.scim_type, error.detail)
    }
}
