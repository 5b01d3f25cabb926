//! The slice of Okta's management API (`/api/v1`) that Okta's "SCIM 2.0 CRUD Test" drives,
//! authenticated with `Authorization: SSWS <token>`. Each write that Okta would provision is
//! provisioned before the answer is sent, so the test's pauses can be skipped.

use super::org::{Link, Org, Status, User, error_body, new_id};
use super::provision::Provisioner;
use crate::okta::shape::AppUser;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Shared state of one simulator.
#[derive(Debug)]
pub(crate) struct Sim {
    pub(crate) app_id: String,
    pub(crate) token: String,
    pub(crate) org: Mutex<Org>,
    pub(crate) provisioner: Provisioner,
}

impl Sim {
    fn org(&self) -> MutexGuard<'_, Org> {
        // Every update is a single insert or field write, so a poisoned lock is still usable.
        self.org.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records the outcome of a provisioning call on the user's link.
    fn record(&self, user_id: &str, outcome: Result<Option<String>, String>) {
        let mut org = self.org();
        let Some(link) = org.users.get_mut(user_id).and_then(|u| u.link.as_mut()) else {
            return;
        };
        match outcome {
            Ok(Some(scim_id)) => {
                link.scim_id = Some(scim_id);
                link.error = None;
            }
            Ok(None) => link.error = None,
            Err(e) => link.error = Some(e),
        }
    }
}

type Shared = State<Arc<Sim>>;

/// The routes, with `sim` as state.
pub(crate) fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route("/api/v1/apps/{app}", get(app))
        .route("/api/v1/apps/{app}/users", post(assign))
        .route("/api/v1/apps/{app}/users/{user}", delete(unassign))
        .route("/api/v1/users", post(create_user))
        .route("/api/v1/users/{user}", get(read_user).put(update_user))
        .route("/api/v1/users/{user}/lifecycle/{action}", post(lifecycle))
        .fallback(not_found)
        .with_state(sim)
}

fn answer(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// A refused management call: Okta's status and error body.
#[derive(Debug)]
pub(crate) struct Refusal(StatusCode, Value);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        answer(self.0, self.1)
    }
}

fn okta_error(status: StatusCode, code: &str, summary: &str) -> Refusal {
    Refusal(status, error_body(code, summary))
}

fn missing(what: &str) -> Refusal {
    okta_error(
        StatusCode::NOT_FOUND,
        "E0000007",
        &format!("Not found: Resource not found: {what}"),
    )
}

async fn not_found() -> Refusal {
    missing("this simulator serves only the Okta API calls of Okta's SCIM 2.0 CRUD test")
}

/// `Err(response)` unless the request carries `SSWS <token>` (and, for app routes, the app id).
fn authorize(sim: &Sim, headers: &HeaderMap, app: Option<&str>) -> Result<(), Refusal> {
    let expected = format!("SSWS {}", sim.token);
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if given != Some(expected.as_str()) {
        return Err(okta_error(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        ));
    }
    match app {
        Some(app) if app != sim.app_id => Err(missing(&format!("{app} (AppInstance)"))),
        _ => Ok(()),
    }
}

fn json_body(body: &Bytes) -> Result<Value, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| {
        okta_error(
            StatusCode::BAD_REQUEST,
            "E0000003",
            &format!("The request body was not well-formed: {e}"),
        )
    })
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

async fn app(
    State(sim): Shared,
    Path(app): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, Some(&app))?;
    Ok(answer(
        StatusCode::OK,
        json!({
            "id": sim.app_id,
            "name": "scimcheck_oktasim",
            "label": "SCIM app (scimcheck Okta-org simulator)",
            "status": "ACTIVE",
            "signOnMode": "AUTO_LOGIN",
            "features": ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"],
        }),
    ))
}

async fn create_user(
    State(sim): Shared,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, None)?;
    let body = json_body(&body)?;
    let Some(login) = text(&body, "/profile/login").map(str::to_owned) else {
        return Err(okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: login: The field cannot be left blank",
        ));
    };
    let mut org = sim.org();
    if org.login_taken(&login) {
        return Err(okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: login: An object with this field already exists",
        ));
    }
    let status = if query.get("activate").map(String::as_str) == Some("false") {
        Status::Staged
    } else {
        Status::Active
    };
    let user = User {
        id: new_id("00u"),
        status,
        profile: body.get("profile").cloned().unwrap_or(Value::Null),
        link: None,
    };
    let shown = user.to_json();
    org.users.insert(user.id.clone(), user);
    Ok(answer(StatusCode::OK, shown))
}

async fn read_user(
    State(sim): Shared,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, None)?;
    match sim.org().users.get(&id) {
        Some(user) => Ok(answer(StatusCode::OK, user.to_json())),
        None => Err(missing(&format!("{id} (User)"))),
    }
}

