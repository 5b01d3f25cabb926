//! `--show-secrets`: the credential is masked in the JSON result by default and appears in it,
//! with a warning note, only when the flag is given — for `run` and `runscope` alike.
//! `--show-foreign-data`: the values of resources the run did not create (the embedded server's
//! seeded users) are masked in the JSON result by default, which says how many it met and that
//! they were masked; with the flag they are recorded as received and the result says so.

use serde_json::Value;
use std::process::Command;

/// Runs `scimcheck ARGS --json FILE` in a scratch directory (with `shown`, a `--show-…` flag,
/// when given) against the embedded server, expects exit 0, and returns the JSON file's text.
fn json_of(args: &[&str], shown: Option<&str>) -> String {
    let dir = std::env::temp_dir().join(format!("scimcheck-show-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join(format!(
        "{}-{}.json",
        args.first().unwrap_or(&"x"),
        shown.unwrap_or("masked")
    ));
    let mut command = Command::new(env!("CARGO_BIN_EXE_scimcheck"));
    command
        .current_dir(&dir)
        .args(args)
        .arg("--json")
        .arg(&json)
        .env_remove("SCIMCHECK_BASE_URL")
        .env_remove("SCIMCHECK_AUTH");
    command.args(shown);
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
    let masked = json_of(args, None);
    assert!(
        !masked.contains(scim_server::DEFAULT_TOKEN),
        "the token leaked without --show-secrets"
    );
    assert!(!masked.contains("--show-secrets"), "{masked}");
    assert!(masked.contains(r#""secrets_masked": true"#), "{masked}");
    let shown = json_of(args, Some("--show-secrets"));
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

/// The first user the embedded server seeds (see `scim_server::seed::user`).
const SEEDED_USER: &str = "ada.lovelace0@example.com";

#[test]
fn run_masks_foreign_values_unless_show_foreign_data() {
    let masked = json_of(&["run", "--quiet"], None);
    let result: Value = serde_json::from_str(&masked).expect("JSON");
    assert_eq!(
        result["foreign_data"]["masked"], true,
        "{}",
        result["foreign_data"]
    );
    assert!(
        result["foreign_data"]["seen"].as_u64() > Some(0),
        "{}",
        result["foreign_data"]
    );
    assert!(
        !masked.contains(SEEDED_USER),
        "a seeded user's name is in the masked result"
    );
    assert!(
        masked.contains("(masked)"),
        "the recorded lists keep masked resources"
    );

    let shown = json_of(&["run", "--quiet"], Some("--show-foreign-data"));
    let result: Value = serde_json::from_str(&shown).expect("JSON");
    assert_eq!(
        result["foreign_data"]["masked"], false,
        "{}",
        result["foreign_data"]
    );
    assert!(
        shown.contains(SEEDED_USER),
        "the seeded users are recorded when shown"
    );
    assert!(
        result["notes"].as_array().expect("notes").iter().any(|n| n
            .as_str()
            .is_some_and(|n| n.contains("FOREIGN DATA NOT MASKED"))),
        "{}",
        result["notes"]
    );
}
