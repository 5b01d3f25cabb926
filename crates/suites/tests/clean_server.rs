//! The suite against the clean reference server: every check passes, or skips with its reason.
//!
//! This is its own test binary, apart from `tests/it`, because it is the test of the mutation
//! run (issue 14, docs/BENCHMARKS.md "Mutation score"): cargo-mutants changes one expression of
//! the reference server (or of the SCIM rules in `crates/scim` it uses), rebuilds, and runs this
//! one test. A small binary links fast and the suite runs in under a second, so a mutant costs
//! one incremental build; a mutant this test does not fail is behaviour the catalog cannot see.
//! The other half of the proof — every check fails on the defects it names — is `tests/it/proof.rs`.

#[path = "it/support/mod.rs"]
mod support;

use scim_server::{DEFAULT_TOKEN, ServerConfig, spawn};
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_suites::prerequisite::{CATEGORY, Prerequisite};
use scimcheck_suites::probe::NOT_OFFERED;
use scimcheck_suites::{RunOptions, SuiteSettings, Target, catalog, run};

fn describe(result: &RunResult, keep: impl Fn(Verdict) -> bool) -> Vec<String> {
    result
        .cases
        .iter()
        .filter(|c| keep(c.verdict))
        .map(|c| format!("{} [{}]: {:?}", c.id, c.verdict.as_str(), c.reason))
        .collect()
}

#[tokio::test]
async fn clean_server_passes_every_check_or_skips_with_a_reason() {
    let server = spawn(ServerConfig::default())
        .await
        .expect("the reference server starts");
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    let result = run(
        target,
        &catalog::all(),
        &SuiteSettings::default(),
        &RunOptions::default(),
        &mut CollectingSink::default(),
    )
    .await
    .expect("the run completes");
    server.shutdown().await;
    let checks = result
        .cases
        .iter()
        .filter(|c| c.category.as_deref() != Some(CATEGORY));
    assert_eq!(checks.count(), catalog::all().len());
    assert_eq!(
        result.cases.len() - catalog::all().len(),
        Prerequisite::ALL.len(),
        "each prerequisite established once"
    );
    assert!(result.root_causes.is_empty());
    let bad = describe(&result, |v| !matches!(v, Verdict::Pass | Verdict::Skip));
    assert!(
        bad.is_empty(),
        "checks not passing on the clean server:\n{}",
        bad.join("\n")
    );
    for case in result.cases.iter().filter(|c| c.verdict == Verdict::Skip) {
        assert!(
            case.reason.as_deref().is_some_and(|r| !r.is_empty()),
            "{} skipped without a reason",
            case.id
        );
        // The reference server does every optional thing: a MAY note here is a broken check.
        assert!(
            !case
                .reason
                .as_deref()
                .is_some_and(|r| r.starts_with(NOT_OFFERED)),
            "{} noted an optional behaviour as missing on the clean server: {:?}",
            case.id,
            case.reason
        );
    }
    for case in result.cases.iter().filter(|c| c.verdict == Verdict::Pass) {
        assert!(
            !case.assertions.is_empty(),
            "{} passed without judging anything",
            case.id
        );
        assert!(
            case.assertions.iter().all(|a| a.passed),
            "{} passed with a failed assertion",
            case.id
        );
    }
}

/// The other half of the transport checks: over plain HTTP on loopback (the run above) they
/// skip, saying TLS is judged on an https URL; against the clean server serving TLS they pass.
#[tokio::test]
async fn clean_tls_server_passes_the_transport_checks() {
    let result = support::run_against_tls(ServerConfig::default(), &["transport"]).await;
    let transport: Vec<_> = result
        .cases
        .iter()
        .filter(|c| c.category.as_deref() == Some("transport"))
        .collect();
    let expected = catalog::all()
        .iter()
        .filter(|c| c.category() == "transport")
        .count();
    assert_eq!(transport.len(), expected);
    assert!(expected >= 2);
    for case in transport {
        assert_eq!(
            case.verdict,
            Verdict::Pass,
            "{}: {:?}",
            case.id,
            case.reason
        );
        assert!(!case.assertions.is_empty() && case.assertions.iter().all(|a| a.passed));
    }
}
