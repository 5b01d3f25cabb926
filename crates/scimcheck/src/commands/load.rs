//! `scimcheck load`: one load scenario against a SCIM server (the embedded reference server when
//! no base URL is given), with its verdicts, figures and charts in the usual reports. Without
//! `--report` it writes `scimcheck-load.html` in the current directory.
//!
//! Exit codes as `scimcheck run`: 0 every verdict and gate passed, 1 one failed, 2 usage or
//! input error (also a writing scenario against a non-loopback target without
//! `--allow-writes`), 3 the target could not be reached, 130 interrupted with Ctrl-C (after
//! deleting what the run created).

use super::say;
use crate::launching;
use crate::options::{self, SharedArgs};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressFinish};
use scimcheck_launch::{Launch, Plan};
use scimcheck_load::{LoadSettings, Progress, Scenario};
use scimcheck_report::terminal::TerminalOptions;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The HTML report written when no `--report` is given.
pub const DEFAULT_REPORT: &str = "scimcheck-load.html";

/// Flags of `scimcheck load` (docs/LOAD.md).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target, credentials, TLS, limits, reports, verbosity (see docs/CLI.md).
    #[command(flatten)]
    shared: Box<SharedArgs>,
    /// The scenario: group-push, import, create-race, update-race, lifecycle, mixed or
    /// read-only.
    #[arg(long, default_value = "group-push", value_parser = parse_scenario)]
    scenario: Scenario,
    /// Users the scenario creates (group-push: the group's members; create-race and
    /// update-race: users / concurrency rounds).
    #[arg(long, default_value_t = 100, value_name = "N")]
    users: usize,
    /// Requests in flight at most (parallel clients).
    #[arg(long, default_value_t = 8, value_name = "C")]
    concurrency: usize,
    /// Open-model arrival rate in requests per second (latency counted from when each
    /// request was due); without it, each client sends as soon as its last answer arrived.
    #[arg(long, value_name = "PER_SECOND")]
    rate: Option<f64>,
    /// Stop starting requests after this long, e.g. 30s or 5m (read-only: otherwise 1000 requests).
    #[arg(long, value_parser = parse_duration, value_name = "TIME")]
    duration: Option<Duration>,
    /// Climb linearly from 0 to --rate over this long, e.g. 10s.
    #[arg(long, value_parser = parse_duration, value_name = "TIME", requires = "rate")]
    ramp: Option<Duration>,
    /// Fail when any operation's p99 latency exceeds this, e.g. 300ms.
    #[arg(long, value_parser = parse_duration, value_name = "TIME")]
    max_p99: Option<Duration>,
    /// Fail when more than this share of requests failed, e.g. 0.1% or 0.001.
    #[arg(long, value_parser = parse_share, value_name = "SHARE")]
    max_error_rate: Option<f64>,
    /// Let a writing scenario run against a target that is not loopback (it creates and
    /// deletes resources named scimcheck-…).
    #[arg(long)]
    allow_writes: bool,
    /// Keep the resources the run created.
    #[arg(long)]
    no_cleanup: bool,
}

fn parse_scenario(text: &str) -> Result<Scenario, String> {
    text.parse()
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .map_err(|e| format!("{text:?} is not a duration like 300ms, 30s or 5m: {e}"))
}

/// A share given as a fraction (`0.001`) or a percentage (`0.1%`).
fn parse_share(text: &str) -> Result<f64, String> {
    let (number, scale) = match text.trim().strip_suffix('%') {
        Some(percent) => (percent, 100.0),
        None => (text.trim(), 1.0),
    };
    number
        .trim()
        .parse::<f64>()
        .ok()
        .map(|n| n / scale)
        .filter(|share| (0.0..=1.0).contains(share))
        .ok_or_else(|| format!("{text:?} is not a share like 0.1% or 0.001 (between 0 and 100%)"))
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    super::block_on("load", async {
        match run(args).await {
            Ok(finished) => finished.exit_code(),
            Err(e) => {
                say(&mut std::io::stderr(), &format!("scimcheck load: {e:#}"));
                ExitCode::from(options::error_exit_code(&e))
            }
        }
    })
}

