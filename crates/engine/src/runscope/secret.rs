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

use super::Variables;
use crate::redact::Redactor;

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
    /// Moves the value of every variable whose name marks it a credential out of `variables`,
    /// leaving its placeholder there.
    pub fn take_from(variables: &mut Variables) -> Self {
        let mut entries = Vec::new();
        for (name, value) in variables.iter_mut() {
            if !Redactor::is_secret_variable(name) || value.trim().len() < MIN_SECRET_LEN {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pairs: &[(&str, &str)]) -> Variables {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn credentials_become_placeholders_and_other_variables_stay() {
        let mut vars = variables(&[
            ("auth", "Bearer t0ken-value"),
            ("oktaToken", "okta-secret"),
            ("SCIMBaseURL", "http://x/scim/v2"),
        ]);
        let secrets = Secrets::take_from(&mut vars);
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
        let secrets = Secrets::take_from(&mut vars);
        let sent = secrets.reveal("{secret:auth} and }htua:terces{");
        assert_eq!(sent, "Bearer t0ken-value and }htua:terces{");
        assert_eq!(secrets.conceal(&sent), "{secret:auth} and }htua:terces{");
        assert_eq!(
            secrets.conceal("echo: t0ken-value"),
            "echo: {secret:auth:credential}"
        );
    }
}
