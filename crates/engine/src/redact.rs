//! Secret masking: tokens and passwords never reach a report, a log or the terminal.
//!
//! The [`Redactor`] learns secrets three ways: values given to it directly (the target's
//! credential, `--header` values, the user-info of the base URL — see
//! [`crate::egress::Egress`]), the values of credential headers (`Authorization`,
//! `Proxy-Authorization`, `Cookie`, `Set-Cookie`) as sent or received, and the values of
//! variables whose name looks like a credential (`auth`, `SCIMAuth`, `oktaToken`, `password`,
//! `apiKey`, `secret`, …). It then replaces every occurrence of each secret — in URLs, headers,
//! bodies, assertion values, logs and reasons — with [`MASK`].
//!
//! A secret is also masked in the forms it takes on its way through a request or a script:
//! percent-encoded (`%20` and `+` for spaces, with or without `!'()*` escaped), base64 (standard
//! and URL-safe, padded or not, and at any of the three byte alignments, so it is caught inside
//! the base64 of a longer text such as `user:password`), and in any letter case. All these
//! forms of all secrets are searched at once by one Aho–Corasick automaton (leftmost-longest,
//! ASCII case-insensitive), so masking stays one pass over the text however many secrets there
//! are; text without any secret is not copied.

use crate::model::{AssertionResult, CaseResult, Exchange, RunResult};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Secrets shorter than this are not masked inside other text: masking `"a"` everywhere would
/// destroy the report without protecting anything.
const MIN_SECRET_LEN: usize = 4;

/// Derived forms (encodings) shorter than this are not searched: a four-letter piece of base64
/// would also match unrelated ids.
const MIN_FORM_LEN: usize = 6;

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

/// Characters left as they are by RFC 3986 percent-encoding: the unreserved set. Also what
/// the `url_encode` template function and OAuth 1.0 signing (RFC 5849 §3.6) leave alone.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters JavaScript's `encodeURIComponent` leaves as they are (the unreserved set plus
/// `!'()*`), which is how a script would encode a secret.
const URI_COMPONENT: &AsciiSet = &UNRESERVED
    .remove(b'!')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*');

