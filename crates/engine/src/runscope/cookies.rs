//! Runscope's "Use Cookies" test behaviour (an environment's `preserve_cookies`): a cookie a
//! response sets goes with the run's later requests to where the cookie applies, by the browser
//! rules of RFC 6265 (domain, path, expiry, `Secure`), and nothing is kept after the run
//! (runscope.com/docs/api-testing/behaviors). The rules are `cookie_store`'s; this module only
//! connects the jar to request steps.
//!
//! The jar holds cookies as the server sent them: they reach reports only through the recorded
//! `Cookie` and `Set-Cookie` headers, which the redactor masks like any credential header.

use cookie_store::CookieStore;
use url::Url;

/// The cookies one run has been given.
#[derive(Debug, Default)]
pub struct CookieJar(CookieStore);

impl CookieJar {
    /// The `Cookie` header a request to `url` carries, when the jar holds a cookie for it.
    pub fn header_for(&self, url: &str) -> Option<String> {
        let url = Url::parse(url).ok()?;
        let pairs: Vec<String> = self
            .0
            .get_request_values(&url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Keeps the cookies set by a response to a request for `url`. A malformed cookie, or one a
    /// browser would refuse (a `Domain` the host is not in, say), is dropped, as a browser drops
    /// it; an expired one removes the cookie of that name.
    pub fn remember(&mut self, url: &str, response_headers: &[(String, String)]) {
        let Ok(url) = Url::parse(url) else {
            return;
        };
        for (name, value) in response_headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                // Refused cookies are the browser rule at work, not an error of the run.
                let _refused = self.0.parse(value, &url);
            }
        }
    }
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

    fn set(jar: &mut CookieJar, url: &str, cookies: &[&str]) {
        let headers: Vec<(String, String)> = cookies
            .iter()
            .map(|c| ("Set-Cookie".to_owned(), (*c).to_owned()))
            .collect();
        jar.remember(url, &headers);
    }

    #[test]
    fn a_cookie_goes_back_where_it_applies_and_nowhere_else() {
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
        assert_eq!(jar.header_for("http://other.example/"), None);
    }

    #[test]
    fn browser_rules_refuse_foreign_domains_drop_expired_and_keep_secure_to_https() {
        let mut jar = CookieJar::default();
        set(
            &mut jar,
            "http://app.example/",
            &["stolen=1; Domain=victim.example", "gone=1", "tls=1; Secure"],
        );
        set(&mut jar, "http://app.example/", &["gone=1; Max-Age=0"]);
        assert_eq!(jar.header_for("http://victim.example/"), None);
        assert_eq!(jar.header_for("http://app.example/"), None);
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
}
