//! Series (sql/*/0011_series.sql): a meeting's repeat rule and zone, its cancelled and moved
//! occurrences, and answers per occurrence. An occurrence is keyed by its RECURRENCE-ID, the
//! original start in UTC Unix seconds.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Connection, Error, OptionalExtension, Result, from_ts, parse_enum, to_ts};
use crate::domain::PartStat;
use crate::domain::recurrence::{Exceptions, Moved, Rule, Series};
use crate::params;

/// Makes meeting `id` a series repeating by `rrule` in `tz`, or a one-off meeting (`None`).
pub fn set_rule(conn: &Connection, id: i64, rule: Option<(Tz, &str)>) -> Result<()> {
    let (tzid, rrule) = match rule {
        Some((tz, rrule)) => (Some(tz.name()), Some(rrule)),
        None => (None, None),
    };
    conn.prepare_cached("UPDATE meeting SET tzid = $2, rrule = $3 WHERE id = $1")?
        .execute(params![id, tzid, rrule])?;
    Ok(())
}

/// The series meeting `id` is, if it repeats: the stored rule read back, from the meeting's
/// start and duration, with its exceptions.
pub fn fetch_series(conn: &Connection, id: i64) -> Result<Option<Series>> {
    let stored: Option<StoredRule> = conn
        .prepare_cached("SELECT tzid, rrule, starts_at, duration_min FROM meeting WHERE id = $1")?
        .query_row(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    series_from(conn, id, stored)
}

/// The series of meeting `id` from its stored columns read along with something else, and
/// its exceptions; `None` for a one-off meeting, without another query.
pub(super) fn series_from(
    conn: &Connection,
    id: i64,
    stored: StoredRule,
) -> Result<Option<Series>> {
    let Some(mut series) = rule_of(id, stored)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(EXCEPTIONS)?;
    series.exceptions = exceptions_of(stmt.query_map(params![id], exception_row)?)?;
    Ok(Some(series))
}

/// [`series_from`] for PostgreSQL's hot reads (see `hot_reads`).
pub(super) async fn series_from_hot(
    hot: &super::hot_reads::HotReads,
    id: i64,
    stored: StoredRule,
) -> Result<Option<Series>> {
    let Some(mut series) = rule_of(id, stored)? else {
        return Ok(None);
    };
    let rows = hot.query(EXCEPTIONS, params![id]).await?;
    series.exceptions = exceptions_of(rows.iter().map(|r| exception_row(&super::Row::Pg(r))))?;
    Ok(Some(series))
}

/// A meeting's `tzid`, `rrule`, `starts_at` and `duration_min`, as stored.
pub(super) type StoredRule = (Option<String>, Option<String>, i64, u32);

/// The series the stored columns describe, still without its exceptions.
fn rule_of(
    id: i64,
    (tzid, rrule, first_start, duration_min): StoredRule,
) -> Result<Option<Series>> {
    let (Some(tzid), Some(rrule)) = (tzid, rrule) else {
        return Ok(None);
    };
    let first_start = from_ts(first_start)?;
    let tz: Tz = tzid
        .parse()
        .map_err(|_| Error::Corrupt(format!("meeting {id}: unknown zone {tzid:?}")))?;
    let rule = Rule::parse(&rrule, first_start, tz).map_err(|e| {
        Error::Corrupt(format!(
            "meeting {id}: rule {rrule:?}: {}",
            e.problem.code()
        ))
    })?;
    Ok(Some(Series::new(tz, first_start, duration_min, rule)))
}

const EXCEPTIONS: &str = "SELECT recurrence_id, cancelled, starts_at, duration_min, sequence \
                          FROM series_exception WHERE meeting_id = $1";

type ExceptionRow = (i64, i64, Option<i64>, Option<u32>, u32);

fn exception_row(r: &super::Row<'_>) -> Result<ExceptionRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn exceptions_of(rows: impl IntoIterator<Item = Result<ExceptionRow>>) -> Result<Exceptions> {
    let mut out = Exceptions::default();
    for row in rows {
        let (rid, cancelled, starts_at, duration_min, sequence) = row?;
        let rid = from_ts(rid)?;
        if cancelled != 0 {
            out.cancelled.insert(rid);
        } else if let (Some(starts_at), Some(duration_min)) = (starts_at, duration_min) {
            out.moved.insert(
                rid,
                Moved {
                    starts_at: from_ts(starts_at)?,
                    duration_min,
                    sequence,
                },
            );
        }
    }
    Ok(out)
}

/// Replaces the stored exceptions of meeting `id` with `exceptions` (a series is small: at
/// most a few hundred occurrences).
pub fn put_exceptions(conn: &Connection, id: i64, exceptions: &Exceptions) -> Result<()> {
    conn.prepare_cached("DELETE FROM series_exception WHERE meeting_id = $1")?
        .execute(params![id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO series_exception \
         (meeting_id, recurrence_id, cancelled, starts_at, duration_min, sequence) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )?;
    for rid in &exceptions.cancelled {
        insert.execute(params![
            id,
            to_ts(*rid),
            1_i64,
            None::<i64>,
            None::<u32>,
            0_u32
        ])?;
    }
    for (rid, m) in &exceptions.moved {
        insert.execute(params![
            id,
            to_ts(*rid),
            0_i64,
            Some(to_ts(m.starts_at)),
            Some(m.duration_min),
            m.sequence
        ])?;
    }
    Ok(())
}

/// Records an invitee's answer to one occurrence (replacing an earlier one).
pub fn set_occurrence_answer(
    conn: &Connection,
    invitee_id: i64,
    recurrence_id: DateTime<Utc>,
    answer: PartStat,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO occurrence_answer (invitee_id, recurrence_id, partstat, answered_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (invitee_id, recurrence_id) \
         DO UPDATE SET partstat = excluded.partstat, answered_at = excluded.answered_at",
    )?
    .execute(params![
        invitee_id,
        to_ts(recurrence_id),
        answer.as_str(),
        to_ts(now)
    ])?;
    Ok(())
}

/// Forgets an invitee's answer to one occurrence (it is their answer to the series again).
pub fn clear_occurrence_answer(
    conn: &Connection,
    invitee_id: i64,
    recurrence_id: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM occurrence_answer WHERE invitee_id = $1 AND recurrence_id = $2",
    )?
    .execute(params![invitee_id, to_ts(recurrence_id)])?;
    Ok(())
}

/// Records that meeting `id` continues series `of` (a split "this and all following").
pub fn set_series_of(conn: &Connection, id: i64, of: i64) -> Result<()> {
    conn.prepare_cached("UPDATE meeting SET series_of = $2 WHERE id = $1")?
        .execute(params![id, of])?;
    Ok(())
}

/// Forgets the answers to the occurrences of meeting `id` from `from` on (they went to the
/// series split off at `from`).
pub fn delete_answers_from(conn: &Connection, id: i64, from: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM occurrence_answer WHERE recurrence_id >= $2 \
         AND invitee_id IN (SELECT id FROM invitee WHERE meeting_id = $1)",
    )?
    .execute(params![id, to_ts(from)])?;
    Ok(())
}

