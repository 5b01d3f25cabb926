//! The handle a check body works through: it sends requests (recording every exchange in the
//! case), judges answers (recording every assertion), creates test resources (registering them
//! for cleanup) and refuses to change anything the run did not create.

use crate::check::{Check, Need, Severity};
use crate::context::Context;
use crate::foreign;
use crate::reply::Reply;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use scim::schema::urn;
use scimcheck_engine::cap::truncate;
use scimcheck_engine::http::{HttpError, RequestSpec};
use scimcheck_engine::model::{AssertionResult, CaseResult, Exchange, RecordedRequest, Verdict};
use scimcheck_engine::rule::Rule;
use serde_json::Value;
use std::sync::Arc;

/// The SCIM media type (RFC 7644 §8.1).
pub const SCIM_JSON: &str = "application/scim+json";

/// Characters left as they are in query values: the unreserved set of RFC 3986.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The check that judges whether POST /Groups keeps the members it is sent; the checks that
/// build on a group with members end blocked naming it when they do not come back.
pub const MEMBERS_JUDGE: &str = "groups.create.members-without-ref";

/// How the reason of a failure starts when the check's advertised capability was exercised.
const ADVERTISED_BUT_BROKEN: &str = "advertised but broken: ";

/// The case has ended (its verdict and reason are set); the body stops here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// A request a check is about to send. Authenticated, with SCIM `Accept` and (when there is a
/// body) `Content-Type` headers unless told otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Req {
    /// HTTP method.
    pub method: &'static str,
    /// Path relative to the base URL, with its query (`/Users?count=1`).
    pub path: String,
    /// Body text (empty: none).
    pub body: String,
    /// Whether to send the run's credentials.
    pub auth: bool,
    /// Headers replacing the default `Accept` / `Content-Type` and adding others.
    pub headers: Vec<(String, String)>,
    /// Whether the recorded exchange keeps the response body (the check sees it either way).
    pub keep_body: bool,
}

impl Req {
    /// A request with the defaults.
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Req {
            method,
            path: path.into(),
            body: String::new(),
            auth: true,
            headers: Vec::new(),
            keep_body: true,
        }
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: &Value) -> Self {
        self.body = body.to_string();
        self
    }

    /// Sets a raw body.
    pub fn text(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends no credentials.
    pub fn without_auth(mut self) -> Self {
        self.auth = false;
        self
    }

    /// Adds or overrides a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Records the answer's status and headers but not its body: for a request whose answer may
    /// come from anything (another site on port 80), whose content the run has no use for.
    pub fn status_only(mut self) -> Self {
        self.keep_body = false;
        self
    }
}

/// How the reason of a MAY check the server does not do begins: the case ends `skip`, a note
/// rather than a failure, since the RFC leaves the behaviour to the server.
pub const NOT_OFFERED: &str = "note: optional (MAY), not done by this server: ";

/// What a server's id may hold that a URL path segment cannot as it is: controls, a space, and
/// what ends, splits or escapes a segment (`?`, `#`, `%`, `/`…); non-ASCII is encoded anyway.
const SEGMENT: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The path of the resource `id` under `endpoint`: the id as one path segment, percent-encoded
/// where a URL path would read it otherwise, as an IdP puts a server's id into its URLs (a
/// group id `Sales Team` is `/Groups/Sales%20Team`). Ids of letters, digits and `-._~@:` (UUIDs,
/// e-mail addresses) are unchanged.
pub fn resource_path(endpoint: &str, id: &str) -> String {
    format!("{endpoint}/{}", utf8_percent_encode(id, SEGMENT))
}

/// A resource the check created (and the run will delete).
#[derive(Debug, Clone, PartialEq)]
pub struct Created {
    /// Its id.
    pub id: String,
    /// Its path relative to the base URL (`/Users/<id>`).
    pub path: String,
    /// What the server answered to the POST.
    pub reply: Reply,
    /// What was sent.
    pub sent: Value,
}

impl Created {
    /// `userName eq "…"` selecting this user: how IdPs look a user up, and the filter
    /// `prerequisite.users.filter` establishes, so the checks that list their own user find it
    /// this way (a server need not let clients filter on `id`).
    pub fn user_name_filter(&self) -> String {
        let user_name = self.sent["userName"].as_str().unwrap_or_default();
        format!("userName eq \"{user_name}\"")
    }
}

/// One running check: the shared context plus the case being recorded.
#[derive(Debug)]
pub struct Probe {
    ctx: Arc<Context>,
    case: CaseResult,
    severity: Severity,
    /// The ServiceProviderConfig capabilities the check needs and the server advertises: a
    /// failing request that uses one of them is a broken promise. One the server does not
    /// advertise promises nothing (the runner reports such a check skipped, saying what failed).
    capabilities: Vec<Need>,
}

