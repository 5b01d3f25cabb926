//! The members RFC 7643 §5–§7 makes REQUIRED in each discovery resource: what a client reads
//! from ServiceProviderConfig, /ResourceTypes and /Schemas must be there, with its type, and
//! every entry whatever paging the query asks for. Each check lists everything missing at
//! once, so one run shows the whole fix.

use super::DiscoveryList;
use crate::check::Check;
use crate::discovered::{SPC_SERVED, SpcGap};
use crate::probe::{Probe, Stop};
use crate::reply::{Reply, attribute, json_type};
use scim::schema::urn;
use serde_json::Value;

/// The capability objects of ServiceProviderConfig, each with a Boolean `supported`.
const CAPABILITIES: [&str; 6] = ["patch", "bulk", "filter", "changePassword", "sort", "etag"];

/// The integer limits ServiceProviderConfig gives, as (capability, member).
const LIMITS: [(&str, &str); 3] = [
    ("bulk", "maxOperations"),
    ("bulk", "maxPayloadSize"),
    ("filter", "maxResults"),
];

/// How the ids of protocol messages begin (RFC 7644 §3.1): they are not resources.
const MESSAGE_URN: &str = "urn:ietf:params:scim:api:";

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            SPC_SERVED,
            "GET /ServiceProviderConfig answers 200 with a ServiceProviderConfig: a JSON object whose schemas list its URN, with patch, bulk, filter, changePassword, sort, etag and authenticationSchemes",
            |p| Box::pin(spc_served(p)),
        )
        // "This endpoint SHALL return responses with a JSON object using a "schemas" attribute
        // of "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"" (RFC 7644 §4); the
        // seven members are REQUIRED (RFC 7643 §5). What the suite reads of the server's
        // capabilities comes from here: the checks it then skips as not advertised name this one.
        .rfc("RFC 7644 §4 (/ServiceProviderConfig); RFC 7643 §5 (REQUIRED members)")
        .requirements(&["7643-5-2", "7643-5-4", "7643-5-7", "7643-5-9", "7643-5-10", "7643-5-12", "7643-5-14", "7644-4-2"])
        .defects(&["discovery-serves-groups"])
        .hint("Serve GET /ServiceProviderConfig as one JSON object: {\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\"], \"patch\": {…}, \"bulk\": {…}, \"filter\": {…}, \"changePassword\": {…}, \"sort\": {…}, \"etag\": {…}, \"authenticationSchemes\": […]} (not a list, and not another endpoint's answer)."),
        Check::new(
            "discovery.spc.required-members",
            "Every ServiceProviderConfig capability is an object with a Boolean supported and its limits, and every authenticationSchemes entry has a type, name and description",
            |p| Box::pin(spc_members(p)),
        )
        .rfc("RFC 7643 §5 (REQUIRED members)")
        .requirements(&["7643-5-2", "7643-5-3", "7643-5-6", "7643-5-7", "7643-5-8", "7643-5-9", "7643-5-10", "7643-5-11", "7643-5-12", "7643-5-14", "7643-5-15", "7643-5-16", "7643-5-17", "7644-3.7.4-1"])
        .defects(&["spc-incomplete", "spc-supported-as-string"])
        .hint("Serve every REQUIRED ServiceProviderConfig member: patch, bulk (maxOperations, maxPayloadSize), filter (maxResults), changePassword, sort and etag, each with a Boolean supported, and authenticationSchemes whose entries have type, name and description."),
        Check::new(
            "discovery.resource-types.required-members",
            "Every ResourceType's name, endpoint and schema are strings, and every schemaExtensions entry has a schema and a Boolean required",
            |p| Box::pin(resource_type_members(p)),
        )
        .rfc("RFC 7643 §6 (REQUIRED attributes)")
        .requirements(&["7643-6-1", "7643-6-3", "7643-6-4", "7643-6-7", "7643-6-9", "7643-6-12", "7643-6-15"])
        .defects(&["resource-types-incomplete"])
        .hint("Give each ResourceType its name, endpoint and schema as strings, and each schemaExtensions entry its schema URN and required (true or false)."),
        Check::new(
            "discovery.schemas.ids",
            "Every /Schemas entry has a URI as id, and none is a protocol message (urn:ietf:params:scim:api:…)",
            |p| Box::pin(schema_ids(p)),
        )
        .rfc("RFC 7643 §7 (id is the schema URI); RFC 7644 §3.1 (messages are not discoverable)")
        .requirements(&["7643-7-3", "7644-3.1-3"])
        .defects(&["schemas-list-message-schemas"])
        .hint("List in /Schemas the resource schemas and extensions only, each with its URN as id; ListResponse, PatchOp, Error and the other message schemas are not resources."),
        Check::new(
            "discovery.schemas.attribute-definitions",
            "Every /Schemas attribute has a name of letters, digits, $, - and _ starting with a letter; only complex ones have subAttributes, and those are not complex",
            |p| Box::pin(attribute_definitions(p)),
        )
        .rfc("RFC 7643 §2.1 (ATTRNAME), §1.2 and §2.3.8 (sub-attributes)")
        .requirements(&["7643-1.2-2", "7643-2.1-2", "7643-2.3.8-2"])
        .defects(&["schemas-dotted-attribute-names"])
        .hint("Name attributes by the ATTRNAME grammar (no dots, spaces or URNs: sub-attributes go in subAttributes), give subAttributes to complex attributes only, and keep sub-attributes simple."),
        Check::new(
            "discovery.lists.paging-ignored",
            "/ResourceTypes and /Schemas ignore startIndex and count: the same entries come back",
            |p| Box::pin(paging_ignored(p)),
        )
        .rfc("RFC 7644 §4 (query parameters such as pagination are ignored)")
        .requirements(&["7644-4-5"])
        // A server that cannot parse `count` fails on /Users first (Canaille: one parser,
        // one crash): the same answer here is grouped behind that prerequisite.
        .shared_rule(crate::setup::COUNT_PARAMETER)
        .defects(&["discovery-lists-paged"])
        .hint("Answer /ResourceTypes and /Schemas with every entry whatever startIndex and count say: discovery is not paged."),
        Check::new(
            "discovery.lists.filter-403",
            "A filter on /ResourceTypes or /Schemas answers 403 (discovery lists are not filtered)",
            |p| Box::pin(filter_403(p)),
        )
        .rfc("RFC 7644 §4 (a filter on discovery: 403)")
        .requirements(&["7644-4-6"])
        .defects(&["discovery-filter-served"])
        .hint("Answer 403 to a filter on /ResourceTypes and /Schemas, so clients do not read the whole list as the matches."),
        Check::new(
            "discovery.spc.patch-supported",
            "ServiceProviderConfig says PATCH is supported",
            |p| Box::pin(patch_supported(p)),
        )
        .rfc("RFC 7644 §3.5 (service providers support PATCH)")
        .requirements(&["7644-3.5-2"])
        .tags(&["okta", "entra"])
        .defects(&["spc-patch-unsupported"])
        .hint("Support PATCH and say so (patch.supported: true): Entra updates users only with PATCH, and Okta prefers it."),
        Check::new(
            "discovery.schemas.complex-sub-attributes",
            "Every complex attribute in /Schemas lists its subAttributes",
            |p| Box::pin(complex_sub_attributes(p)),
        )
        .rfc("RFC 7643 §7 (subAttributes of a complex attribute)")
        .requirements(&["7643-7-9"])
        .defects(&["schemas-without-sub-attributes"])
        .hint("Describe each complex attribute's sub-attributes (name.givenName, emails.value…) in its subAttributes: clients map attributes from them."),
    ]
}

