//! Building responses: success bodies with their headers, and the one place where an
//! [`ApiError`] becomes a SCIM Error body (2.0 or 1.1 envelope, distorted by defects).

use crate::api::{Api, Version};
use crate::defect::{self, Defect};
use crate::error::ApiError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use scim::schema::urn;
use scim::version::V1_CORE;
use serde_json::{Value, json};

/// A JSON response with the version's media type.
pub fn json(api: &Api, status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    let media = HeaderValue::from_static(api.version.media_type());
    response.headers_mut().insert(header::CONTENT_TYPE, media);
    response
}

/// A 200 `text/html` page with `heading` (what misconfigured servers answer where SCIM JSON
/// belongs; the caller sets another status when it needs one).
pub fn html(heading: &str) -> Response {
    let page = format!("<html><body><h1>{heading}</h1></body></html>");
    let mut response = Response::new(Body::from(page));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// A single resource: `shown` (the projected representation) as JSON, plus `ETag` (unless the
/// `no-etag-header` defect is on), `Content-Location` and, for 201, `Location`, all taken from
/// `full`.
pub fn resource(api: &Api, status: StatusCode, full: &Value, shown: &Value) -> Response {
    let mut response = json(api, status, shown);
    let meta = full.get("meta");
    if !api.has(Defect::NoEtagHeader)
        && let Some(v) = meta.and_then(|m| m.get("version")).and_then(Value::as_str)
        && let Ok(v) = HeaderValue::from_str(v)
    {
        response.headers_mut().insert(header::ETAG, v);
    }
    if status == StatusCode::CREATED
        && !api.has(Defect::NoLocationHeader)
        && let Some(l) = meta.and_then(|m| m.get("location")).and_then(Value::as_str)
        && let Ok(l) = HeaderValue::from_str(if api.has(Defect::LocationHeaderRelative) {
            path_of(l)
        } else {
            l
        })
    {
        response.headers_mut().insert(header::LOCATION, l);
    }
    if let Some(l) = meta.and_then(|m| m.get("location")).and_then(Value::as_str) {
        // The representation is the resource's own (RFC 9110 §8.7): its URI, which RFC 7643
        // §3.1 says meta.location must equal. The defect names the URL the request went to,
        // which for a POST is the collection.
        let named = if status == StatusCode::CREATED && api.has(Defect::ContentLocationIsRequestUrl)
        {
            l.rsplit_once('/').map_or(l, |(collection, _)| collection)
        } else if api.config().content_location_relative {
            path_of(l)
        } else {
            l
        };
        if let Ok(named) = HeaderValue::from_str(named) {
            response
                .headers_mut()
                .insert(header::CONTENT_LOCATION, named);
        }
    }
    response
}

/// The path of the absolute URL `url` (`/scim/v2/Users/1` of `http://host/scim/v2/Users/1`),
/// for the `location-header-relative` defect.
fn path_of(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or(after_scheme, |i| &after_scheme[i..])
}

/// The SCIM Error body for `error` in `version`, shaped by the defects that distort errors.
pub fn error_body(api: &Api, error: &ApiError) -> Value {
    let status = error.status.as_u16();
    let status_value = if api.has(Defect::ErrorStatusNumber) {
        json!(status)
    } else {
        json!(status.to_string())
    };
    let mut body = match api.version {
        Version::V2 => json!({ "schemas": [urn::ERROR] }),
        // SCIM 1.1's envelope is {"Errors":[{description, code}]}; `detail` and `status` are
        // added too because Okta's 1.1 SPEC test reads `detail` from the 404 body.
        Version::V1 => json!({
            "schemas": [V1_CORE],
            "Errors": [{ "description": error.detail, "code": status.to_string() }],
        }),
    };
    if let Some(obj) = body.as_object_mut() {
        if !api.has(Defect::ErrorWithoutStatus) {
            obj.insert("status".into(), status_value);
        }
        if let Some(t) = error.scim_type {
            obj.insert("scimType".into(), json!(t.as_str()));
        }
        let hide_detail =
            error.status == StatusCode::NOT_FOUND && api.has(Defect::NotFoundWithoutDetail);
        if !hide_detail {
            obj.insert("detail".into(), json!(error.detail));
        }
    }
    body
}

fn render_error(api: &Api, error: &ApiError) -> Response {
    let unauthorized = error.status == StatusCode::UNAUTHORIZED;
    let mut response = if api.has(Defect::HtmlErrorPages) || defect::patch::crash_page(api, error) {
        html(&format!(
            "{} {}",
            error.status.as_u16(),
            error.status.canonical_reason().unwrap_or("Error")
        ))
    } else if unauthorized && api.has(Defect::UnauthorizedWithoutScimBody) {
        Response::new(Body::empty())
    } else {
        json(api, error.status, &error_body(api, error))
    };
    *response.status_mut() = error.status;
    if let Some(allow) = error.allow {
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
    }
    if unauthorized && !api.has(Defect::UnauthorizedWithoutWwwAuthenticate) {
        let mut challenge = String::from("Bearer realm=\"scimcheck\"");
        if !api.config().basic.is_empty() {
            challenge.push_str(", Basic realm=\"scimcheck\"");
        }
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
    }
    response
}

/// Middleware: renders errors left by handlers, and applies the `wrong-content-type` defect.
pub async fn finish(State(api): State<Api>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        response = render_error(&api, &error);
    }
    if api.has(Defect::WrongContentType) && response.headers().contains_key(header::CONTENT_TYPE) {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}
