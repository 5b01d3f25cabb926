//! The server's two error boundaries: [`ServerError`] for starting it, [`ApiError`] for answering
//! a request with a SCIM Error (RFC 7644 §3.12).

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use scim::error::ScimType;

/// Why [`crate::spawn`] could not start a server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source} (is another server using the port?)")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
    /// The SQLite database could not be opened or prepared.
    #[error("cannot open the database {path}: {source} (check the path and its permissions)")]
    Storage {
        /// The file, or `:memory:`.
        path: String,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The TLS certificate or key cannot be served.
    #[error("cannot serve TLS: {0}")]
    Tls(String),
    /// Seeding the empty store failed.
    #[error("cannot seed the store: {0}")]
    Seed(String),
}

/// A request that cannot be answered with success; rendered as a SCIM Error body.
///
/// Handlers return it; the rendering (2.0 or 1.1 envelope, and the defects that distort
/// errors) happens once, in [`crate::respond`], which is why the value travels in the
/// response's extensions rather than being serialized here.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The RFC 7644 §3.12 keyword, when one applies.
    pub scim_type: Option<ScimType>,
    /// What went wrong, where, and how to fix it.
    pub detail: String,
    /// For 405: the methods the endpoint allows.
    pub allow: Option<&'static str>,
}

impl ApiError {
    /// An error with a status and detail but no scimType.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            scim_type: None,
            detail: detail.into(),
            allow: None,
        }
    }

    /// A 400-class error carrying `scim_type`; the status is the one RFC 7644 pairs with it.
    pub fn scim(scim_type: ScimType, detail: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::from_u16(scim_type.status()).unwrap_or(StatusCode::BAD_REQUEST),
            scim_type: Some(scim_type),
            detail: detail.into(),
            allow: None,
        }
    }

    /// 404 for a resource id that does not exist.
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("{what} '{id}' not found; list the resources to find a valid id"),
        )
    }

    /// 405 naming what the endpoint allows.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        ApiError {
            allow: Some(allow),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("this endpoint only allows {allow}"),
            )
        }
    }

    /// 500 for a storage failure; the detail is deliberately generic.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {what}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server could not complete the request; see the server log",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<scim::error::ScimError> for ApiError {
    fn from(e: scim::error::ScimError) -> Self {
        ApiError::scim(e.scim_type, e.detail)
    }
}
