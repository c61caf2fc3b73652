//! Recording reports from Jibri, filed under the meeting whose room was recorded.

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use super::events::Applied;
use crate::domain::recording::{RecordingEvent, RecordingStatus};
use crate::domain::webhook::RecordingPayload;
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
    let stopped_before = recordings::list_recordings(&tx, meeting.id)?
        .iter()
        .any(|r| r.session_id == event.session_id && r.status == RecordingStatus::Stopped);
    recordings::upsert_recording(&tx, meeting.id, event, event.at.unwrap_or(now))?;
    // Once per recording, whatever the finalize script's retries.
    if event.status == RecordingStatus::Stopped && !stopped_before {
        let recording = RecordingPayload {
            session_id: event.session_id.clone(),
            location: event.location.clone(),
        };
        super::webhooks::emit_room(&tx, "recording.ready", meeting.id, Some(recording), now)?;
    }
    tx.commit()?;
    Ok(Applied::Recorded)
}
