//! Applying what Prosody reports: who is in which room since when, and the meeting's status.
//! Every event is idempotent and safe out of order (see `domain::lifecycle`), because the
//! plugin retries on 5xx and sends joins that may overtake the room's creation.

use std::collections::HashMap;

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::domain::Invitee;
use crate::domain::MeetingStatus;
use crate::domain::attendance::{Identified, Known, identify};
use crate::domain::lifecycle;
use crate::domain::recurrence::Series;
use crate::domain::room_event::{Event, Occupant, RoomEvent, RoomRef};
use crate::store::presence::{self, NewStay, RoomMeeting, RoomState};
use crate::store::{self, invitees, meetings, pool, series};

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

/// How long before its start and after its end an occurrence's room is open (`[jitsi]`
/// `join_before_min`, `join_after_min`): a stay belongs to the occurrence whose window holds
/// its join.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JoinMargins {
    pub before_min: u32,
    pub after_min: u32,
}

/// What earlier events have read: meetings by room, rooms, invitees by mail, series. Kept from
/// one transaction to the next for as long as no other connection writes to the database
/// (SQLite's `data_version` says so); the writer's own changes update it as they are made.
#[derive(Debug, Default)]
pub struct Lookups {
    margins: JoinMargins,
    version: Option<i64>,
    meetings: HashMap<String, Option<RoomMeeting>>,
    series: HashMap<i64, Option<Series>>,
    rooms: HashMap<(i64, String), RoomState>,
    invitees: HashMap<(i64, String), Option<Invitee>>,
}

/// Past this many remembered rows (rooms jmb did not book count too), start again.
const MAX_REMEMBERED: usize = 100_000;

impl Lookups {
    pub fn new(margins: JoinMargins) -> Self {
        Self {
            margins,
            ..Self::default()
        }
    }

    /// Call at the start of each transaction.
    pub fn refresh(&mut self, conn: &Connection) -> Result<(), Error> {
        let version = pool::data_version(conn)?;
        let size = self.meetings.len() + self.rooms.len() + self.invitees.len() + self.series.len();
        if self.version != Some(version) || size > MAX_REMEMBERED {
            self.forget();
        }
        self.version = Some(version);
        Ok(())
    }

    /// After a rollback, what was read or written in it is no longer true.
    pub fn forget(&mut self) {
        self.version = None;
        self.meetings.clear();
        self.rooms.clear();
        self.invitees.clear();
        self.series.clear();
    }

    /// The occurrence of meeting `meeting_id` a stay that began at `t` belongs to: `None` for
    /// a one-off meeting, or a time outside every occurrence's window.
    fn occurrence_at(
        &mut self,
        conn: &Connection,
        meeting_id: i64,
        t: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, Error> {
        let m = self.margins;
        let known = match self.series.entry(meeting_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(series::fetch_series(conn, meeting_id)?)
            }
        };
        Ok(known
            .as_ref()
            .and_then(|s| s.occurrence_at(t, m.before_min, m.after_min))
            .map(|o| o.id))
    }

    fn invitee_by_email(
        &mut self,
        conn: &Connection,
        meeting_id: i64,
        email: &str,
    ) -> Result<Option<Invitee>, Error> {
        let key = (meeting_id, email.to_string());
        if let Some(i) = self.invitees.get(&key) {
            return Ok(i.clone());
        }
        let i = invitees::fetch_invitee_by_email(conn, meeting_id, email)?;
        self.invitees.insert(key, i.clone());
        Ok(i)
    }

    fn meeting(&mut self, conn: &Connection, room: &str) -> Result<Option<RoomMeeting>, Error> {
        if let Some(m) = self.meetings.get(room) {
            return Ok(m.clone());
        }
        let m = presence::fetch_meeting_for_room(conn, room)?;
        self.meetings.insert(room.to_string(), m.clone());
        Ok(m)
    }

    fn room(
        &mut self,
        conn: &Connection,
        meeting_id: i64,
        breakout: &str,
    ) -> Result<RoomState, Error> {
        let key = (meeting_id, breakout.to_string());
        if let Some(r) = self.rooms.get(&key) {
            return Ok(r.clone());
        }
        let r = presence::fetch_room_state(conn, meeting_id, breakout)?.unwrap_or_default();
        self.rooms.insert(key, r.clone());
        Ok(r)
    }

