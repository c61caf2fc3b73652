//! Outgoing webhooks: Standard Webhooks signatures ([`sign`]), where an endpoint may be
//! reached ([`Reach`]), and the worker that delivers the events `service::webhooks` writes.
//!
//! A delivery is claimed under a lease as the outbox's mails are, sent with no redirects
//! followed, a short timeout and a cap on what is read of the answer; 2xx is delivered,
//! anything else is tried again later (30 s, doubling) until the bound, then failed.

pub mod sign;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use ipnet::IpNet;

use crate::clock::SharedClock;
use crate::config::WebhookDeliveryConfig;
use crate::domain::webhook::{RetryPolicy, is_internal};
use crate::store::webhooks::{self as store, ClaimedDelivery};
use crate::store::{self as db, Db};
use crate::worker::{self, Next, Wake, Worker};

/// How long a claimed delivery stays with its sender before another pass may take it.
const LEASE: Duration = Duration::minutes(5);
const BATCH: u32 = 32;
/// Deliveries under way at once.
const PARALLEL: usize = 8;
/// A change that queued a delivery wakes the worker of its own node; it also looks this
/// often for what nobody woke it for (retries that fell due, a lease run out, events
/// written where no wake-up reaches).
const POLL: StdDuration = StdDuration::from_secs(10);
/// Delivered deliveries are forgotten at most this often.
const PURGE_EVERY: Duration = Duration::hours(1);
/// What is read of an answer at most; the rest is dropped with the connection.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Longest error kept for `jmb webhooks`.
const MAX_ERROR_CHARS: usize = 300;

/// Why an endpoint may not be reached; the text names the problem for the organiser or the
/// operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreachable {
    #[error("not an http(s) URL")]
    NotAUrl,
    #[error("plain http is only allowed to the networks in webhook_delivery.allow_networks")]
    PlainHttp,
    #[error("its host does not resolve")]
    Unresolved,
    #[error("it points into the site's own network")]
    Internal,
}

/// Where endpoints may be reached: the networks the operator allows.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    allowed: Vec<IpNet>,
}

impl Reach {
    pub fn new(config: &WebhookDeliveryConfig) -> Self {
        Reach {
            allowed: config.allow_networks.clone(),
        }
    }

    fn allowed(&self, ip: IpAddr) -> bool {
        self.allowed.iter().any(|n| n.contains(&ip))
    }

    /// The addresses to connect to for `url`, resolved now and checked: plain http only to
    /// allowed networks; an organiser's endpoint (`site = false`) never to an internal
    /// address outside them. Checked at creation and again at each delivery, whose
    /// connection then goes to exactly these addresses (DNS may have changed meanwhile).
    pub async fn resolve(
        &self,
        url: &str,
        site: bool,
    ) -> Result<(url::Url, Vec<SocketAddr>), Unreachable> {
        let parsed = url::Url::parse(url).map_err(|_| Unreachable::NotAUrl)?;
        let https = match parsed.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(Unreachable::NotAUrl),
        };
        let host = parsed.host_str().ok_or(Unreachable::NotAUrl)?;
        let port = parsed.port_or_known_default().ok_or(Unreachable::NotAUrl)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((host, port))
                .await
                .map_err(|_| Unreachable::Unresolved)?
                .collect(),
        };
        if addrs.is_empty() {
            return Err(Unreachable::Unresolved);
        }
        for a in &addrs {
            let ip = a.ip();
            if !https && !self.allowed(ip) {
                return Err(Unreachable::PlainHttp);
            }
            if !site && is_internal(ip) && !self.allowed(ip) {
                return Err(Unreachable::Internal);
            }
        }
        Ok((parsed, addrs))
    }
}

/// The outcome of one attempt.
struct Attempt {
    http_status: Option<u16>,
    error: Option<String>,
}