/// Expects `missing` (what a resource lacks, in words) to be empty.
fn expect_none_missing(p: &mut Probe, what: &str, missing: &[String]) -> Result<(), Stop> {
    p.equal(what, &[] as &[String], missing)
}

async fn spc_served(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.get("/ServiceProviderConfig").await?;
    p.status(&reply, &[200])?;
    p.equal("body", "object", json_type(reply.json.as_ref()))?;
    let gaps: Vec<String> = SpcGap::of(reply.status, reply.json.as_ref())
        .iter()
        .map(ToString::to_string)
        .collect();
    expect_none_missing(p, "what keeps it from being a ServiceProviderConfig", &gaps)
}

/// The members' insides: that they are there is `discovery.spc.served`'s to judge.
async fn spc_members(p: &mut Probe) -> Result<(), Stop> {
    let reply = super::service_provider_config(p).await?;
    let spc = reply.body();
    let mut missing = Vec::new();
    for capability in CAPABILITIES {
        let object = attribute(spc, capability);
        if !object.is_object() {
            missing.push(format!("{capability} (an object)"));
        } else if !attribute(object, "supported").is_boolean() {
            missing.push(format!("{capability}.supported (a Boolean)"));
        }
    }
    for (capability, limit) in LIMITS {
        let object = attribute(spc, capability);
        if object.is_object() && !attribute(object, limit).is_u64() {
            missing.push(format!("{capability}.{limit} (an integer)"));
        }
    }
    match attribute(spc, "authenticationSchemes").as_array() {
        None => missing.push("authenticationSchemes (an array)".into()),
        Some(schemes) => {
            for (i, scheme) in schemes.iter().enumerate() {
                for member in ["type", "name", "description"] {
                    if !attribute(scheme, member).is_string() {
                        missing.push(format!("authenticationSchemes[{i}].{member} (a string)"));
                    }
                }
            }
        }
    }
    expect_none_missing(p, "ServiceProviderConfig members missing", &missing)
}

