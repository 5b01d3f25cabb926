//! How the dashboard is started: where it listens, where it keeps its data, and the password
//! that guards it when it is reachable from other machines.

use crate::error::DashboardError;
use crate::monitor::Mailer;
use scimcheck_engine::runscope::script::ScriptHost;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything `scimcheck dashboard` needs to start.
#[derive(Debug, Clone)]
pub struct DashboardConfig {
    /// Address to listen on; loopback unless a password is set.
    pub listen: SocketAddr,
    /// Directory holding `dashboard.sqlite3` (created when missing).
    pub data_dir: PathBuf,
    /// Password every browser must enter first; required off loopback.
    pub password: Option<String>,
    /// Where browsers reach the dashboard (`https://scim-qa.example.com`), for share links when
    /// it sits behind a proxy; unset, links use the `Host` the browser sent, over `http`.
    /// Forwarded headers (`X-Forwarded-Proto`) are never trusted instead: any client can send them.
    pub public_url: Option<String>,
    /// Hosts runs may reach although they are link-local or cloud metadata addresses
    /// (`--allow-target`); the dashboard's own address stays refused.
    pub allow_targets: Vec<String>,
    /// Where uploaded suites' scripts run: the binary passes its own script worker, so a
    /// runaway script is killed and a stopped run leaves no script running.
    pub script_host: ScriptHost,
    /// The bearer token of the JSON API (`/api/v1/…`, for scripts and CI); the API is off
    /// without one. At least [`MIN_API_TOKEN_CHARS`] characters.
    pub api_token: Option<String>,
    /// The SMTP server and sender of e-mail alerts (`--smtp-url`, `--smtp-from`); schedules
    /// cannot mail anyone without them.
    pub smtp: Option<SmtpSettings>,
}

/// Where e-mail alerts are sent from (see `monitor::Mailer`).
#[derive(Clone)]
pub struct SmtpSettings {
    /// lettre's connection URL, credentials included: `smtp://…`, `…?tls=required`, `smtps://…`.
    pub url: String,
    /// The sender address.
    pub from: String,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry the SMTP password.
        f.debug_struct("SmtpSettings")
            .field("from", &self.from)
            .finish()
    }
}

/// The shortest API token accepted: a guessable token would open every stored result.
pub const MIN_API_TOKEN_CHARS: usize = 16;

impl DashboardConfig {
    /// Refuses a configuration that would expose the dashboard without a password.
    pub fn validate(&self) -> Result<(), DashboardError> {
        let has_password = self.password.as_deref().is_some_and(|p| !p.is_empty());
        if !self.listen.ip().is_loopback() && !has_password {
            return Err(DashboardError::PasswordRequired { addr: self.listen });
        }
        self.share_base()?;
        self.mailer()?;
        if let Some(token) = &self.api_token
            && token.chars().count() < MIN_API_TOKEN_CHARS
        {
            return Err(DashboardError::ApiTokenTooShort {
                chars: token.chars().count(),
            });
        }
        Ok(())
    }

    /// The base share links are built on, from [`DashboardConfig::public_url`] without its
    /// trailing slash; `None` when unset or empty. Refuses anything but an `http(s)` URL without
    /// query or fragment, since a link built on it would not lead back here.
    pub fn share_base(&self) -> Result<Option<String>, DashboardError> {
        let Some(raw) = self.public_url.as_deref().filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let refuse = |problem: String| DashboardError::PublicUrl {
            url: raw.to_owned(),
            problem,
        };
        let url = url::Url::parse(raw).map_err(|e| refuse(e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refuse("it must start with http:// or https://".into()));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(refuse(
                "it must not carry a query (?…) or fragment (#…)".into(),
            ));
        }
        Ok(Some(url.as_str().trim_end_matches('/').to_owned()))
    }

    /// The mailer of e-mail alerts, when an SMTP server is configured; refuses settings it
    /// cannot use.
    pub fn mailer(&self) -> Result<Option<Mailer>, DashboardError> {
        self.smtp
            .as_ref()
            .map(|smtp| Mailer::with_default_retries(&smtp.url, &smtp.from))
            .transpose()
            .map_err(DashboardError::Smtp)
    }

    /// The SQLite file under [`DashboardConfig::data_dir`].
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("dashboard.sqlite3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(listen: &str, password: Option<&str>) -> DashboardConfig {
        DashboardConfig {
            listen: listen.parse().unwrap(),
            data_dir: PathBuf::from("unused"),
            password: password.map(str::to_owned),
            public_url: None,
            allow_targets: Vec::new(),
            script_host: ScriptHost::InProcess,
            api_token: None,
            smtp: None,
        }
    }

    #[test]
    fn an_api_token_must_be_long_enough_to_guard_the_results() {
        let with = |token: &str| DashboardConfig {
            api_token: Some(token.to_owned()),
            ..config("127.0.0.1:7878", None)
        };
        let err = with("short-token").validate().unwrap_err();
        assert!(err.to_string().contains("at least 16"), "{err}");
        assert!(with("0123456789abcdef").validate().is_ok());
    }

    #[test]
    fn loopback_needs_no_password() {
        assert!(config("127.0.0.1:7878", None).validate().is_ok());
        assert!(config("[::1]:7878", None).validate().is_ok());
    }

    #[test]
    fn other_addresses_need_a_password() {
        let err = config("0.0.0.0:7878", None).validate().unwrap_err();
        assert!(err.to_string().contains("--password"), "{err}");
        assert!(config("0.0.0.0:7878", Some("")).validate().is_err());
        assert!(config("0.0.0.0:7878", Some("s3cret")).validate().is_ok());
    }

    #[test]
    fn a_public_url_is_an_http_base_without_query() {
        let with = |url: &str| DashboardConfig {
            public_url: Some(url.to_owned()),
            ..config("127.0.0.1:7878", None)
        };
        assert_eq!(config("127.0.0.1:7878", None).share_base().unwrap(), None);
        assert_eq!(with("").share_base().unwrap(), None);
        assert_eq!(
            with("https://qa.example.com/")
                .share_base()
                .unwrap()
                .as_deref(),
            Some("https://qa.example.com")
        );
        for bad in [
            "qa.example.com",
            "ftp://qa.example.com",
            "https://qa.example.com/?a=1",
        ] {
            let err = with(bad).validate().unwrap_err().to_string();
            assert!(err.contains("--public-url") && err.contains(bad), "{err}");
        }
    }
}