    fn upsert_room(
        &mut self,
        conn: &Connection,
        meeting_id: i64,
        breakout: &str,
        room_jid: &str,
        created_at: Option<DateTime<Utc>>,
        destroyed_at: Option<DateTime<Utc>>,
    ) -> Result<(), Error> {
        presence::upsert_room_state(
            conn,
            meeting_id,
            breakout,
            room_jid,
            created_at,
            destroyed_at,
        )?;
        self.rooms.remove(&(meeting_id, breakout.to_string()));
        Ok(())
    }

    fn set_status(
        &mut self,
        conn: &Connection,
        room: &str,
        meeting: &RoomMeeting,
        next: Option<MeetingStatus>,
    ) -> Result<(), Error> {
        if let Some(status) = next {
            meetings::update_meeting_status(conn, meeting.id, status)?;
            if let Some(Some(m)) = self.meetings.get_mut(room) {
                m.status = status;
            }
        }
        Ok(())
    }
}

/// Applies one event. Call it inside a transaction (it makes several writes), after
/// [`Lookups::refresh`]; if the transaction is rolled back, call [`Lookups::forget`].
pub fn apply(
    conn: &Connection,
    lookups: &mut Lookups,
    event: &Event,
    now: DateTime<Utc>,
) -> Result<Applied, Error> {
    let Some(meeting) = lookups.meeting(conn, &event.room.room)? else {
        return Ok(Applied::UnknownRoom);
    };
    let room = &event.room;
    let mut ctx = Ctx {
        conn,
        lookups,
        meeting: &meeting,
        room,
        now,
    };
    match &event.what {
        RoomEvent::Created { at } => {
            ctx.lookups
                .upsert_room(conn, meeting.id, &room.breakout, "", Some(*at), None)?;
            ctx.remember_room_jid()?;
            Ok(Applied::Recorded)
        }
        RoomEvent::Joined(occupant) => ctx.joined(occupant, now),
        RoomEvent::Left(occupant) => ctx.left(occupant, now),
        RoomEvent::Destroyed { at, occupants } => ctx.destroyed(*at, occupants),
    }
}

/// One event being applied.
struct Ctx<'a> {
    conn: &'a Connection,
    lookups: &'a mut Lookups,
    meeting: &'a RoomMeeting,
    room: &'a RoomRef,
    /// When the event is applied (not when it happened): what webhook deliveries are due by.
    now: DateTime<Utc>,
}

