//! The dashboard serves through `scim_server::serve_hardened`, so a connection that never sends
//! a request head cannot hold it: the connection is closed once the header-read timeout has
//! passed. The flood, the idle and body timeouts and the connection cap are proven on that shared
//! accept loop in `crates/server/tests/connections.rs`.

use crate::support;

use scim_server::ConnectionLimits;
use std::time::Instant;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

#[tokio::test]
async fn a_connection_that_never_sends_its_head_is_closed_after_the_header_read_timeout() {
    let dir = support::data_dir();
    let dashboard = support::dashboard(&dir, None).await;
    let limit = ConnectionLimits::default().header_read_timeout;
    let opened = Instant::now();
    let mut stream = TcpStream::connect(dashboard.addr()).await.unwrap();
    let closed = tokio::time::timeout(limit * 2, async {
        let mut chunk = [0u8; 1024];
        // A reset counts as closed as much as an orderly end.
        while let Ok(1..) = stream.read(&mut chunk).await {}
    })
    .await;
    assert!(
        closed.is_ok(),
        "the dashboard kept a silent connection open for {:?}",
        limit * 2
    );
    assert!(
        opened.elapsed() >= limit,
        "closed after {:?}, before the timeout",
        opened.elapsed()
    );
    dashboard.shutdown().await;
}
