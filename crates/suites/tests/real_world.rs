//! Regressions found on the real-world corpus (docs/REAL-WORLD.md): each reproduces what a
//! third-party server did on the reference server with a defect, and checks that the run
//! reports it once — one failing case — with the checks that could not judge their own rule
//! `blocked`, naming it, instead of failing for the same reason.

mod support;

use scim_server::{Defect, ServerConfig};
use scimcheck_engine::model::{CaseResult, RunResult, Verdict};
use support::run_against;

async fn run_with(defect: Defect, only: &[&str]) -> RunResult {
    run_against(ServerConfig::default().with_defect(defect), only).await
}

fn case<'a>(result: &'a RunResult, id: &str) -> &'a CaseResult {
    result
        .cases
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} has no case"))
}

fn failing(result: &RunResult) -> Vec<String> {
    result
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Warn | Verdict::Error))
        .map(|c| format!("{} [{}]: {:?}", c.id, c.verdict.as_str(), c.reason))
        .collect()
}

fn assert_blocked_by(result: &RunResult, id: &str, root: &str) {
    let blocked = case(result, id);
    assert_eq!(
        (blocked.verdict, blocked.blocked_by.as_deref()),
        (Verdict::Blocked, Some(root)),
        "{id}: {:?}",
        blocked.reason
    );
}

/// Canaille ignores `filter` and answers every user: an inclusion test passed, and checks of
/// the unadvertised filter read "passed when tried". The prerequisite also wants the other
/// user of the run left out.
#[tokio::test]
async fn a_server_that_ignores_filters_fails_the_filter_prerequisite() {
    let result = run_with(Defect::FilterIgnored, &["filter.*"]).await;
    let root = case(&result, "prerequisite.users.filter");
    assert_eq!(root.verdict, Verdict::Fail, "{:?}", root.reason);
    assert!(
        root.reason
            .as_deref()
            .is_some_and(|r| r.contains("another user of the run")),
        "{:?}",
        root.reason
    );
    assert_blocked_by(
        &result,
        "filter.eq.username-any-case",
        "prerequisite.users.filter",
    );
}

/// better-auth filters with `eq` only: the pagination checks, which select their batch with
/// `userName sw`, failed for the operator instead of judging paging.
#[tokio::test]
async fn an_eq_only_filter_blocks_the_batch_checks_on_one_prerequisite() {
    let result = run_with(Defect::FilterSwUnsupported, &["pagination.*", "sort.*"]).await;
    let root = "prerequisite.users.filter-sw";
    assert_eq!(case(&result, root).verdict, Verdict::Fail);
    for id in [
        "pagination.envelope.total-results",
        "pagination.count.honoured",
        "pagination.walk.users-import",
        "sort.username.ascending",
    ] {
        assert_blocked_by(&result, id, root);
    }
    assert_eq!(failing(&result).len(), 1, "{:#?}", failing(&result));
}

/// Both corpus servers lack POST /.search: one 404 failed ten checks.
#[tokio::test]
async fn a_missing_search_endpoint_is_one_root_cause() {
    let result = run_with(
        Defect::SearchEndpointMissing,
        &["search.*", "content-type.response.search"],
    )
    .await;
    let root = "prerequisite.users.search";
    for id in [
        "search.post.endpoint",
        "search.post.count",
        "search.post.invalid-filter",
        "content-type.response.search",
    ] {
        assert_blocked_by(&result, id, root);
    }
    assert_eq!(
        failing(&result),
        [format!("{root} [fail]: {:?}", case(&result, root).reason)]
    );
}

