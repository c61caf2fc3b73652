//! Planning reminders inside the transaction of the change that causes it: a booking plans
//! them, an edit re-plans them, a cancellation drops them. The offsets come from the database
//! (see [`sync_offsets`]), so every process sharing it plans alike.
//!
//! A series is planned per occurrence, as far as the horizon (`domain::reminder`), and
//! `meeting.planned_until` says how far; the scheduler [`extend`]s it as time passes.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::domain::Meeting;
use crate::domain::reminder::{
    Offsets, ReminderKind, Target, extend_series, extension_due_before, replan_targets,
    series_targets,
};
use crate::store::{meetings, reminders, series};

/// Brings the reminders of `meeting` in line with its times (each occurrence's, for a
/// series), at `now`.
pub fn plan(conn: &Connection, meeting: &Meeting, now: DateTime<Utc>) -> Result<(), Error> {
    if meeting.is_cancelled() {
        reminders::delete_pending(conn, meeting.id)?;
        reminders::set_planned_until(conn, meeting.id, None)?;
        return Ok(());
    }
    let offsets = reminders::fetch_offsets(conn)?;
    let (targets, until) = match series::fetch_series(conn, meeting.id)? {
        Some(s) => series_targets(&s, now),
        None => (vec![Target::of_meeting(meeting)], None),
    };
    for kind in ReminderKind::ALL {
        let existing = reminders::list_planned(conn, meeting.id, kind)?;
        let steps = replan_targets(kind, &existing, offsets.of(kind), &targets, now);
        reminders::apply_steps(conn, meeting.id, kind, &steps)?;
    }
    reminders::set_planned_until(conn, meeting.id, until)?;
    Ok(())
}

/// Cancelling drops every pending reminder of the meeting.
pub fn drop_pending(conn: &Connection, meeting_id: i64) -> Result<(), Error> {
    reminders::delete_pending(conn, meeting_id)?;
    reminders::set_planned_until(conn, meeting_id, None)?;
    Ok(())
}

/// Whether some series' plan ends within the horizon (one indexed read).
pub fn extension_due(conn: &Connection, now: DateTime<Utc>) -> Result<bool, Error> {
    Ok(!reminders::list_to_extend(conn, extension_due_before(now), 1)?.is_empty())
}

/// The scheduler's step that keeps series planned as time passes: at most `limit` series
/// whose plan ends within the horizon get their next occurrences' reminders. Safe when every
/// node runs it: a reminder planned twice is inserted once. Returns the series extended.
pub fn extend(conn: &mut Connection, now: DateTime<Utc>, limit: u32) -> Result<usize, Error> {
    let tx = conn.transaction()?;
    let due = reminders::list_to_extend(&tx, extension_due_before(now), limit)?;
    let offsets = reminders::fetch_offsets(&tx)?;
    for &(id, planned_until) in &due {
        let meeting = meetings::fetch_meeting(&tx, id)?;
        let until = match series::fetch_series(&tx, id)? {
            Some(s) if !meeting.is_cancelled() => {
                let (targets, until) = extend_series(&s, planned_until, now);
                for kind in ReminderKind::ALL {
                    // Only occurrences never planned: nothing exists to re-plan.
                    let steps = replan_targets(kind, &[], offsets.of(kind), &targets, now);
                    reminders::apply_steps(&tx, id, kind, &steps)?;
                }
                until
            }
            _ => None,
        };
        reminders::set_planned_until(&tx, id, until)?;
    }
    tx.commit()?;
    Ok(due.len())
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
