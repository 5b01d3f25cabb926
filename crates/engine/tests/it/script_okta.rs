//! Okta's own Runscope scripts, read from its published fixtures, run unmodified in the sandbox:
//! the environment initial scripts and every post-response / pre-request script in the SPEC tests.

use scimcheck_engine::runscope::script::{
    ScriptLimits, ScriptOutcome, ScriptRequest, ScriptResponse, Variables, run_script,
};
use serde_json::Value;

/// Every script in Okta's Runscope export `file`: (step note, "scripts" or "before_scripts",
/// source); `None` when the file is not beside the checkout (see scimcheck-testkit).
fn scripts_in(file: &str) -> Option<Vec<(String, &'static str, String)>> {
    let text = scimcheck_testkit::okta_text(file)?;
    let export: Value =
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{file} is not JSON: {error}"));
    let mut found = Vec::new();
    collect(&export["steps"], &mut found);
    Some(found)
}

fn collect(steps: &Value, found: &mut Vec<(String, &'static str, String)>) {
    for step in steps.as_array().into_iter().flatten() {
        let note = step["note"].as_str().unwrap_or_default().to_owned();
        for kind in ["before_scripts", "scripts"] {
            for script in step[kind].as_array().into_iter().flatten() {
                if let Some(source) = script.as_str().filter(|s| !s.trim().is_empty()) {
                    found.push((note.clone(), kind, source.to_owned()));
                }
            }
        }
        collect(&step["steps"], found);
    }
}

fn groups_response(body: &str) -> ScriptResponse {
    ScriptResponse {
        status: 200,
        reason: "OK".to_owned(),
        headers: vec![(
            "Content-Type".to_owned(),
            "application/scim+json".to_owned(),
        )],
        body: body.to_owned(),
        response_time_ms: 3,
        size_bytes: body.len() as u64,
    }
}

const ONE_GROUP: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"startIndex":1,"itemsPerPage":1,"Resources":[{"id":"g1","displayName":"Engineering"}]}"#;
const NO_GROUPS: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;

fn run_step_script(kind: &str, source: &str, body: &str) -> ScriptOutcome {
    let mut request = ScriptRequest {
        method: "GET".to_owned(),
        url: "http://127.0.0.1/scim/v2/Groups".to_owned(),
        ..ScriptRequest::default()
    };
    let response = groups_response(body);
    let response = (kind == "scripts").then_some(&response);
    run_script(
        source,
        &mut Variables::new(),
        Some(&mut request),
        response,
        &ScriptLimits::default(),
    )
}

#[test]
fn the_spec_tests_contain_scripts_and_all_pass_against_a_server_with_groups() {
    for file in [
        "Okta-SCIM-20-SPEC-Test.json",
        "Okta-SCIM-20-SPEC-Test.2016.json",
        "Okta-SCIM-11-SPEC-Test.json",
    ] {
        let Some(scripts) = scripts_in(file) else {
            return;
        };
        assert!(!scripts.is_empty(), "{file} should hold scripts");
        for (note, kind, source) in scripts {
            let outcome = run_step_script(kind, &source, ONE_GROUP);
            assert_eq!(outcome.error, None, "{file}: {note}: {kind}");
            assert_eq!(outcome.logs, ["true"], "{file}: {note}: {kind}");
        }
    }
}

/// The script of the "Verify Groups endpoint" step: (kind, source); `None` when `file` is absent.
fn groups_script(file: &str) -> Option<(&'static str, String)> {
    let scripts = scripts_in(file)?;
    let found = scripts
        .iter()
        .find(|(note, _, _)| note.contains("Groups"))
        .map(|(_, kind, source)| (*kind, source.clone()))
        .unwrap_or_else(|| panic!("{file} should have a Groups script: {scripts:?}"));
    Some(found)
}

