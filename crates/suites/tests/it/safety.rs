//! Safety against real data: the run deletes everything it created, leaves pre-existing
//! resources untouched, creates nothing under `--read-only`, and keeps its data with
//! `--no-cleanup`.

use crate::support::run_with;
use scim_server::{DEFAULT_TOKEN, Defect, RunningServer, ServerConfig, spawn};
use scimcheck_engine::model::Verdict;
use scimcheck_suites::prerequisite::Prerequisite;
use scimcheck_suites::{RunOptions, SuiteSettings, catalog};
use serde_json::Value;

/// Every user and group on the server, as returned by full listings.
async fn snapshot(server: &RunningServer) -> Vec<Value> {
    scimcheck_testkit::listing::users_and_groups(&server.base_url_v2(), DEFAULT_TOKEN).await
}

#[tokio::test]
async fn a_run_deletes_what_it_created_and_leaves_existing_data_as_it_was() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await;
    assert!(!before.is_empty(), "the server is seeded");
    let result = run_with(&server, &SuiteSettings::default(), &RunOptions::default()).await;
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.starts_with("cleanup: deleted")),
        "{:?}",
        result.notes
    );
    assert!(
        !result.notes.iter().any(|n| n.contains("could not delete")),
        "{:?}",
        result.notes
    );
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn read_only_creates_nothing_and_says_why_it_skipped() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await;
    let settings = SuiteSettings {
        read_only: true,
        ..SuiteSettings::default()
    };
    let result = run_with(&server, &settings, &RunOptions::default()).await;
    let writers: Vec<_> = catalog::all().into_iter().filter(|c| c.writes).collect();
    assert!(!writers.is_empty());
    for check in writers {
        let case = result
            .cases
            .iter()
            .find(|c| c.id == check.id)
            .expect("case present");
        assert_eq!(case.verdict, Verdict::Skip, "{}", case.id);
        assert!(
            case.reason
                .as_deref()
                .unwrap_or("")
                .starts_with("read-only mode")
        );
    }
    assert!(result.cases.iter().any(|c| c.verdict == Verdict::Pass));
    assert_eq!(snapshot(&server).await, before);
}

#[tokio::test]
async fn no_cleanup_keeps_the_created_resources_and_lists_them() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await.len();
    let settings = SuiteSettings {
        only: vec!["users.create.location".into()],
        no_cleanup: true,
        ..SuiteSettings::default()
    };
    let result = run_with(&server, &settings, &RunOptions::default()).await;
    assert!(
        result
            .notes
            .iter()
            .any(|n| n.starts_with("keeping what the run created: kept 2")),
        "{:?}",
        result.notes
    );
    // The check's user, and the one `prerequisite.users.create` made before it.
    assert_eq!(snapshot(&server).await.len(), before + 2);
}

#[tokio::test]
async fn credentials_never_appear_in_results() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let result = run_with(&server, &SuiteSettings::default(), &RunOptions::default()).await;
    let text = serde_json::to_string(&result).expect("serializes");
    assert!(
        !text.contains(DEFAULT_TOKEN),
        "the token leaked into the results"
    );
}

#[tokio::test]
async fn a_deadline_stops_the_checks_but_still_deletes_what_the_run_created() {
    let server = spawn(ServerConfig::default()).await.expect("server starts");
    let before = snapshot(&server).await;
    // Every check, and the prerequisites the catalog builds on (each its own case).
    let checks = catalog::all().len() + Prerequisite::ALL.len();
    let mut stopped_mid_run = 0;
    // Whatever the deadline cuts — discovery, a create, a cleanup-worthy half of the suite —
    // every check gets a verdict and the server ends as it began.
    for millis in [0, 50, 150, 300] {
        let options = RunOptions {
            deadline: Some(std::time::Duration::from_millis(millis)),
            ..RunOptions::default()
        };
        let result = run_with(&server, &SuiteSettings::default(), &options).await;
        assert_eq!(result.cases.len(), checks, "{millis} ms: a check lost");
        let cut: Vec<_> = result
            .cases
            .iter()
            .filter(|c| {
                c.reason
                    .as_deref()
                    .is_some_and(|r| r.contains("passed its deadline"))
            })
            .collect();
        if !cut.is_empty() {
            assert!(cut.iter().all(|c| c.verdict == Verdict::Error));
            assert!(
                result
                    .notes
                    .iter()
                    .any(|n| n.contains("passed its deadline")),
                "{:?}",
                result.notes
            );
            if cut.len() < checks {
                stopped_mid_run += 1;
            }
        }
        assert_eq!(
            snapshot(&server).await,
            before,
            "{millis} ms: data left behind"
        );
    }
    assert!(
        stopped_mid_run > 0,
        "no deadline fell in the middle of a run"
    );
}

/// Jackson serves /Bulk, which it does not offer, as its Groups collection: a probe's POST /Bulk
/// answered 201 with a new group that no cleanup deleted, and the next run counted it as
/// foreign data. On a server without seeded data, whatever a run leaves is foreign to the next.
#[tokio::test]
async fn resources_probe_writes_create_unasked_are_deleted_and_noted() {
    let config = ServerConfig::default()
        .with_seed(0, 0)
        .with_defect(Defect::UnknownPathsServeGroups);
    let server = spawn(config).await.expect("server starts");
    let before = snapshot(&server).await;
    let result = run_with(&server, &SuiteSettings::default(), &RunOptions::default()).await;
    assert_eq!(
        snapshot(&server).await,
        before,
        "the run left resources behind"
    );
    let note = result
        .notes
        .iter()
        .find(|n| n.contains("created a resource without being asked to"))
        .unwrap_or_else(|| panic!("no note on the unasked creations: {:?}", result.notes));
    assert!(
        note.contains(
            "discovery.spc.bulk-works: POST /Bulk answered 201 although ServiceProviderConfig does not advertise bulk, creating /Groups/"
        ),
        "{note}"
    );
    let again = run_with(&server, &SuiteSettings::default(), &RunOptions::default()).await;
    let foreign = again.foreign_data.expect("counted");
    assert_eq!(foreign.seen, 0, "{:?}", again.notes);
}

/// The plaintext probe of `transport.tls.plain-http-refused` never carries the run's credential.
/// The server answers plaintext on its TLS port (`plain-http-served`) and asks for credentials
/// on /ServiceProviderConfig (`spc-requires-auth`): with the token the probe would get 200; it
/// gets 401, and its recorded request has no Authorization header (and its response no body).
#[tokio::test]
async fn the_plaintext_probe_carries_no_credential() {
    let check = "transport.tls.plain-http-refused";
    let config = ServerConfig::default()
        .with_defect(Defect::PlainHttpServed)
        .with_defect(Defect::SpcRequiresAuth);
    let result = crate::support::run_against_tls(config, &[check]).await;
    let case = result
        .cases
        .iter()
        .find(|c| c.id == check)
        .expect("the check ran");
    assert_eq!(case.verdict, Verdict::Fail, "{:?}", case.reason);
    let plaintext: Vec<_> = case
        .exchanges
        .iter()
        .filter(|e| e.request.url.starts_with("http://"))
        .collect();
    assert_eq!(
        plaintext.len(),
        1,
        "one plaintext request on a port other than 443"
    );
    let exchange = plaintext[0];
    assert_eq!(exchange.response.as_ref().map(|r| r.status), Some(401));
    // Only the status is recorded: the answer may be anything.
    assert_eq!(
        exchange.response.as_ref().map(|r| r.body.as_str()),
        Some("")
    );
    assert!(
        !exchange
            .request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("authorization")),
        "{:?}",
        exchange.request.headers
    );
}
