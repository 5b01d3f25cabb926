//! POST /Groups and DELETE /Groups/{id}.

use crate::check::{Check, Need, Severity};
use crate::probe::{MEMBERS_JUDGE, Probe, Stop, resource_path};
use crate::setup;
use serde_json::Value;

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "groups.create.location",
            "POST /Groups answers 201 with a Location header naming the new group",
            |p| Box::pin(location(p)),
        )
        .rfc("RFC 7644 §3.3")
        .requirements(&["7644-3.3-6", "7644-3.3-8"])
        .shared_rule(setup::LOCATION)
        .needs(&[Need::Groups])
        .defects(&["no-location-header"])
        .hint("Set the Location header of a 201 Created to the new group's URL.")
        .writes(),
        Check::new(
            "groups.create.duplicate-409",
            "POST /Groups with an existing displayName answers 409",
            |p| Box::pin(duplicate(p)),
        )
        .rfc("RFC 7644 §3.3; Okta Group Push and Entra look groups up by displayName")
        .requirements(&["7644-3.12-8"])
        .shared_rule(setup::UNIQUE_DISPLAY_NAME)
        .tags(&["okta", "entra"])
        .needs(&[Need::Groups])
        .defects(&["duplicate-group-names-allowed"])
        .hint("Reject a second group with the same displayName with 409 uniqueness, or IdPs will push duplicates they cannot tell apart.")
        .writes(),
        Check::new(
            "groups.delete.then-404",
            "DELETE /Groups/{id} answers 204 and the group then answers 404",
            |p| Box::pin(delete_then_404(p)),
        )
        .rfc("RFC 7644 §3.6")
        .requirements(&["7644-3.6-2", "7644-3.6-6"])
        .shared_rule(setup::DELETE)
        .needs(&[Need::Groups])
        .defects(&["soft-delete", "delete-200"])
        .hint("Answer a successful DELETE with 204 No Content, and remove the group: later GETs answer 404.")
        .writes(),
        Check::new(
            "groups.read.unknown-id-404",
            "GET /Groups/{id} of an unknown id answers 404",
            |p| Box::pin(unknown_404(p)),
        )
        .rfc("RFC 7644 §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Groups])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 with a SCIM Error when no group has the id."),

        Check::new(
            "groups.delete.unknown-id-404",
            "DELETE /Groups/{id} of an unknown id answers 404",
            |p| Box::pin(delete_unknown_404(p)),
        )
        .rfc("RFC 7644 §3.6, §3.12")
        .requirements(&["7644-3.12-7"])
        .needs(&[Need::Groups])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 with a SCIM Error when the group to delete does not exist.")
        .writes(),
        Check::new(
            "groups.create.meta-location",
            "A created group's meta.location is its absolute URL",
            |p| Box::pin(meta_location(p)),
        )
        .rfc("RFC 7643 §3.1")
        .requirements(&["7643-3.1-1", "7643-3.1-2", "7644-3.3-8"])
        .shared_rule(setup::META)
        .needs(&[Need::Groups])
        .defects(&["meta-location-relative", "meta-location-by-name"])
        .hint("Set meta.location to the absolute URL of the group (scheme, host, base path, /Groups/<id>).")
        .writes(),
        Check::new(
            "groups.uniqueness.case-variant-409",
            "POST /Groups with an existing displayName in other letter case answers 409",
            |p| Box::pin(duplicate_case_variant(p)),
        )
        .rfc("RFC 7643 §4.2 (displayName caseExact=false); Okta and Entra look groups up by displayName")
        .requirements(&["7644-3.12-8"])
        // A server that takes any duplicate (201) takes the case variant too: one root cause.
        .shared_rule(setup::UNIQUE_DISPLAY_NAME)
        .tags(&["okta", "entra", "case"])
        .needs(&[Need::Groups])
        .defects(&["duplicate-group-names-allowed"])
        .hint("Compare displayName case-insensitively when enforcing group-name uniqueness.")
        .writes(),

        Check::new(
            "groups.create.client-id-ignored",
            "An id sent in POST /Groups is ignored: the service provider assigns ids",
            |p| Box::pin(client_id_ignored(p)),
        )
        .rfc("RFC 7643 §3.1")
        .requirements(&["7643-3.1-1", "7643-3.1-2", "7644-3.3-1"])
        .needs(&[Need::Groups])
        .defects(&["client-id-accepted"])
        .hint("Ignore \"id\" in POST bodies of groups too.")
        .writes(),
        Check::new(
            "groups.put.unknown-id-404",
            "PUT /Groups/{id} of an unknown id answers 404",
            |p| Box::pin(put_unknown_404(p)),
        )
        .rfc("RFC 7644 §3.5.1, §3.12")
        .requirements(&["7644-3.2-4", "7644-3.5.1-2", "7644-3.12-7"])
        .needs(&[Need::Groups])
        .defects(&["unknown-id-400"])
        .hint("Answer 404 when the group to replace does not exist.")
        .writes(),
        Check::new(
            "groups.create.no-members-accepted",
            "POST /Groups without members creates an empty group (as Okta Group Push and Entra send it)",
            |p| Box::pin(no_members(p)),
        )
        .rfc("RFC 7643 §4.2 (members optional); Okta Group Push")
        .requirements(&["7644-3.3-6", "7644-3.3-8"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Groups])
        .defects(&["empty-members-refused"])
        .hint("Accept groups with an empty members array (or none) and create them without members.")
        .writes(),
        Check::new(
            "groups.create.members-without-ref",
            "POST /Groups whose members carry only value creates the group with them (as Okta and Entra send members)",
            |p| Box::pin(members_without_ref(p)),
        )
        .rfc("RFC 7643 §2.3.7 ($ref is optional), §4.2; Okta Group Push")
        .tags(&["okta", "entra"])
        .severity(Severity::Interop)
        .needs(&[Need::Users, Need::Groups])
        .defects(&["member-ref-required", "group-members-ignored-on-create"])
        .hint("Accept members given as {\"value\": id} alone; fill in $ref yourself when you answer.")
        .writes(),

        Check::new(
            "groups.create.missing-display-name-400",
            "POST /Groups without displayName answers 400",
            |p| Box::pin(missing_display_name(p)),
        )
        .rfc("RFC 7643 §4.2 (displayName required); RFC 7644 §3.12")
        .requirements(&["7643-4.2-1", "7644-3.12-5"])
        .needs(&[Need::Groups])
        .defects(&["missing-required-accepted"])
        .hint("Reject groups without displayName with 400 invalidValue.")
        .writes(),
        Check::new(
            "groups.create.id-unique-across-types",
            "A new group's id names no user, and a new user's id no group: GET /Users/<the group's id> and GET /Groups/<the user's id> find nothing",
            |p| Box::pin(id_unique_across_types(p)),
        )
        .rfc("RFC 7643 §3.1 (id MUST be unique across the service provider's entire set of resources)")
        .requirements(&["7643-3.1-6"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["ids-shared-across-types"])
        .hint("Draw ids for every resource type from one space (UUIDs, or one sequence for all types): counting users and groups separately gives a user and a group the same id, and clients that key resources by id mix them up.")
        .writes(),
        Check::new(
            "groups.create.member-ref-any-version",
            "POST /Groups with a member whose $ref is the user's URL without the version segment (…/scim/Users/<id>) is taken as that user, as with the versioned URL",
            |p| Box::pin(member_ref_any_version(p)),
        )
        .rfc("RFC 7643 §2.4 ($ref URIs with and without an API version SHALL be considered comparable)")
        .requirements(&["7643-2.4-5"])
        .needs(&[Need::Users, Need::Groups])
        .defects(&["member-ref-version-strict"])
        .hint("Compare a $ref by the resource it names, with or without a /v2 segment (or take the member from its value and ignore $ref); refusing https://host/scim/Users/<id> while accepting https://host/scim/v2/Users/<id> breaks clients that keep unversioned URLs.")
        .writes(),
    ]
}