#[test]
fn the_2016_groups_script_fails_when_the_server_lists_no_groups() {
    let Some((kind, source)) = groups_script("Okta-SCIM-20-SPEC-Test.2016.json") else {
        return;
    };
    let outcome = run_step_script(kind, &source, NO_GROUPS);
    let error = outcome.error.unwrap_or_default();
    assert!(
        error.starts_with("Resources is of type Array: expected false to be truthy (line "),
        "{error}"
    );
}

#[test]
fn the_current_groups_script_accepts_an_empty_list_as_runscope_does() {
    let Some((kind, source)) = groups_script("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    // `assert("nogroups", ...)` asserts a non-empty string: it passes.
    let outcome = run_step_script(kind, &source, NO_GROUPS);
    assert_eq!(outcome.error, None);
    assert!(outcome.logs.is_empty(), "{:?}", outcome.logs);
    // A body that is not JSON fails the step with the parser's message.
    let outcome = run_step_script(kind, &source, "<html>");
    let error = outcome.error.unwrap_or_default();
    assert!(error.starts_with("SyntaxError:"), "{error}");
}

/// Runs Okta's initial script `file`; `None` when it is absent.
fn run_initial(file: &str) -> Option<Variables> {
    let source = scimcheck_testkit::okta_text(file)?;
    let mut variables = Variables::new();
    let outcome = run_script(
        &source,
        &mut variables,
        None,
        None,
        &ScriptLimits::default(),
    );
    assert_eq!(outcome.error, None, "{file}");
    Some(variables)
}

fn is_runscope_first_name(name: &str) -> bool {
    name.strip_prefix("Runscope")
        .is_some_and(|digits| digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn is_random_last_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() == 12
        && bytes[0].is_ascii_uppercase()
        && bytes[1..9].iter().all(u8::is_ascii_lowercase)
        && bytes[9..].iter().all(u8::is_ascii_digit)
}

#[test]
fn the_spec_initial_script_generates_okta_s_variables() {
    let Some(variables) = run_initial("Initial_Script_Spec.js") else {
        return;
    };
    let given = &variables["randomGivenName"];
    let family = &variables["randomFamilyName"];
    assert!(is_runscope_first_name(given), "{given}");
    assert!(is_random_last_name(family), "{family}");
    let email = format!("{given}{family}@atko.com");
    assert_eq!(variables["randomEmail"], email);
    assert_eq!(variables["randomUsername"], email);
    assert_eq!(variables["randomUsernameCaps"], email.to_uppercase());
    assert_eq!(variables["InvalidUserEmail"], "abcdefgh@atko.com");
    assert_eq!(
        variables["UserIdThatDoesNotExist"],
        "010101001010101011001010101011"
    );
    assert_eq!(variables.len(), 7, "{variables:?}");
}

#[test]
fn the_crud_initial_script_generates_okta_s_variables() {
    let Some(variables) = run_initial("Initial_Script_CRUD.js") else {
        return;
    };
    let first = &variables["okta_user_firstname"];
    let last = &variables["okta_user_lastname"];
    assert!(is_runscope_first_name(first), "{first}");
    assert!(is_random_last_name(last), "{last}");
    assert_eq!(variables["okta_user_fullname"], format!("{first} {last}"));
    assert_eq!(
        variables["okta_user_firstname_update"],
        format!("{first}update")
    );
    assert_eq!(
        variables["okta_user_fullname_update"],
        format!("{first}update {last}")
    );
    assert_eq!(
        variables["okta_user_email"],
        format!("{first}{last}@atko.com")
    );
    assert_eq!(variables["okta_user_title"], "Engineer");
    assert_eq!(variables["okta_user_primaryphone"], "415.123.4567");
}

#[test]
fn each_run_of_the_initial_script_draws_new_names() {
    let Some(first) = run_initial("Initial_Script_Spec.js") else {
        return;
    };
    let Some(second) = run_initial("Initial_Script_Spec.js") else {
        return;
    };
    // 26 * 26^8 * 10^3 * 10^3 combinations: equal only if Math.random were not random.
    assert_ne!(first["randomEmail"], second["randomEmail"]);
}
