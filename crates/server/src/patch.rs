//! PATCH (RFC 7644 §3.5.2): the server's part — loading, preconditions, saving — around
//! `scim::patch::apply`, which owns what the operations mean. The PATCH defects are hooks into
//! `crate::defect::patch`.

use crate::api::{Api, Version};
use crate::defect;
use crate::error::ApiError;
use crate::operations;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use http::StatusCode;
use scim::error::ScimType;
use scim::message::{PatchOp, Request};
use serde_json::{Map, Value};

impl From<scim::patch::PatchError> for ApiError {
    fn from(e: scim::patch::PatchError) -> Self {
        ApiError {
            status: StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST),
            scim_type: Some(e.scim_type()),
            detail: e.detail().to_owned(),
            allow: None,
        }
    }
}

/// The first User attribute the server does not have that a PatchOp body names, as the head
/// of an operation's path or as a key of a path-less value.
fn lacked_attribute(api: &Api, body: &Value) -> Option<String> {
    let operations = body.get("Operations").and_then(Value::as_array)?;
    operations.iter().find_map(|op| {
        let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
        let head = path.split(['.', '[']).next().unwrap_or_default();
        let keys = op.get("value").and_then(Value::as_object);
        std::iter::once(head)
            .chain(keys.into_iter().flat_map(|o| o.keys().map(String::as_str)))
            .find(|name| api.lacks_user_attribute(name))
            .map(str::to_owned)
    })
}

/// Applies a PatchOp body to a resource; returns it rendered.
pub async fn modify(
    api: &Api,
    kind: Kind,
    id: String,
    body: Value,
    pre: Preconditions,
) -> Result<Value, ApiError> {
    defect::patch::refuse(api, kind, &body)?;
    if kind == Kind::User
        && let Some(name) = lacked_attribute(api, &body)
    {
        // The path (or the path-less value) names an attribute this server does not have:
        // RFC 7644 §3.12's invalidPath ("does not exist").
        return Err(ApiError::scim(
            ScimType::InvalidPath,
            format!("attribute '{name}' is not supported by this server"),
        ));
    }
    let mut request = if api.version == Version::V1 && body.get("Operations").is_none() {
        PatchOp {
            schemas: vec![scim::schema::urn::PATCH_OP.to_owned()],
            operations: scim::version::patch_from_v1(&body, kind.schema())?,
        }
    } else {
        PatchOp::from_value(body)?
    };
    defect::patch::distort(api, kind, &mut request.operations)?;
    let leniency = operations::leniency(api);
    let schema = defect::patch::schema(api, kind);
    let committed = defect::patch::Apply::of(api, kind);
    let stale = defect::patch::stale_copy(api, kind, &id).await?;
    let pre = operations::if_match_checked_apart(api, kind, &id, pre).await?;
    let api2 = api.clone();
    let (saved, failure) = api
        .store()
        .write(move |tx| {
            let mut old = operations::load_for_write(&api2, tx, kind, &id, &pre)?;
            if let Some(stale) = stale {
                old.body = stale;
            }
            committed.refuse(&old.body, &request.operations)?;
            // What the client could have read: the attributes plus `id` and `schemas` (PATCH
            // may name them with their current values, as Okta does with a group's id).
            let mut view: Map<String, Value> = old.body.as_object().cloned().unwrap_or_default();
            view.insert("id".into(), Value::String(old.id.clone()));
            let view = Value::Object(view);
            let (patched, failure) =
                committed.apply(&old.body, view, &request.operations, &schema, &leniency)?;
            defect::resources::refuse_setting_unset_immutable(&api2, kind, &old.body, &patched)?;
            let Value::Object(mut attrs) = patched else {
                return Err(ApiError::internal("PATCH produced a non-object"));
            };
            for server_owned in SERVER_OWNED {
                attrs.remove(server_owned);
            }
            // A PATCH that changes nothing is no modification: lastModified and the version
            // stay (RFC 7644 §3.5.2.1), unless `patch-noop-modifies` stores it anyway.
            if failure.is_none() && !committed.stores_unchanged() && unchanged(&old.body, &attrs) {
                return Ok((operations::render(&api2, tx, kind, &old)?, None));
            }
            Ok((operations::save(&api2, tx, kind, old, attrs)?, failure))
        })
        .await
        .map_err(|e| defect::patch::crash_on_invalid_value(api, e))?;
    match failure {
        Some(error) => Err(defect::patch::crash_on_invalid_value(api, error)),
        None => Ok(saved),
    }
}

/// The members a PATCH cannot set: the server renders them.
const SERVER_OWNED: [&str; 4] = ["id", "schemas", "meta", "groups"];

/// Whether the patched attributes `attrs` are the stored ones, `stored`.
fn unchanged(stored: &Value, attrs: &Map<String, Value>) -> bool {
    let Some(stored) = stored.as_object() else {
        return false;
    };
    let mut stored = stored.clone();
    for server_owned in SERVER_OWNED {
        stored.remove(server_owned);
    }
    &stored == attrs
}
