//! Replays the test fixture on this terminal the way a run prints it, to see the live display:
//! progress bar and colour on a terminal, plain lines when piped or under `CI`, none of the
//! colour with `NO_COLOR`.
//!
//! `cargo run -p scimcheck-report --example live -- [CASES|blocked] [-q|-v]` (`blocked`: a run
//! whose user creation failed, to see the root causes lead)

#[path = "../tests/formats/fixture.rs"]
mod fixture;

use std::time::Duration;

use scimcheck_report::terminal::{TerminalOptions, TerminalReporter, Verbosity};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut verbosity = Verbosity::Normal;
    let mut cases = None;
    let mut blocked = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "-q" => verbosity = Verbosity::Quiet,
            "-v" => verbosity = Verbosity::Verbose,
            "blocked" => blocked = true,
            n => cases = Some(n.parse::<usize>()?),
        }
    }
    let run = if blocked {
        fixture::blocked()
    } else {
        cases.map_or_else(fixture::run, fixture::many)
    };
    let mut reporter =
        TerminalReporter::new(std::io::stdout(), TerminalOptions::for_stdout(verbosity));
    fixture::replay(&run, &mut reporter, Duration::from_millis(150));
    reporter.into_inner()?;
    Ok(())
}
