//! The resource defects: creating, reading, replacing and deleting users and groups, bulk,
//! projection and entitlements (RFC 7644 §3.3–3.7, RFC 7643 §4), as `operations`, `bulk`,
//! `projection` and `entitlement` commit them; the rule code tests most of them inline, the
//! longer distortions are here.

use super::Defect;
use crate::api::Api;
use crate::error::ApiError;
use crate::resource_type::Kind;
use scim::error::ScimType;
use scim::schema::ResourceSchema;
use serde_json::Value;
use std::borrow::Cow;

/// The resources defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_resources {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            DuplicateUsernamesAllowed {
                rfc: "RFC 7644 §3.3 (409 uniqueness)",
                does: "creating a user whose userName exists (in any case) succeeds instead of 409",
                observe: "409", |h| { second_user_status(h).await },
            },
            IdsContainBulkId {
                rfc: "RFC 7643 §3.1 (an id MUST NOT contain the string bulkId)",
                does: "every id the server assigns starts with `bulkId-`",
                observe: "false", |h| {
                    let created = h.create_user("reserved@example.com").await;
                    created["id"].as_str().unwrap_or_default().contains("bulkId").to_string()
                },
            },
            BinaryAsUrlSafe {
                rfc: "RFC 7643 §2.3.6 (a binary value MUST be base64 as RFC 4648 §4 has it)",
                does: "a created user's x509Certificates values are kept in base64url without padding (RFC 4648 §5)",
                observe: "TUlJ+/+/", |h| {
                    let mut u = user("certificate@example.com");
                    u["x509Certificates"] = json!([{ "value": "TUlJ+/+/" }]);
                    let created = body(h.post("/Users", &u).await).await;
                    created["x509Certificates"][0]["value"].as_str().unwrap_or_default().to_owned()
                },
            },
            RepeatedValuesKept {
                rfc: "RFC 7643 §2.4 (the same type and value SHOULD NOT be returned twice in one attribute)",
                does: "a user created with the same email and type twice keeps and returns both",
                observe: "1", |h| {
                    let mut u = user("twice@example.com");
                    u["emails"] = json!([
                        { "value": "twice@example.com", "type": "work" },
                        { "value": "twice@example.com", "type": "work" }
                    ]);
                    let created = body(h.post("/Users", &u).await).await;
                    created["emails"].as_array().map_or(0, Vec::len).to_string()
                },
            },
            FormattedFromDisplayName {
                rfc: "RFC 7643 §4.1.1 (formatted and the name components SHOULD describe the same name)",
                does: "a user's name.formatted is overwritten with its displayName",
                observe: "Ada Lovelace", |h| {
                    let mut u = user("formatted@example.com");
                    u["name"] = json!({ "formatted": "Ada Lovelace", "givenName": "Ada", "familyName": "Lovelace" });
                    u["displayName"] = json!("The Countess");
                    let created = body(h.post("/Users", &u).await).await;
                    created["name"]["formatted"].as_str().unwrap_or_default().to_owned()
                },
            },
            ValuesStoredAsSent {
                rfc: "RFC 7643 §2.4, §4.1.2 (returned values SHOULD be canonicalised: email domains, RFC 3966 phone numbers, IM addresses, type values)",
                does: "emails, phone numbers, IM addresses and type values are stored and returned exactly as sent",
                observe: "[{\"value\":\"Ada@example.com\",\"type\":\"work\"}]", |h| {
                    let mut u = user("canonical@example.com");
                    u["emails"] = json!([{"value": "Ada@EXAMPLE.com", "type": "Work"}]);
                    body(h.post("/Users", &u).await).await["emails"].to_string()
                },
            },
            PutImmutableChanged {
                rfc: "RFC 7644 §3.5.1 (a set immutable attribute: the PUT value MUST match, or 400 mutability)",
                does: "a PUT changes a set immutable attribute (the reference extension's tenant) and answers 200",
                observe: "400 \"acme\"", |h| {
                    let ext = "urn:scimcheck:schemas:extension:reference:2.0:User";
                    let mut u = user("tenant-kept@example.com");
                    u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", ext]);
                    u[ext] = json!({"tenant": "acme"});
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    u[ext] = json!({"tenant": "globex"});
                    let answered = status(h.send_json(Method::PUT, &path, &u).await).await;
                    format!("{answered} {}", body(h.get(&path).await).await[ext]["tenant"])
                },
            },
            ImmutableUnsetRefused {
                rfc: "RFC 7644 §3.5.1 (an immutable attribute without a value SHALL take the PUT's), §3.5.2 (add MAY set it)",
                does: "a PUT or PATCH giving a value to an immutable attribute that has none answers 400 mutability",
                observe: "200", |h| {
                    let ext = "urn:scimcheck:schemas:extension:reference:2.0:User";
                    let path = user_path(h, "tenant-late@example.com").await;
                    let op = patch(json!([{"op": "add", "path": format!("{ext}:tenant"), "value": "acme"}]));
                    status(h.send_json(Method::PATCH, &path, &op).await).await
                },
            },
            MemberRefVersionStrict {
                rfc: "RFC 7643 §2.4 ($ref URIs with and without an API version SHALL be considered comparable)",
                does: "a group member whose $ref is not this server's versioned URL of the member (…/scim/v2/Users/<id>) is refused with 400",
                observe: "201", |h| {
                    let uid = h.create_user("unversioned@example.com").await["id"].clone();
                    let uid = uid.as_str().unwrap_or_default().to_owned();
                    let mut g = group("Unversioned", &[]);
                    let root = h.url("").trim_end_matches('/').trim_end_matches("/v2").to_owned();
                    g["members"] = json!([{"value": uid, "$ref": format!("{root}/Users/{uid}")}]);
                    status(h.post("/Groups", &g).await).await
                },
            },
            IdsSharedAcrossTypes {
                rfc: "RFC 7643 §3.1 (an id is unique across all of the service provider's resources)",
                does: "every resource type's endpoint finds a resource of any type by its id: /Users/<a group's id> answers too, as if a user had that id",
                observe: "404", |h| {
                    let (_, gid) = member_and_group(h).await;
                    status(h.get(&format!("/Users/{gid}")).await).await
                },
            },
            DuplicateGroupNamesAllowed {
                rfc: "RFC 7644 §3.3 (409 uniqueness)",
                does: "creating a group whose displayName exists succeeds instead of 409",
                observe: "409", |h| {
                    h.post("/Groups", &group("Twice", &[])).await;
                    status(h.post("/Groups", &group("twice", &[])).await).await
                },
            },
            UnknownId400 {
                rfc: "RFC 7644 §3.12 (404 for unknown resources)",
                does: "GET/PUT/PATCH/DELETE of an unknown id answers 400 instead of 404",
                observe: "404", |h| {
                    status(h.get("/Users/nope").await).await
                },
            },
            AttributesParamIgnored {
                rfc: "RFC 7644 §3.4.2.5 (attributes)",
                does: "the attributes parameter is ignored; full resources are returned",
                observe: "false", |h| {
                    first_user(h, "?attributes=userName")
                        .await
                        .get("emails")
                        .is_some()
                        .to_string()
                },
            },
            ExcludedAttributesParamIgnored {
                rfc: "RFC 7644 §3.4.2.5 (excludedAttributes)",
                does: "the excludedAttributes parameter is ignored",
                observe: "false", |h| {
                    first_user(h, "?excludedAttributes=emails")
                        .await
                        .get("emails")
                        .is_some()
                        .to_string()
                },
            },
            PasswordReturned {
                rfc: "RFC 7643 §4.1.1 (password returned=never)",
                does: "the password is returned in responses",
                observe: "false", |h| {
                    h
                        .create_user("pw@example.com")
                        .await
                        .get("password")
                        .is_some()
                        .to_string()
                },
            },
            PatchRejectsStringBooleans {
                rfc: "Entra interop (sends \"True\"/\"False\" for booleans)",
                does: "PATCH value \"False\" for active answers 400",
                observe: "200", |h| {
                    let op = json!({"op": "replace", "path": "active", "value": "False"});
                    patch_status(h, op).await
                },
            },
            PutKeepsOmittedAttributes {
                rfc: "RFC 7644 §3.5.1 (PUT replaces; omitted attributes are cleared)",
                does: "PUT keeps attributes the body omits",
                observe: "false", |h| {
                    let mut u = user("put@example.com");
                    u["title"] = json!("Boss");
                    let id = body(h.post("/Users", &u).await).await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    let v = body(
                        h.send_json(
                            Method::PUT,
                            &format!("/Users/{id}"),
                            &user("put@example.com"),
                        )
                        .await,
                    )
                    .await;
                    v.get("title").is_some().to_string()
                },
            },
            SoftDelete {
                rfc: "RFC 7644 §3.6 (deleted resources answer 404)",
                does: "DELETE only sets active=false; the resource is still returned",
                observe: "404", |h| {
                    let id = h.create_user("soft@example.com").await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    h.req(Method::DELETE, &format!("/Users/{id}"))
                        .send()
                        .await
                        .unwrap();
                    status(h.get(&format!("/Users/{id}")).await).await
                },
            },
            DeactivatedUser404 {
                rfc: "Okta interop (deactivated users stay readable)",
                does: "users with active=false answer 404",
                observe: "200", |h| {
                    let mut u = user("inactive@example.com");
                    u["active"] = json!(false);
                    let id = body(h.post("/Users", &u).await).await["id"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    status(h.get(&format!("/Users/{id}")).await).await
                },
            },
            EtagIgnored {
                rfc: "RFC 7644 §3.14 (If-Match 412, If-None-Match 304)",
                does: "If-Match and If-None-Match are ignored",
                observe: "304", |h| {
                    let u = h.create_user("etag@example.com").await;
                    let path = format!("/Users/{}", u["id"].as_str().unwrap());
                    let r = h
                        .req(Method::GET, &path)
                        .header("if-none-match", u["meta"]["version"].as_str().unwrap());
                    status(r.send().await.unwrap()).await
                },
            },
            MetaLocationRelative {
                rfc: "RFC 7643 §3.1 (meta.location is the resource's URI)",
                does: "meta.location is a relative path",
                observe: "true", |h| {
                    h.create_user("rel@example.com").await["meta"]["location"]
                        .as_str()
                        .unwrap()
                        .starts_with("http")
                        .to_string()
                },
            },
            SpcAdvertisesUnsupported {
                rfc: "RFC 7643 §5 (ServiceProviderConfig tells the truth)",
                does: "ServiceProviderConfig says bulk is supported but /Bulk answers 501",
                observe: "200", |h| {
                    let urn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
                    let b = json!({"schemas": [urn], "Operations": []});
                    status(h.post("/Bulk", &b).await).await
                },
            },
            ClientIdAccepted {
                rfc: "RFC 7643 §3.1 (id is assigned by the service provider)",
                does: "an id in the POST body becomes the resource's id",
                observe: "false", |h| {
                    let mut u = user("mine@example.com");
                    u["id"] = json!("my-own-id");
                    (body(h.post("/Users", &u).await).await["id"] == "my-own-id").to_string()
                },
            },
            DeleteKeepsMemberships {
                rfc: "RFC 7644 §3.6 (a deleted resource is gone everywhere)",
                does: "a deleted user stays in its groups' members",
                observe: "null", |h| {
                    let (uid, gid) = member_and_group(h).await;
                    h.req(Method::DELETE, &format!("/Users/{uid}"))
                        .send()
                        .await
                        .unwrap();
                    body(h.get(&format!("/Groups/{gid}")).await).await["members"].to_string()
                },
            },
            Conflict400 {
                rfc: "RFC 7644 §3.12 (409 uniqueness)",
                does: "uniqueness conflicts answer 400 instead of 409",
                observe: "409", |h| { second_user_status(h).await },
            },
            NullValuesRejected {
                rfc: "RFC 7643 §2.5 (null is equivalent to unassigned)",
                does: "POST/PUT bodies with an explicit null value answer 400 (Entra sends unmapped attributes as null)",
                observe: "201", |h| {
                    let mut u = user("nulls@example.com");
                    u["title"] = Value::Null;
                    status(h.post("/Users", &u).await).await
                },
            },
            ReadonlyAttributesStored {
                rfc: "RFC 7643 §2.2, RFC 7644 §3.3 (readOnly values a client sends are ignored)",
                does: "a meta.created sent in POST becomes the resource's creation time",
                observe: "false", |h| {
                    let mut u = user("readonly@example.com");
                    u["meta"] = json!({"created": "2001-01-01T00:00:00Z"});
                    let created = body(h.post("/Users", &u).await).await;
                    let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
                    let read = body(h.get(&path).await).await;
                    (read["meta"]["created"] == "2001-01-01T00:00:00Z").to_string()
                },
            },
            BulkLimitsIgnored {
                rfc: "RFC 7644 §3.7.4 (more operations than maxOperations answer 413)",
                does: "a BulkRequest with more operations than ServiceProviderConfig bulk.maxOperations is run",
                observe: "413", |h| {
                    let spc = body(h.get("/ServiceProviderConfig").await).await;
                    let max = spc["bulk"]["maxOperations"].as_u64().unwrap_or_default();
                    let op = json!({"method": "DELETE", "path": "/Users/no-such-user"});
                    let ops: Vec<Value> = (0..=max).map(|_| op.clone()).collect();
                    let request = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "failOnErrors": 1,
                        "Operations": ops,
                    });
                    status(h.send_json(Method::POST, "/Bulk", &request).await).await
                },
            },
            UserCreationFails {
                rfc: "RFC 7644 §3.3 (a created resource answers 201 Created)",
                does: "POST /Users answers 500 for every body, so no user can be created",
                observe: "201", |h| {
                    status(h.post("/Users", &user("made@example.com")).await).await
                },
            },
            GroupCreationFails {
                rfc: "RFC 7644 §3.3 (a created resource answers 201 Created)",
                does: "POST /Groups answers 500 for every body, so no group can be created",
                observe: "201", |h| {
                    status(h.post("/Groups", &group("Made", &[])).await).await
                },
            },
            EmptyMembersRefused {
                rfc: "RFC 7643 §4.2 (members is optional; Entra creates groups with members: [])",
                does: "POST /Groups with an empty members array answers 400 instead of creating an empty group",
                observe: "201", |h| {
                    status(h.post("/Groups", &group("Empty", &[])).await).await
                },
            },
            SchemasFirstIsCore {
                rfc: "RFC 7643 §3 (the order of schemas values MUST NOT impact behaviour)",
                does: "the first schemas value is taken as the resource's schema, so a user whose schemas lists the enterprise extension first answers 400",
                observe: "201", |h| {
                    let mut u = user("order@example.com");
                    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    u["schemas"] = json!([enterprise, "urn:ietf:params:scim:schemas:core:2.0:User"]);
                    u[enterprise] = json!({"department": "Research"});
                    status(h.post("/Users", &u).await).await
                },
            },
            MemberRefIsId {
                rfc: "RFC 7643 §2.3.7 (a reference is the URI of its target)",
                does: "a group member's $ref holds the member's id, not its URI (resolved against the base URL it names nothing)",
                observe: "true", |h| {
                    let (uid, gid) = member_and_group(h).await;
                    let read = body(h.get(&format!("/Groups/{gid}")).await).await;
                    let reference = read["members"][0]["$ref"].as_str().unwrap_or_default().to_owned();
                    reference.ends_with(&format!("/Users/{uid}")).to_string()
                },
            },
            MemberRefRequired {
                rfc: "RFC 7643 §4.2, §8.7.1 (members.$ref is optional; IdPs send only value)",
                does: "POST /Groups with members that carry only value answers 400 ($ref required, seen on Canaille)",
                observe: "201", |h| {
                    let created = h.create_user("member@example.com").await;
                    let id = created["id"].as_str().unwrap_or_default();
                    status(h.post("/Groups", &group("With member", &[id])).await).await
                },
            },
            UniquenessCheckRacy {
                rfc: "RFC 7644 §3.3 (409 uniqueness), under concurrent creates",
                does: "POST checks the name is free, waits, then inserts without checking again: simultaneous creates of one userName all answer 201",
                observe: "201 409 409", |h| {
                    // Three creates of one userName at once: one 201, two 409 on a correct server.
                    let body = user("racer@example.com");
                    let (a, b, c) = tokio::join!(
                        h.post("/Users", &body),
                        h.post("/Users", &body),
                        h.post("/Users", &body),
                    );
                    let mut statuses = [status(a).await, status(b).await, status(c).await];
                    statuses.sort();
                    statuses.join(" ")
                },
            },
            IfMatchCheckRacy {
                rfc: "RFC 7644 §3.14 (If-Match: 412 when the resource's version has changed), under concurrent updates",
                does: "PUT and PATCH compare If-Match with the stored version, wait, then write without comparing again: simultaneous updates guarded by one ETag all succeed, each silently overwriting the last",
                observe: "200 412 412", |h| {
                    // Three PATCHes at once, each guarded by the version all three read: one 200, two 412
                    // on a correct server.
                    let created = h.create_user("guarded@example.com").await;
                    let path = format!("/Users/{}", created["id"].as_str().expect("an id"));
                    let etag = h.get(&path).await.headers()["etag"].to_str().expect("ASCII").to_owned();
                    let rename = |name: &str| {
                        h.req(Method::PATCH, &path)
                            .header("If-Match", &etag)
                            .json(&json!({
                                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                                "Operations": [{"op": "replace", "path": "displayName", "value": name}],
                            }))
                            .send()
                    };
                    let (a, b, c) = tokio::join!(rename("a"), rename("b"), rename("c"));
                    let mut statuses = [a, b, c].map(|r| r.expect("sent").status().as_u16().to_string());
                    statuses.sort();
                    statuses.join(" ")
                },
            },
            EntitlementValuesWithoutDisplayName {
                rfc: "Okta's Role and Entitlement schemas (displayName required), Build a SCIM 2.0 server with entitlements",
                does: "serves the values of its role and entitlement catalogs with `name` instead of `displayName`",
                observe: "\"Viewer\"", |h| {
                    body(h.get("/Roles/role-viewer").await).await["displayName"].to_string()
                },
            },
            EntitlementCatalogUnpaged {
                rfc: "RFC 7644 §3.4.2.4 (startIndex and count), on the entitlement catalogs Okta pages through",
                does: "answers every value of a role or entitlement catalog on one page, whatever startIndex and count ask",
                observe: "1 of 3", |h| {
                    let page = body(h.get("/Roles?startIndex=1&count=1").await).await;
                    format!("{} of {}", page["itemsPerPage"], page["totalResults"])
                },
            },
            UserGrantsDropped {
                rfc: "RFC 7643 §4.1.2 (roles, entitlements); Okta grants through them",
                does: "silently drops `roles` and `entitlements` from a user's POST and PUT",
                observe: "\"role-editor\"", |h| {
                    let mut u = user("granted@example.com");
                    u["roles"] = json!([{"value": "role-editor", "display": "Editor"}]);
                    let id = body(h.post("/Users", &u).await).await["id"].clone();
                    let id = id.as_str().unwrap_or_default();
                    body(h.get(&format!("/Users/{id}")).await).await["roles"][0]["value"].to_string()
                },
            },
            PutMergesGrants {
                rfc: "RFC 7644 §3.5.1 (PUT replaces), for the roles and entitlements Okta revokes by PUT",
                does: "adds the roles and entitlements a PUT sends to those the user had instead of replacing them, so a revoked grant stays",
                observe: "null", |h| {
                    let mut u = user("revoked@example.com");
                    u["roles"] = json!([{"value": "role-editor", "display": "Editor"}]);
                    let id = body(h.post("/Users", &u).await).await["id"].clone();
                    let path = format!("/Users/{}", id.as_str().unwrap_or_default());
                    h.send_json(Method::PUT, &path, &user("revoked@example.com")).await;
                    body(h.get(&path).await).await["roles"].to_string()
                },
            },
            ExcludedAttributesRemovesAlways {
                rfc: "RFC 7644 §3.4.2.5 (excludedAttributes has no effect on returned always)",
                does: "excludedAttributes=id removes id (returned always) too",
                observe: "true", |h| {
                    let path = user_path(h, "excluded@example.com").await;
                    let read = body(h.get(&format!("{path}?excludedAttributes=id")).await).await;
                    read.get("id").is_some().to_string()
                },
            },
            BulkStopsAtFirstError {
                rfc: "RFC 7644 §3.7 (without failOnErrors, as many operations as possible)",
                does: "a bulk job without failOnErrors stops at its first failed operation",
                observe: "2", |h| {
                    let invalid = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]});
                    let bulk = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "Operations": [
                            {"method": "POST", "path": "/Users", "bulkId": "bad", "data": invalid},
                            {"method": "POST", "path": "/Users", "bulkId": "good", "data": user("good@example.com")},
                        ],
                    });
                    let answered = body(h.post("/Bulk", &bulk).await).await;
                    answered["Operations"]
                        .as_array()
                        .map_or(0, Vec::len)
                        .to_string()
                },
            },
            BulkCircular500 {
                rfc: "RFC 7644 §3.7.1 (circular bulkId references: resolved, or 409)",
                does: "bulk operations that reference each other in a circle answer 500",
                observe: "\"409\"", |h| {
                    let circle = |own: &str, other: &str| json!({
                        "method": "POST", "path": "/Groups", "bulkId": own,
                        "data": group(own, &[&format!("bulkId:{other}")]),
                    });
                    let bulk = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "Operations": [circle("ring-a", "ring-b"), circle("ring-b", "ring-a")],
                    });
                    body(h.post("/Bulk", &bulk).await).await["Operations"][0]["status"].to_string()
                },
            },
            BulkResponseWithoutBulkId {
                rfc: "RFC 7644 §3.7 (the bulkId is returned with the created resource)",
                does: "the BulkResponse operations carry no bulkId",
                observe: "\"one\"", |h| {
                    let bulk = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "Operations": [
                            {"method": "POST", "path": "/Users", "bulkId": "one", "data": user("one@example.com")},
                        ],
                    });
                    body(h.post("/Bulk", &bulk).await).await["Operations"][0]["bulkId"].to_string()
                },
            },
            SchemasDroppedUnderAttributes {
                rfc: "RFC 7643 §3 (schemas is REQUIRED in every representation)",
                does: "a resource returned under attributes= has no schemas",
                observe: "true", |h| {
                    let path = user_path(h, "projected-schemas@example.com").await;
                    let read = body(h.get(&format!("{path}?attributes=userName")).await).await;
                    read.get("schemas").is_some().to_string()
                },
            },
            ExternalIdInvented {
                rfc: "RFC 7643 §3.1 (externalId is set by the provisioning client only)",
                does: "a resource created without externalId gets its userName (or displayName) as externalId",
                observe: "false", |h| {
                    let mut plain = user("no-external-id@example.com");
                    plain.as_object_mut().map(|o| o.remove("externalId"));
                    body(h.post("/Users", &plain).await)
                        .await
                        .get("externalId")
                        .is_some()
                        .to_string()
                },
            },
            LastModifiedAfterCreated {
                rfc: "RFC 7643 §3.1 (lastModified of a never-modified resource equals created)",
                does: "a new resource's meta.lastModified is a millisecond after its meta.created",
                observe: "true", |h| {
                    let meta = h.create_user("stamped@example.com").await["meta"].clone();
                    (meta["created"] == meta["lastModified"]).to_string()
                },
            },
            CaseExactLowercased {
                rfc: "RFC 7643 §7 (caseExact values keep their case)",
                does: "a new user's externalId (caseExact) is stored lower-cased",
                observe: "\"MiXeD\"", |h| {
                    let mut mixed = user("mixed@example.com");
                    mixed["externalId"] = json!("MiXeD");
                    body(h.post("/Users", &mixed).await).await["externalId"].to_string()
                },
            },
            BulkLimitErrorVague {
                rfc: "RFC 7644 §3.7.4 (the 413 names the limit exceeded)",
                does: "the 413 for too many bulk operations says only that the request is too large",
                observe: "true", |h| {
                    let operation = json!({"method": "DELETE", "path": "/Users/nope"});
                    let bulk = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "Operations": vec![operation; 1001],
                    });
                    let refused = body(h.post("/Bulk", &bulk).await).await;
                    let detail = refused["detail"].as_str().unwrap_or_default().to_owned();
                    detail.contains("maxOperations").to_string()
                },
            },
            PutStoresReadOnly {
                rfc: "RFC 7644 §3.5.1 (readOnly values in a PUT are ignored)",
                does: "the answer to a PUT shows the meta.created its body sent, not the stored one",
                observe: "false", |h| {
                    let path = user_path(h, "put-meta@example.com").await;
                    let mut replaced = user("put-meta@example.com");
                    replaced["meta"] = json!({"created": "2001-02-03T04:05:06Z"});
                    let answered = body(h.send_json(Method::PUT, &path, &replaced).await).await;
                    (answered["meta"]["created"] == "2001-02-03T04:05:06Z").to_string()
                },
            },
            UserGroupsWritable {
                rfc: "RFC 7643 §4.1.2 (groups is readOnly; memberships change through the Group)",
                does: "the groups named in a POST /Users body take the new user as a member",
                observe: "[]", |h| {
                    let created = body(h.post("/Groups", &group("Joined", &[])).await).await;
                    let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
                    let mut member = user("joiner@example.com");
                    member["groups"] = json!([{"value": created["id"]}]);
                    h.post("/Users", &member).await;
                    let read = body(h.get(&path).await).await;
                    read.get("members")
                        .cloned()
                        .unwrap_or(json!([]))
                        .to_string()
                },
            },
            GroupMembersIgnoredOnCreate {
                rfc: "RFC 7643 §4.2 (members); Okta and Entra create groups with their members",
                does: "POST /Groups answers 201 with members: [] and stores none of the members it was sent (seen on Jackson)",
                observe: "1", |h| {
                    let (_, gid) = member_and_group(h).await;
                    let read = body(h.get(&format!("/Groups/{gid}")).await).await;
                    read["members"].as_array().map_or(0, Vec::len).to_string()
                },
            },
            ManagerWithoutRef {
                rfc: "RFC 7643 §4.3 (manager.$ref: RECOMMENDED)",
                does: "an enterprise manager is returned with its value only, no $ref",
                observe: "true", |h| {
                    let boss = h.create_user("boss@example.com").await;
                    let mut sent = user("report@example.com");
                    sent["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
                        json!({"manager": {"value": boss["id"]}});
                    let created = body(h.post("/Users", &sent).await).await;
                    created["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]
                        .get("$ref")
                        .is_some()
                        .to_string()
                },
            },
            ManagerDisplayNameStored {
                rfc: "RFC 7643 §4.3 (manager.displayName is readOnly), §7",
                does: "a manager.displayName sent by the client is stored and returned",
                observe: "true", |h| {
                    let boss = h.create_user("boss@example.com").await;
                    let mut sent = user("report@example.com");
                    sent["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
                        json!({"manager": {"value": boss["id"], "displayName": "Sent"}});
                    let created = body(h.post("/Users", &sent).await).await;
                    created["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]
                        .get("displayName")
                        .is_none()
                        .to_string()
                },
            },
            AddressNewlinesStripped {
                rfc: "RFC 7643 §4.1.2 (addresses.formatted and streetAddress MAY contain newlines)",
                does: "the newlines of a user's address lines are stored as spaces",
                observe: "\"a\\nb\"", |h| {
                    let mut sent = user("lines@example.com");
                    sent["addresses"] = json!([{"type": "work", "formatted": "a\nb"}]);
                    let created = body(h.post("/Users", &sent).await).await;
                    created["addresses"][0]["formatted"].to_string()
                },
            },
            UserGroupsTypeIndirect {
                rfc: "RFC 7643 §4.1.2 (groups.type: a membership held by the Group is direct)",
                does: "a user's groups entries say type indirect for memberships the Group holds",
                observe: "\"direct\"", |h| {
                    let (uid, _) = member_and_group(h).await;
                    let read = body(h.get(&format!("/Users/{uid}")).await).await;
                    read["groups"][0]["type"].to_string()
                },
            },
            MetaMissing {
                rfc: "RFC 7643 §3.1 (meta: resourceType, created, lastModified, location)",
                does: "users and groups are returned without meta (seen on SAML Jackson)",
                observe: "true", |h| {
                    h.create_user("meta@example.com").await.get("meta").is_some().to_string()
                },
            },
            MetaLocationByName {
                rfc: "RFC 7643 §3.1 (meta.location is the resource's URI)",
                does: "meta.location ends with the userName or displayName instead of the id (seen on Canaille)",
                observe: "true", |h| {
                    let created = h.create_user("named@example.com").await;
                    let id = created["id"].as_str().unwrap_or_default();
                    created["meta"]["location"]
                        .as_str()
                        .unwrap_or_default()
                        .ends_with(&format!("/Users/{id}"))
                        .to_string()
                },
            },
            NameFormattedRequired {
                rfc: "RFC 7643 §4.1.1, §8.7.1 (name.formatted is optional); Okta posts a name without it",
                does: "/Schemas declares name.formatted required and a user whose name lacks it answers 400 (seen on Canaille)",
                observe: "201", |h| {
                    let mut body = user("unformatted@example.com");
                    body["name"] = json!({"givenName": "Ada", "familyName": "Lovelace"});
                    status(h.post("/Users", &body).await).await
                },
            },
        }
    };
}

/// `meta-missing` and `meta-location-by-name`: the `meta` of a rendered resource dropped, or
/// its location ending with the resource's name (`userName`, a group's `displayName`) as a
/// server keyed by name builds it.
pub fn distort_meta(api: &Api, attrs: &mut serde_json::Map<String, Value>) {
    if api.has(Defect::MetaMissing) {
        attrs.remove("meta");
    }
    if !api.has(Defect::MetaLocationByName) {
        return;
    }
    let name = ["userName", "displayName"]
        .iter()
        .find_map(|key| attrs.get(*key).and_then(Value::as_str))
        .map(str::to_owned);
    let location = attrs
        .get_mut("meta")
        .and_then(|meta| meta.get_mut("location"));
    if let (Some(name), Some(Value::String(location))) = (name, location)
        && let Some((collection, _id)) = location.rsplit_once('/')
    {
        *location = format!("{collection}/{name}");
    }
}

/// The schema a PUT of a `kind` is checked against: without immutability with
/// `put-immutable-changed`, so a set immutable attribute takes the new value.
pub fn put_schema(api: &Api, kind: Kind) -> Cow<'static, ResourceSchema> {
    if api.has(Defect::PutImmutableChanged) {
        Cow::Owned(super::patch::without_immutability(kind.schema()))
    } else {
        Cow::Borrowed(kind.schema())
    }
}

