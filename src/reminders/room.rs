//! The XMPP pass: claim the room reminders due now, post them on one login, record each
//! outcome. A reminder that could not be posted stays pending and is tried again later.

use crate::store::Connection;
use chrono::{DateTime, Duration, Utc};

use super::{Error, Scheduler, XmppPass, by_occurrence, judge};
use crate::domain::reminder::{
    ReminderKind, ReminderState, SkipReason, Timing, Verdict, room_note,
};
use crate::store::reminders::{self, DueRow};
use crate::store::{meetings, series};
use crate::xmpp::{self, Delivery, Session};

/// Rooms visited per pass.
const BATCH: u32 = 20;
/// First wait before posting again after a failure; it doubles up to the ceiling.
const RETRY_FIRST: Duration = Duration::seconds(30);
const RETRY_CEILING: Duration = Duration::minutes(5);

/// A room reminder claimed by this pass.
struct Job {
    row: DueRow,
    room: String,
    ends_at: DateTime<Utc>,
}

pub(super) async fn pass(
    s: &Scheduler,
    account: &xmpp::Account,
    now: DateTime<Utc>,
) -> Result<XmppPass, Error> {
    if s.db
        .read(move |c| reminders::list_due(c, ReminderKind::Xmpp, now, 1))
        .await?
        .is_empty()
    {
        return Ok(XmppPass::default());
    }
    let (jobs, skipped) = s.db.run(move |c| claim(c, now)).await?;
    let mut pass = XmppPass {
        skipped,
        ..XmppPass::default()
    };
    if jobs.is_empty() {
        return Ok(pass);
    }
    let mut session = match Session::open(account).await {
        Ok(session) => session,
        Err(e) => {
            tracing::warn!(error = %e, reminders = jobs.len(), "room reminders wait for XMPP");
            pass.failed = jobs.len();
            for job in &jobs {
                retry_later(s, job, &e).await?;
            }
            return Ok(pass);
        }
    };
    for job in &jobs {
        let text = s.chat.room_note(room_note(job.ends_at, s.clock.now()));
        match session.post(&job.room, &text).await {
            Ok(Delivery::Posted) => {
                finish(s, &job.row, ReminderState::Sent, None).await?;
                pass.posted += 1;
            }
            Ok(Delivery::RoomEmpty) => {
                let note = SkipReason::RoomEmpty.to_string();
                finish(s, &job.row, ReminderState::Skipped, Some(note)).await?;
                pass.skipped += 1;
            }
            Err(e) => {
                tracing::warn!(room = %job.room, error = %e, "room reminder not posted");
                retry_later(s, job, &e).await?;
                pass.failed += 1;
            }
        }
    }
    session.close().await;
    Ok(pass)
}

/// Claims the room reminders due now, marking superseded and late ones skipped. Returns the
/// claimed ones and how many were skipped.
fn claim(conn: &mut Connection, now: DateTime<Utc>) -> Result<(Vec<Job>, usize), Error> {
    let tx = conn.transaction()?;
    let due = reminders::list_due(&tx, ReminderKind::Xmpp, now, BATCH)?;
    // Long enough for the whole batch to time out step by step before another pass may take
    // a reminder over.
    let steps = u32::try_from(due.len()).unwrap_or(BATCH) + 2;
    let lease = Duration::from_std(xmpp::STEP_TIMEOUT * steps).unwrap_or(Duration::minutes(10))
        + Duration::seconds(30);
    let (mut jobs, mut skipped) = (Vec::new(), 0);
    for ((meeting_id, occurrence), rows) in by_occurrence(due) {
        let meeting = meetings::fetch_meeting(&tx, meeting_id)?;
        // A series' room hears of the end of the occurrence being held, moved or not.
        let series = series::fetch_series(&tx, meeting_id)?;
        let timing = Timing::of(&meeting, series.as_ref(), occurrence);
        for (row, verdict) in judge(ReminderKind::Xmpp, &rows, timing, now) {
            match verdict {
                Verdict::Send => {
                    if reminders::claim(&tx, &row, now, now + lease)? {
                        jobs.push(Job {
                            row: DueRow {
                                attempts: row.attempts + 1,
                                ..row
                            },
                            room: meeting.room.clone(),
                            ends_at: timing.ends_at,
                        });
                    }
                }
                Verdict::Skip(reason) => {
                    let note = reason.to_string();
                    if reminders::mark_done(&tx, &row, ReminderState::Skipped, Some(&note), now)? {
                        skipped += 1;
                    }
                }
            }
        }
    }
    tx.commit()?;
    Ok((jobs, skipped))
}

async fn finish(
    s: &Scheduler,
    row: &DueRow,
    state: ReminderState,
    note: Option<String>,
) -> Result<(), Error> {
    let row = *row;
    let now = s.clock.now();
    s.db.run(move |c| reminders::mark_done(c, &row, state, note.as_deref(), now))
        .await?;
    Ok(())
}

async fn retry_later(s: &Scheduler, job: &Job, error: &xmpp::Error) -> Result<(), Error> {
    let row = job.row;
    let retry_at = s.clock.now() + retry_delay(row.attempts);
    let message = error.to_string();
    s.db.run(move |c| reminders::release_for_retry(c, &row, retry_at, &message))
        .await?;
    Ok(())
}

/// After `attempts` failed posts: 30 s, 1 min, 2 min… up to 5 min.
fn retry_delay(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(10);
    RETRY_FIRST
        .checked_mul(1i32 << doublings)
        .unwrap_or(RETRY_CEILING)
        .min(RETRY_CEILING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_reminders_are_retried_ever_later_up_to_five_minutes() {
        let delays: Vec<i64> = (1..=6).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 300, 300]);
    }
}
