//! The `--env FILE` format: a Runscope environment as Runscope stores it, or scimcheck's own
//! short form, so a CI job can keep its base URL, variables, initial script and run settings
//! together.
//!
//! Runscope's environment (runscope.com/docs/api/environments, "Data Attributes";
//! help.blazemeter.com API Monitoring, "Test Environment List"): `name`, `initial_variables`,
//! `script` (the initial script's text), `headers`, `auth`, `stop_on_failure`,
//! `preserve_cookies`, `verify_ssl`, `retry_on_failure`, `client_certificate`, and what only
//! Runscope's service uses (`regions`, `remote_agents`, `webhooks`, `integrations`, `emails`,
//! ids). The file may also be the API's answer, `{"data": {…environment…}, "meta": …}`.
//!
//! scimcheck's short form:
//!
//! ```json
//! {
//!   "variables": { "SCIMBaseURL": "https://example.com/scim/v2", "auth": "Bearer abc" },
//!   "initial_script": "okta-initial.js",
//!   "pauses": "skip",
//!   "stop_on_failure": false
//! }
//! ```
//!
//! Both spellings may be mixed; every key is optional. A key scimcheck does not know is ignored
//! with a note ([`Environment::notes`]), unless it looks like a misspelt known key
//! (`variabels`): that is an error naming the key meant, so a typo is never silently ignored.
//! `initial_script` is a path relative to the environment file. Command-line flags win over
//! the file.

use super::Variables;
use super::format::{self, RunscopeTest, StepAuth};
use super::runner::{PausePolicy, RunscopeSettings};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A parsed environment file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// Runscope's `name` (`{{runscope_environment_name}}`).
    pub name: Option<String>,
    /// Initial variables: `initial_variables`, then `variables` (which wins on a clash).
    pub variables: Variables,
    /// Path of an initial script, relative to the environment file (`initial_script`).
    pub initial_script: Option<String>,
    /// The initial script's text (Runscope's `script`).
    pub script: Option<String>,
    /// `skip` or `honor`.
    pub pauses: Option<PausePolicy>,
    /// Stop at the first failing step.
    pub stop_on_failure: Option<bool>,
    /// Runscope's "Use Cookies": cookies set by responses go with later requests of the run.
    pub preserve_cookies: Option<bool>,
    /// Headers sent with every request step that does not set them itself (templated).
    pub headers: Vec<(String, String)>,
    /// Credentials (basic, OAuth 1.0a) or a client certificate for request steps without an
    /// `auth` block of their own.
    pub auth: Option<StepAuth>,
    /// What was ignored or is applied differently, one sentence each, for the run's notes.
    pub notes: Vec<String>,
}

/// Why an environment file was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}{}; {fix}", place(*.line, *.column))]
pub struct EnvironmentError {
    /// What is wrong.
    pub what: String,
    /// 1-based line (0 when the problem has no one place).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// How to fix it.
    pub fix: &'static str,
}

/// ` at line L, column C`, when the problem has a place.
fn place(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" at line {line}, column {column}")
    }
}

const FIX: &str = "an environment is Runscope's (name, initial_variables, script, headers, auth, \
                   stop_on_failure, …) or scimcheck's (variables, initial_script, pauses, \
                   stop_on_failure); see docs/RUNSCOPE.md";

/// Every key read, in either spelling.
#[derive(Deserialize)]
struct RawEnvironment {
    name: Option<String>,
    variables: Option<Map<String, Value>>,
    initial_variables: Option<Map<String, Value>>,
    initial_script: Option<String>,
    script: Option<String>,
    pauses: Option<PausePolicy>,
    stop_on_failure: Option<bool>,
    headers: Option<Map<String, Value>>,
    auth: Option<Value>,
    preserve_cookies: Option<bool>,
    verify_ssl: Option<bool>,
    retry_on_failure: Option<bool>,
    client_certificate: Option<Value>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

/// Runscope's keys that only its service uses: accepted, with one note.
const SERVICE_ONLY: [&str; 14] = [
    "id",
    "test_id",
    "parent_environment_id",
    "regions",
    "remote_agents",
    "webhooks",
    "integrations",
    "emails",
    "exported_at",
    "version",
    "http_version_support",
    "force_h2c",
    "pre_request_scripts",
    "post_response_scripts",
];

/// The keys read, for spotting a misspelt one.
const KNOWN: [&str; 13] = [
    "name",
    "variables",
    "initial_variables",
    "initial_script",
    "script",
    "pauses",
    "stop_on_failure",
    "headers",
    "auth",
    "preserve_cookies",
    "verify_ssl",
    "retry_on_failure",
    "client_certificate",
];

impl Environment {
    /// Parses the JSON text of an environment file.
    pub fn parse(text: &str) -> Result<Self, EnvironmentError> {
        let json_error = |e: serde_json::Error| EnvironmentError {
            what: e.to_string(),
            line: e.line(),
            column: e.column(),
            fix: FIX,
        };
        let value: Value = serde_json::from_str(text).map_err(json_error)?;
        // The API's answer wraps the environment in `data`; a file is read from its text, so
        // errors keep their line and column.
        let raw: RawEnvironment = match value.as_object().filter(|o| {
            o.contains_key("data") && o.keys().all(|k| API_ENVELOPE.contains(&k.as_str()))
        }) {
            Some(envelope) => {
                serde_json::from_value(envelope["data"].clone()).map_err(json_error)?
            }
            None => serde_json::from_str(text).map_err(json_error)?,
        };
        raw.into_environment()
    }

