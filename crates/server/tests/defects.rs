//! Each defect changes what a client observes: the same probe gives a different answer with the
//! defect on than against the correct server (and the correct answer is checked too).

mod common;

use common::{Harness, body, group, user};
use reqwest::Method;
use scim_server::{Defect, ServerConfig, all_defects};
use serde_json::{Value, json};

fn q(filter: &str) -> String {
    filter.replace(' ', "%20").replace('"', "%22")
}

async fn status(r: reqwest::Response) -> String {
    r.status().as_u16().to_string()
}

/// The `totalResults` of `/Users` filtered by `filter`.
async fn count_matching(h: &Harness, filter: &str) -> String {
    let path = format!("/Users?filter={}", q(filter));
    body(h.get(&path).await).await["totalResults"].to_string()
}

/// Creates a user and returns its path (`/Users/<id>`).
async fn user_path(h: &Harness, user_name: &str) -> String {
    let created = h.create_user(user_name).await;
    format!("/Users/{}", created["id"].as_str().unwrap_or_default())
}

/// The instant an hour before `instant` (RFC 3339), written at UTC+05:00: later than
/// `instant` as text, earlier as a time.
fn hour_earlier_at_plus_five(instant: &str) -> String {
    let plus_five = chrono::FixedOffset::east_opt(5 * 3600).expect("a valid offset");
    chrono::DateTime::parse_from_rfc3339(instant)
        .map(|t| {
            (t - chrono::Duration::hours(1))
                .with_timezone(&plus_five)
                .to_rfc3339()
        })
        .unwrap_or_default()
}

async fn first_user(h: &Harness, query: &str) -> Value {
    body(h.get(&format!("/Users{query}")).await).await["Resources"][0].clone()
}

