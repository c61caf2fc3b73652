//! Loading a large synthetic database fast, for benchmarks, on either engine: on SQLite one
//! connection without a journal, one transaction, prepared statements; on PostgreSQL one
//! transaction of multi-row INSERTs (a round trip per thousands of rows, not per row), with
//! the meetings' ids chosen here so that their invitees need no answer back. Never used on a
//! real database.

use std::cell::RefCell;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::engine::{Cell, Connection, Param, PgManager};
use super::{Result, migrations, to_ts};
use crate::config::DatabaseConfig;
use crate::domain::hash;

/// A connection that writes as fast as the engine allows (a crash loses the load: fine for a
/// benchmark).
pub struct BulkLoad {
    loader: Loader,
}

enum Loader {
    Sqlite(rusqlite::Connection),
    Pg(RefCell<PgLoad>),
}

/// Rows waiting for their multi-row INSERT, as flat parameter lists.
struct PgLoad {
    conn: Connection,
    next_id: i64,
    meetings: Vec<Cell>,
    invitees: Vec<Cell>,
    reminders: Vec<Cell>,
}

/// One synthetic meeting.
pub struct BulkMeeting<'a> {
    pub n: usize,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub invitees: usize,
    /// Pending reminders as (kind, offset in minutes, due).
    pub reminders: &'a [(&'a str, u32, DateTime<Utc>)],
    pub now: DateTime<Utc>,
    /// The owner's login (mail: login@example.org); `None`: one of a thousand owners.
    pub owner: Option<&'a str>,
}

const MEETING_COLUMNS: &str = "id, uid, room, subject, description, owner, owner_email, \
     owner_name, starts_at, duration_min, ends_at, status, sequence, created_at, updated_at";
const INVITEE_COLUMNS: &str = "meeting_id, email, display_name, role, hash, hash_digest";
const REMINDER_COLUMNS: &str = "meeting_id, kind, offset_min, due_at";
/// PostgreSQL takes at most 65535 parameters a statement.
const MAX_PARAMS: usize = 60_000;
/// Meetings buffered before their rows go out (their invitees and reminders with them).
const PG_BATCH: usize = 2_000;

/// Personal link `i` of synthetic meeting `n`: unique and unguessable enough for a benchmark,
/// without a system call each.
pub fn link(n: usize, i: usize) -> String {
    base64url(&hash::digest(&format!("bench-link-{n}-{i}")))
}

impl BulkLoad {
    /// Opens an SQLite database that `Db::open` has already created and migrated, while no
    /// other connection has it open.
    pub fn open(path: &Path) -> Result<BulkLoad> {
        let conn = rusqlite::Connection::open(path)?;
        // The pool that migrated the file may still be closing its last connection.
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             PRAGMA cache_size = -1048576;
             PRAGMA foreign_keys = OFF;
             BEGIN;",
        )?;
        Ok(BulkLoad {
            loader: Loader::Sqlite(conn),
        })
    }

    /// Opens the database `config` names, on either engine, creating and migrating it on
    /// this one connection (a pool closing its connections would hold SQLite's switch out of
    /// WAL mode). Blocking: not on an async worker.
    pub fn for_database(config: &DatabaseConfig) -> Result<BulkLoad> {
        if config.url.is_empty() {
            let conn = rusqlite::Connection::open(&config.path)?;
            migrations::to_latest(&mut Connection::from_sqlite(conn))?;
            return BulkLoad::open(&config.path);
        }
        let mut conn = PgManager::new(config.url.expose(), &config.ca_file)?.connect_one()?;
        migrations::to_latest(&mut conn)?;
        conn.execute_batch("BEGIN; SET LOCAL synchronous_commit = off")?;
        let last: i64 = conn.query_row(
            "SELECT COALESCE(MAX(id), 0) FROM meeting",
            crate::params![],
            |r| r.get(0),
        )?;
        Ok(BulkLoad {
            loader: Loader::Pg(RefCell::new(PgLoad {
                conn,
                next_id: last + 1,
                meetings: Vec::new(),
                invitees: Vec::new(),
                reminders: Vec::new(),
            })),
        })
    }

    pub fn insert(&self, m: &BulkMeeting<'_>) -> Result<()> {
        match &self.loader {
            Loader::Sqlite(conn) => insert_sqlite(conn, m),
            Loader::Pg(load) => {
                let mut load = load.borrow_mut();
                load.push(m);
                if load.meetings.len() >= PG_BATCH * MEETING_COLUMNS.split(',').count() {
                    load.flush()?;
                }
                Ok(())
            }
        }
    }

    /// Commits; SQLite goes back to WAL mode for the server.
    pub fn finish(self) -> Result<()> {
        match self.loader {
            Loader::Sqlite(conn) => conn.execute_batch(
                "COMMIT;
                 PRAGMA journal_mode = WAL;",
            )?,
            Loader::Pg(load) => {
                let mut load = load.into_inner();
                load.flush()?;
                super::copy::reset_identities(&load.conn, &["meeting".to_string()])?;
                // Autovacuum would gather the new rows' statistics within a minute; a
                // benchmark measures right away, and without them the planner guesses a
                // handful of rows where there are 10,000.
                load.conn.execute_batch("COMMIT; ANALYZE")?;
            }
        }
        Ok(())
    }
}

