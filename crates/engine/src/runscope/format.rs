//! The Runscope API-test export format, parsed once into typed steps.
//!
//! An export is `{name, description, version, exported_at, trigger_url, steps: [...]}`; each step
//! has a `step_type`:
//!
//! | step_type | keys read |
//! |---|---|
//! | `request` | method, url, note, headers (value: string or array of strings), body, form, auth (basic, oauth_1), assertions, variables, scripts, before_scripts, skipped |
//! | `pause` | duration (seconds), skipped |
//! | `condition` (or `conditional`), `conditional-loop` | left_value, comparison, right_value, steps (nested), skipped |
//! | `subtest` | test_uuid, bucket_key, use_parent_environment, params, variables, assertions (run when the run is given that test's export) |
//! | `ghost-inspector`, `inbound` | kept to say what it would need (it runs only on Runscope) |
//!
//! Other keys (`args`, `data`, `trigger_url`, …) are accepted and ignored; a non-empty
//! `multipart_form` or `binary_body` makes the step invalid (not supported). A step whose
//! content cannot be run (an unknown step type, comparison or source) is kept as
//! [`StepKind::Invalid`] naming the problem, so the rest of the file still runs. Only a
//! file that is not JSON, or whose shape is wrong, is rejected, with line and column.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeSet;

use super::oauth1::Placement;

/// A whole Runscope test, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunscopeTest {
    /// The test's name (e.g. `Okta SCIM 2.0 SPEC Test`).
    pub name: String,
    /// The test's description.
    pub description: String,
    /// Steps in order.
    pub steps: Vec<Step>,
    /// Environments the export carries (Runscope's environment objects, as written; see
    /// [`super::environment::Environment::embedded`]).
    pub environments: Vec<Value>,
    /// The id of the environment Runscope runs the test with by default.
    pub default_environment_id: Option<String>,
}

impl RunscopeTest {
    /// The ids of the tests its subtest steps call (nested and skipped steps included), each
    /// once: the exports a run must be given ([`super::runner::RunscopeSettings::subtests`])
    /// for them to run, so a front end that keeps many exports reads only these.
    pub fn called_tests(&self) -> BTreeSet<&str> {
        let mut ids = BTreeSet::new();
        called_tests(&self.steps, &mut ids);
        ids
    }
}

fn called_tests<'a>(steps: &'a [Step], ids: &mut BTreeSet<&'a str>) {
    for step in steps {
        match &step.kind {
            StepKind::Subtest(subtest) => {
                ids.insert(&subtest.test_uuid);
            }
            StepKind::Condition(condition) => called_tests(&condition.steps, ids),
            _ => {}
        }
    }
}

/// One step and whether it is switched off.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `skipped: true` in the file: the step is reported as skipped and not run.
    pub skipped: bool,
    /// What the step does.
    pub kind: StepKind,
}

/// The kinds of step.
#[derive(Debug, Clone, PartialEq)]
pub enum StepKind {
    /// Send a request, extract variables, run scripts, judge assertions.
    Request(Box<RequestStep>),
    /// Wait this many seconds (skipped by default, see `--pauses`).
    Pause {
        /// Seconds to wait.
        seconds: f64,
    },
    /// Run nested steps only when a comparison holds (a condition step), or again and again
    /// while it holds (a conditional loop).
    Condition(ConditionStep),
    /// Run another test (given locally) as a step, and judge its outcome.
    Subtest(SubtestStep),
    /// A step that only Runscope can run; `needs` says what it depends on.
    NotRunnable {
        /// The step type (`ghost-inspector`).
        step_type: String,
        /// What it would need, e.g. `the Runscope test 1234 (a subtest in bucket abcd)`.
        needs: String,
    },
    /// A step that cannot be run as written; `problem` says why and how to fix it.
    Invalid {
        /// The step's type as written.
        step_type: String,
        /// What is wrong.
        problem: String,
    },
}

