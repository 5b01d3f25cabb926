//! Gating a run on a baseline and on expected failures, as a CI job does: two runs against
//! `scimcheck serve` with different defects switched on, compared by `run --baseline` and by
//! `scimcheck diff`, with the exit codes of `--fail-on failures|regressions`; `[expect]` entries
//! that fail as expected and ones that pass unexpectedly; baselines that cannot be used.

use crate::fixture;

use fixture::served::Served;
use fixture::show;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Fails with defect `no-location-header` (run A), passes with the others.
const LOCATION: &str = "users.create.location";
/// Fails with defect `client-id-accepted` (run B), passes with the others.
const CLIENT_ID: &str = "users.create.client-id-ignored";
/// Fails with defect `password-returned` (both runs).
const PASSWORD: &str = "users.password.not-returned";

/// A scratch directory of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("scimcheck-baseline-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The three checks against `served`, in `dir`, plus `extra`.
fn run_three(served: &Served, dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        "--base-url",
        &served.base_url,
        "--token",
        scim_server::DEFAULT_TOKEN,
        "--only",
        LOCATION,
        "--only",
        CLIENT_ID,
        "--only",
        PASSWORD,
    ];
    args.extend_from_slice(extra);
    fixture::scimcheck_output(dir, &args)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("file written")).expect("JSON")
}

/// The case ids of one list of the `comparison` in a results file.
fn listed(result: &serde_json::Value, list: &str) -> Vec<String> {
    result["comparison"][list]
        .as_array()
        .unwrap_or_else(|| panic!("no comparison.{list} in {result}"))
        .iter()
        .map(|c| c["case"].as_str().expect("case id").to_owned())
        .collect()
}

