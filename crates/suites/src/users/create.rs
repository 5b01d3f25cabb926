//! POST /Users: what a successful creation must answer.

use crate::check::{Check, Need};
use crate::prerequisite::Prerequisite;
use crate::probe::{Probe, Stop};
use crate::setup;
use scim::schema::urn;
use serde_json::{Value, json};

pub(super) fn checks() -> Vec<Check> {
    vec![
        Check::new(
            "users.create.location",
            "POST /Users answers 201 with a Location header naming the new user",
            |p| Box::pin(location(p)),
        )
        .rfc("RFC 7644 §3.3")
        .requirements(&["7644-3.3-6", "7644-3.3-8"])
        .shared_rule(setup::LOCATION)
        .needs(&[Need::Users])
        .defects(&["no-location-header"])
        .hint("Set the Location header of a 201 Created to the new resource's URL (the same as meta.location).")
        .writes(),
        Check::new(
            "users.create.meta",
            "A created user carries meta.resourceType, created, lastModified and an absolute meta.location",
            |p| Box::pin(meta(p)),
        )
        .rfc("RFC 7643 §3.1")
        .requirements(&["7643-2.3.5-1", "7643-2.3.5-2", "7643-3.1-1", "7643-3.1-2", "7643-3.1-15", "7644-3.3-7", "7644-3.3.1-1"])
        .shared_rule(setup::META)
        .needs(&[Need::Users])
        .defects(&["meta-location-relative", "meta-missing", "meta-location-by-name"])
        .hint("Fill meta: resourceType \"User\", created and lastModified as xsd:dateTime, location as the absolute URL of the resource.")
        .writes(),
        Check::new(
            "users.create.repeated-value-once",
            "A user created with the same email and type twice is returned with that pair once (or refused)",
            |p| Box::pin(repeated_value_once(p)),
        )
        .rfc("RFC 7643 §2.4 (the same type and value SHOULD NOT be returned twice in one attribute)")
        .requirements(&["7643-2.4-8"])
        .needs(&[Need::Users])
        .defects(&["repeated-values-kept"])
        .hint("Keep one element per (type, value) pair of a multi-valued attribute: drop the repeats a client sends, or refuse them with 400.")
        .writes(),
        Check::new(
            "users.create.formatted-names-the-components",
            "A user's returned name.formatted names the givenName and familyName returned with it, also when its displayName is another",
            |p| Box::pin(formatted_names_the_components(p)),
        )
        .rfc("RFC 7643 §4.1.1 (formatted and the components SHOULD describe the same name)")
        .requirements(&["7643-4.1.1-5"])
        .needs(&[Need::Users])
        .defects(&["formatted-from-display-name"])
        .hint("Return name.formatted as the client sent it (or build it from givenName and familyName); do not fill it from displayName or another field.")
        .writes(),
        Check::new(
            "users.create.client-id-ignored",
            "An id sent in POST /Users is ignored: the service provider assigns ids",
            |p| Box::pin(client_id_ignored(p)),
        )
        .rfc("RFC 7643 §3.1")
        .requirements(&["7643-3.1-1", "7643-3.1-2", "7643-3.1-4", "7644-3.1-5", "7644-3.3-1"])
        .needs(&[Need::Users])
        .defects(&["client-id-accepted"])
        .hint("Ignore \"id\" in POST bodies and always assign your own identifier.")
        .writes(),

        Check::new(
            "users.create.location-matches-meta",
            "The Location header of a 201 equals meta.location",
            |p| Box::pin(location_matches_meta(p)),
        )
        .rfc("RFC 7644 §3.3 (Location equals meta.location)")
        .requirements(&["7644-3.3-8"])
        .needs(&[Need::Users])
        .defects(&["location-header-relative"])
        .hint("Use one absolute URL for both the Location header and meta.location.")
        .writes(),
        Check::new(
            "users.create.content-location",
            "A Content-Location header, on a 201 and on a GET of the user, equals meta.location",
            |p| Box::pin(content_location(p)),
        )
        .rfc("RFC 7643 §3.1 (meta.location MUST be the same as the Content-Location header, if specified)")
        .requirements(&["7643-3.1-17"])
        .needs(&[Need::Users])
        .defects(&["content-location-is-request-url"])
        .hint("Either send no Content-Location, or send the resource's own URL (meta.location) — not the URL the request went to, which for a POST is the collection.")
        .writes(),
        Check::new(
            "users.create.attribute-order",
            "A user whose body lists schemas last (and userName after the other attributes) is created",
            |p| Box::pin(attribute_order(p)),
        )
        .rfc("RFC 7643 §2.3.8 (servers MUST NOT require or expect attributes in any order)")
        .requirements(&["7643-2.3.8-1"])
        .needs(&[Need::Users])
        .defects(&["schemas-required-first"])
        .hint("Read a body's members by name, whatever their order: a JSON object is unordered (configure the JSON binder not to need schemas first, e.g. as a type discriminator).")
        .writes(),

        Check::new(
            "users.create.id-without-bulk-id",
            "The ids the server assigns (a user's, and a group's where groups are offered) never contain \"bulkId\"",
            |p| Box::pin(id_without_bulk_id(p)),
        )
        .rfc("RFC 7643 §3.1 (the string \"bulkId\" is reserved and MUST NOT be part of an id)")
        .requirements(&["7643-3.1-9"])
        .needs(&[Need::Users])
        // The group half is left out where groups are not offered.
        .builds_on(&[Prerequisite::CreateUser, Prerequisite::CreateGroup])
        .defects(&["ids-contain-bulk-id"])
        .hint("Generate ids that cannot contain the reserved word bulkId (UUIDs, numbers): a client of /Bulk reads \"bulkId:…\" in a value as a reference to be replaced.")
        .writes(),

        Check::new(
            "users.create.binary-base64",
            "A binary value (x509Certificates.value) comes back in base64 as RFC 4648 §4 has it, holding the bytes sent",
            |p| Box::pin(binary_base64(p)),
        )
        .rfc("RFC 7643 §2.3.6 (a binary attribute value MUST be base64 encoded as in RFC 4648 §4)")
        .requirements(&["7643-2.3.6-1"])
        .needs(&[Need::Users])
        .defects(&["binary-as-url-safe"])
        .hint("Keep and return binary values in standard base64 (alphabet with + and /, = padding), not base64url or hex: decode what clients send, encode with the standard alphabet.")
        .writes(),
        Check::new(
            "users.create.address-newlines-kept",
            "An address whose formatted and streetAddress span several lines comes back with its newlines",
            |p| Box::pin(address_newlines(p)),
        )
        .rfc("RFC 7643 §4.1.2 (addresses.formatted and streetAddress MAY contain newlines)")
        .requirements(&["7643-4.1.2-16", "7643-4.1.2-17"])
        .needs(&[Need::Users])
        .defects(&["address-newlines-stripped"])
        .hint("Store address lines as sent, newlines included: a formatted address is a mailing label.")
        .writes(),

        Check::new(
            "users.create.missing-required-400",
            "POST /Users without a required attribute (userName) answers 400 invalidValue",
            |p| Box::pin(missing_required(p)),
        )
        .rfc("RFC 7643 §4.1.1 (userName required); RFC 7644 §3.3, §3.12")
        .requirements(&["7643-4.1.1-1", "7643-4.1.1-3", "7644-3.12-5"])
        .needs(&[Need::Users])
        .defects(&["missing-required-accepted"])
        .hint("Validate required attributes from your schema and answer 400 with scimType \"invalidValue\".")
        .writes(),

        Check::new(
            "users.create.null-is-unassigned",
            "POST /Users with an explicit null attribute creates the user without it",
            |p| Box::pin(null_is_unassigned(p)),
        )
        .rfc("RFC 7643 §2.5 (null is equivalent to unassigned)")
        .requirements(&["7643-2.5-1"])
        .tags(&["entra"])
        .needs(&[Need::Users])
        .defects(&["null-values-rejected"])
        .hint("Treat null values as absent (Entra sends unmapped attributes as null).")
        .writes(),
        Check::new(
            "users.create.last-modified-is-created",
            "A user never modified since its creation has meta.lastModified equal to meta.created",
            |p| Box::pin(last_modified_is_created(p)),
        )
        .rfc("RFC 7643 §3.1 (lastModified of a never-modified resource)")
        .requirements(&["7643-3.1-16"])
        .shared_rule(setup::META)
        .needs(&[Need::Users])
        .defects(&["last-modified-after-created"])
        .hint("Stamp a creation once: set meta.lastModified to the same instant as meta.created.")
        .writes(),
        Check::new(
            "users.create.utf8-round-trip",
            "A displayName with characters outside ASCII (Zoë Ærøskøbing 李雷) is stored and returned as sent, in UTF-8",
            |p| Box::pin(utf8_round_trip(p)),
        )
        .rfc("RFC 7644 §3.8 (UTF-8 JSON requests and responses)")
        .requirements(&["7644-3.8-1", "7644-3.8-2"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users])
        .defects(&["non-ascii-mangled"])
        .hint("Read and store request bodies as UTF-8 (the database column too) and answer in UTF-8: people's names are not ASCII.")
        .writes(),
        Check::new(
            "users.create.case-exact-preserved",
            "A user's externalId (caseExact) is returned in the case it was sent",
            |p| Box::pin(case_exact_preserved(p)),
        )
        .rfc("RFC 7643 §7 (caseExact values are stored with their case)")
        .requirements(&["7643-3.1-1", "7643-7-15"])
        .tags(&["okta", "entra"])
        .needs(&[Need::Users])
        .defects(&["case-exact-lowercased"])
        .hint("Store caseExact attributes such as externalId exactly as sent; fold case only when comparing attributes that are not caseExact.")
        .writes(),
        Check::new(
            "users.create.external-id-not-invented",
            "A user created without externalId is returned without one",
            |p| Box::pin(external_id_not_invented(p)),
        )
        .rfc("RFC 7643 §3.1 (externalId is issued by the provisioning client)")
        .requirements(&["7643-3.1-11"])
        .needs(&[Need::Users])
        .defects(&["external-id-invented"])
        .hint("Store externalId only when the client sends one; never fill it in yourself (the IdP matches its users by it).")
        .writes(),
    ]
}

