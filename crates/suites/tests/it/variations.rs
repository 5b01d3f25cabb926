//! No false positives on legal variations: discovery served without credentials, a small
//! declared `filter.maxResults`, PATCH answered 204 No Content, or a User schema without an
//! optional attribute must not make any check fail.

use crate::support::run_against;
use scim_server::ServerConfig;
use scimcheck_engine::model::Verdict;

/// Runs the whole catalog against a server started with `config`; panics listing every check
/// that neither passed nor skipped.
async fn assert_legal(config: ServerConfig) {
    let result = run_against(config, &[]).await;
    let failures: Vec<String> = result
        .cases
        .iter()
        .filter(|c| !matches!(c.verdict, Verdict::Pass | Verdict::Skip))
        .map(|c| format!("{}: {:?}", c.id, c.reason))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn discovery_without_auth_is_legal() {
    assert_legal(ServerConfig {
        discovery_requires_auth: false,
        ..ServerConfig::default()
    })
    .await;
}

#[tokio::test]
async fn a_small_declared_max_results_is_respected() {
    assert_legal(ServerConfig {
        max_results: 2,
        ..ServerConfig::default()
    })
    .await;
}

#[tokio::test]
async fn patch_answered_204_is_legal() {
    assert_legal(ServerConfig {
        patch_no_content: true,
        ..ServerConfig::default()
    })
    .await;
}

/// A Content-Location given as a path names the same URI as meta.location.
#[tokio::test]
async fn a_relative_content_location_is_legal() {
    assert_legal(ServerConfig {
        content_location_relative: true,
        ..ServerConfig::default()
    })
    .await;
}

/// Canaille and better-auth have no `nickName` (their /Schemas leaves it out and they refuse
/// it); checks whose requests carried it failed for an attribute the server says it lacks.
#[tokio::test]
async fn a_server_without_optional_user_attributes_is_legal() {
    assert_legal(ServerConfig {
        unsupported_user_attributes: vec!["nickName".into()],
        ..ServerConfig::default()
    })
    .await;
}
