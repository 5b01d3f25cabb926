//! Okta's published Runscope SPEC tests, unmodified, against the embedded reference server:
//! all pass on the clean server, and each reference-server defect Okta's files can see makes
//! exactly the right steps fail.

use crate::common;

use common::{assert_passed, case, failures, okta_test, run};
use scim_server::{DEFAULT_TOKEN, Defect, RunningServer, ServerConfig};
use scimcheck_engine::model::{RunResult, Verdict};
use scimcheck_engine::runscope::runner::RunscopeSettings;

const SPEC_20: &str = "Okta-SCIM-20-SPEC-Test.json";
const SPEC_2016: &str = "Okta-SCIM-20-SPEC-Test.2016.json";
const SPEC_11: &str = "Okta-SCIM-11-SPEC-Test.json";

fn options(base_url: String) -> RunscopeSettings {
    let mut options = RunscopeSettings {
        target: base_url.clone(),
        ..RunscopeSettings::default()
    };
    options.variables.insert("SCIMBaseURL".into(), base_url);
    options
        .variables
        .insert("auth".into(), format!("Bearer {DEFAULT_TOKEN}"));
    options
}

/// Runs Okta's `file` against a server with `config`; `None` when the file is absent.
async fn run_against(file: &str, config: ServerConfig, v1: bool) -> Option<RunResult> {
    let test = okta_test(file)?;
    let server: RunningServer = scim_server::spawn(config)
        .await
        .expect("reference server starts");
    let base = if v1 {
        server.base_url_v1()
    } else {
        server.base_url_v2()
    };
    let (result, _) = run(&test, &options(base)).await;
    server.shutdown().await;
    Some(result)
}

fn assert_all_pass(result: &RunResult) {
    assert!(result.succeeded(), "failures: {:#?}", failures(result));
    let requests = result
        .cases
        .iter()
        .filter(|c| c.category.as_deref() == Some("request"));
    for c in requests {
        assert_passed(c);
        assert!(!c.exchanges.is_empty(), "{} sent nothing", c.title);
    }
}

#[tokio::test]
async fn spec_20_passes_against_the_clean_server() {
    let Some(result) = run_against(SPEC_20, ServerConfig::default(), false).await else {
        return;
    };
    assert_all_pass(&result);
    assert_eq!(result.summary.passed, 12);
    assert_eq!(result.summary.skipped, 11, "the pauses");
}

#[tokio::test]
async fn spec_2016_passes_against_the_clean_server() {
    let Some(result) = run_against(SPEC_2016, ServerConfig::default(), false).await else {
        return;
    };
    assert_all_pass(&result);
}

#[tokio::test]
async fn spec_11_passes_against_the_clean_server_at_v1() {
    let Some(result) = run_against(SPEC_11, ServerConfig::default(), true).await else {
        return;
    };
    assert_all_pass(&result);
}

/// Runs `file` against a server with `defect` and returns the failing (title, reason) pairs;
/// `None` when the file is absent.
async fn failing_with(file: &str, defect: Defect) -> Option<Vec<(String, String)>> {
    let result = run_against(file, ServerConfig::default().with_defect(defect), false).await?;
    Some(failures(&result))
}

fn titles_of(failures: &[(String, String)]) -> Vec<&str> {
    failures.iter().map(|(t, _)| t.as_str()).collect()
}

#[tokio::test]
async fn duplicate_usernames_fail_only_the_recreate_step() {
    let Some(failed) = failing_with(SPEC_20, Defect::DuplicateUsernamesAllowed).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        ["Required Test: Expect failure when recreating user with same values"]
    );
    assert!(
        failed[0].1.contains("response_status equal_number"),
        "{failed:?}"
    );
    assert!(
        failed[0].1.contains("expected \"409\", actual \"201\""),
        "{failed:?}"
    );
}

#[tokio::test]
async fn not_found_without_detail_fails_only_the_404_steps() {
    let Some(failed) = failing_with(SPEC_20, Defect::NotFoundWithoutDetail).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        [
            "Required Test: Test invalid User by ID",
            "Required Test: Check status 404"
        ]
    );
    for (_, reason) in &failed {
        assert!(
            reason.contains("response_json \"detail\" not_empty"),
            "{reason}"
        );
    }
}

#[tokio::test]
async fn unauthorized_without_body_fails_only_the_401_step() {
    let Some(failed) = failing_with(SPEC_20, Defect::UnauthorizedWithoutScimBody).await else {
        return;
    };
    assert_eq!(titles_of(&failed), ["Required Test: Check status 401"]);
    assert!(failed[0].1.contains("response_json"), "{failed:?}");
}

