//! Helpers shared by the IdP crate's black-box tests: the reference server and Okta's fixtures.

#![allow(dead_code)] // each test binary uses a different subset

use scim_server::{DEFAULT_TOKEN, RunningServer, ServerConfig};
use std::path::PathBuf;

/// Okta's published test files live outside the repository (see common.md): read, never copy.
pub fn okta_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/okta")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read Okta's fixture {} ({e}). Get Okta's SCIM test files from \
             https://developer.okta.com/standards/SCIM/SCIMFiles/ (repository okta/okta-developer-docs, \
             packages/@okta/vuepress-site/.vuepress/public/standards/SCIM/SCIMFiles/) and put them in \
             ../shared/okta next to the checkout",
            path.display()
        )
    })
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
