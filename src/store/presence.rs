//! Rooms and who was in them: `room_state` and `presence` (sql/0005_presence.sql).

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, parse_enum, to_ts};
use crate::domain::MeetingStatus;
use crate::domain::attendance::Stay;

/// What an event needs to know of the meeting behind a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMeeting {
    pub id: i64,
    pub status: MeetingStatus,
    pub starts_at: DateTime<Utc>,
    pub owner: String,
    pub owner_email: String,
    pub owner_name: String,
}

pub fn fetch_meeting_for_room(conn: &Connection, room: &str) -> Result<Option<RoomMeeting>> {
    conn.prepare_cached(
        "SELECT id, status, starts_at, owner, owner_email, owner_name FROM meeting \
             WHERE room = $1",
    )?
    .query_row(params![room], |row| {
        let status: String = row.get(1)?;
        Ok(RoomMeeting {
            id: row.get(0)?,
            status: parse_enum(1, &status)?,
            starts_at: from_ts(row.get(2)?)?,
            owner: row.get(3)?,
            owner_email: row.get(4)?,
            owner_name: row.get(5)?,
        })
    })
    .optional()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomState {
    pub room_jid: String,
    pub created_at: Option<DateTime<Utc>>,
    pub destroyed_at: Option<DateTime<Utc>>,
}

pub fn fetch_room_state(
    conn: &Connection,
    meeting_id: i64,
    breakout: &str,
) -> Result<Option<RoomState>> {
    conn.prepare_cached(
        "SELECT room_jid, created_at, destroyed_at FROM room_state \
             WHERE meeting_id = $1 AND breakout = $2",
    )?
    .query_row(params![meeting_id, breakout], |row| {
        Ok(RoomState {
            room_jid: row.get(0)?,
            created_at: row.get::<Option<i64>>(1)?.map(from_ts).transpose()?,
            destroyed_at: row.get::<Option<i64>>(2)?.map(from_ts).transpose()?,
        })
    })
    .optional()
}

/// Records what is known of a room; times only move forward, so a late copy of an older
/// event changes nothing.
pub fn upsert_room_state(
    conn: &Connection,
    meeting_id: i64,
    breakout: &str,
    room_jid: &str,
    created_at: Option<DateTime<Utc>>,
    destroyed_at: Option<DateTime<Utc>>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO room_state (meeting_id, breakout, room_jid, created_at, destroyed_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (meeting_id, breakout) DO UPDATE SET \
           room_jid = CASE WHEN excluded.room_jid <> '' THEN excluded.room_jid \
             ELSE room_state.room_jid END, \
           created_at = CASE WHEN excluded.created_at IS NULL \
               OR room_state.created_at >= excluded.created_at \
             THEN COALESCE(room_state.created_at, excluded.created_at) \
             ELSE excluded.created_at END, \
           destroyed_at = CASE WHEN excluded.destroyed_at IS NULL \
               OR room_state.destroyed_at >= excluded.destroyed_at \
             THEN COALESCE(room_state.destroyed_at, excluded.destroyed_at) \
             ELSE excluded.destroyed_at END",
    )?
    .execute(params![
        meeting_id,
        breakout,
        room_jid,
        created_at.map(to_ts),
        destroyed_at.map(to_ts)
    ])?;
    Ok(())
}

/// A stay about to be written.
#[derive(Debug, Clone)]
pub struct NewStay<'a> {
    /// The occurrence of a series the stay belongs to (its RECURRENCE-ID).
    pub occurrence: Option<DateTime<Utc>>,
    pub meeting_id: i64,
    pub breakout: &'a str,
    pub occupant_jid: &'a str,
    pub person_key: &'a str,
    pub invitee_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
    pub moderator: bool,
    pub joined_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
}

/// A join. Returns false when this stay is already known (a retried event, or its leave
/// came first).
pub fn insert_stay(conn: &Connection, s: &NewStay<'_>) -> Result<bool> {
    write_stay(
        conn,
        "INSERT INTO presence (meeting_id, breakout, occupant_jid, person_key, invitee_id, \
             display_name, email, was_moderator, joined_at, left_at, recurrence_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (meeting_id, breakout, occupant_jid, joined_at) DO NOTHING",
        s,
    )
}

