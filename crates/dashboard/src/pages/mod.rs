//! Request handlers, one file per part of the app. Each renders with [`crate::html`]; each
//! state-changing handler checks the session's CSRF token first.

pub mod assets;
pub mod audit;
pub mod compare;
pub mod environments;
pub mod history;
pub mod home;
pub mod login;
pub mod runs;
pub mod schedules;
pub mod share;
pub mod suites;
pub mod team;

use crate::error::DashboardError;
use crate::form::Form;
use crate::html::{self, Nav, Section, esc};
use crate::session::Session;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

pub use crate::store::audit_subject;

/// The audit log's detail of an edit: the names of the settings whose flag is true, never their
/// values (a credential is one of them).
pub fn changed_settings(settings: &[(&str, bool)]) -> String {
    let changed: Vec<&str> = settings
        .iter()
        .filter(|(_, changed)| *changed)
        .map(|(name, _)| *name)
        .collect();
    if changed.is_empty() {
        "nothing".into()
    } else {
        changed.join(", ")
    }
}

/// A request that could not be served, shown as a page saying what and how to fix it.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    /// A page-level error with its status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> PageError {
        PageError {
            status,
            message: message.into(),
        }
    }

    /// 404 for `what`.
    pub fn not_found(what: &str) -> PageError {
        PageError::new(
            StatusCode::NOT_FOUND,
            format!(
                "{what} does not exist (it may have been deleted, or the link is no longer shared)."
            ),
        )
    }

    /// 400 with a message on what to fix in the form.
    pub fn bad_input(message: impl Into<String>) -> PageError {
        PageError::new(StatusCode::BAD_REQUEST, message)
    }

    /// The HTTP status it answers with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What went wrong and how to fix it, as shown.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<DashboardError> for PageError {
    fn from(e: DashboardError) -> PageError {
        PageError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!(
            "<h1>{}</h1><p class=\"error\">{}</p><p><a href=\"/\">Back to the dashboard</a></p>",
            self.status.canonical_reason().unwrap_or("Error"),
            esc(&self.message)
        );
        (
            self.status,
            Html(html::page("Error", Nav::App(Section::Home), &body)),
        )
            .into_response()
    }
}

/// What a handler returns.
pub type PageResult = Result<Response, PageError>;

/// A full app page.
pub fn app_page(title: &str, section: Section, body: &str) -> Response {
    Html(html::page(title, Nav::App(section), body)).into_response()
}

/// 303 to `to` (after a successful form post).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// A urlencoded form posted with this session's CSRF token. A state-changing handler takes it
/// as an argument, so a forged post is refused (403) before the handler runs and no handler
/// can forget the check.
pub struct CheckedForm(pub Form);

impl<S: Send + Sync> FromRequest<S> for CheckedForm {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        // The session middleware inserts a session into every request it passes on.
        let session = request.extensions().get::<Session>().cloned();
        let body = Bytes::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let form = Form::parse(&body);
        match session {
            Some(session) if session.csrf_ok(form.get("csrf")) => Ok(CheckedForm(form)),
            _ => Err(csrf_refused().into_response()),
        }
    }
}

/// Rejects a state-changing request without this session's CSRF token.
pub fn require_csrf(session: &Session, submitted: &str) -> Result<(), PageError> {
    if session.csrf_ok(submitted) {
        Ok(())
    } else {
        Err(csrf_refused())
    }
}

/// The 403 of a state-changing request whose CSRF token is missing or not this session's.
pub fn csrf_refused() -> PageError {
    PageError::new(
        StatusCode::FORBIDDEN,
        "This form is missing its security token or it has expired (for example after a restart of the dashboard). Reload the page and submit again.",
    )
}
