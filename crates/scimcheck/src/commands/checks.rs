//! `scimcheck checks`: lists the conformance suite's catalog.

use scimcheck_suites::catalog;
use scimcheck_suites::generated_docs::{self, GeneratedDoc};
use std::process::ExitCode;

/// Flags of `scimcheck checks`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the catalog as Markdown (the source of docs/CHECKS.md).
    #[arg(long, conflicts_with = "coverage")]
    markdown: bool,
    /// Print the RFC 7643/7644 requirement matrix and how the catalog covers it, as Markdown
    /// (the source of docs/RFC-COVERAGE.md).
    #[arg(long)]
    coverage: bool,
}

/// Prints one line per check: id, severity, RFC section, title; or one of the generated docs.
pub fn execute(args: Args) -> ExitCode {
    let wanted = match (args.markdown, args.coverage) {
        (true, _) => Some(generated_docs::CHECKS),
        (_, true) => Some(generated_docs::RFC_COVERAGE),
        _ => None,
    };
    if let Some(GeneratedDoc { render, .. }) = wanted {
        return match render() {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: the built-in requirement matrix does not load: {e}");
                ExitCode::from(2)
            }
        };
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
