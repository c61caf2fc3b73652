//! The outbox worker inside `jmb serve`: claims due mails under a lease, sends them a few at
//! a time, and records each result at once. A mail whose send failed goes back in the queue
//! with exponential backoff; after the last attempt it is marked failed (`jmb outbox retry`).
//! A sender that stops mid-batch loses nothing: its lease runs out and another pass sends it.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;

use super::transport::{SMTP_CONNECTIONS, SendError, Transport};
use crate::clock::SharedClock;
use crate::config::MailConfig;
use crate::store::{self, Db, outbox};
use crate::worker::{self, Next, Wake, Worker};

/// How long a claimed mail stays with its sender before another pass may take it.
const LEASE: Duration = Duration::minutes(10);
/// Mails claimed per pass.
const BATCH: u32 = 32;
/// The worker also looks for due retries this often when nobody wakes it.
const POLL: StdDuration = StdDuration::from_secs(10);
/// Sent mails are kept this long (for `jmb outbox`), then forgotten.
const KEEP_SENT_DAYS: i64 = 30;

/// When to try a failed mail again.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub first: Duration,
    pub ceiling: Duration,
}

impl RetryPolicy {
    pub fn from_config(c: &MailConfig) -> Self {
        Self {
            max_attempts: c.max_attempts.max(1),
            first: Duration::seconds(30),
            ceiling: Duration::minutes(i64::from(c.retry_max_min.max(1))),
        }
    }

    /// After `attempts` failed tries: the next try, or `None` when it is the last.
    pub fn next_attempt(
        &self,
        attempts: u32,
        error: &SendError,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if error.permanent || attempts >= self.max_attempts {
            return None;
        }
        let doublings = attempts.saturating_sub(1).min(20);
        let delay = self
            .first
            .checked_mul(1i32 << doublings)
            .unwrap_or(self.ceiling)
            .min(self.ceiling);
        Some(now + delay)
    }
}

/// What handlers hold: a way to wake the worker when they queued mail.
#[derive(Clone, Default)]
pub struct OutboxHandle {
    wake: Wake,
}

impl OutboxHandle {
    pub fn wake(&self) {
        self.wake.wake();
    }
}

pub struct OutboxWorker {
    db: Db,
    transport: Arc<Transport>,
    clock: SharedClock,
    policy: RetryPolicy,
    handle: OutboxHandle,
    last_purge: Option<DateTime<Utc>>,
}

impl OutboxWorker {
    pub fn new(
        db: Db,
        transport: Transport,
        clock: SharedClock,
        policy: RetryPolicy,
        handle: OutboxHandle,
    ) -> Self {
        Self {
            db,
            transport: Arc::new(transport),
            clock,
            policy,
            handle,
            last_purge: None,
        }
    }

    /// Sends everything due now (`jmb remind --once` uses it directly). Returns the number of
    /// mails sent.
    pub async fn drain(&self) -> usize {
        let mut sent = 0;
        loop {
            match self.pass(self.clock.now()).await {
                Ok((claimed, ok)) => {
                    sent += ok;
                    if claimed < BATCH as usize {
                        return sent;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "the outbox could not be read");
                    return sent;
                }
            }
        }
    }

    /// Forgets sent mails older than [`KEEP_SENT_DAYS`], at most once an hour.
    async fn forget_old_sent(&mut self, now: DateTime<Utc>) {
        if self
            .last_purge
            .is_some_and(|t| now - t <= Duration::hours(1))
        {
            return;
        }
        self.last_purge = Some(now);
        let before = now - Duration::days(KEEP_SENT_DAYS);
        if let Err(e) = self
            .db
            .run(move |c| outbox::delete_sent_before(c, before))
            .await
        {
            tracing::warn!(error = %e, "could not forget old sent mails");
        }
    }

