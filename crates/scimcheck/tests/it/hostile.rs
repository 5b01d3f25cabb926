//! `scimcheck runscope` and `scimcheck run` against a hostile server: every kind of broken
//! answer a tester meets on someone's staging server. The run must complete, fail each affected step with an explanation,
//! never panic, keep memory bounded (body caps, "cut" noted), never forward credentials through a
//! redirect, and write every report; the JUnit file is parsed back. A server that names another
//! host (in `Location`, `meta.location`, /Bulk `location`s) gets no credential and no `--header`
//! sent there, and cannot make the run delete anything but what it created under the base URL;
//! `--header` values and base-URL user-info are masked in every output; an OAuth token endpoint
//! cannot crash the run. The same holds for the IdP profiles (`run --profile`), and a server that
//! answers a create with an id that is not one path segment (`../../admin`, `a/b`) fails the
//! check and leads no write or DELETE outside the resource.

use crate::fixture;

use fixture::elsewhere::{Answer, ElsewhereServer};
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
        // Prerequisite cases (category `prerequisite`) come on top of the catalog's checks.
        let checks = cases.iter().filter(|c| c["category"] != "prerequisite");
        assert_eq!(
            checks.count(),
            planned,
            "{route}: a check without a verdict"
        );
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

/// A value given with `--header`, which must reach no output and no other host.
const API_KEY: &str = "hostile-api-key-9b3e";

/// Runs the binary with `args` in a scratch directory named after `name`, writing every report;
/// returns the exit code and everything it printed or wrote.
fn run_reporting(name: &str, args: &[&str]) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("scimcheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files = ["result.json", "junit.xml", "report.html", "summary.md"].map(|f| dir.join(f));
    let out = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .current_dir(&dir)
        .args(args)
        .arg("--json")
        .arg(&files[0])
        .arg("--junit")
        .arg(&files[1])
        .arg("--report")
        .arg(&files[2])
        .arg("--markdown")
        .arg(&files[3])
        .env_remove("SCIMCHECK_BASE_URL")
        .env_remove("SCIMCHECK_AUTH")
        .output()
        .expect("the binary runs");
    let mut all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for file in &files {
        all.push_str(&std::fs::read_to_string(file).unwrap_or_default());
    }
    assert!(!all.contains("panicked"), "{name}: {all}");
    (out.status.code(), all)
}

