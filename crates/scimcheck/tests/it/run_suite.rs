//! `scimcheck run` and `scimcheck checks` as a user runs them: exit codes 0/1/2/3, the embedded
//! server, the JSON result, and what a failure shows (request, response, expected vs actual,
//! RFC section, fix).

use crate::fixture;

use fixture::served::Served;
use std::process::{Command, Output};

/// Runs the binary in a scratch directory, so the default `scimcheck-report.html` lands there.
fn scimcheck(args: &[&str]) -> Output {
    fixture::scimcheck_output(&fixture::scratch_dir("run-cwd"), args)
}

#[test]
fn without_a_url_it_tests_the_embedded_server_and_exits_0() {
    let dir = std::env::temp_dir().join(format!("scimcheck-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("result.json");
    let out = scimcheck(&["run", "--json", json.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("started the embedded reference server"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("PASS") && l.contains("users.create.location")),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|l| l.trim() == "okta-spec     5 passed"),
        "the native Okta SPEC checks ran: {stdout}"
    );
    assert!(
        stdout.contains("HTML report written to scimcheck-report.html"),
        "{stdout}"
    );
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("JSON");
    assert_eq!(result["summary"]["failed"], 0);
    assert!(
        !result.to_string().contains(scim_server::DEFAULT_TOKEN),
        "token leaked"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_failing_check_exits_1_and_shows_what_was_sent_and_what_came_back() {
    let served = Served::start(&["no-location-header"]);
    let out = scimcheck(&[
        "run",
        "--base-url",
        &served.base_url,
        "--token",
        scim_server::DEFAULT_TOKEN,
        "--only",
        "users.create.location",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for expected in [
        "users.create.location  [RFC 7644 §3.3]",
        "why       Location header: expected present, got (missing)",
        "request   POST http://127.0.0.1:",
        "response  201 Created",
        "hint      Set the Location header",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
}

#[test]
fn an_unreachable_target_exits_3_with_the_connection_error() {
    let out = scimcheck(&[
        "run",
        "--base-url",
        "http://127.0.0.1:9/scim/v2",
        "--token",
        "t",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot reach the SCIM server"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let bad_basic = scimcheck(&[
        "run",
        "--base-url",
        "http://127.0.0.1:9",
        "--basic",
        "nocolon",
    ]);
    assert_eq!(bad_basic.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_basic.stderr).contains("USER:PASS"));
    let nothing = scimcheck(&["run", "--only", "no.such.check"]);
    assert_eq!(nothing.status.code(), Some(2));
    let both = scimcheck(&["run", "--token", "a", "--basic", "u:p"]);
    assert_eq!(both.status.code(), Some(2));
}

/// `scimcheck checks | head -1`: the reader closes the pipe after one line; the listing ends
/// quietly (it used to panic: "failed printing to stdout: Broken pipe").
#[test]
fn checks_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    for args in [&["checks"][..], &["checks", "--coverage"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("scimcheck starts");
        let mut first = String::new();
        let stdout = child.stdout.take().expect("piped");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a first line");
        // The reader is dropped here: the pipe closes with most of the listing unread.
        let out = child.wait_with_output().expect("scimcheck ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!first.is_empty());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn checks_lists_every_check_with_severity_and_rfc() {
    let out = scimcheck(&["checks"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("filter.invalid.unknown-operator"))
        .expect("the check is listed");
    assert!(
        line.contains("MUST") && line.contains("RFC 7644 §3.4.2.2"),
        "{line}"
    );
    assert!(stdout.lines().count() >= 100);
    // Okta's SPEC checks test RFC sentences too; the strongest keyword among them grades the
    // check (here RFC 7644 §3.12's MUST on the error body); INTEROP is for IdP behaviour the
    // RFCs give no keyword, such as Entra's capitalized PATCH op.
    let line_of = |id: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} is listed"))
            .to_owned()
    };
    let okta = line_of("okta-spec.users.unknown-id-404");
    assert!(okta.contains("MUST"), "{okta}");
    let entra = line_of("patch.op.capitalized ");
    assert!(entra.contains("INTEROP"), "{entra}");
}

#[test]
fn ctrl_c_cancels_the_suite_which_still_writes_its_report_and_exits_130() {
    use std::io::BufRead;
    let dir = std::env::temp_dir().join(format!("scimcheck-run-int-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("result.json");
    let mut run = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .current_dir(&dir)
        .args(["run", "--json", json.to_str().expect("utf-8 path")])
        .env_remove("SCIMCHECK_BASE_URL")
        .env_remove("SCIMCHECK_AUTH")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut lines = std::io::BufReader::new(run.stdout.take().expect("stdout")).lines();
    // The embedded server is up, so the run is about to start or under way: cancel it there.
    let started = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains("started the embedded reference server"));
    assert!(started, "the run never said it started");
    let signalled = Command::new("kill")
        .args(["-INT", &run.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(signalled.success());
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = run.wait().expect("the run ends");
    assert_eq!(status.code(), Some(130), "{}", rest.join("\n"));
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json written")).expect("JSON");
    assert!(
        result["notes"].to_string().contains("cancelled"),
        "the result says the run was cancelled: {}",
        result["notes"]
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The real-world corpus (docs/REAL-WORLD.md, problem 11): a user running from a checkout got a
/// `scimcheck-report.html` they had not asked for, and `run --help` did not say it would come.
#[test]
fn run_help_says_where_the_default_report_goes() {
    let out = scimcheck(&["run", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{help}");
    let report = help
        .split("--report")
        .nth(1)
        .expect("run --help documents --report");
    let paragraph = &report[..report.find("\n\n").unwrap_or(report.len())];
    assert!(paragraph.contains("scimcheck-report.html"), "{paragraph}");
}
