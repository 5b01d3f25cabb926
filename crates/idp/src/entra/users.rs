//! Entra's user lifecycle: test connection, matching (lookups by externalId and userName, then
//! create), create (with the enterprise extension, and with explicit nulls), PATCH updates in
//! the mode's shapes, `Replace` of userName, manager set / change / clear, disable then delete,
//! clearing with empty strings and nulls, and paging with `count=5`.

use super::shape::{self, ENTERPRISE, Mode};
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

/// What a case says when /ResourceTypes does not list the enterprise extension its user
/// bodies carry.
const ENTERPRISE_UNLISTED: &str = "/ResourceTypes lists no enterprise extension for User (or could not be read); the user is sent with it all the same: Entra sends what its attribute mappings hold, not what /ResourceTypes lists";

/// Creates an Entra user; returns its path and id. The body carries the enterprise extension
/// whatever /ResourceTypes says, as Entra's mappings do; when /ResourceTypes does not list it,
/// the case's log says so once, so a failure on it reads as what it is.
pub(super) async fn create(p: &mut Probe, body: Value) -> Result<(String, String), Stop> {
    let unlisted = !p.ctx().discovered.has_enterprise_user();
    if unlisted && !p.case().logs.iter().any(|l| l == ENTERPRISE_UNLISTED) {
        p.note(ENTERPRISE_UNLISTED);
    }
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

/// Create with explicit nulls (Entra sends a mapped attribute whose source is empty as null):
/// they are unassigned. `title` and the enterprise `department` are in Entra's default mapping
/// (jobTitle, department); `nickName` is not, so no Entra scenario sends it (REAL-WORLD
/// problem 10: a server without it would fail for an attribute Entra never maps).
pub(super) async fn create_nulls(p: &mut Probe) -> Result<(), Stop> {
    let mut user = body(p);
    user["title"] = Value::Null;
    user["name"]["middleName"] = Value::Null;
    user[ENTERPRISE]["department"] = Value::Null;
    user[ENTERPRISE]["costCenter"] = Value::Null;
    let (path, _) = create(p, user).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    let department = format!("/{ENTERPRISE}/department");
    for pointer in ["/title", "/name/middleName", &department] {
        p.expect_absent(&Axis::Rfc.on(pointer), &at(&read, pointer))?;
    }
    Ok(())
}

/// Updates in the mode's shapes: several attributes replaced (the work email through its
/// filtered path, `displayName`, `name.givenName`, `name.familyName`, the enterprise
/// `employeeNumber`), then a single-valued attribute the user did not have added (`title`,
/// Entra's jobTitle in its default mapping).
pub(super) async fn update(p: &mut Probe, mode: Mode) -> Result<(), Stop> {
    let mut user = body(p);
    user.as_object_mut().map(|u| u.remove("title"));
    let (path, _) = create(p, user.clone()).await?;
    let changed = "changed.work@example.com";
    let employee_number = enterprise("employeeNumber");
    let others = [
        ("displayName", json!("Renamed Entra")),
        ("name.givenName", json!("Renamed")),
        ("name.familyName", json!("Entra")),
        (employee_number.as_str(), json!("42")),
    ];
    let replace = shape::replace_several(mode, changed, &others);
    scenario::write(p, &shape::patch(&path, replace)).await?;
    let add = shape::add_single(mode, "title", json!("Tour Guide"));
    scenario::write(p, &shape::patch(&path, add)).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    let work = Axis::Rfc.on("work emails after the filtered replace");
    p.expect_includes(&work, &emails_of_type(read.body(), "work"), &changed)?;
    let home = Axis::Rfc.on("home emails after the filtered replace (unchanged)");
    let sent_home = emails_of_type(&user, "home");
    p.equal(&home, &sent_home, &emails_of_type(read.body(), "home"))?;
    for (pointer, expected) in [
        ("/displayName", "Renamed Entra"),
        ("/name/givenName", "Renamed"),
        ("/name/familyName", "Entra"),
        (&format!("/{ENTERPRISE}/employeeNumber") as &str, "42"),
        ("/title", "Tour Guide"),
    ] {
        let axis = scenario::read_axis(p, &path, pointer);
        p.equal(
            &axis.on(pointer),
            &Value::from(expected),
            &at(&read, pointer),
        )?;
    }
    Ok(())
}

/// `Add` through filtered paths that match nothing: a work address (two sub-attributes through
/// the same filter, in one PATCH) and a mobile phone number next to the work one; each must
/// create exactly one entry of its type.
pub(super) async fn add_filtered(p: &mut Probe, mode: Mode) -> Result<(), Stop> {
    let mut user = body(p);
    user["phoneNumbers"] = json!([{"type": "work", "value": "+1 555 0100"}]);
    let (path, _) = create(p, user).await?;
    let ops: Vec<Value> = [
        (
            "addresses[type eq \"work\"].formatted",
            "1 Main St, Springfield",
        ),
        ("addresses[type eq \"work\"].locality", "Springfield"),
        ("phoneNumbers[type eq \"mobile\"].value", "+1 555 0199"),
    ]
    .into_iter()
    .map(|(at, value)| shape::add_single(mode, at, json!(value))[0].clone())
    .collect();
    scenario::write(p, &shape::patch(&path, Value::Array(ops))).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    let of_type = |attribute: &str, kind: &str| -> Vec<Value> {
        read.body()[attribute]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["type"] == kind)
            .cloned()
            .collect()
    };
    let work = of_type("addresses", "work");
    let what = Axis::Rfc.on("work addresses created through the filter (one, both sub-attributes)");
    let built: Vec<(Value, Value)> = work
        .iter()
        .map(|a| (a["formatted"].clone(), a["locality"].clone()))
        .collect();
    let expected = vec![(json!("1 Main St, Springfield"), json!("Springfield"))];
    p.equal(&what, &expected, &built)?;
    // A server may return a number in RFC 3966 form (`tel:+1-555-0199`, RFC 7643 §4.1.2
    // SHOULD), so numbers are compared by what they dial.
    let numbers = |kind: &str| -> Vec<String> {
        of_type("phoneNumbers", kind)
            .iter()
            .map(|n| dialled(n["value"].as_str().unwrap_or_default()))
            .collect()
    };
    let what = Axis::Rfc.on("mobile numbers created through the filter (as dialled)");
    p.equal(&what, &vec![dialled("+1 555 0199")], &numbers("mobile"))?;
    let what = Axis::Rfc.on("the work number, untouched (as dialled)");
    p.equal(&what, &vec![dialled("+1 555 0100")], &numbers("work"))
}

