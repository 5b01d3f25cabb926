//! OneLogin's user lifecycle: the connection test, provisioning (lookup, then create), the
//! update of a provisioned user (lookup finds it, PUT of the rendered template), suspension and
//! reactivation by the same PUT with `active`, and deletion.

use super::shape::{self, Profile};
use crate::call::send;
use crate::judge::{Axis, status};
use crate::scenario;
use scimcheck_suites::probe::{Probe, Stop};
use scimcheck_suites::reply::Reply;
use serde_json::{Value, json};

/// A fresh OneLogin user with a run-unique userName.
pub(super) fn profile(p: &Probe) -> Profile {
    let tag = p.ctx().data.unique("onelogin");
    Profile {
        user_name: format!("{tag}@example.com"),
        given_name: "Ada".into(),
        family_name: "OneLogin".into(),
        title: "Engineer".into(),
        department: "Research".into(),
        active: true,
    }
}

/// Creates `user` as OneLogin does; returns its path and id.
pub(super) async fn create(p: &mut Probe, user: &Profile) -> Result<(String, String), Stop> {
    let endpoint = p.endpoint("User")?;
    scenario::create(p, &endpoint, &shape::create_user(&endpoint, user)).await
}

/// OneLogin's userName lookup when nothing matches: an empty list or a 404, which OneLogin's
/// guide accepts alike (RFC 7644 wants 200 and an empty list).
async fn expect_no_match(p: &mut Probe, user_name: &str) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = send(p, &shape::lookup_user(&endpoint, user_name)).await?;
    status(p, Axis::Idp, &reply, &[200, 404])?;
    if reply.status == 200 {
        let what = Axis::Rfc.on("no user matches: totalResults");
        p.equal(&what, &Value::from(0), reply.get("totalResults"))?;
    }
    Ok(())
}

/// OneLogin's userName lookup of a user the app has: exactly that user.
async fn expect_found(p: &mut Probe, user_name: &str, id: &str) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = scenario::read(p, &shape::lookup_user(&endpoint, user_name)).await?;
    let what = Axis::Rfc.on("the userName lookup finds the user");
    p.equal(&what, &[id][..], &reply.resource_ids()[..])
}

/// A PUT of `user`'s rendered template, answered 200.
async fn put(p: &mut Probe, path: &str, user: &Profile) -> Result<Reply, Stop> {
    let reply = send(p, &shape::put_user(path, user)).await?;
    status(p, Axis::Rfc, &reply, &[200])?;
    Ok(reply)
}

/// "Enable" on the Configuration tab: a lookup of a userName that does not exist.
pub(super) async fn connection(p: &mut Probe) -> Result<(), Stop> {
    let absent = format!("{}@example.invalid", uuid::Uuid::new_v4());
    expect_no_match(p, &absent).await
}

/// Provisioning a new user: the lookup finds nothing, the POST creates it (201 with an id, the
/// enterprise department stored), and the lookup then finds it.
pub(super) async fn provision(p: &mut Probe) -> Result<(), Stop> {
    let user = profile(p);
    expect_no_match(p, &user.user_name).await?;
    let (path, id) = create(p, &user).await?;
    expect_found(p, &user.user_name, &id).await?;
    let department = format!("/{}/department", scim::schema::urn::ENTERPRISE_USER);
    scenario::expect_at(p, &shape::get(&path), &department, json!(user.department)).await
}

/// Updating a provisioned user, as logged: the lookup finds it, then `PUT /Users/{id}?` of the
/// template with the changed values; the read shows them.
pub(super) async fn update(p: &mut Probe) -> Result<(), Stop> {
    let mut user = profile(p);
    let (path, id) = create(p, &user).await?;
    expect_found(p, &user.user_name, &id).await?;
    user.given_name = "Augusta".into();
    user.title = "Principal Engineer".into();
    user.department = "Analytical Engines".into();
    put(p, &path, &user).await?;
    let read = scenario::read(p, &shape::get(&path)).await?;
    let department = format!("/{}/department", scim::schema::urn::ENTERPRISE_USER);
    for (pointer, expected) in [
        ("/name/givenName", &user.given_name),
        ("/title", &user.title),
        (department.as_str(), &user.department),
    ] {
        let axis = scenario::read_axis(p, &path, pointer);
        p.equal(
            &axis.on(pointer),
            &json!(expected),
            &scenario::at(&read, pointer),
        )?;
    }
    Ok(())
}

/// Suspending in OneLogin ("When users are deleted: Suspend") and reactivating: the same PUT
/// with `active` false, then true; the suspended user stays readable, as OneLogin reactivates
/// it by its id.
pub(super) async fn suspend(p: &mut Probe) -> Result<(), Stop> {
    let mut user = profile(p);
    let (path, _) = create(p, &user).await?;
    for active in [false, true] {
        user.active = active;
        put(p, &path, &user).await?;
        let read = send(p, &shape::get(&path)).await?;
        status(p, Axis::Idp, &read, &[200])?;
        let what = Axis::Rfc.on(&format!("active after the PUT with active {active}"));
        p.equal(&what, &Value::Bool(active), read.get("active"))?;
    }
    Ok(())
}

/// Deleting in OneLogin ("When users are deleted: Delete"): `DELETE /Users/{id}?` answers 200
/// or 204 (OneLogin's sample answers 200), the user is gone, also from its group.
pub(super) async fn delete(p: &mut Probe) -> Result<(), Stop> {
    let user = profile(p);
    let (path, id) = create(p, &user).await?;
    let (group, _) = super::groups::create(p).await?;
    scenario::write(p, &shape::change_member(&group, "add", &id)).await?;
    let deleted = send(p, &shape::delete(&path)).await?;
    status(p, Axis::Idp, &deleted, &[200, 204])?;
    let gone = send(p, &shape::get(&path)).await?;
    status(p, Axis::Rfc, &gone, &[404])?;
    let what = "members after deleting the member";
    scenario::expect_members(p, &shape::get(&group), &[], what).await
}
