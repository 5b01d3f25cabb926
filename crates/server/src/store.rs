//! SQLite storage: one row per resource (its JSON plus indexed lookup columns) and one row per
//! group membership.
//!
//! Search tables, kept in step with every write (and filled when a database written before
//! they existed is opened): `names`, an FTS5 trigram index (case-sensitive) of each resource's
//! unique name and, for users, displayName, folded by `scim::filter::fold_case`, so a GLOB on it
//! answers `co` / `sw` / `ew` exactly; and `attribute_values`, the folded string sub-attributes
//! of multi-valued attributes (`emails.type = work`), so a value path is an index range. Their
//! rows are keyed by the resource's `seq`. Pages are read key first ([`page`]): the keys of a
//! page from an index, then only the page's rows.
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
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params, params_from_iter};
use scim::filter::{CompareOp, fold_case};
use scim::schema::{AttrType, Attribute, Mutability};
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
    /// of the name index. (A non-ASCII prefix is looked up as `Text` instead: the name index
    /// holds names lowercased as whole strings, which for a final `Σ` differs from the
    /// filter's per-character folding.)
    NamePrefix(String),
    /// Folded text of a `TextColumn` that equals (`eq`), contains (`co`), starts with (`sw`) or
    /// ends with (`ew`) `needle`, itself folded and at least three characters long: the trigram
    /// index `names`, which answers it exactly.
    Text {
        /// The text compared.
        column: TextColumn,
        /// `Eq`, `Co`, `Sw` or `Ew`.
        op: CompareOp,
        /// Folded by `scim::filter::fold_case`.
        needle: String,
    },
    /// Some value of a multi-valued complex attribute has a string sub-attribute equal to
    /// `value` once both are folded: the side table `attribute_values`, whose `path` is the
    /// lowercased `attribute.sub` (`emails.type`).
    Value {
        /// `attribute.sub`, lowercased.
        path: String,
        /// Folded by `scim::filter::fold_case`.
        value: String,
    },
    /// A single-valued attribute (or a sub-attribute of a single-valued complex one) has a
    /// non-empty value (`pr`): the side table, which holds each such value (folded text, or
    /// `true` / `false`) once per resource.
    Present {
        /// As [`side_table_path`] writes it.
        path: String,
    },
    /// Users that are members of the group with this id (`groups.value eq`), through the
    /// members table, ids compared ignoring ASCII case (the server's ids are ASCII UUIDs).
    MemberOf(String),
    /// What either lookup finds (the two sides of an `or`).
    Either(Box<Lookup>, Box<Lookup>),
}

/// A text column of the trigram index: what `co` / `sw` / `ew` on it can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextColumn {
    /// The unique name: `userName` of users, `displayName` of groups.
    Name,
    /// `displayName` of users.
    Display,
}

impl TextColumn {
    fn sql(self) -> &'static str {
        match self {
            TextColumn::Name => "name",
            TextColumn::Display => "display",
        }
    }
}

/// Shortest needle the trigram index narrows by: SQLite reads a shorter GLOB literal by
/// scanning the whole index.
pub const MIN_TEXT_NEEDLE: usize = 3;

/// A GLOB pattern matching the text `op` looks for, with `needle`'s wildcard characters
/// escaped (`*`, `?` and `[` each as a one-character set).
fn glob(op: CompareOp, needle: &str) -> String {
    let mut literal = String::with_capacity(needle.len() + 2);
    for c in needle.chars() {
        match c {
            '*' | '?' | '[' => {
                literal.push('[');
                literal.push(c);
                literal.push(']');
            }
            other => literal.push(other),
        }
    }
    match op {
        CompareOp::Eq => literal,
        CompareOp::Sw => format!("{literal}*"),
        CompareOp::Ew => format!("*{literal}"),
        _ => format!("*{literal}*"),
    }
}

/// A condition on `resources` and its parameters, to follow `WHERE kind = ?`.
type Condition = (String, Vec<SqlValue>);

