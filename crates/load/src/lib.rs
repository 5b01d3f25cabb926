//! `scimcheck load`: provisioning at an identity provider's scale and concurrency, judged for
//! correctness and measured properly.
//!
//! A run discovers the server like the conformance suite does, runs one [`Scenario`] (group
//! push, import, create race, lifecycle, read-only) through a [`driver::Driver`] that paces
//! requests (closed loop, or open model at `--rate` with a `--ramp`), honours 429 with
//! `Retry-After` or backoff, and measures every request into HdrHistograms (`measure`) from
//! the moment it was due, so a stalling server cannot hide behind coordinated omission. The
//! scenario's verdicts, the gates (`--max-p99`, `--max-error-rate`), throttling and cleanup
//! become cases of the engine's result model, and the figures its `load` field, so every
//! report shows them. Everything the run created is deleted at the end, also after Ctrl-C.
//!
//! Not for: printing or flags (the binary), rendering (crates/report).

pub mod driver;
pub mod measure;
pub mod scenario;
pub mod schedule;
pub mod verdict;

pub use measure::Progress;
pub use scenario::Scenario;

use driver::{Call, Driver, Pacing};
use measure::Recorder;
use scimcheck_engine::ending::Ending;
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::http::HttpClient;
use scimcheck_engine::model::{CaseResult, LoadFigures, RunResult, RunStart, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_suites::context::Context;
use scimcheck_suites::foreign;
use scimcheck_suites::probe::with_query;
use scimcheck_suites::runner::{clean_up, discover, sweep_stragglers};
use scimcheck_suites::{SuiteError, Target};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use verdict::{case, judge};

/// The reference-server defects whose breakage only a load run shows, each with the verdict
/// that fails on it (proven in tests/scenarios.rs). With the suite's checks and the IdP
/// scenarios they account for every defect (crates/idp/tests/it/profiles.rs).
pub const DEFECTS_CAUGHT: &[(&str, &str)] = &[
    ("patch-lost-update", "load.group-push.members"),
    ("uniqueness-check-racy", "load.create-race.one-winner"),
    ("if-match-check-racy", "load.update-race.one-winner"),
    ("filter-ignored", "load.mixed.answers"),
    ("throttle-without-retry-after", "load.throttling"),
    ("slow-under-load", "load.latency"),
];

/// The note of a run its caller cancelled (Ctrl-C, Cancel); the caller reads the
/// [`Ending`], not this text.
const INTERRUPTED: &str = "interrupted: the load stopped; what it created was deleted";

/// What a load run does: the scenario, its size and pacing, its gates. What every run has —
/// limits and transport, masking, the deadline and the caller's cancellation token — comes in
/// the engine's [`RunOptions`], as for the suite and Runscope runs.
#[derive(Debug, Clone)]
pub struct LoadSettings {
    /// Which scenario.
    pub scenario: Scenario,
    /// Users the scenario creates (or, for `create-race`, userNames raced for).
    pub users: usize,
    /// Requests in flight at most.
    pub concurrency: usize,
    /// Open-model arrival rate per second; `None` for closed loop.
    pub rate: Option<f64>,
    /// Stop starting requests after this long.
    pub duration: Option<Duration>,
    /// Time the rate takes to climb from 0 to `rate`.
    pub ramp: Duration,
    /// Gate: the worst operation's p99 must not exceed this.
    pub max_p99: Option<Duration>,
    /// Gate: failed requests over all requests must not exceed this fraction.
    pub max_error_rate: Option<f64>,
    /// Allow a writing scenario against a target that is not loopback.
    pub allow_writes: bool,
    /// Keep what the run created.
    pub no_cleanup: bool,
    /// Where the run publishes its [`Progress`] every [`LIVE_EVERY`] while it goes, and once
    /// more at the end, for a live view (the binary's terminal line); `None` publishes nothing.
    pub live: Option<Arc<watch::Sender<Progress>>>,
}

/// How often a run publishes its progress to [`LoadSettings::live`].
pub const LIVE_EVERY: Duration = Duration::from_millis(250);

impl Default for LoadSettings {
    fn default() -> Self {
        LoadSettings {
            scenario: Scenario::GroupPush,
            users: 100,
            concurrency: 8,
            rate: None,
            duration: None,
            ramp: Duration::ZERO,
            max_p99: None,
            max_error_rate: None,
            allow_writes: false,
            no_cleanup: false,
            live: None,
        }
    }
}

/// Why a load run could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A writing scenario against a target that is not loopback, without writes allowed there.
    /// Like every message here it names settings in the engine's terms ([`Setting`]); the CLI
    /// adds its flags.
    ///
    /// [`Setting`]: scimcheck_engine::setting::Setting
    #[error(
        "the {scenario} scenario creates and changes resources, and {url} is not a loopback address: turn on allowing writes beyond loopback if this server may take them (everything created is named scimcheck-… and deleted at the end), or set the load scenario to read-only"
    )]
    WritesNotAllowed {
        /// The scenario.
        scenario: Scenario,
        /// The target.
        url: String,
    },
    /// A setting that cannot work.
    #[error("{0}")]
    Invalid(String),
    /// Discovery failed (the target is unreachable, or the client could not be built).
    #[error(transparent)]
    Suite(#[from] SuiteError),
}

