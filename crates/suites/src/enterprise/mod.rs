//! The enterprise User extension (RFC 7643 §4.3): attributes under its URN are stored, replaced,
//! filtered on by URN path, and the manager reference is kept.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};
use scim::schema::urn;
use serde_json::{Value, json};

/// The enterprise checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "enterprise.create.stored",
            "Enterprise attributes sent in POST /Users are returned on GET",
            |p| Box::pin(stored(p)),
        )
        .rfc("RFC 7643 §4.3")
        .requirements(&["7643-3.3-4", "7643-3.3-6"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["enterprise-extension-dropped"])
        .hint("Store attributes under the enterprise URN key and return them (Entra maps department, employeeNumber, manager there).")
        .writes(),
        Check::new(
            "enterprise.create.schemas-any-order",
            "A user whose schemas lists the enterprise URN before the core one is created with its enterprise attributes",
            |p| Box::pin(schemas_any_order(p)),
        )
        .rfc("RFC 7643 §3 (the order of schemas values MUST NOT impact behaviour)")
        .requirements(&["7643-3-6"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["schemas-first-is-core"])
        .hint("Tell the resource's schema by its endpoint (or by looking the URN up in schemas), never by the position of a value in schemas.")
        .writes(),
        Check::new(
            "enterprise.put.replaced",
            "PUT with a new enterprise department returns the new value",
            |p| Box::pin(replaced(p)),
        )
        .rfc("RFC 7643 §4.3; RFC 7644 §3.5.1")
        .requirements(&["7643-3.3-6", "7643-7-19", "7644-3.5-1", "7644-3.5.1-4"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["enterprise-extension-dropped"])
        .hint("Replace extension attributes on PUT like core ones.")
        .writes(),
        Check::new(
            "enterprise.filter.urn-path",
            "A filter on the enterprise URN path (…:User:department eq) finds the user",
            |p| Box::pin(urn_filter(p)),
        )
        .rfc("RFC 7644 §3.4.2.2, §3.10 (fully qualified paths)")
        .requirements(&["7643-3.3-6", "7644-3.4.2.2-15"])
        .needs(&[Need::Users, Need::EnterpriseUser, Need::Filter])
        .defects(&["enterprise-extension-dropped", "filter-urn-path-unsupported"])
        .hint("Resolve URN-qualified attribute paths into the extension when filtering.")
        .writes(),
        Check::new(
            "enterprise.manager.kept",
            "An enterprise manager given by value is returned with that value",
            |p| Box::pin(manager(p)),
        )
        .rfc("RFC 7643 §4.3 (manager.value)")
        .requirements(&["7643-3.3-6", "7643-4.3-1"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["enterprise-extension-dropped"])
        .hint("Keep manager.value (the manager's id); derive manager.displayName if you return it.")
        .writes(),
        Check::new(
            "enterprise.manager.ref",
            "An enterprise manager given by value is returned with $ref, the manager's URI",
            |p| Box::pin(manager_ref(p)),
        )
        .rfc("RFC 7643 §4.3 (manager.$ref: RECOMMENDED)")
        .requirements(&["7643-4.3-2"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["manager-without-ref"])
        .hint("Return manager.$ref, the URI of the manager's User resource, next to manager.value: clients follow it without building URLs.")
        .writes(),
        Check::new(
            "enterprise.manager.display-name-read-only",
            "A manager.displayName sent by the client is not stored: it is readOnly",
            |p| Box::pin(manager_display_name(p)),
        )
        .rfc("RFC 7643 §4.3 (manager.displayName: readOnly), §7; RFC 7644 §3.3 (readOnly values in a request body SHALL be ignored)")
        .requirements(&["7643-4.3-3", "7643-7-18"])
        .needs(&[Need::Users, Need::EnterpriseUser])
        .defects(&["manager-display-name-stored"])
        .hint("Ignore manager.displayName in requests; if you return it, take it from the manager's own User.")
        .writes(),
        Check::new(
            "enterprise.patch.implicit-schema",
            "PATCH add of urn:…:enterprise:2.0:User:department to a user without the extension adds it and its schema URN",
            |p| Box::pin(implicit_schema(p)),
        )
        .rfc("RFC 7644 §3.5.2 (a fully qualified path changes schemas implicitly)")
        .requirements(&["7644-3.5.2-14"])
        .tags(&["entra"])
        .needs(&[Need::Users, Need::EnterpriseUser, Need::Patch])
        .defects(&["patch-urn-path-refused"])
        .hint("Accept PATCH paths qualified by an extension URN (Entra sends them): write the attribute into the extension and list the extension in schemas.")
        .writes(),
        Check::new(
            "enterprise.patch.schemas-follow-earlier-ops",
            "One PATCH removing a user's only enterprise attribute (department) and then adding it anew keeps the extension: the new department, its URN in schemas",
            |p| Box::pin(schemas_follow_earlier_ops(p)),
        )
        .rfc("RFC 7644 §3.5.2 (operations after one that modified schemas SHALL assume the modified schemas)")
        .requirements(&["7644-3.5.2-13"])
        .needs(&[Need::Users, Need::EnterpriseUser, Need::Patch])
        .defects(&["patch-schemas-from-original"])
        .hint("Apply a PATCH's operations in order to one working copy and derive schemas from it at the end: an extension emptied by one operation and written by a later one is present, with its URN in schemas.")
        .writes(),
    ]
}

/// The first operation empties the extension (its URN leaves `schemas`), the second writes
/// it again (the URN comes back): a server deciding the second against the `schemas` the user
/// had before the PATCH loses the extension. A refused URN path is not judged here:
/// `enterprise.patch.implicit-schema` notes that choice.
async fn schemas_follow_earlier_ops(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::ENTERPRISE_USER, "department")?;
    let user = create_with(p, json!({ "department": p.ctx().data.unique("dept") })).await?;
    let department = p.ctx().data.unique("dept");
    let path = format!("{}:department", urn::ENTERPRISE_USER);
    let reply = p
        .patch(
            &user.path,
            json!([
                { "op": "remove", "path": path },
                { "op": "add", "path": path, "value": department },
            ]),
        )
        .await?;
    if (400..500).contains(&reply.status) {
        return Err(p.skip(format!(
            "the PATCH with URN-qualified paths was refused ({}): enterprise.patch.implicit-schema notes that choice",
            reply.status
        )));
    }
    p.status(&reply, &[200, 204])?;
    extension_listed_with(p, &user.path, department).await
}

async fn implicit_schema(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::ENTERPRISE_USER, "department")?;
    let user = p.create_user().await?;
    let department = p.ctx().data.unique("dept");
    let path = format!("{}:department", urn::ENTERPRISE_USER);
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "add", "path": path, "value": department }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    extension_listed_with(p, &user.path, department).await
}

