//! The state every handler receives: the store, the configuration, and which SCIM version the
//! request was addressed to.

use crate::config::ServerConfig;
use crate::defect::Defect;
use crate::store::Store;
use std::sync::Arc;

/// The SCIM protocol version of an endpoint tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// SCIM 2.0 under `/scim/v2` (RFC 7643, RFC 7644).
    V2,
    /// SCIM 1.1 under `/scim/v1`, enough for Okta's 1.1 integrations.
    V1,
}

impl Version {
    /// The path prefix of this version's endpoints.
    pub fn prefix(self) -> &'static str {
        match self {
            Version::V2 => "/scim/v2",
            Version::V1 => "/scim/v1",
        }
    }

    /// The media type responses carry: `application/scim+json` for 2.0 (RFC 7644 §8.1),
    /// `application/json` for 1.1 (the media type SCIM 1.1 used).
    pub fn media_type(self) -> &'static str {
        match self {
            Version::V2 => "application/scim+json",
            Version::V1 => "application/json",
        }
    }
}

/// What is shared by every request of one server instance.
pub struct Shared {
    /// The database.
    pub store: Store,
    /// The configuration the server was started with.
    pub config: ServerConfig,
    /// `http://127.0.0.1:PORT`, for absolute `meta.location` and `Location`.
    pub origin: String,
    /// What the load defects count (`pressure`).
    pub pressure: crate::pressure::Pressure,
}

/// The handler state: the shared instance plus the version of the endpoint tree.
#[derive(Clone)]
pub struct Api {
    /// The instance.
    pub shared: Arc<Shared>,
    /// The version the request addressed.
    pub version: Version,
}

impl Api {
    /// Whether the instance commits `defect`.
    pub fn has(&self, defect: Defect) -> bool {
        self.shared.config.defects.has(defect)
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    /// Whether `name` is one of the User attributes this server does not have
    /// ([`ServerConfig::unsupported_user_attributes`]).
    pub fn lacks_user_attribute(&self, name: &str) -> bool {
        self.config()
            .unsupported_user_attributes
            .iter()
            .any(|a| a.eq_ignore_ascii_case(name))
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.shared.config
    }

    /// The absolute base URL of this version, e.g. `http://127.0.0.1:8080/scim/v2`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.shared.origin, self.version.prefix())
    }

    /// The URL of a resource: absolute, or relative with the `meta-location-relative` defect.
    pub fn location(&self, endpoint: &str, id: &str) -> String {
        if self.has(Defect::MetaLocationRelative) {
            format!("{}{endpoint}/{id}", self.version.prefix())
        } else {
            format!("{}{endpoint}/{id}", self.base_url())
        }
    }
}
