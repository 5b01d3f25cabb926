//! `scimcheck run`: the conformance suite against a SCIM server, or against the embedded
//! reference server when no base URL is given.
//!
//! Exit codes: 0 every required check passed (SHOULD/MAY failures are warnings), 1 a required
//! check failed or errored, 2 usage or input error, 3 the target could not be reached at all,
//! 130 interrupted with Ctrl-C (after deleting what the run created).

use anyhow::{Context, Result, bail};
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::model::{CaseResult, Exchange, RunResult, Verdict};
use scimcheck_suites::runner::INTERRUPTED;
use scimcheck_suites::{RunOptions, SuiteError, Target, catalog};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `scimcheck run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SCIM base URL, e.g. https://api.example.com/scim/v2; without it the embedded reference
    /// server is started and tested.
    #[arg(long, value_name = "URL", env = "SCIMCHECK_BASE_URL")]
    base_url: Option<String>,
    /// The whole Authorization header value, e.g. "Bearer abc".
    #[arg(long, value_name = "VALUE", env = "SCIMCHECK_AUTH", hide_env_values = true, conflicts_with_all = ["token", "basic"])]
    auth: Option<String>,
    /// A bearer token (sent as "Authorization: Bearer T").
    #[arg(long, value_name = "T", conflicts_with = "basic")]
    token: Option<String>,
    /// HTTP Basic credentials.
    #[arg(long, value_name = "USER:PASS")]
    basic: Option<String>,
    /// An extra header sent with every authenticated request; repeat for more.
    #[arg(long = "header", value_name = "K:V")]
    headers: Vec<String>,
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
    /// Write the full result (secrets masked) as JSON to PATH; see docs/RESULTS.md.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("scimcheck run: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(result) if result.notes.iter().any(|n| n == INTERRUPTED) => ExitCode::from(130),
        Ok(result) if result.succeeded() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("scimcheck run: {e:#}");
            let unreachable = e
                .downcast_ref::<SuiteError>()
                .is_some_and(|e| matches!(e, SuiteError::Unreachable { .. }));
            ExitCode::from(if unreachable { 3 } else { 2 })
        }
    }
}

/// Builds the target from the flags.
fn target(args: &Args, base_url: &str) -> Result<Target> {
    let mut target = Target::new(base_url);
    if let Some(auth) = &args.auth {
        target = target.header("Authorization", auth);
    }
    if let Some(token) = &args.token {
        target = target.bearer(token);
    }
    if let Some(basic) = &args.basic {
        let Some((user, password)) = basic.split_once(':') else {
            bail!("--basic {basic:?} is not USER:PASS (e.g. --basic admin:secret)");
        };
        target = target.basic(user, password);
    }
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':').filter(|(n, _)| !n.trim().is_empty())
        else {
            bail!("--header {header:?} is not NAME:VALUE (e.g. --header \"X-Api-Key: abc\")");
        };
        target = target.header(name.trim(), value.trim());
    }
    Ok(target)
}

async fn run(args: Args) -> Result<RunResult> {
    let mut server = None;
    let target = match &args.base_url {
        Some(url) => target(&args, url)?,
        None => {
            let running = scim_server::spawn(scim_server::ServerConfig::default())
                .await
                .context("cannot start the embedded reference server")?;
            let base = running.base_url_v2();
            println!(
                "No --base-url: started the embedded reference server at {base}; running the suite against it."
            );
            server = Some(running);
            target(&args, &base)?.bearer(scim_server::DEFAULT_TOKEN)
        }
    };
    let options = RunOptions {
        only: args.only.clone(),
        skip: args.skip.clone(),
        read_only: args.read_only,
        no_cleanup: args.no_cleanup,
        ..RunOptions::default()
    };
    let result = scimcheck_suites::run(target, &catalog::all(), &options, &mut Printer).await?;
    if let Some(server) = server {
        server.shutdown().await;
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&result).context("cannot serialize the result")?;
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("Result written to {}", path.display());
    }
    Ok(result)
}

/// A minimal line printer: one line per finished check, details for failures, a summary.
/// The rich reporters of crates/report replace it.
struct Printer;

/// At most `max` characters of `text` on one line.
fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", flat.chars().take(max).collect::<String>())
    } else {
        flat
    }
}

impl Printer {
    fn case(case: &CaseResult) {
        let mut out = std::io::stdout().lock();
        let label = match case.verdict {
            Verdict::Pass => "PASS ",
            Verdict::Fail => "FAIL ",
            Verdict::Skip => "skip ",
            Verdict::Warn => "WARN ",
            Verdict::Error => "ERROR",
        };
        let _ = writeln!(out, "{label} {:<44} {}", case.id, case.title);
        if matches!(case.verdict, Verdict::Pass) {
            return;
        }
        let reason = case.reason.as_deref().unwrap_or("");
        let _ = writeln!(out, "       {reason}");
        if case.verdict == Verdict::Skip {
            return;
        }
        if let Some(rfc) = &case.rfc_section {
            let _ = writeln!(out, "       rule: {rfc}");
        }
        if let Some(exchange) = case.exchanges.last() {
            Printer::exchange(&mut out, exchange);
        }
        if let Some(hint) = &case.hint {
            let _ = writeln!(out, "       fix: {hint}");
        }
    }

    fn exchange(out: &mut impl Write, exchange: &Exchange) {
        let request = &exchange.request;
        let _ = writeln!(out, "       sent: {} {}", request.method, request.url);
        if !request.body.is_empty() {
            let _ = writeln!(out, "             {}", excerpt(&request.body, 160));
        }
        match (&exchange.response, &exchange.error) {
            (Some(response), _) => {
                let content_type = response
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                    .map_or("", |(_, v)| v.as_str());
                let _ = writeln!(out, "       got:  {} {content_type}", response.status);
                if !response.body.is_empty() {
                    let _ = writeln!(out, "             {}", excerpt(&response.body, 160));
                }
            }
            (None, Some(error)) => {
                let _ = writeln!(out, "       got:  no response ({error})");
            }
            (None, None) => {}
        }
    }

    fn summary(result: &RunResult) {
        let s = result.summary;
        println!(
            "\n{}: {} passed, {} failed, {} warned, {} errored, {} skipped in {} ms against {}",
            result.suite,
            s.passed,
            s.failed,
            s.warned,
            s.errored,
            s.skipped,
            result.duration_ms,
            result.target
        );
        for note in &result.notes {
            println!("  {note}");
        }
    }
}

impl EventSink for Printer {
    fn event(&mut self, event: &RunEvent) {
        match event {
            RunEvent::RunStarted {
                suite,
                target,
                planned,
            } => println!("{suite}: {planned} checks against {target}"),
            RunEvent::CaseStarted { .. } => {}
            RunEvent::CaseFinished(case) => Printer::case(case),
            RunEvent::RunFinished(result) => Printer::summary(result),
        }
    }
}