#[test]
fn defects_toggled_between_two_runs_show_as_regression_fix_and_still_failing() {
    let dir = scratch("toggled");
    let a = Served::start(&["no-location-header", "password-returned"]);
    let out = run_three(&a, &dir, &["--json", "a.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    drop(a);

    let b = Served::start(&["client-id-accepted", "password-returned"]);
    let gated = [
        "--baseline",
        "a.json",
        "--json",
        "b.json",
        "--markdown",
        "b.md",
        "--junit",
        "b.xml",
        "--report",
        "b.html",
    ];
    let out = run_three(&b, &dir, &gated);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "failures by default: {}",
        show(&out)
    );
    assert!(
        stdout.contains("1 regression, 1 fixed, 1 still failing, 0 new, 0 removed"),
        "{stdout}"
    );
    let result = json(&dir.join("b.json"));
    assert_eq!(listed(&result, "regressions"), [CLIENT_ID]);
    assert_eq!(listed(&result, "fixes"), [LOCATION]);
    assert_eq!(listed(&result, "still_failing"), [PASSWORD]);
    assert_eq!(result["comparison"]["regressions"][0]["before"], "pass");
    assert_eq!(result["comparison"]["regressions"][0]["after"], "fail");
    let markdown = std::fs::read_to_string(dir.join("b.md")).expect("markdown");
    assert!(
        markdown.contains("### Compared with the baseline"),
        "{markdown}"
    );
    assert!(markdown.contains("| Regressions | Change |"), "{markdown}");
    let junit = std::fs::read_to_string(dir.join("b.xml")).expect("junit");
    assert!(
        junit.contains("regression since the baseline (pass → fail)"),
        "{junit}"
    );
    let html = std::fs::read_to_string(dir.join("b.html")).expect("html");
    assert!(
        html.contains("Compared with the baseline: 1 regression"),
        "{html}"
    );

    // Gating on regressions: B regressed against A…
    let out = run_three(
        &b,
        &dir,
        &["--baseline", "a.json", "--fail-on", "regressions"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    // …but a third run on the same server only still fails what B failed.
    let out = run_three(
        &b,
        &dir,
        &[
            "--baseline",
            "b.json",
            "--fail-on",
            "regressions",
            "--json",
            "c.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("PASSED (--fail-on regressions): 0 regressions, 0 fixed, 2 still failing"),
        "the last line says what decided the exit code: {}",
        show(&out)
    );
    let result = json(&dir.join("c.json"));
    assert!(listed(&result, "regressions").is_empty(), "{result}");
    assert_eq!(listed(&result, "still_failing"), [CLIENT_ID, PASSWORD]);
    // Without a baseline, every failing check is new: regressions gate like failures.
    let out = run_three(&b, &dir, &["--fail-on", "regressions"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));

    // `scimcheck diff` compares the files alone.
    let out = fixture::scimcheck_output(&dir, &["diff", "a.json", "b.json"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    for expected in [
        "Regressions",
        CLIENT_ID,
        "pass → fail",
        "Fixed",
        "fail → pass",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let out = fixture::scimcheck_output(&dir, &["diff", "b.json", "c.json"]);
    assert_eq!(out.status.code(), Some(0), "no regression: {}", show(&out));
    let out =
        fixture::scimcheck_output(&dir, &["diff", "b.json", "c.json", "--fail-on", "failures"]);
    assert_eq!(out.status.code(), Some(1), "c still fails: {}", show(&out));
    let out = fixture::scimcheck_output(&dir, &["diff", "b.json", "a.json", "--markdown", "ba.md"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let markdown = std::fs::read_to_string(dir.join("ba.md")).expect("markdown");
    assert!(markdown.contains(LOCATION), "{markdown}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn expected_failures_pass_the_run_and_an_unexpected_pass_fails_it() {
    let dir = scratch("expect");
    std::fs::write(
        dir.join("scimcheck.toml"),
        format!("[expect]\n\"{LOCATION}\" = \"the proxy strips Location, ticket NET-7\"\n"),
    )
    .expect("config");
    let broken = Served::start(&["no-location-header"]);
    let out = run_three(&broken, &dir, &["--json", "x.json", "--junit", "x.xml"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        stdout.contains("XFAIL") && stdout.contains("ticket NET-7"),
        "{stdout}"
    );
    let result = json(&dir.join("x.json"));
    let case = result["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == LOCATION)
        .expect("the expected case");
    assert_eq!(case["verdict"], "fail");
    assert_eq!(
        case["expected_failure"],
        "the proxy strips Location, ticket NET-7"
    );
    let junit = std::fs::read_to_string(dir.join("x.xml")).expect("junit");
    assert!(
        junit.contains("expected failure (the proxy strips"),
        "{junit}"
    );
    drop(broken);

    let clean = Served::start(&[]);
    let out = run_three(&clean, &dir, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(
        stdout.contains(
            "expected to fail because the proxy strips Location, ticket NET-7, but passed: remove it from [expect]"
        ),
        "{stdout}"
    );
    // Against the baseline where it was expected, the unexpected pass is a regression.
    let out = run_three(
        &clean,
        &dir,
        &["--baseline", "x.json", "--fail-on", "regressions"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn runscope_honours_expect_and_baseline() {
    let dir = scratch("runscope");
    let test = serde_json::json!({"name": "expect", "steps": [{
        "step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users", "note": "list users",
        "headers": {"Authorization": ["Bearer wrong"]},
        "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]
    }]});
    std::fs::write(dir.join("test.json"), test.to_string()).expect("test");
    let out = fixture::scimcheck_output(&dir, &["runscope", "test.json", "--json", "first.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    std::fs::write(
        dir.join("scimcheck.toml"),
        "[expect]\n\"step-1\" = \"the token is wrong on purpose\"\n",
    )
    .expect("config");
    let out = fixture::scimcheck_output(
        &dir,
        &[
            "runscope",
            "test.json",
            "--baseline",
            "first.json",
            "--json",
            "second.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let result = json(&dir.join("second.json"));
    assert_eq!(
        result["cases"][0]["expected_failure"],
        "the token is wrong on purpose"
    );
    assert!(listed(&result, "regressions").is_empty(), "{result}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_runscope_step_that_passed_and_now_fails_is_a_regression() {
    let dir = scratch("runscope-regression");
    let test = serde_json::json!({"name": "regression", "steps": [{
        "step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users", "note": "list users",
        "headers": {"Authorization": ["{{auth}}"]},
        "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]
    }]});
    std::fs::write(dir.join("test.json"), test.to_string()).expect("test");
    let served = Served::start(&[]);
    let run = |token: &str, extra: &[&str]| {
        let mut args = vec![
            "runscope",
            "test.json",
            "--base-url",
            &served.base_url,
            "--token",
            token,
        ];
        args.extend_from_slice(extra);
        fixture::scimcheck_output(&dir, &args)
    };
    let out = run(scim_server::DEFAULT_TOKEN, &["--json", "first.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // The same step with a token the server refuses: it passed in the baseline.
    let out = run(
        "not-the-token",
        &[
            "--baseline",
            "first.json",
            "--fail-on",
            "regressions",
            "--json",
            "second.json",
            "--markdown",
            "second.md",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 regression, 0 fixed, 0 still failing"),
        "{stdout}"
    );
    let result = json(&dir.join("second.json"));
    assert_eq!(listed(&result, "regressions"), ["step-1"]);
    let markdown = std::fs::read_to_string(dir.join("second.md")).expect("markdown");
    assert!(
        markdown.contains("| Regressions | Change |") && markdown.contains("step-1"),
        "{markdown}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The Okta scenario that defect `duplicate-usernames-allowed` fails, and only it.
const OKTA_DUPLICATE: &str = "okta.assign.duplicate-409";

#[test]
fn a_profile_scenario_broken_since_the_baseline_is_a_regression_until_expected() {
    let dir = scratch("profile-regression");
    let okta = |served: &Served, extra: &[&str]| {
        let mut args = vec![
            "run",
            "--profile",
            "okta",
            "--base-url",
            &served.base_url,
            "--token",
            scim_server::DEFAULT_TOKEN,
            "-q",
        ];
        args.extend_from_slice(extra);
        fixture::scimcheck_output(&dir, &args)
    };
    let clean = Served::start(&[]);
    let out = okta(&clean, &["--json", "clean.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    drop(clean);

    let broken = Served::start(&["duplicate-usernames-allowed"]);
    let gated = [
        "--baseline",
        "clean.json",
        "--fail-on",
        "regressions",
        "--json",
        "broken.json",
    ];
    let out = okta(&broken, &gated);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("1 regression, 0 fixed, 0 still failing")
            && stdout.contains(OKTA_DUPLICATE),
        "{stdout}"
    );
    let result = json(&dir.join("broken.json"));
    assert_eq!(listed(&result, "regressions"), [OKTA_DUPLICATE]);

    std::fs::write(
        dir.join("scimcheck.toml"),
        format!(
            "[expect]\n\"{OKTA_DUPLICATE}\" = \"userName uniqueness is the next release, ticket ID-42\"\n"
        ),
    )
    .expect("config");
    let out = okta(&broken, &gated);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    assert!(
        stdout.contains("(1 expected)")
            && stdout.contains(&format!(
                "{OKTA_DUPLICATE}  Creating an existing userName answers 409  expected: userName uniqueness"
            )),
        "{stdout}"
    );
    let result = json(&dir.join("broken.json"));
    let case = result["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["id"] == OKTA_DUPLICATE)
        .expect("the scenario ran")
        .clone();
    assert_eq!(case["verdict"], "fail");
    assert_eq!(
        case["expected_failure"],
        "userName uniqueness is the next release, ticket ID-42"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_profile_run_is_compared_with_its_baseline() {
    let dir = scratch("profile");
    let out = fixture::scimcheck_output(
        &dir,
        &["run", "--profile", "okta", "--json", "okta.json", "-q"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let out = fixture::scimcheck_output(
        &dir,
        &[
            "run",
            "--profile",
            "okta",
            "--baseline",
            "okta.json",
            "--json",
            "again.json",
            "-q",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    let result = json(&dir.join("again.json"));
    assert!(listed(&result, "regressions").is_empty(), "{result}");
    assert!(listed(&result, "new_cases").is_empty(), "{result}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 regressions, 0 fixed, 0 still failing, 0 new, 0 removed"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unusable_baseline_is_a_usage_error_before_anything_is_sent() {
    let dir = scratch("bad");
    std::fs::write(dir.join("garbage.json"), "{\"suite\": 3").expect("file");
    std::fs::write(
        dir.join("future.json"),
        older_results().replace("\"schema_version\": 1", "\"schema_version\": 99"),
    )
    .expect("file");
    std::fs::write(
        dir.join("unmasked.json"),
        older_results().replace(
            "\"duration_ms\": 10,",
            "\"duration_ms\": 10, \"secrets_masked\": false,",
        ),
    )
    .expect("file");
    std::fs::write(dir.join("old.json"), older_results()).expect("file");
    // Port 9 (discard) is closed: reaching it would exit 3, so exit 2 proves nothing was sent.
    let unreachable = [
        "run",
        "--base-url",
        "http://127.0.0.1:9/scim/v2",
        "--token",
        "t",
    ];
    for (file, expected) in [
        ("missing.json", "cannot read the results file missing.json"),
        (
            "garbage.json",
            "garbage.json is not a scimcheck results file",
        ),
        (
            "future.json",
            "has results schema 99, newer than this scimcheck reads",
        ),
        (
            "unmasked.json",
            "unmasked.json was written with --show-secrets",
        ),
    ] {
        let mut args = unreachable.to_vec();
        args.extend(["--baseline", file]);
        let out = fixture::scimcheck_output(&dir, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", show(&out));
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert!(
            stderr.contains("--json file of an earlier run")
                || file.starts_with("future")
                || file.starts_with("unmasked"),
            "{stderr}"
        );
        let out = fixture::scimcheck_output(&dir, &["diff", file, "old.json"]);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(expected),
            "{}",
            show(&out)
        );
    }
    // An unmasked baseline is fine for a run that masks nothing either (port 9: exit 3).
    let mut args = unreachable.to_vec();
    args.extend(["--show-secrets", "--baseline", "unmasked.json"]);
    let out = fixture::scimcheck_output(&dir, &args);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let out = fixture::scimcheck_output(&dir, &["run", "--fail-on", "sometimes"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    std::fs::write(
        dir.join("scimcheck.toml"),
        "[expect]\n\"users.create.location\" = \"\"\n",
    )
    .expect("config");
    let out = fixture::scimcheck_output(&dir, &unreachable);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("without a reason"),
        "{}",
        show(&out)
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A results file as scimcheck wrote it before schema 2 and before comparisons: no `blocked`
/// count, no `root_causes`, `secrets_masked` or `comparison`.
fn older_results() -> String {
    r#"{
  "schema_version": 1,
  "suite": "scimcheck conformance suite",
  "target": "http://127.0.0.1:1/scim/v2",
  "started_at": "2026-11-01T00:00:00.000Z",
  "duration_ms": 10,
  "summary": { "passed": 1, "failed": 1, "skipped": 0, "warned": 0, "errored": 0 },
  "cases": [
    { "id": "users.create.location", "title": "Location", "verdict": "fail", "duration_ms": 1 },
    { "id": "users.password.not-returned", "title": "password", "verdict": "pass", "duration_ms": 1 }
  ]
}
"#
    .to_owned()
}

#[test]
fn a_baseline_written_before_comparisons_still_loads() {
    let dir = scratch("older");
    std::fs::write(dir.join("old.json"), older_results()).expect("file");
    let newer = older_results()
        .replace("\"schema_version\": 1", "\"schema_version\": 2")
        .replace("\"verdict\": \"fail\"", "\"verdict\": \"pass\"")
        .replace(
            "\"verdict\": \"pass\", \"duration_ms\": 1 }\n  ]",
            "\"verdict\": \"fail\", \"duration_ms\": 1 }\n  ]",
        );
    std::fs::write(dir.join("new.json"), newer).expect("file");
    let out = fixture::scimcheck_output(
        &dir,
        &["diff", "old.json", "new.json", "--json", "compared.json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let result = json(&dir.join("compared.json"));
    assert_eq!(listed(&result, "regressions"), [PASSWORD]);
    assert_eq!(listed(&result, "fixes"), [LOCATION]);
    let _ = std::fs::remove_dir_all(dir);
}
