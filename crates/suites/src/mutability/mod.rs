//! Immutable attributes (RFC 7643 §2.2, RFC 7644 §3.5.1, §3.5.2): set once — by the POST, or
//! by the first PUT or PATCH that gives one — and never changed after. RFC 7643 defines no
//! immutable User attribute a client sets, so these checks judge the one the server's own
//! /Schemas declares (a string at the top level of the User schema or an extension) and skip
//! where it declares none.

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Stop};
use scim::schema::{AttrType, Mutability};
use serde_json::{Value, json};

/// The mutability checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "mutability.put.immutable-unset-takes-value",
            "A PUT giving a value to an immutable attribute the user has none of stores it",
            |p| Box::pin(put_unset_takes_value(p)),
        )
        .rfc("RFC 7644 §3.5.1 (immutable: with no existing values, the new values SHALL be applied)")
        .requirements(&["7644-3.5.1-12"])
        .needs(&[Need::Users])
        .defects(&["immutable-unset-refused"])
        .hint("Treat immutable as \"set once\": a PUT may give an immutable attribute its first value; refuse only a change of a value already set.")
        .writes(),
        Check::new(
            "mutability.put.immutable-kept",
            "A PUT carrying another value for a set immutable attribute leaves the stored value as it was",
            |p| Box::pin(put_immutable_kept(p)),
        )
        .rfc("RFC 7644 §3.5.1 (immutable: a PUT's values MUST match the existing ones)")
        .requirements(&["7644-3.5.1-10"])
        .needs(&[Need::Users])
        .defects(&["put-immutable-changed"])
        .hint("Compare a PUT's value of each set immutable attribute with the stored one and refuse the request when they differ; never store the new value.")
        .writes(),
        Check::new(
            "mutability.put.immutable-change-400",
            "A PUT carrying another value for a set immutable attribute answers 400 with scimType mutability",
            |p| Box::pin(put_immutable_change_400(p)),
        )
        .rfc("RFC 7644 §3.5.1 (a changed immutable value: 400 SHOULD be returned with scimType mutability), §3.12")
        .requirements(&["7644-3.5.1-11"])
        .needs(&[Need::Users])
        .defects(&["put-immutable-changed"])
        .hint("Answer a PUT that changes a set immutable attribute with 400 and scimType \"mutability\", naming the attribute in detail.")
        .writes(),
        Check::new(
            "mutability.patch.immutable-unset-add",
            "PATCH add of a value for an immutable attribute the user has none of stores it",
            |p| Box::pin(patch_unset_add(p)),
        )
        .rfc("RFC 7644 §3.5.2 (a client MAY add a value to an immutable attribute that had none)")
        .requirements(&["7644-3.5.2-10"])
        .needs(&[Need::Users])
        .defects(&["immutable-unset-refused"])
        .hint("Let a PATCH add give an immutable attribute that has no value its first one, as a PUT may.")
        .writes(),
    ]
}

/// An immutable attribute a client may set on a user, as /Schemas declares it: the URN of the
/// extension holding it (`None` for the core schema) and its name.
struct Immutable {
    extension: Option<String>,
    name: String,
}

impl Immutable {
    /// The first top-level, single-valued, optional string attribute declared `immutable` in
    /// the User resource type's schema or one of its extensions, and free-form: one with
    /// `canonicalValues` may refuse the made-up values the checks set.
    fn declared(p: &Probe) -> Option<Immutable> {
        let discovered = &p.ctx().discovered;
        let user = discovered
            .resource_types
            .iter()
            .find(|t| t.name == "User")?;
        let urns =
            std::iter::once(&user.schema).chain(user.schema_extensions.iter().map(|e| &e.schema));
        for (index, urn) in urns.enumerate() {
            let Some(schema) = discovered.schema(urn) else {
                continue;
            };
            let found = schema.attributes.iter().find(|a| {
                a.mutability == Mutability::Immutable
                    && a.attr_type == AttrType::String
                    && !a.multi_valued
                    && !a.required
                    && a.canonical_values.is_empty()
            });
            if let Some(attr) = found {
                return Some(Immutable {
                    extension: (index > 0).then(|| urn.clone()),
                    name: attr.name.clone(),
                });
            }
        }
        None
    }