async fn location(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let location = p.expect_header(&user.reply, "Location")?;
    p.expect_ends_with("Location names the new user", &user.path, Some(&location))
}

async fn meta(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let meta = user.reply.get("meta").clone();
    let member = |key: &str| meta.get(key).unwrap_or(&Value::Null);
    // Every member is judged and recorded, not only up to the first wrong one: a thin `meta`
    // is one defect, and the checks that need one of its members are grouped with this one by
    // whichever it lacks (`Probe::share_rule`).
    let judged = [
        p.equal(
            "meta.resourceType",
            &Value::from("User"),
            member("resourceType"),
        ),
        p.expect_date_time("meta.created", member("created")),
        p.expect_date_time("meta.lastModified", member("lastModified")),
        p.expect_absolute_location("meta.location", member("location").as_str(), &user.path),
    ];
    judged.into_iter().collect()
}

/// Sends the generated user's email twice with one type. Refusing the body (400) returns
/// nothing twice either, so it passes as well as keeping one copy does.
async fn repeated_value_once(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "emails.type")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let email = body["emails"][0]["value"].clone();
    body["emails"] = json!([
        { "value": email, "type": "work" },
        { "value": email, "type": "work" },
    ]);
    let reply = p.post(&endpoint, &body).await?;
    if reply.status == 400 {
        return p.pass();
    }
    p.status(&reply, &[201])?;
    let pairs = reply.get("emails").as_array().map_or(0, |emails| {
        emails
            .iter()
            .filter(|e| e["value"] == email && e["type"] == "work")
            .count()
    });
    p.equal("work emails with the value sent twice", &1, &pairs)?;
    p.pass()
}

