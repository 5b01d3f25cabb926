//! Auth, content types, discovery and the error envelope.

use crate::common;

use common::{Harness, body};
use reqwest::Method;
use scim_server::ServerConfig;

#[tokio::test]
async fn missing_or_wrong_credentials_are_401_with_challenge_and_scim_body() {
    let h = Harness::new().await;
    for auth in [None, Some("Bearer wrong"), Some("non-token")] {
        let mut req = h.client.get(h.url("/Users"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth:?}");
        assert!(
            r.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .contains("Bearer")
        );
        let e = body(r).await;
        assert_eq!(e["status"], "401");
        assert!(e["detail"].is_string());
        assert_eq!(
            e["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:Error"
        );
    }
}

#[tokio::test]
async fn basic_credentials_and_me() {
    let config = ServerConfig {
        basic: vec![("frank@example.com".into(), "pw".into())],
        ..ServerConfig::default()
    };
    let h = Harness::start(config).await;
    h.create_user("frank@example.com").await;
    let r = h
        .client
        .get(h.url("/Me"))
        .basic_auth("frank@example.com", Some("pw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["userName"], "frank@example.com");
    let r = h
        .client
        .get(h.url("/Users"))
        .basic_auth("frank@example.com", Some("bad"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = h.get("/Me").await;
    assert_eq!(
        r.status(),
        200,
        "bearer tokens stand for the first seeded user"
    );
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let me = body(r).await;
    assert_eq!(
        me["userName"],
        ServerConfig::default().token_subject.unwrap()
    );
    assert_eq!(location, me["meta"]["location"], "the permanent location");
    let untied = Harness::start(ServerConfig {
        token_subject: None,
        ..ServerConfig::default()
    })
    .await;
    let r = untied.get("/Me").await;
    assert_eq!(r.status(), 501, "a bearer token tied to no user");
}

#[tokio::test]
async fn discovery_may_be_open() {
    let config = ServerConfig {
        discovery_requires_auth: false,
        ..ServerConfig::default()
    };
    let h = Harness::start(config).await;
    let r = h
        .client
        .get(h.url("/ServiceProviderConfig"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = h.client.get(h.url("/Users")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = h.client.get(h.url("/Users/Schemas")).send().await.unwrap();
    assert_eq!(r.status(), 401, "only the discovery endpoints are open");
    let closed = Harness::new().await;
    let r = closed
        .client
        .get(closed.url("/ResourceTypes"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // RFC 7643 §5: how to authenticate is readable before authenticating.
    let r = closed
        .client
        .get(closed.url("/ServiceProviderConfig"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn content_types() {
    let h = Harness::new().await;
    for ct in [
        "application/scim+json",
        "application/json",
        "application/scim+json; charset=utf-8",
        "application/json; charset=utf-8",
    ] {
        let r = h
            .req(Method::POST, "/Users")
            .header("content-type", ct)
            .body(common::user(&format!("{}@example.com", ct.len())).to_string())
            .send()
            .await
            .unwrap();
        assert!(
            r.status() == 201 || r.status() == 409,
            "{ct}: {}",
            r.status()
        );
    }
    let r = h
        .req(Method::POST, "/Users")
        .header("content-type", "text/plain")
        .body(common::user("plain@example.com").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    assert_eq!(r.headers()["content-type"], "application/scim+json");
    // No Content-Type at all is accepted (Okta's 2016 SPEC test sends none).
    let r = h
        .req(Method::POST, "/Users")
        .body(common::user("nobody-ct@example.com").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test]
async fn discovery_documents() {
    let h = Harness::new().await;
    let spc = body(h.get("/ServiceProviderConfig").await).await;
    assert_eq!(
        spc["schemas"][0],
        "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    );
    for key in ["patch", "bulk", "filter", "changePassword", "sort", "etag"] {
        assert!(spc[key]["supported"].is_boolean(), "{key}");
    }
    assert!(spc["filter"]["maxResults"].is_u64() && spc["bulk"]["maxOperations"].is_u64());
    assert_eq!(spc["authenticationSchemes"][0]["type"], "oauthbearertoken");
    let rts = body(h.get("/ResourceTypes").await).await;
    // User, Group and the two default entitlement catalogs (Role, Entitlement).
    assert_eq!(rts["totalResults"], 4);
    assert_eq!(rts["Resources"][0]["endpoint"], "/Users");
    let rt = body(h.get("/ResourceTypes/Group").await).await;
    assert_eq!(rt["schema"], "urn:ietf:params:scim:schemas:core:2.0:Group");
    let schemas = body(h.get("/Schemas").await).await;
    assert!(schemas["Resources"].as_array().unwrap().len() >= 3);
    let s = body(
        h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
            .await,
    )
    .await;
    assert!(
        s["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "userName")
    );
    assert_eq!(h.get("/Schemas/urn:nope").await.status(), 404);
    for path in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let r = h
                .req(method.clone(), path)
                .body("test")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 405, "{method} {path}");
            assert_eq!(r.headers()["allow"], "GET");
        }
    }
}

#[tokio::test]
async fn unknown_endpoints_and_ids_are_404_scim_errors() {
    let h = Harness::new().await;
    for path in [
        "/Users/does-not-exist",
        "/Groups/does-not-exist",
        "/Widgets",
        "/Widgets/1",
    ] {
        let r = h.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
        let e = body(r).await;
        assert_eq!(e["status"], "404");
        assert!(e["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let r = h
        .send_json(Method::PUT, "/Users/nope", &common::user("a@b.c"))
        .await;
    assert_eq!(r.status(), 404);
}
