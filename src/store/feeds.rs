use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, to_ts};
use crate::domain::{Invitee, Meeting, hash};

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

/// Whose feed a hash opens: the login and the mail address their invitations are sent to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOwner {
    pub login: String,
    /// Empty until the owner has opened their feed page (imported feeds).
    pub email: String,
}

/// The owner behind a feed hash (digest lookup, constant-time check).
pub fn fetch_feed(conn: &Connection, feed_hash: &str) -> Result<Option<FeedOwner>> {
    if !hash::is_well_formed(feed_hash) {
        return Ok(None);
    }
    let row: Option<(String, String, String)> = conn
        .prepare_cached("SELECT owner, email, hash FROM feed WHERE hash_digest = ?1")?
        .query_row(params![hash::digest(feed_hash)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    Ok(row
        .filter(|(_, _, stored)| hash::matches(stored, feed_hash))
        .map(|(login, email, _)| FeedOwner { login, email }))
}

/// Remembers the address the owner's invitations go to (it may come from LDAP or a claim).
pub fn update_feed_email(conn: &Connection, owner: &str, email: &str) -> Result<()> {
    conn.prepare_cached("UPDATE feed SET email = ?2 WHERE owner = ?1 AND email <> ?2")?
        .execute(params![owner, email])?;
    Ok(())
}

/// How far a feed has changed: a number that grows with every change, and when the latest
/// change happened (the triggers of `sql/0004_feed_versions.sql` keep both).
pub fn fetch_feed_version(
    conn: &Connection,
    login: &str,
    email: &str,
) -> Result<(i64, Option<DateTime<Utc>>)> {
    let (version, changed): (i64, Option<i64>) = conn
        .prepare_cached(
            "SELECT COALESCE(SUM(version), 0), MAX(changed_at) FROM feed_version \
             WHERE subject IN ('login:' || ?1, 'mail:' || ?2)",
        )?
        .query_row(params![login, email], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((version, changed.map(super::from_ts).transpose()?))
}

/// The meetings of a feed (owned by `login` or inviting `email`, ending after `since`), each
/// with its invitees, in start order. Two queries whatever the number of meetings.
pub fn list_feed_meetings(
    conn: &Connection,
    login: &str,
    email: &str,
    since: DateTime<Utc>,
) -> Result<Vec<(Meeting, Vec<Invitee>)>> {
    const FEED: &str = "SELECT id FROM meeting WHERE owner = ?1 AND ends_at >= ?3 \
                        UNION SELECT m.id FROM invitee i JOIN meeting m ON m.id = i.meeting_id \
                        WHERE i.email = ?2 AND m.ends_at >= ?3";
    let args = params![login, email, to_ts(since)];
    let meetings: Vec<Meeting> = conn
        .prepare_cached(&format!(
            "SELECT {} FROM meeting m WHERE m.id IN ({FEED}) ORDER BY m.starts_at, m.id",
            super::meetings::columns_prefixed("m")
        ))?
        .query_map(args, super::meetings::meeting_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut invitees: std::collections::HashMap<i64, Vec<Invitee>> =
        std::collections::HashMap::with_capacity(meetings.len());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM invitee WHERE meeting_id IN ({FEED}) ORDER BY meeting_id, id",
        super::invitees::COLUMNS
    ))?;
    let rows = stmt.query_map(args, super::invitees::invitee_from_row)?;
    for row in rows {
        let i = row?;
        invitees.entry(i.meeting_id).or_default().push(i);
    }
    Ok(meetings
        .into_iter()
        .map(|m| {
            let list = invitees.remove(&m.id).unwrap_or_default();
            (m, list)
        })
        .collect())
}
