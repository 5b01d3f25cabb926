//! How requests authenticate: the one credential a layer of settings names, and what a command
//! needs before its first request (the transport, and for OAuth the first token).

use super::layers::TargetSettings;
use super::{Settings, Unreachable};
use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use scimcheck_engine::auth::{ClientCredentials, TokenProvider};
use scimcheck_engine::http::{HttpLimits, Transport};
use scimcheck_engine::run::RunOptions;
use std::sync::Arc;

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

impl Credential {
    /// The one credential `layer` names; two at once is a usage error. Credentials are one
    /// choice per layer, never mixed across layers: the caller takes the highest layer that
    /// names any.
    pub fn of(layer: &TargetSettings) -> Result<Credential> {
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
    /// Builds the transport and, for OAuth, fetches the first token. `extra_headers`: whether
    /// `--header`s go on every request at the transport level (runscope, whose steps carry their
    /// own headers) rather than through the caller's target.
    pub async fn connect(&self, extra_headers: bool) -> Result<Connection> {
        let mut transport = Transport::default();
        transport.insecure = self.insecure;
        if let Some(path) = &self.ca_cert {
            transport.trust_ca_file(path)?;
        }
        if let Some(path) = &self.client_cert {
            transport.present_client_certificate(path)?;
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
