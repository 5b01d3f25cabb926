//! PATCH (RFC 7644 §3.5.2) and Bulk (RFC 7644 §3.7) over HTTP.

use crate::common;

use common::{Harness, body, group, user};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::{Value, json};

fn patch_op(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

#[tokio::test]
async fn patch_replaces_with_entra_spelling_and_bumps_version() {
    let h = Harness::new().await;
    let u = h.create_user("patchy@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    let ops = patch_op(json!([
        {"op": "Replace", "path": "active", "value": "False"},
        {"op": "add", "path": "emails[type eq \"home\"].value", "value": "home@example.com"}
    ]));
    let r = h.send_json(Method::PATCH, &path, &ops).await;
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let v = body(r).await;
    assert_eq!(v["active"], false);
    assert!(
        v["emails"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["value"] == "home@example.com")
    );
    assert_eq!(v["meta"]["version"], etag);
    assert_ne!(etag, u["meta"]["version"]);
    // A stale If-Match is refused.
    let r = h
        .req(Method::PATCH, &path)
        .header("if-match", u["meta"]["version"].as_str().unwrap())
        .header("content-type", "application/scim+json")
        .body(ops.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 412);
}

#[tokio::test]
async fn patch_group_members_add_and_remove_by_filter() {
    let h = Harness::new().await;
    let a = h.create_user("ma@example.com").await;
    let b = h.create_user("mb@example.com").await;
    let (aid, bid) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let g = body(h.post("/Groups", &group("Patchers", &[aid])).await).await;
    let path = format!("/Groups/{}", g["id"].as_str().unwrap());
    let add = patch_op(json!([{"op": "add", "path": "members", "value": [{"value": bid}]}]));
    let v = body(h.send_json(Method::PATCH, &path, &add).await).await;
    assert_eq!(v["members"].as_array().unwrap().len(), 2, "{v}");
    let remove =
        patch_op(json!([{"op": "remove", "path": format!("members[value eq \"{aid}\"]")}]));
    let v = body(h.send_json(Method::PATCH, &path, &remove).await).await;
    let members = v["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["value"], bid);
    let ua = body(h.get(&format!("/Users/{aid}")).await).await;
    assert!(ua.get("groups").is_none(), "{ua}");
}

#[tokio::test]
async fn patch_errors_are_typed() {
    let h = Harness::new().await;
    let u = h.create_user("pe@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    let r = h
        .send_json(
            Method::PATCH,
            &path,
            &patch_op(json!([{"op": "replace", "path": "nosuch", "value": 1}])),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["scimType"], "invalidPath");
    let r = h
        .send_json(
            Method::PATCH,
            "/Users/missing",
            &patch_op(json!([{"op": "remove", "path": "title"}])),
        )
        .await;
    assert_eq!(r.status(), 404);
}

fn bulk(ops: Value, fail_on_errors: Option<u32>) -> Value {
    let mut b = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops});
    if let Some(n) = fail_on_errors {
        b["failOnErrors"] = json!(n);
    }
    b
}

#[tokio::test]
async fn bulk_resolves_bulk_ids_and_reports_each_operation() {
    let h = Harness::new().await;
    let ops = json!([
        {"method": "POST", "path": "/Users", "bulkId": "u1", "data": user("bulk1@example.com")},
        {"method": "POST", "path": "/Groups", "bulkId": "g1", "data": {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            "displayName": "Bulkers", "members": [{"value": "bulkId:u1"}]}},
        {"method": "POST", "path": "/Users", "bulkId": "dup", "data": user("bulk1@example.com")},
        {"method": "DELETE", "path": "/Users/bulkId:nope"}
    ]);
    let r = h.post("/Bulk", &bulk(ops, None)).await;
    assert_eq!(r.status(), 200);
    let v = body(r).await;
    assert_eq!(
        v["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
    );
    let results = v["Operations"].as_array().unwrap();
    let statuses: Vec<&str> = results
        .iter()
        .map(|o| o["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["201", "201", "409", "409"]);
    let gloc = results[1]["location"].as_str().unwrap();
    let g = body(
        h.client
            .get(gloc)
            .bearer_auth(scim_server::DEFAULT_TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let uid = results[0]["location"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap();
    assert_eq!(g["members"][0]["value"], uid);
}

fn statuses(response: &Value) -> Vec<&str> {
    response["Operations"]
        .as_array()
        .expect("Operations")
        .iter()
        .map(|o| o["status"].as_str().expect("status"))
        .collect()
}

fn group_body(name: &str, members: &[&str]) -> Value {
    let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
    json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
           "displayName": name, "members": members})
}

/// The id at the end of a bulk result's `location`.
fn created_id(result: &Value) -> &str {
    let location = result["location"].as_str().expect("location");
    location.rsplit('/').next().expect("an id")
}

#[tokio::test]
async fn bulk_resolves_a_reference_to_a_later_operation() {
    let h = Harness::new().await;
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "g", "data": group_body("Early", &["bulkId:u"])},
        {"method": "PATCH", "path": "/Users/bulkId:u", "data": {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "path": "title", "value": "Patched"}]}},
        {"method": "POST", "path": "/Users", "bulkId": "u", "data": user("later@example.com")}
    ]);
    let v = body(h.post("/Bulk", &bulk(ops, None)).await).await;
    assert_eq!(statuses(&v), ["201", "200", "201"], "{v}");
    let results = v["Operations"].as_array().unwrap();
    assert_eq!(results[0]["bulkId"], "g", "results keep request order");
    assert_eq!(results[2]["bulkId"], "u");
    let uid = created_id(&results[2]);
    let g = body(h.get(&format!("/Groups/{}", created_id(&results[0]))).await).await;
    assert_eq!(g["members"][0]["value"], uid, "{g}");
    let u = body(h.get(&format!("/Users/{uid}")).await).await;
    assert_eq!(u["title"], "Patched", "{u}");
}