fn patch(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

/// What the probe for `defect` observes against `h`.
async fn observe(defect: Defect, h: &Harness) -> String {
    use Defect::*;
    match defect {
        FilterUsernameCaseSensitive => {
            h.create_user("Case@Example.com").await;
            count_matching(h, "userName eq \"case@example.com\"").await
        }
        DuplicateUsernamesAllowed | Conflict400 => {
            h.create_user("dup@example.com").await;
            status(h.post("/Users", &user("DUP@example.com")).await).await
        }
        DuplicateGroupNamesAllowed => {
            h.post("/Groups", &group("Twice", &[])).await;
            status(h.post("/Groups", &group("twice", &[])).await).await
        }
        UnknownId400 => status(h.get("/Users/nope").await).await,
        ErrorStatusNumber => body(h.get("/Users/nope").await).await["status"].to_string(),
        HtmlErrorPages | WrongContentType => {
            let path = if defect == HtmlErrorPages {
                "/Users/nope"
            } else {
                "/Users"
            };
            h.get(path).await.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned()
        }
        ListWithoutSchemas => body(h.get("/Users").await)
            .await
            .get("schemas")
            .is_some()
            .to_string(),
        ItemsPerPageIsPageSize => {
            body(h.get("/Users?count=50").await).await["itemsPerPage"].to_string()
        }
        ZeroBasedStartIndex => first_user(h, "?startIndex=1&count=1").await["userName"].to_string(),
        CountIgnored => body(h.get("/Users?count=1").await).await["Resources"]
            .as_array()
            .unwrap()
            .len()
            .to_string(),
        TotalResultsIsPageSize => {
            body(h.get("/Users?count=1").await).await["totalResults"].to_string()
        }
        CountZeroReturnsResources => {
            body(h.get("/Users?count=0").await).await["Resources"].to_string()
        }
        AttributesParamIgnored => first_user(h, "?attributes=userName")
            .await
            .get("emails")
            .is_some()
            .to_string(),
        ExcludedAttributesParamIgnored => first_user(h, "?excludedAttributes=emails")
            .await
            .get("emails")
            .is_some()
            .to_string(),
        SortIgnored => {
            first_user(h, "?sortBy=userName&sortOrder=descending").await["userName"].to_string()
        }
        InvalidFilterIgnored => status(h.get("/Users?filter=garbage").await).await,
        PasswordReturned => h
            .create_user("pw@example.com")
            .await
            .get("password")
            .is_some()
            .to_string(),
        PatchIgnoresValueFilter => {
            let mut u = user("pf@example.com");
            u["emails"] = json!([{"value": "w@example.com", "type": "work"}, {"value": "h@example.com", "type": "home"}]);
            let id = body(h.post("/Users", &u).await).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let ops = patch(
                json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "n@example.com"}]),
            );
            body(
                h.send_json(Method::PATCH, &format!("/Users/{id}"), &ops)
                    .await,
            )
            .await["emails"]
                .to_string()
        }
        PatchRejectsCapitalizedOp | PatchRejectsStringBooleans => {
            let id = h.create_user("po@example.com").await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let op = if defect == PatchRejectsCapitalizedOp {
                json!({"op": "Replace", "path": "active", "value": false})
            } else {
                json!({"op": "replace", "path": "active", "value": "False"})
            };
            status(
                h.send_json(Method::PATCH, &format!("/Users/{id}"), &patch(json!([op])))
                    .await,
            )
            .await
        }
        MembersReplaceUnsupported => {
            let uid = h.create_user("mr@example.com").await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let gid = body(h.post("/Groups", &group("Replacers", &[])).await).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let ops =
                patch(json!([{"op": "replace", "path": "members", "value": [{"value": uid}]}]));
            status(
                h.send_json(Method::PATCH, &format!("/Groups/{gid}"), &ops)
                    .await,
            )
            .await
        }
        PutKeepsOmittedAttributes => {
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
        }
        SoftDelete => {
            let id = h.create_user("soft@example.com").await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            h.req(Method::DELETE, &format!("/Users/{id}"))
                .send()
                .await
                .unwrap();
            status(h.get(&format!("/Users/{id}")).await).await
        }
        DeactivatedUser404 => {
            let mut u = user("inactive@example.com");
            u["active"] = json!(false);
            let id = body(h.post("/Users", &u).await).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            status(h.get(&format!("/Users/{id}")).await).await
        }
        EtagIgnored => {
            let u = h.create_user("etag@example.com").await;
            let path = format!("/Users/{}", u["id"].as_str().unwrap());
            let r = h
                .req(Method::GET, &path)
                .header("if-none-match", u["meta"]["version"].as_str().unwrap());
            status(r.send().await.unwrap()).await
        }
        NoEtagHeader => {
            let id = first_user(h, "").await["id"].as_str().unwrap().to_owned();
            h.get(&format!("/Users/{id}"))
                .await
                .headers()
                .contains_key("etag")
                .to_string()
        }
        AnyContentTypeAccepted => {
            let r = h
                .req(Method::POST, "/Users")
                .header("content-type", "text/plain");
            status(
                r.body(user("ct@example.com").to_string())
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
        NoLocationHeader => h
            .post("/Users", &user("loc@example.com"))
            .await
            .headers()
            .contains_key("location")
            .to_string(),
        MetaLocationRelative => h.create_user("rel@example.com").await["meta"]["location"]
            .as_str()
            .unwrap()
            .starts_with("http")
            .to_string(),
        SpcAdvertisesUnsupported => {
            let b = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": []});
            status(h.post("/Bulk", &b).await).await
        }
        UnauthorizedWithoutScimBody => h
            .client
            .get(h.url("/Users"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .is_empty()
            .to_string(),
        UnauthorizedWithoutWwwAuthenticate => h
            .client
            .get(h.url("/Users"))
            .send()
            .await
            .unwrap()
            .headers()
            .contains_key("www-authenticate")
            .to_string(),
        NotFoundWithoutDetail => body(h.get("/Users/nope").await)
            .await
            .get("detail")
            .is_some()
            .to_string(),
        ClientIdAccepted => {
            let mut u = user("mine@example.com");
            u["id"] = json!("my-own-id");
            body(h.post("/Users", &u).await).await["id"].to_string()
        }
        GroupsNotComputed | DeleteKeepsMemberships => {
            let uid = h.create_user("member@example.com").await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            let gid = body(h.post("/Groups", &group("Members", &[&uid])).await).await["id"]
                .as_str()
                .unwrap()
                .to_owned();
            if defect == GroupsNotComputed {
                body(h.get(&format!("/Users/{uid}")).await)
                    .await
                    .get("groups")
                    .is_some()
                    .to_string()
            } else {
                h.req(Method::DELETE, &format!("/Users/{uid}"))
                    .send()
                    .await
                    .unwrap();
                body(h.get(&format!("/Groups/{gid}")).await).await["members"].to_string()
            }
        }
        AuthNotEnforced => {
            let url = format!("{}/Users", h.base);
            status(reqwest::get(url).await.unwrap()).await
        }
        WrongTokenAccepted => {
            let url = format!("{}/Users", h.base);
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth("not-a-configured-token");
            status(r.send().await.unwrap()).await
        }
        SearchEndpointMissing => {
            let search =
                json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]});
            status(h.post("/Users/.search", &search).await).await
        }
        MissingRequiredAccepted => {
            let nameless = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "name": {"givenName": "Ada"}});
            status(h.post("/Users", &nameless).await).await
        }
        DiscoveryWritesAllowed => {
            let r = h
                .req(Method::POST, "/ServiceProviderConfig")
                .header("content-type", "application/scim+json");
            status(r.body("{}").send().await.unwrap()).await
        }
        PatchReplacePathlessUnsupported => {
            let id = h.create_user("pathless@example.com").await["id"].clone();
            let id = id.as_str().unwrap_or_default();
            let ops = patch(json!([{"op": "replace", "value": {"active": false}}]));
            status(
                h.send_json(Method::PATCH, &format!("/Users/{id}"), &ops)
                    .await,
            )
            .await
        }
        NullValuesRejected => {
            let mut u = user("nulls@example.com");
            u["title"] = Value::Null;
            status(h.post("/Users", &u).await).await
        }
        NoMatchFilter404 => {
            let path = format!("/Users?filter={}", q("userName eq \"nobody@example.com\""));
            status(h.get(&path).await).await
        }
        EnterpriseExtensionDropped => {
            let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
            let mut u = user("ent@example.com");
            u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", enterprise]);
            u[enterprise] = json!({"department": "Research"});
            let created = body(h.post("/Users", &u).await).await;
            let id = created["id"].as_str().unwrap_or_default().to_owned();
            body(h.get(&format!("/Users/{id}")).await).await[enterprise]["department"].to_string()
        }
        JsonMediaTypeRefused => {
            let r = h
                .req(Method::POST, "/Users")
                .header("content-type", "application/json");
            status(
                r.body(user("json@example.com").to_string())
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
        PlusInQueryNotDecoded => {
            h.create_user("plus@example.com").await;
            status(
                h.get("/Users?filter=userName+eq+%22plus%40example.com%22")
                    .await,
            )
            .await
        }
        FilterAndOrPrecedence => {
            h.create_user("prec@example.com").await;
            let f = "userName eq \"prec@example.com\" or userName eq \"x\" and userName eq \"y\"";
            count_matching(h, f).await
        }
        FilterNotIgnored => {
            h.create_user("not@example.com").await;
            let f = "userName eq \"not@example.com\" and not (userName eq \"not@example.com\")";
            count_matching(h, f).await
        }
        FilterPrUnsupported => {
            status(h.get(&format!("/Users?filter={}", q("userName pr"))).await).await
        }
        FilterCoSwEwCaseSensitive => {
            h.create_user("Substring@example.com").await;
            count_matching(h, "userName sw \"substring@\"").await
        }
        FilterValuepathUnsupported => {
            let f = q("emails[type eq \"work\"]");
            status(h.get(&format!("/Users?filter={f}")).await).await
        }
        FilterUrnPathUnsupported => {
            let f = q("urn:ietf:params:scim:schemas:core:2.0:User:userName pr");
            status(h.get(&format!("/Users?filter={f}")).await).await
        }
        PatchNotAtomic => {
            let path = user_path(h, "atomic@example.com").await;
            let ops = patch(json!([
                {"op": "replace", "path": "displayName", "value": "Kept"},
                {"op": "replace", "path": "userName", "value": 42}
            ]));
            h.send_json(Method::PATCH, &path, &ops).await;
            body(h.get(&path).await).await["displayName"].to_string()
        }
        PatchRemoveRequiredAccepted => {
            let path = user_path(h, "required@example.com").await;
            let ops = patch(json!([{"op": "remove", "path": "userName"}]));
            status(h.send_json(Method::PATCH, &path, &ops).await).await
        }
        PatchAddPathlessIgnored => {
            let path = user_path(h, "pathless@example.com").await;
            let ops = patch(json!([{"op": "add", "value": {"nickName": "Nick"}}]));
            h.send_json(Method::PATCH, &path, &ops).await;
            body(h.get(&path).await).await["nickName"].to_string()
        }
        PatchAddFilteredPathUnsupported => {
            let path = user_path(h, "filtered-add@example.com").await;
            let at = "addresses[type eq \"work\"].formatted";
            let ops = patch(json!([{"op": "add", "path": at, "value": "1 Main St"}]));
            status(h.send_json(Method::PATCH, &path, &ops).await).await
        }
        MemberReaddConflict => {
            let member = h.create_user("readd@example.com").await;
            let id = member["id"].as_str().unwrap_or_default().to_owned();
            let created = body(h.post("/Groups", &group("readd-group", &[&id])).await).await;
            let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
            let ops = patch(json!([{"op": "add", "path": "members", "value": [{"value": id}]}]));
            status(h.send_json(Method::PATCH, &path, &ops).await).await
        }
        MeUnsupported500 => status(h.get("/Me").await).await,
        SchemasOmitReturnedAttribute => {
            let path = "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User";
            let schema = body(h.get(path).await).await;
            let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
            attributes.iter().any(|a| a["name"] == "active").to_string()
        }
        FilterDatetimeAsString => {
            let created = h.create_user("dates@example.com").await;
            let modified = created["meta"]["lastModified"].as_str().unwrap_or_default();
            let bound = hour_earlier_at_plus_five(modified).replace('+', "%2B");
            let f =
                format!("userName eq \"dates@example.com\" and meta.lastModified gt \"{bound}\"");
            count_matching(h, &f).await
        }
        SchemasOmitExtension => {
            let path = "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
            status(h.get(path).await).await
        }
        PatchPrimaryNotExclusive => {
            let mut u = user("primary@example.com");
            u["emails"] = json!([{"value": "one@example.com", "type": "work", "primary": true}]);
            let created = body(h.post("/Users", &u).await).await;
            let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
            let second = json!([{"value": "two@example.com", "type": "home", "primary": true}]);
            let ops = patch(json!([{"op": "add", "path": "emails", "value": second}]));
            h.send_json(Method::PATCH, &path, &ops).await;
            let emails = body(h.get(&path).await).await["emails"].clone();
            let primaries = emails.as_array().into_iter().flatten();
            primaries
                .filter(|e| e["primary"] == true)
                .count()
                .to_string()
        }
        ReadonlyAttributesStored => {
            let mut u = user("readonly@example.com");
            u["meta"] = json!({"created": "2001-01-01T00:00:00Z"});
            let created = body(h.post("/Users", &u).await).await;
            let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
            let read = body(h.get(&path).await).await;
            (read["meta"]["created"] == "2001-01-01T00:00:00Z").to_string()
        }
        ImmutableChangesAccepted => {
            let first = h.create_user("immutable-a@example.com").await;
            let second = h.create_user("immutable-b@example.com").await;
            let (a, b) = (first["id"].as_str(), second["id"].as_str());
            let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
            let created = body(h.post("/Groups", &group("Immutable", &[a])).await).await;
            let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
            let target = format!("members[value eq \"{a}\"].value");
            let ops = patch(json!([{"op": "replace", "path": target, "value": b}]));
            let r = h.send_json(Method::PATCH, &path, &ops).await;
            let code = r.status().as_u16();
            format!("{code} {}", body(r).await["scimType"])
        }
        BulkLimitsIgnored => {
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
        }
        UserCreationFails => status(h.post("/Users", &user("made@example.com")).await).await,
        GroupCreationFails => status(h.post("/Groups", &group("Made", &[])).await).await,
        UserPatchFails => {
            let path = user_path(h, "patched@example.com").await;
            let ops = patch(json!([{"op": "replace", "path": "displayName", "value": "P"}]));
            status(h.send_json(Method::PATCH, &path, &ops).await).await
        }
        UserFilterFails => {
            let path = format!("/Users?filter={}", q("userName eq \"nobody@example.com\""));
            status(h.get(&path).await).await
        }
        ResourceTypesAbsoluteEndpoint | ResourceTypesUrlEndpoint | ResourceTypesTrailingSlash => {
            body(h.get("/ResourceTypes").await).await["Resources"][0]["endpoint"].to_string()
        }
        ResourceTypesMissing => status(h.get("/ResourceTypes").await).await,
        SchemasMissing => status(h.get("/Schemas").await).await,
        DiscoveryHtml => h.get("/Schemas").await.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned(),
        DiscoveryWithoutTotalResults => {
            body(h.get("/ResourceTypes").await).await["totalResults"].to_string()
        }
        DiscoveryResourcesAsStrings => {
            let list = body(h.get("/Schemas").await).await;
            list["Resources"][0].is_object().to_string()
        }
        MembersRemoveValueIgnored => {
            let ids = [
                h.create_user("remove-value-1@example.com").await,
                h.create_user("remove-value-2@example.com").await,
            ]
            .map(|u| u["id"].as_str().unwrap_or_default().to_owned());
            let created = body(
                h.post("/Groups", &group("remove-value", &[&ids[0], &ids[1]]))
                    .await,
            )
            .await;
            let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
            let op = json!([{"op": "remove", "path": "members", "value": [{"value": ids[0]}]}]);
            h.send_json(Method::PATCH, &path, &patch(op)).await;
            let members = body(h.get(&path).await).await["members"].clone();
            members.as_array().map_or(0, Vec::len).to_string()
        }
        MalformedJson500 => {
            let r = h
                .req(Method::POST, "/Users")
                .header("content-type", "application/scim+json");
            status(r.body("{").send().await.unwrap()).await
        }
        FilterIgnored => {
            h.create_user("one@example.com").await;
            h.create_user("two@example.com").await;
            count_matching(h, "userName eq \"one@example.com\"").await
        }
        FilterSwUnsupported => {
            let r = h
                .get(&format!("/Users?filter={}", q("userName sw \"a\"")))
                .await;
            status(r).await
        }
        EmptyMembersRefused => status(h.post("/Groups", &group("Empty", &[])).await).await,
        MemberRefRequired => {
            let created = h.create_user("member@example.com").await;
            let id = created["id"].as_str().unwrap_or_default();
            status(h.post("/Groups", &group("With member", &[id])).await).await
        }
        LocationHeaderRelative => {
            let r = h.post("/Users", &user("relloc@example.com")).await;
            let location = r.headers().get("location").cloned();
            location
                .and_then(|l| l.to_str().ok().map(str::to_owned))
                .is_some_and(|l| l.starts_with("http"))
                .to_string()
        }
        SpcIncomplete => body(h.get("/ServiceProviderConfig").await)
            .await
            .get("changePassword")
            .is_some()
            .to_string(),
        ResourceTypesIncomplete => {
            body(h.get("/ResourceTypes/User").await).await["schemaExtensions"][0]["required"]
                .to_string()
        }
        SchemasListMessageSchemas => {
            let schemas = body(h.get("/Schemas").await).await;
            let listed = schemas["Resources"].as_array().cloned().unwrap_or_default();
            let is_message = |s: &&Value| {
                s["id"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("urn:ietf:params:scim:api:"))
            };
            listed.iter().filter(is_message).count().to_string()
        }
        SchemasWithoutSubAttributes => {
            let schema = body(
                h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                    .await,
            )
            .await;
            let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
            let name = attributes.iter().find(|a| a["name"] == "name");
            name.and_then(|a| a.get("subAttributes"))
                .is_some()
                .to_string()
        }
        ExcludedAttributesRemovesAlways => {
            let path = user_path(h, "excluded@example.com").await;
            let read = body(h.get(&format!("{path}?excludedAttributes=id")).await).await;
            read.get("id").is_some().to_string()
        }
        PatchAttributesNoContent => {
            let path = user_path(h, "projected@example.com").await;
            let op = patch(json!([{"op": "replace", "path": "displayName", "value": "X"}]));
            let projected = format!("{path}?attributes=displayName");
            status(h.send_json(Method::PATCH, &projected, &op).await).await
        }
        NegativeCountRefused => status(h.get("/Users?count=-1").await).await,
        ListWithoutStartIndex => {
            let list = body(h.get("/Users?count=1").await).await;
            list.get("startIndex").is_some().to_string()
        }
        UnknownQueryParameterRefused => {
            status(h.get("/Users?count=1&vendorExtension=1").await).await
        }
        FilterBooleanOrderingAccepted => {
            status(
                h.get(&format!("/Users?filter={}", q("active gt false")))
                    .await,
            )
            .await
        }
        FilterValuepathAnyValue => {
            let mut crossed = user("crossed@example.com");
            crossed["emails"] = json!([
                {"value": "w@example.com", "type": "work"},
                {"value": "h@example.com", "type": "home"},
            ]);
            h.post("/Users", &crossed).await;
            count_matching(h, "emails[type eq \"work\" and value eq \"h@example.com\"]").await
        }
        PatchRemoveSingleValuedIgnored => {
            let path = user_path(h, "removed@example.com").await;
            let op = patch(json!([{"op": "remove", "path": "name"}]));
            h.send_json(Method::PATCH, &path, &op).await;
            body(h.get(&path).await).await["name"].to_string()
        }
        PatchRemoveMultiValuedNeedsFilter => {
            let path = user_path(h, "emails@example.com").await;
            let op = patch(json!([{"op": "remove", "path": "emails"}]));
            status(h.send_json(Method::PATCH, &path, &op).await).await
        }
        PatchReplaceUnassignedNoTarget => {
            let path = user_path(h, "nick@example.com").await;
            let op = patch(json!([{"op": "replace", "path": "nickName", "value": "Nick"}]));
            status(h.send_json(Method::PATCH, &path, &op).await).await
        }
        PatchReplaceComplexOverwrites => {
            let mut named = user("named@example.com");
            named["name"] = json!({"givenName": "Ada", "familyName": "Lovelace"});
            let created = body(h.post("/Users", &named).await).await;
            let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
            let op = patch(
                json!([{"op": "replace", "path": "name", "value": {"givenName": "Augusta"}}]),
            );
            h.send_json(Method::PATCH, &path, &op).await;
            body(h.get(&path).await).await["name"]["familyName"].to_string()
        }
        PatchReplaceUnmatchedFilterAdds => {
            let path = user_path(h, "unmatched@example.com").await;
            let filtered = "emails[type eq \"other\"].value";
            let op = patch(json!([{"op": "replace", "path": filtered, "value": "o@example.com"}]));
            status(h.send_json(Method::PATCH, &path, &op).await).await
        }
        BulkStopsAtFirstError => {
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
        }
        BulkResponseWithoutBulkId => {
            let bulk = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                "Operations": [
                    {"method": "POST", "path": "/Users", "bulkId": "one", "data": user("one@example.com")},
                ],
            });
            body(h.post("/Bulk", &bulk).await).await["Operations"][0]["bulkId"].to_string()
        }
        SchemasDroppedUnderAttributes => {
            let path = user_path(h, "projected-schemas@example.com").await;
            let read = body(h.get(&format!("{path}?attributes=userName")).await).await;
            read.get("schemas").is_some().to_string()
        }
        ExternalIdInvented => {
            let mut plain = user("no-external-id@example.com");
            plain.as_object_mut().map(|o| o.remove("externalId"));
            body(h.post("/Users", &plain).await)
                .await
                .get("externalId")
                .is_some()
                .to_string()
        }
        LastModifiedAfterCreated => {
            let meta = h.create_user("stamped@example.com").await["meta"].clone();
            (meta["created"] == meta["lastModified"]).to_string()
        }
        NonAsciiMangled => {
            let mut accented = user("accented@example.com");
            accented["displayName"] = json!("Zoë");
            body(h.post("/Users", &accented).await).await["displayName"].to_string()
        }
        CaseExactLowercased => {
            let mut mixed = user("mixed@example.com");
            mixed["externalId"] = json!("MiXeD");
            body(h.post("/Users", &mixed).await).await["externalId"].to_string()
        }
        BulkLimitErrorVague => {
            let operation = json!({"method": "DELETE", "path": "/Users/nope"});
            let bulk = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                "Operations": vec![operation; 1001],
            });
            let refused = body(h.post("/Bulk", &bulk).await).await;
            let detail = refused["detail"].as_str().unwrap_or_default().to_owned();
            detail.contains("maxOperations").to_string()
        }
        DiscoveryListsPaged => {
            let list = body(h.get("/ResourceTypes?count=1").await).await;
            list["Resources"].as_array().map_or(0, Vec::len).to_string()
        }
        RootSearchUsersOnly => {
            h.post("/Groups", &group("Rooted", &[])).await;
            let search = json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                "filter": "displayName eq \"Rooted\"",
            });
            body(h.post("/.search", &search).await).await["totalResults"].to_string()
        }
        PutStoresReadOnly => {
            let path = user_path(h, "put-meta@example.com").await;
            let mut replaced = user("put-meta@example.com");
            replaced["meta"] = json!({"created": "2001-02-03T04:05:06Z"});
            let answered = body(h.send_json(Method::PUT, &path, &replaced).await).await;
            (answered["meta"]["created"] == "2001-02-03T04:05:06Z").to_string()
        }
        DiscoveryFilterServed => {
            status(
                h.get(&format!("/Schemas?filter={}", q("id eq \"x\"")))
                    .await,
            )
            .await
        }
        SpcPatchUnsupported => {
            body(h.get("/ServiceProviderConfig").await).await["patch"]["supported"].to_string()
        }
        PatchNoopModifies => {
            let created = h.create_user("noop@example.com").await;
            let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
            let op = patch(json!([{"op": "add", "path": "userName", "value": "noop@example.com"}]));
            let patched = body(h.send_json(Method::PATCH, &path, &op).await).await;
            (patched["meta"]["version"] == created["meta"]["version"]).to_string()
        }
        FilterSchemasUnsupported => {
            let by_schema = q("schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"");
            status(h.get(&format!("/Users?count=1&filter={by_schema}")).await).await
        }
        SchemasDottedAttributeNames => {
            let schema = body(
                h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                    .await,
            )
            .await;
            let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
            let dotted = |a: &&Value| a["name"].as_str().is_some_and(|n| n.contains('.'));
            attributes.iter().filter(dotted).count().to_string()
        }
        UserGroupsWritable => {
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
        }
        PatchRemoveFilterKeepsRecords => {
            let path = user_path(h, "records@example.com").await;
            let op = patch(json!([{"op": "remove", "path": "emails[type eq \"work\"]"}]));
            h.send_json(Method::PATCH, &path, &op).await;
            body(h.get(&path).await).await["emails"].to_string()
        }
        PatchUrnPathRefused => {
            let path = user_path(h, "urn-path@example.com").await;
            let department =
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
            let op = patch(json!([{"op": "add", "path": department, "value": "Research"}]));
            status(h.send_json(Method::PATCH, &path, &op).await).await
        }
    }
}

