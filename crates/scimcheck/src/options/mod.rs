//! The flags `run`, `runscope` and `load` share — target, credentials, TLS, time limits, report
//! files, verbosity — and where else they may come from: environment variables (`SCIMCHECK_*`)
//! and a `scimcheck.toml` file (the current directory's, or `--config FILE`). Precedence is
//! flags > environment > file, value by value, except that credentials are one choice: the
//! highest layer that names any credential decides it whole (a `--token` flag is not mixed with
//! a `basic` from the file).
//!
//! By concern: `layers` defines every setting once and stacks the sources, `credentials` turns
//! the chosen credential into what a run sends, `outputs` writes the report files.

mod credentials;
mod layers;
mod outputs;

use crate::gate::{Gate, GateArgs};
use anyhow::{Result, bail};
use layers::{FileLayer, Layer};
use scimcheck_engine::egress::split_user_info;
use scimcheck_report::terminal::Verbosity;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use credentials::Credential;
pub use outputs::Outputs;

/// The config file read from the current directory when `--config` is not given.
pub const CONFIG_FILE: &str = "scimcheck.toml";

/// Flags shared by `scimcheck run`, `runscope` and `load` (flattened into each).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct SharedArgs {
    /// Settings file (TOML; keys as the long flags with `_`); default ./scimcheck.toml if present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The settings that the environment and the config file may also give.
    #[command(flatten)]
    pub layer: Layer,
    /// Baseline comparison and what fails the run.
    #[command(flatten)]
    pub gate: GateArgs,
    /// Also print every exchange, with all headers (secrets masked).
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only the summary at the end.
    #[arg(short, long)]
    pub quiet: bool,
    /// Do not mask tokens and passwords in any output (terminal, HTML, JUnit, JSON, Markdown),
    /// to debug authentication on your own machine. A flag only, so no config file or CI
    /// environment can leave it on.
    #[arg(long)]
    pub show_secrets: bool,
}

/// The settings of a run after flags, environment and file are merged and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The target; `None` means the embedded reference server.
    pub base_url: Option<String>,
    /// How to authenticate.
    pub credential: Credential,
    /// Headers for every request (`--header`), as name and value.
    pub headers: Vec<(String, String)>,
    /// Accept any certificate.
    pub insecure: bool,
    /// Extra CA certificate file.
    pub ca_cert: Option<PathBuf>,
    /// Client certificate (and key) file presented to the target.
    pub client_cert: Option<PathBuf>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Overall deadline.
    pub deadline: Option<Duration>,
    /// Report files.
    pub outputs: Outputs,
    /// How much the terminal shows.
    pub verbosity: Verbosity,
    /// Leave secrets unmasked in every output (`--show-secrets`).
    pub show_secrets: bool,
    /// The baseline, the expected failures and what fails the run.
    pub gate: Gate,
}

/// An error meaning the target (or its token endpoint) could not be reached: exit code 3.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

/// The exit code for an error of a command: 3 unreachable, 2 anything else (usage, input). A
/// run that happened takes its exit code from its ending instead (`launching::Finished`).
pub fn error_exit_code(error: &anyhow::Error) -> u8 {
    if error.downcast_ref::<Unreachable>().is_some() {
        3
    } else {
        2
    }
}

impl SharedArgs {
    /// Merges the flags with the process environment and the config file.
    pub fn resolve(&self) -> Result<Settings> {
        self.resolve_with(&|name| std::env::var(name).ok(), Path::new("."))
    }

