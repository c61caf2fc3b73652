//! `jmb remind --once`: one scheduler pass for cron, then the outbox drained once so that the
//! reminders leave even when no `jmb serve` runs. Safe next to a running `jmb serve`: both
//! claim reminders in the database before sending.

use std::sync::Arc;

use super::{Error, MailPass, Scheduler, SchedulerHandle, XmppPass};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::mail::outbox_worker::OutboxWorker;
use crate::mail::{Composer, OutboxHandle, RetryPolicy, Transport};
use crate::store::Db;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OnceReport {
    pub mail: MailPass,
    /// Mails the outbox sent (reminders, and anything else that was due).
    pub mails_sent: usize,
    pub xmpp: XmppPass,
}

impl std::fmt::Display for OnceReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "mail reminders: {} sent ({} mails queued), {} skipped; outbox: {} mails sent",
            self.mail.reminders_sent, self.mail.mails_queued, self.mail.skipped, self.mails_sent
        )?;
        writeln!(
            f,
            "room reminders: {} posted, {} skipped, {} left for a retry",
            self.xmpp.posted, self.xmpp.skipped, self.xmpp.failed
        )
    }
}

pub async fn once(config: &Config, clock: SharedClock) -> Result<OnceReport, Error> {
    let db = Db::connect(&config.database, config.database.pool_size)?;
    let composer = Arc::new(Composer::new(config)?);
    let transport = Transport::from_config(config)?;
    let outbox = OutboxHandle::default();
    let scheduler = Scheduler::new(
        config,
        db.clone(),
        clock.clone(),
        composer,
        outbox.clone(),
        SchedulerHandle::default(),
    )?;
    scheduler.sync_offsets().await?;
    // Mail first and XMPP after: a Prosody that does not answer cannot hold the mails up.
    let mail = scheduler.mail_pass().await?;
    let worker = OutboxWorker::new(
        db,
        transport,
        clock,
        RetryPolicy::from_config(&config.mail),
        outbox,
    );
    let mails_sent = worker.drain().await;
    let xmpp = scheduler.xmpp_pass().await?;
    Ok(OnceReport {
        mail,
        mails_sent,
        xmpp,
    })
}
