//! The discovery endpoints (RFC 7644 §4): ServiceProviderConfig, ResourceTypes, Schemas.
//! They describe exactly what this server does — the conformance suite trusts them.

use crate::api::{Api, Version};
use crate::defect::{self, Defect};
use crate::entitlement::{self, EntitlementType};
use crate::error::ApiError;
use crate::list;
use crate::resource_type::Kind;
use scim::schema::{Schema, urn};
use scim::version::V1_CORE;
use serde_json::{Value, json};

fn schemas_member(api: &Api, urn2: &str) -> Value {
    match api.version {
        Version::V2 => json!([urn2]),
        Version::V1 => json!([V1_CORE]),
    }
}

/// `/ServiceProviderConfig` (RFC 7643 §5).
pub fn service_provider_config(api: &Api) -> Value {
    let config = api.config();
    let mut schemes = vec![json!({
        "type": "oauthbearertoken",
        "name": "OAuth Bearer Token",
        "description": "Authentication with a bearer token: Authorization: Bearer <token>",
        "primary": true,
    })];
    if !config.basic.is_empty() {
        schemes.push(json!({
            "type": "httpbasic",
            "name": "HTTP Basic",
            "description": "Authentication with a user name and password (RFC 7617)",
        }));
    }
    if api.has(Defect::SpcIncomplete) {
        for scheme in &mut schemes {
            if let Some(scheme) = scheme.as_object_mut() {
                scheme.remove("description");
            }
        }
    }
    let mut spc = json!({
        "schemas": schemas_member(api, urn::SERVICE_PROVIDER_CONFIG),
        "documentationUri": "https://github.com/scimcheck/scimcheck",
        "patch": { "supported": !api.has(Defect::SpcPatchUnsupported) },
        "bulk": {
            "supported": !api.has(Defect::UnknownPathsServeGroups),
            "maxOperations": config.bulk_max_operations,
            "maxPayloadSize": config.max_payload_size,
        },
        "filter": { "supported": true, "maxResults": config.max_results },
        "changePassword": { "supported": true },
        "sort": { "supported": true },
        "etag": { "supported": true },
        "authenticationSchemes": schemes,
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", api.base_url()),
        },
    });
    if api.has(Defect::SpcIncomplete) {
        spc["changePassword"] = json!({});
    }
    if api.has(Defect::SpcSupportedAsString) {
        spc["sort"]["supported"] = json!("true");
    }
    spc
}

/// The `endpoint` a ResourceType gives: relative (`/Users`) unless a defect distorts it.
fn endpoint(api: &Api, kind: Kind) -> String {
    let relative = kind.endpoint();
    if api.has(Defect::ResourceTypesAbsoluteEndpoint) {
        format!("{}{relative}", api.version.prefix())
    } else if api.has(Defect::ResourceTypesUrlEndpoint) {
        format!("{}{relative}", api.base_url())
    } else if api.has(Defect::ResourceTypesTrailingSlash) {
        format!("{relative}/")
    } else {
        relative.to_owned()
    }
}

fn resource_type(api: &Api, kind: Kind) -> Value {
    let extensions: Vec<Value> = kind
        .schema()
        .extensions
        .iter()
        .map(|e| {
            if api.has(Defect::ResourceTypesIncomplete) {
                json!({ "schema": e.id })
            } else {
                let required =
                    api.has(Defect::RequiredExtensionDropped) && e.id == urn::ENTERPRISE_USER;
                json!({ "schema": e.id, "required": required })
            }
        })
        .collect();
    let mut value = json!({
        "schemas": schemas_member(api, urn::RESOURCE_TYPE),
        "id": kind.name(),
        "name": kind.name(),
        "endpoint": endpoint(api, kind),
        "description": format!("{} resources", kind.name()),
        "schema": kind.schema_urn(),
        "schemaExtensions": extensions,
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{}/ResourceTypes/{}", api.base_url(), kind.name()),
        },
    });
    defect::discovery::distort_resource_type(api, &mut value);
    value
}

/// An entitlement catalog as a ResourceType (Okta's guide: `id` and `name` the catalog's name,
/// `schema` Okta's Role or Entitlement URN, no extensions).
fn catalog_type(api: &Api, catalog: &EntitlementType) -> Value {
    json!({
        "schemas": schemas_member(api, urn::RESOURCE_TYPE),
        "id": catalog.name,
        "name": catalog.name,
        "endpoint": defect::discovery::catalog_endpoint(api, &catalog.endpoint),
        "description": catalog.description,
        "schema": catalog.schema.urn(),
        "schemaExtensions": [],
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{}/ResourceTypes/{}", api.base_url(), catalog.name),
        },
    })
}

/// Every ResourceType the server serves: User, Group, then the entitlement catalogs.
fn all_types(api: &Api) -> Vec<(String, Value)> {
    let stored = Kind::ALL
        .into_iter()
        .map(|k| (k.name().to_owned(), resource_type(api, k)));
    let catalogs = entitlement::catalogs(api)
        .iter()
        .map(|c| (c.name.clone(), catalog_type(api, c)));
    stored
        .chain(catalogs)
        .filter(|(name, _)| defect::discovery::lists_type(api, name))
        .collect()
}