    /// [`SharedArgs::resolve`] with the environment and the current directory given, so the
    /// precedence can be tested without touching the process.
    fn resolve_with(&self, env: &dyn Fn(&str) -> Option<String>, cwd: &Path) -> Result<Settings> {
        let file = match &self.config {
            Some(path) => layers::read_config(path)?,
            None => {
                let path = cwd.join(CONFIG_FILE);
                if path.exists() {
                    layers::read_config(&path)?
                } else {
                    FileLayer::default()
                }
            }
        };
        let gate = Gate::new(&self.gate, file.expect, self.show_secrets)?;
        let layers = [self.layer.clone(), layers::env_layer(env)?, file.layer];
        let credential = layers
            .iter()
            .map(|layer| Credential::of(&layer.target))
            .find(|c| !matches!(c, Ok(Credential::None)))
            .unwrap_or(Ok(Credential::None))?;
        let Layer {
            target,
            headers,
            outputs,
        } = layers::merge(&layers)?;
        let headers = headers
            .iter()
            .map(|h| parse_header(h))
            .collect::<Result<_>>()?;
        // User-info in the base URL is a credential like --basic: taken out of the URL (which
        // is printed) and sent, masked and kept to the base URL's origin as one.
        let (base_url, user_info) = match &target.base_url {
            Some(url) => {
                let (clean, user_info) = split_user_info(url);
                (Some(clean.trim_end_matches('/').to_owned()), user_info)
            }
            None => (None, None),
        };
        let credential = match (user_info, credential) {
            (None, credential) => credential,
            (Some((user, password)), Credential::None) => Credential::Basic { user, password },
            (Some(_), _) => bail!(
                "the base URL carries user:password and another credential is given too: choose one way to authenticate (drop the user-info from --base-url, or the other credential)"
            ),
        };
        let timeout = target.timeout.unwrap_or(60);
        if timeout == 0 {
            bail!("--timeout 0 would fail every request; give seconds, e.g. --timeout 60");
        }
        Ok(Settings {
            base_url,
            credential,
            headers,
            insecure: target.insecure.unwrap_or(false),
            ca_cert: target.ca_cert,
            client_cert: target.client_cert,
            timeout: Duration::from_secs(timeout),
            deadline: target.deadline.map(Duration::from_secs),
            outputs,
            verbosity: match (self.verbose, self.quiet) {
                (true, _) => Verbosity::Verbose,
                (_, true) => Verbosity::Quiet,
                _ => Verbosity::Normal,
            },
            show_secrets: self.show_secrets,
            gate,
        })
    }
}

