//! The event stream a run emits while it goes: the terminal, progress bars and live dashboards
//! are consumers of these events, so nothing in the engine prints.
//!
//! Every [`CaseResult`] and [`RunResult`] delivered here has already passed through the
//! [`Redactor`](crate::redact::Redactor): a sink may print or store it as is.

use crate::model::{CaseResult, RunResult};

/// Something that happened during a run, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum RunEvent {
    /// The run began.
    RunStarted {
        /// Suite name, as in [`RunResult::suite`].
        suite: String,
        /// Server under test, as in [`RunResult::target`].
        target: String,
        /// Number of top-level cases planned.
        planned: usize,
    },
    /// A case began.
    CaseStarted {
        /// Case id, as in [`CaseResult::id`].
        id: String,
        /// Case title, as in [`CaseResult::title`].
        title: String,
    },
    /// A case ended (redacted).
    CaseFinished(CaseResult),
    /// The run ended (redacted); the same value the runner returns.
    RunFinished(RunResult),
}

/// Receives [`RunEvent`]s as they happen.
pub trait EventSink {
    /// Called once per event, in order, on the runner's task.
    fn event(&mut self, event: &RunEvent);
}

/// A sink that keeps every event, for tests and for callers that only want the final result.
#[derive(Debug, Default)]
pub struct CollectingSink {
    /// Events received so far.
    pub events: Vec<RunEvent>,
}

impl EventSink for CollectingSink {
    fn event(&mut self, event: &RunEvent) {
        self.events.push(event.clone());
    }
}
