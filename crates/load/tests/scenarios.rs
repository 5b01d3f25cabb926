//! Each load verdict passes against the clean reference server and fails on the defect that
//! breaks it, with small sizes on loopback.

use scim_server::{DEFAULT_TOKEN, Defect, ServerConfig};
use scimcheck_engine::ending::Ending;
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::model::{CaseResult, RunResult, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_load::{DEFECTS_CAUGHT, LoadSettings, Progress, Scenario};
use scimcheck_suites::Target;

async fn run(config: ServerConfig, options: LoadSettings) -> RunResult {
    let (result, ending) = run_with(config, options, &RunOptions::default()).await;
    assert_eq!(ending, Ending::Completed);
    result
}

async fn run_with(
    config: ServerConfig,
    options: LoadSettings,
    run: &RunOptions,
) -> (RunResult, Ending) {
    let server = scim_server::spawn(config).await.expect("server starts");
    let target = Target::new(server.base_url_v2()).bearer(DEFAULT_TOKEN);
    let mut sink = CollectingSink::default();
    let ran = scimcheck_load::run_to_ending(target, &options, run, &mut sink)
        .await
        .expect("the load run starts");
    server.shutdown().await;
    ran
}

fn options(scenario: Scenario, users: usize) -> LoadSettings {
    LoadSettings {
        scenario,
        users,
        concurrency: 8,
        ..LoadSettings::default()
    }
}

fn verdict<'a>(result: &'a RunResult, id: &str) -> &'a scimcheck_engine::model::CaseResult {
    result
        .cases
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no case {id} in {:?}", result.cases))
}

/// Every case passed (the gates without thresholds, throttling and cleanup included).
fn assert_all_pass(result: &RunResult) {
    for case in &result.cases {
        assert_eq!(
            case.verdict,
            Verdict::Pass,
            "{}: {:?} {:?}",
            case.id,
            case.reason,
            case.logs
        );
    }
}

#[tokio::test]
async fn group_push_keeps_every_member_on_the_clean_server() {
    let result = run(ServerConfig::default(), options(Scenario::GroupPush, 40)).await;
    assert_all_pass(&result);
    let figures = result.load.as_ref().expect("load figures");
    let names: Vec<&str> = figures.operations.iter().map(|o| o.name.as_str()).collect();
    for op in [
        "create-user",
        "create-group",
        "add-members",
        "rename-group",
        "remove-member",
    ] {
        assert!(names.contains(&op), "{op} missing from {names:?}");
    }
    let adds = figures
        .operations
        .iter()
        .find(|o| o.name == "add-members")
        .unwrap();
    assert_eq!((adds.count, adds.errors), (4, 0));
    assert!(!figures.timeline.is_empty());
    assert_eq!(verdict(&result, "load.cleanup").assertions.len(), 2);
}

#[tokio::test]
async fn group_push_names_the_members_a_lost_update_dropped() {
    let config = ServerConfig::default().with_defect(Defect::PatchLostUpdate);
    let result = run(config, options(Scenario::GroupPush, 40)).await;
    let members = caught(&result, Defect::PatchLostUpdate);
    assert_eq!(members.verdict, Verdict::Fail, "{:?}", members.logs);
    let reason = members.reason.as_deref().unwrap_or_default();
    assert!(reason.contains("went missing"), "{reason}");
    // Named by userName (the run's prefix) and id.
    assert!(reason.contains("scimcheck-"), "{reason}");
    // Cleanup still removed everything.
    assert_eq!(verdict(&result, "load.cleanup").verdict, Verdict::Pass);
}

#[tokio::test]
async fn import_lists_every_user_once_and_fails_when_totals_lie() {
    let clean = run(ServerConfig::default(), options(Scenario::Import, 30)).await;
    assert_all_pass(&clean);
    // The log gives each phase's time: the create rate is the figure to compare with an IdP's.
    let log = &verdict(&clean, "load.import.readable-once").logs[0];
    assert!(
        log.starts_with("30 creates acknowledged in ") && log.contains("1 page read"),
        "{log}"
    );
    let config = ServerConfig::default().with_defect(Defect::TotalResultsIsPageSize);
    // More users than one page (100), so the second page is never asked for.
    let broken = run(config, options(Scenario::Import, 130)).await;
    assert_eq!(
        verdict(&broken, "load.import.readable-once").verdict,
        Verdict::Fail
    );
}

#[tokio::test]
async fn create_race_has_one_winner_and_fails_under_a_racy_uniqueness_check() {
    let clean = run(ServerConfig::default(), options(Scenario::CreateRace, 16)).await;
    assert_all_pass(&clean);
    let config = ServerConfig::default().with_defect(Defect::UniquenessCheckRacy);
    let broken = run(config, options(Scenario::CreateRace, 16)).await;
    let race = caught(&broken, Defect::UniquenessCheckRacy);
    assert_eq!(race.verdict, Verdict::Fail);
    assert!(
        race.reason
            .as_deref()
            .unwrap_or_default()
            .contains("duplicates under a race"),
        "{:?}",
        race.reason
    );
    assert_eq!(verdict(&broken, "load.cleanup").verdict, Verdict::Pass);
}