/// A request step.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestStep {
    /// Title of the step (may contain `{{variables}}`).
    pub note: String,
    /// HTTP method.
    pub method: String,
    /// URL template.
    pub url: String,
    /// Header templates, in file order; an array value gives one pair per element.
    pub headers: Vec<(String, String)>,
    /// Body template (empty: none).
    pub body: String,
    /// Form field templates, sent url-encoded when present.
    pub form: Vec<(String, String)>,
    /// The step's own `auth` block; without one, the environment's basic credentials apply.
    pub auth: Option<StepAuth>,
    /// Variable extractions, applied after the response arrives.
    pub extractions: Vec<Extraction>,
    /// Post-response scripts.
    pub scripts: Vec<String>,
    /// Pre-request scripts.
    pub before_scripts: Vec<String>,
    /// Assertions, judged last.
    pub assertions: Vec<Assertion>,
}

/// A step's `auth` block: it replaces the environment's credentials for that step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepAuth {
    /// `auth_type: basic`.
    Basic(BasicAuth),
    /// `auth_type: oauth_1`: the request is signed.
    OAuth1(OAuth1Auth),
    /// `auth_type: client_certificate`: Runscope keeps the certificate with the account; a
    /// local run presents the one it was given for the target (mutual TLS).
    ClientCertificate,
}

impl StepAuth {
    /// The values that must stay out of every output (and, for the environment's, away from
    /// other hosts): a basic password, OAuth 1.0a's token and both secrets.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            StepAuth::Basic(auth) => vec![auth.password.as_str()],
            StepAuth::OAuth1(auth) => vec![
                auth.access_token.as_str(),
                auth.consumer_secret.as_str(),
                auth.token_secret.as_str(),
            ],
            StepAuth::ClientCertificate => Vec::new(),
        }
    }
}

/// Runscope's `auth: {auth_type: "oauth_1", consumer_key, consumer_secret, access_token,
/// token_secret, signature_type}` block (help.blazemeter.com, "Defining Authentication"); each
/// credential may hold templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth1Auth {
    /// `oauth_consumer_key`.
    pub consumer_key: String,
    /// Half of the signing key.
    pub consumer_secret: String,
    /// `oauth_token` (may be empty).
    pub access_token: String,
    /// The other half of the signing key.
    pub token_secret: String,
    /// Where the protocol parameters go.
    pub placement: Placement,
}

/// Runscope's `auth: {auth_type: "basic", username, password}` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicAuth {
    /// User name template.
    pub username: String,
    /// Password template.
    pub password: String,
}

/// A subtest step: another Runscope test run as one step. Its fields are those of Runscope's
/// step API and exports (`test_uuid`, `bucket_key`, `environment_uuid`,
/// `use_parent_environment`, `params`, `variables`, `assertions`; e.g. the subtest step in
/// github.com/samaybar/runscope-creator `mytests.js`, whose assertion reads `response_json`
/// `result` equal `pass`). An export does not carry its own test's id, so the test a subtest
/// calls is given by the run (`runscope --subtest UUID=FILE`).
#[derive(Debug, Clone, PartialEq)]
pub struct SubtestStep {
    /// Title of the step (may be empty).
    pub note: String,
    /// The id of the test it runs.
    pub test_uuid: String,
    /// The bucket of that test (informational locally).
    pub bucket_key: String,
    /// Start from the calling test's variables as they are at this step; otherwise from the
    /// run's initial variables.
    pub use_parent_environment: bool,
    /// Initial variables of the subtest (`params`: `[{name, value}]`), templates filled from
    /// the calling test's variables.
    pub params: Vec<(String, String)>,
    /// Variables taken from the subtest's outcome (see the runner).
    pub extractions: Vec<Extraction>,
    /// Assertions judged on the subtest's outcome.
    pub assertions: Vec<Assertion>,
}