impl Lookup {
    /// The condition selecting the resources of `kind` this lookup finds.
    fn condition(&self, kind: Kind) -> Condition {
        let text = |v: &str| SqlValue::Text(v.to_owned());
        match self {
            Lookup::Name(n) => ("AND name_lc = ?".into(), vec![text(&n.to_lowercase())]),
            Lookup::ExternalId(e) => ("AND external_id = ?".into(), vec![text(e)]),
            Lookup::Id(i) => ("AND id = ?".into(), vec![text(i)]),
            Lookup::NamePrefix(p) => match prefix_range(p) {
                (low, Some(high)) => (
                    "AND name_lc >= ? AND name_lc < ?".into(),
                    vec![text(&low), text(&high)],
                ),
                (low, None) => ("AND name_lc >= ?".into(), vec![text(&low)]),
            },
            Lookup::Text { .. } | Lookup::Value { .. } | Lookup::Present { .. } => {
                let (keys, args) = self.search_keys(kind).unwrap_or_default();
                (format!("AND seq IN ({keys})"), args)
            }
            Lookup::MemberOf(group) => (
                "AND id IN (SELECT member_id FROM members WHERE group_id = ? COLLATE NOCASE)"
                    .into(),
                vec![text(group)],
            ),
            Lookup::Either(a, b) => {
                let kind_arg = || text(kind.name());
                let ((ca, aa), (cb, ab)) = (a.condition(kind), b.condition(kind));
                let args = std::iter::once(kind_arg())
                    .chain(aa)
                    .chain([kind_arg()])
                    .chain(ab)
                    .collect();
                (
                    format!(
                        "AND (seq IN (SELECT seq FROM resources WHERE kind = ? {ca}) \
                         OR seq IN (SELECT seq FROM resources WHERE kind = ? {cb}))"
                    ),
                    args,
                )
            }
        }
    }

    /// For a lookup a search table answers, the query of the keys (`seq`) of the resources of
    /// `kind` it finds, from that table alone (which keeps the kind beside each key), in key
    /// order: counting them or reading a window of them touches no other table.
    fn search_keys(&self, kind: Kind) -> Option<Condition> {
        let text = |v: &str| SqlValue::Text(v.to_owned());
        let kind = text(kind.name());
        match self {
            Lookup::Text { column, op, needle } => Some((
                format!(
                    "SELECT rowid AS seq FROM names WHERE kind = ? AND {} GLOB ?",
                    column.sql()
                ),
                vec![kind, text(&glob(*op, needle))],
            )),
            Lookup::Value { path, value } => Some((
                "SELECT seq FROM attribute_values WHERE kind = ? AND path = ? AND value = ?".into(),
                vec![kind, text(path), text(value)],
            )),
            Lookup::Present { path } => Some((
                "SELECT seq FROM attribute_values WHERE kind = ? AND path = ? AND value <> ''"
                    .into(),
                vec![kind, text(path)],
            )),
            _ => None,
        }
    }
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
CREATE INDEX IF NOT EXISTS resources_kind ON resources(kind);
CREATE INDEX IF NOT EXISTS resources_name ON resources(kind, name_lc);
CREATE INDEX IF NOT EXISTS resources_external_id ON resources(kind, external_id);
CREATE TABLE IF NOT EXISTS members (
    group_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS members_member ON members(member_id);
CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(
    kind UNINDEXED, name, display, tokenize = 'trigram case_sensitive 1'
);
CREATE TABLE IF NOT EXISTS attribute_values (
    kind TEXT NOT NULL,
    path TEXT NOT NULL,
    value TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (kind, path, value, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attribute_values_seq ON attribute_values(seq);
";

/// `PRAGMA user_version` of a database whose search tables (`names`, `attribute_values`) are
/// filled; a database written before they existed, or before they held what they hold now (2:
/// single-valued attributes too), is indexed when opened.
const SEARCH_TABLES_VERSION: i64 = 2;

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
        let mut conn = conn;
        conn.execute_batch(SCHEMA).map_err(storage)?;
        index_existing(&mut conn).map_err(storage)?;
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
    let (clause, args) = lookup.map(|l| l.condition(kind)).unwrap_or_default();
    let sql = format!("SELECT {COLUMNS} FROM resources WHERE kind = ? {clause} ORDER BY seq");
    let values = std::iter::once(SqlValue::Text(kind.name().to_owned())).chain(args);
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values), row_to_stored)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The order of a page read by [`page`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Insertion order.
    Inserted,
    /// By the lowercased unique name (`name_lc`), as `sortBy=userName` (users) or
    /// `sortBy=displayName` (groups) orders them; resources without one last, equal names in
    /// insertion order.
    NameAscending,
    /// The reverse of `NameAscending`, except that equal names (and the resources without one,
    /// which come first) stay in insertion order, as a stable sort reversed leaves them.
    NameDescending,
}

/// A run of a page's order that one SQL `ORDER BY` reads from an index.
struct Segment {
    /// Which resources: all (`None`), those without a name (`Some(true)`) or with one.
    nameless: Option<bool>,
    order: &'static str,
}

impl Segment {
    /// The query of a window (`LIMIT ? OFFSET ?`) of this segment's keys, among the resources
    /// of a kind (`kind = ?`) that `clause` selects.
    fn keys_sql(&self, clause: &str) -> String {
        format!(
            "SELECT seq FROM resources WHERE kind = ? {clause} {} ORDER BY {} LIMIT ? OFFSET ?",
            self.condition(),
            self.order
        )
    }

    fn condition(&self) -> &'static str {
        match self.nameless {
            None => "",
            Some(true) => NAMELESS,
            Some(false) => "AND name_lc IS NOT NULL",
        }
    }
}

/// The condition selecting resources without a unique name.
const NAMELESS: &str = "AND name_lc IS NULL";

impl Order {
    /// The runs this order is made of, in order: an index reads each (insertion order through
    /// `resources_kind`, names through `resources_name`), where one `ORDER BY` over both
    /// named and nameless resources would sort the whole table.
    fn segments(self) -> &'static [Segment] {
        const ALL: Segment = Segment {
            nameless: None,
            order: "seq",
        };
        const NAMELESS_SEGMENT: Segment = Segment {
            nameless: Some(true),
            order: "seq",
        };
        const ASCENDING: Segment = Segment {
            nameless: Some(false),
            order: "name_lc, seq",
        };
        const DESCENDING: Segment = Segment {
            nameless: Some(false),
            order: "name_lc DESC, seq",
        };
        match self {
            Order::Inserted => &[ALL],
            Order::NameAscending => &[ASCENDING, NAMELESS_SEGMENT],
            Order::NameDescending => &[NAMELESS_SEGMENT, DESCENDING],
        }
    }
}

