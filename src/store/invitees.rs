use std::sync::LazyLock;

use super::{Connection, OptionalExtension, Row};
use crate::params;
use chrono::{DateTime, Utc};

use super::meetings::{columns_prefixed, meeting_from_row_at};
use super::series::StoredRule;
use super::{Error, Result, from_ts, parse_enum, to_ts};
use crate::domain::hash;
use crate::domain::recurrence::Series;
use crate::domain::{Invitee, InviteeDraft, Meeting, PartStat, Role, RoomSlot};

pub(crate) const COLUMNS: &str =
    "id, meeting_id, email, display_name, role, hash, partstat, answered_at";
const INVITEE_COLUMN_COUNT: usize = 8;

pub(crate) fn invitee_from_row(row: &Row<'_>) -> Result<Invitee> {
    let role: String = row.get(4)?;
    let partstat: String = row.get(6)?;
    Ok(Invitee {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        email: row.get(2)?,
        name: row.get(3)?,
        role: parse_enum::<Role>(4, &role)?,
        hash: row.get(5)?,
        partstat: parse_enum::<PartStat>(6, &partstat)?,
        answered_at: row.get::<Option<i64>>(7)?.map(from_ts).transpose()?,
    })
}

pub fn insert_invitee(
    conn: &Connection,
    meeting_id: i64,
    draft: &InviteeDraft,
    link_hash: &str,
) -> Result<Invitee> {
    insert_invitee_with(
        conn,
        meeting_id,
        draft,
        link_hash,
        PartStat::NeedsAction,
        None,
    )
}

/// Also used by the importer, which carries answers over.
pub fn insert_invitee_with(
    conn: &Connection,
    meeting_id: i64,
    draft: &InviteeDraft,
    link_hash: &str,
    partstat: PartStat,
    answered_at: Option<DateTime<Utc>>,
) -> Result<Invitee> {
    let id = conn.prepare_cached(
        "INSERT INTO invitee (meeting_id, email, display_name, role, hash, hash_digest, partstat, \
         answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )?
    .query_row(params![
        meeting_id,
        draft.email,
        draft.name,
        draft.role.as_str(),
        link_hash,
        hash::digest(link_hash),
        partstat.as_str(),
        answered_at.map(to_ts),
    ], |r| r.get(0))?;
    Ok(Invitee {
        id,
        meeting_id,
        email: draft.email.clone(),
        name: draft.name.clone(),
        role: draft.role,
        hash: link_hash.to_string(),
        partstat,
        answered_at,
    })
}

pub fn list_invitees(conn: &Connection, meeting_id: i64) -> Result<Vec<Invitee>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM invitee WHERE meeting_id = $1 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![meeting_id], invitee_from_row)?;
    rows.collect::<Result<Vec<_>>>()
}

pub fn fetch_invitee(conn: &Connection, meeting_id: i64, id: i64) -> Result<Invitee> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM invitee WHERE meeting_id = $1 AND id = $2"
    ))?
    .query_row(params![meeting_id, id], invitee_from_row)
    .optional()?
    .ok_or(Error::NotFound)
}

pub fn fetch_invitee_by_email(
    conn: &Connection,
    meeting_id: i64,
    email: &str,
) -> Result<Option<Invitee>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM invitee WHERE meeting_id = $1 AND email = $2"
    ))?
    .query_row(params![meeting_id, email], invitee_from_row)
    .optional()
}

/// The invitee and meeting behind a personal link. The index is on the hash's digest and the
/// final comparison is constant-time, so response times say nothing about valid hashes.
pub fn fetch_invitee_by_hash(conn: &Connection, link_hash: &str) -> Result<(Invitee, Meeting)> {
    // Built once: every personal link page runs it.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT i.id, i.meeting_id, i.email, i.display_name, i.role, i.hash, i.partstat, \
             i.answered_at, {} FROM invitee i JOIN meeting m ON m.id = i.meeting_id \
             WHERE i.hash_digest = $1",
            columns_prefixed("m")
        )
    });
    by_hash(conn, &SQL, link_hash, |row| {
        meeting_from_row_at(row, INVITEE_COLUMN_COUNT)
    })
}

