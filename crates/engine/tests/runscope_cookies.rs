//! Runscope's "Use Cookies" behaviour (runscope.com/docs/api-testing/behaviors), turned on by a
//! Runscope environment's `preserve_cookies`: a session cookie set at login goes with the later
//! requests, a cookie for another domain is refused, a logout's expired cookie ends the session,
//! and the cookie never reaches the result unmasked. Without the behaviour no cookie is sent.

mod common;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::{case, reason, run};
use scimcheck_engine::model::Verdict;
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunOptions;

const SESSION: &str = "s3ss10n-c00kie-value";

async fn login() -> Response {
    (
        [
            (
                header::SET_COOKIE,
                format!("session={SESSION}; Path=/; HttpOnly"),
            ),
            (
                header::SET_COOKIE,
                "tracker=1; Domain=elsewhere.example".to_owned(),
            ),
        ],
        "welcome",
    )
        .into_response()
}

async fn logout() -> Response {
    ([(header::SET_COOKIE, "session=; Path=/; Max-Age=0")], "bye").into_response()
}

/// 200 when the session cookie is among the cookies sent, 401 otherwise.
async fn me(headers: HeaderMap) -> Response {
    let cookies = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if cookies.contains(&format!("session={SESSION}")) {
        (StatusCode::OK, "signed in").into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

async fn spawn() -> String {
    let app = Router::new()
        .route("/login", get(login))
        .route("/me", get(me))
        .route("/logout", get(logout));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

/// Written for this test in Runscope's export format.
fn session_test() -> format::RunscopeTest {
    let step = |note: &str, path: &str, status: u16| {
        serde_json::json!({
            "step_type": "request", "note": note, "method": "GET",
            "url": format!("{{{{base}}}}{path}"),
            "assertions": [{"source": "response_status", "comparison": "equal_number", "value": status}]
        })
    };
    let test = serde_json::json!({
        "name": "Session cookies", "version": "1.0",
        "steps": [
            step("Log in", "/login", 200),
            step("Read the session", "/me", 200),
            step("Log out", "/logout", 200),
            step("The session ended", "/me", 401),
        ]
    });
    format::parse(&test.to_string()).expect("the test imports")
}

fn options(base: &str, environment: &str) -> RunOptions {
    let mut options = RunOptions {
        target: base.to_owned(),
        ..RunOptions::default()
    };
    Environment::parse(environment)
        .expect("the environment parses")
        .apply_to(&mut options);
    options.variables.insert("base".into(), base.into());
    options
}

#[tokio::test]
async fn preserve_cookies_sends_the_session_cookie_until_logout_and_masks_it() {
    let base = spawn().await;
    let (result, _) = run(
        &session_test(),
        &options(&base, r#"{"name": "Staging", "preserve_cookies": true}"#),
    )
    .await;
    for case in &result.cases {
        assert_eq!(
            case.verdict,
            Verdict::Pass,
            "{}: {}",
            case.title,
            reason(case)
        );
    }
    let read = case(&result, "Read the session");
    let sent: Vec<&String> = read.exchanges[0]
        .request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .map(|(_, value)| value)
        .collect();
    assert_eq!(sent.len(), 1, "one Cookie header: {sent:?}");
    assert!(
        !sent[0].contains("tracker"),
        "the foreign-domain cookie was refused: {sent:?}"
    );
    let recorded = serde_json::to_string(&result).expect("serialises");
    assert!(
        !recorded.contains(SESSION),
        "the session cookie must be masked in the result"
    );
}

#[tokio::test]
async fn without_preserve_cookies_no_cookie_is_sent() {
    let base = spawn().await;
    let (result, _) = run(&session_test(), &options(&base, r#"{"name": "Staging"}"#)).await;
    let read = case(&result, "Read the session");
    assert_eq!(read.verdict, Verdict::Fail, "{read:?}");
    assert!(
        read.exchanges[0]
            .request
            .headers
            .iter()
            .all(|(name, _)| !name.eq_ignore_ascii_case("cookie")),
        "{:?}",
        read.exchanges[0].request.headers
    );
}