#[tokio::test]
async fn bulk_resolves_a_chain_listed_backwards() {
    let h = Harness::new().await;
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "top", "data": group_body("Top", &["bulkId:mid"])},
        {"method": "POST", "path": "/Groups", "bulkId": "mid", "data": group_body("Mid", &["bulkId:leaf"])},
        {"method": "POST", "path": "/Users", "bulkId": "leaf", "data": user("leaf@example.com")}
    ]);
    let v = body(h.post("/Bulk", &bulk(ops, None)).await).await;
    assert_eq!(statuses(&v), ["201", "201", "201"], "{v}");
    let results = v["Operations"].as_array().unwrap();
    let top = body(h.get(&format!("/Groups/{}", created_id(&results[0]))).await).await;
    let mid = body(h.get(&format!("/Groups/{}", created_id(&results[1]))).await).await;
    assert_eq!(top["members"][0]["value"], created_id(&results[1]));
    assert_eq!(mid["members"][0]["value"], created_id(&results[2]));
}

#[tokio::test]
async fn bulk_answers_409_for_circular_references_and_runs_the_rest() {
    let h = Harness::new().await;
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "a", "data": group_body("A", &["bulkId:b"])},
        {"method": "POST", "path": "/Groups", "bulkId": "b", "data": group_body("B", &["bulkId:a"])},
        {"method": "POST", "path": "/Groups", "bulkId": "c", "data": group_body("C", &["bulkId:a"])},
        {"method": "POST", "path": "/Groups", "bulkId": "self", "data": group_body("Self", &["bulkId:self"])},
        {"method": "POST", "path": "/Users", "bulkId": "free", "data": user("free@example.com")}
    ]);
    let v = body(h.post("/Bulk", &bulk(ops, None)).await).await;
    assert_eq!(statuses(&v), ["409", "409", "409", "409", "201"], "{v}");
    let results = v["Operations"].as_array().unwrap();
    let detail = results[0]["response"]["detail"].as_str().unwrap();
    assert!(
        detail.contains("circular") && detail.contains("'b'"),
        "{detail}"
    );
    let detail = results[3]["response"]["detail"].as_str().unwrap();
    assert!(detail.contains("'self'"), "{detail}");
    let groups = body(h.get("/Groups").await).await;
    let names: Vec<&str> = groups["Resources"]
        .as_array()
        .expect("Resources")
        .iter()
        .filter_map(|g| g["displayName"].as_str())
        .collect();
    assert!(
        !names.iter().any(|n| ["A", "B", "C", "Self"].contains(n)),
        "nothing of the cycle was created: {names:?}"
    );

    // failOnErrors counts the refused operations like any other error.
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "a", "data": group_body("A", &["bulkId:b"])},
        {"method": "POST", "path": "/Groups", "bulkId": "b", "data": group_body("B", &["bulkId:a"])}
    ]);
    let v = body(h.post("/Bulk", &bulk(ops, Some(1))).await).await;
    assert_eq!(statuses(&v), ["409"], "{v}");
}

