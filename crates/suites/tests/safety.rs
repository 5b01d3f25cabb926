//! Safety against real data: the run deletes everything it created, leaves pre-existing
//! resources untouched, creates nothing under `--read-only`, and keeps its data with
//! `--no-cleanup`.

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_suites::{RunOptions, Target, catalog, run};
use serde_json::Value;

/// Every user and group on the server, as returned by full listings.
async fn snapshot(server: &RunningServer) -> Vec<Value> {
    let client = reqwest::Client::new();
    let mut all = Vec::new();
    for endpoint in ["Users", "Groups"] {
        let url = format!("{}/{endpoint}?count=1000", server.base_url_v2());
        let body: Value = client
            .get(url)
            .bearer_auth(DEFAULT_TOKEN)
            .send()
            .await
            .expect("list answers")
            .json()
            .await
            .expect("list is JSON");
        all.extend(body["Resources"].as_array().cloned().unwrap_or_default());
    }
    all
}

async fn run_with(server: &RunningServer, options: RunOptions) -> RunResult {
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    run(
        target,
        &catalog::all(),
        &options,
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes")
}

#[tokio::test]
async fn a_run_deletes_what_it_created_and_leaves_existing_data_as_it_was() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await;
    assert!(!before.is_empty(), "the server is seeded");
    let result = run_with(&server, RunOptions::default()).await;
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.starts_with("cleanup: deleted")),
        "{:?}",
        result.notes
    );
    assert!(
        !result.notes.iter().any(|n| n.contains("could not delete")),
        "{:?}",
        result.notes
    );
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn read_only_creates_nothing_and_says_why_it_skipped() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await;
    let options = RunOptions {
        read_only: true,
        ..RunOptions::default()
    };
    let result = run_with(&server, options).await;
    let writers: Vec<_> = catalog::all().into_iter().filter(|c| c.writes).collect();
    assert!(!writers.is_empty());
    for check in writers {
        let case = result
            .cases
            .iter()
            .find(|c| c.id == check.id)
            .expect("case present");
        assert_eq!(case.verdict, Verdict::Skip, "{}", case.id);
        assert!(case.reason.as_deref().unwrap_or("").contains("--read-only"));
    }
    assert!(result.cases.iter().any(|c| c.verdict == Verdict::Pass));
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn no_cleanup_keeps_the_created_resources_and_lists_them() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await.len();
    let options = RunOptions {
        only: vec!["users.create.location".into()],
        no_cleanup: true,
        ..RunOptions::default()
    };
    let result = run_with(&server, options).await;
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.starts_with("--no-cleanup: kept 1")),
        "{:?}",
        result.notes
    );
    assert_eq!(snapshot(&server).await.len(), before + 1);
}

#[tokio::test]
async fn credentials_never_appear_in_results() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let result = run_with(&server, RunOptions::default()).await;
    let text = serde_json::to_string(&result).expect("serializes");
    assert!(
        !text.contains(DEFAULT_TOKEN),
        "the token leaked into the results"
    );
}