/// The number of resources of `kind` that `lookup` finds (all of them without one).
pub fn count_matching(
    conn: &Connection,
    kind: Kind,
    lookup: Option<&Lookup>,
) -> Result<usize, ApiError> {
    if let Some((keys, args)) = lookup.and_then(|l| l.search_keys(kind)) {
        let n: i64 = conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM ({keys})"))?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        return Ok(usize::try_from(n).unwrap_or(0));
    }
    let condition = lookup.map(|l| l.condition(kind)).unwrap_or_default();
    count_where(conn, kind, &condition, "")
}

fn count_where(
    conn: &Connection,
    kind: Kind,
    (clause, args): &Condition,
    extra: &str,
) -> Result<usize, ApiError> {
    let sql = format!("SELECT COUNT(*) FROM resources WHERE kind = ? {clause} {extra}");
    let values = std::iter::once(SqlValue::Text(kind.name().to_owned())).chain(args.clone());
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values), |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// One page (`take` resources after `skip`) of the resources of `kind` that `lookup` finds
/// (all without one), in `order`, of `total` such resources.
///
/// The page's keys are read from an index alone (`seq`, and `name_lc` when sorted by name),
/// then only the page's rows: a deep page walks index entries, never resource bodies, and
/// no order sorts more than the resources sharing one name.
pub fn page(
    conn: &Connection,
    kind: Kind,
    lookup: Option<&Lookup>,
    order: Order,
    (skip, take): (usize, usize),
    total: usize,
) -> Result<Vec<Stored>, ApiError> {
    let clamp = |n: usize| SqlValue::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    let search_keys = lookup.and_then(|l| l.search_keys(kind));
    if let (Order::Inserted, Some((keys, args))) = (order, search_keys) {
        let sql = format!("{keys} ORDER BY seq LIMIT ? OFFSET ?");
        let values = args.into_iter().chain([clamp(take), clamp(skip)]);
        return rows_of(conn, read_keys(conn, &sql, values)?);
    }
    let condition = lookup.map(|l| l.condition(kind)).unwrap_or_default();
    // Only counted when the order splits named from nameless resources: an index range.
    let mut nameless = None;
    let mut keys: Vec<i64> = Vec::new();
    let (mut skip, mut take) = (skip, take);
    for segment in order.segments() {
        if take == 0 {
            break;
        }
        let size = match segment.nameless {
            None => total,
            Some(wanted) => {
                let n = match nameless {
                    Some(n) => n,
                    None => *nameless.insert(count_where(conn, kind, &condition, NAMELESS)?),
                };
                if wanted { n } else { total.saturating_sub(n) }
            }
        };
        if skip >= size {
            skip -= size;
            continue;
        }
        let (clause, args) = &condition;
        let values = std::iter::once(SqlValue::Text(kind.name().to_owned()))
            .chain(args.clone())
            .chain([clamp(take), clamp(skip)]);
        let found = read_keys(conn, &segment.keys_sql(clause), values)?;
        take = take.saturating_sub(found.len());
        skip = 0;
        keys.extend(found);
    }
    rows_of(conn, keys)
}

