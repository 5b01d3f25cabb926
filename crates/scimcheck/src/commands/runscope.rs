//! `scimcheck runscope FILE.json`: runs a Runscope API-test export (Okta's SPEC tests unmodified)
//! against a SCIM server, or against the embedded reference server when no base URL is given.
//!
//! Exit codes: 0 every step passed (skips allowed), 1 a step failed or errored (or the
//! `--deadline` passed), 2 unusable input (unreadable or malformed file, bad flag value, server
//! that cannot start), 3 the target could not be reached at all (no step got an answer), 130
//! interrupted with Ctrl-C.

use super::say;
use crate::options::{self, DeadlinePassed, Interrupted, SharedArgs, Unreachable};
use anyhow::{Context, Result, bail};
use scimcheck_engine::model::RunResult;
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::okta;
use scimcheck_engine::runscope::runner::{self, OktaVariables, PausePolicy, RunOptions};
use scimcheck_idp::oktasim::{self, RunningOktaSim};
use scimcheck_report::terminal::{TerminalOptions, TerminalReporter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Time the runner gets past `--deadline` to stop its step and report before the command gives
/// up on it.
const DEADLINE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Flags of `scimcheck runscope`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Runscope test export (JSON), e.g. Okta-SCIM-20-SPEC-Test.json.
    file: PathBuf,
    /// Target, credentials (set SCIMBaseURL and auth), TLS, limits, reports, verbosity.
    #[command(flatten)]
    shared: Box<SharedArgs>,
    /// An initial variable; repeat for more.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// A JavaScript initial script to run instead of Okta's generated variables.
    #[arg(long, value_name = "FILE.js")]
    initial_script: Option<PathBuf>,
    /// An environment file (variables, initial script, pauses, stop-on-failure); see docs/RUNSCOPE.md.
    #[arg(long, value_name = "FILE")]
    env: Option<PathBuf>,
    /// Whether to wait at pause steps.
    #[arg(long, value_enum)]
    pauses: Option<Pauses>,
    /// Stop at the first failed step; the rest are reported as skipped.
    #[arg(long)]
    stop_on_failure: bool,
    /// Generate Okta's initial variables even when the file is not one of Okta's.
    #[arg(long)]
    okta: bool,
}

/// `--pauses` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Pauses {
    /// Do not wait (the default); the output says how much waiting was skipped.
    Skip,
    /// Wait as Runscope does.
    Honor,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    super::block_on("runscope", async {
        match run(args).await {
            Ok(result) if result.succeeded() => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                say(
                    &mut std::io::stderr(),
                    &format!("scimcheck runscope: {e:#}"),
                );
                ExitCode::from(options::error_exit_code(&e))
            }
        }
    })
}

fn read(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the {what} {}", path.display()))
}

/// Turns flags (and the environment file) into run options; the base URL is filled in later.
fn run_options(args: &Args, settings: &options::Settings) -> Result<RunOptions> {
    let mut options = RunOptions::default();
    if let Some(path) = &args.env {
        let env = Environment::parse(&read(path, "environment file")?)
            .with_context(|| format!("{} is not a valid environment file", path.display()))?;
        options.variables = env.variables;
        if let Some(script) = env.initial_script {
            let script_path = path.parent().unwrap_or(Path::new(".")).join(script);
            options.initial_script = Some(read(&script_path, "initial script")?);
        }
        options.pauses = env.pauses.map(PausePolicy::from).unwrap_or_default();
        options.stop_on_failure = env.stop_on_failure.unwrap_or(false);
    }
    for pair in &args.vars {
        let Some((name, value)) = pair.split_once('=').filter(|(n, _)| !n.trim().is_empty()) else {
            bail!(
                "--var {pair:?} is not NAME=VALUE (e.g. --var oktaOrgUrl=https://example.okta.com)"
            );
        };
        options
            .variables
            .insert(name.trim().to_owned(), value.to_owned());
    }
    if let Some(url) = &settings.base_url {
        options.variables.insert("SCIMBaseURL".into(), url.clone());
    }
    if let Some(path) = &args.initial_script {
        options.initial_script = Some(read(path, "initial script")?);
    }
    if let Some(pauses) = args.pauses {
        options.pauses = match pauses {
            Pauses::Skip => PausePolicy::Skip,
            Pauses::Honor => PausePolicy::Honor,
        };
    }
    options.stop_on_failure |= args.stop_on_failure;
    if args.okta {
        options.okta = OktaVariables::Always;
    }
    Ok(options)
}

