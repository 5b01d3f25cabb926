//! `scimcheck checks`: lists the conformance suite's catalog.

use scimcheck_suites::catalog;
use scimcheck_suites::generated_docs::{self, GeneratedDoc};
use std::fmt::Write as _;
use std::io::Write as _;
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
            Ok(text) => print_all(&text),
            Err(e) => {
                eprintln!("error: the built-in requirement matrix does not load: {e}");
                ExitCode::from(2)
            }
        };
    }
    let mut text = String::new();
    for check in catalog::all() {
        let _ = writeln!(
            text,
            "{:<44} {:<8} {:<40} {}",
            check.id,
            check.severity.label(),
            check.rfc,
            check.title
        );
    }
    print_all(&text)
}

/// Writes `text` to standard output. A reader that stops early (`scimcheck checks | head`)
/// closes the pipe: that ends the listing quietly, as it ends `cat`, instead of a panic.
fn print_all(text: &str) -> ExitCode {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the listing: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}