/// The keys a query of keys reads.
fn read_keys(
    conn: &Connection,
    sql: &str,
    values: impl Iterator<Item = SqlValue>,
) -> Result<Vec<i64>, ApiError> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map(params_from_iter(values), |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<_>, _>>()?)
}

/// The resources with these keys, in their order.
fn rows_of(conn: &Connection, keys: Vec<i64>) -> Result<Vec<Stored>, ApiError> {
    let sql = format!("SELECT {COLUMNS} FROM resources WHERE seq = ?1");
    let mut by_seq = conn.prepare_cached(&sql)?;
    keys.into_iter()
        .map(|seq| Ok(by_seq.query_row(params![seq], row_to_stored)?))
        .collect()
}

/// Runs `load`, which inserts many resources into an empty store in this transaction (the
/// `--seed-users` fill), with the side table's `seq` index built once at the end rather than
/// entry by entry: only deletions read it, and building it from the filled table is one sort
/// (measured: seeding a million users).
pub fn bulk_load<T>(
    tx: &Transaction<'_>,
    load: impl FnOnce() -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    tx.execute_batch("DROP INDEX IF EXISTS attribute_values_seq")?;
    let loaded = load()?;
    tx.execute_batch("CREATE INDEX IF NOT EXISTS attribute_values_seq ON attribute_values(seq)")?;
    Ok(loaded)
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

/// The text a resource has in the trigram index, folded: (unique name, displayName when that
/// is not the unique name).
fn indexed_text(kind: Kind, body: &Value) -> (Option<String>, Option<String>) {
    let folded = |name: &str| body.get(name).and_then(Value::as_str).map(fold_case);
    let display = (kind.unique_attribute() != "displayName")
        .then(|| folded("displayName"))
        .flatten();
    (folded(kind.unique_attribute()), display)
}

/// Whether the side table `attribute_values` holds the string sub-attributes of an attribute's
/// values: the multi-valued complex attributes clients write, except group `members` (which
/// have their own table); read-only ones (a user's `groups`) are computed, never stored.
pub fn in_side_table(attribute: &Attribute) -> bool {
    attribute.multi_valued
        && attribute.attr_type == AttrType::Complex
        && attribute.mutability != Mutability::ReadOnly
        && attribute.name != "members"
}

/// Whether the side table holds a single-valued attribute's value (folded text, or `true` /
/// `false`), or, for a single-valued complex attribute (`name`, the enterprise `manager`), its
/// string sub-attributes: every string, reference and boolean a client writes, so that `eq` and
/// `pr` on any of them are index reads — except what another index already holds (the unique
/// name and `externalId` in columns of `resources`, a user's `displayName` in the trigram
/// index, whose GLOB without wildcards is an equality) and the write-only `password`.
pub fn single_value_in_side_table(kind: Kind, core: bool, attribute: &Attribute) -> bool {
    let indexed_elsewhere = core
        && (attribute.name.eq_ignore_ascii_case(kind.unique_attribute())
            || attribute.name.eq_ignore_ascii_case("externalId")
            || (kind == Kind::User && attribute.name.eq_ignore_ascii_case("displayName")));
    !attribute.multi_valued
        && matches!(
            attribute.attr_type,
            AttrType::String | AttrType::Reference | AttrType::Boolean | AttrType::Complex
        )
        && !matches!(
            attribute.mutability,
            Mutability::ReadOnly | Mutability::WriteOnly
        )
        && !indexed_elsewhere
}

/// The side table's `path` for an attribute (and sub-attribute): lowercased, dot-separated,
/// behind the extension's URN and a colon for an extension attribute
/// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:department`).
pub fn side_table_path(extension: Option<&str>, name: &str, sub: Option<&str>) -> String {
    let mut path = String::new();
    if let Some(urn) = extension {
        path.push_str(&urn.to_lowercase());
        path.push(':');
    }
    path.push_str(&name.to_lowercase());
    if let Some(sub) = sub {
        path.push('.');
        path.push_str(&sub.to_lowercase());
    }
    path
}

/// The (path, value) pairs of a body for the side table `attribute_values`: the string
/// sub-attributes of its multi-valued complex attributes (`emails.type`, `phoneNumbers.value`…)
/// and its single-valued attributes (see [`single_value_in_side_table`]), the core schema's and
/// its extensions', strings folded by `scim::filter::fold_case`.
fn indexed_values(kind: Kind, body: &Value) -> Vec<(String, String)> {
    let schemas = kind.schema();
    let mut out = Vec::new();
    for (key, value) in body.as_object().into_iter().flatten() {
        if let Some(extension) = schemas
            .extensions
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(key))
        {
            for (name, value) in value.as_object().into_iter().flatten() {
                if let Some(attribute) = extension.attribute(name) {
                    let at = (Some(extension.id.as_str()), name.as_str());
                    index_value(kind, at, attribute, value, &mut out);
                }
            }
        } else if let Some(attribute) = schemas.find(None, key) {
            index_value(kind, (None, key), attribute, value, &mut out);
        }
    }
    out
}

