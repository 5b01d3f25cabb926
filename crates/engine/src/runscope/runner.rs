//! Running a whole Runscope test: initial variables, each step in order (one case per step,
//! nested condition steps included), pauses, stop-on-failure, events and secret masking.

use super::format::{ConditionStep, RunscopeTest, Step, StepKind};
use super::script::ScriptLimits;
use super::{Variables, comparison, okta, step, template};
use crate::event::{EventSink, RunEvent};
use crate::http::{HttpClient, HttpError, HttpLimits, millis};
use crate::model::{CaseResult, RunResult, SCHEMA_VERSION, Summary, Verdict};
use crate::redact::Redactor;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// What to do with pause steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PausePolicy {
    /// Do not wait; report each pause as skipped and the total waiting saved.
    #[default]
    Skip,
    /// Wait as Runscope would.
    Honor,
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

/// Everything a run needs besides the test itself.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
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
    /// Limits on each exchange.
    pub http: HttpLimits,
    /// Limits on each script.
    pub script_limits: ScriptLimits,
    /// What to name as the target in the result (e.g. the base URL).
    pub target: String,
    /// Leave tokens and passwords in the result and events (`--show-secrets`), for debugging an
    /// authentication problem on one's own machine; off by default, so every output is masked.
    pub show_secrets: bool,
}

/// Runs `test`, sending events to `sink`; returns the (masked) result. Fails only when the HTTP
/// client cannot be created.
pub async fn run(
    test: &RunscopeTest,
    options: &RunOptions,
    sink: &mut dyn EventSink,
) -> Result<RunResult, HttpError> {
    let started = Instant::now();
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut runner = Runner {
        client: HttpClient::new(options.http)?,
        variables: Variables::new(),
        redactor: (!options.show_secrets).then(Redactor::default),
        options,
        sink,
        cases: Vec::new(),
        stopped_after: None,
        pause_skipped: 0.0,
        notes: Vec::new(),
    };
    runner.sink.event(&RunEvent::RunStarted {
        suite: format!("runscope: {}", test.name),
        target: options.target.clone(),
        planned: test.steps.len(),
    });
    runner.initialize(test).await;
    runner.run_steps(&test.steps, "step-").await;
    if runner.pause_skipped > 0.0 {
        runner.notes.push(format!(
            "skipped {} s of pauses (use --pauses honor to wait as Runscope does)",
            runner.pause_skipped
        ));
    }
    let mut result = RunResult {
        schema_version: SCHEMA_VERSION,
        suite: format!("runscope: {}", test.name),
        target: options.target.clone(),
        started_at,
        duration_ms: millis(started.elapsed()),
        summary: Summary::of(&runner.cases),
        root_causes: Vec::new(),
        cases: runner.cases,
        notes: runner.notes,
        secrets_masked: runner.redactor.is_some(),
    };
    if let Some(redactor) = &runner.redactor {
        redactor.mask_run(&mut result);
    }
    runner.sink.event(&RunEvent::RunFinished(result.clone()));
    Ok(result)
}

struct Runner<'a> {
    client: HttpClient,
    variables: Variables,
    /// `None` when the caller asked to see secrets.
    redactor: Option<Redactor>,
    options: &'a RunOptions,
    sink: &'a mut dyn EventSink,
    cases: Vec<CaseResult>,
    stopped_after: Option<String>,
    pause_skipped: f64,
    notes: Vec<String>,
}

