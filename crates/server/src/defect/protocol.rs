//! The protocol defects: status codes, error bodies, media types, authentication, ETags and
//! throttling, as `routes`, `request`, `respond`, `render`, `auth` and `pressure` commit them.

/// The protocol defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_protocol {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            ErrorStatusNumber {
                rfc: "RFC 7644 §3.12 (status is a string)",
                does: "Error bodies carry status as a JSON number",
                observe: "\"404\"", |h| {
                    body(h.get("/Users/nope").await).await["status"].to_string()
                },
            },
            ErrorWithoutStatus {
                rfc: "RFC 7644 §3.12 (status is REQUIRED)",
                does: "Error bodies have no status member",
                observe: "true", |h| {
                    body(h.get("/Users/nope").await)
                        .await
                        .get("status")
                        .is_some()
                        .to_string()
                },
            },
            SpcRequiresAuth {
                rfc: "RFC 7643 §5 (authenticationSchemes SHOULD be readable without prior authentication)",
                does: "GET /ServiceProviderConfig without credentials answers 401",
                observe: "200", |h| {
                    status(h.client.get(h.url("/ServiceProviderConfig")).send().await.unwrap()).await
                },
            },
            AnyVersionServed {
                rfc: "RFC 7644 §3.13 (a version given in the path: performed with that version or rejected)",
                does: "a path naming any version (/scim/v99/Users) is served as SCIM 2.0",
                observe: "404", |h| { status(h.get("/../v99/Users").await).await },
            },
            UnversionedServesOldest {
                rfc: "RFC 7644 §3.13 (a version omitted: SHOULD be performed with the most recent version)",
                does: "a path without a version segment (/scim/ServiceProviderConfig) is served as SCIM 1.1",
                observe: "\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"", |h| {
                    body(h.get("/../ServiceProviderConfig").await).await["schemas"][0].to_string()
                },
            },
            HtmlErrorPages {
                rfc: "RFC 7644 §3.12 (errors are SCIM Error JSON)",
                does: "errors are answered as text/html pages",
                observe: "application/scim+json", |h| { content_type(h, "/Users/nope").await },
            },
            Delete200 {
                rfc: "RFC 7644 §3.6 (a successful DELETE SHALL answer 204 No Content)",
                does: "a successful DELETE answers 200 with an empty body instead of 204",
                observe: "204", |h| {
                    let path = user_path(h, "gone@example.com").await;
                    status(h.req(Method::DELETE, &path).send().await.unwrap()).await
                },
            },
            NoEtagHeader {
                rfc: "RFC 7644 §3.14 (ETag header)",
                does: "single-resource responses carry no ETag header",
                observe: "true", |h| {
                    let id = first_user(h, "").await["id"].as_str().unwrap().to_owned();
                    h.get(&format!("/Users/{id}"))
                        .await
                        .headers()
                        .contains_key("etag")
                        .to_string()
                },
            },
            WrongContentType {
                rfc: "RFC 7644 §3.1, §8.1 (application/scim+json)",
                does: "responses are labelled text/plain",
                observe: "application/scim+json", |h| { content_type(h, "/Users").await },
            },
            AnyContentTypeAccepted {
                rfc: "RFC 7644 §3.1 (415 for unsupported media types)",
                does: "request bodies labelled text/plain (or anything) are accepted",
                observe: "415", |h| {
                    post_user_as(h, "text/plain", "ct@example.com").await
                },
            },
            NoLocationHeader {
                rfc: "RFC 7644 §3.3 (Location on 201)",
                does: "201 Created has no Location header",
                observe: "true", |h| {
                    h
                        .post("/Users", &user("loc@example.com"))
                        .await
                        .headers()
                        .contains_key("location")
                        .to_string()
                },
            },
            UnauthorizedWithoutScimBody {
                rfc: "RFC 7644 §3.12 (Error body); Okta SPEC test",
                does: "401 responses have an empty body",
                observe: "false", |h| {
                    h
                        .client
                        .get(h.url("/Users"))
                        .send()
                        .await
                        .unwrap()
                        .text()
                        .await
                        .unwrap()
                        .is_empty()
                        .to_string()
                },
            },
            UnauthorizedWithoutWwwAuthenticate {
                rfc: "RFC 7235 §3.1, RFC 6750 §3 (WWW-Authenticate on 401)",
                does: "401 responses have no WWW-Authenticate header",
                observe: "true", |h| {
                    h
                        .client
                        .get(h.url("/Users"))
                        .send()
                        .await
                        .unwrap()
                        .headers()
                        .contains_key("www-authenticate")
                        .to_string()
                },
            },
            NotFoundWithoutDetail {
                rfc: "RFC 7644 §3.12 (detail); Okta SPEC test",
                does: "404 Error bodies have no detail",
                observe: "true", |h| {
                    body(h.get("/Users/nope").await)
                        .await
                        .get("detail")
                        .is_some()
                        .to_string()
                },
            },
            GroupsNotComputed {
                rfc: "RFC 7643 §4.1.2 (groups)",
                does: "a user's groups attribute is never returned",
                observe: "true", |h| {
                    let (uid, _) = member_and_group(h).await;
                    body(h.get(&format!("/Users/{uid}")).await)
                        .await
                        .get("groups")
                        .is_some()
                        .to_string()
                },
            },
            MalformedJson500 {
                rfc: "RFC 7644 §3.12 (400 invalidSyntax)",
                does: "a malformed JSON body answers 500",
                observe: "400", |h| {
                    let r = h
                        .req(Method::POST, "/Users")
                        .header("content-type", "application/scim+json");
                    status(r.body("{").send().await.unwrap()).await
                },
            },
            AuthNotEnforced {
                rfc: "RFC 7644 §2 (authentication and authorization)",
                does: "requests without an Authorization header are served",
                observe: "401", |h| {
                    let url = format!("{}/Users", h.base);
                    status(h.client.get(url).send().await.unwrap()).await
                },
            },
            WrongTokenAccepted {
                rfc: "RFC 7644 §2; RFC 6750 §3.1 (invalid_token answers 401)",
                does: "any bearer token is accepted",
                observe: "401", |h| {
                    let url = format!("{}/Users", h.base);
                    let r = h.client
                        .get(url)
                        .bearer_auth("not-a-configured-token");
                    status(r.send().await.unwrap()).await
                },
            },
            SearchTakenForCreate {
                rfc: "RFC 7644 §3.4.3 (\"/.search\" SHALL indicate a query)",
                does: "POST /Users/.search and /Groups/.search are taken for creates: 400 invalidValue for the SearchRequest's missing userName or displayName (a server without POST search answering 404, 405 or 501 is legal)",
                observe: "200", |h| {
                    let search =
                        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]});
                    status(h.post("/Users/.search", &search).await).await
                },
            },
            MissingRequiredAccepted {
                rfc: "RFC 7643 §4.1.1, §4.2 (required attributes); RFC 7644 §3.12 (invalidValue)",
                does: "POST /Users without userName (or /Groups without displayName) is created",
                observe: "400", |h| {
                    let urn = "urn:ietf:params:scim:schemas:core:2.0:User";
                    let nameless = json!({"schemas": [urn], "name": {"givenName": "Ada"}});
                    status(h.post("/Users", &nameless).await).await
                },
            },
            DiscoveryWritesAllowed {
                rfc: "RFC 7644 §4 (discovery endpoints are read-only: 405)",
                does: "POST/PUT/PATCH/DELETE on discovery endpoints answer 200",
                observe: "405", |h| {
                    let r = h
                        .req(Method::POST, "/ServiceProviderConfig")
                        .header("content-type", "application/scim+json");
                    status(r.body("{}").send().await.unwrap()).await
                },
            },
            PlusInQueryNotDecoded {
                rfc: "RFC 7644 §3.4.2 with form-encoded queries (HTML 4.01 §17.13.4: + is a space)",
                does: "a + in a list query is read as a plus, so Entra's filter=userName+eq+\"x\" is invalid",
                observe: "200", |h| {
                    h.create_user("plus@example.com").await;
                    status(
                        h.get("/Users?filter=userName+eq+%22plus%40example.com%22")
                            .await,
                    )
                    .await
                },
            },
            RequiredExtensionDropped {
                rfc: "RFC 7643 §6 (a required extension: a resource of the type MUST include it)",
                does: "/ResourceTypes marks the enterprise extension required, and users are stored and returned without it",
                observe: "\"Research\"", |h| {
                    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    let mut u = user("required-ext@example.com");
                    u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", enterprise]);
                    u[enterprise] = json!({"department": "Research"});
                    let created = body(h.post("/Users", &u).await).await;
                    created[enterprise]["department"].to_string()
                },
            },
            EnterpriseExtensionDropped {
                rfc: "RFC 7643 §4.3 (enterprise User extension)",
                does: "attributes under the enterprise URN in POST/PUT are silently not stored",
                observe: "\"Research\"", |h| {
                    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    let mut u = user("ent@example.com");
                    u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", enterprise]);
                    u[enterprise] = json!({"department": "Research"});
                    let created = body(h.post("/Users", &u).await).await;
                    let id = created["id"].as_str().unwrap_or_default().to_owned();
                    body(h.get(&format!("/Users/{id}")).await).await[enterprise]["department"].to_string()
                },
            },
            JsonMediaTypeRefused {
                rfc: "RFC 7644 §3.1, §8.1 (application/json is accepted too)",
                does: "request bodies labelled application/json answer 415",
                observe: "201", |h| {
                    post_user_as(h, "application/json", "json@example.com").await
                },
            },
            MeUnsupported500 {
                rfc: "RFC 7644 §3.11 (an unsupported /Me answers 501)",
                does: "/Me is not supported and answers 500 instead of 501",
                observe: "200", |h| {
                    status(h.get("/Me").await).await
                },
            },
            MeLocationIsAlias {
                rfc: "RFC 7644 §3.11 (Location MUST be the permanent location of the aliased resource)",
                does: "/Me answers with Location naming /Me itself instead of the user's resource",
                observe: "true", |h| {
                    let r = h.get("/Me").await;
                    let location = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
                    let id = body(r).await["id"].as_str().unwrap_or("no id").to_owned();
                    location.ends_with(&format!("/Users/{id}")).to_string()
                },
            },
            ResourceTypesMissing {
                rfc: "RFC 7644 §4 (/ResourceTypes discovers the resource types)",
                does: "GET /ResourceTypes answers 404",
                observe: "200", |h| {
                    status(h.get("/ResourceTypes").await).await
                },
            },
            SchemasMissing {
                rfc: "RFC 7644 §4 (GET /Schemas SHALL return all supported schemas)",
                does: "GET /Schemas answers 404",
                observe: "200", |h| {
                    status(h.get("/Schemas").await).await
                },
            },
            DiscoveryHtml {
                rfc: "RFC 7644 §4 (ListResponse form SHALL be used); §8.1 (application/scim+json)",
                does: "GET /ResourceTypes and GET /Schemas answer 200 with an HTML page",
                observe: "application/scim+json", |h| {
                    h.get("/Schemas").await.headers()["content-type"]
                        .to_str()
                        .unwrap_or_default()
                        .to_owned()
                },
            },
            LocationHeaderRelative {
                rfc: "RFC 7644 §3.3 (Location is the created resource's URI, the same as meta.location)",
                does: "the Location header of a 201 is a relative path (/scim/v2/Users/<id>) while meta.location is absolute",
                observe: "true", |h| {
                    let r = h.post("/Users", &user("relloc@example.com")).await;
                    let location = r.headers().get("location").cloned();
                    location
                        .and_then(|l| l.to_str().ok().map(str::to_owned))
                        .is_some_and(|l| l.starts_with("http"))
                        .to_string()
                },
            },
            ThrottleWithoutRetryAfter {
                rfc: "RFC 6585 §4 (429 MAY say when to retry with Retry-After); IdPs back off by it",
                does: "past 20 requests in one second, answers 429 with no Retry-After header",
                observe: "false", |h| {
                    // 30 reads at once (in a row they may take over a second on a loaded machine): all
                    // 200 on a correct server; past 20 in a second, 429s without Retry-After.
                    let mut reads = JoinSet::new();
                    for _ in 0..30 {
                        reads.spawn(h.req(Method::GET, "/Users").send());
                    }
                    let mut throttled = 0;
                    while let Some(read) = reads.join_next().await {
                        let r = read.expect("the read ran").expect("request sent");
                        throttled += usize::from(r.status() == 429 && !r.headers().contains_key("retry-after"));
                    }
                    (throttled > 0).to_string()
                },
            },
            SlowUnderLoad {
                rfc: "IdP latency budgets (Okta times out a SCIM request after 60 s; a provisioning cycle has its own budget)",
                does: "above four requests arriving within a quarter second, answers one second late",
                observe: "all 200: true, late: false", |h| {
                    // Eight reads at once: prompt on a correct server, a second late when busy.
                    let started = std::time::Instant::now();
                    let (a, b, c, d, e, f, g, i) = tokio::join!(
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                        h.get("/Users"),
                    );
                    let all_ok = [a, b, c, d, e, f, g, i].iter().all(|r| r.status() == 200);
                    let late = started.elapsed() >= std::time::Duration::from_millis(1000);
                    format!("all 200: {all_ok}, late: {late}")
                },
            },
            PatchAttributesNoContent {
                rfc: "RFC 7644 §3.5.2 (200 OK when attributes is given)",
                does: "every successful PATCH answers 204 No Content, also one with attributes",
                observe: "200", |h| {
                    let path = user_path(h, "projected@example.com").await;
                    let op = patch(json!([{"op": "replace", "path": "displayName", "value": "X"}]));
                    let projected = format!("{path}?attributes=displayName");
                    status(h.send_json(Method::PATCH, &projected, &op).await).await
                },
            },
            NonAsciiMangled {
                rfc: "RFC 7644 §3.8 (UTF-8 JSON)",
                does: "every character outside ASCII in a returned attribute value reads as ?",
                observe: "\"Zoë\"", |h| {
                    let mut accented = user("accented@example.com");
                    accented["displayName"] = json!("Zoë");
                    body(h.post("/Users", &accented).await).await["displayName"].to_string()
                },
            },
            DiscoveryListsPaged {
                rfc: "RFC 7644 §4 (discovery endpoints ignore startIndex and count)",
                does: "startIndex and count page /ResourceTypes and /Schemas",
                observe: "4", |h| {
                    let list = body(h.get("/ResourceTypes?count=1").await).await;
                    list["Resources"].as_array().map_or(0, Vec::len).to_string()
                },
            },
            RootSearchUsersOnly {
                rfc: "RFC 7644 §3.4.2.1 (a query at the root covers every resource type)",
                does: "POST /.search at the root finds users only",
                observe: "1", |h| {
                    h.post("/Groups", &group("Rooted", &[])).await;
                    let search = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                        "filter": "displayName eq \"Rooted\"",
                    });
                    body(h.post("/.search", &search).await).await["totalResults"].to_string()
                },
            },
            DiscoveryFilterServed {
                rfc: "RFC 7644 §4 (a filter on discovery answers 403)",
                does: "a filter on /ResourceTypes or /Schemas is ignored: the whole list answers 200",
                observe: "403", |h| {
                    status(
                        h.get(&format!("/Schemas?filter={}", q("id eq \"x\"")))
                            .await,
                    )
                    .await
                },
            },
            DiscoveryServesGroups {
                rfc: "RFC 7644 §4 (/ServiceProviderConfig SHALL return a ServiceProviderConfig; /ResourceTypes and /Schemas list ResourceTypes and Schemas)",
                does: "GET /ServiceProviderConfig, /ResourceTypes and /Schemas answer the ListResponse of /Groups (seen on SAML Jackson with its documented routing)",
                observe: "[\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"]", |h| {
                    body(h.get("/ServiceProviderConfig").await).await["schemas"].to_string()
                },
            },
            ContentLocationIsRequestUrl {
                rfc: "RFC 7643 §3.1 (meta.location MUST equal the Content-Location header)",
                does: "the Content-Location of a 201 names the collection the POST went to, not the created resource (meta.location)",
                observe: "true", |h| {
                    let r = h.post("/Users", &user("cl@example.com")).await;
                    let header = r.headers().get("content-location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
                    (body(r).await["meta"]["location"] == header.as_str()).to_string()
                },
            },
            SchemasRequiredFirst {
                rfc: "RFC 7643 §2.3.8 (servers MUST NOT require attributes in any order)",
                does: "a body whose first member is not schemas answers 400 invalidSyntax, as an order-bound parser does",
                observe: "201", |h| {
                    let mut u = user("last@example.com");
                    let schemas = u.as_object_mut().and_then(|o| o.shift_remove("schemas")).unwrap_or_default();
                    u["schemas"] = schemas;
                    status(h.post("/Users", &u).await).await
                },
            },
        }
    };
}
