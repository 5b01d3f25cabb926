//! What /ResourceTypes says about the User and Group endpoints. The suite itself always calls
//! `{base}/Users` and `{base}/Groups`, as Okta and Entra do; these checks tell the server's
//! authors when their self-description disagrees, without derailing anything else.

use super::DiscoveryList;
use crate::check::{Check, Severity};
use crate::probe::{Probe, Stop};
use scim::schema::urn;
use scimcheck_engine::rule::relative_segment;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "discovery.resource-types.endpoint-relative",
            "The User and Group resource types give endpoints relative to the base URL (/Users, not /scim/v2/Users or a full URL)",
            |p| Box::pin(relative(p)),
        )
        // "endpoint: The resource type's HTTP-addressable endpoint relative to the Base URL of
        // the service provider, e.g., "Users". REQUIRED." (RFC 7643 §6)
        .rfc("RFC 7643 §6 (endpoint)")
        .requirements(&["7643-6-7"])
        .defects(&["resource-types-absolute-endpoint", "resource-types-url-endpoint"])
        .hint("Give each ResourceType's endpoint relative to the SCIM base URL: \"/Users\", not \"/scim/v2/Users\" nor \"https://…/Users\"; a client resolving it against the base URL repeats the base path."),
        Check::new(
            "discovery.resource-types.endpoint-conventional",
            "The User and Group resource types are at /Users and /Groups, where Okta and Entra send their requests",
            |p| Box::pin(conventional(p)),
        )
        // RFC 7644 §3.2 lists /Users and /Groups as the endpoints of User and Group without a
        // requirement keyword; Okta and Entra call exactly those paths: an interop rule.
        .rfc("RFC 7644 §3.2 (endpoints); Okta and Entra call {base}/Users and {base}/Groups")
        .severity(Severity::Interop)
        .tags(&["okta", "entra"])
        .defects(&["resource-types-trailing-slash"])
        .hint("Serve and declare User at \"/Users\" and Group at \"/Groups\" (no trailing slash): Okta and Entra call exactly those paths."),
    ]
}

/// The `endpoint`s /ResourceTypes gives for User and Group (found by name or core schema), or a
/// skip when the list cannot be read or names neither.
async fn endpoints(p: &mut Probe) -> Result<Vec<(&'static str, Value)>, Stop> {
    let list = super::readable(p, DiscoveryList::ResourceTypes).await?;
    let found: Vec<(&'static str, Value)> = [("User", urn::USER), ("Group", urn::GROUP)]
        .into_iter()
        .filter_map(|(name, schema)| {
            super::entries(&list, DiscoveryList::ResourceTypes)
                .find(|rt| rt["name"] == name || rt["schema"] == schema)
                .map(|rt| (name, rt["endpoint"].clone()))
        })
        .collect();
    if found.is_empty() {
        return Err(p.skip("/ResourceTypes lists neither User nor Group"));
    }
    Ok(found)
}

async fn relative(p: &mut Probe) -> Result<(), Stop> {
    for (name, endpoint) in endpoints(p).await? {
        p.expect_relative_endpoint(&format!("{name} endpoint"), &endpoint)?;
    }
    Ok(())
}

async fn conventional(p: &mut Probe) -> Result<(), Stop> {
    let found = endpoints(p).await?;
    // Endpoints that are not relative are discovery.resource-types.endpoint-relative's failure.
    let relative: Vec<(&str, &str)> = found
        .iter()
        .filter_map(|(name, e)| {
            e.as_str()
                .filter(|e| relative_segment(e).is_some())
                .map(|e| (*name, e))
        })
        .collect();
    if relative.is_empty() {
        return Err(p.skip(
            "no relative User or Group endpoint to judge; discovery.resource-types.endpoint-relative judges the others",
        ));
    }
    for (name, endpoint) in relative {
        let (slashed, bare) = match name {
            "User" => ("/Users", "Users"),
            _ => ("/Groups", "Groups"),
        };
        p.expect_one_of(&format!("{name} endpoint"), &[slashed, bare], endpoint)?;
    }
    Ok(())
}