impl Runner<'_> {
    fn learn_secrets(&mut self) {
        let Some(redactor) = &mut self.redactor else {
            return;
        };
        for (name, value) in &self.variables {
            redactor.learn_variable(name, value);
        }
    }

    /// Okta's generated variables (or the initial script), then the caller's variables.
    async fn initialize(&mut self, test: &RunscopeTest) {
        let okta = match self.options.okta {
            OktaVariables::Auto => okta::recognize(test),
            OktaVariables::Always => Some(okta::recognize(test).unwrap_or(okta::OktaTest::Spec)),
        };
        if let Some(kind) = okta.filter(|_| self.options.initial_script.is_none()) {
            self.variables
                .extend(okta::initial_variables(kind, &mut rand::rng()));
            self.notes.push(
                "Okta's initial variables generated natively (no initial script needed)".into(),
            );
        }
        self.variables.extend(self.options.variables.clone());
        if okta == Some(okta::OktaTest::Crud) {
            okta::alias_crud_variables(&mut self.variables);
        }
        self.learn_secrets();
        if let Some(source) = &self.options.initial_script {
            let mut case = CaseResult::new("initial-script", "Initial script");
            case.category = Some("script".into());
            self.start(&case);
            let started = Instant::now();
            let outcome = step::run_script(
                source,
                &mut self.variables,
                None,
                None,
                &self.options.script_limits,
            )
            .await;
            case.logs = outcome.logs;
            if let Some(error) = outcome.error {
                case.conclude(Verdict::Error, format!("initial script failed: {error}"));
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
            }
            redactor.mask_case(&mut case);
        }
        if matches!(case.verdict, Verdict::Fail | Verdict::Error) && self.options.stop_on_failure {
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

    async fn run_step(&mut self, step: &Step, id: String) {
        let mut note_logs = Vec::new();
        let title = self.title(step, &mut note_logs);
        let mut case = CaseResult::new(id.clone(), title);
        case.logs = note_logs;
        case.category = Some(
            match &step.kind {
                StepKind::Request(_) => "request",
                StepKind::Pause { .. } => "pause",
                StepKind::Condition(_) => "condition",
                StepKind::NotRunnable { .. } => "not-runnable",
                StepKind::Invalid { .. } => "invalid",
            }
            .into(),
        );
        self.start(&case);
        let started = Instant::now();
        let mut nested = None;
        if let Some(failed) = &self.stopped_after {
            case.conclude(
                Verdict::Skip,
                format!("not run: {failed} failed and stop-on-failure is set"),
            );
        } else if step.skipped {
            case.conclude(Verdict::Skip, "marked skipped in the test file");
        } else {
            match &step.kind {
                StepKind::Request(request) => {
                    let ctx = step::StepContext {
                        client: &self.client,
                        variables: &mut self.variables,
                        script_limits: &self.options.script_limits,
                    };
                    step::run_request(request, ctx, &mut case).await;
                }
                StepKind::Pause { seconds } => self.pause(*seconds, &mut case).await,
                StepKind::Condition(condition) => nested = self.condition(condition, &mut case),
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
            let prefix = format!("{id}.");
            if holds {
                self.run_steps(&condition.steps, &prefix).await;
            } else {
                self.skip_nested(&condition.steps, &prefix);
            }
        }
    }

    fn title(&self, step: &Step, logs: &mut Vec<String>) -> String {
        match &step.kind {
            StepKind::Request(request) => {
                let note = template::render(&request.note, &self.variables);
                if !note.undefined.is_empty() {
                    logs.push(format!(
                        "note: undefined variable(s) {} left as written",
                        note.undefined.join(", ")
                    ));
                }
                if note.text.trim().is_empty() {
                    format!("{} {}", request.method, request.url)
                } else {
                    note.text
                }
            }
            StepKind::Pause { seconds } => format!("Pause {seconds} s"),
            StepKind::Condition(c) => format!(
                "Condition: {} {} {}",
                c.left,
                c.comparison.as_str(),
                c.right.as_deref().unwrap_or("")
            ),
            StepKind::NotRunnable { step_type, .. } | StepKind::Invalid { step_type, .. } => {
                format!("{step_type} step")
            }
        }
    }

    async fn pause(&mut self, seconds: f64, case: &mut CaseResult) {
        match self.options.pauses {
            PausePolicy::Skip => {
                self.pause_skipped += seconds;
                case.conclude(
                    Verdict::Skip,
                    format!("pause of {seconds} s skipped (--pauses honor waits)"),
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

    /// Judges the condition; `Some(holds)` when nested steps are to be run or skipped.
    fn condition(&mut self, condition: &ConditionStep, case: &mut CaseResult) -> Option<bool> {
        let left = template::render(&condition.left, &self.variables);
        let right = condition
            .right
            .as_deref()
            .map(|r| template::render(r, &self.variables));
        let mut undefined = left.undefined.clone();
        undefined.extend(right.iter().flat_map(|r| r.undefined.clone()));
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
