//! The SCIM protocol (RFC 7643, RFC 7644, and the SCIM 1.1 differences) as a pure library.
//!
//! This crate is the single source of truth for what SCIM means in scimcheck: the reference
//! server, the conformance checks and the IdP simulators all ask it. It does no I/O: no network,
//! no files, no clock except where a caller passes time in.

pub mod canonical;
pub mod error;
pub mod filter;
pub mod leniency;
pub mod message;
pub mod patch;
pub mod projection;
pub mod schema;
pub mod sort;
pub mod validate;
pub mod version;
