//! What the importer remembers of the original JMB: imported meetings and old hashes that
//! are not an invitee's own link (`sql/0003_legacy.sql`).

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, to_ts};
use crate::domain::hash;

/// The jmb meeting a JMB meeting became, if it was imported.
pub fn fetch_imported_meeting(conn: &Connection, jmb_id: i64) -> Result<Option<i64>> {
    conn.prepare_cached("SELECT meeting_id FROM legacy_meeting WHERE jmb_id = $1")?
        .query_row(params![jmb_id], |r| r.get(0))
        .optional()
}

pub fn insert_imported_meeting(
    conn: &Connection,
    jmb_id: i64,
    meeting_id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO legacy_meeting (jmb_id, meeting_id, imported_at) VALUES ($1, $2, $3)",
    )?
    .execute(params![jmb_id, meeting_id, to_ts(now)])?;
    Ok(())
}

/// Where an old hash leads now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyLink {
    /// The owner's link of a meeting.
    Owner { meeting_id: i64 },
    /// Another row of an invitee: their link in jmb is `hash`.
    Alias { hash: String },
    /// An old feed hash of a login; their feed in jmb is `hash`, if they still have one.
    Feed { hash: Option<String> },
}

pub fn insert_owner_link(conn: &Connection, link_hash: &str, meeting_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO legacy_link (hash_digest, hash, kind, meeting_id) VALUES ($1, $2, 'owner', $3)",
    )?
    .execute(params![hash::digest(link_hash), link_hash, meeting_id])?;
    Ok(())
}

pub fn insert_alias_link(conn: &Connection, link_hash: &str, invitee_id: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO legacy_link (hash_digest, hash, kind, invitee_id) VALUES ($1, $2, 'alias', $3)",
    )?
    .execute(params![hash::digest(link_hash), link_hash, invitee_id])?;
    Ok(())
}

pub fn insert_feed_link(conn: &Connection, link_hash: &str, owner: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO legacy_link (hash_digest, hash, kind, feed_owner) VALUES ($1, $2, 'feed', $3)",
    )?
    .execute(params![hash::digest(link_hash), link_hash, owner])?;
    Ok(())
}

/// Whether any personal link of jmb (invitee, feed, legacy) already uses this hash.
pub fn hash_in_use(conn: &Connection, link_hash: &str) -> Result<bool> {
    let digest = hash::digest(link_hash);
    conn.prepare_cached(
        "SELECT 1 FROM invitee WHERE hash_digest = $1 UNION ALL \
             SELECT 1 FROM feed WHERE hash_digest = $1 UNION ALL \
             SELECT 1 FROM legacy_link WHERE hash_digest = $1",
    )?
    .exists(params![digest])
}

/// Digest lookup with a constant-time check, like every other personal link.
pub fn fetch_legacy_link(conn: &Connection, link_hash: &str) -> Result<Option<LegacyLink>> {
    if !hash::is_well_formed(link_hash) {
        return Ok(None);
    }
    type Row = (String, String, Option<i64>, Option<String>, Option<String>);
    let row: Option<Row> = conn
        .prepare_cached(
            "SELECT l.hash, l.kind, l.meeting_id, i.hash, f.hash FROM legacy_link l \
             LEFT JOIN invitee i ON i.id = l.invitee_id \
             LEFT JOIN feed f ON f.owner = l.feed_owner \
             WHERE l.hash_digest = $1",
        )?
        .query_row(params![hash::digest(link_hash)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((stored, kind, meeting_id, invitee_hash, feed_hash)) = row else {
        return Ok(None);
    };
    if !hash::matches(&stored, link_hash) {
        return Ok(None);
    }
    Ok(match (kind.as_str(), meeting_id, invitee_hash) {
        ("owner", Some(meeting_id), _) => Some(LegacyLink::Owner { meeting_id }),
        ("alias", _, Some(hash)) => Some(LegacyLink::Alias { hash }),
        ("feed", _, _) => Some(LegacyLink::Feed { hash: feed_hash }),
        _ => None,
    })
}
