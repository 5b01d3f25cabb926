//! Sign-in, shown only when the dashboard was started with a password.

use super::{PageError, PageResult, app_page, checked_form, see_other};
use crate::app::AppState;
use crate::html::{Section, csrf_field};
use crate::secret::same;
use crate::session::{Session, set_cookie};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};

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

/// Checks the password; signs the session in.
pub async fn submit(
    State(app): State<AppState>,
    Extension(session): Extension<Session>,
    body: Bytes,
) -> PageResult {
    let form = checked_form(&session, &body)?;
    match &app.password {
        Some(password) if !same(form.get("password"), password) => Err(PageError::new(
            StatusCode::UNAUTHORIZED,
            "Wrong password. Use the one given to `scimcheck dashboard --password`.",
        )),
        _ => {
            let id = app.sessions.sign_in(&session.id);
            let mut response = see_other("/");
            if let Ok(cookie) = HeaderValue::from_str(&set_cookie(&id)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
    }
}
