//! The parts of docs/IDP.md generated from this crate's data: per profile, every scenario with
//! what it sends, the pages its shapes come from, what it assumes and the defects that prove it;
//! and the Okta test-plan coverage. The doc keeps each part between two marker comments, so the
//! prose around them stays hand-written while the tables cannot drift from the code
//! (`tests/idp_doc.rs` checks them and rewrites them when asked).

use crate::source::Scenario;
use crate::testplan;
use crate::{Profile, source};

/// One generated part of docs/IDP.md.
pub struct Section {
    /// The marker name: the part lies between `<!-- NAME:begin … -->` and `<!-- NAME:end -->`.
    pub name: &'static str,
    /// Renders the Markdown the part must hold.
    pub render: fn() -> String,
}

/// Every generated part of docs/IDP.md, in the doc's order.
pub const SECTIONS: [Section; 2] = [
    Section {
        name: "scenarios",
        render: scenario_tables,
    },
    Section {
        name: "testplan",
        render: testplan_table,
    },
];

/// The begin marker of part `name`.
pub fn begin_marker(name: &str) -> String {
    format!(
        "<!-- {name}:begin (generated; regenerate with SCIMCHECK_WRITE_DOCS=1 cargo test -p scimcheck-idp --test it idp_doc) -->"
    )
}

/// The end marker of part `name`.
pub fn end_marker(name: &str) -> String {
    format!("<!-- {name}:end -->")
}

/// `text` with its part `name` replaced by `content`; `None` when the markers are missing.
pub fn replace_section(text: &str, name: &str, content: &str) -> Option<String> {
    let (begin, end) = (begin_marker(name), end_marker(name));
    let start = text.find(&begin)? + begin.len();
    let stop = start + text[start..].find(&end)?;
    Some(format!("{}\n{content}{}", &text[..start], &text[stop..]))
}

/// A table cell: pipes escaped, line breaks flattened.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn row(scenario: &Scenario) -> String {
    let sources: Vec<String> = scenario
        .sources
        .iter()
        .map(|s| format!("[{}]({})", cell(s.title), s.url))
        .collect();
    let assumed: Vec<String> = scenario.assumed.iter().map(|a| cell(a)).collect();
    let defects: Vec<String> = scenario
        .check
        .defects
        .iter()
        .map(|d| format!("`{d}`"))
        .collect();
    format!(
        "| `{}` | {} | {} | {} | {} |\n",
        scenario.check.id,
        cell(scenario.sent),
        if sources.is_empty() {
            "none found".to_owned()
        } else {
            sources.join("; ")
        },
        if assumed.is_empty() {
            "—".to_owned()
        } else {
            assumed.join("; ")
        },
        defects.join(", ")
    )
}

/// Per profile, one table of its scenarios.
pub fn scenario_tables() -> String {
    let mut out = String::new();
    for profile in Profile::ALL {
        let catalog = profile.catalog();
        out.push_str(&format!(
            "### `--profile {}` ({}, {} scenarios)\n\n\
             | scenario | what is sent | source | assumed (no public source found) | proven by defect |\n\
             |---|---|---|---|---|\n",
            profile.name(),
            profile.idp(),
            catalog.len()
        ));
        for scenario in &catalog {
            out.push_str(&row(scenario));
        }
        out.push('\n');
    }
    out
}

/// The Okta test-plan coverage table.
pub fn testplan_table() -> String {
    let cases = testplan::coverage();
    let automated = cases.iter().filter(|c| !c.scenarios.is_empty()).count();
    let mut out = format!(
        "{automated} of the plan's {} cases are automated by Okta scenarios ([the plan]({})); \
         {} need a real Okta org.\n\n| case | title | covered by |\n|---|---|---|\n",
        cases.len(),
        source::OKTA_TEST_PLAN.url,
        cases.len() - automated
    );
    for case in &cases {
        let covered = match case.needs_org {
            Some(why) => format!("needs a real Okta org: {why}"),
            None => case
                .scenarios
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            case.id,
            cell(case.title),
            cell(&covered)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_between_its_markers_only() {
        let text = format!(
            "before\n{}\nold\n{}\nafter\n",
            begin_marker("x"),
            end_marker("x")
        );
        let replaced = replace_section(&text, "x", "new\n").expect("markers present");
        assert_eq!(
            replaced,
            format!(
                "before\n{}\nnew\n{}\nafter\n",
                begin_marker("x"),
                end_marker("x")
            )
        );
        assert_eq!(replace_section("no markers", "x", "new"), None);
    }

    #[test]
    fn every_scenario_row_names_a_source_or_an_assumption() {
        for profile in Profile::ALL {
            for scenario in profile.catalog() {
                assert!(
                    !scenario.sources.is_empty() || !scenario.assumed.is_empty(),
                    "{} says nothing about where its shapes come from",
                    scenario.check.id
                );
                for source in scenario.sources {
                    assert!(source.url.starts_with("https://"), "{}", source.url);
                }
            }
        }
    }
}
