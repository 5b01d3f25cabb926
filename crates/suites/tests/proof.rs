//! The proof that the suite is trustworthy: every check passes (or skips with its reason) on
//! the clean reference server, and every check fails on each reference-server defect it names.

mod support;

use scim_server::{Defect, ServerConfig};
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_suites::catalog;
use std::collections::HashSet;
use support::run_against;

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
    let result = run_against(ServerConfig::default(), &[]).await;
    assert_eq!(result.cases.len(), catalog::all().len());
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

#[tokio::test]
async fn every_check_fails_on_each_defect_it_names() {
    let mut survived = Vec::new();
    for check in catalog::all() {
        for name in check.defects {
            let defect: Defect = name
                .parse()
                .expect("defect names are checked by another test");
            let config = ServerConfig::default().with_defect(defect);
            let result = run_against(config, &[check.id]).await;
            let verdict = result.cases.first().map(|c| c.verdict);
            let expected = if check.severity.is_required() {
                Verdict::Fail
            } else {
                Verdict::Warn
            };
            if verdict != Some(expected) {
                survived.push(format!(
                    "{} with defect {name}: {:?} (expected {}) {:?}",
                    check.id,
                    verdict,
                    expected.as_str(),
                    result.cases.first().and_then(|c| c.reason.clone())
                ));
            }
        }
    }
    assert!(
        survived.is_empty(),
        "checks that did not catch their defect:\n{}",
        survived.join("\n")
    );
}

#[test]
fn every_check_names_a_defect_the_server_has() {
    let mut problems = Vec::new();
    for check in catalog::all() {
        if check.defects.is_empty() {
            problems.push(format!("{} names no defect", check.id));
        }
        for name in check.defects {
            if name.parse::<Defect>().is_err() {
                problems.push(format!(
                    "{} names `{name}`, which the reference server does not have",
                    check.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn catalog_entries_are_complete_and_ids_unique() {
    let mut seen = HashSet::new();
    for check in catalog::all() {
        assert!(seen.insert(check.id), "duplicate id {}", check.id);
        assert!(
            check.id.split('.').count() >= 3,
            "{} is not <category>.<subject>.<rule>",
            check.id
        );
        assert!(
            check
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-'),
            "{} is not lower-case dotted",
            check.id
        );
        assert!(!check.rfc.is_empty(), "{} has no RFC section", check.id);
        assert!(!check.hint.is_empty(), "{} has no hint", check.id);
    }
}
