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
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

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

/// The order operations run in, kept as a graph so that picking the next one costs O(log n)
/// instead of a scan of every pending operation (which made a 1,000-operation chain cost about
/// a billion steps). Operation `i` waits for operation `d` when `d` is the first to declare a
/// bulkId that `i` refers to; an operation is ready when everything it waits for has run, and
/// the ready operation earliest in the request runs next. Readiness never goes back, so this
/// is exactly "the first pending operation, in request order, whose references are settled".
struct Schedule<'a> {
    /// The bulkIds each operation refers to, each once.
    needs: Vec<Vec<String>>,
    /// Which operation declares each bulkId (the first, when a request repeats one).
    declared: HashMap<&'a str, usize>,
    /// How many operations each operation still waits for (counted once per bulkId).
    waiting: Vec<usize>,
    /// The operations waiting for each operation.
    waiters: Vec<Vec<usize>>,
    /// Ready operations, earliest in the request first.
    ready: BinaryHeap<Reverse<usize>>,
    /// Whether each operation has run.
    settled: Vec<bool>,
}

impl<'a> Schedule<'a> {
    fn new(ops: &'a [BulkOperation]) -> Self {
        let mut declared: HashMap<&str, usize> = HashMap::new();
        for (index, op) in ops.iter().enumerate() {
            if let Some(bulk_id) = &op.bulk_id {
                declared.entry(bulk_id.as_str()).or_insert(index);
            }
        }
        let needs: Vec<Vec<String>> = ops
            .iter()
            .map(|op| {
                let mut keys = bulk_ids_needed(op);
                keys.sort_unstable();
                keys.dedup();
                keys
            })
            .collect();
        let mut waiting = vec![0; ops.len()];
        let mut waiters = vec![Vec::new(); ops.len()];
        for (index, keys) in needs.iter().enumerate() {
            for key in keys {
                if let Some(&declarer) = declared.get(key.as_str()) {
                    waiting[index] += 1;
                    waiters[declarer].push(index);
                }
            }
        }
        let ready = (0..ops.len())
            .filter(|&i| waiting[i] == 0)
            .map(Reverse)
            .collect();
        Schedule {
            needs,
            declared,
            waiting,
            waiters,
            ready,
            settled: vec![false; ops.len()],
        }
    }

    /// The operation to run next; `None` when all have run or the rest wait on each other.
    fn next(&mut self) -> Option<usize> {
        self.ready.pop().map(|Reverse(index)| index)
    }

    /// Records that `index` ran (resolved or failed): what waited only for it becomes ready.
    fn settle(&mut self, index: usize) {
        self.settled[index] = true;
        for &waiter in &self.waiters[index] {
            self.waiting[waiter] -= 1;
            if self.waiting[waiter] == 0 {
                self.ready.push(Reverse(waiter));
            }
        }
    }

    /// The operations that have not run, in request order.
    fn pending(&self) -> Vec<usize> {
        (0..self.settled.len())
            .filter(|&i| !self.settled[i])
            .collect()
    }

    /// The 409 for an operation caught in a circular reference, naming what it waits for.
    fn circular(&self, index: usize) -> ApiError {
        let waited: Vec<String> = self.needs[index]
            .iter()
            .filter(|key| {
                self.declared
                    .get(key.as_str())
                    .is_some_and(|&d| !self.settled[d])
            })
            .map(|key| format!("'{key}'"))
            .collect();
        ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "circular bulkId reference: this operation waits for bulkId {} of this request, \
                 whose operations wait, directly or through others, for this one; create the \
                 resources first and link them in a later PATCH",
                waited.join(", ")
            ),
        )
    }
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
        bulk_id: op
            .bulk_id
            .clone()
            .filter(|_| !api.has(Defect::BulkResponseWithoutBulkId)),
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
        let detail = if api.has(Defect::BulkLimitErrorVague) {
            "the request is too large".to_owned()
        } else {
            format!(
                "the request has {count} operations; ServiceProviderConfig bulk.maxOperations is {max}"
            )
        };
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, detail));
    }
    let request = BulkRequest::from_value(body)?;
    let fail_on = request.fail_on_errors.map(|n| n as usize).or_else(|| {
        // `bulk-stops-at-first-error`: without failOnErrors the job stops at the first error.
        api.has(Defect::BulkStopsAtFirstError).then_some(1)
    });
    let ops = &request.operations;
    let mut schedule = Schedule::new(ops);
    let mut ids = HashMap::new();
    let mut errors = 0;
    let mut results: Vec<Option<BulkOperationResponse>> = vec![None; ops.len()];
    let stopped = |errors: usize| fail_on.is_some_and(|n| errors >= n);
    while !stopped(errors) {
        let Some(index) = schedule.next() else {
            // Every pending operation waits on another pending one: a circular reference.
            for index in schedule.pending() {
                if stopped(errors) {
                    break;
                }
                errors += 1;
                let error = if api.has(Defect::BulkCircular500) {
                    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "bulk job failed")
                } else {
                    schedule.circular(index)
                };
                results[index] = Some(failed(api, &ops[index], &error));
            }
            break;
        };
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
        schedule.settle(index);
    }
    let results: Vec<BulkOperationResponse> = results.into_iter().flatten().collect();
    serde_json::to_value(BulkResponse::new(results)).map_err(ApiError::internal)
}
