//! The requirement matrix: every normative statement of RFC 7643 and RFC 7644 that a client can
//! observe over HTTP, or the reason no check can observe it.
//!
//! The matrix lives in `crates/suites/requirements/rfc7643.toml` and `rfc7644.toml` (compiled in,
//! so the binary needs no data files). Which checks test a requirement is said by the checks
//! ([`Check::requirements`]): a new check names the requirements it tests where it is declared,
//! and the matrix stays the RFC's words alone. It exists to grade the catalog by them: a
//! check's severity should be the strongest keyword among the requirements it tests, every check
//! should test some requirement, and every testable requirement should have a check.
//! [`grade`] measures the three; [`markdown`] renders docs/RFC-COVERAGE.md
//! (`scimcheck checks --coverage`).
//!
//! ```
//! let matrix = scimcheck_suites::requirements::load().unwrap();
//! let filtering = matrix.requirements().find(|r| r.id == "7644-3.4.2.2-1").unwrap();
//! assert_eq!(filtering.keyword.label(), "OPTIONAL");
//! ```

use crate::check::{Check, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

/// The BCP 14 keyword a statement carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Keyword {
    /// `MUST`
    #[serde(rename = "MUST")]
    Must,
    /// `MUST NOT`
    #[serde(rename = "MUST NOT")]
    MustNot,
    /// `SHALL`
    #[serde(rename = "SHALL")]
    Shall,
    /// `SHALL NOT`
    #[serde(rename = "SHALL NOT")]
    ShallNot,
    /// `REQUIRED`
    #[serde(rename = "REQUIRED")]
    Required,
    /// `SHOULD`
    #[serde(rename = "SHOULD")]
    Should,
    /// `SHOULD NOT`
    #[serde(rename = "SHOULD NOT")]
    ShouldNot,
    /// `RECOMMENDED`
    #[serde(rename = "RECOMMENDED")]
    Recommended,
    /// `MAY`
    #[serde(rename = "MAY")]
    May,
    /// `OPTIONAL`
    #[serde(rename = "OPTIONAL")]
    Optional,
}

impl Keyword {
    /// The keyword as the RFC spells it.
    pub fn label(self) -> &'static str {
        match self {
            Keyword::Must => "MUST",
            Keyword::MustNot => "MUST NOT",
            Keyword::Shall => "SHALL",
            Keyword::ShallNot => "SHALL NOT",
            Keyword::Required => "REQUIRED",
            Keyword::Should => "SHOULD",
            Keyword::ShouldNot => "SHOULD NOT",
            Keyword::Recommended => "RECOMMENDED",
            Keyword::May => "MAY",
            Keyword::Optional => "OPTIONAL",
        }
    }

    /// The check severity the keyword calls for: RFC 2119 makes MUST, SHALL and REQUIRED one
    /// level, SHOULD and RECOMMENDED the next, MAY and OPTIONAL the last.
    pub fn severity(self) -> Severity {
        match self {
            Keyword::Must
            | Keyword::MustNot
            | Keyword::Shall
            | Keyword::ShallNot
            | Keyword::Required => Severity::Must,
            Keyword::Should | Keyword::ShouldNot | Keyword::Recommended => Severity::Should,
            Keyword::May | Keyword::Optional => Severity::May,
        }
    }
}

/// How strong a severity is, for picking the strongest keyword of a check's requirements.
/// `Interop` names no RFC keyword, so it ranks below every RFC level.
fn strength(severity: Severity) -> u8 {
    match severity {
        Severity::Must => 3,
        Severity::Should => 2,
        Severity::May => 1,
        Severity::Interop => 0,
    }
}

/// The two RFCs of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rfc {
    /// RFC 7643, SCIM: Core Schema.
    Rfc7643,
    /// RFC 7644, SCIM: Protocol.
    Rfc7644,
}