/// A phone number as dialled: its `+` and digits, without a `tel:` scheme or separators.
fn dialled(number: &str) -> String {
    number
        .trim_start_matches("tel:")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
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
        let op = json!([shape::op("add", &enterprise("manager"), json!(id))]);
        scenario::write(p, &shape::patch(&path, op)).await?;
        expect_at(p, &shape::get(&path, None), &manager, json!(id)).await?;
    }
    let clear = json!([{"op": "Remove", "path": enterprise("manager")}]);
    scenario::write(p, &shape::patch(&path, clear)).await?;
    expect_at(p, &shape::get(&path, None), &manager, Value::Null).await?;
    // The first manager still exists: clearing a reference deletes nothing.
    scenario::read(p, &shape::get(&first, None)).await.map(drop)
}

/// Disable in the mode's shape (`"False"` without the flag, `false` with it); the user is
/// still readable, then deleted for good.
pub(super) async fn disable(p: &mut Probe, mode: Mode) -> Result<(), Stop> {
    let (path, _) = create(p, body(p)).await?;
    // A string boolean is Entra's quirk; the RFC lets a server refuse it.
    let axis = match mode {
        Mode::Legacy => Axis::Idp,
        Mode::Compliant => Axis::Rfc,
    };
    let reply = send(p, &shape::patch(&path, shape::disable(mode))).await?;
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

/// Matching before a create: lookups by `externalId` and by `userName` (`+`-encoded) find
/// nothing (200, empty list), the POST creates the user, and both lookups then find it.
pub(super) async fn matching(p: &mut Probe) -> Result<(), Stop> {
    let user = body(p);
    let endpoint = p.endpoint("User")?;
    let keys = [
        (
            "externalId",
            user["externalId"].as_str().unwrap_or_default().to_owned(),
        ),
        (
            "userName",
            user["userName"].as_str().unwrap_or_default().to_owned(),
        ),
    ];
    for (attribute, value) in &keys {
        let found = scenario::read(p, &shape::lookup_user(&endpoint, attribute, value)).await?;
        let what = Axis::Rfc.on(&format!("totalResults of {attribute} eq before the create"));
        p.equal(&what, &Value::from(0), found.get("totalResults"))?;
    }
    let (_, id) = create(p, user.clone()).await?;
    for (attribute, value) in &keys {
        let found = scenario::read(p, &shape::lookup_user(&endpoint, attribute, value)).await?;
        let what = Axis::Rfc.on(&format!("{attribute} eq finds the created user"));
        p.equal(&what, &[id.as_str()][..], &found.resource_ids()[..])?;
    }
    Ok(())
}

/// `Replace` of userName (a single-valued property); the `+`-encoded lookup of the new name
/// finds the user.
pub(super) async fn rename(p: &mut Probe) -> Result<(), Stop> {
    let (path, id) = create(p, body(p)).await?;
    let renamed = format!("{}@example.com", p.ctx().data.unique("entra-renamed"));
    let op = json!([shape::op("replace", "userName", json!(renamed))]);
    scenario::write(p, &shape::patch(&path, op)).await?;
    let endpoint = p.endpoint("User")?;
    let found = scenario::read(p, &shape::lookup_user(&endpoint, "userName", &renamed)).await?;
    let what = Axis::Rfc.on("the lookup of the new userName finds the user");
    p.equal(&what, &[id.as_str()][..], &found.resource_ids()[..])
}

/// An empty string and a `null` clear attributes: `title` and the enterprise `department`, both
/// in Entra's default mapping.
pub(super) async fn clear(p: &mut Probe) -> Result<(), Stop> {
    let (path, _) = create(p, body(p)).await?;
    let ops = json!([
        shape::op("replace", "title", json!("")),
        shape::op("replace", &enterprise("department"), Value::Null),
    ]);
    scenario::write(p, &shape::patch(&path, ops)).await?;
    let read = scenario::read(p, &shape::get(&path, None)).await?;
    let department = format!("/{ENTERPRISE}/department");
    for pointer in ["/title", &department] {
        p.expect_cleared(&Axis::Idp.on(pointer), &at(&read, pointer))?;
    }
    Ok(())
}

/// Users created for [`pagination`]: with pages of five, two full pages and a short last one.
const PAGED: usize = 11;

/// Paging with `count=5` over 11 new users, selected by a filter on their shared userName
/// prefix (so neither the cost nor the verdict depends on how many users the server holds):
/// every page ≤ 5, counters right, each of them seen exactly once.
///
/// The `sw` is scimcheck's way to select its own users, not a request Entra sends (Entra looks
/// users up with `eq`): a server that refuses it, or ignores it and lists other users, is not
/// judged on paging here — the scenario is skipped saying why (the conformance suite's
/// `prerequisite.users.filter-sw` judges `sw` itself).
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
        let page = send(p, &shape::page(&endpoint, &filter, start, 5)).await?;
        if page.status != 200 {
            return Err(p.skip(format!(
                "the server answered {} to `{filter}`, which this scenario uses to select the users it made (Entra itself does not send `sw`): paging not judged",
                page.status
            )));
        }
        if let Some(other) = page
            .resource_ids()
            .into_iter()
            .find(|id| !mine.iter().any(|m| m == id))
        {
            return Err(p.skip(format!(
                "`{filter}` listed {other}, a user this scenario did not make (the filter is ignored or misread): paging not judged"
            )));
        }
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
