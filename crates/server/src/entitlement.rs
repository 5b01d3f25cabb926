//! Entitlement catalogs, as Okta Identity Governance reads them over SCIM 2.0: resource types
//! whose `schema` is Okta's Role or Entitlement URN (`scim::schema::governance`), each a
//! read-only list of values at its own endpoint (`/Roles`, `/Entitlements`…), which a user is
//! granted through its RFC 7643 `roles` and `entitlements` attributes.
//!
//! Okta's guide "Build a SCIM 2.0 server with entitlements" describes the calls: `/ResourceTypes`
//! to learn the catalogs and their endpoints, `/Schemas` for extensions, then every value of
//! every catalog; grants travel in the user's POST and PUT. Okta never writes a catalog, so its
//! endpoints answer GET (list with filter and paging, read by id) and 405 to anything else.
//!
//! Catalogs are configuration ([`crate::ServerConfig::entitlement_types`]), not stored
//! resources: an app's roles and licences are its own, and Okta only discovers them. They are
//! served on the SCIM 2.0 tree only (Okta's entitlement management is a SCIM 2.0 feature); with
//! no catalog configured the server is exactly the User/Group server it was before.

use crate::api::{Api, Version};
use crate::defect::Defect;
use crate::error::ApiError;
use crate::list::{self, ListQuery};
use crate::projection::Projection;
use scim::error::ScimType;
use scim::schema::{ResourceSchema, governance, urn};
use serde_json::{Map, Value, json};

/// Which of Okta's two catalog schemas a resource type's values follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogSchema {
    /// `urn:okta:scim:schemas:core:1.0:Role`: values granted through a user's `roles`.
    Role,
    /// `urn:okta:scim:schemas:core:1.0:Entitlement`: values granted through a user's
    /// `entitlements`, each carrying its resource type's name as `type`.
    Entitlement,
}

impl CatalogSchema {
    /// The schema URN a ResourceType names.
    pub fn urn(self) -> &'static str {
        match self {
            CatalogSchema::Role => urn::OKTA_ROLE,
            CatalogSchema::Entitlement => urn::OKTA_ENTITLEMENT,
        }
    }

    /// The schema the values are filtered against and /Schemas serves.
    pub fn schema(self) -> &'static ResourceSchema {
        match self {
            CatalogSchema::Role => governance::role(),
            CatalogSchema::Entitlement => governance::entitlement(),
        }
    }
}

/// One value a catalog offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogValue {
    /// The value's `id`, which a user's grant carries as `value`.
    pub id: String,
    /// The name Okta shows (`displayName`).
    pub display_name: String,
    /// What it grants (`description`), when there is something to say.
    pub description: Option<String>,
}

/// One entitlement resource type: a catalog of values at its own endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitlementType {
    /// The ResourceType's `id` and `name`, also the `type` of an entitlement's values.
    pub name: String,
    /// The endpoint relative to the base URL, e.g. `/Roles`.
    pub endpoint: String,
    /// The ResourceType's `description`.
    pub description: String,
    /// Which Okta schema the values follow.
    pub schema: CatalogSchema,
    /// The values, in the order lists return them.
    pub values: Vec<CatalogValue>,
}

impl EntitlementType {
    /// The catalogs the server offers unless told otherwise: one of each kind, at the endpoints
    /// Okta's guide uses as its example (`Role` at `/Roles`, `Entitlement` at
    /// `/Entitlements`), with three values each so paging has something to page through.
    pub fn defaults() -> Vec<EntitlementType> {
        let catalog = |schema, name: &str, endpoint: &str, about: &str, values: [[&str; 3]; 3]| {
            EntitlementType {
                name: name.to_owned(),
                endpoint: endpoint.to_owned(),
                description: about.to_owned(),
                schema,
                values: values
                    .into_iter()
                    .map(|[id, name, description]| CatalogValue {
                        id: id.to_owned(),
                        display_name: name.to_owned(),
                        description: Some(description.to_owned()),
                    })
                    .collect(),
            }
        };
        vec![
            catalog(
                CatalogSchema::Role,
                "Role",
                "/Roles",
                "Roles a user of the app can hold",
                [
                    ["role-viewer", "Viewer", "Reads everything, changes nothing"],
                    ["role-editor", "Editor", "Creates and edits content"],
                    ["role-admin", "Administrator", "Manages the account"],
                ],
            ),
            catalog(
                CatalogSchema::Entitlement,
                "Entitlement",
                "/Entitlements",
                "Licences and permission sets of the app",
                [
                    ["lic-basic", "Basic licence", "The standard seat"],
                    ["lic-pro", "Professional licence", "Adds reporting"],
                    ["perm-export", "Export permission", "May export data"],
                ],
            ),
        ]
    }
}

