//! Exceptions to a series: one occurrence cancelled, or moved and lengthened. Each raises the
//! meeting's SEQUENCE, so calendars take the newer version.

use chrono::{DateTime, Duration, Utc};

use super::meetings::{MeetingView, fetch_for_owner};
use super::{Error, notify, webhooks};
use crate::auth::Identity;
use crate::domain::meeting::{MeetingInput, PAST_SLACK_MIN, Rules};
use crate::domain::notice::{self, MailEvent};
use crate::domain::recurrence::{Series, SeriesError};
use crate::domain::webhook::OccurrencePayload;
use crate::domain::{FieldError, Problem};
use crate::mail::Composer;
use crate::store::{Connection, meetings, series};

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

/// The booking form has no repeat section yet: its edit keeps the series' rule rather than
/// turning the series into a one-off meeting.
pub fn keep_rule(conn: &Connection, id: i64, input: &mut MeetingInput) -> Result<(), Error> {
    if input.recurrence.is_none()
        && let Some(s) = series::fetch_series(conn, id)?
    {
        input.recurrence = Some(Ok(s.rule.to_input()));
    }
    Ok(())
}
