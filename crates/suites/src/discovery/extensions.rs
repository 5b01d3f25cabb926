//! What servers add to SCIM, held to the RFC's conventions for additions: attribute types
//! from RFC 7643 §2.3 only, extension schemas that leave the core attributes alone (§3.3), and
//! endpoints of extended resource types named by appending an "s" (RFC 7644 §3.2). Clients
//! (an IdP's mapping editor, a generic SCIM library) are written against these conventions.

use super::DiscoveryList;
use crate::check::Check;
use crate::probe::{Probe, Stop};
use crate::reply::attribute;
use scim::schema::urn;
use serde_json::Value;

/// The data types RFC 7643 §2.3 defines, as /Schemas spells them.
const RFC_TYPES: [&str; 8] = [
    "string",
    "boolean",
    "decimal",
    "integer",
    "dateTime",
    "binary",
    "reference",
    "complex",
];

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.schemas.rfc-data-types",
            "Every attribute /Schemas defines has one of RFC 7643's data types",
            |p| Box::pin(data_types(p)),
        )
        .rfc("RFC 7643 §2.3 (SCIM extensions SHOULD NOT introduce new data types)")
        .requirements(&["7643-2.3-1"])
        .defects(&["schemas-new-data-type"])
        .hint("Declare every attribute with a type of RFC 7643 §2.3: string, boolean, decimal, integer, dateTime, binary, reference or complex (e.g. a number kept as text is a string)."),
        Check::new(
            "discovery.schemas.extensions-keep-core",
            "No extension schema of a resource type redefines an attribute of the type's core schema",
            |p| Box::pin(extensions_keep_core(p)),
        )
        .rfc("RFC 7643 §3.3 (Schema extensions SHOULD avoid redefining any attributes defined in this specification)")
        .requirements(&["7643-3.3-5"])
        .defects(&["extension-redefines-core"])
        .hint("Give extension attributes names of their own; a core attribute (displayName, emails…) is set in the core schema, not again in an extension."),
        Check::new(
            "discovery.resource-types.extended-endpoints-plural",
            "The endpoint of each resource type beyond User and Group is its name with an \"s\" appended",
            |p| Box::pin(extended_endpoints(p)),
        )
        .rfc("RFC 7644 §3.2 (extended resources SHOULD be at the resource name plus \"s\")")
        .requirements(&["7644-3.2-1"])
        .defects(&["extended-endpoint-singular"])
        .hint("Serve an extended resource type at its name plus \"s\" (Role at /Roles, Entitlement at /Entitlements), where clients look first."),
    ]
}

/// The attributes of `definitions` and their sub-attributes whose `type` RFC 7643 does not
/// define, as `path: type`.
fn foreign_types(prefix: &str, definitions: &Value, found: &mut Vec<String>) {
    for definition in definitions.as_array().into_iter().flatten() {
        let name = attribute(definition, "name")
            .as_str()
            .unwrap_or("(no name)");
        let path = format!("{prefix}{name}");
        match attribute(definition, "type").as_str() {
            // Compared without case: "DateTime" is RFC 7643's dateTime spelt loosely, not a
            // new type.
            Some(t) if RFC_TYPES.iter().any(|r| r.eq_ignore_ascii_case(t)) => {}
            other => found.push(format!("{path}: {}", other.unwrap_or("(no type)"))),
        }
        foreign_types(
            &format!("{path}."),
            attribute(definition, "subAttributes"),
            found,
        );
    }
}

async fn data_types(p: &mut Probe) -> Result<(), Stop> {
    let schemas = super::readable(p, DiscoveryList::Schemas).await?;
    let mut found = Vec::new();
    for schema in super::entries(&schemas, DiscoveryList::Schemas) {
        let id = attribute(schema, "id").as_str().unwrap_or("(no id)");
        foreign_types(
            &format!("{id}:"),
            attribute(schema, "attributes"),
            &mut found,
        );
    }
    p.equal(
        "attributes of a type RFC 7643 does not define",
        &[] as &[String],
        &found[..],
    )
}