impl Rfc {
    /// Both, in number order.
    pub const ALL: [Rfc; 2] = [Rfc::Rfc7643, Rfc::Rfc7644];

    /// The RFC number, which also prefixes its requirement ids.
    pub fn number(self) -> u16 {
        match self {
            Rfc::Rfc7643 => 7643,
            Rfc::Rfc7644 => 7644,
        }
    }

    /// The RFC's title.
    pub fn title(self) -> &'static str {
        match self {
            Rfc::Rfc7643 => "SCIM: Core Schema",
            Rfc::Rfc7644 => "SCIM: Protocol",
        }
    }

    /// The matrix file, compiled in.
    fn source(self) -> (&'static str, &'static str) {
        match self {
            Rfc::Rfc7643 => (
                "requirements/rfc7643.toml",
                include_str!("../requirements/rfc7643.toml"),
            ),
            Rfc::Rfc7644 => (
                "requirements/rfc7644.toml",
                include_str!("../requirements/rfc7644.toml"),
            ),
        }
    }
}

/// One normative statement: one sentence's keyword in one section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Which RFC.
    pub rfc: Rfc,
    /// `<rfc>-<section>-<ordinal>`, e.g. `7644-3.4.2.2-3`.
    pub id: String,
    /// The section number, e.g. `3.4.2.2`.
    pub section: String,
    /// The keyword of the statement.
    pub keyword: Keyword,
    /// What the statement requires, in the matrix's own words.
    pub requirement: String,
    /// The first words of the RFC sentence (whitespace-normalized), to find it in the section.
    pub locator: String,
    /// Why no check can test it over HTTP; `None` when one can.
    pub untestable: Option<String>,
    /// The verified erratum that changes the statement, when one was applied.
    pub errata: Option<String>,
}

impl Requirement {
    /// Whether a check could test it over HTTP.
    pub fn testable(&self) -> bool {
        self.untestable.is_none()
    }
}

/// One RFC's part of the matrix.
#[derive(Debug, Clone)]
pub struct Document {
    /// Which RFC.
    pub rfc: Rfc,
    /// Section titles by section number, for the sections the requirements name.
    pub titles: BTreeMap<String, String>,
    /// The requirements, in the file's order (section by section).
    pub requirements: Vec<Requirement>,
}

/// The whole matrix: RFC 7643, then RFC 7644.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// One document per RFC.
    pub documents: Vec<Document>,
}

impl Matrix {
    /// Every requirement of both RFCs.
    pub fn requirements(&self) -> impl Iterator<Item = &Requirement> {
        self.documents.iter().flat_map(|d| d.requirements.iter())
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements().find(|r| r.id == id)
    }
}

/// Which checks of a catalog test each requirement, from what each check names
/// ([`Check::requirements`]), in catalog order.
#[derive(Debug, Default)]
struct Coverage<'a> {
    by_requirement: HashMap<&'a str, Vec<&'a Check>>,
}

impl<'a> Coverage<'a> {
    /// The coverage `checks` give.
    fn of(checks: &'a [Check]) -> Self {
        let mut by_requirement: HashMap<&str, Vec<&Check>> = HashMap::new();
        for check in checks {
            for id in check.requirements {
                by_requirement.entry(id).or_default().push(check);
            }
        }
        Coverage { by_requirement }
    }

    /// The checks that test requirement `id`.
    fn checks(&self, id: &str) -> &[&'a Check] {
        self.by_requirement.get(id).map_or(&[], Vec::as_slice)
    }

    /// Whether `requirement` is testable and some check tests it.
    fn covered(&self, requirement: &Requirement) -> bool {
        requirement.testable() && !self.checks(&requirement.id).is_empty()
    }
}

