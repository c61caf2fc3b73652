//! The record of a meeting's rooms for those who may read it: the owner and the moderators.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::meetings::{MeetingView, Relation, fetch_for_viewer};
use crate::auth::Identity;
use crate::domain::attendance::{Attendee, summarise};
use crate::domain::recording::Recording;
use crate::store::{presence, recordings};

/// Who came, and what was recorded.
#[derive(Debug, Clone)]
pub struct RoomRecord {
    pub attendees: Vec<Attendee>,
    pub recordings: Vec<Recording>,
}

/// Attendance and recordings name people and files: the owner and moderators see them,
/// participants do not.
pub fn may_read(relation: Relation) -> bool {
    relation.audience().sees_all_invitees()
}

/// The record of a meeting's rooms; of one occurrence of a series (its RECURRENCE-ID) when
/// `occurrence` names one: only the stays that belong to it.
pub fn record(
    conn: &Connection,
    meeting_id: i64,
    occurrence: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<RoomRecord, Error> {
    let mut stays = presence::list_stays(conn, meeting_id)?;
    if occurrence.is_some() {
        stays.retain(|s| s.occurrence == occurrence);
    }
    Ok(RoomRecord {
        attendees: summarise(stays, now),
        recordings: recordings::list_recordings(conn, meeting_id)?,
    })
}

/// The meeting and its record, if `who` may read it.
pub fn for_viewer(
    conn: &Connection,
    id: i64,
    who: &Identity,
    occurrence: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(MeetingView, Relation, RoomRecord), Error> {
    let (view, relation) = fetch_for_viewer(conn, id, who)?;
    if !may_read(relation) {
        return Err(Error::NotOwner);
    }
    let record = record(conn, id, occurrence, now)?;
    Ok((view, relation, record))
}
