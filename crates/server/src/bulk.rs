//! `/Bulk` (RFC 7644 §3.7): each operation runs in its own transaction; `failOnErrors` stops the
//! run; `maxOperations` and `maxPayloadSize` are enforced with 413.
//!
//! `bulkId:X` references (in a path or anywhere in `data`) may name a resource that a *later*
//! operation of the request creates (§3.7.2): operations run in dependency order — the first
//! pending operation, in request order, whose references are all settled runs next — so a group
//! listed before its members is created after them. A reference is settled when its POST has
//! run (resolved, or failed: the referring operation then fails with 409) or when no operation of
//! the request declares that bulkId (409). Operations that wait on each other, directly or through
//! others, form a circular reference: §3.7.2 lets the server answer 409 for them instead of
//! creating and then patching, and this server does, naming the bulkIds waited for.
//! The response lists the operations in request order, whatever order they ran in.

use crate::api::Api;
use crate::defect::Defect;
use crate::error::ApiError;
use crate::operations;
use crate::patch;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use crate::respond;
use http::StatusCode;
use scim::message::{
    BulkMethod, BulkOperation, BulkOperationResponse, BulkRequest, BulkResponse, Request, Status,
};
use serde_json::Value;
use std::collections::HashMap;

/// Every `X` of a `bulkId:X` string in `value`, appended to `found`.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            if let Some(key) = s.strip_prefix("bulkId:") {
                found.push(key.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, found)),
        Value::Object(map) => map.values().for_each(|v| references(v, found)),
        _ => {}
    }
}

/// The bulkIds `op` refers to, in its path and its data.
fn bulk_ids_needed(op: &BulkOperation) -> Vec<String> {
    let mut found = Vec::new();
    let id = op
        .path
        .trim_start_matches('/')
        .split_once('/')
        .map(|(_, id)| id);
    if let Some(key) = id.and_then(|i| i.strip_prefix("bulkId:")) {
        found.push(key.to_owned());
    }
    if let Some(data) = &op.data {
        references(data, &mut found);
    }
    found
}

/// Replaces every `bulkId:X` string in `value` with the id created for X.
fn resolve(value: &mut Value, ids: &HashMap<String, String>) -> Result<(), String> {
    match value {
        Value::String(s) => {
            if let Some(key) = s.strip_prefix("bulkId:") {
                *s = ids.get(key).cloned().ok_or_else(|| key.to_owned())?;
            }
            Ok(())
        }
        Value::Array(items) => items.iter_mut().try_for_each(|v| resolve(v, ids)),
        Value::Object(map) => map.values_mut().try_for_each(|v| resolve(v, ids)),
        _ => Ok(()),
    }
}

/// Splits `/Users/abc` into (User, Some("abc")), resolving a `bulkId:` id.
fn target(path: &str, ids: &HashMap<String, String>) -> Result<(Kind, Option<String>), ApiError> {
    let trimmed = path.trim_start_matches('/');
    let (endpoint, id) = match trimmed.split_once('/') {
        Some((e, i)) => (e, Some(i)),
        None => (trimmed, None),
    };
    let kind = Kind::from_endpoint(endpoint).ok_or_else(|| {
        ApiError::scim(
            scim::error::ScimType::InvalidPath,
            format!("bulk path '{path}' names no resource endpoint (/Users or /Groups)"),
        )
    })?;
    let id = match id {
        Some(i) => {
            let mut v = Value::String(i.to_owned());
            resolve(&mut v, ids).map_err(|k| unresolved(&k))?;
            v.as_str().map(str::to_owned)
        }
        None => None,
    };
    Ok((kind, id))
}

fn unresolved(key: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        format!("bulkId '{key}' is not the bulkId of a successful POST in this request"),
    )
}

/// Runs one operation: (status, resource if any).
async fn execute(
    api: &Api,
    op: &BulkOperation,
    ids: &HashMap<String, String>,
) -> Result<(StatusCode, Option<Value>), ApiError> {
    let (kind, id) = target(&op.path, ids)?;
    let mut data = op.data.clone().unwrap_or(Value::Null);
    resolve(&mut data, ids).map_err(|k| unresolved(&k))?;
    let pre = Preconditions {
        if_match: op.version.clone().filter(|_| !api.has(Defect::EtagIgnored)),
        if_none_match: None,
    };
    let need_id = || {
        id.clone().ok_or_else(|| {
            ApiError::scim(
                scim::error::ScimType::InvalidPath,
                format!(
                    "bulk {} needs a path with an id, e.g. /Users/<id>",
                    op.method.as_str()
                ),
            )
        })
    };
    Ok(match op.method {
        BulkMethod::Post => (
            StatusCode::CREATED,
            Some(operations::create(api, kind, data).await?),
        ),
        BulkMethod::Put => (
            StatusCode::OK,
            Some(operations::replace(api, kind, need_id()?, data, pre).await?),
        ),
        BulkMethod::Patch => (
            StatusCode::OK,
            Some(patch::modify(api, kind, need_id()?, data, pre).await?),
        ),
        BulkMethod::Delete => {
            operations::delete(api, kind, need_id()?, pre).await?;
            (StatusCode::NO_CONTENT, None)
        }
    })
}

