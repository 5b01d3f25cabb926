//! Passwords never reach the disk: whatever way a client sets one (POST, PUT, PATCH, a bulk
//! POST), the SQLite file holds only its Argon2id hash, and no response carries either.

use crate::common;

use common::{Harness, body, user};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::json;

/// Every byte SQLite wrote for `db`: the main file and its write-ahead log.
fn raw_database(db: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).expect("the database file exists");
    let wal = db.with_extension("db-wal");
    if let Ok(more) = std::fs::read(&wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn the_database_file_never_holds_a_plaintext_password() {
    let dir = std::env::temp_dir().join(format!("scim-password-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("scim.db");
    let _ = std::fs::remove_file(&db);
    let h = Harness::start(ServerConfig::default().with_db(&db)).await;

    let mut created = user("pw@example.com");
    created["password"] = json!("Plain-Post-7f3a");
    let r = h.post("/Users", &created).await;
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    assert!(!text.contains("password"), "{text}");
    let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut replaced = user("pw@example.com");
    replaced["password"] = json!("Plain-Put-91c2");
    let r = h
        .send_json(Method::PUT, &format!("/Users/{id}"), &replaced)
        .await;
    assert_eq!(r.status(), 200);

    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "password", "value": "Plain-Patch-44d0"}]
    });
    let r = h
        .send_json(Method::PATCH, &format!("/Users/{id}"), &patch)
        .await;
    assert_eq!(r.status(), 200);
    assert!(body(r).await.get("password").is_none());

    // A PUT without a password keeps the stored hash (it is not hashed again as a new one).
    let mut without = user("pw@example.com");
    without.as_object_mut().unwrap().remove("password");
    let r = h
        .send_json(Method::PUT, &format!("/Users/{id}"), &without)
        .await;
    assert_eq!(r.status(), 200);

    let mut bulk_user = user("bulk-pw@example.com");
    bulk_user["password"] = json!("Plain-Bulk-0b6e");
    let bulk = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": [{"method": "POST", "path": "/Users", "bulkId": "u", "data": bulk_user}]
    });
    let r = h.post("/Bulk", &bulk).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("\"201\""), "{text}");
    assert!(!text.contains("Plain-Bulk"), "{text}");

    h.server.shutdown().await;
    let raw = raw_database(&db);
    assert!(
        contains(&raw, "pw@example.com"),
        "the test reads the file the server wrote"
    );
    for plain in [
        "Plain-Post-7f3a",
        "Plain-Put-91c2",
        "Plain-Patch-44d0",
        "Plain-Bulk-0b6e",
    ] {
        assert!(!contains(&raw, plain), "'{plain}' is stored in plaintext");
    }
    assert!(contains(&raw, "$argon2id$"), "the hashes are stored");
    let _ = std::fs::remove_dir_all(&dir);
}
