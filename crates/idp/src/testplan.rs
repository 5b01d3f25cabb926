//! Okta's QA test plan for OIN submissions (okta-scim-test-plan-v2, 61 cases) mapped to the
//! Okta profile: each case is automated by the scenarios tagged with its C-number, or says why
//! it needs a real Okta org (admin-console settings, SSO, Okta-side objects with no SCIM call).

use crate::okta;

/// Cases of the plan: C-number, title, and — when no scenario can automate it — why.
const PLAN: &[(&str, &str, Option<&str>)] = &[
    (
        "C9296",
        "Add People",
        Some("creates a user in Okta itself; no SCIM call"),
    ),
    (
        "C9297",
        "Add Group",
        Some("creates a group in Okta itself; no SCIM call"),
    ),
    ("C9298", "Setup SCIM App", Some("admin-console app setup")),
    ("C9308", "Add People to Group", None),
    (
        "C9313",
        "Rename app groups flag - ENABLED",
        Some("Group Push setting in the admin console"),
    ),
    (
        "C9314",
        "Rename app groups flag - DISABLED",
        Some("Group Push setting in the admin console"),
    ),
    (
        "C21902",
        "OAuth2 with not allow-listed redirect URIs",
        Some("OAuth authorization flow in the admin console"),
    ),
    ("C9306", "Enable Provisioning and SCIM features", None),
    (
        "C9339",
        "Disable Provisioning",
        Some("admin-console setting; Okta then sends nothing"),
    ),
    (
        "C9340",
        "Enable Provisioning With Incorrect credentials",
        Some(
            "a wrong credential is the conformance suite's auth.* checks (`scimcheck run`), not an Okta request shape",
        ),
    ),
    (
        "C9341",
        "Update Provisioning With Correct Credentials",
        None,
    ),
    (
        "C9342",
        "Verify Login to App SWA",
        Some("sign-on, not SCIM"),
    ),
    (
        "C9343",
        "Verify Login to App SAML",
        Some("sign-on, not SCIM"),
    ),
    (
        "C9289",
        "Verify Attribute Type In the Profile Editor",
        Some("Okta profile editor"),
    ),
    (
        "C9344",
        "Verify Basic Attributes",
        Some("Okta profile editor"),
    ),
    (
        "C9345",
        "Verify Attributes and Mapping",
        Some("Okta attribute mappings"),
    ),
    (
        "C9299",
        "Verify Configuration Guide",
        Some("a document review"),
    ),
    ("C9290", "App Assignment for New User", None),
    (
        "C9293",
        "Re-Activation Of User Is Synced To Target App",
        None,
    ),
    ("C9300", "Un-Suspend User Functionality", None),
    ("C9307", "Group Assignment to Target App", None),
    (
        "C9334",
        "App Assignment For New User Which Has All Attributes",
        None,
    ),
    (
        "C9335",
        "App Assignment For User Already Created In App",
        None,
    ),
    (
        "C9336",
        "App Assignment For User With a Unique UserName And Email",
        None,
    ),
    ("C9291", "User Attribute Update", None),
    (
        "C9309",
        "Update For User Group Attributes",
        Some("group-assignment attribute values are set in the admin console"),
    ),
    ("C9310", "Update User Attributes from User Profile", None),
    ("C9337", "Update To Push Empty Values", None),
    ("C9292", "Deactivate User", None),
    (
        "C9294",
        "Removes an assignment for a user from an application",
        None,
    ),
    ("C9295", "Suspend user functionality", None),
    (
        "C9311",
        "Removes an assignment for a group from an application",
        None,
    ),
    ("C9301", "Sync Password Functionality", None),
    ("C9302", "Sync Password Update", None),
    ("C9303", "Import User Functionality", None),
    ("C9304", "Import User Functionality Scanned Users", None),
    ("C9305", "Import User > Update Functionality", None),
    ("C9338", "Import Group Functionality", None),
    ("C9312", "Push Groups > Create Group", None),
    ("C9315", "Push Groups > Link Group > Rename App Group", None),
    ("C9316", "Push Groups > Push Now", None),
    ("C9317", "Push Groups > Push Empty Group", None),
    (
        "C9318",
        "Push Groups > Unlink Pushed Group > Delete the group in the target app",
        None,
    ),
    (
        "C9319",
        "Push Groups > Deactivate Group Push",
        Some("Okta-side switch; Okta stops sending"),
    ),
    (
        "C9320",
        "Push Groups > Activate Group Push",
        Some("Okta-side switch (the pushes it resumes are C9316)"),
    ),
    (
        "C9321",
        "Push Groups > Unlink Pushed Group > Leave the group in the target app",
        Some("Okta-side unlink; no SCIM call"),
    ),
    (
        "C9322",
        "Push Groups > Link Group > After Leave the group in the target app",
        None,
    ),
    (
        "C9323",
        "Push Groups > Push Groups By Rule",
        Some("Okta group rules"),
    ),
    (
        "C9324",
        "Push Groups > Deactivate Rule",
        Some("Okta group rules"),
    ),
    (
        "C9325",
        "Push Groups > Delete Rule",
        Some("Okta group rules"),
    ),
    (
        "C9326",
        "Push Groups > Delete Rule > Leave Associated Groups",
        Some("Okta group rules"),
    ),
    ("C9327", "Push Groups > Bulk Edit > Delete", None),
    (
        "C9328",
        "Push Groups > Bulk Edit > Deactivate",
        Some("Okta-side bulk switch"),
    ),
    (
        "C9329",
        "Push Groups > Bulk Edit > Activate",
        Some("Okta-side bulk switch"),
    ),
    (
        "C9330",
        "Push Groups > Link Group > Do Not Rename App Group",
        Some("Group Push setting in the admin console"),
    ),
    (
        "C9331",
        "Push Groups > Bulk Edit > Delete > Leave Associated Groups",
        Some("Okta-side unlink; no SCIM call"),
    ),
    ("C9332", "Push Groups > Add Members As Group", None),
    ("C9333", "Push Groups > Remove Members From Group", None),
    (
        "C9359",
        "Enable Profile Sourcing",
        Some("profile sourcing needs a directory-mastered Okta org"),
    ),
    (
        "C9360",
        "User Profile if User Mastered By Profile Sourcing",
        Some("profile sourcing needs a directory-mastered Okta org"),
    ),
    (
        "C9361",
        "User Profile > Deactivate User",
        Some("profile mastering needs a directory-mastered Okta org"),
    ),
];

