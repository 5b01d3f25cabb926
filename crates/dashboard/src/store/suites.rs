//! Suites a run can use: the built-in conformance suite, and Runscope exports uploaded from the
//! browser (kept verbatim, parsed again when previewed or run), each with the Runscope test id
//! it stands for when given one, unique among them.

use super::Store;
use crate::error::DashboardError;
use rusqlite::{Connection, OptionalExtension, Row, params};

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

/// The largest upload kept, in bytes: the body limit of the upload route (the whole multipart
/// body, so the file is a little less). It is axum's default, named here because what a run
/// holds in memory is counted in it. Runscope exports are far smaller (Okta's are about 20 KB).
pub const MAX_SUITE_BYTES: usize = 2 * 1024 * 1024;

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
    /// The Runscope test id it stands for, which subtest steps name in `test_uuid`: an export
    /// does not carry its own, so the user gives it. At most one suite has each.
    pub test_id: Option<String>,
}

/// An upload to keep (already validated by the caller).
#[derive(Debug, Clone, Copy)]
pub struct NewSuite<'a> {
    /// The test's name from the file.
    pub name: &'a str,
    /// The file name it was uploaded as.
    pub file_name: &'a str,
    /// The file's text.
    pub source: &'a str,
    /// Upload time, RFC 3339.
    pub uploaded_at: &'a str,
    /// The Runscope test id it stands for, if given.
    pub test_id: Option<&'a str>,
}

/// An uploaded suite as another page or message names it: without its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuiteRef {
    /// Row id.
    pub id: i64,
    /// The test's name from the file.
    pub name: String,
}

const COLUMNS: &str = "id, name, file_name, source, uploaded_at, test_id";

fn suite(row: &Row<'_>) -> rusqlite::Result<StoredSuite> {
    Ok(StoredSuite {
        id: row.get(0)?,
        name: row.get(1)?,
        file_name: row.get(2)?,
        source: row.get(3)?,
        uploaded_at: row.get(4)?,
        test_id: row.get(5)?,
    })
}

/// The suite other than `except` that has `test_id`, if any. Asked and acted on under one
/// lock of the connection, so no other request can take the id in between.
fn holder(
    connection: &Connection,
    test_id: Option<&str>,
    except: Option<i64>,
) -> rusqlite::Result<Option<SuiteRef>> {
    let Some(test_id) = test_id else {
        return Ok(None);
    };
    connection
        .query_row(
            "SELECT id, name FROM suites WHERE test_id = ?1 AND id IS NOT ?2",
            params![test_id, except],
            |row| {
                Ok(SuiteRef {
                    id: row.get(0)?,
                    name: row.get(1)?,
                })
            },
        )
        .optional()
}

