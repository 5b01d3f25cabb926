//! Running one request step, in Runscope's order:
//!
//! 1. fill `{{variables}}` into url, headers, body and form (form fields are sent url-encoded);
//! 2. pre-request scripts (`before_scripts`), which may change `request` and variables — templates
//!    are filled again afterwards so variables they set are used;
//! 3. the request (a variable still undefined stops the step with an error naming it);
//! 4. variable extraction;
//! 5. post-response scripts (`scripts`);
//! 6. assertions.
//!
//! A failing script or assertion makes the step fail (the first failure is the reason); the
//! remaining parts still run so the result shows everything.

use super::extraction::{self, ResponseView};
use super::format::RequestStep;
use super::script::{self, ScriptLimits, ScriptOutcome, ScriptRequest, ScriptResponse};
use super::{Variables, assertion, okta, template};
use crate::http::{HttpClient, HttpError, RequestSpec};
use crate::model::{CaseResult, Verdict};
use std::sync::Arc;

/// What a request step needs from the run.
pub struct StepContext<'a> {
    /// The client to send with.
    pub client: &'a HttpClient,
    /// The run's variables (read and written).
    pub variables: &'a mut Variables,
    /// Limits for each script.
    pub script_limits: &'a ScriptLimits,
}

/// Template-filled request parts, with the names that could not be filled.
struct Filled {
    request: ScriptRequest,
    undefined: Vec<String>,
}

/// Fills `source`'s templates; a non-empty `form` (with an empty body) becomes the url-encoded body.
fn fill(form: &[(String, String)], source: &ScriptRequest, variables: &Variables) -> Filled {
    let mut undefined: Vec<String> = Vec::new();
    let mut take = |text: &str| {
        let rendered = template::render(text, variables);
        for name in rendered.undefined {
            if !undefined.contains(&name) {
                undefined.push(name);
            }
        }
        rendered.text
    };
    let url = take(&source.url);
    let headers: Vec<(String, String)> = source
        .headers
        .iter()
        .map(|(n, v)| (take(n), take(v)))
        .collect();
    let mut body = take(&source.body);
    let mut headers = headers;
    if !form.is_empty() && source.body.is_empty() {
        let pairs: Vec<(String, String)> = form.iter().map(|(n, v)| (take(n), take(v))).collect();
        body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            headers.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
        }
    }
    let request = ScriptRequest {
        method: source.method.clone(),
        url,
        headers,
        body,
    };
    Filled { request, undefined }
}

/// Runs one script (`script::run_script`, same arguments) on tokio's blocking pool.
///
/// A script may burn its whole CPU budget (2 s by default) in a loop; run inline, it would hold
/// the async worker that long and stall every other task on it — on a current-thread runtime,
/// the whole program, including an embedded server the test is talking to. The script works on
/// copies that are written back when it ends: variables always (a failing script's changes are
/// kept, as Runscope keeps them), the request as `script::run_script` leaves it.
pub(super) async fn run_script(
    source: &str,
    variables: &mut Variables,
    request: Option<&mut ScriptRequest>,
    response: Option<&Arc<ScriptResponse>>,
    limits: &ScriptLimits,
) -> ScriptOutcome {
    let source = source.to_owned();
    let mut own_variables = variables.clone();
    let mut own_request = request.as_deref().cloned();
    let response = response.cloned();
    let limits = limits.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let outcome = script::run_script(
            &source,
            &mut own_variables,
            own_request.as_mut(),
            response.as_deref(),
            &limits,
        );
        (outcome, own_variables, own_request)
    })
    .await;
    match joined {
        Ok((outcome, new_variables, new_request)) => {
            *variables = new_variables;
            if let (Some(request), Some(new_request)) = (request, new_request) {
                *request = new_request;
            }
            outcome
        }
        // `run_script` never panics; this is the runtime shutting down under the script.
        Err(e) => ScriptOutcome {
            logs: Vec::new(),
            error: Some(format!("the script did not finish: {e}")),
        },
    }
}

