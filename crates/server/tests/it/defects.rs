//! Each defect changes what a client observes: the same probe gives the RFC's answer against the
//! correct server and a different one with the defect on.
//!
//! [`probes!`] is the test side of the defect table: each defect's row (in its area's file under
//! `crates/server/src/defect/`) carries its probe and the correct server's answer, and
//! `scim_server::defect_table!(probes)` compiles them here, where the probes' helpers (below)
//! are. A row without an observation does not match, so a defect without a probe does not
//! compile.

use crate::common;

use common::{Harness, body, group, user};
use reqwest::Method;
use scim_server::{Defect, ServerConfig};
use serde_json::{Value, json};
use tokio::task::JoinSet;

fn q(filter: &str) -> String {
    filter.replace(' ', "%20").replace('"', "%22")
}

async fn status(r: reqwest::Response) -> String {
    r.status().as_u16().to_string()
}

/// The status of `GET /Users?filter=…` for `filter`.
async fn filter_status(h: &Harness, filter: &str) -> String {
    status(h.get(&format!("/Users?filter={}", q(filter))).await).await
}

/// The `totalResults` of `/Users` filtered by `filter`.
async fn count_matching(h: &Harness, filter: &str) -> String {
    let path = format!("/Users?filter={}", q(filter));
    body(h.get(&path).await).await["totalResults"].to_string()
}

/// Creates a user and returns its path (`/Users/<id>`).
async fn user_path(h: &Harness, user_name: &str) -> String {
    let created = h.create_user(user_name).await;
    format!("/Users/{}", created["id"].as_str().unwrap_or_default())
}

/// The instant an hour before `instant` (RFC 3339), written at UTC+05:00: later than
/// `instant` as text, earlier as a time.
fn hour_earlier_at_plus_five(instant: &str) -> String {
    let plus_five = chrono::FixedOffset::east_opt(5 * 3600).expect("a valid offset");
    chrono::DateTime::parse_from_rfc3339(instant)
        .map(|t| {
            (t - chrono::Duration::hours(1))
                .with_timezone(&plus_five)
                .to_rfc3339()
        })
        .unwrap_or_default()
}

async fn first_user(h: &Harness, query: &str) -> Value {
    body(h.get(&format!("/Users{query}")).await).await["Resources"][0].clone()
}

/// The status of a POST of a user whose userName exists in another case.
async fn second_user_status(h: &Harness) -> String {
    h.create_user("dup@example.com").await;
    status(h.post("/Users", &user("DUP@example.com")).await).await
}

/// The media type of the answer to a GET of `path`.
async fn content_type(h: &Harness, path: &str) -> String {
    let response = h.get(path).await;
    let value = response.headers().get("content-type");
    value
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The status of a POST of a user labelled with the media type `content_type`.
async fn post_user_as(h: &Harness, content_type: &str, user_name: &str) -> String {
    let r = h.req(Method::POST, "/Users");
    let r = r.header("content-type", content_type);
    status(r.body(user(user_name).to_string()).send().await.unwrap()).await
}

/// The status of a PATCH of a new user with the one operation `op`.
async fn patch_status(h: &Harness, op: Value) -> String {
    let path = user_path(h, "po@example.com").await;
    status(h.send_json(Method::PATCH, &path, &patch(json!([op]))).await).await
}

/// A new user as read back after a PATCH of it with the one operation `op`.
async fn read_after_patch(h: &Harness, op: Value) -> Value {
    let path = user_path(h, "po@example.com").await;
    h.send_json(Method::PATCH, &path, &patch(json!([op]))).await;
    body(h.get(&path).await).await
}

/// Creates a user and a group with it as member; their ids.
async fn member_and_group(h: &Harness) -> (String, String) {
    let uid = h.create_user("member@example.com").await["id"].clone();
    let uid = uid.as_str().unwrap_or_default().to_owned();
    let created = body(h.post("/Groups", &group("Members", &[&uid])).await).await;
    let gid = created["id"].as_str().unwrap_or_default().to_owned();
    (uid, gid)
}

/// The `endpoint` of the first resource type `/ResourceTypes` lists.
async fn first_endpoint(h: &Harness) -> String {
    body(h.get("/ResourceTypes").await).await["Resources"][0]["endpoint"].to_string()
}

/// Creates the users `srt-a` and `srt-b`, each changed by `shape`, and lists them sorted by
/// `sort` (`sortBy=…&sortOrder=…`): their userNames in the order returned.
async fn sorted_pair(h: &Harness, shape: impl Fn(&str, &mut Value), sort: &str) -> String {
    for name in ["srt-a", "srt-b"] {
        let mut body = user(name);
        shape(name, &mut body);
        h.post("/Users", &body).await;
    }
    let list = body(
        h.get(&format!(
            "/Users?filter={}&{sort}",
            q("userName sw \"srt-\"")
        ))
        .await,
    )
    .await;
    let names = list["Resources"].as_array().into_iter().flatten();
    let names: Vec<&str> = names.filter_map(|r| r["userName"].as_str()).collect();
    names.join(",")
}

/// The TLS version a handshake restricted to TLS 1.2 agrees on with the server (`TLSv1_2`), or
/// why it failed. Nothing is sent over the connection.
async fn tls12_handshake(h: &Harness) -> String {
    use tokio_rustls::rustls::{
        self, RootCertStore, pki_types::CertificateDer, pki_types::pem::PemObject,
    };
    let pem = h.certificate_pem.as_deref().unwrap_or_default();
    let mut roots = RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(pem.as_bytes()).flatten() {
        roots.add(certificate).expect("a valid root");
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .expect("TLS 1.2 is supported")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
    let tcp = tokio::net::TcpStream::connect(h.server.addr())
        .await
        .expect("connects");
    let name = rustls::pki_types::ServerName::IpAddress(h.server.addr().ip().into());
    match connector.connect(name, tcp).await {
        Ok(tls) => format!(
            "{:?}",
            tls.get_ref().1.protocol_version().expect("a version")
        ),
        Err(e) => format!("handshake failed: {e}"),
    }
}

/// The status a plaintext HTTP GET of /ServiceProviderConfig gets on the server's port, or
/// `no HTTP answer`.
async fn plain_http_status(h: &Harness) -> String {
    let url = format!("http://{}/scim/v2/ServiceProviderConfig", h.server.addr());
    match reqwest::get(url).await {
        Ok(r) => status(r).await,
        Err(_) => "no HTTP answer".to_owned(),
    }
}

fn patch(ops: Value) -> Value {
    json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops})
}

