//! The reminder scheduler: mail reminders before the start, messages into the room before the
//! end. Inside `jmb serve` it runs every `reminders.interval_s` (and when woken);
//! `jmb remind --once` runs one pass for operators who prefer cron.
//!
//! Exactly once, however many passes run at the same time: a mail reminder is marked sent in
//! the same write transaction that queues its mails into the outbox, so of two passes only one
//! can do both; an XMPP reminder is claimed in the database before it is posted and marked sent
//! once the room has it. A Prosody that is down or refuses the login leaves it pending for a
//! later retry; XMPP runs in its own loop, so it never holds mail reminders up.

mod once;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::{Notify, watch};

use crate::clock::SharedClock;
use crate::config::Config;
use crate::domain::reminder::{
    Offsets, ReminderKind, ReminderState, SkipReason, Timing, Verdict, mail_notices, room_note,
    triage,
};
use crate::domain::{Invitee, Meeting, Notice};
use crate::i18n::chat::{ChatTexts, chat};
use crate::mail::{Composer, OutboxHandle};
use crate::store::outbox::{self, NewMail};
use crate::store::reminders::{self, DueRow};
use crate::store::{self, Db, invitees, meetings};
use crate::xmpp::{self, Delivery, Session};

pub use once::{OnceReport, once};

/// Mail reminders handled per write transaction: the writer lock is held while their mails
/// are composed, so a batch stays short next to what the web pages write.
const MAIL_BATCH: u32 = 200;
/// Rooms visited per XMPP pass.
const XMPP_BATCH: u32 = 20;
/// First wait before posting again into a room after a failure; it doubles up to the ceiling.
const XMPP_RETRY_FIRST: Duration = Duration::seconds(30);
const XMPP_RETRY_CEILING: Duration = Duration::minutes(5);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Service(#[from] crate::service::Error),
    #[error(transparent)]
    Mail(#[from] crate::mail::Error),
    #[error("[xmpp]: {0}")]
    Xmpp(#[from] xmpp::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.into())
    }
}

/// The offsets to plan with: XMPP ones only when `[xmpp]` is configured.
pub fn configured_offsets(config: &Config) -> Offsets {
    let xmpp: &[u32] = if config.xmpp.is_some() {
        &config.reminders.xmpp_before_end_min
    } else {
        &[]
    };
    Offsets::new(&config.reminders.mail_before_start_min, xmpp)
}

/// What handlers and tests hold: a way to make the scheduler look now rather than at its next
/// interval (the test clock moved, say).
#[derive(Clone, Default)]
pub struct SchedulerHandle {
    mail: Arc<Notify>,
    xmpp: Arc<Notify>,
}

impl SchedulerHandle {
    pub fn wake(&self) {
        self.mail.notify_one();
        self.xmpp.notify_one();
    }
}

/// What one mail pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MailPass {
    pub reminders_sent: usize,
    pub mails_queued: usize,
    pub skipped: usize,
}

impl MailPass {
    fn add(&mut self, other: MailPass) {
        self.reminders_sent += other.reminders_sent;
        self.mails_queued += other.mails_queued;
        self.skipped += other.skipped;
    }
}

/// What one XMPP pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct XmppPass {
    pub posted: usize,
    pub skipped: usize,
    /// Left pending for a retry.
    pub failed: usize,
}

pub struct Scheduler {
    db: Db,
    clock: SharedClock,
    composer: Arc<Composer>,
    outbox: OutboxHandle,
    handle: SchedulerHandle,
    xmpp: Option<xmpp::Account>,
    chat: &'static ChatTexts,
    offsets: Offsets,
    interval: StdDuration,
}

impl Scheduler {
    pub fn new(
        config: &Config,
        db: Db,
        clock: SharedClock,
        composer: Arc<Composer>,
        outbox: OutboxHandle,
        handle: SchedulerHandle,
    ) -> Result<Scheduler, Error> {
        let xmpp = config
            .xmpp
            .as_ref()
            .map(xmpp::Account::from_config)
            .transpose()?;
        Ok(Scheduler {
            db,
            clock,
            composer,
            outbox,
            handle,
            xmpp,
            chat: chat(config.server.language),
            offsets: configured_offsets(config),
            interval: StdDuration::from_secs(config.reminders.interval_s.max(1)),
        })
    }