impl Ctx<'_> {
    /// The main room's JID, which ending the room needs; every event carries it.
    fn remember_room_jid(&mut self) -> Result<(), Error> {
        let jid = &self.room.room_jid;
        if jid.is_empty() || self.lookups.room(self.conn, self.meeting.id, "")?.room_jid == *jid {
            return Ok(());
        }
        self.lookups
            .upsert_room(self.conn, self.meeting.id, "", jid, None, None)
    }

    /// A change of the meeting's state, told to webhook subscribers when it starts or ends.
    fn set_status(&mut self, next: Option<MeetingStatus>) -> Result<(), Error> {
        self.lookups
            .set_status(self.conn, &self.room.room, self.meeting, next)?;
        let event_type = match next {
            Some(MeetingStatus::InProgress) => "meeting.started",
            Some(MeetingStatus::Completed) => "meeting.ended",
            _ => return Ok(()),
        };
        super::webhooks::emit_room(self.conn, event_type, self.meeting.id, None, self.now)
    }

    fn joined(&mut self, occupant: &Occupant, now: DateTime<Utc>) -> Result<Applied, Error> {
        let (conn, meeting, room) = (self.conn, self.meeting, self.room);
        let joined_at = occupant.joined_at.unwrap_or(now);
        let main = self.lookups.room(conn, meeting.id, "")?;
        let here = if room.is_breakout() {
            self.lookups.room(conn, meeting.id, &room.breakout)?
        } else {
            main.clone()
        };
        // A join older than the room's latest destruction arrives late: that stay is over.
        let left_at = here.destroyed_at.filter(|d| joined_at <= *d);
        let person = who(conn, self.lookups, meeting, occupant)?;
        let key = person.person.key();
        let occurrence = self.lookups.occurrence_at(conn, meeting.id, joined_at)?;
        let new = presence::insert_stay(
            conn,
            &stay(
                meeting,
                room,
                occupant,
                &person,
                &key,
                (joined_at, left_at),
                occurrence,
            ),
        )?;
        self.remember_room_jid()?;
        self.set_status(lifecycle::after_join(
            meeting.status,
            joined_at,
            main.destroyed_at,
        ))?;
        Ok(if new {
            Applied::Recorded
        } else {
            Applied::Duplicate
        })
    }

    fn left(&mut self, occupant: &Occupant, now: DateTime<Utc>) -> Result<Applied, Error> {
        let (conn, meeting, room) = (self.conn, self.meeting, self.room);
        let left_at = occupant.left_at.unwrap_or(now);
        let changed = match occupant.joined_at {
            Some(joined_at) => {
                let person = who(conn, self.lookups, meeting, occupant)?;
                let key = person.person.key();
                let occurrence = self.lookups.occurrence_at(conn, meeting.id, joined_at)?;
                presence::upsert_closed_stay(
                    conn,
                    &stay(
                        meeting,
                        room,
                        occupant,
                        &person,
                        &key,
                        (joined_at, Some(left_at)),
                        occurrence,
                    ),
                )?
            }
            None => presence::close_latest_stay(
                conn,
                meeting.id,
                &room.breakout,
                &occupant.jid,
                left_at,
            )?,
        };
        self.remember_room_jid()?;
        Ok(if changed {
            Applied::Recorded
        } else {
            Applied::Duplicate
        })
    }

    fn destroyed(&mut self, at: DateTime<Utc>, occupants: &[Occupant]) -> Result<Applied, Error> {
        let (conn, meeting, room) = (self.conn, self.meeting, self.room);
        // The plugin's list of everyone who came repairs joins and leaves lost on the way.
        for occupant in occupants {
            let Some(joined_at) = occupant.joined_at else {
                continue;
            };
            let person = who(conn, self.lookups, meeting, occupant)?;
            let key = person.person.key();
            let left_at = occupant.left_at.unwrap_or(at);
            let occurrence = self.lookups.occurrence_at(conn, meeting.id, joined_at)?;
            presence::upsert_closed_stay(
                conn,
                &stay(
                    meeting,
                    room,
                    occupant,
                    &person,
                    &key,
                    (joined_at, Some(left_at)),
                    occurrence,
                ),
            )?;
        }
        presence::close_open_stays(conn, meeting.id, &room.breakout, at)?;
        self.lookups
            .upsert_room(conn, meeting.id, &room.breakout, "", None, Some(at))?;
        self.remember_room_jid()?;
        if !room.is_breakout() {
            let anyone_came = !occupants.is_empty() || presence::any_stay(conn, meeting.id)?;
            self.set_status(lifecycle::after_destroy(
                meeting.status,
                at,
                meeting.starts_at,
                anyone_came,
            ))?;
        }
        Ok(Applied::Recorded)
    }
}

fn who(
    conn: &Connection,
    lookups: &mut Lookups,
    meeting: &RoomMeeting,
    occupant: &Occupant,
) -> Result<Identified, Error> {
    let by_email = if occupant.email.is_empty() {
        None
    } else {
        lookups.invitee_by_email(conn, meeting.id, &occupant.email)?
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

/// A stay from `joined_at` to `left_at` (`times`), of `occurrence` when the meeting repeats.
fn stay<'a>(
    meeting: &RoomMeeting,
    room: &'a RoomRef,
    occupant: &'a Occupant,
    person: &'a Identified,
    key: &'a str,
    (joined_at, left_at): (DateTime<Utc>, Option<DateTime<Utc>>),
    occurrence: Option<DateTime<Utc>>,
) -> NewStay<'a> {
    NewStay {
        occurrence,
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
