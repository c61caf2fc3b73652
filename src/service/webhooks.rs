//! Outgoing webhook events, written in the transaction of the change that causes them (as
//! the outbox's mails are), and organisers' own subscriptions.

use chrono::{DateTime, Utc};

use super::Error;
use crate::domain::attendance::summarise;
use crate::domain::hash;
use crate::domain::json::{InviteeJson, MeetingJson};
use crate::domain::webhook::{
    AttendeePayload, Envelope, EventData, EventFilter, OccurrencePayload, RecordingPayload,
    answered_occurrence,
};
use crate::domain::{Invitee, Meeting};
use crate::store::webhooks::{self, NewEvent, Subscription};
use crate::store::{Connection, invitees, meetings, presence, series};

/// Writes one event about `meeting` (and `invitee`, when it is about one) for every
/// subscription that wants it. Returns the number of deliveries queued.
pub fn emit(
    conn: &Connection,
    event_type: &str,
    meeting: &Meeting,
    invitees: &[Invitee],
    invitee: Option<&Invitee>,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    write(conn, event_type, meeting, invitees, now, |meeting| {
        Ok(EventData {
            meeting,
            invitee: invitee.map(InviteeJson::of),
            attendance: None,
            recording: None,
            occurrence: None,
            recurrence_id: None,
        })
    })
}

/// `invitee.answered`: `invitee` as they answered (their `partstat` is the answer), for the
/// whole meeting or series (`occurrence` None: `recurrence_id` null) or for one occurrence.
pub fn emit_answer(
    conn: &Connection,
    meeting: &Meeting,
    invitees: &[Invitee],
    invitee: &Invitee,
    occurrence: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    write(
        conn,
        "invitee.answered",
        meeting,
        invitees,
        now,
        |meeting| {
            Ok(EventData {
                meeting,
                invitee: Some(InviteeJson::of(invitee)),
                attendance: None,
                recording: None,
                occurrence: None,
                recurrence_id: answered_occurrence(occurrence),
            })
        },
    )
}

/// `occurrence.cancelled` or `occurrence.moved`: the series, and which occurrence.
pub fn emit_occurrence(
    conn: &Connection,
    event_type: &str,
    meeting: &Meeting,
    invitees: &[Invitee],
    occurrence: OccurrencePayload,
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    write(conn, event_type, meeting, invitees, now, |meeting| {
        Ok(EventData {
            meeting,
            invitee: None,
            attendance: None,
            recording: None,
            occurrence: Some(occurrence),
            recurrence_id: None,
        })
    })
}

/// `meeting.started` or `meeting.ended` (Prosody reported it; the end carries who came), or
/// `recording.ready` (Jibri reported it, with the recording).
pub fn emit_room(
    conn: &Connection,
    event_type: &str,
    meeting_id: i64,
    recording: Option<RecordingPayload>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let meeting = meetings::fetch_meeting(conn, meeting_id)?;
    let invitees = invitees::list_invitees(conn, meeting_id)?;
    write(conn, event_type, &meeting, &invitees, now, |meeting| {
        let attendance = (event_type == "meeting.ended")
            .then(|| -> Result<_, Error> {
                let stays = presence::list_stays(conn, meeting_id)?;
                Ok(summarise(stays, now)
                    .iter()
                    .map(AttendeePayload::of)
                    .collect())
            })
            .transpose()?;
        Ok(EventData {
            meeting,
            invitee: None,
            attendance,
            recording,
            occurrence: None,
            recurrence_id: None,
        })
    })?;
    Ok(())
}

/// Writes the event with one delivery per subscription that wants it, its data made by
/// `data` from the meeting in the API's shape; nothing at all (not even the data) when no
/// subscription wants it. Returns the number of deliveries.
fn write(
    conn: &Connection,
    event_type: &str,
    meeting: &Meeting,
    invitees: &[Invitee],
    now: DateTime<Utc>,
    data: impl FnOnce(MeetingJson) -> Result<EventData, Error>,
) -> Result<usize, Error> {
    let targets = webhooks::list_targets(conn, &meeting.owner, event_type)?;
    if targets.is_empty() {
        return Ok(0);
    }
    let series = series::fetch_series(conn, meeting.id)?;
    let data = data(MeetingJson::of(meeting, series.as_ref(), invitees, now))?;
    let payload = serde_json::to_string(&Envelope::new(event_type, &data, now))
        .map_err(|e| Error::Store(crate::store::Error::Corrupt(e.to_string())))?;
    let uid = format!("msg_{}", hash::random_alnum(24)?);
    webhooks::insert_event(
        conn,
        &NewEvent {
            uid: &uid,
            event_type,
            meeting_id: Some(meeting.id),
            payload: &payload,
        },
        &targets,
        now,
    )?;
    Ok(targets.len())
}

/// The events of invitees removed from and added to a meeting.
pub fn emit_invitee_changes(
    conn: &Connection,
    meeting: &Meeting,
    invitees: &[Invitee],
    removed: &[Invitee],
    added: &[Invitee],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    for (event_type, who) in crate::domain::webhook::invitee_events(removed, added) {
        emit(conn, event_type, meeting, invitees, Some(who), now)?;
    }
    Ok(())
}

/// A new subscription of `owner`'s, with a fresh secret (shown to them once). The URL was
/// checked by the caller (`webhooks::Reach`, which resolves it).
pub fn subscribe(
    conn: &Connection,
    owner: &str,
    url: &str,
    events: &EventFilter,
    now: DateTime<Utc>,
) -> Result<Subscription, Error> {
    let secret = crate::webhooks::sign::generate_secret()?;
    Ok(webhooks::insert_subscription(
        conn, owner, url, &secret, events, now,
    )?)
}

pub fn list(conn: &Connection, owner: &str) -> Result<Vec<Subscription>, Error> {
    Ok(webhooks::list_subscriptions(conn, owner)?)
}

/// Deletes one of `owner`'s subscriptions; someone else's is not found.
pub fn unsubscribe(conn: &Connection, owner: &str, id: i64) -> Result<(), Error> {
    if webhooks::delete_subscription(conn, owner, id)? {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}
