//! HTTP exchanges: send one request, record it and its response with timing, and never let a
//! hostile or broken server crash or exhaust the tester.
//!
//! - Redirects are **not** followed: a 3xx is recorded as the response. Following would forward
//!   credentials to whatever host the server names.
//! - The body is read up to [`HttpLimits::read_cap`] bytes (assertions and scripts see that much);
//!   the copy kept in results is cut at [`HttpLimits::keep_cap`] and marked truncated.
//! - Bodies that are not UTF-8 are kept as lossy text with a note.
//! - Every transport failure (refused, reset, timeout) becomes [`Exchange::error`], not a panic.

use crate::model::{Exchange, RecordedRequest, RecordedResponse};
use std::time::{Duration, Instant};

/// Limits that keep a run bounded in time and memory.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// Whole-exchange timeout (connect, send, read).
    pub timeout: Duration,
    /// Most body bytes read from the server; the rest is discarded unread.
    pub read_cap: usize,
    /// Most body bytes kept in the recorded exchange.
    pub keep_cap: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            timeout: Duration::from_secs(60),
            read_cap: 8 * 1024 * 1024,
            keep_cap: 256 * 1024,
        }
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
}

/// A reusable HTTP client with the engine's policy (no redirects, timeouts, caps).
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    limits: HttpLimits,
}

impl HttpClient {
    /// A client with `limits`.
    pub fn new(limits: HttpLimits) -> Result<Self, HttpError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(limits.timeout)
            .build()
            .map_err(|e| HttpError::Client(e.to_string()))?;
        Ok(HttpClient { client, limits })
    }

    /// The limits this client applies.
    pub fn limits(&self) -> HttpLimits {
        self.limits
    }

    /// Builds the request, sends it and records what happened. `Err` only when the request
    /// cannot be built; transport failures are recorded in the exchange.
    pub async fn send(&self, spec: &RequestSpec) -> Result<Received, HttpError> {
        let request = self.build(spec)?;
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
        let started = Instant::now();
        let mut notes = Vec::new();
        let result = self.client.execute(request).await;
        let mut response = match result {
            Ok(response) => response,
            Err(e) => {
                let exchange = Exchange {
                    request: recorded,
                    response: None,
                    error: Some(describe_transport_error(&e)),
                };
                return Ok(Received {
                    exchange,
                    body: String::new(),
                    notes,
                });
            }
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
        let mut bytes: Vec<u8> = Vec::new();
        let mut read_error = None;
        let mut capped = false;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = self.limits.read_cap.saturating_sub(bytes.len());
                    if chunk.len() > room {
                        bytes.extend_from_slice(&chunk[..room]);
                        capped = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    read_error = Some(describe_transport_error(&e));
                    break;
                }
            }
        }
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
        let method = reqwest::Method::from_bytes(spec.method.as_bytes())
            .map_err(|_| HttpError::InvalidMethod(spec.method.clone()))?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &spec.headers {
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

fn describe_transport_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "failed while reading the response"
    } else {
        "request failed"
    };
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    format!("{kind}: {detail}")
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
        let client = HttpClient::new(HttpLimits::default()).unwrap();
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
        let client = HttpClient::new(HttpLimits::default()).unwrap();
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
        let client = HttpClient::new(HttpLimits::default()).unwrap();
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
