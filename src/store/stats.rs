//! The numbers behind `/metrics` and `jmb stats`, read in one pass when asked.

use super::Connection;
use crate::params;
use chrono::{DateTime, Utc};

use super::outbox::MailStatus;
use super::{Result, to_ts};
use crate::domain::reminder::ReminderState;
use crate::domain::stats::Stats;

/// Counts for `/metrics` and `jmb stats` at `now`; `day` is today's local day as
/// [`crate::domain::stats::local_day`] gives it.
pub fn snapshot(
    conn: &Connection,
    now: DateTime<Utc>,
    day: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Stats> {
    let mut s = Stats::default();
    let mut stmt = conn.prepare_cached("SELECT status, COUNT(*) FROM meeting GROUP BY status")?;
    let rows = stmt.query_map(params![], |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)))?;
    for row in rows {
        let (status, n) = row?;
        match status.as_str() {
            "scheduled" => s.meetings_scheduled = n,
            "cancelled" => s.meetings_cancelled = n,
            "in-progress" => s.meetings_in_progress = n,
            "completed" => s.meetings_completed = n,
            _ => {}
        }
    }
    s.meetings_today = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM meeting WHERE starts_at >= $1 AND starts_at < $2 \
             AND status <> 'cancelled'",
        )?
        .query_row(params![to_ts(day.0), to_ts(day.1)], |r| r.get(0))?;
    s.meetings_upcoming = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM meeting WHERE status = 'scheduled' AND starts_at > $1",
        )?
        .query_row(params![to_ts(now)], |r| r.get(0))?;
    let mut stmt =
        conn.prepare_cached("SELECT partstat, COUNT(*) FROM invitee GROUP BY partstat")?;
    let rows = stmt.query_map(params![], |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)))?;
    for row in rows {
        let (partstat, n) = row?;
        match partstat.as_str() {
            "needs-action" => s.invitees_needs_action = n,
            "accepted" => s.invitees_accepted = n,
            "declined" => s.invitees_declined = n,
            "tentative" => s.invitees_tentative = n,
            _ => {}
        }
    }
    // Prosody reports a room as the meeting's status (service::events).
    s.rooms_in_progress = s.meetings_in_progress;
    s.participants_in_rooms = super::presence::count_participants_now(conn)?;
    for (status, n) in super::outbox::count_by_status(conn)? {
        match status {
            // A mail being sent is still waiting from the operator's point of view.
            MailStatus::Queued | MailStatus::Sending => s.outbox_queued += n,
            MailStatus::Sent => s.outbox_sent = n,
            MailStatus::Failed => s.outbox_failed = n,
        }
    }
    for (state, n) in super::reminders::count_by_state(conn)? {
        match state {
            ReminderState::Pending => s.reminders_pending = n,
            ReminderState::Sent => s.reminders_sent = n,
            // Done without sending: neither waiting nor delivered.
            ReminderState::Skipped => {}
        }
    }
    s.reminders_due = super::reminders::count_due(conn, now)?;
    let size = match conn.engine() {
        super::Engine::Sqlite => {
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        }
        super::Engine::Postgres => "SELECT pg_database_size(current_database())",
    };
    s.database_bytes = conn.query_row(size, params![], |r| r.get(0))?;
    Ok(s)
}
