//! A step's OAuth 1.0a `auth` block (`auth_type: oauth_1`): the request is signed and the
//! protocol parameters go where `signature_type` says, instead of the environment's Basic
//! credentials, and the step's token never reaches an output. (The signatures themselves are checked against another implementation's in the
//! `oauth1` module's unit tests.)

use crate::common;

use axum::Router;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use common::run;
use scimcheck_engine::model::Verdict;
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;
use serde_json::json;

const TOKEN: &str = "AT-oauth-token-777";
const SECRET: &str = "consumer-secret-999";

/// 200 when the request carries OAuth 1.0 parameters for consumer `ck-1` and token [`TOKEN`],
/// signed with HMAC-SHA1, in its Authorization header or its query, and no Basic credentials;
/// 401 otherwise.
async fn spawn_server() -> String {
    let app = Router::new().route(
        "/{*path}",
        get(|headers: HeaderMap, RawQuery(query): RawQuery| async move {
            let header = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let query = query.unwrap_or_default();
            let signed = |text: &str| {
                text.contains("oauth_consumer_key")
                    && text.contains("ck-1")
                    && text.contains(TOKEN)
                    && text.contains("oauth_signature_method")
                    && text.contains("HMAC-SHA1")
                    && text.contains("oauth_signature=")
            };
            let basic = headers
                .get_all("authorization")
                .iter()
                .any(|v| v.to_str().unwrap_or("").starts_with("Basic "));
            if basic {
                StatusCode::UNAUTHORIZED
            } else if (header.starts_with("OAuth ") && signed(&header)) || signed(&query) {
                StatusCode::OK
            } else {
                StatusCode::UNAUTHORIZED
            }
        }),
    );
    common::serve(app).await
}

fn step(note: &str, auth: serde_json::Value) -> serde_json::Value {
    json!({"step_type": "request", "method": "GET", "note": note,
           "url": "{{base}}/items?a=1", "auth": auth,
           "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]})
}

#[tokio::test]
async fn a_step_signed_with_oauth_1_authenticates_and_its_token_is_masked() {
    let base = spawn_server().await;
    let credentials = |placement: &str| {
        json!({"auth_type": "oauth_1", "consumer_key": "ck-1", "consumer_secret": SECRET,
               "access_token": TOKEN, "token_secret": "token-secret-555",
               "signature_type": placement})
    };
    let test = format::parse(
        &json!({"name": "oauth", "steps": [
            step("signed in the header", credentials("auth_header")),
            step("signed in the query", credentials("query")),
            step("not signed (the environment's Basic credentials)", json!(null)),
        ]})
        .to_string(),
    )
    .expect("imports");
    // The environment's basic credentials are for steps without an auth block of their own.
    let mut options = common::targeting(&base);
    options.auth = Some(format::StepAuth::Basic(format::BasicAuth {
        username: "env-user".into(),
        password: "env-password-1".into(),
    }));
    let (result, _) = run(&test, &options).await;
    let verdicts: Vec<Verdict> = result.cases.iter().map(|c| c.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Pass, Verdict::Pass, Verdict::Fail],
        "{result:?}"
    );
    let recorded = serde_json::to_string(&result).expect("serializes");
    assert!(
        recorded.contains("oauth_signature"),
        "the query was recorded"
    );
    for secret in [TOKEN, SECRET] {
        assert!(!recorded.contains(secret), "{secret} in {recorded}");
    }
}

#[tokio::test]
async fn an_environments_oauth_1_auth_signs_the_steps_without_an_auth_block() {
    let base = spawn_server().await;
    let environment = |auth: serde_json::Value| {
        let text = json!({"name": "staging", "initial_variables": {"base": base}, "auth": auth});
        let mut settings = RunscopeSettings {
            target: base.clone(),
            ..RunscopeSettings::default()
        };
        Environment::parse(&text.to_string())
            .expect("a Runscope environment")
            .apply_to(&mut settings);
        settings
    };
    let test = format::parse(
        &json!({"name": "environment auth", "steps": [
            step("signed with the environment's credentials", json!(null)),
            step("its own Basic credentials instead", json!({"auth_type": "basic", "username": "u", "password": "p"})),
        ]})
        .to_string(),
    )
    .expect("imports");
    let signed = environment(json!({"auth_type": "oauth_1", "consumer_key": "ck-1",
        "consumer_secret": SECRET, "access_token": TOKEN, "token_secret": "token-secret-555",
        "signature_type": "auth_header"}));
    let (result, _) = run(&test, &signed).await;
    let verdicts: Vec<Verdict> = result.cases.iter().map(|c| c.verdict).collect();
    assert_eq!(verdicts, [Verdict::Pass, Verdict::Fail], "{result:?}");
    let recorded = serde_json::to_string(&result).expect("serializes");
    for secret in [TOKEN, SECRET, "token-secret-555"] {
        assert!(!recorded.contains(secret), "{secret} in {recorded}");
    }
    // An auth type Runscope's steps do not have is noted and not used: the step goes unsigned.
    let unsupported = environment(json!({"auth_type": "oauth_2", "access_token": TOKEN}));
    assert!(
        unsupported
            .notes
            .iter()
            .any(|n| n.contains("the environment's auth is not used") && n.contains("oauth_2")),
        "{:?}",
        unsupported.notes
    );
    let (result, _) = run(&test, &unsupported).await;
    assert_eq!(result.cases[0].verdict, Verdict::Fail, "{result:?}");
}
