//! Starting a run: a run row, then a thread of its own (with its own small runtime, since the
//! Runscope sandbox is single-threaded) that runs the plan through the launcher
//! (`scimcheck-launch`, as the binary does) and stores each case as it finishes.
//! A Runscope test's subtest steps run the uploaded suites given the test ids they name.
//! Several runs go at once, each on its thread. Each run gets a transport of its own, built
//! around the dashboard's [`crate::targets`] rules, which refuse the dashboard itself and
//! link-local addresses; it is dropped when the run ends.
//!
//! Cancel: the built-in suite is told through its cancellation token and stops its checks,
//! deleting what it created; a Runscope test is dropped at once (a pause ends there), so the
//! steps after the current one, its own clean-up steps among them, do not run. A script
//! running at that moment is in a worker process (the binary passes
//! [`ScriptHost::Workers`]) and is killed as the test is dropped; with the in-process host
//! (tests, embedders) its blocking thread ends at the script's CPU-time cap, after the run is
//! already marked cancelled.

use crate::live::LiveRuns;
use crate::store::{
    Environment, MAX_SUITE_BYTES, NewRun, RunStatus, Store, SuiteKey, audit_subject,
};
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::http::{HttpLimits, TargetPolicy, Transport, millis};
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::RunscopeSettings;
use scimcheck_engine::runscope::script::ScriptHost;
use scimcheck_launch::{self as launch, Ending, Launch};
use scimcheck_suites::SuiteSettings;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;
use tokio_util::sync::CancellationToken;

/// What to run.
#[derive(Debug, Clone)]
pub enum Plan {
    /// The built-in conformance suite, narrowed to `categories` (all when empty).
    Builtin {
        /// Category names, e.g. `users`, `filter`.
        categories: Vec<String>,
        /// Only the checks that change nothing on the server (the CLI's `--read-only`):
        /// what a schedule runs unless it allows writes.
        read_only: bool,
    },
    /// An uploaded Runscope export, already parsed.
    Runscope {
        /// The uploaded suite's id.
        suite_id: i64,
        /// The parsed test.
        test: Box<RunscopeTest>,
    },
}

impl Plan {
    fn key(&self) -> SuiteKey {
        match self {
            Plan::Builtin { .. } => SuiteKey::Builtin,
            Plan::Runscope { suite_id, .. } => SuiteKey::Upload(*suite_id),
        }
    }

    fn name(&self) -> String {
        match self {
            Plan::Builtin {
                categories,
                read_only,
            } => {
                let mut parts = categories.clone();
                if *read_only {
                    parts.push("read-only".to_owned());
                }
                if parts.is_empty() {
                    scimcheck_suites::runner::SUITE_NAME.to_owned()
                } else {
                    format!(
                        "{} ({})",
                        scimcheck_suites::runner::SUITE_NAME,
                        parts.join(", ")
                    )
                }
            }
            Plan::Runscope { test, .. } => format!("runscope: {}", test.name),
        }
    }
}

/// Stores each finished case and wakes the run's followers.
struct StoreSink {
    store: Store,
    live: Arc<LiveRuns>,
    run_id: i64,
    seq: i64,
    problems: Vec<String>,
    /// Every response's time so far, for the run's 95th percentile.
    response_times: Vec<u64>,
}

impl EventSink for StoreSink {
    fn event(&mut self, event: &RunEvent) {
        let outcome = match event {
            RunEvent::RunStarted {
                planned, target, ..
            } => self.store.set_planned(self.run_id, *planned, target),
            RunEvent::CaseFinished(case) => {
                self.seq += 1;
                let times = case.exchanges.iter().filter_map(|e| e.response.as_ref());
                self.response_times.extend(times.map(|r| r.time_ms));
                self.store.add_case(self.run_id, self.seq, case)
            }
            RunEvent::CaseStarted { .. } | RunEvent::RunFinished(_) => Ok(()),
        };
        if let Err(e) = outcome {
            self.problems.push(format!("could not store a result: {e}"));
        }
        self.live.notify(self.run_id);
    }
}

/// The `percentile`th percentile of `values` by nearest rank (the value at or below which that
/// share of them lie), `None` for none.
fn nearest_rank(values: &mut [u64], percentile: usize) -> Option<u64> {
    values.sort_unstable();
    let rank = (values.len() * percentile).div_ceil(100).max(1);
    values.get(rank - 1).copied()
}

/// Where a run may send requests, where its scripts run, and how it learns it was cancelled.
struct Control {
    target_policy: Arc<dyn TargetPolicy>,
    script_host: ScriptHost,
    cancel: CancellationToken,
}

