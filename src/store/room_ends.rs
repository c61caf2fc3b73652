//! The claim on ending a room at its booked end (sql/0005_presence.sql, `room_end`; per
//! occurrence of a series since sql/0015): the row is inserted by exactly one process, which
//! then makes the call.

use super::Connection;
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, to_ts};

/// A live room past its booked end (plus grace) that nobody has ended yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRoom {
    pub meeting_id: i64,
    /// The occurrence being held (its RECURRENCE-ID); `None` for a one-off meeting.
    pub occurrence: Option<DateTime<Utc>>,
    pub room_jid: String,
    /// Earlier failed attempts (0 for a first try).
    pub attempts: i64,
}

/// A live room of a series: which occurrence it is held for is the series' to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSeriesRoom {
    pub meeting_id: i64,
    pub room_jid: String,
    /// When Prosody last made the room.
    pub created_at: Option<DateTime<Utc>>,
}

/// Not yet ended: never tried, or failed fewer than `$2` times, the last one before `$3`.
const CLAIMABLE: &str = "(e.meeting_id IS NULL OR (e.outcome = 'failed' AND e.attempts < $2 \
     AND e.done_at <= $3))";

fn rid(occurrence: Option<DateTime<Utc>>) -> i64 {
    occurrence.map_or(0, to_ts)
}

/// One-off meetings that ended at or before `ended_by`, in progress according to Prosody,
/// and not yet ended: never tried, or failed fewer than `max_attempts` times, the last one
/// before `retry_before`.
pub fn list_due(
    conn: &Connection,
    ended_by: DateTime<Utc>,
    max_attempts: i64,
    retry_before: DateTime<Utc>,
) -> Result<Vec<DueRoom>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT m.id, rs.room_jid, COALESCE(e.attempts, 0) FROM meeting m \
         JOIN room_state rs ON rs.meeting_id = m.id AND rs.breakout = '' AND rs.room_jid <> '' \
         LEFT JOIN room_end e ON e.meeting_id = m.id AND e.recurrence_id = 0 \
         WHERE m.status = 'in-progress' AND m.rrule IS NULL AND m.ends_at <= $1 \
         AND {CLAIMABLE} ORDER BY m.ends_at"
    ))?;
    let rows = stmt.query_map(
        params![to_ts(ended_by), max_attempts, to_ts(retry_before)],
        |row| {
            Ok(DueRoom {
                meeting_id: row.get(0)?,
                occurrence: None,
                room_jid: row.get(1)?,
                attempts: row.get(2)?,
            })
        },
    )?;
    rows.collect::<Result<Vec<_>>>()
}

/// The rooms of series in progress according to Prosody (as many as live rooms at most).
pub fn list_live_series(conn: &Connection) -> Result<Vec<LiveSeriesRoom>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, rs.room_jid, rs.created_at FROM meeting m \
         JOIN room_state rs ON rs.meeting_id = m.id AND rs.breakout = '' AND rs.room_jid <> '' \
         WHERE m.status = 'in-progress' AND m.rrule IS NOT NULL ORDER BY m.id",
    )?;
    let rows = stmt.query_map(params![], |row| {
        Ok(LiveSeriesRoom {
            meeting_id: row.get(0)?,
            room_jid: row.get(1)?,
            created_at: row.get::<Option<i64>>(2)?.map(from_ts).transpose()?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Occurrence `occurrence` of a series' room, if it is not ended yet (as [`list_due`] says).
pub fn due_occurrence(
    conn: &Connection,
    room: &LiveSeriesRoom,
    occurrence: DateTime<Utc>,
    max_attempts: i64,
    retry_before: DateTime<Utc>,
) -> Result<Option<DueRoom>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT COALESCE(e.attempts, 0) FROM meeting m \
         LEFT JOIN room_end e ON e.meeting_id = m.id AND e.recurrence_id = $4 \
         WHERE m.id = $1 AND {CLAIMABLE}"
    ))?;
    let mut rows = stmt.query_map(
        params![
            room.meeting_id,
            max_attempts,
            to_ts(retry_before),
            to_ts(occurrence)
        ],
        |row| row.get::<i64>(0),
    )?;
    Ok(match rows.next() {
        Some(attempts) => Some(DueRoom {
            meeting_id: room.meeting_id,
            occurrence: Some(occurrence),
            room_jid: room.room_jid.clone(),
            attempts: attempts?,
        }),
        None => None,
    })
}

/// Takes the job; false when another process (or an earlier pass) already has it.
pub fn claim(conn: &Connection, due: &DueRoom, now: DateTime<Utc>) -> Result<bool> {
    let n = if due.attempts == 0 {
        conn.execute(
            "INSERT INTO room_end (meeting_id, recurrence_id, attempts, claimed_at) \
             VALUES ($1, $2, 1, $3) ON CONFLICT (meeting_id, recurrence_id) DO NOTHING",
            params![due.meeting_id, rid(due.occurrence), to_ts(now)],
        )?
    } else {
        conn.execute(
            "UPDATE room_end SET attempts = attempts + 1, claimed_at = $4, outcome = NULL, \
             done_at = NULL WHERE meeting_id = $1 AND recurrence_id = $2 AND attempts = $3 \
             AND outcome = 'failed'",
            params![
                due.meeting_id,
                rid(due.occurrence),
                due.attempts,
                to_ts(now)
            ],
        )?
    };
    Ok(n == 1)
}

/// `outcome` is one of `ended`, `gone`, `failed`.
pub fn record_outcome(
    conn: &Connection,
    due: &DueRoom,
    outcome: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE room_end SET outcome = $3, detail = $4, done_at = $5 \
         WHERE meeting_id = $1 AND recurrence_id = $2",
        params![
            due.meeting_id,
            rid(due.occurrence),
            outcome,
            detail,
            to_ts(now)
        ],
    )?;
    Ok(())
}
