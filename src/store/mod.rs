//! SQLite storage: the pool, the migrations, and one module per aggregate. All SQL lives here.

#[cfg(feature = "bench")]
pub mod bulk;
pub mod feeds;
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
pub mod recordings;
pub mod reminders;
pub mod room_ends;
pub mod secrets;
pub mod sessions;
pub mod stats;

pub use pool::Db;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
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
        matches!(
            self,
            Error::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation
        )
    }
}

pub type Result<T> = std::result::Result<T, Error>;

use chrono::{DateTime, Utc};

pub(crate) fn to_ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(ts: i64) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp(ts, 0).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Integer,
            format!("timestamp out of range: {ts}").into(),
        )
    })
}

pub(crate) fn parse_enum<T: std::str::FromStr>(idx: usize, s: &str) -> rusqlite::Result<T> {
    s.parse::<T>().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value {s:?}").into(),
        )
    })
}