impl Probe {
    /// A probe for `check` in the run `ctx`.
    pub fn new(ctx: Arc<Context>, check: &Check) -> Self {
        let mut case = CaseResult::new(check.id, check.title);
        case.category = Some(check.category().to_owned());
        case.rfc_section = Some(check.rfc.to_owned()).filter(|s| !s.is_empty());
        case.severity = Some(check.severity.label().to_ascii_lowercase());
        case.requirements = crate::requirements::recorded_for(check);
        case.hint = Some(check.hint.to_owned()).filter(|s| !s.is_empty());
        case.tags = check.tags.iter().map(|t| (*t).to_owned()).collect();
        let capabilities = check
            .needs
            .iter()
            .copied()
            .filter(|n| n.is_capability() && ctx.discovered.offers(*n).is_ok())
            .collect();
        Probe {
            ctx,
            case,
            severity: check.severity,
            capabilities,
        }
    }

    /// The run's shared context.
    pub fn ctx(&self) -> &Context {
        &self.ctx
    }

    /// The case recorded so far.
    pub fn case(&self) -> &CaseResult {
        &self.case
    }

    /// The finished case.
    pub fn into_case(self) -> CaseResult {
        self.case
    }

    /// Ends the body successfully (the verdict stays whatever the assertions made it).
    pub fn pass(&mut self) -> Result<(), Stop> {
        Ok(())
    }

    /// Adds a remark to the case's log.
    pub fn note(&mut self, text: impl Into<String>) {
        self.case.logs.push(text.into());
    }

    /// Ends the case as skipped with `reason`.
    pub fn skip(&mut self, reason: impl Into<String>) -> Stop {
        self.case.conclude(Verdict::Skip, reason);
        Stop
    }

    /// Ends the case as failed with `reason`: a failure for MUST and INTEROP checks, a warning
    /// for SHOULD ones. A MAY check that does not hold is the server choosing not to do
    /// something optional: a note (a skip whose reason starts with [`NOT_OFFERED`]), not a
    /// failure or a warning — unless it depends on an advertised capability and has sent a
    /// request that uses it, which makes it a broken promise: the reason then says it was
    /// advertised but is broken. A failure before any such request (a setup POST) says nothing
    /// about the capability.
    pub fn fail(&mut self, reason: impl Into<String>) -> Stop {
        let reason = reason.into();
        let exercised = self
            .capabilities
            .iter()
            .any(|need| self.case.exchanges.iter().any(|e| uses(*need, &e.request)));
        let (verdict, reason) = match self.severity {
            _ if exercised => (
                self.failure_verdict(),
                format!("{ADVERTISED_BUT_BROKEN}{reason}"),
            ),
            Severity::May => (Verdict::Skip, format!("{NOT_OFFERED}{reason}")),
            _ => (self.failure_verdict(), reason),
        };
        self.case.conclude(verdict, reason);
        Stop
    }

    /// A failure for MUST and INTEROP checks, a warning otherwise.
    fn failure_verdict(&self) -> Verdict {
        if self.severity.is_required() {
            Verdict::Fail
        } else {
            Verdict::Warn
        }
    }

    /// Ends the case as blocked by the case `by`, which judges what this check needed and did
    /// not get (a header to compare, a conflict to provoke): the defect is reported once, by
    /// the check about it, and this one says why it could not judge its own rule.
    pub fn blocked(&mut self, by: &str, reason: impl Into<String>) -> Stop {
        let reason = format!("blocked: {}; {by} reports it", reason.into());
        self.case.block(by, reason);
        Stop
    }

    /// Passes `outcome` of the shared setup step `step` through; when it ended the case as a
    /// failure and another case failed the same step first with the same reason, this case
    /// ends `blocked` naming that one instead (see [`crate::setup`]). The reason is part of what
    /// is "the same": two bodies refused for different attributes are two problems.
    pub fn setup<T>(&mut self, step: &str, outcome: Result<T, Stop>) -> Result<T, Stop> {
        if outcome.is_ok() || !matches!(self.case.verdict, Verdict::Fail | Verdict::Warn) {
            return outcome;
        }
        let reason = self.case.reason.as_deref().unwrap_or_default();
        let reason = reason.strip_prefix(ADVERTISED_BUT_BROKEN).unwrap_or(reason);
        let failure = format!("{step}: {}", self.ctx.data.without_run_values(reason));
        self.block_behind_first(&[failure], |first, why| {
            format!("blocked: {first} failed the same setup step first ({step}: {why})")
        });
        outcome
    }

