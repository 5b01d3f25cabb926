//! The simulated Okta org's management API seen directly: what it sends to the SCIM server on
//! assignment, and how it reports a SCIM server that cannot be reached.

use crate::common;

use common::{bearer, server};
use scim_server::ServerConfig;
use scimcheck_idp::oktasim::{OktaSimConfig, RunningOktaSim, spawn};
use serde_json::{Value, json};

async fn call(
    sim: &RunningOktaSim,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let reply = reqwest::Client::new()
        .request(method, format!("{}{path}", sim.org_url()))
        .header("Authorization", format!("SSWS {}", sim.token()))
        .json(&body)
        .send()
        .await
        .expect("the simulator answers");
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or(Value::Null))
}

async fn create_and_assign(sim: &RunningOktaSim, login: &str) -> Value {
    let profile = json!({"profile": {"firstName": "Ada", "lastName": "Lovelace", "email": login, "login": login}});
    let (status, user) = call(
        sim,
        reqwest::Method::POST,
        "/api/v1/users?activate=true",
        profile,
    )
    .await;
    assert_eq!(status, 200, "{user}");
    let id = user["id"].as_str().expect("an Okta user id").to_owned();
    let assignment = json!({"id": id, "scope": "USER", "credentials": {"userName": login},
        "profile": {"givenName": "Ada", "familyName": "Lovelace", "email": login, "emailType": "work"}});
    let path = format!("/api/v1/apps/{}/users", sim.app_id());
    let (status, app_user) = call(sim, reqwest::Method::POST, &path, assignment).await;
    assert_eq!(status, 200, "{app_user}");
    app_user
}

#[tokio::test]
async fn assignment_looks_up_then_creates_with_okta_s_headers_and_body() {
    let scim = server(ServerConfig::default()).await;
    let sim = spawn(OktaSimConfig::new(scim.base_url_v2(), bearer()))
        .await
        .expect("starts");
    let app_user = create_and_assign(&sim, "ada@example.com").await;
    assert_eq!(app_user["syncState"], "SYNCHRONIZED", "{app_user}");
    assert!(
        app_user["externalId"].is_string(),
        "the SCIM id is kept: {app_user}"
    );
    let exchanges = sim.exchanges();
    let [lookup, create] = exchanges.as_slice() else {
        panic!("expected lookup and create, got {exchanges:#?}");
    };
    assert!(
        lookup
            .request
            .url
            .contains("filter=userName%20eq%20%22ada%40example.com%22&startIndex=1&count=100")
    );
    let header = |name: &str| {
        create
            .request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("user-agent"), Some("Okta SCIM Client 1.0.0"));
    assert_ne!(
        header("authorization"),
        Some(bearer().as_str()),
        "the credential is masked"
    );
    let body: Value = serde_json::from_str(&create.request.body).expect("a JSON body");
    assert_eq!(body["userName"], "ada@example.com");
    assert_eq!(body["groups"], json!([]));
    assert!(
        body["password"].is_string()
            && body["externalId"].is_string()
            && body["locale"].is_string()
    );
    sim.shutdown().await;
    scim.shutdown().await;
}

#[tokio::test]
async fn an_unreachable_scim_server_shows_as_a_sync_error_not_a_failed_assignment() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let sim = spawn(OktaSimConfig::new("http://127.0.0.1:9/scim/v2", bearer()))
        .await
        .expect("starts");
    let app_user = create_and_assign(&sim, "grace@example.com").await;
    assert_eq!(app_user["syncState"], "ERROR", "{app_user}");
    assert!(app_user["externalId"].is_null());
    sim.shutdown().await;
}

#[tokio::test]
async fn a_second_user_with_the_same_login_is_refused_as_okta_does() {
    let scim = server(ServerConfig::default()).await;
    let sim = spawn(OktaSimConfig::new(scim.base_url_v2(), bearer()))
        .await
        .expect("starts");
    let profile = json!({"profile": {"login": "Same@example.com"}});
    let first = call(
        &sim,
        reqwest::Method::POST,
        "/api/v1/users",
        profile.clone(),
    )
    .await;
    assert_eq!(first.0, 200);
    let again = json!({"profile": {"login": "same@example.com"}});
    let (status, body) = call(&sim, reqwest::Method::POST, "/api/v1/users", again).await;
    assert_eq!(status, 400);
    assert_eq!(body["errorCode"], "E0000001");
    sim.shutdown().await;
    scim.shutdown().await;
}

/// `userName eq` lookup on the SCIM server directly: how many users answer to `login`.
async fn scim_users_named(base: &str, login: &str) -> u64 {
    let reply: Value = reqwest::Client::new()
        .get(format!("{base}/Users"))
        .query(&[("filter", format!("userName eq \"{login}\""))])
        .header("Authorization", bearer())
        .send()
        .await
        .expect("the SCIM server answers")
        .json()
        .await
        .expect("a ListResponse");
    reply["totalResults"].as_u64().expect("totalResults")
}

/// The users the stand-in created are deleted when the run ends; a user it found by lookup and
/// linked was not its own and stays.
#[tokio::test]
async fn the_simulator_deletes_the_users_it_created_and_only_those() {
    let scim = server(ServerConfig::default()).await;
    let base = scim.base_url_v2();
    let existing = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "linked@example.com"});
    let status = reqwest::Client::new()
        .post(format!("{base}/Users"))
        .header("Authorization", bearer())
        .json(&existing)
        .send()
        .await
        .expect("the SCIM server answers")
        .status();
    assert_eq!(status.as_u16(), 201);
    let sim = spawn(OktaSimConfig::new(&base, bearer()))
        .await
        .expect("starts");
    create_and_assign(&sim, "created@example.com").await;
    create_and_assign(&sim, "linked@example.com").await;
    assert_eq!(scim_users_named(&base, "created@example.com").await, 1);
    let cleanup = sim.delete_created().await;
    assert_eq!(cleanup.deleted, 1, "{cleanup:?}");
    assert!(cleanup.failed.is_empty(), "{cleanup:?}");
    assert_eq!(scim_users_named(&base, "created@example.com").await, 0);
    assert_eq!(scim_users_named(&base, "linked@example.com").await, 1);
    assert_eq!(sim.delete_created().await.deleted, 0, "each user once");
    sim.shutdown().await;
    scim.shutdown().await;
}
