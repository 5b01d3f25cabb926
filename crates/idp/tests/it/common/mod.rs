//! Helpers shared by the IdP crate's black-box tests: the reference server and Okta's fixtures.

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig};

/// Okta's published file `name`, read from beside the checkout (never copied into it); `None`
/// when it is absent there (see scimcheck-testkit).
pub fn okta_file(name: &str) -> Option<String> {
    scimcheck_testkit::okta_text(name)
}

/// The reference server with `config`.
pub async fn server(config: ServerConfig) -> RunningServer {
    scim_server::spawn(config)
        .await
        .expect("the reference server starts")
}

/// The `Authorization` value the reference server accepts.
pub fn bearer() -> String {
    format!("Bearer {DEFAULT_TOKEN}")
}
