//! The flags `run` and `runscope` share — target, credentials, TLS, time limits, report files,
//! verbosity — and where else they may come from: environment variables (`SCIMCHECK_*`) and a
//! `scimcheck.toml` file (the current directory's, or `--config FILE`). Precedence is
//! flags > environment > file, value by value, except that credentials are one choice: the
//! highest layer that names any credential decides it whole (a `--token` flag is not mixed with
//! a `basic` from the file).

use crate::gate::{Gate, GateArgs};
use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use scimcheck_engine::auth::{ClientCredentials, TokenProvider};
use scimcheck_engine::egress::split_user_info;
use scimcheck_engine::http::{HttpLimits, Transport};
use scimcheck_engine::model::RunResult;
use scimcheck_engine::run::RunOptions;
use scimcheck_report::expectation::Expectations;
use scimcheck_report::terminal::Verbosity;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The config file read from the current directory when `--config` is not given.
pub const CONFIG_FILE: &str = "scimcheck.toml";

/// Flags shared by `scimcheck run` and `scimcheck runscope` (flattened into both).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct SharedArgs {
    /// The SCIM base URL, e.g. https://api.example.com/scim/v2 [env: SCIMCHECK_BASE_URL]; without
    /// it the embedded reference server is started and tested.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Settings file (TOML; keys as the long flags with `_`); default ./scimcheck.toml if present.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The whole Authorization header value, e.g. "Bearer abc" [env: SCIMCHECK_AUTH].
    #[arg(long, value_name = "VALUE")]
    pub auth: Option<String>,
    /// A bearer token, sent as "Authorization: Bearer T" [env: SCIMCHECK_TOKEN].
    #[arg(long, value_name = "T")]
    pub token: Option<String>,
    /// HTTP Basic credentials [env: SCIMCHECK_BASIC].
    #[arg(long, value_name = "USER:PASS")]
    pub basic: Option<String>,
    /// A header sent with every request, e.g. "X-Api-Key: abc"; repeat for more.
    #[arg(long = "header", value_name = "K:V")]
    pub headers: Vec<String>,
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
    /// Accept any TLS certificate (self-signed test servers) [env: SCIMCHECK_INSECURE=1].
    #[arg(long)]
    pub insecure: bool,
    /// Also trust the CA certificate(s) in this PEM file [env: SCIMCHECK_CA_CERT].
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// Per-request timeout in seconds (default 60, Okta's limit) [env: SCIMCHECK_TIMEOUT].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Stop the whole run after this many seconds [env: SCIMCHECK_DEADLINE].
    #[arg(long, value_name = "SECS")]
    pub deadline: Option<u64>,
    /// Report files: HTML, JUnit, JSON, Markdown.
    #[command(flatten)]
    pub outputs: Outputs,
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

/// One source of settings (flags, environment or file), every value optional.
#[derive(Debug, Default, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Layer {
    base_url: Option<String>,
    auth: Option<String>,
    token: Option<String>,
    basic: Option<String>,
    #[serde(default)]
    headers: Vec<String>,
    oauth_token_url: Option<String>,
    oauth_client_id: Option<String>,
    oauth_client_secret: Option<String>,
    oauth_scope: Option<String>,
    insecure: Option<bool>,
    ca_cert: Option<PathBuf>,
    timeout: Option<u64>,
    deadline: Option<u64>,
    report: Option<PathBuf>,
    junit: Option<PathBuf>,
    json: Option<PathBuf>,
    markdown: Option<PathBuf>,
    /// `[expect]`: checks expected to fail, each with its reason (the file only).
    #[serde(default)]
    expect: Expectations,
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// None configured.
    None,
    /// A whole `Authorization` header value (`--auth`, or `--token` as `Bearer …`).
    Header(String),
    /// HTTP Basic.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// OAuth 2.0 client credentials.
    OAuth(ClientCredentials),
}