/// Starts `plan` in `environment`, sending only where `target_policy` allows, its scripts
/// running where `script_host` says; returns the new run's id at once.
pub fn start(
    store: &Store,
    live: &Arc<LiveRuns>,
    target_policy: &Arc<dyn TargetPolicy>,
    environment: Environment,
    plan: Plan,
    script_host: &ScriptHost,
) -> Result<i64, crate::error::DashboardError> {
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let target = if environment.base_url.is_empty() {
        "embedded reference server"
    } else {
        environment.base_url.as_str()
    };
    let run_id = store.create_run(&NewRun {
        environment_id: environment.id,
        environment_name: &environment.name,
        suite: plan.key(),
        suite_name: &plan.name(),
        target,
        started_at: &started_at,
    })?;
    let control = Control {
        target_policy: Arc::clone(target_policy),
        script_host: script_host.clone(),
        cancel: live.open(run_id),
    };
    let sink = StoreSink {
        store: store.clone(),
        live: Arc::clone(live),
        run_id,
        seq: 0,
        problems: Vec::new(),
        response_times: Vec::new(),
    };
    let spawned = std::thread::Builder::new()
        .name(format!("scimcheck-run-{run_id}"))
        .spawn(move || run_on_this_thread(environment, plan, sink, control));
    if let Err(e) = spawned {
        store.finish_run(
            run_id,
            RunStatus::Error,
            0,
            &[format!("could not start the run's thread: {e}")],
            None,
        )?;
        live.close(run_id);
    }
    Ok(run_id)
}

fn run_on_this_thread(environment: Environment, plan: Plan, mut sink: StoreSink, control: Control) {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let outcome = match &runtime {
        // A bug in a suite must not leave the run "running" forever: a panic ends it as an error.
        Ok(runtime) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            runtime.block_on(run(&environment, plan, &mut sink, &control))
        }))
        .unwrap_or_else(|_| {
            Err("the run stopped on an internal error (a panic); please report it".into())
        }),
        Err(e) => Err(format!("could not start the run's runtime: {e}")),
    };
    let (status, duration, mut notes) = match outcome {
        Ok((duration, notes, Ending::Interrupted)) => (RunStatus::Cancelled, duration, notes),
        Ok((duration, notes, Ending::Completed | Ending::Deadline)) => {
            (RunStatus::Finished, duration, notes)
        }
        Err(message) => (RunStatus::Error, millis(started.elapsed()), vec![message]),
    };
    notes.append(&mut sink.problems);
    // Nothing more can be done if even this write fails; the next start marks it interrupted.
    let p95 = nearest_rank(&mut sink.response_times, 95);
    let _ = sink
        .store
        .finish_run(sink.run_id, status, duration, &notes, p95);
    sink.live.close(sink.run_id);
    // With the in-process script host, a script still running after Cancel keeps its blocking
    // thread until it ends; the run is over, so this thread does not wait for it.
    if let Ok(runtime) = runtime {
        runtime.shutdown_background();
    }
}

/// The most bytes of uploaded exports one run reads for its subtests: a few of the largest
/// uploads ([`MAX_SUITE_BYTES`]) and hundreds of usual ones, so a run's memory does not grow
/// with the number of uploads.
const SUBTEST_BYTES: usize = 4 * MAX_SUITE_BYTES;

/// The tests `test`'s subtest steps run, by test id: the uploaded suites given those ids, and
/// the ones their own subtest steps call, and so on. Only suites a step can reach are read, at
/// most `limit` bytes of them; a suite left out (over the budget, or a stored file that no
/// longer parses) is named in `notes`, and the steps calling it are skipped by the engine
/// saying its test was not given.
fn subtests(
    store: &Store,
    test: &RunscopeTest,
    limit: usize,
    notes: &mut Vec<String>,
) -> BTreeMap<String, RunscopeTest> {
    let mut budget = limit;
    let mut found = BTreeMap::new();
    let mut looked_up = BTreeSet::new();
    let mut wanted: Vec<String> = test.called_tests().into_iter().map(str::to_owned).collect();
    while let Some(test_id) = wanted.pop() {
        if !looked_up.insert(test_id.clone()) {
            continue;
        }
        let suite = match store.suite_with_test_id(&test_id) {
            Ok(Some(suite)) => suite,
            Ok(None) => continue,
            Err(e) => {
                notes.push(format!(
                    "the uploaded suite with Runscope test id {test_id} could not be read ({e}); the subtest steps calling it were skipped"
                ));
                continue;
            }
        };
        let left_out = |why: String| {
            format!(
                "the uploaded suite {} with Runscope test id {test_id} was left out, so the subtest steps calling it were skipped: {why}",
                audit_subject(&suite.name, suite.id)
            )
        };
        let Some(rest) = budget.checked_sub(suite.source.len()) else {
            notes.push(left_out(format!(
                "a run reads at most {:.1} MiB of subtest exports; call fewer or smaller tests",
                limit as f64 / (1024.0 * 1024.0)
            )));
            continue;
        };
        match format::parse(&suite.source) {
            Ok(called) => {
                budget = rest;
                wanted.extend(called.called_tests().into_iter().map(str::to_owned));
                found.insert(test_id, called);
            }
            Err(e) => notes.push(left_out(format!(
                "its stored file no longer parses ({e}); upload it again"
            ))),
        }
    }
    found
}

