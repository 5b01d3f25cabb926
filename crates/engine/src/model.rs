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
///
/// 2: the `blocked` verdict (with `summary.blocked`, a case's `blocked_by`) and `root_causes`.
pub const SCHEMA_VERSION: u32 = 2;

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
    /// The failed cases other cases were blocked by ([`RootCause::of`]), in run order: what to
    /// fix first, because every case they blocked could not be judged until they pass.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root_causes: Vec<RootCause>,
    /// One entry per case, in execution order.
    pub cases: Vec<CaseResult>,
    /// Run-level remarks: what was started for the run, how much waiting was skipped, etc.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Whether credentials were masked throughout ([`crate::redact::Redactor`]); false only when
    /// the user asked for `--show-secrets`, so a report can say which it is.
    #[serde(default = "masked")]
    pub secrets_masked: bool,
    /// The resources the run met but did not create (on a production server, real people) and
    /// whether their values were masked in the recorded exchanges; absent for suites that do not
    /// tell them apart (Runscope tests).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_data: Option<ForeignData>,
    /// How this run compares with an earlier one (`--baseline FILE`, `scimcheck diff`); absent
    /// when it was not compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
    /// What a load run (`scimcheck load`) measured: latencies per operation, throughput over
    /// time, throttling; absent for every other run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<LoadFigures>,
}

/// When a run started: the time its report shows and the clock its duration is measured on.
/// Every runner (the check suite, a Runscope test, a load scenario) starts one and finishes its
/// result through it, so results are counted, masked and given root causes the same way.
#[derive(Debug, Clone)]
pub struct RunStart {
    at: String,
    clock: std::time::Instant,
}

impl RunStart {
    /// A run starting now.
    pub fn now() -> RunStart {
        RunStart {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            clock: std::time::Instant::now(),
        }
    }

    /// The instant it started, for deadlines counted from the start.
    pub fn instant(&self) -> std::time::Instant {
        self.clock
    }

    /// The result of the run once its cases are in: counts, root causes and duration follow
    /// from them, and every case and the target are masked with `redactor` (`None` only when
    /// the user asked to see secrets). Foreign data, a comparison or load figures are the
    /// caller's to add.
    pub fn finish(
        self,
        suite: String,
        target: String,
        cases: Vec<CaseResult>,
        notes: Vec<String>,
        redactor: Option<&crate::redact::Redactor>,
    ) -> RunResult {
        let mut result = RunResult {
            schema_version: SCHEMA_VERSION,
            suite,
            target,
            started_at: self.at,
            duration_ms: crate::http::millis(self.clock.elapsed()),
            summary: Summary::of(&cases),
            root_causes: Vec::new(),
            cases,
            notes,
            secrets_masked: redactor.is_some(),
            foreign_data: None,
            comparison: None,
            load: None,
        };
        if let Some(redactor) = redactor {
            redactor.mask_run(&mut result);
        }
        result.root_causes = RootCause::of(&result.cases);
        result
    }
}

/// What a run met of resources it did not create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignData {
    /// How many distinct foreign resources the recorded responses held.
    pub seen: u64,
    /// Whether their attribute values were masked in every output (false only with
    /// `--show-foreign-data`).
    pub masked: bool,
}

/// Results written before `secrets_masked` existed were always masked.
fn masked() -> bool {
    true
}

impl RunResult {
    /// True when no case failed or errored, except the expected failures (whose
    /// [`CaseResult::expected_failure`] is set): the basis of exit code 0.
    pub fn succeeded(&self) -> bool {
        let expected = self
            .cases
            .iter()
            .filter(|c| c.expected_failure.is_some())
            .count();
        (self.summary.failed + self.summary.errored) as usize <= expected
    }
}

/// A run compared with an earlier run of the same checks (the baseline), case by case by id.
///
/// A case is *failing* when it failed or errored and was not an expected failure; the lists
/// follow from that (the rules are `scimcheck_report::comparison`'s, documented in
/// docs/RESULTS.md). Every list is in the current run's order (removed cases: the baseline's).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The baseline run: suite, target and start, so a report says what it compared with.
    pub baseline: ComparedRun,
    /// Failing now, not failing in the baseline (passed, skipped, blocked) or absent from it.
    #[serde(default)]
    pub regressions: Vec<CaseChange>,
    /// Failing in the baseline, passing now.
    #[serde(default)]
    pub fixes: Vec<CaseChange>,
    /// Failing in both.
    #[serde(default)]
    pub still_failing: Vec<CaseChange>,
    /// Absent from the baseline and not failing now (a new failing case is a regression).
    #[serde(default)]
    pub new_cases: Vec<CaseChange>,
    /// In the baseline, absent now.
    #[serde(default)]
    pub removed_cases: Vec<CaseChange>,
}

