//! The audit log: who changed an environment, a schedule, a suite or an account, and when.
//! Entries name the account as it was called then (a deleted account's entries stay), and
//! what changed by field name only: never a value, so no credential reaches the log.

use super::Store;
use crate::error::DashboardError;
use rusqlite::params;

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// Who: the account's name, or [`crate::accounts::Actor::LOCAL`] without accounts.
    pub actor: String,
    /// What was done, e.g. `changed environment`.
    pub action: String,
    /// To what, e.g. `Staging (#3)`.
    pub subject: String,
    /// The fields changed, or other detail without values; may be empty.
    pub detail: String,
}

impl Store {
    /// Appends an entry dated now.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), DashboardError> {
        self.lock().execute(
            "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                chrono::Utc::now().timestamp(),
                actor,
                action,
                subject,
                detail
            ],
        )?;
        Ok(())
    }

    /// The latest `limit` entries, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, DashboardError> {
        let connection = self.lock();
        let mut statement = connection.prepare(
            "SELECT at, actor, action, subject, detail FROM audit ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = statement.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok(AuditEntry {
                at: row.get(0)?,
                actor: row.get(1)?,
                action: row.get(2)?,
                subject: row.get(3)?,
                detail: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
