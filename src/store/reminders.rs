//! Planned reminders and the offsets they are planned with. A pass changes a row only while
//! it is still pending and still due at the moment the pass saw, so two passes, or a pass and
//! an edit, never both act on one reminder.

use super::Connection;
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, parse_enum, to_ts};
use crate::domain::reminder::{Offsets, Planned, ReminderKind, ReminderState, Step};

/// One reminder, identified as in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub meeting_id: i64,
    /// The occurrence of a series (its RECURRENCE-ID); `None` for a one-off meeting.
    pub occurrence: Option<DateTime<Utc>>,
    pub kind: ReminderKind,
    pub offset_min: u32,
}

/// The column's value: a one-off meeting's only occurrence is 0.
fn rid(occurrence: Option<DateTime<Utc>>) -> i64 {
    occurrence.map_or(0, to_ts)
}

fn occurrence_of(rid: i64) -> Result<Option<DateTime<Utc>>> {
    if rid == 0 {
        Ok(None)
    } else {
        from_ts(rid).map(Some)
    }
}

/// A pending reminder whose moment has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueRow {
    pub key: Key,
    pub due_at: DateTime<Utc>,
    /// Claims so far (XMPP: failed attempts before this one).
    pub attempts: u32,
}

/// A reminder as `jmb remind --list` and the tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    pub key: Key,
    pub due_at: DateTime<Utc>,
    pub state: ReminderState,
    pub done_at: Option<DateTime<Utc>>,
    pub attempts: u32,
    pub note: Option<String>,
}

pub fn fetch_offsets(conn: &Connection) -> Result<Offsets> {
    let mut stmt = conn.prepare_cached("SELECT kind, offset_min FROM reminder_offset")?;
    let rows = stmt.query_map(params![], |r| {
        let kind: String = r.get(0)?;
        Ok((parse_enum::<ReminderKind>(0, &kind)?, r.get::<u32>(1)?))
    })?;
    let (mut mail, mut xmpp) = (Vec::new(), Vec::new());
    for row in rows {
        match row? {
            (ReminderKind::Mail, o) => mail.push(o),
            (ReminderKind::Xmpp, o) => xmpp.push(o),
        }
    }
    Ok(Offsets::new(&mail, &xmpp))
}

/// Stores the configured offsets; true when they differ from the stored ones.
pub fn replace_offsets(conn: &Connection, offsets: &Offsets) -> Result<bool> {
    if fetch_offsets(conn)? == *offsets {
        return Ok(false);
    }
    conn.execute("DELETE FROM reminder_offset", params![])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO reminder_offset (kind, offset_min) VALUES ($1, $2)")?;
    for kind in ReminderKind::ALL {
        for offset in offsets.of(kind) {
            insert.execute(params![kind.as_str(), offset])?;
        }
    }
    Ok(true)
}

