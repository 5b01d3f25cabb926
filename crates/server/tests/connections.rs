//! No client can hold the server: connections that never finish a request head (or a TLS
//! handshake), idle kept-alive connections and stalled bodies are closed, and a flood of
//! connections cannot lock a user out (`scim_server::serve_hardened`, which the dashboard serves
//! through too). Loopback only, with a bounded number of connections and short limits so each
//! test ends within seconds.
//!
//! A test binary of its own, apart from tests/it: the flood test lowers the process's open-file
//! limit, which would starve the other tests running beside it in one process.

use rlimit::Resource;
use scim_server::{
    ConnectionLimits, DEFAULT_TOKEN, Defect, RunningServer, ServerConfig, TlsIdentity,
};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// Short timeouts, so that a test waits for one in about a second; the default cap.
const LIMITS: ConnectionLimits = ConnectionLimits {
    header_read_timeout: Duration::from_secs(1),
    body_idle_timeout: Duration::from_secs(1),
    max_connections: 512,
};

/// How long a test waits for what a limit promises before it calls the server hung.
const BOUND: Duration = Duration::from_secs(20);

async fn server() -> RunningServer {
    scim_server::spawn(ServerConfig {
        connections: LIMITS,
        ..ServerConfig::default().with_seed(1, 0)
    })
    .await
    .expect("the server starts")
}

/// Sends `partial` on a new connection and asserts that the server closes it, but not before
/// the header read timeout.
async fn held_until_the_timeout(server: &RunningServer, partial: &[u8]) {
    let opened = Instant::now();
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(partial).await.unwrap();
    let (_, closed) = until_closed(&mut stream).await;
    assert!(
        closed - opened >= LIMITS.header_read_timeout,
        "closed after {:?}, before the timeout",
        closed - opened
    );
}

/// Reads until the server closes the connection; what it sent, and when it closed.
async fn until_closed(stream: &mut TcpStream) -> (String, Instant) {
    let mut received = Vec::new();
    let ended = tokio::time::timeout(BOUND, async {
        let mut chunk = [0u8; 4096];
        // A reset counts as closed as much as an orderly end.
        while let Ok(n @ 1..) = stream.read(&mut chunk).await {
            received.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    assert!(
        ended.is_ok(),
        "the server kept the connection open for {BOUND:?}"
    );
    (
        String::from_utf8_lossy(&received).into_owned(),
        Instant::now(),
    )
}

#[tokio::test]
async fn a_connection_that_never_sends_its_head_is_closed_after_the_header_read_timeout() {
    let server = server().await;
    for partial in [
        "",
        "GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: a\r\n",
    ] {
        held_until_the_timeout(&server, partial.as_bytes()).await;
    }
}

/// Over TLS the handshake (and, with `plain-http-served`, the wait for the first byte) runs
/// under the same timeout: a client that connects and never finishes it holds nothing.
#[tokio::test]
async fn a_connection_that_never_finishes_its_tls_handshake_is_closed_after_the_header_read_timeout()
 {
    for config in [
        ServerConfig::default(),
        ServerConfig::default().with_defect(Defect::PlainHttpServed),
    ] {
        let server = scim_server::spawn(ServerConfig {
            connections: LIMITS,
            tls: Some(TlsIdentity::self_signed_loopback().expect("a certificate")),
            ..config.with_seed(1, 0)
        })
        .await
        .expect("the server starts");
        // Nothing, then the first bytes of a TLS handshake record.
        for partial in [&b""[..], &[0x16, 0x03, 0x01][..]] {
            held_until_the_timeout(&server, partial).await;
        }
    }
}

#[tokio::test]
async fn a_kept_alive_connection_is_closed_once_idle_for_the_header_read_timeout() {
    let server = server().await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let request = format!(
        "GET /scim/v2/Users HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let (received, _) = until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        !received.to_ascii_lowercase().contains("connection: close"),
        "the connection was not kept alive: {received}"
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_fails_with_408_and_ends_the_connection() {
    let server = server().await;
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    let head = format!(
        "POST /scim/v2/Users HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {DEFAULT_TOKEN}\r\n\
         Content-Type: application/scim+json\r\nContent-Length: 1000\r\n\r\n{{\"userName\""
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let (received, _) = until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains("stopped arriving"), "{received}");
}

/// Connections opened by the flood.
const FLOOD: usize = 2000;

/// The process's open-file limit during the flood: room for the flood's own sockets plus
/// [`LIMITS`]`.max_connections` server-side ones, not for a server that accepts them all.
const FILE_LIMIT: u64 = 3072;

/// 20,000 connections that never sent a request once locked every user out of `serve` and the
/// dashboard: the server accepted them all, kept them forever, ran out of file descriptors and
/// stopped accepting. Here the flood outnumbers the descriptors the server has left (the test
/// lowers its own open-file limit to 3,072 so that 2,000 connections suffice, on loopback), and
/// every connection must still be accepted, the legitimate request last, and answered: the cap
/// keeps the server within its descriptors (the rest wait in the listen queue), and the
/// header-read timeout frees the slots the flood takes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flood_ends_with_a_legitimate_request_still_answered() {
    let (_, hard) = Resource::NOFILE.get().unwrap();
    Resource::NOFILE.set(FILE_LIMIT, hard).unwrap_or_else(|e| {
        panic!("cannot set the open-file limit to {FILE_LIMIT} (hard limit {hard}): {e}")
    });
    let server = server().await;
    // The flood's sockets exist before the server accepts any of them, so it is the server that
    // runs out of descriptors, not the flood.
    let sockets: Vec<TcpSocket> = (0..FLOOD)
        .map(|_| TcpSocket::new_v4().expect("a socket within the open-file limit"))
        .collect();
    let mut flood = Vec::with_capacity(FLOOD);
    for (n, socket) in sockets.into_iter().enumerate() {
        let connected = tokio::time::timeout(BOUND, socket.connect(server.addr()))
            .await
            .unwrap_or_else(|_| panic!("flood connection {n} still not accepted after {BOUND:?}: the server stopped accepting"))
            .expect("a loopback connection");
        flood.push(connected);
    }

    let client = reqwest::Client::new();
    let answer = tokio::time::timeout(
        BOUND,
        client
            .get(format!("{}/Users", server.base_url_v2()))
            .bearer_auth(DEFAULT_TOKEN)
            .send(),
    )
    .await;
    let status = answer
        .unwrap_or_else(|_| panic!("the legitimate request still unanswered after {BOUND:?}"))
        .expect("the legitimate request reached the server")
        .status();
    assert_eq!(status, 200);
    drop(flood);
}
