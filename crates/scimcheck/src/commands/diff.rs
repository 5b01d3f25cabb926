//! `scimcheck diff BASELINE.json CURRENT.json`: compares two results files (the `--json` of two
//! runs) case by case — regressions, fixes, still failing, new and removed checks — and can write
//! the current run's reports with the comparison in them.
//!
//! Exit codes: 0 no regressions, 1 regressions (with `--fail-on failures`: the current run has
//! failing checks), 2 a file that cannot be read or is not a results file.

use super::say;
use crate::gate::{self, FailOn};
use crate::options::Outputs;
use anyhow::Result;
use scimcheck_report::comparison;
use scimcheck_report::terminal::{self, TerminalOptions, Verbosity};
use std::path::PathBuf;
use std::process::ExitCode;

/// Flags of `scimcheck diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The baseline: an earlier run's --json file.
    baseline: PathBuf,
    /// The run to compare with it: a later run's --json file.
    current: PathBuf,
    /// What makes the exit code 1: a regression (the default), or any failing check now.
    #[arg(long, value_enum, value_name = "regressions|failures")]
    fail_on: Option<FailOn>,
    /// Reports of the current run, with the comparison in them.
    #[command(flatten)]
    outputs: Outputs,
}

/// Runs the command and maps the outcome to the exit code.
pub fn execute(args: Args) -> ExitCode {
    match diff(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            say(&mut std::io::stderr(), &format!("scimcheck diff: {e:#}"));
            ExitCode::from(2)
        }
    }
}

/// Prints the comparison and writes the reports; true when the current run passes the gate.
fn diff(args: &Args) -> Result<bool> {
    let baseline = gate::read_results(&args.baseline)?;
    let mut current = gate::read_results(&args.current)?;
    gate::check_masking(&args.baseline, &baseline, current.secrets_masked)?;
    let compared = comparison::between(&baseline, &current);
    current.comparison = Some(compared);
    let mut out = std::io::stdout();
    let options = TerminalOptions::for_stdout(Verbosity::Normal);
    say(&mut out, terminal::comparison(&current, options).trim_end());
    for line in args.outputs.write(&current)? {
        say(&mut out, &line);
    }
    let fail_on = args.fail_on.unwrap_or(FailOn::Regressions);
    say(&mut out, &format!("\n{}", gate::line(&current, fail_on)));
    let passes = gate::passes(&current, fail_on);
    Ok(passes)
}
