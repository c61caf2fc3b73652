use std::path::Path;
use std::time::Duration;

use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;

use super::engine::{Connection, Engine, PgHandle, PgManager, SqliteHandle};
use super::hot_reads::HotReads;
use super::{Error, Result, migrations};
use crate::config::DatabaseConfig;

/// The connection pool of either engine. Work runs on tokio's blocking threads so that neither
/// a local file nor a network round trip ever stalls a request worker.
#[derive(Clone)]
pub struct Db {
    pool: Pools,
    /// PostgreSQL's reads for `/join/{hash}`, off the blocking pool.
    hot: Option<std::sync::Arc<HotReads>>,
}

#[derive(Clone)]
enum Pools {
    Sqlite(Pool<SqliteConnectionManager>),
    Pg(Pool<PgManager>),
}

/// `jmb copy-database`: the SQLite file at `database.path` into the empty PostgreSQL
/// database at `url` (TLS trusting `database.ca_file` too).
pub fn copy_to_postgres(database: &DatabaseConfig, url: &str) -> Result<super::copy::Copied> {
    if !database.path.is_file() {
        return Err(Error::Config(format!(
            "database.path: {} is not an SQLite database file",
            database.path.display()
        )));
    }
    let mut from = Connection::from_sqlite(rusqlite::Connection::open(&database.path)?);
    from.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")?;
    let mut to = PgManager::new(url, &database.ca_file)?.connect_one()?;
    super::copy::copy_database(&mut from, &mut to)
}

impl Db {
    /// The database `config` names: PostgreSQL with `database.url`, else the SQLite file at
    /// `database.path`; its schema brought up to date.
    pub fn connect(config: &DatabaseConfig, pool_size: u32) -> Result<Db> {
        if config.url.is_empty() {
            return Db::open(&config.path, pool_size);
        }
        let manager = PgManager::new(config.url.expose(), &config.ca_file)?;
        let (async_config, tls) = manager.async_settings();
        let hot = Some(std::sync::Arc::new(HotReads::new(async_config, tls)));
        let pool = Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(0))
            // A server that restarted leaves dead connections behind; one round trip finds them.
            .test_on_check_out(true)
            // Short: a request waits this long before it gets its 503.
            .connection_timeout(Duration::from_secs(5))
            .build_unchecked(manager);
        let db = Db {
            pool: Pools::Pg(pool),
            hot,
        };
        db.run_blocking(migrations::to_latest)?;
        Ok(db)
    }

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
            let conn = rusqlite::Connection::open(path)?;
            conn.execute_batch(
                "PRAGMA busy_timeout = 5000;
                 PRAGMA journal_mode = WAL;
                 PRAGMA foreign_keys = ON;",
            )?;
            migrations::to_latest(&mut Connection::from_sqlite(conn))?;
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
        Ok(Db {
            pool: Pools::Sqlite(pool),
            hot: None,
        })
    }

    /// PostgreSQL's asynchronous reads (see [`super::hot_reads`]); `None` on SQLite.
    pub(super) fn hot_reads(&self) -> Option<&HotReads> {
        self.hot.as_deref()
    }

    pub fn engine(&self) -> Engine {
        match self.pool {
            Pools::Sqlite(_) => Engine::Sqlite,
            Pools::Pg(_) => Engine::Postgres,
        }
    }

    /// A pooled connection, on the calling thread: never on an async worker (PostgreSQL's
    /// client blocks, and panics inside a runtime); async code goes through [`Db::run`].
    pub fn conn(&self) -> Result<Connection> {
        Ok(match &self.pool {
            Pools::Sqlite(p) => Connection::sqlite(SqliteHandle::Pooled(p.get()?)),
            Pools::Pg(p) => Connection::pg(PgHandle::Pooled(p.get()?)),
        })
    }

    /// Runs `f` with a pooled connection on a blocking thread.
    pub async fn run<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&mut Connection) -> std::result::Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.conn()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(Error::Task(e.to_string())))?
    }

    /// A short indexed read for hot paths (personal links, sessions). On SQLite it runs on the
    /// calling thread, where a hand-off to the blocking pool would cost more than the query
    /// (WAL readers never wait for writers, so this cannot stall a worker behind a write); on
    /// PostgreSQL, a network round trip, it goes through [`Db::run`].
    pub async fn read<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
        F: FnOnce(&Connection) -> std::result::Result<T, E> + Send + 'static,
    {
        match &self.pool {
            Pools::Sqlite(p) => {
                let conn = Connection::sqlite(SqliteHandle::Pooled(p.get().map_err(Error::from)?));
                f(&conn)
            }
            Pools::Pg(_) => self.run(move |c| f(c)).await,
        }
    }

    /// A connection of its own for a long-lived writer (the room event writer), which on
    /// SQLite leaves checkpoints to [`Db::checkpoint`] so that no commit waits for one.
    pub fn dedicated_writer(&self) -> Result<Connection> {
        let conn = self.conn()?;
        if let Some(c) = conn.as_sqlite() {
            c.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
            c.set_prepared_statement_cache_capacity(64);
        }
        Ok(conn)
    }

    /// Runs a WAL checkpoint on a pooled connection (see [`checkpoint`]).
    pub fn checkpoint(&self, mode: Checkpoint) -> Result<(i64, i64)> {
        if self.engine() == Engine::Postgres {
            return Ok((-1, -1));
        }
        checkpoint(&self.conn()?, mode)
    }

    /// Runs `f` and waits for it (CLI commands, blocking threads, start-up). PostgreSQL's
    /// client cannot run inside an async runtime, so there, called from one, it runs on a
    /// thread of its own while the caller waits.
    pub fn run_blocking<T, E, F>(&self, f: F) -> std::result::Result<T, E>
    where
        T: Send,
        E: From<Error> + Send,
        F: FnOnce(&mut Connection) -> std::result::Result<T, E> + Send,
    {
        let run = || {
            let mut conn = self.conn()?;
            f(&mut conn)
        };
        if self.engine() == Engine::Postgres && tokio::runtime::Handle::try_current().is_ok() {
            return std::thread::scope(|s| {
                s.spawn(run).join().unwrap_or_else(|_| {
                    Err(E::from(Error::Task("database thread panicked".into())))
                })
            });
        }
        run()
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
/// PostgreSQL has no WAL file of ours to look after: there it does nothing.
pub fn checkpoint(conn: &Connection, mode: Checkpoint) -> Result<(i64, i64)> {
    let Some(conn) = conn.as_sqlite() else {
        return Ok((-1, -1));
    };
    let sql = match mode {
        Checkpoint::Passive => "PRAGMA wal_checkpoint(PASSIVE)",
        Checkpoint::Truncate => "PRAGMA wal_checkpoint(TRUNCATE)",
    };
    Ok(conn.query_row(sql, [], |r| Ok((r.get(1)?, r.get(2)?)))?)
}

/// Changes whenever another connection commits: what a connection read before is still true
/// while this stays the same. PostgreSQL has no such counter: there every call is a change.
pub fn data_version(conn: &Connection) -> Result<i64> {
    let Some(conn) = conn.as_sqlite() else {
        static NEXT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
        return Ok(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    };
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