/// A condition step: `left comparison right` decides whether `steps` run; a conditional loop
/// (`looping`) judges it again after each pass and runs `steps` again while it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionStep {
    /// A conditional loop (`step_type` `conditional-loop`) rather than a condition.
    pub looping: bool,
    /// Left value template.
    pub left: String,
    /// How to compare.
    pub comparison: Comparison,
    /// Right value template (absent for comparisons without one).
    pub right: Option<String>,
    /// Steps run when the condition holds.
    pub steps: Vec<Step>,
}

/// Where an assertion or an extraction reads from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The status code.
    Status,
    /// A header, by name (case-insensitive).
    Headers,
    /// A property of the JSON body, by path (`a.b[0].c`; `""` is the whole body).
    Json,
    /// The whole body as text.
    Text,
    /// An XPath into an XML body (not supported: reported as such).
    Xml,
    /// Response time in milliseconds.
    Time,
    /// Body size in bytes.
    Size,
}

impl Source {
    /// Runscope's name for the source.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Status => "response_status",
            Source::Headers => "response_headers",
            Source::Json => "response_json",
            Source::Text => "response_text",
            Source::Xml => "response_xml",
            Source::Time => "response_time",
            Source::Size => "response_size",
        }
    }

    fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "response_status" => Source::Status,
            // Runscope's exports spell it `response_headers`; `response_header` is accepted
            // too, so a hand-written file using the singular keeps its extractions.
            "response_headers" | "response_header" => Source::Headers,
            "response_json" => Source::Json,
            "response_text" => Source::Text,
            "response_xml" => Source::Xml,
            "response_time" => Source::Time,
            "response_size" => Source::Size,
            other => {
                return Err(format!(
                    "unknown source `{other}`; Runscope's sources are response_status, response_headers, \
                     response_json, response_text, response_xml, response_time, response_size"
                ));
            }
        })
    }
}

/// Runscope's comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant is the Runscope comparison of the same name
pub enum Comparison {
    Equal,
    NotEqual,
    Empty,
    NotEmpty,
    Contains,
    DoesNotContain,
    IsANumber,
    EqualNumber,
    IsLessThan,
    IsLessThanOrEqual,
    IsGreaterThan,
    IsGreaterThanOrEqual,
    HasKey,
    HasValue,
    IsNull,
}

/// Every comparison with its Runscope name.
const COMPARISONS: [(Comparison, &str); 15] = [
    (Comparison::Equal, "equal"),
    (Comparison::NotEqual, "not_equal"),
    (Comparison::Empty, "empty"),
    (Comparison::NotEmpty, "not_empty"),
    (Comparison::Contains, "contains"),
    (Comparison::DoesNotContain, "does_not_contain"),
    (Comparison::IsANumber, "is_a_number"),
    (Comparison::EqualNumber, "equal_number"),
    (Comparison::IsLessThan, "is_less_than"),
    (Comparison::IsLessThanOrEqual, "is_less_than_or_equal"),
    (Comparison::IsGreaterThan, "is_greater_than"),
    (Comparison::IsGreaterThanOrEqual, "is_greater_than_or_equal"),
    (Comparison::HasKey, "has_key"),
    (Comparison::HasValue, "has_value"),
    (Comparison::IsNull, "is_null"),
];

impl Comparison {
    /// Runscope's name for the comparison.
    pub fn as_str(self) -> &'static str {
        COMPARISONS
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, name)| name)
    }

    /// The comparison named `name`, or an error listing the valid names.
    pub fn parse(name: &str) -> Result<Self, String> {
        COMPARISONS
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(c, _)| *c)
            .ok_or_else(|| {
                let names: Vec<&str> = COMPARISONS.iter().map(|(_, n)| *n).collect();
                format!(
                    "unknown comparison `{name}`; Runscope's comparisons are {}",
                    names.join(", ")
                )
            })
    }
}

/// One assertion: `source[property] comparison value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    /// Where the actual value comes from.
    pub source: Source,
    /// Header name or JSON path (empty for sources that take none).
    pub property: String,
    /// How to compare.
    pub comparison: Comparison,
    /// Expected value template (numbers in the file become their decimal text).
    pub value: Option<String>,
}

