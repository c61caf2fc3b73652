//! Recording reports from Jibri, filed under the meeting whose room was recorded.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::events::Applied;
use crate::domain::recording::RecordingEvent;
use crate::store::{presence, recordings};

pub fn record(
    conn: &mut Connection,
    event: &RecordingEvent,
    now: DateTime<Utc>,
) -> Result<Applied, Error> {
    let tx = conn.transaction()?;
    let Some(meeting) = presence::fetch_meeting_for_room(&tx, &event.room)? else {
        return Ok(Applied::UnknownRoom);
    };
    recordings::upsert_recording(&tx, meeting.id, event, event.at.unwrap_or(now))?;
    tx.commit()?;
    Ok(Applied::Recorded)
}