/// Creates the generated user with a displayName that is not its name (a nickname, as people
/// choose), then reads the name returned. A server that returns no `formatted` has nothing to
/// contradict; one that does must name the components it returns with it.
async fn formatted_names_the_components(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let family = p.ctx().data.unique("Lovelace");
    body["name"] = json!({
        "formatted": format!("Ada {family}"),
        "givenName": "Ada",
        "familyName": family,
    });
    body["displayName"] = Value::from(p.ctx().data.unique("The Countess"));
    let user = p.create(&endpoint, body).await?;
    let name = user.reply.get("name").clone();
    let Some(formatted) = name["formatted"].as_str() else {
        return p.pass();
    };
    for component in ["givenName", "familyName"] {
        if let Some(part) = name[component].as_str() {
            p.expect_contains(
                &format!("name.formatted names the {component}"),
                part,
                formatted,
            )?;
        }
    }
    p.pass()
}

async fn client_id_ignored(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    let chosen = p.ctx().data.unique("client-id");
    body["id"] = Value::from(chosen.as_str());
    let user = p.create(&endpoint, body).await?;
    p.expect_not_equal("the server assigned its own id", &chosen, &user.id)
}

/// Without a Location header there is nothing to compare: users.create.location reports that.
async fn location_matches_meta(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let Some(header) = user.reply.header("Location").map(str::to_owned) else {
        return Err(p.blocked(
            "users.create.location",
            "the 201 has no Location header to compare with meta.location",
        ));
    };
    let meta = &user.reply.get("meta")["location"];
    p.equal(
        "Location header vs meta.location",
        meta,
        &Value::from(header),
    )
}

