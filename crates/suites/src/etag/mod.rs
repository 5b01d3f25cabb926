//! ETags (RFC 7644 §3.14): a version on every resource response that changes on write, and
//! conditional requests with If-Match (412 when stale) and If-None-Match (304 when current).

use crate::check::{Check, Need};
use crate::probe::{Created, Probe, Req, Stop};
use serde_json::Value;

/// The ETag checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "etag.header.on-read",
            "GET of a resource carries an ETag header",
            |p| Box::pin(on_read(p)),
        )
        .rfc("RFC 7644 §3.14")
        .requirements(&["7644-3.14-2"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["no-etag-header"])
        .hint("Send ETag: W/\"<version>\" (the same value as meta.version) on every single-resource response.")
        .writes(),
        Check::new(
            "etag.version.changes-on-write",
            "The ETag changes when the resource is replaced",
            |p| Box::pin(changes_on_write(p)),
        )
        .rfc("RFC 7644 §3.14")
        .requirements(&["7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["no-etag-header"])
        .hint("Derive the version from the stored revision and bump it on every PUT and PATCH.")
        .writes(),
        Check::new(
            "etag.if-none-match.304",
            "GET with If-None-Match of the current ETag answers 304 Not Modified",
            |p| Box::pin(if_none_match(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7232 §3.2")
        .requirements(&["7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["etag-ignored", "no-etag-header"])
        .hint("Compare If-None-Match with the current version and answer 304 with no body when it matches.")
        .writes(),
        Check::new(
            "etag.if-match.412",
            "PUT with a stale If-Match answers 412 Precondition Failed",
            |p| Box::pin(if_match_stale(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7232 §3.1")
        .requirements(&["7644-3.12-9", "7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["etag-ignored"])
        .hint("Refuse writes whose If-Match does not name the current version with 412.")
        .writes(),

        Check::new(
            "etag.header.on-create",
            "A 201 Created carries an ETag header",
            |p| Box::pin(on_create(p)),
        )
        .rfc("RFC 7644 §3.14")
        .requirements(&["7644-3.14-2"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["no-etag-header"])
        .hint("Send the new resource's ETag on 201 as on GET.")
        .writes(),
        Check::new(
            "etag.header.matches-meta-version",
            "The ETag header equals meta.version",
            |p| Box::pin(matches_version(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7643 §3.1 (meta.version)")
        .requirements(&["7644-3.14-3"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["no-etag-header"])
        .hint("Use one value for the ETag header and meta.version.")
        .writes(),
        Check::new(
            "etag.if-match.current-succeeds",
            "PUT with If-Match of the current ETag succeeds",
            |p| Box::pin(if_match_current(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7232 §3.1")
        .requirements(&["7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["no-etag-header"])
        .hint("Accept writes whose If-Match names the current version (compare weak ETags by value).")
        .writes(),
        Check::new(
            "etag.if-match.412-on-delete",
            "DELETE with a stale If-Match answers 412 and keeps the resource",
            |p| Box::pin(if_match_delete(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7232 §3.1")
        .requirements(&["7644-3.12-9", "7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag])
        .defects(&["etag-ignored"])
        .hint("Check If-Match on DELETE too.")
        .writes(),
        Check::new(
            "etag.if-match.412-on-patch",
            "PATCH with a stale If-Match answers 412",
            |p| Box::pin(if_match_patch(p)),
        )
        .rfc("RFC 7644 §3.14; RFC 7232 §3.1")
        .requirements(&["7644-3.12-9", "7644-3.14-1"])
        .needs(&[Need::Users, Need::Etag, Need::Patch])
        .defects(&["etag-ignored"])
        .hint("Check If-Match on PATCH too.")
        .writes(),

        Check::new(
            "etag.if-none-match.group-304",
            "GET of a group with If-None-Match of its ETag answers 304",
            |p| Box::pin(group_304(p)),
        )
        .rfc("RFC 7644 §3.14")
        .requirements(&["7644-3.14-1"])
        .needs(&[Need::Groups, Need::Etag])
        .defects(&["etag-ignored", "no-etag-header"])
        .hint("Version groups like users and honour If-None-Match on them.")
        .writes(),
    ]
}

/// Creates a user and returns it with the ETag of a GET.
async fn user_and_etag(p: &mut Probe) -> Result<(Created, String), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let etag = p.expect_header(&read, "ETag")?;
    Ok((user, etag))
}

async fn on_read(p: &mut Probe) -> Result<(), Stop> {
    user_and_etag(p).await.map(|_| ())
}

async fn changes_on_write(p: &mut Probe) -> Result<(), Stop> {
    let (user, before) = user_and_etag(p).await?;
    let mut body = user.sent.clone();
    body["displayName"] = serde_json::Value::from(p.ctx().data.unique("renamed"));
    let reply = p.put(&user.path, &body).await?;
    p.status(&reply, &[200])?;
    let read = p.get(&user.path).await?;
    let after = p.expect_header(&read, "ETag")?;
    p.expect_not_equal("ETag after PUT", &before, &after)
}

async fn if_none_match(p: &mut Probe) -> Result<(), Stop> {
    let (user, etag) = user_and_etag(p).await?;
    let reply = p
        .send(Req::new("GET", user.path).header("If-None-Match", &etag))
        .await?;
    p.status(&reply, &[304])
}

async fn if_match_stale(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let req = Req::new("PUT", user.path.clone())
        .json(&user.sent)
        .header("If-Match", STALE);
    let reply = p.send(req).await?;
    p.status(&reply, &[412])
}

/// A version no resource has.
const STALE: &str = "W/\"scimcheck-stale-version\"";

async fn on_create(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    p.expect_header(&user.reply, "ETag").map(|_| ())
}

async fn matches_version(p: &mut Probe) -> Result<(), Stop> {
    let (user, etag) = user_and_etag(p).await?;
    let read = p.get(&user.path).await?;
    let version = &read.get("meta")["version"];
    p.equal("ETag vs meta.version", version, &Value::from(etag))
}

async fn if_match_current(p: &mut Probe) -> Result<(), Stop> {
    let (user, etag) = user_and_etag(p).await?;
    let req = Req::new("PUT", user.path.clone())
        .json(&user.sent)
        .header("If-Match", &etag);
    let reply = p.send(req).await?;
    p.status(&reply, &[200])
}

async fn if_match_delete(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p
        .send(Req::new("DELETE", user.path.clone()).header("If-Match", STALE))
        .await?;
    p.status(&reply, &[412])?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])
}

async fn if_match_patch(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let body = serde_json::json!({
        "schemas": [scim::schema::urn::PATCH_OP],
        "Operations": [{ "op": "replace", "path": "displayName", "value": "Stale" }],
    });
    let req = Req::new("PATCH", user.path)
        .json(&body)
        .header("If-Match", STALE);
    let reply = p.send(req).await?;
    p.status(&reply, &[412])
}

async fn group_304(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let read = p.get(&group.path).await?;
    p.status(&read, &[200])?;
    let etag = p.expect_header(&read, "ETag")?;
    let reply = p
        .send(Req::new("GET", group.path).header("If-None-Match", &etag))
        .await?;
    p.status(&reply, &[304])
}
