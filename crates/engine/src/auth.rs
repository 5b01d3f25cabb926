//! OAuth 2.0 client credentials (RFC 6749 §4.4): a SCIM server that accepts only short-lived
//! tokens is tested with a token fetched before the run and fetched again when it expires or the
//! server answers 401 to it.
//!
//! The [`TokenProvider`] holds the client credentials and the current token. The HTTP client
//! ([`crate::http::HttpClient`]) asks it to swap an expired token before sending and to refresh
//! once after a 401; callers only put [`TokenProvider::authorization`]'s value where the
//! `Authorization` header goes (a suite target, a Runscope `auth` variable).
//!
//! The client authenticates to the token endpoint with HTTP Basic (RFC 6749 §2.3.1, which every
//! authorization server must accept) and sends `grant_type=client_credentials` plus the scope.

use std::time::{Duration, Instant};
use tokio::sync::Mutex;

/// A token is renewed this long before the expiry the server announced, so a request never
/// leaves with a token that expires on the way.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// The most bytes of a token endpoint's answer read: a token response is a few hundred bytes,
/// and a hostile or broken endpoint must not make the tester hold more.
const TOKEN_BODY_CAP: usize = 64 * 1024;

/// Where and as whom to ask for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// The authorization server's token endpoint.
    pub token_url: String,
    /// The OAuth client id.
    pub client_id: String,
    /// The OAuth client secret.
    pub client_secret: String,
    /// The space-separated scopes to ask for, if the server needs any.
    pub scope: Option<String>,
}

/// Why no token could be obtained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The token endpoint could not be reached.
    #[error(
        "cannot reach the OAuth token endpoint {url}: {detail}; check the OAuth token URL and the network"
    )]
    Unreachable {
        /// The token endpoint.
        url: String,
        /// The transport error.
        detail: String,
    },
    /// The token endpoint refused to issue a token.
    #[error(
        "the OAuth token endpoint {url} answered {status}: {body}; check the OAuth client id, secret and scope"
    )]
    Refused {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The start of the response body (the server's error description).
        body: String,
    },
    /// The token endpoint answered 2xx without a usable token.
    #[error(
        "the OAuth token endpoint {url} did not return a token ({detail}); expected JSON with \"access_token\" (RFC 6749 §5.1)"
    )]
    NoToken {
        /// The token endpoint.
        url: String,
        /// What was wrong with the answer.
        detail: String,
    },
}

/// A token and when it stops being usable.
#[derive(Debug, Clone)]
struct Token {
    /// The whole `Authorization` header value, e.g. `Bearer abc`.
    header: String,
    /// When to fetch a new one; `None` when the server gave no (usable) lifetime.
    renew_at: Option<Instant>,
}

/// Fetches, caches and renews an OAuth 2.0 client-credentials token.
#[derive(Debug)]
pub struct TokenProvider {
    credentials: ClientCredentials,
    client: reqwest::Client,
    current: Mutex<Option<Token>>,
    /// Every header value handed out, so a request carrying an old one is recognised as ours.
    issued: std::sync::Mutex<Vec<String>>,
}

/// The token endpoint's success answer (RFC 6749 §5.1); other members are ignored.
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: Option<String>,
    expires_in: Option<u64>,
}

impl TokenProvider {
    /// A provider that asks `credentials.token_url` through `client` (which carries the run's
    /// TLS settings and timeout). Nothing is fetched yet.
    pub fn new(credentials: ClientCredentials, client: reqwest::Client) -> Self {
        TokenProvider {
            credentials,
            client,
            current: Mutex::new(None),
            issued: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The `Authorization` header value to send now: the cached token while it is fresh, a new
    /// one otherwise.
    pub async fn authorization(&self) -> Result<String, AuthError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref()
            && token.renew_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(token.header.clone());
        }
        let token = self.fetch().await?;
        let header = token.header.clone();
        *current = Some(token);
        Ok(header)
    }

    /// A new token after the server rejected `rejected`. When another request already replaced
    /// that token, the newer one is returned without asking again.
    pub async fn refresh(&self, rejected: &str) -> Result<String, AuthError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref()
            && token.header != rejected
        {
            return Ok(token.header.clone());
        }
        let token = self.fetch().await?;
        let header = token.header.clone();
        *current = Some(token);
        Ok(header)
    }

    /// True when `header_value` is a token this provider handed out (current or older).
    pub fn issued(&self, header_value: &str) -> bool {
        self.issued
            .lock()
            .is_ok_and(|issued| issued.iter().any(|h| h == header_value))
    }

    async fn fetch(&self) -> Result<Token, AuthError> {
        let url = &self.credentials.token_url;
        let mut form = vec![("grant_type", "client_credentials")];
        if let Some(scope) = &self.credentials.scope {
            form.push(("scope", scope));
        }
        let mut response = self
            .client
            .post(url)
            .basic_auth(
                &self.credentials.client_id,
                Some(&self.credentials.client_secret),
            )
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| AuthError::Unreachable {
                url: url.clone(),
                detail: crate::http::explain_transport_error(&e),
            })?;
        let status = response.status();
        let read = crate::http::read_capped(&mut response, TOKEN_BODY_CAP).await;
        let body = String::from_utf8_lossy(&read.bytes).into_owned();
        if status.is_success() && (read.capped || read.error.is_some()) {
            return Err(AuthError::NoToken {
                url: url.clone(),
                detail: read.error.unwrap_or_else(|| {
                    format!(
                        "the answer is larger than {TOKEN_BODY_CAP} bytes; the rest was not read"
                    )
                }),
            });
        }
        if !status.is_success() {
            return Err(AuthError::Refused {
                url: url.clone(),
                status: status.as_u16(),
                body: body.chars().take(300).collect(),
            });
        }
        let parsed: TokenResponse =
            serde_json::from_str(&body).map_err(|e| AuthError::NoToken {
                url: url.clone(),
                detail: e.to_string(),
            })?;
        if parsed.access_token.trim().is_empty() {
            return Err(AuthError::NoToken {
                url: url.clone(),
                detail: "access_token is empty".into(),
            });
        }
        // RFC 6749 §7.1: the type is case-insensitive; "bearer" is sent as the usual "Bearer".
        let scheme = match parsed.token_type.as_deref() {
            Some(t) if !t.eq_ignore_ascii_case("bearer") => t.to_owned(),
            _ => "Bearer".to_owned(),
        };
        let header = format!("{scheme} {}", parsed.access_token);
        if let Ok(mut issued) = self.issued.lock() {
            issued.push(header.clone());
        }
        // A lifetime too large to add to the clock (`u64::MAX` seconds) is no known expiry:
        // the token is kept until the server answers 401 to it.
        let renew_at = parsed.expires_in.and_then(|secs| {
            Instant::now().checked_add(Duration::from_secs(secs).saturating_sub(EXPIRY_MARGIN))
        });
        Ok(Token { header, renew_at })
    }
}
