//! The Okta test-plan map covers exactly the cases of Okta's published plan.

use crate::common;

use scimcheck_idp::testplan::coverage;
use std::collections::BTreeSet;

#[test]
fn the_map_lists_every_case_of_okta_s_plan_and_no_other() {
    let Some(text) = common::okta_file("okta-scim-test-plan-v2.txt") else {
        return;
    };
    let in_plan: BTreeSet<&str> = text
        .lines()
        .filter_map(|line| line.split(" | ").next())
        .filter_map(|cell| cell.split_once('=').map(|(_, id)| id))
        .filter(|id| id.starts_with('C') && id[1..].chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mapped: BTreeSet<&str> = coverage().iter().map(|c| c.id).collect();
    assert_eq!(mapped, in_plan);
}
