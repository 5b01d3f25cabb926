//! The launcher against the embedded reference server: what it starts, the default credential,
//! and the ending it reports.

use scimcheck_engine::event::{CollectingSink, EventSink, RunEvent};
use scimcheck_engine::model::Verdict;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;
use scimcheck_launch::{Ending, Launch, Plan};
use scimcheck_suites::SuiteSettings;
use tokio_util::sync::CancellationToken;

/// Cancels the run as its first case finishes, as a user pressing Cancel would.
struct CancelAfterFirstCase(CancellationToken);

impl EventSink for CancelAfterFirstCase {
    fn event(&mut self, event: &RunEvent) {
        if matches!(event, RunEvent::CaseFinished(_)) {
            self.0.cancel();
        }
    }
}

/// One step reading /ServiceProviderConfig with the run's `auth`.
const ONE_STEP: &str = r#"{"name": "one step", "steps": [{"step_type": "request", "method": "GET",
    "url": "{{SCIMBaseURL}}/ServiceProviderConfig", "headers": {"Authorization": ["{{auth}}"]},
    "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}]}"#;

#[tokio::test]
async fn a_runscope_test_without_a_target_runs_on_the_seeded_embedded_server_with_its_token() {
    let test = format::parse(ONE_STEP).expect("a valid test");
    let plan = Plan::Runscope(Box::new(test), Box::default());
    let prepared = Launch::new(plan)
        .prepare()
        .await
        .expect("the server starts");
    let embedded = prepared.embedded().expect("embedded").to_owned();
    assert!(embedded.ends_with("/scim/v2"), "{embedded}");
    assert!(prepared.seeded());
    assert_eq!(prepared.okta_org(), None);
    let launched = prepared
        .run(&mut CollectingSink::default())
        .await
        .expect("the run happens");
    assert_eq!(launched.ending, Ending::Completed);
    assert_eq!(launched.result.target, embedded);
    assert_eq!(launched.result.cases.len(), 1);
    assert_eq!(launched.result.cases[0].verdict, Verdict::Pass);
}

#[tokio::test]
async fn a_suite_cancelled_before_its_checks_start_ends_interrupted_with_a_result() {
    let launch = Launch::new(Plan::Suite(SuiteSettings {
        only: vec!["users".into()],
        ..SuiteSettings::default()
    }));
    launch.run.cancel.cancel();
    let prepared = launch.prepare().await.expect("the server starts");
    assert!(!prepared.seeded());
    let launched = prepared
        .run(&mut CollectingSink::default())
        .await
        .expect("a cancelled run still has a result");
    assert_eq!(launched.ending, Ending::Interrupted);
    assert!(launched.result.cases.is_empty());
    assert_eq!(
        launched.result.notes,
        ["cancelled before the checks started: nothing was created"]
    );
}

#[tokio::test]
async fn a_runscope_test_cancelled_mid_pause_ends_interrupted_with_the_steps_before() {
    let test = format::parse(
        r#"{"name": "pausing", "steps": [
        {"step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/ServiceProviderConfig"},
        {"step_type": "pause", "duration": 600}]}"#,
    )
    .expect("a valid test");
    let options = RunscopeSettings {
        pauses: scimcheck_engine::runscope::runner::PausePolicy::Honor,
        ..RunscopeSettings::default()
    };
    let launch = Launch::new(Plan::Runscope(Box::new(test), Box::new(options)));
    let cancel = launch.run.cancel.clone();
    let prepared = launch.prepare().await.expect("the server starts");
    let mut sink = CancelAfterFirstCase(cancel);
    let launched = prepared
        .run(&mut sink)
        .await
        .expect("a cancelled run still has a result");
    assert_eq!(launched.ending, Ending::Interrupted);
    assert_eq!(launched.result.cases.len(), 1, "{:?}", launched.result);
    assert_eq!(launched.result.suite, "runscope: pausing");
    assert!(
        launched.result.notes[0].starts_with("cancelled after 1 step(s) finished"),
        "{:?}",
        launched.result.notes
    );
}
