//! `--show-secrets`: the credential is masked in the JSON result by default and appears in it,
//! with a warning note, only when the flag is given — for `run` and `runscope` alike.

use std::process::Command;

/// Runs `scimcheck ARGS --json FILE` in a scratch directory (with `--show-secrets` when asked)
/// against the embedded server, expects exit 0, and returns the JSON file's text.
fn json_of(args: &[&str], show_secrets: bool) -> String {
    let dir = std::env::temp_dir().join(format!("scimcheck-show-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join(format!(
        "{}-{show_secrets}.json",
        args.first().unwrap_or(&"x")
    ));
    let mut command = Command::new(env!("CARGO_BIN_EXE_scimcheck"));
    command
        .current_dir(&dir)
        .args(args)
        .arg("--json")
        .arg(&json)
        .env_remove("SCIMCHECK_BASE_URL")
        .env_remove("SCIMCHECK_AUTH");
    if show_secrets {
        command.arg("--show-secrets");
    }
    let out = command.output().expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&json).expect("the JSON result was written")
}

fn assert_masked_unless_shown(args: &[&str]) {
    let masked = json_of(args, false);
    assert!(
        !masked.contains(scim_server::DEFAULT_TOKEN),
        "the token leaked without --show-secrets"
    );
    assert!(!masked.contains("--show-secrets"), "{masked}");
    assert!(masked.contains(r#""secrets_masked": true"#), "{masked}");
    let shown = json_of(args, true);
    assert!(
        shown.contains(&format!("Bearer {}", scim_server::DEFAULT_TOKEN)),
        "--show-secrets left the token masked"
    );
    assert!(
        shown.contains("tokens and passwords are NOT masked"),
        "no warning note"
    );
    assert!(shown.contains(r#""secrets_masked": false"#), "{shown}");
}

#[test]
fn run_masks_the_token_unless_show_secrets() {
    assert_masked_unless_shown(&["run", "--only", "users.create.location"]);
}

#[test]
fn runscope_masks_the_token_unless_show_secrets() {
    let Some(file) = scimcheck_testkit::okta_file("Okta-SCIM-20-SPEC-Test.json") else {
        return;
    };
    assert_masked_unless_shown(&["runscope", file.to_str().unwrap_or_default()]);
}