pub struct DeliveryWorker {
    db: Db,
    clock: SharedClock,
    reach: Reach,
    policy: RetryPolicy,
    timeout: StdDuration,
    /// What the changes that queue deliveries hold (`AppState::webhooks`).
    wake: Wake,
    keep: Duration,
    last_purge: Option<DateTime<Utc>>,
}

impl DeliveryWorker {
    pub fn new(db: Db, clock: SharedClock, config: &WebhookDeliveryConfig, wake: Wake) -> Self {
        DeliveryWorker {
            db,
            clock,
            wake,
            keep: Duration::days(i64::from(config.keep_days)),
            last_purge: None,
            reach: Reach::new(config),
            policy: RetryPolicy {
                first: Duration::seconds(i64::try_from(config.retry_first_s).unwrap_or(30)),
                ceiling: Duration::hours(1),
                give_up: Duration::hours(i64::from(config.give_up_h)),
            },
            timeout: StdDuration::from_secs(config.timeout_s),
        }
    }

    /// One batch: how many were claimed.
    async fn pass(&self, now: DateTime<Utc>) -> Result<usize, db::Error> {
        let batch = self
            .db
            .run(move |c| store::claim_due(c, now, LEASE, BATCH))
            .await?;
        let claimed = batch.len();
        let results = futures_util::stream::iter(batch)
            .map(|d| async move {
                let attempt = self.attempt(&d).await;
                self.record(&d, attempt).await
            })
            .buffer_unordered(PARALLEL)
            .collect::<Vec<_>>()
            .await;
        for r in results {
            r?;
        }
        Ok(claimed)
    }

    /// Forgets the deliveries made more than `keep_days` ago, at most once an hour.
    async fn forget_old_delivered(&mut self, now: DateTime<Utc>) {
        if self.last_purge.is_some_and(|t| now - t < PURGE_EVERY) {
            return;
        }
        self.last_purge = Some(now);
        let before = now - self.keep;
        match self
            .db
            .run(move |c| store::delete_delivered_before(c, before))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(deliveries = n, "forgot old webhook deliveries"),
            Err(e) => tracing::warn!(error = %e, "could not forget old webhook deliveries"),
        }
    }

    async fn attempt(&self, d: &ClaimedDelivery) -> Attempt {
        let failed = |error: String| Attempt {
            http_status: None,
            error: Some(error),
        };
        let (url, addrs) = match self.reach.resolve(&d.url, d.site).await {
            Ok(r) => r,
            Err(e) => return failed(format!("endpoint refused: {e}")),
        };
        let Ok(key) = sign::key(&d.secret) else {
            return failed("the subscription's secret is not a whsec_ secret".into());
        };
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(StdDuration::from_secs(5)))
            .user_agent(concat!("jmb/", env!("CARGO_PKG_VERSION"), " (webhooks)"));
        if let Some(host) = url.host_str()
            && host.parse::<IpAddr>().is_err()
        {
            builder = builder.resolve_to_addrs(host, &addrs);
        }
        let client = match builder.build() {
            Ok(c) => c,
            Err(e) => return failed(format!("no HTTP client: {e}")),
        };
        let timestamp = self.clock.now().timestamp();
        let signature = sign::sign(&key, &d.uid, timestamp, d.payload.as_bytes());
        let sent = client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &d.uid)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(d.payload.clone())
            .send()
            .await;
        let mut response = match sent {
            Ok(r) => r,
            Err(e) => return failed(describe(e)),
        };
        let status = response.status();
        // Read a little of the answer so that the connection ends cleanly, never more.
        let mut read = 0usize;
        while read < MAX_ANSWER_BYTES {
            match response.chunk().await {
                Ok(Some(c)) => read += c.len(),
                _ => break,
            }
        }
        Attempt {
            http_status: Some(status.as_u16()),
            error: (!status.is_success()).then(|| format!("answered {status}")),
        }
    }

    /// Writes one result down at once, so that a stop right after loses nothing.
    async fn record(&self, d: &ClaimedDelivery, attempt: Attempt) -> Result<(), db::Error> {
        let now = self.clock.now();
        let id = d.id;
        match attempt.error {
            None => {
                let status = attempt.http_status.unwrap_or(200);
                self.db
                    .run(move |c| store::mark_delivered(c, id, status, now))
                    .await?;
                tracing::debug!(id, "webhook delivered");
            }
            Some(error) => {
                let retry_at = self.policy.next_attempt(d.attempts, d.created_at, now);
                let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
                match retry_at {
                    Some(at) => tracing::info!(
                        id, attempts = d.attempts, error = %error, retry_at = %at,
                        "webhook not delivered, will retry"
                    ),
                    None => tracing::warn!(
                        id, attempts = d.attempts, error = %error,
                        "webhook not delivered, giving up (see `jmb webhooks`)"
                    ),
                }
                let status = attempt.http_status;
                self.db
                    .run(move |c| store::mark_attempt_failed(c, id, status, &error, retry_at))
                    .await?;
            }
        }
        Ok(())
    }
}

