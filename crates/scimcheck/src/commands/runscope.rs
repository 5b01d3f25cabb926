//! `scimcheck runscope FILE.json`: runs a Runscope API-test export (Okta's SPEC tests unmodified)
//! against a SCIM server, or against the embedded reference server when no base URL is given.
//!
//! Exit codes: 0 every step passed (skips and `[expect]`ed failures allowed), 1 a step failed or
//! errored — with `--fail-on regressions`, only one that did not fail in the `--baseline` — (or
//! the `--deadline` passed), 2 unusable input (unreadable or malformed file, bad flag value, server
//! that cannot start), 3 the target could not be reached at all (no step got an answer), 130
//! interrupted with Ctrl-C.

use super::say;
use crate::launching;
use crate::options::{self, SharedArgs, Unreachable};
use anyhow::{Context, Result, bail};
use scimcheck_engine::model::RunResult;
use scimcheck_engine::runscope::environment::Environment;
use scimcheck_engine::runscope::format::{self, RunscopeTest};
use scimcheck_engine::runscope::runner::{OktaVariables, PausePolicy, RunscopeSettings};
use scimcheck_engine::runscope::script::ScriptLibrary;
use scimcheck_launch::{Ending, Launch, Plan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// An environment: Runscope's (initial_variables, script, headers, auth, …) or scimcheck's
    /// short form (variables, initial_script, pauses, stop_on_failure); see docs/RUNSCOPE.md.
    #[arg(long, value_name = "FILE")]
    env: Option<PathBuf>,
    /// The environment of the test's own export to use (by name); without it and without
    /// --env, the export's default environment is used.
    #[arg(long, value_name = "NAME", conflicts_with = "env")]
    environment: Option<String>,
    /// Whether to wait at pause steps.
    #[arg(long, value_parser = pause_policies())]
    pauses: Option<PausePolicy>,
    /// Stop at the first failed step; the rest are reported as skipped.
    #[arg(long)]
    stop_on_failure: bool,
    /// Generate Okta's initial variables even when the file is not one of Okta's.
    #[arg(long)]
    okta: bool,
    /// A JavaScript library evaluated before every script (as a Runscope bucket's custom script
    /// libraries are); repeat for more, evaluated in the order given.
    #[arg(long, value_name = "FILE.js")]
    script_library: Vec<PathBuf>,
    /// The export a subtest step runs: subtest steps name their test by id, which an export
    /// does not carry; repeat for more.
    #[arg(long, value_name = "UUID=FILE")]
    subtest: Vec<String>,
    /// A folder of exports named after their test ids (`<UUID>.json`), for the subtest steps
    /// that call them.
    #[arg(long, value_name = "DIR")]
    subtests: Option<PathBuf>,
}

/// `--pauses` values, each with its help line, parsed into the engine's pause policy.
fn pause_policies() -> impl clap::builder::TypedValueParser<Value = PausePolicy> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new(PausePolicy::Skip.as_str())
            .help("Do not wait (the default); the output says how much waiting was skipped"),
        PossibleValue::new(PausePolicy::Honor.as_str()).help("Wait as Runscope does"),
    ])
    .try_map(|text| text.parse::<PausePolicy>())
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    super::block_on("runscope", async {
        match run(args).await {
            Ok(finished) => finished.exit_code(),
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

/// Turns flags (and the environment file, or the test's own environment) into run options; the
/// launch fills in the base URL, credentials and limits.
fn run_options(args: &Args, test: &RunscopeTest) -> Result<RunscopeSettings> {
    let mut options = RunscopeSettings::default();
    if args.env.is_none() {
        let embedded = Environment::embedded(test, args.environment.as_deref())
            .with_context(|| format!("{}: --environment", args.file.display()))?;
        if let Some(env) = embedded {
            let name = env.name.clone().unwrap_or_default();
            env.apply_to(&mut options);
            options
                .notes
                .push(format!("ran with the test's environment `{name}`"));
        }
    }
    if let Some(path) = &args.env {
        let mut env = Environment::parse(&read(path, "environment file")?)
            .with_context(|| format!("{} is not a valid environment file", path.display()))?;
        if let Some(script) = env.initial_script.take() {
            let script_path = path.parent().unwrap_or(Path::new(".")).join(script);
            options.initial_script = Some(read(&script_path, "initial script")?);
        }
        env.apply_to(&mut options);
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
    if let Some(path) = &args.initial_script {
        options.initial_script = Some(read(path, "initial script")?);
    }
    for path in &args.script_library {
        options.script_libraries.push(ScriptLibrary {
            name: path.display().to_string(),
            source: read(path, "script library")?,
        });
    }
    add_subtests(args, &mut options)?;
    if let Some(pauses) = args.pauses {
        options.pauses = pauses;
    }
    options.stop_on_failure |= args.stop_on_failure;
    if args.okta {
        options.okta = OktaVariables::Always;
    }
    Ok(options)
}

/// Reads the exports subtest steps run: `--subtest UUID=FILE` pairs, and the `<UUID>.json`
/// files of `--subtests DIR` (a pair wins over a file of the same id).
fn add_subtests(args: &Args, options: &mut RunscopeSettings) -> Result<()> {
    let mut files = Vec::new();
    if let Some(dir) = &args.subtests {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the --subtests folder {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot read the --subtests folder {}", dir.display()))?
                .path();
            if path.extension().is_some_and(|e| e == "json")
                && let Some(id) = path.file_stem().and_then(|s| s.to_str())
            {
                files.push((id.to_owned(), path.clone()));
            }
        }
    }
    for pair in &args.subtest {
        let Some((id, file)) = pair
            .split_once('=')
            .filter(|(id, file)| !id.trim().is_empty() && !file.is_empty())
        else {
            bail!(
                "--subtest {pair:?} is not UUID=FILE (the test id a subtest step names in `test_uuid`, then its export, e.g. --subtest 62b7e0b1-af6e-487c-b2ce-3ead93aeab5d=sign-in.json)"
            );
        };
        files.push((id.trim().to_owned(), PathBuf::from(file)));
    }
    for (id, path) in files {
        let test = format::parse(&read(&path, "subtest export")?).with_context(|| {
            format!(
                "{} (subtest {id}) is not a usable Runscope test",
                path.display()
            )
        })?;
        options.subtests.insert(id, test);
    }
    Ok(())
}

/// Runs the test; the run's judged result and how it ended.
async fn run(args: Args) -> Result<launching::Finished> {
    let settings = args.shared.resolve()?;
    let test: RunscopeTest = format::parse(&read(&args.file, "test file")?)
        .with_context(|| format!("{} is not a usable Runscope test", args.file.display()))?;
    let options = run_options(&args, &test)?;
    let connection = settings.connect(true).await?;
    let launch = Launch {
        base_url: settings.base_url.clone(),
        authorization: connection.authorization,
        run: connection.run,
        script_host: super::script_host()?,
        ..Launch::new(Plan::Runscope(Box::new(test), Box::new(options)))
    };
    let finished = launching::launch(launch, &settings, "runscope").await?;
    if finished.ending == Ending::Completed
        && let Some(error) = unreachable(&finished.result)
    {
        return Err(Unreachable(format!(
            "no step got an answer from {}: {error}",
            finished.target
        ))
        .into());
    }
    Ok(finished)
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