#[tokio::test]
async fn update_race_lets_one_guarded_update_through_and_fails_when_if_match_is_checked_apart() {
    let clean = run(ServerConfig::default(), options(Scenario::UpdateRace, 8)).await;
    assert_all_pass(&clean);
    let config = ServerConfig::default().with_defect(Defect::IfMatchCheckRacy);
    let broken = run(config, options(Scenario::UpdateRace, 8)).await;
    let race = caught(&broken, Defect::IfMatchCheckRacy);
    assert_eq!(race.verdict, Verdict::Fail);
    assert!(
        race.reason
            .as_deref()
            .unwrap_or_default()
            .contains("silently overwrote the last"),
        "{:?}",
        race.reason
    );
    assert_eq!(verdict(&broken, "load.cleanup").verdict, Verdict::Pass);
}

#[tokio::test]
async fn mixed_finds_each_user_by_lookup_and_fails_when_filters_are_ignored() {
    let clean = run(ServerConfig::default(), options(Scenario::Mixed, 12)).await;
    assert_all_pass(&clean);
    let figures = clean.load.as_ref().expect("load figures");
    let count = |name: &str| {
        figures
            .operations
            .iter()
            .find(|o| o.name == name)
            .map_or(0, |o| o.count)
    };
    // 12 users, then 60 requests: 30 lookups, 12 reads, 12 updates, 6 creates.
    assert_eq!(
        [
            count("lookup-user"),
            count("read-user"),
            count("update-user"),
            count("create-user")
        ],
        [30, 12, 12, 18]
    );
    let config = ServerConfig::default().with_defect(Defect::FilterIgnored);
    let broken = run(config, options(Scenario::Mixed, 12)).await;
    let answers = caught(&broken, Defect::FilterIgnored);
    assert_eq!(answers.verdict, Verdict::Fail);
    assert!(
        answers
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("lookup of ")),
        "{:?}",
        answers.reason
    );
    // Listing cannot show leftovers when the filter selects nothing: not judged, not failed.
    assert_eq!(verdict(&broken, "load.cleanup").verdict, Verdict::Skip);
}

#[tokio::test]
async fn lifecycle_passes_clean_and_fails_when_delete_is_soft() {
    let clean = run(ServerConfig::default(), options(Scenario::Lifecycle, 12)).await;
    assert_all_pass(&clean);
    let config = ServerConfig::default().with_defect(Defect::SoftDelete);
    let broken = run(config, options(Scenario::Lifecycle, 12)).await;
    let steps = verdict(&broken, "load.lifecycle.steps");
    assert_eq!(steps.verdict, Verdict::Fail);
    assert!(
        steps
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("get-deleted-user: 12"),
        "{:?}",
        steps.reason
    );
}

#[tokio::test]
async fn read_only_at_an_open_model_rate_with_a_ramp_and_gates() {
    let options = LoadSettings {
        scenario: Scenario::ReadOnly,
        rate: Some(400.0),
        ramp: std::time::Duration::from_millis(250),
        duration: Some(std::time::Duration::from_millis(750)),
        max_error_rate: Some(0.0),
        ..LoadSettings::default()
    };
    let result = run(ServerConfig::default(), options).await;
    assert_all_pass(&result);
    assert!(result.cases.iter().all(|c| c.id != "load.cleanup"));
    let figures = result.load.expect("figures");
    let sent: u64 = figures.operations.iter().map(|o| o.count).sum();
    // 400/s for 0.5 s after a 0.25 s ramp (50 during it): requests 0 to 250 are due within
    // 0.75 s, none later; a closed loop would have sent as many as the server could answer.
    assert!(sent > 0 && sent <= 251, "{sent}");
}

/// A run of 0.75 s publishes its progress while it goes (every 250 ms) and once more at the
/// end, when the count is the run's whole count.
#[tokio::test]
async fn a_live_view_sees_the_run_progress_and_its_final_count() {
    let (live, mut seen) = tokio::sync::watch::channel(Progress::default());
    let options = LoadSettings {
        scenario: Scenario::ReadOnly,
        rate: Some(200.0),
        duration: Some(std::time::Duration::from_millis(750)),
        live: Some(std::sync::Arc::new(live)),
        ..LoadSettings::default()
    };
    let watcher = tokio::spawn(async move {
        let mut published = Vec::new();
        while seen.changed().await.is_ok() {
            published.push(*seen.borrow_and_update());
        }
        published
    });
    let result = run(ServerConfig::default(), options).await;
    let published = watcher.await.expect("the watcher ran");
    let sent: u64 = result
        .load
        .expect("figures")
        .operations
        .iter()
        .map(|o| o.count)
        .sum();
    assert!(published.len() >= 2, "{published:?}");
    assert!(
        published.windows(2).all(|w| w[0].requests <= w[1].requests),
        "{published:?}"
    );
    let last = published.last().expect("a last publication");
    assert_eq!((last.requests, last.errors), (sent, 0));
    assert!(
        published
            .iter()
            .any(|p| p.requests > 0 && p.requests < sent)
    );
}

