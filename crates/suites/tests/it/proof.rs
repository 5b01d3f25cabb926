//! The proof that the suite is trustworthy: every check fails on each reference-server defect it
//! names (the `transport` checks against the server serving TLS). The other half, every check passing on the clean server, is `tests/clean_server.rs`
//! (its own binary: it is the mutation run's test).

use crate::support;

use scim_server::{Defect, ServerConfig};
use scimcheck_engine::model::{RootCause, Verdict};
use scimcheck_suites::catalog;
use scimcheck_suites::check::{Check, Severity};
use scimcheck_suites::prerequisite::Prerequisite;
use scimcheck_suites::probe::NOT_OFFERED;
use std::collections::HashSet;
use support::{run_against, run_against_tls};

/// Whether `check` depends on a ServiceProviderConfig capability (which the reference server
/// advertises, so a failure there is "advertised but broken").
fn gated(check: &Check) -> bool {
    check.needs.iter().any(|n| n.is_capability())
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
            // The transport checks judge TLS, so their server serves it.
            let result = if check.category() == "transport" {
                run_against_tls(config, &[check.id]).await
            } else {
                run_against(config, &[check.id]).await
            };
            let case = result.cases.iter().find(|c| c.id == check.id);
            let verdict = case.map(|c| c.verdict);
            // A MAY check notes the behaviour as not offered (a skip with NOT_OFFERED), unless
            // it needs a capability the server advertises: then it warns.
            let noted = check.severity == Severity::May && !gated(&check);
            let expected = if check.severity.is_required() {
                Verdict::Fail
            } else if noted {
                Verdict::Skip
            } else {
                Verdict::Warn
            };
            let reason = case.and_then(|c| c.reason.as_deref()).unwrap_or("");
            // The case names the requirement it enforces (an INTEROP check cites its IdP).
            let names_requirement = check.severity == Severity::Interop
                || case.is_some_and(|c| !c.requirements.is_empty());
            if verdict != Some(expected)
                || noted != reason.starts_with(NOT_OFFERED)
                || !names_requirement
            {
                survived.push(format!(
                    "{} with defect {name}: {:?} (expected {}{}) {:?}{}",
                    check.id,
                    verdict,
                    expected.as_str(),
                    if noted { ", a MAY note" } else { "" },
                    case.and_then(|c| c.reason.clone()),
                    if names_requirement {
                        ""
                    } else {
                        " and no requirement named"
                    }
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

/// The whole catalog against a server with `defect`, which breaks `broken`: that prerequisite's
/// case is the run's one root cause and fails, every check that builds on it ends blocked naming
/// it (none fails on its own), and no other check fails.
async fn assert_one_root_cause(defect: Defect, broken: Prerequisite) {
    let result = run_against(ServerConfig::default().with_defect(defect), &[]).await;
    let case = |id: &str| result.cases.iter().find(|c| c.id == id);
    let root = case(broken.id()).expect("the prerequisite was established");
    assert_eq!(root.verdict, Verdict::Fail, "{defect}: {:?}", root.reason);
    let mut wrong = Vec::new();
    let mut blocked = 0;
    for check in catalog::all() {
        let Some(case) = case(check.id) else {
            wrong.push(format!("{} has no case", check.id));
            continue;
        };
        // A check judging the prerequisite's shared rule elsewhere (the `count` of a discovery
        // list) fails it alike on this defect, so it is grouped behind it too.
        let shares_rule =
            check.shared_rule.is_some() && check.shared_rule == broken.check().shared_rule;
        let builds_on = Prerequisite::all_of(&check).contains(&broken) || shares_rule;
        if builds_on && case.verdict != Verdict::Skip {
            blocked += 1;
            if case.verdict != Verdict::Blocked || case.blocked_by.as_deref() != Some(broken.id()) {
                wrong.push(format!(
                    "{} [{}] not blocked by {}: {:?}",
                    check.id,
                    case.verdict.as_str(),
                    broken.id(),
                    case.reason
                ));
            }
        } else if matches!(
            case.verdict,
            Verdict::Fail | Verdict::Error | Verdict::Blocked
        ) {
            wrong.push(format!(
                "{} [{}] although it does not build on {}: {:?}",
                check.id,
                case.verdict.as_str(),
                broken.id(),
                case.reason
            ));
        }
    }
    // Prerequisites that build on the broken one are blocked by it too, and counted.
    for later in Prerequisite::ALL {
        if Prerequisite::all_of(&later.check()).contains(&broken) {
            let case = case(later.id());
            if case.is_some_and(|c| c.blocked_by.as_deref() == Some(broken.id())) {
                blocked += 1;
            } else {
                wrong.push(format!("{} not blocked by {}", later.id(), broken.id()));
            }
        }
    }
    assert!(wrong.is_empty(), "{defect}:\n{}", wrong.join("\n"));
    assert!(blocked > 0, "{defect} blocked nothing");
    assert_eq!(
        result.root_causes,
        [RootCause {
            case: broken.id().to_owned(),
            title: root.title.clone(),
            blocked,
        }],
        "{defect}"
    );
    assert!(
        !result.succeeded(),
        "a failed MUST prerequisite fails the run"
    );
}

#[tokio::test]
async fn broken_user_creation_is_one_root_cause_blocking_the_checks_that_create_users() {
    assert_one_root_cause(Defect::UserCreationFails, Prerequisite::CreateUser).await;
}

#[tokio::test]
async fn broken_group_creation_is_one_root_cause_blocking_the_checks_that_create_groups() {
    assert_one_root_cause(Defect::GroupCreationFails, Prerequisite::CreateGroup).await;
}

#[tokio::test]
async fn broken_user_patch_and_filter_are_one_root_cause_each() {
    assert_one_root_cause(Defect::UserPatchFails, Prerequisite::PatchUser).await;
    assert_one_root_cause(Defect::UserFilterFails, Prerequisite::FilterUsers).await;
    assert_one_root_cause(Defect::FilterIgnored, Prerequisite::FilterUsers).await;
}

#[tokio::test]
async fn missing_sw_and_missing_search_are_one_root_cause_each() {
    assert_one_root_cause(
        Defect::FilterSwUnsupported,
        Prerequisite::FilterUsersByPrefix,
    )
    .await;
    assert_one_root_cause(Defect::SearchTakenForCreate, Prerequisite::SearchUsers).await;
}

#[tokio::test]
async fn a_count_parameter_the_server_cannot_take_is_one_root_cause() {
    assert_one_root_cause(Defect::CountParameter500, Prerequisite::ListWithCount).await;
}

#[test]
fn every_prerequisite_names_the_defects_that_break_it() {
    let proven = [
        (Prerequisite::CreateUser, Defect::UserCreationFails),
        (Prerequisite::CreateGroup, Defect::GroupCreationFails),
        (Prerequisite::PatchUser, Defect::UserPatchFails),
        (Prerequisite::FilterUsers, Defect::UserFilterFails),
        (Prerequisite::FilterUsers, Defect::FilterIgnored),
        (
            Prerequisite::FilterUsersByPrefix,
            Defect::FilterSwUnsupported,
        ),
        (Prerequisite::SearchUsers, Defect::SearchTakenForCreate),
        (Prerequisite::ListWithCount, Defect::CountParameter500),
    ];
    for prerequisite in Prerequisite::ALL {
        let named: Vec<Defect> = prerequisite
            .check()
            .defects
            .iter()
            .map(|d| d.parse().expect("a server defect"))
            .collect();
        let tested: Vec<Defect> = proven
            .iter()
            .filter(|(p, _)| *p == prerequisite)
            .map(|(_, d)| *d)
            .collect();
        assert_eq!(
            named, tested,
            "{prerequisite:?}: every named defect has a root-cause test"
        );
    }
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
