//! The user bodies Okta's published SPEC tests POST (SCIM 1.1 and 2.0) pass strict validation,
//! the 1.1 ones after [`scim::version::from_v1`]. A server built on this crate therefore accepts
//! what Okta's own test sends.

use std::path::PathBuf;

use scim::leniency::Leniency;
use scim::schema::{core, urn};
use scim::version::{Version, from_v1};
use serde_json::Value;

/// Okta's fixtures, kept outside the repository.
fn okta_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/okta")
}

/// The step list of one of Okta's Runscope exports.
fn steps(file: &str) -> Vec<Value> {
    let path = okta_dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Okta's fixture {} ({e}); get Okta's SCIM test files from \
             developer.okta.com/standards/SCIM/SCIMFiles/ (repository okta/okta-developer-docs) \
             and put them in /work/shared/okta/",
            path.display()
        )
    });
    let export: Value = serde_json::from_str(&text).expect("Okta's export is JSON");
    export["steps"]
        .as_array()
        .cloned()
        .expect("the export has steps")
}

/// The bodies of the POST /Users steps, with each `{{variable}}` replaced by `v-variable`.
fn user_bodies(file: &str) -> Vec<Value> {
    steps(file)
        .iter()
        .filter(|s| {
            s["method"] == "POST" && s["url"].as_str().is_some_and(|u| u.ends_with("/Users"))
        })
        .filter_map(|s| s["body"].as_str())
        .map(|body| {
            let mut text = body.to_owned();
            while let Some(start) = text.find("{{") {
                let end = text[start..].find("}}").expect("closed variable") + start;
                let name = text[start + 2..end].to_owned();
                text.replace_range(start..end + 2, &format!("v-{name}"));
            }
            serde_json::from_str(&text).expect("the substituted body is JSON")
        })
        .collect()
}

#[test]
fn okta_scim_2_user_bodies_validate_strictly() {
    for file in [
        "Okta-SCIM-20-SPEC-Test.json",
        "Okta-SCIM-20-SPEC-Test.2016.json",
    ] {
        let bodies = user_bodies(file);
        assert!(!bodies.is_empty(), "{file} has POST /Users steps");
        for body in bodies {
            let stored = scim::validate::resource(&body, core::user(), &Leniency::strict())
                .unwrap_or_else(|e| panic!("{file}: {e} for {body}"));
            assert_eq!(stored["userName"], "v-randomUsername");
            assert_eq!(stored["schemas"], serde_json::json!([urn::USER]));
        }
    }
}

#[test]
fn okta_scim_1_1_user_bodies_validate_after_conversion() {
    let bodies = user_bodies("Okta-SCIM-11-SPEC-Test.json");
    assert!(!bodies.is_empty());
    for body in bodies {
        let schemas = body["schemas"].as_array().expect("schemas");
        assert_eq!(
            Version::of_schemas(schemas.iter().filter_map(Value::as_str)),
            Some(Version::V1_1)
        );
        assert!(scim::validate::resource(&body, core::user(), &Leniency::strict()).is_err());
        let stored = scim::validate::resource(
            &from_v1(&body, core::user()),
            core::user(),
            &Leniency::strict(),
        )
        .unwrap_or_else(|e| panic!("{e} for {body}"));
        assert_eq!(stored["emails"][0]["primary"], true);
    }
}