#[tokio::test]
async fn a_p99_budget_no_server_can_meet_fails_the_latency_gate() {
    let options = LoadSettings {
        max_p99: Some(std::time::Duration::ZERO),
        ..options(Scenario::Lifecycle, 2)
    };
    let result = run(ServerConfig::default(), options).await;
    let gate = verdict(&result, "load.latency");
    assert_eq!(gate.verdict, Verdict::Fail);
    assert!(
        gate.reason
            .as_deref()
            .unwrap_or_default()
            .contains("over the p99 latency budget of 0 ms")
    );
}

/// Reads from eight clients for half a second, with the given p99 budget.
fn busy_reads(max_p99: Option<std::time::Duration>) -> LoadSettings {
    LoadSettings {
        scenario: Scenario::ReadOnly,
        duration: Some(std::time::Duration::from_millis(500)),
        max_p99,
        ..LoadSettings::default()
    }
}

#[tokio::test]
async fn throttling_without_retry_after_fails_and_is_backed_off() {
    let clean = run(ServerConfig::default(), busy_reads(None)).await;
    assert_all_pass(&clean);
    let config = ServerConfig::default().with_defect(Defect::ThrottleWithoutRetryAfter);
    let broken = run(config, busy_reads(None)).await;
    let throttling = caught(&broken, Defect::ThrottleWithoutRetryAfter);
    assert_eq!(throttling.verdict, Verdict::Fail);
    let t = &broken.load.as_ref().unwrap().throttling;
    assert!(t.without_retry_after > 0 && t.waited_ms >= 100, "{t:?}");
}

#[tokio::test]
async fn a_server_slow_under_load_fails_the_p99_budget_the_clean_one_meets() {
    let budget = Some(std::time::Duration::from_millis(500));
    let clean = run(ServerConfig::default(), busy_reads(budget)).await;
    assert_all_pass(&clean);
    let config = ServerConfig::default().with_defect(Defect::SlowUnderLoad);
    let broken = run(config, busy_reads(budget)).await;
    assert_eq!(
        caught(&broken, Defect::SlowUnderLoad).verdict,
        Verdict::Fail
    );
}

/// The verdict [`DEFECTS_CAUGHT`] says fails on `defect`, so the table is what these tests prove.
fn caught(result: &RunResult, defect: Defect) -> &CaseResult {
    let (_, id) = DEFECTS_CAUGHT
        .iter()
        .find(|(name, _)| *name == defect.name())
        .unwrap_or_else(|| panic!("{defect} is missing from DEFECTS_CAUGHT"));
    verdict(result, id)
}

/// A slow group push (20 requests a second for 100 users) cut by a deadline or a cancel: the
/// ending says which, and what the run created up to then is deleted all the same.
#[tokio::test]
async fn a_run_cut_by_its_deadline_or_a_cancel_says_so_and_leaves_nothing() {
    let slow = || LoadSettings {
        rate: Some(20.0),
        ..options(Scenario::GroupPush, 100)
    };
    let deadline = RunOptions {
        deadline: Some(std::time::Duration::from_millis(400)),
        ..RunOptions::default()
    };
    let cancelled = RunOptions::default();
    for (run, expected, note) in [
        (deadline, Ending::Deadline, "deadline of 0.4 s"),
        (cancelled, Ending::Interrupted, "interrupted"),
    ] {
        let cancel = run.cancel.clone();
        let cancel_at = std::time::Duration::from_millis(400);
        if expected == Ending::Interrupted {
            tokio::spawn(async move {
                tokio::time::sleep(cancel_at).await;
                cancel.cancel();
            });
        }
        let (result, ending) = run_with(ServerConfig::default(), slow(), &run).await;
        assert_eq!(ending, expected);
        assert!(
            result.notes.iter().any(|n| n.contains(note)),
            "{:?}",
            result.notes
        );
        let sent: u64 = result
            .load
            .as_ref()
            .expect("figures")
            .operations
            .iter()
            .map(|o| o.count)
            .sum();
        assert!(sent > 0, "the run was stopped before it sent anything");
        let cleanup = verdict(&result, "load.cleanup");
        assert_eq!(cleanup.verdict, Verdict::Pass, "{:?}", cleanup.logs);
    }
}