/// Only when the base URL ends with a version segment. The same group is posted with the
/// user's versioned `$ref`: a server that treats both alike (keeps the member, or refuses
/// `$ref` in either form — members by `value` only, not judged here) passes; one that takes
/// only the versioned form compares URLs it SHALL treat as equal. When neither keeps the
/// member, the server drops members ([`MEMBERS_JUDGE`] reports it).
async fn member_ref_any_version(p: &mut Probe) -> Result<(), Stop> {
    let Some(root) = p.ctx().target.unversioned_root().map(str::to_owned) else {
        return Err(p.skip(
            "the base URL ends with no version segment (such as /v2): no unversioned URL to send",
        ));
    };
    let user = p.create_user().await?;
    let unversioned = format!("{root}{}", user.path);
    let versioned = format!("{}{}", p.ctx().target.base_url, user.path);
    let first = post_with_member_ref(p, &user.id, &unversioned).await?;
    let what = "the group whose member $ref has no version segment";
    if first == MemberRef::Kept {
        return p.expect_one_of(what, &[MemberRef::KEPT], &first.label());
    }
    match post_with_member_ref(p, &user.id, &versioned).await? {
        MemberRef::Kept => p.expect_one_of(
            &format!("{what}, where the versioned $ref is taken"),
            &[MemberRef::KEPT],
            &first.label(),
        ),
        MemberRef::Dropped => Err(p.blocked(
            MEMBERS_JUDGE,
            "POST /Groups created the group without its member whatever the $ref's form, so this check's rule could not be judged",
        )),
        second @ MemberRef::Refused(_) => Err(p.skip(format!(
            "the server refuses a member with $ref in either form ({}, {}): it takes members by value",
            first.label(),
            second.label()
        ))),
    }
}

/// What became of a group posted with one member given by `value` and `$ref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberRef {
    /// Created with the member.
    Kept,
    /// Created without it.
    Dropped,
    /// Not created: the status.
    Refused(u16),
}

impl MemberRef {
    const KEPT: &str = "member kept";

    /// How the outcome reads in a record.
    fn label(self) -> String {
        match self {
            MemberRef::Kept => Self::KEPT.to_owned(),
            MemberRef::Dropped => "member dropped".to_owned(),
            MemberRef::Refused(status) => format!("refused ({status})"),
        }
    }
}

