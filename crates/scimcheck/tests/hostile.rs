//! `scimcheck runscope` and `scimcheck run` against a hostile server: every kind of broken
//! answer a tester meets on someone's staging server. The run must complete, fail each affected step with an explanation,
//! never panic, keep memory bounded (body caps, "cut" noted), never forward credentials through a
//! redirect, and write every report; the JUnit file is parsed back.

mod fixture;

use fixture::hostile::{DISCOVERY_ROUTES, HostileServer, ROUTES};
use serde_json::{Value, json};
use std::process::Command;

/// A credential that must appear in no output.
const TOKEN: &str = "hostile-secret-token-5f2c";

/// A Runscope test with one step per hostile route, each expecting a proper SCIM user.
fn runscope_test() -> String {
    let steps: Vec<Value> = ROUTES
        .iter()
        .map(|route| {
            json!({
                "step_type": "request",
                "method": "GET",
                "url": format!("{{{{SCIMBaseURL}}}}/{route}"),
                "note": route,
                "headers": {"Authorization": ["{{auth}}"], "Accept": ["application/scim+json"]},
                "assertions": [
                    {"source": "response_status", "comparison": "equal_number", "value": 200},
                    {"source": "response_headers", "property": "Content-Type", "comparison": "contains", "value": "json"},
                    {"source": "response_json", "property": "id", "comparison": "equal", "value": "u1"}
                ]
            })
        })
        .collect();
    json!({"name": "hostile server", "steps": steps}).to_string()
}

