//! Reading a SCIM server's resources as a test checks them: what a run left behind, what a
//! report must not show. One GET with the bearer token, the answer's JSON; a test that cannot
//! list has nothing to check, so a failure panics naming what was asked.

use serde_json::Value;

/// The JSON `url` answers with `token` as its bearer token.
pub async fn get_json(client: &reqwest::Client, url: &str, token: &str) -> Value {
    client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url} answers: {e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("GET {url} answers JSON: {e}"))
}

/// Every user and group a SCIM 2.0 server at `base` lists (up to a thousand of each), in its
/// order: compare two of these to see what changed.
pub async fn users_and_groups(base: &str, token: &str) -> Vec<Value> {
    let client = reqwest::Client::new();
    let mut all = Vec::new();
    for endpoint in ["Users", "Groups"] {
        let list = get_json(&client, &format!("{base}/{endpoint}?count=1000"), token).await;
        all.extend(list["Resources"].as_array().cloned().unwrap_or_default());
    }
    all
}
