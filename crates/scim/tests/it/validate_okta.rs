//! The user bodies Okta's published SPEC tests POST (SCIM 1.1 and 2.0) pass strict validation,
//! the 1.1 ones after [`scim::version::from_v1`]. A server built on this crate therefore accepts
//! what Okta's own test sends.

use scim::leniency::Leniency;
use scim::schema::{core, urn};
use scim::version::{Version, from_v1};
use serde_json::Value;

/// The step list of Okta's Runscope export `file`; `None` when it is not beside the checkout
/// (see scimcheck-testkit).
fn steps(file: &str) -> Option<Vec<Value>> {
    let text = scimcheck_testkit::okta_text(file)?;
    let export: Value = serde_json::from_str(&text).expect("Okta's export is JSON");
    Some(
        export["steps"]
            .as_array()
            .cloned()
            .expect("the export has steps"),
    )
}

/// The bodies of the POST /Users steps, with each `{{variable}}` replaced by `v-variable`;
/// `None` when `file` is absent.
fn user_bodies(file: &str) -> Option<Vec<Value>> {
    let bodies = steps(file)?
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
        .collect();
    Some(bodies)
}

#[test]
fn okta_scim_2_user_bodies_validate_strictly() {
    for file in [
        "Okta-SCIM-20-SPEC-Test.json",
        "Okta-SCIM-20-SPEC-Test.2016.json",
    ] {
        let Some(bodies) = user_bodies(file) else {
            return;
        };
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
    let Some(bodies) = user_bodies("Okta-SCIM-11-SPEC-Test.json") else {
        return;
    };
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
