//! How a run ended. Every runner reports it beside its result, so a caller maps it to what it
//! shows (an exit code, a run status) without reading the result's notes: a note is for people,
//! and its wording may change.

/// Why a run stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every case ran to its verdict.
    Completed,
    /// The caller cancelled the run (Ctrl-C, the dashboard's Cancel) before it ended.
    Interrupted,
    /// The run passed its deadline; the cases still running were stopped.
    Deadline,
}