/// Adds the side-table pairs of one attribute's value (`at`: its extension, if any, and name).
fn index_value(
    kind: Kind,
    at: (Option<&str>, &str),
    attribute: &Attribute,
    value: &Value,
    out: &mut Vec<(String, String)>,
) {
    let (extension, name) = at;
    let elements: Vec<&serde_json::Map<String, Value>> = if in_side_table(attribute) {
        value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .collect()
    } else if !single_value_in_side_table(kind, extension.is_none(), attribute) {
        return;
    } else if attribute.attr_type == AttrType::Complex {
        value.as_object().into_iter().collect()
    } else {
        let text = match value {
            Value::String(text) => fold_case(text),
            Value::Bool(b) => b.to_string(),
            _ => return,
        };
        out.push((side_table_path(extension, name, None), text));
        return;
    };
    for (sub, value) in elements.into_iter().flatten() {
        if let Some(text) = value.as_str() {
            out.push((side_table_path(extension, name, Some(sub)), fold_case(text)));
        }
    }
}

/// Makes the search tables (`names`, `attribute_values`) hold what `body` gives the resource at
/// `seq`, replacing what they held for it.
fn reindex_search(conn: &Connection, kind: Kind, seq: i64, body: &Value) -> rusqlite::Result<()> {
    unindex_search(conn, seq)?;
    index_search(conn, kind, seq, body)
}