/// `immutable-unset-refused`: refuses a PUT or PATCH whose result `new` gives a value to an
/// immutable top-level attribute (of the core schema or an extension) that `old` has none of,
/// as a server that treats immutable as "never written after creation" does.
pub fn refuse_setting_unset_immutable(
    api: &Api,
    kind: Kind,
    old: &Value,
    new: &Value,
) -> Result<(), ApiError> {
    if !api.has(Defect::ImmutableUnsetRefused) {
        return Ok(());
    }
    match scim::validate::newly_set_immutable(old, new, kind.schema()) {
        Some(name) => Err(ApiError::scim(
            ScimType::Mutability,
            format!("attribute '{name}' is immutable"),
        )),
        None => Ok(()),
    }
}

/// `member-ref-version-strict`: refuses a member whose `$ref` is not, character for
/// character, this server's (versioned) URL of the user or group its `value` names.
pub fn refuse_member_ref_not_ours(api: &Api, members: Option<&Vec<Value>>) -> Result<(), ApiError> {
    if !api.has(Defect::MemberRefVersionStrict) {
        return Ok(());
    }
    for member in members.into_iter().flatten() {
        let (Some(value), Some(reference)) = (
            member.get("value").and_then(Value::as_str),
            member.get("$ref").and_then(Value::as_str),
        ) else {
            continue;
        };
        let ours = Kind::ALL
            .iter()
            .any(|kind| reference == api.location(kind.endpoint(), value));
        if !ours {
            return Err(ApiError::scim(
                ScimType::InvalidValue,
                format!("members.$ref '{reference}' does not name a resource of this server"),
            ));
        }
    }
    Ok(())
}

