//! `scimcheck serve` from the outside: the defect listing, flag errors, and what the flags
//! change in what is served.

use crate::fixture;

use fixture::served::Served;
use serde_json::Value;
use std::process::Command;

fn scimcheck(args: &[&str]) -> std::process::Output {
    fixture::scimcheck_output(&fixture::scratch_dir("serve"), args)
}

#[test]
fn list_defects_prints_every_defect_with_its_rfc_clause() {
    let out = scimcheck(&["serve", "--list-defects"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for defect in scim_server::all_defects() {
        assert!(text.contains(defect.name()), "{} missing", defect.name());
        assert!(
            text.contains(defect.rfc()),
            "{} clause missing",
            defect.name()
        );
    }
}

#[test]
fn an_unknown_defect_is_a_usage_error_naming_the_fix() {
    let out = scimcheck(&["serve", "--defect", "no-such-defect"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--list-defects"), "{err}");
}

#[test]
fn the_default_token_is_refused_off_loopback_with_the_fix() {
    for listen in ["0.0.0.0:0", "[::]:0"] {
        // A database that cannot be opened: a server that went past the check fails there,
        // before it binds, instead of serving on every interface until killed.
        let out = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
            .args([
                "serve",
                "--listen",
                listen,
                "--db",
                "/nonexistent/scimcheck.db",
            ])
            .env_remove("SCIMCHECK_SERVE_TOKEN")
            .output()
            .expect("scimcheck runs");
        assert_eq!(out.status.code(), Some(2), "{listen}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("refusing to listen")
                && err.contains(scim_server::DEFAULT_TOKEN)
                && err.contains("--token"),
            "{err}"
        );
        assert!(out.stdout.is_empty(), "nothing was served: {out:?}");
    }
}

/// The names of the resource types `served` lists in /ResourceTypes.
async fn resource_type_names(served: &Served) -> Vec<String> {
    let list: Value = get(served, "/ResourceTypes")
        .await
        .json()
        .await
        .expect("JSON");
    list["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect()
}

async fn get(served: &Served, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}{path}", served.base_url))
        .bearer_auth(scim_server::DEFAULT_TOKEN)
        .send()
        .await
        .expect("served answers")
}

#[tokio::test]
async fn entitlement_catalogs_are_served_unless_no_entitlements_is_given() {
    let with = Served::with_flags(&[]);
    let without = Served::with_flags(&["--no-entitlements"]);
    assert_eq!(
        resource_type_names(&with).await,
        ["User", "Group", "Role", "Entitlement"]
    );
    assert_eq!(get(&with, "/Roles").await.status(), 200);
    assert_eq!(resource_type_names(&without).await, ["User", "Group"]);
    assert_eq!(get(&without, "/Roles").await.status(), 404);
}

/// `serve --tls` serves https with a generated certificate whose file it names; `run --ca-cert`
/// with that file passes the transport checks, and fails the TLS 1.2 one against `tls-13-only`.
#[test]
fn serve_tls_names_a_certificate_that_run_trusts() {
    use std::io::{BufRead, BufReader};
    for (defect, expected) in [(None, "pass"), (Some("tls-13-only"), "fail")] {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--tls"];
        args.extend(defect.iter().flat_map(|d| ["--defect", d]));
        let mut child = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        // The lines are printed once the server listens; the certificate line comes after. The
        // reader lives until the server is killed: it prints more lines to the pipe.
        let mut lines = BufReader::new(stdout).lines();
        let (mut base_url, mut certificate) = (String::new(), String::new());
        for line in lines.by_ref().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("SCIM 2.0: ") {
                base_url = url.to_owned();
            }
            if let Some(rest) = line.strip_prefix("tls:      certificate in ") {
                certificate = rest.split(' ').next().unwrap_or_default().to_owned();
                break;
            }
        }
        assert!(base_url.starts_with("https://127.0.0.1:"), "{base_url}");
        let dir = fixture::scratch_dir("serve-tls");
        let json = dir.join("tls.json");
        let run = fixture::scimcheck_output(
            &dir,
            &[
                "run",
                "--base-url",
                &base_url,
                "--token",
                scim_server::DEFAULT_TOKEN,
                "--ca-cert",
                &certificate,
                "--only",
                "transport",
                "--json",
                json.to_str().unwrap_or_default(),
                "-q",
            ],
        );
        let _ = child.kill();
        let _ = child.wait();
        drop(lines);
        let _ = std::fs::remove_file(&certificate);
        let result: Value = serde_json::from_slice(&std::fs::read(&json).expect("the JSON result"))
            .unwrap_or_else(|e| panic!("JSON: {e}; {run:?}"));
        let verdict = |id: &str| {
            result["cases"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["id"] == id)
                .map(|c| c["verdict"].as_str().unwrap_or_default().to_owned())
        };
        assert_eq!(
            verdict("transport.tls.version-1-2").as_deref(),
            Some(expected),
            "{defect:?}: {result}"
        );
        assert_eq!(
            verdict("transport.tls.plain-http-refused").as_deref(),
            Some("pass"),
            "{defect:?}"
        );
    }
}
