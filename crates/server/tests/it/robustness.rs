//! Bad input never yields a 5xx, and uniqueness holds under concurrency.

use crate::common;

use common::{Harness, body, user};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::json;

#[tokio::test]
async fn malformed_requests_never_yield_5xx() {
    let h = Harness::new().await;
    let seeded = body(h.get("/Users?count=1").await).await;
    let uid = seeded["Resources"][0]["id"].as_str().unwrap().to_owned();
    let user_path = format!("/Users/{uid}");
    let bodies = [
        "",
        "{",
        "nul",
        "[]",
        "42",
        "\"text\"",
        "{\"schemas\": 5}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"]}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": 7}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"x\", \"active\": \"maybe\"}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"x\", \"emails\": {\"value\": 1}}",
        "{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"x\", \"name\": []}",
        "{\"schemas\": [\"urn:nope\"], \"userName\": \"x\"}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": 3}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"explode\"}]}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"add\", \"path\": \"emails[type eq\", \"value\": 1}]}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"replace\", \"path\": \"groups\", \"value\": []}]}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], \"Operations\": [{\"method\": \"POST\", \"path\": \"/Nope\", \"bulkId\": \"a\", \"data\": {}}]}",
        "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"count\": \"ten\"}",
        "\u{0}\u{1}\u{2}",
    ];
    let targets = [
        (Method::POST, "/Users".to_owned()),
        (Method::POST, "/Groups".to_owned()),
        (Method::PUT, user_path.clone()),
        (Method::PATCH, user_path.clone()),
        (Method::POST, "/Bulk".to_owned()),
        (Method::POST, "/Users/.search".to_owned()),
        (Method::POST, "/.search".to_owned()),
    ];
    for (method, path) in &targets {
        for b in bodies {
            let r = h
                .req(method.clone(), path)
                .header("content-type", "application/scim+json")
                .body(b)
                .send()
                .await
                .unwrap();
            assert!(
                r.status().as_u16() < 500,
                "{method} {path} {b:?} → {}",
                r.status()
            );
        }
    }
    let queries = [
        "/Users?filter=",
        "/Users?filter=userName%20eq",
        "/Users?filter=((((((((",
        "/Users?filter=userName%20gt%20true",
        "/Users?filter=emails%5Bvalue%20eq%20%22x%22",
        "/Users?startIndex=-5&count=-3",
        "/Users?startIndex=99999999999999999999",
        "/Users?count=1e9",
        "/Users?sortBy=%5B%5D",
        "/Users?attributes=%5B",
        "/Users?excludedAttributes=,,,",
        "/Users/%00",
        "/Users/..%2F..%2Fetc",
        "/Groups?filter=members%5Bvalue%20eq%20%22x%22%5D",
    ];
    for q in queries {
        let r = h.get(q).await;
        assert!(r.status().as_u16() < 500, "{q} → {}", r.status());
    }
    let deep = format!("/Users?filter={}", "(".repeat(5000));
    assert!(h.get(&deep).await.status().as_u16() < 500);
}

#[tokio::test]
async fn malformed_json_is_invalid_syntax_and_wrong_types_invalid_value() {
    let h = Harness::new().await;
    let r = h
        .req(Method::POST, "/Users")
        .header("content-type", "application/scim+json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["scimType"], "invalidSyntax");
    let mut u = user("types@example.com");
    u["active"] = json!("maybe");
    let r = h.post("/Users", &u).await;
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["scimType"], "invalidValue");
}

#[tokio::test]
async fn unknown_attributes_are_dropped() {
    let h = Harness::new().await;
    let mut u = user("extra@example.com");
    u["favouriteColour"] = json!("teal");
    let r = h.post("/Users", &u).await;
    assert_eq!(r.status(), 201);
    assert!(body(r).await.get("favouriteColour").is_none());
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let config = ServerConfig {
        max_payload_size: 4096,
        ..ServerConfig::default()
    };
    let h = Harness::start(config).await;
    let mut u = user("big@example.com");
    u["title"] = json!("x".repeat(10_000));
    let r = h.post("/Users", &u).await;
    assert_eq!(r.status(), 413);
    assert_eq!(body(r).await["status"], "413");
}

#[tokio::test]
async fn hundred_concurrent_posts_of_one_user_name_create_exactly_one() {
    let h = Harness::new().await;
    let mut tasks = Vec::new();
    for i in 0..100 {
        let req = h
            .req(Method::POST, "/Users")
            .header("content-type", "application/scim+json")
            // Same userName in varying case: uniqueness is case-insensitive.
            .body(
                user(if i % 2 == 0 {
                    "race@example.com"
                } else {
                    "RACE@example.com"
                })
                .to_string(),
            );
        tasks.push(tokio::spawn(async move {
            req.send().await.map(|r| r.status().as_u16())
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap().unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        99,
        "{statuses:?}"
    );
}