/// `name-formatted-required`: a user whose `name` lacks `formatted` refused, as a server
/// whose schema makes it required does (its /Schemas says so: [`require_name_formatted`]).
pub fn refuse_name_without_formatted(api: &Api, kind: Kind, body: &Value) -> Result<(), ApiError> {
    let name = body.get("name");
    if api.has(Defect::NameFormattedRequired)
        && kind == Kind::User
        && name.is_some_and(|n| n.get("formatted").is_none_or(Value::is_null))
    {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            "Field 'formatted' is required but value is missing or null",
        ));
    }
    Ok(())
}

/// `name-formatted-required`: the User schema's `name.formatted` declared required in the
/// /Schemas rendering `attributes`.
pub fn require_name_formatted(api: &Api, attributes: &mut [Value]) {
    if !api.has(Defect::NameFormattedRequired) {
        return;
    }
    let formatted = attributes
        .iter_mut()
        .filter(|a| a.get("name").and_then(Value::as_str) == Some("name"))
        .filter_map(|a| a.get_mut("subAttributes").and_then(Value::as_array_mut))
        .flatten()
        .find(|s| s.get("name").and_then(Value::as_str) == Some("formatted"));
    if let Some(formatted) = formatted {
        formatted["required"] = Value::Bool(true);
    }
}

