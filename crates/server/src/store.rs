//! SQLite storage: one row per resource (its JSON plus indexed lookup columns) and one row per
//! group membership.
//!
//! Writes go through one connection behind a mutex, used from `spawn_blocking`: SQLite admits
//! one writer at a time anyway, and serializing writes on one connection is what makes "check
//! uniqueness, then insert" atomic without relying on a UNIQUE index (which the
//! `duplicate-usernames-allowed` defect must be able to switch off).
//!
//! Reads of a file database go through a few read-only connections of their own: in WAL mode a
//! reader sees the last commit made before its statement began and neither waits for the
//! writer nor holds it up, so a list that must scan 100,000 rows delays neither writes nor the
//! other readers' point lookups. An in-memory database has a single connection for both: a
//! second connection would need SQLite's shared cache, whose table locks make a scan block
//! writes again (and fail them with `SQLITE_LOCKED` rather than wait).
//!
//! Durability: file databases use `journal_mode=WAL` and `synchronous=FULL`, so a commit returns
//! only after its WAL frame is fsynced — an acknowledged write survives `kill -9` and power loss.

use crate::error::{ApiError, ServerError};
use crate::resource_type::Kind;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params, params_from_iter};
use serde_json::Value;
use std::collections::HashSet;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A resource as stored: its server-managed fields and the client-visible attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// The server-assigned id.
    pub id: String,
    /// Insertion order; the stable order of unsorted lists.
    pub seq: i64,
    /// Incremented by every write; the ETag.
    pub version: i64,
    /// RFC 3339 creation time.
    pub created: String,
    /// RFC 3339 time of the last write.
    pub modified: String,
    /// The attributes (without id, meta, groups), as a JSON object.
    pub body: Value,
}

/// An indexed lookup that narrows a list to candidates before the full filter runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// `userName` (users) or `displayName` (groups), compared lowercased.
    Name(String),
    /// `externalId`, compared exactly.
    ExternalId(String),
    /// `id`, compared exactly.
    Id(String),
    /// `userName` / `displayName` starting with an ASCII prefix, compared lowercased: a range
    /// of the name index. (A non-ASCII prefix is not narrowed: the index holds names lowercased
    /// as whole strings, which for a final `Σ` differs from the filter's per-character folding.)
    NamePrefix(String),
}

/// The half-open range of lowercased names that start with `prefix` (lowercased): from the
/// prefix itself to the prefix with its last character's successor, which every name starting
/// with the prefix sorts before (SQLite compares text bytewise, and UTF-8 keeps code-point
/// order). No upper end when the last character has no successor.
fn prefix_range(prefix: &str) -> (String, Option<String>) {
    let low = prefix.to_lowercase();
    let mut chars = low.chars();
    let high = chars
        .next_back()
        .and_then(|last| char::from_u32(u32::from(last) + 1))
        .map(|next| format!("{}{next}", chars.as_str()));
    (low, high)
}

/// The shared handle to the database.
#[derive(Clone)]
pub struct Store {
    writer: Arc<Mutex<Connection>>,
    /// Read-only connections of a file database (`None` in memory: reads use the writer).
    readers: Option<Arc<Readers>>,
}

/// The idle read-only connections; a read takes any idle one, or waits until one is returned.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    returned: Condvar,
}

/// A read-only connection taken from `Readers`, put back when dropped (also on a panic).
struct Lease<'a> {
    readers: &'a Readers,
    conn: Option<Connection>,
}

impl Readers {
    fn take(&self) -> Result<Lease<'_>, ApiError> {
        let poisoned = |_| ApiError::internal("storage lock poisoned");
        let mut idle = self.idle.lock().map_err(poisoned)?;
        loop {
            if let Some(conn) = idle.pop() {
                return Ok(Lease {
                    readers: self,
                    conn: Some(conn),
                });
            }
            idle = self.returned.wait(idle).map_err(poisoned)?;
        }
    }
}

impl Deref for Lease<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        // Present from `take` until `drop`.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let (Some(conn), Ok(mut idle)) = (self.conn.take(), self.readers.idle.lock()) {
            idle.push(conn);
            self.readers.returned.notify_one();
        }
    }
}

