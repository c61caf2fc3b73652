//! Ending rooms at their booked end plus `jitsi.grace_min`: a worker ([`RoomEnder`]) inside
//! `jmb serve`. A room is ended once even with several jmb processes on one database: each
//! room's job is claimed in the database first, and only the claimant calls Jitsi.
//!
//! Only rooms Prosody reported live (meeting `in-progress`) are ended, so this needs
//! event_sync. The warning into the room before the end belongs to the XMPP reminders.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;

use super::Error;
use crate::domain::{MeetingStatus, lifecycle};
use crate::jitsi::end_meeting::{Ender, Outcome};
use crate::store::{Db, meetings, room_ends};
use crate::worker::{self, Next, Worker};

/// Retries of a failed call, one pass apart at the least.
const MAX_ATTEMPTS: i64 = 3;

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub grace: Duration,
    /// Wait between two attempts on one room.
    pub retry_after: Duration,
}

/// One pass: claims every due room, asks Jitsi to end it, records what happened.
/// Returns the meetings handled, with the outcome.
pub async fn pass(
    db: &Db,
    ender: &Ender,
    now: DateTime<Utc>,
    policy: Policy,
) -> Result<Vec<(i64, Outcome)>, Error> {
    let claimed = db
        .run(move |conn| -> Result<_, Error> {
            let tx = conn.transaction()?;
            let due = room_ends::list_due(
                &tx,
                now - policy.grace,
                MAX_ATTEMPTS,
                now - policy.retry_after,
            )?;
            let mut mine = Vec::new();
            for room in due {
                if room_ends::claim(&tx, &room, now)? {
                    mine.push(room);
                }
            }
            tx.commit()?;
            Ok(mine)
        })
        .await?;
    let mut handled = Vec::new();
    for room in claimed {
        let outcome = ender.end(&room.room_jid, now).await;
        let (word, detail) = match &outcome {
            Outcome::Ended => ("ended", String::new()),
            Outcome::Gone => ("gone", String::new()),
            Outcome::Failed(why) => ("failed", why.clone()),
        };
        match &outcome {
            Outcome::Failed(why) => tracing::warn!(
                meeting = room.meeting_id,
                room = %room.room_jid,
                attempt = room.attempts + 1,
                error = %why,
                "could not end the room at the booked end"
            ),
            _ => tracing::info!(meeting = room.meeting_id, room = %room.room_jid, outcome = word,
                "room ended at the booked end"),
        }
        let id = room.meeting_id;
        let gone = outcome == Outcome::Gone;
        db.run(move |conn| -> Result<(), Error> {
            let tx = conn.transaction()?;
            room_ends::record_outcome(&tx, id, word, &detail, now)?;
            // No such room: its destruction never reached jmb, so close the meeting here.
            if gone {
                let m = meetings::fetch_meeting(&tx, id)?;
                if m.status == MeetingStatus::InProgress
                    && let Some(next) = lifecycle::after_destroy(m.status, now, m.starts_at, true)
                {
                    meetings::update_meeting_status(&tx, id, next)?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await?;
        handled.push((id, outcome));
    }
    Ok(handled)
}

/// The room ender inside `jmb serve`: a [`pass`] every `interval`.
pub struct RoomEnder {
    pub db: Db,
    pub ender: Ender,
    pub policy: Policy,
    pub interval: StdDuration,
}

impl Worker for RoomEnder {
    fn name(&self) -> &'static str {
        "room ender"
    }

    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, worker::Error>> {
        Box::pin(async move {
            pass(&self.db, &self.ender, now, self.policy).await?;
            Ok(Next::After(self.interval))
        })
    }
}
