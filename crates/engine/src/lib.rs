//! The execution side of scimcheck: HTTP exchanges (and the OAuth tokens they carry), the one
//! result model every suite and report shares, the runner and its event stream, and the Runscope
//! API-test format with its JavaScript sandbox.
//!
//! Not for: SCIM protocol rules (crates/scim) or flag parsing and printing (crates/scimcheck).

pub mod auth;
pub mod cap;
pub mod egress;
pub mod ending;
pub mod event;
pub mod http;
pub mod model;
pub mod redact;
pub mod rule;
pub mod run;
pub mod runscope;
pub mod setting;
