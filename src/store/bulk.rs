//! Loading a large synthetic database fast, for benchmarks: one connection without a journal,
//! one transaction, prepared statements. Never used on a real database.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{Result, to_ts};
use crate::domain::hash;

/// A connection that writes without a journal (a crash loses the file: fine for a benchmark).
pub struct BulkLoad {
    conn: Connection,
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
}

impl BulkLoad {
    /// Opens a database that `Db::open` has already created and migrated.
    pub fn open(path: &Path) -> Result<BulkLoad> {
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = OFF;
             PRAGMA synchronous = OFF;
             PRAGMA cache_size = -1048576;
             PRAGMA foreign_keys = OFF;
             BEGIN;",
        )?;
        Ok(BulkLoad { conn })
    }

    pub fn insert(&self, m: &BulkMeeting<'_>) -> Result<()> {
        let n = m.n;
        let ends_at = m.starts_at + chrono::Duration::minutes(i64::from(m.duration_min));
        self.conn
            .prepare_cached(
                "INSERT INTO meeting (uid, room, subject, description, owner, owner_email, \
                 owner_name, starts_at, duration_min, ends_at, status, sequence, created_at, \
                 updated_at) VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, 'scheduled', 0, \
                 ?10, ?10)",
            )?
            .execute(params![
                format!("bench-{n}@bench.local"),
                format!("bench-room-{n}"),
                format!("Bench meeting {n}"),
                format!("owner{}", n % 1000),
                format!("owner{}@example.org", n % 1000),
                format!("Owner {}", n % 1000),
                to_ts(m.starts_at),
                m.duration_min,
                to_ts(ends_at),
                to_ts(m.now),
            ])?;
        let id = self.conn.last_insert_rowid();
        let mut invitee = self.conn.prepare_cached(
            "INSERT INTO invitee (meeting_id, email, display_name, role, hash, hash_digest) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for i in 0..m.invitees {
            // Unique and unguessable enough for a benchmark, without a system call each.
            let link = base64url(&hash::digest(&format!("bench-link-{n}-{i}")));
            invitee.execute(params![
                id,
                format!("p{i}.m{n}@example.org"),
                format!("Person {i}"),
                if i == 0 { "moderator" } else { "participant" },
                link,
                hash::digest(&link),
            ])?;
        }
        let mut reminder = self.conn.prepare_cached(
            "INSERT INTO reminder (meeting_id, kind, offset_min, due_at) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (kind, offset, due) in m.reminders {
            reminder.execute(params![id, kind, offset, to_ts(*due)])?;
        }
        Ok(())
    }

    /// Commits and puts the file back in WAL mode for the server.
    pub fn finish(self) -> Result<()> {
        self.conn.execute_batch(
            "COMMIT;
             PRAGMA journal_mode = WAL;",
        )?;
        Ok(())
    }
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
