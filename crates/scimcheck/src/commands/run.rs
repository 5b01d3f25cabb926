//! `scimcheck run`: the conformance suite (arrives with the conformance-suite issue).

use std::process::ExitCode;

/// Says plainly that the suite has not landed yet, and exits with the usage-error code.
pub fn execute() -> ExitCode {
    eprintln!("scimcheck run: not yet — the conformance suite has not landed.");
    ExitCode::from(2)
}
