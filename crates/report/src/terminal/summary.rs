//! The end of a run on the terminal: its root causes first, then failure details, counts per
//! category, run notes and the one-line result. Quiet mode prints only this.

use std::fmt::Write as _;

use scimcheck_engine::model::RunResult;

use super::case::write_failure;
use super::style::{Painter, Tone, clean};
use crate::comparison::{self, is_failing, sections, transition};
use crate::expectation::expected_failures;
use crate::group;
use crate::root_cause;
use crate::units;

/// Cases listed per comparison list before "…and N more".
const MAX_LISTED: usize = 20;

/// Appends the summary of `run` to `out`.
pub(crate) fn write_summary(out: &mut String, run: &RunResult, painter: Painter) {
    write_root_causes(out, run, painter);
    write_comparison(out, run, painter);
    let failures: Vec<_> = run.cases.iter().filter(|c| is_failing(c)).collect();
    if !failures.is_empty() {
        let _ = writeln!(
            out,
            "\n{}\n",
            painter.paint(Tone::Strong, &format!("Failures ({})", failures.len()))
        );
        for (n, case) in failures.into_iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            write_failure(out, case, painter);
        }
    }
    write_expected(out, run, painter);
    let groups = group::by_category(&run.cases);
    if !groups.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            painter.paint(Tone::Strong, "Summary by category")
        );
        let width = groups
            .iter()
            .map(|g| g.name.chars().count())
            .max()
            .unwrap_or(0);
        for g in &groups {
            let summary = g.summary();
            let tone = if summary.failed + summary.errored > 0 {
                Tone::Bad
            } else {
                Tone::Good
            };
            let name = format!("{:width$}", clean(g.name));
            let _ = writeln!(
                out,
                "  {}  {}",
                name,
                painter.paint(tone, &group::counts_phrase(&summary))
            );
        }
    }
    for note in &run.notes {
        let _ = writeln!(
            out,
            "{} {}",
            painter.paint(Tone::Faint, "note:"),
            clean(note)
        );
    }
    let (word, tone) = if run.succeeded() {
        ("PASSED", Tone::Good)
    } else {
        ("FAILED", Tone::Bad)
    };
    let causes = if run.root_causes.is_empty() {
        String::new()
    } else {
        format!("{} · ", root_cause::heading(run))
    };
    let expected = match expected_failures(run).count() {
        0 => String::new(),
        n => format!(" ({n} expected)"),
    };
    let _ = writeln!(
        out,
        "\n{} {causes}{}{expected} in {} · {} · {}",
        painter.paint(tone, word),
        group::counts_phrase(&run.summary),
        units::duration(run.duration_ms),
        clean(&run.suite),
        clean(&run.target)
    );
}

/// "2 root causes" and, for each, its case, what it blocked and why it failed: what to fix first.
fn write_root_causes(out: &mut String, run: &RunResult, painter: Painter) {
    if run.root_causes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n{}",
        painter.paint(
            Tone::Strong,
            &format!("{}: fix these first", root_cause::heading(run))
        )
    );
    for (cause, why) in root_cause::with_reasons(run) {
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            painter.paint(Tone::Bad, &clean(&cause.case)),
            clean(&cause.title),
            painter.paint(Tone::Faint, &root_cause::blocked_phrase(cause))
        );
        if !why.is_empty() {
            let _ = writeln!(out, "      {}", painter.paint(Tone::Faint, &clean(&why)));
        }
    }
}

/// How the run compares with its baseline: one line of counts, then each non-empty list.
pub(crate) fn write_comparison(out: &mut String, run: &RunResult, painter: Painter) {
    let Some(comparison) = &run.comparison else {
        return;
    };
    let heading = format!(
        "Compared with the baseline of {} ({}): {}",
        clean(&comparison.baseline.started_at),
        clean(&comparison.baseline.target),
        comparison::phrase(comparison)
    );
    write_heading(out, &heading, painter);
    for (heading, changes) in sections(comparison) {
        if changes.is_empty() {
            continue;
        }
        let tone = if heading == "Regressions" {
            Tone::Bad
        } else {
            Tone::Strong
        };
        let _ = writeln!(out, "  {}", painter.paint(tone, heading));
        for change in changes.iter().take(MAX_LISTED) {
            let _ = writeln!(
                out,
                "    {}  {}  {}",
                clean(&change.case),
                clean(&change.title),
                painter.paint(Tone::Faint, &transition(change))
            );
        }
        if changes.len() > MAX_LISTED {
            let _ = writeln!(out, "    …and {} more", changes.len() - MAX_LISTED);
        }
    }
}

/// The expected failures (`[expect]`), each with its reason: they do not fail the run.
fn write_expected(out: &mut String, run: &RunResult, painter: Painter) {
    let expected: Vec<_> = expected_failures(run).collect();
    if expected.is_empty() {
        return;
    }
    let heading = format!(
        "Expected failures ({}), not failing the run",
        expected.len()
    );
    write_heading(out, &heading, painter);
    for case in expected {
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            clean(&case.id),
            clean(&case.title),
            painter.paint(
                Tone::Faint,
                &format!(
                    "expected: {}",
                    clean(case.expected_failure.as_deref().unwrap_or_default())
                )
            )
        );
    }
}

/// A section heading after an empty line.
fn write_heading(out: &mut String, heading: &str, painter: Painter) {
    let _ = writeln!(out, "\n{}", painter.paint(Tone::Strong, heading));
}
