use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, to_ts};
use crate::domain::hash;

/// The owner's feed hash, if they have one.
pub fn fetch_feed_hash(conn: &Connection, owner: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT hash FROM feed WHERE owner = ?1")?
        .query_row(params![owner], |r| r.get(0))
        .optional()?)
}

/// Sets (or replaces: rotation) the owner's feed hash.
pub fn upsert_feed_hash(
    conn: &Connection,
    owner: &str,
    feed_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO feed (owner, hash, hash_digest, rotated_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (owner) DO UPDATE SET hash = excluded.hash, \
         hash_digest = excluded.hash_digest, rotated_at = excluded.rotated_at",
        params![owner, feed_hash, hash::digest(feed_hash), to_ts(now)],
    )?;
    Ok(())
}

/// The login behind a feed hash (digest lookup, constant-time check).
pub fn fetch_feed_owner(conn: &Connection, feed_hash: &str) -> Result<Option<String>> {
    if !hash::is_well_formed(feed_hash) {
        return Ok(None);
    }
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT owner, hash FROM feed WHERE hash_digest = ?1")?
        .query_row(params![hash::digest(feed_hash)], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    Ok(row
        .filter(|(_, stored)| hash::matches(stored, feed_hash))
        .map(|(owner, _)| owner))
}