    /// Groups a failure of the shared rule `rule` (see [`Check::shared_rule`]): when another
    /// check failed `rule` first with the same observation — a failing record's subject and
    /// what was seen (an HTTP status without its body; `null`, absent and missing alike; a URL
    /// not ending as due, whichever resource it named) — this case ends `blocked` naming it, so
    /// a server labelling every response `application/json` is one root cause, not one failure
    /// per endpoint. A different observation (a 500 where another check saw a 201) is another
    /// problem and fails on its own. A check that judges several members and records each
    /// (every member of `meta`) is grouped by any of its failing records.
    pub(crate) fn share_rule(&mut self, rule: &str) {
        if !matches!(self.case.verdict, Verdict::Fail | Verdict::Warn) {
            return;
        }
        let keys: Vec<String> = self
            .case
            .assertions
            .iter()
            .filter(|a| !a.passed)
            .map(|failed| {
                let seen = match failed.actual.as_str() {
                    "null" | "absent" | "(missing)" | "" => "absent".to_owned(),
                    // Which status was wanted matters (a 404 where a 405 is due is not the 404
                    // where a 400 is); the body, with its ids, does not.
                    actual if failed.description == "status" => format!(
                        "{} where {} is due",
                        actual.split_whitespace().next().unwrap_or(actual),
                        failed.expected
                    ),
                    // The URL of a user and the URL of a group built the same wrong way (by
                    // name instead of id) differ in every character that names the resource.
                    _ if failed.rule == Some(Rule::EndsWith) => "another ending".to_owned(),
                    actual => self.ctx.data.without_run_values(actual),
                };
                format!("rule {rule}: {}: {seen}", failed.description)
            })
            .collect();
        if keys.is_empty() {
            return;
        }
        self.block_behind_first(&keys, |first, why| {
            format!("blocked: {first} fails the same rule first ({rule}: {why})")
        });
    }

    /// Ends this failed case `blocked` behind the first case of the run that failed one of the
    /// same ways (`keys`), unless it is that case; `message` words the reason from that case's
    /// id and this case's own failure.
    fn block_behind_first(&mut self, keys: &[String], message: impl FnOnce(&str, &str) -> String) {
        let first = self.ctx.setups.failed(keys, &self.case.id);
        if first != self.case.id {
            let why = self.case.reason.take().unwrap_or_default();
            self.case.verdict = Verdict::Pass;
            let reason = message(&first, &why);
            self.case.block(&first, reason);
        }
    }

    /// Ends the case as errored: it could not be judged.
    pub fn error(&mut self, reason: impl Into<String>) -> Stop {
        self.case.conclude(Verdict::Error, reason);
        Stop
    }

    /// Records an assertion judged by `rule`; when it does not hold, ends the case as failed.
    /// Only the helpers in [`crate::expect`] call it, each computing `holds` and `actual` from
    /// one observed value, so a record cannot say one thing and conclude another.
    pub(crate) fn record(
        &mut self,
        rule: Rule,
        holds: bool,
        what: &str,
        expected: String,
        actual: String,
    ) -> Result<(), Stop> {
        let reason = (!holds).then(|| rule.failure(what, &expected, &actual));
        self.case.assertions.push(AssertionResult {
            description: what.to_owned(),
            expected,
            actual,
            passed: holds,
            note: None,
            rule: Some(rule),
        });
        match reason {
            None => Ok(()),
            Some(reason) => Err(self.fail(reason)),
        }
    }

    /// The endpoint of resource type `name` (e.g. `/Users`), or a skip when the server has none.
    pub fn endpoint(&mut self, name: &str) -> Result<String, Stop> {
        match self.ctx.discovered.endpoint(name) {
            Some(endpoint) => Ok(endpoint),
            None => Err(self.skip(format!("the server has no {name} resource type"))),
        }
    }

    /// Sends `req`, records the exchange, and returns the reply. Refuses (as an error) a PUT,
    /// PATCH or DELETE of anything this run did not create.
    pub async fn send(&mut self, req: Req) -> Result<Reply, Stop> {
        let (method, path) = (req.method, req.path.clone());
        match self.attempt(req).await? {
            Ok(reply) => Ok(reply),
            Err(why) => Err(self.error(format!("{method} {path}: {why}"))),
        }
    }

    /// [`Probe::send`], except that a request that got no answer (refused, reset, timed out,
    /// not answered in HTTP) is `Ok(Err(why))` rather than the end of the case, for the checks
    /// to which no answer is the right one. The exchange is recorded either way.
    pub async fn attempt(&mut self, req: Req) -> Result<Result<Reply, String>, Stop> {
        let bare_path = req.path.split('?').next().unwrap_or("").to_owned();
        if matches!(req.method, "PUT" | "PATCH" | "DELETE")
            && !self.ctx.cleanup.may_write(&bare_path)
        {
            return Err(self.error(format!(
                "refused to send {} {bare_path}: this run did not create that resource",
                req.method
            )));
        }
        let spec = self.spec(&req);
        let received = match self.ctx.client.send(&spec).await {
            Ok(received) => received,
            // The egress rule refused to carry the credentials to a host the server named.
            Err(e @ HttpError::OtherHost { .. }) => return Err(self.fail(e.to_string())),
            Err(e) => return Err(self.error(e.to_string())),
        };
        self.case.logs.extend(received.notes.iter().cloned());
        let transport_error = received.exchange.error.clone();
        let reply = received
            .exchange
            .response
            .as_ref()
            .map(|r| Reply::new(r.status, r.headers.clone(), received.body.clone()));
        // Only User and Group lists hold people; /Schemas and /ResourceTypes list the server's
        // own definitions, recorded whole. A list from any other path (a server serving unknown
        // paths as its Groups) may hold people too, and so may a read of one resource the run
        // did not create (/Me, an id another type's resource also has).
        let discovery = ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"]
            .iter()
            .any(|d| bare_path.starts_with(d));
        let may_hold_people = self.is_endpoint(&bare_path)
            || bare_path.ends_with("/.search")
            || (!discovery
                && (req.method == "GET"
                    || reply
                        .as_ref()
                        .is_some_and(|r| r.get("Resources").is_array())));
        let mut exchange = received.exchange;
        if !req.keep_body {
            if let Some(response) = exchange.response.as_mut() {
                response.body.clear();
                response.body_truncated = false;
            }
            self.case.exchanges.push(exchange);
        } else if may_hold_people {
            let read = req.method == "GET";
            let json = reply.as_ref().and_then(|r| r.json.as_ref());
            self.keep_exchange(exchange, json, received.body.len(), read);
        } else {
            self.case.exchanges.push(exchange);
        }
        let Some(reply) = reply else {
            return Ok(Err(transport_error.unwrap_or_else(|| "no response".into())));
        };
        if req.method == "POST"
            && reply.status == 201
            && self.is_endpoint(&bare_path)
            && let Some(id) = reply.id()
        {
            let id = id.to_owned();
            self.register_created(&bare_path, &id)?;
        } else if self.says_created(req.method, &reply) {
            self.register_unasked(req.method, &bare_path, &reply);
        }
        Ok(Ok(reply))
    }