/// A matrix file that does not say what the loader expects.
#[derive(Debug, thiserror::Error)]
pub enum MatrixError {
    /// The TOML does not parse or has unknown or missing fields.
    #[error("{file}: {message}")]
    Syntax {
        /// The matrix file.
        file: &'static str,
        /// The parser's message, with the line.
        message: String,
    },
    /// An entry breaks a rule of the format.
    #[error("{file}: requirement {id}: {problem}")]
    Entry {
        /// The matrix file.
        file: &'static str,
        /// The entry's id.
        id: String,
        /// What is wrong and how to fix it.
        problem: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    titles: BTreeMap<String, String>,
    requirement: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: String,
    section: String,
    keyword: Keyword,
    requirement: String,
    locator: String,
    untestable: Option<String>,
    errata: Option<String>,
}

/// Reads the compiled-in matrix (see [`parse`]).
pub fn load() -> Result<Matrix, MatrixError> {
    let sources = Rfc::ALL.map(|rfc| {
        let (file, text) = rfc.source();
        Source { rfc, file, text }
    });
    parse(&sources)
}

/// One matrix file to [`parse`]: which RFC, its name for messages, and its TOML text.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The RFC the file lists.
    pub rfc: Rfc,
    /// The file's name, for error messages.
    pub file: &'static str,
    /// The TOML text.
    pub text: &'a str,
}

/// Parses matrix files and checks their form: ids `<rfc>-<section>-<n>` unique across all files,
/// a title for every section, non-empty text, and a non-empty reason where `untestable` is given.
/// (That the locators are found in the RFC text is for the tests: the RFC text is not this
/// module's input.)
pub fn parse(sources: &[Source<'_>]) -> Result<Matrix, MatrixError> {
    let mut seen = HashSet::new();
    let mut documents = Vec::new();
    for &Source { rfc, file, text } in sources {
        let raw: RawDocument = toml::from_str(text).map_err(|e| MatrixError::Syntax {
            file,
            message: e.to_string(),
        })?;
        let mut requirements = Vec::with_capacity(raw.requirement.len());
        for entry in raw.requirement {
            let problem = |problem: String| MatrixError::Entry {
                file,
                id: entry.id.clone(),
                problem,
            };
            let prefix = format!("{}-{}-", rfc.number(), entry.section);
            let ordinal = entry.id.strip_prefix(&prefix);
            if !ordinal.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) {
                return Err(problem(format!(
                    "the id must be {prefix}<ordinal>, after the RFC and the section"
                )));
            }
            if !raw.titles.contains_key(&entry.section) {
                return Err(problem(format!(
                    "section {} has no entry in [titles]",
                    entry.section
                )));
            }
            if entry.requirement.trim().is_empty() || entry.locator.trim().is_empty() {
                return Err(problem("requirement and locator must not be empty".into()));
            }
            if !seen.insert(entry.id.clone()) {
                return Err(problem("the id is used twice".into()));
            }
            if entry
                .untestable
                .as_deref()
                .is_some_and(|why| why.trim().is_empty())
            {
                return Err(problem(
                    "untestable must say why no check can test it (or be left out when one can)"
                        .into(),
                ));
            }
            requirements.push(Requirement {
                rfc,
                id: entry.id,
                section: entry.section,
                keyword: entry.keyword,
                requirement: entry.requirement,
                locator: entry.locator,
                untestable: entry.untestable,
                errata: entry.errata,
            });
        }
        documents.push(Document {
            rfc,
            titles: raw.titles,
            requirements,
        });
    }
    Ok(Matrix { documents })
}

/// A check whose declared severity is not the strongest keyword of the requirements it tests.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// The check id.
    pub check: &'static str,
    /// Its declared severity.
    pub declared: Severity,
    /// The strongest keyword's severity among its requirements.
    pub matrix: Severity,
    /// The ids of the requirements with that strongest keyword.
    pub because_of: Vec<String>,
}

