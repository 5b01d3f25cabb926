//! A Markdown summary of a run, sized for a CI step summary (GitHub Actions'
//! `$GITHUB_STEP_SUMMARY`): a headline, the root causes (what blocked other checks), the counts,
//! counts per category, then one table row per failing case with the requirement it enforces (RFC
//! section, keyword, the requirement in words; else its RFC section), expected and
//! actual values and the hint.
//!
//! Every value from the run is escaped so it stays inside its table cell and renders as text:
//! pipes and Markdown punctuation get a backslash, `<`, `>` and `&` become entities, and line
//! breaks become `<br>`. A server answering `|` or `<script>` cannot reshape the summary.

use std::fmt::Write as _;

use scimcheck_engine::model::{CaseResult, RunResult, Verdict};

use crate::comparison::{self, is_failing, sections, transition};
use crate::excerpt::head;
use crate::expectation::expected_failures;
use crate::failure::{failed_assertions, headline as why, requirement_lines};
use crate::group::{self, DISPLAY_ORDER};
use crate::root_cause;
use crate::units;

/// Failure rows listed before the table stops; the full list is in the HTML report.
const MAX_FAILURE_ROWS: usize = 50;

/// Characters kept of one value (expected, actual, title…) in a cell.
const MAX_CELL_CHARS: usize = 300;

/// The run summarized as Markdown (GitHub-flavoured tables).
pub fn render(run: &RunResult) -> String {
    let mut out = String::new();
    let total = group::total(&run.summary);
    let failing = run.cases.iter().filter(|c| is_failing(c)).count();
    let mut headline = if failing == 0 {
        format!("✅ scimcheck: {total} checks, none failed")
    } else {
        format!("❌ scimcheck: {failing} of {total} checks failed")
    };
    match expected_failures(run).count() {
        0 => {}
        1 => headline.push_str(" · 1 expected failure"),
        n => {
            let _ = write!(headline, " · {n} expected failures");
        }
    }
    if let Some(comparison) = &run.comparison {
        let _ = write!(headline, " · {}", comparison::phrase(comparison));
    }
    let headline = if run.root_causes.is_empty() {
        headline
    } else {
        format!("{headline} · {}", root_cause::heading(run))
    };
    let _ = writeln!(out, "## {headline}\n");
    let _ = writeln!(
        out,
        "**Suite** {} · **Target** {} · **Started** {} · **Duration** {}\n",
        inline(&run.suite),
        inline(&run.target),
        inline(&run.started_at),
        units::duration(run.duration_ms)
    );
    write_root_causes(&mut out, run);
    write_comparison(&mut out, run);
    write_counts(&mut out, run);
    write_categories(&mut out, run);
    write_failures(&mut out, run);
    write_expected(&mut out, run);
    for note in &run.notes {
        let _ = writeln!(out, "> {}\n", inline(note));
    }
    out
}

fn write_root_causes(out: &mut String, run: &RunResult) {
    if run.root_causes.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {}: fix these first\n", root_cause::heading(run));
    let _ = writeln!(out, "| Root cause | Blocked | Why |\n| --- | ---: | --- |");
    for (cause, why) in root_cause::with_reasons(run) {
        let _ = writeln!(
            out,
            "| {} **{}** ({}) | {} | {} |",
            icon(Verdict::Fail),
            cell(&cause.title),
            cell(&cause.case),
            root_cause::blocked_phrase(cause),
            cell(&why)
        );
    }
    out.push('\n');
}

/// How the run compares with its baseline: one table per non-empty list, regressions first.
fn write_comparison(out: &mut String, run: &RunResult) {
    let Some(comparison) = &run.comparison else {
        return;
    };
    let _ = writeln!(
        out,
        "### Compared with the baseline\n\nBaseline started {} against {}: {}.\n",
        inline(&comparison.baseline.started_at),
        inline(&comparison.baseline.target),
        comparison::phrase(comparison)
    );
    for (heading, changes) in sections(comparison) {
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "| {heading} | Change |\n| --- | --- |");
        for change in changes.iter().take(MAX_FAILURE_ROWS) {
            let _ = writeln!(
                out,
                "| **{}** ({}) | {} |",
                cell(&change.title),
                cell(&change.case),
                transition(change)
            );
        }
        if changes.len() > MAX_FAILURE_ROWS {
            let _ = writeln!(out, "\n…and {} more.", changes.len() - MAX_FAILURE_ROWS);
        }
        out.push('\n');
    }
}