/// Starts a correct server and one with `defect`, and checks the probe tells them apart.
async fn assert_observable(defect: Defect) {
    let correct = Harness::new().await;
    let broken = Harness::start(ServerConfig::default().with_defect(defect)).await;
    let good = observe(defect, &correct).await;
    let bad = observe(defect, &broken).await;
    assert_ne!(good, bad, "defect {defect} is not observable");
}

/// One test per defect, named after it, plus a guard that none is left without one.
macro_rules! defect_tests {
    ($($test:ident => $defect:ident,)*) => {
        $(
            #[tokio::test]
            async fn $test() {
                assert_observable(Defect::$defect).await;
            }
        )*

        #[test]
        fn every_defect_has_a_test() {
            let tested = [$(Defect::$defect),*];
            for defect in all_defects() {
                assert!(tested.contains(defect), "defect {defect} has no test");
            }
        }
    };
}

defect_tests! {
    filter_username_case_sensitive => FilterUsernameCaseSensitive,
    duplicate_usernames_allowed => DuplicateUsernamesAllowed,
    duplicate_group_names_allowed => DuplicateGroupNamesAllowed,
    unknown_id_400 => UnknownId400,
    error_status_number => ErrorStatusNumber,
    html_error_pages => HtmlErrorPages,
    list_without_schemas => ListWithoutSchemas,
    items_per_page_is_page_size => ItemsPerPageIsPageSize,
    zero_based_start_index => ZeroBasedStartIndex,
    count_ignored => CountIgnored,
    total_results_is_page_size => TotalResultsIsPageSize,
    attributes_param_ignored => AttributesParamIgnored,
    excluded_attributes_param_ignored => ExcludedAttributesParamIgnored,
    sort_ignored => SortIgnored,
    invalid_filter_ignored => InvalidFilterIgnored,
    password_returned => PasswordReturned,
    patch_ignores_value_filter => PatchIgnoresValueFilter,
    patch_rejects_capitalized_op => PatchRejectsCapitalizedOp,
    patch_rejects_string_booleans => PatchRejectsStringBooleans,
    members_replace_unsupported => MembersReplaceUnsupported,
    put_keeps_omitted_attributes => PutKeepsOmittedAttributes,
    soft_delete => SoftDelete,
    deactivated_user_404 => DeactivatedUser404,
    etag_ignored => EtagIgnored,
    no_etag_header => NoEtagHeader,
    wrong_content_type => WrongContentType,
    any_content_type_accepted => AnyContentTypeAccepted,
    no_location_header => NoLocationHeader,
    meta_location_relative => MetaLocationRelative,
    spc_advertises_unsupported => SpcAdvertisesUnsupported,
    unauthorized_without_scim_body => UnauthorizedWithoutScimBody,
    unauthorized_without_www_authenticate => UnauthorizedWithoutWwwAuthenticate,
    not_found_without_detail => NotFoundWithoutDetail,
    client_id_accepted => ClientIdAccepted,
    groups_not_computed => GroupsNotComputed,
    delete_keeps_memberships => DeleteKeepsMemberships,
    count_zero_returns_resources => CountZeroReturnsResources,
    malformed_json_500 => MalformedJson500,
    conflict_400 => Conflict400,
    auth_not_enforced => AuthNotEnforced,
    wrong_token_accepted => WrongTokenAccepted,
    search_endpoint_missing => SearchEndpointMissing,
    missing_required_accepted => MissingRequiredAccepted,
    discovery_writes_allowed => DiscoveryWritesAllowed,
    patch_replace_pathless_unsupported => PatchReplacePathlessUnsupported,
    null_values_rejected => NullValuesRejected,
    no_match_filter_404 => NoMatchFilter404,
    plus_in_query_not_decoded => PlusInQueryNotDecoded,
    enterprise_extension_dropped => EnterpriseExtensionDropped,
    json_media_type_refused => JsonMediaTypeRefused,
    filter_and_or_precedence => FilterAndOrPrecedence,
    filter_not_ignored => FilterNotIgnored,
    filter_pr_unsupported => FilterPrUnsupported,
    filter_co_sw_ew_case_sensitive => FilterCoSwEwCaseSensitive,
    filter_valuepath_unsupported => FilterValuepathUnsupported,
    filter_urn_path_unsupported => FilterUrnPathUnsupported,
    patch_not_atomic => PatchNotAtomic,
    patch_remove_required_accepted => PatchRemoveRequiredAccepted,
    patch_add_pathless_ignored => PatchAddPathlessIgnored,
    patch_add_filtered_path_unsupported => PatchAddFilteredPathUnsupported,
    member_readd_conflict => MemberReaddConflict,
    me_unsupported_500 => MeUnsupported500,
    schemas_omit_returned_attribute => SchemasOmitReturnedAttribute,
    filter_datetime_as_string => FilterDatetimeAsString,
    schemas_omit_extension => SchemasOmitExtension,
    patch_primary_not_exclusive => PatchPrimaryNotExclusive,
    readonly_attributes_stored => ReadonlyAttributesStored,
    immutable_changes_accepted => ImmutableChangesAccepted,
    bulk_limits_ignored => BulkLimitsIgnored,
    user_creation_fails => UserCreationFails,
    group_creation_fails => GroupCreationFails,
    user_patch_fails => UserPatchFails,
    user_filter_fails => UserFilterFails,
    resource_types_absolute_endpoint => ResourceTypesAbsoluteEndpoint,
    resource_types_url_endpoint => ResourceTypesUrlEndpoint,
    resource_types_trailing_slash => ResourceTypesTrailingSlash,
    resource_types_missing => ResourceTypesMissing,
    schemas_missing => SchemasMissing,
    discovery_html => DiscoveryHtml,
    discovery_without_total_results => DiscoveryWithoutTotalResults,
    discovery_resources_as_strings => DiscoveryResourcesAsStrings,
    filter_ignored => FilterIgnored,
    filter_sw_unsupported => FilterSwUnsupported,
    empty_members_refused => EmptyMembersRefused,
    member_ref_required => MemberRefRequired,
    location_header_relative => LocationHeaderRelative,
    members_remove_value_ignored => MembersRemoveValueIgnored,
    spc_incomplete => SpcIncomplete,
    resource_types_incomplete => ResourceTypesIncomplete,
    schemas_list_message_schemas => SchemasListMessageSchemas,
    schemas_without_sub_attributes => SchemasWithoutSubAttributes,
    excluded_attributes_removes_always => ExcludedAttributesRemovesAlways,
    patch_attributes_no_content => PatchAttributesNoContent,
    negative_count_refused => NegativeCountRefused,
    list_without_start_index => ListWithoutStartIndex,
    unknown_query_parameter_refused => UnknownQueryParameterRefused,
    filter_boolean_ordering_accepted => FilterBooleanOrderingAccepted,
    filter_valuepath_any_value => FilterValuepathAnyValue,
    patch_remove_single_valued_ignored => PatchRemoveSingleValuedIgnored,
    patch_remove_multi_valued_needs_filter => PatchRemoveMultiValuedNeedsFilter,
    patch_replace_unassigned_no_target => PatchReplaceUnassignedNoTarget,
    patch_replace_complex_overwrites => PatchReplaceComplexOverwrites,
    patch_replace_unmatched_filter_adds => PatchReplaceUnmatchedFilterAdds,
    bulk_stops_at_first_error => BulkStopsAtFirstError,
    bulk_response_without_bulk_id => BulkResponseWithoutBulkId,
    schemas_dropped_under_attributes => SchemasDroppedUnderAttributes,
    external_id_invented => ExternalIdInvented,
    last_modified_after_created => LastModifiedAfterCreated,
    non_ascii_mangled => NonAsciiMangled,
    case_exact_lowercased => CaseExactLowercased,
    bulk_limit_error_vague => BulkLimitErrorVague,
    discovery_lists_paged => DiscoveryListsPaged,
    root_search_users_only => RootSearchUsersOnly,
    put_stores_read_only => PutStoresReadOnly,
    discovery_filter_served => DiscoveryFilterServed,
    spc_patch_unsupported => SpcPatchUnsupported,
    patch_noop_modifies => PatchNoopModifies,
    filter_schemas_unsupported => FilterSchemasUnsupported,
    schemas_dotted_attribute_names => SchemasDottedAttributeNames,
    user_groups_writable => UserGroupsWritable,
    patch_remove_filter_keeps_records => PatchRemoveFilterKeepsRecords,
    patch_urn_path_refused => PatchUrnPathRefused,
}