/// Which run a [`Comparison`] was made against.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparedRun {
    /// Its suite.
    pub suite: String,
    /// Its target.
    pub target: String,
    /// When it started (RFC 3339).
    pub started_at: String,
}

/// One case of a [`Comparison`]: its verdict in the baseline and now (`None` where absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseChange {
    /// The case id (the key the runs are compared by).
    pub case: String,
    /// Its title (the current run's, else the baseline's).
    pub title: String,
    /// Its verdict in the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Verdict>,
    /// Its verdict now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Verdict>,
}

/// A failed case that others were built on: the checks it blocked say nothing until it passes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCause {
    /// Id of the failed case (for the conformance suite, a `prerequisite.…` case).
    pub case: String,
    /// Its title.
    pub title: String,
    /// How many cases it blocked.
    pub blocked: u32,
}

impl RootCause {
    /// The root causes of `cases`: every case some [`Verdict::Blocked`] case names in its
    /// `blocked_by`, in the order the cases ran, with how many it blocked.
    pub fn of(cases: &[CaseResult]) -> Vec<RootCause> {
        let mut causes: Vec<RootCause> = Vec::new();
        let names = cases.iter().filter_map(|c| c.blocked_by.as_deref());
        for name in names {
            match causes.iter_mut().find(|c| c.case == name) {
                Some(cause) => cause.blocked += 1,
                None => causes.push(RootCause {
                    case: name.to_owned(),
                    title: cases
                        .iter()
                        .find(|c| c.id == name)
                        .map_or_else(|| name.to_owned(), |c| c.title.clone()),
                    blocked: 1,
                }),
            }
        }
        let position = |id: &str| cases.iter().position(|c| c.id == id);
        causes.sort_by_key(|c| position(&c.case));
        causes
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
    /// Cases whose verdict is [`Verdict::Blocked`] (absent in results before schema 2).
    #[serde(default)]
    pub blocked: u32,
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
            Verdict::Blocked => &mut self.blocked,
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
    /// Not judged because a prerequisite it builds on failed (`blocked_by` names that case):
    /// its own failure would only repeat the prerequisite's.
    Blocked,
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
            Verdict::Blocked => "blocked",
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
    /// The RFC requirements the check enforces, those whose keyword sets its severity (suites
    /// fill this from their requirement matrix): what a reader holds a failure against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
    /// What to change on the server when the case fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Free labels for filtering reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// For a [`Verdict::Blocked`] case, the id of the failed case it was blocked by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<String>,
    /// For a failed or errored case the settings list as expected to fail (`[expect]` in
    /// scimcheck.toml), the reason given there: the case does not fail the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_failure: Option<String>,
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
            requirements: Vec::new(),
            hint: None,
            tags: Vec::new(),
            blocked_by: None,
            expected_failure: None,
        }
    }

    /// Ends the case as [`Verdict::Blocked`] by the failed case `by`, saying why.
    pub fn block(&mut self, by: &str, reason: impl Into<String>) {
        self.conclude(Verdict::Blocked, reason);
        if self.verdict == Verdict::Blocked {
            self.blocked_by = Some(by.to_owned());
        }
    }

    /// Ends the case with `verdict` and `reason`, unless it already ended worse: an error is
    /// never downgraded to a failure, and a failure's first reason is kept.
    pub fn conclude(&mut self, verdict: Verdict, reason: impl Into<String>) {
        let rank = |v: Verdict| match v {
            Verdict::Pass => 0,
            Verdict::Skip => 1,
            Verdict::Blocked => 2,
            Verdict::Warn => 3,
            Verdict::Fail => 4,
            Verdict::Error => 5,
        };
        if rank(verdict) > rank(self.verdict) {
            self.verdict = verdict;
            self.reason = Some(reason.into());
        }
    }
}

/// One normative statement of an RFC that a case enforces, as a report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// The requirement's id in the suite's matrix, e.g. `7644-3.12-7`.
    pub id: String,
    /// Where it is, e.g. `RFC 7644 §3.12`.
    pub section: String,
    /// The BCP 14 keyword of its sentence, e.g. `SHOULD`.
    pub keyword: String,
    /// What it requires, in words a reader can check against the RFC.
    pub text: String,
}

impl std::fmt::Display for Requirement {
    /// `RFC 7644 §3.12 SHOULD: <text> (7644-3.12-7)`, the one line every report prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {} ({})",
            self.section, self.keyword, self.text, self.id
        )
    }
}

/// The figures of a load run, so every report draws the same numbers: latency percentiles per
/// operation (corrected for coordinated omission when requests were paced by `--rate`),
/// throughput and latency per second, and how the server throttled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoadFigures {
    /// The scenario that ran, e.g. `group-push`.
    pub scenario: String,
    /// The settings it ran with, as `flag = value` lines (users, concurrency, rate…).
    #[serde(default)]
    pub settings: Vec<String>,
    /// One entry per kind of operation (`create-user`, `add-members`…), in first-seen order.
    #[serde(default)]
    pub operations: Vec<OperationFigures>,
    /// One entry per second of the run, from its start.
    #[serde(default)]
    pub timeline: Vec<Interval>,
    /// The 429 answers and how they were honoured.
    #[serde(default)]
    pub throttling: Throttling,
}

