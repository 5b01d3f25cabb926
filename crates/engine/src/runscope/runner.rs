//! Running a whole Runscope test: initial variables, each step in order (one case per step,
//! nested condition steps included), pauses, stop-on-failure, events and secret masking.

use super::cookies::{self, CookieJar};
use super::extraction::{self, ResponseView};
use super::format::{ConditionStep, RunscopeTest, Step, StepAuth, StepKind, SubtestStep};
use super::script::{ScriptExecutor, ScriptHost, ScriptLibrary, ScriptLimits, duration_text};
use super::secret::{SecretScope, Secrets};
use super::{Variables, comparison, okta, step, template};
use crate::cap::{self, RunBudget};
use crate::egress::Egress;
use crate::ending::Ending;
use crate::event::{EventSink, RunEvent};
use crate::http::{HttpClient, HttpError, millis};
use crate::model::{CaseResult, RunResult, RunStart, Verdict};
use crate::redact::Redactor;
use crate::run::RunOptions;
use crate::setting::Setting;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// What to do with pause steps: the one pause setting of the command line (`--pauses`), an
/// environment file (`"pauses": "honor"`) and the dashboard's environments, spelled `skip` or
/// `honor` everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PausePolicy {
    /// Do not wait; report each pause as skipped and the total waiting saved.
    #[default]
    Skip,
    /// Wait as Runscope would.
    Honor,
}

impl PausePolicy {
    /// The spelling of the policy (`skip`, `honor`).
    pub fn as_str(self) -> &'static str {
        match self {
            PausePolicy::Skip => "skip",
            PausePolicy::Honor => "honor",
        }
    }
}

impl std::str::FromStr for PausePolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "skip" => Ok(PausePolicy::Skip),
            "honor" => Ok(PausePolicy::Honor),
            other => Err(format!(
                "`{other}` is not a pause policy; use skip or honor"
            )),
        }
    }
}

/// Whether to set Okta's initial variables natively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OktaVariables {
    /// When the file is one of Okta's published tests.
    #[default]
    Auto,
    /// Always (the SPEC variables, unless the file is Okta's CRUD test).
    Always,
}

/// What a Runscope run needs besides the test itself and the [`RunOptions`] every run has. When
/// [`RunOptions::deadline`] passes, the step running is stopped (its script's worker killed, its
/// request or pause abandoned) and marked error, the rest are skipped, and the result is still
/// returned; [`RunOptions::cancel`] is the caller's to act on, by dropping the run.
#[derive(Debug, Clone, Default)]
pub struct RunscopeSettings {
    /// Initial variables (`SCIMBaseURL`, `auth`, `--var`s); they win over generated ones.
    pub variables: Variables,
    /// An initial script to run instead of Okta's generated variables.
    pub initial_script: Option<String>,
    /// When to generate Okta's variables.
    pub okta: OktaVariables,
    /// Pause handling.
    pub pauses: PausePolicy,
    /// Stop at the first failed or errored step (the rest are reported as skipped).
    pub stop_on_failure: bool,
    /// Send the cookies responses set with the run's later requests, by the browser rules but
    /// only to the origin that set them (Runscope's "Use Cookies" behaviour, an environment's
    /// `preserve_cookies`; see [`super::cookies`]).
    pub keep_cookies: bool,
    /// Limits on each script.
    pub script_limits: ScriptLimits,
    /// Script libraries (`--script-library`) evaluated before every script.
    pub script_libraries: Vec<ScriptLibrary>,
    /// Where scripts run: the binary and the dashboard pass [`ScriptHost::Workers`], so a script
    /// that overruns, or a run that is dropped, is stopped by killing its worker process.
    pub script_host: ScriptHost,
    /// The base URL (named as the target in the result). Its origin is the only one the
    /// target's secrets — the `auth` variable given here and the transport's `--header`
    /// values — are sent to: a step whose request would carry one of them to another origin is
    /// not sent and fails (see [`crate::egress`]). Steps without them may call any host.
    pub target: String,
    /// The environment's name (`runscope_environment_name`), when the run has one.
    pub environment_name: Option<String>,
    /// The environment's headers, sent with every request step that does not set them itself.
    pub headers: Vec<(String, String)>,
    /// The environment's auth (basic or OAuth 1.0a credentials, or the client certificate), for
    /// request steps without an `auth` block of their own.
    pub auth: Option<StepAuth>,
    /// Notes for the run's result from whoever prepared the settings (e.g. about the
    /// environment file).
    pub notes: Vec<String>,
    /// The tests subtest steps run, by test id (`runscope --subtest UUID=FILE`): an export
    /// does not carry its own id, so the run is told which file is which test.
    pub subtests: std::collections::BTreeMap<String, RunscopeTest>,
}