/// How one plan case is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCase {
    /// Okta's case id, e.g. `C9290`.
    pub id: &'static str,
    /// The case's title in the plan.
    pub title: &'static str,
    /// Ids of the Okta scenarios that automate it (empty when it needs a real org).
    pub scenarios: Vec<&'static str>,
    /// Why it needs a real Okta org, when no scenario automates it.
    pub needs_org: Option<&'static str>,
}

/// Every plan case with its coverage, in the plan's order.
pub fn coverage() -> Vec<PlanCase> {
    let scenarios: Vec<_> = okta::scenarios().into_iter().map(|s| s.check).collect();
    PLAN.iter()
        .map(|&(id, title, needs_org)| PlanCase {
            id,
            title,
            scenarios: scenarios
                .iter()
                .filter(|s| s.tags.contains(&id))
                .map(|s| s.id)
                .collect(),
            needs_org,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_is_either_automated_or_says_why_not() {
        let cases = coverage();
        assert_eq!(cases.len(), 61, "okta-scim-test-plan-v2 has 61 cases");
        for case in &cases {
            assert!(
                case.scenarios.is_empty() != case.needs_org.is_none(),
                "{} must be automated xor need an org: {case:?}",
                case.id
            );
        }
    }

    #[test]
    fn every_c_number_a_scenario_claims_is_in_the_plan() {
        for scenario in okta::scenarios().into_iter().map(|s| s.check) {
            for tag in scenario.tags.iter().filter(|t| t.starts_with('C')) {
                assert!(
                    PLAN.iter().any(|(id, _, _)| id == tag),
                    "{} claims {tag}, which the plan does not have",
                    scenario.id
                );
            }
        }
    }
}
