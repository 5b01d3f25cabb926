//! Root causes, phrased once for every report: a failed case others were blocked by (for the
//! conformance suite, a prerequisite such as `prerequisite.users.create`). Every format leads with
//! them — "2 root causes" — because each blocked check says nothing until its root cause is
//! fixed, and fixing one often clears dozens of lines.

use scimcheck_engine::model::{RootCause, RunResult};

use crate::failure::headline;

/// "1 root cause", "3 root causes".
pub(crate) fn heading(run: &RunResult) -> String {
    match run.root_causes.len() {
        1 => "1 root cause".to_owned(),
        n => format!("{n} root causes"),
    }
}

/// "blocked 1 check", "blocked 57 checks".
pub(crate) fn blocked_phrase(cause: &RootCause) -> String {
    match cause.blocked {
        1 => "blocked 1 check".to_owned(),
        n => format!("blocked {n} checks"),
    }
}

/// Each root cause of `run` with why its case failed (its headline), in run order.
pub(crate) fn with_reasons(run: &RunResult) -> impl Iterator<Item = (&RootCause, String)> {
    run.root_causes.iter().map(|cause| {
        let why = run
            .cases
            .iter()
            .find(|c| c.id == cause.case)
            .map(headline)
            .unwrap_or_default();
        (cause, why)
    })
}
