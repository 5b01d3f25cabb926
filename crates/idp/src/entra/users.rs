//! Entra's user lifecycle: test connection, create (with the enterprise extension, and with
//! explicit nulls), PATCH updates with capitalised ops and Entra's paths, manager set / change /
//! clear, the path-less variant with dotted and URN keys, disable (string and boolean) then
//! delete, clearing with empty strings and nulls, and paging with `count=5`.

use super::shape::{self, ENTERPRISE};
use crate::call::send;
use crate::judge::{Axis, status};
use crate::scenario::{self, at, expect_at};
use scimcheck_suites::probe::{Probe, Stop};
use serde_json::{Value, json};

/// A fresh Entra user body with a run-unique userName.
pub(super) fn body(p: &Probe) -> Value {
    let tag = p.ctx().data.unique("entra");
    shape::user(&format!("{tag}@example.com"), &tag)
}

/// Creates an Entra user; returns its path and id.
pub(super) async fn create(p: &mut Probe, body: Value) -> Result<(String, String), Stop> {
    let endpoint = p.endpoint("User")?;
    scenario::create(p, &endpoint, &shape::create(&endpoint, body)).await
}

fn enterprise(attribute: &str) -> String {
    format!("{ENTERPRISE}:{attribute}")
}

/// Test connection: a random GUID userName → 200 and an empty ListResponse.
pub(super) async fn connection(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let guid = uuid::Uuid::new_v4().to_string();
    let reply = send(p, &shape::test_connection(&endpoint, &guid)).await?;
    status(p, Axis::Rfc, &reply, &[200])?;
    let list = scim::schema::urn::LIST_RESPONSE;
    let what = Axis::Rfc.on("schemas names the ListResponse");
    p.expect_listed(&what, reply.get("schemas"), list)?;
    p.equal(
        &Axis::Rfc.on("totalResults"),
        &Value::from(0),
        reply.get("totalResults"),
    )
}

/// Create with the enterprise extension; a second create of the same userName is a 409.
pub(super) async fn create_enterprise(p: &mut Probe) -> Result<(), Stop> {
    let user = body(p);
    let (path, _) = create(p, user.clone()).await?;
    let department = format!("/{ENTERPRISE}/department");
    expect_at(
        p,
        &shape::get(&path, None),
        &department,
        json!("Tour Operations"),
    )
    .await?;
    let endpoint = p.endpoint("User")?;
    let again = send(p, &shape::create(&endpoint, user)).await?;
    status(p, Axis::Rfc, &again, &[409])
}

/// Create with explicit nulls (Entra sends unmapped attributes as null): they are unassigned.
pub(super) async fn create_nulls(p: &mut Probe) -> Result<(), Stop> {
    let mut user = body(p);
    user["title"] = Value::Null;
    user["nickName"] = Value::Null;
    user["name"]["middleName"] = Value::Null;
    user[ENTERPRISE]["costCenter"] = Value::Null;
    let (path, _) = create(p, user).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    for pointer in ["/title", "/nickName", "/name/middleName"] {
        p.expect_absent(&Axis::Rfc.on(pointer), &at(&read, pointer))?;
    }
    Ok(())
}

/// Capitalised ops with Entra's paths: a filtered email value, a sub-attribute, an enterprise
/// URN path, and an `Add` of a new attribute.
pub(super) async fn patch_paths(p: &mut Probe) -> Result<(), Stop> {
    let user = body(p);
    let (path, _) = create(p, user.clone()).await?;
    let operations = json!([
        {"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "changed.work@example.com"},
        {"op": "Replace", "path": "name.familyName", "value": "Renamed"},
        {"op": "Replace", "path": enterprise("department"), "value": "Sales"},
        {"op": "Add", "path": "nickName", "value": "Babs"},
    ]);
    scenario::write(p, &shape::patch(&path, operations)).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    let work = Axis::Rfc.on("work emails after the filtered replace");
    let changed = "changed.work@example.com";
    p.expect_includes(&work, &emails_of_type(read.body(), "work"), &changed)?;
    let home = Axis::Rfc.on("home emails after the filtered replace (unchanged)");
    let sent_home = emails_of_type(&user, "home");
    p.equal(&home, &sent_home, &emails_of_type(read.body(), "home"))?;
    for (pointer, expected) in [
        ("/name/familyName", "Renamed"),
        (&format!("/{ENTERPRISE}/department") as &str, "Sales"),
        ("/nickName", "Babs"),
    ] {
        p.equal(
            &Axis::Rfc.on(pointer),
            &Value::from(expected),
            &at(&read, pointer),
        )?;
    }
    Ok(())
}

/// The `value`s of the emails of `kind` (`work`, `home`) in `resource`.
fn emails_of_type<'a>(resource: &'a Value, kind: &str) -> Vec<&'a str> {
    resource["emails"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"] == kind)
        .filter_map(|e| e["value"].as_str())
        .collect()
}