fn parse_header(header: &str) -> Result<(String, String)> {
    let Some((name, value)) = header.split_once(':').filter(|(n, _)| !n.trim().is_empty()) else {
        bail!("--header {header:?} is not NAME:VALUE (e.g. --header \"X-Api-Key: abc\")");
    };
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use layers::TargetSettings;
    use std::collections::HashMap;

    /// Flags giving `target` and nothing else.
    fn flags(target: TargetSettings) -> SharedArgs {
        SharedArgs {
            layer: Layer {
                target,
                ..Layer::default()
            },
            ..SharedArgs::default()
        }
    }

    fn resolve(args: &SharedArgs, env: &[(&str, &str)], file: Option<&str>) -> Result<Settings> {
        let dir = std::env::temp_dir().join(format!(
            "scimcheck-options-{}-{}",
            std::process::id(),
            uuid_like(file.unwrap_or("") as &str, env)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(CONFIG_FILE);
        match file {
            Some(text) => std::fs::write(&path, text).expect("config written"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        args.resolve_with(&|name| env.get(name).cloned(), &dir)
    }

    /// A directory name per test input, so parallel tests do not share a config file.
    fn uuid_like(file: &str, env: &[(&str, &str)]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        file.hash(&mut hasher);
        env.hash(&mut hasher);
        hasher.finish()
    }

    const FILE: &str = "base_url = \"http://file/scim/v2/\"\ntoken = \"file-token\"\ntimeout = 5\ndeadline = 100\n";

    #[test]
    fn file_alone_is_used() {
        let s = resolve(&SharedArgs::default(), &[], Some(FILE)).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("http://file/scim/v2"));
        assert_eq!(s.credential, Credential::Header("Bearer file-token".into()));
        assert_eq!(s.timeout, Duration::from_secs(5));
        assert_eq!(s.deadline, Some(Duration::from_secs(100)));
    }

    #[test]
    fn environment_beats_file() {
        let env = [
            ("SCIMCHECK_BASE_URL", "http://env/scim/v2"),
            ("SCIMCHECK_AUTH", "Custom env"),
            ("SCIMCHECK_TIMEOUT", "7"),
        ];
        let s = resolve(&SharedArgs::default(), &env, Some(FILE)).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("http://env/scim/v2"));
        assert_eq!(s.credential, Credential::Header("Custom env".into()));
        assert_eq!(s.timeout, Duration::from_secs(7));
        assert_eq!(
            s.deadline,
            Some(Duration::from_secs(100)),
            "file fills the rest"
        );
    }

    #[test]
    fn flags_beat_environment_and_file() {
        let args = flags(TargetSettings {
            base_url: Some("http://flag/scim/v2".into()),
            basic: Some("u:p:x".into()),
            timeout: Some(9),
            ..TargetSettings::default()
        });
        let env = [
            ("SCIMCHECK_BASE_URL", "http://env/scim/v2"),
            ("SCIMCHECK_TOKEN", "env-token"),
            ("SCIMCHECK_TIMEOUT", "7"),
        ];
        let s = resolve(&args, &env, Some(FILE)).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("http://flag/scim/v2"));
        assert_eq!(
            s.credential,
            Credential::Basic {
                user: "u".into(),
                password: "p:x".into()
            }
        );
        assert_eq!(s.timeout, Duration::from_secs(9));
    }

    #[test]
    fn defaults_without_any_source() {
        let s = resolve(&SharedArgs::default(), &[], None).unwrap();
        assert_eq!(s.base_url, None);
        assert_eq!(s.credential, Credential::None);
        assert_eq!(s.timeout, Duration::from_secs(60));
        assert!(!s.insecure);
    }

    #[test]
    fn two_credentials_in_one_layer_is_a_usage_error() {
        let args = flags(TargetSettings {
            token: Some("t".into()),
            basic: Some("u:p".into()),
            ..TargetSettings::default()
        });
        let err = resolve(&args, &[], None).unwrap_err().to_string();
        assert!(err.contains("more than one credential"), "{err}");
    }

    #[test]
    fn incomplete_oauth_names_what_is_missing() {
        let args = flags(TargetSettings {
            oauth_token_url: Some("http://idp/token".into()),
            ..TargetSettings::default()
        });
        let err = resolve(&args, &[], None).unwrap_err().to_string();
        assert!(err.contains("--oauth-client-id"), "{err}");
    }

    #[test]
    fn unknown_config_key_and_bad_env_number_are_explained() {
        let err = resolve(&SharedArgs::default(), &[], Some("base-url = \"x\"\n")).unwrap_err();
        assert!(format!("{err:#}").contains("base-url"), "{err:#}");
        let err = resolve(
            &SharedArgs::default(),
            &[("SCIMCHECK_TIMEOUT", "soon")],
            None,
        )
        .unwrap_err();
        assert!(err.to_string().contains("SCIMCHECK_TIMEOUT"), "{err}");
    }

    #[test]
    fn user_info_of_the_base_url_becomes_the_basic_credential() {
        let url = Some("https://ann:s%3Acret@h.example/scim/v2/".to_owned());
        let args = flags(TargetSettings {
            base_url: url.clone(),
            ..TargetSettings::default()
        });
        let s = resolve(&args, &[], None).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("https://h.example/scim/v2"));
        assert_eq!(
            s.credential,
            Credential::Basic {
                user: "ann".into(),
                password: "s:cret".into()
            }
        );
        let both = flags(TargetSettings {
            base_url: url,
            token: Some("t".into()),
            ..TargetSettings::default()
        });
        let err = resolve(&both, &[], None).unwrap_err().to_string();
        assert!(err.contains("user:password"), "{err}");
    }
}
