//! The `--env FILE` format: a Runscope-like environment in one JSON file, so a CI job can keep
//! its base URL, variables, initial script and run settings together.
//!
//! ```json
//! {
//!   "variables": { "SCIMBaseURL": "https://example.com/scim/v2", "auth": "Bearer abc" },
//!   "initial_script": "okta-initial.js",
//!   "pauses": "skip",
//!   "stop_on_failure": false
//! }
//! ```
//!
//! Every key is optional; unknown keys are rejected (a typo must not be silently ignored).
//! `initial_script` is a path relative to the environment file. Command-line flags win over the
//! file.

use super::Variables;
use super::runner::PausePolicy;
use serde::Deserialize;

/// A parsed environment file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Initial variables (values must be strings).
    #[serde(default)]
    pub variables: Variables,
    /// Path of an initial script, relative to the environment file.
    #[serde(default)]
    pub initial_script: Option<String>,
    /// `skip` or `honor`.
    #[serde(default)]
    pub pauses: Option<PauseSetting>,
    /// Stop at the first failing step.
    #[serde(default)]
    pub stop_on_failure: Option<bool>,
}

/// How an environment file spells a pause policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PauseSetting {
    /// See [`PausePolicy::Skip`].
    Skip,
    /// See [`PausePolicy::Honor`].
    Honor,
}

impl From<PauseSetting> for PausePolicy {
    fn from(setting: PauseSetting) -> Self {
        match setting {
            PauseSetting::Skip => PausePolicy::Skip,
            PauseSetting::Honor => PausePolicy::Honor,
        }
    }
}

/// Why an environment file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} at line {line}, column {column}; the keys are variables, initial_script, pauses (skip|honor) and stop_on_failure (docs/RUNSCOPE.md)"
)]
pub struct EnvironmentError {
    /// What is wrong.
    pub what: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Environment {
    /// Parses the JSON text of an environment file.
    pub fn parse(text: &str) -> Result<Self, EnvironmentError> {
        serde_json::from_str(text).map_err(|e| EnvironmentError {
            what: e.to_string(),
            line: e.line(),
            column: e.column(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let env = Environment::parse(
            r#"{"variables":{"auth":"Bearer x"},"initial_script":"i.js","pauses":"honor","stop_on_failure":true}"#,
        )
        .unwrap();
        assert_eq!(env.variables["auth"], "Bearer x");
        assert_eq!(env.initial_script.as_deref(), Some("i.js"));
        assert_eq!(env.pauses.map(PausePolicy::from), Some(PausePolicy::Honor));
        assert_eq!(env.stop_on_failure, Some(true));
    }

    #[test]
    fn empty_object_is_the_default() {
        assert_eq!(Environment::parse("{}").unwrap(), Environment::default());
    }

    #[test]
    fn typos_are_rejected_with_position() {
        let err = Environment::parse("{\n \"stop_on_failur\": true}").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.what.contains("stop_on_failur"), "{err}");
    }

    #[test]
    fn bad_pause_value_is_rejected() {
        assert!(Environment::parse(r#"{"pauses":"sometimes"}"#).is_err());
    }
}
