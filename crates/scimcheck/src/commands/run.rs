//! `scimcheck run`: the conformance suite plus the native rendering of Okta's SPEC test
//! (`okta-spec.*`) — or, with `--profile`, an identity provider's scenarios — against a SCIM
//! server, or against the embedded reference server when no base URL is given. Without `--report` it writes `scimcheck-report.html` in the current directory.
//!
//! Exit codes: 0 every required check passed (SHOULD/MAY failures are warnings; `[expect]`ed
//! failures aside), 1 a required check failed or errored — with `--fail-on regressions`, only
//! one that did not fail in the `--baseline` — (or the `--deadline` passed), 2 usage or input error, 3 the target
//! could not be reached at all, 130 interrupted with Ctrl-C (after deleting what the run created).

use super::say;
use crate::options::{self, DeadlinePassed, SharedArgs};
use anyhow::{Context, Result};
use scimcheck_engine::model::RunResult;
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter};
use scimcheck_suites::runner::INTERRUPTED;
use scimcheck_suites::{RunOptions, SuiteError, Target, catalog};
use std::path::PathBuf;
use std::process::ExitCode;

/// Time the suite gets past `--deadline` to delete what it created before the command gives up
/// on it.
const CLEANUP_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// The HTML report written when no `--report` is given.
pub const DEFAULT_REPORT: &str = "scimcheck-report.html";

/// Flags of `scimcheck run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target, credentials, TLS, limits, reports, verbosity (see docs/CLI.md).
    #[command(flatten)]
    shared: Box<SharedArgs>,
    /// Run only the checks whose id matches (glob like `filter.*`, or a category like `users`).
    #[arg(long, value_name = "GLOB")]
    only: Vec<String>,
    /// Leave out the checks whose id matches.
    #[arg(long, value_name = "GLOB")]
    skip: Vec<String>,
    /// Run only checks that change nothing on the server.
    #[arg(long)]
    read_only: bool,
    /// Keep the resources the run created (their names start with the run's prefix).
    #[arg(long)]
    no_cleanup: bool,
    /// Instead of the suite, replay how an identity provider calls SCIM (okta, entra — with
    /// Entra's aadOptscim062020 flag — entra-legacy, without it, or onelogin) and say whether
    /// it would provision; see docs/IDP.md.
    #[arg(long, value_name = "okta|entra|entra-legacy|onelogin")]
    profile: Option<scimcheck_idp::Profile>,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    super::block_on("run", async {
        match run(args).await {
            Ok((result, _)) if result.notes.iter().any(|n| n == INTERRUPTED) => ExitCode::from(130),
            Ok((_, true)) => ExitCode::SUCCESS,
            Ok((_, false)) => ExitCode::from(1),
            Err(e) => {
                say(&mut std::io::stderr(), &format!("scimcheck run: {e:#}"));
                let unreachable = e
                    .downcast_ref::<SuiteError>()
                    .is_some_and(|e| matches!(e, SuiteError::Unreachable { .. }));
                ExitCode::from(if unreachable {
                    3
                } else {
                    options::error_exit_code(&e)
                })
            }
        }
    })
}

/// The run's result and whether it passes its gate (`--fail-on`).
async fn run(args: Args) -> Result<(RunResult, bool)> {
    let mut settings = args.shared.resolve()?;
    let gate = std::mem::take(&mut settings.gate);
    let connection = settings.connect(false).await?;
    let mut server = None;
    let base_url = match &settings.base_url {
        Some(url) => url.clone(),
        None => {
            let running = scim_server::spawn(scim_server::ServerConfig::default())
                .await
                .context("cannot start the embedded reference server")?;
            let base = running.base_url_v2();
            say(
                &mut std::io::stdout(),
                &format!(
                    "No --base-url: started the embedded reference server at {base}; running the suite against it."
                ),
            );
            server = Some(running);
            base
        }
    };
    let mut target = Target::new(&base_url);
    match (&connection.authorization, &server) {
        (Some(value), _) => target = target.header("Authorization", value),
        (None, Some(_)) => target = target.bearer(scim_server::DEFAULT_TOKEN),
        (None, None) => {}
    }
    for (name, value) in &settings.headers {
        target = target.header(name, value);
    }
    let options = RunOptions {
        only: args.only.clone(),
        skip: args.skip.clone(),
        read_only: args.read_only,
        no_cleanup: args.no_cleanup,
        limits: connection.limits,
        show_secrets: settings.show_secrets,
        deadline: settings.deadline,
        ..RunOptions::default()
    };
    let mut terminal = TerminalReporter::new(
        std::io::stdout(),
        TerminalOptions::for_stdout(settings.verbosity),
    );
    let mut sink = gate.sink(&mut terminal);
    let running = async {
        match args.profile {
            Some(profile) => profile.run(target, &options, &mut sink).await,
            None => scimcheck_suites::run(target, &catalog::all(), &options, &mut sink).await,
        }
    };
    // The suite honours the deadline itself (stops its checks, still cleans up, reports); this
    // outer limit only catches a run stuck before its checks start, e.g. in discovery.
    let result = match settings.deadline {
        Some(deadline) => tokio::time::timeout(deadline + CLEANUP_GRACE, running)
            .await
            .ok(),
        None => Some(running.await),
    };
    if let Some(server) = server {
        server.shutdown().await;
    }
    let Some(result) = result else {
        return Err(DeadlinePassed(settings.deadline.unwrap_or_default()).into());
    };
    let mut result = result?;
    gate.judge(&mut result);
    terminal
        .into_inner()
        .context("cannot write the run to standard output")?;
    settings
        .outputs
        .report
        .get_or_insert_with(|| PathBuf::from(DEFAULT_REPORT));
    for line in settings.write_outputs(&mut result)? {
        say(&mut std::io::stdout(), &line);
    }
    if let Some(line) = gate.line(&result) {
        say(&mut std::io::stdout(), &line);
    }
    let passes = gate.passes(&result);
    Ok((result, passes))
}
