//! Secret variables: the credential (`auth`, and any variable given to the run whose name marks
//! it a credential — `SCIMAuth`, `oktaToken`, `apiKey`, … as [`Redactor::is_secret_variable`]
//! says) never reaches a script, a template's output or a result in clear.
//!
//! When a run starts, each secret's value is moved out of the variables and replaced by a
//! placeholder, `{secret:NAME}`. Templates, scripts, extractions and assertions only ever see
//! the placeholder; a script can copy it, but whatever it computes from it (reversed, lowercased,
//! spaced out) is computed from the placeholder and reveals nothing. Right before a request is
//! sent, [`Secrets::reveal`] puts the values back where a placeholder stands verbatim in the URL,
//! headers, body or basic credentials; after the response arrives, [`Secrets::conceal`] turns
//! any value the server echoed back into its placeholder again before a script can read it.
//!
//! A value with an auth scheme (`Bearer abc…`) also conceals its credential part alone, as
//! `{secret:NAME:credential}`, so a server echoing the bare token does not hand it to a script.
//!
//! A variable a script sets is not a secret: the script chose its value, so it already knows it.
//!
//! Template functions see through placeholders ([`SecretScope`]): `{{encode_base64(u:{{password}})}}`
//! encodes the real password, and its result is registered as a secret of its own
//! (`{secret:derived-N}`), so a derived value is revealed only on the wire, concealed in
//! responses, and masked in every output like the credential it came from.

use super::Variables;
use super::template::Scope;
use crate::redact::Redactor;
use std::collections::BTreeSet;

/// The run's secret values, by the placeholder that stands for each.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// Placeholder and value pairs, longest value first, so concealing `Bearer abc` wins over a
    /// secret `abc` inside it.
    entries: Vec<(String, String)>,
}

/// Secrets shorter than this are left as they are: concealing `"ab"` everywhere in a response
/// would garble it without protecting anything (the redactor has the same floor).
const MIN_SECRET_LEN: usize = 4;

impl Secrets {
    /// Moves the value of every variable whose name marks it a credential, or that is named in
    /// `derived` (computed from one), out of `variables`, leaving its placeholder there.
    pub fn take_from(variables: &mut Variables, derived: &BTreeSet<String>) -> Self {
        let mut entries = Vec::new();
        for (name, value) in variables.iter_mut() {
            let secret = Redactor::is_secret_variable(name) || derived.contains(name);
            if !secret || value.trim().len() < MIN_SECRET_LEN {
                continue;
            }
            if let Some((_, credential)) = value.trim().split_once(' ') {
                let credential = credential.trim();
                if credential.len() >= MIN_SECRET_LEN {
                    entries.push((
                        format!("{{secret:{name}:credential}}"),
                        credential.to_owned(),
                    ));
                }
            }
            let placeholder = format!("{{secret:{name}}}");
            entries.push((placeholder.clone(), std::mem::replace(value, placeholder)));
        }
        entries.sort_by_key(|(_, value)| std::cmp::Reverse(value.len()));
        Self { entries }
    }

    /// Registers `value`, computed from a secret, as a secret; returns what stands for it. A
    /// value shorter than the secrets' floor is returned as it is (concealing it would garble
    /// responses without protecting anything).
    pub fn derive(&mut self, value: String) -> String {
        if value.trim().len() < MIN_SECRET_LEN {
            return value;
        }
        if let Some((placeholder, _)) = self.entries.iter().find(|(_, v)| *v == value) {
            return placeholder.clone();
        }
        let placeholder = format!("{{secret:derived-{}}}", self.entries.len() + 1);
        let at = self
            .entries
            .partition_point(|(_, v)| v.len() >= value.len());
        self.entries.insert(at, (placeholder.clone(), value));
        placeholder
    }

    /// True when `text` holds one of the placeholders.
    pub fn hidden_in(&self, text: &str) -> bool {
        self.entries.iter().any(|(p, _)| text.contains(p.as_str()))
    }

    /// True when `text` is one of the placeholders.
    pub fn is_placeholder(&self, text: &str) -> bool {
        self.entries.iter().any(|(p, _)| p == text)
    }

    /// The secret values, for the redactor to mask wherever they were sent or echoed.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(_, value)| value.as_str())
    }

    /// `text` with every placeholder replaced by its secret: what is actually sent.
    pub fn reveal(&self, text: &str) -> String {
        self.entries
            .iter()
            .fold(text.to_owned(), |text, (placeholder, value)| {
                if text.contains(placeholder.as_str()) {
                    text.replace(placeholder.as_str(), value)
                } else {
                    text
                }
            })
    }

    /// `text` with every secret value replaced by its placeholder: what a script may read.
    pub fn conceal(&self, text: &str) -> String {
        self.entries
            .iter()
            .fold(text.to_owned(), |text, (placeholder, value)| {
                if text.contains(value.as_str()) {
                    text.replace(value.as_str(), placeholder)
                } else {
                    text
                }
            })
    }
}

