//! The suite against a server the size of a small company: thousands of users the run did not
//! create. No verdict may depend on them (a check that walked or compared the whole collection
//! would), no check may read them wholesale, and none of their values may reach any report
//! (JSON, HTML, JUnit, Markdown) rendered from the result.

use crate::support;

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig};
use scimcheck_engine::model::{ForeignData, Verdict};
use scimcheck_suites::foreign::MASK;
use scimcheck_suites::{RunOptions, SuiteSettings};
use serde_json::Value;
use std::collections::HashSet;

/// Users seeded: a mid-size company, far more than the 1,000 an unscoped import walk used to
/// stop at, and still seconds to seed and run (issue 15's CI size).
const SEEDED: usize = 20_000;

/// Largest response body any exchange of the run may have: a page of the seeded users would be
/// far larger (each one is about 600 bytes), so a check that read the collection shows here.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024;

/// Every userName and e-mail address of the users on `server`, paged with the server's own
/// page size.
async fn personal_values(server: &RunningServer) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut values = Vec::new();
    let mut start = 1;
    loop {
        let url = format!(
            "{}/Users?startIndex={start}&count=200",
            server.base_url_v2()
        );
        let page = scimcheck_testkit::listing::get_json(&client, &url, DEFAULT_TOKEN).await;
        let resources = page["Resources"].as_array().cloned().unwrap_or_default();
        if resources.is_empty() {
            return values;
        }
        start += resources.len();
        for user in resources {
            values.extend(user["userName"].as_str().map(str::to_owned));
            for email in user["emails"].as_array().into_iter().flatten() {
                values.extend(email["value"].as_str().map(str::to_owned));
            }
        }
    }
}

/// The words of `text` that could be a seeded userName or e-mail address: its runs of letters,
/// digits, `.`, `@` and `-` (a seeded value is one such run). Looking each value up in a set
/// rather than searching the whole text for it keeps the test linear in the result's size.
fn words(text: &str) -> HashSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '@' | '-')))
        .filter(|w| !w.is_empty())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_with_thousands_of_users_passes_and_none_of_them_is_in_the_result() {
    let server = scim_server::spawn(ServerConfig::default().with_seed(SEEDED, 2))
        .await
        .expect("the reference server starts");
    let personal = personal_values(&server).await;
    assert!(personal.len() >= SEEDED, "{} values", personal.len());
    assert!(
        personal.iter().all(|v| words(v).contains(v.as_str())),
        "every seeded value is one word of a text that holds it"
    );
    let result = support::run_on(&server, &[]).await;
    server.shutdown().await;

    let bad: Vec<String> = result
        .cases
        .iter()
        .filter(|c| !matches!(c.verdict, Verdict::Pass | Verdict::Skip))
        .map(|c| format!("{} [{}]: {:?}", c.id, c.verdict.as_str(), c.reason))
        .collect();
    assert!(bad.is_empty(), "not passing at size:\n{}", bad.join("\n"));

    let largest = result
        .cases
        .iter()
        .flat_map(|c| &c.exchanges)
        .filter_map(|e| e.response.as_ref().map(|r| (r.size_bytes, &e.request.url)))
        .max()
        .expect("the run sent requests");
    assert!(
        largest.0 <= MAX_RESPONSE_BYTES,
        "a response of {} bytes: {}",
        largest.0,
        largest.1
    );

    let reports = [
        ("JSON", scimcheck_report::json::render(&result)),
        ("HTML", scimcheck_report::html::render(&result)),
        ("JUnit", scimcheck_report::junit::render(&result)),
        ("Markdown", scimcheck_report::markdown::render(&result)),
    ];
    for (format, report) in &reports {
        let words = words(report);
        let leaked: Vec<&String> = personal
            .iter()
            .filter(|v| words.contains(v.as_str()))
            .collect();
        assert!(
            leaked.is_empty(),
            "{} seeded values in the {format} report, e.g. {:?}",
            leaked.len(),
            leaked.first()
        );
    }
    assert!(
        result
            .cases
            .iter()
            .flat_map(|c| &c.logs)
            .any(|l| l.contains("resources this run did not create are masked")),
        "the unfiltered lists met seeded users and say they were masked"
    );
    let foreign = result
        .foreign_data
        .expect("the suite counts foreign resources");
    assert!(foreign.masked && foreign.seen > 0, "{foreign:?}");
    assert!(
        result.notes.iter().any(|n| n.starts_with("foreign data: ")),
        "the reports say so: {:?}",
        result.notes
    );
    // Masked resources keep their ids, attribute names and structure.
    let masked_user = result
        .cases
        .iter()
        .flat_map(|c| &c.exchanges)
        .filter_map(|e| e.response.as_ref())
        .filter_map(|r| serde_json::from_str::<Value>(&r.body).ok())
        .flat_map(|list| list["Resources"].as_array().cloned().unwrap_or_default())
        .find(|user| user["userName"] == MASK)
        .expect("a recorded list holds a masked user");
    assert!(masked_user["id"].as_str().is_some_and(|id| id != MASK));
    assert_eq!(masked_user["emails"][0]["value"], MASK, "{masked_user}");
    let schemas = result
        .cases
        .iter()
        .flat_map(|c| &c.exchanges)
        .filter(|e| e.request.method == "GET" && e.request.url.ends_with("/Schemas"))
        .filter_map(|e| e.response.as_ref())
        .filter(|r| r.status == 200)
        .collect::<Vec<_>>();
    assert!(!schemas.is_empty(), "the run read /Schemas");
    for response in schemas {
        assert!(
            response.body.contains(scim::schema::urn::USER) && !response.body.contains(MASK),
            "/Schemas lists the server's definitions, recorded whole: {}",
            response.body
        );
    }
}

/// With `--show-foreign-data` the seeded users' values are recorded as received, and the result
/// says they were not masked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shown_foreign_data_is_recorded_as_received_and_the_result_says_so() {
    let server = scim_server::spawn(ServerConfig::default().with_seed(40, 1))
        .await
        .expect("the reference server starts");
    let personal = personal_values(&server).await;
    let settings = SuiteSettings {
        show_foreign_data: true,
        ..SuiteSettings::default()
    };
    let result = support::run_with(&server, &settings, &RunOptions::default()).await;
    server.shutdown().await;
    let report = serde_json::to_string(&result).expect("the result serializes");
    let words = words(&report);
    assert!(
        personal.iter().any(|v| words.contains(v.as_str())),
        "seeded values are recorded when shown"
    );
    assert!(!report.contains(MASK), "nothing is masked");
    let foreign = result
        .foreign_data
        .expect("the suite counts foreign resources");
    assert!(
        matches!(foreign, ForeignData { seen, masked: false } if seen > 0),
        "{foreign:?}"
    );
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.contains("FOREIGN DATA NOT MASKED")),
        "{:?}",
        result.notes
    );
}