/// The suite name of a load run's result.
pub fn suite_name(scenario: Scenario) -> String {
    format!("load: {scenario}")
}

/// Runs `settings.scenario` against `target`, reporting to `sink`, until the scenario ends,
/// `run.cancel` is cancelled ([`Ending::Interrupted`]) or `run.deadline` passes
/// ([`Ending::Deadline`]). A run cut short still judges what it measured and deletes what it
/// created, so every ending comes with a result.
pub async fn run_to_ending(
    target: Target,
    settings: &LoadSettings,
    run: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<(RunResult, Ending), LoadError> {
    check(&target, settings)?;
    let start = RunStart::now();
    let client = HttpClient::new(run.limits.clone(), target.egress()).map_err(SuiteError::from)?;
    let discovered = discover(&client, &target).await?;
    let redactor = (!run.show_secrets).then(|| client.egress().redactor().clone());
    // Load reports hold figures, not bodies; whatever of other people's records a probe sees
    // is still counted and masked as in a conformance run.
    let ctx = Arc::new(Context::new(client, target.clone(), discovered, true));
    let suite = suite_name(settings.scenario);
    sink.event(&RunEvent::RunStarted {
        suite: suite.clone(),
        target: redactor
            .as_ref()
            .map_or_else(|| target.base_url.clone(), |r| r.mask(&target.base_url)),
        planned: 5,
    });
    let driver = Driver {
        ctx: Arc::clone(&ctx),
        recorder: Recorder::new(),
        pacing: Pacing {
            concurrency: settings.concurrency,
            schedule: settings.rate.map(|rate| schedule::Schedule {
                rate,
                ramp: settings.ramp,
            }),
        },
        stop_at: settings.duration.map(|d| Instant::now() + d),
    };
    let mut notes = Vec::new();
    let publishing = async {
        match &settings.live {
            Some(live) => {
                let mut tick = tokio::time::interval(LIVE_EVERY);
                loop {
                    tick.tick().await;
                    live.send_replace(driver.recorder.progress());
                }
            }
            None => std::future::pending().await,
        }
    };
    let out_of_time = async {
        match run.deadline {
            Some(deadline) => tokio::time::sleep_until((start.instant() + deadline).into()).await,
            None => std::future::pending().await,
        }
    };
    let (mut cases, ending) = tokio::select! {
        cases = settings.scenario.run(&driver, settings.users) => (cases, Ending::Completed),
        () = run.cancel.cancelled() => (Vec::new(), Ending::Interrupted),
        () = out_of_time => (Vec::new(), Ending::Deadline),
        // Publishing never ends on its own: the scenario, a cancel or the deadline ends the run.
        () = publishing => (Vec::new(), Ending::Completed),
    };
    if let Some(live) = &settings.live {
        live.send_replace(driver.recorder.progress());
    }
    match ending {
        Ending::Completed => {}
        Ending::Interrupted => notes.push(INTERRUPTED.to_owned()),
        Ending::Deadline => notes.push(format!(
            "the load passed its deadline of {} s and was stopped: its scenario verdicts were not reached; what it created was deleted",
            run.deadline.unwrap_or_default().as_secs_f64()
        )),
    }
    let figures = driver
        .recorder
        .figures(settings.scenario.name(), described(settings));
    cases.push(latency_gate(&figures, settings.max_p99));
    cases.push(error_rate_gate(&figures, settings.max_error_rate));
    cases.push(throttling(&figures));
    notes.extend(clean_up(&ctx, settings.no_cleanup).await);
    if ending != Ending::Completed && !settings.no_cleanup {
        notes.extend(sweep_stragglers(&ctx).await);
    }
    if settings.scenario.writes() {
        cases.push(left_behind(&driver, settings.no_cleanup).await);
    }
    for case in &cases {
        sink.event(&RunEvent::CaseFinished(case.clone()));
    }
    let foreign_data = ctx.foreign.summary();
    notes.extend(foreign::note(foreign_data));
    let mut result = start.finish(
        suite,
        target.base_url.clone(),
        cases,
        notes,
        redactor.as_ref(),
    );
    result.foreign_data = Some(foreign_data);
    result.load = Some(figures);
    sink.event(&RunEvent::RunFinished(result.clone()));
    Ok((result, ending))
}

/// Refuses settings that cannot work and writes where they are not allowed.
fn check(target: &Target, options: &LoadSettings) -> Result<(), LoadError> {
    if options.scenario.writes() && !options.allow_writes && !is_loopback(&target.base_url) {
        return Err(LoadError::WritesNotAllowed {
            scenario: options.scenario,
            url: target.base_url.clone(),
        });
    }
    if options.concurrency == 0 {
        return Err(LoadError::Invalid(
            "the number of requests in flight is 0, which would send nothing; give at least 1"
                .into(),
        ));
    }
    if options.users == 0 && options.scenario.writes() {
        return Err(LoadError::Invalid(
            "the number of users to create is 0, which leaves the scenario nothing to do; give at least 1"
                .into(),
        ));
    }
    if let Some(rate) = options.rate
        && !(rate.is_finite() && rate > 0.0)
    {
        return Err(LoadError::Invalid(format!(
            "the arrival rate {rate} is not a positive number of requests per second"
        )));
    }
    if let Some(limit) = options.max_error_rate
        && !(0.0..=1.0).contains(&limit)
    {
        return Err(LoadError::Invalid(format!(
            "the error-rate budget {limit} is not a fraction between 0 and 1 (0.1% is 0.001)"
        )));
    }
    Ok(())
}

/// Whether `url`'s host is a loopback address (127.0.0.0/8, ::1 or `localhost`).
pub fn is_loopback(url: &str) -> bool {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// The settings the figures are shown with.
fn described(options: &LoadSettings) -> Vec<String> {
    let mut lines = vec![
        format!("scenario = {}", options.scenario),
        format!("users = {}", options.users),
        format!("concurrency = {}", options.concurrency),
    ];
    lines.push(match options.rate {
        Some(rate) => format!(
            "rate = {rate}/s (open model, ramp {} s)",
            options.ramp.as_secs_f64()
        ),
        None => "rate = closed loop".into(),
    });
    if let Some(duration) = options.duration {
        lines.push(format!("duration = {} s", duration.as_secs_f64()));
    }
    lines
}

/// `load.latency`: the p99 of every operation within the p99 latency budget (a pass listing
/// the figures without one).
fn latency_gate(figures: &LoadFigures, max_p99: Option<Duration>) -> CaseResult {
    let mut gate = case(
        "load.latency",
        "Latency per operation (p99 within the p99 latency budget)",
    );
    for op in &figures.operations {
        gate.logs.push(format!(
            "{}: {} requests, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms, max {:.1} ms",
            op.name, op.count, op.p50_ms, op.p90_ms, op.p99_ms, op.p999_ms, op.max_ms
        ));
    }
    if let Some(limit) = max_p99 {
        let limit_ms = limit.as_secs_f64() * 1000.0;
        for op in &figures.operations {
            judge(
                &mut gate,
                &format!("p99 of {}", op.name),
                format!("≤ {limit_ms:.0} ms"),
                format!("{:.1} ms", op.p99_ms),
                op.p99_ms <= limit_ms,
                Some(format!(
                    "p99 of {} is {:.1} ms, over the p99 latency budget of {limit_ms:.0} ms",
                    op.name, op.p99_ms
                )),
            );
        }
    }
    gate
}

/// `load.error-rate`: failed requests over all requests, within the error-rate budget when given.
fn error_rate_gate(figures: &LoadFigures, max: Option<f64>) -> CaseResult {
    let mut gate = case(
        "load.error-rate",
        "Error rate (within the error-rate budget)",
    );
    let requests: u64 = figures.operations.iter().map(|o| o.count).sum();
    let errors: u64 = figures.operations.iter().map(|o| o.errors).sum();
    let rate = if requests == 0 {
        0.0
    } else {
        errors as f64 / requests as f64
    };
    gate.logs.push(format!(
        "{errors} of {requests} requests failed ({:.3} %)",
        rate * 100.0
    ));
    if let Some(limit) = max {
        judge(
            &mut gate,
            "failed requests / requests",
            format!("≤ {:.3} %", limit * 100.0),
            format!("{:.3} %", rate * 100.0),
            rate <= limit,
            Some(format!(
                "{errors} of {requests} requests failed ({:.3} %), over the error-rate budget of {:.3} %",
                rate * 100.0,
                limit * 100.0
            )),
        );
    }
    gate
}

/// `load.throttling`: every 429 says when to come back (`Retry-After`), so an IdP can honour
/// it instead of guessing.
fn throttling(figures: &LoadFigures) -> CaseResult {
    let mut verdict = case(
        "load.throttling",
        "Throttling answers 429 with Retry-After (honoured with backoff)",
    );
    let t = &figures.throttling;
    verdict.logs.push(format!(
        "{} answers 429, {} without a usable Retry-After; waited {} ms in all before retrying",
        t.responses, t.without_retry_after, t.waited_ms
    ));
    judge(
        &mut verdict,
        "429 answers without Retry-After",
        "none".into(),
        t.without_retry_after.to_string(),
        t.without_retry_after == 0,
        Some(format!(
            "{} of {} 429 answers had no Retry-After (RFC 6585 §4 says it may, and IdPs need it to know when to retry); the run backed off exponentially instead",
            t.without_retry_after, t.responses
        )),
    );
    verdict
}

/// `load.cleanup`: after cleanup, no user or group named with the run's prefix is left.
async fn left_behind(driver: &Driver, kept: bool) -> CaseResult {
    let mut verdict = case("load.cleanup", "Nothing the run created is left behind");
    if kept {
        verdict.conclude(
            Verdict::Skip,
            "keeping what the run created: the run's resources were kept",
        );
        return verdict;
    }
    let prefix = driver.ctx.data.prefix();
    let mut unverified = 0;
    for (endpoint, attribute) in [("/Users", "userName"), ("/Groups", "displayName")] {
        let filter = format!("{attribute} sw \"{prefix}\"");
        let call = Call {
            operation: "verify-cleanup",
            method: "GET",
            path: with_query(endpoint, &[("filter", &filter), ("count", "1")]),
            body: None,
            expect: &[200],
        };
        match driver.send(call, Instant::now()).await {
            Ok(answer) if answer.status == 200 => {
                let list = answer.json();
                let left = list["totalResults"].as_u64().unwrap_or(0);
                let listed: Vec<&str> = list["Resources"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| r[attribute].as_str().unwrap_or_default())
                    .collect();
                if listed.iter().any(|name| !starts_with_folded(name, prefix)) {
                    // Another failing verdict explains a filter that is not honoured; this one
                    // cannot tell leftovers from other people's resources, so it does not judge.
                    verdict.logs.push(format!(
                        "{endpoint}: the listing for {filter} named resources this run did not create (the filter is not honoured), so it says nothing about what is left"
                    ));
                    unverified += 1;
                    continue;
                }
                judge(
                    &mut verdict,
                    &format!("{endpoint} named {prefix}… after cleanup"),
                    "0".into(),
                    left.to_string(),
                    left == 0,
                    None,
                );
            }
            Ok(answer) => verdict.conclude(
                Verdict::Error,
                format!(
                    "{endpoint}: listing after cleanup answered {}",
                    answer.status
                ),
            ),
            Err(e) => verdict.conclude(Verdict::Error, e),
        }
    }
    if unverified == 2 {
        verdict.conclude(
            Verdict::Skip,
            "not verified: the server's filter does not select by name, so listing cannot show what is left",
        );
    }
    verdict
}

/// Whether `name` starts with `prefix`, ignoring case (userName and displayName compare so).
fn starts_with_folded(name: &str, prefix: &str) -> bool {
    name.to_lowercase().starts_with(&prefix.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_targets_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8080/scim/v2"));
        assert!(is_loopback("http://[::1]:80/scim/v2"));
        assert!(is_loopback("http://LOCALHOST/scim/v2"));
        assert!(!is_loopback("https://api.example.com/scim/v2"));
        assert!(!is_loopback("http://10.0.0.1/scim/v2"));
        assert!(!is_loopback("not a url"));
    }

    #[test]
    fn writes_off_loopback_need_allow_writes_but_read_only_does_not() {
        let target = Target::new("https://api.example.com/scim/v2");
        let options = LoadSettings::default();
        let err = check(&target, &options).unwrap_err().to_string();
        assert!(err.contains("allowing writes beyond loopback"), "{err}");
        let read_only = LoadSettings {
            scenario: Scenario::ReadOnly,
            ..LoadSettings::default()
        };
        assert!(check(&target, &read_only).is_ok());
        let allowed = LoadSettings {
            allow_writes: true,
            ..LoadSettings::default()
        };
        assert!(check(&target, &allowed).is_ok());
    }
}
