//! Secret variables: a script reads the credential as a placeholder, so nothing it logs, stores
//! or sends can carry the secret in any form, and requests still authenticate with it.

use crate::common;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use common::{assert_logged, assert_passed, run};
use scimcheck_engine::runscope::format;
use serde_json::json;

const TOKEN: &str = "S3cret-Token-Value-42";

/// A server answering 200 to requests carrying `Bearer TOKEN` (and echoing the header back, as a
/// careless or hostile server might), 401 to anything else.
async fn spawn_server() -> String {
    let app = Router::new().route(
        "/{*path}",
        get(|headers: HeaderMap| async move {
            let sent = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let status = if sent == format!("Bearer {TOKEN}") {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            };
            (status, format!("{{\"you_sent\": \"{sent}\"}}"))
        }),
    );
    common::serve(app).await
}

/// Every form of the token a script could have produced, had it seen it.
fn forms() -> Vec<String> {
    let reversed: String = TOKEN.chars().rev().collect();
    let spaced = TOKEN
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        TOKEN.to_owned(),
        TOKEN.to_lowercase(),
        TOKEN.to_uppercase(),
        reversed,
        spaced,
        TOKEN[3..].to_owned(),
    ]
}

const LEAKY: &str = "
var a = variables.get('auth');
var echoed = JSON.parse(response.body).you_sent;
log('reversed ' + a.split('').reverse().join(''));
log('lower ' + a.toLowerCase() + ' spaced ' + a.split('').join(' '));
log('echo ' + echoed.split('').reverse().join('') + ' header ' + request.headers['Authorization']);
variables.set('stolen', a);
variables.set('stolenReversed', a.split('').reverse().join(''));
variables.set('stolenEcho', echoed.toLowerCase());
if (a.indexOf('S3cret') >= 0) throw new Error('saw ' + a);
";

#[tokio::test]
async fn a_script_sees_a_placeholder_and_no_output_holds_any_form_of_the_secret() {
    let base = spawn_server().await;
    let test = format::parse(
        &json!({"name": "leak", "steps": [
            {"step_type": "request", "method": "GET", "note": "read and transform auth",
             "url": "{{base}}/Users", "headers": {"Authorization": ["{{auth}}"]},
             "scripts": [LEAKY],
             "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]},
            {"step_type": "request", "method": "GET", "note": "stored values in the URL",
             "url": "{{base}}/Users?a={{stolen}}&b={{stolenReversed}}&c={{stolenEcho}}",
             "headers": {"Authorization": ["{{auth}}"]},
             "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]}
        ]})
        .to_string(),
    )
    .expect("imports");
    // The base URL is the only origin the credential may reach (the egress rule).
    let mut options = common::targeting(&base);
    options
        .variables
        .insert("auth".into(), format!("Bearer {TOKEN}"));
    let (result, sink) = run(&test, &options).await;
    for case in &result.cases {
        assert_passed(case);
    }
    assert_logged(&result.cases[0], |l| l == "reversed }htua:terces{");
    let everything = format!(
        "{}\n{:?}",
        serde_json::to_string(&result).expect("serializes"),
        sink.events
    );
    for form in forms() {
        assert!(
            !everything.contains(&form),
            "the output holds {form:?}:\n{everything}"
        );
    }
}
