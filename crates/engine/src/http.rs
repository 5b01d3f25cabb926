//! HTTP exchanges: send one request, record it and its response with timing, and never let a
//! hostile or broken server crash or exhaust the tester.
//!
//! - Redirects are **not** followed: a 3xx is recorded as the response. Following would forward
//!   credentials to whatever host the server names.
//! - The body is read up to [`HttpLimits::read_cap`] bytes (assertions and scripts see that much);
//!   the copy kept in results is cut at [`HttpLimits::keep_cap`] and marked truncated.
//! - Bodies that are not UTF-8 are kept as lossy text with a note.
//! - Every transport failure (refused, reset, timeout) becomes [`Exchange::error`], not a panic,
//!   explained in plain words ([`explain_transport_error`]).
//! - How the target is reached beyond the limits (TLS trust, headers on every request, an OAuth
//!   token renewed on expiry or after a 401) is a [`Transport`].
//! - Every request passes the run's [`Egress`] rule first: the target's secrets (credential,
//!   `--header` values, base-URL user-info) reach only the base URL's origin.

use crate::auth::TokenProvider;
use crate::egress::Egress;
use crate::model::{Exchange, RecordedRequest, RecordedResponse};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod handshake;

/// Limits that keep a run bounded in time and memory, and the run's transport.
#[derive(Debug, Clone)]
pub struct HttpLimits {
    /// Whole-exchange timeout (connect, send, read).
    pub timeout: Duration,
    /// Most body bytes read from the server; the rest is discarded unread.
    pub read_cap: usize,
    /// Most body bytes kept in the recorded exchange.
    pub keep_cap: usize,
    /// TLS trust, extra headers and OAuth; `None` is plain defaults. Shared, so every runner
    /// and client a run hands the limits to uses the one transport (and its OAuth token) the
    /// run was given, and cloning the limits stays cheap; it is dropped with the run's last
    /// client, so each run may have a transport of its own.
    pub transport: Option<Arc<Transport>>,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            timeout: Duration::from_secs(60),
            read_cap: 8 * 1024 * 1024,
            keep_cap: 256 * 1024,
            transport: None,
        }
    }
}

/// How to reach a target beyond the defaults: the flags `--insecure`, `--ca-cert`, `--header`
/// and the OAuth ones, applied to every request of a run whatever suite sends it.
#[derive(Debug, Default)]
pub struct Transport {
    /// Accept any server certificate (self-signed staging servers). Off by default.
    pub insecure: bool,
    /// Extra trusted root certificates (PEM), for servers behind a private CA.
    ca_pem: Vec<Vec<u8>>,
    /// The client certificate chain and its private key, presented to the target's origin
    /// only (mutual TLS); parsed once, when given.
    identity: Option<reqwest::Identity>,
    /// The same identity as PEM, for the bare TLS handshake (`handshake`), which rustls makes.
    identity_pem: Option<Vec<u8>>,
    /// Headers added to every request to the base URL's origin that does not already carry one
    /// of that name (never to another origin: they are the target's, see [`Egress`]).
    pub headers: Vec<(String, String)>,
    /// The OAuth client-credentials token source, when the target wants one.
    pub oauth: Option<TokenProvider>,
    /// Where requests may go, when the program embedding the engine restricts it (the
    /// dashboard refuses its own address); `None` lets every request go.
    pub policy: Option<Arc<dyn TargetPolicy>>,
}

/// A rule on where requests may go, set by the program that embeds the engine. It judges
/// every request twice: its URL before anything is sent ([`TargetPolicy::check`], which sees
/// IP literals and the port), and the addresses a host name resolves to, at connect time
/// ([`TargetPolicy::resolver`]), so a name cannot be re-pointed between the check and the
/// connection.
pub trait TargetPolicy: std::fmt::Debug + Send + Sync {
    /// `Err(reason)` refuses to send to `url`; the exchange records the reason as its error.
    fn check(&self, url: &url::Url) -> Result<(), String>;
    /// The resolver the HTTP client uses for host names (IP literals never reach it).
    fn resolver(&self) -> Arc<dyn reqwest::dns::Resolve>;
}

impl Transport {
    /// A transport with the defaults that sends only where `policy` allows: what an embedding
    /// program that restricts targets (the dashboard) builds for each run.
    pub fn restricted(policy: Arc<dyn TargetPolicy>) -> Transport {
        Transport {
            policy: Some(policy),
            ..Transport::default()
        }
    }

