use super::{Connection, OptionalExtension, Row};
use crate::params;
use chrono::{DateTime, Utc};

use super::{Error, Result, from_ts, parse_enum, to_ts};
use crate::domain::listing::{Order, Window};
use crate::domain::{Meeting, MeetingStatus};

const COLUMNS: &str = "id, uid, room, subject, description, owner, owner_email, owner_name, \
                       starts_at, duration_min, ends_at, status, sequence, created_at, updated_at";

pub(crate) fn meeting_from_row(row: &Row<'_>) -> Result<Meeting> {
    meeting_from_row_at(row, 0)
}

/// Reads the meeting columns starting at `base` (for joins that put other columns first).
pub(crate) fn meeting_from_row_at(row: &Row<'_>, base: usize) -> Result<Meeting> {
    let status: String = row.get(base + 11)?;
    Ok(Meeting {
        id: row.get(base)?,
        uid: row.get(base + 1)?,
        room: row.get(base + 2)?,
        subject: row.get(base + 3)?,
        description: row.get(base + 4)?,
        owner: row.get(base + 5)?,
        owner_email: row.get(base + 6)?,
        owner_name: row.get(base + 7)?,
        starts_at: from_ts(row.get(base + 8)?)?,
        duration_min: row.get(base + 9)?,
        ends_at: from_ts(row.get(base + 10)?)?,
        status: parse_enum::<MeetingStatus>(base + 11, &status)?,
        sequence: row.get(base + 12)?,
        created_at: from_ts(row.get(base + 13)?)?,
        updated_at: from_ts(row.get(base + 14)?)?,
    })
}

pub(crate) fn columns_prefixed(prefix: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{prefix}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A meeting about to be written.
#[derive(Debug, Clone)]
pub struct NewMeeting<'a> {
    pub uid: &'a str,
    pub room: &'a str,
    pub subject: &'a str,
    pub description: &'a str,
    pub owner: &'a str,
    pub owner_email: &'a str,
    pub owner_name: &'a str,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub ends_at: DateTime<Utc>,
    pub status: MeetingStatus,
    pub sequence: u32,
    pub created_at: DateTime<Utc>,
}

pub fn insert_meeting(conn: &Connection, m: &NewMeeting<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO meeting (uid, room, subject, description, owner, owner_email, owner_name, \
         starts_at, duration_min, ends_at, status, sequence, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )?
    .query_row(
        params![
            m.uid,
            m.room,
            m.subject,
            m.description,
            m.owner,
            m.owner_email,
            m.owner_name,
            to_ts(m.starts_at),
            m.duration_min,
            to_ts(m.ends_at),
            m.status.as_str(),
            m.sequence,
            to_ts(m.created_at),
        ],
        |r| r.get(0),
    )
}

pub fn fetch_meeting(conn: &Connection, id: i64) -> Result<Meeting> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM meeting WHERE id = $1"))?
        .query_row(params![id], meeting_from_row)
        .optional()?
        .ok_or(Error::NotFound)
}

pub fn fetch_meeting_by_room(conn: &Connection, room: &str) -> Result<Option<Meeting>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM meeting WHERE room = $1"))?
        .query_row(params![room], meeting_from_row)
        .optional()
}

pub fn room_taken(conn: &Connection, room: &str, except_id: Option<i64>) -> Result<bool> {
    conn.prepare_cached(
        "SELECT 1 FROM meeting WHERE room = $1 AND id IS DISTINCT FROM $2 \
             UNION ALL SELECT 1 FROM personal_room WHERE room = $1",
    )?
    .exists(params![room, except_id])
}

