//! The resource operations — fetch, create, replace, modify, delete — independent of HTTP, so
//! the single-resource endpoints and /Bulk share one implementation of every rule.

use crate::api::{Api, Version};
use crate::defect::{self, Defect};
use crate::error::ApiError;
use crate::password;
use crate::render;
use crate::request::Preconditions;
use crate::resource_type::Kind;
use crate::store::{self, Stored};
use rusqlite::{Connection, Transaction};
use scim::error::ScimType;
use scim::leniency::Leniency;
use serde_json::{Map, Value, json};

/// The current time as RFC 3339 with milliseconds, the form `meta` timestamps use.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Adds the user `user_id` to the members of each group of `group_ids` that exists (the
/// `user-groups-writable` defect; without it `group_ids` is empty).
fn join_groups(
    api: &Api,
    tx: &Transaction<'_>,
    user_id: &str,
    group_ids: &[String],
) -> Result<(), ApiError> {
    for group_id in group_ids {
        let Some(group) = store::get(tx, Kind::Group, group_id)? else {
            continue;
        };
        let mut attrs = group.body.as_object().cloned().unwrap_or_default();
        let members = attrs.entry("members").or_insert_with(|| json!([]));
        if let Some(members) = members.as_array_mut() {
            members.push(json!({ "value": user_id }));
        }
        save_sealed(api, tx, Kind::Group, group, attrs)?;
    }
    Ok(())
}

/// The lastModified of a modification: now, or a millisecond past `previous` when the clock
/// has not moved on since (a change within the millisecond of the creation still shows), so
/// lastModified equals created only for a resource never modified.
fn modified_after(previous: &str) -> String {
    let now = now();
    let floor = a_millisecond_after(previous);
    let later = |a: &str, b: &str| match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a > b,
        _ => false,
    };
    if later(&floor, &now) { floor } else { now }
}

