//! The durable outbox: queued mails, claimed by a sender under a lease, then marked sent,
//! rescheduled or failed.

use super::queue::{self, Queue};
use super::{Connection, OptionalExtension};
use crate::params;
use chrono::{DateTime, Duration, Utc};

use super::{Result, from_ts, parse_enum, to_ts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailStatus {
    Queued,
    Sending,
    Sent,
    Failed,
}

impl MailStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MailStatus::Queued => "queued",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }
}

impl std::str::FromStr for MailStatus {
    type Err = ();
    fn from_str(s: &str) -> std::result::Result<Self, ()> {
        Ok(match s {
            "queued" => MailStatus::Queued,
            "sending" => MailStatus::Sending,
            "sent" => MailStatus::Sent,
            "failed" => MailStatus::Failed,
            _ => return Err(()),
        })
    }
}

/// A mail ready to be queued.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub kind: String,
    pub meeting_id: Option<i64>,
    pub recipient: String,
    pub envelope_from: String,
    pub message: Vec<u8>,
}

/// A mail claimed for sending.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub id: i64,
    pub recipient: String,
    pub envelope_from: String,
    pub message: Vec<u8>,
    /// Attempts including this one.
    pub attempts: u32,
}

/// One row as `jmb outbox` shows it.
#[derive(Debug, Clone)]
pub struct MailRow {
    pub id: i64,
    pub kind: String,
    pub meeting_id: Option<i64>,
    pub recipient: String,
    pub status: MailStatus,
    pub attempts: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

pub fn insert_mail(conn: &Connection, mail: &NewMail, now: DateTime<Utc>) -> Result<i64> {
    insert_mail_due(conn, mail, now, now)
}

/// Queues a mail that is not to leave before `due`.
pub fn insert_mail_due(
    conn: &Connection,
    mail: &NewMail,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO outbox (kind, meeting_id, recipient, envelope_from, message, \
         next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )?
    .query_row(
        params![
            mail.kind,
            mail.meeting_id,
            mail.recipient,
            mail.envelope_from,
            mail.message,
            to_ts(due),
            to_ts(now),
        ],
        |r| r.get(0),
    )
}

/// The latest mail of `kind` about meeting `meeting_id` still waiting in the queue (no
/// sender holds it), with the time it was queued.
pub fn fetch_queued(
    conn: &Connection,
    meeting_id: i64,
    kind: &str,
) -> Result<Option<(i64, DateTime<Utc>)>> {
    let row: Option<(i64, i64)> = conn
        .prepare_cached(
            "SELECT id, created_at FROM outbox \
             WHERE meeting_id = $1 AND kind = $2 AND status = 'queued' \
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![meeting_id, kind], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((id, at)) => Some((id, from_ts(at)?)),
        None => None,
    })
}

/// Drops the mails of `kind` about meeting `meeting_id` still waiting in the queue (no sender
/// holds them): news that a cancellation made moot.
pub fn drop_queued(conn: &Connection, meeting_id: i64, kind: &str) -> Result<usize> {
    conn.prepare_cached(
        "DELETE FROM outbox WHERE meeting_id = $1 AND kind = $2 AND status = 'queued'",
    )?
    .execute(params![meeting_id, kind])
}

/// Replaces the message of a mail still waiting in the queue; false when a sender took it
/// meanwhile (or it is gone).
pub fn update_queued_message(conn: &Connection, id: i64, message: &[u8]) -> Result<bool> {
    Ok(conn
        .prepare_cached("UPDATE outbox SET message = $2 WHERE id = $1 AND status = 'queued'")?
        .execute(params![id, message])?
        == 1)
}

