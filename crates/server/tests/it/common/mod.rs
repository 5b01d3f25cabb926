//! Shared helpers for the black-box tests: start a server, send authenticated requests.

use reqwest::{Client, Method, Response};
use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig, TlsIdentity, spawn};
use serde_json::Value;

/// A running server and a client that talks to it.
pub struct Harness {
    pub server: RunningServer,
    pub client: Client,
    pub base: String,
    /// The certificate the server presents, when it serves TLS (trusted by `client`).
    pub certificate_pem: Option<String>,
}

impl Harness {
    pub async fn start(config: ServerConfig) -> Harness {
        let server = spawn(config).await.expect("server starts");
        let base = server.base_url_v2();
        Harness {
            server,
            client: Client::new(),
            base,
            certificate_pem: None,
        }
    }

    /// [`Harness::start`] over TLS, with a fresh self-signed certificate the client trusts.
    pub async fn start_tls(config: ServerConfig) -> Harness {
        let identity = TlsIdentity::self_signed_loopback().expect("a loopback certificate");
        let pem = identity.certificate_pem().to_owned();
        let certificate = reqwest::Certificate::from_pem(pem.as_bytes()).expect("PEM");
        let server = spawn(ServerConfig {
            tls: Some(identity),
            ..config
        })
        .await
        .expect("server starts");
        let base = server.base_url_v2();
        assert!(base.starts_with("https://"), "{base}");
        let client = Client::builder()
            .add_root_certificate(certificate)
            .build()
            .expect("a client");
        Harness {
            server,
            client,
            base,
            certificate_pem: Some(pem),
        }
    }

    pub async fn new() -> Harness {
        Self::start(ServerConfig::default()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(DEFAULT_TOKEN)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.req(Method::GET, path)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn send_json(&self, method: Method, path: &str, body: &Value) -> Response {
        self.req(method, path)
            .header("content-type", "application/scim+json")
            .body(body.to_string())
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send_json(Method::POST, path, body).await
    }

    /// Creates a user and returns its JSON.
    pub async fn create_user(&self, user_name: &str) -> Value {
        let r = self.post("/Users", &user(user_name)).await;
        assert_eq!(r.status(), 201, "creating {user_name}");
        r.json().await.expect("json")
    }
}

/// A minimal valid User body.
pub fn user(user_name: &str) -> Value {
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"value": user_name, "type": "work", "primary": true}],
        "password": "s3cret!",
        "active": true
    })
}

/// A minimal valid Group body.
pub fn group(name: &str, members: &[&str]) -> Value {
    let members: Vec<Value> = members
        .iter()
        .map(|m| serde_json::json!({"value": m}))
        .collect();
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        "displayName": name,
        "members": members
    })
}

pub async fn body(r: Response) -> Value {
    r.json().await.expect("a JSON body")
}