/// The fields an edit may change; the sequence goes up by one.
#[derive(Debug, Clone)]
pub struct MeetingChange<'a> {
    pub room: &'a str,
    pub subject: &'a str,
    pub description: &'a str,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub ends_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub fn update_meeting(conn: &Connection, id: i64, c: &MeetingChange<'_>) -> Result<()> {
    let n = conn.execute(
        "UPDATE meeting SET room = $2, subject = $3, description = $4, starts_at = $5, \
         duration_min = $6, ends_at = $7, updated_at = $8, sequence = sequence + 1 \
         WHERE id = $1",
        params![
            id,
            c.room,
            c.subject,
            c.description,
            to_ts(c.starts_at),
            c.duration_min,
            to_ts(c.ends_at),
            to_ts(c.updated_at),
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// A change to the invitee list alone: calendars must see a newer version.
pub fn update_meeting_touched(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE meeting SET sequence = sequence + 1, updated_at = $2 WHERE id = $1",
        params![id, to_ts(now)],
    )?;
    Ok(())
}

/// Something about the meeting changed that does not concern the organiser's version of it
/// (an answer): calendars showing answers must refresh, SEQUENCE stays.
pub fn update_meeting_updated_at(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE meeting SET updated_at = $2 WHERE id = $1",
        params![id, to_ts(now)],
    )?;
    Ok(())
}

/// Marks the meeting cancelled (kept for the record and for calendar clients).
pub fn update_meeting_cancelled(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    let n = conn.execute(
        "UPDATE meeting SET status = 'cancelled', sequence = sequence + 1, updated_at = $2 \
         WHERE id = $1 AND status <> 'cancelled'",
        params![id, to_ts(now)],
    )?;
    if n == 0 {
        return Err(Error::Conflict("already cancelled"));
    }
    Ok(())
}

pub fn update_meeting_status(conn: &Connection, id: i64, status: MeetingStatus) -> Result<()> {
    conn.execute(
        "UPDATE meeting SET status = $2 WHERE id = $1",
        params![id, status.as_str()],
    )?;
    Ok(())
}

/// Meetings `login` owns or `email` is invited to that end after `since`: upcoming ones
/// first by start, then past ones, most recent first.
pub fn list_meetings_for(
    conn: &Connection,
    login: &str,
    email: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Meeting>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM meeting WHERE ends_at >= $3 AND (owner = $1 OR id IN \
         (SELECT meeting_id FROM invitee WHERE email = $2)) \
         ORDER BY CASE WHEN ends_at >= $4 THEN 0 ELSE 1 END, \
         CASE WHEN ends_at >= $4 THEN starts_at ELSE -starts_at END, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![login, email, to_ts(since), to_ts(now)],
        meeting_from_row,
    )?;
    rows.collect::<Result<Vec<_>>>()
}

/// At most `w.limit` meetings `login` owns or `email` is invited to, within the window.
/// Each half of the union stops at the limit too. The owner's half reads the meetings that
/// end within the window (index `meeting_owner_ends`), the invitee's half the address's
/// invitations: a page costs a sort of those numbers, never a load of every meeting.
pub fn list_meetings_page(
    conn: &Connection,
    login: &str,
    email: &str,
    w: &Window,
    order: Order,
) -> Result<Vec<Meeting>> {
    let (cmp, dir, unbounded) = match order {
        Order::Ascending => (">", "ASC", i64::MIN),
        Order::Descending => ("<", "DESC", i64::MAX),
    };
    // Only these two fixed spellings reach the text; every value is a parameter.
    let filter = format!(
        "m.ends_at >= $3 AND m.ends_at < $8 AND m.starts_at < $4 \
         AND (m.starts_at, m.id) {cmp} ($5, $6)"
    );
    let sorted = format!("ORDER BY m.starts_at {dir}, m.id {dir} LIMIT $7");
    let columns = columns_prefixed("m");
    let sql = format!(
        "SELECT {COLUMNS} FROM ( \
           SELECT * FROM (SELECT {columns} FROM meeting m WHERE m.owner = $1 AND {filter} \
                          {sorted}) AS owned \
           UNION \
           SELECT * FROM (SELECT {columns} FROM invitee i JOIN meeting m ON m.id = i.meeting_id \
                          WHERE i.email = $2 AND $2 <> '' AND {filter} {sorted}) AS invited) \
           AS page \
         ORDER BY starts_at {dir}, id {dir} LIMIT $7"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            login,
            email,
            to_ts(w.from),
            w.to.map_or(i64::MAX, to_ts),
            w.after.map_or(unbounded, |c| to_ts(c.starts_at)),
            w.after.map_or(unbounded, |c| c.id),
            w.limit,
            w.ends_before.map_or(i64::MAX, to_ts),
        ],
        meeting_from_row,
    )?;
    rows.collect::<Result<Vec<_>>>()
}

pub fn count_meetings(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM meeting", params![], |r| r.get(0))
}
