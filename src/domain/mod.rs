//! Plain Rust rules of the booking world: no actix, no SQL, no I/O.

pub mod attendance;
pub mod hash;
pub mod invitee;
pub mod json;
pub mod legacy;
pub mod lifecycle;
pub mod listing;
pub mod login;
pub mod meeting;
pub mod notice;
pub mod outreach;
pub mod personal_room;
pub mod recording;
pub mod recurrence;
pub mod reminder;
pub mod role;
pub mod room;
pub mod room_event;
pub mod session;
pub mod stats;
pub mod text;
pub mod validation;
pub mod webhook;
pub mod window;

pub use invitee::{Invitee, InviteeDraft};
pub use meeting::{Meeting, MeetingDraft};
pub use notice::{InviteeChanges, MailEvent, Notice, Recipient};
pub use role::{MeetingStatus, PartStat, Role};
pub use validation::{FieldError, Problem};
pub use window::{Access, JoinWindow, RoomSlot};
