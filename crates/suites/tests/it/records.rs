//! Assertion records cannot lie: the whole catalog is run against the clean reference server
//! and against every defect, and every assertion record must name the rule it was judged by,
//! and its `passed` must be what that rule gives for its own `expected` and `actual` — so no
//! record says "expected present, actual absent" and passes.

use crate::support;

use scim_server::{Defect, ServerConfig};
use scimcheck_engine::model::RunResult;
use support::run_against;

/// Every record of `result` that contradicts itself, described.
fn contradictions(server: &str, result: &RunResult) -> Vec<String> {
    let mut found = Vec::new();
    for case in &result.cases {
        for a in &case.assertions {
            let agrees = a
                .rule
                .is_some_and(|rule| rule.holds(&a.expected, &a.actual) == a.passed);
            if !agrees {
                found.push(format!(
                    "{server}: {} \"{}\" rule {:?}: expected {}, actual {}, passed {}",
                    case.id, a.description, a.rule, a.expected, a.actual, a.passed
                ));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_record_agrees_with_its_rule_on_the_clean_server_and_every_defect() {
    let mut servers = vec![("clean".to_owned(), ServerConfig::default())];
    for defect in Defect::ALL {
        servers.push((
            defect.name().to_owned(),
            ServerConfig::default().with_defect(*defect),
        ));
    }
    let (mut judged, mut failed, mut problems) = (0, 0, Vec::new());
    for (server, config) in servers {
        let result = run_against(config, &[]).await;
        let records = result.cases.iter().flat_map(|c| &c.assertions);
        judged += records.clone().count();
        failed += records.filter(|a| !a.passed).count();
        problems.extend(contradictions(&server, &result));
    }
    assert!(
        problems.is_empty(),
        "{} of {judged} records contradict themselves:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // The defects make checks fail: the rule is held to failing records too, not only passes.
    assert!(failed > 0 && judged > failed, "{failed} failed of {judged}");
}
