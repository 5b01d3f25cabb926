//! Running one request step, in Runscope's order:
//!
//! 1. fill `{{variables}}` and template functions into method, url, headers, body and form
//!    (form fields are sent url-encoded);
//! 2. pre-request scripts (`before_scripts`), which may change `request` and variables — templates
//!    are filled again afterwards so variables they set are used;
//! 3. the request (a variable still undefined, or a template function called wrongly, stops the
//!    step with an error naming it), with the run's cookies for its origin when the environment
//!    keeps them, which then keeps those the response sets;
//! 4. variable extraction;
//! 5. post-response scripts (`scripts`);
//! 6. assertions.
//!
//! A failing script or assertion makes the step fail (the first failure is the reason); the
//! remaining parts still run so the result shows everything.

use super::cookies::{self, CookieJar};
use super::extraction::{self, ResponseView};
use super::format::{Assertion, OAuth1Auth, RequestStep, StepAuth};
use super::oauth1::{self, Signing};
use super::script::{ScriptExecutor, ScriptRequest, ScriptResponse};
use super::secret::{SecretScope, Secrets};
use super::{Variables, assertion, okta, template};
use crate::http::{HttpClient, HttpError, RequestSpec};
use crate::model::{CaseResult, Verdict};
use crate::setting::Setting;
use std::sync::Arc;

/// What a request step needs from the run.
pub struct StepContext<'a> {
    /// The client to send with.
    pub client: &'a HttpClient,
    /// The run's variables (read and written); secret ones hold their placeholders.
    pub variables: &'a mut Variables,
    /// The credentials, revealed only into the request as it is sent; template functions of
    /// them add their results.
    pub secrets: &'a mut Secrets,
    /// Runs the step's scripts.
    pub scripts: &'a mut ScriptExecutor,
    /// The environment's headers, sent unless the step sets a header of that name.
    pub headers: &'a [(String, String)],
    /// The environment's auth, for a step without an `auth` block.
    pub auth: Option<&'a StepAuth>,
    /// The run's cookies, when the environment keeps them (`preserve_cookies`).
    pub cookies: Option<&'a mut CookieJar>,
}

/// Template-filled request parts, with the names that could not be filled.
struct Filled {
    request: ScriptRequest,
    undefined: Vec<String>,
    /// Template functions called wrongly.
    errors: Vec<String>,
    /// The parts together would pass [`template::MAX_RENDERED_BYTES`]; the rest were left empty.
    too_long: bool,
}

/// Fills `source`'s templates; a non-empty `form` (with an empty body) becomes the url-encoded body.
/// The whole request may hold [`template::MAX_RENDERED_BYTES`]: past that, nothing more is filled.
fn fill(
    form: &[(String, String)],
    source: &ScriptRequest,
    variables: &Variables,
    secrets: &mut Secrets,
) -> Filled {
    let mut undefined: Vec<String> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut total = 0usize;
    let mut too_long = false;
    let mut scope = SecretScope { variables, secrets };
    let mut take = |text: &str| {
        if too_long {
            return String::new();
        }
        let rendered = template::render_in(text, &mut scope);
        total += rendered.text.len();
        too_long = rendered.too_long || total > template::MAX_RENDERED_BYTES;
        for name in rendered.undefined {
            if !undefined.contains(&name) {
                undefined.push(name);
            }
        }
        errors.extend(rendered.errors);
        rendered.text
    };
    let method = take(&source.method).to_ascii_uppercase();
    let url = take(&source.url);
    let mut headers: Vec<(String, String)> = source
        .headers
        .iter()
        .map(|(n, v)| (take(n), take(v)))
        .collect();
    let mut body = take(&source.body);
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
        method,
        url,
        headers,
        body,
    };
    Filled {
        request,
        undefined,
        errors,
        too_long,
    }
}

/// Whether a step that authenticates with a client certificate can: the run presents one, and
/// the step calls the target's origin, the only one it is presented to.
fn client_certificate_for(client: &HttpClient, url: &str) -> Result<(), String> {
    if !client.presents_client_certificate() {
        return Err(format!(
            "this step authenticates with a client certificate, which Runscope keeps with the account; give the run {} (the certificate and its private key in one PEM file)",
            Setting::ClientCertificate.phrase()
        ));
    }
    let home = url::Url::parse(url).is_ok_and(|url| client.egress().is_home(&url));
    if !home {
        return Err(format!(
            "this step authenticates with a client certificate, which is presented only to the target's origin ({}), not to {url}",
            client.egress().home()
        ));
    }
    Ok(())
}

/// Signs `spec` with the step's OAuth 1.0a credentials (templates filled, secrets revealed), a
/// fresh nonce and the current time.
fn sign_oauth1(
    auth: &OAuth1Auth,
    spec: &mut RequestSpec,
    variables: &mut Variables,
    secrets: &mut Secrets,
) -> Result<(), String> {
    let mut scope = SecretScope { variables, secrets };
    let mut filled = |template: &str| template::render_in(template, &mut scope).text;
    let [consumer_key, consumer_secret, token, token_secret] = [
        &auth.consumer_key,
        &auth.consumer_secret,
        &auth.access_token,
        &auth.token_secret,
    ]
    .map(|t| filled(t));
    let reveal = |text: &str| secrets.reveal(text);
    let (consumer_key, consumer_secret) = (reveal(&consumer_key), reveal(&consumer_secret));
    let (token, token_secret) = (reveal(&token), reveal(&token_secret));
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let timestamp = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or_default();
    oauth1::sign(
        spec,
        &Signing {
            consumer_key: &consumer_key,
            consumer_secret: &consumer_secret,
            token: &token,
            token_secret: &token_secret,
            placement: auth.placement,
            nonce: &nonce,
            timestamp,
        },
    )
}

