use std::path::Path;
use std::time::Duration;

use r2d2::{Pool, PooledConnection};
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;

use super::{Error, Result, migrations};

/// The connection pool. Work runs on tokio's blocking threads so SQLite never stalls a
/// request worker.
#[derive(Clone)]
pub struct Db {
    pool: Pool<SqliteConnectionManager>,
}

impl Db {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path, pool_size: u32) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Directory {
                path: dir.display().to_string(),
                source,
            })?;
        }
        // WAL is a property of the file: set it, and migrate, on one connection before the
        // pool opens several at once (concurrent journal-mode switches fail with SQLITE_BUSY).
        {
            let mut conn = Connection::open(path)?;
            conn.execute_batch(
                "PRAGMA busy_timeout = 5000;
                 PRAGMA journal_mode = WAL;
                 PRAGMA foreign_keys = ON;",
            )?;
            migrations::migrations().to_latest(&mut conn)?;
        }
        // Personal links hit random rows: reading pages through a memory map instead of
        // pread() into a small per-connection cache halves the cost of a link lookup.
        let manager = SqliteConnectionManager::file(path).with_init(|c| {
            c.execute_batch(
                "PRAGMA busy_timeout = 5000;
                 PRAGMA foreign_keys = ON;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA mmap_size = 268435456;
                 PRAGMA cache_size = -16384;",
            )
        });
        let pool = Pool::builder()
            .max_size(pool_size)
            // A local file does not go stale; checking it on every checkout costs a parse.
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)?;
        Ok(Db { pool })
    }

    pub fn conn(&self) -> Result<PooledConnection<SqliteConnectionManager>> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on a blocking thread.
    pub async fn run<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&mut Connection) -> std::result::Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(Error::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(Error::Task(e.to_string())))?
    }

    /// Runs a short indexed read on the calling thread. For hot paths (personal links) where
    /// a hand-off to the blocking pool would cost more than the query; WAL readers never
    /// wait for writers, so this cannot stall a worker behind a write.
    pub fn read<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        E: From<Error>,
        F: FnOnce(&Connection) -> std::result::Result<T, E>,
    {
        let conn = self.pool.get().map_err(Error::from)?;
        f(&conn)
    }

    /// A connection of its own for a long-lived writer (the room event writer), which
    /// leaves checkpoints to [`Db::checkpoint`] so that no commit waits for one.
    pub fn dedicated_writer(&self) -> Result<PooledConnection<SqliteConnectionManager>> {
        let conn = self.pool.get()?;
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    /// Runs a WAL checkpoint on a pooled connection (see [`checkpoint`]).
    pub fn checkpoint(&self, mode: Checkpoint) -> Result<(i64, i64)> {
        let conn = self.pool.get()?;
        checkpoint(&conn, mode)
    }

    /// Runs `f` on the calling thread (CLI commands).
    pub fn run_blocking<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        E: From<Error>,
        F: FnOnce(&mut Connection) -> std::result::Result<T, E>,
    {
        let mut conn = self.pool.get().map_err(Error::from)?;
        f(&mut conn)
    }
}

/// SQLite's checkpoint modes (<https://sqlite.org/pragma.html#pragma_wal_checkpoint>).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoint {
    /// Copies what it can without waiting for anyone.
    Passive,
    /// Copies everything, holding writers off meanwhile, and empties the file.
    Truncate,
}

/// Runs a WAL checkpoint; returns the frames in the log and how many of them are now in the
/// database file (both -1 when the database is not in WAL mode).
pub fn checkpoint(conn: &Connection, mode: Checkpoint) -> Result<(i64, i64)> {
    let sql = match mode {
        Checkpoint::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
        Checkpoint::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    Ok(conn.query_row(sql, [], |r| Ok((r.get(1)?, r.get(2)?)))?)
}

/// Changes whenever another connection commits: what a connection read before is still true
/// while this stays the same.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
