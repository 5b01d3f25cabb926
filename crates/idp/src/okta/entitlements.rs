//! Okta Identity Governance over SCIM 2.0: discovering the app's entitlement catalogs
//! (`/ResourceTypes`, `/Schemas`, then every value of each role or entitlement resource type),
//! the page Okta's Entitlements Runscope test reads, and granting and revoking values through
//! a user's `roles` and `entitlements` (at assignment by POST, afterwards by GET then PUT).
//!
//! A server whose /ResourceTypes names no resource type with Okta's Role or Entitlement schema
//! offers Okta nothing to govern: the scenarios skip, they do not fail.

use super::shape::{self, AppUser};
use crate::call::send;
use crate::judge::{Axis, status};
use crate::scenario;
use scim::schema::urn;
use scimcheck_engine::rule::relative_segment;
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::Value;

/// Most pages one catalog read takes (1,000 values): bounded whatever the server answers.
const MAX_PAGES: usize = 10;

/// A role or entitlement resource type as /ResourceTypes names it.
struct Catalog {
    name: String,
    /// `/Roles`, relative to the base URL.
    endpoint: String,
    /// Whether the values are entitlements (`type` required), not roles.
    entitlement: bool,
}

/// `GET /ResourceTypes` and the catalogs it names; a skip when there are none.
async fn catalogs(p: &mut Probe) -> Result<Vec<Catalog>, Stop> {
    let types = scenario::read(p, &shape::resource_types()).await?;
    let found: Vec<Catalog> = types
        .resources()
        .iter()
        .filter_map(|rt| {
            let schema = rt.get("schema").and_then(Value::as_str)?;
            let entitlement = if schema.eq_ignore_ascii_case(urn::OKTA_ENTITLEMENT) {
                true
            } else if schema.eq_ignore_ascii_case(urn::OKTA_ROLE) {
                false
            } else {
                return None;
            };
            let endpoint = relative_segment(rt.get("endpoint").and_then(Value::as_str)?)?;
            Some(Catalog {
                name: rt.get("name").and_then(Value::as_str)?.to_owned(),
                endpoint: format!("/{endpoint}"),
                entitlement,
            })
        })
        .collect();
    if found.is_empty() {
        return Err(p.skip(format!(
            "/ResourceTypes names no resource type with schema {} or {}: the server offers no entitlements to Okta Identity Governance",
            urn::OKTA_ROLE,
            urn::OKTA_ENTITLEMENT
        )));
    }
    Ok(found)
}

/// Reads every value of `catalog`, page by page ([`shape::PAGE`] each, at most [`MAX_PAGES`]),
/// judging each value as Okta's schemas define it.
async fn read_values(p: &mut Probe, catalog: &Catalog) -> Result<Vec<Value>, Stop> {
    let mut values = Vec::new();
    let mut start = 1;
    for _ in 0..MAX_PAGES {
        let call = shape::catalog_page(&catalog.endpoint, start, shape::PAGE);
        let page = scenario::read(p, &call).await?;
        let what = Axis::Rfc.on(&format!("{} totalResults is an integer", catalog.endpoint));
        p.expect_count(&what, page.get("totalResults"))?;
        let returned = page.resources().to_vec();
        for value in &returned {
            judge_value(p, catalog, value)?;
        }
        let total = page.get("totalResults").as_u64().unwrap_or_default() as usize;
        let done = returned.is_empty() || values.len() + returned.len() >= total;
        start += returned.len();
        values.extend(returned);
        if done {
            return Ok(values);
        }
    }
    p.note(format!(
        "{} read for {MAX_PAGES} pages; the rest is not judged",
        catalog.endpoint
    ));
    Ok(values)
}

/// One value: an `id` and a `displayName` (Okta's Governance tab shows them), and for an
/// entitlement a `type` naming its resource type.
fn judge_value(p: &mut Probe, catalog: &Catalog, value: &Value) -> Result<(), Stop> {
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    p.expect_not_empty(
        &Axis::Rfc.on(&format!("{} value id", catalog.endpoint)),
        &id,
    )?;
    let what = format!(
        "{} {id} displayName (required by Okta's schema)",
        catalog.endpoint
    );
    let name = value.get("displayName").cloned().unwrap_or(Value::Null);
    p.expect_not_empty(&Axis::Idp.on(&what), &name)?;
    if catalog.entitlement {
        let what = format!("{} {id} type is the resource type's name", catalog.endpoint);
        let kind = value.get("type").cloned().unwrap_or(Value::Null);
        p.equal(
            &Axis::Idp.on(&what),
            &Value::from(catalog.name.as_str()),
            &kind,
        )?;
    }
    Ok(())
}

/// Discovery as Okta runs it when provisioning is enabled: /ResourceTypes, /Schemas, then every
/// value of every role and entitlement catalog.
pub(super) async fn discover(p: &mut Probe) -> Result<(), Stop> {
    let found = catalogs(p).await?;
    let schemas = send(p, &shape::schemas()).await?;
    // Okta needs /Schemas only for extensions it does not know (its own schemas it knows).
    status(p, Axis::Idp, &schemas, &[200, 404])?;
    for catalog in &found {
        let values = read_values(p, catalog).await?;
        p.note(format!("{}: {} values", catalog.endpoint, values.len()));
    }
    Ok(())
}