    /// The environment `test`'s export carries under `name`, or, without a name, the one it
    /// names as its default (`default_environment_id`); `Ok(None)` when there is none to use.
    pub fn embedded(
        test: &RunscopeTest,
        name: Option<&str>,
    ) -> Result<Option<Self>, EnvironmentError> {
        let field =
            |env: &Value, key: &str| env.get(key).and_then(Value::as_str).map(str::to_owned);
        let chosen = match name {
            Some(name) => {
                let found = test
                    .environments
                    .iter()
                    .find(|e| field(e, "name").as_deref() == Some(name));
                if found.is_none() {
                    let names: Vec<String> = test
                        .environments
                        .iter()
                        .filter_map(|e| field(e, "name"))
                        .map(|n| format!("`{n}`"))
                        .collect();
                    return Err(EnvironmentError {
                        what: format!(
                            "the test has no environment named `{name}`; it has {}",
                            if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                        line: 0,
                        column: 0,
                        fix: "give one of those as the environment's name, or an environment file",
                    });
                }
                found
            }
            None => test.default_environment_id.as_deref().and_then(|id| {
                test.environments
                    .iter()
                    .find(|e| field(e, "id").as_deref() == Some(id))
            }),
        };
        chosen
            .map(|env| {
                serde_json::from_value::<RawEnvironment>(env.clone())
                    .map_err(|e| EnvironmentError {
                        what: format!("the test's environment is not readable: {e}"),
                        line: 0,
                        column: 0,
                        fix: FIX,
                    })?
                    .into_environment()
            })
            .transpose()
    }
}

impl Environment {
    /// Sets `settings` from the environment: everything but `initial_script`, a file the
    /// caller reads (relative to the environment file) into [`RunscopeSettings::initial_script`].
    pub fn apply_to(self, settings: &mut RunscopeSettings) {
        settings.variables = self.variables;
        if self.script.is_some() {
            settings.initial_script = self.script;
        }
        settings.pauses = self.pauses.unwrap_or_default();
        settings.stop_on_failure = self.stop_on_failure.unwrap_or(false);
        settings.keep_cookies = self.preserve_cookies.unwrap_or(false);
        settings.environment_name = self.name;
        settings.headers = self.headers;
        settings.auth = self.auth;
        settings.notes = self.notes;
    }
}

/// The keys of the Runscope API's answer around its `data`.
const API_ENVELOPE: [&str; 3] = ["data", "meta", "error"];

impl RawEnvironment {
    fn into_environment(self) -> Result<Environment, EnvironmentError> {
        let problem = |what: String| EnvironmentError {
            what,
            line: 0,
            column: 0,
            fix: FIX,
        };
        let mut notes = Vec::new();
        let mut ignored = Vec::new();
        for key in self.other.keys() {
            if SERVICE_ONLY.contains(&key.as_str()) {
                continue;
            }
            if let Some(meant) = KNOWN
                .iter()
                .find(|known| strsim::damerau_levenshtein(known, key) <= 2)
            {
                return Err(problem(format!(
                    "unknown key `{key}` (did you mean `{meant}`?)"
                )));
            }
            ignored.push(format!("`{key}`"));
        }
        if !ignored.is_empty() {
            notes.push(format!(
                "the environment's key(s) {} are not Runscope environment keys scimcheck knows; ignored",
                ignored.join(", ")
            ));
        }
        let script = self.script.filter(|s| !s.trim().is_empty());
        if script.is_some() && self.initial_script.is_some() {
            return Err(problem(
                "both `script` (the initial script's text) and `initial_script` (its file) are given; keep one".into(),
            ));
        }
        let mut variables = Variables::new();
        for (name, value) in self
            .initial_variables
            .into_iter()
            .chain(self.variables)
            .flatten()
        {
            let text = scalar_text(&value).ok_or_else(|| {
                problem(format!(
                    "variable `{name}` is not a string, number or boolean"
                ))
            })?;
            variables.insert(name, text);
        }
        let mut headers = Vec::new();
        for (name, value) in self.headers.into_iter().flatten() {
            let values = match value {
                Value::Array(items) => items,
                other => vec![other],
            };
            for value in values {
                let text = scalar_text(&value).ok_or_else(|| {
                    problem(format!("header `{name}` has a value that is not text"))
                })?;
                headers.push((name.clone(), text));
            }
        }
        // The same block, read the same way, as a step's `auth`.
        let auth = format::step_auth(self.auth.as_ref()).unwrap_or_else(|problem| {
            notes.push(format!("the environment's auth is not used: {problem}"));
            None
        });
        if self.verify_ssl == Some(false) {
            notes.push(
                "the environment turns TLS verification off (verify_ssl: false); scimcheck keeps it on unless TLS verification is turned off for the run".into(),
            );
        }
        if self.retry_on_failure == Some(true) {
            notes.push(
                "retry_on_failure applies to Runscope's scheduled runs; a local run is not retried"
                    .into(),
            );
        }
        if self
            .client_certificate
            .as_ref()
            .is_some_and(|c| !c.is_null())
        {
            notes.push(format!(
                "the environment names a client certificate, which Runscope keeps with the account: give the run {} to present it to the target",
                crate::setting::Setting::ClientCertificate.phrase()
            ));
        }
        Ok(Environment {
            name: self.name.filter(|n| !n.trim().is_empty()),
            variables,
            initial_script: self.initial_script,
            script,
            pauses: self.pauses,
            stop_on_failure: self.stop_on_failure,
            preserve_cookies: self.preserve_cookies,
            headers,
            auth,
            notes,
        })
    }
}

/// A scalar as text: strings as they are, numbers and booleans as written, `null` as `""`.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_of_the_short_form() {
        let env = Environment::parse(
            r#"{"variables":{"auth":"Bearer x"},"initial_script":"i.js","pauses":"honor","stop_on_failure":true}"#,
        )
        .unwrap();
        assert_eq!(env.variables["auth"], "Bearer x");
        assert_eq!(env.initial_script.as_deref(), Some("i.js"));
        assert_eq!(env.pauses, Some(PausePolicy::Honor));
        assert_eq!(env.stop_on_failure, Some(true));
        assert!(env.notes.is_empty(), "{:?}", env.notes);
    }