/// The files to write once the run is over (flags shared by `run`, `runscope` and `diff`).
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct Outputs {
    /// Write a self-contained HTML report to FILE. `run` writes one to scimcheck-report.html
    /// in the current folder when this is not given.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Write JUnit XML (one testcase per case) to FILE.
    #[arg(long, value_name = "FILE.xml")]
    pub junit: Option<PathBuf>,
    /// Write the full result as JSON to FILE; see docs/RESULTS.md.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a Markdown summary (for a CI step summary) to FILE.
    #[arg(long, value_name = "FILE.md")]
    pub markdown: Option<PathBuf>,
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
            Some(path) => read_config(path)?,
            None => {
                let path = cwd.join(CONFIG_FILE);
                if path.exists() {
                    read_config(&path)?
                } else {
                    Layer::default()
                }
            }
        };
        let gate = Gate::new(&self.gate, file.expect.clone(), self.show_secrets)?;
        let layers = [self.layer(), env_layer(env)?, file];
        let pick = |get: &dyn Fn(&Layer) -> Option<String>| layers.iter().find_map(get);
        let pick_path = |get: &dyn Fn(&Layer) -> Option<PathBuf>| layers.iter().find_map(get);
        let pick_u64 = |get: &dyn Fn(&Layer) -> Option<u64>| layers.iter().find_map(get);
        let credential = layers
            .iter()
            .map(credential)
            .find(|c| !matches!(c, Ok(Credential::None)))
            .unwrap_or(Ok(Credential::None))?;
        let headers = layers
            .iter()
            .find(|l| !l.headers.is_empty())
            .map_or(Ok(Vec::new()), |l| {
                l.headers.iter().map(|h| parse_header(h)).collect()
            })?;
        // User-info in the base URL is a credential like --basic: taken out of the URL (which
        // is printed) and sent, masked and kept to the base URL's origin as one.
        let (base_url, user_info) = match pick(&|l| l.base_url.clone()) {
            Some(url) => {
                let (clean, user_info) = split_user_info(&url);
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
        let timeout = pick_u64(&|l| l.timeout).unwrap_or(60);
        if timeout == 0 {
            bail!("--timeout 0 would fail every request; give seconds, e.g. --timeout 60");
        }
        Ok(Settings {
            base_url,
            credential,
            headers,
            insecure: layers.iter().find_map(|l| l.insecure).unwrap_or(false),
            ca_cert: pick_path(&|l| l.ca_cert.clone()),
            timeout: Duration::from_secs(timeout),
            deadline: pick_u64(&|l| l.deadline).map(Duration::from_secs),
            outputs: Outputs {
                report: pick_path(&|l| l.report.clone()),
                junit: pick_path(&|l| l.junit.clone()),
                json: pick_path(&|l| l.json.clone()),
                markdown: pick_path(&|l| l.markdown.clone()),
            },
            verbosity: match (self.verbose, self.quiet) {
                (true, _) => Verbosity::Verbose,
                (_, true) => Verbosity::Quiet,
                _ => Verbosity::Normal,
            },
            show_secrets: self.show_secrets,
            gate,
        })
    }

    fn layer(&self) -> Layer {
        Layer {
            base_url: self.base_url.clone(),
            auth: self.auth.clone(),
            token: self.token.clone(),
            basic: self.basic.clone(),
            headers: self.headers.clone(),
            oauth_token_url: self.oauth_token_url.clone(),
            oauth_client_id: self.oauth_client_id.clone(),
            oauth_client_secret: self.oauth_client_secret.clone(),
            oauth_scope: self.oauth_scope.clone(),
            insecure: self.insecure.then_some(true),
            ca_cert: self.ca_cert.clone(),
            timeout: self.timeout,
            deadline: self.deadline,
            report: self.outputs.report.clone(),
            junit: self.outputs.junit.clone(),
            json: self.outputs.json.clone(),
            markdown: self.outputs.markdown.clone(),
            expect: Expectations::new(),
        }
    }
}

fn read_config(path: &Path) -> Result<Layer> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| {
        format!(
            "{} is not a valid scimcheck config (TOML with keys named like the long flags, e.g. base_url = \"https://…\", timeout = 30)",
            path.display()
        )
    })
}

