//! Odd discovery derails nothing: against the reference server with each discovery defect, the
//! whole catalog runs and exactly the discovery checks that judge that oddity fail — the
//! resource checks (users, groups, PATCH, PUT, filters…) pass as on the clean server, because
//! the suite calls `{base}/Users` and `{base}/Groups` whatever /ResourceTypes says.

use crate::support;

use scim_server::{Defect, ServerConfig};
use scimcheck_engine::model::Verdict;
use scimcheck_suites::probe::NOT_OFFERED;
use std::collections::BTreeSet;
use support::run_against;

/// Each discovery oddity, and the checks it must fail (a failure, a warning for SHOULD, a note
/// for MAY: /ResourceTypes itself is optional, RFC 7644 §4).
const ODDITIES: &[(&str, &[&str])] = &[
    (
        "resource-types-absolute-endpoint",
        &["discovery.resource-types.endpoint-relative"],
    ),
    (
        "resource-types-url-endpoint",
        &["discovery.resource-types.endpoint-relative"],
    ),
    (
        "resource-types-trailing-slash",
        &["discovery.resource-types.endpoint-conventional"],
    ),
    (
        "resource-types-missing",
        &["discovery.resource-types.served"],
    ),
    ("schemas-missing", &["discovery.schemas.served"]),
    (
        "discovery-html",
        &[
            "discovery.resource-types.list-response",
            "discovery.schemas.list-response",
        ],
    ),
    (
        "discovery-without-total-results",
        &[
            "discovery.resource-types.list-response",
            "discovery.schemas.list-response",
        ],
    ),
    (
        "discovery-resources-as-strings",
        &[
            "discovery.resource-types.list-response",
            "discovery.schemas.list-response",
        ],
    ),
    ("spc-incomplete", &["discovery.spc.required-members"]),
    (
        "resource-types-incomplete",
        &["discovery.resource-types.required-members"],
    ),
    ("schemas-list-message-schemas", &["discovery.schemas.ids"]),
    (
        "schemas-without-sub-attributes",
        &["discovery.schemas.complex-sub-attributes"],
    ),
    ("discovery-lists-paged", &["discovery.lists.paging-ignored"]),
    ("discovery-filter-served", &["discovery.lists.filter-403"]),
    (
        "schemas-dotted-attribute-names",
        &["discovery.schemas.attribute-definitions"],
    ),
];

/// Categories of checks that create and change resources: they must all still pass.
const RESOURCE_CATEGORIES: [&str; 8] = [
    "users",
    "groups",
    "filter",
    "pagination",
    "patch",
    "put",
    "search",
    "etag",
];

#[tokio::test]
async fn each_discovery_oddity_fails_only_its_own_discovery_checks() {
    let mut problems = Vec::new();
    for (name, expected) in ODDITIES {
        let defect: Defect = name.parse().expect("a defect of the reference server");
        let result = run_against(ServerConfig::default().with_defect(defect), &[]).await;
        let failed: BTreeSet<&str> = result
            .cases
            .iter()
            .filter(|c| {
                matches!(c.verdict, Verdict::Fail | Verdict::Warn | Verdict::Error)
                    || c.reason
                        .as_deref()
                        .is_some_and(|r| r.starts_with(NOT_OFFERED))
            })
            .map(|c| c.id.as_str())
            .collect();
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        if failed != expected {
            problems.push(format!("{name}: failed {failed:?}, expected {expected:?}"));
        }
        let not_run: Vec<&str> = result
            .cases
            .iter()
            .filter(|c| RESOURCE_CATEGORIES.contains(&c.category.as_deref().unwrap_or_default()))
            .filter(|c| c.verdict != Verdict::Pass)
            .map(|c| c.id.as_str())
            .collect();
        if !not_run.is_empty() {
            problems.push(format!(
                "{name}: resource checks that did not pass: {not_run:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A ServiceProviderConfig with one mistyped member (sort's `supported` given as the string
/// "true") used to be unreadable as a whole: every capability read as unsupported and a hundred
/// checks skipped with no check named. Now only the sort checks skip, naming the check that
/// fails, and everything else runs as on the clean server.
#[tokio::test]
async fn a_mistyped_capability_skips_only_its_checks_naming_the_members_check() {
    let clean = run_against(ServerConfig::default(), &[]).await;
    let config = ServerConfig::default().with_defect(Defect::SpcSupportedAsString);
    let odd = run_against(config, &[]).await;
    let not_passing = |result: &scimcheck_engine::model::RunResult| -> BTreeSet<String> {
        result
            .cases
            .iter()
            .filter(|c| c.verdict != Verdict::Pass)
            .map(|c| c.id.clone())
            .collect()
    };
    let sort_checks: BTreeSet<String> = scimcheck_suites::catalog::all()
        .iter()
        .filter(|c| c.needs.contains(&scimcheck_suites::check::Need::Sort))
        .map(|c| c.id.to_owned())
        .collect();
    assert!(!sort_checks.is_empty());
    let mut expected = not_passing(&clean);
    expected.extend(sort_checks.iter().cloned());
    expected.insert("discovery.spc.required-members".to_owned());
    assert_eq!(not_passing(&odd), expected);
    for case in odd.cases.iter().filter(|c| sort_checks.contains(&c.id)) {
        assert_eq!(case.verdict, Verdict::Skip, "{}", case.id);
        let reason = case.reason.as_deref().unwrap_or_default();
        assert!(
            reason.contains("discovery.spc.required-members"),
            "{}: {reason}",
            case.id
        );
    }
}
