//! Queries answered through indexes (the name index, the trigram index, the side table of
//! multi-valued and single-valued attributes, the members table, both sides of an `or`,
//! key-first pages) answer exactly what evaluating the filter on every
//! resource answers: each query is compared with the same filter wrapped in `not (not …)`,
//! which matches the same resources but which no index serves.

use crate::common;

use common::{Harness, body};
use reqwest::Method;
use scim_server::ServerConfig;
use serde_json::{Value, json};

/// A test user: (userName, displayName, emails as (value, type)).
type TestUser = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

/// Users chosen to trip an index that
/// folds case differently from the filter, mishandles GLOB's wildcard characters, or loses
/// resources without a displayName.
const USERS: &[TestUser] = &[
    (
        "alice@example.com",
        Some("Alice Smith"),
        &[("alice@example.com", "work")],
    ),
    (
        "ALICIA@Example.com",
        Some("Alicia SMITH"),
        &[("Alicia@Home.example", "Home")],
    ),
    (
        "bob*star@example.com",
        Some("Bob [Star]"),
        &[("BOB@example.com", "WORK")],
    ),
    (
        "bob?q@example.com",
        None,
        &[("bob@example.com", "work"), ("b2@example.com", "other")],
    ),
    (
        "émile@exemple.fr",
        Some("Émile Zola"),
        &[("ÉMILE@exemple.fr", "work")],
    ),
    ("ΑΣ σ@example.com", Some("ΟΔΥΣΣΕΥΣ"), &[]),
    (
        "straße@example.de",
        Some("STRAẞE Ost"),
        &[("strasse@example.de", "work")],
    ),
    (
        "İstanbul@example.tr",
        Some("İpek"),
        &[("ipek@example.tr", "Work")],
    ),
    (
        "zed@example.com",
        Some("zed"),
        &[("zed@example.com", "home")],
    ),
    ("Zed.2@example.com", Some("Zed Two"), &[]),
];

/// Filters on users that an index serves (exactly or as one side of an `and`).
const USER_FILTERS: &[&str] = &[
    r#"userName sw "ali""#,
    r#"userName sw "BOB*""#,
    r#"userName sw "ΑΣ""#,
    r#"userName sw "émi""#,
    r#"userName co "example.c""#,
    r#"userName co "*st""#,
    r#"userName co "b?q""#,
    r#"userName co "ΑΣ Σ""#,
    r#"userName co "STRASSE""#,
    r#"userName co "İst""#,
    r#"userName co "i̇st""#,
    r#"userName ew "EXAMPLE.COM""#,
    r#"userName ew ".de""#,
    r#"displayName co "smith""#,
    r#"displayName co "[star]""#,
    r#"displayName sw "ali""#,
    r#"displayName sw "ΟΔΥ""#,
    r#"displayName ew "σσευς""#,
    r#"displayName ew "ẞe ost""#,
    r#"displayName co "ße O""#,
    r#"emails[type eq "work"]"#,
    r#"emails[type eq "WORK"]"#,
    r#"emails[type eq "home"]"#,
    r#"emails.value eq "bob@example.com""#,
    r#"emails.value eq "émile@EXEMPLE.FR""#,
    r#"emails.type eq "Other""#,
    r#"emails[type eq "work" and value eq "BOB@example.com"]"#,
    r#"userName sw "a" and displayName co "smith""#,
    r#"emails[type eq "work"] and userName co "example""#,
    r#"userName eq "alice@example.com" or userName co "zed""#,
    r#"userName sw "bob" or emails[type eq "home"]"#,
    r#"userName sw "bob" or title eq "x""#,
    r#"id pr"#,
    r#"displayName eq "alice smith""#,
    r#"displayName eq "ΟΔΥΣΣΕΥΣ""#,
    r#"displayName eq "zed""#,
    r#"displayName eq "i̇pek""#,
    r#"displayName eq "Bob [Star]""#,
    r#"title eq "MAIN WORK""#,
    r#"title eq "Main Work""#,
    r#"title pr"#,
    r#"name.familyName eq "SMITH""#,
    r#"name.familyName eq "straẞe""#,
    r#"name.givenName eq "émile""#,
    r#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "smith""#,
    r#"name.familyName pr"#,
    r#"active eq true"#,
    r#"active eq false"#,
    r#"active pr"#,
    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "WORK""#,
    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr"#,
    r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1""#,
    r#"active eq true and name.familyName eq "smith""#,
    r#"title eq "main work" or active eq false"#,
    r#"nickName eq "x""#,
];

/// The sort and page parameters every filter is tried with.
const WINDOWS: &[&[(&str, &str)]] = &[
    &[],
    &[("count", "2")],
    &[("startIndex", "3"), ("count", "2")],
    &[("sortBy", "userName")],
    &[("sortBy", "userName"), ("startIndex", "2"), ("count", "3")],
    &[("sortBy", "userName"), ("sortOrder", "descending")],
    &[
        ("sortBy", "userName"),
        ("sortOrder", "descending"),
        ("startIndex", "4"),
        ("count", "2"),
    ],
    &[
        (
            "sortBy",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        ),
        ("count", "5"),
    ],
    &[("startIndex", "100")],
];

