//! What `run`, `runscope` and `load` share around the launcher (crates/launch): Ctrl-C cancels the run
//! (the one place a run listens to a signal), the lines saying what the launch started, the
//! live terminal and the gate, the reports — written for every ending —, and the exit code,
//! which comes from the ending.

use crate::commands::say;
use crate::options::{Settings, Unreachable};
use anyhow::{Context, Result};
use scimcheck_engine::model::RunResult;
use scimcheck_launch::{Ending, Launch, LaunchError, Plan};
use scimcheck_load::LoadError;
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter};
use scimcheck_suites::SuiteError;
use std::process::ExitCode;
use tokio_util::sync::CancellationToken;

/// A run that happened: its judged result, how it ended, whether it passes its gate, and the
/// base URL it was sent to.
pub struct Finished {
    /// The result, judged by the gate; its reports are written.
    pub result: RunResult,
    /// Completed, interrupted (Ctrl-C) or stopped at `--deadline`.
    pub ending: Ending,
    /// Whether the result passes `--fail-on` (and the baseline).
    pub passes: bool,
    /// The base URL the run was sent to.
    pub target: String,
}

impl Finished {
    /// 130 after Ctrl-C, 1 past the deadline, else 0 or 1 as the gate says.
    pub fn exit_code(&self) -> ExitCode {
        match self.ending {
            Ending::Interrupted => ExitCode::from(130),
            Ending::Deadline => ExitCode::from(1),
            Ending::Completed if self.passes => ExitCode::SUCCESS,
            Ending::Completed => ExitCode::from(1),
        }
    }
}

/// Ctrl-C cancels `cancel` instead of killing the process, so the run deletes what it created
/// and the reports are written: the one place a run listens to the signal. Abort the returned
/// task when the run is over.
fn cancel_on_ctrl_c(cancel: CancellationToken) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    })
}

/// Launches `launch` with Ctrl-C wired to its cancellation, shows it live, and writes the
/// reports `settings` ask for. `command` names the command in the stderr line of an
/// interrupted run.
pub async fn launch(launch: Launch, settings: &Settings, command: &str) -> Result<Finished> {
    // Dropping a cancelled Runscope run kills its script worker (which gets SIGINT from the
    // terminal anyway, but not when only this process is signalled, as a CI runner does).
    let listener = cancel_on_ctrl_c(launch.run.cancel.clone());
    let prepared = launch.prepare().await.map_err(launch_error)?;
    if let Some(base) = prepared.embedded() {
        let line = if prepared.seeded() {
            format!(
                "No --base-url: started the embedded reference server at {base} (1 user, 1 group seeded); running against it."
            )
        } else {
            format!(
                "No --base-url: started the embedded reference server at {base}; running against it."
            )
        };
        say(&mut std::io::stdout(), &line);
    }
    if let Some(org) = prepared.okta_org() {
        say(
            &mut std::io::stdout(),
            &format!(
                "No oktaOrgUrl: simulating the Okta org at {org} (provisioning {}).",
                prepared.target()
            ),
        );
    }
    let target = prepared.target().to_owned();
    let mut shown = TerminalOptions::for_stdout(settings.verbosity);
    // A load run's verdicts all arrive at the end: it shows a live line of its own instead.
    shown.progress &= !matches!(prepared.plan(), Plan::Load(_));
    let mut terminal =
        TerminalReporter::new(std::io::stdout(), shown).with_glossary(crate::glossary::annotate);
    let mut sink = settings.gate.sink(&mut terminal);
    let launched = prepared.run(&mut sink).await;
    listener.abort();
    let launched = launched.map_err(launch_error)?;
    let mut result = launched.result;
    settings.gate.judge(&mut result);
    terminal
        .into_inner()
        .context("cannot write the run to standard output")?;
    for line in settings.write_outputs(&mut result)? {
        say(&mut std::io::stdout(), &line);
    }
    if let Some(line) = settings.gate.line(&result) {
        say(&mut std::io::stdout(), &line);
    }
    if launched.ending == Ending::Interrupted {
        say(
            &mut std::io::stderr(),
            &format!("scimcheck {command}: interrupted (Ctrl-C): the run was stopped"),
        );
    }
    let passes = settings.gate.passes(&result);
    Ok(Finished {
        result,
        ending: launched.ending,
        passes,
        target,
    })
}

/// A launch error as the command reports it: an unreachable target exits 3, the rest 2.
fn launch_error(error: LaunchError) -> anyhow::Error {
    match error {
        LaunchError::Suite(SuiteError::Unreachable { .. })
        | LaunchError::Load(LoadError::Suite(SuiteError::Unreachable { .. })) => {
            anyhow::Error::new(Unreachable(error.to_string()))
        }
        other => anyhow::Error::new(other),
    }
}