fn env_layer(env: &dyn Fn(&str) -> Option<String>) -> Result<Layer> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let number = |name: &str| -> Result<Option<u64>> {
        var(name)
            .map(|v| {
                v.trim()
                    .parse()
                    .with_context(|| format!("{name}={v:?} is not a whole number of seconds"))
            })
            .transpose()
    };
    let insecure = var("SCIMCHECK_INSECURE")
        .map(|v| match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Ok(true),
            "0" | "false" | "no" => Ok(false),
            _ => bail!("SCIMCHECK_INSECURE={v:?} is not 1/true/yes or 0/false/no"),
        })
        .transpose()?;
    Ok(Layer {
        base_url: var("SCIMCHECK_BASE_URL"),
        auth: var("SCIMCHECK_AUTH"),
        token: var("SCIMCHECK_TOKEN"),
        basic: var("SCIMCHECK_BASIC"),
        headers: Vec::new(),
        oauth_token_url: var("SCIMCHECK_OAUTH_TOKEN_URL"),
        oauth_client_id: var("SCIMCHECK_OAUTH_CLIENT_ID"),
        oauth_client_secret: var("SCIMCHECK_OAUTH_CLIENT_SECRET"),
        oauth_scope: var("SCIMCHECK_OAUTH_SCOPE"),
        insecure,
        ca_cert: var("SCIMCHECK_CA_CERT").map(PathBuf::from),
        timeout: number("SCIMCHECK_TIMEOUT")?,
        deadline: number("SCIMCHECK_DEADLINE")?,
        report: None,
        junit: None,
        json: None,
        markdown: None,
        expect: Expectations::new(),
    })
}

/// The one credential a layer names; two at once is a usage error.
fn credential(layer: &Layer) -> Result<Credential> {
    let oauth = [
        &layer.oauth_token_url,
        &layer.oauth_client_id,
        &layer.oauth_client_secret,
    ];
    let named = [
        layer.auth.is_some(),
        layer.token.is_some(),
        layer.basic.is_some(),
        oauth.iter().any(|v| v.is_some()),
    ];
    if named.iter().filter(|n| **n).count() > 1 {
        bail!(
            "more than one credential given (auth, token, basic, oauth): choose one way to authenticate"
        );
    }
    if let Some(auth) = &layer.auth {
        return Ok(Credential::Header(auth.clone()));
    }
    if let Some(token) = &layer.token {
        return Ok(Credential::Header(format!("Bearer {token}")));
    }
    if let Some(basic) = &layer.basic {
        let Some((user, password)) = basic.split_once(':') else {
            bail!("--basic value is not USER:PASS (e.g. --basic admin:secret)");
        };
        return Ok(Credential::Basic {
            user: user.to_owned(),
            password: password.to_owned(),
        });
    }
    match oauth {
        [None, None, None] => Ok(Credential::None),
        [Some(url), Some(id), Some(secret)] => Ok(Credential::OAuth(ClientCredentials {
            token_url: url.clone(),
            client_id: id.clone(),
            client_secret: secret.clone(),
            scope: layer.oauth_scope.clone(),
        })),
        _ => bail!(
            "OAuth needs all of --oauth-token-url, --oauth-client-id and --oauth-client-secret"
        ),
    }
}