/// How deep subtests may call subtests. Runscope documents no limit (assumed, as a guard
/// against a chain of exports that never ends; a test calling itself is refused outright).
const MAX_SUBTEST_DEPTH: usize = 8;

/// Runs `test`, sending events to `sink`; returns the (masked) result. Fails only when the HTTP
/// client cannot be created.
pub async fn run(
    test: &RunscopeTest,
    settings: &RunscopeSettings,
    options: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<RunResult, HttpError> {
    run_to_ending(test, settings, options, sink)
        .await
        .map(|(result, _)| result)
}

/// [`run`], also saying how the run ended: [`Ending::Deadline`] when
/// [`RunOptions::deadline`] stopped it, [`Ending::Completed`] otherwise (a caller that cancels
/// a Runscope run drops this future, so it never sees the run interrupted).
pub async fn run_to_ending(
    test: &RunscopeTest,
    settings: &RunscopeSettings,
    options: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<(RunResult, Ending), HttpError> {
    let start = RunStart::now();
    let deadline = options
        .deadline
        .and_then(|limit| tokio::time::Instant::now().checked_add(limit));
    let initial = initial_variables(test, settings);
    let mut egress = Egress::new(&settings.target);
    if let Some(auth) = initial.variables.get("auth") {
        egress.add_secret(auth);
    }
    // The environment's credentials guard the target as the `auth` variable does.
    let credential_headers = settings.headers.iter().filter(|(name, _)| {
        Redactor::is_credential_header(name) || Redactor::is_secret_variable(name)
    });
    let auth_secrets = settings.auth.iter().flat_map(StepAuth::secrets);
    for value in credential_headers
        .map(|(_, v)| v.as_str())
        .chain(auth_secrets)
    {
        if !value.contains("{{") {
            egress.add_secret(value);
        }
    }
    let client = HttpClient::new(options.limits.clone(), egress)?;
    let mut redactor = (!options.show_secrets).then(|| client.egress().redactor().clone());
    if let Some(redactor) = &mut redactor {
        // A step's own OAuth credentials go to the host it calls, not only the target: masked
        // in every output, but not held to the target's origin.
        let subtests = settings.subtests.values();
        let steps = std::iter::once(&test.steps).chain(subtests.map(|t| &t.steps));
        for secret in steps.flat_map(|steps| oauth1_credentials(steps)) {
            redactor.add_secret(secret);
        }
    }
    let mut runner = Runner {
        client,
        scripts: ScriptExecutor::new(&settings.script_host, &settings.script_limits)
            .with_libraries(settings.script_libraries.clone()),
        secrets: Secrets::default(),
        budget: RunBudget::default(),
        variables: Variables::new(),
        initial_variables: Variables::new(),
        subtests_running: Vec::new(),
        redactor,
        settings,
        options,
        sink,
        cases: Vec::new(),
        stopped_after: None,
        deadline,
        out_of_time: false,
        pause_skipped: 0.0,
        notes: Vec::new(),
        cookies: settings.keep_cookies.then(CookieJar::default),
    };
    runner.sink.event(&RunEvent::RunStarted {
        suite: format!("runscope: {}", test.name),
        target: match &runner.redactor {
            Some(redactor) => redactor.mask(&settings.target),
            None => settings.target.clone(),
        },
        planned: test.steps.len(),
    });
    runner.initialize(initial).await;
    runner.initial_variables = runner.variables.clone();
    runner.run_steps(&test.steps, "step-").await;
    if let (true, Some(limit)) = (runner.out_of_time, options.deadline) {
        runner.notes.push(format!(
            "the run passed its deadline of {} and was stopped; raise the run's deadline or find \
             out why steps are slow (a verbose run shows each exchange)",
            duration_text(limit)
        ));
    }
    if runner.budget.spent() {
        runner.notes.push(format!(
            "the run kept {} MiB of logs and bodies; later steps keep only the first {} bytes of each",
            cap::RUN_OUTPUT_BYTES / (1024 * 1024),
            cap::SPENT_RUN_BYTES
        ));
    }
    runner
        .notes
        .extend(super::assumed::note(&super::assumed::used(test, settings)));
    if runner.pause_skipped > 0.0 {
        runner.notes.push(format!(
            "skipped {} s of pauses; to wait as Runscope does, set the pause policy to honor",
            runner.pause_skipped
        ));
    }
    let result = start.finish(
        format!("runscope: {}", test.name),
        settings.target.clone(),
        runner.cases,
        runner.notes,
        runner.redactor.as_ref(),
    );
    runner.sink.event(&RunEvent::RunFinished(result.clone()));
    let ending = if runner.out_of_time {
        Ending::Deadline
    } else {
        Ending::Completed
    };
    Ok((result, ending))
}

/// The OAuth 1.0a tokens and secrets written in `steps` (and the steps conditions hold); a
/// template is left out, as the variable it names is masked by its name.
fn oauth1_credentials(steps: &[Step]) -> Vec<&str> {
    let mut found = Vec::new();
    for step in steps {
        match &step.kind {
            StepKind::Request(request) => {
                if let Some(auth @ StepAuth::OAuth1(_)) = &request.auth {
                    found.extend(auth.secrets());
                }
            }
            StepKind::Condition(condition) => found.extend(oauth1_credentials(&condition.steps)),
            _ => {}
        }
    }
    found.retain(|value| !value.contains("{{"));
    found
}

struct Runner<'a> {
    client: HttpClient,
    scripts: ScriptExecutor,
    /// The credentials, kept out of `variables` (which hold their placeholders).
    secrets: Secrets,
    /// What is left of the text the run may keep.
    budget: RunBudget,
    variables: Variables,
    /// The variables after the initial ones and the initial script: where a subtest that does
    /// not use its parent's environment starts.
    initial_variables: Variables,
    /// The ids of the subtests running, outermost first.
    subtests_running: Vec<String>,
    /// `None` when the caller asked to see secrets.
    redactor: Option<Redactor>,
    settings: &'a RunscopeSettings,
    options: &'a RunOptions,
    sink: &'a mut dyn EventSink,
    cases: Vec<CaseResult>,
    stopped_after: Option<String>,
    /// When the run must end (`RunOptions::deadline` from its start).
    deadline: Option<tokio::time::Instant>,
    /// The deadline passed: the step running was stopped and the rest are skipped.
    out_of_time: bool,
    pause_skipped: f64,
    notes: Vec<String>,
    /// The run's cookies, when the environment keeps them; dropped with the run.
    cookies: Option<CookieJar>,
}

impl<'a> Runner<'a> {
    fn learn_secrets(&mut self) {
        let Some(redactor) = &mut self.redactor else {
            return;
        };
        for secret in self.secrets.values() {
            redactor.add_secret(secret);
        }
        for (name, value) in &self.variables {
            if !self.secrets.is_placeholder(value) {
                redactor.learn_variable(name, value);
            }
        }
    }

    /// Takes the run's initial variables (their secrets become placeholders), reports what of
    /// them could not be filled, then runs the initial script.
    async fn initialize(&mut self, initial: Initial) {
        let Initial {
            mut variables,
            filled,
            notes,
        } = initial;
        self.notes.extend(notes);
        self.secrets = Secrets::take_from(&mut variables, &filled.secret);
        self.variables = variables;
        self.learn_secrets();
        if !filled.problems.is_empty() {
            let mut case = CaseResult::new("initial-variables", "Initial variables");
            case.category = Some("variables".into());
            self.start(&case);
            case.logs.clone_from(&filled.problems);
            case.conclude(
                Verdict::Error,
                format!(
                    "the initial variables could not all be filled: {}",
                    filled.problems.join("; ")
                ),
            );
            self.finish(case);
        }
        if let Some(source) = &self.settings.initial_script {
            let mut case = CaseResult::new("initial-script", "Initial script");
            case.category = Some("script".into());
            self.start(&case);
            let started = Instant::now();
            let running = self.scripts.run(source, &mut self.variables, None, None);
            match within(self.deadline, running).await {
                Some(outcome) => {
                    case.logs = outcome.logs;
                    if let Some(error) = outcome.error {
                        case.conclude(Verdict::Error, format!("initial script failed: {error}"));
                    }
                }
                None => self.stop_at_deadline(&mut case),
            }
            case.duration_ms = millis(started.elapsed());
            self.finish(case);
        }
    }

    fn start(&mut self, case: &CaseResult) {
        self.sink.event(&RunEvent::CaseStarted {
            id: case.id.clone(),
            title: match &self.redactor {
                Some(redactor) => redactor.mask(&case.title),
                None => case.title.clone(),
            },
        });
    }

    fn finish(&mut self, mut case: CaseResult) {
        self.learn_secrets();
        if let Some(redactor) = &mut self.redactor {
            for exchange in &case.exchanges {
                redactor.learn_headers(&exchange.request.headers);
                // A cookie the server sets is a session secret, kept by the run or not.
                let set = exchange
                    .response
                    .iter()
                    .flat_map(|r| cookies::secret_values(&r.headers));
                for value in set {
                    redactor.add_secret(&value);
                }
            }
            redactor.mask_case(&mut case);
        }
        // After masking, so a cut never leaves half a secret that no longer matches.
        self.budget.bound(&mut case);
        if matches!(case.verdict, Verdict::Fail | Verdict::Error) && self.settings.stop_on_failure {
            self.stopped_after.get_or_insert_with(|| case.id.clone());
        }
        self.sink.event(&RunEvent::CaseFinished(case.clone()));
        self.cases.push(case);
    }

    fn run_steps<'s>(
        &'s mut self,
        steps: &'s [Step],
        prefix: &'s str,
    ) -> Pin<Box<dyn Future<Output = ()> + 's>> {
        Box::pin(async move {
            for (index, step) in steps.iter().enumerate() {
                let id = format!("{prefix}{}", index + 1);
                self.run_step(step, id).await;
            }
        })
    }

    /// Why `step` is not run, when it is not.
    fn not_run(&self, step: &Step) -> Option<String> {
        self.halted().or_else(|| {
            step.skipped
                .then(|| "marked skipped in the test file".into())
        })
    }

    /// Why no more steps run, when the run was stopped: its deadline passed, or a step failed
    /// with stop-on-failure set.
    fn halted(&self) -> Option<String> {
        if self.out_of_time {
            Some("not run: the run passed its deadline".into())
        } else {
            self.stopped_after
                .as_ref()
                .map(|failed| format!("not run: {failed} failed and stop-on-failure is set"))
        }
    }

    /// The test a subtest step runs, or why it cannot run (`Err((verdict, reason))`).
    fn subtest_test(&self, subtest: &SubtestStep) -> Result<&'a RunscopeTest, (Verdict, String)> {
        let settings: &'a RunscopeSettings = self.settings;
        let uuid = &subtest.test_uuid;
        if self.subtests_running.contains(uuid) {
            return Err((
                Verdict::Error,
                format!(
                    "not run: the subtest {uuid} is already running ({} → {uuid}); a test cannot call itself",
                    self.subtests_running.join(" → ")
                ),
            ));
        }
        if self.subtests_running.len() >= MAX_SUBTEST_DEPTH {
            return Err((
                Verdict::Error,
                format!("not run: subtests nest deeper than {MAX_SUBTEST_DEPTH}"),
            ));
        }
        settings.subtests.get(uuid).ok_or_else(|| {
            (
                Verdict::Skip,
                format!(
                    "not run: the test {uuid} it calls (bucket {}) was not given; add its export \
                     to {} under that id (an export does not carry its own test id)",
                    if subtest.bucket_key.is_empty() {
                        "unnamed"
                    } else {
                        &subtest.bucket_key
                    },
                    Setting::SubtestExports.phrase()
                ),
            )
        })
    }

    async fn run_step(&mut self, step: &Step, id: String) {
        if let StepKind::Subtest(subtest) = &step.kind
            && self.not_run(step).is_none()
            && let Ok(test) = self.subtest_test(subtest)
        {
            self.run_subtest(step, subtest, test, id).await;
            return;
        }
        let mut note_logs = Vec::new();
        let title = self.title(step, &mut note_logs);
        let mut case = CaseResult::new(id.clone(), title);
        case.logs = note_logs;
        case.category = Some(
            match &step.kind {
                StepKind::Request(_) => "request",
                StepKind::Pause { .. } => "pause",
                StepKind::Condition(c) if c.looping => "conditional-loop",
                StepKind::Condition(_) => "condition",
                StepKind::Subtest(_) => "subtest",
                StepKind::NotRunnable { .. } => "not-runnable",
                StepKind::Invalid { .. } => "invalid",
            }
            .into(),
        );
        self.start(&case);
        let started = Instant::now();
        let mut nested = None;
        if let Some(reason) = self.not_run(step) {
            case.conclude(Verdict::Skip, reason);
        } else {
            match &step.kind {
                StepKind::Request(request) => {
                    let ctx = step::StepContext {
                        client: &self.client,
                        variables: &mut self.variables,
                        secrets: &mut self.secrets,
                        scripts: &mut self.scripts,
                        headers: &self.settings.headers,
                        auth: self.settings.auth.as_ref(),
                        cookies: self.cookies.as_mut(),
                    };
                    let running = step::run_request(request, ctx, &mut case);
                    if within(self.deadline, running).await.is_none() {
                        self.stop_at_deadline(&mut case);
                    }
                }
                StepKind::Pause { seconds } => {
                    let policy = self.settings.pauses;
                    let running = pause(policy, *seconds, &mut self.pause_skipped, &mut case);
                    if within(self.deadline, running).await.is_none() {
                        self.stop_at_deadline(&mut case);
                    }
                }
                StepKind::Condition(condition) => nested = self.condition(condition, &mut case),
                StepKind::Subtest(subtest) => {
                    if let Err((verdict, reason)) = self.subtest_test(subtest) {
                        case.conclude(verdict, reason);
                    }
                }
                StepKind::NotRunnable { needs, .. } => {
                    case.conclude(
                        Verdict::Skip,
                        format!("not runnable outside Runscope: needs {needs}"),
                    );
                }
                StepKind::Invalid { problem, .. } => case.conclude(Verdict::Error, problem.clone()),
            }
        }
        case.duration_ms = millis(started.elapsed());
        self.finish(case);
        if let (StepKind::Condition(condition), Some(holds)) = (&step.kind, nested) {
            if condition.looping {
                self.run_loop(condition, &id, holds).await;
            } else if holds {
                self.run_steps(&condition.steps, &format!("{id}.")).await;
            } else {
                self.skip_nested(&condition.steps, &format!("{id}."));
            }
        }
    }

    /// The passes of the conditional loop `id` whose condition the step judged (`holds`): while
    /// it holds, the steps run as `{id}.{pass}.1`, `{id}.{pass}.2`, …, and the condition is
    /// judged again after each pass, as the case `{id}.{pass}` of the next. A condition that
    /// still holds after [`LOOP_PASSES`] passes fails that case and ends the loop: a loop
    /// waiting for a server that never changes must not hold the run until its deadline.
    async fn run_loop(&mut self, condition: &ConditionStep, id: &str, mut holds: bool) {
        if !holds {
            self.skip_nested(&condition.steps, &format!("{id}.1."));
            return;
        }
        let mut pass = 1;
        while holds {
            self.run_steps(&condition.steps, &format!("{id}.{pass}."))
                .await;
            pass += 1;
            let title = cap::capped(
                format!("{}, pass {pass}", condition_title(condition)),
                cap::TITLE_BYTES,
            );
            let mut case = CaseResult::new(format!("{id}.{pass}"), title);
            case.category = Some("conditional-loop".into());
            self.start(&case);
            holds = false;
            if let Some(reason) = self.halted() {
                case.conclude(Verdict::Skip, reason);
            } else if pass > LOOP_PASSES {
                case.conclude(
                    Verdict::Fail,
                    format!(
                        "the loop's condition still held after {LOOP_PASSES} passes; scimcheck \
                         ends a conditional loop there (make the condition change, e.g. with a \
                         variable the loop's steps extract)"
                    ),
                );
            } else {
                holds = self.condition(condition, &mut case).unwrap_or(false);
            }
            self.finish(case);
        }
    }

    /// The step's title, capped at [`cap::TITLE_BYTES`]; notes about it go to `logs`.
    fn title(&self, step: &Step, logs: &mut Vec<String>) -> String {
        let title = match &step.kind {
            StepKind::Request(request) => {
                let note = template::render(&request.note, &self.variables);
                if !note.undefined.is_empty() {
                    logs.push(format!(
                        "note: undefined variable(s) {} left as written",
                        note.undefined.join(", ")
                    ));
                }
                for error in &note.errors {
                    logs.push(format!("note: {error}"));
                }
                if note.text.trim().is_empty() {
                    format!("{} {}", request.method, request.url)
                } else {
                    note.text
                }
            }
            StepKind::Pause { seconds } => format!("Pause {seconds} s"),
            StepKind::Subtest(subtest) if !subtest.note.trim().is_empty() => subtest.note.clone(),
            StepKind::Subtest(subtest) => format!("Subtest {}", subtest.test_uuid),
            StepKind::Condition(c) => condition_title(c),
            StepKind::NotRunnable { step_type, .. } | StepKind::Invalid { step_type, .. } => {
                format!("{step_type} step")
            }
        };
        cap::capped(title, cap::TITLE_BYTES)
    }

    /// Marks `case` as stopped by the deadline; the steps after it are skipped.
    fn stop_at_deadline(&mut self, case: &mut CaseResult) {
        self.out_of_time = true;
        let limit = self.options.deadline.unwrap_or_default();
        case.conclude(
            Verdict::Error,
            format!(
                "the run passed its deadline of {} before this step finished; it was stopped",
                duration_text(limit)
            ),
        );
    }

    /// Runs `test` as the subtest step `step` (case `id`): its steps first, as cases `{id}.1`,
    /// `{id}.2`, … (nested as a condition's are), then the step itself, which judges the
    /// subtest's outcome. The subtest starts from the calling test's variables as they are now
    /// (`use_parent_environment`) or from the run's initial ones, plus its `params` (filled
    /// from the calling test's variables); its variables stay its own. The outcome the step's
    /// assertions and extractions read (`response_json`) is
    /// `{"result": "pass"|"fail", "test_uuid", "test_name", "steps", "steps_failed",
    /// "variables": {…}}` — `result` as Runscope's own subtest assertion reads it
    /// (samaybar/runscope-creator); the other members are scimcheck's (assumed: Runscope
    /// documents no more of it).
    async fn run_subtest(
        &mut self,
        step: &Step,
        subtest: &SubtestStep,
        test: &'a RunscopeTest,
        id: String,
    ) {
        let started = Instant::now();
        let mut logs = Vec::new();
        let mut variables = if subtest.use_parent_environment {
            self.variables.clone()
        } else {
            self.initial_variables.clone()
        };
        for (name, value) in &subtest.params {
            let mut scope = SecretScope {
                variables: &self.variables,
                secrets: &mut self.secrets,
            };
            let filled = template::render_in(value, &mut scope);
            if !filled.undefined.is_empty() {
                logs.push(format!(
                    "param {name}: undefined variable(s) {} left as written",
                    filled.undefined.join(", ")
                ));
            }
            variables.insert(name.clone(), filled.text);
        }
        let parent = std::mem::replace(&mut self.variables, variables);
        let first = self.cases.len();
        self.subtests_running.push(subtest.test_uuid.clone());
        self.run_steps(&test.steps, &format!("{id}.")).await;
        self.subtests_running.pop();
        let finished = std::mem::replace(&mut self.variables, parent);
        let nested = &self.cases[first..];
        let steps = nested.len();
        let failed = nested
            .iter()
            .filter(|c| matches!(c.verdict, Verdict::Fail | Verdict::Error))
            .count();
        let outcome = serde_json::json!({
            "result": if failed == 0 { "pass" } else { "fail" },
            "test_uuid": subtest.test_uuid,
            "test_name": test.name,
            "steps": steps,
            "steps_failed": failed,
            "variables": finished,
        })
        .to_string();
        let mut note_logs = Vec::new();
        let mut case = CaseResult::new(id, self.title(step, &mut note_logs));
        case.category = Some("subtest".into());
        self.start(&case);
        case.logs = note_logs;
        case.logs.extend(logs);
        case.logs.push(format!(
            "ran the test `{}` ({}): {steps} step(s), {failed} failed or errored",
            test.name, subtest.test_uuid
        ));
        case.logs.push(format!("subtest outcome: {outcome}"));
        let elapsed = millis(started.elapsed());
        let size = u64::try_from(outcome.len()).unwrap_or(u64::MAX);
        let view = ResponseView::new(200, &[], &outcome, elapsed, size);
        for extraction in &subtest.extractions {
            case.logs
                .push(extraction::apply(extraction, &view, &mut self.variables));
        }
        step::judge_assertions(
            &subtest.assertions,
            &view,
            &self.variables,
            &mut self.secrets,
            &mut case,
        );
        case.duration_ms = elapsed;
        self.finish(case);
    }

    /// Judges the condition; `Some(holds)` when nested steps are to be run or skipped.
    fn condition(&mut self, condition: &ConditionStep, case: &mut CaseResult) -> Option<bool> {
        let mut scope = SecretScope {
            variables: &self.variables,
            secrets: &mut self.secrets,
        };
        let left = template::render_in(&condition.left, &mut scope);
        let right = condition
            .right
            .as_deref()
            .map(|r| template::render_in(r, &mut scope));
        let mut undefined = left.undefined.clone();
        undefined.extend(right.iter().flat_map(|r| r.undefined.clone()));
        let mut errors = left.errors.clone();
        errors.extend(right.iter().flat_map(|r| r.errors.clone()));
        if !errors.is_empty() {
            case.conclude(
                Verdict::Error,
                format!(
                    "template function called wrongly in the condition: {}",
                    errors.join("; ")
                ),
            );
            return None;
        }
        if !undefined.is_empty() {
            case.conclude(
                Verdict::Error,
                format!(
                    "undefined variable(s) in the condition: {}",
                    undefined.join(", ")
                ),
            );
            return None;
        }
        let actual = serde_json::Value::String(left.text.clone());
        let judgement = comparison::judge(
            condition.comparison,
            Some(&actual),
            right.as_ref().map(|r| r.text.as_str()),
        );
        case.logs.push(format!(
            "condition `{}` {} `{}` {}",
            left.text,
            condition.comparison.as_str(),
            right.as_ref().map_or("", |r| r.text.as_str()),
            if judgement.passed {
                "holds: nested steps run"
            } else {
                "does not hold: nested steps skipped"
            }
        ));
        Some(judgement.passed)
    }

    fn skip_nested(&mut self, steps: &[Step], prefix: &str) {
        for (index, step) in steps.iter().enumerate() {
            let mut case = CaseResult::new(
                format!("{prefix}{}", index + 1),
                self.title(step, &mut Vec::new()),
            );
            self.start(&case);
            case.conclude(
                Verdict::Skip,
                "not run: the enclosing condition does not hold",
            );
            self.finish(case);
        }
    }
}