/// Canaille answers 201 without Location: the checks that compare or merely mention the header
/// failed with it.
#[tokio::test]
async fn a_missing_location_header_fails_only_the_location_checks() {
    let result = run_with(
        Defect::NoLocationHeader,
        &["users.create.*", "groups.create.*"],
    )
    .await;
    let mut failed: Vec<&str> = result
        .cases
        .iter()
        .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Warn))
        .map(|c| c.id.as_str())
        .collect();
    failed.sort_unstable();
    assert_eq!(failed, ["groups.create.location", "users.create.location"]);
    assert_blocked_by(
        &result,
        "users.create.location-matches-meta",
        "users.create.location",
    );
    assert_eq!(
        case(&result, "groups.create.no-members-accepted").verdict,
        Verdict::Pass
    );
}

/// Canaille accepts a duplicate userName: the check about 409 bodies failed for lack of a 409.
#[tokio::test]
async fn no_conflict_to_provoke_blocks_the_conflict_body_check() {
    let result = run_with(
        Defect::DuplicateUsernamesAllowed,
        &[
            "users.uniqueness.duplicate-409",
            "errors.body.conflict-scim-error",
        ],
    )
    .await;
    assert_eq!(
        case(&result, "users.uniqueness.duplicate-409").verdict,
        Verdict::Fail
    );
    assert_blocked_by(
        &result,
        "errors.body.conflict-scim-error",
        "users.uniqueness.duplicate-409",
    );
}

/// Canaille wants `members.$ref`: ten checks failed on the same setup POST /Groups, and those
/// needing PATCH read "advertised but broken" although no PATCH was sent. (A /Bulk check whose
/// own operation carries members fails too, for its own request: left out here.)
#[tokio::test]
async fn refused_members_are_one_root_cause_and_never_advertised_but_broken() {
    let result = run_with(
        Defect::MemberRefRequired,
        &["groups.*", "patch.*", "projection.*", "put.*"],
    )
    .await;
    let failed = failing(&result);
    assert_eq!(failed.len(), 1, "one setup failure, not many:\n{failed:#?}");
    let root = result
        .cases
        .iter()
        .find(|c| c.verdict == Verdict::Fail)
        .map(|c| c.id.clone())
        .unwrap_or_default();
    let blocked: Vec<&CaseResult> = result
        .cases
        .iter()
        .filter(|c| c.verdict == Verdict::Blocked)
        .collect();
    assert!(blocked.len() >= 5, "{} blocked", blocked.len());
    for c in &blocked {
        assert_eq!(c.blocked_by.as_deref(), Some(root.as_str()), "{}", c.id);
    }
    for c in &result.cases {
        assert!(
            !c.reason
                .as_deref()
                .is_some_and(|r| r.contains("advertised but broken")),
            "{}: {:?}",
            c.id,
            c.reason
        );
    }
    assert_eq!(result.root_causes.len(), 1, "{:?}", result.root_causes);
}

/// Jackson answers POST /Groups with `members: []`: groups.create.members-without-ref failed
/// for it, rightly, and the checks about a user's `groups` then failed on an empty group,
/// though their own rule was never tried. They end blocked by the check that reports it.
#[tokio::test]
async fn dropped_members_block_the_checks_that_build_on_them() {
    let result = run_with(
        Defect::GroupMembersIgnoredOnCreate,
        &["groups.*", "patch.*", "projection.*", "put.*"],
    )
    .await;
    let judge = scimcheck_suites::probe::MEMBERS_JUDGE;
    assert_eq!(
        failing(&result),
        [format!("{judge} [fail]: {:?}", case(&result, judge).reason)]
    );
    for dependant in [
        "groups.membership.user-groups",
        "groups.membership.user-groups-display",
        "groups.membership.deleted-user-removed",
        "patch.members.remove-by-filter",
    ] {
        assert_blocked_by(&result, dependant, judge);
    }
    let reason = case(&result, "groups.membership.user-groups")
        .reason
        .as_deref()
        .unwrap_or_default();
    assert!(
        reason.contains("without the 1 members it was sent") && reason.contains(judge),
        "{reason}"
    );
    assert_eq!(result.root_causes.len(), 1, "{:?}", result.root_causes);
}