    /// Trusts the PEM certificate(s) in `path` in addition to the system roots.
    pub fn trust_ca_file(&mut self, path: &Path) -> Result<(), HttpError> {
        let invalid = |detail: String| HttpError::CaCertificate {
            path: path.display().to_string(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| invalid(e.to_string()))?;
        self.trust_ca_pem(pem).map_err(invalid)
    }

    /// Trusts the PEM certificate(s) in `pem` in addition to the system roots, as
    /// [`Transport::trust_ca_file`] does with a file's: for a program (or test) that made the
    /// certificate itself. `Err` says what is wrong with the text.
    pub fn trust_ca_pem(&mut self, pem: Vec<u8>) -> Result<(), String> {
        let certificates = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("not a PEM certificate ({e})"))?;
        if certificates.is_empty() {
            return Err("no PEM certificate in the file".into());
        }
        self.ca_pem.push(pem);
        Ok(())
    }

    /// Presents the client certificate in `path` (its chain and private key, PEM, in one file)
    /// to the target when its TLS server asks for one. A certificate is a credential: it is
    /// offered to the base URL's origin only, never to another host a step calls.
    pub fn present_client_certificate(&mut self, path: &Path) -> Result<(), HttpError> {
        let invalid = |detail: String| HttpError::ClientCertificate {
            path: path.display().to_string(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| invalid(e.to_string()))?;
        let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
            invalid(format!(
                "not a PEM certificate chain with its private key ({e})"
            ))
        })?;
        self.identity = Some(identity);
        self.identity_pem = Some(pem);
        Ok(())
    }

    /// Whether a client certificate is presented to the target.
    pub fn presents_client_certificate(&self) -> bool {
        self.identity.is_some()
    }

    /// A reqwest builder with this transport's TLS trust, no redirects and `timeout`; the
    /// OAuth token endpoint is reached with the same trust as the target.
    pub fn client_builder(&self, timeout: Duration) -> reqwest::ClientBuilder {
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .danger_accept_invalid_certs(self.insecure);
        if let Some(policy) = &self.policy {
            builder = builder.dns_resolver2(policy.resolver());
        }
        for pem in &self.ca_pem {
            // Checked in `trust_ca_file`; a file that parsed there parses here.
            for certificate in reqwest::Certificate::from_pem_bundle(pem).unwrap_or_default() {
                builder = builder.add_root_certificate(certificate);
            }
        }
        builder
    }
}

/// A request to send, fully rendered (no templates left).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestSpec {
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// Absolute URL; spaces and quotes in the query are percent-encoded on sending.
    pub url: String,
    /// Header name/value pairs, sent in order (repeated names allowed).
    pub headers: Vec<(String, String)>,
    /// Body bytes as text (empty: no body).
    pub body: String,
    /// User name and password for an `Authorization: Basic` header.
    pub basic_auth: Option<(String, String)>,
}

/// Why a request could not even be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// The URL is not an absolute http(s) URL.
    #[error(
        "the url `{url}` is not an absolute http(s) URL ({detail}); check the base URL and the step's url"
    )]
    InvalidUrl {
        /// The URL as rendered.
        url: String,
        /// What the URL parser said.
        detail: String,
    },
    /// The method is not a valid HTTP token.
    #[error("`{0}` is not a valid HTTP method")]
    InvalidMethod(String),
    /// A header name or value cannot be sent on the wire.
    #[error("header `{name}` cannot be sent: {detail}")]
    InvalidHeader {
        /// The header's name.
        name: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The HTTP client could not be created (TLS setup).
    #[error("cannot create the HTTP client: {0}")]
    Client(String),
    /// The request would carry the target's secrets to another origin than the base URL's.
    #[error(
        "the server named another host: {named} is not the base URL's origin {home}, and the request would carry the target's credentials or the extra headers there; it was not sent (they go only to {home})"
    )]
    OtherHost {
        /// The origin the request was for.
        named: String,
        /// The base URL's origin.
        home: String,
    },
    /// A `--ca-cert` file cannot be used.
    #[error(
        "cannot use the CA certificate {path}: {detail}; pass a PEM file (-----BEGIN CERTIFICATE-----)"
    )]
    CaCertificate {
        /// The file given.
        path: String,
        /// What went wrong.
        detail: String,
    },
    /// A `--client-cert` file cannot be used.
    #[error(
        "cannot use the client certificate {path}: {detail}; pass one PEM file holding the certificate (-----BEGIN CERTIFICATE-----, the chain after it) and its private key (-----BEGIN PRIVATE KEY-----)"
    )]
    ClientCertificate {
        /// The file given.
        path: String,
        /// What went wrong.
        detail: String,
    },
}