    /// Whether the answer to a write says it created a resource: a 201 (RFC 9110 §15.3.2), or a
    /// 200 to a POST whose resource bears a name this run generated (a server answering its
    /// creates 200). A 200 to a POST that names anything else is not taken as a creation: a
    /// server treating a POST as a read (of `/Me`, of a resource) would answer data the run did
    /// not create, and cleanup must never delete that.
    fn says_created(&self, method: &str, reply: &Reply) -> bool {
        let named_by_run = || {
            ["userName", "displayName"].iter().any(|name| {
                reply
                    .get(name)
                    .as_str()
                    .is_some_and(|value| value.starts_with(self.ctx.data.prefix()))
            })
        };
        match (method, reply.status) {
            ("POST" | "PUT" | "PATCH", 201) => true,
            ("POST", 200) => named_by_run(),
            _ => false,
        }
    }

    /// Registers for cleanup the resource a write created that was not a create answered as one
    /// (a POST /Bulk the server does not offer answered 201 with a new group, a POST
    /// /ServiceProviderConfig, a PUT to a made-up id, a create answered 200 or without an id),
    /// so that the run leaves nothing behind.
    /// Its path is what the answer says, and must be a User or Group under the base URL (see
    /// [`Probe::unasked_path`]); otherwise it is only noted in the case.
    fn register_unasked(&mut self, method: &str, bare_path: &str, reply: &Reply) {
        let status = reply.status;
        match self.unasked_path(reply) {
            Ok(path) => {
                let unadvertised_bulk =
                    bare_path.ends_with("/Bulk") && !self.ctx.discovered.spc.bulk.supported;
                let why = if unadvertised_bulk {
                    " although ServiceProviderConfig does not advertise bulk"
                } else {
                    ""
                };
                let what = format!(
                    "{}: {method} {bare_path} answered {status}{why}, creating {path}",
                    self.case.id
                );
                self.note(format!("{what}; registered for cleanup"));
                // A create answered otherwise than [`Probe::create`] expects (a 200, a 201
                // without an id) was asked for: the check judges it, no run note needed.
                if method == "POST" && self.is_endpoint(bare_path) {
                    self.ctx.cleanup.created(&path);
                } else {
                    self.ctx.cleanup.unasked(&path, what);
                }
            }
            Err(why) => self.note(format!(
                "{method} {bare_path} answered {status} as a creation, but {why}: not registered for cleanup"
            )),
        }
    }

    /// Where the resource an unasked creation made lives, relative to the base URL: its
    /// `Location` header or `meta.location` when it gives one (RFC 7644 §3.3), else its `id`
    /// under the endpoint of the resource type its `meta.resourceType` or `schemas` name. Only a
    /// User or Group one path segment below the base URL's own origin and path is accepted (a
    /// location elsewhere is never followed: issue #11's egress rule), and never an id the run
    /// met in a list as someone else's.
    fn unasked_path(&self, reply: &Reply) -> Result<String, String> {
        let egress = self.ctx.client.egress();
        let location = reply
            .header("location")
            .or_else(|| reply.get("meta")["location"].as_str());
        let path = match location {
            Some(location) => egress
                .path_under_base(location)
                .ok_or_else(|| format!("its location {location} is not under the base URL"))?,
            None => {
                let id = reply.id().ok_or("it names neither a location nor an id")?;
                let kind = reply.get("meta")["resourceType"].as_str();
                let endpoint = [("User", urn::USER), ("Group", urn::GROUP)]
                    .into_iter()
                    .find(|(name, urn)| kind == Some(*name) || reply.lists_schema(urn))
                    .and_then(|(name, _)| self.ctx.discovered.endpoint(name))
                    .ok_or(
                        "its resource type (meta.resourceType, schemas) is neither User nor Group",
                    )?;
                resource_path(&endpoint, id)
            }
        };
        let (endpoint, id) = path.rsplit_once('/').unwrap_or_default();
        if !self.is_endpoint(endpoint)
            || id.is_empty()
            || egress.path_under_base(&path).as_deref() != Some(path.as_str())
        {
            return Err(format!(
                "{path} is not one User or Group below the base URL"
            ));
        }
        if self.ctx.foreign.listed(id) {
            return Err(format!(
                "{path} was listed before as a resource this run did not create"
            ));
        }
        Ok(path)
    }

