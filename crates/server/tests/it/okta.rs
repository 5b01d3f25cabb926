//! Okta's published SPEC tests (1.1, 2.0, 2.0 of 2016) run step by step against the server.
//!
//! This walks the fixtures' request steps with just the Runscope semantics they use
//! (`{{variable}}` templates, JSON-path extractions, the assertion kinds present); the full
//! Runscope engine lives in crates/engine. Response-time limits are not asserted here (timed
//! tests are flaky by nature); the engine's runs record them.

use crate::common;

use common::Harness;
use reqwest::Method;
use scim_server::DEFAULT_TOKEN;
use serde_json::Value;
use std::collections::HashMap;

/// Okta's file `name`, parsed; `None` when it is not beside the checkout (see scimcheck-testkit).
fn fixture(name: &str) -> Option<Value> {
    let text = scimcheck_testkit::okta_text(name)?;
    Some(serde_json::from_str(&text).expect("the fixture is JSON"))
}

fn substitute(text: &str, vars: &HashMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (k, v) in vars {
        out = out.replace(&format!("{{{{{k}}}}}"), v);
    }
    out
}

/// `Resources[0].emails[0].value` → the value, if present. A name applied to an array (the
/// 2016 file's `Resources[0].emails.value`) is read from the array's first element that has it.
fn lookup<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            cur = match cur {
                Value::Array(items) => items.iter().find_map(|i| i.get(name))?,
                other => other.get(name)?,
            };
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            cur = cur.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(cur)
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn initial_variables(base: &str) -> HashMap<String, String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(7);
    let given = format!("Runscope{}", nanos % 1000);
    let family = format!("Okta{}", nanos % 1_000_000);
    let email = format!("{given}{family}@atko.com");
    let pairs = [
        ("SCIMBaseURL", base.to_owned()),
        ("auth", format!("Bearer {DEFAULT_TOKEN}")),
        ("randomGivenName", given),
        ("randomFamilyName", family),
        ("randomEmail", email.clone()),
        ("randomUsername", email.clone()),
        ("InvalidUserEmail", "abcdefgh@atko.com".to_owned()),
        (
            "UserIdThatDoesNotExist",
            "010101001010101011001010101011".to_owned(),
        ),
        ("randomUsernameCaps", email.to_uppercase()),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Runs every request step; returns the failed assertions (empty when all pass), or `None` when
/// Okta's file is absent.
async fn run(name: &str, base: &str) -> Option<Vec<String>> {
    let test = fixture(name)?;
    let steps = test["steps"].as_array().expect("steps").clone();
    let mut vars = initial_variables(base);
    let client = reqwest::Client::new();
    let mut failures = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        if step["step_type"] != "request" {
            continue;
        }
        let method =
            Method::from_bytes(step["method"].as_str().unwrap_or("GET").as_bytes()).unwrap();
        let url = substitute(step["url"].as_str().unwrap_or(""), &vars);
        let mut req = client.request(method.clone(), &url);
        if let Some(headers) = step["headers"].as_object() {
            for (k, v) in headers {
                let values: Vec<&Value> = match v {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for value in values.into_iter().filter_map(Value::as_str) {
                    req = req.header(k.as_str(), substitute(value, &vars));
                }
            }
        }
        if let Some(b) = step["body"].as_str().filter(|b| !b.is_empty()) {
            req = req.body(substitute(b, &vars));
        }
        let response = req.send().await.expect("request sent");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        for var in step["variables"].as_array().into_iter().flatten() {
            if let (Some(name), Some(v)) = (
                var["name"].as_str(),
                lookup(&json, var["property"].as_str().unwrap_or("")),
            ) {
                vars.insert(name.to_owned(), as_text(v));
            }
        }
        for a in step["assertions"].as_array().into_iter().flatten() {
            let expected = a["value"]
                .as_str()
                .map(|s| substitute(s, &vars))
                .or_else(|| a["value"].as_u64().map(|n| n.to_string()));
            let actual: Option<Value> = match a["source"].as_str() {
                Some("response_status") => Some(Value::from(status)),
                Some("response_json") => {
                    lookup(&json, a["property"].as_str().unwrap_or("")).cloned()
                }
                _ => continue,
            };
            let ok = match a["comparison"].as_str().unwrap_or("") {
                "equal_number" | "equal" => actual.as_ref().map(as_text) == expected,
                "not_empty" => actual.as_ref().is_some_and(|v| {
                    !(v.is_null()
                        || v == ""
                        || v.as_array().is_some_and(Vec::is_empty)
                        || v.as_object().is_some_and(|o| o.is_empty()))
                }),
                "has_value" | "contains" => match (&actual, &expected) {
                    (Some(Value::Array(items)), Some(e)) => items.iter().any(|i| &as_text(i) == e),
                    (Some(v), Some(e)) => as_text(v).contains(e.as_str()),
                    (Some(_), None) => true,
                    _ => false,
                },
                "is_a_number" => actual.as_ref().is_some_and(Value::is_number),
                other => panic!("assertion kind {other} is not handled by this walker"),
            };
            if !ok {
                failures.push(format!(
                    "step {n} {method} {url}: {a} got {actual:?} (status {status}) body {text}"
                ));
            }
        }
        // The Groups steps' scripts check that Resources is an array with totalResults >= 1.
        if url.ends_with("/Groups")
            && step["scripts"]
                .as_array()
                .is_some_and(|s| s.iter().any(|x| x != ""))
        {
            let ok =
                json["totalResults"].as_u64().unwrap_or(0) >= 1 && json["Resources"].is_array();
            if !ok {
                failures.push(format!("step {n}: Groups script expects groups: {text}"));
            }
        }
    }
    Some(failures)
}

#[tokio::test]
async fn okta_scim_11_spec_test_passes() {
    let h = Harness::new().await;
    let Some(failures) = run("Okta-SCIM-11-SPEC-Test.json", &h.server.base_url_v1()).await else {
        return;
    };
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn okta_scim_20_spec_test_passes() {
    let h = Harness::new().await;
    let Some(failures) = run("Okta-SCIM-20-SPEC-Test.json", &h.server.base_url_v2()).await else {
        return;
    };
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn okta_scim_20_spec_test_2016_passes() {
    let h = Harness::new().await;
    let Some(failures) = run("Okta-SCIM-20-SPEC-Test.2016.json", &h.server.base_url_v2()).await
    else {
        return;
    };
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn the_walker_reports_failures() {
    // Against a server with the not-found-without-detail defect, the 404 step must fail.
    let config = scim_server::ServerConfig::default()
        .with_defect(scim_server::Defect::NotFoundWithoutDetail);
    let h = Harness::start(config).await;
    let Some(failures) = run("Okta-SCIM-20-SPEC-Test.json", &h.server.base_url_v2()).await else {
        return;
    };
    assert!(
        failures.iter().any(|f| f.contains("detail")),
        "{failures:#?}"
    );
}

#[tokio::test]
async fn scim_11_patch_adds_and_deletes_members() {
    let h = Harness::new().await;
    let a = h.create_user("v1a@example.com").await;
    let b = h.create_user("v1b@example.com").await;
    let (aid, bid) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let g = common::body(h.post("/Groups", &common::group("V1 Group", &[aid])).await).await;
    let url = format!(
        "{}/Groups/{}",
        h.server.base_url_v1(),
        g["id"].as_str().unwrap()
    );
    let patch = serde_json::json!({
        "schemas": ["urn:scim:schemas:core:1.0"],
        "members": [{"value": aid, "operation": "delete"}, {"value": bid}],
        "meta": {"attributes": []}
    });
    let r = h
        .client
        .patch(&url)
        .bearer_auth(DEFAULT_TOKEN)
        .header("content-type", "application/json")
        .body(patch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["schemas"][0], "urn:scim:schemas:core:1.0");
    let members: Vec<&str> = v["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(members, [bid]);
}
