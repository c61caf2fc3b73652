//! The claim on ending a room at its booked end (sql/0005_presence.sql, `room_end`): the row
//! is inserted by exactly one process, which then makes the call.

use super::Connection;
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, to_ts};

/// A live room past its booked end (plus grace) that nobody has ended yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRoom {
    pub meeting_id: i64,
    pub room_jid: String,
    /// Earlier failed attempts (0 for a first try).
    pub attempts: i64,
}

/// Rooms whose meeting ended at or before `ended_by`, in progress according to Prosody, and
/// not yet ended: never tried, or failed fewer than `max_attempts` times, the last one
/// before `retry_before`.
pub fn list_due(
    conn: &Connection,
    ended_by: DateTime<Utc>,
    max_attempts: i64,
    retry_before: DateTime<Utc>,
) -> Result<Vec<DueRoom>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, rs.room_jid, COALESCE(e.attempts, 0) FROM meeting m \
         JOIN room_state rs ON rs.meeting_id = m.id AND rs.breakout = '' AND rs.room_jid <> '' \
         LEFT JOIN room_end e ON e.meeting_id = m.id \
         WHERE m.status = 'in-progress' AND m.ends_at <= $1 \
         AND (e.meeting_id IS NULL OR (e.outcome = 'failed' AND e.attempts < $2 \
              AND e.done_at <= $3)) \
         ORDER BY m.ends_at",
    )?;
    let rows = stmt.query_map(
        params![to_ts(ended_by), max_attempts, to_ts(retry_before)],
        |row| {
            Ok(DueRoom {
                meeting_id: row.get(0)?,
                room_jid: row.get(1)?,
                attempts: row.get(2)?,
            })
        },
    )?;
    rows.collect::<Result<Vec<_>>>()
}

/// Takes the job; false when another process (or an earlier pass) already has it.
pub fn claim(conn: &Connection, due: &DueRoom, now: DateTime<Utc>) -> Result<bool> {
    let n = if due.attempts == 0 {
        conn.execute(
            "INSERT INTO room_end (meeting_id, attempts, claimed_at) VALUES ($1, 1, $2) \
             ON CONFLICT (meeting_id) DO NOTHING",
            params![due.meeting_id, to_ts(now)],
        )?
    } else {
        conn.execute(
            "UPDATE room_end SET attempts = attempts + 1, claimed_at = $3, outcome = NULL, \
             done_at = NULL WHERE meeting_id = $1 AND attempts = $2 AND outcome = 'failed'",
            params![due.meeting_id, due.attempts, to_ts(now)],
        )?
    };
    Ok(n == 1)
}

/// `outcome` is one of `ended`, `gone`, `failed`.
pub fn record_outcome(
    conn: &Connection,
    meeting_id: i64,
    outcome: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE room_end SET outcome = $2, detail = $3, done_at = $4 WHERE meeting_id = $1",
        params![meeting_id, outcome, detail, to_ts(now)],
    )?;
    Ok(())
}
