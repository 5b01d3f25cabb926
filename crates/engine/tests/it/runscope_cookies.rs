//! Runscope's "Use Cookies" behaviour, turned on by a Runscope environment's `preserve_cookies`:
//! a session cookie set at login (on a redirect) goes with the later requests to the same origin
//! and to no other, a cookie for another domain is refused, a logout's expired cookie ends the
//! session, and the cookie's value never reaches the result or the events unmasked, even echoed
//! in a body or logged by a script. Without the behaviour no cookie is sent.

use crate::common;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::routing::get;
use common::{assert_logged, assert_passed, case, run, serve};
use scimcheck_engine::model::{CaseResult, Verdict};
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;

const SESSION: &str = "s3ss10n-c00kie-value";

/// Logs in as a browser form post would end: a redirect that sets the session (and a cookie for
/// a domain this server is not, which no client may keep).
async fn login() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/me")],
        AppendHeaders([
            (
                header::SET_COOKIE,
                format!("session={SESSION}; Path=/; HttpOnly"),
            ),
            (
                header::SET_COOKIE,
                "tracker=1; Domain=elsewhere.example".to_owned(),
            ),
        ]),
    )
        .into_response()
}

async fn logout() -> Response {
    ([(header::SET_COOKIE, "session=; Path=/; Max-Age=0")], "bye").into_response()
}

fn cookies(headers: &HeaderMap) -> &str {
    headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// 200 echoing the session id when the session cookie is among the cookies sent, 401 otherwise.
async fn me(headers: HeaderMap) -> Response {
    if cookies(&headers).contains(&format!("session={SESSION}")) {
        (StatusCode::OK, format!(r#"{{"session": "{SESSION}"}}"#)).into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// Another origin (same host, another port): 400 when any cookie reaches it.
async fn peek(headers: HeaderMap) -> StatusCode {
    if cookies(&headers).is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    }
}

/// The target, and another origin on the same host.
async fn spawn() -> (String, String) {
    let target = Router::new()
        .route("/login", get(login))
        .route("/me", get(me))
        .route("/logout", get(logout));
    let other = Router::new().route("/peek", get(peek));
    (serve(target).await, serve(other).await)
}

/// Written for this test in Runscope's export format.
fn session_test() -> format::RunscopeTest {
    let step = |note: &str, url: &str, status: u16| {
        serde_json::json!({
            "step_type": "request", "note": note, "method": "GET", "url": url,
            "assertions": [{"source": "response_status", "comparison": "equal_number", "value": status}]
        })
    };
    let mut read = step("Read the session", "{{base}}/me", 200);
    read["scripts"] =
        serde_json::json!(["log('the server says ' + JSON.parse(response.body).session);"]);
    let test = serde_json::json!({
        "name": "Session cookies", "version": "1.0",
        "steps": [
            step("Log in", "{{base}}/login", 303),
            read,
            step("Another origin", "{{other}}/peek", 200),
            step("Log out", "{{base}}/logout", 200),
            step("The session ended", "{{base}}/me", 401),
        ]
    });
    format::parse(&test.to_string()).expect("the test imports")
}

fn options(base: &str, other: &str, environment: &str) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        target: base.to_owned(),
        ..RunscopeSettings::default()
    };
    Environment::parse(environment)
        .expect("the environment parses")
        .apply_to(&mut options);
    options.variables.insert("base".into(), base.into());
    options.variables.insert("other".into(), other.into());
    options
}

/// The `Cookie` headers the case's request carried.
fn cookie_headers(case: &CaseResult) -> Vec<&String> {
    case.exchanges[0]
        .request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .map(|(_, value)| value)
        .collect()
}

#[tokio::test]
async fn preserve_cookies_sends_the_session_cookie_until_logout_and_masks_it() {
    let (base, other) = spawn().await;
    let (result, sink) = run(
        &session_test(),
        &options(
            &base,
            &other,
            r#"{"name": "Staging", "preserve_cookies": true}"#,
        ),
    )
    .await;
    for case in &result.cases {
        assert_passed(case);
    }
    let read = case(&result, "Read the session");
    assert_eq!(cookie_headers(read).len(), 1, "one Cookie header: {read:?}");
    assert_logged(read, |l| l == "the server says ***");
    assert!(
        cookie_headers(case(&result, "Another origin")).is_empty(),
        "no cookie goes to another origin"
    );
    let everything = format!(
        "{}\n{:?}",
        serde_json::to_string(&result).expect("serialises"),
        sink.events
    );
    assert!(
        !everything.contains(SESSION),
        "the session cookie must be masked in the result and the events:\n{everything}"
    );
}

#[tokio::test]
async fn without_preserve_cookies_no_cookie_is_sent() {
    let (base, other) = spawn().await;
    let (result, _) = run(
        &session_test(),
        &options(&base, &other, r#"{"name": "Staging"}"#),
    )
    .await;
    let read = case(&result, "Read the session");
    assert_eq!(read.verdict, Verdict::Fail, "{read:?}");
    let status = read.exchanges[0].response.as_ref().map(|r| r.status);
    assert_eq!(status, Some(401), "{read:?}");
    for case in &result.cases {
        assert!(cookie_headers(case).is_empty(), "{case:?}");
    }
    let recorded = serde_json::to_string(&result).expect("serialises");
    assert!(!recorded.contains(SESSION), "{recorded}");
}