fn parse_header(header: &str) -> Result<(String, String)> {
    let Some((name, value)) = header.split_once(':').filter(|(n, _)| !n.trim().is_empty()) else {
        bail!("--header {header:?} is not NAME:VALUE (e.g. --header \"X-Api-Key: abc\")");
    };
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

/// What a command needs to send requests: the run's options (limits with the run's transport,
/// masking, deadline), and the `Authorization` value (fetched first for OAuth).
#[derive(Debug, Clone)]
pub struct Connection {
    /// Limits (timeout), the transport (TLS trust, OAuth renewal), `--show-secrets` and
    /// `--deadline`; a fresh cancellation token.
    pub run: RunOptions,
    /// The `Authorization` header value, when one is configured.
    pub authorization: Option<String>,
}

impl Settings {
    /// Writes the report files `result` asks for, returning the lines announcing them; under
    /// `--show-secrets` the result first gets a note saying nothing in it is masked, so a
    /// report passed on later warns its reader.
    pub fn write_outputs(&self, result: &mut RunResult) -> Result<Vec<String>> {
        if self.show_secrets {
            result.notes.push(
                "--show-secrets: tokens and passwords are NOT masked in this result; do not share it"
                    .into(),
            );
        }
        self.outputs.write(result)
    }

    /// Builds the transport and, for OAuth, fetches the first token. `extra_headers`: whether
    /// `--header`s go on every request at the transport level (runscope, whose steps carry their
    /// own headers) rather than through the caller's target.
    pub async fn connect(&self, extra_headers: bool) -> Result<Connection> {
        let mut transport = Transport::default();
        transport.insecure = self.insecure;
        if let Some(path) = &self.ca_cert {
            transport.trust_ca_file(path)?;
        }
        if extra_headers {
            transport.headers = self.headers.clone();
        }
        let authorization = match &self.credential {
            Credential::None => None,
            Credential::Header(value) => Some(value.clone()),
            Credential::Basic { user, password } => Some(format!(
                "Basic {}",
                BASE64.encode(format!("{user}:{password}"))
            )),
            Credential::OAuth(credentials) => {
                let client = transport
                    .client_builder(self.timeout)
                    .build()
                    .context("cannot create the HTTP client for the OAuth token endpoint")?;
                let provider = TokenProvider::new(credentials.clone(), client);
                let first = provider.authorization().await.map_err(|e| match e {
                    scimcheck_engine::auth::AuthError::Unreachable { .. } => {
                        anyhow::Error::new(Unreachable(e.to_string()))
                    }
                    other => anyhow::Error::new(other),
                })?;
                transport.oauth = Some(provider);
                Some(first)
            }
        };
        Ok(Connection {
            run: RunOptions {
                limits: HttpLimits {
                    timeout: self.timeout,
                    transport: Some(Arc::new(transport)),
                    ..HttpLimits::default()
                },
                show_secrets: self.show_secrets,
                deadline: self.deadline,
                ..RunOptions::default()
            },
            authorization,
        })
    }
}

impl Outputs {
    /// Writes every requested report of `result`; returns one line per file saying where.
    pub fn write(&self, result: &RunResult) -> Result<Vec<String>> {
        use scimcheck_report::{html, json, junit, markdown};
        type Render = fn(&RunResult) -> String;
        let files: [(&Option<PathBuf>, &str, Render); 4] = [
            (&self.report, "HTML report", html::render),
            (&self.junit, "JUnit XML", junit::render),
            (&self.json, "JSON result", json::render),
            (&self.markdown, "Markdown summary", markdown::render),
        ];
        let mut lines = Vec::new();
        for (path, what, render) in files {
            if let Some(path) = path {
                std::fs::write(path, render(result))
                    .with_context(|| format!("cannot write the {what} to {}", path.display()))?;
                lines.push(format!("{what} written to {}", path.display()));
            }
        }
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

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
        let args = SharedArgs {
            base_url: Some("http://flag/scim/v2".into()),
            basic: Some("u:p:x".into()),
            timeout: Some(9),
            ..SharedArgs::default()
        };
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
        let args = SharedArgs {
            token: Some("t".into()),
            basic: Some("u:p".into()),
            ..SharedArgs::default()
        };
        let err = resolve(&args, &[], None).unwrap_err().to_string();
        assert!(err.contains("more than one credential"), "{err}");
    }

    #[test]
    fn incomplete_oauth_names_what_is_missing() {
        let args = SharedArgs {
            oauth_token_url: Some("http://idp/token".into()),
            ..SharedArgs::default()
        };
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
        let args = SharedArgs {
            base_url: Some("https://ann:s%3Acret@h.example/scim/v2/".into()),
            ..SharedArgs::default()
        };
        let s = resolve(&args, &[], None).unwrap();
        assert_eq!(s.base_url.as_deref(), Some("https://h.example/scim/v2"));
        assert_eq!(
            s.credential,
            Credential::Basic {
                user: "ann".into(),
                password: "s:cret".into()
            }
        );
        let both = SharedArgs {
            token: Some("t".into()),
            ..args
        };
        let err = resolve(&both, &[], None).unwrap_err().to_string();
        assert!(err.contains("user:password"), "{err}");
    }
}
