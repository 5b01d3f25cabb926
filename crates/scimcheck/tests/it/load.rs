//! `scimcheck load` as a user runs it: group push against `scimcheck serve` with and without
//! its lost-update defect (exit 1 naming the lost members / exit 0), the HTML report's charts,
//! and the write guard off loopback.

use crate::fixture;

use fixture::served::Served;
use std::path::{Path, PathBuf};
use std::process::Output;

fn scratch(name: &str) -> PathBuf {
    fixture::scratch_dir(&format!("load-{name}"))
}

fn load(dir: &Path, args: &[&str]) -> Output {
    fixture::scimcheck_in(dir)
        .arg("load")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn group_push(served: &Served, dir: &Path) -> Output {
    load(
        dir,
        &[
            "--base-url",
            &served.base_url,
            "--token",
            scim_server::DEFAULT_TOKEN,
            "--scenario",
            "group-push",
            "--users",
            "40",
            "--concurrency",
            "8",
            "--json",
            "result.json",
        ],
    )
}

#[test]
fn group_push_fails_naming_the_members_a_lost_update_dropped() {
    let served = Served::start(&["patch-lost-update"]);
    let dir = scratch("lost");
    let out = group_push(&served, &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("went missing"), "{stdout}");
    let html = std::fs::read_to_string(dir.join("scimcheck-load.html")).expect("report");
    assert!(html.contains("Latency per second") && html.contains("<svg"));
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("result.json")).expect("json"))
            .expect("JSON");
    assert_eq!(result["load"]["scenario"], "group-push");
    assert!(!result.to_string().contains(scim_server::DEFAULT_TOKEN));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn group_push_passes_on_the_clean_server_and_draws_the_charts() {
    let served = Served::start(&[]);
    let dir = scratch("clean");
    let out = group_push(&served, &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("add-members"), "figures printed: {stdout}");
    let html = std::fs::read_to_string(dir.join("scimcheck-load.html")).expect("report");
    assert!(html.contains("Throughput (requests and errors per second)"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn writing_off_loopback_needs_allow_writes_and_bad_flags_are_usage_errors() {
    let dir = scratch("guard");
    let out = load(
        &dir,
        &[
            "--base-url",
            "https://scim.example.invalid/scim/v2",
            "--token",
            "t",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("allowing writes beyond loopback (--allow-writes)"),
        "{stderr}"
    );
    let out = load(&dir, &["--max-p99", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    let out = load(&dir, &["--scenario", "stampede"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("group-push"));
    let _ = std::fs::remove_dir_all(dir);
}

/// `--deadline` stops a load run as it stops `run`: exit 1, the reports written, the note
/// saying so, and what the run created deleted (its cleanup verdict passes).
#[test]
fn a_deadline_stops_the_load_and_still_writes_the_reports() {
    let dir = scratch("deadline");
    let out = load(
        &dir,
        &[
            "--scenario",
            "group-push",
            "--users",
            "1000",
            "--rate",
            "20",
            "--deadline",
            "1",
            "--json",
            "result.json",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(dir.join("scimcheck-load.html").exists());
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("result.json")).expect("json"))
            .expect("JSON");
    let notes = result["notes"].to_string();
    assert!(notes.contains("passed its deadline of 1 s"), "{notes}");
    let cleanup = result["cases"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["id"] == "load.cleanup")
        .expect("a cleanup verdict");
    assert_eq!(cleanup["verdict"], "pass", "{cleanup}");
    let _ = std::fs::remove_dir_all(dir);
}
