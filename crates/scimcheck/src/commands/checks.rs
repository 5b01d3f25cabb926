//! `scimcheck checks`: lists the conformance suite's catalog.

use scimcheck_suites::catalog;
use std::process::ExitCode;

/// Flags of `scimcheck checks`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalog as Markdown (the source of docs/CHECKS.md).
    #[arg(long)]
    markdown: bool,
}

/// Prints one line per check: id, severity, RFC section, title.
pub fn execute(args: Args) -> ExitCode {
    if args.markdown {
        print!("{}", catalog::markdown());
        return ExitCode::SUCCESS;
    }
    for check in catalog::all() {
        println!(
            "{:<44} {:<8} {:<40} {}",
            check.id,
            check.severity.label(),
            check.rfc,
            check.title
        );
    }
    ExitCode::SUCCESS
}
