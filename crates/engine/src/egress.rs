//! The egress rule: the target's secrets go only where the user sent them.
//!
//! A run holds secrets meant for one server: the credential (`Authorization` value, HTTP Basic
//! password, OAuth token), the `--header` values and the user-info of the base URL. The server
//! under test answers with URLs of its own choosing (a `Location`, a `meta.location`, a /Bulk
//! `location`, a `$ref`, a link a Runscope step extracts). If a request to such a URL carried
//! the secrets, any server could collect them by naming a host it owns.
//!
//! [`Egress`] decides, for every request the engine sends ([`crate::http::HttpClient`] asks it
//! before building one), whether it may leave:
//!
//! - to the **origin of the base URL** (scheme, host, port): anything;
//! - to **another origin**: only when the request holds none of the target's secrets, in any
//!   form the [`Redactor`] recognises (exact, percent-encoded, base64, any letter case), in its
//!   URL, headers, body or Basic credentials, and no token the run's OAuth provider issued.
//!   `--header`s given at the transport level are simply not added there. Anything else is
//!   refused with [`HttpError::OtherHost`], which names both origins.
//!
//! The OAuth token endpoint is not a request of this client: the token provider posts the
//! client credentials to the configured token URL only ([`crate::auth`]).
//!
//! The same type answers "is this URL under the base URL?" ([`Egress::path_under_base`]), which
//! the conformance suite's cleanup asks before deleting anything: a server cannot make a run
//! DELETE by naming URLs.

use crate::http::{HttpError, RequestSpec};
use crate::redact::Redactor;
use url::Url;

/// Where the target's secrets may be sent, and what they are.
#[derive(Debug, Clone)]
pub struct Egress {
    /// The base URL without user-info; `None` when no base URL is known (then no origin
    /// receives secrets).
    base: Option<Url>,
    /// The target's secrets, in every form.
    secrets: Redactor,
}