fn user(user_name: &str, display: Option<&str>, emails: &[(&str, &str)]) -> Value {
    let emails: Vec<Value> = emails
        .iter()
        .map(|(value, kind)| json!({ "value": value, "type": kind }))
        .collect();
    let mut user = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "emails": emails,
    });
    if let Some(display) = display {
        user["displayName"] = json!(display);
        // Single-valued attributes no column holds, derived from the names so that letter
        // case and Unicode folding vary as they do above.
        let mut words = display.split(' ');
        user["name"] = json!({ "givenName": words.next(), "familyName": words.next_back() });
        user["active"] = json!(user_name.len().is_multiple_of(2));
    }
    if let Some(kind) = emails.first().and_then(|e| e["type"].as_str()) {
        user["title"] = json!(format!("Main {kind}"));
        user["schemas"] = json!([
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        ]);
        user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = json!({
            "department": kind,
            "manager": { "value": format!("m-{}", user_name.len() % 3) },
        });
    }
    if display.is_none() {
        // Assigned but empty: `pr` must not find it.
        user["title"] = json!("");
    }
    user
}

/// (totalResults, the ids listed) of a query.
async fn listed(h: &Harness, endpoint: &str, query: &[(&str, &str)]) -> (Value, Vec<String>) {
    let response = h
        .req(Method::GET, endpoint)
        .query(query)
        .send()
        .await
        .expect("the list answers");
    assert_eq!(response.status(), 200, "{query:?}");
    let list = body(response).await;
    let ids = list["Resources"]
        .as_array()
        .expect("Resources")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_owned())
        .collect();
    (list["totalResults"].clone(), ids)
}

/// Every filter in every window answers as the same filter evaluated on every resource.
async fn agree_with_the_scan(h: &Harness, endpoint: &str, filters: &[&str], sort: &str) {
    for filter in filters {
        let scanned = format!("not (not ({filter}))");
        for window in WINDOWS {
            let window: Vec<(&str, &str)> = window
                .iter()
                .map(|&(k, v)| (k, if v == "userName" { sort } else { v }))
                .collect();
            let mut indexed_query = window.clone();
            indexed_query.push(("filter", filter));
            let mut scanned_query = window.clone();
            scanned_query.push(("filter", &scanned));
            let indexed = listed(h, endpoint, &indexed_query).await;
            let expected = listed(h, endpoint, &scanned_query).await;
            assert_eq!(indexed, expected, "{endpoint} {filter} {window:?}");
        }
    }
}

#[tokio::test]
async fn indexed_queries_answer_what_evaluating_every_resource_answers() {
    let h = Harness::start(ServerConfig::default().with_seed(0, 0)).await;
    for (name, display, emails) in USERS {
        let r = h.post("/Users", &user(name, *display, emails)).await;
        assert_eq!(r.status(), 201, "creating {name}");
    }
    // A rename and a deletion must leave the search tables in step.
    let renamed = listed(
        &h,
        "/Users",
        &[("filter", r#"userName eq "zed@example.com""#)],
    )
    .await;
    let zed = &renamed.1[0];
    let replaced = user(
        "zed.renamed@example.com",
        Some("Zed Renamed"),
        &[("z@x.io", "work")],
    );
    let r = h
        .send_json(Method::PUT, &format!("/Users/{zed}"), &replaced)
        .await;
    assert_eq!(r.status(), 200);
    let gone = h.create_user("gone@example.com").await;
    let r = h
        .req(
            Method::DELETE,
            &format!("/Users/{}", gone["id"].as_str().unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let mut filters = USER_FILTERS.to_vec();
    filters.extend([r#"userName co "zed.ren""#, r#"emails.value eq "z@x.io""#]);
    filters.extend([
        r#"userName co "gone""#,
        r#"emails.value eq "zed@example.com""#,
    ]);
    agree_with_the_scan(&h, "/Users", &filters, "userName").await;
    let (total, _) = listed(&h, "/Users", &[("filter", r#"userName co "zed.ren""#)]).await;
    assert_eq!(total, json!(1), "the renamed user is found by its new name");
    let (total, _) = listed(&h, "/Users", &[("filter", r#"userName co "gone""#)]).await;
    assert_eq!(
        total,
        json!(0),
        "the deleted user is gone from the trigram index"
    );

    for name in [
        "Sales Team",
        "sales EMEA",
        "Support",
        "Σales*",
        "Ops [night]",
    ] {
        let r = h.post("/Groups", &common::group(name, &[])).await;
        assert_eq!(r.status(), 201, "creating {name}");
    }
    let group_filters = [
        r#"displayName sw "sal""#,
        r#"displayName co "EAM""#,
        r#"displayName co "[night]""#,
        r#"displayName ew "*""#,
        r#"displayName sw "σal""#,
        r#"displayName co "ales""#,
        r#"id pr"#,
    ];
    agree_with_the_scan(&h, "/Groups", &group_filters, "displayName").await;
}
