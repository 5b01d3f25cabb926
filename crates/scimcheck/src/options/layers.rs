//! The sources of settings and how they stack. Each setting is defined once, as a field of
//! [`Layer`] (of [`TargetSettings`] or [`Outputs`] inside it): the field is its flag (clap, the
//! name in kebab case), its config-file key (serde, the name as written) and, in
//! [`TargetSettings`], its environment variable (`SCIMCHECK_` and the name in capitals). The
//! flags, the environment and the file each give a `Layer`; [`merge`] stacks them value by value,
//! so a setting added to the struct is read from every source without another line.

use super::outputs::Outputs;
use anyhow::{Context, Result, anyhow};
use clap::{Args, FromArgMatches};
use scimcheck_report::expectation::Expectations;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What starts the name of each [`TargetSettings`] field's environment variable.
const ENV_PREFIX: &str = "SCIMCHECK_";

/// The target, how to reach it and how long a run may take: the settings that environment
/// variables may also give (a CI job's secrets), each as `SCIMCHECK_` and its name in capitals.
/// The help text names each variable; a test holds it to that rule.
#[derive(Debug, Default, Clone, PartialEq, clap::Args, serde::Deserialize, serde::Serialize)]
pub struct TargetSettings {
    /// The SCIM base URL, e.g. https://api.example.com/scim/v2 [env: SCIMCHECK_BASE_URL]; without
    /// it the embedded reference server is started and tested.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The whole Authorization header value, e.g. "Bearer abc" [env: SCIMCHECK_AUTH].
    #[arg(long, value_name = "VALUE")]
    pub auth: Option<String>,
    /// A bearer token, sent as "Authorization: Bearer T" [env: SCIMCHECK_TOKEN].
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
    /// HTTP Basic credentials [env: SCIMCHECK_BASIC].
    #[arg(long, value_name = "USER:PASS")]
    pub basic: Option<String>,
    /// OAuth 2.0 token endpoint (client credentials); the token is fetched before the run and
    /// renewed on expiry or after a 401 [env: SCIMCHECK_OAUTH_TOKEN_URL].
    #[arg(long, value_name = "URL")]
    pub oauth_token_url: Option<String>,
    /// OAuth client id [env: SCIMCHECK_OAUTH_CLIENT_ID].
    #[arg(long, value_name = "ID")]
    pub oauth_client_id: Option<String>,
    /// OAuth client secret [env: SCIMCHECK_OAUTH_CLIENT_SECRET].
    #[arg(long, value_name = "SECRET")]
    pub oauth_client_secret: Option<String>,
    /// OAuth scopes, space-separated [env: SCIMCHECK_OAUTH_SCOPE].
    #[arg(long, value_name = "SCOPES")]
    pub oauth_scope: Option<String>,
    /// Accept any TLS certificate (self-signed test servers) [env: SCIMCHECK_INSECURE=1];
    /// `--insecure=false` overrides the environment and the file.
    // A value is optional (rather than a bare switch) so that the environment's
    // `SCIMCHECK_INSECURE=0` reads through this same definition.
    #[arg(
        long,
        value_name = "BOOL",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        hide_possible_values = true,
        value_parser = clap::builder::BoolishValueParser::new()
    )]
    pub insecure: Option<bool>,
    /// Also trust the CA certificate(s) in this PEM file [env: SCIMCHECK_CA_CERT].
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Present this client certificate to the target (mutual TLS): one PEM file with the
    /// certificate chain and its private key [env: SCIMCHECK_CLIENT_CERT].
    #[arg(long, value_name = "FILE")]
    pub client_cert: Option<PathBuf>,
    /// Per-request timeout in seconds (default 60, Okta's limit) [env: SCIMCHECK_TIMEOUT].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Stop the whole run after this many seconds [env: SCIMCHECK_DEADLINE].
    #[arg(long, value_name = "SECS")]
    pub deadline: Option<u64>,
}

/// One source of settings (flags, environment or file), every value optional.
#[derive(Debug, Default, Clone, PartialEq, clap::Args, serde::Deserialize, serde::Serialize)]
pub struct Layer {
    /// The target, credentials, TLS and time limits.
    #[command(flatten)]
    #[serde(flatten)]
    pub target: TargetSettings,
    /// A header sent with every request, e.g. "X-Api-Key: abc"; repeat for more.
    #[arg(long = "header", value_name = "K:V")]
    #[serde(default)]
    pub headers: Vec<String>,
    /// Report files: HTML, JUnit, JSON, Markdown.
    #[command(flatten)]
    #[serde(flatten)]
    pub outputs: Outputs,
}

/// What the config file holds: a layer, and the expected failures that only the file names.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FileLayer {
    /// The settings the flags also give.
    #[serde(flatten)]
    pub layer: Layer,
    /// `[expect]`: checks expected to fail, each with its reason.
    #[serde(default)]
    pub expect: Expectations,
}

/// The config file's table of expected failures, the one key that is not a flag.
const EXPECT_KEY: &str = "expect";

