//! Lists and searches: filters, pagination, sorting, projection (RFC 7644 §3.4).

use crate::common;

use common::{Harness, body};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::{Value, json};

fn user_names(list: &Value) -> Vec<String> {
    list["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["userName"].as_str().unwrap().to_owned())
        .collect()
}

async fn harness_with(n: usize) -> Harness {
    let h = Harness::start(ServerConfig::default().with_seed(0, 0)).await;
    for i in 0..n {
        h.create_user(&format!("user{i:02}@example.com")).await;
    }
    h
}

#[tokio::test]
async fn username_eq_is_case_insensitive_and_counts_are_integers() {
    let h = harness_with(3).await;
    let list = body(
        h.get("/Users?filter=userName%20eq%20%22USER01@EXAMPLE.COM%22")
            .await,
    )
    .await;
    assert_eq!(
        list["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    );
    assert_eq!(list["totalResults"], json!(1));
    assert_eq!(list["itemsPerPage"], json!(1));
    assert_eq!(list["startIndex"], json!(1));
    assert_eq!(user_names(&list), ["user01@example.com"]);
    let none = body(
        h.get("/Users?filter=userName%20eq%20%22nobody@example.com%22")
            .await,
    )
    .await;
    assert_eq!(none["totalResults"], json!(0));
}

#[tokio::test]
async fn full_filters_are_evaluated_beyond_the_index() {
    let h = harness_with(4).await;
    let q = "/Users?filter=userName%20sw%20%22user0%22%20and%20not%20(userName%20eq%20%22user02@example.com%22)";
    let list = body(h.get(q).await).await;
    assert_eq!(list["totalResults"], 3);
    let q = "/Users?filter=userName%20eq%20%22user01@example.com%22%20and%20active%20eq%20false";
    assert_eq!(body(h.get(q).await).await["totalResults"], 0);
}

#[tokio::test]
async fn invalid_filter_is_400_invalid_filter() {
    let h = harness_with(1).await;
    let r = h.get("/Users?filter=SOMEONE@EXAMPLE.COM").await;
    assert_eq!(r.status(), 400);
    assert_eq!(body(r).await["scimType"], "invalidFilter");
}

/// An operator that does not fit the attribute's type is refused whatever the collection holds:
/// on an empty one too (nothing to evaluate it on), and through an index that could have
/// answered the other side of an `or`.
#[tokio::test]
async fn a_comparison_the_type_does_not_allow_is_400_before_any_resource_is_read() {
    let h = harness_with(0).await;
    for filter in [
        "active%20gt%20true",
        "userName%20eq%20%22user00@example.com%22%20or%20active%20lt%20false",
    ] {
        let r = h.get(&format!("/Users?filter={filter}")).await;
        assert_eq!(r.status(), 400, "{filter}");
        assert_eq!(body(r).await["scimType"], "invalidFilter", "{filter}");
    }
    let r = h.get("/Users?filter=active%20eq%20true").await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn pagination_is_one_based_stable_and_clamped() {
    let h = harness_with(5).await;
    let p1 = body(h.get("/Users?startIndex=1&count=2").await).await;
    let p2 = body(h.get("/Users?startIndex=3&count=2").await).await;
    let p3 = body(h.get("/Users?startIndex=5&count=2").await).await;
    assert_eq!(
        user_names(&p1),
        ["user00@example.com", "user01@example.com"]
    );
    assert_eq!(
        user_names(&p2),
        ["user02@example.com", "user03@example.com"]
    );
    assert_eq!(user_names(&p3), ["user04@example.com"]);
    assert_eq!(p3["itemsPerPage"], 1);
    assert_eq!(p3["totalResults"], 5);
    let p0 = body(h.get("/Users?startIndex=0&count=1").await).await;
    assert_eq!(p0["startIndex"], 1);
    assert_eq!(user_names(&p0), ["user00@example.com"]);
    let zero = body(h.get("/Users?count=0").await).await;
    assert_eq!(zero["totalResults"], 5);
    assert_eq!(zero["Resources"], json!([]));
    let r = h.get("/Users?count=abc").await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn count_is_capped_at_max_results() {
    let config = ServerConfig {
        max_results: 2,
        ..ServerConfig::default().with_seed(0, 0)
    };
    let h = Harness::start(config).await;
    for i in 0..3 {
        h.create_user(&format!("cap{i}@example.com")).await;
    }
    let list = body(h.get("/Users?count=100").await).await;
    assert_eq!(list["itemsPerPage"], 2);
    assert_eq!(list["totalResults"], 3);
}

#[tokio::test]
async fn sort_by_and_order() {
    let h = harness_with(3).await;
    let list = body(h.get("/Users?sortBy=userName&sortOrder=descending").await).await;
    assert_eq!(
        user_names(&list),
        [
            "user02@example.com",
            "user01@example.com",
            "user00@example.com"
        ]
    );
}

#[tokio::test]
async fn attributes_and_excluded_attributes() {
    let h = harness_with(1).await;
    let list = body(h.get("/Users?attributes=userName,name.givenName").await).await;
    let r = &list["Resources"][0];
    assert!(r["id"].is_string() && r["userName"].is_string());
    assert_eq!(r["name"], json!({"givenName": "Test"}));
    assert!(r.get("emails").is_none() && r.get("meta").is_none());
    let list = body(h.get("/Users?excludedAttributes=emails,meta").await).await;
    let r = &list["Resources"][0];
    assert!(r.get("emails").is_none() && r.get("meta").is_none());
    assert!(r["userName"].is_string() && r["id"].is_string());
}

#[tokio::test]
async fn search_endpoints_accept_search_requests() {
    let h = harness_with(3).await;
    h.post("/Groups", &common::group("G1", &[])).await;
    let req = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
        "filter": "userName eq \"user02@example.com\"",
        "attributes": ["userName"],
        "startIndex": 1,
        "count": 10
    });
    let r = h.post("/Users/.search", &req).await;
    assert_eq!(r.status(), 200);
    let list = body(r).await;
    assert_eq!(user_names(&list), ["user02@example.com"]);
    let all = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]});
    let root = body(h.post("/.search", &all).await).await;
    assert_eq!(root["totalResults"], 4, "users and groups: {root}");
    let r = h.req(Method::GET, "/.search").send().await.unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn filters_on_external_id_and_group_display_name_use_exact_semantics() {
    let h = harness_with(0).await;
    let mut u = common::user("x@example.com");
    u["externalId"] = json!("Ext-1");
    h.post("/Users", &u).await;
    h.post("/Groups", &common::group("Sales Team", &[])).await;
    let q = |f: &str| {
        format!(
            "/Users?filter={}",
            f.replace(' ', "%20").replace('"', "%22")
        )
    };
    assert_eq!(
        body(h.get(&q("externalId eq \"Ext-1\"")).await).await["totalResults"],
        1
    );
    assert_eq!(
        body(h.get(&q("externalId eq \"ext-1\"")).await).await["totalResults"],
        0,
        "externalId is caseExact"
    );
    let g = "/Groups?filter=displayName%20eq%20%22sales%20team%22";
    assert_eq!(body(h.get(g).await).await["totalResults"], 1);
}

#[tokio::test]
async fn filters_may_use_the_computed_groups() {
    let h = harness_with(2).await;
    let u = h.create_user("grouped@example.com").await;
    let g = body(
        h.post(
            "/Groups",
            &common::group("Filterers", &[u["id"].as_str().unwrap()]),
        )
        .await,
    )
    .await;
    let f = format!("groups.value eq \"{}\"", g["id"].as_str().unwrap());
    let path = format!(
        "/Users?filter={}",
        f.replace(' ', "%20").replace('"', "%22")
    );
    let list = body(h.get(&path).await).await;
    assert_eq!(user_names(&list), ["grouped@example.com"]);
}

#[tokio::test]
async fn sorting_honours_case_exact() {
    let h = harness_with(0).await;
    for (i, ext) in ["b", "a", "B"].iter().enumerate() {
        let mut u = common::user(&format!("sort{i}@example.com"));
        u["externalId"] = json!(ext);
        h.post("/Users", &u).await;
    }
    let list = body(h.get("/Users?sortBy=externalId").await).await;
    let order: Vec<&str> = list["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["externalId"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["B", "a", "b"], "externalId is caseExact");
    let list = body(h.get("/Users?sortBy=userName&sortOrder=descending").await).await;
    assert_eq!(
        user_names(&list),
        [
            "sort2@example.com",
            "sort1@example.com",
            "sort0@example.com"
        ]
    );
}

/// The sorted `attribute` values of the `endpoint` resources whose `attribute` starts with
/// `prefix`.
async fn starting_with(h: &Harness, endpoint: &str, attribute: &str, prefix: &str) -> Vec<String> {
    let filter = format!("{attribute} sw \"{prefix}\"");
    let response = h
        .req(Method::GET, endpoint)
        .query(&[("filter", filter)])
        .send()
        .await
        .expect("list answers");
    let list = body(response).await;
    let mut values: Vec<String> = list["Resources"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r[attribute].as_str().expect("a name").to_owned())
        .collect();
    values.sort();
    assert_eq!(list["totalResults"], json!(values.len()));
    values
}

/// `sw` on userName / displayName narrows through the name index; it must still find every
/// match whatever its case, including names whose next character sorts high, and only those.
#[tokio::test]
async fn starts_with_finds_every_match_through_the_name_index() {
    let h = harness_with(0).await;
    for name in [
        "ab@example.com",
        "AB.c@example.com",
        "aB~x@example.com",
        "ab\u{7f}@example.com",
        "ab\u{10ffff}@example.com",
        "ac@example.com",
        "aa@example.com",
        "a@example.com",
        "ΑΣ σ@example.com",
    ] {
        h.create_user(name).await;
    }
    for name in ["Sales Team", "sales", "Support"] {
        h.post("/Groups", &common::group(name, &[])).await;
    }
    assert_eq!(
        starting_with(&h, "/Users", "userName", "Ab").await,
        [
            "AB.c@example.com",
            "aB~x@example.com",
            "ab@example.com",
            "ab\u{7f}@example.com",
            "ab\u{10ffff}@example.com",
        ]
    );
    assert_eq!(
        starting_with(&h, "/Users", "userName", "AB~").await,
        ["aB~x@example.com"]
    );
    assert_eq!(
        starting_with(&h, "/Users", "userName", "ab\u{7f}").await,
        ["ab\u{7f}@example.com"]
    );
    assert_eq!(
        starting_with(&h, "/Users", "userName", "ΑΣ").await,
        ["ΑΣ σ@example.com"],
        "a non-ASCII prefix is matched by the filter's own folding"
    );
    assert_eq!(
        starting_with(&h, "/Groups", "displayName", "SAL").await,
        ["Sales Team", "sales"]
    );
}
