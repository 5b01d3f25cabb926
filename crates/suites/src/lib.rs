//! scimcheck's own SCIM conformance suite: a catalog of checks, each with a stable id, the RFC
//! 7643/7644 section it enforces, a severity, what it needs from the server, and the reference-
//! server defect that proves it can fail.
//!
//! A run ([`runner::run`]) reads the server's ServiceProviderConfig, ResourceTypes and Schemas
//! first, skips what the server does not offer (saying why), runs the rest concurrently where
//! they cannot disturb each other, records every exchange and assertion in the engine's common
//! run model, and deletes everything it created — newest first, also when the caller cancels the run. It never
//! changes or deletes a resource it did not create.
//!
//! Not for: printing (the binary and crates/report consume the engine's events) or the Runscope
//! format (crates/engine).
//!
//! Layout: the framework (`check`, `prerequisite`, `probe`, `expect` (the assertion helpers),
//! `runner`, `context`, `discovered`, `testdata`, `cleanup`, `foreign` (other people's resources
//! kept out of recorded responses), `select`, `reply`, `target`) and one
//! folder per check category (`users/`,
//! `filter/`, …); [`catalog::all`] lists every check, Okta's SPEC test rendered as checks
//! (`okta_spec`, category `okta-spec`) included.

pub mod catalog;
pub mod check;
pub mod cleanup;
pub mod context;
pub mod discovered;
pub mod expect;
pub mod foreign;
pub mod generated_docs;
pub mod okta_spec;
pub mod prerequisite;
pub mod probe;
pub mod reply;
pub mod requirements;
pub mod runner;
pub mod select;
pub mod setup;
pub mod target;
pub mod testdata;

mod auth;
mod bulk;
mod content_type;
mod discovery;
mod enterprise;
mod errors;
mod etag;
mod filter;
mod groups;
mod mutability;
mod pagination;
mod patch;
mod projection;
mod put;
mod search;
mod sort;
mod transport;
mod users;

pub use check::{Check, Need, Severity};
pub use runner::{SuiteError, SuiteSettings, run, run_to_ending};
/// The options every run has, re-exported so the suite's callers need no engine import.
pub use scimcheck_engine::run::RunOptions;
pub use target::Target;
