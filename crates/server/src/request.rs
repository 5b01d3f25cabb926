//! Reading what a client sent: the media type, the size-limited JSON body, query parameters and
//! preconditions — each failure a typed SCIM error, never a panic.

use crate::api::Api;
use crate::defect::Defect;
use crate::error::ApiError;
use axum::body::Body;
use http::{HeaderMap, StatusCode, header};
use percent_encoding::percent_decode_str;
use scim::error::ScimType;
use serde_json::Value;

/// Whether a `Content-Type` names JSON: `application/scim+json` or `application/json`, with any
/// parameters (`; charset=utf-8`). A missing header is accepted (Okta's 2016 test sends none).
fn is_json_media_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/scim+json")
        || essence.eq_ignore_ascii_case("application/json")
}

/// Whether reading a body failed because it stopped arriving (the body idle timeout of
/// `crate::connections`), somewhere in the error's chain of causes.
fn timed_out(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Reads the body (at most `max_payload_size` bytes) and parses it as JSON.
pub async fn json_body(api: &Api, headers: &HeaderMap, body: Body) -> Result<Value, ApiError> {
    let plain_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("application/json"));
    let refused = api.has(Defect::JsonMediaTypeRefused) && plain_json;
    if refused || (!api.has(Defect::AnyContentTypeAccepted) && !is_json_media_type(headers)) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the request body must be application/scim+json or application/json",
        ));
    }
    let limit = api.config().max_payload_size;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if timed_out(&e) {
            let idle = api.config().connections.body_idle_timeout;
            return ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!("the request body stopped arriving for {idle:?}; send it without pauses"),
            );
        }
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body exceeds the {limit}-byte limit (ServiceProviderConfig bulk.maxPayloadSize)"),
        )
    })?;
    let body: Value = serde_json::from_slice(&bytes).map_err(|e| {
        if api.has(Defect::MalformedJson500) {
            return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error");
        }
        ApiError::scim(
            ScimType::InvalidSyntax,
            format!(
                "the body is not valid JSON: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if api.has(Defect::SchemasRequiredFirst)
        && body
            .as_object()
            .and_then(|o| o.keys().next())
            .is_some_and(|first| first != "schemas")
    {
        return Err(ApiError::scim(
            ScimType::InvalidSyntax,
            "'schemas' must be the first member of the body",
        ));
    }
    Ok(body)
}

/// Query parameters, decoded, with case-insensitive names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Parses a raw query string (`a=b&c=d`, `+` as space, percent-decoding lossy).
    pub fn parse(raw: Option<&str>) -> QueryParams {
        let decode = |s: &str| {
            let spaced = s.replace('+', " ");
            percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
        };
        QueryParams(
            raw.unwrap_or("")
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    /// The parameter names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The first value of `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The `If-Match` / `If-None-Match` preconditions of a request (RFC 7644 §3.14).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preconditions {
    /// `If-Match` entity tags, or `*`.
    pub if_match: Option<String>,
    /// `If-None-Match` entity tags, or `*`.
    pub if_none_match: Option<String>,
}

impl Preconditions {
    /// Reads the headers (ignored entirely with the `etag-ignored` defect).
    pub fn from_headers(api: &Api, headers: &HeaderMap) -> Preconditions {
        if api.has(Defect::EtagIgnored) {
            return Preconditions::default();
        }
        let get = |h| {
            headers
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Preconditions {
            if_match: get(header::IF_MATCH),
            if_none_match: get(header::IF_NONE_MATCH),
        }
    }

    /// 412 unless `If-Match` is absent, `*`, or lists `etag`.
    pub fn check_match(&self, etag: &str) -> Result<(), ApiError> {
        match &self.if_match {
            Some(tags) if !tag_listed(tags, etag) => Err(ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                format!(
                    "If-Match does not match the current version {etag}; GET the resource and retry"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Whether `If-None-Match` lists `etag` (a GET then answers 304).
    pub fn none_match_hits(&self, etag: &str) -> bool {
        self.if_none_match
            .as_deref()
            .is_some_and(|t| tag_listed(t, etag))
    }
}

/// Whether a comma-separated entity-tag list contains `etag` (weak comparison) or is `*`.
fn tag_listed(tags: &str, etag: &str) -> bool {
    let strip = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    tags.split(',')
        .any(|t| t.trim() == "*" || strip(t) == strip(etag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decodes_plus_percent_and_ignores_name_case() {
        let q = QueryParams::parse(Some("FILTER=userName+eq+%22a%40b%22&count=2"));
        assert_eq!(q.get("filter"), Some("userName eq \"a@b\""));
        assert_eq!(q.get("Count"), Some("2"));
        assert_eq!(q.get("startIndex"), None);
    }

    #[test]
    fn weak_and_strong_tags_compare_weakly() {
        assert!(tag_listed("W/\"3\"", "W/\"3\""));
        assert!(tag_listed("\"1\", \"3\"", "W/\"3\""));
        assert!(tag_listed("*", "W/\"9\""));
        assert!(!tag_listed("W/\"2\"", "W/\"3\""));
    }
}
