//! `scimcheck run --profile`: an identity provider's scenarios instead of the suite, through the
//! same flags, terminal and reports.

use crate::fixture;
use std::process::Output;

fn scimcheck(args: &[&str]) -> Output {
    fixture::scimcheck_output(&fixture::scratch_dir("run-profile"), args)
}

#[test]
fn each_profile_is_ready_against_the_embedded_server_and_ends_with_its_readiness() {
    for (profile, scenario) in [
        ("okta", "okta."),
        ("entra", "entra."),
        ("entra-legacy", "entra-legacy."),
        ("onelogin", "onelogin."),
    ] {
        let junit = std::env::temp_dir().join(format!(
            "scimcheck-run-profile-{}-{profile}.xml",
            std::process::id()
        ));
        let out = scimcheck(&[
            "run",
            "--profile",
            profile,
            "--junit",
            junit.to_str().unwrap_or_default(),
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{profile}: {stdout}");
        assert!(stdout.contains("readiness: READY"), "{profile}: {stdout}");
        let xml = std::fs::read_to_string(&junit).expect("junit written");
        assert!(xml.contains(scenario), "{profile}: no scenario in {xml}");
        assert!(
            !xml.contains("okta-spec."),
            "{profile}: the suite ran instead"
        );
    }
}

#[test]
fn an_unknown_profile_is_a_usage_error_listing_the_profiles() {
    let out = scimcheck(&["run", "--profile", "jumpcloud"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("okta, entra, entra-legacy, onelogin"),
        "{stderr}"
    );
}
