//! `scimcheck okta-sim` from the outside: it refuses an unusable SCIM URL with exit code 2 and a
//! message saying what to give instead, and prints the CRUD test's variables when it starts.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn a_scim_url_that_is_not_http_is_refused_with_exit_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .args([
            "okta-sim",
            "--scim-url",
            "example.com/scim",
            "--scim-auth",
            "Bearer x",
        ])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not an absolute http(s) URL"), "{stderr}");
}

#[test]
fn it_prints_the_three_variables_of_okta_s_crud_test() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scimcheck"))
        .args([
            "okta-sim",
            "--scim-url",
            "http://127.0.0.1:9/scim/v2",
            "--scim-auth",
            "Bearer x",
            "--token",
            "fixed",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().expect("piped stdout");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(3)
        .map(|l| l.expect("a line"))
        .collect();
    child.kill().expect("the simulator stops");
    child.wait().expect("the simulator exits");
    assert!(
        lines[0].starts_with("oktaOrgUrl=http://127.0.0.1:"),
        "{lines:?}"
    );
    assert!(lines[1].starts_with("oktaAppId=0oa"), "{lines:?}");
    assert_eq!(lines[2], "oktaToken=fixed");
}
