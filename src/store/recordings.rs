//! Jibri recordings of a meeting (sql/0005_presence.sql).

use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Result, from_ts, parse_enum, to_ts};
use crate::domain::recording::{Recording, RecordingEvent, RecordingStatus};

/// Records a report about one recording session; repeated or late reports never move a
/// finished recording back to "started" (`RecordingStatus::then`). Run it in a transaction.
pub fn upsert_recording(
    conn: &Connection,
    meeting_id: i64,
    event: &RecordingEvent,
    at: DateTime<Utc>,
) -> Result<()> {
    let before: Option<String> = conn
        .prepare_cached("SELECT status FROM recording WHERE meeting_id = $1 AND session_id = $2")?
        .query_row(params![meeting_id, event.session_id], |r| r.get(0))
        .optional()?;
    let status = match before {
        Some(s) => parse_enum::<RecordingStatus>(0, &s)?.then(event.status),
        None => event.status,
    };
    let (started, ended) = match event.status {
        RecordingStatus::Started => (Some(to_ts(at)), None),
        _ => (None, Some(to_ts(at))),
    };
    conn.prepare_cached(
        "INSERT INTO recording (meeting_id, session_id, status, location, started_at, ended_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (meeting_id, session_id) DO UPDATE SET status = excluded.status, \
           location = CASE WHEN excluded.location <> '' THEN excluded.location \
             ELSE recording.location END, \
           started_at = COALESCE(recording.started_at, excluded.started_at), \
           ended_at = COALESCE(recording.ended_at, excluded.ended_at), \
           updated_at = excluded.updated_at",
    )?
    .execute(params![
        meeting_id,
        event.session_id,
        status.as_str(),
        event.location,
        started,
        ended,
        to_ts(at),
    ])?;
    Ok(())
}

pub fn list_recordings(conn: &Connection, meeting_id: i64) -> Result<Vec<Recording>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, meeting_id, session_id, status, location, started_at, ended_at \
         FROM recording WHERE meeting_id = $1 ORDER BY COALESCE(started_at, ended_at), id",
    )?;
    let rows = stmt.query_map(params![meeting_id], |row| {
        let status: String = row.get(3)?;
        Ok(Recording {
            id: row.get(0)?,
            meeting_id: row.get(1)?,
            session_id: row.get(2)?,
            status: parse_enum(3, &status)?,
            location: row.get(4)?,
            started_at: row.get::<Option<i64>>(5)?.map(from_ts).transpose()?,
            ended_at: row.get::<Option<i64>>(6)?.map(from_ts).transpose()?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}