/// How the catalog's severities and coverage compare with the matrix (issue 14, item 2).
#[derive(Debug, Clone)]
pub struct Grading<'a> {
    /// Checks whose severity differs from the matrix's, in catalog order.
    pub disagreements: Vec<Disagreement>,
    /// Checks no requirement names that are not `interop`, in catalog order: a check without
    /// an RFC sentence behind it must be an IdP behaviour, or it has no business grading a server.
    pub unmapped: Vec<&'a Check>,
    /// `interop` checks no requirement names: IdP behaviour with no RFC keyword, in catalog order.
    pub interop: Vec<&'a Check>,
    /// Testable requirements no check tests, in matrix order.
    pub uncovered: Vec<&'a Requirement>,
    /// Requirement ids a check names that the matrix lacks or calls untestable: (check, id).
    pub misnamed: Vec<(&'a Check, &'a str)>,
}

/// Compares `checks` with `matrix`: severities against the strongest keyword each check tests,
/// checks naming no requirement, testable requirements no check names.
pub fn grade<'a>(matrix: &'a Matrix, checks: &'a [Check]) -> Grading<'a> {
    let mut misnamed = Vec::new();
    let mut disagreements = Vec::new();
    let mut unmapped = Vec::new();
    let mut interop = Vec::new();
    for check in checks {
        let mut requirements = Vec::new();
        for &id in check.requirements {
            match matrix.requirement(id) {
                Some(requirement) if requirement.testable() => requirements.push(requirement),
                _ => misnamed.push((check, id)),
            }
        }
        if requirements.is_empty() {
            match check.severity {
                Severity::Interop => interop.push(check),
                _ => unmapped.push(check),
            }
            continue;
        }
        let strongest = requirements
            .iter()
            .map(|r| r.keyword.severity())
            .max_by_key(|s| strength(*s))
            .unwrap_or(Severity::Interop);
        if strongest != check.severity {
            disagreements.push(Disagreement {
                check: check.id,
                declared: check.severity,
                matrix: strongest,
                because_of: requirements
                    .iter()
                    .filter(|r| r.keyword.severity() == strongest)
                    .map(|r| r.id.clone())
                    .collect(),
            });
        }
    }
    let coverage = Coverage::of(checks);
    let uncovered = matrix
        .requirements()
        .filter(|r| r.testable() && !coverage.covered(r))
        .collect();
    Grading {
        disagreements,
        unmapped,
        interop,
        uncovered,
        misnamed,
    }
}

/// The testable requirements allowed to stay without a check for now, from
/// `requirements/awaiting-checks.txt` (one id a line, `#` starts a comment). The grading test
/// fails when an uncovered requirement is missing from it, and when an id in it is covered,
/// untestable or unknown: the list can only shrink as checks are written.
pub fn awaiting_checks() -> Vec<&'static str> {
    include_str!("../requirements/awaiting-checks.txt")
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|id| !id.is_empty())
        .collect()
}

/// The requirements that set `check`'s severity: those it tests whose keyword is the strongest
/// among them, in matrix order (none for a check the matrix does not name). Reports show them
/// beside a failure, so a reader can hold the verdict against the RFC sentence.
pub fn enforced_by<'a>(matrix: &'a Matrix, check: &Check) -> Vec<&'a Requirement> {
    let tested: Vec<&Requirement> = matrix
        .requirements()
        .filter(|r| check.requirements.contains(&r.id.as_str()))
        .collect();
    let Some(strongest) = tested.iter().map(|r| strength(r.keyword.severity())).max() else {
        return Vec::new();
    };
    tested
        .into_iter()
        .filter(|r| strength(r.keyword.severity()) == strongest)
        .collect()
}

/// The severity the RFC gives `check`: the strongest keyword among the requirements it names
/// that the matrix holds (`None` when it names none, e.g. an IdP behaviour, graded INTEROP).
pub fn severity(matrix: &Matrix, check: &Check) -> Option<Severity> {
    check
        .requirements
        .iter()
        .filter_map(|id| matrix.requirement(id))
        .map(|r| r.keyword.severity())
        .max_by_key(|s| strength(*s))
}