/// The owner's login, mail and name.
fn owner(m: &BulkMeeting<'_>) -> (String, String, String) {
    match m.owner {
        Some(login) => (
            login.to_string(),
            format!("{login}@example.org"),
            login.to_string(),
        ),
        None => (
            format!("owner{}", m.n % 1000),
            format!("owner{}@example.org", m.n % 1000),
            format!("Owner {}", m.n % 1000),
        ),
    }
}

fn insert_sqlite(conn: &rusqlite::Connection, m: &BulkMeeting<'_>) -> Result<()> {
    let n = m.n;
    let ends_at = m.starts_at + chrono::Duration::minutes(i64::from(m.duration_min));
    let (login, email, name) = owner(m);
    conn.prepare_cached(
        "INSERT INTO meeting (uid, room, subject, description, owner, owner_email, \
         owner_name, starts_at, duration_min, ends_at, status, sequence, created_at, \
         updated_at) VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, 'scheduled', 0, \
         ?10, ?10)",
    )?
    .execute(params![
        format!("bench-{n}@bench.local"),
        format!("bench-room-{n}"),
        format!("Bench meeting {n}"),
        login,
        email,
        name,
        to_ts(m.starts_at),
        m.duration_min,
        to_ts(ends_at),
        to_ts(m.now),
    ])?;
    let id = conn.last_insert_rowid();
    let mut invitee = conn.prepare_cached(
        "INSERT INTO invitee (meeting_id, email, display_name, role, hash, hash_digest) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for i in 0..m.invitees {
        let link = link(n, i);
        invitee.execute(params![
            id,
            format!("p{i}.m{n}@example.org"),
            format!("Person {i}"),
            if i == 0 { "moderator" } else { "participant" },
            link,
            hash::digest(&link),
        ])?;
    }
    let mut reminder = conn.prepare_cached(
        "INSERT INTO reminder (meeting_id, kind, offset_min, due_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (kind, offset, due) in m.reminders {
        reminder.execute(params![id, kind, offset, to_ts(*due)])?;
    }
    Ok(())
}

impl PgLoad {
    fn push(&mut self, m: &BulkMeeting<'_>) {
        let n = m.n;
        let id = self.next_id;
        self.next_id += 1;
        let ends_at = m.starts_at + chrono::Duration::minutes(i64::from(m.duration_min));
        let (login, email, name) = owner(m);
        self.meetings.extend([
            Cell::Int(id),
            Cell::Text(format!("bench-{n}@bench.local")),
            Cell::Text(format!("bench-room-{n}")),
            Cell::Text(format!("Bench meeting {n}")),
            Cell::Text(String::new()),
            Cell::Text(login),
            Cell::Text(email),
            Cell::Text(name),
            Cell::Int(to_ts(m.starts_at)),
            Cell::Int(i64::from(m.duration_min)),
            Cell::Int(to_ts(ends_at)),
            Cell::Text("scheduled".into()),
            Cell::Int(0),
            Cell::Int(to_ts(m.now)),
            Cell::Int(to_ts(m.now)),
        ]);
        for i in 0..m.invitees {
            let link = link(n, i);
            let digest = hash::digest(&link);
            self.invitees.extend([
                Cell::Int(id),
                Cell::Text(format!("p{i}.m{n}@example.org")),
                Cell::Text(format!("Person {i}")),
                Cell::Text(if i == 0 { "moderator" } else { "participant" }.into()),
                Cell::Text(link),
                Cell::Blob(digest),
            ]);
        }
        for (kind, offset, due) in m.reminders {
            self.reminders.extend([
                Cell::Int(id),
                Cell::Text((*kind).to_string()),
                Cell::Int(i64::from(*offset)),
                Cell::Int(to_ts(*due)),
            ]);
        }
    }

    /// Writes the buffered rows, meetings first (their invitees and reminders refer to them).
    fn flush(&mut self) -> Result<()> {
        for (table, columns, rows) in [
            ("meeting", MEETING_COLUMNS, &mut self.meetings),
            ("invitee", INVITEE_COLUMNS, &mut self.invitees),
            ("reminder", REMINDER_COLUMNS, &mut self.reminders),
        ] {
            insert_rows(&self.conn, table, columns, rows)?;
            rows.clear();
        }
        Ok(())
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…), …` for `values` (one row after another),
/// as few statements as the parameter limit allows.
fn insert_rows(conn: &Connection, table: &str, columns: &str, values: &[Cell]) -> Result<()> {
    use std::fmt::Write as _;
    let width = columns.split(',').count();
    let per_statement = MAX_PARAMS / width;
    for chunk in values.chunks(per_statement * width) {
        let mut sql = format!("INSERT INTO {table} ({columns}) VALUES ");
        for row in 0..chunk.len() / width {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for col in 0..width {
                let sep = if col == 0 { "" } else { ", " };
                let _ = write!(sql, "{sep}${}", row * width + col + 1);
            }
            sql.push(')');
        }
        let params: Vec<&dyn Param> = chunk.iter().map(|c| c as &dyn Param).collect();
        conn.prepare(&sql)?.execute(&params)?;
    }
    Ok(())
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
