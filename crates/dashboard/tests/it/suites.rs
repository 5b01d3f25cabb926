//! Uploaded suites standing for Runscope tests: the test id a suite is given (on upload or on
//! its page), refused when malformed or another suite's, named in the calling suite's preview,
//! and run by the subtest steps that name it. The exports are written here in Runscope's format.

use crate::support::{Client, dashboard, data_dir};

use scimcheck_engine::model::{CaseResult, Verdict};
use serde_json::{Value, json};

/// The embedded reference server's credential.
const AUTH: &str = "Bearer scimcheck-token";
const PASSWORD: &str = "suites passphrase";

/// A request step reading `path` of the target, which must answer 200.
fn read(path: &str) -> Value {
    json!({"step_type": "request", "method": "GET", "url": format!("{{{{SCIMBaseURL}}}}{path}"),
           "headers": {"Authorization": ["{{auth}}"]},
           "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]})
}

/// A subtest step running the test `test_id`, which passes when that test passed.
fn subtest(test_id: &str) -> Value {
    json!({"step_type": "subtest", "test_uuid": test_id, "bucket_key": "b-1", "note": "Discovery first",
           "assertions": [{"source": "response_json", "property": "result", "comparison": "equal", "value": "pass"}]})
}

/// An export named `name` with `steps`.
fn export(name: &str, steps: &[Value]) -> String {
    json!({"name": name, "description": "", "steps": steps}).to_string()
}

/// A dashboard with accounts, and a client signed in as its admin.
async fn signed_in() -> (scimcheck_dashboard::RunningDashboard, Client) {
    let dash = dashboard(&data_dir(), Some(PASSWORD)).await;
    let mut admin = Client::new(dash.url()).await;
    assert_eq!(admin.sign_in("", PASSWORD).await.status, 303);
    (dash, admin)
}

/// What the Runscope test id field of `page` holds.
fn typed_test_id(page: &str) -> &str {
    let start = page
        .find("name=\"test_id\" value=\"")
        .expect("a test id field")
        + "name=\"test_id\" value=\"".len();
    &page[start..start + page[start..].find('"').unwrap()]
}

#[tokio::test]
async fn a_suite_given_a_test_id_is_named_by_the_preview_of_the_suites_calling_it() {
    let (dash, mut admin) = signed_in().await;
    let discovery = admin
        .upload_suite("discovery.json", &export("Discovery", &[read("/Schemas")]))
        .await;
    let caller = admin
        .upload_suite("caller.json", &export("Caller", &[subtest("t-disc")]))
        .await;
    let preview = admin.get(&format!("/suites/{caller}")).await.body;
    assert!(
        preview.contains("No uploaded suite has this Runscope test id")
            && preview.contains("give it to its suite on the suite's page"),
        "{preview}"
    );
    assert!(!preview.contains("command line"), "{preview}");

    let saved = admin.set_test_id(discovery, " t-disc ").await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = admin.get(&format!("/suites/{discovery}")).await.body;
    assert_eq!(typed_test_id(&page), "t-disc", "stored trimmed");
    assert!(
        page.contains("Subtest steps naming <code>t-disc</code> run this suite."),
        "{page}"
    );
    assert!(
        admin
            .get("/suites")
            .await
            .body
            .contains("<td><code>t-disc</code></td>"),
        "the list shows it"
    );
    let preview = admin.get(&format!("/suites/{caller}")).await.body;
    assert!(
        preview.contains(&format!(
            "Runs the uploaded suite <a href=\"/suites/{discovery}\">Discovery</a>."
        )),
        "{preview}"
    );

    let cleared = admin.set_test_id(discovery, "").await;
    assert_eq!(cleared.status, 303, "{}", cleared.body);
    let preview = admin.get(&format!("/suites/{caller}")).await.body;
    assert!(
        preview.contains("No uploaded suite has this Runscope test id"),
        "{preview}"
    );
    let changes: Vec<String> = admin
        .audit_rows()
        .await
        .into_iter()
        .filter(|r| {
            r.ends_with(&format!(
                "|admin|changed suite|Discovery (#{discovery})|Runscope test id"
            ))
        })
        .collect();
    assert_eq!(changes.len(), 2, "set, then cleared: {changes:#?}");
    dash.shutdown().await;
}

#[tokio::test]
async fn a_taken_or_malformed_test_id_is_refused_saying_how_and_changes_nothing() {
    let (dash, mut admin) = signed_in().await;
    let first = admin
        .upload_suite_as("first.json", &export("First", &[]), "t-1")
        .await;
    assert!(
        admin
            .audit_rows()
            .await
            .iter()
            .any(|r| r.ends_with(&format!(
                "|uploaded suite|First (#{first})|first.json, with a Runscope test id"
            ))),
        "the upload is logged with its id"
    );

    let copy = admin
        .upload_as("copy.json", &export("Copy", &[]), "t-1")
        .await;
    assert_eq!(copy.status, 409, "{}", copy.body);
    for said in [
        &format!(
            "The Runscope test id t-1 is already that of the suite \u{201c}First\u{201d} (#{first})"
        ),
        &format!("on its page (/suites/{first})"),
        "Nothing was uploaded: choose the file again",
    ] {
        assert!(copy.body.contains(said), "{said}: {}", copy.body);
    }
    assert_eq!(
        typed_test_id(&copy.body),
        "t-1",
        "the form keeps what was typed"
    );
    let list = admin.get("/suites").await.body;
    assert!(!list.contains("copy.json"), "nothing was uploaded: {list}");

    let second = admin
        .upload_suite("second.json", &export("Second", &[]))
        .await;
    let refused = admin.set_test_id(second, "t-1").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("id=\"test-id-error\"")
            && refused
                .body
                .contains("already that of the suite \u{201c}First\u{201d}"),
        "{}",
        refused.body
    );
    assert_eq!(typed_test_id(&refused.body), "t-1");

    for (typed, said) in [
        (
            "t 1",
            "can contain only letters (a-z, A-Z), digits, - and _",
        ),
        (
            &*"x".repeat(65),
            "has 65 characters; it can have at most 64",
        ),
    ] {
        let malformed = admin.set_test_id(second, typed).await;
        assert_eq!(malformed.status, 400, "{typed}: {}", malformed.body);
        assert!(malformed.body.contains(said), "{typed}: {}", malformed.body);
        assert!(malformed.body.contains("test_uuid"), "says where ids are");
        assert_eq!(typed_test_id(&malformed.body), typed);
        let upload = admin
            .upload_as("third.json", &export("Third", &[]), typed)
            .await;
        assert_eq!(upload.status, 400, "{typed}: {}", upload.body);
        assert!(upload.body.contains(said), "{typed}: {}", upload.body);
    }

    let first_page = admin.get(&format!("/suites/{first}")).await.body;
    let second_page = admin.get(&format!("/suites/{second}")).await.body;
    assert_eq!(
        (typed_test_id(&first_page), typed_test_id(&second_page)),
        ("t-1", ""),
        "the holder keeps its id; the refused suite has none"
    );
    assert!(!admin.get("/suites").await.body.contains("third.json"));
    dash.shutdown().await;
}

#[tokio::test]
async fn an_upload_over_the_size_limit_is_refused_saying_so() {
    let (dash, mut admin) = signed_in().await;
    let padding = "x".repeat(scimcheck_dashboard::store::MAX_SUITE_BYTES);
    let huge = json!({"name": "Huge", "description": padding, "steps": []}).to_string();
    let refused = admin.upload_as("huge.json", &huge, "t-huge").await;
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert!(
        refused.body.contains("The upload is larger than 2 MiB"),
        "{}",
        refused.body
    );
    assert!(!admin.get("/suites").await.body.contains("huge.json"));
    dash.shutdown().await;
}

/// Each case's id and verdict.
fn verdicts(cases: &[CaseResult]) -> Vec<(&str, Verdict)> {
    cases.iter().map(|c| (c.id.as_str(), c.verdict)).collect()
}

#[tokio::test]
async fn a_subtest_step_runs_the_uploaded_suite_given_its_test_id_or_is_skipped_naming_it() {
    let dir = data_dir();
    let dash = dashboard(&dir, None).await;
    let mut client = Client::new(dash.url()).await;
    let env = client.create_environment("Embedded", "", AUTH).await;
    client
        .upload_suite_as(
            "discovery.json",
            &export(
                "Discovery",
                &[read("/ServiceProviderConfig"), read("/Schemas")],
            ),
            "0f6c1bd2-disc",
        )
        .await;
    let steps = |called: &str| [read("/ResourceTypes"), subtest(called), read("/Users")];
    let caller = client
        .upload_suite("caller.json", &export("Caller", &steps("0f6c1bd2-disc")))
        .await;
    let orphan = client
        .upload_suite("orphan.json", &export("Orphan", &steps("absent-9")))
        .await;

    let caller = client.run_to_the_end(&dir, env, caller).await;
    assert_eq!(
        verdicts(&caller),
        [
            ("step-1", Verdict::Pass),
            ("step-2.1", Verdict::Pass),
            ("step-2.2", Verdict::Pass),
            ("step-2", Verdict::Pass),
            ("step-3", Verdict::Pass),
        ],
        "{caller:#?}"
    );
    assert!(
        caller[3]
            .logs
            .iter()
            .any(|l| l.contains("ran the test `Discovery` (0f6c1bd2-disc): 2 step(s), 0 failed")),
        "{:?}",
        caller[3].logs
    );

    let (page, cases) = client.run_page_and_cases(&dir, env, orphan).await;
    assert_eq!(
        verdicts(&cases),
        [
            ("step-1", Verdict::Pass),
            ("step-2", Verdict::Skip),
            ("step-3", Verdict::Pass),
        ],
        "{cases:#?}"
    );
    let reason = cases[1].reason.as_deref().unwrap_or_default();
    assert!(
        reason.contains("the test absent-9 it calls (bucket b-1) was not given"),
        "{reason}"
    );
    // The page says where the dashboard takes what the engine calls the subtests' exports.
    assert!(
        page.contains(
            "the subtests&#39; exports (here: upload it as a suite given that Runscope test id, on the Suites page)"
        ),
        "{page}"
    );
    dash.shutdown().await;
}
