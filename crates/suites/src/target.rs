//! The server under test: where it is and how to authenticate to it.

use scimcheck_engine::egress::Egress;

/// A SCIM service to test: its base URL and the credentials every request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Base URL without a trailing slash, e.g. `https://api.example.com/scim/v2`.
    pub base_url: String,
    /// Headers sent with every authenticated request (`Authorization`, custom API keys…).
    pub headers: Vec<(String, String)>,
    /// User name and password for HTTP Basic, when that is how the server authenticates.
    pub basic: Option<(String, String)>,
}

impl Target {
    /// The base URL without its last segment when that segment names a SCIM version (`…/scim/v2`
    /// → `…/scim`, RFC 7644 §3.13): where the version is omitted.
    pub fn unversioned_root(&self) -> Option<&str> {
        let (root, last) = self.base_url.trim_end_matches('/').rsplit_once('/')?;
        let version = last.strip_prefix(['v', 'V'])?;
        (!version.is_empty() && version.chars().all(|c| c.is_ascii_digit())).then_some(root)
    }

    /// A target at `base_url` with no credentials; a trailing `/` is dropped.
    pub fn new(base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        Target {
            base_url,
            headers: Vec::new(),
            basic: None,
        }
    }

    /// Adds `Authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    /// Adds a header sent with every authenticated request.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Authenticates with HTTP Basic.
    pub fn basic(mut self, user: &str, password: &str) -> Self {
        self.basic = Some((user.to_owned(), password.to_owned()));
        self
    }

    /// The egress rule of this target: its headers' values (the credential and `--header`s)
    /// and its Basic password go only to the base URL's origin.
    pub fn egress(&self) -> Egress {
        let mut egress = Egress::new(&self.base_url);
        for (_, value) in &self.headers {
            egress.add_secret(value);
        }
        if let Some((_, password)) = &self.basic {
            egress.add_secret(password);
        }
        egress
    }

    /// Whether any credential is configured (auth checks need one to compare against).
    pub fn has_credentials(&self) -> bool {
        self.basic.is_some()
            || self
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_slashes_are_dropped() {
        assert_eq!(
            Target::new("http://h/scim/v2//").base_url,
            "http://h/scim/v2"
        );
    }

    #[test]
    fn credentials_are_detected() {
        assert!(!Target::new("http://h").has_credentials());
        assert!(Target::new("http://h").bearer("t").has_credentials());
        assert!(Target::new("http://h").basic("u", "p").has_credentials());
        assert!(
            !Target::new("http://h")
                .header("X-Key", "k")
                .has_credentials()
        );
    }
}