/// POSTs a generated group whose one member is `id` with `reference` as its `$ref`.
async fn post_with_member_ref(p: &mut Probe, id: &str, reference: &str) -> Result<MemberRef, Stop> {
    let endpoint = p.endpoint("Group")?;
    let mut group = p.ctx().data.group(&p.ctx().discovered, &[]);
    group["members"] = serde_json::json!([{ "value": id, "$ref": reference }]);
    let reply = p.post(&endpoint, &group).await?;
    if reply.status != 201 {
        return Ok(MemberRef::Refused(reply.status));
    }
    let kept = |reply: &crate::reply::Reply| reply.values("members").contains(&id);
    let kept = if reply.get("members").is_null() {
        let location = reply.header("Location").unwrap_or_default().to_owned();
        kept(&p.get(&location).await?)
    } else {
        kept(&reply)
    };
    Ok(if kept {
        MemberRef::Kept
    } else {
        MemberRef::Dropped
    })
}

/// Per-type counters give user 3 and group 3 the same id, so the ids of a fresh pair rarely
/// meet; reading each id under the other type's endpoint does: a user with the group's id
/// answers. Only statuses are recorded: what answers may be somebody else's resource.
async fn id_unique_across_types(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.create_group(&[]).await?;
    p.expect_not_equal(
        "the new group's id, beside the new user's",
        &user.id,
        &group.id,
    )?;
    let crossed = [("User", &group.id, "group"), ("Group", &user.id, "user")];
    for (endpoint_of, id, owner) in crossed {
        let endpoint = p.endpoint(endpoint_of)?;
        let reply = p.get(&resource_path(&endpoint, id)).await?;
        let found = if (200..300).contains(&reply.status) {
            "found"
        } else {
            "nothing found"
        };
        p.expect_one_of(
            &format!("GET {endpoint}/<the new {owner}'s id>"),
            &["nothing found"],
            found,
        )?;
    }
    Ok(())
}

async fn location(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let location = p.expect_header(&group.reply, "Location")?;
    p.expect_ends_with("Location names the new group", &group.path, Some(&location))
}

async fn duplicate(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let endpoint = p.endpoint("Group")?;
    let mut again = p.ctx().data.group(&p.ctx().discovered, &[]);
    again["displayName"] = group.sent["displayName"].clone();
    let reply = p.post(&endpoint, &again).await?;
    p.status(&reply, &[409])?;
    p.equal(
        "scimType",
        &Value::from("uniqueness"),
        reply.get("scimType"),
    )
}

async fn delete_then_404(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let reply = p.delete(&group.path).await?;
    p.status(&reply, &[204])?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[404])
}

async fn unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("GET", "Group").await?;
    p.status(&reply, &[404])
}

async fn delete_unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("DELETE", "Group").await?;
    p.status(&reply, &[404])
}

/// The judge of the members a group is created with ([`crate::probe::MEMBERS_JUDGE`]): the
/// checks that build on them end blocked naming it when they are dropped.
async fn members_without_ref(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let group = p.post_group(&[&user.id]).await?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let members = read.values("members");
    p.expect_includes("group members", &members, &user.id.as_str())
}

async fn meta_location(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let location = group.reply.get("meta")["location"].as_str();
    p.expect_absolute_location("meta.location", location, &group.path)
}

async fn duplicate_case_variant(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let endpoint = p.endpoint("Group")?;
    let mut again = p.ctx().data.group(&p.ctx().discovered, &[]);
    let name = group.sent["displayName"]
        .as_str()
        .unwrap_or_default()
        .to_uppercase();
    again["displayName"] = Value::from(name);
    let reply = p.post(&endpoint, &again).await?;
    p.status(&reply, &[409])
}

async fn client_id_ignored(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("Group")?;
    let mut body = p.ctx().data.group(&p.ctx().discovered, &[]);
    let chosen = p.ctx().data.unique("client-id");
    body["id"] = Value::from(chosen.as_str());
    let group = p.create(&endpoint, body).await?;
    p.expect_not_equal("the server assigned its own id", &chosen, &group.id)
}

async fn put_unknown_404(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("Group")?;
    let body = p.ctx().data.group(&p.ctx().discovered, &[]);
    let path = p.missing_path(&endpoint);
    let reply = p.put(&path, &body).await?;
    p.status(&reply, &[404])
}

/// Sent as Entra sends it, with `members: []` (the generated group, as Okta sends it, carries no
/// `members` at all; prerequisite.groups.create establishes that). The Location header is
/// groups.create.location's business.
async fn no_members(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("Group")?;
    let mut body = p.ctx().data.group(&p.ctx().discovered, &[]);
    body["members"] = Value::Array(Vec::new());
    let group = p.create(&endpoint, body).await?;
    let members = group.reply.values("members");
    p.equal("members of the new group", &[][..], &members[..])
}

async fn missing_display_name(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("Group")?;
    let body = serde_json::json!({ "schemas": [scim::schema::urn::GROUP], "members": [] });
    let reply = p.post(&endpoint, &body).await?;
    p.status(&reply, &[400])
}