/// The `last-modified-after-created` defect's second stamp of a creation: a millisecond after
/// `time`, as a server reading the clock twice gets.
fn a_millisecond_after(time: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(time)
        .map(|t| {
            (t + chrono::Duration::milliseconds(1))
                .with_timezone(&chrono::Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
        })
        .unwrap_or_else(|_| time.to_owned())
}

/// The error for an id that names no resource (400 with the `unknown-id-400` defect).
pub fn missing(api: &Api, kind: Kind, id: &str) -> ApiError {
    if api.has(Defect::UnknownId400) {
        ApiError::scim(ScimType::InvalidValue, format!("bad id '{id}'"))
    } else {
        ApiError::not_found(kind.name(), id)
    }
}

/// Renders `stored` with its computed groups, as the client sees it.
pub fn render(
    api: &Api,
    conn: &Connection,
    kind: Kind,
    stored: &Stored,
) -> Result<Value, ApiError> {
    let groups = if kind == Kind::User {
        store::groups_of(conn, &stored.id)?
    } else {
        Vec::new()
    };
    let mut rendered = render::resource(api, kind, stored, &groups);
    // `defaulted-active-not-stored`: the default the create left out of the store is added to
    // what is answered only, not to what filters are evaluated on.
    if kind == Kind::User
        && api.has(Defect::DefaultedActiveNotStored)
        && let Some(attributes) = rendered.as_object_mut()
    {
        attributes.entry("active").or_insert(Value::Bool(true));
    }
    Ok(rendered)
}

/// Loads a resource for a write: 404 if absent, 412 if `If-Match` names another version.
pub fn load_for_write(
    api: &Api,
    tx: &Transaction<'_>,
    kind: Kind,
    id: &str,
    pre: &Preconditions,
) -> Result<Stored, ApiError> {
    let old = store::get(tx, kind, id)?.ok_or_else(|| missing(api, kind, id))?;
    pre.check_match(&render::etag(old.version))?;
    Ok(old)
}

/// Loads a resource for a read (applying the `deactivated-user-404` and
/// `ids-shared-across-types` defects).
pub fn load(api: &Api, conn: &Connection, kind: Kind, id: &str) -> Result<Stored, ApiError> {
    let found = match store::get(conn, kind, id)? {
        None if api.has(Defect::IdsSharedAcrossTypes) => store::get_any(conn, id)?.map(|(_, s)| s),
        found => found,
    };
    let stored = found.ok_or_else(|| missing(api, kind, id))?;
    let inactive = stored.body.get("active") == Some(&Value::Bool(false));
    if inactive && api.has(Defect::DeactivatedUser404) {
        return Err(missing(api, kind, id));
    }
    Ok(stored)
}

/// Reads one resource: (rendered resource, its ETag).
pub async fn fetch(api: &Api, kind: Kind, id: String) -> Result<(Value, String), ApiError> {
    let api2 = api.clone();
    api.store()
        .read(move |conn| {
            let stored = load(&api2, conn, kind, &id)?;
            Ok((
                render(&api2, conn, kind, &stored)?,
                render::etag(stored.version),
            ))
        })
        .await
}

/// How much the server bends for real clients: every known Okta and Entra deviation is
/// accepted (a reference server must provision with them), except string booleans in PATCH
/// when the `patch-rejects-string-booleans` defect is on.
pub fn leniency(api: &Api) -> Leniency {
    Leniency {
        string_booleans: !api.has(Defect::PatchRejectsStringBooleans),
        ..Leniency::interop()
    }
}

/// Checks a POST/PUT body with `scim::validate` and returns the attributes to store (without
/// `schemas`, which rendering recomputes).
pub fn validated(api: &Api, kind: Kind, body: &Value) -> Result<Map<String, Value>, ApiError> {
    let mut checked = scim::validate::resource(body, kind.schema(), &leniency(api))?;
    // `repeated-values-kept`: a repeated (type, value) element is stored, and returned, twice.
    if !api.has(Defect::RepeatedValuesKept) {
        scim::validate::drop_repeated_values(&mut checked);
    }
    let Value::Object(mut attrs) = checked else {
        return Err(ApiError::internal("validation returned a non-object"));
    };
    attrs.remove("schemas");
    if kind == Kind::User && api.has(Defect::FormattedFromDisplayName) {
        defect::resources::formatted_from_display_name(&mut attrs);
    }
    Ok(attrs)
}

/// Validates a client body (translating SCIM 1.1 URNs first).
fn attributes(api: &Api, kind: Kind, body: Value) -> Result<Map<String, Value>, ApiError> {
    defect::resources::refuse_name_without_formatted(api, kind, &body)?;
    if api.has(Defect::NullValuesRejected)
        && let Some(name) = first_null(&body)
    {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            format!("attribute '{name}' may not be null"),
        ));
    }
    if kind == Kind::User
        && let Some(name) = body
            .as_object()
            .and_then(|o| o.keys().find(|k| api.lacks_user_attribute(k)))
    {
        return Err(unsupported_attribute(name));
    }
    if api.has(Defect::SchemasFirstIsCore)
        && let Some(first) = body["schemas"][0].as_str()
        && !first.eq_ignore_ascii_case(kind.schema_urn())
    {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            format!("unknown resource schema '{first}'"),
        ));
    }
    let body = match api.version {
        Version::V2 => body,
        Version::V1 => scim::version::from_v1(&body, kind.schema()),
    };
    let mut attrs = validated(api, kind, &body)?;
    defect::resources::keep_manager_display_name(api, &body, &mut attrs);
    Ok(attrs)
}

/// The 400 for a POST or PUT carrying a User attribute the server does not have
/// ([`crate::ServerConfig::unsupported_user_attributes`]).
fn unsupported_attribute(name: &str) -> ApiError {
    ApiError::scim(
        ScimType::InvalidSyntax,
        format!("attribute '{name}' is not supported by this server"),
    )
}

/// The name of the first attribute (at any depth) whose value is `null` (the
/// `null-values-rejected` defect).
fn first_null(value: &Value) -> Option<String> {
    let Value::Object(object) = value else {
        return None;
    };
    object.iter().find_map(|(name, v)| {
        if v.is_null() {
            Some(name.clone())
        } else {
            first_null(v).map(|inner| format!("{name}.{inner}"))
        }
    })
}

/// 409 (or 400 with `conflict-400`) unless `attrs`' unique name is free.
fn check_unique(
    api: &Api,
    tx: &Connection,
    kind: Kind,
    attrs: &Map<String, Value>,
    except: Option<&str>,
) -> Result<(), ApiError> {
    let allowed = match kind {
        Kind::User => api.has(Defect::DuplicateUsernamesAllowed),
        Kind::Group => api.has(Defect::DuplicateGroupNamesAllowed),
    };
    let attr = kind.unique_attribute();
    let Some(name) = attrs.get(attr).and_then(Value::as_str) else {
        return Ok(());
    };
    if allowed || store::name_holder(tx, kind, name, except)?.is_none() {
        return Ok(());
    }
    let detail = format!("{attr} '{name}' is already taken (compared case-insensitively)");
    Err(if api.has(Defect::Conflict400) {
        ApiError::scim(ScimType::InvalidValue, detail)
    } else {
        ApiError::scim(ScimType::Uniqueness, detail)
    })
}

