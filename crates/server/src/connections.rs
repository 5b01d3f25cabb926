//! Serving HTTP/1.1 connections so that no client can hold the server for long: the one accept
//! loop of the reference server and the dashboard ([`serve_hardened`]).
//!
//! `axum::serve` has no header-read timeout and no connection cap, so 20,000 connections that
//! never finish a request head kept their sockets (and file descriptors) forever, and nobody
//! else got in. Here every bound comes from hyper, hyper-util, tokio and tower-http:
//!
//! - hyper's `header_read_timeout` (driven by hyper-util's `TokioTimer`) closes a connection
//!   whose request head is not complete in time; hyper restarts it whenever a kept-alive
//!   connection waits for its next request, so it is also the idle timeout between requests;
//! - tower-http's `RequestBodyTimeoutLayer` fails a request body that stops arriving;
//! - a tokio semaphore caps the open connections: the loop accepts only while it holds a free
//!   slot, so past the cap new connections wait in the kernel's listen queue (they are answered
//!   when a slot frees, not refused) and the process never runs out of file descriptors;
//! - hyper-util's `GracefulShutdown` lets requests in flight finish when the server stops.
//!
//! The reference server may serve TLS on the same loop (`crate::tls`): the handshake runs in
//! the connection's task, bounded by the header-read timeout.
//!
//! Only HTTP/1.1 is served: HTTP/2 has no header-read timeout, and no client of these servers
//! needs it over plain TCP.

use axum::Router;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;
use tokio_util::either::Either;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::timeout::RequestBodyTimeoutLayer;

/// How long a client may take and how many connections may be open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// The most time between accepting a connection (or finishing its previous response) and
    /// the end of the next request head; a connection over it is closed.
    pub header_read_timeout: Duration,
    /// The most time a request body may go without sending data; the request then fails.
    pub body_idle_timeout: Duration,
    /// The most connections open at once (at least one); more wait to be accepted.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    /// Ten seconds for a request head (a legitimate client needs milliseconds), thirty between
    /// chunks of a body, 512 connections: well under the common limit of 1,024 open files, so
    /// the process keeps descriptors for its database and outgoing requests.
    fn default() -> Self {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then waits for the
/// requests in flight. Handlers can extract `ConnectInfo<SocketAddr>`, the peer's address.
/// Accept errors (out of file descriptors, a connection reset before it was accepted) are
/// retried as `axum::serve` does, so serving only ends with `shutdown`.
pub async fn serve_hardened(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send,
) {
    serve(listener, router, limits, None, shutdown).await;
}

/// How a listener serving TLS treats a new connection.
#[derive(Clone)]
pub(crate) struct TlsServing {
    /// The handshake, with the server's certificate and protocol versions.
    pub(crate) acceptor: TlsAcceptor,
    /// Whether a connection that does not open with a TLS handshake is served as plaintext
    /// HTTP (the `plain-http-served` defect) rather than failing its handshake.
    pub(crate) plain_too: bool,
}

/// The first byte of every TLS connection: a handshake record (RFC 8446 §5.1, content type 22).
const TLS_HANDSHAKE_RECORD: u8 = 0x16;

impl TlsServing {
    /// The stream the HTTP connection runs on: `tcp` after the TLS handshake, or `tcp` itself
    /// when plaintext is served too and the client did not open with a handshake. `None` when
    /// the client closed or failed the handshake.
    async fn open(&self, tcp: TcpStream) -> Option<Either<TcpStream, TlsStream<TcpStream>>> {
        if self.plain_too {
            let mut first = [0u8; 1];
            let peeked = tcp.peek(&mut first).await.ok()?;
            if peeked == 1 && first[0] != TLS_HANDSHAKE_RECORD {
                return Some(Either::Left(tcp));
            }
        }
        self.acceptor.accept(tcp).await.ok().map(Either::Right)
    }
}

/// [`serve_hardened`], over TLS when `tls` is given. The TLS handshake counts against the
/// header-read timeout, so a client that connects and never finishes it is closed as one that
/// never finishes its request head.
pub(crate) async fn serve(
    mut listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    tls: Option<TlsServing>,
    shutdown: impl Future<Output = ()> + Send,
) {
    let app = ServiceBuilder::new()
        .layer(RequestBodyTimeoutLayer::new(limits.body_idle_timeout))
        .service(router);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = async {
            let slot = Arc::clone(&slots).acquire_owned().await;
            (slot, Listener::accept(&mut listener).await)
        };
        let (slot, (tcp, peer)) = tokio::select! {
            () = &mut shutdown => break,
            accepted = accepted => accepted,
        };
        // Only a closed semaphore fails to give a slot, and this one is never closed.
        let Ok(slot) = slot else { break };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let (http, tls, watcher) = (http.clone(), tls.clone(), graceful.watcher());
        tokio::spawn(async move {
            let stream = match tls {
                None => Some(Either::Left(tcp)),
                Some(tls) => tokio::time::timeout(limits.header_read_timeout, tls.open(tcp))
                    .await
                    .ok()
                    .flatten(),
            };
            if let Some(stream) = stream {
                // A client that stalls or vanishes ends its own connection; nothing to report.
                let _ = watcher
                    .watch(http.serve_connection(TokioIo::new(stream), service))
                    .await;
            }
            drop(slot);
        });
    }
    graceful.shutdown().await;
}
