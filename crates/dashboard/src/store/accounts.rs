//! The dashboard's accounts: named users with an Argon2id password hash each, and whether they
//! are admins (who manage the accounts). Names are unique whatever their case, so `Alice` and
//! `alice` cannot be two people in the audit log. There is always an admin once there is an
//! account: the last one can be neither deleted nor demoted.

use super::Store;
use crate::error::DashboardError;
use rusqlite::{OptionalExtension, Row, params};

/// A user of the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// Row id.
    pub id: i64,
    /// The name they sign in with, as first written.
    pub name: String,
    /// Manages the accounts.
    pub admin: bool,
}

/// What became of a change to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    /// Done.
    Done,
    /// No such account.
    NotFound,
    /// Refused: it would leave no admin.
    LastAdmin,
}

fn account(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        admin: row.get(2)?,
    })
}

impl Store {
    /// Whether any account exists (then every browser must sign in).
    pub fn has_accounts(&self) -> Result<bool, DashboardError> {
        Ok(self
            .lock()
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |row| row.get(0))?)
    }

    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>, DashboardError> {
        let connection = self.lock();
        let mut statement =
            connection.prepare("SELECT id, name, admin FROM users ORDER BY name COLLATE NOCASE")?;
        let rows = statement.query_map([], account)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The account with row id `id`.
    pub fn account(&self, id: i64) -> Result<Option<Account>, DashboardError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, name, admin FROM users WHERE id = ?1",
                [id],
                account,
            )
            .optional()?)
    }

    /// The account named `name` (any case) and its password hash.
    pub fn account_named(&self, name: &str) -> Result<Option<(Account, String)>, DashboardError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, name, admin, password_hash FROM users WHERE name = ?1",
                [name],
                |row| Ok((account(row)?, row.get(3)?)),
            )
            .optional()?)
    }

    /// Adds an account; `None` when the name is taken (in any case).
    pub fn add_account(
        &self,
        name: &str,
        password_hash: &str,
        admin: bool,
    ) -> Result<Option<i64>, DashboardError> {
        let connection = self.lock();
        let added = connection.execute(
            "INSERT INTO users (name, password_hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (name) DO NOTHING",
            params![name, password_hash, admin, chrono::Utc::now().timestamp()],
        )?;
        Ok((added == 1).then(|| connection.last_insert_rowid()))
    }

    /// Replaces the password hash of account `id`; false when there is none.
    pub fn set_password_hash(&self, id: i64, password_hash: &str) -> Result<bool, DashboardError> {
        Ok(self.lock().execute(
            "UPDATE users SET password_hash = ?2 WHERE id = ?1",
            params![id, password_hash],
        )? == 1)
    }

    /// Makes account `id` an admin or not; refuses to demote the last admin.
    pub fn set_admin(&self, id: i64, admin: bool) -> Result<AccountChange, DashboardError> {
        self.unless_last_admin(id, admin, |connection| {
            connection.execute(
                "UPDATE users SET admin = ?2 WHERE id = ?1",
                params![id, admin],
            )
        })
    }

    /// Deletes account `id`; refuses to delete the last admin.
    pub fn delete_account(&self, id: i64) -> Result<AccountChange, DashboardError> {
        self.unless_last_admin(id, false, |connection| {
            connection.execute("DELETE FROM users WHERE id = ?1", [id])
        })
    }

    /// Runs `change` on account `id` unless the account is missing, or it is the only admin
    /// and would be one no longer (`stays_admin` false); one lock, so two admins removing
    /// each other at once cannot both succeed.
    fn unless_last_admin(
        &self,
        id: i64,
        stays_admin: bool,
        change: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<usize>,
    ) -> Result<AccountChange, DashboardError> {
        let connection = self.lock();
        let admin: Option<bool> = connection
            .query_row("SELECT admin FROM users WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        let Some(admin) = admin else {
            return Ok(AccountChange::NotFound);
        };
        if admin && !stays_admin {
            let admins: i64 =
                connection.query_row("SELECT COUNT(*) FROM users WHERE admin", [], |row| {
                    row.get(0)
                })?;
            if admins == 1 {
                return Ok(AccountChange::LastAdmin);
            }
        }
        change(&connection)?;
        Ok(AccountChange::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_in_any_case_and_an_admin_always_remains() {
        let store = Store::in_memory().unwrap();
        assert!(!store.has_accounts().unwrap());
        let admin = store.add_account("Admin", "h1", true).unwrap().unwrap();
        assert_eq!(store.add_account("admin", "h2", false).unwrap(), None);
        let (found, hash) = store.account_named("ADMIN").unwrap().unwrap();
        assert_eq!((found.name.as_str(), hash.as_str()), ("Admin", "h1"));
        assert_eq!(
            store.delete_account(admin).unwrap(),
            AccountChange::LastAdmin
        );
        assert_eq!(
            store.set_admin(admin, false).unwrap(),
            AccountChange::LastAdmin
        );
        let other = store.add_account("bea", "h3", false).unwrap().unwrap();
        assert_eq!(store.set_admin(other, true).unwrap(), AccountChange::Done);
        assert_eq!(store.set_admin(admin, false).unwrap(), AccountChange::Done);
        assert_eq!(
            store.delete_account(other).unwrap(),
            AccountChange::LastAdmin
        );
        assert_eq!(store.delete_account(admin).unwrap(), AccountChange::Done);
        assert_eq!(
            store.delete_account(admin).unwrap(),
            AccountChange::NotFound
        );
        assert!(store.set_password_hash(other, "h4").unwrap());
        assert_eq!(store.account_named("bea").unwrap().unwrap().1, "h4");
        let names: Vec<_> = store
            .accounts()
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["bea"]);
    }
}