/// `manager-display-name-stored`: the readOnly `manager.displayName` of the request `body`
/// kept in the validated `attrs`, which dropped it.
pub fn keep_manager_display_name(
    api: &Api,
    body: &Value,
    attrs: &mut serde_json::Map<String, Value>,
) {
    let sent = &body[scim::schema::urn::ENTERPRISE_USER]["manager"]["displayName"];
    let manager = attrs
        .get_mut(scim::schema::urn::ENTERPRISE_USER)
        .and_then(|extension| extension.get_mut("manager"))
        .and_then(Value::as_object_mut);
    if api.has(Defect::ManagerDisplayNameStored)
        && !sent.is_null()
        && let Some(manager) = manager
    {
        manager.insert("displayName".into(), sent.clone());
    }
}

/// `address-newlines-stripped`: each line break in a user's address lines (`formatted`,
/// `streetAddress`) stored as a space, as a single-line column keeps them.
pub fn strip_address_newlines(attrs: &mut serde_json::Map<String, Value>) {
    let addresses = attrs.get_mut("addresses").and_then(Value::as_array_mut);
    for address in addresses.into_iter().flatten() {
        for line in ["formatted", "streetAddress"] {
            if let Some(Value::String(text)) = address.get_mut(line) {
                *text = text.replace(['\r', '\n'], " ");
            }
        }
    }
}

/// `formatted-from-display-name`: a user's `name.formatted` overwritten with its
/// `displayName`, as a server that keeps one "full name" column answers both from it.
pub fn formatted_from_display_name(attrs: &mut serde_json::Map<String, Value>) {
    let Some(display) = attrs.get("displayName").cloned() else {
        return;
    };
    if let Some(name) = attrs.get_mut("name").and_then(Value::as_object_mut) {
        name.insert("formatted".into(), display);
    }
}

/// `binary-as-url-safe`: the values of a user's `x509Certificates` (Binary, RFC 7643 §4.1.2)
/// re-encoded in RFC 4648 §5's URL-safe alphabet without padding, as a store that encodes
/// bytes for URLs keeps them.
pub fn binary_as_url_safe(attrs: &mut serde_json::Map<String, Value>) {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    let values = attrs
        .get_mut("x509Certificates")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get_mut("value"));
    for value in values {
        if let Some(bytes) = value.as_str().and_then(|v| STANDARD.decode(v).ok()) {
            *value = Value::String(URL_SAFE_NO_PAD.encode(bytes));
        }
    }
}
