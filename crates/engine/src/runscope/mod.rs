//! The Runscope API-test format: parsing an exported test into typed steps and running it with
//! Runscope's semantics (templates, extraction, assertions, scripts, pauses).

pub mod script;