pub fn list_planned(
    conn: &Connection,
    meeting_id: i64,
    kind: ReminderKind,
) -> Result<Vec<Planned>> {
    let mut stmt = conn.prepare_cached(
        "SELECT offset_min, due_at, status, recurrence_id FROM reminder \
         WHERE meeting_id = $1 AND kind = $2",
    )?;
    let rows = stmt.query_map(params![meeting_id, kind.as_str()], |r| {
        let status: String = r.get(2)?;
        Ok(Planned {
            occurrence: occurrence_of(r.get(3)?)?,
            offset_min: r.get(0)?,
            due_at: from_ts(r.get(1)?)?,
            state: parse_enum(2, &status)?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Carries out a plan, each step for its occurrence. Moving or rearming forgets any claim,
/// attempts and note: the reminder starts afresh for its new moment. An insert of a reminder
/// that exists already does nothing: two processes extending one series plan it once.
pub fn apply_steps(
    conn: &Connection,
    meeting_id: i64,
    kind: ReminderKind,
    steps: &[(Option<DateTime<Utc>>, Step)],
) -> Result<()> {
    for (occurrence, step) in steps {
        let rid = rid(*occurrence);
        match *step {
            Step::Insert { offset_min, due_at } => {
                conn.prepare_cached(
                    "INSERT INTO reminder (meeting_id, recurrence_id, kind, offset_min, due_at) \
                     VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (meeting_id, recurrence_id, kind, offset_min) DO NOTHING",
                )?
                .execute(params![
                    meeting_id,
                    rid,
                    kind.as_str(),
                    offset_min,
                    to_ts(due_at)
                ])?;
            }
            Step::Move { offset_min, due_at } | Step::Rearm { offset_min, due_at } => {
                conn.prepare_cached(
                    "UPDATE reminder SET due_at = $5, status = 'pending', done_at = NULL, \
                     claimed_until = NULL, attempts = 0, note = NULL \
                     WHERE meeting_id = $1 AND recurrence_id = $2 AND kind = $3 \
                       AND offset_min = $4",
                )?
                .execute(params![
                    meeting_id,
                    rid,
                    kind.as_str(),
                    offset_min,
                    to_ts(due_at)
                ])?;
            }
            Step::Drop { offset_min } => {
                conn.prepare_cached(
                    "DELETE FROM reminder WHERE meeting_id = $1 AND recurrence_id = $2 \
                     AND kind = $3 AND offset_min = $4 AND status = 'pending'",
                )?
                .execute(params![meeting_id, rid, kind.as_str(), offset_min])?;
            }
        }
    }
    Ok(())
}

/// Records how far a series' reminders are planned (`None`: nothing more to plan).
pub fn set_planned_until(
    conn: &Connection,
    meeting_id: i64,
    until: Option<DateTime<Utc>>,
) -> Result<()> {
    conn.prepare_cached("UPDATE meeting SET planned_until = $2 WHERE id = $1")?
        .execute(params![meeting_id, until.map(to_ts)])?;
    Ok(())
}

const TO_EXTEND_SQL: &str = "SELECT id, planned_until FROM meeting \
     WHERE planned_until < $1 ORDER BY planned_until LIMIT $2";

/// Series whose reminders are planned only up to before `before`, the shortest first, with
/// how far: an index range (sql/*/0015), however many series there are.
pub fn list_to_extend(
    conn: &Connection,
    before: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<(i64, DateTime<Utc>)>> {
    let mut stmt = conn.prepare_cached(TO_EXTEND_SQL)?;
    let rows = stmt.query_map(params![to_ts(before), limit], |r| {
        Ok((r.get::<i64>(0)?, from_ts(r.get(1)?)?))
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Cancelling: every pending reminder of the meeting goes; the history of sent ones stays.
pub fn delete_pending(conn: &Connection, meeting_id: i64) -> Result<usize> {
    conn.prepare_cached("DELETE FROM reminder WHERE meeting_id = $1 AND status = 'pending'")?
        .execute(params![meeting_id])
}

const DUE_SQL: &str = "SELECT meeting_id, offset_min, due_at, attempts, recurrence_id FROM reminder \
     WHERE kind = $1 AND status = 'pending' AND due_at <= $2 \
       AND (claimed_until IS NULL OR claimed_until <= $2) \
     ORDER BY due_at LIMIT $3";

/// How SQLite runs the query for due reminders (`jmb bench remind` shows it).
#[cfg(feature = "bench")]
pub fn explain_due(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {DUE_SQL}"))?;
    let rows = stmt.query_map(params!["mail", 0, 200], |r| r.get::<String>(3))?;
    Ok(rows.collect::<Result<Vec<_>>>()?.join("; "))
}

/// How SQLite finds the series to extend (`jmb bench remind --series`).
#[cfg(feature = "bench")]
pub fn explain_to_extend(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {TO_EXTEND_SQL}"))?;
    let rows = stmt.query_map(params![0, 1], |r| r.get::<String>(3))?;
    Ok(rows.collect::<Result<Vec<_>>>()?.join("; "))
}

/// Pending reminders of `kind` due at `now`, oldest first, that no pass holds (XMPP: nor waits
/// to retry). Reads the partial index only.
pub fn list_due(
    conn: &Connection,
    kind: ReminderKind,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<DueRow>> {
    let mut stmt = conn.prepare_cached(DUE_SQL)?;
    let rows = stmt.query_map(params![kind.as_str(), to_ts(now), limit], |r| {
        Ok(DueRow {
            key: Key {
                meeting_id: r.get(0)?,
                occurrence: occurrence_of(r.get(4)?)?,
                kind,
                offset_min: r.get(1)?,
            },
            due_at: from_ts(r.get(2)?)?,
            attempts: r.get(3)?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Marks a reminder sent or skipped, if it is still pending for the moment `due_at` the
/// caller saw. False: another pass or an edit got there first, and the caller must not send.
pub fn mark_done(
    conn: &Connection,
    row: &DueRow,
    state: ReminderState,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let k = row.key;
    Ok(conn
        .prepare_cached(
            "UPDATE reminder SET status = $5, done_at = $6, note = $7, claimed_until = NULL \
             WHERE meeting_id = $1 AND kind = $2 AND offset_min = $3 AND due_at = $4 \
               AND recurrence_id = $8 AND status = 'pending'",
        )?
        .execute(params![
            k.meeting_id,
            k.kind.as_str(),
            k.offset_min,
            to_ts(row.due_at),
            state.as_str(),
            to_ts(now),
            note,
            rid(k.occurrence),
        ])?
        == 1)
}

/// Claims a due reminder until `until` (a pass is about to post it). False: it is no longer
/// pending for that moment, or another pass holds it.
pub fn claim(
    conn: &Connection,
    row: &DueRow,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool> {
    let k = row.key;
    Ok(conn
        .prepare_cached(
            "UPDATE reminder SET claimed_until = $6, attempts = attempts + 1 \
             WHERE meeting_id = $1 AND kind = $2 AND offset_min = $3 AND due_at = $4 \
               AND recurrence_id = $7 AND status = 'pending' \
               AND (claimed_until IS NULL OR claimed_until <= $5)",
        )?
        .execute(params![
            k.meeting_id,
            k.kind.as_str(),
            k.offset_min,
            to_ts(row.due_at),
            to_ts(now),
            to_ts(until),
            rid(k.occurrence),
        ])?
        == 1)
}

/// A claimed reminder could not be sent: it stays pending, untouched until `retry_at`.
pub fn release_for_retry(
    conn: &Connection,
    row: &DueRow,
    retry_at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    let k = row.key;
    conn.prepare_cached(
        "UPDATE reminder SET claimed_until = $5, note = $6 \
         WHERE meeting_id = $1 AND kind = $2 AND offset_min = $3 AND due_at = $4 \
           AND recurrence_id = $7 AND status = 'pending'",
    )?
    .execute(params![
        k.meeting_id,
        k.kind.as_str(),
        k.offset_min,
        to_ts(row.due_at),
        to_ts(retry_at),
        error,
        rid(k.occurrence),
    ])?;
    Ok(())
}

/// Scheduled meetings that have not ended (re-planned when the offsets change), and series
/// not cancelled: one whose room was held yesterday (`completed`) has occurrences to come.
pub fn list_upcoming_meeting_ids(conn: &Connection, now: DateTime<Utc>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM meeting WHERE ends_at > $1 \
         AND (status = 'scheduled' OR (rrule IS NOT NULL AND status <> 'cancelled')) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![to_ts(now)], |r| r.get(0))?;
    rows.collect::<Result<Vec<_>>>()
}

pub fn list_reminders(conn: &Connection, meeting_id: i64) -> Result<Vec<ReminderRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, offset_min, due_at, status, done_at, attempts, note, recurrence_id \
         FROM reminder WHERE meeting_id = $1 ORDER BY kind, due_at",
    )?;
    let rows = stmt.query_map(params![meeting_id], |r| {
        let kind: String = r.get(0)?;
        let status: String = r.get(3)?;
        Ok(ReminderRow {
            key: Key {
                meeting_id,
                occurrence: occurrence_of(r.get(7)?)?,
                kind: parse_enum(0, &kind)?,
                offset_min: r.get(1)?,
            },
            due_at: from_ts(r.get(2)?)?,
            state: parse_enum(3, &status)?,
            done_at: r.get::<Option<i64>>(4)?.map(from_ts).transpose()?,
            attempts: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Pending reminders of each kind (the benchmark).
#[cfg(feature = "bench")]
pub fn count_pending(conn: &Connection) -> Result<Vec<(ReminderKind, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, COUNT(*) FROM reminder WHERE status = 'pending' GROUP BY kind ORDER BY 1",
    )?;
    let rows = stmt.query_map(params![], |r| {
        let kind: String = r.get(0)?;
        Ok((parse_enum(0, &kind)?, r.get(1)?))
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// Reminders in each state (`/metrics`).
/// Pending reminders whose time has come (sent within seconds while a scheduler runs).
pub fn count_due(conn: &Connection, now: DateTime<Utc>) -> Result<i64> {
    conn.prepare_cached("SELECT COUNT(*) FROM reminder WHERE status = 'pending' AND due_at <= $1")?
        .query_row(params![to_ts(now)], |r| r.get(0))
}

pub fn count_by_state(conn: &Connection) -> Result<Vec<(ReminderState, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, COUNT(*) FROM reminder GROUP BY status ORDER BY 1")?;
    let rows = stmt.query_map(params![], |r| {
        let status: String = r.get(0)?;
        Ok((parse_enum(0, &status)?, r.get(1)?))
    })?;
    rows.collect::<Result<Vec<_>>>()
}
