//! The entitlement catalogs Okta Identity Governance discovers: listed in /ResourceTypes and
//! /Schemas, served read-only with filter, paging and read by id on SCIM 2.0 only, and absent
//! when none is configured.

use crate::common;

use common::{Harness, body};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::Value;

const OKTA_ROLE: &str = "urn:okta:scim:schemas:core:1.0:Role";
const OKTA_ENTITLEMENT: &str = "urn:okta:scim:schemas:core:1.0:Entitlement";

/// The `(name, endpoint, schema)` of every ResourceType listed.
async fn resource_types(h: &Harness) -> Vec<(String, String, String)> {
    let list = body(h.get("/ResourceTypes").await).await;
    let field = |rt: &Value, name: &str| rt[name].as_str().unwrap_or_default().to_owned();
    list["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|rt| {
            (
                field(rt, "name"),
                field(rt, "endpoint"),
                field(rt, "schema"),
            )
        })
        .collect()
}

async fn schema_ids(h: &Harness) -> Vec<String> {
    let list = body(h.get("/Schemas").await).await;
    list["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn catalogs_are_discovered_with_their_schemas() {
    let h = Harness::new().await;
    let types = resource_types(&h).await;
    let catalog = |name: &str, endpoint: &str, schema: &str| {
        (name.to_owned(), endpoint.to_owned(), schema.to_owned())
    };
    assert!(
        types.contains(&catalog("Role", "/Roles", OKTA_ROLE)),
        "{types:?}"
    );
    assert!(
        types.contains(&catalog("Entitlement", "/Entitlements", OKTA_ENTITLEMENT)),
        "{types:?}"
    );
    let one = body(h.get("/ResourceTypes/Role").await).await;
    assert_eq!(one["schema"], OKTA_ROLE);
    let ids = schema_ids(&h).await;
    assert!(ids.iter().any(|id| id == OKTA_ROLE) && ids.iter().any(|id| id == OKTA_ENTITLEMENT));
    let role = body(h.get(&format!("/Schemas/{OKTA_ROLE}")).await).await;
    let names: Vec<&str> = role["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["displayName", "description"]);
}

#[tokio::test]
async fn catalogs_list_filter_page_and_read() {
    let h = Harness::new().await;
    let all = body(h.get("/Entitlements").await).await;
    assert_eq!(all["totalResults"], 3);
    let first = &all["Resources"][0];
    assert_eq!(first["schemas"][0], OKTA_ENTITLEMENT);
    assert_eq!(first["type"], "Entitlement");
    assert!(first["displayName"].is_string() && first["id"].is_string());

    let filtered = body(
        h.get("/Entitlements?filter=displayName%20sw%20%22Basic%22")
            .await,
    )
    .await;
    assert_eq!(filtered["totalResults"], 1);
    assert_eq!(filtered["Resources"][0]["id"], "lic-basic");

    let page = body(h.get("/Roles?count=1&startIndex=2").await).await;
    assert_eq!(
        (
            &page["totalResults"],
            &page["itemsPerPage"],
            &page["startIndex"]
        ),
        (&Value::from(3), &Value::from(1), &Value::from(2))
    );
    assert_eq!(page["Resources"][0]["id"], "role-editor");
    assert!(
        page["Resources"][0].get("type").is_none(),
        "roles have no type"
    );

    let read = body(h.get("/Roles/role-admin").await).await;
    assert_eq!(read["displayName"], "Administrator");
    assert_eq!(h.get("/Roles/nope").await.status(), 404);
    let bad = h.get("/Roles?filter=displayName%20zz%20%22x%22").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn catalogs_are_read_only_and_scim_2_only() {
    let h = Harness::new().await;
    let create = h.send_json(Method::POST, "/Roles", &Value::Null).await;
    assert_eq!(create.status(), 405);
    let delete = h.req(Method::DELETE, "/Roles/role-admin").send().await;
    assert_eq!(delete.expect("sent").status(), 405);
    let v1 = h
        .client
        .get(format!("{}/Roles", h.server.base_url_v1()))
        .bearer_auth(scim_server::DEFAULT_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(v1.status(), 404);
}

#[tokio::test]
async fn without_catalogs_the_server_hosts_users_and_groups_only() {
    let h = Harness::start(ServerConfig {
        entitlement_types: Vec::new(),
        ..ServerConfig::default()
    })
    .await;
    let names: Vec<String> = resource_types(&h).await.into_iter().map(|t| t.0).collect();
    assert_eq!(names, ["User", "Group"]);
    assert!(
        !schema_ids(&h)
            .await
            .iter()
            .any(|id| id.starts_with("urn:okta"))
    );
    assert_eq!(h.get("/Roles").await.status(), 404);
}

#[tokio::test]
async fn catalog_values_carry_what_attributes_and_excluded_attributes_ask_for() {
    let h = Harness::new().await;
    let names = |resource: &Value| {
        let mut keys: Vec<String> = resource
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect();
        keys.sort();
        keys
    };
    let listed = body(h.get("/Roles?attributes=displayName").await).await;
    let first = &listed["Resources"][0];
    assert_eq!(first["displayName"], "Viewer");
    assert!(
        first.get("description").is_none(),
        "attributes=displayName leaves description out: {first}"
    );
    assert!(first["id"].is_string(), "id is returned always: {first}");

    let read = body(
        h.get("/Entitlements/lic-pro?excludedAttributes=description")
            .await,
    )
    .await;
    assert!(read.get("description").is_none(), "{read}");
    assert_eq!(read["displayName"], "Professional licence");

    let full = body(h.get("/Entitlements/lic-pro").await).await;
    assert!(
        names(&full).contains(&"description".to_owned()),
        "without a projection every attribute is there: {full}"
    );
}