/// What [`HttpClient::send`] observed.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// The recorded exchange (body cut at the keep cap).
    pub exchange: Exchange,
    /// The body as read (up to the read cap), as text, for assertions and scripts.
    pub body: String,
    /// Remarks about the exchange worth showing (lossy UTF-8, read cap reached).
    pub notes: Vec<String>,
}

impl Received {
    /// The recorded response, when one arrived.
    pub fn response(&self) -> Option<&RecordedResponse> {
        self.exchange.response.as_ref()
    }

    /// A request that got no answer (refused by the policy, or failed in transport).
    fn unanswered(request: RecordedRequest, error: String) -> Received {
        Received {
            exchange: Exchange {
                request,
                response: None,
                error: Some(error),
            },
            body: String::new(),
            notes: Vec::new(),
        }
    }
}

/// A reusable HTTP client with the engine's policy (no redirects, timeouts, caps, the egress
/// rule).
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    /// The client that presents the transport's client certificate, for the target's origin.
    home_client: Option<reqwest::Client>,
    limits: HttpLimits,
    egress: std::sync::Arc<Egress>,
}

impl HttpClient {
    /// A client with `limits` (and their transport's TLS trust) that sends the target's secrets
    /// only where `egress` allows. The transport's `--header` values join the egress secrets.
    pub fn new(limits: HttpLimits, mut egress: Egress) -> Result<Self, HttpError> {
        let default = Transport::default();
        let transport = limits.transport.as_deref().unwrap_or(&default);
        let built = |builder: reqwest::ClientBuilder| {
            builder
                .build()
                .map_err(|e| HttpError::Client(e.to_string()))
        };
        let client = built(transport.client_builder(limits.timeout))?;
        let home_client = match &transport.identity {
            Some(identity) => Some(built(
                transport
                    .client_builder(limits.timeout)
                    .identity(identity.clone()),
            )?),
            None => None,
        };
        for (_, value) in &transport.headers {
            egress.add_secret(value);
        }
        Ok(HttpClient {
            client,
            home_client,
            limits,
            egress: std::sync::Arc::new(egress),
        })
    }

    /// The limits this client applies.
    pub fn limits(&self) -> &HttpLimits {
        &self.limits
    }

    /// Whether requests to the target's origin present a client certificate.
    pub fn presents_client_certificate(&self) -> bool {
        self.home_client.is_some()
    }

    /// The egress rule this client applies; its redactor masks every secret it guards.
    pub fn egress(&self) -> &Egress {
        &self.egress
    }

    /// Builds the request, sends it and records what happened. `Err` only when the request
    /// cannot be built; transport failures are recorded in the exchange.
    ///
    /// When the request carries a token of the transport's OAuth provider, an expired token is
    /// swapped for a fresh one before sending, and a 401 answer is retried once with a new token
    /// (the exchange recorded is the retry, with a note).
    pub async fn send(&self, spec: &RequestSpec) -> Result<Received, HttpError> {
        let Some(provider) = self
            .limits
            .transport
            .as_ref()
            .and_then(|t| t.oauth.as_ref())
        else {
            return self.send_once(spec).await;
        };
        let Some(sent) = authorization(spec).filter(|value| provider.issued(value)) else {
            return self.send_once(spec).await;
        };
        let mut notes = Vec::new();
        let mut spec = spec.clone();
        match provider.authorization().await {
            Ok(fresh) => set_authorization(&mut spec, &fresh),
            Err(e) => notes.push(format!("could not renew the expired OAuth token: {e}")),
        }
        let mut received = self.send_once(&spec).await?;
        if received.response().is_some_and(|r| r.status == 401) {
            let rejected = authorization(&spec).unwrap_or(sent).to_owned();
            match provider.refresh(&rejected).await {
                Ok(fresh) => {
                    set_authorization(&mut spec, &fresh);
                    received = self.send_once(&spec).await?;
                    notes.push(
                        "the server answered 401 to the OAuth token; fetched a new token and sent the request again"
                            .into(),
                    );
                }
                Err(e) => notes.push(format!(
                    "the server answered 401 to the OAuth token and no new token could be fetched: {e}"
                )),
            }
        }
        received.notes.splice(0..0, notes);
        Ok(received)
    }