/// One variable extraction: set `name` from `source[property]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// Variable to set.
    pub name: String,
    /// Where the value comes from.
    pub source: Source,
    /// Header name or JSON path.
    pub property: String,
}

/// Why a file could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at line {line}, column {column}; {fix}")]
pub struct ImportError {
    /// What is wrong.
    pub what: String,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// How to fix it.
    pub fix: &'static str,
}

/// Parses a Runscope export (the JSON text of one test).
pub fn parse(text: &str) -> Result<RunscopeTest, ImportError> {
    let raw: RawTest = serde_json::from_str(text).map_err(|e| {
        let fix = if e.is_syntax() || e.is_eof() {
            "the file is not valid JSON: export the test again from Runscope or fix the JSON there"
        } else {
            "the file is JSON but not a Runscope test export (expected {\"name\", \"steps\": [...]})"
        };
        ImportError { what: e.to_string(), line: e.line(), column: e.column(), fix }
    })?;
    Ok(RunscopeTest {
        name: raw.name.unwrap_or_default(),
        description: raw.description.unwrap_or_default(),
        steps: raw.steps.into_iter().map(RawStep::into_step).collect(),
        environments: raw.environments.unwrap_or_default(),
        default_environment_id: raw.default_environment_id,
    })
}

#[derive(Deserialize)]
struct RawTest {
    name: Option<String>,
    description: Option<String>,
    steps: Vec<RawStep>,
    environments: Option<Vec<Value>>,
    default_environment_id: Option<String>,
}

#[derive(Deserialize)]
struct RawStep {
    step_type: String,
    #[serde(default)]
    skipped: Option<bool>,
    note: Option<String>,
    method: Option<String>,
    url: Option<String>,
    #[serde(default)]
    headers: Option<serde_json::Map<String, Value>>,
    body: Option<String>,
    #[serde(default)]
    form: Option<Value>,
    #[serde(default)]
    auth: Option<Value>,
    #[serde(default)]
    assertions: Option<Vec<RawAssertion>>,
    #[serde(default)]
    variables: Option<Vec<RawExtraction>>,
    #[serde(default)]
    scripts: Option<Vec<Option<String>>>,
    #[serde(default)]
    before_scripts: Option<Vec<Option<String>>>,
    duration: Option<f64>,
    left_value: Option<String>,
    comparison: Option<String>,
    right_value: Option<Value>,
    #[serde(default)]
    steps: Option<Vec<RawStep>>,
    #[serde(default)]
    multipart_form: Option<Value>,
    #[serde(default)]
    binary_body: Option<Value>,
    test_uuid: Option<String>,
    bucket_key: Option<String>,
    test_id: Option<String>,
    #[serde(default)]
    use_parent_environment: Option<bool>,
    #[serde(default)]
    params: Option<Value>,
}

#[derive(Deserialize)]
struct RawAssertion {
    source: String,
    property: Option<String>,
    comparison: String,
    value: Option<Value>,
}

#[derive(Deserialize)]
struct RawExtraction {
    source: Option<String>,
    name: Option<String>,
    property: Option<String>,
}

impl RawStep {
    fn into_step(self) -> Step {
        let skipped = self.skipped.unwrap_or(false);
        let step_type = self.step_type.clone();
        let kind = self
            .into_kind()
            .unwrap_or_else(|problem| StepKind::Invalid { step_type, problem });
        Step { skipped, kind }
    }