/// `Condition: left comparison right`, or `Conditional loop: …`.
fn condition_title(condition: &ConditionStep) -> String {
    let kind = if condition.looping {
        "Conditional loop"
    } else {
        "Condition"
    };
    format!(
        "{kind}: {} {} {}",
        condition.left,
        condition.comparison.as_str(),
        condition.right.as_deref().unwrap_or("")
    )
}

/// The most passes a conditional loop makes (scimcheck's bound: no Runscope page states one).
pub const LOOP_PASSES: u32 = 50;

/// Runs `work` to its end, or until `deadline`: `None` when the deadline came first. The work is
/// dropped then, which kills a script's worker process and abandons a request or a pause.
async fn within<T>(
    deadline: Option<tokio::time::Instant>,
    work: impl Future<Output = T>,
) -> Option<T> {
    match deadline {
        Some(deadline) => tokio::time::timeout_at(deadline, work).await.ok(),
        None => Some(work.await),
    }
}

/// A pause step: skipped (its time added to `skipped`) or waited, as `policy` says.
async fn pause(policy: PausePolicy, seconds: f64, skipped: &mut f64, case: &mut CaseResult) {
    match policy {
        PausePolicy::Skip => {
            *skipped += seconds;
            case.conclude(
                Verdict::Skip,
                format!("pause of {seconds} s skipped; with the pause policy honor it waits"),
            );
        }
        PausePolicy::Honor => match Duration::try_from_secs_f64(seconds) {
            Ok(wait) => {
                tokio::time::sleep(wait).await;
                case.logs.push(format!("waited {seconds} s"));
            }
            Err(_) => case.conclude(
                Verdict::Error,
                format!("pause of {seconds} s is too long to wait; fix the step's duration"),
            ),
        },
    }
}

