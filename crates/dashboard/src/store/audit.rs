//! The audit log: who changed an environment, a schedule, a suite or an account, and when.
//! Entries name the account as it was called then (a deleted account's entries stay), and
//! what changed by field name only: never a value, so no credential reaches the log.

use super::Store;
use crate::error::DashboardError;
use rusqlite::{Connection, OptionalExtension, params};

/// How the audit log names a changed thing: its name and row id (names repeat, ids do not),
/// e.g. `Staging (#3)`.
pub fn audit_subject(name: &str, id: i64) -> String {
    format!("{name} (#{id})")
}

/// Appends an entry dated now through `connection` (a transaction's too).
fn insert(
    connection: &Connection,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), DashboardError> {
    connection.execute(
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
        insert(&self.lock(), actor, action, subject, detail)
    }

    /// Deletes row `id` of `table` (one with a `name`: environments, suites) and, when it was
    /// there, logs `action` by `actor` naming it, in one transaction: the log never misses a
    /// deletion nor names one that did not happen. Whether it was there.
    pub(super) fn delete_logged(
        &self,
        table: &'static str,
        id: i64,
        actor: &str,
        action: &str,
    ) -> Result<bool, DashboardError> {
        let mut connection = self.lock();
        let tx = connection.transaction()?;
        let name: Option<String> = tx
            .query_row(
                &format!("SELECT name FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(name) = name else {
            return Ok(false);
        };
        tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
        insert(&tx, actor, action, &audit_subject(&name, id), "")?;
        tx.commit()?;
        Ok(true)
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
