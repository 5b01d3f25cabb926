//! The scimcheck dashboard (placeholder during construction).
pub mod config;
pub mod error;
pub mod secret;
pub mod store;
