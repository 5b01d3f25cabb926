//! Reports of a scimcheck run. Every format is a pure function of the engine's result model
//! ([`RunResult`](scimcheck_engine::model::RunResult)), so a run is judged once and shown many
//! ways:
//!
//! - [`html::render`]: one self-contained page to open or attach to a ticket;
//! - [`junit::render`]: JUnit XML for CI test tabs;
//! - [`json::render`]: the documented results schema, for machines;
//! - [`markdown::render`]: a summary table for a CI step summary;
//! - [`terminal::TerminalReporter`]: an [`EventSink`](scimcheck_engine::event::EventSink) that
//!   prints the run live.
//!
//! Every format also shows how the run compares with a baseline ([`comparison::between`]) and
//! which failures were expected ([`expectation::apply`]) when the run carries them.
//!
//! Results arrive already redacted by the engine; no format here adds anything the result does
//! not hold, so no format can leak a secret the engine masked.
//!
//! Not for: running checks, masking secrets, or choosing output files (the binary does that).
//!
//! ```
//! use scimcheck_engine::model::{CaseResult, RunResult, Summary, SCHEMA_VERSION};
//! let cases = vec![CaseResult::new("step-1", "List users")];
//! let run = RunResult {
//!     schema_version: SCHEMA_VERSION,
//!     suite: "demo".into(),
//!     target: "http://127.0.0.1:8080/scim/v2".into(),
//!     started_at: "2026-11-28T12:00:00.000Z".into(),
//!     duration_ms: 12,
//!     summary: Summary::of(&cases),
//!     root_causes: Vec::new(),
//!     cases,
//!     notes: vec![],
//!     secrets_masked: true,
//!     foreign_data: None,
//!     comparison: None,
//!     load: None,
//! };
//! assert!(scimcheck_report::markdown::render(&run).contains("| 1 |"));
//! ```

pub mod comparison;
pub mod expectation;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod terminal;

mod excerpt;
mod failure;
mod group;
mod root_cause;
mod units;
