//! What Prosody tells jmb about a room (jitsi-contrib `event_sync_component`), as plain data.

use chrono::{DateTime, Utc};

/// Which room an event is about. Breakout rooms report their main room's name, so a
/// meeting's breakout rooms all land on that meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRef {
    /// The jmb room name: lower case, without a `[tenant]` prefix.
    pub room: String,
    /// The main room's JID (what jitsi-meet's `end-meeting` wants); may be empty.
    pub room_jid: String,
    /// The breakout room's id, empty for the main room.
    pub breakout: String,
}

impl RoomRef {
    pub fn is_breakout(&self) -> bool {
        !self.breakout.is_empty()
    }
}

/// One XMPP session in a room. `name`, `email` and `id` come from the JWT, so guests
/// without a token have none of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Occupant {
    /// The real (session) JID, unique per connection.
    pub jid: String,
    pub name: String,
    pub email: String,
    pub id: String,
    /// Set when Prosody copies the whole token context (`include_user_info`).
    pub moderator: Option<bool>,
    pub joined_at: Option<DateTime<Utc>>,
    pub left_at: Option<DateTime<Utc>>,
}

impl Occupant {
    /// `node@domain` without the resource: a guest's identity across reconnections of one
    /// anonymous session.
    pub fn bare_jid(&self) -> &str {
        self.jid.split('/').next().unwrap_or(&self.jid)
    }

    pub fn has_token(&self) -> bool {
        !(self.email.is_empty() && self.id.is_empty() && self.name.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomEvent {
    Created {
        at: DateTime<Utc>,
    },
    /// Everyone who was ever in the room comes along, which repairs missed joins and leaves.
    Destroyed {
        at: DateTime<Utc>,
        occupants: Vec<Occupant>,
    },
    Joined(Occupant),
    Left(Occupant),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub room: RoomRef,
    pub what: RoomEvent,
}

/// The kind of event, as the URL path names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    RoomCreated,
    RoomDestroyed,
    OccupantJoined,
    OccupantLeft,
}

impl EventKind {
    /// `event_name` as the plugin writes it.
    pub fn event_name(self) -> &'static str {
        match self {
            EventKind::RoomCreated => "muc-room-created",
            EventKind::RoomDestroyed => "muc-room-destroyed",
            EventKind::OccupantJoined => "muc-occupant-joined",
            EventKind::OccupantLeft => "muc-occupant-left",
        }
    }
}