    fn into_kind(self) -> Result<StepKind, String> {
        match self.step_type.as_str() {
            "request" => self.into_request().map(|r| StepKind::Request(Box::new(r))),
            "pause" => match self.duration {
                Some(seconds) if seconds.is_finite() && seconds >= 0.0 => {
                    Ok(StepKind::Pause { seconds })
                }
                _ => Err("pause step without a non-negative `duration` (seconds)".into()),
            },
            // `conditional` and `conditional-loop` are the step types Runscope's own API client
            // names (github.com/Runscope/mcp-bzm-apitest, src/models/step.py), with the same
            // fields as a condition; older exports spell a condition `condition`.
            "condition" | "conditional" | "conditional-loop" => {
                let comparison = Comparison::parse(self.comparison.as_deref().unwrap_or(""))?;
                Ok(StepKind::Condition(ConditionStep {
                    looping: self.step_type == "conditional-loop",
                    left: self.left_value.unwrap_or_default(),
                    comparison,
                    right: self.right_value.as_ref().and_then(value_text),
                    steps: self
                        .steps
                        .unwrap_or_default()
                        .into_iter()
                        .map(RawStep::into_step)
                        .collect(),
                }))
            }
            "subtest" => self.into_subtest().map(StepKind::Subtest),
            "ghost-inspector" => Ok(StepKind::NotRunnable {
                step_type: self.step_type.clone(),
                needs: format!(
                    "a Ghost Inspector account and its browser test {}",
                    self.test_id.as_deref().unwrap_or("(unnamed)")
                ),
            }),
            // An Incoming Request step, under the name Runscope's API client gives it
            // (github.com/Runscope/mcp-bzm-apitest, src/models/step.py).
            "inbound" => Ok(StepKind::NotRunnable {
                step_type: self.step_type.clone(),
                needs: "the request BlazeMeter's service receives for this Incoming Request step"
                    .into(),
            }),
            other => Err(format!(
                "unknown step type `{other}`; scimcheck runs request, pause, condition, \
                 conditional-loop and subtest steps (ghost-inspector and inbound are reported as \
                 not runnable)"
            )),
        }
    }

    fn into_request(self) -> Result<RequestStep, String> {
        let present = |v: &Option<Value>| match v {
            None | Some(Value::Null) => false,
            Some(Value::Array(items)) => !items.is_empty(),
            Some(Value::Object(map)) => !map.is_empty(),
            Some(Value::String(text)) => !text.is_empty(),
            Some(_) => true,
        };
        if present(&self.multipart_form) || present(&self.binary_body) {
            return Err("multipart_form and binary_body requests are not supported; send the body as text in `body`".into());
        }
        let headers = self
            .headers
            .map(|h| name_value_pairs(&h, "header"))
            .transpose()?
            .unwrap_or_default();
        let form = match self.form {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(fields)) => name_value_pairs(&fields, "form field")?,
            Some(Value::Array(items)) if items.is_empty() => Vec::new(),
            Some(_) => {
                return Err("`form` must be an object of field name → value or [values]".into());
            }
        };
        let assertions = assertions(self.assertions)?;
        let extractions = extractions(self.variables)?;
        Ok(RequestStep {
            note: self.note.unwrap_or_default(),
            method: self.method.unwrap_or_else(|| "GET".into()),
            url: self.url.ok_or("request step without a `url`")?,
            headers,
            body: self.body.unwrap_or_default(),
            form,
            auth: step_auth(self.auth.as_ref())?,
            extractions,
            scripts: non_blank(self.scripts),
            before_scripts: non_blank(self.before_scripts),
            assertions,
        })
    }
}

impl RawStep {
    fn into_subtest(self) -> Result<SubtestStep, String> {
        let test_uuid = self
            .test_uuid
            .filter(|id| !id.trim().is_empty())
            .ok_or("subtest step without a `test_uuid` (the test it runs)")?;
        let params = match self.params {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    let name = item.get("name").and_then(value_text).unwrap_or_default();
                    let value = item.get("value").and_then(value_text).unwrap_or_default();
                    (!name.is_empty())
                        .then_some((name, value))
                        .ok_or_else(|| "a subtest `params` entry without a `name`".to_owned())
                })
                .collect::<Result<_, _>>()?,
            Some(Value::Object(map)) => name_value_pairs(&map, "subtest param")?,
            Some(_) => return Err("subtest `params` must be a list of {name, value}".into()),
        };
        Ok(SubtestStep {
            note: self.note.unwrap_or_default(),
            test_uuid,
            bucket_key: self.bucket_key.unwrap_or_default(),
            use_parent_environment: self.use_parent_environment.unwrap_or(false),
            params,
            extractions: extractions(self.variables)?,
            assertions: assertions(self.assertions)?,
        })
    }
}

