//! Who owns meetings, feeds and personal rooms: moving all of a person's things from one
//! owner key to another, and the owners waiting to be claimed (`sql/0008_identity.sql`).

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, legacy, to_ts};

/// Prefix of the key of an imported owner nobody has claimed yet. It holds a space, which
/// no normalised login does, so no one can log in as it.
pub const UNCLAIMED_PREFIX: &str = "unclaimed ";

pub fn unclaimed_key(email: &str) -> String {
    format!("{UNCLAIMED_PREFIX}{email}")
}

/// Moves meetings, feed, personal room and webhook subscriptions of `from` to `to`. When
/// `to` already has a feed, it keeps it and `from`'s feed hash becomes an old link to it (the
/// calendars subscribed to it keep working); when `to` already has a personal room, `from`'s
/// is left alone.
pub fn move_owner(conn: &Connection, from: &str, to: &str, now: DateTime<Utc>) -> Result<()> {
    move_owner_as_of_0008(conn, from, to, now)?;
    conn.prepare_cached("UPDATE webhook_subscription SET owner = $2 WHERE owner = $1")?
        .execute(params![from, to])?;
    Ok(())
}

/// [`move_owner`] over the tables migration 0008 knows (its hook runs it); tables made later
/// have no rows then.
fn move_owner_as_of_0008(
    conn: &Connection,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached("UPDATE meeting SET owner = $2 WHERE owner = $1")?
        .execute(params![from, to])?;
    let old_feed: Option<String> = conn
        .prepare_cached("SELECT hash FROM feed WHERE owner = $1")?
        .query_row(params![from], |r| r.get(0))
        .optional()?;
    if let Some(old_hash) = old_feed {
        if super::feeds::fetch_feed_hash(conn, to)?.is_some() {
            conn.prepare_cached("DELETE FROM feed WHERE owner = $1")?
                .execute(params![from])?;
            legacy::insert_feed_link(conn, &old_hash, to)?;
        } else {
            conn.prepare_cached("UPDATE feed SET owner = $2 WHERE owner = $1")?
                .execute(params![from, to])?;
        }
    }
    conn.prepare_cached("UPDATE legacy_link SET feed_owner = $2 WHERE feed_owner = $1")?
        .execute(params![from, to])?;
    conn.prepare_cached(
        "UPDATE personal_room SET owner = $2 WHERE owner = $1 \
         AND NOT EXISTS (SELECT 1 FROM personal_room WHERE owner = $2)",
    )?
    .execute(params![from, to])?;
    // The feed now shows more meetings: calendars must not keep their cached copy.
    conn.prepare_cached(
        "INSERT INTO feed_version (subject, version, changed_at) VALUES ('login:' || $1, 1, $2) \
         ON CONFLICT (subject) DO UPDATE SET version = feed_version.version + 1, \
         changed_at = CASE WHEN excluded.changed_at > feed_version.changed_at \
           THEN excluded.changed_at ELSE feed_version.changed_at END",
    )?
    .execute(params![to, to_ts(now)])?;
    Ok(())
}

/// Records an owner to be claimed by the first login with this verified mail (and, if
/// given, this former login). An owner already waiting keeps its first record.
pub fn insert_claim(
    conn: &Connection,
    owner: &str,
    email: &str,
    former_login: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO owner_claim (owner, email, former_login, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (owner) DO NOTHING",
    )?
    .execute(params![owner, email, former_login, to_ts(now)])?;
    Ok(())
}

/// The owners a person may claim: their verified mail matches, and the former login too
/// where the claim asks for one. Never their own key.
pub fn list_claimable(
    conn: &Connection,
    login: &str,
    email: &str,
    former_login: Option<&str>,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT owner FROM owner_claim WHERE email = $1 AND email <> '' AND owner <> $2 \
         AND (former_login IS NULL OR former_login = $3) ORDER BY created_at, owner",
    )?;
    let rows = stmt.query_map(params![email, login, former_login], |r| r.get(0))?;
    rows.collect::<Result<Vec<String>>>()
}

pub fn delete_claim(conn: &Connection, owner: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM owner_claim WHERE owner = $1")?
        .execute(params![owner])?;
    Ok(())
}

/// Every owner key in use, for the migration that normalises them.
pub fn list_owner_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT owner FROM meeting UNION SELECT owner FROM feed \
         UNION SELECT owner FROM personal_room UNION SELECT owner FROM owner_claim \
         UNION SELECT feed_owner FROM legacy_link WHERE feed_owner IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![], |r| r.get(0))?;
    rows.collect::<Result<Vec<String>>>()
}

/// Re-keys a waiting owner record (and former logins naming it) after normalisation.
pub fn rename_claim(conn: &Connection, from: &str, to: &str) -> Result<()> {
    conn.prepare_cached("UPDATE OR IGNORE owner_claim SET owner = $2 WHERE owner = $1")?
        .execute(params![from, to])?;
    conn.prepare_cached("DELETE FROM owner_claim WHERE owner = $1")?
        .execute(params![from])?;
    conn.prepare_cached("UPDATE owner_claim SET former_login = $2 WHERE former_login = $1")?
        .execute(params![from, to])?;
    Ok(())
}

/// Gives every stored owner key its normalised form (`normalise` returns `None` for a key
/// it refuses: such an owner is left as it is, since nobody can log in under it any more,
/// and `jmb` never deletes meetings). Keys that meet merge as [`move_owner`] says.
pub fn normalise_owner_keys(
    conn: &Connection,
    normalise: impl Fn(&str) -> Option<String>,
    now: DateTime<Utc>,
) -> Result<usize> {
    let mut moved = 0;
    for key in list_owner_keys(conn)? {
        match normalise(&key) {
            Some(normal) if normal != key => {
                move_owner_as_of_0008(conn, &key, &normal, now)?;
                rename_claim(conn, &key, &normal)?;
                moved += 1;
            }
            _ => {}
        }
    }
    Ok(moved)
}
