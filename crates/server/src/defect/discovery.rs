//! The discovery defects (RFC 7644 §4, RFC 7643 §5–7): what /ServiceProviderConfig,
//! /ResourceTypes and /Schemas say wrongly, as `crate::discovery` commits them.

use super::Defect;
use crate::api::Api;
use scim::schema::urn;
use serde_json::{Value, json};
use std::borrow::Cow;

/// `resource-types-omit-user`: whether /ResourceTypes lists the resource type `name` — every
/// one but User with the defect, as a server whose User type was never registered there.
pub fn lists_type(api: &Api, name: &str) -> bool {
    !(api.has(Defect::ResourceTypesOmitUser) && name == "User")
}

/// `discovery-undescribed`: the `description` of a rendered ResourceType removed, as a server
/// serving bare definitions does (its `name` is REQUIRED and stays).
pub fn distort_resource_type(api: &Api, value: &mut Value) {
    if api.has(Defect::DiscoveryUndescribed)
        && let Some(object) = value.as_object_mut()
    {
        object.remove("description");
    }
}

/// The discovery defects of a rendered Schema `value`: `discovery-undescribed` (its name and
/// every description removed), `schemas-new-data-type` (the enterprise `employeeNumber`
/// declared of a type RFC 7643 does not define) and `extension-redefines-core` (the enterprise
/// extension defining `displayName` again).
pub fn distort_schema(api: &Api, value: &mut Value) {
    let Some(object) = value.as_object_mut() else {
        return;
    };
    if api.has(Defect::DiscoveryUndescribed) {
        object.remove("description");
        object.remove("name");
        strip_descriptions(object.get_mut("attributes"));
    }
    let enterprise = object.get("id").and_then(Value::as_str) == Some(urn::ENTERPRISE_USER);
    let Some(Value::Array(attributes)) = object.get_mut("attributes").filter(|_| enterprise) else {
        return;
    };
    if api.has(Defect::SchemasNewDataType) {
        let number = attributes
            .iter_mut()
            .find(|a| a.get("name").and_then(Value::as_str) == Some("employeeNumber"));
        if let Some(number) = number {
            number["type"] = json!("long");
        }
    }
    let display_name = scim::schema::core::user_schema().attribute("displayName");
    if api.has(Defect::ExtensionRedefinesCore)
        && let Some(definition) = display_name.and_then(|d| serde_json::to_value(d).ok())
    {
        attributes.push(definition);
    }
}

/// `extended-endpoint-singular`: an entitlement catalog served (and listed in /ResourceTypes)
/// at its name without the plural "s" (`/Role`), not at `endpoint` (`/Roles`).
pub fn catalog_endpoint<'a>(api: &Api, endpoint: &'a str) -> Cow<'a, str> {
    if api.has(Defect::ExtendedEndpointSingular) {
        Cow::Owned(endpoint.trim_end_matches('s').to_owned())
    } else {
        Cow::Borrowed(endpoint)
    }
}

/// Removes `description` from each attribute definition in `attributes`, and from their
/// sub-attributes.
fn strip_descriptions(attributes: Option<&mut Value>) {
    for definition in attributes
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(definition) = definition.as_object_mut() {
            definition.remove("description");
            strip_descriptions(definition.get_mut("subAttributes"));
        }
    }
}

