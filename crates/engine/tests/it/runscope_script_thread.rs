//! A runaway script burns its CPU budget on tokio's blocking pool, not on the async worker: on a
//! current-thread runtime (one worker for everything), a server task on the same runtime keeps
//! answering while a script loops, and the run ends only after it has answered.
//!
//! The ping is sent a little after the script has started (its step's request reached the
//! server, or the run began); inline, the script would hold the only worker, the timer and the
//! server task would wait for its budget to run out, and the run would end first.

use crate::common;

use axum::Router;
use axum::routing::get;
use common::run;
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::RunscopeSettings;
use serde_json::json;
use std::cell::Cell;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// A server on this runtime: `/ping` answers `pong`; `/start` also wakes `started`.
async fn spawn_server(started: Arc<Notify>) -> String {
    let app = Router::new()
        .route("/ping", get(|| async { "pong" }))
        .route(
            "/start",
            get(move || async move {
                started.notify_one();
                "started"
            }),
        );
    common::serve(app).await
}

const LOOP: &str = "while (true) {}";

/// Runs `test` with `options` and pings the server a little after `script_started`; returns the
/// run and whether the ping was answered while the run was still going.
async fn run_while_pinging(
    base: &str,
    test: &format::RunscopeTest,
    options: &RunscopeSettings,
    script_started: impl Future<Output = ()>,
) -> (RunResult, bool) {
    let run_done = Cell::new(false);
    let answered_during_run = Cell::new(false);
    let client = reqwest::Client::new();
    let running = async {
        let (result, _) = run(test, options).await;
        run_done.set(true);
        result
    };
    let ping = async {
        script_started.await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let body = client
            .get(format!("{base}/ping"))
            .send()
            .await
            .expect("ping sent")
            .text()
            .await
            .expect("ping body");
        assert_eq!(body, "pong");
        answered_during_run.set(!run_done.get());
    };
    let (result, ()) = tokio::join!(running, ping);
    (result, answered_during_run.get())
}

fn looping_options(base: &str) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        target: base.to_owned(),
        ..RunscopeSettings::default()
    };
    options.variables.insert("base".into(), base.to_owned());
    // Generous next to a local ping (well under a millisecond when the worker is free).
    options.script_limits.cpu_time = Duration::from_millis(1500);
    options
}

#[tokio::test(flavor = "current_thread")]
async fn a_looping_post_response_script_does_not_stall_the_runtime() {
    let started = Arc::new(Notify::new());
    let base = spawn_server(Arc::clone(&started)).await;
    let test = format::parse(
        &json!({"name": "loop", "steps": [{"step_type": "request", "method": "GET",
            "url": "{{base}}/start", "note": "loops", "scripts": [LOOP]}]})
        .to_string(),
    )
    .expect("test imports");
    let options = looping_options(&base);
    let (result, answered_during_run) =
        run_while_pinging(&base, &test, &options, started.notified()).await;
    assert_eq!(result.cases[0].verdict, Verdict::Fail);
    let reason = result.cases[0].reason.as_deref().unwrap_or("");
    assert!(reason.contains("CPU budget"), "{reason}");
    assert!(
        answered_during_run,
        "the server answered only after the script's budget ran out"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_looping_initial_script_does_not_stall_the_runtime() {
    let base = spawn_server(Arc::new(Notify::new())).await;
    let test =
        format::parse(&json!({"name": "loop", "steps": []}).to_string()).expect("test imports");
    let mut options = looping_options(&base);
    options.initial_script = Some(LOOP.into());
    // The initial script is the first thing a run does.
    let (result, answered_during_run) =
        run_while_pinging(&base, &test, &options, std::future::ready(())).await;
    assert_eq!(result.cases[0].verdict, Verdict::Error);
    assert!(
        answered_during_run,
        "the server answered only after the initial script's budget ran out"
    );
}