/// Checks and completes a group's members: each must name an existing user or group; `type`,
/// `$ref` and a missing `display` are filled in from the target; repeats are dropped.
pub fn complete_members(
    api: &Api,
    conn: &Connection,
    attrs: &mut Map<String, Value>,
) -> Result<(), ApiError> {
    let Some(Value::Array(members)) = attrs.get_mut("members") else {
        return Ok(());
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(members.len());
    for member in members.drain(..) {
        let Some(id) = member
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_owned)
        else {
            return Err(ApiError::scim(
                ScimType::InvalidValue,
                "every member needs a 'value' holding a User or Group id",
            ));
        };
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some((kind, target)) = store::get_any(conn, &id)? else {
            return Err(ApiError::scim(
                ScimType::InvalidValue,
                format!("member '{id}' is not the id of an existing User or Group"),
            ));
        };
        let display = member
            .get("display")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                let names = ["displayName", "userName"];
                names
                    .iter()
                    .find_map(|n| target.body.get(*n).and_then(Value::as_str))
                    .map(str::to_owned)
            });
        let reference = if api.has(Defect::MemberRefIsId) {
            id.clone()
        } else {
            api.location(kind.endpoint(), &id)
        };
        let mut m = json!({
            "value": id,
            "$ref": reference,
            "type": kind.name(),
        });
        if let (Some(d), Some(obj)) = (display, m.as_object_mut()) {
            obj.insert("display".into(), json!(d));
        }
        out.push(m);
    }
    *members = out;
    Ok(())
}

/// The group-creation defects that refuse a body for its `members`: `empty-members-refused`
/// (an empty array) and `member-ref-required` (a member without `$ref`).
fn members_refused(api: &Api, body: &Value) -> Result<(), ApiError> {
    let members = body.get("members").and_then(Value::as_array);
    if api.has(Defect::EmptyMembersRefused) && members.is_some_and(Vec::is_empty) {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            "members may not be an empty array",
        ));
    }
    defect::resources::refuse_member_ref_not_ours(api, members)?;
    let without_ref = |m: &Vec<Value>| m.iter().any(|member| member.get("$ref").is_none());
    if api.has(Defect::MemberRefRequired) && members.is_some_and(without_ref) {
        return Err(ApiError::scim(
            ScimType::InvalidValue,
            "field 'members.$ref' is required",
        ));
    }
    Ok(())
}

/// How long the `uniqueness-check-racy` defect works between checking a name is free and
/// inserting: long enough for simultaneous creates of one name all to pass the check, also on
/// a loaded machine (20 ms missed the race when eight probes ran at once on two cores).
const RACY_CHECK_WINDOW: std::time::Duration = std::time::Duration::from_millis(250);

/// The `uniqueness-check-racy` defect: the uniqueness check in a read of its own, then a delay,
/// before the insert (which no longer checks) — "check, then insert" without atomicity.
async fn check_unique_then_dawdle(
    api: &Api,
    kind: Kind,
    attrs: &Map<String, Value>,
) -> Result<(), ApiError> {
    let api2 = api.clone();
    let attrs = attrs.clone();
    api.store()
        .read(move |conn| check_unique(&api2, conn, kind, &attrs, None))
        .await?;
    tokio::time::sleep(RACY_CHECK_WINDOW).await;
    Ok(())
}

/// The `if-match-check-racy` defect: `If-Match` compared with the stored version in a read of
/// its own, then a delay, then the preconditions the write goes on with — without `If-Match`,
/// so it saves over whatever version is there by then ("check, then write" without
/// atomicity). Without the defect `pre` is returned as is, and the write compares inside its
/// transaction (`load_for_write`).
pub async fn if_match_checked_apart(
    api: &Api,
    kind: Kind,
    id: &str,
    pre: Preconditions,
) -> Result<Preconditions, ApiError> {
    if !api.has(Defect::IfMatchCheckRacy) || pre.if_match.is_none() {
        return Ok(pre);
    }
    let (api2, id, check) = (api.clone(), id.to_owned(), pre.clone());
    api.store()
        .read(move |conn| {
            let old = store::get(conn, kind, &id)?.ok_or_else(|| missing(&api2, kind, &id))?;
            check.check_match(&render::etag(old.version))
        })
        .await?;
    tokio::time::sleep(RACY_CHECK_WINDOW).await;
    Ok(Preconditions {
        if_match: None,
        ..pre
    })
}

