//! The `scimcheck` command line: parses flags and wires the crates together. No SCIM logic here.

mod commands;
mod gate;
mod launching;
mod options;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Tells you whether your SCIM server really works with identity providers.
#[derive(Debug, Parser)]
// The version names the commit it was built from (build.rs).
#[command(name = "scimcheck", version = env!("SCIMCHECK_VERSION"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the conformance suite against a SCIM server (the embedded reference server by default).
    Run(commands::run::Args),
    /// Provision at an identity provider's scale and concurrency: latency, throughput and
    /// correctness under load (group push, import, create race, lifecycle, read-only).
    Load(commands::load::Args),
    /// Compare two results files (--json of two runs): regressions, fixes, still failing, new, removed.
    Diff(commands::diff::Args),
    /// List the conformance suite's checks (id, severity, RFC section, title).
    Checks(commands::checks::Args),
    /// Run a Runscope API-test export (e.g. Okta's SCIM SPEC tests, unmodified) against a SCIM server.
    Runscope(commands::runscope::Args),
    /// Serve the reference SCIM server (2.0 at /scim/v2, 1.1 at /scim/v1), optionally with defects.
    Serve(commands::serve::Args),
    /// Serve the local web dashboard: environments, suites, live runs, history, shareable links.
    Dashboard(commands::dashboard::Args),
    /// Simulate an Okta org so Okta's SCIM 2.0 CRUD test runs without one (prints its variables).
    OktaSim(commands::okta_sim::Args),
    /// Print the shell completion script for bash, zsh, fish, powershell or elvish.
    Completions(commands::completions::Args),
    /// Print the manual page (roff), or write one per subcommand with --dir.
    Man(commands::man::Args),
    /// Internal: serve Runscope scripts on stdin/stdout for a run of this binary
    /// (`runscope`, `dashboard`), which kills it when a script overruns or the run ends.
    #[command(name = commands::SCRIPT_WORKER, hide = true)]
    ScriptWorker,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => commands::run::execute(args),
        Command::Load(args) => commands::load::execute(args),
        Command::Diff(args) => commands::diff::execute(args),
        Command::Checks(args) => commands::checks::execute(args),
        Command::Runscope(args) => commands::runscope::execute(args),
        Command::Serve(args) => commands::serve::execute(args),
        Command::Dashboard(args) => commands::dashboard::execute(args),
        Command::OktaSim(args) => commands::okta_sim::execute(args),
        Command::Completions(args) => commands::completions::execute(args),
        Command::Man(args) => commands::man::execute(args),
        Command::ScriptWorker => scimcheck_engine::runscope::script::serve_stdio(),
    }
}
