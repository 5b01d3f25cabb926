//! Suites a run can use: the built-in conformance suite, and Runscope exports uploaded from the
//! browser (kept verbatim, parsed again when previewed or run).

use super::Store;
use crate::error::DashboardError;
use rusqlite::{OptionalExtension, Row, params};

/// Which suite a run uses, as stored with the run and submitted by forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuiteKey {
    /// scimcheck's conformance suite.
    Builtin,
    /// An uploaded Runscope export, by id.
    Upload(i64),
}

impl SuiteKey {
    /// `builtin` or `upload:<id>`.
    pub fn to_key(self) -> String {
        match self {
            SuiteKey::Builtin => "builtin".into(),
            SuiteKey::Upload(id) => format!("upload:{id}"),
        }
    }

    /// Reads [`SuiteKey::to_key`]'s spelling; `None` for anything else.
    pub fn parse(text: &str) -> Option<SuiteKey> {
        if text == "builtin" {
            return Some(SuiteKey::Builtin);
        }
        text.strip_prefix("upload:")?
            .parse()
            .ok()
            .map(SuiteKey::Upload)
    }
}

/// An uploaded Runscope export.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSuite {
    /// Row id.
    pub id: i64,
    /// The test's name from the file.
    pub name: String,
    /// The file name it was uploaded as.
    pub file_name: String,
    /// The file's text, verbatim.
    pub source: String,
    /// Upload time, RFC 3339.
    pub uploaded_at: String,
}

fn suite(row: &Row<'_>) -> rusqlite::Result<StoredSuite> {
    Ok(StoredSuite {
        id: row.get(0)?,
        name: row.get(1)?,
        file_name: row.get(2)?,
        source: row.get(3)?,
        uploaded_at: row.get(4)?,
    })
}

impl Store {
    /// Keeps an uploaded export (already validated by the caller) and returns its id.
    pub fn add_suite(
        &self,
        name: &str,
        file_name: &str,
        source: &str,
        uploaded_at: &str,
    ) -> Result<i64, DashboardError> {
        let conn = self.lock();
        conn.execute(
            "INSERT INTO suites (name, file_name, source, uploaded_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, file_name, source, uploaded_at],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// One uploaded suite.
    pub fn suite(&self, id: i64) -> Result<Option<StoredSuite>, DashboardError> {
        Ok(self
            .lock()
            .query_row(
                "SELECT id, name, file_name, source, uploaded_at FROM suites WHERE id = ?1",
                [id],
                suite,
            )
            .optional()?)
    }

    /// Every uploaded suite, newest first.
    pub fn suites(&self) -> Result<Vec<StoredSuite>, DashboardError> {
        let conn = self.lock();
        let mut statement = conn.prepare(
            "SELECT id, name, file_name, source, uploaded_at FROM suites ORDER BY id DESC",
        )?;
        let rows = statement.query_map([], suite)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Removes an uploaded suite (its runs stay in history).
    pub fn delete_suite(&self, id: i64, actor: &str) -> Result<bool, DashboardError> {
        self.delete_logged("suites", id, actor, "deleted suite")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suite_keys_round_trip_and_reject_junk() {
        for key in [SuiteKey::Builtin, SuiteKey::Upload(42)] {
            assert_eq!(SuiteKey::parse(&key.to_key()), Some(key));
        }
        assert_eq!(SuiteKey::parse("upload:x"), None);
        assert_eq!(SuiteKey::parse("other"), None);
    }

    #[test]
    fn uploads_are_kept_verbatim() {
        let store = Store::in_memory().unwrap();
        let id = store
            .add_suite("T", "t.json", "{ \"name\": \"T\" }", "2026-01-01T00:00:00Z")
            .unwrap();
        let stored = store.suite(id).unwrap().unwrap();
        assert_eq!(stored.source, "{ \"name\": \"T\" }");
        assert_eq!(store.suites().unwrap().len(), 1);
        assert!(store.delete_suite(id, "ada").unwrap());
        assert!(store.suite(id).unwrap().is_none());
    }
}
