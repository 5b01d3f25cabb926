//! Runscope's "Use Cookies" test behaviour (an environment's `preserve_cookies`): a cookie a
//! response sets goes with the run's later requests to where the cookie applies, by the browser
//! rules of RFC 6265 (path, expiry, `Secure`, `Max-Age=0` ending a session), and nothing is kept
//! after the run (runscope.com/docs/api/environments, `preserve_cookies`). The rules are
//! `cookie_store`'s; this module only connects the jar to request steps.
//!
//! One rule is stricter than a browser's, because a cookie the target sets is a session secret:
//! a cookie goes back only to the **origin** (scheme, host and port) whose response set it.
//! Browsers ignore the port and let `Domain=example.com` reach every sub-domain; here a session
//! cookie of the target on `127.0.0.1:8080` never reaches another server on `127.0.0.1:9090`,
//! nor an `https` one over `http`, nor a sibling host a `Domain` attribute names. (That also
//! makes a public-suffix list unnecessary: no cookie can be shared between sites.)
//!
//! Cookie values are masked in every output: the recorded `Cookie` and `Set-Cookie` headers
//! whole, like any credential header, and the values themselves wherever else they appear
//! ([`secret_values`], which the runner gives its redactor).

use cookie_store::{CookieStore, RawCookie};
use std::collections::BTreeMap;
use url::Url;

/// Cookie values shorter than this are masked only inside the `Cookie` and `Set-Cookie`
/// headers: masking `true` or `en` everywhere would garble reports, and a session id is long.
const MIN_SECRET_VALUE_LEN: usize = 8;

/// The cookies one run has been given, by the origin that set them.
#[derive(Debug, Default)]
pub struct CookieJar {
    by_origin: BTreeMap<String, CookieStore>,
}

