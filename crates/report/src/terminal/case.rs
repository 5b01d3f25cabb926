//! One case on the terminal: its live line (badge, title, id, time) and, when it failed, the
//! details a developer needs to fix the server without opening another report.

use std::fmt::Write as _;

use scimcheck_engine::model::{CaseResult, Verdict};

use super::exchange::{Detail, LABEL_WIDTH, write_exchange};
use super::style::{Painter, Tone, clean};
use crate::failure::{failed_assertions, headline, requirement_lines};
use crate::units;

/// Indent of everything printed under a case line.
const INDENT: &str = "    ";

/// The fixed-width badge of a verdict, e.g. `FAIL `.
pub(crate) fn badge(verdict: Verdict, painter: Painter) -> String {
    let text = format!("{:<5}", verdict.as_str().to_uppercase());
    painter.paint(Tone::of(verdict), &text)
}

/// `  PASS   Title  step-1 · 12 ms`, plus — unless it passed — why, on a second line. An
/// expected failure is `XFAIL` and says why it was expected.
pub(crate) fn write_line(out: &mut String, case: &CaseResult, painter: Painter) {
    let badge = match &case.expected_failure {
        Some(_) => painter.paint(Tone::Caution, "XFAIL"),
        None => badge(case.verdict, painter),
    };
    let _ = writeln!(
        out,
        "  {}  {}  {}",
        badge,
        clean(&case.title),
        painter.paint(
            Tone::Faint,
            &format!(
                "{} · {}",
                clean(&case.id),
                units::duration(case.duration_ms)
            )
        )
    );
    if case.verdict != Verdict::Pass {
        let why = clean(&headline(case)).into_owned();
        let _ = writeln!(out, "{INDENT}   {}", painter.paint(Tone::Faint, &why));
    }
    if let Some(reason) = &case.expected_failure {
        let why = format!("expected failure: {}", clean(reason));
        let _ = writeln!(out, "{INDENT}   {}", painter.paint(Tone::Faint, &why));
    }
}

/// Every exchange of `case`, in full (verbose mode).
pub(crate) fn write_exchanges(out: &mut String, case: &CaseResult, painter: Painter) {
    for exchange in &case.exchanges {
        write_exchange(out, exchange, Detail::Full, INDENT, painter);
    }
}

/// What failed and how to fix it: title, RFC section, reason, the last exchange, each failed
/// assertion's expected and actual values, and the hint.
pub(crate) fn write_failure(out: &mut String, case: &CaseResult, painter: Painter) {
    let rfc = case
        .rfc_section
        .as_deref()
        .map(|s| format!("  [{}]", clean(s)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} {}  {}{}",
        badge(case.verdict, painter),
        painter.paint(Tone::Strong, &clean(&case.title)),
        painter.paint(Tone::Faint, &clean(&case.id)),
        rfc
    );
    let why = case.reason.clone().unwrap_or_else(|| headline(case));
    write_field(out, "why", &why, None, painter);
    for requirement in requirement_lines(case) {
        write_field(out, "requires", &requirement, None, painter);
    }
    if let Some(last) = case.exchanges.last() {
        if case.exchanges.len() > 1 {
            let _ = writeln!(
                out,
                "{INDENT}{}",
                painter.paint(
                    Tone::Faint,
                    &format!("(last of {} exchanges; -v shows all)", case.exchanges.len())
                )
            );
        }
        write_exchange(out, last, Detail::Key, INDENT, painter);
    }
    for assertion in failed_assertions(case) {
        write_field(out, "check", &assertion.description, None, painter);
        // Some comparisons (`is not empty`, `exists`) take no expected value.
        if !assertion.expected.is_empty() {
            write_field(
                out,
                "expected",
                &assertion.wanted(),
                Some(Tone::Good),
                painter,
            );
        }
        write_field(out, "actual", &assertion.actual, Some(Tone::Bad), painter);
        if let Some(note) = &assertion.note {
            write_field(out, "note", note, None, painter);
        }
    }
    if let Some(hint) = &case.hint {
        write_field(out, "hint", hint, Some(Tone::Caution), painter);
    }
}

/// `label  value`, with the value's further lines aligned under its first.
fn write_field(out: &mut String, label: &str, value: &str, tone: Option<Tone>, painter: Painter) {
    let label = painter.paint(Tone::Faint, &format!("{label:LABEL_WIDTH$}"));
    let continuation = format!("{INDENT}{:LABEL_WIDTH$}", "");
    let value = clean(value);
    for (n, line) in value.split('\n').enumerate() {
        let line = match tone {
            Some(tone) => painter.paint(tone, line),
            None => line.to_owned(),
        };
        if n == 0 {
            let _ = writeln!(out, "{INDENT}{label}{line}");
        } else {
            let _ = writeln!(out, "{continuation}{line}");
        }
    }
}
