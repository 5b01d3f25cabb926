//! Bulk (RFC 7644 §3.7): bulkId references between operations, failOnErrors, the limits, and
//! what the BulkResponse reports for each operation.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop};
use crate::reply::Reply;
use scim::schema::urn;
use scimcheck_engine::rule::MISSING;
use serde_json::{Value, json};

/// The bulk checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "bulk.post.bulk-id-reference",
            "A bulk operation can reference a user created earlier in the request by bulkId",
            |p| Box::pin(bulk_id_reference(p)),
        )
        .rfc("RFC 7644 §3.7.2 (bulkId)")
        .requirements(&["7644-3.7-12", "7644-3.7.2-1"])
        .needs(&[Need::Users, Need::Groups, Need::Bulk])
        .defects(&["spc-advertises-unsupported"])
        .hint("Resolve \"bulkId:<id>\" values to the id the earlier operation created.")
        .writes(),
        Check::new(
            "bulk.post.fail-on-errors",
            "With failOnErrors 1, operations after the first error are not performed",
            |p| Box::pin(fail_on_errors(p)),
        )
        .rfc("RFC 7644 §3.7.3 (failOnErrors)")
        .requirements(&["7644-3.7-14"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["spc-advertises-unsupported"])
        .hint("Stop processing once failOnErrors errors occurred, and report only the operations performed.")
        .writes(),
        Check::new(
            "bulk.limits.max-operations",
            "A BulkRequest with one operation more than ServiceProviderConfig bulk.maxOperations answers 413",
            |p| Box::pin(max_operations(p)),
        )
        .rfc("RFC 7644 §3.7.4 (maxOperations exceeded: 413 Payload Too Large); RFC 7643 §5 (bulk.maxOperations)")
        .requirements(&["7643-5-5", "7644-3.7.4-3", "7644-3.12-10"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["bulk-limits-ignored"])
        .hint("Count a BulkRequest's Operations before running any and answer 413 with a SCIM Error when there are more than bulk.maxOperations.")
        .writes(),
        Check::new(
            "bulk.limits.error-names-limit",
            "The 413 for too many bulk operations names the limit: the operations, or their maximum",
            |p| Box::pin(error_names_limit(p)),
        )
        .rfc("RFC 7644 §3.7.4 (the error names the limit exceeded)")
        .requirements(&["7644-3.7.4-4"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["bulk-limit-error-vague"])
        .hint("Say in the 413's detail which limit was exceeded and its value, e.g. \"more than maxOperations (1000)\".")
        .writes(),
        Check::new(
            "bulk.response.continues-past-errors",
            "Without failOnErrors, a bulk job runs the operation after a failed one and reports both, the failure with the single request's status and a SCIM Error with a detail",
            |p| Box::pin(continues_past_errors(p)),
        )
        .rfc("RFC 7644 §3.7, §3.7.3 (every processed operation reported; errors as §3.12)")
        .requirements(&["7644-3.7-9", "7644-3.7-11", "7644-3.7-13", "7644-3.7.3-1", "7644-3.7.3-3", "7644-3.7.3-4"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["bulk-stops-at-first-error"])
        .hint("Without failOnErrors, run every operation whatever failed before it; report each, a failure with the status a single request would get and a SCIM Error (with a detail saying what went wrong) in its response.")
        .writes(),
        Check::new(
            "bulk.response.post-location-and-bulk-id",
            "A bulk POST is reported with the client's bulkId and the new resource's location",
            |p| Box::pin(post_location_and_bulk_id(p)),
        )
        .rfc("RFC 7644 §3.7, §3.7.3 (bulkId returned; location of every operation but a failed POST)")
        .requirements(&["7644-3.7-8", "7644-3.7-16", "7644-3.7.3-2"])
        .needs(&[Need::Users, Need::Bulk])
        .defects(&["bulk-response-without-bulk-id"])
        .hint("Answer each bulk POST with the bulkId the client sent and the location of the resource it created.")
        .writes(),
        Check::new(
            "bulk.post.circular-reference",
            "Two groups posted in one BulkRequest, each naming the other as member by bulkId, are both created and linked, or both refused with 409",
            |p| Box::pin(circular_reference(p)),
        )
        .rfc("RFC 7644 §3.7.1 (circular references MUST be tried; the server MAY answer 409 instead)")
        .requirements(&["7644-3.7.1-1"])
        .needs(&[Need::Groups, Need::Bulk])
        .defects(&["bulk-circular-500"])
        .hint("Create the resources of a bulkId circle first and link them afterwards, or refuse each of its operations with 409 Conflict; never fail them with another status or leave \"bulkId:…\" in a stored value.")
        .writes(),
    ]
}

/// A user body without `userName`, which a server refuses (400).
fn without_user_name(p: &Probe) -> Value {
    let mut body = p.user_body();
    if let Some(object) = body.as_object_mut() {
        object.remove("userName");
    }
    body
}

async fn continues_past_errors(p: &mut Probe) -> Result<(), Stop> {
    let users = p.endpoint("User")?;
    let invalid = without_user_name(p);
    // The status a single request gets, which the bulk operation must report too.
    let single = p.post(&users, &invalid).await?;
    if single.status < 400 {
        return Err(p.blocked(
            "users.create.missing-required-400",
            "a user without userName was created, so the bulk job has no failing operation",
        ));
    }
    let operations = json!([
        { "method": "POST", "path": users, "bulkId": "bad", "data": invalid },
        { "method": "POST", "path": users, "bulkId": "good", "data": p.user_body() },
    ]);
    let reply = bulk(p, operations, None).await?;
    let reported = reply.get("Operations").as_array().map_or(0, Vec::len);
    p.equal("operations reported", &2, &reported)?;
    p.equal(
        "status of the failed operation (as a single request)",
        &single.status.to_string(),
        &op_status(&reply, 0),
    )?;
    let error = &reply.get("Operations")[0]["response"];
    p.expect_listed(
        "schemas of the failed operation's response",
        &error["schemas"],
        urn::ERROR,
    )?;
    p.expect_not_empty(
        "detail (the readable description) of the failed operation's response",
        &error["detail"],
    )?;
    p.equal(
        "status of the operation after the failure",
        "201",
        op_status(&reply, 1).as_str(),
    )
}

async fn post_location_and_bulk_id(p: &mut Probe) -> Result<(), Stop> {
    let users = p.endpoint("User")?;
    let operations = json!([
        { "method": "POST", "path": users, "bulkId": "scimcheck-1", "data": p.user_body() },
    ]);
    let reply = bulk(p, operations, None).await?;
    let answered = &reply.get("Operations")[0];
    p.equal("status", "201", op_status(&reply, 0).as_str())?;
    p.equal("bulkId", &json!("scimcheck-1"), &answered["bulkId"])?;
    p.expect_present("location", &answered["location"])
}

/// Posts a BulkRequest with `operations` (and `failOnErrors` when given); registers what it
/// created for cleanup.
async fn bulk(
    p: &mut Probe,
    operations: Value,
    fail_on_errors: Option<u64>,
) -> Result<Reply, Stop> {
    let mut body = json!({ "schemas": [urn::BULK_REQUEST], "Operations": operations });
    if let Some(n) = fail_on_errors {
        body["failOnErrors"] = json!(n);
    }
    let reply = p.post("/Bulk", &body).await?;
    p.status(&reply, &[200])?;
    // Response operations come in request order (RFC 7644 §3.7.3): the i-th POSTed to the
    // i-th request operation's path.
    let answered = reply
        .get("Operations")
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Every operation is registered (so cleanup deletes all of them) before a bad location
    // ends the check.
    let mut registered = Ok(());
    for (op, sent) in answered
        .iter()
        .zip(body["Operations"].as_array().into_iter().flatten())
    {
        if let (Some(location), Some("POST"), Some(endpoint)) = (
            op.get("location").and_then(Value::as_str),
            sent["method"].as_str(),
            sent["path"].as_str(),
        ) {
            registered = registered.and(p.created_at(endpoint, location));
        }
    }
    registered.map(|()| reply)
}

/// The largest maxOperations this check probes: above it the oversized request would be too big
/// to send to a server merely to see it refused.
const PROBED_MAX_OPERATIONS: u64 = 10_000;

async fn max_operations(p: &mut Probe) -> Result<(), Stop> {
    let (_, reply) = one_operation_too_many(p).await?;
    p.status(&reply, &[413])
}

async fn error_names_limit(p: &mut Probe) -> Result<(), Stop> {
    let (max, reply) = one_operation_too_many(p).await?;
    p.status(&reply, &[413])?;
    let detail = reply.get("detail").as_str().unwrap_or_default().to_owned();
    p.note(format!("detail of the 413: {detail:?}"));
    // "maxOperations", "too many operations", "more than 1000": each names the limit.
    let names =
        detail.to_ascii_lowercase().contains("operation") || detail.contains(&max.to_string());
    p.equal(
        &format!("the detail names the limit (operations, or {max})"),
        &true,
        &names,
    )
}

/// Sends a BulkRequest with one operation more than ServiceProviderConfig's
/// `bulk.maxOperations`; returns that maximum and the answer.
async fn one_operation_too_many(p: &mut Probe) -> Result<(u64, Reply), Stop> {
    let limits = p.ctx().discovered.spc.bulk;
    let max = limits.max_operations;
    if max == 0 || max > PROBED_MAX_OPERATIONS {
        return Err(p.skip(format!(
            "ServiceProviderConfig bulk.maxOperations is {max}; probed only from 1 to {PROBED_MAX_OPERATIONS}"
        )));
    }
    // DELETEs of one made-up id: a server that ignores the limit changes nothing, and with
    // failOnErrors 1 it stops at the first 404.
    let users = p.endpoint("User")?;
    let missing = p.missing_path(&users);
    let op = json!({ "method": "DELETE", "path": missing });
    let operations: Vec<Value> = (0..=max).map(|_| op.clone()).collect();
    let body = json!({
        "schemas": [urn::BULK_REQUEST],
        "failOnErrors": 1,
        "Operations": operations,
    });
    let size = body.to_string().len() as u64;
    if limits.max_payload_size > 0 && size > limits.max_payload_size {
        return Err(p.skip(format!(
            "{} operations take {size} bytes, more than bulk.maxPayloadSize {}: the payload limit would answer first",
            max + 1,
            limits.max_payload_size
        )));
    }
    let reply = p.post("/Bulk", &body).await?;
    Ok((max, reply))
}

/// The `status` of the `index`-th operation response, as text.
pub(crate) fn op_status(reply: &Reply, index: usize) -> String {
    match &reply.get("Operations")[index]["status"] {
        Value::String(s) => s.clone(),
        Value::Null => MISSING.into(),
        other => other.to_string(),
    }
}

async fn bulk_id_reference(p: &mut Probe) -> Result<(), Stop> {
    let users = p.endpoint("User")?;
    let groups = p.endpoint("Group")?;
    let user = p.user_body();
    let mut group = p.ctx().data.group(&p.ctx().discovered, &[]);
    group["members"] = json!([{ "value": "bulkId:u1" }]);
    let operations = json!([
        { "method": "POST", "path": users, "bulkId": "u1", "data": user },
        { "method": "POST", "path": groups, "bulkId": "g1", "data": group },
    ]);
    let reply = bulk(p, operations, None).await?;
    let operations = reply.get("Operations");
    p.expect_present("location of the user operation", &operations[0]["location"])?;
    p.expect_present(
        "location of the group operation",
        &operations[1]["location"],
    )?;
    let user_location = operations[0]["location"].as_str().unwrap_or("");
    let user_id = user_location.rsplit('/').next().unwrap_or("").to_owned();
    let group_location = operations[1]["location"].as_str().unwrap_or("").to_owned();
    let read = p.get(&group_location).await?;
    p.status(&read, &[200])?;
    let members = read.values("members");
    p.equal("group members", &[user_id.as_str()][..], &members[..])
}

/// RFC 7644 §3.7.1's own example: two groups that are each other's member. Both created
/// means both linked (each lists the other's id, no `bulkId:` left); refusing the circle is
/// 409 for both (one created alone would hold an unresolved member). Skipped when the Group
/// schema declares members that cannot be groups.
async fn circular_reference(p: &mut Probe) -> Result<(), Stop> {
    let group_members = p
        .ctx()
        .discovered
        .schema(urn::GROUP)
        .and_then(|s| s.attribute("members"))
        .and_then(|m| m.sub_attribute("type"))
        .map(|t| &t.canonical_values)
        .filter(|values| !values.is_empty())
        .is_none_or(|values| values.iter().any(|v| v.eq_ignore_ascii_case("Group")));
    if !group_members {
        return Err(p.skip(
            "the Group schema's members.type canonicalValues name no Group: groups take no group as member here",
        ));
    }
    let groups = p.endpoint("Group")?;
    let data = p.ctx().data.group(&p.ctx().discovered, &[]);
    let ring: Vec<Value> = [("ring-a", "ring-b"), ("ring-b", "ring-a")]
        .into_iter()
        .map(|(own, other)| {
            let mut group = data.clone();
            group["displayName"] = json!(p.ctx().data.unique(own));
            group["members"] = json!([{ "value": format!("bulkId:{other}"), "type": "Group" }]);
            json!({ "method": "POST", "path": groups, "bulkId": own, "data": group })
        })
        .collect();
    let reply = bulk(p, Value::Array(ring), None).await?;
    let statuses = format!("{}, {}", op_status(&reply, 0), op_status(&reply, 1));
    p.expect_one_of(
        "statuses of the two operations",
        &["201, 201", "409, 409"],
        &statuses,
    )?;
    if statuses == "409, 409" {
        return Ok(());
    }
    let locations: Vec<String> = (0..2)
        .map(|i| {
            reply.get("Operations")[i]["location"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let ids: Vec<String> = locations
        .iter()
        .map(|l| l.rsplit('/').next().unwrap_or("").to_owned())
        .collect();
    for (index, location) in locations.iter().enumerate() {
        let read = p.get(location).await?;
        p.status(&read, &[200])?;
        let members = read.values("members");
        let other = ids[1 - index].as_str();
        p.equal(
            &format!("members of the group posted as ring-{}", ["a", "b"][index]),
            &[other][..],
            &members[..],
        )?;
    }
    Ok(())
}

async fn fail_on_errors(p: &mut Probe) -> Result<(), Stop> {
    let users = p.endpoint("User")?;
    let invalid = without_user_name(p);
    let valid = p.user_body();
    let operations = json!([
        { "method": "POST", "path": users, "bulkId": "bad", "data": invalid },
        { "method": "POST", "path": users, "bulkId": "good", "data": valid },
    ]);
    let reply = bulk(p, operations, Some(1)).await?;
    let first = op_status(&reply, 0);
    p.expect_starts_with("status of the invalid operation (4xx)", "4", &first)?;
    let performed = reply.get("Operations").as_array().map_or(0, Vec::len);
    p.equal("operations reported after the first error", &1, &performed)
}
