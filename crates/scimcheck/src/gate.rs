//! What makes a run fail (exit 1): any failing check (`--fail-on failures`, the default), or only
//! the checks that got worse since a baseline (`--fail-on regressions` with `--baseline FILE`),
//! with the checks `[expect]` in scimcheck.toml lists as expected to fail never counted. The
//! rules themselves are the report crate's (`comparison`, `expectation`); this module reads the
//! inputs and applies them to the run, live (so the terminal shows them) and to the result.

use anyhow::{Context, Result, bail};
use scimcheck_engine::event::{EventSink, RunEvent};
use scimcheck_engine::model::{RunResult, SCHEMA_VERSION};
use scimcheck_report::comparison;
use scimcheck_report::expectation::{self, Expectations};
use std::path::{Path, PathBuf};

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when any check fails or errors (expected failures aside).
    #[default]
    Failures,
    /// Exit 1 only when a check fails that did not fail in the baseline (or is new); without a
    /// baseline, every failing check is new.
    Regressions,
}

/// The flags of the gate, shared by `run` and `runscope`.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct GateArgs {
    /// Compare with an earlier run's `--json` file: report regressions, fixes, still-failing,
    /// new and removed checks.
    #[arg(long, value_name = "FILE.json")]
    pub baseline: Option<PathBuf>,
    /// What fails the run (exit 1): any failing check, or only regressions against --baseline.
    #[arg(long, value_enum, value_name = "failures|regressions")]
    pub fail_on: Option<FailOn>,
}

/// The gate of one run: the baseline read, the expected failures, and `--fail-on`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gate {
    /// The baseline run, when `--baseline` was given.
    pub baseline: Option<RunResult>,
    /// `[expect]` of the settings file.
    pub expect: Expectations,
    /// What fails the run.
    pub fail_on: FailOn,
}

impl Gate {
    /// Reads the baseline named by `args` (a usage error, exit 2, when it cannot be used) and
    /// checks that every expected failure gives a reason. `show_secrets`: whether this run's
    /// outputs are unmasked anyway (see [`check_masking`]).
    pub fn new(args: &GateArgs, expect: Expectations, show_secrets: bool) -> Result<Gate> {
        if let Some((id, _)) = expect.iter().find(|(_, reason)| reason.trim().is_empty()) {
            bail!(
                "[expect] lists {id} without a reason: give one, e.g. \"{id}\" = \"fails until ticket SCIM-12 ships\""
            );
        }
        let baseline = args.baseline.as_deref().map(read_results).transpose()?;
        if let (Some(path), Some(baseline)) = (&args.baseline, &baseline) {
            check_masking(path, baseline, !show_secrets)?;
        }
        Ok(Gate {
            baseline,
            expect,
            fail_on: args.fail_on.unwrap_or_default(),
        })
    }

    /// Applies the expected failures to `run` and compares it with the baseline.
    pub fn judge(&self, run: &mut RunResult) {
        expectation::apply(run, &self.expect);
        if let Some(baseline) = &self.baseline {
            run.comparison = Some(comparison::between(baseline, run));
        }
    }

    /// True when `run` (already [judged](Self::judge)) passes: exit code 0.
    pub fn passes(&self, run: &RunResult) -> bool {
        passes(run, self.fail_on)
    }

    /// The last line of a gated run, when `--baseline` or `--fail-on regressions` was given:
    /// what decided the exit code (the summary's PASSED/FAILED speaks of failures alone).
    pub fn line(&self, run: &RunResult) -> Option<String> {
        (self.baseline.is_some() || self.fail_on == FailOn::Regressions)
            .then(|| line(run, self.fail_on))
    }

    /// `sink` with every case judged against `[expect]` as it finishes and the final result
    /// judged whole, so the live terminal shows what the result files will.
    pub fn sink<'a>(&'a self, sink: &'a mut dyn EventSink) -> JudgingSink<'a> {
        JudgingSink { gate: self, sink }
    }
}

/// Whether `run` passes under `fail_on`: with `regressions` and a comparison, when nothing
/// regressed; otherwise when nothing failed.
pub fn passes(run: &RunResult, fail_on: FailOn) -> bool {
    match (fail_on, &run.comparison) {
        (FailOn::Regressions, Some(comparison)) => comparison.regressions.is_empty(),
        _ => run.succeeded(),
    }
}

/// "PASSED (--fail-on regressions): 0 regressions, 2 fixed, …": the gate's verdict on `run`.
pub fn line(run: &RunResult, fail_on: FailOn) -> String {
    let word = if passes(run, fail_on) {
        "PASSED"
    } else {
        "FAILED"
    };
    let name = match fail_on {
        FailOn::Failures => "failures",
        FailOn::Regressions => "regressions",
    };
    let why = match &run.comparison {
        Some(comparison) => comparison::phrase(comparison),
        None => "no baseline, so every failing check counts".to_owned(),
    };
    format!("{word} (--fail-on {name}): {why}")
}

/// An event sink that judges what passes through it (see [`Gate::sink`]).
pub struct JudgingSink<'a> {
    gate: &'a Gate,
    sink: &'a mut dyn EventSink,
}

impl EventSink for JudgingSink<'_> {
    fn event(&mut self, event: &RunEvent) {
        match event {
            RunEvent::CaseFinished(case) if self.gate.expect.contains_key(&case.id) => {
                let mut case = case.clone();
                expectation::apply_to_case(&mut case, &self.gate.expect);
                self.sink.event(&RunEvent::CaseFinished(case));
            }
            RunEvent::RunFinished(run) => {
                let mut run = run.clone();
                self.gate.judge(&mut run);
                self.sink.event(&RunEvent::RunFinished(run));
            }
            other => self.sink.event(other),
        }
    }
}

/// Refuses a baseline written with `--show-secrets` for a run whose outputs are masked: the
/// comparison copies titles from the baseline (removed checks), which could carry a credential
/// in clear into reports meant to be shared.
pub fn check_masking(path: &Path, baseline: &RunResult, masked: bool) -> Result<()> {
    if masked && !baseline.secrets_masked {
        bail!(
            "{} was written with --show-secrets: comparing with it could copy credentials into this run's reports; compare with a run made without --show-secrets",
            path.display()
        );
    }
    Ok(())
}

/// Reads a results file (`--json` of an earlier run) as a baseline or for `scimcheck diff`:
/// what is wrong, where, and how to get a good one when it cannot be used.
pub fn read_results(path: &Path) -> Result<RunResult> {
    const HOW: &str = "give the --json file of an earlier run (scimcheck run --json results.json)";
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the results file {}; {HOW}", path.display()))?;
    let run: RunResult = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a scimcheck results file; {HOW}", path.display()))?;
    if run.schema_version > SCHEMA_VERSION {
        bail!(
            "{} has results schema {}, newer than this scimcheck reads ({SCHEMA_VERSION}); upgrade scimcheck or compare with a file this version wrote",
            path.display(),
            run.schema_version
        );
    }
    Ok(run)
}
