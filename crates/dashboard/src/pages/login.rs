//! Sign-in, shown only when the dashboard was started with a password.

use super::{CheckedForm, PageError, PageResult, app_page, see_other};
use crate::app::AppState;
use crate::html::{Section, csrf_field};
use crate::secret::same;
use crate::session::{Session, set_cookie};
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use std::net::SocketAddr;
use std::time::Instant;

fn form(session: &Session, error: &str) -> String {
    format!(
        "<div class=\"card\"><h1>Sign in</h1>{error}<form method=\"post\" action=\"/login\">{}\
         <label for=\"password\">Dashboard password</label>\
         <input type=\"password\" id=\"password\" name=\"password\" autofocus>\
         <p><button class=\"primary\" type=\"submit\">Sign in</button></p></form></div>",
        csrf_field(&session.csrf)
    )
}

/// The sign-in form.
pub async fn show(Extension(session): Extension<Session>) -> PageResult {
    Ok(app_page("Sign in", Section::Login, &form(&session, "")))
}

/// Checks the password, unless the client's address is waiting out wrong ones (429 with
/// `Retry-After`); signs the session in.
pub async fn submit(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let now = Instant::now();
    if let Some(wait) = app.sign_in_backoff.wait(peer.ip(), now) {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut response = PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Too many wrong passwords from your address. Wait {seconds} s, then sign in again."
            ),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(response);
    }
    match &app.password {
        Some(password) if !same(form.get("password"), password) => {
            app.sign_in_backoff.failed(peer.ip(), now);
            Err(PageError::new(
                StatusCode::UNAUTHORIZED,
                "Wrong password. Use the one given to `scimcheck dashboard --password`.",
            ))
        }
        _ => {
            app.sign_in_backoff.succeeded(peer.ip());
            let id = app.sessions.sign_in(&session.id);
            let mut response = see_other("/");
            if let Ok(cookie) = HeaderValue::from_str(&set_cookie(&id)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
    }
}