#[tokio::test]
async fn the_correct_server_gives_the_rfc_answers_the_probes_expect() {
    use Defect::*;
    let expect = [
        (FilterUsernameCaseSensitive, "1"),
        (DuplicateUsernamesAllowed, "409"),
        (UnknownId400, "404"),
        (ErrorStatusNumber, "\"404\""),
        (InvalidFilterIgnored, "400"),
        (PatchRejectsStringBooleans, "200"),
        (SoftDelete, "404"),
        (EtagIgnored, "304"),
        (AnyContentTypeAccepted, "415"),
        (MalformedJson500, "400"),
        (SpcAdvertisesUnsupported, "200"),
        (CountZeroReturnsResources, "[]"),
        (AuthNotEnforced, "401"),
        (WrongTokenAccepted, "401"),
        (SearchEndpointMissing, "200"),
        (MissingRequiredAccepted, "400"),
        (DiscoveryWritesAllowed, "405"),
        (EnterpriseExtensionDropped, "\"Research\""),
        (JsonMediaTypeRefused, "201"),
        (FilterAndOrPrecedence, "1"),
        (FilterNotIgnored, "0"),
        (FilterPrUnsupported, "200"),
        (FilterCoSwEwCaseSensitive, "1"),
        (FilterValuepathUnsupported, "200"),
        (FilterUrnPathUnsupported, "200"),
        (PatchNotAtomic, "null"),
        (PatchRemoveRequiredAccepted, "400"),
        (PatchAddPathlessIgnored, "\"Nick\""),
        (PatchAddFilteredPathUnsupported, "200"),
        (MemberReaddConflict, "200"),
        (MeUnsupported500, "501"),
        (SchemasOmitReturnedAttribute, "true"),
        (FilterDatetimeAsString, "1"),
        (SchemasOmitExtension, "200"),
        (PatchPrimaryNotExclusive, "1"),
        (ReadonlyAttributesStored, "false"),
        (ImmutableChangesAccepted, "400 \"mutability\""),
        (BulkLimitsIgnored, "413"),
        (MembersRemoveValueIgnored, "1"),
        (SpcIncomplete, "true"),
        (ResourceTypesIncomplete, "false"),
        (SchemasListMessageSchemas, "0"),
        (SchemasWithoutSubAttributes, "true"),
        (ExcludedAttributesRemovesAlways, "true"),
        (PatchAttributesNoContent, "200"),
        (NegativeCountRefused, "200"),
        (ListWithoutStartIndex, "true"),
        (UnknownQueryParameterRefused, "200"),
        (FilterBooleanOrderingAccepted, "400"),
        (FilterValuepathAnyValue, "0"),
        (PatchRemoveSingleValuedIgnored, "null"),
        (PatchRemoveMultiValuedNeedsFilter, "200"),
        (PatchReplaceUnassignedNoTarget, "200"),
        (PatchReplaceComplexOverwrites, "\"Lovelace\""),
        (PatchReplaceUnmatchedFilterAdds, "400"),
        (BulkStopsAtFirstError, "2"),
        (BulkResponseWithoutBulkId, "\"one\""),
        (SchemasDroppedUnderAttributes, "true"),
        (ExternalIdInvented, "false"),
        (LastModifiedAfterCreated, "true"),
        (NonAsciiMangled, "\"Zoë\""),
        (CaseExactLowercased, "\"MiXeD\""),
        (BulkLimitErrorVague, "true"),
        (DiscoveryListsPaged, "2"),
        (RootSearchUsersOnly, "1"),
        (PutStoresReadOnly, "false"),
        (DiscoveryFilterServed, "403"),
        (SpcPatchUnsupported, "true"),
        (PatchNoopModifies, "true"),
        (FilterSchemasUnsupported, "200"),
        (SchemasDottedAttributeNames, "0"),
        (UserGroupsWritable, "[]"),
        (PatchRemoveFilterKeepsRecords, "null"),
        (PatchUrnPathRefused, "200"),
    ];
    for (defect, answer) in expect {
        let h = Harness::new().await;
        assert_eq!(observe(defect, &h).await, answer, "{defect}");
    }
}

/// Not a defect but the legal variation the suite must accept (RFC 7644 §3.5.2): PATCH answers
/// 204 with the new ETag, except when `attributes` asks for the resource.
#[tokio::test]
async fn patch_no_content_answers_204_unless_attributes_are_asked_for() {
    let h = Harness::start(ServerConfig {
        patch_no_content: true,
        ..ServerConfig::default()
    })
    .await;
    let u = h.create_user("nocontent@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap_or_default());
    let op = patch(json!([{"op": "replace", "path": "displayName", "value": "Changed"}]));
    let r = h.send_json(Method::PATCH, &path, &op).await;
    assert_eq!(r.status(), 204);
    let etag = r.headers().get("etag").cloned();
    assert_eq!(r.text().await.unwrap_or_default(), "");
    let read = h.get(&path).await;
    assert_eq!(read.headers().get("etag").cloned(), etag);
    assert_eq!(body(read).await["displayName"], "Changed");
    let r = h
        .send_json(
            Method::PATCH,
            &format!("{path}?attributes=displayName"),
            &op,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["displayName"], "Changed");
}