/// Latency figures of one kind of operation, in milliseconds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationFigures {
    /// The operation, e.g. `create-user`.
    pub name: String,
    /// Requests answered (retries after a 429 not counted twice).
    pub count: u64,
    /// Requests that failed: transport errors and answers the scenario did not expect.
    pub errors: u64,
    /// Median latency.
    pub p50_ms: f64,
    /// 90th percentile.
    pub p90_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// 99.9th percentile.
    pub p999_ms: f64,
    /// The slowest.
    pub max_ms: f64,
}

/// One second of a load run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Seconds since the run's start (this interval covers `[second, second + 1)`).
    pub second: u32,
    /// Requests completed in it.
    pub requests: u64,
    /// Of them, failed.
    pub errors: u64,
    /// Median latency of the requests completed in it, milliseconds.
    pub p50_ms: f64,
    /// 99th percentile of the requests completed in it, milliseconds.
    pub p99_ms: f64,
}

/// How often the server answered 429 and what the run did about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttling {
    /// 429 answers received.
    pub responses: u64,
    /// Of them, without a usable `Retry-After` header.
    pub without_retry_after: u64,
    /// Total time spent waiting before retries, milliseconds.
    pub waited_ms: u64,
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

impl AssertionResult {
    /// What was wanted, worded by the record's rule (see [`Rule::wanted`](crate::rule::Rule::wanted));
    /// records without a rule (Runscope's) show their expected text as written, as an equality
    /// would.
    pub fn wanted(&self) -> std::borrow::Cow<'_, str> {
        self.judged_by().wanted(&self.expected)
    }

    /// "description: expected …, got …", the one sentence every report gives a failed record.
    pub fn failure_sentence(&self) -> String {
        self.judged_by()
            .failure(&self.description, &self.expected, &self.actual)
    }

    fn judged_by(&self) -> crate::rule::Rule {
        self.rule.unwrap_or(crate::rule::Rule::Equal)
    }
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
            Verdict::Blocked,
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
    fn blocked_cases_name_their_root_cause_and_are_counted_per_cause() {
        let mut create = CaseResult::new("prerequisite.users.create", "POST /Users creates a user");
        create.conclude(Verdict::Fail, "status: expected 201, got 500");
        let mut groups = CaseResult::new("prerequisite.groups.create", "POST /Groups");
        groups.conclude(Verdict::Fail, "status: expected 201, got 500");
        let blocked = |id: &str, by: &str| {
            let mut case = CaseResult::new(id, id);
            case.block(by, format!("blocked by {by}"));
            case
        };
        let cases = vec![
            create,
            groups,
            blocked("groups.a", "prerequisite.groups.create"),
            blocked("users.a", "prerequisite.users.create"),
            blocked("users.b", "prerequisite.users.create"),
            CaseResult::new("discovery.a", "passes"),
        ];
        assert_eq!(cases[3].verdict, Verdict::Blocked);
        let causes = RootCause::of(&cases);
        let seen: Vec<(&str, &str, u32)> = causes
            .iter()
            .map(|c| (c.case.as_str(), c.title.as_str(), c.blocked))
            .collect();
        assert_eq!(
            seen,
            [
                ("prerequisite.users.create", "POST /Users creates a user", 2),
                ("prerequisite.groups.create", "POST /Groups", 1)
            ],
            "in run order, with their titles and counts"
        );
        assert_eq!(Summary::of(&cases).blocked, 3);
        let mut errored = CaseResult::new("x", "x");
        errored.conclude(Verdict::Error, "first");
        errored.block("prerequisite.users.create", "later");
        assert_eq!(
            (errored.verdict, errored.blocked_by),
            (Verdict::Error, None),
            "an error is not turned into a block"
        );
    }

    #[test]
    fn results_without_blocked_fields_still_read() {
        let summary: Summary =
            serde_json::from_str(r#"{"passed":1,"failed":0,"skipped":0,"warned":0,"errored":0}"#)
                .unwrap();
        assert_eq!(summary.blocked, 0);
        let case: CaseResult =
            serde_json::from_str(r#"{"id":"a","title":"a","verdict":"pass","duration_ms":0}"#)
                .unwrap();
        assert_eq!(case.blocked_by, None);
        assert_eq!(
            serde_json::to_string(&Verdict::Blocked).unwrap(),
            "\"blocked\""
        );
    }

    #[test]
    fn verdict_serializes_lower_case() {
        let json = serde_json::to_string(&Verdict::Warn).unwrap();
        assert_eq!(json, "\"warn\"");
    }
}