/// As [`fetch_invitee_by_hash`], reading only what entering the room needs (`/join/…`, the
/// busiest path: the narrower row halves the lookup's cost).
const LINK: &str = "SELECT i.id, i.meeting_id, i.email, i.display_name, i.role, i.hash, \
                    i.partstat, i.answered_at, m.room, m.subject, m.starts_at, m.ends_at, \
                    m.status, m.tzid, m.rrule, m.duration_min FROM invitee i \
                    JOIN meeting m ON m.id = i.meeting_id WHERE i.hash_digest = $1";

/// The meeting's part of a [`LINK`] row: its room and time, and its rule as stored.
fn link_meeting(row: &Row<'_>) -> Result<(RoomSlot, StoredRule)> {
    let b = INVITEE_COLUMN_COUNT;
    let status: String = row.get(b + 4)?;
    let starts_at = row.get(b + 2)?;
    let slot = RoomSlot {
        room: row.get(b)?,
        subject: row.get(b + 1)?,
        starts_at: from_ts(starts_at)?,
        ends_at: from_ts(row.get(b + 3)?)?,
        status: parse_enum(b + 4, &status)?,
    };
    let rule = (row.get(b + 5)?, row.get(b + 6)?, starts_at, row.get(b + 7)?);
    Ok((slot, rule))
}

/// Everything `/join/{hash}` needs in one round trip (two for a series with exceptions):
/// the invitee, their meeting's room and time, and its series when it repeats.
pub fn fetch_link(
    conn: &Connection,
    link_hash: &str,
) -> Result<(Invitee, RoomSlot, Option<Series>)> {
    let (invitee, (slot, rule)) = by_hash(conn, LINK, link_hash, link_meeting)?;
    let series = super::series::series_from(conn, invitee.meeting_id, rule)?;
    Ok((invitee, slot, series))
}

/// [`fetch_link`] from async code: on PostgreSQL through the worker's own client (see
/// `hot_reads`), on SQLite as [`Db::read`] does.
pub async fn find_link(
    db: &super::Db,
    link_hash: &str,
) -> Result<(Invitee, RoomSlot, Option<Series>)> {
    let Some(hot) = db.hot_reads() else {
        let link = link_hash.to_owned();
        return db.read(move |c| fetch_link(c, &link)).await;
    };
    if !hash::is_well_formed(link_hash) {
        return Err(Error::NotFound);
    }
    let row = hot
        .query_opt(LINK, params![hash::digest(link_hash)])
        .await?;
    let Some(row) = row else {
        return Err(Error::NotFound);
    };
    let row = Row::Pg(&row);
    let invitee = invitee_from_row(&row)?;
    if !hash::matches(&invitee.hash, link_hash) {
        return Err(Error::NotFound);
    }
    let (slot, rule) = link_meeting(&row)?;
    let series = super::series::series_from_hot(hot, invitee.meeting_id, rule).await?;
    Ok((invitee, slot, series))
}

fn by_hash<T>(
    conn: &Connection,
    sql: &str,
    link_hash: &str,
    rest: impl FnOnce(&Row<'_>) -> Result<T>,
) -> Result<(Invitee, T)> {
    if !hash::is_well_formed(link_hash) {
        return Err(Error::NotFound);
    }
    let found = conn
        .prepare_cached(sql)?
        .query_row(params![hash::digest(link_hash)], |row| {
            Ok((invitee_from_row(row)?, rest(row)?))
        })
        .optional()?;
    match found {
        Some((invitee, other)) if hash::matches(&invitee.hash, link_hash) => Ok((invitee, other)),
        _ => Err(Error::NotFound),
    }
}

pub fn update_invitee(conn: &Connection, id: i64, name: &str, role: Role) -> Result<()> {
    conn.execute(
        "UPDATE invitee SET display_name = $2, role = $3 WHERE id = $1",
        params![id, name, role.as_str()],
    )?;
    Ok(())
}

/// Gives invitee `id` another personal link (a split series hands the old one on).
pub fn update_hash(conn: &Connection, id: i64, link_hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE invitee SET hash = $2, hash_digest = $3 WHERE id = $1",
        params![id, link_hash, hash::digest(link_hash)],
    )?;
    Ok(())
}

pub fn update_partstat(
    conn: &Connection,
    id: i64,
    partstat: PartStat,
    at: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE invitee SET partstat = $2, answered_at = $3 WHERE id = $1",
        params![id, partstat.as_str(), to_ts(at)],
    )?;
    Ok(())
}

pub fn delete_invitee(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM invitee WHERE id = $1", params![id])?;
    Ok(())
}