/// Reads the user at `path`: its `schemas` list the extension, which holds `department`.
async fn extension_listed_with(p: &mut Probe, path: &str, department: String) -> Result<(), Stop> {
    let read = p.get(path).await?;
    p.status(&read, &[200])?;
    p.expect_listed("schemas", read.get("schemas"), urn::ENTERPRISE_USER)?;
    p.equal(
        "department in the extension",
        &Value::from(department),
        &read.get(urn::ENTERPRISE_USER)["department"],
    )
}

/// Creates a user whose enterprise extension holds `extension`.
async fn create_with(p: &mut Probe, extension: Value) -> Result<Created, Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["schemas"] = json!([urn::USER, urn::ENTERPRISE_USER]);
    body[urn::ENTERPRISE_USER] = extension;
    p.create(&endpoint, body).await
}

/// Reads `path` and returns its enterprise extension object (`null` when absent).
async fn extension_of(p: &mut Probe, path: &str) -> Result<Value, Stop> {
    let read = p.get(path).await?;
    p.status(&read, &[200])?;
    Ok(read.get(urn::ENTERPRISE_USER).clone())
}

async fn stored(p: &mut Probe) -> Result<(), Stop> {
    let department = p.ctx().data.unique("dept");
    let user = create_with(
        p,
        json!({ "department": department, "employeeNumber": "42" }),
    )
    .await?;
    let extension = extension_of(p, &user.path).await?;
    p.equal(
        "department",
        &Value::from(department),
        &extension["department"],
    )?;
    p.equal(
        "employeeNumber",
        &Value::from("42"),
        &extension["employeeNumber"],
    )
}

async fn schemas_any_order(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let department = p.ctx().data.unique("dept");
    let mut body = p.user_body();
    body["schemas"] = json!([urn::ENTERPRISE_USER, urn::USER]);
    body[urn::ENTERPRISE_USER] = json!({ "department": department });
    let user = p.create(&endpoint, body).await?;
    let extension = extension_of(p, &user.path).await?;
    p.equal(
        "department",
        &Value::from(department),
        &extension["department"],
    )
}

async fn replaced(p: &mut Probe) -> Result<(), Stop> {
    let user = create_with(p, json!({ "department": "Before" })).await?;
    let mut body = user.sent.clone();
    let department = p.ctx().data.unique("dept");
    body[urn::ENTERPRISE_USER] = json!({ "department": department });
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let extension = extension_of(p, &user.path).await?;
    p.equal(
        "department after PUT",
        &Value::from(department),
        &extension["department"],
    )
}

async fn urn_filter(p: &mut Probe) -> Result<(), Stop> {
    let department = p.ctx().data.unique("dept");
    let user = create_with(p, json!({ "department": department })).await?;
    let endpoint = p.endpoint("User")?;
    // Scoped to the user by its (indexed) userName, so a server holding many users need not
    // evaluate the department of each; the URN path must still resolve for the user to match.
    let user_name = user.sent["userName"].as_str().unwrap_or_default();
    let filter = format!(
        "{}:department eq \"{department}\" and userName eq \"{user_name}\"",
        urn::ENTERPRISE_USER
    );
    let list = p.filter(&endpoint, &filter).await?;
    let ids = list.resource_ids();
    p.equal("users found", &[user.id.as_str()][..], &ids[..])
}

async fn manager_ref(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::ENTERPRISE_USER, "manager")?;
    let boss = p.create_user().await?;
    let user = create_with(p, json!({ "manager": { "value": boss.id } })).await?;
    let extension = extension_of(p, &user.path).await?;
    let reference = extension["manager"]["$ref"].as_str();
    p.expect_ends_with("manager.$ref", &boss.path, reference)
}

async fn manager_display_name(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::ENTERPRISE_USER, "manager")?;
    let boss = p.create_user().await?;
    let sent = format!("Not the manager {}", p.ctx().data.unique("mgr"));
    let manager = json!({ "value": boss.id, "displayName": sent });
    let user = create_with(p, json!({ "manager": manager })).await?;
    let extension = extension_of(p, &user.path).await?;
    p.expect_not_equal(
        "manager.displayName (readOnly) after a POST that sent one",
        &Value::from(sent),
        &extension["manager"]["displayName"],
    )
}

async fn manager(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::ENTERPRISE_USER, "manager")?;
    let boss = p.create_user().await?;
    let user = create_with(p, json!({ "manager": { "value": boss.id } })).await?;
    let extension = extension_of(p, &user.path).await?;
    p.equal(
        "manager.value",
        &Value::from(boss.id),
        &extension["manager"]["value"],
    )
}
