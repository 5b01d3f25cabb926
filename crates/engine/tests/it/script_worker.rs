//! Scripts in worker processes (`ScriptHost::Workers`, the engine's `scimcheck-script-worker`
//! binary): a script stuck in one native call is killed at its budget and the next script runs
//! in a fresh worker; a run's deadline stops the step running, its script included.

use crate::common;

use common::{run, run_with};
use scimcheck_engine::model::Verdict;
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;
use scimcheck_engine::runscope::script::{ScriptHost, WorkerCommand};
use serde_json::json;
use std::time::Duration;

/// `indexOf` of a 50 000-character needle in a 100 000-character haystack: seconds inside one
/// native call, where QuickJS's interrupt handler is never asked.
const QUADRATIC: &str =
    "var hay = 'a'.repeat(1e5); log('at ' + hay.indexOf('a'.repeat(5e4) + 'b'));";

fn workers() -> ScriptHost {
    ScriptHost::Workers(WorkerCommand {
        program: env!("CARGO_BIN_EXE_scimcheck-script-worker").into(),
        args: Vec::new(),
    })
}

/// A run allowed `limit` of wall time.
fn deadline(limit: Duration) -> RunOptions {
    RunOptions {
        deadline: Some(limit),
        ..RunOptions::default()
    }
}

/// Settings running scripts in workers, with a CPU budget of `cpu_time`.
fn options(cpu_time: Duration) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        script_host: workers(),
        ..RunscopeSettings::default()
    };
    options.script_limits.cpu_time = cpu_time;
    options
}

/// One step per script, run as its pre-request script; the URL names an undefined variable, so
/// no step sends anything: only the scripts matter.
fn steps(before_scripts: &[&str]) -> format::RunscopeTest {
    let steps: Vec<_> = before_scripts
        .iter()
        .enumerate()
        .map(|(i, script)| {
            json!({"step_type": "request", "method": "GET", "note": format!("step {}", i + 1),
                   "url": "{{undefined_on_purpose}}", "before_scripts": [script]})
        })
        .collect();
    format::parse(&json!({"name": "workers", "steps": steps}).to_string()).expect("imports")
}

#[tokio::test]
async fn a_script_stuck_in_a_native_call_is_killed_and_the_next_script_runs() {
    let test = steps(&[QUADRATIC, "log('next')"]);
    let (result, _) = run(&test, &options(Duration::from_millis(300))).await;
    let stuck = &result.cases[0];
    assert_eq!(stuck.verdict, Verdict::Fail, "{stuck:?}");
    assert_eq!(
        stuck.reason.as_deref(),
        Some("pre-request script failed: the script ran longer than 300 ms and was stopped")
    );
    let next = &result.cases[1];
    assert_eq!(
        next.logs.first().map(String::as_str),
        Some("next"),
        "{next:?}"
    );
}

#[tokio::test]
async fn an_ordinary_loop_still_ends_with_the_interrupt_and_keeps_its_worker() {
    let test = steps(&["while (true) {}", "variables.set('x', '1'); log('after')"]);
    let (result, _) = run(&test, &options(Duration::from_millis(200))).await;
    assert_eq!(
        result.cases[0].reason.as_deref(),
        Some("pre-request script failed: script exceeded its 200 ms CPU budget (interrupted)")
    );
    assert_eq!(
        result.cases[1].logs.first().map(String::as_str),
        Some("after")
    );
}

#[tokio::test]
async fn the_run_deadline_stops_a_stuck_script_and_skips_the_rest() {
    let test = steps(&[QUADRATIC, "log('never')"]);
    let (result, _) = run_with(
        &test,
        &options(Duration::from_secs(30)),
        &deadline(Duration::from_millis(500)),
    )
    .await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert_eq!(
        result.cases[0].reason.as_deref(),
        Some("the run passed its deadline of 500 ms before this step finished; it was stopped")
    );
    assert_eq!(result.cases[1].verdict, Verdict::Skip);
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("deadline of 500 ms")),
        "{:?}",
        result.notes
    );
}

#[tokio::test]
async fn an_honoured_pause_of_a_million_years_ends_at_the_deadline() {
    let test = format::parse(
        &json!({"name": "pause", "steps": [{"step_type": "pause", "duration": 1e12}]}).to_string(),
    )
    .expect("imports");
    let options = RunscopeSettings {
        pauses: scimcheck_engine::runscope::runner::PausePolicy::Honor,
        ..RunscopeSettings::default()
    };
    let (result, _) = run_with(&test, &options, &deadline(Duration::from_millis(200))).await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert!(
        result.cases[0]
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("deadline")),
        "{:?}",
        result.cases[0]
    );
}

#[tokio::test]
async fn a_worker_that_cannot_start_fails_the_script_with_the_reason() {
    let test = steps(&["log('x')"]);
    let mut options = options(Duration::from_secs(2));
    options.script_host = ScriptHost::Workers(WorkerCommand {
        program: "/nonexistent/scimcheck-worker".into(),
        args: Vec::new(),
    });
    let (result, _) = run(&test, &options).await;
    let reason = result.cases[0].reason.as_deref().unwrap_or("");
    assert!(
        reason.starts_with(
            "pre-request script failed: could not start the script worker process /nonexistent/scimcheck-worker"
        ),
        "{reason}"
    );
}
