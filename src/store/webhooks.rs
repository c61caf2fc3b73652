//! Outgoing webhooks: subscriptions (the operator's, mirrored from the configuration, and
//! organisers' own), events written in the transaction of their change with one delivery per
//! subscription that wants them, and the deliveries claimed under a lease like the outbox's
//! mails.

use chrono::{DateTime, Duration, Utc};

use super::queue::{self, Queue};
use super::{Connection, Result, from_ts, parse_enum, to_ts};
use crate::domain::webhook::EventFilter;
use crate::params;

#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: i64,
    /// `None`: site-wide, from the configuration.
    pub owner: Option<String>,
    pub url: String,
    pub secret: String,
    pub events: EventFilter,
    pub created_at: DateTime<Utc>,
}

/// A `[[webhooks]]` entry of the configuration.
#[derive(Debug, Clone)]
pub struct SiteSubscription<'a> {
    pub url: &'a str,
    pub secret: &'a str,
    pub events: EventFilter,
}

fn subscription(r: &super::Row<'_>) -> Result<Subscription> {
    let events: String = r.get(4)?;
    Ok(Subscription {
        id: r.get(0)?,
        owner: r.get(1)?,
        url: r.get(2)?,
        secret: r.get(3)?,
        events: EventFilter::from_stored(&events),
        created_at: from_ts(r.get(5)?)?,
    })
}

/// Makes the site-wide rows what the configuration says: same URL kept (its pending
/// deliveries too), new ones added, removed ones dropped with their deliveries.
pub fn sync_site(
    conn: &mut Connection,
    site: &[SiteSubscription<'_>],
    now: DateTime<Utc>,
) -> Result<()> {
    let tx = conn.transaction()?;
    let existing: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare_cached("SELECT id, url FROM webhook_subscription WHERE owner IS NULL")?;
        let rows = stmt.query_map(params![], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<Vec<_>>>()?
    };
    for (id, url) in &existing {
        if !site.iter().any(|s| s.url == url) {
            tx.prepare_cached("DELETE FROM webhook_subscription WHERE id = $1")?
                .execute(params![*id])?;
        }
    }
    for s in site {
        match existing.iter().find(|(_, url)| url == s.url) {
            Some((id, _)) => {
                tx.prepare_cached(
                    "UPDATE webhook_subscription SET secret = $2, events = $3 WHERE id = $1",
                )?
                .execute(params![*id, s.secret, s.events.stored()])?;
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO webhook_subscription (owner, url, secret, events, created_at) \
                     VALUES (NULL, $1, $2, $3, $4)",
                )?
                .execute(params![
                    s.url,
                    s.secret,
                    s.events.stored(),
                    to_ts(now)
                ])?;
            }
        }
    }
    tx.commit()
}

pub fn insert_subscription(
    conn: &Connection,
    owner: &str,
    url: &str,
    secret: &str,
    events: &EventFilter,
    now: DateTime<Utc>,
) -> Result<Subscription> {
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO webhook_subscription (owner, url, secret, events, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )?
        .query_row(
            params![owner, url, secret, events.stored(), to_ts(now)],
            |r| r.get(0),
        )?;
    Ok(Subscription {
        id,
        owner: Some(owner.to_string()),
        url: url.to_string(),
        secret: secret.to_string(),
        events: events.clone(),
        created_at: DateTime::from_timestamp(to_ts(now), 0).unwrap_or(now),
    })
}

/// An organiser's own subscriptions, oldest first.
pub fn list_subscriptions(conn: &Connection, owner: &str) -> Result<Vec<Subscription>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, owner, url, secret, events, created_at FROM webhook_subscription \
         WHERE owner = $1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![owner], subscription)?;
    rows.collect::<Result<Vec<_>>>()
}

/// Deletes one of `owner`'s subscriptions (and what it has still to deliver); false when
/// there is no such subscription of theirs.
pub fn delete_subscription(conn: &Connection, owner: &str, id: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM webhook_subscription WHERE id = $1 AND owner = $2")?
        .execute(params![id, owner])?
        == 1)
}

/// An event about to be written.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub uid: &'a str,
    pub event_type: &'a str,
    pub meeting_id: Option<i64>,
    pub payload: &'a str,
}

/// The subscriptions that want an event of `event_type` about a meeting of `owner`'s: the
/// site's and the owner's own.
pub fn list_targets(conn: &Connection, owner: &str, event_type: &str) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, events FROM webhook_subscription WHERE owner IS NULL OR owner = $1 \
         ORDER BY id",
    )?;
    let rows = stmt.query_map(params![owner], |r| {
        Ok((r.get::<i64>(0)?, r.get::<String>(1)?))
    })?;
    Ok(rows
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter(|(_, events)| EventFilter::from_stored(events).wants(event_type))
        .map(|(id, _)| id)
        .collect())
}

/// Writes an event and one delivery to each of `targets` (see [`list_targets`]).
pub fn insert_event(
    conn: &Connection,
    event: &NewEvent<'_>,
    targets: &[i64],
    now: DateTime<Utc>,
) -> Result<()> {
    let event_id: i64 = conn
        .prepare_cached(
            "INSERT INTO webhook_event (uid, type, meeting_id, payload, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )?
        .query_row(
            params![
                event.uid,
                event.event_type,
                event.meeting_id,
                event.payload,
                to_ts(now)
            ],
            |r| r.get(0),
        )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO webhook_delivery (event_id, subscription_id, meeting_id, next_attempt_at, \
         created_at) VALUES ($1, $2, $3, $4, $4)",
    )?;
    for sub in targets {
        insert.execute(params![event_id, *sub, event.meeting_id, to_ts(now)])?;
    }
    Ok(())
}