    async fn send_once(&self, spec: &RequestSpec) -> Result<Received, HttpError> {
        let request = self.build(spec)?;
        let refused = self
            .limits
            .transport
            .as_ref()
            .and_then(|t| t.policy.as_ref())
            .and_then(|policy| policy.check(request.url()).err());
        let recorded = RecordedRequest {
            method: request.method().as_str().to_owned(),
            url: request.url().as_str().to_owned(),
            headers: request
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body: spec.body.clone(),
        };
        if let Some(reason) = refused {
            return Ok(Received::unanswered(recorded, reason));
        }
        let started = Instant::now();
        let mut notes = Vec::new();
        let client = match &self.home_client {
            Some(home) if self.egress.is_home(request.url()) => home,
            _ => &self.client,
        };
        let result = client.execute(request).await;
        let mut response = match result {
            Ok(response) => response,
            Err(e) => return Ok(Received::unanswered(recorded, explain_transport_error(&e))),
        };
        let status = response.status();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let Capped {
            bytes,
            capped,
            error: read_error,
        } = read_capped(&mut response, self.limits.read_cap).await;
        let time_ms = millis(started.elapsed());
        if capped {
            notes.push(format!(
                "response body exceeds {} bytes; the rest was not read",
                self.limits.read_cap
            ));
        }
        let body = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                notes.push(
                    "response body is not valid UTF-8; shown with replacement characters".into(),
                );
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        };
        let kept_len = floor_char_boundary(&body, self.limits.keep_cap);
        let recorded_response = RecordedResponse {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_owned(),
            headers,
            body: body[..kept_len].to_owned(),
            body_truncated: capped || kept_len < body.len(),
            size_bytes: body.len() as u64,
            time_ms,
        };
        let exchange = Exchange {
            request: recorded,
            response: Some(recorded_response),
            error: read_error,
        };
        Ok(Received {
            exchange,
            body,
            notes,
        })
    }

    fn build(&self, spec: &RequestSpec) -> Result<reqwest::Request, HttpError> {
        let url = url::Url::parse(&spec.url).map_err(|e| HttpError::InvalidUrl {
            url: spec.url.clone(),
            detail: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(HttpError::InvalidUrl {
                url: spec.url.clone(),
                detail: format!("scheme `{}` is not http or https", url.scheme()),
            });
        }
        let oauth = self
            .limits
            .transport
            .as_ref()
            .and_then(|t| t.oauth.as_ref());
        self.egress
            .check(&url, spec, &|value| oauth.is_some_and(|p| p.issued(value)))?;
        let method = reqwest::Method::from_bytes(spec.method.as_bytes())
            .map_err(|_| HttpError::InvalidMethod(spec.method.clone()))?;
        // The transport's headers go on every request to the base URL's origin that does not
        // set one of that name.
        let transport_headers = self
            .limits
            .transport
            .as_deref()
            .filter(|_| self.egress.is_home(&url))
            .map_or(&[][..], |t| &t.headers)
            .iter()
            .filter(|(name, _)| {
                !spec
                    .headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(name))
            });
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in spec.headers.iter().chain(transport_headers) {
            let invalid = |detail: String| HttpError::InvalidHeader {
                name: name.clone(),
                detail,
            };
            let header_name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid("not a valid header name".into()))?;
            let header_value = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                invalid("the value contains a line break or a control character".into())
            })?;
            headers.append(header_name, header_value);
        }
        let mut builder = self.client.request(method, url).headers(headers);
        if let Some((user, password)) = &spec.basic_auth {
            builder = builder.basic_auth(user, Some(password));
        }
        if !spec.body.is_empty() {
            builder = builder.body(spec.body.clone());
        }
        builder
            .build()
            .map_err(|e| HttpError::Client(e.to_string()))
    }
}

/// A response body read up to a cap.
pub(crate) struct Capped {
    /// The bytes read (at most the cap).
    pub(crate) bytes: Vec<u8>,
    /// True when the body went on past the cap (the rest was not read).
    pub(crate) capped: bool,
    /// The transport error that ended the read early, explained.
    pub(crate) error: Option<String>,
}

