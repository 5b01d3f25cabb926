//! `/Bulk` (RFC 7644 §3.7): operations run in order, each in its own transaction; `bulkId:`
//! references to resources created earlier in the same request are resolved; `failOnErrors`
//! stops the run; `maxOperations` and `maxPayloadSize` are enforced with 413.
//!
//! References resolve in request order only: an operation that refers to a `bulkId` created by a
//! later operation fails with 409 (the server does not reorder).

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
        format!("bulkId '{key}' is not the bulkId of an earlier successful POST in this request"),
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
    if count > max {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the request has {count} operations; ServiceProviderConfig bulk.maxOperations is {max}"
            ),
        ));
    }
    let request = BulkRequest::from_value(body)?;
    let fail_on = request.fail_on_errors.map(|n| n as usize);
    let mut ids = HashMap::new();
    let mut errors = 0;
    let mut results = Vec::new();
    for op in &request.operations {
        if fail_on.is_some_and(|n| errors >= n) {
            break;
        }
        let mut result = BulkOperationResponse {
            method: op.method,
            bulk_id: op.bulk_id.clone(),
            version: None,
            location: None,
            status: Status::new(200),
            response: None,
        };
        match execute(api, op, &ids).await {
            Ok((status, resource)) => {
                result.status = Status::new(status.as_u16());
                if let Some(r) = &resource {
                    let meta = r.get("meta");
                    let text = |k: &str| {
                        meta.and_then(|m| m.get(k))
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    };
                    result.version = text("version");
                    result.location = text("location");
                    if let (Some(bulk_id), Some(id)) =
                        (&op.bulk_id, r.get("id").and_then(Value::as_str))
                    {
                        ids.insert(bulk_id.clone(), id.to_owned());
                    }
                }
                if op.method == BulkMethod::Delete {
                    result.location = target(&op.path, &ids)
                        .ok()
                        .and_then(|(k, id)| id.map(|i| api.location(k.endpoint(), &i)));
                }
            }
            Err(e) => {
                errors += 1;
                result.status = Status::new(e.status.as_u16());
                result.response = Some(respond::error_body(api, &e));
            }
        }
        results.push(result);
    }
    serde_json::to_value(BulkResponse::new(results)).map_err(ApiError::internal)
}