/// RFC 7643 §3.1 asks for equality only where the header is sent; where it is not, there is
/// nothing to compare, which the check says. HTTP lets Content-Location be a relative
/// reference (RFC 9110 §8.7): it is compared as the URI it names, resolved against the request's.
async fn content_location(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let endpoint = p.endpoint("User")?;
    let base = p.ctx().target.base_url.clone();
    let mut compared = 0;
    for (reply, what, requested) in [
        (&user.reply, "the 201", format!("{base}{endpoint}")),
        (&read, "the GET", format!("{base}{}", user.path)),
    ] {
        let Some(header) = reply.header("Content-Location") else {
            continue;
        };
        compared += 1;
        let named = url::Url::parse(&requested)
            .and_then(|request| request.join(header))
            .map_or_else(|_| header.to_owned(), String::from);
        // meta.location in the same normal form (lower-case host, no default port).
        let location = reply.get("meta")["location"].clone();
        let location = match location.as_str().map(url::Url::parse) {
            Some(Ok(url)) => Value::from(String::from(url)),
            _ => location,
        };
        p.equal(
            &format!("Content-Location of {what} (resolved) vs its meta.location"),
            &location,
            &Value::from(named),
        )?;
    }
    if compared == 0 {
        p.note("neither the 201 nor the GET carries Content-Location: nothing to compare (the header is optional)");
    }
    p.pass()
}

/// The generated user with its members reordered: userName last but one, schemas last.
async fn attribute_order(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let body = p.user_body();
    let Value::Object(mut members) = body else {
        return Err(p.fail("the generated user is not a JSON object"));
    };
    let mut reordered = serde_json::Map::new();
    let user_name = members.shift_remove("userName");
    let schemas = members.shift_remove("schemas");
    reordered.extend(members);
    reordered.extend(user_name.map(|v| ("userName".to_owned(), v)));
    reordered.extend(schemas.map(|v| ("schemas".to_owned(), v)));
    let sent = Value::Object(reordered);
    let user = p.create(&endpoint, sent.clone()).await?;
    p.equal("userName", &sent["userName"], user.reply.get("userName"))
}

async fn id_without_bulk_id(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    p.expect_lacks("the new user's id", "bulkId", &user.id)?;
    if p.ctx().discovered.offers(Need::Groups).is_err() {
        p.note("the server offers no groups: only a user's id was looked at");
        return p.pass();
    }
    let group = p.create_group(&[]).await?;
    p.expect_lacks("the new group's id", "bulkId", &group.id)
}

/// Bytes whose base64 uses both characters base64url replaces (`+` and `/`), so a value kept
/// in the other alphabet cannot pass for this one: "MII" (a DER certificate's start), then
/// 0xFB 0xFF 0xBF.
const CERTIFICATE_BYTES: &str = "TUlJ+/+/";

/// A mailing label and a two-line street, as RFC 7643 §4.1.2 allows them.
const LABEL: &str = "Ada Lovelace\n12 St James's Square\nLondon SW1Y 4JH";
const STREET: &str = "12 St James's Square\nSecond floor";

async fn address_newlines(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(urn::USER, "addresses.formatted")?;
    p.require_declared(urn::USER, "addresses.streetAddress")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["addresses"] = json!([{ "type": "work", "formatted": LABEL, "streetAddress": STREET }]);
    let user = p.create(&endpoint, body).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let address = &read.get("addresses")[0];
    p.equal(
        "addresses[0].formatted",
        &Value::from(LABEL),
        &address["formatted"],
    )?;
    p.equal(
        "addresses[0].streetAddress",
        &Value::from(STREET),
        &address["streetAddress"],
    )
}

async fn binary_base64(p: &mut Probe) -> Result<(), Stop> {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    p.require_declared(scim::schema::urn::USER, "x509Certificates.value")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["x509Certificates"] = json!([{ "value": CERTIFICATE_BYTES }]);
    let user = p.create(&endpoint, body).await?;
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let sent = STANDARD.decode(CERTIFICATE_BYTES).unwrap_or_default();
    let returned = &user.reply.get("x509Certificates")[0]["value"];
    if returned.is_null() {
        // Not keeping the value is another matter than its encoding: nothing to judge here.
        return Err(p.skip(
            "the created user came back without x509Certificates: its encoding cannot be judged",
        ));
    }
    let decoded = match returned.as_str() {
        Some(text) => match STANDARD.decode(text) {
            Ok(bytes) => hex(&bytes),
            Err(e) => format!("not base64 as RFC 4648 §4 has it ({e}): {text}"),
        },
        None => format!("no string value: {returned}"),
    };
    p.equal(
        "the bytes x509Certificates[0].value holds, read as RFC 4648 §4 base64 (hex)",
        &hex(&sent),
        &decoded,
    )
}

