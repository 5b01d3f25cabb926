//! One SCIM request as an IdP shapes it, before it is sent: method, path and query (relative to
//! the SCIM base URL, already encoded the IdP's way), headers and body.
//!
//! The Okta profile sends these through the conformance suite's probe; the Okta-org simulator
//! sends the very same values through the engine's HTTP client. Building them in one place is
//! what keeps the simulator and the profile from drifting apart.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use scimcheck_suites::probe::{Probe, Req, Stop};
use scimcheck_suites::reply::Reply;
use serde_json::Value;

/// A SCIM request in an IdP's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ScimCall {
    /// HTTP method.
    pub method: &'static str,
    /// Path and query relative to the base URL, e.g. `/Users?startIndex=1&count=2`.
    pub path: String,
    /// Headers the IdP sends besides the credential.
    pub headers: Vec<(&'static str, &'static str)>,
    /// JSON body, when the request has one.
    pub body: Option<Value>,
}

impl ScimCall {
    /// A call sending the IdP's `headers`, and `Content-Type: content_type` when it has a body.
    pub fn new(
        method: &'static str,
        path: String,
        mut headers: Vec<(&'static str, &'static str)>,
        content_type: &'static str,
        body: Option<Value>,
    ) -> Self {
        if body.is_some() {
            headers.push(("Content-Type", content_type));
        }
        ScimCall {
            method,
            path,
            headers,
            body,
        }
    }

    /// The call as a suite probe request (credential added by the probe; the IdP's headers
    /// replace the probe's default `Accept` / `Content-Type`).
    pub fn to_req(&self) -> Req {
        let mut req = Req::new(self.method, self.path.clone());
        if let Some(body) = &self.body {
            req = req.text(body.to_string());
        }
        for (name, value) in &self.headers {
            req = req.header(name, value);
        }
        req
    }
}

/// Sends `call` through the suite's probe (recorded in the case, writes guarded, creations
/// registered for cleanup).
pub async fn send(p: &mut Probe, call: &ScimCall) -> Result<Reply, Stop> {
    p.send(call.to_req()).await
}

/// How an IdP encodes spaces in a query value: both forms are legal (RFC 3986 `%20`, and the
/// HTML-form `+` that many servers forget to decode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Spaces as `%20`.
    Percent,
    /// Spaces as `+`.
    Plus,
}

/// Everything but RFC 3986 unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` encoded for a query string with `encoding`.
pub fn encode(value: &str, encoding: Encoding) -> String {
    let encoded = utf8_percent_encode(value, QUERY_VALUE).to_string();
    match encoding {
        Encoding::Percent => encoded,
        Encoding::Plus => encoded.replace("%20", "+"),
    }
}

/// A SCIM string literal for a filter: quotes and backslashes escaped (RFC 7644 §3.4.2.2 takes
/// JSON string syntax).
pub fn literal(value: &str) -> String {
    Value::from(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_of_a_user_name_filter() {
        let filter = format!("userName eq {}", literal("a.b+c@x.io"));
        assert_eq!(
            encode(&filter, Encoding::Percent),
            "userName%20eq%20%22a.b%2Bc%40x.io%22"
        );
        assert_eq!(
            encode(&filter, Encoding::Plus),
            "userName+eq+%22a.b%2Bc%40x.io%22"
        );
    }

    #[test]
    fn literals_escape_quotes() {
        assert_eq!(literal(r#"a"b"#), r#""a\"b""#);
    }

    #[test]
    fn a_call_becomes_a_probe_request_with_the_idp_headers() {
        let call = ScimCall {
            method: "PATCH",
            path: "/Users/1".into(),
            headers: vec![("User-Agent", "Okta SCIM Client 1.0.0")],
            body: Some(serde_json::json!({"a": 1})),
        };
        let req = call.to_req();
        assert_eq!(req.method, "PATCH");
        assert_eq!(req.body, r#"{"a":1}"#);
        assert!(
            req.headers
                .iter()
                .any(|(n, v)| n == "User-Agent" && v.starts_with("Okta"))
        );
    }
}
