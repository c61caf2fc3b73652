//! The one shape of a leased work queue in the database: rows that are `queued` until due,
//! claimed by a sender for a lease (`sending`, `claimed_until`), then done, due again after a
//! failed attempt, or failed for good. The outbox's mails and the webhooks' deliveries are
//! such queues; each describes its table with a [`Queue`] and keeps its own payload.
//!
//! Two senders never hold the same row: on SQLite a claim is one write transaction (the
//! caller's `claim_transaction`), on PostgreSQL each claim skips the rows another node is
//! claiming (`FOR UPDATE SKIP LOCKED`). A sender that dies leaves its rows to the lease.

use chrono::{DateTime, Duration, Utc};

use super::{Connection, OptionalExtension, Result, Row, from_ts, to_ts};
use crate::params;

/// A queue's table. Besides its own columns it has `id`, `status` (`queued`, `sending`,
/// [`Queue::done`], `failed`), `attempts`, `next_attempt_at`, `claimed_until` and
/// `last_error`.
#[derive(Debug, Clone, Copy)]
pub struct Queue {
    pub table: &'static str,
    /// The status of a row done with (`sent`, `delivered`).
    pub done: &'static str,
    /// When it was done.
    pub done_at: &'static str,
    /// Where the code of the last answer is kept (an HTTP status), if the queue keeps one.
    pub outcome: Option<&'static str>,
}

/// Claims up to `limit` rows that are due, or whose previous sender's lease ran out, for
/// `lease`, oldest first, inside the caller's claim transaction. `columns` are more columns
/// of the table to read (after `id` and `attempts`, from index 2), `only` a further condition
/// on the row (its alias is `q`; empty for none). `row` gets each row and its attempts,
/// this one included.
#[allow(clippy::too_many_arguments)]
pub fn claim<T>(
    tx: &Connection,
    queue: &Queue,
    columns: &str,
    only: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
    mut row: impl FnMut(&Row<'_>, i64, u32) -> Result<T>,
) -> Result<Vec<T>> {
    let table = queue.table;
    let columns = if columns.is_empty() {
        String::new()
    } else {
        format!(", {columns}")
    };
    let only = if only.is_empty() {
        String::new()
    } else {
        format!(" AND {only}")
    };
    let claimed: Vec<(i64, u32, T)> = {
        let mut select = tx.prepare_cached(&format!(
            "SELECT q.id, q.attempts{columns} FROM {table} q \
             WHERE ((q.status = 'queued' AND q.next_attempt_at <= $1) \
                 OR (q.status = 'sending' AND q.claimed_until <= $1)){only} \
             ORDER BY q.id LIMIT $2{}",
            tx.skip_locked()
        ))?;
        let rows = select.query_map(params![to_ts(now), limit], |r| {
            let id: i64 = r.get(0)?;
            let attempts = r.get::<u32>(1)?.saturating_add(1);
            Ok((id, attempts, row(r, id, attempts)?))
        })?;
        rows.collect::<Result<Vec<_>>>()?
    };
    let mut mark = tx.prepare_cached(&format!(
        "UPDATE {table} SET status = 'sending', claimed_until = $2, attempts = $3 WHERE id = $1"
    ))?;
    for (id, attempts, _) in &claimed {
        mark.execute(params![*id, to_ts(now + lease), *attempts])?;
    }
    Ok(claimed.into_iter().map(|(_, _, t)| t).collect())
}

/// Done with at `now`; `outcome` is kept where the queue keeps one.
pub fn mark_done(
    conn: &Connection,
    queue: &Queue,
    id: i64,
    outcome: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let (table, done, done_at) = (queue.table, queue.done, queue.done_at);
    let set = "claimed_until = NULL, last_error = NULL";
    match queue.outcome {
        Some(column) => conn
            .prepare_cached(&format!(
                "UPDATE {table} SET status = '{done}', {done_at} = $2, {set}, {column} = $3 \
                 WHERE id = $1"
            ))?
            .execute(params![id, to_ts(now), outcome])?,
        None => conn
            .prepare_cached(&format!(
                "UPDATE {table} SET status = '{done}', {done_at} = $2, {set} WHERE id = $1"
            ))?
            .execute(params![id, to_ts(now)])?,
    };
    Ok(())
}

/// A failed attempt: due again at `retry_at`, or failed for good when `None`; `outcome` is
/// kept where the queue keeps one.
pub fn mark_failed(
    conn: &Connection,
    queue: &Queue,
    id: i64,
    outcome: Option<i64>,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let table = queue.table;
    let (status, next) = match retry_at {
        Some(_) => ("queued", ", next_attempt_at = $3"),
        None => ("failed", ""),
    };
    let (outcome_set, outcome_at) = match (queue.outcome, retry_at.is_some()) {
        (Some(column), true) => (format!(", {column} = $4"), true),
        (Some(column), false) => (format!(", {column} = $3"), true),
        (None, _) => (String::new(), false),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE {table} SET status = '{status}', claimed_until = NULL, last_error = $2\
         {next}{outcome_set} WHERE id = $1"
    ))?;
    match (retry_at, outcome_at) {
        (Some(at), true) => stmt.execute(params![id, error, to_ts(at), outcome])?,
        (Some(at), false) => stmt.execute(params![id, error, to_ts(at)])?,
        (None, true) => stmt.execute(params![id, error, outcome])?,
        (None, false) => stmt.execute(params![id, error])?,
    };
    Ok(())
}

/// Failed rows (all, or one) due again at once, with a fresh count of attempts.
pub fn requeue_failed(conn: &Connection, queue: &Queue, id: Option<i64>) -> Result<usize> {
    conn.prepare_cached(&format!(
        "UPDATE {} SET status = 'queued', attempts = 0, next_attempt_at = 0 \
         WHERE status = 'failed' AND (CAST($1 AS BIGINT) IS NULL OR id = $1)",
        queue.table
    ))?
    .execute(params![id])
}

/// The earliest moment a row becomes due (a queued one, or a lease that runs out).
pub fn next_due(conn: &Connection, queue: &Queue) -> Result<Option<DateTime<Utc>>> {
    let ts: Option<i64> = conn
        .prepare_cached(&format!(
            "SELECT MIN(CASE status WHEN 'queued' THEN next_attempt_at ELSE claimed_until END) \
             FROM {} WHERE status IN ('queued', 'sending')",
            queue.table
        ))?
        .query_row(params![], |r| r.get(0))
        .optional()?
        .flatten();
    ts.map(from_ts).transpose()
}

/// Forgets the rows done before `before`: a queue is not an archive.
pub fn delete_done_before(
    conn: &Connection,
    queue: &Queue,
    before: DateTime<Utc>,
) -> Result<usize> {
    let (table, done, done_at) = (queue.table, queue.done, queue.done_at);
    conn.prepare_cached(&format!(
        "DELETE FROM {table} WHERE status = '{done}' AND {done_at} < $1"
    ))?
    .execute(params![to_ts(before)])
}