    #[test]
    fn empty_object_is_the_default() {
        assert_eq!(Environment::parse("{}").unwrap(), Environment::default());
    }

    /// An environment as Runscope's API describes one, written for this test.
    const RUNSCOPE_ENVIRONMENT: &str = r#"{
        "id": "6a1bd3e7-0000-4000-8000-000000000001",
        "name": "Staging",
        "test_id": null,
        "parent_environment_id": null,
        "initial_variables": {"baseUrl": "https://staging.example", "page": 2, "debug": true, "empty": null},
        "script": "variables.set('fromScript', 'yes');",
        "headers": {"Accept": ["application/scim+json"], "X-Tenant": "blue"},
        "auth": {"auth_type": "basic", "username": "svc", "password": "{{svcPassword}}"},
        "stop_on_failure": true,
        "preserve_cookies": true,
        "verify_ssl": false,
        "retry_on_failure": false,
        "client_certificate": null,
        "regions": ["us1"],
        "remote_agents": [],
        "webhooks": null,
        "integrations": [],
        "emails": {"notify_all": false, "notify_on": "all", "notify_threshold": 1, "recipients": []},
        "exported_at": 1764806400
    }"#;

    #[test]
    fn reads_runscopes_environment() {
        let env = Environment::parse(RUNSCOPE_ENVIRONMENT).unwrap();
        assert_eq!(env.name.as_deref(), Some("Staging"));
        assert_eq!(env.variables["baseUrl"], "https://staging.example");
        assert_eq!(env.variables["page"], "2");
        assert_eq!(env.variables["debug"], "true");
        assert_eq!(env.variables["empty"], "");
        assert_eq!(
            env.script.as_deref(),
            Some("variables.set('fromScript', 'yes');")
        );
        assert_eq!(
            env.headers,
            [
                ("Accept".to_owned(), "application/scim+json".to_owned()),
                ("X-Tenant".to_owned(), "blue".to_owned())
            ]
        );
        assert_eq!(
            env.auth,
            Some(StepAuth::Basic(format::BasicAuth {
                username: "svc".into(),
                password: "{{svcPassword}}".into()
            }))
        );
        assert_eq!(env.stop_on_failure, Some(true));
        assert_eq!(env.preserve_cookies, Some(true));
        let notes = env.notes.join("\n");
        assert!(
            !notes.contains("cookie"),
            "cookies are kept, not noted: {notes}"
        );
        assert!(notes.contains("verify_ssl: false"), "{notes}");
        assert!(
            !notes.contains("regions"),
            "service-only keys pass silently: {notes}"
        );
        assert!(
            !notes.contains("client certificate"),
            "null names none: {notes}"
        );
        let with_certificate = RUNSCOPE_ENVIRONMENT.replace(
            "\"client_certificate\": null",
            "\"client_certificate\": {\"id\": \"c1\"}",
        );
        let notes = Environment::parse(&with_certificate)
            .unwrap()
            .notes
            .join("\n");
        assert!(
            notes.contains("names a client certificate")
                && notes.contains("a client certificate to present it"),
            "{notes}"
        );
    }

    #[test]
    fn reads_the_api_answer_around_an_environment() {
        let wrapped = format!(
            r#"{{"data": {RUNSCOPE_ENVIRONMENT}, "meta": {{"status": "success"}}, "error": null}}"#
        );
        let env = Environment::parse(&wrapped).unwrap();
        assert_eq!(env.name.as_deref(), Some("Staging"));
    }

    #[test]
    fn unknown_keys_are_noted_and_misspelt_ones_rejected() {
        let env = Environment::parse(r#"{"name": "x", "colour": "blue"}"#).unwrap();
        assert!(env.notes[0].contains("`colour`"), "{:?}", env.notes);
        let err = Environment::parse("{\n \"stop_on_failur\": true}").unwrap_err();
        assert!(
            err.what
                .contains("`stop_on_failur` (did you mean `stop_on_failure`?)"),
            "{err}"
        );
        let err = Environment::parse(r#"{"variabels": {}}"#).unwrap_err();
        assert!(err.to_string().contains("variabels"), "{err}");
    }

    #[test]
    fn bad_values_are_rejected_with_their_place() {
        let err = Environment::parse("{\"pauses\":\n \"sometimes\"}").unwrap_err();
        assert!(err.what.contains("sometimes"), "{err}");
        let err = Environment::parse(r#"{"initial_variables": {"a": {"b": 1}}}"#).unwrap_err();
        assert!(err.what.contains("`a`"), "{err}");
        let err = Environment::parse("{\"variables\": [}").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
        let err = Environment::parse(r#"{"script": "x()", "initial_script": "i.js"}"#).unwrap_err();
        assert!(err.what.contains("keep one"), "{err}");
    }

    #[test]
    fn short_form_variables_win_over_initial_variables() {
        let env = Environment::parse(
            r#"{"initial_variables": {"a": "runscope", "b": "1"}, "variables": {"a": "mine"}}"#,
        )
        .unwrap();
        assert_eq!(env.variables["a"], "mine");
        assert_eq!(env.variables["b"], "1");
    }

    fn export_with_environments() -> RunscopeTest {
        crate::runscope::format::parse(
            r#"{"name": "t", "steps": [], "default_environment_id": "e2",
                "environments": [{"id": "e1", "name": "Staging", "initial_variables": {"a": "1"}},
                                 {"id": "e2", "name": "Production", "initial_variables": {"a": "2"}}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn an_embedded_environment_is_picked_by_name_or_as_the_default() {
        let test = export_with_environments();
        let named = Environment::embedded(&test, Some("Staging"))
            .unwrap()
            .unwrap();
        assert_eq!(named.variables["a"], "1");
        let default = Environment::embedded(&test, None).unwrap().unwrap();
        assert_eq!(default.name.as_deref(), Some("Production"));
        let err = Environment::embedded(&test, Some("Dev")).unwrap_err();
        assert!(err.what.contains("`Staging`, `Production`"), "{err}");
        let bare = crate::runscope::format::parse(r#"{"steps": []}"#).unwrap();
        assert_eq!(Environment::embedded(&bare, None).unwrap(), None);
    }
}