    /// Records `exchange`, a User or Group list or search or a read, in the case with the values
    /// of the resources of its response that the run did not create masked (see [`crate::foreign`]),
    /// unless the run shows them; `json` is the whole body as read and parsed (`None`: not JSON)
    /// and `len` its length, of which the exchange keeps only the head; `read`: it answered a GET.
    fn keep_exchange(
        &mut self,
        mut exchange: Exchange,
        json: Option<&Value>,
        len: usize,
        read: bool,
    ) {
        let cleanup = &self.ctx.cleanup;
        let ledger = &self.ctx.foreign;
        if let Some(response) = exchange.response.as_mut() {
            let truncated = response.body_truncated;
            let found = foreign::find(json, len, truncated, ledger.masks(), read, |id| {
                cleanup.is_own(id)
            });
            if let Some(mut body) = found.body {
                response.body_truncated = truncate(&mut body, self.ctx.client.limits().keep_cap);
                response.body = body;
            }
            if !found.ids.is_empty() && ledger.masks() {
                let request = &exchange.request;
                self.case.logs.push(format!(
                    "{} {}: the values of {} resources this run did not create are masked in the recorded response",
                    request.method,
                    request.url,
                    found.ids.len()
                ));
            }
            ledger.record(found.ids);
        }
        self.case.exchanges.push(exchange);
    }

    /// Registers [`resource_path`]`(endpoint, id)` as created by the run, so the run may change
    /// it and deletes it at the end. An id that cannot be one path segment under the base URL
    /// (`../../admin`, `a/b`, `..`) would make those writes land elsewhere: the check fails
    /// instead. One that only needs percent-encoding (a space, `?`, `#`) is encoded.
    fn register_created(&mut self, endpoint: &str, id: &str) -> Result<(), Stop> {
        let path = resource_path(endpoint, id);
        let egress = self.ctx.client.egress();
        // A `/` or `\` stays refused even encoded: a server that decodes `%2F` before routing
        // would take `..%2F..%2Fadmin` for another resource of its own.
        if id.contains(['/', '\\'])
            || egress.path_under_base(&path).as_deref() != Some(path.as_str())
        {
            return Err(self.fail(format!(
                "the server answered the id {id:?}, which is not one URL path segment: {endpoint}/{id} would lead outside the resource; not registered for changes or cleanup"
            )));
        }
        self.ctx.cleanup.created(&path);
        Ok(())
    }

    /// Registers the resource a server says it created at `location` after a POST to
    /// `endpoint` that did not answer with a body (a /Bulk operation). It is registered as
    /// `endpoint/<last segment of location>`, so what cleanup deletes stays under the base URL
    /// whatever the server named; a `location` on another origin fails the check (it is still
    /// registered, so the resource is deleted at the base URL).
    pub fn created_at(&mut self, endpoint: &str, location: &str) -> Result<(), Stop> {
        let bare = location.split(['?', '#']).next().unwrap_or("");
        let id = bare.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        self.register_created(endpoint, id)?;
        let egress = self.ctx.client.egress();
        match egress.foreign_origin(location) {
            Some(named) => {
                let home = egress.home();
                Err(self.fail(format!(
                    "the server named another host: the location {location} is on {named}, not the base URL's origin {home}"
                )))
            }
            None => Ok(()),
        }
    }

    fn is_endpoint(&self, path: &str) -> bool {
        ["User", "Group"]
            .iter()
            .filter_map(|name| self.ctx.discovered.endpoint(name))
            .any(|e| e == path)
    }