/// A leave that names its join: closes that stay, or records the whole stay when the join
/// has not arrived (yet). An already closed stay keeps its first leave time.
pub fn upsert_closed_stay(conn: &Connection, s: &NewStay<'_>) -> Result<bool> {
    write_stay(
        conn,
        "INSERT INTO presence (meeting_id, breakout, occupant_jid, person_key, invitee_id, \
             display_name, email, was_moderator, joined_at, left_at, recurrence_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (meeting_id, breakout, occupant_jid, joined_at) DO UPDATE \
             SET left_at = excluded.left_at WHERE presence.left_at IS NULL",
        s,
    )
}

fn write_stay(conn: &Connection, sql: &str, s: &NewStay<'_>) -> Result<bool> {
    let n = conn.prepare_cached(sql)?.execute(params![
        s.meeting_id,
        s.breakout,
        s.occupant_jid,
        s.person_key,
        s.invitee_id,
        s.name,
        s.email,
        s.moderator,
        to_ts(s.joined_at),
        s.left_at.map(to_ts),
        s.occurrence.map(to_ts),
    ])?;
    Ok(n == 1)
}

/// A leave without its join time: closes the occupant's latest open stay in that room.
pub fn close_latest_stay(
    conn: &Connection,
    meeting_id: i64,
    breakout: &str,
    occupant_jid: &str,
    left_at: DateTime<Utc>,
) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE presence SET left_at = CASE WHEN joined_at > $4 THEN joined_at ELSE $4 END \
             WHERE id = \
             (SELECT id FROM presence WHERE meeting_id = $1 AND breakout = $2 \
              AND occupant_jid = $3 AND left_at IS NULL ORDER BY joined_at DESC LIMIT 1)",
        )?
        .execute(params![meeting_id, breakout, occupant_jid, to_ts(left_at)])?;
    Ok(n == 1)
}

/// The room is gone: whoever is still marked present in it left when it went.
pub fn close_open_stays(
    conn: &Connection,
    meeting_id: i64,
    breakout: &str,
    at: DateTime<Utc>,
) -> Result<usize> {
    conn.prepare_cached(
        "UPDATE presence SET left_at = $3 WHERE meeting_id = $1 AND breakout = $2 \
             AND left_at IS NULL AND joined_at <= $3",
    )?
    .execute(params![meeting_id, breakout, to_ts(at)])
}

pub fn any_stay(conn: &Connection, meeting_id: i64) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM presence WHERE meeting_id = $1")?
        .exists(params![meeting_id])
}

pub fn list_stays(conn: &Connection, meeting_id: i64) -> Result<Vec<Stay>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_key, display_name, email, was_moderator, invitee_id, breakout, \
         joined_at, left_at, recurrence_id FROM presence WHERE meeting_id = $1 \
         ORDER BY joined_at, id",
    )?;
    let rows = stmt.query_map(params![meeting_id], |row| {
        Ok(Stay {
            person_key: row.get(0)?,
            name: row.get(1)?,
            email: row.get(2)?,
            moderator: row.get(3)?,
            invitee_id: row.get(4)?,
            breakout: row.get(5)?,
            joined_at: from_ts(row.get(6)?)?,
            left_at: row.get::<Option<i64>>(7)?.map(from_ts).transpose()?,
            occurrence: row.get::<Option<i64>>(8)?.map(from_ts).transpose()?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Every stay ever recorded (benchmarks).
#[cfg(feature = "bench")]
pub fn count_stays(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM presence", params![], |r| r.get(0))
}

/// For `/metrics`: occupants now in the rooms of jmb's meetings (every open stay).
pub fn count_participants_now(conn: &Connection) -> Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM presence WHERE left_at IS NULL",
        params![],
        |r| r.get(0),
    )
}
