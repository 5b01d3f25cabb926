//! Turning TLS verification off (`--insecure`) and trusting a CA certificate (`--ca-cert`) against a real TLS server: a self-signed certificate made for
//! the test is refused by default (with an explanation naming TLS), trusted when its PEM file is
//! given to [`Transport::trust_ca_file`], and accepted without trust when `insecure` is on.

use scimcheck_engine::egress::Egress;
use scimcheck_engine::event::CollectingSink;
use scimcheck_engine::http::{HttpClient, HttpLimits, Received, RequestSpec, Transport};
use scimcheck_engine::model::{CaseResult, Verdict};
use scimcheck_engine::run::RunOptions;
use scimcheck_engine::runscope::format;
use scimcheck_engine::runscope::runner::{self, RunscopeSettings};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{RootCertStore, ServerConfig};

/// The body every successful handshake gets back, so a test can tell it reached the server.
const BODY: &str = "tls-ok";

/// A TLS server on 127.0.0.1 with a fresh self-signed certificate for that address.
struct TlsServer {
    url: String,
    /// The listening port, unique among live servers: names the test's CA file.
    port: u16,
    cert_pem: String,
}

/// Starts the server: each connection is handshaken, its request head read, and a fixed
/// HTTP/1.1 200 written. Failed handshakes (an untrusting client) are simply dropped.
async fn start() -> TlsServer {
    start_requiring(None).await
}

/// [`start`], requiring a client certificate issued by `client_ca` when one is given.
async fn start_requiring(client_ca: Option<CertificateDer<'static>>) -> TlsServer {
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("rcgen makes a self-signed certificate");
    let cert_pem = certified.cert.pem();
    let cert_der: CertificateDer<'static> = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let builder = ServerConfig::builder();
    let builder = match client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = RootCertStore::empty();
            roots.add(ca).expect("the test CA is a valid root");
            let verifier = WebPkiClientVerifier::builder(Arc::new(roots))
                .build()
                .expect("a client verifier");
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = builder
        .with_single_cert(vec![cert_der], key)
        .expect("rustls accepts the generated certificate and key");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("local address").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(buf.get(..n).unwrap_or_default()),
                    }
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
                    BODY.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer {
        url: format!("https://127.0.0.1:{port}/Users"),
        port,
        cert_pem,
    }
}

/// Sends one GET to the server through `transport`.
async fn get(server: &TlsServer, transport: Transport) -> Received {
    let limits = HttpLimits {
        timeout: Duration::from_secs(10),
        transport: Some(std::sync::Arc::new(transport)),
        ..HttpLimits::default()
    };
    let client = HttpClient::new(limits, Egress::new(&server.url)).expect("client builds");
    let spec = RequestSpec {
        method: "GET".into(),
        url: server.url.clone(),
        ..RequestSpec::default()
    };
    client
        .send(&spec)
        .await
        .expect("the request is well formed")
}

/// Asserts the exchange reached the server and got its 200 answer.
fn assert_answered(received: &Received) {
    assert_eq!(received.exchange.error, None, "no transport error expected");
    let response = received.response().expect("a response was recorded");
    assert_eq!(response.status, 200);
    assert_eq!(received.body, BODY);
}

#[tokio::test]
async fn self_signed_server_is_refused_by_default_with_a_tls_explanation() {
    let server = start().await;
    let received = get(&server, Transport::default()).await;
    assert!(received.response().is_none(), "no response without trust");
    let error = received
        .exchange
        .error
        .expect("the refused handshake is recorded as an error");
    assert!(
        error.contains("TLS handshake failed"),
        "error should explain TLS: {error}"
    );
    assert!(
        error.contains("a CA certificate") && error.contains("TLS verification"),
        "error should name the fixes: {error}"
    );
}

#[tokio::test]
async fn ca_file_with_the_server_certificate_makes_it_trusted() {
    let server = start().await;
    let path: PathBuf = std::env::temp_dir().join(format!(
        "scimcheck-tls-test-{}-{}.pem",
        std::process::id(),
        server.port
    ));
    std::fs::write(&path, &server.cert_pem).expect("write the CA file");
    let mut transport = Transport::default();
    let trusted = transport.trust_ca_file(&path);
    let _ = std::fs::remove_file(&path);
    trusted.expect("the PEM file is accepted");
    assert!(!transport.insecure);
    assert_answered(&get(&server, transport).await);
}

#[tokio::test]
async fn insecure_accepts_the_self_signed_certificate() {
    let server = start().await;
    let mut transport = Transport::default();
    transport.insecure = true;
    assert_answered(&get(&server, transport).await);
}

/// A CA, and a client certificate it issued with its key, as the one PEM file `--client-cert`
/// takes.
fn client_identity() -> (CertificateDer<'static>, String) {
    let ca_key = rcgen::KeyPair::generate().expect("a CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("a CA");
    let key = rcgen::KeyPair::generate().expect("a client key");
    let params =
        rcgen::CertificateParams::new(vec!["scimcheck-client".to_string()]).expect("client params");
    let certificate = params.signed_by(&key, &ca).expect("a client certificate");
    let pem = format!("{}{}", certificate.pem(), key.serialize_pem());
    (ca.der().clone(), pem)
}

/// `pem` written to a file of its own; the caller removes it.
fn pem_file(server: &TlsServer, what: &str, pem: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "scimcheck-tls-test-{}-{}-{what}.pem",
        std::process::id(),
        server.port
    ));
    std::fs::write(&path, pem).expect("write the PEM file");
    path
}

