//! Create, read, replace, delete of users and groups, and the rules around them.

use crate::common;

use common::{Harness, body, group, user};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn create_returns_201_location_etag_and_meta() {
    let h = Harness::new().await;
    let r = h.post("/Users", &user("alice@example.com")).await;
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "application/scim+json"
    );
    let u = body(r).await;
    let id = u["id"].as_str().unwrap();
    assert_eq!(location, h.url(&format!("/Users/{id}")));
    assert_eq!(u["meta"]["location"], location);
    assert_eq!(u["meta"]["version"], etag);
    assert_eq!(u["meta"]["resourceType"], "User");
    assert!(u["meta"]["created"].is_string() && u["meta"]["lastModified"].is_string());
    assert_eq!(u["userName"], "alice@example.com");
    assert_eq!(u["active"], true);
    assert!(u.get("password").is_none(), "password is never returned");
    let got = body(h.get(&format!("/Users/{id}")).await).await;
    assert_eq!(got, u);
}

#[tokio::test]
async fn user_name_is_unique_case_insensitively() {
    let h = Harness::new().await;
    h.create_user("Bob@Example.com").await;
    let r = h.post("/Users", &user("bob@example.COM")).await;
    assert_eq!(r.status(), 409);
    let e = body(r).await;
    assert_eq!(e["scimType"], "uniqueness");
    assert_eq!(e["status"], "409");
    assert_eq!(
        e["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
}

#[tokio::test]
async fn read_only_input_is_ignored() {
    let h = Harness::new().await;
    let mut body_in = user("carol@example.com");
    body_in["id"] = json!("chosen-by-client");
    body_in["meta"] = json!({"created": "2000-01-01T00:00:00Z"});
    body_in["groups"] = json!([{"value": "nope"}]);
    let u = body(h.post("/Users", &body_in).await).await;
    assert_ne!(u["id"], "chosen-by-client");
    assert_ne!(u["meta"]["created"], "2000-01-01T00:00:00Z");
    assert!(u.get("groups").is_none());
}

#[tokio::test]
async fn put_replaces_and_clears_omitted_attributes() {
    let h = Harness::new().await;
    let mut start = user("dave@example.com");
    start["title"] = json!("Engineer");
    let u = body(h.post("/Users", &start).await).await;
    let id = u["id"].as_str().unwrap();
    let mut next = user("dave@example.com");
    next["displayName"] = json!("Dave");
    let r = h
        .send_json(Method::PUT, &format!("/Users/{id}"), &next)
        .await;
    assert_eq!(r.status(), 200);
    let v = body(r).await;
    assert!(v.get("title").is_none(), "omitted title is cleared: {v}");
    assert_eq!(v["displayName"], "Dave");
    assert_eq!(v["meta"]["created"], u["meta"]["created"]);
    assert_ne!(v["meta"]["version"], u["meta"]["version"]);
}

#[tokio::test]
async fn delete_answers_204_then_404() {
    let h = Harness::new().await;
    let u = h.create_user("erin@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    let r = h.req(Method::DELETE, &path).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let r = h.get(&path).await;
    assert_eq!(r.status(), 404);
    let e = body(r).await;
    assert!(e["detail"].as_str().is_some_and(|d| !d.is_empty()));
    let r = h.req(Method::DELETE, &path).send().await.unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn groups_members_and_computed_user_groups() {
    let h = Harness::new().await;
    let u = h.create_user("frank@example.com").await;
    let uid = u["id"].as_str().unwrap();
    let r = h.post("/Groups", &group("Admins", &[uid])).await;
    assert_eq!(r.status(), 201);
    let g = body(r).await;
    let gid = g["id"].as_str().unwrap();
    let m = &g["members"][0];
    assert_eq!(m["value"], uid);
    assert_eq!(m["type"], "User");
    assert_eq!(m["display"], "frank@example.com");
    assert_eq!(m["$ref"], h.url(&format!("/Users/{uid}")));
    let u = body(h.get(&format!("/Users/{uid}")).await).await;
    assert_eq!(u["groups"][0]["value"], gid);
    assert_eq!(u["groups"][0]["display"], "Admins");
    // Group displayName is unique too.
    let r = h.post("/Groups", &group("admins", &[])).await;
    assert_eq!(r.status(), 409);
    // Deleting the user removes its membership.
    let r = h
        .req(Method::DELETE, &format!("/Users/{uid}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let g2 = body(h.get(&format!("/Groups/{gid}")).await).await;
    assert!(
        g2["members"].as_array().is_none_or(|m| m.is_empty()),
        "{g2}"
    );
    assert_ne!(g2["meta"]["version"], g["meta"]["version"]);
}

#[tokio::test]
async fn unknown_member_is_invalid_value() {
    let h = Harness::new().await;
    let r = h.post("/Groups", &group("Ghosts", &["no-such-id"])).await;
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["scimType"], "invalidValue");
}

#[tokio::test]
async fn etag_preconditions() {
    let h = Harness::new().await;
    let u = h.create_user("gina@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    let etag = u["meta"]["version"].as_str().unwrap().to_owned();
    let r = h
        .req(Method::GET, &path)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    let r = h
        .req(Method::PUT, &path)
        .header("if-match", "W/\"999\"")
        .header("content-type", "application/scim+json")
        .body(user("gina@example.com").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412);
    let r = h
        .req(Method::PUT, &path)
        .header("if-match", &etag)
        .header("content-type", "application/scim+json")
        .body(user("gina@example.com").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = h
        .req(Method::DELETE, &path)
        .header("if-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412, "the old version no longer matches");
}

#[tokio::test]
async fn seeded_store_has_a_complete_user_and_a_group() {
    let h = Harness::new().await;
    let list = body(h.get("/Users?count=1&startIndex=1").await).await;
    let u = &list["Resources"][0];
    for field in ["id", "userName"] {
        assert!(u[field].is_string(), "{field} in {u}");
    }
    assert!(u["name"]["givenName"].is_string() && u["name"]["familyName"].is_string());
    assert!(u["emails"][0]["value"].is_string());
    assert_eq!(u["active"], true);
    let groups = body(h.get("/Groups").await).await;
    assert!(groups["totalResults"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn joining_or_leaving_a_group_moves_the_users_version() {
    let h = Harness::new().await;
    let u = h.create_user("versioned@example.com").await;
    let uid = u["id"].as_str().unwrap();
    let before = u["meta"]["version"].as_str().unwrap().to_owned();
    let g = body(h.post("/Groups", &group("Versioners", &[uid])).await).await;
    let path = format!("/Users/{uid}");
    let r = h
        .req(Method::GET, &path)
        .header("if-none-match", &before)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "the user's groups changed, so the old ETag is stale"
    );
    let joined = body(r).await;
    assert_ne!(joined["meta"]["version"], before.as_str());
    let gpath = format!("/Groups/{}", g["id"].as_str().unwrap());
    h.req(Method::DELETE, &gpath).send().await.unwrap();
    let left = body(h.get(&path).await).await;
    assert_ne!(left["meta"]["version"], joined["meta"]["version"]);
    assert!(left.get("groups").is_none());
}