/// The request of Okta's Entitlements Runscope test, on every catalog: one value per page.
pub(super) async fn first_page(p: &mut Probe) -> Result<(), Stop> {
    for catalog in catalogs(p).await? {
        let page = scenario::read(p, &shape::catalog_page(&catalog.endpoint, 1, 1)).await?;
        let on = |what: &str| Axis::Rfc.on(&format!("{} {what}", catalog.endpoint));
        p.expect_listed(&on("schemas"), page.get("schemas"), urn::LIST_RESPONSE)?;
        p.expect_count(&on("totalResults"), page.get("totalResults"))?;
        p.expect_count(&on("startIndex"), page.get("startIndex"))?;
        let what = on("itemsPerPage for count=1");
        p.equal(&what, &Value::from(1), page.get("itemsPerPage"))?;
        let what = Axis::Idp.on(&format!(
            "{} Resources (Okta's test needs a value)",
            catalog.endpoint
        ));
        p.expect_not_empty(&what, page.get("Resources"))?;
    }
    Ok(())
}

/// One grant of the first value of each catalog, split into (roles, entitlements).
async fn first_grants(p: &mut Probe) -> Result<(Vec<Value>, Vec<Value>), Stop> {
    let mut roles = Vec::new();
    let mut entitlements = Vec::new();
    for catalog in catalogs(p).await? {
        let page = scenario::read(p, &shape::catalog_page(&catalog.endpoint, 1, 1)).await?;
        let Some(value) = page.resources().first() else {
            continue;
        };
        let id = value.get("id").and_then(Value::as_str).unwrap_or_default();
        let display = value
            .get("displayName")
            .and_then(Value::as_str)
            .unwrap_or(id);
        if catalog.entitlement {
            entitlements.push(shape::grant(id, display, Some(&catalog.name)));
        } else {
            roles.push(shape::grant(id, display, None));
        }
    }
    if roles.is_empty() && entitlements.is_empty() {
        return Err(p.skip("every role and entitlement catalog is empty: nothing to grant"));
    }
    Ok((roles, entitlements))
}

/// Expects the user at `path` to hold exactly the `roles` and `entitlements` granted (by value).
async fn expect_grants(
    p: &mut Probe,
    path: &str,
    roles: &[Value],
    entitlements: &[Value],
    when: &str,
) -> Result<(), Stop> {
    let read = scenario::read(p, &shape::get(path)).await?;
    compare_grants(p, read.body(), roles, entitlements, when)
}

/// Compares the grants `user` holds with those granted, by value, in any order.
fn compare_grants(
    p: &mut Probe,
    user: &Value,
    roles: &[Value],
    entitlements: &[Value],
    when: &str,
) -> Result<(), Stop> {
    let values = |list: Option<&Value>| -> Vec<String> {
        let mut values: Vec<String> = list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("value").and_then(Value::as_str).map(str::to_owned))
            .collect();
        values.sort_unstable();
        values
    };
    for (attribute, granted) in [("roles", roles), ("entitlements", entitlements)] {
        let expected = values(Some(&Value::from(granted.to_vec())));
        let held = values(user.get(attribute));
        let what = Axis::Rfc.on(&format!("{attribute} values {when}"));
        p.equal(&what, &expected, &held)?;
    }
    Ok(())
}

const PASSWORD: &str = "3ntitl3d!";

/// Assignment with grants: POST of Okta's create body carrying `roles` and `entitlements`; the
/// user reads back with them.
pub(super) async fn assign(p: &mut Probe) -> Result<(), Stop> {
    let (roles, entitlements) = first_grants(p).await?;
    let user: AppUser = super::users::app_user(p);
    let endpoint = p.endpoint("User")?;
    let create = shape::create_user_with_grants(&endpoint, &user, PASSWORD, &roles, &entitlements);
    let (path, _) = scenario::create(p, &endpoint, &create).await?;
    expect_grants(p, &path, &roles, &entitlements, "after the create").await?;
    // Okta's import and its assignment lookup read users from the list: the grants must be
    // there too, or Okta sees them as revoked in the app.
    let found = scenario::read(p, &shape::lookup_user(&endpoint, &user.user_name)).await?;
    let listed = found.resources().first().cloned().unwrap_or(Value::Null);
    compare_grants(p, &listed, &roles, &entitlements, "in the userName lookup")
}

/// Granting then revoking after assignment: GET + PUT of the user with the grants, then GET +
/// PUT with none left; each change reads back.
pub(super) async fn grant_and_revoke(p: &mut Probe) -> Result<(), Stop> {
    let (roles, entitlements) = first_grants(p).await?;
    let user = super::users::app_user(p);
    let (path, _) = super::users::create(p, &user).await?;
    let current = scenario::read(p, &shape::get(&path)).await?;
    let grant = shape::put_grants(&path, current.body(), &roles, &entitlements);
    let granted = send(p, &grant).await?;
    status(p, Axis::Rfc, &granted, &[200])?;
    expect_grants(p, &path, &roles, &entitlements, "after the granting PUT").await?;
    let current = scenario::read(p, &shape::get(&path)).await?;
    let revoke = shape::put_grants(&path, current.body(), &[], &[]);
    let revoked = send(p, &revoke).await?;
    status(p, Axis::Rfc, &revoked, &[200])?;
    expect_grants(p, &path, &[], &[], "after the revoking PUT").await
}