async fn missing_required(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let schema = p
        .ctx()
        .discovered
        .schema(scim::schema::urn::USER)
        .unwrap_or_else(|| scim::schema::core::user_schema());
    let Some(required) = crate::testdata::required_writable(schema)
        .next()
        .map(|a| a.name.clone())
    else {
        return Err(p.skip("the User schema declares no required attribute a client sets"));
    };
    let mut body = p.user_body();
    if let Some(object) = body.as_object_mut() {
        object.remove(&required);
    }
    let reply = p.post(&endpoint, &body).await?;
    p.status(&reply, &[400])?;
    p.equal(
        "scimType",
        &Value::from("invalidValue"),
        reply.get("scimType"),
    )
}

async fn null_is_unassigned(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "nickName")?;
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body["nickName"] = Value::Null;
    let user = p.create(&endpoint, body).await?;
    p.equal("nickName", &Value::Null, user.reply.get("nickName"))
}

async fn last_modified_is_created(p: &mut Probe) -> Result<(), Stop> {
    let user = p.create_user().await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    let meta = read.attribute("meta");
    let created = meta.get("created").unwrap_or(&Value::Null);
    let modified = meta.get("lastModified").unwrap_or(&Value::Null);
    p.expect_date_time("meta.created", created)?;
    p.expect_date_time("meta.lastModified", modified)?;
    // Compared as instants: the same time may be written in another form.
    p.equal(
        "meta.lastModified (as an instant) of the never-modified user",
        &instant(created),
        &instant(modified),
    )
}

/// A dateTime value as a UTC instant with all its digits (`None`: not a dateTime).
fn instant(value: &Value) -> Option<String> {
    let parsed = chrono::DateTime::parse_from_rfc3339(value.as_str()?).ok()?;
    Some(
        parsed
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
    )
}

async fn external_id_not_invented(p: &mut Probe) -> Result<(), Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    if let Some(object) = body.as_object_mut() {
        object.retain(|name, _| !name.eq_ignore_ascii_case("externalId"));
    }
    let user = p.create(&endpoint, body).await?;
    p.expect_absent(
        "externalId in the POST answer",
        user.reply.attribute("externalId"),
    )?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    p.expect_absent("externalId read back", read.attribute("externalId"))
}

/// A user body whose `name` attribute is set to `value`, created; returns the user read back.
async fn created_with(p: &mut Probe, name: &str, value: &str) -> Result<crate::reply::Reply, Stop> {
    let endpoint = p.endpoint("User")?;
    let mut body = p.user_body();
    body[name] = Value::from(value);
    let user = p.create(&endpoint, body).await?;
    let read = p.get(&user.path).await?;
    p.status(&read, &[200])?;
    Ok(read)
}

async fn utf8_round_trip(p: &mut Probe) -> Result<(), Stop> {
    p.require_declared(scim::schema::urn::USER, "displayName")?;
    let sent = format!("Zoë Ærøskøbing 李雷 {}", p.ctx().data.unique("utf8"));
    let read = created_with(p, "displayName", &sent).await?;
    p.equal(
        "displayName read back",
        &Value::from(sent),
        read.attribute("displayName"),
    )?;
    // A charset, when the response names one, is UTF-8 (the default of application/scim+json).
    let content_type = read.header("content-type").unwrap_or_default().to_owned();
    let charset = content_type
        .split(';')
        .skip(1)
        .filter_map(|param| param.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, value)| value.trim().trim_matches('"').to_ascii_lowercase());
    match charset {
        Some(charset) => p.expect_one_of("charset of the response", &["utf-8", "utf8"], &charset),
        None => Ok(()),
    }
}

async fn case_exact_preserved(p: &mut Probe) -> Result<(), Stop> {
    let sent = format!("ExtId-MiXeD-{}", p.ctx().data.unique("case"));
    let read = created_with(p, "externalId", &sent).await?;
    p.equal(
        "externalId read back",
        &Value::from(sent),
        read.attribute("externalId"),
    )
}