/// The lower-cased names of the attributes the served schema `id` defines, if it is served.
fn attribute_names(schemas: &[&Value], id: &str) -> Option<Vec<String>> {
    let schema = schemas.iter().find(|s| {
        attribute(s, "id")
            .as_str()
            .is_some_and(|s| s.eq_ignore_ascii_case(id))
    })?;
    let names = attribute(schema, "attributes")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| attribute(a, "name").as_str())
        .map(str::to_ascii_lowercase)
        .collect();
    Some(names)
}

async fn extensions_keep_core(p: &mut Probe) -> Result<(), Stop> {
    let types = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let served = super::readable(p, DiscoveryList::Schemas).await?;
    let schemas: Vec<&Value> = super::entries(&served, DiscoveryList::Schemas).collect();
    let mut redefined = Vec::new();
    let mut judged = 0;
    for resource_type in super::entries(&types, DiscoveryList::ResourceTypes) {
        let core = attribute(resource_type, "schema")
            .as_str()
            .unwrap_or_default();
        let Some(core_names) = attribute_names(&schemas, core) else {
            continue;
        };
        let extensions = attribute(resource_type, "schemaExtensions");
        for extension in extensions.as_array().into_iter().flatten() {
            let id = attribute(extension, "schema").as_str().unwrap_or_default();
            let Some(names) = attribute_names(&schemas, id) else {
                continue;
            };
            judged += 1;
            redefined.extend(
                names
                    .iter()
                    .filter(|n| core_names.contains(n))
                    .map(|n| format!("{id}: {n}")),
            );
        }
    }
    if judged == 0 {
        return Err(p.skip(
            "no resource type names an extension /Schemas serves along with its core schema",
        ));
    }
    p.equal(
        "core attributes an extension defines again",
        &[] as &[String],
        &redefined[..],
    )
}

/// The endpoints RFC 7644 §3.2 accepts for the resource `name`: its name with an "s" appended,
/// or another English plural of it, since "resource pluralization is ambiguous, e.g., a
/// resource named "Person" is legitimately "Persons" and "People"" (`Address` → `Addresses`,
/// `Policy` → `Policies`).
fn plurals(name: &str) -> Vec<String> {
    let mut plurals = vec![format!("{name}s"), format!("{name}es")];
    if let Some(stem) = name.strip_suffix(['y', 'Y']) {
        plurals.push(format!("{stem}ies"));
    }
    if let Some(stem) = name.strip_suffix("erson") {
        plurals.push(format!("{stem}eople"));
    }
    plurals
}

async fn extended_endpoints(p: &mut Probe) -> Result<(), Stop> {
    let types = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let extended: Vec<&Value> = super::entries(&types, DiscoveryList::ResourceTypes)
        .filter(|t| {
            let schema = attribute(t, "schema").as_str().unwrap_or_default();
            ![urn::USER, urn::GROUP]
                .iter()
                .any(|u| u.eq_ignore_ascii_case(schema))
        })
        .collect();
    if extended.is_empty() {
        return Err(p.skip("/ResourceTypes lists no resource type beyond User and Group"));
    }
    let elsewhere: Vec<String> = extended
        .iter()
        .filter_map(|t| {
            let name = attribute(t, "name").as_str()?;
            let endpoint = attribute(t, "endpoint").as_str()?;
            let bare = endpoint.trim_matches('/');
            let plural = plurals(name).iter().any(|p| bare.eq_ignore_ascii_case(p));
            (!plural).then(|| format!("{name} at {endpoint}"))
        })
        .collect();
    p.equal(
        "extended resource types not at their name plus \"s\"",
        &[] as &[String],
        &elsewhere[..],
    )
}

#[cfg(test)]
mod tests {
    use super::plurals;

    #[test]
    fn an_s_and_the_english_plurals_are_accepted_and_the_singular_is_not() {
        for (name, plural) in [
            ("Role", "Roles"),
            ("Address", "Addresses"),
            ("Policy", "Policies"),
            ("Person", "People"),
            ("Person", "Persons"),
        ] {
            assert!(
                plurals(name).iter().any(|p| p == plural),
                "{name} → {plural}"
            );
        }
        assert!(!plurals("Role").iter().any(|p| p == "Role"));
    }
}
