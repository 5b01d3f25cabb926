//! The requirement matrix (crates/suites/requirements/*.toml) against the catalog and against the
//! RFC text: ids unique, every requirement a check names exists, the loader refuses malformed entries, the
//! grading finds what it should; and, reading ../shared/rfc through the testkit's fixture gate
//! (one "not run" line when absent, a failure under SCIMCHECK_REQUIRE_FIXTURES), every locator
//! is found in its section, its sentence carries the keyword recorded, and the requirement is
//! not copied text.

use scimcheck_suites::catalog;
use scimcheck_suites::check::{Check, Severity};
use scimcheck_suites::requirements::{self, Matrix, MatrixError, Rfc, Source, grade};
use std::collections::{HashMap, HashSet};

fn matrix() -> Matrix {
    requirements::load().unwrap_or_else(|e| panic!("the matrix does not load: {e}"))
}

#[test]
fn ids_are_unique_across_both_rfcs() {
    let matrix = matrix();
    let mut seen = HashSet::new();
    for r in matrix.requirements() {
        assert!(seen.insert(&r.id), "{} is used twice", r.id);
    }
    assert!(
        seen.len() > 400,
        "the matrix lists only {} statements",
        seen.len()
    );
}

#[test]
fn every_requirement_a_check_names_is_in_the_matrix_and_testable() {
    let matrix = matrix();
    let checks = catalog::all();
    let misnamed: Vec<String> = grade(&matrix, &checks)
        .misnamed
        .iter()
        .map(|(check, id)| format!("{} names {id}", check.id))
        .collect();
    assert!(
        misnamed.is_empty(),
        "requirement ids the matrix lacks or calls untestable: {misnamed:?}"
    );
    let named = checks.iter().map(|c| c.requirements.len()).sum::<usize>();
    assert!(named > 300, "the catalog names only {named} requirements");
}

#[test]
fn locators_are_short_citations() {
    for r in matrix().requirements() {
        let words = r.locator.split_whitespace().count();
        assert!(
            (3..=14).contains(&words),
            "{}: the locator has {words} words; cite the first few words of the sentence",
            r.id
        );
    }
}

const ONE_ENTRY: &str = r#"
[titles]
"3.6" = "Deleting Resources"

[[requirement]]
id = "7644-3.6-1"
section = "3.6"
keyword = "MUST"
requirement = "A deleted resource answers 404."
locator = "Service providers MAY choose not"
"#;

fn parse(text: &str) -> Result<Matrix, MatrixError> {
    requirements::parse(&[Source {
        rfc: Rfc::Rfc7644,
        file: "test.toml",
        text,
    }])
}

#[test]
fn the_loader_refuses_malformed_entries() {
    assert!(parse(ONE_ENTRY).is_ok());
    let cases = [
        (
            ONE_ENTRY.replace("7644-3.6-1", "7644-3.5-1"),
            "the id must be 7644-3.6-<ordinal>",
        ),
        (
            ONE_ENTRY.replace("\"3.6\" = \"Deleting Resources\"", ""),
            "no entry in [titles]",
        ),
        (
            format!("{ONE_ENTRY}untestable = \" \"\n"),
            "untestable must say why",
        ),
        (ONE_ENTRY.replace("\"MUST\"", "\"MUSTN'T\""), "keyword"),
        (
            format!(
                "{ONE_ENTRY}\n[[requirement]]\nid = \"7644-3.6-1\"\nsection = \"3.6\"\n\
                 keyword = \"MAY\"\nrequirement = \"x\"\nlocator = \"y\"\n"
            ),
            "used twice",
        ),
        (ONE_ENTRY.replace("locator", "where"), "where"),
    ];
    for (text, expected) in cases {
        let error = parse(&text).expect_err(expected).to_string();
        assert!(
            error.contains(expected),
            "expected an error naming {expected:?}, got {error}"
        );
    }
}

fn check(id: &'static str, severity: Severity) -> Check {
    Check::new(id, "a test check", |p| Box::pin(async move { p.pass() })).severity(severity)
}

