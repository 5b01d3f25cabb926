//! Projection (RFC 7644 §3.4.2.5, §3.9): `attributes` and `excludedAttributes` on GET of one
//! resource and on lists.

use crate::check::{Check, Need};
use crate::probe::{Probe, Stop, with_query};
use crate::reply::attribute;
use crate::setup;
use serde_json::Value;

/// The projection checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "projection.attributes.get",
            "GET /Users/{id}?attributes=userName returns userName and id but not emails",
            |p| Box::pin(attributes_get(p)),
        )
        .rfc("RFC 7644 §3.9, §3.4.2.5")
        .requirements(&["7644-3.4.2.5-1", "7644-3.4.2.5-2", "7644-3.9-2", "7644-3.9-3"])
        .shared_rule(setup::ATTRIBUTES)
        .needs(&[Need::Users])
        .defects(&["attributes-param-ignored"])
        .hint("With attributes=…, return only those attributes plus those with returned \"always\" (id, schemas).")
        .writes(),
        Check::new(
            "projection.attributes.list",
            "A list with attributes=userName returns resources without emails",
            |p| Box::pin(attributes_list(p)),
        )
        .rfc("RFC 7644 §3.4.2.5")
        .requirements(&["7644-3.4.2.5-1", "7644-3.4.2.5-2", "7644-3.9-3"])
        .shared_rule(setup::ATTRIBUTES)
        .needs(&[Need::Users, Need::Filter])
        .defects(&["attributes-param-ignored"])
        .hint("Apply attributes=… to every resource of a list response.")
        .writes(),
        Check::new(
            "projection.attributes.sub-attribute",
            "attributes=name.familyName returns name with familyName only",
            |p| Box::pin(sub_attribute(p)),
        )
        .rfc("RFC 7644 §3.4.2.5 (sub-attribute paths)")
        .requirements(&["7644-3.4.2.5-2", "7644-3.9-2"])
        .shared_rule(setup::ATTRIBUTES)
        .needs(&[Need::Users])
        .defects(&["attributes-param-ignored"])
        .hint("Resolve attribute paths down to sub-attributes: name.familyName keeps name.familyName only.")
        .writes(),
        Check::new(
            "projection.excluded.get",
            "GET /Users/{id}?excludedAttributes=emails returns the user without emails",
            |p| Box::pin(excluded_get(p)),
        )
        .rfc("RFC 7644 §3.9, §3.4.2.5")
        .requirements(&["7644-3.4.2.5-1", "7644-3.4.2.5-2", "7644-3.9-4"])
        .shared_rule(setup::EXCLUDED_ATTRIBUTES)
        .needs(&[Need::Users])
        .defects(&["excluded-attributes-param-ignored"])
        .hint("With excludedAttributes=…, drop those attributes (unless returned \"always\").")
        .writes(),
        Check::new(
            "projection.excluded.list",
            "A list with excludedAttributes=emails returns resources without emails",
            |p| Box::pin(excluded_list(p)),
        )
        .rfc("RFC 7644 §3.4.2.5")
        .requirements(&["7644-3.4.2.5-1", "7644-3.4.2.5-2", "7644-3.9-4"])
        .shared_rule(setup::EXCLUDED_ATTRIBUTES)
        .needs(&[Need::Users, Need::Filter])
        .defects(&["excluded-attributes-param-ignored"])
        .hint("Apply excludedAttributes=… to every resource of a list response.")
        .writes(),
        Check::new(
            "projection.excluded.group-members",
            "GET /Groups/{id}?excludedAttributes=members returns the group without members",
            |p| Box::pin(excluded_members(p)),
        )
        .rfc("RFC 7644 §3.4.2.5; Entra reads groups with excludedAttributes=members")
        .requirements(&["7644-3.4.2.5-2", "7644-3.9-4"])
        .shared_rule(setup::EXCLUDED_ATTRIBUTES)
        .tags(&["entra"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["excluded-attributes-param-ignored"])
        .hint("Honour excludedAttributes=members on groups: Entra uses it to avoid loading large groups.")
        .writes(),

        Check::new(
            "projection.attributes.group-display-name",
            "GET /Groups/{id}?attributes=displayName returns the group without members",
            |p| Box::pin(group_display_name(p)),
        )
        .rfc("RFC 7644 §3.4.2.5")
        .requirements(&["7644-3.4.2.5-2", "7644-3.9-2"])
        .shared_rule(setup::ATTRIBUTES)
        .needs(&[Need::Users, Need::Groups])
        .defects(&["attributes-param-ignored"])
        .hint("Apply attributes=… to groups as to users.")
        .writes(),
        Check::new(
            "projection.attributes.several",
            "attributes=userName,name.givenName returns both and nothing else requested-only",
            |p| Box::pin(several(p)),
        )
        .rfc("RFC 7644 §3.4.2.5 (comma-separated list)")
        .requirements(&["7644-3.4.2.5-2", "7644-3.9-2"])
        .shared_rule(setup::ATTRIBUTES)
        .needs(&[Need::Users])
        .defects(&["attributes-param-ignored"])
        .hint("Split attributes on commas and keep each listed path.")
        .writes(),
        Check::new(
            "projection.excluded.id-always-returned",
            "GET /Users/{id}?excludedAttributes=id still returns id (returned always)",
            |p| Box::pin(excluded_id(p)),
        )
        .rfc("RFC 7644 §3.4.2.5 (excludedAttributes has no effect on returned always)")
        .requirements(&["7643-3.1-4", "7644-3.4.2.5-6"])
        .shared_rule(setup::EXCLUDED_ATTRIBUTES)
        .needs(&[Need::Users])
        .defects(&["excluded-attributes-removes-always"])
        .hint("Leave attributes whose returned characteristic is always (id, and the User's userName as the server declares) in the response whatever excludedAttributes names.")
        .writes(),
    ]
}

