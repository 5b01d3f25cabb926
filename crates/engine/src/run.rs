//! What every run is given, whatever it runs (the conformance suite, an IdP profile, a Runscope
//! test): how it reaches the target, whether its outputs mask secrets, how long it may take and
//! how its caller stops it. Each runner takes these beside its own settings
//! (`scimcheck_suites::SuiteSettings`, [`crate::runscope::runner::RunscopeSettings`]), so a
//! launcher fills them in once for any plan.

use crate::http::HttpLimits;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The settings every run has.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Per-request limits and the run's transport.
    pub limits: HttpLimits,
    /// Leave credentials in the result and events (`--show-secrets`), for debugging an
    /// authentication problem on one's own machine; off by default, so every output is masked.
    pub show_secrets: bool,
    /// Wall time allowed for the whole run (`--deadline`), counted from its start. When it
    /// passes, what is running is stopped and marked error, and the result is still returned.
    pub deadline: Option<Duration>,
    /// Stops the run when cancelled (the binary's Ctrl-C, the dashboard's Cancel button). The
    /// suite's runner watches it, stops its checks and still deletes what it created; a
    /// Runscope run is instead dropped by whoever holds the token (its steps cannot be cut
    /// cleanly). No library listens to a signal itself.
    pub cancel: CancellationToken,
}
