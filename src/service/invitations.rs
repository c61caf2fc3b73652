//! Invitees answering through their personal link. Only a POST answers: the page a GET shows
//! (whoever sends it, mail scanners included) never changes anything.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::notify::queue_answer;
use crate::domain::recurrence::{Answers, Series};
use crate::domain::{FieldError, Invitee, Meeting, PartStat, Problem, notice};
use crate::mail::Composer;
use crate::store::{self, invitees, meetings, series};

/// The invitee behind a personal link, their meeting and everyone invited to it.
pub fn fetch(conn: &Connection, link: &str) -> Result<(Invitee, Meeting, Vec<Invitee>), Error> {
    let (invitee, meeting) = invitees::fetch_invitee_by_hash(conn, link).map_err(|e| match e {
        store::Error::NotFound => Error::NotFound,
        other => Error::Store(other),
    })?;
    let all = invitees::list_invitees(conn, meeting.id)?;
    Ok((invitee, meeting, all))
}

/// Records an answer (it may be changed later) and, when asked for, tells the owner. For a
/// series this is the answer to the whole series; answers given to single occurrences stay
/// (their rows in `occurrence_answer` are kept, not cleared): in iTIP a REPLY to the master
/// speaks for the instances without an override of their own (RFC 5546 §3.2.3), and
/// calendar clients keep an instance declined on its own declined when the series is
/// accepted again, so jmb's feeds and theirs agree.
pub fn answer(
    conn: &mut Connection,
    link: &str,
    answer: PartStat,
    notify_owner: bool,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(Invitee, Meeting), Error> {
    let tx = conn.transaction()?;
    let (mut invitee, meeting, mut all) = fetch(&tx, link)?;
    if meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let previous = invitee.partstat;
    if previous != answer {
        invitees::update_partstat(&tx, invitee.id, answer, now)?;
        meetings::update_meeting_updated_at(&tx, meeting.id, now)?;
        invitee.partstat = answer;
        invitee.answered_at = Some(now);
        if let Some(me) = all.iter_mut().find(|i| i.id == invitee.id) {
            *me = invitee.clone();
        }
        queue_answer(
            &tx,
            mail,
            &meeting,
            &all,
            &notice::on_answer(&invitee, previous, answer, notify_owner),
            now,
        )?;
        super::webhooks::emit_answer(&tx, &meeting, &all, &invitee, None, now)?;
    }
    tx.commit()?;
    Ok((invitee, meeting))
}

/// An invitee's answers to a series: the series, their answers to it and to single
/// occurrences. `None` for a one-off meeting.
pub fn series_answers(
    conn: &Connection,
    invitee: &Invitee,
) -> Result<Option<(Series, Answers)>, Error> {
    let Some(s) = series::fetch_series(conn, invitee.meeting_id)? else {
        return Ok(None);
    };
    let answered = series::occurrence_answers(conn, invitee.meeting_id)?;
    Ok(Some((
        s,
        Answers::of(invitee.id, invitee.partstat, &answered),
    )))
}

/// Records an answer to occurrence `id` (its RECURRENCE-ID) of a series alone, from the
/// invitation page or a calendar client's REPLY with RECURRENCE-ID. An id that is no
/// occurrence of the series, a cancelled occurrence or a one-off meeting is a field error
/// on `recurrence_id`, and nothing is recorded. As [`answer`] does, it tells the owner (the
/// mail names the occurrence), raises the feeds' version and emits `invitee.answered`, with
/// the occurrence's `recurrence_id`.
pub fn answer_occurrence(
    conn: &mut Connection,
    link: &str,
    id: DateTime<Utc>,
    answer: PartStat,
    notify_owner: bool,
    mail: Option<&Composer>,
    now: DateTime<Utc>,
) -> Result<(Invitee, Meeting), Error> {
    let tx = conn.transaction()?;
    let (invitee, meeting, all) = fetch(&tx, link)?;
    if meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let refused = |p: Problem| Error::Invalid(vec![FieldError::new("recurrence_id", p)]);
    let (s, mut answers) =
        series_answers(&tx, &invitee)?.ok_or_else(|| refused(Problem::NotAnOccurrence))?;
    s.answerable(id).map_err(|u| refused(u.into()))?;
    let previous = answers.effective(id);
    if previous != answer {
        answers.answer(id, answer);
        match answers.occurrences.get(&id) {
            Some(a) => series::set_occurrence_answer(&tx, invitee.id, id, *a, now)?,
            None => series::clear_occurrence_answer(&tx, invitee.id, id)?,
        }
        // The feeds' version rises with the meeting's `updated_at`, as for a series answer.
        meetings::update_meeting_updated_at(&tx, meeting.id, now)?;
        queue_answer(
            &tx,
            mail,
            &meeting,
            &all,
            &notice::on_occurrence_answer(&invitee, id, previous, answer, notify_owner),
            now,
        )?;
        let answered = Invitee {
            partstat: answer,
            answered_at: Some(now),
            ..invitee.clone()
        };
        super::webhooks::emit_answer(&tx, &meeting, &all, &answered, Some(id), now)?;
    }
    tx.commit()?;
    Ok((invitee, meeting))
}