/// Every schema /Schemas serves: each resource type's core schema and extensions (only the
/// core ones with the `schemas-omit-extension` defect), then the Okta schemas the catalogs use.
/// Okta knows its own schemas and does not need them here, but RFC 7644 §4 has /Schemas serve
/// every schema a ResourceType names.
fn all_schemas(api: &Api) -> Vec<&'static Schema> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let rs = kind.schema();
        out.push(&rs.core);
        if !api.has(Defect::SchemasOmitExtension) {
            out.extend(rs.extensions.iter());
        }
    }
    for catalog in entitlement::catalogs(api) {
        let core = &catalog.schema.schema().core;
        if !out.iter().any(|s| s.id == core.id) {
            out.push(core);
        }
    }
    out
}

fn schema(api: &Api, schema: &Schema) -> Value {
    let mut value = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Some(obj) = value.as_object_mut() {
        if api.has(Defect::SchemasOmitReturnedAttribute)
            && schema.id == urn::USER
            && let Some(Value::Array(attributes)) = obj.get_mut("attributes")
        {
            attributes.retain(|a| a.get("name") != Some(&json!("active")));
        }
        if schema.id == urn::USER
            && let Some(Value::Array(attributes)) = obj.get_mut("attributes")
        {
            attributes.retain(|a| {
                let name = a.get("name").and_then(Value::as_str).unwrap_or_default();
                !api.lacks_user_attribute(name)
            });
            defect::resources::require_name_formatted(api, attributes);
        }
        if api.has(Defect::SchemasDottedAttributeNames)
            && schema.id == urn::USER
            && let Some(Value::Array(attributes)) = obj.get_mut("attributes")
        {
            attributes.extend(flattened_name(attributes));
        }
        if api.has(Defect::SchemasWithoutSubAttributes)
            && let Some(Value::Array(attributes)) = obj.get_mut("attributes")
        {
            for attribute in attributes.iter_mut().filter_map(Value::as_object_mut) {
                attribute.remove("subAttributes");
            }
        }
        obj.insert("schemas".into(), schemas_member(api, urn::SCHEMA));
        obj.insert(
            "meta".into(),
            json!({
                "resourceType": "Schema",
                "location": format!("{}/Schemas/{}", api.base_url(), schema.id),
            }),
        );
    }
    defect::discovery::distort_schema(api, &mut value);
    value
}

/// A discovery list (all of it, one page), distorted by the discovery-list defects.
fn discovery_list(api: &Api, items: Vec<Value>) -> Value {
    let items = if api.has(Defect::DiscoveryResourcesAsStrings) {
        items
            .iter()
            .map(|item| item.get("id").cloned().unwrap_or(Value::Null))
            .collect()
    } else {
        items
    };
    let mut list = list::envelope(api, items.len(), 1, items, None);
    if api.has(Defect::DiscoveryWithoutTotalResults)
        && let Some(object) = list.as_object_mut()
    {
        object.remove("totalResults");
    }
    list
}

/// `/ResourceTypes` as a list.
pub fn resource_types(api: &Api) -> Value {
    let items: Vec<Value> = all_types(api).into_iter().map(|(_, t)| t).collect();
    discovery_list(api, items)
}

/// `/ResourceTypes/{id}`.
pub fn resource_type_by_id(api: &Api, id: &str) -> Result<Value, ApiError> {
    all_types(api)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(id))
        .map(|(_, t)| t)
        .ok_or_else(|| ApiError::not_found("ResourceType", id))
}

/// `/Schemas` as a list.
pub fn schemas(api: &Api) -> Value {
    let mut items: Vec<Value> = all_schemas(api)
        .into_iter()
        .map(|s| schema(api, s))
        .collect();
    if api.has(Defect::SchemasListMessageSchemas) {
        items.extend(message_schemas(api));
    }
    discovery_list(api, items)
}

/// The `schemas-dotted-attribute-names` defect's extra User attributes: each sub-attribute of
/// `name` again, as a top-level attribute named `name.<sub-attribute>`.
fn flattened_name(attributes: &[Value]) -> Vec<Value> {
    let name = attributes.iter().find(|a| a["name"] == "name");
    let subs = name.and_then(|a| a["subAttributes"].as_array());
    subs.into_iter()
        .flatten()
        .map(|sub| {
            let mut flat = sub.clone();
            flat["name"] = json!(format!("name.{}", sub["name"].as_str().unwrap_or_default()));
            flat
        })
        .collect()
}

/// The `schemas-list-message-schemas` defect's extra /Schemas entries: protocol messages
/// described as if they were resources.
fn message_schemas(api: &Api) -> Vec<Value> {
    [
        (urn::LIST_RESPONSE, "ListResponse"),
        (urn::PATCH_OP, "PatchOp"),
        (urn::ERROR, "Error"),
    ]
    .into_iter()
    .map(|(id, name)| {
        json!({
            "schemas": schemas_member(api, urn::SCHEMA),
            "id": id,
            "name": name,
            "description": format!("The {name} message"),
            "attributes": [],
        })
    })
    .collect()
}

/// `/Schemas/{id}`.
pub fn schema_by_id(api: &Api, id: &str) -> Result<Value, ApiError> {
    all_schemas(api)
        .into_iter()
        .find(|s| s.id.eq_ignore_ascii_case(id))
        .map(|s| schema(api, s))
        .ok_or_else(|| ApiError::not_found("Schema", id))
}