impl Store {
    /// Keeps an upload; its id, or `Err` naming the suite that already has its test id (then
    /// nothing is kept).
    pub fn add_suite(
        &self,
        upload: &NewSuite<'_>,
    ) -> Result<Result<i64, SuiteRef>, DashboardError> {
        let conn = self.lock();
        if let Some(taken) = holder(&conn, upload.test_id, None)? {
            return Ok(Err(taken));
        }
        conn.execute(
            "INSERT INTO suites (name, file_name, source, uploaded_at, test_id) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                upload.name,
                upload.file_name,
                upload.source,
                upload.uploaded_at,
                upload.test_id
            ],
        )?;
        Ok(Ok(conn.last_insert_rowid()))
    }

    /// Gives suite `id` the Runscope test id `test_id` (already validated), or none; whether
    /// the suite exists, or `Err` naming the suite that already has that id (then nothing
    /// changes).
    pub fn set_suite_test_id(
        &self,
        id: i64,
        test_id: Option<&str>,
    ) -> Result<Result<bool, SuiteRef>, DashboardError> {
        let conn = self.lock();
        if let Some(taken) = holder(&conn, test_id, Some(id))? {
            return Ok(Err(taken));
        }
        let changed = conn.execute(
            "UPDATE suites SET test_id = ?2 WHERE id = ?1",
            params![id, test_id],
        )?;
        Ok(Ok(changed > 0))
    }

    /// One uploaded suite.
    pub fn suite(&self, id: i64) -> Result<Option<StoredSuite>, DashboardError> {
        Ok(self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM suites WHERE id = ?1"),
                [id],
                suite,
            )
            .optional()?)
    }

    /// The uploaded suite standing for the Runscope test `test_id`: what a subtest step naming
    /// it runs.
    pub fn suite_with_test_id(&self, test_id: &str) -> Result<Option<StoredSuite>, DashboardError> {
        Ok(self
            .lock()
            .query_row(
                &format!("SELECT {COLUMNS} FROM suites WHERE test_id = ?1"),
                [test_id],
                suite,
            )
            .optional()?)
    }

    /// The uploaded suite standing for the Runscope test `test_id`, named without reading its
    /// file: what a preview links a subtest step to.
    pub fn suite_named_by_test_id(
        &self,
        test_id: &str,
    ) -> Result<Option<SuiteRef>, DashboardError> {
        Ok(holder(&self.lock(), Some(test_id), None)?)
    }

    /// Every uploaded suite, newest first.
    pub fn suites(&self) -> Result<Vec<StoredSuite>, DashboardError> {
        let conn = self.lock();
        let mut statement =
            conn.prepare(&format!("SELECT {COLUMNS} FROM suites ORDER BY id DESC"))?;
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

    fn upload<'a>(name: &'a str, test_id: Option<&'a str>) -> NewSuite<'a> {
        NewSuite {
            name,
            file_name: "t.json",
            source: "{ \"name\": \"T\" }",
            uploaded_at: "2026-01-01T00:00:00Z",
            test_id,
        }
    }

    #[test]
    fn uploads_are_kept_verbatim() {
        let store = Store::in_memory().unwrap();
        let id = store.add_suite(&upload("T", None)).unwrap().unwrap();
        let stored = store.suite(id).unwrap().unwrap();
        assert_eq!(stored.source, "{ \"name\": \"T\" }");
        assert_eq!(stored.test_id, None);
        assert_eq!(store.suites().unwrap().len(), 1);
        assert!(store.delete_suite(id, "ada").unwrap());
        assert!(store.suite(id).unwrap().is_none());
    }

    #[test]
    fn a_test_id_belongs_to_one_suite_at_a_time() {
        let store = Store::in_memory().unwrap();
        let sign_in = store
            .add_suite(&upload("Sign in", Some("t-1")))
            .unwrap()
            .unwrap();
        let taken = SuiteRef {
            id: sign_in,
            name: "Sign in".into(),
        };
        assert_eq!(
            store.add_suite(&upload("Copy", Some("t-1"))).unwrap(),
            Err(taken.clone()),
            "a second upload cannot take it"
        );
        assert_eq!(
            store.suites().unwrap().len(),
            1,
            "the refused upload is not kept"
        );
        let other = store.add_suite(&upload("Other", None)).unwrap().unwrap();
        assert_eq!(
            store.set_suite_test_id(other, Some("t-1")).unwrap(),
            Err(taken)
        );
        assert_eq!(
            store.suite_with_test_id("t-1").unwrap().map(|s| s.id),
            Some(sign_in),
            "the holder keeps it"
        );
        assert_eq!(
            store.set_suite_test_id(sign_in, Some("t-1")).unwrap(),
            Ok(true),
            "a suite may be given its own id again"
        );
        assert_eq!(store.set_suite_test_id(sign_in, None).unwrap(), Ok(true));
        assert_eq!(
            store.set_suite_test_id(other, Some("t-1")).unwrap(),
            Ok(true)
        );
        assert_eq!(
            store.suite_with_test_id("t-1").unwrap().map(|s| s.id),
            Some(other),
            "cleared, it can be given to another"
        );
        assert_eq!(store.suite(sign_in).unwrap().unwrap().test_id, None);
        assert_eq!(
            store.set_suite_test_id(999, Some("t-2")).unwrap(),
            Ok(false)
        );
        assert_eq!(
            store.set_suite_test_id(sign_in, Some("T-1")).unwrap(),
            Ok(true),
            "ids are exact, as subtest steps match them"
        );
    }

    #[test]
    fn a_database_made_before_test_ids_gains_the_column_and_its_uniqueness() {
        let old_schema = super::super::SCHEMA.replace(",\n    test_id TEXT\n", "\n");
        assert_ne!(
            old_schema,
            super::super::SCHEMA,
            "the old table lacks the column"
        );
        let old = rusqlite::Connection::open_in_memory().unwrap();
        old.execute_batch(&old_schema).unwrap();
        old.execute(
            "INSERT INTO suites (name, file_name, source, uploaded_at) \
             VALUES ('Kept', 'k.json', '{}', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let store = Store::with(old, crate::vault::Vault::ephemeral()).unwrap();
        let kept = store.suites().unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(
            (kept[0].name.as_str(), kept[0].test_id.as_deref()),
            ("Kept", None)
        );
        assert_eq!(
            store.set_suite_test_id(kept[0].id, Some("t-9")).unwrap(),
            Ok(true)
        );
        let second = store.add_suite(&upload("New", None)).unwrap().unwrap();
        let unique = store
            .lock()
            .execute("UPDATE suites SET test_id = 't-9' WHERE id = ?1", [second]);
        assert!(
            unique.is_err(),
            "the index refuses a second holder: {unique:?}"
        );
    }
}
