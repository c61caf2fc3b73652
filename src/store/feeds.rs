use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, to_ts};
use crate::domain::{PartStat, Role, hash};

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

/// A meeting of a feed, borrowed from the database row so that a large feed is written
/// without copying it.
pub struct FeedRow<'a> {
    pub meeting_id: i64,
    pub uid: &'a str,
    pub subject: &'a str,
    pub description: &'a str,
    pub owner: &'a str,
    pub owner_email: &'a str,
    pub owner_name: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    pub sequence: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub struct FeedInvitee<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub hash: &'a str,
    pub partstat: PartStat,
}

/// The meetings of a feed (owned by `login` or inviting `email`, ending after `since`).
const FEED_IDS: &str = "SELECT id FROM meeting WHERE owner = ?1 AND ends_at >= ?3 \
    UNION SELECT i.meeting_id FROM invitee i JOIN meeting m ON m.id = i.meeting_id \
    WHERE i.email = ?2 AND m.ends_at >= ?3";

/// Streams the rows of a feed to `f`, grouped by meeting: one row per invitee, or one with
/// none. Meetings and invitees are read by two statements stepped side by side in meeting
/// order (no sort, each meeting's columns decoded once), and handed over borrowed.
pub fn for_each_feed_row<E: From<super::Error>>(
    conn: &Connection,
    login: &str,
    email: &str,
    since: DateTime<Utc>,
    mut f: impl FnMut(&FeedRow<'_>, Option<&FeedInvitee<'_>>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let args = params![login, email, to_ts(since)];
    let mut meetings = conn
        .prepare_cached(&format!(
            "SELECT id, uid, subject, description, owner, owner_email, owner_name, starts_at, \
             ends_at, status, sequence, created_at, updated_at FROM meeting \
             WHERE id IN ({FEED_IDS}) ORDER BY id"
        ))
        .map_err(super::Error::from)?;
    let mut invitees = conn
        .prepare_cached(&format!(
            "SELECT meeting_id, email, display_name, role, hash, partstat FROM invitee \
             WHERE meeting_id IN ({FEED_IDS}) ORDER BY meeting_id"
        ))
        .map_err(super::Error::from)?;
    let mut m_rows = meetings.query(args).map_err(super::Error::from)?;
    let mut i_rows = invitees.query(args).map_err(super::Error::from)?;
    let mut next_invitee = i_rows.next().map_err(super::Error::from)?;
    while let Some(m) = m_rows.next().map_err(super::Error::from)? {
        let row = meeting_part(m).map_err(super::Error::from)?;
        let mut any = false;
        while let Some(i) = next_invitee {
            let meeting_id: i64 = i.get(0).map_err(super::Error::from)?;
            if meeting_id > row.meeting_id {
                break;
            }
            if meeting_id == row.meeting_id {
                f(&row, Some(&invitee_part(i).map_err(super::Error::from)?))?;
                any = true;
            }
            next_invitee = i_rows.next().map_err(super::Error::from)?;
        }
        if !any {
            f(&row, None)?;
        }
    }
    Ok(())
}

fn text<'a>(row: &'a rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'a str> {
    row.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

fn meeting_part<'a>(row: &'a rusqlite::Row<'_>) -> rusqlite::Result<FeedRow<'a>> {
    let time = |i: usize| -> rusqlite::Result<DateTime<Utc>> { super::from_ts(row.get(i)?) };
    Ok(FeedRow {
        meeting_id: row.get(0)?,
        uid: text(row, 1)?,
        subject: text(row, 2)?,
        description: text(row, 3)?,
        owner: text(row, 4)?,
        owner_email: text(row, 5)?,
        owner_name: text(row, 6)?,
        starts_at: time(7)?,
        ends_at: time(8)?,
        cancelled: text(row, 9)? == "cancelled",
        sequence: row.get(10)?,
        created_at: time(11)?,
        updated_at: time(12)?,
    })
}

fn invitee_part<'a>(row: &'a rusqlite::Row<'_>) -> rusqlite::Result<FeedInvitee<'a>> {
    Ok(FeedInvitee {
        email: text(row, 1)?,
        name: text(row, 2)?,
        role: super::parse_enum(3, text(row, 3)?)?,
        hash: text(row, 4)?,
        partstat: super::parse_enum(5, text(row, 5)?)?,
    })
}
