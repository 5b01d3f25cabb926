//! Steps every IdP scenario repeats, each judged on the RFC axis: create and learn the id, read,
//! read members back, and compare one attribute.

use crate::call::{ScimCall, send};
use crate::judge::{Axis, status};
use scimcheck_suites::probe::{Probe, Stop, resource_path};
use scimcheck_suites::reply::Reply;
use serde_json::Value;

/// Sends a create to `endpoint`, expects 201 with an id; returns the resource's path and id.
/// It is a shared setup step: when the server refuses the IdP's body, the first scenario to
/// see it fails and the others that meet the same refusal end blocked naming it.
pub(crate) async fn create(
    p: &mut Probe,
    endpoint: &str,
    call: &ScimCall,
) -> Result<(String, String), Stop> {
    let created = created(p, endpoint, call).await;
    p.setup(&format!("POST {endpoint} in the IdP's shape"), created)
}

async fn created(p: &mut Probe, endpoint: &str, call: &ScimCall) -> Result<(String, String), Stop> {
    let reply = send(p, call).await?;
    status(p, Axis::Rfc, &reply, &[201])?;
    p.expect_not_empty(&Axis::Rfc.on("id in the 201 body"), reply.get("id"))?;
    let id = reply.id().unwrap_or_default().to_owned();
    Ok((resource_path(endpoint, &id), id))
}

/// Sends a read and expects 200.
pub(crate) async fn read(p: &mut Probe, call: &ScimCall) -> Result<Reply, Stop> {
    let reply = send(p, call).await?;
    status(p, Axis::Rfc, &reply, &[200])?;
    Ok(reply)
}

/// Sends a write (PATCH) and expects 200 or 204. A refusal the RFC prescribes for what the
/// server's /Schemas says — 400 `invalidPath` for an attribute it lacks, 400 `mutability` for
/// one it declares immutable or readOnly — counts against the IdP, which sends it, only.
pub(crate) async fn write(p: &mut Probe, call: &ScimCall) -> Result<Reply, Stop> {
    let reply = send(p, call).await?;
    let axis = refused_write_axis(p, call, &reply);
    status(p, axis, &reply, &[200, 204])?;
    Ok(reply)
}

/// [`Axis::Idp`], with a log line naming the attribute, when `reply` refuses `call` as the RFC
/// has a server refuse a write of an attribute its /Schemas lacks (`invalidPath`) or does not
/// let a client change (`mutability`); else [`Axis::Rfc`].
fn refused_write_axis(p: &mut Probe, call: &ScimCall, reply: &Reply) -> Axis {
    let scim_type = reply
        .get("scimType")
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // A PUT restates immutable values unchanged (RFC 7644 §3.5.1 lets it): its `mutability`
    // refusal cannot be pinned on one, so only a PATCH's, whose operations name what changes.
    let explicable = match scim_type.as_str() {
        "invalidPath" => true,
        "mutability" => call.method == "PATCH",
        _ => false,
    };
    if reply.status != 400 || !explicable {
        return Axis::Rfc;
    }
    let core = core_schema(&call.path);
    let written = call.body.as_ref().map_or_else(Vec::new, |body| {
        if call.method == "PATCH" {
            patched(core, body)
        } else {
            members(core, body)
        }
    });
    let discovered = &p.ctx().discovered;
    let explains = |(urn, name): &(String, String)| {
        if scim_type == "invalidPath" {
            discovered.lacks(urn, name)
        } else {
            discovered.declares_fixed(urn, name)
        }
    };
    let Some((urn, name)) = written.into_iter().find(explains) else {
        return Axis::Rfc;
    };
    let why = if scim_type == "invalidPath" {
        "has no"
    } else {
        "does not let a client change"
    };
    note_once(
        p,
        format!(
            "the server's /Schemas {why} {name} ({urn}), and it refused the write with {scim_type} as RFC 7644 §3.12 has it: the refusal counts against the IdP, which sends it, not the RFC"
        ),
    );
    Axis::Idp
}

/// The axis of a judgement on the attribute at JSON `pointer` of the resource at `path`: the
/// RFC's, unless the server's /Schemas does not have that attribute — then keeping it is only
/// what the IdP expects, and the case's log says so.
pub(crate) fn read_axis(p: &mut Probe, path: &str, pointer: &str) -> Axis {
    let (urn, name) = pointed(core_schema(path), pointer);
    if !p.ctx().discovered.lacks(&urn, &name) {
        return Axis::Rfc;
    }
    note_once(
        p,
        format!(
            "the server's /Schemas has no {name} in {urn}: keeping what the IdP sends for it is the IdP's expectation, not an RFC rule"
        ),
    );
    Axis::Idp
}

fn note_once(p: &mut Probe, line: String) {
    if !p.case().logs.contains(&line) {
        p.note(line);
    }
}

/// The core schema of the resource at `path`: a Group's under /Groups, else a User's.
fn core_schema(path: &str) -> &'static str {
    if path.starts_with("/Groups") {
        scim::schema::urn::GROUP
    } else {
        scim::schema::urn::USER
    }
}

