//! Outgoing webhook events, written in the transaction of the change that causes them (as
//! the outbox's mails are), and organisers' own subscriptions.

use chrono::{DateTime, Utc};

use super::Error;
use crate::domain::hash;
use crate::domain::webhook::{Envelope, EventData, InviteePayload, MeetingPayload};
use crate::domain::{Invitee, Meeting};
use crate::store::Connection;
use crate::store::webhooks::{self, NewEvent};

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
    let data = EventData {
        meeting: MeetingPayload::of(meeting, invitees),
        invitee: invitee.map(InviteePayload::of),
        extra: None,
    };
    let payload = serde_json::to_string(&Envelope::new(event_type, &data, now))
        .map_err(|e| Error::Store(crate::store::Error::Corrupt(e.to_string())))?;
    let uid = format!("msg_{}", hash::random_alnum(24)?);
    Ok(webhooks::insert_event(
        conn,
        &NewEvent {
            uid: &uid,
            event_type,
            meeting_id: Some(meeting.id),
            owner: &meeting.owner,
            payload: &payload,
        },
        now,
    )?)
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
