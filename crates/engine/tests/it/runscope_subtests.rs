//! Subtest steps: another export, given to the run by its test id, runs as one step — its steps
//! reported as nested cases before it, its `params` and (with `use_parent_environment`) the
//! calling test's variables going in, its outcome judged by the step's assertions and its
//! variables coming out. The fixtures are written here in Runscope's export format.

use crate::common;

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use common::{assert_logged, run, serve, targeting};
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::RunscopeSettings;
use serde_json::{Value, json};

/// Issues a token to anyone but `eve`; `/me` answers 200 with it, 401 without.
async fn spawn() -> String {
    async fn token(Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
        match body["who"].as_str() {
            Some("eve") | None => (StatusCode::FORBIDDEN, Json(json!({}))),
            Some(who) => (StatusCode::OK, Json(json!({"token": format!("t-{who}")}))),
        }
    }
    async fn me(headers: HeaderMap) -> StatusCode {
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
        if auth.is_some_and(|a| a.starts_with("Bearer t-")) {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        }
    }
    serve(
        Router::new()
            .route("/token", post(token))
            .route("/me", get(me)),
    )
    .await
}

/// The subtest: signs `who` in and keeps the token (and reads `tenant`, which only a parent's
/// environment has).
fn sign_in() -> RunscopeTest {
    format::parse(
        &json!({"name": "Sign in", "steps": [
            {"step_type": "request", "method": "POST", "url": "{{base}}/token",
             "note": "token for {{who}} at {{tenant}}",
             "headers": {"Content-Type": ["application/json"]},
             "body": "{\"who\": \"{{who}}\"}",
             "variables": [{"name": "token", "source": "response_json", "property": "token"}],
             "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
        ]})
        .to_string(),
    )
    .expect("the subtest parses")
}

/// The calling test: a first request sets `tenant`, the subtest signs `{{user}}` in, then the
/// token it returns is used.
fn caller(subtest: Value) -> RunscopeTest {
    format::parse(
        &json!({"name": "Uses sign-in", "steps": [
            {"step_type": "request", "method": "GET", "url": "{{base}}/me",
             "note": "before",
             "variables": [{"name": "tenant", "source": "response_status"}]},
            subtest,
            {"step_type": "request", "method": "GET", "url": "{{base}}/me", "note": "me",
             "headers": {"Authorization": ["Bearer {{token}}"]},
             "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
        ]})
        .to_string(),
    )
    .expect("the calling test parses")
}

fn subtest_step(uuid: &str, parent_environment: bool) -> Value {
    json!({"step_type": "subtest", "test_uuid": uuid, "bucket_key": "b1", "environment_uuid": "",
           "use_parent_environment": parent_environment, "note": "sign in",
           "params": [{"name": "who", "value": "{{user}}"}],
           "variables": [{"name": "token", "source": "response_json", "property": "variables.token"}],
           "assertions": [{"source": "response_json", "property": "result", "comparison": "equal", "value": "pass"}],
           "scripts": [], "before_scripts": [], "trigger_token": null})
}

async fn run_as(user: &str, parent_environment: bool) -> RunResult {
    let base = spawn().await;
    let mut settings: RunscopeSettings = targeting(&base);
    settings.variables.insert("user".into(), user.into());
    settings.subtests.insert("sign-in".into(), sign_in());
    run(
        &caller(subtest_step("sign-in", parent_environment)),
        &settings,
    )
    .await
    .0
}

fn verdicts(result: &RunResult) -> Vec<(String, Verdict)> {
    result
        .cases
        .iter()
        .map(|c| (c.id.clone(), c.verdict))
        .collect()
}

#[tokio::test]
async fn a_subtest_runs_its_steps_with_params_and_hands_back_its_variables() {
    let result = run_as("ada", true).await;
    assert_eq!(
        verdicts(&result),
        [
            ("step-1".to_owned(), Verdict::Pass),
            ("step-2.1".to_owned(), Verdict::Pass),
            ("step-2".to_owned(), Verdict::Pass),
            ("step-3".to_owned(), Verdict::Pass),
        ],
        "{:#?}",
        result.cases
    );
    let nested = &result.cases[1];
    assert_eq!(
        nested.title, "token for ada at 401",
        "params and the parent's variables"
    );
    let step = &result.cases[2];
    assert_eq!(step.title, "sign in");
    assert_eq!(step.category.as_deref(), Some("subtest"));
    assert_eq!(
        (
            step.assertions[0].actual.as_str(),
            step.assertions[0].passed
        ),
        ("pass", true)
    );
    assert_logged(step, |l| {
        l == "variable token set from response_json \"variables.token\""
    });
}

#[tokio::test]
async fn a_failing_subtest_fails_its_step_and_its_own_step() {
    let result = run_as("eve", true).await;
    assert_eq!(
        verdicts(&result),
        [
            ("step-1".to_owned(), Verdict::Pass),
            ("step-2.1".to_owned(), Verdict::Fail),
            ("step-2".to_owned(), Verdict::Fail),
            ("step-3".to_owned(), Verdict::Error),
        ],
        "the last step has no token to send"
    );
    let step = &result.cases[2];
    assert_eq!(
        step.reason.as_deref(),
        Some(
            "assertion failed: response_json \"result\" equal: expected \"pass\", actual \"fail\""
        )
    );
}

#[tokio::test]
async fn without_the_parent_environment_a_subtest_starts_from_the_initial_variables() {
    let result = run_as("ada", false).await;
    let nested = &result.cases[1];
    assert_eq!(
        nested.title, "token for ada at {{tenant}}",
        "tenant was set by the calling test, not the run"
    );
    assert_eq!(result.cases[2].verdict, Verdict::Pass);
}

#[tokio::test]
async fn a_subtest_not_given_is_skipped_naming_the_flag_and_one_calling_itself_errors() {
    let base = spawn().await;
    let settings = targeting(&base);
    let (result, _) = run(&caller(subtest_step("elsewhere", true)), &settings).await;
    let step = &result.cases[1];
    assert_eq!(step.verdict, Verdict::Skip);
    assert!(
        step.reason
            .as_deref()
            .is_some_and(|r| r.contains("the test elsewhere it calls")
                && r.contains("the subtests' exports")),
        "{:?}",
        step.reason
    );

    let looping =
        format::parse(&json!({"steps": [subtest_step("loop", true)]}).to_string()).expect("parses");
    let mut settings = targeting(&base);
    settings.subtests.insert("loop".into(), looping.clone());
    let (result, _) = run(&looping, &settings).await;
    let errored: Vec<&str> = result
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::Error)
        .map(|c| c.reason.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(errored.len(), 1, "{:#?}", result.cases);
    assert!(errored[0].contains("cannot call itself"), "{}", errored[0]);
}