#[test]
fn a_run_against_a_hostile_server_completes_explains_each_failure_and_stays_bounded() {
    let server = HostileServer::start();
    let dir = std::env::temp_dir().join(format!("scimcheck-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let test = dir.join("hostile.json");
    std::fs::write(&test, runscope_test()).expect("test written");
    let [json_out, junit, html, markdown] =
        ["result.json", "junit.xml", "report.html", "summary.md"].map(|f| dir.join(f));
    let out = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .arg("runscope")
        .arg(&test)
        .args(["--base-url", &server.base_url(), "--token", TOKEN])
        .args(["--timeout", "2"])
        .arg("--json")
        .arg(&json_out)
        .arg("--junit")
        .arg(&junit)
        .arg("--report")
        .arg(&html)
        .arg("--markdown")
        .arg(&markdown)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let result: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_out).expect("json written"))
            .expect("valid JSON");
    let cases = result["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), ROUTES.len());
    for (case, route) in cases.iter().zip(ROUTES) {
        let verdict = case["verdict"].as_str().unwrap_or_default();
        let reason = case["reason"].as_str().unwrap_or_default();
        assert!(
            matches!(verdict, "fail" | "error") && !reason.is_empty(),
            "{route}: {verdict} without an explanation: {case}"
        );
    }
    let case = |route: &str| &cases[ROUTES.iter().position(|r| *r == route).expect("route")];
    let reason = |route: &str| {
        case(route)["reason"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    // Memory bounded: at most the read cap is read, at most the keep cap kept, and it says so.
    let huge = &case("huge")["exchanges"][0]["response"];
    assert!(
        huge["size_bytes"].as_u64().unwrap_or(u64::MAX) <= 8 * 1024 * 1024,
        "{huge}"
    );
    assert_eq!(huge["body_truncated"], true);
    assert!(huge["body"].as_str().unwrap_or_default().len() <= 256 * 1024);
    assert!(
        case("huge")["logs"]
            .to_string()
            .contains("the rest was not read"),
        "{}",
        case("huge")["logs"]
    );
    // The drip sends the headers, then a byte per 100 ms: the body read times out, said so.
    let drip_error = case("drip")["exchanges"][0]["error"].to_string();
    assert!(drip_error.contains("timed out"), "{drip_error}");
    assert!(
        reason("reset").contains("reset") || reason("reset").contains("closed"),
        "{}",
        reason("reset")
    );
    assert!(
        case("invalid-utf8")["logs"]
            .to_string()
            .contains("not valid UTF-8")
    );
    assert_eq!(case("redirect")["exchanges"][0]["response"]["status"], 302);

    // Credentials never follow a redirect: the other host was never contacted with them.
    let seen = server.other_host_requests();
    assert!(
        seen.iter()
            .all(|r| !r.to_ascii_lowercase().contains("authorization")),
        "the redirect target received credentials: {seen:?}"
    );

    // Every report was written, none holds the token; JUnit parses back with one testcase per step.
    let mut outputs = vec![stdout.to_string()];
    for path in [&json_out, &junit, &html, &markdown] {
        outputs.push(std::fs::read_to_string(path).expect("report written"));
        assert!(
            stdout.contains(&path.display().to_string()),
            "where {} is was not printed",
            path.display()
        );
    }
    assert!(
        outputs.iter().all(|o| !o.contains(TOKEN)),
        "the token leaked"
    );
    let (testcases, failed) = fixture::junit::count(&outputs[2]);
    assert_eq!(testcases, ROUTES.len());
    assert_eq!(failed, ROUTES.len());
}

/// Runs `scimcheck run -q` against `base` with `flags` in `dir`; its exit code and all it
/// printed.
fn run_suite(dir: &std::path::Path, base: &str, flags: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .current_dir(dir)
        .args(["run", "-q", "--base-url", base, "--token", TOKEN])
        .args(flags)
        .output()
        .expect("the binary runs");
    let all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), all)
}

#[test]
fn the_conformance_suite_against_each_hostile_route_completes_and_explains() {
    let server = HostileServer::start();
    let dir = std::env::temp_dir().join(format!("scimcheck-hostile-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for route in ROUTES {
        let base = format!("{}/{route}/scim/v2", server.base_url());
        // Every request of the drip route times out; the deadline stops the run early.
        let deadline = if route == "drip" { "3" } else { "120" };
        let (code, all) = run_suite(&dir, &base, &["--timeout", "1", "--deadline", deadline]);
        assert!(matches!(code, Some(1 | 3)), "{route}: exit {code:?}\n{all}");
        assert!(!all.contains("panicked"), "{route}: {all}");
        assert!(!all.contains(TOKEN), "{route}: the token leaked");
        let explained = match (route, code) {
            ("drip", _) => all.contains("passed its deadline of 3 s"),
            (_, Some(3)) => all.contains("cannot reach the SCIM server"),
            _ => all.contains("FAILED") && all.contains("failed"),
        };
        assert!(explained, "{route}: no explanation in\n{all}");
    }
    let seen = server.other_host_requests();
    assert!(
        seen.iter()
            .all(|r| !r.to_ascii_lowercase().contains("authorization")),
        "the redirect target received credentials: {seen:?}"
    );
}

#[test]
fn odd_discovery_ends_every_check_with_a_verdict_and_cleanup_still_runs() {
    let server = HostileServer::start();
    let dir = std::env::temp_dir().join(format!("scimcheck-hostile-disc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let checks = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .args(["checks", "--markdown"])
        .output()
        .expect("the binary runs");
    // The catalog says "N checks." once.
    let catalog = String::from_utf8_lossy(&checks.stdout);
    let planned: usize = catalog
        .lines()
        .find_map(|l| l.strip_suffix(" checks.")?.parse().ok())
        .expect("the catalog counts its checks");
    for route in DISCOVERY_ROUTES {
        let base = format!("{}/{route}/scim/v2", server.base_url());
        let json_out = dir.join(format!("{route}.json"));
        let json_path = json_out.to_string_lossy();
        let flags = ["--timeout", "2", "--deadline", "120", "--json", &json_path];
        let (code, all) = run_suite(&dir, &base, &flags);
        assert_eq!(code, Some(1), "{route}: {all}");
        assert!(!all.contains("panicked"), "{route}: {all}");
        assert!(!all.contains("passed its deadline"), "{route}: {all}");
        let result: Value =
            serde_json::from_str(&std::fs::read_to_string(&json_out).expect("json written"))
                .expect("valid JSON");
        let cases = result["cases"].as_array().expect("cases");
        assert_eq!(cases.len(), planned, "{route}: a check without a verdict");
        for case in cases {
            let verdict = case["verdict"].as_str().unwrap_or_default();
            assert!(
                verdict == "pass" || !case["reason"].as_str().unwrap_or_default().is_empty(),
                "{route}: {verdict} without a reason: {case}"
            );
        }
        assert!(
            server
                .deletes()
                .iter()
                .any(|d| d.starts_with(&format!("/{route}/scim/v2/Users/"))),
            "{route}: the run deleted nothing it created"
        );
    }
}