/// Runs `step`, recording everything into `case`.
pub async fn run_request(step: &RequestStep, mut ctx: StepContext<'_>, case: &mut CaseResult) {
    let mut headers = step.headers.clone();
    headers.extend(
        ctx.headers
            .iter()
            .filter(|(name, _)| {
                !step
                    .headers
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .cloned(),
    );
    let template_request = ScriptRequest {
        method: step.method.clone(),
        url: step.url.clone(),
        headers,
        body: step.body.clone(),
    };
    let mut filled = fill(&step.form, &template_request, ctx.variables, ctx.secrets);
    if !step.before_scripts.is_empty() {
        for source in &step.before_scripts {
            let outcome = ctx
                .scripts
                .run(source, ctx.variables, Some(&mut filled.request), None)
                .await;
            case.logs.extend(outcome.logs);
            if let Some(error) = outcome.error {
                case.conclude(Verdict::Fail, format!("pre-request script failed: {error}"));
                return;
            }
        }
        // The form was encoded in the first pass; refill only the remaining templates.
        filled = fill(&[], &filled.request, ctx.variables, ctx.secrets);
    }
    if filled.too_long {
        case.conclude(
            Verdict::Error,
            format!(
                "the request body would exceed {} MiB after expanding variables; shorten the \
                 template or the variables it repeats",
                template::MAX_RENDERED_BYTES / (1024 * 1024)
            ),
        );
        return;
    }
    if !filled.errors.is_empty() {
        case.conclude(
            Verdict::Error,
            format!(
                "template function called wrongly in the request: {}",
                filled.errors.join("; ")
            ),
        );
        return;
    }
    if !filled.undefined.is_empty() {
        let reason = okta::missing_org_reason(&filled.undefined).unwrap_or_else(|| {
            format!(
                "undefined variable(s) in the request: {}; set them in the run's variables, an environment file or an initial script",
                filled.undefined.join(", ")
            )
        });
        case.conclude(Verdict::Error, reason);
        return;
    }
    // A step's own auth block replaces the environment's.
    let (basic, oauth1) = match step.auth.as_ref().or(ctx.auth) {
        Some(StepAuth::Basic(auth)) => (Some(auth), None),
        Some(StepAuth::OAuth1(auth)) => (None, Some(auth)),
        Some(StepAuth::ClientCertificate) => {
            if let Err(problem) = client_certificate_for(ctx.client, &filled.request.url) {
                case.conclude(Verdict::Error, problem);
                return;
            }
            (None, None)
        }
        None => (None, None),
    };
    let basic_auth = basic.map(|auth| {
        let mut scope = SecretScope {
            variables: ctx.variables,
            secrets: ctx.secrets,
        };
        let username = template::render_in(&auth.username, &mut scope).text;
        let password = template::render_in(&auth.password, &mut scope).text;
        (ctx.secrets.reveal(&username), ctx.secrets.reveal(&password))
    });
    let reveal = |text: &str| ctx.secrets.reveal(text);
    // Scripts see the request with placeholders; only what goes on the wire has the secrets.
    let mut sent = filled.request;
    let mut spec = RequestSpec {
        method: sent.method.clone(),
        url: reveal(&sent.url),
        headers: sent
            .headers
            .iter()
            .map(|(name, value)| (name.clone(), reveal(value)))
            .collect(),
        body: reveal(&sent.body),
        basic_auth,
    };
    if let Some(auth) = oauth1
        && let Err(problem) = sign_oauth1(auth, &mut spec, ctx.variables, ctx.secrets)
    {
        case.conclude(Verdict::Error, problem);
        return;
    }
    if let Some(jar) = ctx.cookies.as_deref() {
        cookies::attach(jar, &spec.url, &mut spec.headers);
    }
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
    if let (Some(jar), Some(response)) = (ctx.cookies.as_deref_mut(), received.response()) {
        jar.remember(&spec.url, &response.headers);
    }
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
    // A secret the server echoes back is concealed again before anything of the step reads it.
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .map(|(name, value)| (name.clone(), ctx.secrets.conceal(value)))
        .collect();
    let body = ctx.secrets.conceal(&received.body);
    let view = ResponseView::new(
        response.status,
        &headers,
        &body,
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
            headers: headers.clone(),
            body: body.clone(),
            response_time_ms: response.time_ms,
            size_bytes: response.size_bytes,
        });
        for source in &step.scripts {
            let outcome = ctx
                .scripts
                .run(
                    source,
                    ctx.variables,
                    Some(&mut sent),
                    Some(&script_response),
                )
                .await;
            case.logs.extend(outcome.logs);
            if let Some(error) = outcome.error {
                case.conclude(Verdict::Fail, format!("script failed: {error}"));
            }
        }
    }
    judge_assertions(&step.assertions, &view, ctx.variables, ctx.secrets, case);
}

/// Judges `assertions` on `view` in order, recording each in `case`, which fails at the first
/// that does not hold; expected values are filled from `variables`.
pub(super) fn judge_assertions(
    assertions: &[Assertion],
    view: &ResponseView<'_>,
    variables: &Variables,
    secrets: &mut Secrets,
    case: &mut CaseResult,
) {
    for check in assertions {
        let mut scope = SecretScope { variables, secrets };
        let result = assertion::evaluate(check, view, &mut scope);
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