/// A run's initial variables, filled once before the first step.
struct Initial {
    /// Every variable, templates filled, secrets still in clear.
    variables: Variables,
    /// Which are secrets by derivation, and what could not be filled.
    filled: template::initial::Filled,
    /// Notes for the run's result.
    notes: Vec<String>,
}

/// Okta's generated variables (unless an initial script replaces them), the run context, then
/// the caller's variables, with the templates of all of them filled once.
fn initial_variables(test: &RunscopeTest, settings: &RunscopeSettings) -> Initial {
    let mut variables = Variables::new();
    let mut notes = settings.notes.clone();
    let okta = match settings.okta {
        OktaVariables::Auto => okta::recognize(test),
        OktaVariables::Always => Some(okta::recognize(test).unwrap_or(okta::OktaTest::Spec)),
    };
    if let Some(kind) = okta.filter(|_| settings.initial_script.is_none()) {
        variables.extend(okta::initial_variables(kind, &mut rand::rng()));
        notes.push("Okta's initial variables generated natively (no initial script needed)".into());
    }
    for (name, value) in run_context(test, settings) {
        variables.insert(name.into(), value);
    }
    variables.extend(settings.variables.clone());
    if okta == Some(okta::OktaTest::Crud) {
        okta::alias_crud_variables(&mut variables);
    }
    let filled = template::initial::fill(&mut variables, &Redactor::is_secret_variable);
    Initial {
        variables,
        filled,
        notes,
    }
}

/// Runscope's run-context variables (`runscope_*`, runscope.com/docs/api-testing/variables)
/// with their local values: the test's name, a fresh id for the run, the environment's name
/// when one was given, and `local` for what only Runscope has (bucket, region, agent). The
/// caller's variables win over them.
fn run_context(test: &RunscopeTest, settings: &RunscopeSettings) -> Vec<(&'static str, String)> {
    let environment = settings
        .environment_name
        .clone()
        .unwrap_or_else(|| LOCAL.into());
    vec![
        ("runscope_bucket", LOCAL.into()),
        ("runscope_bucket_name", LOCAL.into()),
        ("runscope_test_id", LOCAL.into()),
        ("runscope_test_name", test.name.clone()),
        ("runscope_test_run_uuid", uuid::Uuid::new_v4().to_string()),
        ("runscope_test_run_url", LOCAL.into()),
        ("runscope_environment_uuid", LOCAL.into()),
        ("runscope_environment_name", environment),
        ("runscope_region", LOCAL.into()),
        ("runscope_agent", LOCAL.into()),
    ]
}

/// The value of a run-context variable that only Runscope's service has.
const LOCAL: &str = "local";
