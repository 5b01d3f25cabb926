//! The Runscope API-test format: parsing an exported test into typed steps and running it with
//! Runscope's semantics (templates, extraction, assertions, scripts, pauses).
//!
//! The pipeline reads as the files: [`format`] parses the export once into typed steps;
//! [`runner`] walks them, [`step`] runs one request step using [`template`], [`extraction`]
//! (with [`property`] paths), [`script`], [`assertion`] and [`comparison`]; [`okta`] knows Okta's
//! published tests; [`secret`] keeps credentials out of scripts. docs/RUNSCOPE.md is the user-facing account of these rules.

pub mod assertion;
pub mod assumed;
pub mod comparison;
pub mod cookies;
pub mod environment;
pub mod extraction;
pub mod features;
pub mod format;
pub mod oauth1;
pub mod okta;
pub mod property;
pub mod runner;
pub mod script;
pub mod secret;
pub mod step;
pub mod template;
pub mod xml;

pub use script::Variables;

/// Variables from name/value pairs, for tests.
#[cfg(test)]
pub(crate) fn variables_of(pairs: &[(&str, &str)]) -> Variables {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}
