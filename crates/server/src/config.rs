//! What a server instance is told at start: credentials, storage, defects, seeding, limits.

use crate::connections::ConnectionLimits;
use crate::defect::{Defect, DefectSet};
use crate::entitlement::EntitlementType;
use crate::tls::TlsIdentity;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The bearer token [`ServerConfig::default`] accepts, so tests and `scimcheck run` can reach an
/// embedded server without configuring credentials.
pub const DEFAULT_TOKEN: &str = "scimcheck-token";

/// Everything [`crate::spawn`] needs to start a server.
///
/// The default suits tests: in-memory storage, bearer token [`DEFAULT_TOKEN`], no defects, a
/// few seeded users and groups, loopback on an ephemeral port.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen; port 0 picks a free port. Only loopback addresses should be used.
    pub listen: SocketAddr,
    /// Accepted bearer tokens (`Authorization: Bearer T`).
    pub tokens: Vec<String>,
    /// Accepted basic credentials (user, password).
    pub basic: Vec<(String, String)>,
    /// The userName of the user the bearer tokens stand for, which `/Me` (RFC 7644 §3.11)
    /// answers with; by default the first seeded user, so that /Me is served to the suite.
    /// `None`, or a user that does not exist, makes /Me answer 501 to bearer tokens.
    pub token_subject: Option<String>,
    /// The SQLite file; `None` keeps everything in memory.
    pub db: Option<PathBuf>,
    /// The deviations this instance commits.
    pub defects: DefectSet,
    /// Whether ResourceTypes and Schemas require credentials too (ServiceProviderConfig does
    /// only with the `spc-requires-auth` defect: RFC 7643 §5).
    pub discovery_requires_auth: bool,
    /// Users created at start when the store holds none.
    pub seed_users: usize,
    /// Groups created at start when the store holds none.
    pub seed_groups: usize,
    /// The most resources a list returns (ServiceProviderConfig `filter.maxResults`).
    pub max_results: usize,
    /// The most operations a bulk request may carry.
    pub bulk_max_operations: usize,
    /// The largest request body accepted, in bytes (also bulk `maxPayloadSize`).
    pub max_payload_size: usize,
    /// Whether a successful PATCH answers 204 No Content (with its `ETag`) instead of 200 with
    /// the resource. RFC 7644 §3.5.2 allows both, so this is a legal variation, not a defect:
    /// it lets the suite prove that no check mistakes 204 for a failure. A PATCH carrying
    /// `attributes` still answers 200, as the RFC requires.
    pub patch_no_content: bool,
    /// Whether `Content-Location` is written as a path (`/scim/v2/Users/1`) rather than the
    /// absolute URL. HTTP allows a relative reference there (RFC 9110 §8.7), so this is a legal
    /// variation: it lets the suite prove that the Content-Location check resolves it first.
    pub content_location_relative: bool,
    /// Optional User attributes the server does not have (`nickName`…): /Schemas leaves them
    /// out and a POST, PUT or PATCH that carries one answers 400, as Canaille and better-auth
    /// do. RFC 7643 makes them optional, so this is a legal variation, not a defect: it lets
    /// the suite prove that no check fails for an attribute the server says it lacks.
    pub unsupported_user_attributes: Vec<String>,
    /// The entitlement catalogs Okta Identity Governance discovers (`/Roles`, `/Entitlements`…;
    /// see [`EntitlementType`]), listed in /ResourceTypes and /Schemas on the SCIM 2.0 tree.
    /// On by default ([`EntitlementType::defaults`]): they are read-only extra resource types
    /// that no RFC check and no other IdP reads. Empty, the server is the plain User/Group server.
    pub entitlement_types: Vec<EntitlementType>,
    /// Timeouts and the connection cap that keep a slow or flooding client from holding the
    /// server.
    pub connections: ConnectionLimits,
    /// The certificate and key to serve TLS with (RFC 7644 §7.2); `None` serves plain HTTP.
    /// The `tls-13-only` and `plain-http-served` defects narrow or undo TLS, so without it they
    /// change nothing.
    pub tls: Option<TlsIdentity>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tokens: vec![DEFAULT_TOKEN.to_owned()],
            basic: Vec::new(),
            token_subject: Some(crate::seed::user_name(0)),
            db: None,
            defects: DefectSet::none(),
            discovery_requires_auth: true,
            seed_users: 3,
            seed_groups: 2,
            max_results: 200,
            bulk_max_operations: 1000,
            max_payload_size: 1_048_576,
            patch_no_content: false,
            content_location_relative: false,
            unsupported_user_attributes: Vec::new(),
            entitlement_types: EntitlementType::defaults(),
            connections: ConnectionLimits::default(),
            tls: None,
        }
    }
}

impl ServerConfig {
    /// Turns `defect` on.
    pub fn with_defect(mut self, defect: Defect) -> Self {
        self.defects = self.defects.with(defect);
        self
    }

    /// Stores resources in the SQLite file at `path`.
    pub fn with_db(mut self, path: impl Into<PathBuf>) -> Self {
        self.db = Some(path.into());
        self
    }

    /// Sets how many users and groups to seed into an empty store.
    pub fn with_seed(mut self, users: usize, groups: usize) -> Self {
        self.seed_users = users;
        self.seed_groups = groups;
        self
    }
}