/// Manager set (bare id, as Entra sends it), changed, then cleared.
pub(super) async fn manager(p: &mut Probe) -> Result<(), Stop> {
    let (first, first_id) = create(p, body(p)).await?;
    let (_, second_id) = create(p, body(p)).await?;
    let (path, _) = create(p, body(p)).await?;
    let manager = format!("/{ENTERPRISE}/manager/value");
    for id in [&first_id, &second_id] {
        let op = json!([{"op": "Add", "path": enterprise("manager"), "value": id}]);
        scenario::write(p, &shape::patch(&path, op)).await?;
        expect_at(p, &shape::get(&path, None), &manager, json!(id)).await?;
    }
    let clear = json!([{"op": "Remove", "path": enterprise("manager")}]);
    scenario::write(p, &shape::patch(&path, clear)).await?;
    expect_at(p, &shape::get(&path, None), &manager, Value::Null).await?;
    // The first manager still exists: clearing a reference deletes nothing.
    scenario::read(p, &shape::get(&first, None)).await.map(drop)
}

/// The flag-on variant: one path-less `Replace` whose keys are dotted and URN-qualified paths.
pub(super) async fn pathless(p: &mut Probe) -> Result<(), Stop> {
    let (path, _) = create(p, body(p)).await?;
    let value = json!({
        "name.givenName": "Dotted",
        "displayName": "Dotted Key",
        enterprise("department"): "Flag On",
    });
    let op = json!([{"op": "Replace", "value": value}]);
    scenario::write(p, &shape::patch(&path, op)).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    for (pointer, expected) in [
        ("/name/givenName", "Dotted"),
        ("/displayName", "Dotted Key"),
        (&format!("/{ENTERPRISE}/department") as &str, "Flag On"),
    ] {
        p.equal(
            &Axis::Rfc.on(pointer),
            &Value::from(expected),
            &at(&read, pointer),
        )?;
    }
    Ok(())
}

/// Disable with `active` given as `value` (Entra's string `"False"` or a boolean); the user is
/// still readable, then deleted for good.
async fn disable(p: &mut Probe, value: Value) -> Result<(), Stop> {
    let (path, _) = create(p, body(p)).await?;
    let axis = if value.is_string() {
        Axis::Idp
    } else {
        Axis::Rfc
    };
    let op = json!([{"op": "Replace", "path": "active", "value": value}]);
    let reply = send(p, &shape::patch(&path, op)).await?;
    status(p, axis, &reply, &[200, 204])?;
    let read = send(p, &shape::get(&path, None)).await?;
    status(p, Axis::Idp, &read, &[200])?;
    let what = Axis::Rfc.on("active after disabling");
    p.equal(&what, &Value::Bool(false), read.get("active"))?;
    let deleted = send(p, &shape::delete(&path)).await?;
    status(p, Axis::Rfc, &deleted, &[204])?;
    let gone = send(p, &shape::get(&path, None)).await?;
    status(p, Axis::Rfc, &gone, &[404])
}

/// Disable with the string `"False"`.
pub(super) async fn disable_string(p: &mut Probe) -> Result<(), Stop> {
    disable(p, json!("False")).await
}

/// Disable with the boolean `false`.
pub(super) async fn disable_boolean(p: &mut Probe) -> Result<(), Stop> {
    disable(p, json!(false)).await
}

/// An empty string and a `null` clear attributes.
pub(super) async fn clear(p: &mut Probe) -> Result<(), Stop> {
    let mut user = body(p);
    user["nickName"] = json!("Babs");
    let (path, _) = create(p, user).await?;
    let ops = json!([
        {"op": "Replace", "path": "title", "value": ""},
        {"op": "Replace", "path": "nickName", "value": null},
    ]);
    scenario::write(p, &shape::patch(&path, ops)).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    for pointer in ["/title", "/nickName"] {
        p.expect_cleared(&Axis::Idp.on(pointer), &at(&read, pointer))?;
    }
    Ok(())
}

/// Users created for [`pagination`]: with pages of five, two full pages and a short last one.
const PAGED: usize = 11;

/// Paging with `count=5` over 11 new users, selected by a filter on their shared userName
/// prefix (so neither the cost nor the verdict depends on how many users the server holds):
/// every page ≤ 5, counters right, each of them seen exactly once.
pub(super) async fn pagination(p: &mut Probe) -> Result<(), Stop> {
    let batch = p.ctx().data.unique("entra-page");
    let mut mine = Vec::new();
    for i in 0..PAGED {
        let name = format!("{batch}-{i}@example.com");
        mine.push(create(p, shape::user(&name, &name)).await?.1);
    }
    let endpoint = p.endpoint("User")?;
    let filter = format!("userName sw \"{batch}-\"");
    let mut seen: Vec<String> = Vec::new();
    let mut start = 1;
    loop {
        let page = scenario::read(p, &shape::page(&endpoint, &filter, start, 5)).await?;
        let returned = page.resources().len();
        p.expect_at_most(&Axis::Rfc.on("resources per page for count=5"), 5, returned)?;
        let what = Axis::Rfc.on("itemsPerPage");
        p.equal(&what, &Value::from(returned), page.get("itemsPerPage"))?;
        seen.extend(page.resource_ids().into_iter().map(str::to_owned));
        let total = page.get("totalResults").as_u64().unwrap_or_default() as usize;
        if returned == 0 || seen.len() >= total || start > 10 * PAGED {
            let what = Axis::Rfc.on("users read equal totalResults");
            p.equal(&what, &total, &seen.len())?;
            break;
        }
        start += returned;
    }
    mine.sort_unstable();
    seen.sort_unstable();
    let what = Axis::Rfc.on("ids seen paging the created users, sorted");
    p.equal(&what, &mine, &seen)
}