#[test]
fn grading_finds_wrong_severities_unmapped_checks_and_uncovered_requirements() {
    let matrix = parse(
        r#"
[titles]
"3.6" = "Deleting Resources"

[[requirement]]
id = "7644-3.6-1"
section = "3.6"
keyword = "SHOULD NOT"
requirement = "a"
locator = "a"

[[requirement]]
id = "7644-3.6-2"
section = "3.6"
keyword = "SHALL"
requirement = "b"
locator = "b"

[[requirement]]
id = "7644-3.6-3"
section = "3.6"
keyword = "MAY"
requirement = "c"
locator = "c"

[[requirement]]
id = "7644-3.6-4"
section = "3.6"
keyword = "MUST"
requirement = "d"
locator = "d"
untestable = "server-internal"
"#,
    )
    .expect("parses");
    let checks = [
        check("a.should", Severity::Must).requirements(&["7644-3.6-1"]),
        check("a.graded-must", Severity::Must).requirements(&["7644-3.6-1", "7644-3.6-2"]),
        check("a.interop", Severity::Interop),
        check("a.unbacked", Severity::Should),
        check("a.misnamed", Severity::Must).requirements(&["7644-3.6-2", "7644-3.6-4", "7644-9-9"]),
    ];
    let grading = grade(&matrix, &checks);
    let disagreements: Vec<_> = grading
        .disagreements
        .iter()
        .map(|d| (d.check, d.declared, d.matrix, d.because_of.clone()))
        .collect();
    assert_eq!(
        disagreements,
        [(
            "a.should",
            Severity::Must,
            Severity::Should,
            vec!["7644-3.6-1".to_owned()]
        )]
    );
    let unmapped: Vec<&str> = grading.unmapped.iter().map(|c| c.id).collect();
    assert_eq!(unmapped, ["a.unbacked"]);
    let interop: Vec<&str> = grading.interop.iter().map(|c| c.id).collect();
    assert_eq!(interop, ["a.interop"]);
    let uncovered: Vec<&str> = grading.uncovered.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(uncovered, ["7644-3.6-3"]);
    let misnamed: Vec<(&str, &str)> = grading.misnamed.iter().map(|(c, id)| (c.id, *id)).collect();
    assert_eq!(
        misnamed,
        [("a.misnamed", "7644-3.6-4"), ("a.misnamed", "7644-9-9")],
        "an untestable requirement and one the matrix lacks"
    );
}

/// The page footer and header lines the RFC text repeats on every page.
fn is_page_furniture(line: &str) -> bool {
    let line = line.trim_end();
    (line.starts_with("Hunt, et al.") && line.contains("[Page ") && line.ends_with(']'))
        || (line.starts_with("RFC 764") && line.ends_with("September 2015"))
}

/// `"3.4.2.2"` and the title when `line` is a section heading (`3.4.2.2.  Filtering`): a number
/// ending in a dot at the start of the line (table-of-contents lines are indented).
fn heading(line: &str) -> Option<(String, String)> {
    let (number, title) = line.split_once(char::is_whitespace)?;
    let number = number.strip_suffix('.')?;
    let numeric = number
        .split('.')
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (numeric && !title.trim().is_empty()).then(|| (number.to_owned(), title.trim().to_owned()))
}

/// Every section's title and text, whitespace-normalized across line and page breaks, table
/// rules (`|`) turned into spaces, page headers and footers dropped.
fn sections(text: &str) -> HashMap<String, (String, String)> {
    let mut out = HashMap::new();
    let mut current: Option<(String, String)> = None;
    let mut body = String::new();
    let mut finish = |current: &mut Option<(String, String)>, body: &mut String| {
        if let Some((number, title)) = current.take() {
            let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
            out.insert(number, (title, text));
        }
        body.clear();
    };
    for line in text.lines() {
        let line = line.replace('\u{c}', "");
        if is_page_furniture(&line) {
            continue;
        }
        if let Some(found) = heading(&line) {
            finish(&mut current, &mut body);
            current = Some(found);
        } else if line.starts_with("Appendix") {
            finish(&mut current, &mut body);
        } else if current.is_some() {
            body.push_str(&line.replace('|', " "));
            body.push(' ');
        }
    }
    finish(&mut current, &mut body);
    out
}

/// The text from the locator's first occurrence to the end of the sentence the locator ends in
/// (a period followed by a space, or the end of the section).
fn sentence_at<'a>(section: &'a str, locator: &str) -> Option<&'a str> {
    let start = section.find(locator)?;
    let from = start + locator.len() - 1;
    let end = section[from..]
        .find(". ")
        .map_or(section.len(), |i| from + i + 1);
    Some(&section[start..end])
}