/// The schema and top-level attribute a JSON pointer into a resource names:
/// `/urn:…:enterprise:2.0:User/department` the extension's `department`, `/name/givenName`
/// the core schema's `name`.
fn pointed(core: &str, pointer: &str) -> (String, String) {
    let mut segments = pointer.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    if first.starts_with("urn:") {
        (
            first.to_owned(),
            segments.next().unwrap_or_default().to_owned(),
        )
    } else {
        (core.to_owned(), first.to_owned())
    }
}

/// The schema and top-level attribute of a PATCH path: `emails[type eq "work"].value` the
/// core schema's `emails`, `urn:…:enterprise:2.0:User:manager` the extension's `manager`.
fn path_target(core: &str, path: &str) -> (String, String) {
    let head = path.split('[').next().unwrap_or(path);
    let (urn, rest) = match head.strip_prefix("urn:").and(head.rsplit_once(':')) {
        Some((urn, rest)) => (urn, rest),
        None => (core, head),
    };
    let name = rest.split('.').next().unwrap_or(rest);
    (urn.to_owned(), name.to_owned())
}

/// What a PATCH body's operations set: each path's target, or the members of a path-less
/// operation's value.
fn patched(core: &str, body: &Value) -> Vec<(String, String)> {
    let operations = body.get("Operations").and_then(Value::as_array);
    operations
        .into_iter()
        .flatten()
        .flat_map(|op| match op.get("path").and_then(Value::as_str) {
            Some(path) => vec![path_target(core, path)],
            None => op.get("value").map_or_else(Vec::new, |v| members(core, v)),
        })
        .collect()
}

/// The attributes an object of values sets: its members (a key may be an attribute path,
/// `name.givenName` or `urn:…:User:employeeNumber`), an extension's (a URN key holding an
/// object) under that extension; `schemas`, `id` and `meta` are not attributes set.
fn members(core: &str, value: &Value) -> Vec<(String, String)> {
    let Some(object) = value.as_object() else {
        return Vec::new();
    };
    object
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "schemas" | "id" | "meta"))
        .flat_map(|(key, inner)| match inner.as_object() {
            Some(extension) if key.starts_with("urn:") => extension
                .keys()
                .map(|name| (key.clone(), name.clone()))
                .collect(),
            // A key may be a path itself, as Entra's path-less replace writes them.
            _ => vec![path_target(core, key)],
        })
        .collect()
}

/// The value at JSON `pointer` of `reply` (`null` when absent).
pub(crate) fn at(reply: &Reply, pointer: &str) -> Value {
    reply
        .body()
        .pointer(pointer)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Expects the value at `pointer` of the resource read by `call` to be `expected` (`null`:
/// absent).
pub(crate) async fn expect_at(
    p: &mut Probe,
    call: &ScimCall,
    pointer: &str,
    expected: Value,
) -> Result<(), Stop> {
    let reply = read(p, call).await?;
    let axis = read_axis(p, &call.path, pointer);
    p.equal(&axis.on(pointer), &expected, &at(&reply, pointer))
}

/// Expects the group read by `call` to have exactly the members `expected` (ids, any order).
pub(crate) async fn expect_members(
    p: &mut Probe,
    call: &ScimCall,
    expected: &[&str],
    what: &str,
) -> Result<(), Stop> {
    let reply = read(p, call).await?;
    let mut actual = reply.values("members");
    actual.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    p.equal(&Axis::Rfc.on(what), &expected, &actual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim::schema::urn::{ENTERPRISE_USER, GROUP, USER};
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(urn, name)| ((*urn).to_owned(), (*name).to_owned()))
            .collect()
    }

    #[test]
    fn a_pointer_names_its_schema_and_top_level_attribute() {
        let department = format!("/{ENTERPRISE_USER}/department");
        assert_eq!(
            pointed(USER, &department),
            (ENTERPRISE_USER.to_owned(), "department".to_owned())
        );
        assert_eq!(
            pointed(USER, "/name/givenName"),
            (USER.to_owned(), "name".to_owned())
        );
        assert_eq!(core_schema("/Groups/1"), GROUP);
        assert_eq!(core_schema("/Users/1?attributes=x"), USER);
    }

    #[test]
    fn a_write_sets_its_paths_targets_and_its_values_members() {
        let manager = format!("{ENTERPRISE_USER}:manager");
        let patch = json!({"Operations": [
            {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "a@b.c"},
            {"op": "replace", "path": manager, "value": "42"},
            {"op": "replace", "path": "name.givenName", "value": "Ada"},
            {"op": "add", "value": {"title": "x", ENTERPRISE_USER: {"department": "d"}}},
        ]});
        assert_eq!(
            patched(USER, &patch),
            pairs(&[
                (USER, "emails"),
                (ENTERPRISE_USER, "manager"),
                (USER, "name"),
                (USER, "title"),
                (ENTERPRISE_USER, "department"),
            ])
        );
        let put = json!({"schemas": [USER], "id": "1", "meta": {}, "userName": "a"});
        assert_eq!(members(USER, &put), pairs(&[(USER, "userName")]));
        let employee_number = format!("{ENTERPRISE_USER}:employeeNumber");
        let pathless = json!({"name.givenName": "Ada", employee_number: "42"});
        assert_eq!(
            members(USER, &pathless),
            pairs(&[(USER, "name"), (ENTERPRISE_USER, "employeeNumber")])
        );
    }
}
