//! How the dashboard is started: where it listens, where it keeps its data, and the password
//! that guards it when it is reachable from other machines.

use crate::error::DashboardError;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything `scimcheck dashboard` needs to start.
#[derive(Debug, Clone)]
pub struct DashboardConfig {
    /// Address to listen on; loopback unless a password is set.
    pub listen: SocketAddr,
    /// Directory holding `dashboard.sqlite3` (created when missing).
    pub data_dir: PathBuf,
    /// Password every browser must enter first; required off loopback.
    pub password: Option<String>,
}

impl DashboardConfig {
    /// Refuses a configuration that would expose the dashboard without a password.
    pub fn validate(&self) -> Result<(), DashboardError> {
        let has_password = self.password.as_deref().is_some_and(|p| !p.is_empty());
        if !self.listen.ip().is_loopback() && !has_password {
            return Err(DashboardError::PasswordRequired { addr: self.listen });
        }
        Ok(())
    }

    /// The SQLite file under [`DashboardConfig::data_dir`].
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("dashboard.sqlite3")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(listen: &str, password: Option<&str>) -> DashboardConfig {
        DashboardConfig {
            listen: listen.parse().unwrap(),
            data_dir: PathBuf::from("unused"),
            password: password.map(str::to_owned),
        }
    }

    #[test]
    fn loopback_needs_no_password() {
        assert!(config("127.0.0.1:7878", None).validate().is_ok());
        assert!(config("[::1]:7878", None).validate().is_ok());
    }

    #[test]
    fn other_addresses_need_a_password() {
        let err = config("0.0.0.0:7878", None).validate().unwrap_err();
        assert!(err.to_string().contains("--password"), "{err}");
        assert!(config("0.0.0.0:7878", Some("")).validate().is_err());
        assert!(config("0.0.0.0:7878", Some("s3cret")).validate().is_ok());
    }
}