#[tokio::test]
async fn list_without_schemas_fails_the_list_steps() {
    let Some(failed) = failing_with(SPEC_20, Defect::ListWithoutSchemas).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        [
            "Required Test: Test Users endpoint",
            "Required Test: Test invalid User by username",
            "Required Test: Make sure random user doesn't exist",
        ]
    );
    assert!(
        failed[0].1.contains("response_json \"schemas\" has_value"),
        "{failed:?}"
    );
}

#[tokio::test]
async fn invalid_filter_ignored_fails_the_2016_case_check() {
    let Some(failed) = failing_with(SPEC_2016, Defect::InvalidFilterIgnored).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        ["Required Test: Username Case Sensitivity Check"]
    );
    assert!(
        failed[0].1.contains("expected \"400\", actual \"200\""),
        "{failed:?}"
    );
}

#[tokio::test]
async fn case_check_step_is_named_in_the_2016_file() {
    // The clean server answers the 2016 file's bare-email filter with 400 invalidFilter.
    let Some(result) = run_against(SPEC_2016, ServerConfig::default(), false).await else {
        return;
    };
    let step = case(&result, "Required Test: Username Case Sensitivity Check");
    assert_eq!(step.verdict, Verdict::Pass);
    assert_eq!(
        step.exchanges[0].response.as_ref().map(|r| r.status),
        Some(400)
    );
}

#[tokio::test]
async fn unknown_id_400_fails_only_the_404_steps() {
    let Some(failed) = failing_with(SPEC_20, Defect::UnknownId400).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        [
            "Required Test: Test invalid User by ID",
            "Required Test: Check status 404"
        ]
    );
    assert!(
        failed[0].1.contains("expected \"404\", actual \"400\""),
        "{failed:?}"
    );
}

#[tokio::test]
async fn conflict_400_fails_only_the_recreate_step() {
    let Some(failed) = failing_with(SPEC_20, Defect::Conflict400).await else {
        return;
    };
    assert_eq!(
        titles_of(&failed),
        ["Required Test: Expect failure when recreating user with same values"]
    );
    assert!(
        failed[0].1.contains("expected \"409\", actual \"400\""),
        "{failed:?}"
    );
}

#[tokio::test]
async fn duplicate_usernames_fail_the_recreate_step_of_the_11_file_too() {
    let Some(test) = okta_test(SPEC_11) else {
        return;
    };
    let server =
        scim_server::spawn(ServerConfig::default().with_defect(Defect::DuplicateUsernamesAllowed))
            .await
            .expect("reference server starts");
    let (result, _) = run(&test, &options(server.base_url_v1())).await;
    server.shutdown().await;
    let failed = failures(&result);
    assert_eq!(
        titles_of(&failed),
        ["Required Test: Expect failure when recreating user with same values"]
    );
}

/// A known blind spot of Okta's files, pinned so it is not forgotten: the 2.0 SPEC test's
/// "Username Case Sensitivity Check" only asserts status 200, so a server whose userName filter
/// is case-sensitive still passes it. scimcheck's conformance suite checks this instead.
#[tokio::test]
async fn case_sensitive_username_filter_is_invisible_to_okta_spec_20() {
    let Some(result) = run_against(
        SPEC_20,
        ServerConfig::default().with_defect(Defect::FilterUsernameCaseSensitive),
        false,
    )
    .await
    else {
        return;
    };
    let step = case(&result, "Required Test: Username Case Sensitivity Check");
    assert_eq!(step.verdict, Verdict::Pass);
    let body = &step.exchanges[0].response.as_ref().expect("response").body;
    assert!(
        body.contains("\"totalResults\":0"),
        "the defect is on: {body}"
    );
    assert!(result.succeeded());
}

/// Okta's own Initial Script (pasted into Runscope by users) runs in the sandbox instead of the
/// native generation, and the SPEC test still passes with the variables it sets.
#[tokio::test]
async fn spec_20_passes_with_oktas_initial_script_instead_of_native_variables() {
    let Some(script) = common::okta_file("Initial_Script_Spec.js") else {
        return;
    };
    let Some(test) = okta_test(SPEC_20) else {
        return;
    };
    let server = scim_server::spawn(ServerConfig::default())
        .await
        .expect("reference server starts");
    let mut options = options(server.base_url_v2());
    options.initial_script = Some(script);
    let (result, _) = run(&test, &options).await;
    server.shutdown().await;
    assert_eq!(result.cases[0].id, "initial-script");
    assert_passed(&result.cases[0]);
    assert!(
        !result
            .notes
            .iter()
            .any(|n| n.contains("generated natively")),
        "{:?}",
        result.notes
    );
    assert_all_pass(&result);
    let created = case(
        &result,
        "Required Test: Create Okta user with realistic values",
    );
    let sent = &created.exchanges[0].request.body;
    assert!(sent.contains("\"givenName\":\"Runscope"), "{sent}");
}
