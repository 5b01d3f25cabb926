//! What a run cut short leaves: the launcher passes every event on and keeps what it needs to
//! build a result when the run itself cannot return one (dropped on cancel, or stuck past its
//! deadline), so the caller still writes its reports.

use scimcheck_engine::egress::Egress;
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::http::millis;
use scimcheck_engine::model::{CaseResult, RootCause, RunResult, SCHEMA_VERSION, Summary};
use std::time::Instant;

/// An [`EventSink`] in front of the caller's that remembers the run's name, target and
/// finished cases (already masked by the runner).
pub(crate) struct Recorder<'a> {
    inner: &'a mut dyn EventSink,
    show_secrets: bool,
    started: Instant,
    started_at: String,
    suite: Option<String>,
    target: Option<String>,
    cases: Vec<CaseResult>,
}

impl<'a> Recorder<'a> {
    /// Starts recording in front of `inner`; `show_secrets` as the run was asked.
    pub(crate) fn new(inner: &'a mut dyn EventSink, show_secrets: bool) -> Self {
        Recorder {
            inner,
            show_secrets,
            started: Instant::now(),
            started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            suite: None,
            target: None,
            cases: Vec::new(),
        }
    }

    /// How many cases finished.
    pub(crate) fn finished(&self) -> usize {
        self.cases.len()
    }

    /// The result of a run that ended without returning one: the cases that finished and
    /// `note`. `suite` and `target` name the run when it never announced itself (the target
    /// masked unless secrets are shown). The caller's sink gets it as the run's `RunFinished`.
    pub(crate) fn cut_short(mut self, suite: String, target: &str, note: String) -> RunResult {
        let target = self.target.take().unwrap_or_else(|| {
            if self.show_secrets {
                target.to_owned()
            } else {
                Egress::new(target).redactor().mask(target)
            }
        });
        let cases = std::mem::take(&mut self.cases);
        let result = RunResult {
            schema_version: SCHEMA_VERSION,
            suite: self.suite.take().unwrap_or(suite),
            target,
            started_at: self.started_at.clone(),
            duration_ms: millis(self.started.elapsed()),
            summary: Summary::of(&cases),
            root_causes: RootCause::of(&cases),
            cases,
            notes: vec![note],
            secrets_masked: !self.show_secrets,
            comparison: None,
        };
        self.inner.event(&RunEvent::RunFinished(result.clone()));
        result
    }
}

impl EventSink for Recorder<'_> {
    fn event(&mut self, event: &RunEvent) {
        match event {
            RunEvent::RunStarted { suite, target, .. } => {
                self.suite = Some(suite.clone());
                self.target = Some(target.clone());
            }
            RunEvent::CaseFinished(case) => self.cases.push(case.clone()),
            RunEvent::CaseStarted { .. } | RunEvent::RunFinished(_) => {}
        }
        self.inner.event(event);
    }
}