/// The catalogs this request's tree serves (none on SCIM 1.1).
pub fn catalogs(api: &Api) -> &[EntitlementType] {
    match api.version {
        Version::V2 => &api.config().entitlement_types,
        Version::V1 => &[],
    }
}

/// The catalog served at `endpoint` (`Roles` or `/Roles`, case-insensitively).
pub fn find<'a>(api: &'a Api, endpoint: &str) -> Option<&'a EntitlementType> {
    let wanted = endpoint.trim_start_matches('/');
    catalogs(api).iter().find(|t| {
        crate::defect::discovery::catalog_endpoint(api, &t.endpoint)
            .trim_start_matches('/')
            .eq_ignore_ascii_case(wanted)
    })
}

/// One value as a resource of its catalog.
fn resource(api: &Api, catalog: &EntitlementType, value: &CatalogValue) -> Value {
    let mut body = Map::new();
    body.insert("schemas".into(), json!([catalog.schema.urn()]));
    body.insert("id".into(), json!(value.id));
    // The server's own column name instead of Okta's attribute, as servers that map their
    // tables without Okta's schema mapping do.
    let name_attribute = if api.has(Defect::EntitlementValuesWithoutDisplayName) {
        "name"
    } else {
        "displayName"
    };
    body.insert(name_attribute.into(), json!(value.display_name));
    if catalog.schema == CatalogSchema::Entitlement {
        body.insert("type".into(), json!(catalog.name));
    }
    if let Some(description) = &value.description {
        body.insert("description".into(), json!(description));
    }
    body.insert(
        "meta".into(),
        json!({
            "resourceType": catalog.name,
            "location": api.location(&catalog.endpoint, &value.id),
        }),
    );
    Value::Object(body)
}

/// `GET {endpoint}`: the values matching the query's filter, one page of them, each carrying
/// what `attributes` / `excludedAttributes` ask for (RFC 7644 §3.4.2.5 holds for every
/// resource type, catalogs included).
pub fn list(api: &Api, catalog: &EntitlementType, query: &ListQuery) -> Result<Value, ApiError> {
    let filter = query
        .filter_text()
        .map(|text| {
            scim::filter::parse(text).map_err(|e| {
                ApiError::scim(
                    ScimType::InvalidFilter,
                    format!("the filter '{text}' is not valid: {e}"),
                )
            })
        })
        .transpose()?;
    let mut matches = Vec::new();
    for value in &catalog.values {
        let view = resource(api, catalog, value);
        let hit = match &filter {
            None => true,
            Some(f) => f.matches(&view, catalog.schema.schema()).map_err(|e| {
                ApiError::scim(
                    ScimType::InvalidFilter,
                    format!("the filter cannot be evaluated: {e}"),
                )
            })?,
        };
        if hit {
            matches.push(
                query
                    .projection
                    .apply_as(api, catalog.schema.schema(), view),
            );
        }
    }
    if api.has(Defect::EntitlementCatalogUnpaged) {
        // Everything on one page whatever startIndex and count ask, as a hand-written catalog
        // route that never read them answers.
        return Ok(list::envelope(api, matches.len(), 1, matches, None));
    }
    Ok(list::paginate(api, query, matches))
}

/// `GET {endpoint}/{id}`, projected as `attributes` / `excludedAttributes` ask.
pub fn read(
    api: &Api,
    catalog: &EntitlementType,
    id: &str,
    projection: &Projection,
) -> Result<Value, ApiError> {
    catalog
        .values
        .iter()
        .find(|v| v.id == id)
        .map(|v| projection.apply_as(api, catalog.schema.schema(), resource(api, catalog, v)))
        .ok_or_else(|| ApiError::not_found(&catalog.name, id))
}

/// With `user-grants-dropped`, removes `roles` and `entitlements` from a User body, as a server
/// whose user model has no place for them does (unknown attributes are dropped silently).
pub fn drop_grants(api: &Api, body: &mut Value) {
    if api.has(Defect::UserGrantsDropped)
        && let Some(object) = body.as_object_mut()
    {
        object.remove("roles");
        object.remove("entitlements");
    }
}

/// With `put-merges-grants`, adds the grants `old` holds to those a PUT sends (`new`) instead
/// of replacing them, as a server that "connects" roles on update without disconnecting the
/// others does: a role Okta revokes stays granted.
pub fn merge_grants(api: &Api, old: &Value, new: &mut Map<String, Value>) {
    if !api.has(Defect::PutMergesGrants) {
        return;
    }
    for attribute in ["roles", "entitlements"] {
        let Some(Value::Array(kept)) = old.get(attribute) else {
            continue;
        };
        let sent = new
            .entry(attribute.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(sent) = sent {
            for grant in kept {
                let value = grant.get("value");
                if !sent.iter().any(|s| s.get("value") == value) {
                    sent.push(grant.clone());
                }
            }
        }
    }
}
