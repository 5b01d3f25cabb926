//! Secret masking: tokens and passwords never reach a report, a log or the terminal.
//!
//! The [`Redactor`] learns secrets two ways: the values of credential headers
//! (`Authorization`, `Proxy-Authorization`, `Cookie`, `Set-Cookie`) as sent or received, and the
//! values of variables whose name looks like a credential (`auth`, `SCIMAuth`, `oktaToken`,
//! `password`, `apiKey`, `secret`, …). It then replaces every occurrence of each secret — in
//! URLs, headers, bodies, assertion values, logs and reasons — with [`MASK`].

use crate::model::{AssertionResult, CaseResult, Exchange, RunResult};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Secrets shorter than this are not masked inside other text: masking `"a"` everywhere would
/// destroy the report without protecting anything.
const MIN_SECRET_LEN: usize = 4;

/// Header names whose values are always masked whole.
const CREDENTIAL_HEADERS: [&str; 4] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Name fragments that make a variable's value a secret (compared case-insensitively).
const SECRET_NAME_PARTS: [&str; 7] = [
    "auth",
    "token",
    "password",
    "secret",
    "apikey",
    "api_key",
    "credential",
];

/// Collects secrets and masks them in results.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// True when a header of this name carries credentials.
    pub fn is_credential_header(name: &str) -> bool {
        CREDENTIAL_HEADERS
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
    }

    /// True when a variable of this name holds a credential.
    pub fn is_secret_variable(name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        SECRET_NAME_PARTS.iter().any(|part| lower.contains(part))
    }

    /// Remembers `value` as a secret. A value with an auth scheme (`Bearer abc…`) also
    /// registers its credential part, so the bare token is masked where it appears alone.
    pub fn add_secret(&mut self, value: &str) {
        let value = value.trim();
        if value.len() >= MIN_SECRET_LEN && !self.secrets.iter().any(|s| s == value) {
            self.secrets.push(value.to_owned());
            // Longest first, so "Bearer abc" is replaced before "abc".
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
        if let Some((_, credential)) = value.split_once(' ') {
            let credential = credential.trim();
            if credential.len() >= MIN_SECRET_LEN && credential != value {
                self.add_secret(credential);
            }
        }
    }

    /// Registers the value of a variable when its name marks it as a credential.
    pub fn learn_variable(&mut self, name: &str, value: &str) {
        if Self::is_secret_variable(name) {
            self.add_secret(value);
        }
    }

    /// Registers credential header values found in `headers`.
    pub fn learn_headers(&mut self, headers: &[(String, String)]) {
        for (name, value) in headers {
            if Self::is_credential_header(name) {
                self.add_secret(value);
            }
        }
    }

    /// `text` with every known secret replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }

    fn mask_in_place(&self, text: &mut String) {
        if self.secrets.iter().any(|s| text.contains(s.as_str())) {
            *text = self.mask(text);
        }
    }

    fn mask_headers(&self, headers: &mut [(String, String)]) {
        for (name, value) in headers {
            if Self::is_credential_header(name) {
                *value = MASK.to_owned();
            } else {
                self.mask_in_place(value);
            }
        }
    }

    fn mask_exchange(&self, exchange: &mut Exchange) {
        let request = &mut exchange.request;
        self.mask_in_place(&mut request.url);
        self.mask_headers(&mut request.headers);
        self.mask_in_place(&mut request.body);
        if let Some(response) = &mut exchange.response {
            self.mask_headers(&mut response.headers);
            self.mask_in_place(&mut response.body);
        }
        if let Some(error) = &mut exchange.error {
            self.mask_in_place(error);
        }
    }

    fn mask_assertion(&self, assertion: &mut AssertionResult) {
        self.mask_in_place(&mut assertion.description);
        self.mask_in_place(&mut assertion.expected);
        self.mask_in_place(&mut assertion.actual);
        if let Some(note) = &mut assertion.note {
            self.mask_in_place(note);
        }
    }

    /// Masks every secret everywhere in a case.
    pub fn mask_case(&self, case: &mut CaseResult) {
        self.mask_in_place(&mut case.title);
        if let Some(reason) = &mut case.reason {
            self.mask_in_place(reason);
        }
        case.exchanges
            .iter_mut()
            .for_each(|e| self.mask_exchange(e));
        case.assertions
            .iter_mut()
            .for_each(|a| self.mask_assertion(a));
        case.logs.iter_mut().for_each(|l| self.mask_in_place(l));
    }

    /// Masks every secret everywhere in a run.
    pub fn mask_run(&self, run: &mut RunResult) {
        self.mask_in_place(&mut run.target);
        run.cases.iter_mut().for_each(|c| self.mask_case(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RecordedRequest;

    fn case_with_request(url: &str, headers: &[(&str, &str)], body: &str) -> CaseResult {
        let mut case = CaseResult::new("step-1", "t");
        case.exchanges.push(Exchange {
            request: RecordedRequest {
                method: "GET".into(),
                url: url.into(),
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body: body.into(),
            },
            response: None,
            error: None,
        });
        case
    }

    #[test]
    fn masks_authorization_header_and_bare_token_everywhere() {
        let mut r = Redactor::default();
        let headers = [("Authorization", "Bearer s3cr3t-token"), ("Accept", "x")];
        let mut case = case_with_request("http://h/?t=s3cr3t-token", &headers, "tok s3cr3t-token");
        r.learn_headers(&case.exchanges[0].request.headers);
        case.logs.push("log Bearer s3cr3t-token".into());
        r.mask_case(&mut case);
        let text = serde_json::to_string(&case).unwrap();
        assert!(!text.contains("s3cr3t"), "{text}");
        assert_eq!(case.exchanges[0].request.headers[0].1, MASK);
        assert_eq!(case.exchanges[0].request.headers[1].1, "x");
    }

    #[test]
    fn masks_auth_like_variables_but_not_others() {
        let mut r = Redactor::default();
        r.learn_variable("oktaToken", "00abcdefgh");
        r.learn_variable("randomEmail", "someone@atko.com");
        assert_eq!(r.mask("x 00abcdefgh y"), "x *** y");
        assert_eq!(r.mask("someone@atko.com"), "someone@atko.com");
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        let mut r = Redactor::default();
        r.add_secret("ab");
        assert_eq!(r.mask("abc"), "abc");
    }
}