impl CookieJar {
    /// The `Cookie` header a request to `url` carries, when the jar holds a cookie that the
    /// origin of `url` set and that applies to `url`.
    pub fn header_for(&self, url: &str) -> Option<String> {
        let url = Url::parse(url).ok()?;
        let store = self.by_origin.get(&origin(&url)?)?;
        let pairs: Vec<String> = store
            .get_request_values(&url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Keeps the cookies set by a response to a request for `url` (any status: a login that
    /// answers with a redirect sets its session too). A malformed cookie, or one a browser
    /// would refuse (a `Domain` the host is not in, say), is dropped, as a browser drops it; an
    /// expired one removes the cookie of that name.
    pub fn remember(&mut self, url: &str, response_headers: &[(String, String)]) {
        let Some((url, origin)) = Url::parse(url)
            .ok()
            .and_then(|url| origin(&url).map(|origin| (url, origin)))
        else {
            return;
        };
        let mut set_cookies = set_cookie_values(response_headers).peekable();
        if set_cookies.peek().is_none() {
            return;
        }
        let store = self.by_origin.entry(origin).or_default();
        for value in set_cookies {
            // Refused cookies are the browser rule at work, not an error of the run.
            let _refused = store.parse(value, &url);
        }
    }
}

/// The origin a cookie of `url` belongs to; `None` for a URL without one (not http(s)).
fn origin(url: &Url) -> Option<String> {
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// The values of the `Set-Cookie` headers among `headers`.
fn set_cookie_values(headers: &[(String, String)]) -> impl Iterator<Item = &str> {
    headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, value)| value.as_str())
}

/// The values of the cookies `response_headers` set that are long enough to be a session
/// secret, for the run's redactor: a server echoing its session id in a body, or a script
/// logging it, must not put it in a report. Learnt whether or not the run keeps cookies.
pub fn secret_values(response_headers: &[(String, String)]) -> Vec<String> {
    set_cookie_values(response_headers)
        .filter_map(|header| RawCookie::parse(header).ok())
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| value.len() >= MIN_SECRET_VALUE_LEN)
        .collect()
}

/// Adds the jar's cookies for `url` to `headers`: after a `Cookie` header the step sets itself,
/// as a browser joins a page's own cookie header with its jar's.
pub fn attach(jar: &CookieJar, url: &str, headers: &mut Vec<(String, String)>) {
    let Some(cookies) = jar.header_for(url) else {
        return;
    };
    match headers
        .iter_mut()
        .find(|(name, _)| name.eq_ignore_ascii_case("cookie"))
    {
        Some((_, value)) if !value.trim().is_empty() => {
            value.push_str("; ");
            value.push_str(&cookies);
        }
        Some((_, value)) => *value = cookies,
        None => headers.push(("Cookie".to_owned(), cookies)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookies: &[&str]) -> Vec<(String, String)> {
        cookies
            .iter()
            .map(|c| ("Set-Cookie".to_owned(), (*c).to_owned()))
            .collect()
    }

    fn set(jar: &mut CookieJar, url: &str, cookies: &[&str]) {
        jar.remember(url, &headers(cookies));
    }

    #[test]
    fn a_cookie_goes_back_where_its_path_applies() {
        let mut jar = CookieJar::default();
        set(
            &mut jar,
            "http://app.example/login",
            &["session=abc; Path=/", "admin=1; Path=/admin"],
        );
        assert_eq!(
            jar.header_for("http://app.example/scim/v2/Users")
                .as_deref(),
            Some("session=abc")
        );
        let admin = jar.header_for("http://app.example/admin/x").unwrap();
        assert!(
            admin.contains("session=abc") && admin.contains("admin=1"),
            "{admin}"
        );
    }

    #[test]
    fn an_ip_host_keeps_host_only_cookies_with_the_default_path() {
        let mut jar = CookieJar::default();
        // No Path: the default path is the request path's directory (RFC 6265 §5.1.4).
        set(&mut jar, "http://127.0.0.1:8080/scim/login", &["sid=one"]);
        assert_eq!(
            jar.header_for("http://127.0.0.1:8080/scim/me").as_deref(),
            Some("sid=one")
        );
        assert_eq!(jar.header_for("http://127.0.0.1:8080/other"), None);
    }

    #[test]
    fn a_cookie_never_reaches_another_origin() {
        let mut jar = CookieJar::default();
        set(
            &mut jar,
            "http://api.app.example:8080/login",
            &["host=1; Path=/", "wide=1; Domain=app.example; Path=/"],
        );
        let home = jar.header_for("http://api.app.example:8080/").unwrap();
        assert!(home.contains("host=1") && home.contains("wide=1"), "{home}");
        for other in [
            // Another port, another scheme, a sibling the Domain attribute names, the parent.
            "http://api.app.example:9090/",
            "https://api.app.example:8080/",
            "http://www.app.example:8080/",
            "http://app.example:8080/",
            "http://other.example/",
        ] {
            assert_eq!(jar.header_for(other), None, "{other}");
        }
    }

    #[test]
    fn browser_rules_refuse_foreign_domains_drop_expired_and_keep_secure_to_secure_origins() {
        let mut jar = CookieJar::default();
        set(
            &mut jar,
            "http://app.example/",
            &["stolen=1; Domain=victim.example", "gone=1", "tls=1; Secure"],
        );
        set(&mut jar, "http://app.example/", &["gone=1; Max-Age=0"]);
        assert_eq!(jar.header_for("http://victim.example/"), None);
        assert_eq!(jar.header_for("http://app.example/"), None);
        set(&mut jar, "https://app.example/", &["tls=1; Secure"]);
        assert_eq!(
            jar.header_for("https://app.example/").as_deref(),
            Some("tls=1")
        );
    }

    #[test]
    fn attach_joins_a_cookie_header_the_step_sets() {
        let mut jar = CookieJar::default();
        set(&mut jar, "http://app.example/", &["session=abc"]);
        let mut headers = vec![("cookie".to_owned(), "mine=1".to_owned())];
        attach(&jar, "http://app.example/", &mut headers);
        assert_eq!(
            headers,
            [("cookie".to_owned(), "mine=1; session=abc".to_owned())]
        );
        let mut none = Vec::new();
        attach(&CookieJar::default(), "http://app.example/", &mut none);
        assert!(none.is_empty());
    }

    #[test]
    fn secret_values_are_the_long_cookie_values_only() {
        let set = headers(&[
            "session=0123456789abcdef; Path=/; HttpOnly",
            "lang=en-US",
            "not a cookie",
        ]);
        let mut all = set.clone();
        all.push(("Cookie".to_owned(), "other=ffffffffffffffff".to_owned()));
        assert_eq!(secret_values(&all), ["0123456789abcdef"]);
    }
}
