//! The `schemas` member of a resource (RFC 7643 §3, §2.1): in every response that carries the
//! resource — the POST answer, a read, a PATCH answered with 200, and also under `attributes=`,
//! where a projection must not drop it — a non-empty array without duplicates that holds the
//! resource type's core schema and nothing but that schema and the type's extensions.
//! Shared by the User and the Group check.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop, with_query};
use scim::schema::urn;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.schemas.every-response",
            "Every response carrying a user (POST, GET, PATCH, lists, attributes=) has schemas: the User URN, only the type's schemas, no duplicates",
            |p| Box::pin(users(p)),
        )
        .rfc("RFC 7643 §3 (schemas is REQUIRED in every representation), §2.1")
        .requirements(&["7643-2.1-1", "7643-3-2", "7643-3-3", "7643-3-4", "7643-3-5", "7643-3.3-2", "7643-3.3-3"])
        .needs(&[Need::Users])
        .defects(&["schemas-dropped-under-attributes"])
        .hint("Render schemas in every resource you return, also when attributes= narrows the response: [\"urn:ietf:params:scim:schemas:core:2.0:User\"] plus the extension URNs the resource carries.")
        .writes(),
    ]
}

/// The group check, registered with the Groups checks.
pub(crate) fn group_check() -> Check {
    Check::new(
        "groups.schemas.every-response",
        "Every response carrying a group (POST, GET, PATCH, lists, attributes=) has schemas: the Group URN, only the type's schemas, no duplicates",
        |p| Box::pin(groups(p)),
    )
    .rfc("RFC 7643 §3 (schemas is REQUIRED in every representation), §2.1")
    .requirements(&["7643-2.1-1", "7643-3-2", "7643-3-3", "7643-3-4", "7643-3-5", "7643-3.3-2", "7643-3.3-3"])
    .needs(&[Need::Groups])
    .defects(&["schemas-dropped-under-attributes"])
    .hint("Render schemas in every group you return, also when attributes= narrows the response: [\"urn:ietf:params:scim:schemas:core:2.0:Group\"].")
    .writes()
}

async fn users(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let patch = json!({ "op": "replace", "path": "active", "value": true });
    every_response(p, "User", urn::USER, user, "userName", patch).await
}

async fn groups(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let name = group.sent["displayName"].clone();
    let patch = json!({ "op": "replace", "path": "displayName", "value": name });
    every_response(p, "Group", urn::GROUP, group, "displayName", patch).await
}

/// Judges the `schemas` of `created` (a resource of type `name` with core schema `core`) in
/// the POST answer, a GET, a GET and a list with `attributes=<attribute>`, and the answer to
/// the PATCH `operation` when it is a 200 with a body.
async fn every_response(
    p: &mut Probe,
    name: &str,
    core: &str,
    created: Created,
    attribute: &str,
    operation: Value,
) -> Result<(), Stop> {
    let allowed = allowed_schemas(p, name, core);
    expect_schemas(p, "the POST answer", created.reply.body(), core, &allowed)?;
    let read = p.get(&created.path).await?;
    p.status(&read, &[200])?;
    expect_schemas(p, "a GET", read.body(), core, &allowed)?;
    let projected = p
        .get(&with_query(&created.path, &[("attributes", attribute)]))
        .await?;
    p.status(&projected, &[200])?;
    expect_schemas(
        p,
        &format!("a GET with attributes={attribute}"),
        projected.body(),
        core,
        &allowed,
    )?;
    let endpoint = p.endpoint(name)?;
    let filter = format!("id eq \"{}\"", created.id);
    let listed = p
        .list(&endpoint, &[("filter", &filter), ("attributes", attribute)])
        .await?;
    if listed.status == 200 && !listed.resources().is_empty() {
        let first = listed.resources()[0].clone();
        let what = format!("a list with attributes={attribute}");
        expect_schemas(p, &what, &first, core, &allowed)?;
    }
    let patched = p.patch(&created.path, json!([operation])).await?;
    if patched.status == 200 && patched.json.is_some() {
        expect_schemas(p, "a PATCH answer", patched.body(), core, &allowed)?;
    }
    Ok(())
}

/// The schemas a resource of type `name` may list: its core schema and extensions from
/// /ResourceTypes, or, when /ResourceTypes did not describe the type, `core` and the
/// enterprise extension.
fn allowed_schemas(p: &Probe, name: &str, core: &str) -> Vec<String> {
    let described = p
        .ctx()
        .discovered
        .resource_types
        .iter()
        .find(|rt| rt.name.eq_ignore_ascii_case(name) || rt.schema.eq_ignore_ascii_case(core));
    match described {
        Some(rt) => std::iter::once(rt.schema.clone())
            .chain(rt.schema_extensions.iter().map(|e| e.schema.clone()))
            .collect(),
        None => vec![core.to_owned(), urn::ENTERPRISE_USER.to_owned()],
    }
}

/// What is wrong with the `schemas` of `resource`, in words (nothing: empty).
fn schemas_problems(resource: &Value, core: &str, allowed: &[String]) -> Vec<String> {
    let Some(values) = crate::reply::attribute(resource, "schemas").as_array() else {
        return vec!["schemas is missing or not an array".into()];
    };
    let texts: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    let mut problems = Vec::new();
    if texts.len() != values.len() {
        problems.push("schemas holds a value that is not a string".into());
    }
    if !texts.iter().any(|s| s.eq_ignore_ascii_case(core)) {
        problems.push(format!("schemas lacks {core}"));
    }
    for (i, schema) in texts.iter().enumerate() {
        if texts[..i].iter().any(|s| s.eq_ignore_ascii_case(schema)) {
            problems.push(format!("{schema} is listed twice"));
        }
        if !allowed.iter().any(|a| a.eq_ignore_ascii_case(schema)) {
            problems.push(format!("{schema} is not a schema of the resource type"));
        }
    }
    problems
}

fn expect_schemas(
    p: &mut Probe,
    response: &str,
    resource: &Value,
    core: &str,
    allowed: &[String],
) -> Result<(), Stop> {
    let problems = schemas_problems(resource, core, allowed);
    p.equal(
        &format!("problems with schemas in {response}"),
        &[] as &[String],
        &problems[..],
    )
}

#[cfg(test)]
mod tests {
    use super::schemas_problems;
    use serde_json::json;

    const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    #[test]
    fn schemas_are_judged_by_the_resource_type() {
        let allowed = [USER.to_owned(), ENTERPRISE.to_owned()];
        let judge = |v| schemas_problems(&v, USER, &allowed);
        assert!(judge(json!({ "schemas": [USER, ENTERPRISE] })).is_empty());
        assert!(judge(json!({ "Schemas": [USER.to_uppercase()] })).is_empty());
        assert_eq!(judge(json!({ "id": "x" })).len(), 1);
        assert_eq!(judge(json!({ "schemas": [] })).len(), 1);
        assert_eq!(judge(json!({ "schemas": [USER, USER] })).len(), 1);
        assert_eq!(
            judge(
                json!({ "schemas": [USER, "urn:ietf:params:scim:api:messages:2.0:ListResponse"] })
            )
            .len(),
            1
        );
    }
}