async fn run(args: Args) -> Result<RunResult> {
    let settings = args.shared.resolve()?;
    let test: RunscopeTest = format::parse(&read(&args.file, "test file")?)
        .with_context(|| format!("{} is not a usable Runscope test", args.file.display()))?;
    let mut options = run_options(&args, &settings)?;
    let connection = settings.connect(true).await?;
    options.http = connection.limits;
    options.show_secrets = settings.show_secrets;
    options.deadline = settings.deadline;
    options.script_host = super::script_host()?;
    if let Some(auth) = connection.authorization {
        options.variables.insert("auth".into(), auth);
    }
    let mut server = None;
    if !options.variables.contains_key("SCIMBaseURL") {
        let config = scim_server::ServerConfig::default().with_seed(1, 1);
        let running = scim_server::spawn(config)
            .await
            .context("cannot start the embedded reference server")?;
        let base = if okta::targets_scim_1_1(&test) {
            running.base_url_v1()
        } else {
            running.base_url_v2()
        };
        say(
            &mut std::io::stdout(),
            &format!(
                "No --base-url: started the embedded reference server at {base} (1 user, 1 group seeded); running against it."
            ),
        );
        options.variables.insert("SCIMBaseURL".into(), base);
        options
            .variables
            .entry("auth".into())
            .or_insert_with(|| format!("Bearer {}", scim_server::DEFAULT_TOKEN));
        server = Some(running);
    }
    options.target = options
        .variables
        .get("SCIMBaseURL")
        .cloned()
        .unwrap_or_default();
    let okta_org = if okta::recognize(&test) == Some(okta::OktaTest::Crud) {
        let sim = oktasim::stand_in(&mut options.variables)
            .await
            .context("cannot start the simulated Okta org for the CRUD test")?;
        if let Some(sim) = &sim {
            say(
                &mut std::io::stdout(),
                &format!(
                    "No oktaOrgUrl: simulating the Okta org at {} (provisioning {}).",
                    sim.org_url(),
                    options.target
                ),
            );
        }
        sim
    } else {
        None
    };
    let mut terminal = TerminalReporter::new(
        std::io::stdout(),
        TerminalOptions::for_stdout(settings.verbosity),
    );
    let running = runner::run(&test, &options, &mut terminal);
    // The runner honours the deadline itself (stops the step running, killing its script's
    // worker, skips the rest, reports); this outer limit only catches a run stuck past it.
    let limited = async {
        match settings.deadline {
            Some(deadline) => tokio::time::timeout(deadline + DEADLINE_GRACE, running)
                .await
                .ok(),
            None => Some(running.await),
        }
    };
    // Ctrl-C drops the run, which kills its script worker (a worker gets SIGINT from the
    // terminal anyway, but not when only this process is signalled, as a CI runner does).
    let mut interrupted = false;
    let result = tokio::select! {
        result = limited => result,
        _ = tokio::signal::ctrl_c() => {
            interrupted = true;
            None
        }
    };
    let simulated_org = okta_org.as_ref().map(RunningOktaSim::org_url);
    if let Some(sim) = okta_org {
        sim.shutdown().await;
    }
    if let Some(server) = server {
        server.shutdown().await;
    }
    if interrupted {
        return Err(Interrupted.into());
    }
    let Some(result) = result else {
        return Err(DeadlinePassed(settings.deadline.unwrap_or_default()).into());
    };
    let mut result = result.context("cannot create the HTTP client")?;
    if let Some(org_url) = simulated_org {
        result.notes.push(format!(
            "The Okta org was simulated (scimcheck's Okta-org simulator at {org_url}): no oktaOrgUrl was given."
        ));
    }
    terminal
        .into_inner()
        .context("cannot write the run to standard output")?;
    for line in settings.write_outputs(&mut result)? {
        say(&mut std::io::stdout(), &line);
    }
    if let Some(error) = unreachable(&result) {
        return Err(Unreachable(format!(
            "no step got an answer from {}: {error}",
            options.target
        ))
        .into());
    }
    Ok(result)
}

/// The transport error when no request of the run got any answer (the target is unreachable).
fn unreachable(result: &RunResult) -> Option<String> {
    let mut exchanges = result.cases.iter().flat_map(|c| &c.exchanges).peekable();
    exchanges.peek()?;
    let mut first_error = None;
    for exchange in exchanges {
        if exchange.response.is_some() {
            return None;
        }
        if first_error.is_none() {
            first_error.clone_from(&exchange.error);
        }
    }
    first_error
}