#[tokio::test]
async fn a_client_certificate_is_presented_to_a_server_that_requires_one() {
    let (ca, identity) = client_identity();
    let server = start_requiring(Some(ca)).await;
    let trust = pem_file(&server, "ca", &server.cert_pem);
    let cert = pem_file(&server, "client", &identity);
    let transport = |with_certificate: bool| {
        let mut transport = Transport::default();
        transport
            .trust_ca_file(&trust)
            .expect("the server's certificate");
        if with_certificate {
            transport
                .present_client_certificate(&cert)
                .expect("a certificate and its key");
        }
        transport
    };
    let refused = get(&server, transport(false)).await;
    assert!(
        refused.response().is_none(),
        "no answer without a client certificate"
    );
    let presented = transport(true);
    assert!(presented.presents_client_certificate());
    assert_answered(&get(&server, presented).await);
    let _ = std::fs::remove_file(&trust);
    let _ = std::fs::remove_file(&cert);
}

#[tokio::test]
async fn a_client_certificate_without_its_key_is_refused_naming_the_file() {
    let server = start().await;
    let only_certificate = pem_file(&server, "no-key", &server.cert_pem);
    let err = Transport::default()
        .present_client_certificate(&only_certificate)
        .expect_err("a certificate alone is not an identity");
    let _ = std::fs::remove_file(&only_certificate);
    let text = err.to_string();
    assert!(
        text.contains("cannot use the client certificate") && text.contains("private key"),
        "{text}"
    );
}

#[tokio::test]
async fn a_client_certificate_is_offered_to_the_targets_origin_only() {
    let (ca, identity) = client_identity();
    let server = start_requiring(Some(ca)).await;
    let trust = pem_file(&server, "ca", &server.cert_pem);
    let cert = pem_file(&server, "client", &identity);
    let mut transport = Transport::default();
    transport
        .trust_ca_file(&trust)
        .expect("the server's certificate");
    transport
        .present_client_certificate(&cert)
        .expect("a certificate and its key");
    let limits = HttpLimits {
        timeout: Duration::from_secs(10),
        transport: Some(Arc::new(transport)),
        ..HttpLimits::default()
    };
    // The run's target is another origin: the server asking for a certificate gets none.
    let client = HttpClient::new(limits, Egress::new("https://127.0.0.1:1/scim")).expect("client");
    let spec = RequestSpec {
        method: "GET".into(),
        url: server.url.clone(),
        ..RequestSpec::default()
    };
    let received = client.send(&spec).await.expect("well formed");
    assert!(received.response().is_none(), "{:?}", received.exchange);
    let _ = std::fs::remove_file(&trust);
    let _ = std::fs::remove_file(&cert);
}

/// Runs one Runscope request step with `auth_type: client_certificate` against `server`,
/// whose origin is the run's target, through `transport`.
async fn client_certificate_step(server: &TlsServer, transport: Transport) -> CaseResult {
    let test = format::parse(
        &serde_json::json!({"steps": [{"step_type": "request", "method": "GET", "url": server.url,
            "auth": {"auth_type": "client_certificate"},
            "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}]})
        .to_string(),
    )
    .expect("parses");
    let settings = RunscopeSettings {
        target: server.url.clone(),
        ..RunscopeSettings::default()
    };
    let options = RunOptions {
        limits: HttpLimits {
            timeout: Duration::from_secs(10),
            transport: Some(Arc::new(transport)),
            ..HttpLimits::default()
        },
        ..RunOptions::default()
    };
    let mut sink = CollectingSink::default();
    let result = runner::run(&test, &settings, &options, &mut sink)
        .await
        .expect("client");
    result.cases.into_iter().next().expect("one case")
}

#[tokio::test]
async fn a_runscope_step_with_client_certificate_auth_uses_the_runs_certificate() {
    let (ca, identity) = client_identity();
    let server = start_requiring(Some(ca)).await;
    let trust = pem_file(&server, "ca", &server.cert_pem);
    let cert = pem_file(&server, "client", &identity);
    let mut without = Transport::default();
    without
        .trust_ca_file(&trust)
        .expect("the server's certificate");
    let missing = client_certificate_step(&server, without).await;
    assert_eq!(missing.verdict, Verdict::Error);
    assert!(
        missing
            .reason
            .as_deref()
            .is_some_and(|r| r.contains("give the run a client certificate")),
        "{:?}",
        missing.reason
    );
    let mut with = Transport::default();
    with.trust_ca_file(&trust)
        .expect("the server's certificate");
    with.present_client_certificate(&cert)
        .expect("a certificate and its key");
    let step = client_certificate_step(&server, with).await;
    assert_eq!(step.verdict, Verdict::Pass, "{:?}", step.reason);
    let _ = std::fs::remove_file(&trust);
    let _ = std::fs::remove_file(&cert);
}

#[tokio::test]
async fn a_tls12_handshake_uses_the_runs_trust_and_names_the_version() {
    let server = start().await;
    let timeout = Duration::from_secs(10);
    let untrusted = Transport::default()
        .tls12_handshake(&server.url, timeout)
        .await;
    assert!(
        untrusted
            .as_ref()
            .is_err_and(|e| e.contains("TLS 1.2 handshake failed")),
        "{untrusted:?}"
    );
    let trust = pem_file(&server, "handshake", &server.cert_pem);
    let mut trusting = Transport::default();
    trusting
        .trust_ca_file(&trust)
        .expect("the server's certificate");
    let _ = std::fs::remove_file(&trust);
    assert_eq!(
        trusting.tls12_handshake(&server.url, timeout).await,
        Ok("TLS 1.2".to_owned())
    );
    let mut insecure = Transport::default();
    insecure.insecure = true;
    assert_eq!(
        insecure.tls12_handshake(&server.url, timeout).await,
        Ok("TLS 1.2".to_owned())
    );
    let plain = server.url.replacen("https://", "http://", 1);
    assert!(insecure.tls12_handshake(&plain, timeout).await.is_err());
}