    /// The attribute's path in a PATCH and in what is recorded.
    fn path(&self) -> String {
        match &self.extension {
            Some(urn) => format!("{urn}:{}", self.name),
            None => self.name.clone(),
        }
    }

    /// `body` with the attribute set to `value` (and its extension in `schemas`).
    fn set(&self, body: &mut Value, value: &str) {
        match &self.extension {
            Some(urn) => {
                if let Some(schemas) = body["schemas"].as_array_mut()
                    && !schemas.iter().any(|s| s == urn.as_str())
                {
                    schemas.push(json!(urn));
                }
                body[urn.as_str()][self.name.as_str()] = json!(value);
            }
            None => body[self.name.as_str()] = json!(value),
        }
    }

    /// The attribute's value in `resource`.
    fn get<'a>(&self, resource: &'a Value) -> &'a Value {
        match &self.extension {
            Some(urn) => &resource[urn.as_str()][self.name.as_str()],
            None => &resource[self.name.as_str()],
        }
    }
}

/// The declared immutable attribute, or the skip saying there is none.
fn immutable(p: &mut Probe) -> Result<Immutable, Stop> {
    Immutable::declared(p).ok_or_else(|| {
        p.skip("/Schemas declares no optional immutable string attribute of User: nothing to set once and judge")
    })
}

/// A new user whose immutable attribute holds `value`, when given.
async fn user_with(
    p: &mut Probe,
    attribute: &Immutable,
    value: Option<&str>,
) -> Result<Created, Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    if let Some(value) = value {
        attribute.set(&mut body, value);
    }
    p.create(&endpoint, body).await
}

/// The attribute's value as `path` reads now.
async fn stored(p: &mut Probe, attribute: &Immutable, path: &str) -> Result<Value, Stop> {
    let read = p.get(path).await?;
    p.status(&read, &[200])?;
    Ok(attribute.get(read.body()).clone())
}

async fn put_unset_takes_value(p: &mut Probe) -> Result<(), Stop> {
    let attribute = immutable(p)?;
    let user = user_with(p, &attribute, None).await?;
    let value = p.ctx().data.unique("first");
    let mut body = user.sent.clone();
    attribute.set(&mut body, &value);
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let now = stored(p, &attribute, &user.path).await?;
    p.equal(&attribute.path(), &json!(value), &now)
}

/// A user created with a value of an immutable attribute, then PUT as created but for that value.
struct ChangedPut {
    attribute: Immutable,
    user: Created,
    /// The value it was created with.
    value: String,
    /// What the PUT answered.
    status: u16,
}

/// Creates the user and sends the PUT of [`ChangedPut`].
async fn put_changed(p: &mut Probe) -> Result<ChangedPut, Stop> {
    let attribute = immutable(p)?;
    let value = p.ctx().data.unique("set");
    let user = user_with(p, &attribute, Some(&value)).await?;
    let mut body = user.sent.clone();
    attribute.set(&mut body, &p.ctx().data.unique("other"));
    let reply = p.put(&user.path, &body).await?;
    if reply.status == 400 {
        p.note_scim_type(&reply, "mutability");
    }
    Ok(ChangedPut {
        attribute,
        user,
        value,
        status: reply.status,
    })
}

/// Whatever the PUT answered, the value stays.
async fn put_immutable_kept(p: &mut Probe) -> Result<(), Stop> {
    let ChangedPut {
        attribute,
        user,
        value,
        ..
    } = put_changed(p).await?;
    let now = stored(p, &attribute, &user.path).await?;
    p.equal(
        &format!("{} after the PUT carrying another value", attribute.path()),
        &json!(value),
        &now,
    )
}

async fn put_immutable_change_400(p: &mut Probe) -> Result<(), Stop> {
    let status = put_changed(p).await?.status;
    p.expect_one_of(
        "status of the PUT carrying another value",
        &["400"],
        &status.to_string(),
    )
}

async fn patch_unset_add(p: &mut Probe) -> Result<(), Stop> {
    let attribute = immutable(p)?;
    let user = user_with(p, &attribute, None).await?;
    let value = p.ctx().data.unique("added");
    let reply = p
        .patch(
            &user.path,
            json!([{ "op": "add", "path": attribute.path(), "value": value }]),
        )
        .await?;
    p.status(&reply, &[200, 204])?;
    let now = stored(p, &attribute, &user.path).await?;
    p.equal(&attribute.path(), &json!(value), &now)
}
