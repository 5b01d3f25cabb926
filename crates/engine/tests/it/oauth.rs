//! OAuth 2.0 client credentials through the HTTP client: the token is fetched with HTTP Basic
//! client authentication, renewed before it expires, and a 401 is retried once with a new token.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use scimcheck_engine::auth::{AuthError, ClientCredentials, TokenProvider};
use scimcheck_engine::egress::Egress;
use scimcheck_engine::http::{HttpClient, HttpLimits, RequestSpec, Transport};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The authorization server and the resource server in one: tokens `tok-1`, `tok-2`, … with
/// the lifetime the test sets; `/revoke` invalidates every token issued so far.
#[derive(Default)]
struct Issuer {
    issued: u32,
    valid: Vec<String>,
    expires_in: u64,
    token_requests: Vec<(String, String)>,
}

type Shared = Arc<Mutex<Issuer>>;

async fn token(
    State(issuer): State<Shared>,
    headers: HeaderMap,
    body: String,
) -> (StatusCode, Json<serde_json::Value>) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut issuer = issuer.lock().expect("lock");
    issuer.token_requests.push((auth.clone(), body));
    // "client:secret" in Basic form.
    if auth != "Basic Y2xpZW50OnNlY3JldA==" {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        );
    }
    issuer.issued += 1;
    let token = format!("tok-{}", issuer.issued);
    issuer.valid.push(format!("Bearer {token}"));
    let expires_in = issuer.expires_in;
    (
        StatusCode::OK,
        Json(json!({"access_token": token, "token_type": "bearer", "expires_in": expires_in})),
    )
}