/// The JSON result a [`run_reporting`] run wrote.
fn json_result(name: &str) -> Value {
    let path = std::env::temp_dir()
        .join(format!("scimcheck-{name}-{}", std::process::id()))
        .join("result.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("json written")).expect("JSON")
}

/// Asserts that the other host received no credential, no configured header and no DELETE.
fn assert_other_host_got_nothing_secret(server: &ElsewhereServer, token: &str) {
    for head in server.other_host_requests() {
        let lower = head.to_ascii_lowercase();
        assert!(
            !lower.contains("authorization") && !head.contains(token) && !head.contains(API_KEY),
            "the other host received a credential: {head}"
        );
        assert!(
            !head.starts_with("DELETE"),
            "the other host received {head}"
        );
    }
}

/// Asserts that every DELETE the proxy forwarded is of one resource below the base URL
/// (`/scim/v2/Users/<one segment>` or `/scim/v2/Groups/<one segment>`).
fn assert_every_delete_is_of_one_resource_under_the_base_url(server: &ElsewhereServer) {
    for line in server.proxied_request_lines() {
        if let Some(path) = line.strip_prefix("DELETE ") {
            let path = path.split_whitespace().next().unwrap_or_default();
            let rest = path
                .strip_prefix("/scim/v2/Users/")
                .or_else(|| path.strip_prefix("/scim/v2/Groups/"));
            assert!(
                rest.is_some_and(|id| !id.is_empty() && !id.contains('/')),
                "the run deleted {path}"
            );
        }
    }
}

/// Runs `scimcheck run` with `selection` against `server`, with the credential and a
/// `--header`, writing every report; asserts that the header's value reached no output and the
/// other host got nothing secret. Returns the exit code and all output.
fn run_elsewhere(
    name: &str,
    server: &ElsewhereServer,
    selection: &[&str],
) -> (Option<i32>, String) {
    let base = server.base_url();
    let header = format!("X-Api-Key: {API_KEY}");
    let mut args = vec![
        "run",
        "--base-url",
        &base,
        "--token",
        scim_server::DEFAULT_TOKEN,
        "--header",
        &header,
    ];
    args.extend_from_slice(selection);
    let (code, all) = run_reporting(name, &args);
    assert!(!all.contains(API_KEY), "{name}: the --header value leaked");
    assert_other_host_got_nothing_secret(server, scim_server::DEFAULT_TOKEN);
    (code, all)
}

#[test]
fn the_suite_sends_no_credential_to_a_host_the_server_names_and_deletes_only_under_the_base_url() {
    let server = ElsewhereServer::start();
    let before = server.resources();
    let (code, all) = run_elsewhere(
        "elsewhere-run",
        &server,
        &[
            "--only",
            "bulk.*",
            "--only",
            "users.create.*",
            "--only",
            "discovery.spc.bulk-works",
        ],
    );
    assert_eq!(code, Some(1), "{all}");
    assert_every_delete_is_of_one_resource_under_the_base_url(&server);
    let result = json_result("elsewhere-run");
    let case = result["cases"]
        .as_array()
        .and_then(|cases| {
            cases
                .iter()
                .find(|c| c["id"] == "bulk.post.bulk-id-reference")
        })
        .expect("the bulkId check ran")
        .clone();
    let reason = case["reason"].as_str().unwrap_or_default();
    assert_eq!(case["verdict"], "fail", "{case}");
    assert!(
        reason.contains("the server named another host")
            && reason.contains(&server.other_origin())
            && reason.contains(&server.origin()),
        "{reason}"
    );
    // What the bulk operations created was still deleted, at the base URL.
    assert_eq!(server.resources(), before);
}

#[test]
fn an_idp_profile_sends_no_secret_elsewhere_and_deletes_only_under_the_base_url() {
    for profile in ["okta", "entra"] {
        let server = ElsewhereServer::start();
        let before = server.resources();
        let name = format!("elsewhere-{profile}");
        let (code, all) = run_elsewhere(&name, &server, &["--profile", profile]);
        assert!(matches!(code, Some(0 | 1)), "{profile}: {all}");
        let lines = server.proxied_request_lines();
        assert!(
            lines.iter().any(|l| l.starts_with("POST /scim/v2/Users "))
                && lines.iter().any(|l| l.starts_with("DELETE ")),
            "{profile}: the profile created and cleaned up through the proxy: {lines:?}"
        );
        assert_every_delete_is_of_one_resource_under_the_base_url(&server);
        // What the profile created was deleted, at the base URL.
        assert_eq!(server.resources(), before, "{profile}");
        let cases = json_result(&name)["cases"].as_array().cloned();
        assert!(cases.is_some_and(|c| !c.is_empty()), "{profile}: {all}");
    }
}

/// What the spaced-id server appends to each group id the reference server gives.
const SPACED: &str = " team";

/// The reference server behind a proxy whose group ids hold a space, as mlflow-oidc-auth's do
/// (they are the groups' display names): each id of a group it created reads `"<id> team"` in
/// every answer, and a request for `/Groups/<id>%20team` reaches the reference server as
/// `/Groups/<id>`.
fn spaced_group_id_server() -> ElsewhereServer {
    let ids = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    ElsewhereServer::translating(
        |path| path.replace("%20team", ""),
        move |answer: &Answer, text| {
            let mut known = ids.lock().expect("ids");
            let creates_group = answer.request_line.starts_with("POST ")
                && answer.request_line.contains("/Groups ");
            if creates_group
                && let Ok(body) = serde_json::from_str::<Value>(&text)
                && let Some(id) = body["id"].as_str()
            {
                known.push(id.to_owned());
            }
            known.iter().fold(text, |text, id| {
                text.replace(id.as_str(), &format!("{id}{SPACED}"))
            })
        },
    )
}

/// An id that holds a space is one path segment once percent-encoded, as an IdP writes it:
/// the run reads, changes and deletes the group at `/Groups/<id>%20team` (none is left behind)
/// instead of refusing the id and leaving the group it made.
#[test]
fn an_id_with_a_space_is_used_percent_encoded_and_its_resource_is_cleaned_up() {
    let server = spaced_group_id_server();
    let before = server.resources();
    let base = server.base_url();
    let (code, all) = run_reporting(
        "spaced-group-id",
        &[
            "run",
            "--base-url",
            &base,
            "--token",
            scim_server::DEFAULT_TOKEN,
            "--only",
            "groups.create.no-members-accepted",
        ],
    );
    assert_eq!(code, Some(0), "{all}");
    let lines = server.proxied_request_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("DELETE /scim/v2/Groups/") && l.contains("%20team ")),
        "no DELETE of the spaced id: {lines:#?}"
    );
    assert_eq!(server.resources(), before, "the group was left behind");
    assert_every_delete_is_of_one_resource_under_the_base_url(&server);
}