/// Creates a resource; returns it rendered.
pub async fn create(api: &Api, kind: Kind, mut body: Value) -> Result<Value, ApiError> {
    let broken = match kind {
        Kind::User => Defect::UserCreationFails,
        Kind::Group => Defect::GroupCreationFails,
    };
    if api.has(broken) {
        return Err(ApiError::internal(format!("defect {broken}")));
    }
    if kind == Kind::Group {
        members_refused(api, &body)?;
        if api.has(Defect::GroupMembersIgnoredOnCreate)
            && let Some(members) = body.get_mut("members")
        {
            *members = Value::Array(Vec::new());
        }
    }
    let client_id = body
        .get("id")
        .and_then(Value::as_str)
        .filter(|_| api.has(Defect::ClientIdAccepted))
        .map(str::to_owned);
    let client_created = body["meta"]["created"]
        .as_str()
        .filter(|_| api.has(Defect::ReadonlyAttributesStored))
        .map(str::to_owned);
    // `user-groups-writable`: the readOnly groups of a new user's body are joined.
    let joined: Vec<String> = body["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|_| kind == Kind::User && api.has(Defect::UserGroupsWritable))
        .filter_map(|g| g["value"].as_str().map(str::to_owned))
        .collect();
    let mut attrs = password::sealed(attributes(api, kind, body)?).await?;
    canonicalise(api, kind, &mut attrs);
    let racy = api.has(Defect::UniquenessCheckRacy);
    if racy {
        check_unique_then_dawdle(api, kind, &attrs).await?;
    }
    let api2 = api.clone();
    api.store()
        .write(move |tx| {
            if !racy {
                check_unique(&api2, tx, kind, &attrs, None)?;
            }
            if kind == Kind::Group {
                complete_members(&api2, tx, &mut attrs)?;
            }
            // `defaulted-active-not-stored`: the default is added when rendering only.
            if kind == Kind::User
                && !attrs.contains_key("active")
                && !api2.has(Defect::DefaultedActiveNotStored)
            {
                attrs.insert("active".into(), Value::Bool(true));
            }
            if api2.has(Defect::CaseExactLowercased)
                && let Some(Value::String(external_id)) = attrs.get_mut("externalId")
            {
                *external_id = external_id.to_lowercase();
            }
            if api2.has(Defect::BinaryAsUrlSafe) {
                defect::resources::binary_as_url_safe(&mut attrs);
            }
            if api2.has(Defect::AddressNewlinesStripped) {
                defect::resources::strip_address_newlines(&mut attrs);
            }
            if api2.has(Defect::ExternalIdInvented) && !attrs.contains_key("externalId") {
                let name = attrs.get("userName").or_else(|| attrs.get("displayName"));
                let invented = name.cloned().unwrap_or(Value::Null);
                attrs.insert("externalId".into(), invented);
            }
            let time = now();
            let mut stored = Stored {
                id: client_id.unwrap_or_else(|| {
                    let id = uuid::Uuid::new_v4();
                    // `ids-contain-bulk-id`: the reserved word in every id.
                    if api2.has(Defect::IdsContainBulkId) {
                        format!("bulkId-{id}")
                    } else {
                        id.to_string()
                    }
                }),
                seq: 0,
                version: 1,
                created: client_created.unwrap_or_else(|| time.clone()),
                modified: if api2.has(Defect::LastModifiedAfterCreated) {
                    a_millisecond_after(&time)
                } else {
                    time
                },
                body: Value::Object(attrs),
            };
            if store::get_any(tx, &stored.id)?.is_some() {
                return Err(ApiError::scim(
                    ScimType::Uniqueness,
                    format!("id '{}' is already taken", stored.id),
                ));
            }
            stored.seq = store::insert(tx, kind, &stored)?;
            join_groups(&api2, tx, &stored.id, &joined)?;
            render(&api2, tx, kind, &stored)
        })
        .await
}

/// Stores a new version of `old` with `attrs`, after the uniqueness and member checks; a
/// `password` that is not the stored hash is hashed first.
pub fn save(
    api: &Api,
    tx: &Transaction<'_>,
    kind: Kind,
    old: Stored,
    mut attrs: Map<String, Value>,
) -> Result<Value, ApiError> {
    password::seal(&mut attrs, old.body.get("password"))?;
    save_sealed(api, tx, kind, old, attrs)
}

/// Stores values in the canonical forms RFC 7643 recommends (`scim::canonical`), unless
/// `values-stored-as-sent`.
fn canonicalise(api: &Api, kind: Kind, attrs: &mut Map<String, Value>) {
    if !api.has(Defect::ValuesStoredAsSent) {
        scim::canonical::canonicalise(attrs, kind.schema());
    }
}

/// `save` for attributes whose password, if any, is already a hash.
fn save_sealed(
    api: &Api,
    tx: &Transaction<'_>,
    kind: Kind,
    old: Stored,
    mut attrs: Map<String, Value>,
) -> Result<Value, ApiError> {
    canonicalise(api, kind, &mut attrs);
    check_unique(api, tx, kind, &attrs, Some(&old.id))?;
    if kind == Kind::Group {
        complete_members(api, tx, &mut attrs)?;
    }
    let stored = Stored {
        version: old.version + 1,
        modified: modified_after(&old.modified),
        body: Value::Object(attrs),
        ..old
    };
    store::update(tx, kind, &stored)?;
    render(api, tx, kind, &stored)
}

/// Replaces a resource (PUT): attributes the body omits are cleared, except what
/// `scim::validate::carry_over` keeps (the write-only `password`, which clients cannot echo
/// back, and immutable attributes); changing an immutable attribute is 400 mutability. A new
/// password is hashed before the storage lock is taken.
pub async fn replace(
    api: &Api,
    kind: Kind,
    id: String,
    body: Value,
    pre: Preconditions,
) -> Result<Value, ApiError> {
    // `put-stores-read-only`: the readOnly meta.created of a PUT body is taken (into the answer).
    let client_created = body["meta"]["created"]
        .as_str()
        .filter(|_| api.has(Defect::PutStoresReadOnly))
        .map(str::to_owned);
    let attrs = password::sealed(attributes(api, kind, body)?).await?;
    let pre = if_match_checked_apart(api, kind, &id, pre).await?;
    let api2 = api.clone();
    api.store()
        .write(move |tx| {
            let mut old = load_for_write(&api2, tx, kind, &id, &pre)?;
            if let Some(created) = client_created {
                old.created = created;
            }
            let schema = defect::resources::put_schema(&api2, kind);
            let merged = scim::validate::carry_over(&old.body, &Value::Object(attrs), &schema)?;
            defect::resources::refuse_setting_unset_immutable(&api2, kind, &old.body, &merged)?;
            let Value::Object(mut attrs) = merged else {
                return Err(ApiError::internal("carry_over returned a non-object"));
            };
            if api2.has(Defect::PutKeepsOmittedAttributes)
                && let Some(old_attrs) = old.body.as_object()
            {
                for (key, value) in old_attrs {
                    attrs.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            crate::entitlement::merge_grants(&api2, &old.body, &mut attrs);
            save_sealed(&api2, tx, kind, old, attrs)
        })
        .await
}

/// Deletes a resource; a deleted user leaves every group it was a member of.
pub async fn delete(api: &Api, kind: Kind, id: String, pre: Preconditions) -> Result<(), ApiError> {
    let api2 = api.clone();
    api.store()
        .write(move |tx| {
            let old = load_for_write(&api2, tx, kind, &id, &pre)?;
            if api2.has(Defect::SoftDelete) {
                let mut attrs = old.body.as_object().cloned().unwrap_or_default();
                attrs.insert("active".into(), Value::Bool(false));
                save(&api2, tx, kind, old, attrs)?;
                return Ok(());
            }
            if !api2.has(Defect::DeleteKeepsMemberships) {
                for (group_id, _) in store::groups_of(tx, &id)? {
                    if let Some(group) = store::get(tx, Kind::Group, &group_id)? {
                        let mut attrs = group.body.as_object().cloned().unwrap_or_default();
                        if let Some(Value::Array(members)) = attrs.get_mut("members") {
                            members.retain(|m| m.get("value").and_then(Value::as_str) != Some(&id));
                        }
                        save(&api2, tx, Kind::Group, group, attrs)?;
                    }
                }
            }
            store::delete(tx, &id, &now())?;
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::modified_after;

    #[test]
    fn a_modification_moves_last_modified_forward() {
        // Within the millisecond of the previous stamp (here one in the future): one later.
        assert_eq!(
            modified_after("2999-01-01T00:00:00.000Z"),
            "2999-01-01T00:00:00.001Z"
        );
        // Long after it: now.
        let now = modified_after("2001-01-01T00:00:00.000Z");
        assert!(now.as_str() > "2020-01-01T00:00:00.000Z", "{now}");
    }
}
