//! The human-readable members of discovery: RFC 7643 §6 and §7 make a ResourceType's
//! `description`, a Schema's `name` and `description` and an attribute's `description`
//! OPTIONAL members that service providers MUST give "when applicable". They are applicable
//! where RFC 7643 itself gives them: the User and Group resource types (§8.6), their core
//! schemas and the enterprise extension, and the attributes §4 defines in them (§8.7.1). An
//! attribute a server adds, or a common attribute it lists (`externalId`, §3.1), is not held
//! to it. Admin consoles show these texts where an IdP's mapping editor lists the attributes.

use super::DiscoveryList;
use crate::check::Check;
use crate::probe::{Probe, Stop};
use crate::reply::attribute;
use scim::schema::{Schema, core, urn};
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.resource-types.described",
            "The User and Group ResourceTypes give a description",
            |p| Box::pin(resource_types(p)),
        )
        .rfc("RFC 7643 §6 (description: when applicable, MUST)")
        .requirements(&["7643-6-5"])
        .defects(&["discovery-undescribed"])
        .hint("Give the User and Group ResourceTypes a description (e.g. \"User Account\"): admin consoles show it."),
        Check::new(
            "discovery.schemas.described",
            "The User, Group and enterprise User schemas give a name, a description, and a description of every attribute RFC 7643 defines in them",
            |p| Box::pin(schemas(p)),
        )
        .rfc("RFC 7643 §7 (name, description, attribute description: when applicable, MUST)")
        .requirements(&["7643-7-5", "7643-7-7", "7643-7-10"])
        .defects(&["discovery-undescribed"])
        .hint("Give each served core schema its name (\"User\", \"Group\", \"EnterpriseUser\") and description, and each of its attributes a description."),
    ]
}

/// Whether `value` is a non-empty string.
fn given(value: &Value) -> bool {
    value.as_str().is_some_and(|s| !s.trim().is_empty())
}

async fn resource_types(p: &mut Probe) -> Result<(), Stop> {
    let types = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let core: Vec<&Value> = super::entries(&types, DiscoveryList::ResourceTypes)
        .filter(|t| {
            let schema = attribute(t, "schema").as_str().unwrap_or_default();
            [urn::USER, urn::GROUP]
                .iter()
                .any(|u| u.eq_ignore_ascii_case(schema))
        })
        .collect();
    if core.is_empty() {
        return Err(p.skip("/ResourceTypes lists neither User nor Group"));
    }
    let undescribed: Vec<String> = core
        .iter()
        .filter(|t| !given(attribute(t, "description")))
        .map(|t| {
            attribute(t, "name")
                .as_str()
                .unwrap_or("(no name)")
                .to_owned()
        })
        .collect();
    p.equal(
        "ResourceTypes without a description",
        &[] as &[String],
        &undescribed[..],
    )
}

async fn schemas(p: &mut Probe) -> Result<(), Stop> {
    let served = super::readable(p, DiscoveryList::Schemas).await?;
    let defined = [
        core::user_schema(),
        core::group_schema(),
        core::enterprise_user_schema(),
    ];
    let mut gaps = Vec::new();
    let mut judged = 0;
    for schema in super::entries(&served, DiscoveryList::Schemas) {
        let id = attribute(schema, "id").as_str().unwrap_or_default();
        let Some(rfc) = defined.iter().find(|d| d.id.eq_ignore_ascii_case(id)) else {
            continue;
        };
        judged += 1;
        gaps.extend(schema_gaps(schema, rfc));
    }
    if judged == 0 {
        return Err(p.skip("/Schemas serves none of the User, Group and enterprise User schemas"));
    }
    p.equal(
        "names and descriptions missing",
        &[] as &[String],
        &gaps[..],
    )
}

/// What `served`, the server's rendering of the RFC schema `rfc`, leaves undescribed: its
/// name, its description, and the description of each attribute of it that RFC 7643 defines.
fn schema_gaps(served: &Value, rfc: &Schema) -> Vec<String> {
    let mut gaps: Vec<String> = ["name", "description"]
        .into_iter()
        .filter(|member| !given(attribute(served, member)))
        .map(|member| format!("{}: {member}", rfc.name))
        .collect();
    let attributes = attribute(served, "attributes")
        .as_array()
        .into_iter()
        .flatten();
    for definition in attributes {
        let name = attribute(definition, "name").as_str().unwrap_or_default();
        let defined = rfc
            .attributes
            .iter()
            .any(|a| a.name.eq_ignore_ascii_case(name));
        if defined && !given(attribute(definition, "description")) {
            gaps.push(format!("{}: {name}.description", rfc.name));
        }
    }
    gaps
}