/// Reads `response`'s body, stopping at `cap` bytes: a server cannot make the tester hold more.
pub(crate) async fn read_capped(response: &mut reqwest::Response, cap: usize) -> Capped {
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = cap.saturating_sub(bytes.len());
                if chunk.len() > room {
                    bytes.extend_from_slice(&chunk[..room]);
                    return Capped {
                        bytes,
                        capped: true,
                        error: None,
                    };
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => {
                return Capped {
                    bytes,
                    capped: false,
                    error: None,
                };
            }
            Err(e) => {
                return Capped {
                    bytes,
                    capped: false,
                    error: Some(explain_transport_error(&e)),
                };
            }
        }
    }
}

/// Milliseconds in `d`, saturating.
pub fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The largest index `<= max` that falls on a char boundary of `s`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if max >= s.len() {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|i| s.is_char_boundary(*i))
        .unwrap_or(0)
}

/// The `Authorization` header value of `spec`, if any.
fn authorization(spec: &RequestSpec) -> Option<&str> {
    spec.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.as_str())
}

/// Replaces the `Authorization` header value of `spec`.
fn set_authorization(spec: &mut RequestSpec, value: &str) {
    for (name, old) in &mut spec.headers {
        if name.eq_ignore_ascii_case("authorization") {
            value.clone_into(old);
        }
    }
}

/// A transport failure in plain words — what happened and what to try — followed by the
/// underlying error chain. The first words ("could not connect", "timed out", "failed while
/// reading the response", "request failed") say which stage failed.
pub fn explain_transport_error(e: &reqwest::Error) -> String {
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    let lower = detail.to_ascii_lowercase();
    let explanation = if e.is_timeout() {
        "timed out: no complete answer within the per-request timeout (a slow or stalled server, or a firewall dropping packets; raise the per-request timeout if the server is just slow)"
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        "could not connect: the host name could not be resolved (DNS); check the host in the base URL"
    } else if lower.contains("connection refused") {
        "could not connect: the connection was refused (nothing listens on that host and port; is the server running, is the port right?)"
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        "could not connect: the TLS handshake failed (the server's certificate is not trusted or does not match the host; trust a CA certificate for a private CA, or turn off TLS verification for a self-signed test server)"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "failed while reading the response: the connection broke before the body was complete"
    } else if lower.contains("reset") || lower.contains("connection closed") {
        "request failed: the server closed or reset the connection without answering"
    } else {
        "request failed"
    };
    format!("{explanation}: {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_boundary_never_splits_a_character() {
        let s = "aé"; // 'é' is two bytes at 1..3
        assert_eq!(floor_char_boundary(s, 2), 1);
        assert_eq!(floor_char_boundary(s, 10), 3);
    }

    #[test]
    fn query_spaces_and_quotes_are_percent_encoded() {
        let client = HttpClient::new(HttpLimits::default(), Egress::new("")).unwrap();
        let spec = RequestSpec {
            method: "GET".into(),
            url: "http://127.0.0.1:1/Users?filter=userName eq \"x@y.com\"".into(),
            ..RequestSpec::default()
        };
        let request = client.build(&spec).unwrap();
        assert_eq!(
            request.url().as_str(),
            "http://127.0.0.1:1/Users?filter=userName%20eq%20%22x@y.com%22"
        );
    }

    #[test]
    fn relative_url_is_an_error_naming_it() {
        let client = HttpClient::new(HttpLimits::default(), Egress::new("")).unwrap();
        let spec = RequestSpec {
            method: "GET".into(),
            url: "/Users".into(),
            ..RequestSpec::default()
        };
        let err = client.build(&spec).unwrap_err();
        assert!(err.to_string().contains("`/Users`"), "{err}");
    }

    #[test]
    fn header_with_newline_is_an_error_naming_it() {
        let client = HttpClient::new(HttpLimits::default(), Egress::new("")).unwrap();
        let spec = RequestSpec {
            method: "GET".into(),
            url: "http://127.0.0.1:1/".into(),
            headers: vec![("X-A".into(), "a\nb".into())],
            ..RequestSpec::default()
        };
        let err = client.build(&spec).unwrap_err();
        assert!(err.to_string().contains("X-A"), "{err}");
    }
}
