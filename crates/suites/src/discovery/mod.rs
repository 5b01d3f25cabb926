//! Discovery (RFC 7643 §5–§7, RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas,
//! whether they are served as ListResponses with the members RFC 7643 makes REQUIRED, what
//! /ResourceTypes says about the endpoints, whether what they advertise is true, and whether
//! /Schemas describes what resources carry.

mod consistent;
mod described;
mod endpoints;
mod extensions;
mod lists;
mod public;
mod read_only;
mod shape;
mod truthful;

use crate::check::Check;
use crate::discovered::{SPC_SERVED, SpcGap};
use crate::probe::{Probe, Stop};
use crate::reply::{Reply, attribute};
use scim::schema::urn;
use serde_json::Value;

/// The discovery checks.
pub fn checks() -> Vec<Check> {
    [
        lists::checks(),
        endpoints::checks(),
        truthful::checks(),
        read_only::checks(),
        consistent::checks(),
        shape::checks(),
        described::checks(),
        extensions::checks(),
        public::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// A discovery endpoint that answers a list.
#[derive(Debug, Clone, Copy)]
enum DiscoveryList {
    ResourceTypes,
    Schemas,
}

impl DiscoveryList {
    fn path(self) -> &'static str {
        match self {
            DiscoveryList::ResourceTypes => "/ResourceTypes",
            DiscoveryList::Schemas => "/Schemas",
        }
    }

    /// Its part of the check ids (`discovery.<id>.served`).
    fn id(self) -> &'static str {
        match self {
            DiscoveryList::ResourceTypes => "resource-types",
            DiscoveryList::Schemas => "schemas",
        }
    }

    /// What its entries are.
    fn entry(self) -> &'static str {
        match self {
            DiscoveryList::ResourceTypes => "ResourceType",
            DiscoveryList::Schemas => "Schema",
        }
    }

    /// What keeps `entry` from being one of this list's resources (empty: nothing). A
    /// ResourceType has a `schemas` listing its URN and the `name`, `endpoint` and `schema`
    /// RFC 7643 §6 makes REQUIRED (`id` is OPTIONAL there). A Schema has the `id` and
    /// `attributes` RFC 7643 §7 makes REQUIRED; its `schemas`, when present, lists the Schema
    /// URN, but it may be absent: RFC 7643 §8.7.1 shows Schema resources without one.
    /// Whether the members have the right types is the `required-members`, `ids` and
    /// `attribute-definitions` checks' business.
    fn gaps(self, entry: &Value) -> Vec<String> {
        if !entry.is_object() {
            return vec!["not an object".into()];
        }
        let (urn, required, schemas_required): (&str, &[&str], bool) = match self {
            DiscoveryList::ResourceTypes => {
                (urn::RESOURCE_TYPE, &["name", "endpoint", "schema"], true)
            }
            DiscoveryList::Schemas => (urn::SCHEMA, &["id", "attributes"], false),
        };
        let schemas = attribute(entry, "schemas");
        let listed = schemas.as_array().is_some_and(|schemas| {
            schemas
                .iter()
                .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn)))
        });
        let mut gaps = Vec::new();
        if !listed && (schemas_required || !schemas.is_null()) {
            gaps.push(format!("schemas without {urn}"));
        }
        gaps.extend(
            required
                .iter()
                .filter(|member| attribute(entry, member).is_null())
                .map(|member| format!("no {member}")),
        );
        gaps
    }
}

/// The entries of `list` that are resources of its kind ([`DiscoveryList::gaps`]): the only
/// ones the checks that read the list judge, since `discovery.<list>.list-response` judges the
/// others.
fn entries(list: &Reply, kind: DiscoveryList) -> impl Iterator<Item = &Value> {
    list.resources()
        .iter()
        .filter(move |entry| kind.gaps(entry).is_empty())
}

/// GETs `list`; skips the check when the answer is not a 200 JSON object, or lists entries
/// none of which is of the list's kind (a list of groups, say). Whether it is a list of them is
/// judged by `discovery.<list>.served` and `.list-response` alone, so one broken discovery
/// endpoint fails those checks and not every check that reads it.
async fn readable(p: &mut Probe, list: DiscoveryList) -> Result<Reply, Stop> {
    let reply = p.get(list.path()).await?;
    let readable = reply.status == 200 && reply.json.as_ref().is_some_and(|j| j.is_object());
    if !readable {
        return Err(p.skip(format!(
            "GET {} gave no readable list, which discovery.{id}.served and discovery.{id}.list-response judge",
            list.path(),
            id = list.id()
        )));
    }
    if !reply.resources().is_empty() && entries(&reply, list).next().is_none() {
        return Err(p.skip(format!(
            "GET {} lists no {} object, which discovery.{}.list-response judges",
            list.path(),
            list.entry(),
            list.id()
        )));
    }
    Ok(reply)
}

/// GETs /ServiceProviderConfig; skips the check unless it is one, which [`SPC_SERVED`] alone
/// judges (see [`SpcGap`]).
async fn service_provider_config(p: &mut Probe) -> Result<Reply, Stop> {
    let reply = p.get("/ServiceProviderConfig").await?;
    let gaps: Vec<String> = SpcGap::of(reply.status, reply.json.as_ref())
        .iter()
        .map(ToString::to_string)
        .collect();
    if gaps.is_empty() {
        Ok(reply)
    } else {
        Err(p.skip(format!(
            "GET /ServiceProviderConfig served no ServiceProviderConfig ({}), which {SPC_SERVED} judges",
            gaps.join(", ")
        )))
    }
}
