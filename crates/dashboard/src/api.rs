//! The JSON API under `/api/v1`: what scripts and CI jobs use to start runs and read their
//! results without a browser (documented in docs/DASHBOARD.md).
//!
//! It is off unless the dashboard was given an API token, and every request carries that token
//! as `Authorization: Bearer …` (compared in constant time). It sets and reads no cookie, so it
//! needs no CSRF token: a browser never attaches the header by itself. The dashboard's Host
//! check still applies. Results are the stored ones, in the layout of `scimcheck run --json`,
//! credentials already masked; environments are listed without their credentials.

use crate::app::AppState;
use crate::execute::builtin_categories;
use crate::pages::{PageError, runs::launch};
use crate::secret::same;
use crate::store::{HistoryFilter, RunRow, RunStatus};
use axum::Json;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

/// The API's routes, below `/api/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/environments", get(environments))
        .route("/runs", get(runs).post(start))
        .route("/runs/{id}", get(run))
        .route("/runs/{id}/cancel", post(cancel))
}

/// An API error: its status and `{"error": "…"}`, saying what to fix.
pub struct ApiError(PageError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0.status(), Json(json!({ "error": self.0.message() }))).into_response()
    }
}

impl<E: Into<PageError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

type ApiResult = Result<Response, ApiError>;

/// The middleware in front of every API route: 404 while the API is off, 401 without the
/// token.
pub async fn authorize(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = &app.api_token else {
        return ApiError(PageError::new(
            StatusCode::NOT_FOUND,
            "The JSON API is off: start the dashboard with --api-token (or SCIMCHECK_DASHBOARD_API_TOKEN) to use it.",
        ))
        .into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if given.is_some_and(|given| same(given, token)) {
        return next.run(request).await;
    }
    let mut refused = ApiError(PageError::new(
        StatusCode::UNAUTHORIZED,
        "Send the dashboard's API token as `Authorization: Bearer <token>`.",
    ))
    .into_response();
    refused
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    refused
}

/// `GET /api/v1/environments`: id, name and base URL of each (empty: the embedded reference
/// server); never a credential or a variable.
async fn environments(State(app): State<AppState>) -> ApiResult {
    let listed: Vec<Value> = app
        .store
        .environments()?
        .into_iter()
        .map(|e| json!({ "id": e.id, "name": e.name, "base_url": e.base_url }))
        .collect();
    Ok(Json(json!({ "environments": listed })).into_response())
}

/// The query of `GET /api/v1/runs`.
#[derive(Debug, Deserialize)]
struct RunsQuery {
    /// Only this environment's runs.
    environment: Option<i64>,
    /// At most this many (1 to 100; 20 unless given).
    limit: Option<i64>,
}

/// `GET /api/v1/runs`: the newest runs first.
async fn runs(State(app): State<AppState>, Query(query): Query<RunsQuery>) -> ApiResult {
    let filter = HistoryFilter {
        environment_id: query.environment,
        suite: None,
    };
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    let listed: Vec<Value> = app
        .store
        .history(&filter, None, limit)?
        .iter()
        .map(described)
        .collect();
    Ok(Json(json!({ "runs": listed })).into_response())
}

/// The body of `POST /api/v1/runs`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StartRun {
    /// The environment to run in.
    environment_id: i64,
    /// `builtin` (the default) or `upload:ID`, an uploaded Runscope suite.
    #[serde(default = "builtin")]
    suite: String,
    /// Categories of the built-in suite; all of them when empty.
    #[serde(default)]
    categories: Vec<String>,
}

fn builtin() -> String {
    "builtin".into()
}

/// `POST /api/v1/runs`: starts a run; 201 with the run as `GET /api/v1/runs/{id}` describes it
/// (status `running`) and its URL in `Location`.
async fn start(
    State(app): State<AppState>,
    body: Result<Json<StartRun>, JsonRejection>,
) -> ApiResult {
    let Json(asked) = body.map_err(|e| PageError::bad_input(format!(
        "{} Send {{\"environment_id\": ID, \"suite\": \"builtin\" or \"upload:ID\", \"categories\": [...]}}.",
        e.body_text()
    )))?;
    let categories = if asked.categories.is_empty() {
        builtin_categories()
            .into_iter()
            .map(str::to_owned)
            .collect()
    } else {
        asked.categories
    };
    let id = launch(&app, asked.environment_id, &asked.suite, categories)?;
    let row = found(&app, id)?;
    let location = format!("/api/v1/runs/{id}");
    let mut response = (StatusCode::CREATED, Json(described(&row))).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// `GET /api/v1/runs/{id}`: the run, with its whole result once it is no longer running.
async fn run(State(app): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    let row = found(&app, id)?;
    let mut body = described(&row);
    if row.status != RunStatus::Running {
        body["result"] = serde_json::to_value(app.store.run_result(&row)?)
            .map_err(|e| PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    }
    Ok(Json(body).into_response())
}

/// `POST /api/v1/runs/{id}/cancel`: stops a running run (202; it ends shortly, cancelled); a
/// run that already ended is left as it is.
async fn cancel(State(app): State<AppState>, Path(id): Path<i64>) -> ApiResult {
    let row = found(&app, id)?;
    app.live.cancel(id);
    Ok((StatusCode::ACCEPTED, Json(described(&row))).into_response())
}

/// Run `id`, or 404.
fn found(app: &AppState, id: i64) -> Result<RunRow, ApiError> {
    Ok(app
        .store
        .run(id)?
        .ok_or_else(|| PageError::not_found("This run"))?)
}

/// A run as the API shows it: what the history page shows of it, and where to read more.
fn described(row: &RunRow) -> Value {
    json!({
        "id": row.id,
        "environment_id": row.environment_id,
        "environment_name": row.environment_name,
        "suite": row.suite_key,
        "suite_name": row.suite_name,
        "target": row.target,
        "status": row.status.as_str(),
        "started_at": row.started_at,
        "duration_ms": row.duration_ms,
        "p95_ms": row.p95_ms,
        "planned": row.planned,
        "done": row.done(),
        "summary": row.summary,
        "notes": row.notes,
        "url": format!("/api/v1/runs/{}", row.id),
        "page": format!("/runs/{}", row.id),
    })
}