/// The expected failures (`[expect]`) with their reasons and why each failed today.
fn write_expected(out: &mut String, run: &RunResult) {
    let expected: Vec<&CaseResult> = expected_failures(run).collect();
    if expected.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Expected failures (not failing the run)\n\n| Check | Expected because | Failed with |\n| --- | --- | --- |"
    );
    for case in expected {
        let _ = writeln!(
            out,
            "| {} **{}** ({}) | {} | {} |",
            icon(case.verdict),
            cell(&case.title),
            cell(&case.id),
            cell(case.expected_failure.as_deref().unwrap_or_default()),
            cell(&why(case))
        );
    }
    out.push('\n');
}

fn write_counts(out: &mut String, run: &RunResult) {
    let mut header = String::from("|");
    let mut rule = String::from("|");
    let mut row = String::from("|");
    for verdict in DISPLAY_ORDER {
        let _ = write!(
            header,
            " {} {} |",
            icon(verdict),
            group::counted_label(verdict)
        );
        rule.push_str(" ---: |");
        let _ = write!(row, " {} |", group::count(&run.summary, verdict));
    }
    let _ = writeln!(out, "{header} total |\n{rule} ---: |");
    let _ = writeln!(out, "{row} {} |\n", group::total(&run.summary));
}

fn write_categories(out: &mut String, run: &RunResult) {
    let groups = group::by_category(&run.cases);
    if groups.len() < 2 {
        return;
    }
    let _ = writeln!(out, "| Category | Result |\n| --- | --- |");
    for group in &groups {
        let _ = writeln!(
            out,
            "| {} | {} |",
            cell(group.name),
            group::counts_phrase(&group.summary())
        );
    }
    out.push('\n');
}

fn write_failures(out: &mut String, run: &RunResult) {
    let failures: Vec<&CaseResult> = run.cases.iter().filter(|c| is_failing(c)).collect();
    if failures.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Failures\n");
    let _ = writeln!(
        out,
        "| Check | Requirement | Expected | Actual |\n| --- | --- | --- | --- |"
    );
    for case in failures.iter().take(MAX_FAILURE_ROWS) {
        write_failure_row(out, case);
    }
    if failures.len() > MAX_FAILURE_ROWS {
        let _ = writeln!(
            out,
            "\n…and {} more failures: see the HTML report.",
            failures.len() - MAX_FAILURE_ROWS
        );
    }
    out.push('\n');
}

fn write_failure_row(out: &mut String, case: &CaseResult) {
    let mut check = format!(
        "{} **{}** ({})",
        icon(case.verdict),
        cell(&case.title),
        cell(&case.id)
    );
    let mut failed = failed_assertions(case);
    let (expected, actual) = match failed.next() {
        Some(first) => {
            let _ = write!(check, "<br>{}", cell(&first.description));
            let more = failed.count();
            let mut actual = cell(&first.actual);
            if more > 0 {
                let _ = write!(actual, " (+{more} more)");
            }
            (cell(&first.wanted()), actual)
        }
        None => (
            "—".to_owned(),
            cell(case.reason.as_deref().unwrap_or(case.verdict.as_str())),
        ),
    };
    if let Some(hint) = &case.hint {
        let _ = write!(check, "<br>💡 {}", cell(hint));
    }
    let requirements = requirement_lines(case);
    let rfc = if requirements.is_empty() {
        case.rfc_section.as_deref().map_or("—".to_owned(), cell)
    } else {
        requirements
            .iter()
            .map(String::as_str)
            .map(cell)
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let _ = writeln!(out, "| {check} | {rfc} | {expected} | {actual} |");
}

fn icon(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✅",
        Verdict::Fail => "❌",
        Verdict::Error => "💥",
        Verdict::Warn => "⚠️",
        Verdict::Skip => "⏭️",
        Verdict::Blocked => "⛔",
    }
}

/// `text` escaped for a table cell: cut to [`MAX_CELL_CHARS`], line breaks as `<br>`.
fn cell(text: &str) -> String {
    escape(text, "<br>")
}

/// `text` escaped for running prose: cut to [`MAX_CELL_CHARS`], line breaks as spaces.
fn inline(text: &str) -> String {
    escape(text, " ")
}

fn escape(text: &str, line_break: &str) -> String {
    let (kept, cut) = head(text, MAX_CELL_CHARS);
    let mut out = String::with_capacity(kept.len() + 8);
    for c in kept.chars() {
        match c {
            '\n' => out.push_str(line_break),
            '\r' => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_hostile_text_inside_one_cell() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
        assert_eq!(
            cell("<script>alert(1)</script>"),
            "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
        );
        assert_eq!(
            inline("[x](javascript:alert(1))"),
            "\\[x\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(inline("line\r\nbreak"), "line break");
    }

    #[test]
    fn long_values_are_cut_and_marked() {
        let long = "x".repeat(MAX_CELL_CHARS + 10);
        let escaped = cell(&long);
        assert!(escaped.ends_with('…'));
        assert_eq!(escaped.chars().count(), MAX_CELL_CHARS + 1);
    }
}
