//! No false positives on legal variations: discovery served without credentials, and a small
//! declared `filter.maxResults` must not make any check fail.

use scim_server::{DEFAULT_TOKEN, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::Verdict;
use scimcheck_suites::{RunOptions, Target, catalog, run};

async fn failures_against(config: ServerConfig) -> Vec<String> {
    let server = spawn(config).await.expect("server starts");
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    let result = run(
        target,
        &catalog::all(),
        &RunOptions::default(),
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes");
    result
        .cases
        .iter()
        .filter(|c| !matches!(c.verdict, Verdict::Pass | Verdict::Skip))
        .map(|c| format!("{}: {:?}", c.id, c.reason))
        .collect()
}

#[tokio::test]
async fn discovery_without_auth_is_legal() {
    let config = ServerConfig {
        discovery_requires_auth: false,
        ..ServerConfig::default()
    };
    let failures = failures_against(config).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_small_declared_max_results_is_respected() {
    let config = ServerConfig {
        max_results: 2,
        ..ServerConfig::default()
    };
    let failures = failures_against(config).await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