/// Generates `observe` (what the probe for a defect sees against a server) and `correct_answer`
/// (what it sees against the correct one) from the defect table's rows:
/// `Variant { rfc, does, observe: "correct answer", |h| { probe }, }`.
macro_rules! probes {
    (; $($defect:ident {
        rfc: $rfc:literal,
        does: $does:literal,
        observe: $answer:literal, |$h:ident| $probe:block,
    },)*) => {
        /// What the probe for `defect` observes against `h`.
        async fn observe(defect: Defect, h: &Harness) -> String {
            match defect {
                $(Defect::$defect => {
                    let $h = h;
                    $probe
                })*
            }
        }

        /// What the probe for `defect` observes against the correct server.
        fn correct_answer(defect: Defect) -> &'static str {
            match defect {
                $(Defect::$defect => $answer,)*
            }
        }
    };
}

scim_server::defect_table!(probes);

/// Probes `defect` against a correct server and one committing it; what went wrong, if anything.
/// Both serve TLS, so the transport defects are observable and every other probe shows the
/// same answers over TLS as the rest of the tests see over plain HTTP.
async fn probe(defect: Defect) -> Option<String> {
    let correct = Harness::start_tls(ServerConfig::default()).await;
    let broken = Harness::start_tls(ServerConfig::default().with_defect(defect)).await;
    let good = observe(defect, &correct).await;
    let bad = observe(defect, &broken).await;
    let expected = correct_answer(defect);
    if good != expected {
        Some(format!(
            "{defect}: the correct server answers {good}, not {expected}"
        ))
    } else if bad == good {
        Some(format!(
            "{defect}: not observable, both servers answer {good}"
        ))
    } else {
        None
    }
}

/// How many defects are probed at once (each probe runs two servers).
const PARALLEL_PROBES: usize = 8;

#[tokio::test(flavor = "multi_thread")]
async fn every_defect_is_observable_and_the_correct_server_gives_the_rfc_answer() {
    let mut pending = Defect::ALL.iter().copied();
    let mut probes = JoinSet::new();
    let mut problems = Vec::new();
    loop {
        while probes.len() < PARALLEL_PROBES {
            let Some(defect) = pending.next() else { break };
            probes.spawn(probe(defect));
        }
        let Some(outcome) = probes.join_next().await else {
            break;
        };
        problems.extend(outcome.expect("a probe does not panic"));
    }
    problems.sort();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Without TLS configured the transport defects change nothing: the server answers plaintext
/// HTTP as always, and there is no TLS to narrow.
#[tokio::test]
async fn transport_defects_change_nothing_over_plain_http() {
    for defect in [Defect::Tls13Only, Defect::PlainHttpServed] {
        let h = Harness::start(ServerConfig::default().with_defect(defect)).await;
        assert!(h.base.starts_with("http://"), "{}", h.base);
        assert_eq!(plain_http_status(&h).await, "200", "{defect}");
        assert_eq!(status(h.get("/Users").await).await, "200", "{defect}");
    }
}

/// Not a defect but the legal variation the suite must accept (RFC 7644 §3.5.2): PATCH answers
/// 204 with the new ETag, except when `attributes` asks for the resource.
#[tokio::test]
async fn patch_no_content_answers_204_unless_attributes_are_asked_for() {
    let h = Harness::start(ServerConfig {
        patch_no_content: true,
        ..ServerConfig::default()
    })
    .await;
    let u = h.create_user("nocontent@example.com").await;
    let path = format!("/Users/{}", u["id"].as_str().unwrap_or_default());
    let op = patch(json!([{"op": "replace", "path": "displayName", "value": "Changed"}]));
    let r = h.send_json(Method::PATCH, &path, &op).await;
    assert_eq!(r.status(), 204);
    let etag = r.headers().get("etag").cloned();
    assert_eq!(r.text().await.unwrap_or_default(), "");
    let read = h.get(&path).await;
    assert_eq!(read.headers().get("etag").cloned(), etag);
    assert_eq!(body(read).await["displayName"], "Changed");
    let r = h
        .send_json(
            Method::PATCH,
            &format!("{path}?attributes=displayName"),
            &op,
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(body(r).await["displayName"], "Changed");
}