/// Runs the plan through the launcher; `Ok` carries the duration, notes and ending of a run
/// that happened.
async fn run(
    environment: &Environment,
    plan: Plan,
    sink: &mut StoreSink,
    control: &Control,
) -> Result<(u64, Vec<String>, Ending), String> {
    let base_url = environment.base_url.trim_end_matches('/');
    let plan = match plan {
        Plan::Builtin {
            categories,
            read_only,
        } => launch::Plan::Suite(SuiteSettings {
            only: categories,
            read_only,
            ..SuiteSettings::default()
        }),
        Plan::Runscope { test, .. } => {
            let mut options = RunscopeSettings {
                variables: environment.variables.clone(),
                pauses: environment.pauses,
                keep_cookies: environment.use_cookies,
                ..RunscopeSettings::default()
            };
            if base_url.is_empty() {
                // An environment without a base URL runs against the embedded server, whatever
                // its variables say.
                options.variables.remove("SCIMBaseURL");
            }
            if !environment.initial_script.trim().is_empty() {
                options.initial_script = Some(environment.initial_script.clone());
            }
            options.subtests = subtests(&sink.store, &test, SUBTEST_BYTES, &mut options.notes);
            launch::Plan::Runscope(test, Box::new(options))
        }
    };
    let launch = Launch {
        base_url: (!base_url.is_empty()).then(|| base_url.to_owned()),
        authorization: (!environment.auth.is_empty()).then(|| environment.auth.clone()),
        run: RunOptions {
            limits: HttpLimits {
                transport: Some(Arc::new(Transport::restricted(Arc::clone(
                    &control.target_policy,
                )))),
                ..HttpLimits::default()
            },
            cancel: control.cancel.clone(),
            ..RunOptions::default()
        },
        script_host: control.script_host.clone(),
        ..Launch::new(plan)
    };
    let launched = launch
        .prepare()
        .await
        .map_err(|e| e.to_string())?
        .run(sink)
        .await
        .map_err(|e| e.to_string())?;
    Ok((
        launched.result.duration_ms,
        launched.result.notes,
        launched.ending,
    ))
}

/// The built-in suite's categories, in catalog order, for the Run now form.
pub fn builtin_categories() -> Vec<&'static str> {
    let mut categories: Vec<&'static str> = Vec::new();
    for check in scimcheck_suites::catalog::all() {
        let category = check.category();
        if !categories.contains(&category) {
            categories.push(category);
        }
    }
    categories
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewSuite;

    /// An export whose steps are subtest steps calling `calls`.
    fn calling(name: &str, calls: &[&str]) -> String {
        let steps: Vec<_> = calls
            .iter()
            .map(|id| serde_json::json!({"step_type": "subtest", "test_uuid": id}))
            .collect();
        serde_json::json!({"name": name, "steps": steps}).to_string()
    }

    fn upload(store: &Store, test_id: &str, source: &str) -> i64 {
        let suite = NewSuite {
            name: test_id,
            file_name: "t.json",
            source,
            uploaded_at: "2026-01-01T00:00:00Z",
            test_id: Some(test_id),
        };
        store.add_suite(&suite).unwrap().unwrap()
    }

    #[test]
    fn a_run_reads_the_suites_its_subtest_steps_reach_and_no_others() {
        let store = Store::in_memory().unwrap();
        upload(&store, "a", &calling("A", &["b", "a"]));
        upload(&store, "b", &calling("B", &["missing"]));
        upload(&store, "unrelated", &calling("U", &[]));
        let parent = format::parse(&calling("Parent", &["a"])).unwrap();
        let mut notes = Vec::new();
        let found = subtests(&store, &parent, SUBTEST_BYTES, &mut notes);
        assert_eq!(found.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(found["b"].name, "B");
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_suite_that_no_longer_parses_or_is_over_the_budget_is_left_out_and_named() {
        let store = Store::in_memory().unwrap();
        let broken = upload(&store, "broken", "{ not json");
        let small = calling("Small", &[]);
        upload(&store, "small", &small);
        let big = calling("Big", &["x".repeat(200).as_str()]);
        let big_id = upload(&store, "big", &big);
        let parent = format::parse(&calling("Parent", &["broken", "small", "big"])).unwrap();
        let mut notes = Vec::new();
        // Room for the small one and the broken one (left out unread or not), never the big.
        let found = subtests(&store, &parent, small.len() + 20, &mut notes);
        assert_eq!(found.keys().collect::<Vec<_>>(), ["small"], "{notes:?}");
        assert_eq!(notes.len(), 2, "{notes:?}");
        let note = |id: i64| notes.iter().find(|n| n.contains(&format!("(#{id})")));
        assert!(
            note(broken)
                .is_some_and(|n| n.contains("no longer parses") && n.contains("upload it again")),
            "{notes:?}"
        );
        assert!(
            note(big_id)
                .is_some_and(|n| n.contains("at most")
                    && n.contains("subtest steps calling it were skipped")),
            "{notes:?}"
        );
    }
}
