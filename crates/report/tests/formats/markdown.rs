use scimcheck_report::markdown;

use crate::fixture::{self, SCRIPT};

/// Splits a table row into cells on pipes that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().expect("a backslash escapes something");
                let cell = cells.last_mut().unwrap();
                cell.push('\\');
                cell.push(next);
            }
            '|' => cells.push(String::new()),
            c => cells.last_mut().unwrap().push(c),
        }
    }
    // The leading and trailing pipes frame the row.
    assert_eq!(
        cells.first().map(String::as_str),
        Some(""),
        "row must start with |: {row}"
    );
    assert_eq!(
        cells.last().map(|c| c.trim()),
        Some(""),
        "row must end with |: {row}"
    );
    cells[1..cells.len() - 1]
        .iter()
        .map(|c| c.trim().to_owned())
        .collect()
}

/// The rows of the table that follows `heading_row` (header and rule excluded).
fn table_after<'a>(text: &'a str, heading_row: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| *l != heading_row);
    assert!(lines.next().is_some(), "no table {heading_row}");
    lines.next(); // the rule
    lines.take_while(|l| l.starts_with('|')).collect()
}

#[test]
fn headline_and_counts() {
    let text = markdown::render(&fixture::run());
    assert!(text.starts_with("## ❌ scimcheck: 3 of 7 checks failed\n"));
    let header = text
        .lines()
        .find(|l| l.contains("failed |"))
        .expect("counts table");
    let rows = table_after(&text, header);
    assert_eq!(cells(rows[0]), ["2", "1", "0", "1", "1", "2", "7"]);
    assert_eq!(
        cells(header),
        [
            "❌ failed",
            "💥 errored",
            "⛔ blocked",
            "⚠️ warned",
            "⏭️ skipped",
            "✅ passed",
            "total"
        ]
    );
}

#[test]
fn categories_are_counted() {
    let text = markdown::render(&fixture::run());
    let rows = table_after(&text, "| Category | Result |");
    let parsed: Vec<Vec<String>> = rows.iter().map(|r| cells(r)).collect();
    assert_eq!(parsed[0], ["users", "1 failed, 1 passed"]);
    assert_eq!(parsed[1], ["groups", "1 errored, 1 skipped"]);
    assert_eq!(parsed.len(), 5);
}

#[test]
fn failures_table_has_one_row_of_four_cells_per_failure() {
    let text = markdown::render(&fixture::run());
    let rows = table_after(&text, "| Check | Requirement | Expected | Actual |");
    assert_eq!(rows.len(), 3, "two failures and one error: {rows:#?}");
    let duplicate = cells(rows[0]);
    assert_eq!(duplicate.len(), 4);
    assert!(duplicate[0].starts_with("❌ **Duplicate userName is rejected with 409**"));
    assert!(
        duplicate[0].contains("💡 Answer 409 Conflict"),
        "hint shown: {}",
        duplicate[0]
    );
    // The requirement it enforces (section, keyword, words), Markdown punctuation escaped.
    assert_eq!(
        duplicate[1],
        fixture::requirement()
            .to_string()
            .replace('(', "\\(")
            .replace(')', "\\)")
    );
    assert_eq!(
        (duplicate[2].as_str(), duplicate[3].as_str()),
        ("409", "201")
    );
    let errored = cells(rows[1]);
    assert_eq!(errored[2], "—");
    assert_eq!(errored[3], "request failed: connection reset by peer");
    // The Runscope step: a pipe in its title stays inside the cell, no RFC, two failures.
    let step = cells(rows[2]);
    assert_eq!(step.len(), 4);
    assert!(
        step[0].contains("Test Users endpoint \\| filter"),
        "{}",
        step[0]
    );
    assert_eq!(step[1], "—");
    assert_eq!(step[3], "500 (+1 more)");
}

#[test]
fn hostile_text_is_inert() {
    let mut run = fixture::run();
    run.cases[1].assertions[1].actual =
        format!("{SCRIPT}\n| x | y |\n[click](javascript:alert(1))");
    let text = markdown::render(&run);
    assert!(!text.contains(SCRIPT) && !text.contains("](javascript"));
    let rows = table_after(&text, "| Check | Requirement | Expected | Actual |");
    let actual = &cells(rows[0])[3];
    assert_eq!(
        actual,
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt;<br>\\| x \\| y \\|<br>\\[click\\]\\(javascript:alert\\(1\\)\\)"
    );
    assert!(text.contains("**Suite** conformance &lt;script&gt;"));
}

#[test]
fn a_passing_run_has_no_failure_table() {
    let mut run = fixture::run();
    run.cases
        .retain(|c| c.verdict == scimcheck_engine::model::Verdict::Pass);
    run.summary = scimcheck_engine::model::Summary::of(&run.cases);
    let text = markdown::render(&run);
    assert!(text.starts_with("## ✅ scimcheck: 2 checks, none failed"));
    assert!(!text.contains("### Failures"));
}

#[test]
fn root_causes_come_first_with_what_they_blocked() {
    let text = markdown::render(&fixture::blocked());
    let first = text.lines().next().unwrap_or_default();
    assert!(first.ends_with(" · 1 root cause"), "{first}");
    let section = text
        .find("### 1 root cause: fix these first")
        .expect("a root-cause section");
    let counts = text.find("| ❌ failed |").expect("the counts");
    assert!(
        section < counts,
        "the root causes precede the counts:\n{text}"
    );
    let rows = table_after(&text, "| Root cause | Blocked | Why |");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = cells(rows[0]);
    assert!(row[0].contains(fixture::ROOT), "{row:?}");
    assert!(!row[0].contains(SCRIPT), "hostile title escaped: {row:?}");
    assert_eq!(row[1], "blocked 2 checks");
    assert_eq!(row[2], "status: expected 201, got 500");
    assert!(
        text.contains("| ⛔ blocked |"),
        "the counts have a blocked column"
    );
}