    /// Stores the configured offsets; when they changed, re-plans every meeting to come.
    pub async fn sync_offsets(&self) -> Result<usize, Error> {
        let offsets = self.offsets.clone();
        let now = self.clock.now();
        let replanned = self
            .db
            .run(move |c| crate::service::reminders::sync_offsets(c, &offsets, now))
            .await?;
        if replanned > 0 {
            tracing::info!(
                meetings = replanned,
                "reminder offsets changed: upcoming meetings re-planned"
            );
        }
        Ok(replanned)
    }

    /// Starts the mail and XMPP loops; they stop when `stop` turns true.
    pub fn spawn(self, stop: watch::Receiver<bool>) -> Vec<tokio::task::JoinHandle<()>> {
        let me = Arc::new(self);
        vec![
            tokio::spawn(me.clone().run_mail(stop.clone())),
            tokio::spawn(me.run_xmpp(stop)),
        ]
    }

    async fn run_mail(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        loop {
            match self.mail_pass().await {
                Ok(p) if p != MailPass::default() => tracing::info!(
                    reminders = p.reminders_sent,
                    mails = p.mails_queued,
                    skipped = p.skipped,
                    "mail reminders queued"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "mail reminder pass failed"),
            }
            tokio::select! {
                _ = self.handle.mail.notified() => {}
                _ = tokio::time::sleep(self.interval) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    async fn run_xmpp(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        if self.xmpp.is_none() {
            return;
        }
        loop {
            match self.xmpp_pass().await {
                Ok(p) if p != XmppPass::default() => tracing::info!(
                    posted = p.posted,
                    skipped = p.skipped,
                    failed = p.failed,
                    "room reminders"
                ),
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "room reminder pass failed"),
            }
            tokio::select! {
                _ = self.handle.xmpp.notified() => {}
                _ = tokio::time::sleep(self.interval) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    /// Queues the mails of every mail reminder due now, batch after batch, and wakes the
    /// outbox worker.
    pub async fn mail_pass(&self) -> Result<MailPass, Error> {
        let mut total = MailPass::default();
        loop {
            let now = self.clock.now();
            let composer = self.composer.clone();
            let (pass, full) = self.db.run(move |c| mail_batch(c, &composer, now)).await?;
            total.add(pass);
            if pass.mails_queued > 0 {
                self.outbox.wake();
            }
            if !full {
                return Ok(total);
            }
        }
    }

    /// Posts every XMPP reminder due now into its room, on one login.
    pub async fn xmpp_pass(&self) -> Result<XmppPass, Error> {
        let Some(account) = &self.xmpp else {
            return Ok(XmppPass::default());
        };
        let now = self.clock.now();
        let (jobs, skipped) = self.db.run(move |c| claim_xmpp(c, now)).await?;
        let mut pass = XmppPass {
            skipped,
            ..XmppPass::default()
        };
        if jobs.is_empty() {
            return Ok(pass);
        }
        let mut session = match Session::open(account).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, reminders = jobs.len(), "room reminders wait for XMPP");
                pass.failed = jobs.len();
                for job in jobs {
                    self.retry_later(&job, &e).await?;
                }
                return Ok(pass);
            }
        };
        for job in jobs {
            let text = self.chat.note(room_note(job.ends_at, self.clock.now()));
            match session.post(&job.room, &text).await {
                Ok(Delivery::Posted) => {
                    self.finish(&job.row, ReminderState::Sent, None).await?;
                    pass.posted += 1;
                }
                Ok(Delivery::RoomEmpty) => {
                    let note = SkipReason::RoomEmpty.to_string();
                    self.finish(&job.row, ReminderState::Skipped, Some(note))
                        .await?;
                    pass.skipped += 1;
                }
                Err(e) => {
                    tracing::warn!(room = %job.room, error = %e, "room reminder not posted");
                    self.retry_later(&job, &e).await?;
                    pass.failed += 1;
                }
            }
        }
        session.close().await;
        Ok(pass)
    }

    async fn finish(
        &self,
        row: &DueRow,
        state: ReminderState,
        note: Option<String>,
    ) -> Result<(), Error> {
        let row = *row;
        let now = self.clock.now();
        self.db
            .run(move |c| reminders::mark_done(c, &row, state, note.as_deref(), now))
            .await?;
        Ok(())
    }

    async fn retry_later(&self, job: &XmppJob, error: &xmpp::Error) -> Result<(), Error> {
        let row = job.row;
        let retry_at = self.clock.now() + retry_delay(row.attempts);
        let message = error.to_string();
        self.db
            .run(move |c| reminders::release_for_retry(c, &row, retry_at, &message))
            .await?;
        Ok(())
    }
}

/// After `attempts` failed posts: 30 s, 1 min, 2 min… up to 5 min.
fn retry_delay(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(10);
    XMPP_RETRY_FIRST
        .checked_mul(1i32 << doublings)
        .unwrap_or(XMPP_RETRY_CEILING)
        .min(XMPP_RETRY_CEILING)
}

/// Groups due rows by meeting, keeping their order.
fn by_meeting(rows: Vec<DueRow>) -> BTreeMap<i64, Vec<DueRow>> {
    let mut map: BTreeMap<i64, Vec<DueRow>> = BTreeMap::new();
    for row in rows {
        map.entry(row.key.meeting_id).or_default().push(row);
    }
    map
}

/// The verdict on each due row of one meeting.
fn judge(
    kind: ReminderKind,
    rows: &[DueRow],
    meeting: &Meeting,
    now: DateTime<Utc>,
) -> Vec<(DueRow, Verdict)> {
    let offsets: Vec<u32> = rows.iter().map(|r| r.key.offset_min).collect();
    triage(kind, &offsets, Timing::from(meeting), now)
        .into_iter()
        .filter_map(|(offset, verdict)| {
            rows.iter()
                .find(|r| r.key.offset_min == offset)
                .map(|r| (*r, verdict))
        })
        .collect()
}

/// One mail reminder to compose.
struct MailJob {
    row: DueRow,
    meeting: Meeting,
    invitees: Vec<Invitee>,
    notices: Vec<Notice>,
}

/// One batch of due mail reminders in one write transaction: each is marked done and its
/// mails queued together. Returns what it did and whether the batch was full.
fn mail_batch(
    conn: &mut Connection,
    composer: &Composer,
    now: DateTime<Utc>,
) -> Result<(MailPass, bool), Error> {
    let mut pass = MailPass::default();
    // Most passes find nothing: answer that from the index without taking the writer lock.
    if reminders::list_due(conn, ReminderKind::Mail, now, 1)?.is_empty() {
        return Ok((pass, false));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let due = reminders::list_due(&tx, ReminderKind::Mail, now, MAIL_BATCH)?;
    let full = due.len() == MAIL_BATCH as usize;
    let mut jobs = Vec::new();
    for (meeting_id, rows) in by_meeting(due) {
        let meeting = meetings::fetch_meeting(&tx, meeting_id)?;
        let mut invitees_of_meeting = None;
        for (row, verdict) in judge(ReminderKind::Mail, &rows, &meeting, now) {
            match verdict {
                Verdict::Send => {
                    let invitees = match &invitees_of_meeting {
                        Some(list) => Vec::clone(list),
                        None => {
                            let list = invitees::list_invitees(&tx, meeting_id)?;
                            invitees_of_meeting = Some(list.clone());
                            list
                        }
                    };
                    let notices = mail_notices(row.key.offset_min, &invitees);
                    jobs.push(MailJob {
                        row,
                        meeting: meeting.clone(),
                        invitees,
                        notices,
                    });
                }
                Verdict::Skip(reason) => {
                    let note = reason.to_string();
                    if reminders::mark_done(&tx, &row, ReminderState::Skipped, Some(&note), now)? {
                        pass.skipped += 1;
                    }
                }
            }
        }
    }
    let composed = compose_all(composer, &jobs, now);
    for (job, composed) in jobs.iter().zip(composed) {
        let Some((mails, failures)) = composed else {
            tracing::error!(
                meeting = job.meeting.id,
                "reminder mails could not be composed"
            );
            continue;
        };
        let note = (!failures.is_empty()).then(|| failures.join("; "));
        if !reminders::mark_done(&tx, &job.row, ReminderState::Sent, note.as_deref(), now)? {
            continue;
        }
        for mail in &mails {
            outbox::insert_mail(&tx, mail, now)?;
        }
        pass.reminders_sent += 1;
        pass.mails_queued += mails.len();
    }
    tx.commit()?;
    Ok((pass, full))
}

/// Composes every job's mails, on all cores when there are many (the writer lock is held
/// meanwhile), in the order of `jobs`. A mail that cannot be built is left out, with the
/// reason, rather than holding up everyone else's.
fn compose_all(composer: &Composer, jobs: &[MailJob], now: DateTime<Utc>) -> Vec<Composed> {
    let compose_one = |job: &MailJob| {
        let mut mails = Vec::with_capacity(job.notices.len());
        let mut failures = Vec::new();
        for notice in &job.notices {
            match composer.compose(&job.meeting, &job.invitees, notice, now) {
                Ok(Some(mail)) => mails.push(mail),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(meeting = job.meeting.id, notice = %notice, error = %e,
                        "reminder mail not built");
                    failures.push(format!("{notice}: {e}"));
                }
            }
        }
        Some((mails, failures))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || jobs.len() < 8 {
        return jobs.iter().map(compose_one).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                let handle = scope.spawn(move || part.iter().map(compose_one).collect::<Vec<_>>());
                (part.len(), handle)
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(n, w)| {
                // A panic in a template is a bug: those reminders stay pending, and say so
                // in the log at every pass, rather than go out wrong.
                w.join().unwrap_or_else(|_| vec![None; n])
            })
            .collect()
    })
}

/// A job's mails and the reasons some could not be built; `None` when composing failed.
type Composed = Option<(Vec<NewMail>, Vec<String>)>;

/// An XMPP reminder claimed by this pass.
struct XmppJob {
    row: DueRow,
    room: String,
    ends_at: DateTime<Utc>,
}

/// Claims the XMPP reminders due now (marking superseded and late ones skipped). Returns the
/// claimed ones and how many were skipped.
fn claim_xmpp(conn: &mut Connection, now: DateTime<Utc>) -> Result<(Vec<XmppJob>, usize), Error> {
    if reminders::list_due(conn, ReminderKind::Xmpp, now, 1)?.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let due = reminders::list_due(&tx, ReminderKind::Xmpp, now, XMPP_BATCH)?;
    // Long enough for the whole batch to time out step by step before another pass may
    // take a reminder over.
    let lease = Duration::from_std(xmpp::STEP_TIMEOUT * (due.len() as u32 + 2))
        .unwrap_or(Duration::minutes(10))
        + Duration::seconds(30);
    let (mut jobs, mut skipped) = (Vec::new(), 0);
    for (meeting_id, rows) in by_meeting(due) {
        let meeting = meetings::fetch_meeting(&tx, meeting_id)?;
        for (row, verdict) in judge(ReminderKind::Xmpp, &rows, &meeting, now) {
            match verdict {
                Verdict::Send => {
                    if reminders::claim(&tx, &row, now, now + lease)? {
                        jobs.push(XmppJob {
                            row: DueRow {
                                attempts: row.attempts + 1,
                                ..row
                            },
                            room: meeting.room.clone(),
                            ends_at: meeting.ends_at,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_reminders_are_retried_ever_later_up_to_five_minutes() {
        let delays: Vec<i64> = (1..=6).map(|n| retry_delay(n).num_seconds()).collect();
        assert_eq!(delays, [30, 60, 120, 240, 300, 300]);
    }
}