/// A step's assertions, parsed.
fn assertions(raw: Option<Vec<RawAssertion>>) -> Result<Vec<Assertion>, String> {
    raw.unwrap_or_default()
        .into_iter()
        .map(|a| {
            Ok(Assertion {
                source: Source::parse(&a.source)?,
                property: a.property.unwrap_or_default(),
                comparison: Comparison::parse(&a.comparison)?,
                value: a.value.as_ref().and_then(value_text),
            })
        })
        .collect()
}

/// A step's variable extractions, parsed. Runscope keeps half-filled extraction rows (no name)
/// in exports; they extract nothing.
fn extractions(raw: Option<Vec<RawExtraction>>) -> Result<Vec<Extraction>, String> {
    raw.unwrap_or_default()
        .into_iter()
        .filter_map(|v| match v.name.filter(|n| !n.is_empty()) {
            None => None,
            Some(name) => Some(
                Source::parse(v.source.as_deref().unwrap_or("")).map(|source| Extraction {
                    name,
                    source,
                    property: v.property.unwrap_or_default(),
                }),
            ),
        })
        .collect()
}

/// Scripts that contain code; exports often hold `""` placeholders.
fn non_blank(scripts: Option<Vec<Option<String>>>) -> Vec<String> {
    scripts
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect()
}

/// `{name: "v"}` or `{name: ["v1", "v2"]}` as ordered pairs.
fn name_value_pairs(
    map: &serde_json::Map<String, Value>,
    what: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for (name, value) in map {
        match value {
            Value::Array(items) => {
                for item in items {
                    let text = value_text(item).ok_or_else(|| {
                        format!("{what} `{name}` has a value that is not a string")
                    })?;
                    pairs.push((name.clone(), text));
                }
            }
            other => {
                let text = value_text(other)
                    .ok_or_else(|| format!("{what} `{name}` has a value that is not a string"))?;
                pairs.push((name.clone(), text));
            }
        }
    }
    Ok(pairs)
}

/// A scalar as text: strings as is, numbers and booleans as written; `null` and structures: none.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The text of `auth`'s member `key` (empty when absent).
fn auth_field(auth: &serde_json::Map<String, Value>, key: &str) -> String {
    auth.get(key).and_then(value_text).unwrap_or_default()
}

