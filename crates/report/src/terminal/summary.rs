//! The end of a run on the terminal: its root causes first, then failure details, counts per
//! category, run notes and the one-line result. Quiet mode prints only this.

use std::fmt::Write as _;

use scimcheck_engine::model::RunResult;

use super::case::write_failure;
use super::style::{Painter, Tone, clean};
use crate::failure::is_failure;
use crate::group;
use crate::root_cause;
use crate::units;

/// Appends the summary of `run` to `out`.
pub(crate) fn write_summary(out: &mut String, run: &RunResult, painter: Painter) {
    write_root_causes(out, run, painter);
    let failures: Vec<_> = run.cases.iter().filter(|c| is_failure(c.verdict)).collect();
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
    let _ = writeln!(
        out,
        "\n{} {causes}{} in {} · {} · {}",
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
