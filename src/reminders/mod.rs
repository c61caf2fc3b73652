//! The reminder scheduler: mail reminders before the start, messages into the room before the
//! end. Inside `jmb serve` it is two workers ([`MailReminders`], [`RoomReminders`]) that
//! make a pass every `reminders.interval_s` (and when woken);
//! `jmb remind --once` runs one pass for operators who prefer cron.
//!
//! Exactly once, however many passes run at the same time: a mail reminder is marked sent in
//! the same write transaction that queues its mails into the outbox, so of two passes only one
//! can do both; an XMPP reminder is claimed in the database before it is posted and marked sent
//! once the room has it. A Prosody that is down or refuses the login leaves it pending for a
//! later retry; XMPP runs on its own worker, so it never holds mail reminders up.

mod mail;
mod once;
mod room;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::domain::reminder::{Offsets, ReminderKind, Timing, Verdict, triage};
use crate::i18n::Tr;
use crate::mail::{Composer, OutboxHandle};
use crate::store::reminders::{self, DueRow};
use crate::store::{self, Db};
use crate::worker::{self, Next, Wake, Worker};
use crate::xmpp;

pub use once::{OnceReport, once};

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
    #[error("reminder pass interrupted: {0}")]
    Interrupted(String),
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
    mail: Wake,
    xmpp: Wake,
}

impl SchedulerHandle {
    pub fn wake(&self) {
        self.mail.wake();
        self.xmpp.wake();
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

/// Series extended per write transaction, so that other writers wait little.
const EXTEND_BATCH: u32 = 200;

pub struct Scheduler {
    db: Db,
    clock: SharedClock,
    composer: Arc<Composer>,
    outbox: OutboxHandle,
    handle: SchedulerHandle,
    xmpp: Option<xmpp::Account>,
    chat: Tr,
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
            chat: Tr::new(config.server.language),
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

    /// Whether there are room reminders to post (`[xmpp]` is configured).
    pub fn posts_to_rooms(&self) -> bool {
        self.xmpp.is_some()
    }

    /// Queues the mails of every mail reminder due now into the outbox, and wakes its worker.
    pub async fn mail_pass(&self) -> Result<MailPass, Error> {
        self.mail_pass_at(self.clock.now()).await
    }

    async fn mail_pass_at(&self, now: DateTime<Utc>) -> Result<MailPass, Error> {
        self.extend_series(now).await?;
        let (db, composer, outbox) = (self.db.clone(), self.composer.clone(), self.outbox.clone());
        // Most passes find nothing: one indexed read here, without a hand-off to a thread.
        if self
            .db
            .read(move |c| reminders::list_due(c, ReminderKind::Mail, now, 1))
            .await?
            .is_empty()
        {
            return Ok(MailPass::default());
        }
        tokio::task::spawn_blocking(move || mail::pass(&db, &composer, &outbox, now))
            .await
            .map_err(|e| Error::Interrupted(e.to_string()))?
    }

    /// Plans the next occurrences of the series whose plan ends within the horizon, before
    /// the pass looks for due reminders (those occurrences' may be due already). Most passes
    /// find none: one indexed read.
    async fn extend_series(&self, now: DateTime<Utc>) -> Result<usize, Error> {
        use crate::service::reminders::{extend, extension_due};
        if !self.db.read(move |c| extension_due(c, now)).await? {
            return Ok(0);
        }
        let mut extended = 0;
        loop {
            let n = self.db.run(move |c| extend(c, now, EXTEND_BATCH)).await?;
            extended += n;
            if n < EXTEND_BATCH as usize {
                break;
            }
        }
        tracing::info!(series = extended, "series reminders planned further ahead");
        Ok(extended)
    }

    /// Posts every XMPP reminder due now into its room, on one login.
    pub async fn xmpp_pass(&self) -> Result<XmppPass, Error> {
        self.xmpp_pass_at(self.clock.now()).await
    }

    async fn xmpp_pass_at(&self, now: DateTime<Utc>) -> Result<XmppPass, Error> {
        match &self.xmpp {
            Some(account) => room::pass(self, account, now).await,
            None => Ok(XmppPass::default()),
        }
    }
}

/// The mail reminders inside `jmb serve`: a pass every `reminders.interval_s`, or when woken.
pub struct MailReminders(pub Arc<Scheduler>);

impl Worker for MailReminders {
    fn name(&self) -> &'static str {
        "mail reminders"
    }

    fn wake(&self) -> Option<Wake> {
        Some(self.0.handle.mail.clone())
    }

    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, worker::Error>> {
        Box::pin(async move {
            let p = self.0.mail_pass_at(now).await?;
            if p != MailPass::default() {
                tracing::info!(
                    reminders = p.reminders_sent,
                    mails = p.mails_queued,
                    skipped = p.skipped,
                    "mail reminders queued"
                );
            }
            Ok(Next::After(self.0.interval))
        })
    }
}

/// The room reminders inside `jmb serve`, on a worker of their own so that a Prosody that
/// does not answer never holds the mail reminders up.
pub struct RoomReminders(pub Arc<Scheduler>);

impl Worker for RoomReminders {
    fn name(&self) -> &'static str {
        "room reminders"
    }

    fn wake(&self) -> Option<Wake> {
        Some(self.0.handle.xmpp.clone())
    }

    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, worker::Error>> {
        Box::pin(async move {
            let p = self.0.xmpp_pass_at(now).await?;
            if p != XmppPass::default() {
                tracing::info!(
                    posted = p.posted,
                    skipped = p.skipped,
                    failed = p.failed,
                    "room reminders"
                );
            }
            Ok(Next::After(self.0.interval))
        })
    }
}

/// Due rows of one occurrence: a meeting and the occurrence (`None`: a one-off meeting).
type OccurrenceKey = (i64, Option<DateTime<Utc>>);

/// Groups due rows by meeting and occurrence, keeping their order.
fn by_occurrence(rows: Vec<DueRow>) -> BTreeMap<OccurrenceKey, Vec<DueRow>> {
    let mut map: BTreeMap<OccurrenceKey, Vec<DueRow>> = BTreeMap::new();
    for row in rows {
        map.entry((row.key.meeting_id, row.key.occurrence))
            .or_default()
            .push(row);
    }
    map
}

/// The verdict on each due row of one occurrence, with its times.
fn judge(
    kind: ReminderKind,
    rows: &[DueRow],
    timing: Timing,
    now: DateTime<Utc>,
) -> Vec<(DueRow, Verdict)> {
    let offsets: Vec<u32> = rows.iter().map(|r| r.key.offset_min).collect();
    triage(kind, &offsets, timing, now)
        .into_iter()
        .filter_map(|(offset, verdict)| {
            rows.iter()
                .find(|r| r.key.offset_min == offset)
                .map(|r| (*r, verdict))
        })
        .collect()
}
