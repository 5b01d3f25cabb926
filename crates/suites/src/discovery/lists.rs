//! /ResourceTypes and /Schemas answer ListResponses (RFC 7644 §4). Each way of getting that
//! wrong fails one check here and nothing else: the suite never takes its endpoints from
//! /ResourceTypes (see `discovered.rs`), and the checks that read these lists skip, naming these
//! checks, when a list cannot be read.

use super::DiscoveryList;
use crate::check::Check;
use crate::probe::{Probe, Stop};
use crate::reply::json_type;
use scim::schema::urn;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.resource-types.served",
            "GET /ResourceTypes answers 200",
            |p| Box::pin(served(p, DiscoveryList::ResourceTypes)),
        )
        .rfc("RFC 7644 §4 (/ResourceTypes)")
        .requirements(&["7644-4-1"])
        // RFC 7644 §4 defines the endpoint ("used to discover the types of resources
        // available") without a requirement keyword, and IdPs do not call it: a SHOULD.
        .defects(&["resource-types-missing"])
        .hint("Serve GET /ResourceTypes with a ListResponse of your resource types (User, Group)."),
        Check::new(
            "discovery.resource-types.list-response",
            "GET /ResourceTypes answers a ListResponse: a JSON object with an integer totalResults and Resources that are ResourceTypes (schemas listing the ResourceType URN, a name, an endpoint and a schema)",
            |p| Box::pin(list_response(p, DiscoveryList::ResourceTypes)),
        )
        // "When returning multiple ResourceTypes or Schemas, the message form described by the
        // ListResponse form SHALL be used" (RFC 7644 §4); totalResults is REQUIRED (§3.4.2);
        // "schemas" is REQUIRED (RFC 7643 §3) and name, endpoint and schema are (§6).
        .rfc("RFC 7644 §4, §3.4.2; RFC 7643 §3 (schemas), §6 (REQUIRED attributes)")
        .requirements(&["7643-6-4", "7643-6-7", "7643-6-9", "7644-4-4"])
        .defects(&[
            "discovery-html",
            "discovery-without-total-results",
            "discovery-resources-as-strings",
            "discovery-serves-groups",
        ])
        .hint("Answer GET /ResourceTypes with application/scim+json: {\"schemas\":[ListResponse URN], \"totalResults\": n, \"Resources\": [ResourceType objects, each with schemas [ResourceType URN], name, endpoint and schema]}."),
        Check::new(
            "discovery.resource-types.user-listed",
            "GET /ResourceTypes lists the User resource type the server serves at /Users",
            |p| Box::pin(user_listed(p)),
        )
        // /ResourceTypes is "used to discover the types of resources available" (RFC 7644 §4),
        // with no keyword of its own; a client reading it to find the User endpoint finds none.
        .rfc("RFC 7644 §4 (/ResourceTypes: the types of resources available); RFC 7643 §6")
        .requirements(&["7644-4-1"])
        .defects(&["resource-types-omit-user"])
        .hint("List every resource type you serve in /ResourceTypes, User (schema urn:ietf:params:scim:schemas:core:2.0:User, endpoint /Users) included: clients that discover endpoints read it there."),
        Check::new(
            "discovery.schemas.served",
            "GET /Schemas answers 200",
            |p| Box::pin(served(p, DiscoveryList::Schemas)),
        )
        // "An HTTP GET to the endpoint "/Schemas" SHALL return all supported schemas in
        // ListResponse format" (RFC 7644 §4).
        .rfc("RFC 7644 §4 (/Schemas)")
        .requirements(&["7644-4-3"])
        .defects(&["schemas-missing"])
        .hint("Serve GET /Schemas with a ListResponse of every schema your resources use."),
        Check::new(
            "discovery.schemas.list-response",
            "GET /Schemas answers a ListResponse: a JSON object with an integer totalResults and Resources that are Schemas (an id and attributes)",
            |p| Box::pin(list_response(p, DiscoveryList::Schemas)),
        )
        // id and attributes are REQUIRED (RFC 7643 §7).
        .rfc("RFC 7644 §4, §3.4.2; RFC 7643 §7 (REQUIRED attributes)")
        .requirements(&["7643-7-2", "7643-7-4", "7644-4-3", "7644-4-4"])
        .defects(&[
            "discovery-html",
            "discovery-without-total-results",
            "discovery-resources-as-strings",
            "discovery-serves-groups",
        ])
        .hint("Answer GET /Schemas with application/scim+json: {\"schemas\":[ListResponse URN], \"totalResults\": n, \"Resources\": [Schema objects, each with its URN as id and its attributes]}."),
    ]
}

async fn served(p: &mut Probe, list: DiscoveryList) -> Result<(), Stop> {
    let reply = p.get(list.path()).await?;
    p.status(&reply, &[200])
}

/// The resource types listed, by the `name` each gives: one of them is User's when it is named
/// User, has the core User schema or is at /Users (a server may name its type otherwise, as
/// `Discovered::declares` accepts). A list without one is judged only when GET /Users answers a
/// ListResponse — the server serves users it does not list (the rest of the suite, which reads
/// /ResourceTypes, then skips the User checks naming it).
async fn user_listed(p: &mut Probe) -> Result<(), Stop> {
    let list = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let is_user = |rt: &Value| {
        rt["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case("User"))
            || rt["schema"] == urn::USER
            || rt["endpoint"]
                .as_str()
                .is_some_and(|e| e.trim_matches('/').eq_ignore_ascii_case("Users"))
    };
    let types: Vec<&Value> = super::entries(&list, DiscoveryList::ResourceTypes).collect();
    let names: Vec<Value> = types.iter().map(|rt| rt["name"].clone()).collect();
    let user = types
        .iter()
        .find(|rt| is_user(rt))
        .map(|rt| rt["name"].clone());
    if user.is_none() {
        let users = p.get("/Users?count=1").await?;
        if users.status != 200 || !users.lists_schema(urn::LIST_RESPONSE) {
            return Err(p.skip(format!(
                "/ResourceTypes lists no User type and GET /Users answered {} without a ListResponse: the server serves no users there",
                users.status
            )));
        }
    }
    p.expect_includes(
        "names of the listed resource types (User's: named User, with the core User schema or at /Users)",
        &names,
        &user.unwrap_or_else(|| Value::from("User")),
    )
}

async fn list_response(p: &mut Probe, list: DiscoveryList) -> Result<(), Stop> {
    let reply = p.get(list.path()).await?;
    if reply.status != 200 {
        return Err(p.skip(format!(
            "GET {} answered {}, which discovery.{}.served judges",
            list.path(),
            reply.status,
            list.id()
        )));
    }
    p.equal("body", "object", json_type(reply.json.as_ref()))?;
    p.expect_count("totalResults", reply.get("totalResults"))?;
    p.equal(
        "Resources",
        "array",
        json_type(Some(reply.get("Resources"))),
    )?;
    let strangers: Vec<String> = reply
        .resources()
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let gaps = list.gaps(entry);
            (!gaps.is_empty()).then(|| format!("Resources[{i}]: {}", gaps.join(", ")))
        })
        .collect();
    p.equal(
        &format!("Resources that are not {}s", list.entry()),
        &[] as &[String],
        &strangers[..],
    )
}