#[tokio::test]
async fn bulk_fail_on_errors_stops_and_max_operations_is_413() {
    let h = Harness::start(ServerConfig {
        bulk_max_operations: 3,
        ..ServerConfig::default()
    })
    .await;
    let bad = json!({"method": "POST", "path": "/Users", "bulkId": "x", "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]}});
    let good = json!({"method": "POST", "path": "/Users", "bulkId": "y", "data": user("after@example.com")});
    let v = body(
        h.post("/Bulk", &bulk(json!([bad, bad, good]), Some(1)))
            .await,
    )
    .await;
    assert_eq!(v["Operations"].as_array().unwrap().len(), 1, "{v}");
    let r = h
        .post("/Bulk", &bulk(json!([good, good, good, good]), None))
        .await;
    assert_eq!(r.status(), 413);
}

#[tokio::test]
async fn patch_paths_may_name_a_whole_extension() {
    let h = Harness::new().await;
    let u = h.create_user("ext@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap());
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let add = patch_op(json!([{"op": "add", "path": urn, "value": {"employeeNumber": "42"}}]));
    let v = body(h.send_json(Method::PATCH, &path, &add).await).await;
    assert_eq!(v[urn]["employeeNumber"], "42", "{v}");
    assert!(v["schemas"].as_array().unwrap().iter().any(|s| s == urn));
    let remove = patch_op(json!([{"op": "remove", "path": urn}]));
    let v = body(h.send_json(Method::PATCH, &path, &remove).await).await;
    assert!(v.get(urn).is_none(), "{v}");
    assert!(!v["schemas"].as_array().unwrap().iter().any(|s| s == urn));
}

/// A request as large as the server allows (1,000 operations, its `maxOperations`), shaped as
/// the worst case of scheduling: a chain of 499 groups listed backwards, each naming the next
/// group as its member and the last naming a user created later; 498 users; a circular pair;
/// one group after them all. Order and references hold at that size: every result in request
/// order, every group created after its member (a member must exist, so each 201 proves it) and
/// holding that member's id, the pair refused.
#[tokio::test]
async fn bulk_of_the_most_operations_allowed_keeps_order_and_references() {
    const CHAIN: usize = 499;
    const USERS: usize = 498;
    let h = Harness::start(ServerConfig::default().with_seed(0, 0)).await;
    let mut ops: Vec<Value> = (0..CHAIN)
        .map(|i| {
            let member = if i + 1 < CHAIN {
                format!("bulkId:c{}", i + 1)
            } else {
                "bulkId:u0".to_owned()
            };
            json!({"method": "POST", "path": "/Groups", "bulkId": format!("c{i}"),
                   "data": group_body(&format!("chain {i}"), &[&member])})
        })
        .collect();
    ops.extend((0..USERS).map(|k| {
        // Without a password: 498 Argon2 hashes would only make the test slow.
        let mut data = user(&format!("bulk-{k}@example.com"));
        data.as_object_mut().unwrap().remove("password");
        json!({"method": "POST", "path": "/Users", "bulkId": format!("u{k}"), "data": data})
    }));
    ops.push(json!({"method": "POST", "path": "/Groups", "bulkId": "x", "data": group_body("X", &["bulkId:y"])}));
    ops.push(json!({"method": "POST", "path": "/Groups", "bulkId": "y", "data": group_body("Y", &["bulkId:x"])}));
    ops.push(json!({"method": "POST", "path": "/Groups", "bulkId": "tail", "data": group_body("Tail", &["bulkId:c0"])}));
    let expected_ids: Vec<String> = ops
        .iter()
        .map(|op| op["bulkId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ops.len(), ServerConfig::default().bulk_max_operations);

    let r = h.post("/Bulk", &bulk(Value::Array(ops), None)).await;
    assert_eq!(r.status(), 200);
    let v = body(r).await;
    let results = v["Operations"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|o| o["bulkId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected_ids, "results in request order");
    let statuses = statuses(&v);
    let refused: Vec<usize> = (0..statuses.len())
        .filter(|&i| statuses[i] != "201")
        .collect();
    assert_eq!(refused, [CHAIN + USERS, CHAIN + USERS + 1], "{statuses:?}");
    let detail = results[CHAIN + USERS]["response"]["detail"]
        .as_str()
        .unwrap();
    assert!(
        detail.contains("circular") && detail.contains("'y'"),
        "{detail}"
    );

    // Each group holds the id created for the bulkId it named: the next group, or the first user.
    let members = results[1..CHAIN].iter().chain([&results[CHAIN]]);
    for (i, (group, member)) in results[..CHAIN].iter().zip(members).enumerate() {
        let g = body(h.get(&format!("/Groups/{}", created_id(group))).await).await;
        assert_eq!(
            g["members"][0]["value"],
            created_id(member),
            "chain {i}: {g}"
        );
    }
    let tail = body(
        h.get(&format!("/Groups/{}", created_id(&results[999])))
            .await,
    )
    .await;
    assert_eq!(tail["members"][0]["value"], created_id(&results[0]));
}
