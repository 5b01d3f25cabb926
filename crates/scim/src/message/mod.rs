//! The SCIM message bodies of RFC 7644: errors, list responses, PATCH, search and bulk.
//!
//! Every type here both serializes (the reference server writes it) and deserializes (the server
//! reads requests; the tester reads other servers' responses). Deserialization ignores unknown
//! members and defaults missing optional ones, so a reader can judge a sloppy body instead of
//! failing on it. Requests a server receives implement [`Request`], whose `parse` also checks
//! the body's `schemas` and turns every problem into a [`ScimError`] a client can act on.

mod bulk;
mod error;
mod keyword;
mod list_response;
mod patch_op;
mod search_request;
mod status;

pub use bulk::{BulkMethod, BulkOperation, BulkOperationResponse, BulkRequest, BulkResponse};
pub use error::Error;
pub use list_response::ListResponse;
pub use patch_op::{PatchOp, PatchOpKind, PatchOperation};
pub use search_request::{SearchRequest, SortOrder};
pub use status::Status;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ScimError;

/// Reads `text` as a `T`; a malformed body becomes `invalidSyntax` naming `what` and where.
pub fn decode<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, ScimError> {
    serde_json::from_str(text).map_err(|e| {
        ScimError::invalid_syntax(format!(
            "the {what} body is not valid: {e}; see RFC 7644 for its members"
        ))
    })
}

/// Reads an already-parsed JSON `value` as a `T`; a mismatch becomes `invalidSyntax` naming
/// `what`.
pub fn decode_value<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, ScimError> {
    serde_json::from_value(value).map_err(|e| {
        ScimError::invalid_syntax(format!(
            "the {what} body is not valid: {e}; see RFC 7644 for its members"
        ))
    })
}

/// A request body a SCIM server receives, identified by the message URN in its `schemas`.
pub trait Request: DeserializeOwned {
    /// The message URN `schemas` must contain, e.g. [`crate::schema::urn::PATCH_OP`].
    const URN: &'static str;
    /// The message's name in error messages, e.g. `PatchOp`.
    const NAME: &'static str;

    /// The `schemas` member as received.
    fn schemas(&self) -> &[String];

    /// Rules beyond the JSON shape (RFC 7644); the default has none.
    fn check(&self) -> Result<(), ScimError> {
        Ok(())
    }

    /// Parses `text`, then checks `schemas` and [`Request::check`].
    fn parse(text: &str) -> Result<Self, ScimError> {
        let message: Self = decode(text, Self::NAME)?;
        message.checked()
    }

    /// Like [`Request::parse`], from a JSON value.
    fn from_value(value: Value) -> Result<Self, ScimError> {
        let message: Self = decode_value(value, Self::NAME)?;
        message.checked()
    }

    /// `self` when its `schemas` holds [`Request::URN`] and [`Request::check`] passes.
    fn checked(self) -> Result<Self, ScimError> {
        if !self
            .schemas()
            .iter()
            .any(|s| s.eq_ignore_ascii_case(Self::URN))
        {
            return Err(ScimError::invalid_syntax(format!(
                "the {} body's \"schemas\" must contain \"{}\"",
                Self::NAME,
                Self::URN
            )));
        }
        self.check()?;
        Ok(self)
    }
}
