//! Sign-in and sign-out, when the dashboard has accounts (see [`crate::accounts`]).

use super::{CheckedForm, PageError, PageResult, app_page, see_other};
use crate::accounts::{self, ADMIN};
use crate::app::AppState;
use crate::html::{Section, csrf_field};
use crate::session::{Session, set_cookie};
use axum::Extension;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::time::Instant;

fn form(session: &Session) -> String {
    format!(
        "<div class=\"card\"><h1>Sign in</h1><form method=\"post\" action=\"/login\">{}\
         <label for=\"name\">User name</label>\
         <input id=\"name\" name=\"name\" autocomplete=\"username\" placeholder=\"{ADMIN}\" autofocus>\
         <p class=\"meta\">Empty: the {ADMIN} account, whose password is <code>--password</code>.</p>\
         <label for=\"password\">Password</label>\
         <input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">\
         <p><button class=\"primary\" type=\"submit\">Sign in</button></p></form></div>",
        csrf_field(&session.csrf)
    )
}

/// The 429 (with `Retry-After`) of a password check from an address that is waiting out wrong
/// ones, if it is: sign-in and a password change both go through it, so neither lets a
/// guesser try passwords faster than the other.
pub(super) fn backing_off(app: &AppState, peer: SocketAddr, now: Instant) -> Option<Response> {
    let wait = app.sign_in_backoff.wait(peer.ip(), now)?;
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = PageError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!("Too many wrong passwords from your address. Wait {seconds} s, then try again."),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    Some(response)
}

/// The sign-in form.
pub async fn show(Extension(session): Extension<Session>) -> PageResult {
    Ok(app_page("Sign in", Section::Login, &form(&session)))
}

/// Checks the name and password, unless the client's address is waiting out wrong ones (429
/// with `Retry-After`); signs the session in as the account and notes it in the audit log.
pub async fn submit(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    CheckedForm(form): CheckedForm,
) -> PageResult {
    let now = Instant::now();
    if let Some(waiting) = backing_off(&app, peer, now) {
        return Ok(waiting);
    }
    if !app.accounts {
        return Ok(see_other("/"));
    }
    let name = match form.get("name").trim() {
        "" => ADMIN,
        name => name,
    };
    let Some(account) = accounts::verify(&app.store, name, form.get("password")).await? else {
        app.sign_in_backoff.failed(peer.ip(), now);
        return Err(PageError::new(
            StatusCode::UNAUTHORIZED,
            "Wrong user name or password. The admin account's password is the one given to `scimcheck dashboard --password`; other accounts get theirs from an admin.",
        ));
    };
    app.sign_in_backoff.succeeded(peer.ip());
    app.store.audit(&account.name, "signed in", "", "")?;
    let id = app.sessions.sign_in(&session.id, account.id);
    let mut response = see_other("/");
    if let Ok(cookie) = HeaderValue::from_str(&set_cookie(&id)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /logout`: ends the session.
pub async fn sign_out(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    _: CheckedForm,
) -> PageResult {
    app.sessions.end(&session.id);
    Ok(see_other(if app.accounts { "/login" } else { "/" }))
}