/// Adds the resource at `seq`, new to the search tables, to them.
fn index_search(conn: &Connection, kind: Kind, seq: i64, body: &Value) -> rusqlite::Result<()> {
    let (name, display) = indexed_text(kind, body);
    if name.is_some() || display.is_some() {
        conn.prepare_cached(
            "INSERT INTO names (rowid, kind, name, display) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![seq, kind.name(), name, display])?;
    }
    // One statement for all of a resource's values: a resource has about ten, and executing a
    // statement costs more than the rows it inserts (measured: seeding 100,000 users).
    let values = indexed_values(kind, body);
    if values.is_empty() {
        return Ok(());
    }
    let rows = vec!["(?, ?, ?, ?)"; values.len()].join(", ");
    let sql =
        format!("INSERT OR IGNORE INTO attribute_values (kind, path, value, seq) VALUES {rows}");
    let args = values.into_iter().flat_map(|(path, value)| {
        [
            SqlValue::Text(kind.name().to_owned()),
            SqlValue::Text(path),
            SqlValue::Text(value),
            SqlValue::Integer(seq),
        ]
    });
    conn.prepare_cached(&sql)?.execute(params_from_iter(args))?;
    Ok(())
}

/// Removes the resource at `seq` from the search tables.
fn unindex_search(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM names WHERE rowid = ?1")?
        .execute(params![seq])?;
    conn.prepare_cached("DELETE FROM attribute_values WHERE seq = ?1")?
        .execute(params![seq])?;
    Ok(())
}

/// Fills the search tables of a database written before they existed (`user_version` below
/// [`SEARCH_TABLES_VERSION`]), in one transaction; a new database has nothing to index.
fn index_existing(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= SEARCH_TABLES_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let rows = tx
        .prepare("SELECT seq, kind, body FROM resources")?
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (seq, kind, body) in rows {
        let Some(kind) = Kind::ALL.into_iter().find(|k| k.name() == kind) else {
            continue;
        };
        let body = serde_json::from_str(&body).unwrap_or(Value::Null);
        reindex_search(&tx, kind, seq, &body)?;
    }
    tx.pragma_update(None, "user_version", SEARCH_TABLES_VERSION)?;
    tx.commit()
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
    index_search(tx, kind, seq, &stored.body)?;
    sync_members(tx, kind, stored)?;
    Ok(seq)
}

/// Overwrites an existing resource's version, modification time and body.
pub fn update(tx: &Transaction<'_>, kind: Kind, stored: &Stored) -> Result<(), ApiError> {
    let (name, external) = index_columns(kind, &stored.body);
    let seq: Option<i64> = tx
        .prepare_cached(
            "UPDATE resources SET name_lc = ?2, external_id = ?3, version = ?4, modified = ?5,
             body = ?6 WHERE id = ?1 RETURNING seq",
        )?
        .query_row(
            params![
                stored.id,
                name,
                external,
                stored.version,
                stored.modified,
                stored.body.to_string()
            ],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(seq) = seq {
        reindex_search(tx, kind, seq, &stored.body)?;
    }
    sync_members(tx, kind, stored)
}

/// Deletes a resource and its rows as a group; its former members' `groups` change, so their
/// versions move on.
pub fn delete(tx: &Transaction<'_>, id: &str, time: &str) -> Result<bool, ApiError> {
    let seq: Option<i64> = tx
        .prepare_cached("DELETE FROM resources WHERE id = ?1 RETURNING seq")?
        .query_row(params![id], |r| r.get(0))
        .optional()?;
    if let Some(seq) = seq {
        unindex_search(tx, seq)?;
    }
    touch(tx, member_ids(tx, id)?.iter(), time)?;
    tx.prepare_cached("DELETE FROM members WHERE group_id = ?1")?
        .execute(params![id])?;
    Ok(seq.is_some())
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

    /// A connection to a new in-memory database with the schema.
    fn database() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        index_existing(&mut conn).unwrap();
        conn
    }

    #[test]
    fn page_keys_are_read_from_an_index_in_order_without_sorting_the_table() {
        let conn = database();
        let lookups = [
            None,
            Some(Lookup::NamePrefix("ab".into())),
            Some(Lookup::Text {
                column: TextColumn::Display,
                op: CompareOp::Co,
                needle: "abc".into(),
            }),
            Some(Lookup::Value {
                path: "emails.type".into(),
                value: "work".into(),
            }),
        ];
        for order in [Order::Inserted, Order::NameAscending, Order::NameDescending] {
            for lookup in &lookups {
                let (clause, args) = lookup
                    .as_ref()
                    .map(|l| l.condition(Kind::User))
                    .unwrap_or_default();
                for segment in order.segments() {
                    let sql = format!("EXPLAIN QUERY PLAN {}", segment.keys_sql(&clause));
                    let plan = conn
                        .prepare(&sql)
                        .unwrap()
                        .query_map(
                            params_from_iter(
                                std::iter::once(SqlValue::Text("User".into()))
                                    .chain(args.clone())
                                    .chain([SqlValue::Integer(10), SqlValue::Integer(99_990)]),
                            ),
                            |r| r.get::<_, String>(3),
                        )
                        .unwrap()
                        .collect::<Result<Vec<_>, _>>()
                        .unwrap();
                    let plan = plan.join(" / ");
                    let place = format!("{order:?} {lookup:?}: {plan}");
                    // Keys come from an index alone: no resource body is read for them.
                    assert!(
                        plan.starts_with("SEARCH resources USING COVERING INDEX"),
                        "{place}"
                    );
                    // Without a filter nothing is sorted but the few resources sharing one
                    // name ("LAST TERM"): the order is the index's.
                    if lookup.is_none() {
                        assert!(!plan.contains("FOR ORDER BY"), "{place}");
                    }
                }
            }
        }
        // Lookups a search table answers read their keys in order from it alone.
        for lookup in lookups.iter().flatten() {
            let Some((keys, args)) = lookup.search_keys(Kind::User) else {
                continue;
            };
            for sql in [
                format!("{keys} ORDER BY seq LIMIT 10 OFFSET 99990"),
                format!("SELECT COUNT(*) FROM ({keys})"),
            ] {
                let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let plan = stmt
                    .query_map(params_from_iter(args.clone()), |r| r.get::<_, String>(3))
                    .unwrap()
                    .collect::<Result<Vec<_>, _>>()
                    .unwrap()
                    .join(" / ");
                assert!(!plan.contains("resources"), "{lookup:?}: {plan}");
                assert!(!plan.contains("FOR ORDER BY"), "{lookup:?}: {plan}");
            }
        }
    }

    /// Inserts users with these userNames (`None`: without one), in order.
    fn users(conn: &mut Connection, names: &[Option<&str>]) {
        let tx = conn.transaction().unwrap();
        for (i, name) in names.iter().enumerate() {
            let mut stored = user(&format!("u{i}"));
            stored.body = match name {
                Some(n) => serde_json::json!({ "userName": n, "displayName": format!("Name {n}") }),
                None => serde_json::json!({ "displayName": "nameless" }),
            };
            insert(&tx, Kind::User, &stored).unwrap();
        }
        tx.commit().unwrap();
    }

    #[test]
    fn name_orders_put_nameless_resources_where_a_stable_sort_does() {
        let mut conn = database();
        users(
            &mut conn,
            &[Some("b"), None, Some("a"), Some("C"), None, Some("A")],
        );
        let ids = |order, window| {
            page(&conn, Kind::User, None, order, window, 6)
                .unwrap()
                .into_iter()
                .map(|s| s.id)
                .collect::<Vec<_>>()
        };
        // Missing names last; equal names ("a", "A") in insertion order, both ways.
        assert_eq!(
            ids(Order::NameAscending, (0, 10)),
            ["u2", "u5", "u0", "u3", "u1", "u4"]
        );
        assert_eq!(
            ids(Order::NameDescending, (0, 10)),
            ["u1", "u4", "u3", "u0", "u2", "u5"]
        );
        assert_eq!(
            ids(Order::NameAscending, (3, 2)),
            ["u3", "u1"],
            "a window across both runs"
        );
        assert_eq!(ids(Order::NameDescending, (1, 2)), ["u4", "u3"]);
        assert_eq!(ids(Order::NameDescending, (5, 3)), ["u5"]);
        assert_eq!(ids(Order::Inserted, (4, 9)), ["u4", "u5"]);
    }

    #[test]
    fn a_database_from_before_the_search_tables_is_indexed_when_opened() {
        let mut conn = database();
        users(
            &mut conn,
            &[Some("Émile@example.fr"), Some("bob@example.com")],
        );
        // What a database written before the search tables looks like once they are created.
        conn.execute_batch(
            "DELETE FROM names; DELETE FROM attribute_values; PRAGMA user_version = 0;",
        )
        .unwrap();
        let emile = Lookup::Text {
            column: TextColumn::Name,
            op: CompareOp::Sw,
            needle: fold_case("ÉMILE"),
        };
        assert_eq!(count_matching(&conn, Kind::User, Some(&emile)).unwrap(), 0);
        index_existing(&mut conn).unwrap();
        assert_eq!(count_matching(&conn, Kind::User, Some(&emile)).unwrap(), 1);
        let display = Lookup::Text {
            column: TextColumn::Display,
            op: CompareOp::Co,
            needle: "name".into(),
        };
        assert_eq!(
            count_matching(&conn, Kind::User, Some(&display)).unwrap(),
            2
        );
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
