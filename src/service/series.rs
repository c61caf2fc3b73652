//! Exceptions to a series: one occurrence cancelled, or moved and lengthened. Each raises the
//! meeting's SEQUENCE, so calendars take the newer version.

use chrono::{DateTime, Duration, Utc};

use super::meetings::{MeetingView, fetch_for_owner};
use super::{Error, notify, reminders, webhooks};
use crate::auth::Identity;
use crate::domain::PartStat;
use crate::domain::meeting::{MeetingInput, PAST_SLACK_MIN, Rules};
use crate::domain::notice::{self, MailEvent};
use crate::domain::recurrence::{Answers, Occurrence, Series, SeriesError};
use crate::domain::webhook::OccurrencePayload;
use crate::domain::{FieldError, Problem};
use crate::domain::{MeetingDraft, hash};
use crate::mail::Composer;
use crate::store::{Connection, invitees, meetings, series};

/// What happens to one occurrence.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    Cancel,
    Move {
        starts_at: DateTime<Utc>,
        /// The series' duration when absent.
        duration_min: Option<i64>,
    },
}

/// Cancels or moves occurrence `recurrence_id` of series `id`, owned by `owner`. An id that
/// is no occurrence of the series, or a meeting that does not repeat, is not found.
#[allow(clippy::too_many_arguments)]
pub fn change_occurrence(
    conn: &mut Connection,
    mail: Option<&Composer>,
    id: i64,
    owner: &Identity,
    recurrence_id: DateTime<Utc>,
    change: Change,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<MeetingView, Error> {
    let tx = conn.transaction()?;
    let before = fetch_for_owner(&tx, id, owner)?;
    if before.meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let mut series: Series = before.series.ok_or(Error::NotFound)?;
    let done = match change {
        Change::Cancel => series
            .cancel(recurrence_id)
            .map(|()| OccurrencePayload::cancelled(recurrence_id)),
        Change::Move {
            starts_at,
            duration_min,
        } => {
            let duration_min = duration_min.unwrap_or(i64::from(series.duration_min));
            let duration_min = checked_move(starts_at, duration_min, rules, now)?;
            series
                .move_occurrence(recurrence_id, starts_at, duration_min)
                .map(|m| OccurrencePayload::moved(recurrence_id, m.starts_at, m.duration_min))
        }
    };
    let occurrence = done.map_err(|e| match e {
        SeriesError::NotAnOccurrence(_) | SeriesError::SplitAtFirst => Error::NotFound,
        SeriesError::EmptyDuration => Error::Invalid(vec![duration_error(rules)]),
    })?;
    series::put_exceptions(&tx, id, &series.exceptions)?;
    meetings::update_meeting_touched(&tx, id, now)?;
    let after = super::meetings::load(&tx, id)?;
    // A cancelled occurrence loses its reminders, a moved one has them at its new time.
    super::reminders::plan(&tx, &after.meeting, now)?;
    let (event, event_type) = match change {
        Change::Cancel => (
            MailEvent::OccurrenceCancelled { id: recurrence_id },
            "occurrence.cancelled",
        ),
        Change::Move { .. } => (
            MailEvent::OccurrenceMoved { id: recurrence_id },
            "occurrence.moved",
        ),
    };
    let notices = notice::on_occurrence(event, &after.invitees);
    notify::queue(&tx, mail, &after.meeting, &after.invitees, &notices, now)?;
    webhooks::emit_occurrence(
        &tx,
        event_type,
        &after.meeting,
        &after.invitees,
        occurrence,
        now,
    )?;
    tx.commit()?;
    Ok(after)
}

fn duration_error(rules: &Rules) -> FieldError {
    FieldError::new(
        "duration_min",
        Problem::DurationOutOfRange {
            min: rules.min_duration_min,
            max: rules.max_duration_min,
        },
    )
}

/// A moved occurrence follows the booking rules of any meeting: not into the past, a
/// duration within the configured range.
fn checked_move(
    starts_at: DateTime<Utc>,
    duration_min: i64,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<u32, Error> {
    let mut errors = Vec::new();
    if starts_at < now - Duration::minutes(PAST_SLACK_MIN) {
        errors.push(FieldError::new("start", Problem::StartInPast));
    }
    let duration = u32::try_from(duration_min)
        .ok()
        .filter(|d| (rules.min_duration_min..=rules.max_duration_min).contains(d));
    if duration.is_none() {
        errors.push(duration_error(rules));
    }
    match duration {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(Error::Invalid(errors)),
    }
}

/// An edit that says nothing of the repeat (a form posted without its repeat section) keeps
/// the series' rule rather than turning the series into a one-off meeting.
pub fn keep_rule(conn: &Connection, id: i64, input: &mut MeetingInput) -> Result<(), Error> {
    if input.recurrence.is_none()
        && let Some(s) = series::fetch_series(conn, id)?
    {
        input.recurrence = Some(Ok(s.rule.to_input()));
    }
    Ok(())
}

/// One occurrence of a series with each invitee's answer to it.
#[derive(Debug, Clone)]
pub struct OccurrenceAnswers {
    pub occurrence: Occurrence,
    /// (invitee id, effective answer), in the order of the meeting's invitees.
    pub answers: Vec<(i64, PartStat)>,
}

/// The occurrences of `view`'s series that overlap `from`..`to` (cancelled and moved ones
/// included, in order of their effective start), at most `limit`, each with every invitee's
/// answer to it: their answer to the series unless they answered that occurrence otherwise.
/// What the meeting page and the API list; a meeting that does not repeat is not found.
pub fn occurrences(
    conn: &Connection,
    view: &MeetingView,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<OccurrenceAnswers>, Error> {
    let s = view.series.as_ref().ok_or(Error::NotFound)?;
    let mut answers: Vec<(i64, Answers)> = view
        .invitees
        .iter()
        .map(|i| (i.id, Answers::new(i.partstat)))
        .collect();
    for (invitee, rid, answer) in series::occurrence_answers(conn, view.meeting.id)? {
        if let Some((_, a)) = answers.iter_mut().find(|(id, _)| *id == invitee) {
            a.occurrences.insert(rid, answer);
        }
    }
    Ok(s.schedule()
        .into_iter()
        .filter(|o| o.ends_at > from && o.starts_at < to)
        .take(limit)
        .map(|occurrence| OccurrenceAnswers {
            answers: answers
                .iter()
                .map(|(id, a)| (*id, a.effective(occurrence.id)))
                .collect(),
            occurrence,
        })
        .collect())
}

/// Splits series `id` at occurrence `recurrence_id` ("this and all following"): the series
/// ends before it (its RRULE gets an UNTIL or a smaller COUNT), and a new meeting with the
/// details of `input` (when it has no rule, the rest of the old one, on the new start's
/// weekday or day of the month if the old one followed its start) starts there as the
/// series' continuation (`series_of`). Returns the new meeting.
///
/// A personal link is unique, so it cannot be on both meetings: each person invited to both
/// keeps their link for the new series, where their coming meetings are, and the old series
/// gives them a new one, which its updated invitation carries. Answers go with their
/// occurrences. Each person gets one REQUEST for the new series and one updated REQUEST for
/// the old one. Splitting at the first occurrence is editing the whole series.
#[allow(clippy::too_many_arguments)]
pub fn split(
    conn: &mut Connection,
    mail: Option<&Composer>,
    id: i64,
    owner: &Identity,
    recurrence_id: DateTime<Utc>,
    input: MeetingInput,
    rules: &Rules,
    uid_domain: &str,
    now: DateTime<Utc>,
) -> Result<MeetingView, Error> {
    let first = fetch_for_owner(conn, id, owner)?
        .series
        .map(|s| s.first_start == recurrence_id);
    if first == Some(true) {
        let mut input = input;
        keep_rule(conn, id, &mut input)?;
        return super::meetings::update(conn, id, owner, input, rules, mail, now)
            .map(|(_, after, _)| after);
    }
    let tx = conn.transaction()?;
    let before = fetch_for_owner(&tx, id, owner)?;
    if before.meeting.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let old = before.series.as_ref().ok_or(Error::NotFound)?;
    let split = old.split_at(recurrence_id).map_err(|_| Error::NotFound)?;
    let mut input = input;
    if input.recurrence.is_none() {
        let rule = match &input.start {
            Ok(start) => split.after.rule.follow_start(
                &recurrence_id.with_timezone(&old.tz),
                &start.with_timezone(&old.tz),
            ),
            Err(_) => split.after.rule.clone(),
        };
        input.recurrence = Some(Ok(rule.to_input()));
    }
    // The new series repeats in the old one's zone, whatever the configuration says now.
    let rules = Rules {
        tz: old.tz,
        ..*rules
    };
    let draft = MeetingDraft::validate(input, &rules, now, None).map_err(Error::Invalid)?;

    let m = &before.meeting;
    let first_end = m.starts_at + Duration::minutes(i64::from(m.duration_min));
    meetings::update_meeting(
        &tx,
        id,
        &meetings::MeetingChange {
            room: &m.room,
            subject: &m.subject,
            description: &m.description,
            starts_at: m.starts_at,
            duration_min: m.duration_min,
            ends_at: split
                .before
                .last_end()
                .map_or(first_end, |e| e.max(first_end)),
            updated_at: now,
        },
    )?;
    super::meetings::set_series(&tx, id, Some(&split.before), Some(&split.before))?;
    let new_id = super::meetings::insert_meeting_row(&tx, owner, &draft, uid_domain, now)?;
    series::set_series_of(&tx, new_id, id)?;
    let new_series = draft.series();
    super::meetings::set_series(&tx, new_id, Some(&split.after), new_series.as_ref())?;

    let answered = series::occurrence_answers(&tx, id)?;
    for person in &draft.invitees {
        let Some(was) = before.invitee_for(&person.email) else {
            invitees::insert_invitee(&tx, new_id, person, &hash::generate()?)?;
            continue;
        };
        let mut answers = Answers::new(was.partstat);
        for (_, rid, answer) in answered.iter().filter(|(i, _, _)| *i == was.id) {
            answers.occurrences.insert(*rid, *answer);
        }
        let (_, after) = answers.split_at(recurrence_id);
        invitees::update_hash(&tx, was.id, &hash::generate()?)?;
        let now_in = invitees::insert_invitee_with(
            &tx,
            new_id,
            person,
            &was.hash,
            after.series,
            was.answered_at,
        )?;
        for (rid, answer) in after.differing() {
            if new_series.as_ref().is_some_and(|s| s.is_occurrence(rid)) {
                series::set_occurrence_answer(&tx, now_in.id, rid, answer, now)?;
            }
        }
    }
    series::delete_answers_from(&tx, id, recurrence_id)?;

    let shortened = super::meetings::load(&tx, id)?;
    let continued = super::meetings::load(&tx, new_id)?;
    for (view, notices, event) in [
        (
            &shortened,
            notice::on_series_shortened(&shortened.invitees),
            "meeting.updated",
        ),
        (
            &continued,
            notice::on_create(&continued.invitees),
            "meeting.created",
        ),
    ] {
        reminders::plan(&tx, &view.meeting, now)?;
        notify::queue(&tx, mail, &view.meeting, &view.invitees, &notices, now)?;
        webhooks::emit(&tx, event, &view.meeting, &view.invitees, None, now)?;
    }
    tx.commit()?;
    Ok(continued)
}

/// The details of series `view` at other times: what the page's "this and all following"
/// gives [`split`] (the API gives a whole meeting body instead).
pub fn at_other_times(
    view: &MeetingView,
    starts_at: DateTime<Utc>,
    duration_min: i64,
) -> MeetingInput {
    let m = &view.meeting;
    MeetingInput {
        subject: m.subject.clone(),
        description: m.description.clone(),
        start: Ok(starts_at),
        duration_min: Ok(duration_min),
        room: String::new(),
        invitees: view
            .invitees
            .iter()
            .map(|i| {
                let draft = crate::domain::InviteeDraft {
                    email: i.email.clone(),
                    name: i.name.clone(),
                    role: i.role,
                };
                ("invitees".to_string(), Ok(draft))
            })
            .collect(),
        recurrence: None,
    }
}
