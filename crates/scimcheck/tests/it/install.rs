//! What installing scimcheck gives a user or a packager: `--version` naming the commit, shell
//! completions and manual pages, each from the binary as installed.

use crate::fixture;
use std::process::{Command, Output};

fn scimcheck(args: &[&str]) -> Output {
    fixture::scimcheck_output(&fixture::scratch_dir("install"), args)
}

/// The checkout's commit as build.rs reads it, `None` outside a git checkout.
fn checkout_commit() -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    let commit = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !commit.is_empty()).then_some(commit)
}

#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = scimcheck(&["--version"]);
    assert!(out.status.success());
    let version = String::from_utf8_lossy(&out.stdout);
    let expected = match checkout_commit() {
        Some(commit) => format!("commit {commit}"),
        None => "commit unknown: not built from a git checkout".to_owned(),
    };
    assert_eq!(
        version.trim(),
        format!("scimcheck {} ({expected})", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_print_a_script_and_an_unknown_shell_is_a_usage_error() {
    let out = scimcheck(&["completions", "bash"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("_scimcheck() {"));
    let out = scimcheck(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash"));
}

#[test]
fn man_prints_the_page_or_writes_one_per_subcommand() {
    let out = scimcheck(&["man"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH scimcheck 1"));
    let dir = std::env::temp_dir().join(format!("scimcheck-install-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = scimcheck(&["man", "--dir", dir.to_str().expect("UTF-8 temp dir")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for page in ["scimcheck.1", "scimcheck-run.1", "scimcheck-man.1"] {
        assert!(dir.join(page).is_file(), "{page} not written");
    }
    std::fs::remove_dir_all(&dir).expect("cleaned up");
    let out = scimcheck(&["man", "--dir", "/nonexistent/scimcheck-man"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("give an existing, writable folder"),
        "{stderr}"
    );
}
