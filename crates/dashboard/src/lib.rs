//! The scimcheck dashboard: a local, Runscope-style web app over the engine and the suites.
//! Environments (base URL, masked credential, variables, initial script, pauses), suites (the
//! built-in conformance suite by category, uploaded Runscope exports with a step preview), Run
//! now with a live page (cases arrive over server-sent events), history with a pass-rate trend,
//! Private / Shareable run links and HTML / JUnit / JSON downloads, and schedules whose state
//! changes send webhook alerts ([`monitor`]). Everything is kept in SQLite
//! under the data directory.
//!
//! Not for: judging a server (the engine and the suites do that) or formatting reports (the
//! report crate does; the dashboard serves its output).
//!
//! Security model (docs/SECURITY.md, "The dashboard"): loopback only unless a password is set,
//! which turns on named accounts with Argon2id-hashed passwords and an audit log ([`accounts`]),
//! with a growing per-address lock after wrong passwords ([`backoff`]); without a password only
//! loopback Host names are served, and every state change must come from the dashboard's own
//! origin ([`origin`]) and carry the session's CSRF token; runs never reach the dashboard itself
//! nor link-local / metadata addresses ([`targets`]); all data escaped and pages under a CSP
//! that allows only the embedded script; stored credentials sealed at rest ([`vault`]), never
//! rendered (only [`secret::mask_auth`]), and dropped when the base URL moves to another
//! origin; share links carry 256-bit tokens and are revoked by making the run private.

pub mod accounts;
pub mod api;
pub mod app;
pub mod backoff;
pub mod config;
pub mod error;
pub mod execute;
pub mod form;
mod glossary;
pub mod html;
pub mod live;
pub mod monitor;
pub mod origin;
pub mod pages;
pub mod secret;
pub mod session;
pub mod store;
pub mod targets;
pub mod vault;

pub use app::{AppState, RunningDashboard, start};
pub use config::DashboardConfig;
pub use error::DashboardError;
