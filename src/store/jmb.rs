//! Reading a database of the original bash JMB (`jitsi-jmb.db`), read-only.

use std::path::Path;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params};

use super::{Error, Result};
use crate::domain::legacy::{JmbAttendee, JmbFeed, JmbMeeting};

const REQUIRED_TABLES: &[&str] = &["meetings", "attendees"];

/// Opens JMB's file without ever writing to it, and checks it looks like one.
pub fn open(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::Corrupt(format!("{} is not a file", path.display())));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    for table in REQUIRED_TABLES {
        if !has_table(&conn, table)? {
            return Err(Error::Corrupt(format!(
                "{} is not a JMB database: it has no `{table}` table",
                path.display()
            )));
        }
    }
    Ok(conn)
}

fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
        .exists(params![name])?)
}

/// JMB stored whatever the shell handed it: read numbers leniently.
fn int(v: Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(i),
        Value::Real(f) => Some(f as i64),
        Value::Text(t) => t.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Value) -> String {
    match v {
        Value::Text(t) => t,
        Value::Integer(i) => i.to_string(),
        Value::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
        _ => String::new(),
    }
}

pub fn list_meetings(conn: &Connection) -> Result<Vec<JmbMeeting>> {
    let mut stmt = conn.prepare(
        "SELECT meeting_id, meeting_name, meeting_object, meeting_begin, meeting_duration, \
         meeting_end, meeting_create FROM meetings ORDER BY meeting_begin, meeting_id",
    )?;
    let rows = stmt.query_map(params![], |r| {
        Ok(JmbMeeting {
            id: r.get(0)?,
            name: text(r.get(1)?),
            object: text(r.get(2)?),
            begin: int(r.get(3)?).unwrap_or(0),
            duration_s: int(r.get(4)?).unwrap_or(0),
            end: int(r.get(5)?).unwrap_or(0),
            created: int(r.get(6)?).unwrap_or(0),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every attendee row, in the order JMB wrote them.
pub fn list_attendees(conn: &Connection) -> Result<Vec<JmbAttendee>> {
    let mut stmt = conn.prepare(
        "SELECT attendee_meeting_id, attendee_meeting_hash, attendee_role, attendee_email, \
         attendee_partstat FROM attendees ORDER BY attendee_id",
    )?;
    let rows = stmt.query_map(params![], |r| {
        Ok(JmbAttendee {
            meeting_id: int(r.get(0)?).unwrap_or(0),
            hash: text(r.get(1)?),
            role: text(r.get(2)?),
            email: text(r.get(3)?),
            partstat: int(r.get(4)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Feed hashes by login; an older JMB without the `ical` table has none.
pub fn list_feeds(conn: &Connection) -> Result<Vec<JmbFeed>> {
    if !has_table(conn, "ical")? {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare("SELECT ical_owner, ical_hash FROM ical ORDER BY ical_id")?;
    let rows = stmt.query_map(params![], |r| {
        Ok(JmbFeed {
            owner: text(r.get(0)?),
            hash: text(r.get(1)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