/// What a case records of the requirements `check` enforces ([`enforced_by`] in the compiled-in
/// matrix), for the reports to show beside a failure.
pub fn recorded_for(check: &Check) -> Vec<scimcheck_engine::model::Requirement> {
    let Some(matrix) = compiled_in() else {
        return Vec::new();
    };
    enforced_by(matrix, check)
        .into_iter()
        .map(|r| scimcheck_engine::model::Requirement {
            id: r.id.clone(),
            section: format!("RFC {} §{}", r.rfc.number(), r.section),
            keyword: r.keyword.label().to_owned(),
            text: r.requirement.clone(),
        })
        .collect()
}

/// The compiled-in matrix, loaded once per process (it is checked by the tests, so a failure to
/// load is a build defect, reported as no requirements rather than a crash of a user's run).
pub fn compiled_in() -> Option<&'static Matrix> {
    static MATRIX: std::sync::LazyLock<Option<Matrix>> = std::sync::LazyLock::new(|| load().ok());
    MATRIX.as_ref()
}

/// Section numbers compare part by part (`3.10` after `3.9`).
fn section_key(section: &str) -> Vec<u32> {
    section
        .split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

/// One row of a table of checks: the id, `middle` (a severity or the tags), what it cites.
fn check_row(out: &mut String, check: &Check, middle: &str) {
    let _ = writeln!(out, "| `{}` | {middle} | {} |", check.id, cell(check.rfc));
}

/// Escapes a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Counts of one RFC (or both) for the summary table.
#[derive(Default)]
struct Tally {
    statements: usize,
    testable: usize,
    covered: usize,
}

impl Tally {
    fn add(&mut self, requirement: &Requirement, coverage: &Coverage<'_>) {
        self.statements += 1;
        self.testable += usize::from(requirement.testable());
        self.covered += usize::from(coverage.covered(requirement));
    }

    fn row(&self, label: &str) -> String {
        format!(
            "| {label} | {} | {} | {} | {} | {} |\n",
            self.statements,
            self.testable,
            self.covered,
            self.testable - self.covered,
            self.statements - self.testable
        )
    }
}

/// docs/RFC-COVERAGE.md: the summary (per RFC and per keyword level), the grading of the
/// catalog against the matrix, then every section's requirements with their checks.
pub fn markdown(matrix: &Matrix, checks: &[Check]) -> String {
    let grading = grade(matrix, checks);
    let coverage = Coverage::of(checks);
    let mut out = String::from(INTRO);

    out.push_str(
        "\n## Summary\n\n| | statements | testable | covered | uncovered | untestable |\n\
         |---|---|---|---|---|---|\n",
    );
    let mut total = Tally::default();
    for document in &matrix.documents {
        let mut tally = Tally::default();
        document
            .requirements
            .iter()
            .for_each(|r| tally.add(r, &coverage));
        document
            .requirements
            .iter()
            .for_each(|r| total.add(r, &coverage));
        out.push_str(&tally.row(&format!("RFC {}", document.rfc.number())));
    }
    out.push_str(&total.row("both"));
    for level in [Severity::Must, Severity::Should, Severity::May] {
        let mut tally = Tally::default();
        matrix
            .requirements()
            .filter(|r| r.keyword.severity() == level)
            .for_each(|r| tally.add(r, &coverage));
        out.push_str(&tally.row(&format!("{}-level keywords", level.label())));
    }
    let _ = writeln!(
        out,
        "\n{} checks in the catalog: {} disagree with the matrix on severity, {} test no \
         requirement of the matrix; {} testable requirements have no check.",
        checks.len(),
        grading.disagreements.len(),
        grading.unmapped.len(),
        grading.uncovered.len()
    );

    out.push_str(
        "\n## Severities against the matrix\n\nA check's severity is the strongest keyword \
         among the requirements it tests (MUST, SHALL, REQUIRED: MUST; SHOULD, RECOMMENDED: \
         SHOULD; MAY, OPTIONAL: MAY), set from the matrix when the catalog is built \
         (`catalog::all`). `crates/suites/tests/it/requirements.rs` \
         (`severities_follow_the_matrix`) holds the catalog to it: this table must stay empty.\n\n\
         | check | declared | matrix | strongest requirements |\n|---|---|---|---|\n",
    );
    for d in &grading.disagreements {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            d.check,
            d.declared.label(),
            d.matrix.label(),
            d.because_of.join(", ")
        );
    }
    out.push_str(
        "\n### Checks that test no requirement of the matrix\n\nA check without an RFC \
         7643/7644 sentence behind it; the test fails on any. (IdP-behaviour checks are \
         INTEROP and listed in the next table.)\n\n\
         | check | declared | cites |\n|---|---|---|\n",
    );
    for check in &grading.unmapped {
        check_row(&mut out, check, check.severity.label());
    }
    out.push_str(
        "\n### IdP-behaviour checks (INTEROP)\n\nWhat Okta or Entra rely on where RFC 7643/7644 \
         carry no keyword. They fail a run like a MUST (see docs/RESULTS.md); each carries an \
         `okta` or `entra` tag and cites its IdP source.\n\n\
         | check | tags | cites |\n|---|---|---|\n",
    );
    for check in &grading.interop {
        check_row(&mut out, check, &check.tags.join(", "));
    }
    if !grading.misnamed.is_empty() {
        out.push_str(
            "\n### Requirement ids checks name that the matrix lacks or calls untestable\n\n",
        );
        for (check, id) in &grading.misnamed {
            let _ = writeln!(out, "- `{id}` (named by `{}`)", check.id);
        }
    }
    let _ = writeln!(
        out,
        "\n### Testable requirements without a check\n\n{} of them; each is marked \
         **uncovered** in its section below. They are the explicit allow-list \
         `crates/suites/requirements/awaiting-checks.txt`: the test fails on an uncovered \
         requirement missing from that list and on a listed one that has a check (remove it from \
         the list), so the list only shrinks as checks are written.",
        grading.uncovered.len()
    );

    for document in &matrix.documents {
        let _ = writeln!(
            out,
            "\n## RFC {}: {}",
            document.rfc.number(),
            document.rfc.title()
        );
        let mut sections: Vec<&String> = document.titles.keys().collect();
        sections.sort_by_key(|s| section_key(s));
        for section in sections {
            let in_section: Vec<&Requirement> = document
                .requirements
                .iter()
                .filter(|r| &r.section == section)
                .collect();
            let mut tally = Tally::default();
            in_section.iter().for_each(|r| tally.add(r, &coverage));
            let _ = writeln!(
                out,
                "\n### §{section} {}\n\n{} statements, {} testable, {} covered.\n\n\
                 | id | keyword | requirement (locator) | coverage |\n|---|---|---|---|",
                document.titles[section], tally.statements, tally.testable, tally.covered
            );
            for r in in_section {
                let covering = coverage.checks(&r.id);
                let coverage = match &r.untestable {
                    Some(why) => format!("untestable: {}", cell(why)),
                    None if covering.is_empty() => "**uncovered**".to_owned(),
                    None => covering
                        .iter()
                        .map(|c| format!("`{}`", c.id))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let errata = r
                    .errata
                    .as_deref()
                    .map(|e| format!(" Erratum: {}.", cell(e)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} (\"{}…\"){errata} | {coverage} |",
                    r.id,
                    r.keyword.label(),
                    cell(&r.requirement),
                    cell(&r.locator)
                );
            }
        }
    }
    out
}

/// The opening of docs/RFC-COVERAGE.md: what the matrix is, what it leaves out, the errata.
const INTRO: &str = include_str!("../requirements/coverage-intro.md");