/// A delivery claimed for sending.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: i64,
    pub url: String,
    pub secret: String,
    /// Site-wide (the operator's) endpoints may reach the addresses the operator allows;
    /// an organiser's never reach internal ones unless allowed too.
    pub site: bool,
    pub uid: String,
    pub payload: String,
    /// Attempts including this one.
    pub attempts: u32,
    pub created_at: DateTime<Utc>,
}

/// The deliveries as a leased queue: done when delivered, with the HTTP status of the last
/// answer kept.
const QUEUE: Queue = Queue {
    table: "webhook_delivery",
    done: "delivered",
    done_at: "delivered_at",
    outcome: Some("last_status"),
};

/// Claims up to `limit` due deliveries (or ones whose sender's lease ran out) for `lease`,
/// each only when no earlier delivery of the same meeting to the same endpoint is still
/// pending: a receiver gets a meeting's events in order. Claimed once across nodes as the
/// outbox's mails are (see [`queue`]).
pub fn claim_due(
    conn: &mut Connection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
) -> Result<Vec<ClaimedDelivery>> {
    let tx = conn.claim_transaction()?;
    let ids = queue::claim(
        &tx,
        &QUEUE,
        "",
        "NOT EXISTS (SELECT 1 FROM webhook_delivery e \
             WHERE e.subscription_id = q.subscription_id AND e.meeting_id = q.meeting_id \
               AND e.id < q.id AND e.status IN ('queued', 'sending'))",
        now,
        lease,
        limit,
        |_, id, attempts| Ok((id, attempts)),
    )?;
    let mut claimed = Vec::with_capacity(ids.len());
    for (id, attempts) in ids {
        let row = tx
            .prepare_cached(
                "SELECT s.url, s.secret, s.owner, e.uid, e.payload, e.created_at \
                 FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id \
                 JOIN webhook_event e ON e.id = d.event_id WHERE d.id = $1",
            )?
            .query_row(params![id], |r| {
                Ok(ClaimedDelivery {
                    id,
                    url: r.get(0)?,
                    secret: r.get(1)?,
                    site: r.get::<Option<String>>(2)?.is_none(),
                    uid: r.get(3)?,
                    payload: r.get(4)?,
                    attempts,
                    created_at: from_ts(r.get(5)?)?,
                })
            })?;
        claimed.push(row);
    }
    tx.commit()?;
    Ok(claimed)
}

pub fn mark_delivered(
    conn: &Connection,
    id: i64,
    http_status: u16,
    now: DateTime<Utc>,
) -> Result<()> {
    queue::mark_done(conn, &QUEUE, id, Some(i64::from(http_status)), now)
}

/// A failed attempt: due again at `retry_at`, or failed for good when `None`.
pub fn mark_attempt_failed(
    conn: &Connection,
    id: i64,
    http_status: Option<u16>,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let status = http_status.map(i64::from);
    queue::mark_failed(conn, &QUEUE, id, status, error, retry_at)
}

/// Failed deliveries (all, or one) due again at once, with a fresh count of attempts; the
/// bound on retrying runs from now.
pub fn requeue_failed(conn: &Connection, id: Option<i64>) -> Result<usize> {
    queue::requeue_failed(conn, &QUEUE, id)
}

/// Forgets deliveries made before `before`, and the events left with none to make.
pub fn delete_delivered_before(conn: &mut Connection, before: DateTime<Utc>) -> Result<usize> {
    // One transaction: no reader sees the deliveries gone and their events still there.
    let tx = conn.transaction()?;
    let n = queue::delete_done_before(&tx, &QUEUE, before)?;
    tx.prepare_cached(
        "DELETE FROM webhook_event WHERE created_at < $1 AND NOT EXISTS \
         (SELECT 1 FROM webhook_delivery d WHERE d.event_id = webhook_event.id)",
    )?
    .execute(params![to_ts(before)])?;
    tx.commit()?;
    Ok(n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    Queued,
    Sending,
    Delivered,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }
}

impl std::str::FromStr for DeliveryStatus {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        Ok(match s {
            "queued" => DeliveryStatus::Queued,
            "sending" => DeliveryStatus::Sending,
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed,
            _ => return Err(()),
        })
    }
}

/// One row as `jmb webhooks` shows it.
#[derive(Debug, Clone)]
pub struct DeliveryRow {
    pub id: i64,
    pub event_type: String,
    pub event_uid: String,
    pub meeting_id: Option<i64>,
    pub url: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// The latest `limit` deliveries, newest last.
pub fn list_deliveries(conn: &Connection, limit: u32) -> Result<Vec<DeliveryRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT * FROM ( \
           SELECT d.id, e.type, e.uid, d.meeting_id, s.url, d.status, d.attempts, \
                  d.last_status, d.last_error, d.next_attempt_at, d.delivered_at \
           FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id \
           JOIN webhook_subscription s ON s.id = d.subscription_id \
           ORDER BY d.id DESC LIMIT $1) AS latest ORDER BY 1",
    )?;
    let rows = stmt.query_map(params![limit], |r| {
        let status: String = r.get(5)?;
        Ok(DeliveryRow {
            id: r.get(0)?,
            event_type: r.get(1)?,
            event_uid: r.get(2)?,
            meeting_id: r.get(3)?,
            url: r.get(4)?,
            status: parse_enum(5, &status)?,
            attempts: r.get(6)?,
            last_status: r.get(7)?,
            last_error: r.get(8)?,
            next_attempt_at: from_ts(r.get(9)?)?,
            delivered_at: r.get::<Option<i64>>(10)?.map(from_ts).transpose()?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// The earliest moment a queued delivery becomes due.
pub fn next_due(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    queue::next_due(conn, &QUEUE)
}
