//! Shared runs: `/s/{token}` serves a read-only run page to anyone holding the token, without a
//! session; once the run is made private again the token finds nothing.

use super::runs::{After, Viewer, download_as, run_body, stream};
use super::{PageError, PageResult};
use crate::app::AppState;
use crate::html::{self, Nav};
use crate::store::RunRow;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse};

fn shared_run(app: &AppState, token: &str) -> Result<RunRow, PageError> {
    app.store
        .run_by_token(token)?
        .ok_or_else(|| PageError::not_found("This shared run"))
}

/// `/s/{token}`.
pub async fn show(State(app): State<AppState>, Path(token): Path<String>) -> PageResult {
    let run = shared_run(&app, &token)?;
    let body = run_body(&app.store, &run, &Viewer::Shared { token: &token }, "")?;
    Ok(Html(html::page(&run.suite_name, Nav::Shared, &body)).into_response())
}

/// `/s/{token}/events`.
pub async fn events(
    State(app): State<AppState>,
    Path(token): Path<String>,
    Query(after): Query<After>,
    headers: HeaderMap,
) -> PageResult {
    let run = shared_run(&app, &token)?;
    Ok(stream(&app, run.id, after.after, &headers))
}

/// `/s/{token}/download/{format}`.
pub async fn download(
    State(app): State<AppState>,
    Path((token, format)): Path<(String, String)>,
) -> PageResult {
    let run = shared_run(&app, &token)?;
    download_as(&app.store, &run, &format)
}