/// `PUT /api/v1/users/{id}` replaces the profile; an assigned, provisioned user's mapped
/// attributes are pushed (GET then PUT).
async fn update_user(
    State(sim): Shared,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, None)?;
    let body = json_body(&body)?;
    let Some(profile) = body.get("profile").filter(|p| p.is_object()).cloned() else {
        return Err(okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: profile: The field cannot be left blank",
        ));
    };
    let push = {
        let mut org = sim.org();
        let Some(user) = org.users.get_mut(&id) else {
            return Err(missing(&format!("{id} (User)")));
        };
        user.profile = profile;
        let mapped = user.link.as_ref().map(|l| user.mapped(&l.app_user));
        if let (Some(link), Some(mapped)) = (user.link.as_mut(), mapped) {
            link.app_user = mapped;
        }
        let shown = user.to_json();
        let push = user
            .link
            .as_ref()
            .filter(|l| l.assigned && user.status == Status::Active)
            .and_then(|l| Some((l.scim_id.clone()?, l.app_user.clone())));
        (shown, push)
    };
    let (shown, push) = push;
    if let Some((scim_id, app_user)) = push {
        let outcome = sim.provisioner.push_profile(&scim_id, &app_user).await;
        sim.record(&id, outcome.map(|()| None).map_err(|e| e.to_string()));
    }
    Ok(answer(StatusCode::OK, shown))
}

/// `POST /api/v1/apps/{app}/users`: assigns the user and provisions it (lookup, then link or
/// create).
async fn assign(
    State(sim): Shared,
    Path(app): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, Some(&app))?;
    let body = json_body(&body)?;
    let Some(id) = text(&body, "/id").map(str::to_owned) else {
        return Err(okta_error(
            StatusCode::BAD_REQUEST,
            "E0000001",
            "Api validation failed: id: The user id is required",
        ));
    };
    let app_user = {
        let mut org = sim.org();
        let Some(user) = org.users.get_mut(&id) else {
            return Err(missing(&format!("{id} (User)")));
        };
        let login = text(&user.profile, "/login").unwrap_or_default().to_owned();
        let from_body =
            |pointer: &str, fallback: &str| text(&body, pointer).unwrap_or(fallback).to_owned();
        let app_user = AppUser {
            user_name: from_body("/credentials/userName", &login),
            given_name: from_body("/profile/givenName", ""),
            family_name: from_body("/profile/familyName", ""),
            email: from_body("/profile/email", &login),
            okta_id: id.clone(),
        };
        let scim_id = user.link.as_ref().and_then(|l| l.scim_id.clone());
        user.link = Some(Link {
            assigned: true,
            app_user: app_user.clone(),
            scim_id,
            error: None,
        });
        app_user
    };
    let outcome = sim.provisioner.assign(&app_user).await;
    sim.record(&id, outcome.map(Some).map_err(|e| e.to_string()));
    let shown = sim.org().users.get(&id).map(User::app_user_json);
    Ok(answer(StatusCode::OK, shown.unwrap_or(Value::Null)))
}

/// `DELETE /api/v1/apps/{app}/users/{user}`: unassigns; Okta deactivates the SCIM user.
async fn unassign(
    State(sim): Shared,
    Path((app, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, Some(&app))?;
    let scim_id = {
        let mut org = sim.org();
        let Some(link) = org
            .users
            .get_mut(&id)
            .and_then(|u| u.link.as_mut())
            .filter(|l| l.assigned)
        else {
            return Err(missing(&format!("{id} (AppUser)")));
        };
        link.assigned = false;
        link.scim_id.clone()
    };
    if let Some(scim_id) = scim_id {
        let outcome = sim.provisioner.set_active(&scim_id, false).await;
        sim.record(&id, outcome.map(|()| None).map_err(|e| e.to_string()));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /api/v1/users/{id}/lifecycle/deactivate|activate`. Deactivation deprovisions the app
/// user (PATCH active false) and ends the assignment, as Okta does; activation only reactivates
/// the Okta user (the CRUD test assigns the app again, which links and reactivates).
async fn lifecycle(
    State(sim): Shared,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    authorize(&sim, &headers, None)?;
    let deprovision = {
        let mut org = sim.org();
        let Some(user) = org.users.get_mut(&id) else {
            return Err(missing(&format!("{id} (User)")));
        };
        match action.as_str() {
            "deactivate" => {
                user.status = Status::Deprovisioned;
                user.link.as_mut().and_then(|l| {
                    let was_assigned = std::mem::replace(&mut l.assigned, false);
                    l.scim_id.clone().filter(|_| was_assigned)
                })
            }
            "activate" => {
                user.status = Status::Active;
                None
            }
            other => {
                return Err(okta_error(
                    StatusCode::BAD_REQUEST,
                    "E0000022",
                    &format!(
                        "The endpoint does not support the provided HTTP method: lifecycle/{other} (this simulator serves activate and deactivate)"
                    ),
                ));
            }
        }
    };
    if let Some(scim_id) = deprovision {
        let outcome = sim.provisioner.set_active(&scim_id, false).await;
        sim.record(&id, outcome.map(|()| None).map_err(|e| e.to_string()));
    }
    Ok(answer(StatusCode::OK, json!({})))
}
