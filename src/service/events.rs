//! Applying what Prosody reports: who is in which room since when, and the meeting's status.
//! Every event is idempotent and safe out of order (see `domain::lifecycle`), because the
//! plugin retries on 5xx and sends joins that may overtake the room's creation.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::Error;
use crate::domain::attendance::{Identified, Known, identify};
use crate::domain::lifecycle;
use crate::domain::room_event::{Event, Occupant, RoomEvent, RoomRef};
use crate::store::presence::{self, NewStay, RoomMeeting};
use crate::store::{self, invitees, meetings};

/// What became of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Recorded,
    /// Already known: a retried or repeated event.
    Duplicate,
    /// The room is not a jmb meeting's: acknowledged and ignored.
    UnknownRoom,
}

impl Applied {
    pub fn as_str(self) -> &'static str {
        match self {
            Applied::Recorded => "recorded",
            Applied::Duplicate => "duplicate",
            Applied::UnknownRoom => "ignored",
        }
    }
}

/// Applies one event. Call it inside a transaction: it makes several writes.
pub fn apply(conn: &Connection, event: &Event, now: DateTime<Utc>) -> Result<Applied, Error> {
    let Some(meeting) = presence::fetch_meeting_for_room(conn, &event.room.room)? else {
        return Ok(Applied::UnknownRoom);
    };
    let room = &event.room;
    match &event.what {
        RoomEvent::Created { at } => {
            presence::upsert_room_state(conn, meeting.id, &room.breakout, "", Some(*at), None)?;
            remember_room_jid(conn, &meeting, room)?;
            Ok(Applied::Recorded)
        }
        RoomEvent::Joined(occupant) => joined(conn, &meeting, room, occupant, now),
        RoomEvent::Left(occupant) => left(conn, &meeting, room, occupant, now),
        RoomEvent::Destroyed { at, occupants } => destroyed(conn, &meeting, room, *at, occupants),
    }
}

/// The main room's JID, which ending the room needs; every event carries it.
fn remember_room_jid(
    conn: &Connection,
    meeting: &RoomMeeting,
    room: &RoomRef,
) -> Result<(), Error> {
    if room.room_jid.is_empty() {
        return Ok(());
    }
    let known = presence::fetch_room_state(conn, meeting.id, "")?;
    if known.as_ref().map(|s| s.room_jid.as_str()) != Some(room.room_jid.as_str()) {
        presence::upsert_room_state(conn, meeting.id, "", &room.room_jid, None, None)?;
    }
    Ok(())
}

fn who(conn: &Connection, meeting: &RoomMeeting, occupant: &Occupant) -> Result<Identified, Error> {
    let by_email = if occupant.email.is_empty() {
        None
    } else {
        invitees::fetch_invitee_by_email(conn, meeting.id, &occupant.email)?
    };
    let by_id = match occupant.id.parse::<i64>() {
        Ok(id) if occupant.email.is_empty() => {
            match invitees::fetch_invitee(conn, meeting.id, id) {
                Ok(i) => Some(i),
                Err(store::Error::NotFound) => None,
                Err(e) => return Err(e.into()),
            }
        }
        _ => None,
    };
    Ok(identify(
        occupant,
        Known {
            owner_login: &meeting.owner,
            owner_email: &meeting.owner_email,
            owner_name: &meeting.owner_name,
            by_email: by_email.as_ref(),
            by_id: by_id.as_ref(),
        },
    ))
}

fn stay<'a>(
    meeting: &RoomMeeting,
    room: &'a RoomRef,
    occupant: &'a Occupant,
    person: &'a Identified,
    key: &'a str,
    joined_at: DateTime<Utc>,
    left_at: Option<DateTime<Utc>>,
) -> NewStay<'a> {
    NewStay {
        meeting_id: meeting.id,
        breakout: &room.breakout,
        occupant_jid: &occupant.jid,
        person_key: key,
        invitee_id: person.invitee_id,
        name: &person.name,
        email: &person.email,
        moderator: person.moderator,
        joined_at,
        left_at: left_at.map(|l| l.max(joined_at)),
    }
}

