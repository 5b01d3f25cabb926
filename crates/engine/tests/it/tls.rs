//! Turning TLS verification off (`--insecure`) and trusting a CA certificate (`--ca-cert`) against a real TLS server: a self-signed certificate made for
//! the test is refused by default (with an explanation naming TLS), trusted when its PEM file is
//! given to [`Transport::trust_ca_file`], and accepted without trust when `insecure` is on.

use scimcheck_engine::egress::Egress;
use scimcheck_engine::http::{HttpClient, HttpLimits, Received, RequestSpec, Transport};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

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
    let certified = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("rcgen makes a self-signed certificate");
    let cert_pem = certified.cert.pem();
    let cert_der: CertificateDer<'static> = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let config = ServerConfig::builder()
        .with_no_client_auth()
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
