//! The JSON API as a CI job uses it: off without a token, refused without the right one, and
//! with it: list environments, start a run of the built-in suite, poll it until it ends, read
//! its result — without the environment's credential or the API token in any answer.

use crate::support;

use scimcheck_dashboard::DashboardConfig;
use serde_json::{Value, json};
use std::time::Duration;
use support::{Client, data_dir};

const TOKEN: &str = "api-token-for-the-tests-0123456789";
/// The environment's credential: the embedded server's token, never to appear in an answer.
const AUTH: &str = "Bearer scimcheck-token";

/// `method path` with `token` as the bearer token (none when `None`): (status, headers, body).
async fn call(
    base: &str,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = reqwest::Client::new().request(method, format!("{base}{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("the dashboard answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    assert!(
        !text.contains(TOKEN) && !text.contains("scimcheck-token"),
        "an answer carries a secret: {text}"
    );
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON: {text}"));
    (status, headers, body)
}

#[tokio::test]
async fn without_a_token_configured_the_api_is_off() {
    let dash = support::dashboard(&data_dir(), None).await;
    let (status, _, body) = call(
        &dash.url(),
        reqwest::Method::GET,
        "/api/v1/runs",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("--api-token"),
        "{body}"
    );
    dash.shutdown().await;
}

#[tokio::test]
async fn a_ci_job_starts_a_run_and_reads_its_result_with_the_token() {
    let dir = data_dir();
    let dash = scimcheck_dashboard::start(&DashboardConfig {
        api_token: Some(TOKEN.into()),
        ..support::config(&dir, None)
    })
    .await
    .expect("dashboard starts");
    let base = dash.url();
    let mut browser = Client::new(base.clone()).await;
    let environment = browser.create_environment("Embedded", "", AUTH).await;
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;

    for token in [None, Some("api-token-for-the-tests-WRONG-00000")] {
        let (status, headers, body) = call(&base, get.clone(), "/api/v1/runs", token, None).await;
        assert_eq!(status, 401, "{token:?}: {body}");
        assert_eq!(headers["www-authenticate"], "Bearer");
    }
    // A browser's session cookie is not the token.
    let cookie = reqwest::Client::new()
        .get(format!("{base}/api/v1/runs"))
        .header("Cookie", browser.cookie())
        .send()
        .await
        .expect("answers");
    assert_eq!(cookie.status(), 401);

    let (status, _, body) = call(
        &base,
        get.clone(),
        "/api/v1/environments",
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body["environments"],
        json!([{ "id": environment, "name": "Embedded", "base_url": "" }])
    );

    for (bad, wanted) in [
        (json!({ "suite": "builtin" }), 400),
        (
            json!({ "environment_id": environment, "colour": "red" }),
            400,
        ),
        (json!({ "environment_id": environment + 100 }), 404),
        (
            json!({ "environment_id": environment, "suite": "nonsense" }),
            400,
        ),
    ] {
        let (status, _, body) = call(
            &base,
            post.clone(),
            "/api/v1/runs",
            Some(TOKEN),
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, wanted, "{bad}: {body}");
        assert!(body["error"].is_string(), "{body}");
    }

    let asked = json!({ "environment_id": environment, "categories": ["discovery"] });
    let (status, headers, started) =
        call(&base, post, "/api/v1/runs", Some(TOKEN), Some(asked)).await;
    assert_eq!(status, 201, "{started}");
    let id = started["id"].as_i64().expect("a run id");
    assert_eq!(headers["location"], format!("/api/v1/runs/{id}").as_str());
    assert_eq!(started["environment_name"], "Embedded");

    let mut run = started;
    for _ in 0..600 {
        if run["status"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        run = call(
            &base,
            get.clone(),
            &format!("/api/v1/runs/{id}"),
            Some(TOKEN),
            None,
        )
        .await
        .2;
    }
    assert_eq!(run["status"], "finished", "{run}");
    let result = &run["result"];
    let cases = result["cases"].as_array().expect("the result's cases");
    assert!(!cases.is_empty());
    assert!(
        cases.iter().all(|c| c["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("discovery.") || id.starts_with("prerequisite."))),
        "only the category asked for ran (with the prerequisites it builds on): {:?}",
        cases.iter().map(|c| &c["id"]).collect::<Vec<_>>()
    );
    assert_eq!(result["summary"]["failed"], 0, "{}", result["summary"]);
    assert_eq!(run["summary"], result["summary"]);
    assert!(run["p95_ms"].is_u64(), "a finished run has its p95: {run}");

    let (_, _, listed) = call(
        &base,
        get.clone(),
        &format!("/api/v1/runs?environment={environment}&limit=5"),
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(listed["runs"][0]["id"], id, "{listed}");
    let (status, _, _) = call(&base, get, "/api/v1/runs/999999", Some(TOKEN), None).await;
    assert_eq!(status, 404);
    dash.shutdown().await;
}
