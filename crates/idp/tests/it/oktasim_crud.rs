//! Okta's "SCIM 2.0 CRUD Test", unmodified, through the Runscope engine with the Okta-org
//! simulator standing in for the Okta org: every step passes against the reference server, and
//! a server defect makes the step that checks it fail.

use crate::common;

use common::{bearer, okta_file, server};
use scim_server::{Defect, ServerConfig};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::http::HttpLimits;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};
use scimcheck_idp::oktasim::{OktaSimConfig, RunningOktaSim, spawn, stand_in};

const CRUD: &str = "Okta-SCIM-20-CRUD-Test.json";

/// Okta's CRUD test against a server with `config`: the result and the SCIM calls the simulator
/// made; `None` when Okta's file is absent.
async fn crud_against(config: ServerConfig) -> Option<(RunResult, Vec<String>)> {
    let test = format::parse(&okta_file(CRUD)?).expect("Okta's CRUD test imports");
    let scim = server(config).await;
    let mut options = RunscopeSettings {
        target: scim.base_url_v2(),
        ..RunscopeSettings::default()
    };
    options
        .variables
        .insert("SCIMUrl".into(), scim.base_url_v2());
    options.variables.insert("SCIMAuth".into(), bearer());
    // What `scimcheck runscope` does for the CRUD test when no org is named.
    let sim: RunningOktaSim = stand_in(&mut options.variables, HttpLimits::default())
        .await
        .expect("the simulator starts")
        .expect("no org was named, so the simulator stands in");
    let every_run = RunOptions::default();
    let result = runner::run(&test, &options, &every_run, &mut CollectingSink::default())
        .await
        .expect("the HTTP client is created");
    let scim_calls = sim
        .exchanges()
        .iter()
        .map(|e| format!("{} {}", e.request.method, e.request.url))
        .collect();
    sim.shutdown().await;
    scim.shutdown().await;
    Some((result, scim_calls))
}

fn failing(result: &RunResult) -> Vec<String> {
    result
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
        .map(|c| c.title.trim().to_owned())
        .collect()
}

#[tokio::test]
async fn every_crud_step_passes_against_the_reference_server() {
    let Some((result, calls)) = crud_against(ServerConfig::default()).await else {
        return;
    };
    assert!(
        result.succeeded(),
        "failing steps: {:?}\nSCIM calls: {calls:#?}",
        failing(&result)
    );
    let requests = result
        .cases
        .iter()
        .filter(|c| c.category.as_deref() == Some("request"))
        .count();
    assert_eq!(result.summary.passed as usize, requests, "{calls:#?}");
    assert_eq!(requests, 13, "Okta's CRUD test has 13 request steps");
    // What Okta would have sent: lookup, create, profile push, deactivate, re-link, unassign.
    let methods: Vec<&str> = calls.iter().filter_map(|c| c.split(' ').next()).collect();
    assert_eq!(
        methods,
        [
            "GET", "POST", "GET", "PUT", "PATCH", "GET", "PATCH", "GET", "PUT", "PATCH"
        ],
        "{calls:#?}"
    );
    assert!(
        calls[0].contains("filter=userName%20eq%20%22")
            && calls[0].ends_with("&startIndex=1&count=100"),
        "Okta's lookup shape: {}",
        calls[0]
    );
}

#[tokio::test]
async fn deactivated_users_answering_404_fail_the_deactivation_check() {
    fails_the_deactivation_check_only(Defect::DeactivatedUser404).await;
}

/// Runs Okta's CRUD file against a server with `defect`: the deactivation check fails, the
/// creation checks do not.
async fn fails_the_deactivation_check_only(defect: Defect) {
    let Some((result, _)) = crud_against(ServerConfig::default().with_defect(defect)).await else {
        return;
    };
    let failed = failing(&result);
    assert!(
        failed
            .iter()
            .any(|t| t == "Verify if user is deactivated in SCIM App"),
        "{failed:?}"
    );
    assert!(
        !failed
            .iter()
            .any(|t| t.starts_with("Verify if user is created")),
        "creation is unaffected: {failed:?}"
    );
}

#[tokio::test]
async fn the_org_refuses_a_wrong_token_as_okta_does() {
    let scim = server(ServerConfig::default()).await;
    let sim = spawn(OktaSimConfig::new(scim.base_url_v2(), bearer()))
        .await
        .expect("the simulator starts");
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/apps/{}", sim.org_url(), sim.app_id());
    let wrong = client
        .get(&url)
        .header("Authorization", "SSWS not-the-token")
        .send()
        .await
        .expect("the simulator answers");
    assert_eq!(wrong.status(), 401);
    let body: serde_json::Value = wrong.json().await.expect("an Okta error body");
    assert_eq!(body["errorCode"], "E0000011");
    let other_app = client
        .get(format!("{}/api/v1/apps/0oanotthisapp", sim.org_url()))
        .header("Authorization", format!("SSWS {}", sim.token()))
        .send()
        .await
        .expect("the simulator answers");
    assert_eq!(other_app.status(), 404);
    sim.shutdown().await;
    scim.shutdown().await;
}

#[tokio::test]
async fn a_named_org_is_left_alone() {
    let mut variables = std::collections::BTreeMap::new();
    variables.insert(
        "oktaOrgUrl".to_owned(),
        "https://example.okta.com".to_owned(),
    );
    variables.insert(
        "SCIMUrl".to_owned(),
        "http://127.0.0.1:9/scim/v2".to_owned(),
    );
    let sim = stand_in(&mut variables, HttpLimits::default())
        .await
        .expect("nothing to start");
    assert!(sim.is_none());
    assert_eq!(variables["oktaOrgUrl"], "https://example.okta.com");
    assert!(!variables.contains_key("oktaToken"));
}

#[tokio::test]
async fn a_server_without_path_less_replace_fails_the_deactivation_check() {
    fails_the_deactivation_check_only(Defect::PatchReplacePathlessUnsupported).await;
}

/// Okta's SCIM 2.0 reference calls a 404 error body "another acceptable response" to a lookup
/// that matches nothing: Okta reads it as "no such user" and creates the user.
#[tokio::test]
async fn a_lookup_answering_404_reads_as_no_match_and_okta_creates_the_user() {
    let Some((result, calls)) =
        crud_against(ServerConfig::default().with_defect(Defect::NoMatchFilter404)).await
    else {
        return;
    };
    assert!(
        calls.iter().any(|c| c.starts_with("POST")),
        "Okta creates the user after a 404 lookup: {calls:?}"
    );
    let failed = failing(&result);
    assert!(
        !failed
            .iter()
            .any(|t| t.starts_with("Verify if user is created")),
        "creation is unaffected: {failed:?}"
    );
}