impl Egress {
    /// The rule for a target at `base_url`. Its user-info (`https://user:pass@host/…`) is a
    /// secret; a `base_url` that is not an absolute http(s) URL leaves no origin allowed to
    /// receive secrets (requests without them still go anywhere).
    pub fn new(base_url: &str) -> Self {
        let mut secrets = Redactor::default();
        let base = Url::parse(base_url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .map(|mut url| {
                learn_user_info(&url, &mut secrets);
                // Both setters fail only for URLs that cannot have user-info (not http(s)).
                let _ = url.set_username("");
                let _ = url.set_password(None);
                url
            });
        Egress { base, secrets }
    }

    /// Adds a secret of the target (a credential value, a header value).
    pub fn add_secret(&mut self, value: &str) {
        self.secrets.add_secret(value);
    }

    /// Adds a secret, builder style.
    pub fn with_secret(mut self, value: &str) -> Self {
        self.add_secret(value);
        self
    }

    /// A redactor that masks every secret of the target: the start of a run's redactor, so
    /// whatever the rule guards is also masked in every output.
    pub fn redactor(&self) -> &Redactor {
        &self.secrets
    }

    /// The origin secrets may go to, as text (`https://host:port`), or a phrase when none.
    pub fn home(&self) -> String {
        self.base.as_ref().map_or_else(
            || "(none: no base URL)".to_owned(),
            |base| base.origin().ascii_serialization(),
        )
    }

    /// True when `url` is on the base URL's origin.
    pub fn is_home(&self, url: &Url) -> bool {
        self.base
            .as_ref()
            .is_some_and(|base| base.origin() == url.origin())
    }

    /// The origin of `url` when it is an absolute URL on another origin than the base URL's
    /// (`None` for a relative or a home URL).
    pub fn foreign_origin(&self, url: &str) -> Option<String> {
        Url::parse(url)
            .ok()
            .filter(|url| !self.is_home(url))
            .map(|url| url.origin().ascii_serialization())
    }

    /// Refuses a request to another origin than the base URL's that would carry a secret of
    /// the target there. `issued` recognises tokens of the run's OAuth provider.
    pub(crate) fn check(
        &self,
        url: &Url,
        spec: &RequestSpec,
        issued: &dyn Fn(&str) -> bool,
    ) -> Result<(), HttpError> {
        if self.is_home(url) {
            return Ok(());
        }
        let basic = spec
            .basic_auth
            .iter()
            .flat_map(|(user, password)| [user.as_str(), password.as_str()]);
        let carries = [spec.url.as_str(), spec.body.as_str()]
            .into_iter()
            .chain(spec.headers.iter().map(|(_, v)| v.as_str()))
            .chain(basic)
            .any(|text| self.secrets.reveals(text) || issued(text.trim()));
        if carries {
            return Err(HttpError::OtherHost {
                named: url.origin().ascii_serialization(),
                home: self.home(),
            });
        }
        Ok(())
    }

    /// The path below the base URL that `path_or_url` names (`/Users/abc`), after resolving
    /// dot segments; `None` when it is on another origin or outside the base URL's path. A
    /// relative `path_or_url` is taken as appended to the base URL.
    pub fn path_under_base(&self, path_or_url: &str) -> Option<String> {
        let base = self.base.as_ref()?;
        let absolute = if path_or_url.starts_with("http://") || path_or_url.starts_with("https://")
        {
            path_or_url.to_owned()
        } else {
            format!("{}{path_or_url}", base.as_str().trim_end_matches('/'))
        };
        let url = Url::parse(&absolute).ok()?;
        if url.origin() != base.origin() {
            return None;
        }
        let rest = url.path().strip_prefix(base.path().trim_end_matches('/'))?;
        (rest.len() > 1 && rest.starts_with('/')).then(|| rest.to_owned())
    }
}

/// `base_url` without its user-info, and the user name and password it held (percent-decoded),
/// for a caller that turns `https://user:pass@host/…` into an HTTP Basic credential so the
/// secret travels, and is masked, like any other credential.
pub fn split_user_info(base_url: &str) -> (String, Option<(String, String)>) {
    let Ok(mut url) = Url::parse(base_url.trim()) else {
        return (base_url.to_owned(), None);
    };
    if url.username().is_empty() && url.password().is_none() {
        return (base_url.to_owned(), None);
    }
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = (decode(url.username()), decode(url.password().unwrap_or("")));
    // Both setters fail only for URLs that cannot have user-info, which this one had.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    let clean = url.as_str();
    // `Url` adds a `/` to a bare host; keep the caller's form otherwise.
    let clean = if base_url.trim().ends_with('/') {
        clean
    } else {
        clean.trim_end_matches('/')
    };
    (clean.to_owned(), Some(credentials))
}

/// Registers the user-info of `url` as secrets: the whole `user:password` (so neither part is
/// printed), the password alone, and their percent-decoded forms.
fn learn_user_info(url: &Url, secrets: &mut Redactor) {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (user, password) = (url.username(), url.password().unwrap_or(""));
    for value in [user, password] {
        if !value.is_empty() {
            secrets.add_secret(value);
            secrets.add_secret(&decode(value));
        }
    }
    if !user.is_empty() && !password.is_empty() {
        secrets.add_secret(&format!("{user}:{password}"));
        secrets.add_secret(&format!("{}:{}", decode(user), decode(password)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(url: &str, headers: &[(&str, &str)], body: &str) -> RequestSpec {
        RequestSpec {
            method: "GET".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.into(),
            basic_auth: None,
        }
    }

    fn check(egress: &Egress, spec: &RequestSpec) -> Result<(), HttpError> {
        let url = Url::parse(&spec.url).expect("url");
        egress.check(&url, spec, &|_| false)
    }

    #[test]
    fn secrets_go_to_the_base_origin_only() {
        let egress = Egress::new("http://127.0.0.1:8080/scim/v2").with_secret("Bearer tok-123456");
        let auth = [("Authorization", "Bearer tok-123456")];
        assert!(check(&egress, &spec("http://127.0.0.1:8080/other", &auth, "")).is_ok());
        let err = check(&egress, &spec("http://127.0.0.1:9090/Users", &auth, "")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("the server named another host"), "{text}");
        assert!(
            text.contains("http://127.0.0.1:9090") && text.contains("http://127.0.0.1:8080"),
            "{text}"
        );
        // Another scheme is another origin; so is the same host under another name.
        for other in ["https://127.0.0.1:8080/", "http://localhost:8080/"] {
            assert!(check(&egress, &spec(other, &auth, "")).is_err(), "{other}");
        }
    }

    #[test]
    fn a_secret_anywhere_in_any_form_is_refused_but_plain_requests_pass() {
        let egress = Egress::new("https://h.example/scim").with_secret("X-Api-Key-Value-1");
        let elsewhere = "https://other.example/";
        assert!(check(&egress, &spec(elsewhere, &[("Accept", "x")], "hello")).is_ok());
        for bad in [
            spec(&format!("{elsewhere}?k=x-api-key-value-1"), &[], ""),
            spec(elsewhere, &[("X-Leak", "WC1BcGktS2V5LVZhbHVlLTE=")], ""),
            spec(elsewhere, &[], "k=WC1BcGktS2V5LVZhbHVlLTE"),
        ] {
            assert!(check(&egress, &bad).is_err(), "{bad:?}");
        }
        let mut basic = spec(elsewhere, &[], "");
        basic.basic_auth = Some(("u".into(), "X-Api-Key-Value-1".into()));
        assert!(check(&egress, &basic).is_err());
    }

    #[test]
    fn user_info_is_a_secret_and_not_part_of_the_origin() {
        let egress = Egress::new("http://ann:p%40ss-word@h.example:81/scim");
        assert_eq!(egress.home(), "http://h.example:81");
        let masked = egress
            .redactor()
            .mask("http://ann:p%40ss-word@h.example:81/scim and p@ss-word");
        assert_eq!(masked, "http://***@h.example:81/scim and ***");
    }

    #[test]
    fn user_info_splits_off_as_credentials() {
        assert_eq!(
            split_user_info("https://ann:p%40ss@h.example/scim/v2"),
            (
                "https://h.example/scim/v2".to_owned(),
                Some(("ann".to_owned(), "p@ss".to_owned()))
            )
        );
        assert_eq!(
            split_user_info("http://h.example/scim"),
            ("http://h.example/scim".to_owned(), None)
        );
    }

    #[test]
    fn without_a_base_url_no_origin_receives_secrets() {
        let egress = Egress::new("").with_secret("secret-value");
        assert!(check(&egress, &spec("http://a/", &[("A", "secret-value")], "")).is_err());
        assert!(check(&egress, &spec("http://a/", &[], "")).is_ok());
        assert_eq!(egress.path_under_base("/Users/1"), None);
    }

    #[test]
    fn paths_under_the_base_url_only() {
        let egress = Egress::new("http://h:1/scim/v2");
        assert_eq!(
            egress
                .path_under_base("http://h:1/scim/v2/Users/a")
                .as_deref(),
            Some("/Users/a")
        );
        assert_eq!(
            egress.path_under_base("/Users/a?x=1").as_deref(),
            Some("/Users/a")
        );
        for outside in [
            "http://other:1/scim/v2/Users/a",
            "http://h:2/scim/v2/Users/a",
            "http://h:1/admin/Users/a",
            "http://h:1/scim/v2/../../admin",
            "/Users/../../admin",
            "/Users/%2e%2e/%2E%2E/../x",
            "http://h:1/scim/v2",
            "http://h:1/scim/v2x/Users/a",
        ] {
            assert_eq!(egress.path_under_base(outside), None, "{outside}");
        }
    }
}