/// The 409 for an operation caught in a circular reference, naming what it waits for.
fn circular(needs: &[String], declared: &HashMap<&str, usize>, pending: &[usize]) -> ApiError {
    let mut waited: Vec<&str> = needs
        .iter()
        .map(String::as_str)
        .filter(|key| declared.get(key).is_some_and(|d| pending.contains(d)))
        .collect();
    waited.sort_unstable();
    waited.dedup();
    ApiError::new(
        StatusCode::CONFLICT,
        format!(
            "circular bulkId reference: this operation waits for bulkId {} of this request, whose \
             operations wait, directly or through others, for this one; create the resources \
             first and link them in a later PATCH",
            waited
                .iter()
                .map(|k| format!("'{k}'"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

/// The response entry of an operation that ran: its status, and the version and location of the
/// resource it wrote (or, for a DELETE, of the resource it removed).
fn succeeded(
    api: &Api,
    op: &BulkOperation,
    status: StatusCode,
    resource: Option<&Value>,
    ids: &HashMap<String, String>,
) -> BulkOperationResponse {
    let meta = |k: &str| {
        resource
            .and_then(|r| r.get("meta"))
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut location = meta("location");
    if op.method == BulkMethod::Delete {
        location = target(&op.path, ids)
            .ok()
            .and_then(|(k, id)| id.map(|i| api.location(k.endpoint(), &i)));
    }
    BulkOperationResponse {
        method: op.method,
        bulk_id: op.bulk_id.clone(),
        version: meta("version"),
        location,
        status: Status::new(status.as_u16()),
        response: None,
    }
}

/// The response entry of an operation that failed: its status and the SCIM error body.
fn failed(api: &Api, op: &BulkOperation, error: &ApiError) -> BulkOperationResponse {
    BulkOperationResponse {
        method: op.method,
        bulk_id: op.bulk_id.clone(),
        version: None,
        location: None,
        status: Status::new(error.status.as_u16()),
        response: Some(respond::error_body(api, error)),
    }
}

/// Runs a BulkRequest body and answers the BulkResponse body.
pub async fn run(api: &Api, body: Value) -> Result<Value, ApiError> {
    if api.has(Defect::SpcAdvertisesUnsupported) {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "bulk is not implemented",
        ));
    }
    let max = api.config().bulk_max_operations;
    let count = body
        .get("Operations")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if count > max && !api.has(Defect::BulkLimitsIgnored) {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request has {count} operations; ServiceProviderConfig bulk.maxOperations is {max}"
            ),
        ));
    }
    let request = BulkRequest::from_value(body)?;
    let fail_on = request.fail_on_errors.map(|n| n as usize);
    let ops = &request.operations;
    // Which operation declares each bulkId (the first, when a request repeats one).
    let mut declared: HashMap<&str, usize> = HashMap::new();
    for (index, op) in ops.iter().enumerate() {
        if let Some(bulk_id) = &op.bulk_id {
            declared.entry(bulk_id.as_str()).or_insert(index);
        }
    }
    let needs: Vec<Vec<String>> = ops.iter().map(bulk_ids_needed).collect();
    let mut pending: Vec<usize> = (0..ops.len()).collect();
    let mut ids = HashMap::new();
    let mut errors = 0;
    let mut results: Vec<Option<BulkOperationResponse>> = vec![None; ops.len()];
    let stopped = |errors: usize| fail_on.is_some_and(|n| errors >= n);
    while !pending.is_empty() && !stopped(errors) {
        let waits_on_pending = |index: usize| {
            needs[index].iter().any(|key| {
                declared
                    .get(key.as_str())
                    .is_some_and(|d| pending.contains(d))
            })
        };
        let Some(at) = pending.iter().position(|&i| !waits_on_pending(i)) else {
            // Every pending operation waits on another pending one: a circular reference.
            for &index in &pending {
                if stopped(errors) {
                    break;
                }
                errors += 1;
                let error = circular(&needs[index], &declared, &pending);
                results[index] = Some(failed(api, &ops[index], &error));
            }
            break;
        };
        let index = pending.remove(at);
        let op = &ops[index];
        let result = match execute(api, op, &ids).await {
            Ok((status, resource)) => {
                if let (Some(bulk_id), Some(id)) = (
                    &op.bulk_id,
                    resource
                        .as_ref()
                        .and_then(|r| r.get("id"))
                        .and_then(Value::as_str),
                ) {
                    ids.insert(bulk_id.clone(), id.to_owned());
                }
                succeeded(api, op, status, resource.as_ref(), &ids)
            }
            Err(e) => {
                errors += 1;
                failed(api, op, &e)
            }
        };
        results[index] = Some(result);
    }
    let results: Vec<BulkOperationResponse> = results.into_iter().flatten().collect();
    serde_json::to_value(BulkResponse::new(results)).map_err(ApiError::internal)
}
