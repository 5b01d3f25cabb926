//! Starting and stopping a server: [`spawn`] binds, seeds and serves in the background, returning
//! a [`RunningServer`] handle that stops the server when dropped.

use crate::api::{Api, Shared, Version};
use crate::config::ServerConfig;
use crate::connections::{TlsServing, serve};
use crate::error::ServerError;
use crate::routes;
use crate::seed;
use crate::store::Store;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server running in the background of the current tokio runtime.
pub struct RunningServer {
    addr: SocketAddr,
    /// `https` when the server serves TLS, else `http`.
    scheme: &'static str,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The SCIM 2.0 base URL, e.g. `http://127.0.0.1:41234/scim/v2` (`https://` when the
    /// server serves TLS).
    pub fn base_url_v2(&self) -> String {
        format!("{}://{}{}", self.scheme, self.addr, Version::V2.prefix())
    }

    /// The SCIM 1.1 base URL, e.g. `http://127.0.0.1:41234/scim/v1`.
    pub fn base_url_v1(&self) -> String {
        format!("{}://{}{}", self.scheme, self.addr, Version::V1.prefix())
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the server stops (for the CLI, which runs until interrupted).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Opens the store, seeds it if empty, binds `config.listen` and serves in the background
/// (over TLS when `config.tls` is set).
pub async fn spawn(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let store = Store::open(config.db.as_deref())?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Bind {
        addr: config.listen,
        source,
    })?;
    let (users, groups) = (config.seed_users, config.seed_groups);
    let limits = config.connections;
    let tls = match &config.tls {
        Some(identity) => Some(TlsServing {
            acceptor: identity.acceptor(&config.defects)?,
            plain_too: crate::defect::transport::serves_plain_http(&config.defects),
        }),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let shared = Arc::new(Shared {
        store,
        config,
        origin: format!("{scheme}://{addr}"),
        pressure: crate::pressure::Pressure::default(),
    });
    let api = Api {
        shared: Arc::clone(&shared),
        version: Version::V2,
    };
    seed::seed(&api, users, groups)
        .await
        .map_err(|e| ServerError::Seed(e.detail))?;
    let app = routes::app(shared);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let stop = async {
            let _ = stopped.await;
        };
        serve(listener, app, limits, tls, stop).await;
    });
    Ok(RunningServer {
        addr,
        scheme,
        stop: Some(stop),
        task: Some(task),
    })
}
