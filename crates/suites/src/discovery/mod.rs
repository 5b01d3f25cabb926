//! Discovery (RFC 7643 §5–§7, RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas,
//! whether they are served as ListResponses with the members RFC 7643 makes REQUIRED, what
//! /ResourceTypes says about the endpoints, whether what they advertise is true, and whether
//! /Schemas describes what resources carry.

mod consistent;
mod endpoints;
mod lists;
mod read_only;
mod shape;
mod truthful;

use crate::check::Check;
use crate::probe::{Probe, Stop};
use crate::reply::Reply;

/// The discovery checks.
pub fn checks() -> Vec<Check> {
    [
        lists::checks(),
        endpoints::checks(),
        truthful::checks(),
        read_only::checks(),
        consistent::checks(),
        shape::checks(),
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
}

/// GETs `list`; skips the check when the answer is not a 200 JSON object. Whether it is one is
/// judged by `discovery.<list>.served` and `.list-response` alone, so one broken discovery
/// endpoint fails those checks and not every check that reads it.
async fn readable(p: &mut Probe, list: DiscoveryList) -> Result<Reply, Stop> {
    let reply = p.get(list.path()).await?;
    let readable = reply.status == 200 && reply.json.as_ref().is_some_and(|j| j.is_object());
    if readable {
        Ok(reply)
    } else {
        Err(p.skip(format!(
            "GET {} gave no readable list, which discovery.{id}.served and discovery.{id}.list-response judge",
            list.path(),
            id = list.id()
        )))
    }
}