    /// One batch: (claimed, sent).
    async fn pass(&self, now: DateTime<Utc>) -> Result<(usize, usize), store::Error> {
        let batch = self
            .db
            .run(move |c| outbox::claim_due(c, now, LEASE, BATCH))
            .await?;
        let claimed = batch.len();
        let results = futures_util::stream::iter(batch)
            .map(|mail| async move {
                let result = self
                    .transport
                    .send_raw(&mail.envelope_from, &mail.recipient, &mail.message)
                    .await;
                self.record(mail.id, mail.attempts, &mail.recipient, result)
                    .await
            })
            .buffer_unordered(SMTP_CONNECTIONS as usize)
            .collect::<Vec<_>>()
            .await;
        let mut sent = 0;
        for r in results {
            if r? {
                sent += 1;
            }
        }
        Ok((claimed, sent))
    }

    /// Writes one result down as soon as it is known, so a stop right after loses nothing.
    async fn record(
        &self,
        id: i64,
        attempts: u32,
        recipient: &str,
        result: Result<(), SendError>,
    ) -> Result<bool, store::Error> {
        let now = self.clock.now();
        match result {
            Ok(()) => {
                self.db.run(move |c| outbox::mark_sent(c, id, now)).await?;
                tracing::debug!(id, "mail sent");
                Ok(true)
            }
            Err(e) => {
                let retry_at = self.policy.next_attempt(attempts, &e, now);
                match retry_at {
                    Some(at) => tracing::warn!(
                        id, attempts, recipient, error = %e.message, retry_at = %at,
                        "mail not sent, will retry"
                    ),
                    None => tracing::error!(
                        id, attempts, recipient, error = %e.message,
                        "mail not sent, giving up (see `jmb outbox`)"
                    ),
                }
                let message = e.message;
                self.db
                    .run(move |c| outbox::mark_attempt_failed(c, id, &message, retry_at))
                    .await?;
                Ok(false)
            }
        }
    }
}

/// A tick sends one batch: again at once while batches come full, then a look every
/// [`POLL`] for retries that fell due, or sooner when a change queued mail.
impl Worker for OutboxWorker {
    fn name(&self) -> &'static str {
        "outbox"
    }

    fn wake(&self) -> Option<Wake> {
        Some(self.handle.wake.clone())
    }

    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, worker::Error>> {
        Box::pin(async move {
            let (claimed, _) = self.pass(now).await?;
            if claimed >= BATCH as usize {
                return Ok(Next::Again);
            }
            self.forget_old_sent(now).await;
            Ok(Next::After(POLL))
        })
    }
}

/// `jmb outbox` output: one line per mail, then the totals.
pub fn describe_queue(rows: &[outbox::MailRow], counts: &[(outbox::MailStatus, i64)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>6}  {:<8} {:>3}  {:<22} {:<32} {:<20} last error",
        "id", "status", "try", "kind", "recipient", "next attempt / sent"
    );
    for r in rows {
        let when = match r.sent_at {
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => r.next_attempt_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        let _ = writeln!(
            out,
            "{:>6}  {:<8} {:>3}  {:<22} {:<32} {:<20} {}",
            r.id,
            r.status.as_str(),
            r.attempts,
            r.kind,
            r.recipient,
            when,
            r.last_error.as_deref().unwrap_or("")
        );
    }
    let totals: Vec<String> = counts
        .iter()
        .map(|(s, n)| format!("{} {n}", s.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "total: {}",
        if totals.is_empty() {
            "empty".to_string()
        } else {
            totals.join(", ")
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn transient() -> SendError {
        SendError {
            message: "connection refused".into(),
            permanent: false,
        }
    }

    #[test]
    fn retries_back_off_exponentially_up_to_the_ceiling_then_stop() {
        let p = RetryPolicy {
            max_attempts: 6,
            first: Duration::seconds(30),
            ceiling: Duration::minutes(5),
        };
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let delays: Vec<i64> = (1..6)
            .map(|n| (p.next_attempt(n, &transient(), now).unwrap() - now).num_seconds())
            .collect();
        assert_eq!(delays, [30, 60, 120, 240, 300]);
        assert_eq!(p.next_attempt(6, &transient(), now), None);
        let refused = SendError {
            message: "550 no such user".into(),
            permanent: true,
        };
        assert_eq!(p.next_attempt(1, &refused, now), None);
    }
}