/// The error of a request, with its causes but without the URL (it may carry a token of the
/// receiver's).
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".into();
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A tick delivers one batch: again at once while batches come full, else a look every
/// [`POLL`] for retries that fell due, or sooner when a change queued a delivery.
impl Worker for DeliveryWorker {
    fn name(&self) -> &'static str {
        "webhooks"
    }

    fn wake(&self) -> Option<Wake> {
        Some(self.wake.clone())
    }

    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, worker::Error>> {
        Box::pin(async move {
            let claimed = self.pass(now).await?;
            if claimed >= BATCH as usize {
                return Ok(Next::Again);
            }
            self.forget_old_delivered(now).await;
            Ok(Next::After(POLL))
        })
    }
}

/// `jmb webhooks` output: one line per delivery.
pub fn describe_deliveries(rows: &[store::DeliveryRow]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>6}  {:<9} {:>3} {:>4}  {:<18} {:>7}  {:<40} {:<20} last error",
        "id", "status", "try", "http", "event", "meeting", "url", "next attempt / done"
    );
    for r in rows {
        let when = r.delivered_at.unwrap_or(r.next_attempt_at);
        let _ = writeln!(
            out,
            "{:>6}  {:<9} {:>3} {:>4}  {:<18} {:>7}  {:<40} {:<20} {}",
            r.id,
            r.status.as_str(),
            r.attempts,
            r.last_status.map(|s| s.to_string()).unwrap_or_default(),
            r.event_type,
            r.meeting_id.map(|m| m.to_string()).unwrap_or_default(),
            r.url,
            when.format("%Y-%m-%d %H:%M:%S"),
            r.last_error.as_deref().unwrap_or("")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(allowed: &[&str]) -> Reach {
        Reach {
            allowed: allowed.iter().map(|n| n.parse().unwrap()).collect(),
        }
    }

    #[tokio::test]
    async fn organiser_endpoints_may_not_point_inside_unless_the_operator_allows_it() {
        let none = reach(&[]);
        for url in [
            "https://127.0.0.1/x",
            "https://10.0.0.1/x",
            "https://[::1]/x",
        ] {
            assert_eq!(
                none.resolve(url, false).await.unwrap_err(),
                Unreachable::Internal,
                "{url}"
            );
        }
        assert!(none.resolve("https://10.0.0.1/x", true).await.is_ok());
        assert!(
            reach(&["10.0.0.0/8"])
                .resolve("https://10.0.0.1/x", false)
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn plain_http_goes_only_to_allowed_networks() {
        assert_eq!(
            reach(&[])
                .resolve("http://127.0.0.1:8080/x", true)
                .await
                .unwrap_err(),
            Unreachable::PlainHttp
        );
        assert!(
            reach(&["127.0.0.0/8"])
                .resolve("http://127.0.0.1:8080/x", false)
                .await
                .is_ok()
        );
        assert_eq!(
            reach(&[])
                .resolve("ftp://example.org/", true)
                .await
                .unwrap_err(),
            Unreachable::NotAUrl
        );
    }
}