/// The run's variables as templates see them: secrets as placeholders, revealed only to the
/// template functions that compute on them, whose results become secrets too.
pub struct SecretScope<'a> {
    /// The run's variables (secret ones hold placeholders).
    pub variables: &'a Variables,
    /// The run's secrets.
    pub secrets: &'a mut Secrets,
}

impl Scope for SecretScope<'_> {
    fn variable(&mut self, name: &str) -> Option<String> {
        self.variables.get(name).cloned()
    }

    fn reveal(&self, text: &str) -> Option<String> {
        self.secrets
            .hidden_in(text)
            .then(|| self.secrets.reveal(text))
    }

    fn derived(&mut self, value: String) -> String {
        self.secrets.derive(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runscope::variables_of as variables;

    #[test]
    fn credentials_become_placeholders_and_other_variables_stay() {
        let mut vars = variables(&[
            ("auth", "Bearer t0ken-value"),
            ("oktaToken", "okta-secret"),
            ("SCIMBaseURL", "http://x/scim/v2"),
        ]);
        let secrets = Secrets::take_from(&mut vars, &BTreeSet::new());
        assert_eq!(vars["auth"], "{secret:auth}");
        assert_eq!(vars["oktaToken"], "{secret:oktaToken}");
        assert_eq!(vars["SCIMBaseURL"], "http://x/scim/v2");
        assert_eq!(
            secrets.values().collect::<Vec<_>>(),
            ["Bearer t0ken-value", "t0ken-value", "okta-secret"]
        );
        assert!(secrets.is_placeholder("{secret:auth}"));
    }

    #[test]
    fn reveal_and_conceal_are_inverse_on_verbatim_placeholders_only() {
        let mut vars = variables(&[("auth", "Bearer t0ken-value")]);
        let secrets = Secrets::take_from(&mut vars, &BTreeSet::new());
        let sent = secrets.reveal("{secret:auth} and }htua:terces{");
        assert_eq!(sent, "Bearer t0ken-value and }htua:terces{");
        assert_eq!(secrets.conceal(&sent), "{secret:auth} and }htua:terces{");
        assert_eq!(
            secrets.conceal("echo: t0ken-value"),
            "echo: {secret:auth:credential}"
        );
    }

    #[test]
    fn variables_derived_from_credentials_are_taken_too() {
        let mut vars = variables(&[("basic", "Basic Ym9iOnB3"), ("user", "bob-the-user")]);
        let derived = BTreeSet::from(["basic".to_owned()]);
        let secrets = Secrets::take_from(&mut vars, &derived);
        assert_eq!(vars["basic"], "{secret:basic}");
        assert_eq!(vars["user"], "bob-the-user");
        assert_eq!(secrets.reveal("{secret:basic:credential}"), "Ym9iOnB3");
    }

    #[test]
    fn functions_of_secrets_yield_placeholders_revealed_only_on_the_wire() {
        let mut vars = variables(&[("password", "pw-1234"), ("user", "bob")]);
        let mut secrets = Secrets::take_from(&mut vars, &BTreeSet::new());
        let template = "Basic {{encode_base64({{user}}:{{password}})}} {{md5({{user}})}}";
        let mut scope = SecretScope {
            variables: &vars,
            secrets: &mut secrets,
        };
        let rendered = super::super::template::render_in(template, &mut scope);
        assert!(rendered.errors.is_empty(), "{:?}", rendered.errors);
        let md5_bob = "9f9d51bc70ef21ca5c14f307980a29d8";
        assert_eq!(
            rendered.text,
            format!("Basic {{secret:derived-2}} {md5_bob}")
        );
        assert_eq!(
            secrets.reveal(&rendered.text),
            format!("Basic Ym9iOnB3LTEyMzQ= {md5_bob}")
        );
        // The same value derived again gets the same placeholder; an echo is concealed.
        assert_eq!(
            secrets.derive("Ym9iOnB3LTEyMzQ=".into()),
            "{secret:derived-2}"
        );
        assert_eq!(
            secrets.conceal("echo Ym9iOnB3LTEyMzQ="),
            "echo {secret:derived-2}"
        );
        assert!(secrets.values().any(|v| v == "Ym9iOnB3LTEyMzQ="));
    }
}
