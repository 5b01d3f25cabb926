//! `scimcheck runscope` as a user runs it: exit codes, the embedded server, the JSON result and
//! the error for a malformed file.

use crate::fixture;
use std::path::{Path, PathBuf};
use std::process::Output;

fn scimcheck(args: &[&str]) -> Output {
    fixture::scimcheck_output(&fixture::scratch_dir("runscope"), args)
}

/// Runs scimcheck, asserts it exits 0 (showing both streams if not) and returns its stdout.
fn succeeds(args: &[&str]) -> String {
    let out = scimcheck(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn scratch(name: &str) -> PathBuf {
    fixture::scratch_dir("runscope").join(name)
}

/// Runs `scimcheck runscope FILE [extra…] --json RESULT`, expecting exit 0; returns stdout and
/// the JSON result as written.
fn runscope_with_json(file: &Path, extra: &[&str], result: &str) -> (String, String) {
    let json = scratch(result);
    let mut args = vec!["runscope", file.to_str().unwrap_or_default()];
    args.extend(extra);
    args.extend(["--json", json.to_str().unwrap_or_default()]);
    let stdout = succeeds(&args);
    let written = std::fs::read_to_string(&json).expect("the JSON result written");
    (stdout, written)
}

#[test]
fn okta_spec_passes_against_the_embedded_server_and_writes_masked_json() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let (stdout, written) = runscope_with_json(&file, &[], "result.json");
    assert!(
        stdout.contains("started the embedded reference server"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Required Test: Check status 404  step-23"),
        "{stdout}"
    );
    assert!(!stdout.contains("FAIL"), "{stdout}");
    assert!(stdout.contains("skipped 60 s of pauses"), "{stdout}");
    // The engine names the setting; the terminal adds the flag that sets it, the JSON does not.
    assert!(
        stdout.contains("set the pause policy (--pauses) to honor"),
        "{stdout}"
    );
    assert!(
        written.contains("set the pause policy to honor"),
        "the result keeps the engine's words"
    );
    let result: serde_json::Value = serde_json::from_str(&written).expect("valid JSON");
    assert_eq!(result["summary"]["passed"], 12);
    assert_eq!(result["schema_version"], 2);
    assert!(
        !written.contains(scim_server::DEFAULT_TOKEN),
        "the token leaked into the result"
    );
}

#[test]
fn failing_steps_exit_1_and_print_the_failed_assertion() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let out = scimcheck(&[
        "runscope",
        file.to_str().unwrap_or_default(),
        "--auth",
        "Bearer wrong-token",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL   Required Test: Test Users endpoint  step-1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("response_status equal_number: expected 200, got 401"),
        "{stdout}"
    );
}

#[test]
fn malformed_file_exits_2_with_line_and_column() {
    let bad = scratch("bad.json");
    std::fs::write(
        &bad,
        "{\"steps\": [\n  {\"step_type\": \"pause\" \"duration\": 1}\n]}",
    )
    .expect("write");
    let out = scimcheck(&["runscope", bad.to_str().unwrap_or_default()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("line 2, column 25"), "{stderr}");
}

#[test]
fn bad_var_and_missing_file_exit_2() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let out = scimcheck(&[
        "runscope",
        file.to_str().unwrap_or_default(),
        "--var",
        "novalue",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME=VALUE"));
    let out = scimcheck(&["runscope", "/nonexistent/test.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the test file"));
}

#[test]
fn env_file_sets_variables_and_typos_exit_2() {
    let env = scratch("env.json");
    std::fs::write(
        &env,
        r#"{"variables": {"auth": "Bearer from-env-file"}, "stop_on_failure": true}"#,
    )
    .expect("write");
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let out = scimcheck(&[
        "runscope",
        file.to_str().unwrap_or_default(),
        "--env",
        env.to_str().unwrap_or_default(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the env file's wrong token is used: {stdout}"
    );
    assert!(stdout.contains("stop-on-failure"), "{stdout}");
    std::fs::write(&env, r#"{"variabels": {}}"#).expect("write");
    let out = scimcheck(&[
        "runscope",
        file.to_str().unwrap_or_default(),
        "--env",
        env.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("variabels"));
}

#[test]
fn verbose_shows_exchanges_with_the_token_masked_and_quiet_only_the_summary() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    let path = file.to_str().unwrap_or_default();
    let verbose = scimcheck(&["runscope", path, "-v"]);
    let stdout = String::from_utf8_lossy(&verbose.stdout);
    assert_eq!(verbose.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("/Users?count=1&startIndex=1"), "{stdout}");
    assert!(
        !stdout.contains(scim_server::DEFAULT_TOKEN),
        "the token leaked to the terminal"
    );
    let quiet = scimcheck(&["runscope", path, "-q"]);
    let quiet_out = String::from_utf8_lossy(&quiet.stdout);
    assert_eq!(quiet.status.code(), Some(0), "{quiet_out}");
    assert!(!quiet_out.contains("Test Users endpoint"), "{quiet_out}");
    assert!(quiet_out.contains("skipped 60 s of pauses"), "{quiet_out}");
}

#[test]
fn okta_crud_without_an_org_runs_against_the_simulated_org_and_says_so() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-CRUD-Test.json") else {
        return;
    };
    let (stdout, written) = runscope_with_json(&file, &[], "crud.json");
    assert!(stdout.contains("simulating the Okta org"), "{stdout}");
    let result: serde_json::Value = serde_json::from_str(&written).expect("valid JSON");
    let notes = result["notes"].as_array().cloned().unwrap_or_default();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap_or_default()
            .contains("Okta org was simulated")),
        "{notes:?}"
    );
    assert!(
        result["summary"]["passed"].as_u64().unwrap_or(0) > 0,
        "{written}"
    );
}

#[test]
fn a_runscope_environment_names_users_by_uuid_against_the_reference_server() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixture/runscope/scim-uuid-users.json");
    let env = scratch("runscope-env.json");
    std::fs::write(
        &env,
        r#"{"name": "Reference", "id": "e1", "regions": ["us1"], "colour": "blue",
            "initial_variables": {"user_name": "user-{{uuid}}@example.com"},
            "headers": {"Authorization": ["{{auth}}"]}, "stop_on_failure": true}"#,
    )
    .expect("write");
    let env_arg = ["--env", env.to_str().unwrap_or_default()];
    let (stdout, result) = runscope_with_json(&file, &env_arg, "uuid-users.json");
    assert!(stdout.contains("Create user in Reference"), "{stdout}");
    assert!(
        result.contains("`colour`"),
        "the unknown key is noted: {result}"
    );
    // The environment's header carrying a wrong token fails the run: the test can fail.
    std::fs::write(
        &env,
        r#"{"initial_variables": {"user_name": "{{uuid}}"}, "headers": {"Authorization": ["Bearer wrong-token"]}}"#,
    )
    .expect("write");
    let out = scimcheck(&[
        "runscope",
        file.to_str().unwrap_or_default(),
        "--env",
        env.to_str().unwrap_or_default(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_exports_own_environments_are_used_by_name_or_by_default() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixture/runscope/scim-uuid-users.json");
    let mut test: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture).expect("fixture")).expect("JSON");
    test["default_environment_id"] = serde_json::json!("good");
    test["environments"] = serde_json::json!([
        {"id": "good", "name": "Reference", "initial_variables": {"user_name": "env-{{uuid}}"},
         "headers": {"Authorization": ["{{auth}}"]}},
        {"id": "bad", "name": "Wrong token", "initial_variables": {"user_name": "env-{{uuid}}"},
         "headers": {"Authorization": ["Bearer wrong-token"]}}
    ]);
    let file = scratch("with-environments.json");
    std::fs::write(&file, test.to_string()).expect("write");
    let path = file.to_str().unwrap_or_default();
    let out = scimcheck(&["runscope", path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the default environment: {stdout}"
    );
    assert!(stdout.contains("Create user in Reference"), "{stdout}");
    let out = scimcheck(&["runscope", path, "--environment", "Wrong token"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = scimcheck(&["runscope", path, "--environment", "Dev"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`Reference`, `Wrong token`"), "{stderr}");
}

/// Runscope's helper libraries and a script library: the fixture signs its request with
/// CryptoJS, stamps it with moment, reads the user with Underscore and checks it with a function
/// that only `--script-library` defines — so it passes with the library and fails without it,
/// and a library that does not compile fails naming the library.
#[test]
fn helper_libraries_and_a_script_library_serve_the_scripts() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixture/runscope/helper-libraries.json");
    let file = file.to_str().unwrap_or_default();
    let library = scratch("scim-helpers.js");
    std::fs::write(
        &library,
        "function expectScimUser(user) {\n  assert.include(user.schemas, 'urn:ietf:params:scim:schemas:core:2.0:User');\n  assert.match(user.meta.created, /^\\d{4}-\\d{2}-\\d{2}T/);\n}\n",
    )
    .expect("write");
    let library = library.to_str().unwrap_or_default();
    succeeds(&["runscope", file, "--script-library", library]);
    let without = scimcheck(&["runscope", file]);
    let stdout = String::from_utf8_lossy(&without.stdout);
    assert_eq!(without.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("expectScimUser is not defined"), "{stdout}");
    let broken = scratch("broken.js");
    std::fs::write(&broken, "function (").expect("write");
    let out = scimcheck(&[
        "runscope",
        file,
        "--script-library",
        broken.to_str().unwrap_or_default(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("script library"), "{stdout}");
    let missing = scimcheck(&["runscope", file, "--script-library", "no-such-library.js"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the script library"));
}

/// Subtest steps run the export given for their test id, with `--subtests DIR` (files named
/// after the ids) or `--subtest UUID=FILE`; without it the step is skipped naming the flag, and
/// the step that needs the subtest's variable fails; a malformed pair is refused.
#[test]
fn subtest_steps_run_the_exports_given_for_their_test_ids() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixture/runscope");
    let caller = fixtures.join("subtest-caller.json");
    let caller = caller.to_str().unwrap_or_default();
    let dir = fixtures.join("subtests");
    let stdout = succeeds(&[
        "runscope",
        caller,
        "--subtests",
        dir.to_str().unwrap_or_default(),
    ]);
    assert!(stdout.contains("Read ServiceProviderConfig"), "{stdout}");
    let pair = format!(
        "7f3c2a10-5d1e-4c2b-9a8f-000000000001={}",
        dir.join("7f3c2a10-5d1e-4c2b-9a8f-000000000001.json")
            .display()
    );
    succeeds(&["runscope", caller, "--subtest", &pair]);
    let without = scimcheck(&["runscope", caller]);
    let stdout = String::from_utf8_lossy(&without.stdout);
    assert_eq!(without.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("the test 7f3c2a10-5d1e-4c2b-9a8f-000000000001 it calls")
            && stdout.contains("(--subtest UUID=FILE or --subtests DIR)"),
        "the id and, on the command line, the flags: {stdout}"
    );
    let bad = scimcheck(&["runscope", caller, "--subtest", "no-file"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("is not UUID=FILE"), "{stderr}");
}