/// Runs `step`, recording everything into `case`.
pub async fn run_request(step: &RequestStep, ctx: StepContext<'_>, case: &mut CaseResult) {
    let template_request = ScriptRequest {
        method: step.method.to_ascii_uppercase(),
        url: step.url.clone(),
        headers: step.headers.clone(),
        body: step.body.clone(),
    };
    let mut filled = fill(&step.form, &template_request, ctx.variables);
    if !step.before_scripts.is_empty() {
        for source in &step.before_scripts {
            let outcome = run_script(
                source,
                ctx.variables,
                Some(&mut filled.request),
                None,
                ctx.script_limits,
            )
            .await;
            case.logs.extend(outcome.logs);
            if let Some(error) = outcome.error {
                case.conclude(Verdict::Fail, format!("pre-request script failed: {error}"));
                return;
            }
        }
        // The form was encoded in the first pass; refill only the remaining templates.
        filled = fill(&[], &filled.request, ctx.variables);
    }
    if !filled.undefined.is_empty() {
        let reason = okta::missing_org_reason(&filled.undefined).unwrap_or_else(|| {
            format!(
                "undefined variable(s) in the request: {}; set them with --var NAME=VALUE, --env or an initial script",
                filled.undefined.join(", ")
            )
        });
        case.conclude(Verdict::Error, reason);
        return;
    }
    let basic_auth = step.basic_auth.as_ref().map(|auth| {
        (
            template::render(&auth.username, ctx.variables).text,
            template::render(&auth.password, ctx.variables).text,
        )
    });
    let mut sent = filled.request;
    let spec = RequestSpec {
        method: sent.method.clone(),
        url: sent.url.clone(),
        headers: sent.headers.clone(),
        body: sent.body.clone(),
        basic_auth,
    };
    let received = match ctx.client.send(&spec).await {
        Ok(received) => received,
        // Refused by the egress rule: the step would have leaked the target's credentials.
        Err(e @ HttpError::OtherHost { .. }) => {
            case.conclude(Verdict::Fail, e.to_string());
            return;
        }
        Err(e) => {
            case.conclude(Verdict::Error, e.to_string());
            return;
        }
    };
    case.logs.extend(received.notes.iter().cloned());
    case.exchanges.push(received.exchange.clone());
    let Some(response) = received.response() else {
        let error = received.exchange.error.as_deref().unwrap_or("no response");
        case.conclude(
            Verdict::Error,
            format!("no response from the server: {error}"),
        );
        return;
    };
    if let Some(error) = &received.exchange.error {
        case.logs
            .push(format!("the response was cut short: {error}"));
    }
    let view = ResponseView::new(
        response.status,
        &response.headers,
        &received.body,
        response.time_ms,
        response.size_bytes,
    );
    for extraction in &step.extractions {
        case.logs
            .push(extraction::apply(extraction, &view, ctx.variables));
    }
    if !step.scripts.is_empty() {
        let script_response = Arc::new(ScriptResponse {
            status: response.status,
            reason: response.reason.clone(),
            headers: response.headers.clone(),
            body: received.body.clone(),
            response_time_ms: response.time_ms,
            size_bytes: response.size_bytes,
        });
        for source in &step.scripts {
            let outcome = run_script(
                source,
                ctx.variables,
                Some(&mut sent),
                Some(&script_response),
                ctx.script_limits,
            )
            .await;
            case.logs.extend(outcome.logs);
            if let Some(error) = outcome.error {
                case.conclude(Verdict::Fail, format!("script failed: {error}"));
            }
        }
    }
    for check in &step.assertions {
        let result = assertion::evaluate(check, &view, ctx.variables);
        if !result.passed {
            let note = result
                .note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            case.conclude(
                Verdict::Fail,
                format!(
                    "assertion failed: {}: expected {:?}, actual {:?}{note}",
                    result.description, result.expected, result.actual
                ),
            );
        }
        case.assertions.push(result);
    }
}
