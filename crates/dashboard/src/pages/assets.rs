//! The stylesheet and script, embedded in the binary (no CDN, no network).

use crate::html;
use axum::http::header;
use axum::response::IntoResponse;

/// `/static/app.css`.
pub async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        html::STYLE,
    )
}

/// `/static/app.js`.
pub async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        html::SCRIPT,
    )
}
