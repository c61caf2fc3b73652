//! Planning reminders inside the transaction of the change that causes it: a booking plans
//! them, an edit re-plans them, a cancellation drops them. The offsets come from the database
//! (see [`sync_offsets`]), so every process sharing it plans alike.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::domain::Meeting;
use crate::domain::reminder::{Offsets, ReminderKind, replan};
use crate::store::{meetings, reminders};

/// Brings the reminders of `meeting` in line with its times, at `now`.
pub fn plan(conn: &Connection, meeting: &Meeting, now: DateTime<Utc>) -> Result<(), Error> {
    if meeting.is_cancelled() {
        reminders::delete_pending(conn, meeting.id)?;
        return Ok(());
    }
    let offsets = reminders::fetch_offsets(conn)?;
    for kind in ReminderKind::ALL {
        let existing = reminders::list_planned(conn, meeting.id, kind)?;
        let anchor = kind.anchor(meeting.starts_at, meeting.ends_at);
        let steps = replan(&existing, offsets.of(kind), anchor, now);
        reminders::apply_steps(conn, meeting.id, kind, &steps)?;
    }
    Ok(())
}

/// Cancelling drops every pending reminder of the meeting.
pub fn drop_pending(conn: &Connection, meeting_id: i64) -> Result<(), Error> {
    reminders::delete_pending(conn, meeting_id)?;
    Ok(())
}

/// Stores the configured offsets (at start). When they changed, every meeting still to come
/// is re-planned with them, as if it had just been edited; returns how many were.
pub fn sync_offsets(
    conn: &mut Connection,
    offsets: &Offsets,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let tx = conn.transaction()?;
    if !reminders::replace_offsets(&tx, offsets)? {
        return Ok(0);
    }
    let ids = reminders::list_upcoming_meeting_ids(&tx, now)?;
    for id in &ids {
        let meeting = meetings::fetch_meeting(&tx, *id)?;
        plan(&tx, &meeting, now)?;
    }
    tx.commit()?;
    Ok(ids.len())
}