/// Read-only connections per file database: enough that one long scan per core leaves readers
/// free for point lookups, few enough that their page caches stay small.
const READERS: usize = 4;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS resources (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    name_lc TEXT,
    external_id TEXT,
    version INTEGER NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS resources_name ON resources(kind, name_lc);
CREATE INDEX IF NOT EXISTS resources_external_id ON resources(kind, external_id);
CREATE TABLE IF NOT EXISTS members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_member ON members(member_id);
";

impl Store {
    /// Opens (creating if needed) the database at `path`, or an in-memory one.
    pub fn open(path: Option<&Path>) -> Result<Store, ServerError> {
        let name = path.map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string());
        let storage = |source| ServerError::Storage {
            path: name.clone(),
            source,
        };
        let conn = match path {
            Some(p) => Connection::open(p).map_err(storage)?,
            None => Connection::open_in_memory().map_err(storage)?,
        };
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(storage)?;
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(storage)?;
        }
        conn.execute_batch(SCHEMA).map_err(storage)?;
        let readers = match path {
            Some(p) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let idle = (0..READERS)
                    .map(|_| Connection::open_with_flags(p, flags))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(storage)?;
                Some(Arc::new(Readers {
                    idle: Mutex::new(idle),
                    returned: Condvar::new(),
                }))
            }
            None => None,
        };
        Ok(Store {
            writer: Arc::new(Mutex::new(conn)),
            readers,
        })
    }

    /// Runs `f` with a connection on the blocking pool: an idle read-only one (file databases),
    /// or the writer (in memory). `f` sees one snapshot, including every write acknowledged
    /// before it started.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || match &store.readers {
            Some(readers) => {
                let conn = readers.take()?;
                // One read transaction, so every statement of `f` sees the same snapshot (a
                // reader is not serialized with the writer); it changes nothing: rolled back.
                let snapshot = conn.unchecked_transaction()?;
                f(&snapshot)
            }
            None => {
                let conn = lock(&store.writer)?;
                f(&conn)
            }
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` inside one transaction, committed if it returns `Ok` and rolled back otherwise.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut guard = lock(&writer)?;
            let tx = guard.transaction()?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
        .map_err(ApiError::internal)?
    }
}

/// Locks a connection; a poisoned lock (a panic while holding it) is an internal error.
fn lock(conn: &Mutex<Connection>) -> Result<MutexGuard<'_, Connection>, ApiError> {
    conn.lock()
        .map_err(|_| ApiError::internal("storage lock poisoned"))
}

fn row_to_stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let body: String = row.get(5)?;
    Ok(Stored {
        id: row.get(0)?,
        seq: row.get(1)?,
        version: row.get(2)?,
        created: row.get(3)?,
        modified: row.get(4)?,
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
    })
}

const COLUMNS: &str = "id, seq, version, created, modified, body";

/// Fetches one resource of `kind` by id.
pub fn get(conn: &Connection, kind: Kind, id: &str) -> Result<Option<Stored>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM resources WHERE id = ?1 AND kind = ?2");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id, kind.name()], row_to_stored)
        .optional()?)
}

/// Fetches one resource of either kind by id, with its kind.
pub fn get_any(conn: &Connection, id: &str) -> Result<Option<(Kind, Stored)>, ApiError> {
    let sql = format!("SELECT {COLUMNS}, kind FROM resources WHERE id = ?1");
    let found = conn
        .prepare_cached(&sql)?
        .query_row(params![id], |row| {
            let kind: String = row.get(6)?;
            Ok((kind, row_to_stored(row)?))
        })
        .optional()?;
    Ok(found.and_then(|(k, s)| {
        Kind::ALL
            .into_iter()
            .find(|c| c.name() == k)
            .map(|c| (c, s))
    }))
}

/// All resources of `kind` (narrowed by `lookup` when given), in insertion order.
pub fn scan(
    conn: &Connection,
    kind: Kind,
    lookup: Option<&Lookup>,
) -> Result<Vec<Stored>, ApiError> {
    let (clause, args) = match lookup {
        None => ("", vec![]),
        Some(Lookup::Name(n)) => ("AND name_lc = ?2", vec![n.to_lowercase()]),
        Some(Lookup::ExternalId(e)) => ("AND external_id = ?2", vec![e.clone()]),
        Some(Lookup::Id(i)) => ("AND id = ?2", vec![i.clone()]),
        Some(Lookup::NamePrefix(p)) => match prefix_range(p) {
            (low, Some(high)) => ("AND name_lc >= ?2 AND name_lc < ?3", vec![low, high]),
            (low, None) => ("AND name_lc >= ?2", vec![low]),
        },
    };
    let sql = format!("SELECT {COLUMNS} FROM resources WHERE kind = ?1 {clause} ORDER BY seq");
    let values = std::iter::once(kind.name().to_owned()).chain(args);
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values), row_to_stored)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// One page of all resources of `kind` in insertion order, read with LIMIT/OFFSET so an
/// unfiltered list costs the page, not the table.
pub fn page(
    conn: &Connection,
    kind: Kind,
    skip: usize,
    take: usize,
) -> Result<Vec<Stored>, ApiError> {
    let sql =
        format!("SELECT {COLUMNS} FROM resources WHERE kind = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3");
    let clamp = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(
            params![kind.name(), clamp(take), clamp(skip)],
            row_to_stored,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The number of resources of `kind`.
pub fn count(conn: &Connection, kind: Kind) -> Result<usize, ApiError> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM resources WHERE kind = ?1")?
        .query_row(params![kind.name()], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The id of another resource of `kind` whose unique name equals `name` case-insensitively.
pub fn name_holder(
    conn: &Connection,
    kind: Kind,
    name: &str,
    except_id: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM resources WHERE kind = ?1 AND name_lc = ?2")?;
    let ids = stmt
        .query_map(params![kind.name(), name.to_lowercase()], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ids.into_iter().find(|id| Some(id.as_str()) != except_id))
}

/// The groups `member_id` belongs to: (group id, group displayName).
pub fn groups_of(conn: &Connection, member_id: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.body FROM members m JOIN resources r ON r.id = m.group_id
         WHERE m.member_id = ?1 ORDER BY r.seq",
    )?;
    let rows = stmt
        .query_map(params![member_id], |r| {
            let body: String = r.get(1)?;
            Ok((r.get::<_, String>(0)?, body))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, body)| {
            let display = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|b| {
                    b.get("displayName")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            (id, display)
        })
        .collect())
}

/// The values to store in the indexed columns for a resource body.
fn index_columns(kind: Kind, body: &Value) -> (Option<String>, Option<String>) {
    let name = body
        .get(kind.unique_attribute())
        .and_then(Value::as_str)
        .map(str::to_lowercase);
    let external = body
        .get("externalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    (name, external)
}

/// Inserts a new resource.
pub fn insert(tx: &Transaction<'_>, kind: Kind, stored: &Stored) -> Result<i64, ApiError> {
    let (name, external) = index_columns(kind, &stored.body);
    tx.prepare_cached(
        "INSERT INTO resources (kind, id, name_lc, external_id, version, created, modified, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        kind.name(),
        stored.id,
        name,
        external,
        stored.version,
        stored.created,
        stored.modified,
        stored.body.to_string()
    ])?;
    let seq = tx.last_insert_rowid();
    sync_members(tx, kind, stored)?;
    Ok(seq)
}

/// Overwrites an existing resource's version, modification time and body.
pub fn update(tx: &Transaction<'_>, kind: Kind, stored: &Stored) -> Result<(), ApiError> {
    let (name, external) = index_columns(kind, &stored.body);
    tx.prepare_cached(
        "UPDATE resources SET name_lc = ?2, external_id = ?3, version = ?4, modified = ?5, body = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        stored.id,
        name,
        external,
        stored.version,
        stored.modified,
        stored.body.to_string()
    ])?;
    sync_members(tx, kind, stored)
}

/// Deletes a resource and its rows as a group; its former members' `groups` change, so their
/// versions move on.
pub fn delete(tx: &Transaction<'_>, id: &str, time: &str) -> Result<bool, ApiError> {
    let n = tx
        .prepare_cached("DELETE FROM resources WHERE id = ?1")?
        .execute(params![id])?;
    touch(tx, member_ids(tx, id)?.iter(), time)?;
    tx.prepare_cached("DELETE FROM members WHERE group_id = ?1")?
        .execute(params![id])?;
    Ok(n > 0)
}

/// The member ids stored for group `id`.
fn member_ids(tx: &Transaction<'_>, id: &str) -> Result<HashSet<String>, ApiError> {
    let mut stmt = tx.prepare_cached("SELECT member_id FROM members WHERE group_id = ?1")?;
    let ids = stmt
        .query_map(params![id], |r| r.get::<_, String>(0))?
        .collect::<Result<HashSet<_>, _>>()?;
    Ok(ids)
}

/// Moves the version (and modification time) of resources whose computed `groups` changed, so
/// their ETags never describe a stale representation.
fn touch<'a>(
    tx: &Transaction<'_>,
    ids: impl Iterator<Item = &'a String>,
    time: &str,
) -> Result<(), ApiError> {
    let mut stmt = tx.prepare_cached(
        "UPDATE resources SET version = version + 1, modified = ?2 WHERE id = ?1",
    )?;
    for id in ids {
        stmt.execute(params![id, time])?;
    }
    Ok(())
}

/// Keeps the members table equal to a group's `members` values; members that join or leave get
/// a new version.
fn sync_members(tx: &Transaction<'_>, kind: Kind, stored: &Stored) -> Result<(), ApiError> {
    if kind != Kind::Group {
        return Ok(());
    }
    let id = &stored.id;
    let old = member_ids(tx, id)?;
    let new: HashSet<String> = stored
        .body
        .get("members")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_owned))
        .collect();
    touch(tx, old.symmetric_difference(&new), &stored.modified)?;
    tx.prepare_cached("DELETE FROM members WHERE group_id = ?1")?
        .execute(params![id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO members (group_id, member_id) VALUES (?1, ?2)")?;
    for value in &new {
        insert.execute(params![id, value])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn user(id: &str) -> Stored {
        Stored {
            id: id.to_owned(),
            seq: 0,
            version: 1,
            created: "2026-01-01T00:00:00.000Z".into(),
            modified: "2026-01-01T00:00:00.000Z".into(),
            body: serde_json::json!({ "userName": id }),
        }
    }

    #[test]
    fn a_prefix_range_ends_at_the_successor_of_its_last_character() {
        assert_eq!(prefix_range("Ab"), ("ab".into(), Some("ac".into())));
        assert_eq!(prefix_range("a~"), ("a~".into(), Some("a\u{7f}".into())));
        assert_eq!(
            prefix_range("a\u{7f}"),
            ("a\u{7f}".into(), Some("a\u{80}".into()))
        );
        assert_eq!(prefix_range("a\u{10ffff}"), ("a\u{10ffff}".into(), None));
    }

    #[tokio::test]
    async fn a_long_read_of_a_file_database_holds_up_neither_writes_nor_its_snapshot() {
        let dir = std::env::temp_dir().join(format!("scim-store-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("scim.db");
        let _ = std::fs::remove_file(&db);
        let store = Store::open(Some(&db)).unwrap();

        let (entered, reading_started) = tokio::sync::oneshot::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let reader = store.clone();
        let reading = tokio::spawn(async move {
            reader
                .read(move |conn| {
                    let before = count(conn, Kind::User)?;
                    let _ = entered.send(());
                    let _ = released.recv();
                    Ok((before, count(conn, Kind::User)?))
                })
                .await
        });
        reading_started.await.unwrap();
        // The read now holds its connection until released: a write that had to wait for it
        // would never finish (the bound only keeps a regression from hanging the test run).
        let wrote = tokio::time::timeout(
            Duration::from_secs(30),
            store.write(|tx| insert(tx, Kind::User, &user("written-during-read"))),
        )
        .await;
        release.send(()).unwrap();
        let (before, after) = reading.await.unwrap().unwrap();
        assert!(wrote.is_ok(), "the write waited for a read");
        assert_eq!((before, after), (0, 0), "a read sees one snapshot");
        let now = store.read(|conn| count(conn, Kind::User)).await.unwrap();
        assert_eq!(now, 1, "a read after the acknowledged write sees it");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_read_waiting_for_a_reader_takes_whichever_is_returned_first() {
        let dir = std::env::temp_dir().join(format!("scim-store-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("scim.db");
        let _ = std::fs::remove_file(&db);
        let store = Store::open(Some(&db)).unwrap();
        // Occupy every reader with a read that waits for its own release.
        let mut releases = Vec::new();
        let mut holders = Vec::new();
        for _ in 0..READERS {
            let (entered, started) = tokio::sync::oneshot::channel();
            let (release, released) = std::sync::mpsc::channel::<()>();
            let reader = store.clone();
            holders.push(tokio::spawn(async move {
                reader
                    .read(move |_| {
                        let _ = entered.send(());
                        let _ = released.recv();
                        Ok(())
                    })
                    .await
            }));
            started.await.unwrap();
            releases.push(release);
        }
        let extra = store.clone();
        let waiting = tokio::spawn(async move { extra.read(|conn| count(conn, Kind::User)).await });
        // Free the last one taken only: the waiting read must get it, not wait for the others.
        let last = releases.pop().unwrap();
        last.send(()).unwrap();
        let got = tokio::time::timeout(Duration::from_secs(30), waiting).await;
        for release in releases {
            release.send(()).unwrap();
        }
        for holder in holders {
            holder.await.unwrap().unwrap();
        }
        assert_eq!(
            got.expect("the read got the freed reader")
                .unwrap()
                .unwrap(),
            0
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn an_in_memory_database_reads_through_its_only_connection() {
        let store = Store::open(None).unwrap();
        assert!(store.readers.is_none());
        store
            .write(|tx| insert(tx, Kind::User, &user("in-memory")))
            .await
            .unwrap();
        let found = store.read(|conn| get(conn, Kind::User, "in-memory")).await;
        assert_eq!(found.unwrap().map(|s| s.id), Some("in-memory".to_owned()));
    }
}