async fn resource_type_members(p: &mut Probe) -> Result<(), Stop> {
    let types = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let mut missing = Vec::new();
    // Entries that are not ResourceTypes are discovery.resource-types.list-response's to judge.
    for (i, resource_type) in super::entries(&types, DiscoveryList::ResourceTypes).enumerate() {
        let label = attribute(resource_type, "name")
            .as_str()
            .map_or_else(|| format!("Resources[{i}]"), str::to_owned);
        for member in ["name", "endpoint", "schema"] {
            if !attribute(resource_type, member).is_string() {
                missing.push(format!("{label}: {member} (a string)"));
            }
        }
        let extensions = attribute(resource_type, "schemaExtensions");
        for (j, extension) in extensions.as_array().into_iter().flatten().enumerate() {
            if !attribute(extension, "schema").is_string() {
                missing.push(format!("{label}: schemaExtensions[{j}].schema (a string)"));
            }
            if !attribute(extension, "required").is_boolean() {
                missing.push(format!(
                    "{label}: schemaExtensions[{j}].required (a Boolean)"
                ));
            }
        }
    }
    expect_none_missing(p, "ResourceType members missing", &missing)
}

async fn paging_ignored(p: &mut Probe) -> Result<(), Stop> {
    for list in [DiscoveryList::ResourceTypes, DiscoveryList::Schemas] {
        let whole = super::readable(p, list).await?;
        let paged = p
            .list(list.path(), &[("startIndex", "2"), ("count", "1")])
            .await?;
        p.status(&paged, &[200])?;
        p.equal(
            &format!("ids of GET {}?startIndex=2&count=1", list.path()),
            &ids(&whole, list),
            &ids(&paged, list),
        )?;
    }
    Ok(())
}

async fn filter_403(p: &mut Probe) -> Result<(), Stop> {
    for list in [DiscoveryList::ResourceTypes, DiscoveryList::Schemas] {
        super::readable(p, list).await?;
        let filtered = p.list(list.path(), &[("filter", "id eq \"User\"")]).await?;
        p.expect_status(
            &format!("status of GET {} with a filter", list.path()),
            &filtered,
            &[403],
        )?;
    }
    Ok(())
}

async fn patch_supported(p: &mut Probe) -> Result<(), Stop> {
    let reply = super::service_provider_config(p).await?;
    let patch = attribute(reply.body(), "patch");
    p.equal(
        "patch.supported",
        &Value::Bool(true),
        attribute(patch, "supported"),
    )
}

/// The `id`s (or, lacking one, the `name`s) of a discovery list's entries, sorted.
fn ids(list: &Reply, kind: DiscoveryList) -> Vec<String> {
    let mut ids: Vec<String> = super::entries(list, kind)
        .map(|r| {
            let id = attribute(r, "id");
            let id = if id.is_null() {
                attribute(r, "name")
            } else {
                id
            };
            id.as_str().unwrap_or_default().to_owned()
        })
        .collect();
    ids.sort_unstable();
    ids
}