/// Expects `resource` to have each of `kept` and none of `dropped`.
fn expect_shape(
    p: &mut Probe,
    resource: &Value,
    kept: &[&str],
    dropped: &[&str],
) -> Result<(), Stop> {
    for name in kept {
        let what = format!("{name} in the resource");
        p.expect_present(&what, attribute(resource, name))?;
    }
    for name in dropped {
        let what = format!("{name} in the resource");
        p.expect_absent(&what, attribute(resource, name))?;
    }
    Ok(())
}

async fn read_user_with(p: &mut Probe, key: &str, value: &str) -> Result<Value, Stop> {
    let user = p.create_user().await?;
    let reply = p.get(&with_query(&user.path, &[(key, value)])).await?;
    p.status(&reply, &[200])?;
    Ok(reply.body().clone())
}

async fn list_user_with(p: &mut Probe, key: &str, value: &str) -> Result<Value, Stop> {
    let user = p.create_user().await?;
    let endpoint = p.endpoint("User")?;
    let filter = user.user_name_filter();
    let reply = p
        .list(&endpoint, &[("filter", &filter), (key, value)])
        .await?;
    p.status(&reply, &[200])?;
    let first = reply.resources().first().cloned();
    match first {
        Some(resource) => Ok(resource),
        None => Err(p.fail(format!("the list filtered on {filter} is empty"))),
    }
}

async fn attributes_get(p: &mut Probe) -> Result<(), Stop> {
    let user = read_user_with(p, "attributes", "userName").await?;
    expect_shape(p, &user, &["id", "userName"], &["emails"])
}

async fn attributes_list(p: &mut Probe) -> Result<(), Stop> {
    let user = list_user_with(p, "attributes", "userName").await?;
    expect_shape(p, &user, &["id", "userName"], &["emails"])
}

async fn sub_attribute(p: &mut Probe) -> Result<(), Stop> {
    let user = read_user_with(p, "attributes", "name.familyName").await?;
    // The top level first, `emails` before all: a server ignoring `attributes` altogether
    // returns it here as to `projection.attributes.get`, one root cause (the shared rule);
    // the sub-attributes are judged once the top level was narrowed.
    expect_shape(p, &user, &["id"], &["emails", "userName"])?;
    let name = user.get("name").cloned().unwrap_or_default();
    expect_shape(p, &name, &["familyName"], &["givenName"])
}

async fn excluded_get(p: &mut Probe) -> Result<(), Stop> {
    let user = read_user_with(p, "excludedAttributes", "emails").await?;
    expect_shape(p, &user, &["id", "userName"], &["emails"])
}

async fn excluded_id(p: &mut Probe) -> Result<(), Stop> {
    let user = read_user_with(p, "excludedAttributes", "id,emails").await?;
    expect_shape(p, &user, &["id"], &["emails"])
}

async fn excluded_list(p: &mut Probe) -> Result<(), Stop> {
    let user = list_user_with(p, "excludedAttributes", "emails").await?;
    expect_shape(p, &user, &["id", "userName"], &["emails"])
}

async fn excluded_members(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let reply = p
        .get(&with_query(
            &group.path,
            &[("excludedAttributes", "members")],
        ))
        .await?;
    p.status(&reply, &[200])?;
    expect_shape(p, reply.body(), &["id", "displayName"], &["members"])
}

async fn group_display_name(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[&user.id]).await?;
    let reply = p
        .get(&with_query(&group.path, &[("attributes", "displayName")]))
        .await?;
    p.status(&reply, &[200])?;
    expect_shape(p, reply.body(), &["id", "displayName"], &["members"])
}

async fn several(p: &mut Probe) -> Result<(), Stop> {
    let user = read_user_with(p, "attributes", "userName,name.givenName").await?;
    expect_shape(
        p,
        &user,
        &["id", "userName", "name"],
        &["emails", "displayName"],
    )?;
    let name = user.get("name").cloned().unwrap_or_default();
    expect_shape(p, &name, &["givenName"], &["familyName"])
}
