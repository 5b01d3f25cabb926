//! Starting and stopping a server: [`spawn`] binds, seeds and serves in the background, returning
//! a [`RunningServer`] handle that stops the server when dropped.

use crate::api::{Api, Shared, Version};
use crate::config::ServerConfig;
use crate::connections::serve_hardened;
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
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The SCIM 2.0 base URL, e.g. `http://127.0.0.1:41234/scim/v2`.
    pub fn base_url_v2(&self) -> String {
        format!("http://{}{}", self.addr, Version::V2.prefix())
    }

    /// The SCIM 1.1 base URL, e.g. `http://127.0.0.1:41234/scim/v1`.
    pub fn base_url_v1(&self) -> String {
        format!("http://{}{}", self.addr, Version::V1.prefix())
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

/// Opens the store, seeds it if empty, binds `config.listen` and serves in the background.
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
    let shared = Arc::new(Shared {
        store,
        config,
        origin: format!("http://{addr}"),
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
        serve_hardened(listener, app, limits, stop).await;
    });
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}
