//! Ending rooms at their booked end plus `jitsi.grace_min`: a worker ([`RoomEnder`]) inside
//! `jmb serve`. A room is ended once even with several jmb processes on one database: each
//! room's job is claimed in the database first, and only the claimant calls Jitsi.
//!
//! Only rooms Prosody reported live (meeting `in-progress`) are ended, so this needs
//! event_sync. The warning into the room before the end belongs to the XMPP reminders.
//! A series' room is ended at the end of the occurrence it is held for, once per occurrence.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures_util::future::BoxFuture;

use super::Error;
use crate::domain::{MeetingStatus, lifecycle};
use crate::jitsi::end_meeting::{Ender, Outcome};
use crate::store::room_ends::DueRoom;
use crate::store::{Connection, Db, meetings, room_ends, series};
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
            let mut due = room_ends::list_due(
                &tx,
                now - policy.grace,
                MAX_ATTEMPTS,
                now - policy.retry_after,
            )?;
            due.extend(due_occurrences(&tx, now, policy)?);
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
        let done = room.clone();
        db.run(move |conn| -> Result<(), Error> {
            let tx = conn.transaction()?;
            room_ends::record_outcome(&tx, &done, word, &detail, now)?;
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

/// The live rooms of series whose occurrence (the one each room was made for) ended at
/// least `grace` ago and that nobody has ended yet.
fn due_occurrences(
    conn: &Connection,
    now: DateTime<Utc>,
    policy: Policy,
) -> Result<Vec<DueRoom>, Error> {
    let ended_by = now - policy.grace;
    let mut due = Vec::new();
    for room in room_ends::list_live_series(conn)? {
        let Some(s) = series::fetch_series(conn, room.meeting_id)? else {
            continue;
        };
        let Some(held) = s.held_at(room.created_at.unwrap_or(ended_by)) else {
            continue;
        };
        if held.ends_at > ended_by {
            continue;
        }
        if let Some(d) =
            room_ends::due_occurrence(conn, &room, held.id, MAX_ATTEMPTS, now - policy.retry_after)?
        {
            due.push(d);
        }
    }
    Ok(due)
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
