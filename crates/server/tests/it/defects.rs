//! Each defect changes what a client observes: the same probe gives the RFC's answer against the
//! correct server and a different one with the defect on.
//!
//! [`probes!`] is the test side of the defect table (`crates/server/src/defect/mod.rs`): one
//! entry per defect, its probe and the correct server's answer. Its `match` is exhaustive, so a
//! defect without a probe does not compile.

use crate::common;

use common::{Harness, body, group, user};
use reqwest::Method;
use scim_server::{Defect, ServerConfig};
use serde_json::{Value, json};
use tokio::task::JoinSet;

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

/// The status of a POST of a user whose userName exists in another case.
async fn second_user_status(h: &Harness) -> String {
    h.create_user("dup@example.com").await;
    status(h.post("/Users", &user("DUP@example.com")).await).await
}

/// The media type of the answer to a GET of `path`.
async fn content_type(h: &Harness, path: &str) -> String {
    let response = h.get(path).await;
    let value = response.headers().get("content-type");
    value
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The status of a POST of a user labelled with the media type `content_type`.
async fn post_user_as(h: &Harness, content_type: &str, user_name: &str) -> String {
    let r = h.req(Method::POST, "/Users");
    let r = r.header("content-type", content_type);
    status(r.body(user(user_name).to_string()).send().await.unwrap()).await
}

/// The status of a PATCH of a new user with the one operation `op`.
async fn patch_status(h: &Harness, op: Value) -> String {
    let path = user_path(h, "po@example.com").await;
    status(h.send_json(Method::PATCH, &path, &patch(json!([op]))).await).await
}

/// A new user as read back after a PATCH of it with the one operation `op`.
async fn read_after_patch(h: &Harness, op: Value) -> Value {
    let path = user_path(h, "po@example.com").await;
    h.send_json(Method::PATCH, &path, &patch(json!([op]))).await;
    body(h.get(&path).await).await
}

/// Creates a user and a group with it as member; their ids.
async fn member_and_group(h: &Harness) -> (String, String) {
    let uid = h.create_user("member@example.com").await["id"].clone();
    let uid = uid.as_str().unwrap_or_default().to_owned();
    let created = body(h.post("/Groups", &group("Members", &[&uid])).await).await;
    let gid = created["id"].as_str().unwrap_or_default().to_owned();
    (uid, gid)
}

/// The `endpoint` of the first resource type `/ResourceTypes` lists.
async fn first_endpoint(h: &Harness) -> String {
    body(h.get("/ResourceTypes").await).await["Resources"][0]["endpoint"].to_string()
}

/// Creates the users `srt-a` and `srt-b`, each changed by `shape`, and lists them sorted by
/// `sort` (`sortBy=…&sortOrder=…`): their userNames in the order returned.
async fn sorted_pair(h: &Harness, shape: impl Fn(&str, &mut Value), sort: &str) -> String {
    for name in ["srt-a", "srt-b"] {
        let mut body = user(name);
        shape(name, &mut body);
        h.post("/Users", &body).await;
    }
    let list = body(
        h.get(&format!(
            "/Users?filter={}&{sort}",
            q("userName sw \"srt-\"")
        ))
        .await,
    )
    .await;
    let names = list["Resources"].as_array().into_iter().flatten();
    let names: Vec<&str> = names.filter_map(|r| r["userName"].as_str()).collect();
    names.join(",")
}

fn patch(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

/// Generates `observe` (what the probe for a defect sees against a server) and `correct_answer`
/// (what it sees against the correct one) from one entry per defect:
/// `Variant => "correct answer", |h| { probe }`.
macro_rules! probes {
    ($($defect:ident => $answer:literal, |$h:ident| $probe:block,)*) => {
        /// What the probe for `defect` observes against `h`.
        async fn observe(defect: Defect, h: &Harness) -> String {
            match defect {
                $(Defect::$defect => {
                    let $h = h;
                    $probe
                })*
            }
        }

        /// What the probe for `defect` observes against the correct server.
        fn correct_answer(defect: Defect) -> &'static str {
            match defect {
                $(Defect::$defect => $answer,)*
            }
        }
    };
}

probes! {
    FilterUsernameCaseSensitive => "1", |h| {
        h.create_user("Case@Example.com").await;
        count_matching(h, "userName eq \"case@example.com\"").await
    },
    DuplicateUsernamesAllowed => "409", |h| { second_user_status(h).await },
    Conflict400 => "409", |h| { second_user_status(h).await },
    DuplicateGroupNamesAllowed => "409", |h| {
        h.post("/Groups", &group("Twice", &[])).await;
        status(h.post("/Groups", &group("twice", &[])).await).await
    },
    UnknownId400 => "404", |h| {
        status(h.get("/Users/nope").await).await
    },
    ErrorStatusNumber => "\"404\"", |h| {
        body(h.get("/Users/nope").await).await["status"].to_string()
    },
    ErrorWithoutStatus => "true", |h| {
        body(h.get("/Users/nope").await)
            .await
            .get("status")
            .is_some()
            .to_string()
    },
    HtmlErrorPages => "application/scim+json", |h| { content_type(h, "/Users/nope").await },
    WrongContentType => "application/scim+json", |h| { content_type(h, "/Users").await },
    ListWithoutSchemas => "true", |h| {
        body(h.get("/Users").await)
            .await
            .get("schemas")
            .is_some()
            .to_string()
    },
    ItemsPerPageIsPageSize => "3", |h| {
        body(h.get("/Users?count=50").await).await["itemsPerPage"].to_string()
    },
    ZeroBasedStartIndex => "\"ada.lovelace0@example.com\"", |h| {
        first_user(h, "?startIndex=1&count=1").await["userName"].to_string()
    },
    CountIgnored => "1", |h| {
        body(h.get("/Users?count=1").await).await["Resources"]
            .as_array()
            .unwrap()
            .len()
            .to_string()
    },
    TotalResultsIsPageSize => "3", |h| {
        body(h.get("/Users?count=1").await).await["totalResults"].to_string()
    },
    CountZeroReturnsResources => "[]", |h| {
        body(h.get("/Users?count=0").await).await["Resources"].to_string()
    },
    AttributesParamIgnored => "false", |h| {
        first_user(h, "?attributes=userName")
            .await
            .get("emails")
            .is_some()
            .to_string()
    },
    ExcludedAttributesParamIgnored => "false", |h| {
        first_user(h, "?excludedAttributes=emails")
            .await
            .get("emails")
            .is_some()
            .to_string()
    },
    SortIgnored => "\"grace.lovelace1@example.com\"", |h| {
        first_user(h, "?sortBy=userName&sortOrder=descending").await["userName"].to_string()
    },
    SortSubAttributeIgnored => "srt-b,srt-a", |h| {
        let shape = |name: &str, u: &mut Value| {
            u["name"]["familyName"] = json!(if name == "srt-a" { "Baker" } else { "Able" });
        };
        sorted_pair(h, shape, "sortBy=name.familyName").await
    },
    SortMultiValuedByFirst => "srt-a,srt-b", |h| {
        let shape = |name: &str, u: &mut Value| {
            let (first, primary) = if name == "srt-a" { ("z", "a") } else { ("y", "b") };
            u["emails"] = json!([{"value": first}, {"value": primary, "primary": true}]);
        };
        sorted_pair(h, shape, "sortBy=emails.value").await
    },
    SortMissingValuesFirst => "srt-b,srt-a", |h| {
        let shape = |name: &str, u: &mut Value| {
            if name == "srt-b" {
                u["title"] = json!("Titled");
            }
        };
        sorted_pair(h, shape, "sortBy=title").await
    },
    SortCaseExactIgnored => "srt-b,srt-a", |h| {
        let shape = |name: &str, u: &mut Value| {
            u["externalId"] = json!(if name == "srt-a" { "b" } else { "C" });
        };
        sorted_pair(h, shape, "sortBy=externalId").await
    },
    InvalidFilterIgnored => "400", |h| {
        status(h.get("/Users?filter=garbage").await).await
    },
    PasswordReturned => "false", |h| {
        h
            .create_user("pw@example.com")
            .await
            .get("password")
            .is_some()
            .to_string()
    },
    PatchIgnoresValueFilter => "n@example.com h@example.com", |h| {
        let mut u = user("pf@example.com");
        let (work, home) = ("w@example.com", "h@example.com");
        u["emails"] = json!([{"value": work, "type": "work"}, {"value": home, "type": "home"}]);
        let created = body(h.post("/Users", &u).await).await;
        let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
        let at = "emails[type eq \"work\"].value";
        let ops = patch(json!([{"op": "replace", "path": at, "value": "n@example.com"}]));
        let emails = body(h.send_json(Method::PATCH, &path, &ops).await).await["emails"].clone();
        let values = emails.as_array().into_iter().flatten();
        values.map(|e| e["value"].as_str().unwrap_or_default()).collect::<Vec<_>>().join(" ")
    },
    PatchRejectsCapitalizedOp => "200", |h| {
        let op = json!({"op": "Replace", "path": "active", "value": false});
        patch_status(h, op).await
    },
    PatchRejectsStringBooleans => "200", |h| {
        let op = json!({"op": "replace", "path": "active", "value": "False"});
        patch_status(h, op).await
    },
    MembersReplaceUnsupported => "200", |h| {
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
    },
    PutKeepsOmittedAttributes => "false", |h| {
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
    SoftDelete => "404", |h| {
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
    Delete200 => "204", |h| {
        let path = user_path(h, "gone@example.com").await;
        status(h.req(Method::DELETE, &path).send().await.unwrap()).await
    },
    DeactivatedUser404 => "200", |h| {
        let mut u = user("inactive@example.com");
        u["active"] = json!(false);
        let id = body(h.post("/Users", &u).await).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        status(h.get(&format!("/Users/{id}")).await).await
    },
    EtagIgnored => "304", |h| {
        let u = h.create_user("etag@example.com").await;
        let path = format!("/Users/{}", u["id"].as_str().unwrap());
        let r = h
            .req(Method::GET, &path)
            .header("if-none-match", u["meta"]["version"].as_str().unwrap());
        status(r.send().await.unwrap()).await
    },
    NoEtagHeader => "true", |h| {
        let id = first_user(h, "").await["id"].as_str().unwrap().to_owned();
        h.get(&format!("/Users/{id}"))
            .await
            .headers()
            .contains_key("etag")
            .to_string()
    },
    AnyContentTypeAccepted => "415", |h| {
        post_user_as(h, "text/plain", "ct@example.com").await
    },
    NoLocationHeader => "true", |h| {
        h
            .post("/Users", &user("loc@example.com"))
            .await
            .headers()
            .contains_key("location")
            .to_string()
    },
    MetaLocationRelative => "true", |h| {
        h.create_user("rel@example.com").await["meta"]["location"]
            .as_str()
            .unwrap()
            .starts_with("http")
            .to_string()
    },
    SpcAdvertisesUnsupported => "200", |h| {
        let urn = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
        let b = json!({"schemas": [urn], "Operations": []});
        status(h.post("/Bulk", &b).await).await
    },
    UnauthorizedWithoutScimBody => "false", |h| {
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
    UnauthorizedWithoutWwwAuthenticate => "true", |h| {
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
    NotFoundWithoutDetail => "true", |h| {
        body(h.get("/Users/nope").await)
            .await
            .get("detail")
            .is_some()
            .to_string()
    },
    ClientIdAccepted => "false", |h| {
        let mut u = user("mine@example.com");
        u["id"] = json!("my-own-id");
        (body(h.post("/Users", &u).await).await["id"] == "my-own-id").to_string()
    },
    GroupsNotComputed => "true", |h| {
        let (uid, _) = member_and_group(h).await;
        body(h.get(&format!("/Users/{uid}")).await)
            .await
            .get("groups")
            .is_some()
            .to_string()
    },
    DeleteKeepsMemberships => "null", |h| {
        let (uid, gid) = member_and_group(h).await;
        h.req(Method::DELETE, &format!("/Users/{uid}"))
            .send()
            .await
            .unwrap();
        body(h.get(&format!("/Groups/{gid}")).await).await["members"].to_string()
    },
    AuthNotEnforced => "401", |h| {
        let url = format!("{}/Users", h.base);
        status(reqwest::get(url).await.unwrap()).await
    },
    WrongTokenAccepted => "401", |h| {
        let url = format!("{}/Users", h.base);
        let r = reqwest::Client::new()
            .get(url)
            .bearer_auth("not-a-configured-token");
        status(r.send().await.unwrap()).await
    },
    SearchEndpointMissing => "200", |h| {
        let search =
            json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"]});
        status(h.post("/Users/.search", &search).await).await
    },
    MissingRequiredAccepted => "400", |h| {
        let urn = "urn:ietf:params:scim:schemas:core:2.0:User";
        let nameless = json!({"schemas": [urn], "name": {"givenName": "Ada"}});
        status(h.post("/Users", &nameless).await).await
    },
    DiscoveryWritesAllowed => "405", |h| {
        let r = h
            .req(Method::POST, "/ServiceProviderConfig")
            .header("content-type", "application/scim+json");
        status(r.body("{}").send().await.unwrap()).await
    },
    PatchReplacePathlessUnsupported => "200", |h| {
        let id = h.create_user("pathless@example.com").await["id"].clone();
        let id = id.as_str().unwrap_or_default();
        let ops = patch(json!([{"op": "replace", "value": {"active": false}}]));
        status(
            h.send_json(Method::PATCH, &format!("/Users/{id}"), &ops)
                .await,
        )
        .await
    },
    NullValuesRejected => "201", |h| {
        let mut u = user("nulls@example.com");
        u["title"] = Value::Null;
        status(h.post("/Users", &u).await).await
    },
    NoMatchFilter404 => "200", |h| {
        let path = format!("/Users?filter={}", q("userName eq \"nobody@example.com\""));
        status(h.get(&path).await).await
    },
    EnterpriseExtensionDropped => "\"Research\"", |h| {
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        let mut u = user("ent@example.com");
        u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User", enterprise]);
        u[enterprise] = json!({"department": "Research"});
        let created = body(h.post("/Users", &u).await).await;
        let id = created["id"].as_str().unwrap_or_default().to_owned();
        body(h.get(&format!("/Users/{id}")).await).await[enterprise]["department"].to_string()
    },
    JsonMediaTypeRefused => "201", |h| {
        post_user_as(h, "application/json", "json@example.com").await
    },
    PlusInQueryNotDecoded => "200", |h| {
        h.create_user("plus@example.com").await;
        status(
            h.get("/Users?filter=userName+eq+%22plus%40example.com%22")
                .await,
        )
        .await
    },
    FilterAndOrPrecedence => "1", |h| {
        h.create_user("prec@example.com").await;
        let f = "userName eq \"prec@example.com\" or userName eq \"x\" and userName eq \"y\"";
        count_matching(h, f).await
    },
    FilterNotIgnored => "0", |h| {
        h.create_user("not@example.com").await;
        let f = "userName eq \"not@example.com\" and not (userName eq \"not@example.com\")";
        count_matching(h, f).await
    },
    FilterPrUnsupported => "200", |h| {
        status(h.get(&format!("/Users?filter={}", q("userName pr"))).await).await
    },
    FilterCoSwEwCaseSensitive => "1", |h| {
        h.create_user("Substring@example.com").await;
        count_matching(h, "userName sw \"substring@\"").await
    },
    FilterValuepathUnsupported => "200", |h| {
        let f = q("emails[type eq \"work\"]");
        status(h.get(&format!("/Users?filter={f}")).await).await
    },
    FilterUrnPathUnsupported => "200", |h| {
        let f = q("urn:ietf:params:scim:schemas:core:2.0:User:userName pr");
        status(h.get(&format!("/Users?filter={f}")).await).await
    },
    PatchNotAtomic => "null", |h| {
        let path = user_path(h, "atomic@example.com").await;
        let ops = patch(json!([
            {"op": "replace", "path": "displayName", "value": "Kept"},
            {"op": "replace", "path": "userName", "value": 42}
        ]));
        h.send_json(Method::PATCH, &path, &ops).await;
        body(h.get(&path).await).await["displayName"].to_string()
    },
    PatchRemoveRequiredAccepted => "400", |h| {
        let path = user_path(h, "required@example.com").await;
        let ops = patch(json!([{"op": "remove", "path": "userName"}]));
        status(h.send_json(Method::PATCH, &path, &ops).await).await
    },
    PatchAddPathlessIgnored => "\"Nick\"", |h| {
        let path = user_path(h, "pathless@example.com").await;
        let ops = patch(json!([{"op": "add", "value": {"nickName": "Nick"}}]));
        h.send_json(Method::PATCH, &path, &ops).await;
        body(h.get(&path).await).await["nickName"].to_string()
    },
    PatchAddFilteredPathUnsupported => "200", |h| {
        let path = user_path(h, "filtered-add@example.com").await;
        let at = "addresses[type eq \"work\"].formatted";
        let ops = patch(json!([{"op": "add", "path": at, "value": "1 Main St"}]));
        status(h.send_json(Method::PATCH, &path, &ops).await).await
    },
    MemberReaddConflict => "200", |h| {
        let member = h.create_user("readd@example.com").await;
        let id = member["id"].as_str().unwrap_or_default().to_owned();
        let created = body(h.post("/Groups", &group("readd-group", &[&id])).await).await;
        let path = format!("/Groups/{}", created["id"].as_str().unwrap_or_default());
        let ops = patch(json!([{"op": "add", "path": "members", "value": [{"value": id}]}]));
        status(h.send_json(Method::PATCH, &path, &ops).await).await
    },
    MeUnsupported500 => "501", |h| {
        status(h.get("/Me").await).await
    },
    SchemasOmitReturnedAttribute => "true", |h| {
        let path = "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User";
        let schema = body(h.get(path).await).await;
        let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
        attributes.iter().any(|a| a["name"] == "active").to_string()
    },
    FilterDatetimeAsString => "1", |h| {
        let created = h.create_user("dates@example.com").await;
        let modified = created["meta"]["lastModified"].as_str().unwrap_or_default();
        let bound = hour_earlier_at_plus_five(modified).replace('+', "%2B");
        let f =
            format!("userName eq \"dates@example.com\" and meta.lastModified gt \"{bound}\"");
        count_matching(h, &f).await
    },
    SchemasOmitExtension => "200", |h| {
        let path = "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        status(h.get(path).await).await
    },
    PatchPrimaryNotExclusive => "1", |h| {
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
    },
    ReadonlyAttributesStored => "false", |h| {
        let mut u = user("readonly@example.com");
        u["meta"] = json!({"created": "2001-01-01T00:00:00Z"});
        let created = body(h.post("/Users", &u).await).await;
        let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
        let read = body(h.get(&path).await).await;
        (read["meta"]["created"] == "2001-01-01T00:00:00Z").to_string()
    },
    ImmutableChangesAccepted => "400 \"mutability\"", |h| {
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
    },
    BulkLimitsIgnored => "413", |h| {
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
    UserCreationFails => "201", |h| {
        status(h.post("/Users", &user("made@example.com")).await).await
    },
    GroupCreationFails => "201", |h| {
        status(h.post("/Groups", &group("Made", &[])).await).await
    },
    UserPatchFails => "200", |h| {
        let path = user_path(h, "patched@example.com").await;
        let ops = patch(json!([{"op": "replace", "path": "displayName", "value": "P"}]));
        status(h.send_json(Method::PATCH, &path, &ops).await).await
    },
    UserFilterFails => "200", |h| {
        let path = format!("/Users?filter={}", q("userName eq \"nobody@example.com\""));
        status(h.get(&path).await).await
    },
    ResourceTypesAbsoluteEndpoint => "\"/Users\"", |h| { first_endpoint(h).await },
    ResourceTypesUrlEndpoint => "\"/Users\"", |h| { first_endpoint(h).await },
    ResourceTypesTrailingSlash => "\"/Users\"", |h| { first_endpoint(h).await },
    ResourceTypesMissing => "200", |h| {
        status(h.get("/ResourceTypes").await).await
    },
    SchemasMissing => "200", |h| {
        status(h.get("/Schemas").await).await
    },
    DiscoveryHtml => "application/scim+json", |h| {
        h.get("/Schemas").await.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_owned()
    },
    DiscoveryWithoutTotalResults => "4", |h| {
        body(h.get("/ResourceTypes").await).await["totalResults"].to_string()
    },
    DiscoveryResourcesAsStrings => "true", |h| {
        let list = body(h.get("/Schemas").await).await;
        list["Resources"][0].is_object().to_string()
    },
    MalformedJson500 => "400", |h| {
        let r = h
            .req(Method::POST, "/Users")
            .header("content-type", "application/scim+json");
        status(r.body("{").send().await.unwrap()).await
    },
    FilterIgnored => "1", |h| {
        h.create_user("one@example.com").await;
        h.create_user("two@example.com").await;
        count_matching(h, "userName eq \"one@example.com\"").await
    },
    FilterSwUnsupported => "200", |h| {
        let r = h
            .get(&format!("/Users?filter={}", q("userName sw \"a\"")))
            .await;
        status(r).await
    },
    EmptyMembersRefused => "201", |h| {
        status(h.post("/Groups", &group("Empty", &[])).await).await
    },
    MemberRefRequired => "201", |h| {
        let created = h.create_user("member@example.com").await;
        let id = created["id"].as_str().unwrap_or_default();
        status(h.post("/Groups", &group("With member", &[id])).await).await
    },
    LocationHeaderRelative => "true", |h| {
        let r = h.post("/Users", &user("relloc@example.com")).await;
        let location = r.headers().get("location").cloned();
        location
            .and_then(|l| l.to_str().ok().map(str::to_owned))
            .is_some_and(|l| l.starts_with("http"))
            .to_string()
    },
    MembersRemoveValueIgnored => "1", |h| {
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
    },
    PatchLostUpdate => "4", |h| {
        // Four PATCHes adding one member each, sent at once: all four must stay.
        let mut ids = Vec::new();
        for n in 0..4 {
            let created = h.create_user(&format!("race{n}@example.com")).await;
            ids.push(created["id"].as_str().unwrap().to_owned());
        }
        let gid = body(h.post("/Groups", &group("Racers", &[])).await).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/Groups/{gid}");
        let add = |id: &str| {
            patch(json!([{"op": "add", "path": "members", "value": [{"value": id}]}]))
        };
        let (a, b, c, d) = (add(&ids[0]), add(&ids[1]), add(&ids[2]), add(&ids[3]));
        let _ = tokio::join!(
            h.send_json(Method::PATCH, &path, &a),
            h.send_json(Method::PATCH, &path, &b),
            h.send_json(Method::PATCH, &path, &c),
            h.send_json(Method::PATCH, &path, &d),
        );
        let members = body(h.get(&path).await).await["members"].clone();
        members.as_array().map_or(0, Vec::len).to_string()
    },
    UniquenessCheckRacy => "201 409 409", |h| {
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
    IfMatchCheckRacy => "200 412 412", |h| {
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
    ThrottleWithoutRetryAfter => "false", |h| {
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
    SlowUnderLoad => "all 200: true, late: false", |h| {
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
    EntitlementValuesWithoutDisplayName => "\"Viewer\"", |h| {
        body(h.get("/Roles/role-viewer").await).await["displayName"].to_string()
    },
    EntitlementCatalogUnpaged => "1 of 3", |h| {
        let page = body(h.get("/Roles?startIndex=1&count=1").await).await;
        format!("{} of {}", page["itemsPerPage"], page["totalResults"])
    },
    UserGrantsDropped => "\"role-editor\"", |h| {
        let mut u = user("granted@example.com");
        u["roles"] = json!([{"value": "role-editor", "display": "Editor"}]);
        let id = body(h.post("/Users", &u).await).await["id"].clone();
        let id = id.as_str().unwrap_or_default();
        body(h.get(&format!("/Users/{id}")).await).await["roles"][0]["value"].to_string()
    },
    PutMergesGrants => "null", |h| {
        let mut u = user("revoked@example.com");
        u["roles"] = json!([{"value": "role-editor", "display": "Editor"}]);
        let id = body(h.post("/Users", &u).await).await["id"].clone();
        let path = format!("/Users/{}", id.as_str().unwrap_or_default());
        h.send_json(Method::PUT, &path, &user("revoked@example.com")).await;
        body(h.get(&path).await).await["roles"].to_string()
    },
    SpcIncomplete => "true", |h| {
        body(h.get("/ServiceProviderConfig").await).await["changePassword"]["supported"]
            .is_boolean()
            .to_string()
    },
    SpcSupportedAsString => "true", |h| {
        body(h.get("/ServiceProviderConfig").await).await["sort"]["supported"].to_string()
    },
    ResourceTypesIncomplete => "false", |h| {
        body(h.get("/ResourceTypes/User").await).await["schemaExtensions"][0]["required"]
            .to_string()
    },
    SchemasListMessageSchemas => "0", |h| {
        let schemas = body(h.get("/Schemas").await).await;
        let listed = schemas["Resources"].as_array().cloned().unwrap_or_default();
        let is_message = |s: &&Value| {
            s["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("urn:ietf:params:scim:api:"))
        };
        listed.iter().filter(is_message).count().to_string()
    },
    SchemasWithoutSubAttributes => "true", |h| {
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
    },
    ExcludedAttributesRemovesAlways => "true", |h| {
        let path = user_path(h, "excluded@example.com").await;
        let read = body(h.get(&format!("{path}?excludedAttributes=id")).await).await;
        read.get("id").is_some().to_string()
    },
    PatchAttributesNoContent => "200", |h| {
        let path = user_path(h, "projected@example.com").await;
        let op = patch(json!([{"op": "replace", "path": "displayName", "value": "X"}]));
        let projected = format!("{path}?attributes=displayName");
        status(h.send_json(Method::PATCH, &projected, &op).await).await
    },
    NegativeCountRefused => "200", |h| { status(h.get("/Users?count=-1").await).await },
    ListWithoutStartIndex => "true", |h| {
        let list = body(h.get("/Users?count=1").await).await;
        list.get("startIndex").is_some().to_string()
    },
    UnknownQueryParameterRefused => "200", |h| {
        status(h.get("/Users?count=1&vendorExtension=1").await).await
    },
    FilterBooleanOrderingAccepted => "400", |h| {
        status(
            h.get(&format!("/Users?filter={}", q("active gt false")))
                .await,
        )
        .await
    },
    FilterEmailsCaseSensitive => "1", |h| {
        h.create_user("mixed.case@example.com").await;
        count_matching(h, "emails.value eq \"MIXED.CASE@EXAMPLE.COM\"").await
    },
    FilterCaseExactIgnored => "0", |h| {
        let mut u = user("external@example.com");
        u["externalId"] = json!("Ext-AbC");
        h.post("/Users", &u).await;
        count_matching(h, "externalId co \"-abc\"").await
    },
    FilterEscapesNotDecoded => "1", |h| {
        h.create_user("escaped-name@example.com").await;
        count_matching(h, "userName eq \"escaped\\u002dname@example.com\"").await
    },
    PatchReadOnlyAccepted => "400", |h| {
        patch_status(
            h,
            json!({"op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"}),
        )
        .await
    },
    PatchAddReplacesMultiValued => "2", |h| {
        let added = json!({"op": "add", "path": "emails",
            "value": [{"value": "home@example.com", "type": "home"}]});
        let read = read_after_patch(h, added).await;
        read["emails"].as_array().map_or(0, Vec::len).to_string()
    },
    PatchAddDuplicatesValues => "1", |h| {
        let readded = json!({"op": "add", "path": "emails",
            "value": [{"value": "po@example.com", "type": "work", "primary": true}]});
        let read = read_after_patch(h, readded).await;
        read["emails"].as_array().map_or(0, Vec::len).to_string()
    },
    FilterBinaryOrderingAccepted => "400", |h| {
        status(
            h.get(&format!("/Users?filter={}", q("x509Certificates.value gt \"TUlJQw==\"")))
                .await,
        )
        .await
    },
    FilterValuepathAnyValue => "0", |h| {
        let mut crossed = user("crossed@example.com");
        crossed["emails"] = json!([
            {"value": "w@example.com", "type": "work"},
            {"value": "h@example.com", "type": "home"},
        ]);
        h.post("/Users", &crossed).await;
        count_matching(h, "emails[type eq \"work\" and value eq \"h@example.com\"]").await
    },
    PatchRemoveSingleValuedIgnored => "null", |h| {
        let op = json!({"op": "remove", "path": "name"});
        read_after_patch(h, op).await["name"].to_string()
    },
    PatchRemoveMultiValuedNeedsFilter => "200", |h| {
        patch_status(h, json!({"op": "remove", "path": "emails"})).await
    },
    PatchReplaceUnassignedNoTarget => "200", |h| {
        let op = json!({"op": "replace", "path": "nickName", "value": "Nick"});
        patch_status(h, op).await
    },
    PatchReplaceComplexOverwrites => "\"Lovelace\"", |h| {
        let mut named = user("named@example.com");
        named["name"] = json!({"givenName": "Ada", "familyName": "Lovelace"});
        let created = body(h.post("/Users", &named).await).await;
        let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
        let op = patch(
            json!([{"op": "replace", "path": "name", "value": {"givenName": "Augusta"}}]),
        );
        h.send_json(Method::PATCH, &path, &op).await;
        body(h.get(&path).await).await["name"]["familyName"].to_string()
    },
    PatchReplaceUnmatchedFilterAdds => "400", |h| {
        let filtered = "emails[type eq \"other\"].value";
        let op = json!({"op": "replace", "path": filtered, "value": "o@example.com"});
        patch_status(h, op).await
    },
    BulkStopsAtFirstError => "2", |h| {
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
    BulkResponseWithoutBulkId => "\"one\"", |h| {
        let bulk = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [
                {"method": "POST", "path": "/Users", "bulkId": "one", "data": user("one@example.com")},
            ],
        });
        body(h.post("/Bulk", &bulk).await).await["Operations"][0]["bulkId"].to_string()
    },
    SchemasDroppedUnderAttributes => "true", |h| {
        let path = user_path(h, "projected-schemas@example.com").await;
        let read = body(h.get(&format!("{path}?attributes=userName")).await).await;
        read.get("schemas").is_some().to_string()
    },
    ExternalIdInvented => "false", |h| {
        let mut plain = user("no-external-id@example.com");
        plain.as_object_mut().map(|o| o.remove("externalId"));
        body(h.post("/Users", &plain).await)
            .await
            .get("externalId")
            .is_some()
            .to_string()
    },
    LastModifiedAfterCreated => "true", |h| {
        let meta = h.create_user("stamped@example.com").await["meta"].clone();
        (meta["created"] == meta["lastModified"]).to_string()
    },
    NonAsciiMangled => "\"Zoë\"", |h| {
        let mut accented = user("accented@example.com");
        accented["displayName"] = json!("Zoë");
        body(h.post("/Users", &accented).await).await["displayName"].to_string()
    },
    CaseExactLowercased => "\"MiXeD\"", |h| {
        let mut mixed = user("mixed@example.com");
        mixed["externalId"] = json!("MiXeD");
        body(h.post("/Users", &mixed).await).await["externalId"].to_string()
    },
    BulkLimitErrorVague => "true", |h| {
        let operation = json!({"method": "DELETE", "path": "/Users/nope"});
        let bulk = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": vec![operation; 1001],
        });
        let refused = body(h.post("/Bulk", &bulk).await).await;
        let detail = refused["detail"].as_str().unwrap_or_default().to_owned();
        detail.contains("maxOperations").to_string()
    },
    DiscoveryListsPaged => "4", |h| {
        let list = body(h.get("/ResourceTypes?count=1").await).await;
        list["Resources"].as_array().map_or(0, Vec::len).to_string()
    },
    RootSearchUsersOnly => "1", |h| {
        h.post("/Groups", &group("Rooted", &[])).await;
        let search = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": "displayName eq \"Rooted\"",
        });
        body(h.post("/.search", &search).await).await["totalResults"].to_string()
    },
    PutStoresReadOnly => "false", |h| {
        let path = user_path(h, "put-meta@example.com").await;
        let mut replaced = user("put-meta@example.com");
        replaced["meta"] = json!({"created": "2001-02-03T04:05:06Z"});
        let answered = body(h.send_json(Method::PUT, &path, &replaced).await).await;
        (answered["meta"]["created"] == "2001-02-03T04:05:06Z").to_string()
    },
    DiscoveryFilterServed => "403", |h| {
        status(
            h.get(&format!("/Schemas?filter={}", q("id eq \"x\"")))
                .await,
        )
        .await
    },
    SpcPatchUnsupported => "true", |h| {
        body(h.get("/ServiceProviderConfig").await).await["patch"]["supported"].to_string()
    },
    PatchNoopModifies => "true", |h| {
        let created = h.create_user("noop@example.com").await;
        let path = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
        let op = patch(json!([{"op": "add", "path": "userName", "value": "noop@example.com"}]));
        let patched = body(h.send_json(Method::PATCH, &path, &op).await).await;
        (patched["meta"]["version"] == created["meta"]["version"]).to_string()
    },
    FilterSchemasUnsupported => "200", |h| {
        let by_schema = q("schemas eq \"urn:ietf:params:scim:schemas:core:2.0:User\"");
        status(h.get(&format!("/Users?count=1&filter={by_schema}")).await).await
    },
    SchemasDottedAttributeNames => "0", |h| {
        let schema = body(
            h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                .await,
        )
        .await;
        let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
        let dotted = |a: &&Value| a["name"].as_str().is_some_and(|n| n.contains('.'));
        attributes.iter().filter(dotted).count().to_string()
    },
    UserGroupsWritable => "[]", |h| {
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
    PatchRemoveFilterKeepsRecords => "null", |h| {
        let op = json!({"op": "remove", "path": "emails[type eq \"work\"]"});
        read_after_patch(h, op).await["emails"].to_string()
    },
    UnknownPathsServeGroups => "404 200", |h| {
        let bulk = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
            "Operations": [],
        });
        let unknown = status(h.post("/Unknown", &group("Unknown", &[])).await).await;
        let bulk = status(h.post("/Bulk", &bulk).await).await;
        format!("{unknown} {bulk}")
    },
    GroupMembersIgnoredOnCreate => "1", |h| {
        let (_, gid) = member_and_group(h).await;
        let read = body(h.get(&format!("/Groups/{gid}")).await).await;
        read["members"].as_array().map_or(0, Vec::len).to_string()
    },
    PatchUrnPathRefused => "200", |h| {
        let department =
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
        patch_status(h, json!({"op": "add", "path": department, "value": "Research"})).await
    },
    DiscoveryServesGroups => "[\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"]", |h| {
        body(h.get("/ServiceProviderConfig").await).await["schemas"].to_string()
    },
    FilterOnlyFirstEq => "0", |h| {
        h.create_user("nonick@example.com").await;
        count_matching(h, "nickName pr and userName eq \"nonick@example.com\"").await
    },
}

/// Probes `defect` against a correct server and one committing it; what went wrong, if anything.
async fn probe(defect: Defect) -> Option<String> {
    let correct = Harness::new().await;
    let broken = Harness::start(ServerConfig::default().with_defect(defect)).await;
    let good = observe(defect, &correct).await;
    let bad = observe(defect, &broken).await;
    let expected = correct_answer(defect);
    if good != expected {
        Some(format!(
            "{defect}: the correct server answers {good}, not {expected}"
        ))
    } else if bad == good {
        Some(format!(
            "{defect}: not observable, both servers answer {good}"
        ))
    } else {
        None
    }
}

/// How many defects are probed at once (each probe runs two servers).
const PARALLEL_PROBES: usize = 8;

#[tokio::test(flavor = "multi_thread")]
async fn every_defect_is_observable_and_the_correct_server_gives_the_rfc_answer() {
    let mut pending = Defect::ALL.iter().copied();
    let mut probes = JoinSet::new();
    let mut problems = Vec::new();
    loop {
        while probes.len() < PARALLEL_PROBES {
            let Some(defect) = pending.next() else { break };
            probes.spawn(probe(defect));
        }
        let Some(outcome) = probes.join_next().await else {
            break;
        };
        problems.extend(outcome.expect("a probe does not panic"));
    }
    problems.sort();
    assert!(problems.is_empty(), "{problems:#?}");
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