/// Stacks `layers`, highest first: each value comes from the highest layer that gives it (a
/// list from the highest that gives a non-empty one).
pub fn merge(layers: &[Layer]) -> Result<Layer> {
    let mut merged = serde_json::Map::new();
    for layer in layers.iter().rev() {
        let Value::Object(values) = serde_json::to_value(layer)? else {
            unreachable!("a layer is a struct, so it serializes to an object");
        };
        let given = values
            .into_iter()
            .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|list| !list.is_empty()));
        merged.extend(given);
    }
    Ok(serde_json::from_value(Value::Object(merged))?)
}

/// The layer the environment gives: each [`TargetSettings`] field from its variable, read as its
/// flag is (blanks around the value trimmed; an empty variable counts as unset).
pub fn env_layer(env: &dyn Fn(&str) -> Option<String>) -> Result<Layer> {
    let command =
        TargetSettings::augment_args(clap::Command::new("environment")).no_binary_name(true);
    let mut target = TargetSettings::default();
    for arg in command.get_arguments() {
        let name = format!("{ENV_PREFIX}{}", arg.get_id().as_str().to_ascii_uppercase());
        let Some(value) = env(&name).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let long = arg.get_long().unwrap_or_default();
        let matches = command
            .clone()
            .try_get_matches_from([format!("--{long}={}", value.trim())])
            .map_err(|e| {
                let why =
                    std::error::Error::source(&e).map_or_else(String::new, |s| format!(": {s}"));
                anyhow!("{name}={value:?} is not a valid value for --{long}{why}")
            })?;
        target.update_from_arg_matches(&matches)?;
    }
    Ok(Layer {
        target,
        ..Layer::default()
    })
}

/// Reads the config file at `path`; a key that names no setting is an error, so a typo is not
/// silently ignored.
pub fn read_config(path: &Path) -> Result<FileLayer> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    let invalid = || {
        format!(
            "{} is not a valid scimcheck config (TOML with keys named like the long flags, e.g. base_url = \"https://…\", timeout = 30)",
            path.display()
        )
    };
    let table: toml::Table = toml::from_str(&text).with_context(invalid)?;
    let keys = config_keys();
    if let Some(unknown) = table.keys().find(|key| !keys.contains(key)) {
        return Err(anyhow!(
            "unknown key `{unknown}`; the keys are {}",
            keys.join(", ")
        ))
        .with_context(invalid);
    }
    table.try_into().with_context(invalid)
}

/// Every key the config file may hold: each setting's field name, and `expect`.
fn config_keys() -> Vec<String> {
    Layer::augment_args(clap::Command::new("config"))
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .chain([EXPECT_KEY.to_owned()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_names_each_environment_variable_and_only_those() {
        let command = Layer::augment_args(clap::Command::new("layer"));
        let target: Vec<String> = TargetSettings::augment_args(clap::Command::new("target"))
            .get_arguments()
            .map(|arg| arg.get_id().to_string())
            .collect();
        for arg in command.get_arguments() {
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            let id = arg.get_id().as_str();
            if target.iter().any(|t| t == id) {
                let variable = format!("[env: {ENV_PREFIX}{}", id.to_ascii_uppercase());
                assert!(
                    help.contains(&variable),
                    "--{id}: {help:?} lacks {variable}"
                );
            } else {
                assert!(!help.contains("[env:"), "--{id} has no variable: {help:?}");
            }
        }
    }

    #[test]
    fn a_higher_layer_wins_value_by_value_and_an_empty_list_gives_nothing() {
        let high = Layer {
            target: TargetSettings {
                timeout: Some(9),
                ..TargetSettings::default()
            },
            ..Layer::default()
        };
        let low = Layer {
            target: TargetSettings {
                timeout: Some(5),
                deadline: Some(100),
                insecure: Some(true),
                ..TargetSettings::default()
            },
            headers: vec!["X-A: 1".into()],
            ..Layer::default()
        };
        let merged = merge(&[high, low]).unwrap();
        assert_eq!(merged.target.timeout, Some(9));
        assert_eq!(merged.target.deadline, Some(100));
        assert_eq!(merged.target.insecure, Some(true));
        assert_eq!(merged.headers, ["X-A: 1"]);
    }

    #[test]
    fn the_environment_reads_values_as_the_flags_do() {
        let env = |name: &str| match name {
            "SCIMCHECK_INSECURE" => Some("no".to_owned()),
            "SCIMCHECK_TIMEOUT" => Some(" 7 ".to_owned()),
            "SCIMCHECK_CA_CERT" => Some(String::new()),
            _ => None,
        };
        let layer = env_layer(&env).unwrap();
        assert_eq!(layer.target.insecure, Some(false));
        assert_eq!(layer.target.timeout, Some(7));
        assert_eq!(layer.target.ca_cert, None, "empty is unset");
        let bad = |name: &str| (name == "SCIMCHECK_INSECURE").then(|| "maybe".to_owned());
        let err = env_layer(&bad).unwrap_err().to_string();
        assert!(err.contains("SCIMCHECK_INSECURE=\"maybe\""), "{err}");
    }
}