/// The id the traversal server gives what the run creates at each endpoint: neither is one
/// URL path segment.
const TRAVERSAL_IDS: [(&str, &str); 2] = [("/Users", "../../admin"), ("/Groups", "a/b")];

/// The reference server behind a proxy that answers each POST creating a user or group with an
/// id of [`TRAVERSAL_IDS`] in the body instead of the one the reference server gave.
fn traversal_server() -> ElsewhereServer {
    ElsewhereServer::rewriting(|answer: &Answer, text| {
        let created = answer
            .request_line
            .strip_prefix("POST ")
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|path| TRAVERSAL_IDS.iter().find(|(e, _)| path.ends_with(e)));
        match (created, serde_json::from_str::<Value>(&text)) {
            (Some((_, id)), Ok(Value::Object(mut body))) if body.contains_key("id") => {
                body.insert("id".into(), json!(id));
                Value::Object(body).to_string()
            }
            _ => text,
        }
    })
}

#[test]
fn a_created_id_that_is_not_one_path_segment_fails_the_check_and_leads_no_delete_astray() {
    let server = traversal_server();
    let base = server.base_url();
    let token = scim_server::DEFAULT_TOKEN;
    let runs: [(&str, &[&str]); 2] = [
        (
            "traversal-suite",
            &[
                "run",
                "--base-url",
                &base,
                "--token",
                token,
                "--only",
                "users.create.location",
                "--only",
                "groups.create.location",
            ],
        ),
        (
            "traversal-okta",
            &[
                "run",
                "--profile",
                "okta",
                "--base-url",
                &base,
                "--token",
                token,
            ],
        ),
    ];
    for (name, args) in runs {
        let (code, all) = run_reporting(name, args);
        assert_eq!(code, Some(1), "{name}: {all}");
        let result = json_result(name);
        let reasons: Vec<String> = result["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["verdict"] == "fail")
            .filter_map(|c| c["reason"].as_str().map(str::to_owned))
            .collect();
        let named = |id: &str| {
            reasons.iter().any(|r| {
                r.contains(&format!("the server answered the id {id:?}"))
                    && r.contains("not one URL path segment")
            })
        };
        assert!(named("../../admin"), "{name}: {reasons:#?}");
        if name == "traversal-suite" {
            assert!(named("a/b"), "{name}: {reasons:#?}");
        }
    }
    let lines = server.proxied_request_lines();
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("admin") || l.contains("/a/b")),
        "a request followed a traversal id: {lines:#?}"
    );
    assert_every_delete_is_of_one_resource_under_the_base_url(&server);
}