    fn spec(&self, req: &Req) -> RequestSpec {
        let target = &self.ctx.target;
        let mut headers: Vec<(String, String)> = Vec::new();
        let overridden = |name: &str| {
            req.headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        if !overridden("accept") {
            headers.push(("Accept".into(), SCIM_JSON.into()));
        }
        if !req.body.is_empty() && !overridden("content-type") {
            headers.push(("Content-Type".into(), SCIM_JSON.into()));
        }
        if req.auth {
            headers.extend(target.headers.iter().cloned());
        }
        headers.extend(req.headers.iter().cloned());
        let url = if req.path.starts_with("http://") || req.path.starts_with("https://") {
            req.path.clone()
        } else {
            format!("{}{}", target.base_url, req.path)
        };
        RequestSpec {
            method: req.method.to_owned(),
            url,
            headers,
            body: req.body.clone(),
            basic_auth: if req.auth { target.basic.clone() } else { None },
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Result<Reply, Stop> {
        self.send(Req::new("GET", path)).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&mut self, path: &str, body: &Value) -> Result<Reply, Stop> {
        self.send(Req::new("POST", path).json(body)).await
    }

    /// `PUT path` with a JSON body.
    pub async fn put(&mut self, path: &str, body: &Value) -> Result<Reply, Stop> {
        self.send(Req::new("PUT", path).json(body)).await
    }

    /// `PATCH path` with a PatchOp body made of `operations`.
    pub async fn patch(&mut self, path: &str, operations: Value) -> Result<Reply, Stop> {
        let body = serde_json::json!({
            "schemas": [urn::PATCH_OP],
            "Operations": operations,
        });
        self.send(Req::new("PATCH", path).json(&body)).await
    }

    /// `DELETE path`.
    pub async fn delete(&mut self, path: &str) -> Result<Reply, Stop> {
        self.send(Req::new("DELETE", path)).await
    }

    /// Deletes the resource at `path` on the way to judging something else (what a deletion
    /// leaves behind in groups, lists or uniqueness) and expects success, 200 or 204.
    /// RFC 7644 §3.6 says a successful DELETE SHALL answer 204, but that rule is the
    /// `*.delete.then-404` checks' own; a 200 still says the resource was deleted, so a check
    /// building on the deletion judges its own rule instead of failing theirs again.
    pub async fn delete_created(&mut self, path: &str) -> Result<(), Stop> {
        let reply = self.delete(path).await?;
        self.expect_status("status of the DELETE", &reply, &[200, 204])
    }

    /// `GET endpoint?k=v&…` with each value percent-encoded.
    pub async fn list(&mut self, endpoint: &str, query: &[(&str, &str)]) -> Result<Reply, Stop> {
        self.get(&with_query(endpoint, query)).await
    }

    /// Lists `endpoint` with `filter` and expects 200.
    pub async fn filter(&mut self, endpoint: &str, filter: &str) -> Result<Reply, Stop> {
        let reply = self.list(endpoint, &[("filter", filter)]).await?;
        self.status(&reply, &[200])?;
        Ok(reply)
    }

    /// Lists `endpoint` with `filter`, where the check judges what the filter finds, not whether
    /// the server filters on that attribute: RFC 7644 §3.12 (Table 9) lets a server refuse an
    /// attribute and operator it does not support with 400 invalidFilter, and then the check
    /// ends skipped saying so (`attribute` names what was refused) instead of failing.
    pub async fn filter_unless_refused(
        &mut self,
        endpoint: &str,
        filter: &str,
        attribute: &str,
    ) -> Result<Reply, Stop> {
        let reply = self.list(endpoint, &[("filter", filter)]).await?;
        if reply.status == 400 && reply.get("scimType").as_str() == Some("invalidFilter") {
            return Err(self.skip(format!(
                "the server does not filter on {attribute} (400 invalidFilter, which RFC 7644 §3.12 allows)"
            )));
        }
        self.status(&reply, &[200])?;
        Ok(reply)
    }

    /// POSTs `body` to `endpoint` and expects 201 with an id.
    pub async fn create(&mut self, endpoint: &str, body: Value) -> Result<Created, Stop> {
        let reply = self.post(endpoint, &body).await?;
        self.status(&reply, &[201])?;
        let Some(id) = reply.id().map(str::to_owned) else {
            return Err(self.fail(format!("the 201 response has no id: {}", reply.excerpt())));
        };
        Ok(Created {
            path: resource_path(endpoint, &id),
            id,
            reply,
            sent: body,
        })
    }

    /// Creates a generated user.
    pub async fn create_user(&mut self) -> Result<Created, Stop> {
        let endpoint = self.endpoint("User")?;
        let body = self.ctx.data.user(&self.ctx.discovered);
        self.create(&endpoint, body).await
    }

    /// Creates a generated user that carries a password (for the checks about passwords).
    pub async fn create_user_with_password(&mut self) -> Result<Created, Stop> {
        let endpoint = self.endpoint("User")?;
        let body = self.ctx.data.user_with_password(&self.ctx.discovered);
        self.create(&endpoint, body).await
    }

    /// Creates a generated user with a work and a home email (for the checks about value
    /// filters and multi-valued attributes); returns it with the work and the home address.
    /// Skips when the server's /Schemas declares no `emails.type`.
    pub async fn create_user_with_two_emails(&mut self) -> Result<(Created, String, String), Stop> {
        self.require_declared(urn::USER, "emails.type")?;
        let endpoint = self.endpoint("User")?;
        let mut body = self.user_body();
        let home = format!("{}@home.example.com", self.ctx.data.unique("home"));
        let work = format!("{}@example.com", self.ctx.data.unique("work"));
        body["emails"] = serde_json::json!([
            { "value": work, "type": "work", "primary": true },
            { "value": home, "type": "home" },
        ]);
        let user = self.create(&endpoint, body).await?;
        Ok((user, work, home))
    }

    /// Creates a generated group with `member_ids`, which the checks that take it build on: when
    /// the server drops them (answers 201 with a group without them), the case ends blocked
    /// naming [`MEMBERS_JUDGE`], which reports that, instead of failing on an empty group that
    /// says nothing about its own rule (a user's `groups`, a member's removal).
    pub async fn create_group(&mut self, member_ids: &[&str]) -> Result<Created, Stop> {
        let group = self.post_group(member_ids).await?;
        self.members_kept(&group, member_ids).await?;
        Ok(group)
    }

    /// POSTs a generated group with `member_ids` and expects 201, without looking at the
    /// members it came back with: for [`MEMBERS_JUDGE`], which judges them. With members it is
    /// a shared setup step (see [`Probe::setup`]): a server that refuses members as IdPs send
    /// them (`value` only) is one root cause, not one failure per membership check.
    pub async fn post_group(&mut self, member_ids: &[&str]) -> Result<Created, Stop> {
        let endpoint = self.endpoint("Group")?;
        let body = self.ctx.data.group(&self.ctx.discovered, member_ids);
        let created = self.create(&endpoint, body).await;
        if member_ids.is_empty() {
            created
        } else {
            self.setup("POST /Groups with members", created)
        }
    }

    /// Whether the new `group` holds every one of `member_ids`: as its 201 shows them, or, when
    /// the 201 carries no `members` (RFC 7644 §3.3 only says the body SHOULD be the created
    /// resource, and `members` is returned by default, not always: RFC 7643 §4.2), as a GET of
    /// it shows them. Otherwise ends the case blocked by [`MEMBERS_JUDGE`].
    async fn members_kept(&mut self, group: &Created, member_ids: &[&str]) -> Result<(), Stop> {
        let holds_all = |reply: &Reply| {
            let members = reply.values("members");
            member_ids.iter().all(|id| members.contains(id))
        };
        if holds_all(&group.reply) {
            return Ok(());
        }
        let shown = if group.reply.get("members").is_null() {
            let read = self.get(&group.path).await?;
            if read.status == 200 && holds_all(&read) {
                return Ok(());
            }
            format!(
                "a GET of it answered {} with members {}",
                read.status,
                read.get("members")
            )
        } else {
            format!("its 201 shows members {}", group.reply.get("members"))
        };
        Err(self.blocked(
            MEMBERS_JUDGE,
            format!(
                "POST /Groups created the group without the {} members it was sent ({shown}), so this check's rule could not be judged",
                member_ids.len()
            ),
        ))
    }

    /// Creates `n` users whose userNames share a fresh tag; returns the filter that selects
    /// exactly them and the users in creation order. Names run backwards
    /// (`<tag>-<n-1>@…` first), so creation order is never the userName order and a server
    /// that ignores sortBy shows it.
    pub async fn create_user_batch(&mut self, n: usize) -> Result<(String, Vec<Created>), Stop> {
        self.create_user_batch_with(n, |_, _, _| {}).await
    }

    /// [`Probe::create_user_batch`], each body changed by `shape(i, tag, body)` before it is
    /// sent (`i` in creation order; `tag` the batch's, for values unique to the run).
    pub async fn create_user_batch_with(
        &mut self,
        n: usize,
        shape: impl Fn(usize, &str, &mut Value),
    ) -> Result<(String, Vec<Created>), Stop> {
        let endpoint = self.endpoint("User")?;
        let tag = self.ctx.data.unique("batch");
        let mut users = Vec::with_capacity(n);
        for i in 0..n {
            let mut body = self.user_body();
            body["userName"] = Value::from(format!("{tag}-{}@example.com", n - 1 - i));
            shape(i, &tag, &mut body);
            users.push(self.create(&endpoint, body).await?);
        }
        Ok((format!("userName sw \"{tag}-\""), users))
    }

    /// Sends `method` to an id of resource type `name` that no resource has (to probe 404s).
    pub async fn send_to_missing(
        &mut self,
        method: &'static str,
        name: &str,
    ) -> Result<Reply, Stop> {
        let endpoint = self.endpoint(name)?;
        let path = self.missing_path(&endpoint);
        self.send(Req::new(method, path)).await
    }

    /// The most resources one list page may hold: the declared `filter.maxResults`, or
    /// unlimited when the server declares none.
    pub fn max_page(&self) -> usize {
        let declared = self.ctx.discovered.spc.filter.max_results;
        usize::try_from(declared)
            .ok()
            .filter(|&n| n > 0)
            .unwrap_or(usize::MAX)
    }

    /// Skips the check when the server's /Schemas published the schema `schema` and it does not
    /// declare `path` (`nickName`, `emails.type`): the check's request carries that optional
    /// attribute, and a server that says it lacks it may rightly refuse or drop it, which says
    /// nothing about the rule the check is about. Without a published schema, or a complex
    /// attribute published without its subAttributes, the check runs.
    pub fn require_declared(&mut self, schema: &str, path: &str) -> Result<(), Stop> {
        if self.may_send(schema, path) {
            return Ok(());
        }
        Err(self.skip(format!(
            "the server's /Schemas does not declare {path} in {schema}, and this check's request carries it: nothing to judge"
        )))
    }

    /// Whether a request may carry `path` (`emails.type`) of `schema`: the server published no
    /// such schema, or it declares the attribute (a complex attribute published without
    /// subAttributes says nothing about them).
    pub fn may_send(&self, schema: &str, path: &str) -> bool {
        let Some(published) = self.ctx.discovered.schema(schema) else {
            return true;
        };
        let mut names = path.split('.');
        names
            .next()
            .and_then(|name| published.attribute(name))
            .is_some_and(|attr| {
                names.next().is_none_or(|sub| {
                    attr.sub_attributes.is_empty() || attr.sub_attribute(sub).is_some()
                })
            })
    }

    /// Notes, without failing, a refusal whose `scimType` is not the one RFC 7644 §3.12's
    /// table names for it (`mutability`…): the status is the rule, the scimType a SHOULD.
    pub fn note_scim_type(&mut self, reply: &Reply, wanted: &str) {
        let scim_type = reply
            .get("scimType")
            .as_str()
            .unwrap_or("(none)")
            .to_owned();
        if scim_type != wanted {
            self.note(format!(
                "the {} carries scimType {scim_type}; RFC 7644 §3.12 names \"{wanted}\" for this",
                reply.status
            ));
        }
    }

    /// The first email `user` was created with, or the check skipped when the generated user
    /// carries none (the server's User schema declares no emails).
    pub fn sent_email(&mut self, user: &Created) -> Result<Value, Stop> {
        match user.sent["emails"].get(0) {
            Some(email) if email["value"].is_string() => Ok(email.clone()),
            _ => Err(self.skip(
                "the generated user carries no email (the server's User schema declares none)",
            )),
        }
    }

    /// A generated user body, not yet sent.
    pub fn user_body(&self) -> Value {
        self.ctx.data.user(&self.ctx.discovered)
    }

    /// A path under `endpoint` that no resource has, which the run may send writes to (to probe
    /// 404 handling).
    pub fn missing_path(&self, endpoint: &str) -> String {
        let path = format!("{endpoint}/{}", self.ctx.data.unique("missing"));
        self.ctx.cleanup.made_up(&path);
        path
    }
}

/// Whether `request` uses the ServiceProviderConfig capability `need`: a PATCH for `patch`, a
/// filtered list or a `.search` for `filter`, `sortBy` for `sort`, /Bulk for `bulk`, anything
/// but a create for `etag` (ETags ride on reads and writes of one resource), a password in
/// the body for `changePassword`.
fn uses(need: Need, request: &RecordedRequest) -> bool {
    let path = request.url.split('?').next().unwrap_or_default();
    let query = request.url.split_once('?').map_or("", |(_, q)| q);
    let search = request.method == "POST" && path.ends_with("/.search");
    let in_query = |key: &str| query.split('&').any(|kv| kv.starts_with(key));
    match need {
        Need::Patch => request.method == "PATCH",
        Need::Filter => search || in_query("filter="),
        Need::Sort => in_query("sortBy=") || (search && request.body.contains("sortBy")),
        Need::Bulk => path.ends_with("/Bulk"),
        Need::Etag => request.method != "POST",
        Need::ChangePassword => request.body.contains("password"),
        Need::Users | Need::Groups | Need::EnterpriseUser => false,
    }
}

/// `path?k=v&…` with every value percent-encoded (spaces as `%20`).
pub fn with_query(path: &str, query: &[(&str, &str)]) -> String {
    let mut out = path.to_owned();
    for (i, (key, value)) in query.iter().enumerate() {
        out.push(if i == 0 && !path.contains('?') {
            '?'
        } else {
            '&'
        });
        out.push_str(key);
        out.push('=');
        out.extend(utf8_percent_encode(value, QUERY_VALUE));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_one_path_segment_encoded_where_a_path_would_read_it_otherwise() {
        assert_eq!(
            resource_path("/Groups", "Sales Team"),
            "/Groups/Sales%20Team"
        );
        assert_eq!(
            resource_path("/Users", "ada@example.com"),
            "/Users/ada@example.com"
        );
        let uuid = "2819c223-7f76-453a-919d-413861904646";
        assert_eq!(resource_path("/Users", uuid), format!("/Users/{uuid}"));
        assert_eq!(resource_path("/Users", "a?b#c%d"), "/Users/a%3Fb%23c%25d");
        assert_eq!(resource_path("/Users", "a/b"), "/Users/a%2Fb");
        assert_eq!(resource_path("/Users", "Zoë"), "/Users/Zo%C3%AB");
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            with_query(
                "/Users",
                &[("filter", "userName eq \"a+b\""), ("count", "1")]
            ),
            "/Users?filter=userName%20eq%20%22a%2Bb%22&count=1"
        );
        assert_eq!(with_query("/Users?x=1", &[("y", "2")]), "/Users?x=1&y=2");
    }
}
