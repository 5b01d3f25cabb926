//! PATCH (RFC 7644 §3.5.2): operations with and without paths, value-filter paths, members,
//! atomicity and required attributes, what remove and replace leave behind, and what Entra
//! sends (capitalised ops, string booleans). 200 with the resource and 204 are both accepted
//! everywhere but after a PATCH that names `attributes`, which RFC 7644 §3.5.2 answers with 200.

mod integrity;
mod members;
mod ops;
mod outcome;
mod remove;
mod replace;
mod valuepath;

use crate::check::Check;
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use serde_json::{Value, json};

/// The record of the displayName a PATCH removed, named alike by every check that removes it
/// (whatever the op's spelling), so a remove left undone is grouped as one root cause.
const REMOVED_DISPLAY_NAME: &str = "displayName after the remove";

/// The PATCH checks.
pub fn checks() -> Vec<Check> {
    [
        ops::checks(),
        valuepath::checks(),
        members::checks(),
        integrity::checks(),
        remove::checks(),
        replace::checks(),
        outcome::checks(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Sends the one PATCH `operation` to `path`, expects 200 or 204 (both legal), and returns the
/// resource read back.
async fn patch_and_read(p: &mut Probe, path: &str, operation: Value) -> Result<Reply, Stop> {
    let reply = p.patch(path, json!([operation])).await?;
    p.status(&reply, &[200, 204])?;
    let read = p.get(path).await?;
    p.status(&read, &[200])?;
    Ok(read)
}