fn set_status(
    conn: &Connection,
    meeting: &RoomMeeting,
    next: Option<crate::domain::MeetingStatus>,
) -> Result<(), Error> {
    if let Some(status) = next {
        meetings::update_meeting_status(conn, meeting.id, status)?;
    }
    Ok(())
}

fn joined(
    conn: &Connection,
    meeting: &RoomMeeting,
    room: &RoomRef,
    occupant: &Occupant,
    now: DateTime<Utc>,
) -> Result<Applied, Error> {
    let joined_at = occupant.joined_at.unwrap_or(now);
    let main = presence::fetch_room_state(conn, meeting.id, "")?.unwrap_or_default();
    let here = if room.is_breakout() {
        presence::fetch_room_state(conn, meeting.id, &room.breakout)?.unwrap_or_default()
    } else {
        main.clone()
    };
    // A join older than the room's latest destruction arrives late: that stay is over.
    let left_at = here.destroyed_at.filter(|d| joined_at <= *d);
    let person = who(conn, meeting, occupant)?;
    let key = person.person.key();
    let new = presence::insert_stay(
        conn,
        &stay(meeting, room, occupant, &person, &key, joined_at, left_at),
    )?;
    if !room.room_jid.is_empty() && main.room_jid != room.room_jid {
        presence::upsert_room_state(conn, meeting.id, "", &room.room_jid, None, None)?;
    }
    set_status(
        conn,
        meeting,
        lifecycle::after_join(meeting.status, joined_at, main.destroyed_at),
    )?;
    Ok(if new {
        Applied::Recorded
    } else {
        Applied::Duplicate
    })
}

fn left(
    conn: &Connection,
    meeting: &RoomMeeting,
    room: &RoomRef,
    occupant: &Occupant,
    now: DateTime<Utc>,
) -> Result<Applied, Error> {
    let left_at = occupant.left_at.unwrap_or(now);
    let changed = match occupant.joined_at {
        Some(joined_at) => {
            let person = who(conn, meeting, occupant)?;
            let key = person.person.key();
            presence::upsert_closed_stay(
                conn,
                &stay(
                    meeting,
                    room,
                    occupant,
                    &person,
                    &key,
                    joined_at,
                    Some(left_at),
                ),
            )?
        }
        None => {
            presence::close_latest_stay(conn, meeting.id, &room.breakout, &occupant.jid, left_at)?
        }
    };
    remember_room_jid(conn, meeting, room)?;
    Ok(if changed {
        Applied::Recorded
    } else {
        Applied::Duplicate
    })
}

fn destroyed(
    conn: &Connection,
    meeting: &RoomMeeting,
    room: &RoomRef,
    at: DateTime<Utc>,
    occupants: &[Occupant],
) -> Result<Applied, Error> {
    // The plugin's list of everyone who came repairs joins and leaves lost on the way.
    for occupant in occupants {
        let Some(joined_at) = occupant.joined_at else {
            continue;
        };
        let person = who(conn, meeting, occupant)?;
        let key = person.person.key();
        let left_at = occupant.left_at.unwrap_or(at);
        presence::upsert_closed_stay(
            conn,
            &stay(
                meeting,
                room,
                occupant,
                &person,
                &key,
                joined_at,
                Some(left_at),
            ),
        )?;
    }
    presence::close_open_stays(conn, meeting.id, &room.breakout, at)?;
    presence::upsert_room_state(conn, meeting.id, &room.breakout, "", None, Some(at))?;
    remember_room_jid(conn, meeting, room)?;
    if !room.is_breakout() {
        let anyone_came = !occupants.is_empty() || presence::any_stay(conn, meeting.id)?;
        set_status(
            conn,
            meeting,
            lifecycle::after_destroy(meeting.status, at, meeting.starts_at, anyone_came),
        )?;
    }
    Ok(Applied::Recorded)
}
