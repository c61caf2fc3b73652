//! Storage on SQLite (the default) or PostgreSQL: the pool, the migrations, one connection type
//! over both engines ([`engine`]), and one module per aggregate. All SQL lives here.

#[cfg(feature = "bench")]
pub mod bulk;
pub mod copy;
pub mod engine;
pub mod feeds;
mod hot_reads;
pub mod invitees;
pub mod jmb;
pub mod languages;
pub mod legacy;
pub mod meetings;
pub mod migrations;
pub mod outbox;
pub mod owners;
pub mod personal_rooms;
pub mod pool;
pub mod presence;
pub mod queue;
pub mod recordings;
pub mod reminders;
pub mod replies;
pub mod room_ends;
pub mod secrets;
pub mod series;
pub mod sessions;
pub mod stats;
pub mod webhooks;

pub use engine::{Connection, Engine, OptionalExtension, Row, Transaction};
pub use pool::Db;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database error: {}", pg_detail(.0))]
    Postgres(#[from] postgres::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("{0}")]
    Config(String),
    #[error("database task failed: {0}")]
    Task(String),
    #[error("cannot create the database directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
}

impl Error {
    /// A UNIQUE or CHECK constraint refused the write.
    pub fn is_constraint(&self) -> bool {
        match self {
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.code == rusqlite::ErrorCode::ConstraintViolation
            }
            // Class 23: integrity constraint violation.
            Error::Postgres(e) => e.code().is_some_and(|c| c.code().starts_with("23")),
            _ => false,
        }
    }

    /// The database cannot be reached now (PostgreSQL down or restarting, or no connection
    /// free in time): the request may succeed later, nothing was written.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Error::Pool(_) => true,
            Error::Postgres(e) => match e.code() {
                // Class 08 (connection exception), 57P01…57P03 (shutdown, starting up).
                Some(c) => c.code().starts_with("08") || c.code().starts_with("57P"),
                // Without an SQLSTATE: a connection closed, or one that could not be made.
                None => {
                    e.is_closed()
                        || std::error::Error::source(e)
                            .is_some_and(|s| s.downcast_ref::<std::io::Error>().is_some())
                }
            },
            _ => false,
        }
    }
}

/// PostgreSQL's own message: the client's error says only "db error" or "error
/// communicating with the server" and keeps the reason in its source.
fn pg_detail(e: &postgres::Error) -> String {
    match (e.as_db_error(), std::error::Error::source(e)) {
        (Some(db), _) => db.to_string(),
        (None, Some(source)) => format!("{e}: {source}"),
        (None, None) => e.to_string(),
    }
}

pub type Result<T> = std::result::Result<T, Error>;

use chrono::{DateTime, Utc};

pub(crate) fn to_ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(ts: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp(ts, 0)
        .ok_or_else(|| Error::Corrupt(format!("timestamp out of range: {ts}")))
}

pub(crate) fn parse_enum<T: std::str::FromStr>(idx: usize, s: &str) -> Result<T> {
    s.parse::<T>()
        .map_err(|_| Error::Corrupt(format!("column {idx}: unexpected value {s:?}")))
}
