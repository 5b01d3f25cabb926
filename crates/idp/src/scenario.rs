//! Steps every IdP scenario repeats, each judged on the RFC axis: create and learn the id, read,
//! read members back, and compare one attribute.

use crate::call::{ScimCall, send};
use crate::judge::{Axis, status};
use scimcheck_suites::probe::{Probe, Stop};
use scimcheck_suites::reply::Reply;
use serde_json::Value;

/// Sends a create to `endpoint`, expects 201 with an id; returns the resource's path and id.
/// It is a shared setup step: when the server refuses the IdP's body, the first scenario to
/// see it fails and the others that meet the same refusal end blocked naming it.
pub(crate) async fn create(
    p: &mut Probe,
    endpoint: &str,
    call: &ScimCall,
) -> Result<(String, String), Stop> {
    let created = created(p, endpoint, call).await;
    p.setup(&format!("POST {endpoint} in the IdP's shape"), created)
}

async fn created(p: &mut Probe, endpoint: &str, call: &ScimCall) -> Result<(String, String), Stop> {
    let reply = send(p, call).await?;
    status(p, Axis::Rfc, &reply, &[201])?;
    p.expect_not_empty(&Axis::Rfc.on("id in the 201 body"), reply.get("id"))?;
    let id = reply.id().unwrap_or_default().to_owned();
    Ok((format!("{endpoint}/{id}"), id))
}

/// Sends a read and expects 200.
pub(crate) async fn read(p: &mut Probe, call: &ScimCall) -> Result<Reply, Stop> {
    let reply = send(p, call).await?;
    status(p, Axis::Rfc, &reply, &[200])?;
    Ok(reply)
}

/// Sends a write (PATCH) and expects 200 or 204.
pub(crate) async fn write(p: &mut Probe, call: &ScimCall) -> Result<Reply, Stop> {
    let reply = send(p, call).await?;
    status(p, Axis::Rfc, &reply, &[200, 204])?;
    Ok(reply)
}

/// The value at JSON `pointer` of `reply` (`null` when absent).
pub(crate) fn at(reply: &Reply, pointer: &str) -> Value {
    reply
        .body()
        .pointer(pointer)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Expects the value at `pointer` of the resource read by `call` to be `expected` (`null`:
/// absent).
pub(crate) async fn expect_at(
    p: &mut Probe,
    call: &ScimCall,
    pointer: &str,
    expected: Value,
) -> Result<(), Stop> {
    let reply = read(p, call).await?;
    p.equal(&Axis::Rfc.on(pointer), &expected, &at(&reply, pointer))
}

/// Expects the group read by `call` to have exactly the members `expected` (ids, any order).
pub(crate) async fn expect_members(
    p: &mut Probe,
    call: &ScimCall,
    expected: &[&str],
    what: &str,
) -> Result<(), Stop> {
    let reply = read(p, call).await?;
    let mut actual = reply.values("members");
    actual.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    p.equal(&Axis::Rfc.on(what), &expected, &actual)
}