/// Forgets an invitee's answers to single occurrences (they answered the whole series).
pub fn clear_occurrence_answers(conn: &Connection, invitee_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM occurrence_answer WHERE invitee_id = $1")?
        .execute(params![invitee_id])?;
    Ok(())
}

/// The answers to single occurrences of meeting `id`: (invitee, RECURRENCE-ID, answer).
pub fn occurrence_answers(
    conn: &Connection,
    id: i64,
) -> Result<Vec<(i64, DateTime<Utc>, PartStat)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.invitee_id, a.recurrence_id, a.partstat FROM occurrence_answer a \
         JOIN invitee i ON i.id = a.invitee_id WHERE i.meeting_id = $1 \
         ORDER BY a.invitee_id, a.recurrence_id",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<String>(2)?))
    })?;
    rows.map(|row| {
        let (invitee, rid, partstat) = row?;
        Ok((
            invitee,
            from_ts(rid)?,
            parse_enum::<PartStat>(2, &partstat)?,
        ))
    })
    .collect()
}

/// [`occurrence_answers`] keyed by the invitee's address (what a feed's rows carry).
pub fn occurrence_answers_by_email(
    conn: &Connection,
    id: i64,
) -> Result<Vec<(String, DateTime<Utc>, PartStat)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.email, a.recurrence_id, a.partstat FROM occurrence_answer a \
         JOIN invitee i ON i.id = a.invitee_id WHERE i.meeting_id = $1 \
         ORDER BY i.email, a.recurrence_id",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok((r.get::<String>(0)?, r.get::<i64>(1)?, r.get::<String>(2)?))
    })?;
    rows.map(|row| {
        let (email, rid, partstat) = row?;
        Ok((email, from_ts(rid)?, parse_enum::<PartStat>(2, &partstat)?))
    })
    .collect()
}