/// Kind and recipient of every mail queued since `since` about the meetings `owner` owns.
pub fn list_owner_mails_since(
    conn: &Connection,
    owner: &str,
    since: DateTime<Utc>,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.kind, o.recipient FROM outbox o JOIN meeting m ON m.id = o.meeting_id \
         WHERE m.owner = $1 AND o.created_at >= $2",
    )?;
    let rows = stmt.query_map(params![owner, to_ts(since)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect::<Result<Vec<_>>>()
}

/// The outbox as a leased queue: a mail is done when sent.
const QUEUE: Queue = Queue {
    table: "outbox",
    done: "sent",
    done_at: "sent_at",
    outcome: None,
};

/// Claims up to `limit` mails that are due, or whose previous sender's lease ran out (it
/// stopped mid-send, or its node died), for `lease`; two senders never hold the same mail
/// (see [`queue`]).
pub fn claim_due(
    conn: &mut Connection,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
) -> Result<Vec<ClaimedMail>> {
    let tx = conn.claim_transaction()?;
    let claimed = queue::claim(
        &tx,
        &QUEUE,
        "q.recipient, q.envelope_from, q.message",
        "",
        now,
        lease,
        limit,
        |r, id, attempts| {
            Ok(ClaimedMail {
                id,
                recipient: r.get(2)?,
                envelope_from: r.get(3)?,
                message: r.get(4)?,
                attempts,
            })
        },
    )?;
    tx.commit()?;
    Ok(claimed)
}

pub fn mark_sent(conn: &Connection, id: i64, now: DateTime<Utc>) -> Result<()> {
    queue::mark_done(conn, &QUEUE, id, None, now)
}

/// A failed attempt: back in the queue at `retry_at`, or failed for good when `None`.
pub fn mark_attempt_failed(
    conn: &Connection,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<()> {
    queue::mark_failed(conn, &QUEUE, id, None, error, retry_at)
}

/// Failed mails back in the queue (all of them, or one), due at once, with a fresh count of
/// attempts.
pub fn requeue_failed(conn: &Connection, id: Option<i64>) -> Result<usize> {
    queue::requeue_failed(conn, &QUEUE, id)
}

/// Mails not yet sent (queued, sending, failed), oldest first, then the latest sent ones.
pub fn list_mails(conn: &Connection, sent_limit: u32) -> Result<Vec<MailRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, meeting_id, recipient, status, attempts, next_attempt_at, last_error, \
         created_at, sent_at FROM ( \
           SELECT * FROM outbox WHERE status != 'sent' \
           UNION ALL \
           SELECT * FROM (SELECT * FROM outbox WHERE status = 'sent' ORDER BY id DESC LIMIT $1) \
             AS latest \
         ) AS listed ORDER BY id",
    )?;
    let rows = stmt.query_map(params![sent_limit], |r| {
        let status: String = r.get(4)?;
        Ok(MailRow {
            id: r.get(0)?,
            kind: r.get(1)?,
            meeting_id: r.get(2)?,
            recipient: r.get(3)?,
            status: parse_enum(4, &status)?,
            attempts: r.get(5)?,
            next_attempt_at: from_ts(r.get(6)?)?,
            last_error: r.get(7)?,
            created_at: from_ts(r.get(8)?)?,
            sent_at: r.get::<Option<i64>>(9)?.map(from_ts).transpose()?,
        })
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// How many mails are in each state (for `/metrics` and `jmb outbox`).
pub fn count_by_status(conn: &Connection) -> Result<Vec<(MailStatus, i64)>> {
    let mut stmt =
        conn.prepare_cached("SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY 1")?;
    let rows = stmt.query_map(params![], |r| {
        let status: String = r.get(0)?;
        Ok((parse_enum(0, &status)?, r.get(1)?))
    })?;
    rows.collect::<Result<Vec<_>>>()
}

/// The earliest moment a queued mail becomes due (the worker sleeps until then at most).
pub fn next_due(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    queue::next_due(conn, &QUEUE)
}

/// Forgets sent mails older than `before`: the outbox is a queue, not an archive.
pub fn delete_sent_before(conn: &Connection, before: DateTime<Utc>) -> Result<usize> {
    queue::delete_done_before(conn, &QUEUE, before)
}

/// Sent mails that took more than one attempt: a retry, or a second sender after a lease ran
/// out (`jmb bench outbox` checks that several nodes sent each mail once).
pub fn count_sent_after_retries(conn: &Connection) -> Result<i64> {
    conn.prepare_cached("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND attempts > 1")?
        .query_row(params![], |r| r.get(0))
}