/// The discovery defects' rows of the defect table (`super`): each defect's variant, the rule it
/// breaks, what the server then does, and its observation — the correct server's answer and
/// the probe that sees it, compiled by crates/server/tests/it/defects.rs. Hands the rows on
/// to the next area's macro, the last to the table's consumer (see `defect_table!`).
#[macro_export]
#[doc(hidden)]
macro_rules! defect_rows_discovery {
    ($next:path $(, $rest:path)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
            SchemasOmitReturnedAttribute {
                rfc: "RFC 7643 §7 (/Schemas describes the attributes resources carry)",
                does: "/Schemas leaves active out of the User schema while users are returned with it",
                observe: "true", |h| {
                    let path = "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User";
                    let schema = body(h.get(path).await).await;
                    let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
                    attributes.iter().any(|a| a["name"] == "active").to_string()
                },
            },
            DiscoveryUndescribed {
                rfc: "RFC 7643 §6, §7 (description, name: when applicable, MUST)",
                does: "/ResourceTypes and /Schemas give no description, and schemas no name",
                observe: "true", |h| {
                    let path = "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User";
                    let schema = body(h.get(path).await).await;
                    schema["attributes"][0].get("description").is_some().to_string()
                },
            },
            SchemasNewDataType {
                rfc: "RFC 7643 §2.3 (SCIM extensions SHOULD NOT introduce new data types)",
                does: "/Schemas declares the enterprise employeeNumber of type \"long\", a type RFC 7643 does not define",
                observe: "\"string\"", |h| {
                    let path = "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    let schema = body(h.get(path).await).await;
                    schema["attributes"][0]["type"].to_string()
                },
            },
            ExtensionRedefinesCore {
                rfc: "RFC 7643 §3.3 (extensions SHOULD avoid redefining core attributes)",
                does: "the enterprise extension in /Schemas defines displayName again",
                observe: "false", |h| {
                    let path = "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    let schema = body(h.get(path).await).await;
                    let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
                    attributes.iter().any(|a| a["name"] == "displayName").to_string()
                },
            },
            ExtendedEndpointSingular {
                rfc: "RFC 7644 §3.2 (extended resources SHOULD be at the name plus \"s\")",
                does: "the entitlement catalogs are listed and served at /Role and /Entitlement",
                observe: "200", |h| { status(h.get("/Roles").await).await },
            },
            ResourceTypesOmitUser {
                rfc: "RFC 7644 §4 (/ResourceTypes: the types of resources available)",
                does: "/ResourceTypes leaves out the User resource type, which /Users still serves",
                observe: "true", |h| {
                    let list = body(h.get("/ResourceTypes").await).await;
                    let types = list["Resources"].as_array().cloned().unwrap_or_default();
                    types.iter().any(|t| t["name"] == "User").to_string()
                },
            },
            SchemasOmitExtension {
                rfc: "RFC 7644 §4 (/Schemas serves every schema a ResourceType names); RFC 7643 §6",
                does: "/Schemas leaves out the enterprise extension schema that /ResourceTypes lists for User",
                observe: "200", |h| {
                    let path = "/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
                    status(h.get(path).await).await
                },
            },
            ResourceTypesAbsoluteEndpoint {
                rfc: "RFC 7643 §6 (endpoint is relative to the base URL)",
                does: "/ResourceTypes gives endpoint \"/scim/v2/Users\" (the base path repeated) instead of \"/Users\"",
                observe: "\"/Users\"", |h| { first_endpoint(h).await },
            },
            ResourceTypesUrlEndpoint {
                rfc: "RFC 7643 §6 (endpoint is relative to the base URL)",
                does: "/ResourceTypes gives endpoint as a full URL (http://host/scim/v2/Users)",
                observe: "\"/Users\"", |h| { first_endpoint(h).await },
            },
            ResourceTypesTrailingSlash {
                rfc: "RFC 7644 §3.2 (resources at /Users and /Groups; what IdPs call)",
                does: "/ResourceTypes gives endpoint \"/Users/\" with a trailing slash",
                observe: "\"/Users\"", |h| { first_endpoint(h).await },
            },
            DiscoveryWithoutTotalResults {
                rfc: "RFC 7644 §4 (ListResponse form); §3.4.2 (totalResults REQUIRED)",
                does: "the /ResourceTypes and /Schemas ListResponses have no totalResults",
                observe: "4", |h| {
                    body(h.get("/ResourceTypes").await).await["totalResults"].to_string()
                },
            },
            DiscoveryResourcesAsStrings {
                rfc: "RFC 7644 §3.4.2 (Resources: a list of complex objects)",
                does: "the /ResourceTypes and /Schemas ListResponses list names as strings, not resources",
                observe: "true", |h| {
                    let list = body(h.get("/Schemas").await).await;
                    list["Resources"][0].is_object().to_string()
                },
            },
            SpcIncomplete {
                rfc: "RFC 7643 §5 (REQUIRED members)",
                does: "ServiceProviderConfig's changePassword has no supported and its authenticationSchemes no description",
                observe: "true", |h| {
                    body(h.get("/ServiceProviderConfig").await).await["changePassword"]["supported"]
                        .is_boolean()
                        .to_string()
                },
            },
            SpcSupportedAsString {
                rfc: "RFC 7643 §5 (supported is a REQUIRED Boolean)",
                does: "ServiceProviderConfig gives sort's supported as the string \"true\"",
                observe: "true", |h| {
                    body(h.get("/ServiceProviderConfig").await).await["sort"]["supported"].to_string()
                },
            },
            ResourceTypesIncomplete {
                rfc: "RFC 7643 §6 (schemaExtensions.required is REQUIRED)",
                does: "the schemaExtensions entries of /ResourceTypes have no required",
                observe: "false", |h| {
                    body(h.get("/ResourceTypes/User").await).await["schemaExtensions"][0]["required"]
                        .to_string()
                },
            },
            SchemasListMessageSchemas {
                rfc: "RFC 7644 §3.1 (protocol messages are not resources)",
                does: "/Schemas also lists the ListResponse, PatchOp and Error message schemas",
                observe: "0", |h| {
                    let schemas = body(h.get("/Schemas").await).await;
                    let listed = schemas["Resources"].as_array().cloned().unwrap_or_default();
                    let is_message = |s: &&Value| {
                        s["id"]
                            .as_str()
                            .is_some_and(|id| id.starts_with("urn:ietf:params:scim:api:"))
                    };
                    listed.iter().filter(is_message).count().to_string()
                },
            },
            SchemasWithoutSubAttributes {
                rfc: "RFC 7643 §7 (subAttributes of complex attributes)",
                does: "complex attributes in /Schemas have no subAttributes",
                observe: "true", |h| {
                    let schema = body(
                        h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                            .await,
                    )
                    .await;
                    let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
                    let name = attributes.iter().find(|a| a["name"] == "name");
                    name.and_then(|a| a.get("subAttributes"))
                        .is_some()
                        .to_string()
                },
            },
            SpcPatchUnsupported {
                rfc: "RFC 7644 §3.5 (service providers support PATCH)",
                does: "ServiceProviderConfig says patch is not supported",
                observe: "true", |h| {
                    body(h.get("/ServiceProviderConfig").await).await["patch"]["supported"].to_string()
                },
            },
            SchemasDottedAttributeNames {
                rfc: "RFC 7643 §2.1 (attribute names follow ATTRNAME)",
                does: "the User schema in /Schemas also lists name's sub-attributes as top-level attributes named name.givenName and so on",
                observe: "0", |h| {
                    let schema = body(
                        h.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                            .await,
                    )
                    .await;
                    let attributes = schema["attributes"].as_array().cloned().unwrap_or_default();
                    let dotted = |a: &&Value| a["name"].as_str().is_some_and(|n| n.contains('.'));
                    attributes.iter().filter(dotted).count().to_string()
                },
            },
            UnknownPathsServeGroups {
                rfc: "RFC 7644 §3.12 (404: the endpoint does not exist)",
                does: "bulk is not offered (ServiceProviderConfig says so) and /Bulk, like every path that names no endpoint, is served as the Groups collection: a POST there creates a group (seen on Jackson)",
                observe: "404 200", |h| {
                    let bulk = json!({
                        "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                        "Operations": [],
                    });
                    let unknown = status(h.post("/Unknown", &group("Unknown", &[])).await).await;
                    let bulk = status(h.post("/Bulk", &bulk).await).await;
                    format!("{unknown} {bulk}")
                },
            },
        }
    };
}
