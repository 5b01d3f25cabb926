//! The one result model every suite and every report shares: a run holds cases, a case holds the
//! HTTP exchanges it made and the assertions it judged, and ends in a verdict.
//!
//! It is plain serde data so that reports (terminal, JSON, JUnit, HTML) are functions of it and
//! nothing else. `--json PATH` writes a [`RunResult`] as is; docs/RESULTS.md documents the fields.
//!
//! ```
//! use scimcheck_engine::model::{CaseResult, Verdict};
//! let case = CaseResult::new("step-1", "Required Test: Test Users endpoint");
//! assert_eq!(case.verdict, Verdict::Pass);
//! ```

use serde::{Deserialize, Serialize};

/// Version of the JSON layout written by `--json`; bumped when a field changes meaning or goes.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole run: what was tested, when, how long it took, and every case's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// Layout version of this document (see [`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Which suite ran, e.g. `runscope: Okta SCIM 2.0 SPEC Test`.
    pub suite: String,
    /// The server under test (its base URL), so a report says what it judged.
    pub target: String,
    /// When the run started, RFC 3339 in UTC.
    pub started_at: String,
    /// Wall time of the whole run in milliseconds.
    pub duration_ms: u64,
    /// Counts of cases per verdict, for a one-line answer.
    pub summary: Summary,
    /// One entry per case, in execution order.
    pub cases: Vec<CaseResult>,
    /// Run-level remarks: what was started for the run, how much waiting was skipped, etc.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Whether credentials were masked throughout ([`crate::redact::Redactor`]); false only when
    /// the user asked for `--show-secrets`, so a report can say which it is.
    #[serde(default = "masked")]
    pub secrets_masked: bool,
}

/// Results written before `secrets_masked` existed were always masked.
fn masked() -> bool {
    true
}

impl RunResult {
    /// True when no case failed or errored: the basis of exit code 0.
    pub fn succeeded(&self) -> bool {
        self.summary.failed == 0 && self.summary.errored == 0
    }
}

/// Number of cases per verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Cases whose verdict is [`Verdict::Pass`].
    pub passed: u32,
    /// Cases whose verdict is [`Verdict::Fail`].
    pub failed: u32,
    /// Cases whose verdict is [`Verdict::Skip`].
    pub skipped: u32,
    /// Cases whose verdict is [`Verdict::Warn`].
    pub warned: u32,
    /// Cases whose verdict is [`Verdict::Error`].
    pub errored: u32,
}

impl Summary {
    /// Counts the verdicts of `cases`.
    pub fn of(cases: &[CaseResult]) -> Self {
        let mut summary = Summary::default();
        for case in cases {
            summary.add(case.verdict);
        }
        summary
    }

    /// Counts one more case ending with `verdict`: how any subset of a run (a report's category,
    /// a page of cases) gets its own summary with the same rules as the whole run.
    pub fn add(&mut self, verdict: Verdict) {
        *self.slot(verdict) += 1;
    }

    /// How many cases ended with `verdict`, for callers that walk the verdicts in their own order.
    pub fn count(&self, verdict: Verdict) -> u32 {
        let mut copy = *self;
        *copy.slot(verdict)
    }

    /// The one mapping from a verdict to its counter.
    fn slot(&mut self, verdict: Verdict) -> &mut u32 {
        match verdict {
            Verdict::Pass => &mut self.passed,
            Verdict::Fail => &mut self.failed,
            Verdict::Skip => &mut self.skipped,
            Verdict::Warn => &mut self.warned,
            Verdict::Error => &mut self.errored,
        }
    }
}

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every assertion held.
    Pass,
    /// The server answered and an assertion (or script) did not hold.
    Fail,
    /// Not run: marked skipped, or not runnable here (the reason says why).
    Skip,
    /// Held, but something deserves a look (used by suites with advisory checks).
    Warn,
    /// Could not be judged: the request could not be built or sent, or the input was unusable.
    Error,
}

impl Verdict {
    /// Lower-case name, as written in JSON and printed on the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Skip => "skip",
            Verdict::Warn => "warn",
            Verdict::Error => "error",
        }
    }
}