/// Collects secrets and masks them in results.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// The secrets as registered.
    secrets: Vec<String>,
    /// Every form of every secret; `None` until a secret is registered.
    matcher: Option<AhoCorasick>,
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
        if self.remember(value) {
            self.rebuild();
        }
    }

    /// Registers `value` (and its credential part) without rebuilding the matcher; true when
    /// something new was learnt.
    fn remember(&mut self, value: &str) -> bool {
        let value = value.trim();
        let mut learnt = false;
        if value.len() >= MIN_SECRET_LEN && !self.secrets.iter().any(|s| s == value) {
            self.secrets.push(value.to_owned());
            learnt = true;
        }
        if let Some((_, credential)) = value.split_once(' ') {
            let credential = credential.trim();
            if credential != value {
                learnt |= self.remember(credential);
            }
        }
        learnt
    }

    /// Builds the one automaton over every form of every secret. Leftmost-longest, so
    /// `Bearer abc` is masked whole rather than as `Bearer ***`.
    fn rebuild(&mut self) {
        let mut patterns: Vec<String> = self.secrets.iter().flat_map(|s| forms(s)).collect();
        patterns.sort_unstable();
        patterns.dedup();
        // Building fails only past the automaton's size limits (millions of patterns), which
        // no run's handful of secrets reaches; the previous matcher is then kept.
        if let Ok(matcher) = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
        {
            self.matcher = Some(matcher);
        }
    }

    /// True when `text` holds a known secret in any of its forms.
    pub fn reveals(&self, text: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(text))
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
        let Some(matcher) = &self.matcher else {
            return text.to_owned();
        };
        let mut out = String::with_capacity(text.len());
        matcher.replace_all_with(text, &mut out, |_, _, out| {
            out.push_str(MASK);
            true
        });
        out
    }

    fn mask_in_place(&self, text: &mut String) {
        if self.reveals(text) {
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

/// The forms `secret` may take in text: itself (any letter case is matched by the automaton;
/// Unicode case changes are added explicitly), percent-encoded and base64-encoded.
fn forms(secret: &str) -> Vec<String> {
    let mut forms = vec![
        secret.to_owned(),
        secret.to_lowercase(),
        secret.to_uppercase(),
    ];
    for set in [UNRESERVED, URI_COMPONENT] {
        let encoded = utf8_percent_encode(secret, set).to_string();
        forms.push(encoded.replace("%20", "+"));
        forms.push(encoded);
    }
    forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
    for engine in [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
        forms.push(engine.encode(secret));
    }
    for engine in [STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
        forms.extend(base64_cores(secret.as_bytes(), &engine));
    }
    forms.retain(|f| f.len() >= MIN_FORM_LEN || f == secret);
    forms
}

/// The base64 characters that depend on `secret` alone, for each of the three positions it can
/// start at within a longer encoded text (`base64("user:" + secret)` holds one of them). A
/// character encodes 6 bits: those mixed with a neighbouring byte are left out.
fn base64_cores(secret: &[u8], engine: &impl Engine) -> Vec<String> {
    (0..3usize)
        .map(|shift| {
            let mut shifted = vec![0u8; shift];
            shifted.extend_from_slice(secret);
            let encoded = engine.encode(&shifted);
            let first = (shift * 8).div_ceil(6);
            let last = shifted.len() * 8 / 6;
            encoded.get(first..last).unwrap_or_default().to_owned()
        })
        .collect()
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
    fn masks_percent_encoded_forms_with_either_space() {
        let mut r = Redactor::default();
        r.add_secret("p@ss word/+1");
        for text in [
            "q=p%40ss%20word%2F%2B1",
            "q=p%40ss+word%2F%2B1",
            "q=p%40SS+WORD%2f%2b1",
        ] {
            assert_eq!(r.mask(text), "q=***", "{text}");
        }
    }

    #[test]
    fn masks_base64_forms_in_every_alphabet_and_alignment() {
        let secret = "tok?en>>secret~1";
        let mut r = Redactor::default();
        r.add_secret(secret);
        for engine in [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD] {
            let whole = engine.encode(secret);
            assert_eq!(r.mask(&format!("x {whole} y")), "x *** y", "{whole}");
            // Inside the base64 of a longer text, at each byte alignment.
            for prefix in ["", "u:", "us:", "use:"] {
                let embedded = engine.encode(format!("{prefix}{secret}!!"));
                let masked = r.mask(&embedded);
                assert!(masked.contains(MASK), "{prefix}: {embedded} -> {masked}");
                assert!(masked.len() <= embedded.len(), "{masked}");
            }
        }
    }

    #[test]
    fn masks_case_folded_forms() {
        let mut r = Redactor::default();
        r.add_secret("Tok-AbCdEf-Ünï");
        assert_eq!(r.mask("tok-abcdef-ünï"), MASK);
        assert_eq!(r.mask("TOK-ABCDEF-ÜNÏ"), MASK);
        assert_eq!(r.mask("tOK-aBcDeF-Ünï"), MASK);
    }

    #[test]
    fn the_longest_form_wins_and_clean_text_is_unchanged() {
        let mut r = Redactor::default();
        r.add_secret("Bearer abcdef123");
        assert_eq!(r.mask("h: Bearer abcdef123."), "h: ***.");
        assert_eq!(r.mask("bare abcdef123"), "bare ***");
        assert_eq!(r.mask("nothing secret here"), "nothing secret here");
        assert!(!r.reveals("nothing secret here"));
        assert!(r.reveals("x=ABCDEF123"));
    }

    #[test]
    fn short_values_are_not_treated_as_secrets() {
        let mut r = Redactor::default();
        r.add_secret("ab");
        assert_eq!(r.mask("abc"), "abc");
    }
}