async fn users(State(issuer): State<Shared>, headers: HeaderMap) -> StatusCode {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if issuer.lock().expect("lock").valid.iter().any(|v| v == auth) {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

/// A token endpoint that answers far more than any token response needs.
async fn huge_token() -> String {
    format!(r#"{{"access_token": "{}"}}"#, "a".repeat(1024 * 1024))
}

async fn revoke(State(issuer): State<Shared>) -> StatusCode {
    issuer.lock().expect("lock").valid.clear();
    StatusCode::NO_CONTENT
}

async fn spawn(expires_in: u64) -> (String, Shared) {
    let issuer: Shared = Arc::new(Mutex::new(Issuer {
        expires_in,
        ..Issuer::default()
    }));
    let app = Router::new()
        .route("/token", post(token))
        .route("/huge-token", post(huge_token))
        .route("/Users", get(users))
        .route("/revoke", post(revoke))
        .with_state(Arc::clone(&issuer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (base, issuer)
}

fn provider(base: &str, secret: &str) -> TokenProvider {
    let credentials = ClientCredentials {
        token_url: format!("{base}/token"),
        client_id: "client".into(),
        client_secret: secret.into(),
        scope: Some("scim".into()),
    };
    let client = Transport::default()
        .client_builder(Duration::from_secs(5))
        .build()
        .expect("client");
    TokenProvider::new(credentials, client)
}

/// A client for the server at `base` whose transport renews `provider`'s tokens, and the first
/// token.
async fn client(base: &str, provider: TokenProvider) -> (HttpClient, String) {
    let first = provider.authorization().await.expect("first token");
    let mut transport = Transport::default();
    transport.oauth = Some(provider);
    let limits = HttpLimits {
        transport: Some(std::sync::Arc::new(transport)),
        ..HttpLimits::default()
    };
    let egress = Egress::new(base).with_secret(&first);
    (HttpClient::new(limits, egress).expect("client"), first)
}

fn list_users(base: &str, authorization: &str) -> RequestSpec {
    RequestSpec {
        method: "GET".into(),
        url: format!("{base}/Users"),
        headers: vec![("Authorization".into(), authorization.into())],
        ..RequestSpec::default()
    }
}

fn sent_authorization(received: &scimcheck_engine::http::Received) -> String {
    received
        .exchange
        .request
        .headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_token_is_fetched_with_basic_client_auth_and_the_scope() {
    let (base, issuer) = spawn(3600).await;
    let (client, first) = client(&base, provider(&base, "secret")).await;
    assert_eq!(first, "Bearer tok-1");
    let received = client.send(&list_users(&base, &first)).await.expect("sent");
    assert_eq!(received.response().map(|r| r.status), Some(200));
    assert!(received.notes.is_empty(), "{:?}", received.notes);
    let requests = issuer.lock().expect("lock").token_requests.clone();
    assert_eq!(
        requests.len(),
        1,
        "a fresh token is reused, not fetched per request"
    );
    assert_eq!(requests[0].1, "grant_type=client_credentials&scope=scim");
}

#[tokio::test]
async fn a_401_is_retried_once_with_a_new_token() {
    let (base, _issuer) = spawn(3600).await;
    let (client, first) = client(&base, provider(&base, "secret")).await;
    reqwest::Client::new()
        .post(format!("{base}/revoke"))
        .send()
        .await
        .expect("revoked");
    let received = client.send(&list_users(&base, &first)).await.expect("sent");
    assert_eq!(received.response().map(|r| r.status), Some(200));
    assert_eq!(sent_authorization(&received), "Bearer tok-2");
    assert!(
        received
            .notes
            .iter()
            .any(|n| n.contains("fetched a new token")),
        "{:?}",
        received.notes
    );
}

#[tokio::test]
async fn an_expired_token_is_replaced_before_sending() {
    // A lifetime within the renewal margin: every use needs a new token.
    let (base, issuer) = spawn(10).await;
    let (client, first) = client(&base, provider(&base, "secret")).await;
    let received = client.send(&list_users(&base, &first)).await.expect("sent");
    assert_eq!(received.response().map(|r| r.status), Some(200));
    assert_eq!(sent_authorization(&received), "Bearer tok-2");
    assert!(
        received.notes.is_empty(),
        "no 401 was needed: {:?}",
        received.notes
    );
    assert_eq!(issuer.lock().expect("lock").token_requests.len(), 2);
}

#[tokio::test]
async fn a_header_the_provider_did_not_issue_is_left_alone() {
    let (base, _issuer) = spawn(3600).await;
    let (client, _) = client(&base, provider(&base, "secret")).await;
    let received = client
        .send(&list_users(&base, "Bearer someone-else"))
        .await
        .expect("sent");
    assert_eq!(received.response().map(|r| r.status), Some(401));
    assert_eq!(sent_authorization(&received), "Bearer someone-else");
}

#[tokio::test]
async fn a_refused_client_is_an_error_naming_the_settings() {
    let (base, _issuer) = spawn(3600).await;
    let err = provider(&base, "wrong").authorization().await.unwrap_err();
    assert!(
        matches!(err, AuthError::Refused { status: 401, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("invalid_client") && text.contains("the OAuth client id, secret and scope"),
        "{text}"
    );
}

#[tokio::test]
async fn an_absurd_lifetime_means_no_known_expiry_not_a_panic() {
    let (base, issuer) = spawn(u64::MAX).await;
    let (client, first) = client(&base, provider(&base, "secret")).await;
    let received = client.send(&list_users(&base, &first)).await.expect("sent");
    assert_eq!(received.response().map(|r| r.status), Some(200));
    assert_eq!(sent_authorization(&received), "Bearer tok-1");
    assert_eq!(issuer.lock().expect("lock").token_requests.len(), 1);
}

#[tokio::test]
async fn a_huge_token_answer_is_read_only_up_to_a_cap() {
    let (base, _issuer) = spawn(3600).await;
    let credentials = ClientCredentials {
        token_url: format!("{base}/huge-token"),
        client_id: "client".into(),
        client_secret: "secret".into(),
        scope: None,
    };
    let client = Transport::default()
        .client_builder(Duration::from_secs(5))
        .build()
        .expect("client");
    let err = TokenProvider::new(credentials, client)
        .authorization()
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::NoToken { .. }), "{err:?}");
    assert!(err.to_string().contains("larger than 65536 bytes"), "{err}");
}

#[tokio::test]
async fn an_issued_token_never_goes_to_another_origin() {
    let (base, _issuer) = spawn(3600).await;
    let (other, _) = spawn(3600).await;
    let (client, _) = client(&base, provider(&base, "secret")).await;
    // Not the first token (which the egress rule knows as a secret) but a renewed one, which
    // only the provider knows.
    reqwest::Client::new()
        .post(format!("{base}/revoke"))
        .send()
        .await
        .expect("revoked");
    let renewed = client
        .send(&list_users(&base, "Bearer tok-1"))
        .await
        .expect("sent");
    let renewed = sent_authorization(&renewed);
    assert_eq!(renewed, "Bearer tok-2");
    let err = client
        .send(&list_users(&other, &renewed))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("the server named another host"),
        "{err}"
    );
}
