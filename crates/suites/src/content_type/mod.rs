//! Content negotiation (RFC 7644 §3.1, §8.1): responses are application/scim+json; request
//! bodies in other media types are refused.

use crate::check::{Check, Need};
use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Req, SCIM_JSON, Stop};
use crate::reply::Reply;
use crate::setup;

/// The content-type checks.
pub fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "content-type.response.list",
            "A list response is labelled application/scim+json",
            |p| Box::pin(list(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .builds_on(&[Prerequisite::ListWithCount])
        .defects(&["wrong-content-type"])
        .hint("Label SCIM responses Content-Type: application/scim+json."),
        Check::new(
            "content-type.response.created",
            "A 201 Created response is labelled application/scim+json",
            |p| Box::pin(created(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .defects(&["wrong-content-type"])
        .hint("Label SCIM responses Content-Type: application/scim+json, also on 201.")
        .writes(),
        Check::new(
            "content-type.response.error",
            "An error response is labelled application/scim+json",
            |p| Box::pin(error(p)),
        )
        .rfc("RFC 7644 §3.1, §3.12")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .defects(&["wrong-content-type", "html-error-pages"])
        .hint("Errors are SCIM messages too: application/scim+json with an Error body."),
        Check::new(
            "content-type.request.unsupported-415",
            "A request body labelled text/plain is refused (415 Unsupported Media Type, or 400)",
            |p| Box::pin(unsupported(p)),
        )
        .rfc("RFC 7644 §3.12 (400); RFC 7231 §6.5.13 (415)")
        .requirements(&["7644-3.12-5"])
        .needs(&[Need::Users])
        .defects(&["any-content-type-accepted"])
        .hint("Accept application/scim+json and application/json bodies; refuse other media types with 415 (or 400).")
        .writes(),

        Check::new(
            "content-type.response.discovery",
            "ServiceProviderConfig is labelled application/scim+json",
            |p| Box::pin(discovery(p)),
        )
        .rfc("RFC 7644 §3.1, §4")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .defects(&["wrong-content-type"])
        .hint("Label discovery responses application/scim+json too."),
        Check::new(
            "content-type.response.read",
            "GET of one resource is labelled application/scim+json",
            |p| Box::pin(read(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .defects(&["wrong-content-type"])
        .hint("Label single-resource responses application/scim+json.")
        .writes(),
        Check::new(
            "content-type.response.search",
            "A POST .search response is labelled application/scim+json",
            |p| Box::pin(search(p)),
        )
        .rfc("RFC 7644 §3.1, §3.4.3")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .defects(&["wrong-content-type"])
        .hint("Label .search responses application/scim+json.")
        .builds_on(&[crate::prerequisite::Prerequisite::SearchUsers]),

        Check::new(
            "content-type.response.group-read",
            "GET of a group is labelled application/scim+json",
            |p| Box::pin(group_read(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Groups])
        .defects(&["wrong-content-type"])
        .hint("Label group responses application/scim+json.")
        .writes(),

        Check::new(
            "content-type.response.put",
            "A PUT response is labelled application/scim+json",
            |p| Box::pin(put(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users])
        .defects(&["wrong-content-type"])
        .hint("Label PUT responses application/scim+json.")
        .writes(),

        Check::new(
            "content-type.request.json-accepted",
            "POST /Users with Content-Type application/json is accepted",
            |p| Box::pin(json_accepted(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-7"])
        .needs(&[Need::Users])
        .defects(&["json-media-type-refused"])
        .hint("Accept application/json request bodies as well as application/scim+json; many clients send the former.")
        .writes(),
        Check::new(
            "content-type.request.json-put-accepted",
            "PUT with Content-Type application/json is accepted",
            |p| Box::pin(json_put_accepted(p)),
        )
        .rfc("RFC 7644 §3.1, §8.1")
        .requirements(&["7644-3.8-7"])
        .needs(&[Need::Users])
        .defects(&["json-media-type-refused"])
        .hint("Accept application/json on PUT and PATCH too.")
        .writes(),

        Check::new(
            "content-type.response.patch",
            "A PATCH answered with 200 is labelled application/scim+json",
            |p| Box::pin(patch(p)),
        )
        .rfc("RFC 7644 §3.1, §3.5.2")
        .requirements(&["7644-3.5.2-20", "7644-3.8-6"])
        .shared_rule(setup::SCIM_MEDIA_TYPE)
        .needs(&[Need::Users, Need::Patch])
        .defects(&["wrong-content-type"])
        .hint("Label PATCH responses application/scim+json.")
        .writes(),
    ]
}

fn expect_scim_json(p: &mut Probe, reply: &Reply) -> Result<(), Stop> {
    p.equal("Content-Type", SCIM_JSON, reply.media_type().as_str())
}

/// Unfiltered, because the check is read-only (it also runs under `--read-only`) and judges
/// only the response's media type; `count=1` bounds the page whatever the collection's size.
async fn list(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let reply = p.list(&endpoint, &[("count", "1")]).await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn created(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    expect_scim_json(p, &user.reply)
}

async fn error(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.send_to_missing("GET", "User").await?;
    p.status(&reply, &[404])?;
    expect_scim_json(p, &reply)
}

async fn unsupported(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = p.user_body();
    let req = Req::new("POST", endpoint)
        .json(&body)
        .header("Content-Type", "text/plain");
    let reply = p.send(req).await?;
    // RFC 7644 names no status for a body in a media type it does not define; its table's 400
    // ("unparsable") fits, and HTTP's own answer is 415 (RFC 7231 §6.5.13): either refuses it.
    p.status(&reply, &[415, 400])
}

async fn discovery(p: &mut Probe) -> Result<(), Stop> {
    let reply = p.get("/ServiceProviderConfig").await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn read(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p.get(&user.path).await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn search(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = serde_json::json!({ "schemas": [scim::schema::urn::SEARCH_REQUEST], "count": 1 });
    let reply = p.post(&format!("{endpoint}/.search"), &body).await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn group_read(p: &mut Probe) -> Result<(), Stop> {
    let group = p.create_group(&[]).await?;
    let reply = p.get(&group.path).await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn put(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let reply = p.put(&user.path, &user.sent).await?;
    p.status(&reply, &[200])?;
    expect_scim_json(p, &reply)
}

async fn json_accepted(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = p.user_body();
    let req = Req::new("POST", endpoint)
        .json(&body)
        .header("Content-Type", "application/json");
    let reply = p.send(req).await?;
    p.status(&reply, &[201])
}

async fn json_put_accepted(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let req = Req::new("PUT", user.path)
        .json(&user.sent)
        .header("Content-Type", "application/json");
    let reply = p.send(req).await?;
    p.status(&reply, &[200])
}

async fn patch(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let op = serde_json::json!([{ "op": "replace", "path": "displayName", "value": "Ada" }]);
    let reply = p.patch(&user.path, op).await?;
    p.status(&reply, &[200, 204])?;
    if reply.status == 204 {
        return Err(p.skip("the server answers PATCH with 204 (no body), which is allowed"));
    }
    expect_scim_json(p, &reply)
}
