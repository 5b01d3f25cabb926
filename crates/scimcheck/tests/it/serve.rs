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
