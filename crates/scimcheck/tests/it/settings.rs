//! Where `scimcheck runscope` takes its settings from (flags > environment > scimcheck.toml) and
//! the exit codes a CI job relies on: 0 pass, 1 failure, 2 usage, 3 unreachable.

use crate::fixture;

use fixture::{scimcheck_in, show};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A directory of its own for one test, with a one-step Runscope test that lists users with
/// `{{auth}}` and expects 200.
fn workspace(name: &str) -> (PathBuf, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("scimcheck-settings-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let test = json!({"name": "settings", "steps": [{
        "step_type": "request", "method": "GET", "url": "{{SCIMBaseURL}}/Users", "note": "list users",
        "headers": {"Authorization": ["{{auth}}"]},
        "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]
    }]});
    let file = dir.join("test.json");
    std::fs::write(&file, test.to_string()).expect("test written");
    (dir, file)
}

/// Runs `scimcheck runscope test.json ARGS` in `dir` with exactly the `SCIMCHECK_*` variables given.
fn runscope(dir: &Path, file: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    scimcheck_in(dir)
        .arg("runscope")
        .arg(file)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the binary runs")
}

const GOOD: &str = "Bearer scimcheck-token";

#[test]
fn flags_beat_environment_which_beats_the_config_file() {
    assert_eq!(GOOD, format!("Bearer {}", scim_server::DEFAULT_TOKEN));
    let (dir, file) = workspace("precedence");
    std::fs::write(dir.join("scimcheck.toml"), "auth = \"Bearer from-file\"\n").expect("config");
    // The file alone: its wrong credential is used, the step fails.
    let out = runscope(&dir, &file, &[], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    // The environment overrides the file.
    let out = runscope(&dir, &file, &[], &[("SCIMCHECK_AUTH", GOOD)]);
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
    // A flag overrides the environment.
    let out = runscope(
        &dir,
        &file,
        &["--auth", "Bearer from-flag"],
        &[("SCIMCHECK_AUTH", GOOD)],
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    // --config names another file, which wins over ./scimcheck.toml.
    let other = dir.join("other.toml");
    std::fs::write(
        &other,
        format!("token = \"{}\"\n", scim_server::DEFAULT_TOKEN),
    )
    .expect("config");
    let out = runscope(
        &dir,
        &file,
        &["--config", other.to_str().unwrap_or_default()],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", show(&out));
}

#[test]
fn an_unreachable_target_exits_3_and_says_why_in_plain_words() {
    let (dir, file) = workspace("unreachable");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let out = runscope(&dir, &file, &["--base-url", &url, "--token", "t"], &[]);
    assert_eq!(out.status.code(), Some(3), "{}", show(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("connection was refused"), "{stderr}");
    assert!(stderr.contains("nothing listens"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_with_what_to_do() {
    let (dir, file) = workspace("usage");
    let out = runscope(&dir, &file, &["--token", "t", "--basic", "u:p"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        show(&out).contains("choose one way to authenticate"),
        "{}",
        show(&out)
    );
    let out = runscope(&dir, &file, &[], &[("SCIMCHECK_TIMEOUT", "soon")]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(show(&out).contains("SCIMCHECK_TIMEOUT"), "{}", show(&out));
    let missing = dir.join("missing-ca.pem");
    let out = runscope(
        &dir,
        &file,
        &["--ca-cert", missing.to_str().unwrap_or_default()],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(show(&out).contains("missing-ca.pem"), "{}", show(&out));
    // A client certificate without its key, from the environment as from the flag.
    let no_key = dir.join("no-key.pem");
    std::fs::write(
        &no_key,
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    )
    .expect("write");
    let out = runscope(
        &dir,
        &file,
        &[],
        &[("SCIMCHECK_CLIENT_CERT", no_key.to_str().unwrap_or_default())],
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        show(&out).contains("cannot use the client certificate")
            && show(&out).contains("no-key.pem"),
        "{}",
        show(&out)
    );
}

#[test]
fn basic_credentials_reach_the_step_as_an_authorization_header() {
    let (dir, file) = workspace("basic");
    // The embedded server accepts only its bearer token: Basic is sent (and refused with 401).
    let out = runscope(&dir, &file, &["--basic", "admin:pw", "-v"], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    assert!(show(&out).contains("401"), "{}", show(&out));
    assert!(
        !show(&out).contains("YWRtaW46cHc="),
        "the Basic credential leaked"
    );
}
