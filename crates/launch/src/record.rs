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
            foreign_data: None,
            comparison: None,
            load: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use scimcheck_engine::event::CollectingSink;
    use scimcheck_engine::model::Verdict;

    #[test]
    fn a_run_cut_short_keeps_its_finished_cases_and_tells_the_sink() {
        let mut sink = CollectingSink::default();
        let mut recorder = Recorder::new(&mut sink, false);
        recorder.event(&RunEvent::RunStarted {
            suite: "runscope: t".into(),
            target: "http://x.test/scim".into(),
            planned: 3,
        });
        let mut case = CaseResult::new("step-1", "first");
        case.conclude(Verdict::Fail, "wrong status");
        recorder.event(&RunEvent::CaseFinished(case));
        assert_eq!(recorder.finished(), 1);
        let result = recorder.cut_short("fallback".into(), "http://y.test", "stopped".into());
        assert_eq!(result.suite, "runscope: t");
        assert_eq!(result.target, "http://x.test/scim");
        assert_eq!(result.cases.len(), 1);
        assert_eq!(result.summary.failed, 1);
        assert_eq!(result.notes, ["stopped"]);
        assert!(matches!(sink.events.last(), Some(RunEvent::RunFinished(r)) if r == &result));
    }

    #[test]
    fn a_run_cut_before_it_started_is_named_by_the_launch_with_its_target_masked() {
        let mut sink = CollectingSink::default();
        let recorder = Recorder::new(&mut sink, false);
        let result = recorder.cut_short(
            "suite".into(),
            "https://user:pa55word@x.test/scim",
            "stopped".into(),
        );
        assert_eq!(result.suite, "suite");
        assert!(!result.target.contains("pa55word"), "{}", result.target);
        assert!(result.cases.is_empty());
    }
}