/// Whether `id` is a URI: a scheme (a letter, then letters, digits, `+`, `-` or `.`), a colon
/// and something after it.
fn is_uri(id: &str) -> bool {
    id.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

async fn schema_ids(p: &mut Probe) -> Result<(), Stop> {
    let schemas = super::readable(p, DiscoveryList::Schemas).await?;
    let ids: Vec<Value> = super::entries(&schemas, DiscoveryList::Schemas)
        .map(|s| attribute(s, "id").clone())
        .collect();
    let not_uris: Vec<&Value> = ids
        .iter()
        .filter(|id| !id.as_str().is_some_and(is_uri))
        .collect();
    p.equal("ids that are not URIs", &[] as &[&Value], &not_uris[..])?;
    let messages: Vec<&str> = ids
        .iter()
        .filter_map(Value::as_str)
        .filter(|id| id.to_ascii_lowercase().starts_with(MESSAGE_URN))
        .collect();
    p.equal(
        "protocol message schemas listed",
        &[] as &[&str],
        &messages[..],
    )
}

/// Whether `name` follows RFC 7643 §2.1's ATTRNAME (`ALPHA *("$" / "-" / "_" / DIGIT /
/// ALPHA)`), or is `$ref`, the sub-attribute RFC 7643 §2.4 itself names that way.
fn is_attribute_name(name: &str) -> bool {
    name == "$ref"
        || (name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '-' | '_')))
}

/// What is wrong with the attribute definition `definition` at `path` (nothing: empty): its
/// name, sub-attributes of a simple type, and a complex sub-attribute (`nested`: it is one),
/// which only the Schema resource's own schema may have (RFC 7643 §7: `may_nest`).
fn definition_problems(
    path: &str,
    definition: &Value,
    nested: bool,
    may_nest: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let name = attribute(definition, "name").as_str().unwrap_or_default();
    let here = if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    };
    if !is_attribute_name(name) {
        problems.push(format!("{here}: the name {name:?} is not an ATTRNAME"));
    }
    let complex = attribute(definition, "type")
        .as_str()
        .is_some_and(|t| t.eq_ignore_ascii_case("complex"));
    let subs = attribute(definition, "subAttributes")
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    if nested && complex && !may_nest {
        problems.push(format!("{here}: a sub-attribute that is complex"));
    }
    if !complex && !subs.is_empty() {
        problems.push(format!("{here}: a simple attribute with subAttributes"));
    }
    for sub in subs {
        problems.extend(definition_problems(&here, sub, true, may_nest));
    }
    problems
}

async fn attribute_definitions(p: &mut Probe) -> Result<(), Stop> {
    let schemas = super::readable(p, DiscoveryList::Schemas).await?;
    let mut problems = Vec::new();
    for schema in super::entries(&schemas, DiscoveryList::Schemas) {
        let id = attribute(schema, "id").as_str().unwrap_or("(no id)");
        let may_nest = id.eq_ignore_ascii_case(urn::SCHEMA);
        for definition in attribute(schema, "attributes")
            .as_array()
            .into_iter()
            .flatten()
        {
            let found = definition_problems("", definition, false, may_nest);
            problems.extend(found.into_iter().map(|problem| format!("{id}: {problem}")));
        }
    }
    expect_none_missing(p, "attribute definitions against RFC 7643", &problems)
}

async fn complex_sub_attributes(p: &mut Probe) -> Result<(), Stop> {
    let schemas = super::readable(p, DiscoveryList::Schemas).await?;
    let mut bare = Vec::new();
    for schema in super::entries(&schemas, DiscoveryList::Schemas) {
        let id = attribute(schema, "id").as_str().unwrap_or("(no id)");
        for definition in attribute(schema, "attributes")
            .as_array()
            .into_iter()
            .flatten()
        {
            let complex = attribute(definition, "type")
                .as_str()
                .is_some_and(|t| t.eq_ignore_ascii_case("complex"));
            let described = attribute(definition, "subAttributes")
                .as_array()
                .is_some_and(|subs| !subs.is_empty());
            if complex && !described {
                let name = attribute(definition, "name")
                    .as_str()
                    .unwrap_or("(no name)");
                bare.push(format!("{id}:{name}"));
            }
        }
    }
    expect_none_missing(p, "complex attributes without subAttributes", &bare)
}

#[cfg(test)]
mod tests {
    use super::is_uri;

    #[test]
    fn attribute_names_follow_attrname() {
        use super::is_attribute_name;
        for good in ["userName", "x509Certificates", "a$b-c_d", "$ref"] {
            assert!(is_attribute_name(good), "{good}");
        }
        for bad in ["name.givenName", "1st", "$value", "display name", ""] {
            assert!(!is_attribute_name(bad), "{bad}");
        }
    }

    #[test]
    fn schema_ids_are_uris() {
        assert!(is_uri("urn:ietf:params:scim:schemas:core:2.0:User"));
        assert!(is_uri("https://example.com/schemas/Custom"));
        assert!(!is_uri("User"));
        assert!(!is_uri("urn:"));
        assert!(!is_uri(":User"));
        assert!(!is_uri("1x:User"));
    }
}