/// Runs the scenario through the launcher (embedded server, Ctrl-C, `--deadline`, reports)
/// with a live line on a terminal, then prints the figures per operation.
async fn run(args: Args) -> Result<launching::Finished> {
    let mut settings = args.shared.resolve()?;
    let connection = settings.connect(false).await?;
    settings
        .outputs
        .report
        .get_or_insert_with(|| PathBuf::from(DEFAULT_REPORT));
    let mut load = LoadSettings {
        scenario: args.scenario,
        users: args.users,
        concurrency: args.concurrency,
        rate: args.rate,
        duration: args.duration,
        ramp: args.ramp.unwrap_or_default(),
        max_p99: args.max_p99,
        max_error_rate: args.max_error_rate,
        allow_writes: args.allow_writes,
        no_cleanup: args.no_cleanup,
        live: None,
    };
    // On a terminal the run shows a live line of its own (instead of the reporter's case bar:
    // a load run's verdicts all arrive at the end).
    let mut live_view = None;
    if TerminalOptions::for_stdout(settings.verbosity).progress {
        let (live, seen) = watch::channel(Progress::default());
        load.live = Some(Arc::new(live));
        live_view = Some(show_live(seen));
    }
    let launch = Launch {
        base_url: settings.base_url.clone(),
        authorization: connection.authorization,
        headers: settings.headers.clone(),
        run: connection.run,
        ..Launch::new(Plan::Load(Box::new(load)))
    };
    let finished = launching::launch(launch, &settings, "load").await;
    if let Some(view) = live_view {
        // The launch dropped the sender with its plan: the view clears its line and ends.
        let _ = view.await;
    }
    let finished = finished?;
    if let Some(figures) = &finished.result.load {
        for op in &figures.operations {
            say(
                &mut std::io::stdout(),
                &format!(
                    "{:<18} {:>7} req {:>5} err  p50 {:>8.1} ms  p99 {:>8.1} ms  max {:>8.1} ms",
                    op.name, op.count, op.errors, op.p50_ms, op.p99_ms, op.max_ms
                ),
            );
        }
    }
    Ok(finished)
}

/// A spinner line on standard error showing where the run stands, redrawn as the run
/// publishes its progress and cleared when it stops publishing.
fn show_live(mut seen: watch::Receiver<Progress>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let bar = ProgressBar::new_spinner().with_finish(ProgressFinish::AndClear);
        while seen.changed().await.is_ok() {
            bar.set_message(live_line(&seen.borrow_and_update()));
            bar.tick();
        }
        bar.finish_and_clear();
    })
}

/// The live line: requests so far, their rate, failures and the worst p99 yet.
fn live_line(progress: &Progress) -> String {
    let seconds = progress.elapsed.as_secs_f64();
    let rate = if seconds > 0.0 {
        progress.requests as f64 / seconds
    } else {
        0.0
    };
    format!(
        "{:.1} s · {} requests · {rate:.0}/s · {} failed · worst p99 {:.1} ms",
        seconds, progress.requests, progress.errors, progress.worst_p99_ms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_line_says_count_rate_failures_and_worst_p99() {
        let line = live_line(&Progress {
            requests: 300,
            errors: 2,
            worst_p99_ms: 12.34,
            elapsed: Duration::from_millis(1500),
        });
        assert_eq!(
            line,
            "1.5 s · 300 requests · 200/s · 2 failed · worst p99 12.3 ms"
        );
        let start = live_line(&Progress::default());
        assert_eq!(
            start,
            "0.0 s · 0 requests · 0/s · 0 failed · worst p99 0.0 ms"
        );
    }

    #[test]
    fn shares_read_as_fractions_or_percentages() {
        assert_eq!(parse_share("0.1%"), Ok(0.001));
        assert_eq!(parse_share("0.25"), Ok(0.25));
        assert!(
            parse_share("150%")
                .unwrap_err()
                .contains("between 0 and 100%")
        );
        assert!(parse_share("lots").is_err());
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("300ms"), Ok(Duration::from_millis(300)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert!(parse_duration("soon").unwrap_err().contains("300ms"));
    }
}