/// One case: for the Runscope engine, one step titled by its note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// Stable identifier within the run (for Runscope: `step-<n>`, nested as `step-3.1`).
    pub id: String,
    /// Human title (for Runscope: the step's note with variables filled in).
    pub title: String,
    /// Grouping used by reports, e.g. `request` or `pause`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// How the case ended.
    pub verdict: Verdict,
    /// Why, when the verdict is not a plain pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// HTTP exchanges made, in order.
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    /// Assertion results, in the order they were judged.
    #[serde(default)]
    pub assertions: Vec<AssertionResult>,
    /// Script output and engine notes (e.g. undefined variables), in order.
    #[serde(default)]
    pub logs: Vec<String>,
    /// Wall time of the case in milliseconds.
    pub duration_ms: u64,
    /// RFC section a conformance check enforces (suites fill this; Runscope steps do not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rfc_section: Option<String>,
    /// How much a failure matters (suites fill this), e.g. `must` or `should`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// What to change on the server when the case fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Free labels for filtering reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl CaseResult {
    /// A passing case with nothing recorded yet; the runner fills it in as it goes.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        CaseResult {
            id: id.into(),
            title: title.into(),
            category: None,
            verdict: Verdict::Pass,
            reason: None,
            exchanges: Vec::new(),
            assertions: Vec::new(),
            logs: Vec::new(),
            duration_ms: 0,
            rfc_section: None,
            severity: None,
            hint: None,
            tags: Vec::new(),
        }
    }

    /// Ends the case with `verdict` and `reason`, unless it already ended worse: an error is
    /// never downgraded to a failure, and a failure's first reason is kept.
    pub fn conclude(&mut self, verdict: Verdict, reason: impl Into<String>) {
        let rank = |v: Verdict| match v {
            Verdict::Pass => 0,
            Verdict::Skip => 1,
            Verdict::Warn => 2,
            Verdict::Fail => 3,
            Verdict::Error => 4,
        };
        if rank(verdict) > rank(self.verdict) {
            self.verdict = verdict;
            self.reason = Some(reason.into());
        }
    }
}

/// One HTTP request as sent and what came back (or why nothing did).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// The request exactly as sent (secrets masked).
    pub request: RecordedRequest,
    /// The response, when one arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<RecordedResponse>,
    /// Transport failure (connection refused, timeout, reset…), when there was no response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A request as it went on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method, upper case.
    pub method: String,
    /// Full URL with the query percent-encoded as sent.
    pub url: String,
    /// Header name/value pairs in the order sent.
    pub headers: Vec<(String, String)>,
    /// Body text (empty when none).
    pub body: String,
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// Status code.
    pub status: u16,
    /// Reason phrase for the status (the canonical one; HTTP/2 carries none).
    pub reason: String,
    /// Header name/value pairs in the order received.
    pub headers: Vec<(String, String)>,
    /// Body as text (lossy UTF-8), cut at the result cap.
    pub body: String,
    /// True when `body` is shorter than what the server sent.
    pub body_truncated: bool,
    /// Bytes of body read from the server.
    pub size_bytes: u64,
    /// Milliseconds from sending the request to reading the last body byte.
    pub time_ms: u64,
}

/// One judged assertion: what was checked, what was expected, what was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssertionResult {
    /// What was checked, e.g. `response_json "Resources[0].id" not_empty`.
    pub description: String,
    /// The expected value as text (empty for comparisons that take none).
    pub expected: String,
    /// The actual value found, as text (`(missing)` when the property does not exist).
    pub actual: String,
    /// Whether it held.
    pub passed: bool,
    /// Why it did not hold, when the comparison itself could not be made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How `passed` follows from `expected` and `actual`, when the record was judged by one of
    /// the [`Rule`](crate::rule::Rule)s (every conformance-suite and IdP-profile record is;
    /// Runscope assertions follow their file's comparisons instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<crate::rule::Rule>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_each_verdict() {
        let verdicts = [
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Fail,
            Verdict::Skip,
            Verdict::Error,
        ];
        let cases: Vec<CaseResult> = verdicts
            .iter()
            .map(|v| {
                let mut c = CaseResult::new("x", "x");
                c.verdict = *v;
                c
            })
            .collect();
        let s = Summary::of(&cases);
        assert_eq!(
            (s.passed, s.failed, s.skipped, s.warned, s.errored),
            (1, 2, 1, 0, 1)
        );
    }

    #[test]
    fn add_counts_each_verdict_in_its_own_field() {
        let verdicts = [
            Verdict::Pass,
            Verdict::Fail,
            Verdict::Skip,
            Verdict::Warn,
            Verdict::Error,
        ];
        for (n, verdict) in verdicts.iter().enumerate() {
            let mut s = Summary::default();
            for _ in 0..=n {
                s.add(*verdict);
            }
            for other in verdicts {
                let expected = if other == *verdict { n as u32 + 1 } else { 0 };
                assert_eq!(s.count(other), expected, "{verdict:?} counted as {other:?}");
            }
        }
        let mut s = Summary::default();
        s.add(Verdict::Warn);
        assert_eq!(
            (s.warned, s.passed),
            (1, 0),
            "the field serialized as 'warned'"
        );
    }

    #[test]
    fn conclude_never_downgrades() {
        let mut c = CaseResult::new("x", "x");
        c.conclude(Verdict::Error, "first");
        c.conclude(Verdict::Fail, "second");
        assert_eq!(c.verdict, Verdict::Error);
        assert_eq!(c.reason.as_deref(), Some("first"));
    }

    #[test]
    fn verdict_serializes_lower_case() {
        let json = serde_json::to_string(&Verdict::Warn).unwrap();
        assert_eq!(json, "\"warn\"");
    }
}