/// Whether `keyword` occurs in `text` as upper-case words of their own.
fn carries(text: &str, keyword: &str) -> bool {
    text.match_indices(keyword).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + keyword.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

#[test]
fn locators_are_found_in_their_sections_with_the_keyword_recorded() {
    let matrix = matrix();
    let mut problems = Vec::new();
    let mut verified = 0;
    for document in &matrix.documents {
        let Some(text) = scimcheck_testkit::rfc_text(document.rfc.number()) else {
            return;
        };
        let sections = sections(&text);
        for (number, title) in &document.titles {
            match sections.get(number) {
                Some((found, _)) if found == title => {}
                Some((found, _)) => problems.push(format!(
                    "RFC {} §{number} is titled {found:?}, the matrix says {title:?}",
                    document.rfc.number()
                )),
                None => problems.push(format!(
                    "RFC {} has no section {number}",
                    document.rfc.number()
                )),
            }
        }
        for r in &document.requirements {
            let Some((_, section)) = sections.get(&r.section) else {
                continue;
            };
            match sentence_at(section, &r.locator) {
                None => problems.push(format!(
                    "{}: locator {:?} is not in §{}",
                    r.id, r.locator, r.section
                )),
                Some(sentence) if !carries(sentence, r.keyword.label()) => problems.push(format!(
                    "{}: the sentence found does not carry {}: {sentence:?}",
                    r.id,
                    r.keyword.label()
                )),
                Some(_) => verified += 1,
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(verified, matrix.requirements().count());
}

#[test]
fn requirements_are_written_in_own_words() {
    let matrix = matrix();
    let mut copied = Vec::new();
    for document in &matrix.documents {
        let Some(text) = scimcheck_testkit::rfc_text(document.rfc.number()) else {
            return;
        };
        let sections = sections(&text);
        for r in &document.requirements {
            let section = sections[&r.section].1.to_lowercase();
            let words: Vec<&str> = r.requirement.split_whitespace().collect();
            for run in words.windows(7) {
                let run = run.join(" ").to_lowercase();
                if section.contains(run.trim_end_matches('.')) {
                    copied.push(format!("{}: {run:?}", r.id));
                    break;
                }
            }
        }
    }
    assert!(
        copied.is_empty(),
        "requirements repeating seven or more words of the RFC; rephrase them:\n{}",
        copied.join("\n")
    );
}

/// A check's severity is the strongest keyword among the requirements it tests; a check the
/// matrix does not name is an IdP behaviour (`interop`, tagged with its IdP); every testable
/// requirement has a check, or is on the explicit allow-list `awaiting-checks.txt`, which only
/// shrinks.
#[test]
fn severities_follow_the_matrix() {
    let matrix = matrix();
    let checks = catalog::all();
    let grading = grade(&matrix, &checks);
    let mut problems: Vec<String> = grading
        .disagreements
        .iter()
        .map(|d| {
            format!(
                "{} is {} but the strongest requirement it tests ({}) is {}",
                d.check,
                d.declared.label(),
                d.because_of.join(", "),
                d.matrix.label()
            )
        })
        .collect();
    problems.extend(grading.unmapped.iter().map(|c| {
        format!(
            "{} ({}) tests no requirement of the matrix: map it, or make it interop if an IdP relies on it",
            c.id,
            c.severity.label()
        )
    }));
    problems.extend(
        grading
            .interop
            .iter()
            .filter(|c| !c.tags.iter().any(|t| matches!(*t, "okta" | "entra")))
            .map(|c| format!("{} is interop but names no IdP (tag okta or entra)", c.id)),
    );
    let awaiting: HashSet<&str> = requirements::awaiting_checks().into_iter().collect();
    let uncovered: HashSet<&str> = grading.uncovered.iter().map(|r| r.id.as_str()).collect();
    problems.extend(
        grading
            .uncovered
            .iter()
            .filter(|r| !awaiting.contains(r.id.as_str()))
            .map(|r| {
                format!(
                    "{} ({} {}) has no check and is not in requirements/awaiting-checks.txt",
                    r.id,
                    r.keyword.label(),
                    r.requirement
                )
            }),
    );
    let mut stale: Vec<&str> = awaiting.difference(&uncovered).copied().collect();
    stale.sort_unstable();
    problems.extend(stale.into_iter().map(|id| {
        format!("{id} is in requirements/awaiting-checks.txt but is covered, untestable or unknown: remove it")
    }));
    assert!(
        problems.is_empty(),
        "the catalog disagrees with the matrix (see docs/RFC-COVERAGE.md):\n{}",
        problems.join("\n")
    );
}

#[test]
fn enforced_by_names_the_strongest_requirements_a_check_tests() {
    let matrix = matrix();
    let checks = catalog::all();
    let check = |id: &str| checks.iter().find(|c| c.id == id).expect("in the catalog");
    let ids = |id: &str| -> Vec<String> {
        requirements::enforced_by(&matrix, check(id))
            .into_iter()
            .map(|r| r.id.clone())
            .collect()
    };
    // Tested by a SHOULD (7644-3.12-7) and nothing stronger.
    assert_eq!(ids("users.read.unknown-id-404"), ["7644-3.12-7"]);
    // Tested by 7644-3.12-1 (MUST) and 7644-3.12-6 (SHOULD): only the MUST sets the severity.
    assert_eq!(ids("okta-spec.auth.unauthorized-401"), ["7644-3.12-1"]);
    assert!(ids("patch.op.capitalized").is_empty());
    // What a case records for the reports: the RFC, section, keyword and the words.
    let recorded = requirements::recorded_for(check("users.read.unknown-id-404"));
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].section.as_str(), recorded[0].keyword.as_str()),
        ("RFC 7644 §3.12", "SHOULD")
    );
    assert!(recorded[0].text.contains("404"), "{}", recorded[0].text);
}