#[test]
fn a_runscope_step_that_would_carry_the_credential_to_another_host_is_refused() {
    let server = ElsewhereServer::start();
    let auth = json!({"Authorization": ["{{auth}}"], "Content-Type": ["application/scim+json"]});
    let user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": format!("egress-{}@example.com", std::process::id()),
    });
    let steps = json!([
        {"step_type": "request", "method": "POST", "url": "{{SCIMBaseURL}}/Users", "headers": auth,
         "body": user.to_string(),
         "variables": [
             {"source": "response_json", "property": "meta.location", "name": "location"},
             {"source": "response_json", "property": "id", "name": "userId"}],
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 201}]},
        {"step_type": "request", "method": "GET", "url": "{{location}}", "headers": auth},
        {"step_type": "request", "method": "DELETE", "url": "{{location}}?key={{auth}}"},
        {"step_type": "request", "method": "GET", "url": "{{location}}"},
        {"step_type": "request", "method": "DELETE", "url": "{{SCIMBaseURL}}/Users/{{userId}}", "headers": auth,
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 204}]},
    ]);
    let dir = std::env::temp_dir().join(format!("scimcheck-elsewhere-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("elsewhere.json");
    std::fs::write(
        &file,
        json!({"name": "elsewhere", "steps": steps}).to_string(),
    )
    .expect("test written");
    let (code, all) = run_reporting(
        "elsewhere-runscope",
        &[
            "runscope",
            file.to_str().unwrap_or_default(),
            "--base-url",
            &server.base_url(),
            "--token",
            scim_server::DEFAULT_TOKEN,
            "--header",
            &format!("X-Api-Key: {API_KEY}"),
        ],
    );
    assert_eq!(code, Some(1), "{all}");
    assert!(!all.contains(API_KEY), "the --header value leaked");
    assert!(
        !all.contains(scim_server::DEFAULT_TOKEN),
        "the token leaked"
    );
    assert_other_host_got_nothing_secret(&server, scim_server::DEFAULT_TOKEN);
    let result = json_result("elsewhere-runscope");
    let verdicts: Vec<&str> = result["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .map(|c| c["verdict"].as_str().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        verdicts,
        ["pass", "fail", "fail", "pass", "pass"],
        "{result}"
    );
    for refused in [1, 2] {
        let reason = result["cases"][refused]["reason"]
            .as_str()
            .unwrap_or_default();
        assert!(
            reason.contains("the server named another host")
                && reason.contains(&server.other_origin())
                && reason.contains(&server.origin()),
            "{reason}"
        );
    }
    // The step without secrets did reach the other host (Runscope files may call other hosts).
    assert_eq!(server.other_host_requests().len(), 1);
}

#[test]
fn header_values_and_base_url_user_info_are_masked_everywhere() {
    let header = format!("X-Api-Key: {API_KEY}");
    let (code, all) = run_reporting(
        "header-run",
        &[
            "run",
            "--only",
            "users.create.location",
            "--header",
            &header,
            "-v",
        ],
    );
    assert_eq!(code, Some(0), "{all}");
    assert!(!all.contains(API_KEY), "the --header value leaked: {all}");
    assert_eq!(json_result("header-run")["secrets_masked"], true);

    let server = ElsewhereServer::start();
    let reference = server.reference_base_url();
    let with_user_info = reference.replacen(
        "http://",
        &format!(
            "http://{}:{}@",
            fixture::elsewhere::BASIC_USER,
            fixture::elsewhere::BASIC_PASSWORD
        ),
        1,
    );
    let (code, all) = run_reporting(
        "user-info-run",
        &[
            "run",
            "--base-url",
            &with_user_info,
            "--only",
            "users.create.location",
            "-v",
        ],
    );
    // The user-info authenticates (the reference server knows this Basic user) …
    assert_eq!(code, Some(0), "{all}");
    // … and is printed nowhere.
    assert!(
        !all.contains(fixture::elsewhere::BASIC_PASSWORD)
            && !all.contains(&format!("{}:", fixture::elsewhere::BASIC_USER)),
        "the user-info leaked: {all}"
    );
    let result = json_result("user-info-run");
    assert_eq!(result["secrets_masked"], true);
    assert_eq!(result["target"], reference);
}

#[test]
fn an_oauth_lifetime_no_clock_can_hold_is_no_expiry_not_a_crash() {
    let server = HostileServer::start();
    let token_url = format!("{}/token-forever", server.base_url());
    let (code, all) = run_reporting(
        "oauth-forever",
        &[
            "run",
            "--only",
            "users.create.location",
            "--oauth-token-url",
            &token_url,
            "--oauth-client-id",
            "client",
            "--oauth-client-secret",
            "client-secret-5a1f",
        ],
    );
    // The embedded server does not know the token: the check fails, the run completes.
    assert_eq!(code, Some(1), "{all}");
    assert!(!all.contains("forever-token-1"), "the token leaked");
    assert!(all.contains("401"), "{all}");
}
