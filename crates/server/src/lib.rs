//! The reference SCIM server: what `scimcheck run` tests when no URL is given, the model
//! implementation users compare their own server with, and — through its defect switchboard —
//! the proof that every conformance check can fail.
//!
//! ```no_run
//! # async fn demo() -> Result<(), scim_server::ServerError> {
//! let server = scim_server::spawn(scim_server::ServerConfig::default()).await?;
//! println!("SCIM 2.0 at {}", server.base_url_v2());
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Modules read as the request's path: `routes` (HTTP surface) → `auth`, `request` (what the
//! client sent) → `operations`, `patch`, `list`, `bulk`, `discovery` (SCIM semantics) →
//! `store` (SQLite) → `render`, `projection`, `respond` (what the client sees). `defect` is
//! the switchboard every rule consults. `connections` is the accept loop with its timeouts and
//! connection cap, which the dashboard serves through too.

mod api;
mod auth;
mod bulk;
mod config;
mod connections;
mod defect;
mod discovery;
mod entitlement;
mod error;
mod list;
mod operations;
mod password;
mod patch;
mod pressure;
mod projection;
mod render;
mod request;
mod resource_type;
mod respond;
mod routes;
mod seed;
mod server;
mod store;
mod tls;

pub use config::{DEFAULT_TOKEN, ServerConfig};
pub use connections::{ConnectionLimits, serve_hardened};
pub use defect::{Defect, DefectSet, UnknownDefect, all_defects};
pub use entitlement::{CatalogSchema, CatalogValue, EntitlementType};
pub use error::{ApiError, ServerError};
pub use password::{hash_secret, limit_concurrent_hashes, release_working_areas, verify_secret};
pub use server::{RunningServer, spawn};
pub use tls::TlsIdentity;
