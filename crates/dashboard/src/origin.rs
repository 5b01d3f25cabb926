//! Who may talk to the dashboard, judged before a session is even looked at.
//!
//! - **Host names** (DNS rebinding): a website can point a name it owns at 127.0.0.1, and the
//!   user's browser then treats the dashboard as that website's own origin. Without accounts
//!   (no password) the dashboard therefore answers only to the loopback names (`localhost`, `127.0.0.1`,
//!   `[::1]`, its listen address) with its own port, and to `--public-url`'s host; any other
//!   `Host` gets 421. With accounts a rebound origin has no session cookie, so any Host is
//!   served (a proxy may use any name).
//! - **Origin** (cross-site requests): every state-changing request (anything but GET, HEAD,
//!   OPTIONS) whose `Origin` is neither the Host it was sent to nor `--public-url`'s origin is
//!   refused with 403; without `Origin`, a `Sec-Fetch-Site` other than `same-origin` / `none`
//!   is refused too. A client that sends neither (curl, a script) still needs the session's
//!   CSRF token.

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

use crate::pages::PageError;

/// The names and origins the dashboard answers to.
#[derive(Debug, Clone)]
pub struct OriginRules {
    /// Only loopback Host names (and the public URL's) are served: nobody signs in.
    loopback_only: bool,
    /// The address the dashboard listens on (its port, and its IP as a Host name).
    listen: SocketAddr,
    /// `--public-url`'s host, lower-case.
    public_host: Option<String>,
    /// `--public-url`'s origin (`https://qa.example.com`).
    public_origin: Option<String>,
}

impl OriginRules {
    /// Rules for a dashboard listening on `listen`, whose browsers sign in (`signs_in`) or not,
    /// and reached at `public_url` (already validated) when one is set.
    pub fn new(listen: SocketAddr, signs_in: bool, public_url: Option<&str>) -> OriginRules {
        let public = public_url.and_then(|u| url::Url::parse(u).ok());
        OriginRules {
            loopback_only: !signs_in,
            listen,
            public_host: public
                .as_ref()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase)),
            public_origin: public.map(|u| u.origin().ascii_serialization()),
        }
    }

    /// True when `host` (a `Host` header value) names this dashboard.
    fn host_ok(&self, host: &str) -> bool {
        if !self.loopback_only {
            return true;
        }
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        let name = authority.host().to_ascii_lowercase();
        if self.public_host.as_deref() == Some(name.as_str()) {
            return true;
        }
        let listen_ip = match self.listen {
            SocketAddr::V4(v4) => v4.ip().to_string(),
            SocketAddr::V6(v6) => format!("[{}]", v6.ip()),
        };
        let loopback_name = ["localhost", "127.0.0.1", "[::1]", listen_ip.as_str()]
            .contains(&name.trim_end_matches('.'));
        loopback_name && authority.port_u16().unwrap_or(80) == self.listen.port()
    }

    /// True when a state-changing request's headers show it comes from the dashboard's pages.
    fn same_origin(&self, headers: &HeaderMap) -> bool {
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(origin) = headers.get(header::ORIGIN) {
            let Ok(origin) = origin.to_str() else {
                return false;
            };
            if self.public_origin.as_deref() == Some(origin) {
                return true;
            }
            let Some(url) = url::Url::parse(origin).ok().filter(|u| u.has_host()) else {
                return false; // `null` (sandboxed frames, file pages) and garbage
            };
            let authority = match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
                None => url.host_str().unwrap_or_default().to_owned(),
            };
            return text(header::HOST).is_some_and(|host| host.eq_ignore_ascii_case(&authority));
        }
        text(header::HeaderName::from_static("sec-fetch-site"))
            .is_none_or(|site| matches!(site, "same-origin" | "none"))
    }
}

/// The middleware: 421 for a Host that is not this dashboard's, 403 for a cross-origin state
/// change.
pub async fn guard(
    State(rules): State<Arc<OriginRules>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !rules.host_ok(host) {
        return PageError::new(
            StatusCode::MISDIRECTED_REQUEST,
            format!(
                "This dashboard answers only to localhost, 127.0.0.1 and [::1] on port {} (the request named {host:?}). Open it at http://127.0.0.1:{}/; if it is reached through a proxy or another name, start it with --public-url URL.",
                rules.listen.port(),
                rules.listen.port()
            ),
        )
        .into_response();
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe && !rules.same_origin(request.headers()) {
        return PageError::new(
            StatusCode::FORBIDDEN,
            "This request came from another website (its Origin is not this dashboard's) and was refused. Submit the form from the dashboard's own pages.",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn rules(password: bool, public: Option<&str>) -> OriginRules {
        OriginRules::new("127.0.0.1:7878".parse().unwrap(), password, public)
    }

    #[test]
    fn without_a_password_only_loopback_names_on_the_port_are_served() {
        let open = rules(false, None);
        for host in [
            "127.0.0.1:7878",
            "localhost:7878",
            "LOCALHOST:7878",
            "[::1]:7878",
        ] {
            assert!(open.host_ok(host), "{host}");
        }
        for host in [
            "rebind.attacker.example:7878",
            "rebind.attacker.example",
            "127.0.0.1:80",
            "localhost",
            "",
            "127.0.0.1.attacker.example:7878",
        ] {
            assert!(!open.host_ok(host), "{host}");
        }
        let proxied = rules(false, Some("https://qa.example.com"));
        assert!(proxied.host_ok("qa.example.com"));
        assert!(!proxied.host_ok("other.example.com"));
        assert!(rules(true, None).host_ok("any.example.com"), "password set");
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn state_changes_must_come_from_the_same_origin() {
        let open = rules(false, Some("https://qa.example.com"));
        let host = ("host", "127.0.0.1:7878");
        assert!(open.same_origin(&headers(&[host, ("origin", "http://127.0.0.1:7878")])));
        assert!(open.same_origin(&headers(&[host, ("origin", "https://qa.example.com")])));
        assert!(open.same_origin(&headers(&[host])), "no browser headers");
        assert!(open.same_origin(&headers(&[host, ("sec-fetch-site", "same-origin")])));
        for origin in ["http://evil.example", "null", "http://127.0.0.1:7879"] {
            assert!(
                !open.same_origin(&headers(&[host, ("origin", origin)])),
                "{origin}"
            );
        }
        for site in ["cross-site", "same-site"] {
            assert!(
                !open.same_origin(&headers(&[host, ("sec-fetch-site", site)])),
                "{site}"
            );
        }
    }
}