/// A step's or an environment's `auth` block: basic or OAuth 1.0a credentials, or a client
/// certificate; `None` without one (or with an empty `auth_type`); an error for an auth type the
/// engine cannot use.
pub fn step_auth(auth: Option<&Value>) -> Result<Option<StepAuth>, String> {
    let Some(Value::Object(auth)) = auth else {
        return Ok(None);
    };
    match auth_field(auth, "auth_type").as_str() {
        "" => Ok(None),
        "basic" => Ok(Some(StepAuth::Basic(BasicAuth {
            username: auth_field(auth, "username"),
            password: auth_field(auth, "password"),
        }))),
        "oauth_1" | "oauth1" => {
            let placement_text = auth_field(auth, "signature_type");
            let placement = Placement::parse(&placement_text).ok_or_else(|| {
                format!(
                    "OAuth 1.0 signature_type `{placement_text}` is not one of auth_header, query, body"
                )
            })?;
            Ok(Some(StepAuth::OAuth1(OAuth1Auth {
                consumer_key: auth_field(auth, "consumer_key"),
                consumer_secret: auth_field(auth, "consumer_secret"),
                access_token: auth_field(auth, "access_token"),
                token_secret: auth_field(auth, "token_secret"),
                placement,
            })))
        }
        "client_certificate" | "client-certificate" => Ok(Some(StepAuth::ClientCertificate)),
        other => Err(format!(
            "auth type `{other}` is not supported (basic, oauth_1 and client_certificate are); put the credentials in an Authorization header instead"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_reports_line_and_column() {
        let err =
            parse("{\n  \"steps\": [\n    {\"step_type\": \"pause\",, }\n  ]\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 27));
        assert!(err.to_string().contains("line 3, column 27"), "{err}");
    }

    #[test]
    fn wrong_shape_reports_line_and_column() {
        let err = parse("{\"name\": \"t\",\n \"steps\": 5}").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.fix.contains("not a Runscope test export"));
    }

    #[test]
    fn header_values_may_be_strings_or_arrays() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"http://x","headers":{"A":"1","B":["2","3"]}}]}"#,
        )
        .unwrap();
        let StepKind::Request(r) = &test.steps[0].kind else {
            panic!("not a request")
        };
        let pairs: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(pairs, [("A", "1"), ("B", "2"), ("B", "3")]);
    }

    #[test]
    fn unknown_step_type_is_invalid_and_named() {
        let test = parse(r#"{"steps":[{"step_type":"teleport"}]}"#).unwrap();
        let StepKind::Invalid { problem, .. } = &test.steps[0].kind else {
            panic!("not invalid")
        };
        assert!(problem.contains("`teleport`"), "{problem}");
    }

    #[test]
    fn unknown_comparison_is_invalid_and_named() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"u","assertions":[{"source":"response_status","comparison":"roughly"}]}]}"#,
        )
        .unwrap();
        let StepKind::Invalid { problem, .. } = &test.steps[0].kind else {
            panic!("not invalid")
        };
        assert!(problem.contains("`roughly`"), "{problem}");
    }

    #[test]
    fn numeric_assertion_values_become_text_and_nameless_extractions_are_dropped() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"u","assertions":[{"source":"response_status","comparison":"equal_number","value":200}],
               "variables":[{"source":"response_json","property":"","name":null}]}]}"#,
        )
        .unwrap();
        let StepKind::Request(r) = &test.steps[0].kind else {
            panic!("not a request")
        };
        assert_eq!(r.assertions[0].value.as_deref(), Some("200"));
        assert!(r.extractions.is_empty());
    }

    #[test]
    fn called_tests_are_the_subtest_ids_nested_steps_included_each_once() {
        let test = parse(
            r#"{"steps":[{"step_type":"subtest","test_uuid":"b"},{"step_type":"pause","duration":1},
              {"step_type":"condition","left_value":"1","comparison":"equal","right_value":"1",
               "steps":[{"step_type":"subtest","test_uuid":"a","skipped":true},
                        {"step_type":"subtest","test_uuid":"b"}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            test.called_tests().into_iter().collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(parse(r#"{"steps":[]}"#).unwrap().called_tests().is_empty());
    }

    #[test]
    fn a_subtest_step_reads_runscopes_fields_and_ghost_inspector_and_inbound_say_what_they_need() {
        let test = parse(
            r#"{"steps":[
              {"step_type":"subtest","test_uuid":"t1","bucket_key":"b1","environment_uuid":"",
               "use_parent_environment":true,"note":"sign in",
               "params":[{"name":"who","value":"{{user}}"}],
               "variables":[{"name":"token","source":"response_json","property":"variables.token"}],
               "assertions":[{"comparison":"equal","property":"result","value":"pass","source":"response_json"}],
               "scripts":[],"before_scripts":[],"trigger_token":null},
              {"step_type":"ghost-inspector","test_id":"g1"},
              {"step_type":"subtest","bucket_key":"b1"},
              {"step_type":"inbound"}]}"#,
        )
        .unwrap();
        let StepKind::Subtest(subtest) = &test.steps[0].kind else {
            panic!("{:?}", test.steps[0].kind)
        };
        assert_eq!(subtest.test_uuid, "t1");
        assert_eq!(subtest.note, "sign in");
        assert!(subtest.use_parent_environment);
        assert_eq!(subtest.params, [("who".to_owned(), "{{user}}".to_owned())]);
        assert_eq!(subtest.extractions[0].property, "variables.token");
        assert_eq!(subtest.assertions[0].property, "result");
        let StepKind::NotRunnable { needs, .. } = &test.steps[1].kind else {
            panic!("{:?}", test.steps[1].kind)
        };
        assert!(
            needs.contains("Ghost Inspector") && needs.contains("g1"),
            "{needs}"
        );
        let StepKind::Invalid { problem, .. } = &test.steps[2].kind else {
            panic!("{:?}", test.steps[2].kind)
        };
        assert!(problem.contains("test_uuid"), "{problem}");
        let StepKind::NotRunnable { needs, step_type } = &test.steps[3].kind else {
            panic!("{:?}", test.steps[3].kind)
        };
        assert_eq!(step_type, "inbound");
        assert!(needs.contains("Incoming Request"), "{needs}");
    }

    #[test]
    fn condition_keeps_nested_steps_and_skipped_flag() {
        let test = parse(
            r#"{"steps":[{"step_type":"condition","left_value":"{{a}}","comparison":"equal","right_value":"1",
               "steps":[{"step_type":"pause","duration":1,"skipped":true}]}]}"#,
        )
        .unwrap();
        let StepKind::Condition(c) = &test.steps[0].kind else {
            panic!("not a condition")
        };
        assert_eq!(c.comparison, Comparison::Equal);
        assert_eq!(c.right.as_deref(), Some("1"));
        assert!(c.steps[0].skipped);
    }

    #[test]
    fn multipart_and_binary_bodies_are_refused_but_empty_ones_accepted() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"u","multipart_form":[],"binary_body":null},
                         {"step_type":"request","url":"u","multipart_form":[{"name":"f"}]}]}"#,
        )
        .unwrap();
        assert!(matches!(test.steps[0].kind, StepKind::Request(_)));
        let StepKind::Invalid { problem, .. } = &test.steps[1].kind else {
            panic!("not invalid")
        };
        assert!(problem.contains("multipart_form"), "{problem}");
    }

    #[test]
    fn unsupported_auth_type_is_named() {
        for (auth, named) in [
            (r#"{"auth_type":"oauth_2"}"#, "oauth_2"),
            (
                r#"{"auth_type":"oauth_1","signature_type":"cookie"}"#,
                "cookie",
            ),
        ] {
            let json =
                format!(r#"{{"steps":[{{"step_type":"request","url":"u","auth":{auth}}}]}}"#);
            let test = parse(&json).unwrap();
            let StepKind::Invalid { problem, .. } = &test.steps[0].kind else {
                panic!("not invalid: {auth}")
            };
            assert!(problem.contains(named), "{problem}");
        }
    }

    #[test]
    fn an_oauth_1_block_is_read_with_its_placement() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"u","auth":{"auth_type":"oauth_1","consumer_key":"k","consumer_secret":"s","access_token":"t","token_secret":"ts","signature_type":"query"}}]}"#,
        )
        .unwrap();
        let StepKind::Request(step) = &test.steps[0].kind else {
            panic!("not a request")
        };
        let Some(StepAuth::OAuth1(oauth)) = &step.auth else {
            panic!("not OAuth 1.0 credentials: {:?}", step.auth)
        };
        assert_eq!(
            (
                oauth.consumer_key.as_str(),
                oauth.token_secret.as_str(),
                oauth.placement
            ),
            ("k", "ts", Placement::Query)
        );
    }

    #[test]
    fn response_header_is_an_alias_of_response_headers() {
        let test = parse(
            r#"{"steps":[{"step_type":"request","url":"u",
               "variables":[{"source":"response_header","property":"Location","name":"loc"}],
               "assertions":[{"source":"response_header","property":"ETag","comparison":"not_empty"}]}]}"#,
        )
        .unwrap();
        let StepKind::Request(r) = &test.steps[0].kind else {
            panic!("not a request: {:?}", test.steps[0].kind)
        };
        assert_eq!(r.extractions[0].source, Source::Headers);
        assert_eq!(r.assertions[0].source, Source::Headers);
    }
}
