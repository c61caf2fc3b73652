//! Recordings as Jibri reports them: a session in a room that starts, then stops or fails.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordingStatus {
    Started,
    Stopped,
    Failed,
}

impl RecordingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordingStatus::Started => "started",
            RecordingStatus::Stopped => "stopped",
            RecordingStatus::Failed => "failed",
        }
    }

    /// A finished recording stays finished: a late or repeated "started" changes nothing,
    /// while the latest word on how it ended wins.
    pub fn then(self, next: RecordingStatus) -> RecordingStatus {
        match next {
            RecordingStatus::Started => self,
            ended => ended,
        }
    }
}

impl FromStr for RecordingStatus {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "started" => Ok(RecordingStatus::Started),
            "stopped" => Ok(RecordingStatus::Stopped),
            "failed" => Ok(RecordingStatus::Failed),
            _ => Err(()),
        }
    }
}

/// What the finalize script (or another Jibri hook) posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingEvent {
    pub room: String,
    pub session_id: String,
    pub status: RecordingStatus,
    /// File path or URL; may be empty (a start, a failure).
    pub location: String,
    pub at: Option<DateTime<Utc>>,
}

/// A recording as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub id: i64,
    pub meeting_id: i64,
    pub session_id: String,
    pub status: RecordingStatus,
    pub location: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl Recording {
    /// Locations that a browser can open; anything else is a path on the Jibri host.
    pub fn is_link(&self) -> bool {
        self.location.starts_with("https://") || self.location.starts_with("http://")
    }
}

#[cfg(test)]
mod tests {
    use super::RecordingStatus::*;

    #[test]
    fn a_finished_recording_is_not_reopened_by_a_late_start() {
        assert_eq!(Started.then(Stopped), Stopped);
        assert_eq!(Started.then(Failed), Failed);
        assert_eq!(Stopped.then(Started), Stopped);
        assert_eq!(Failed.then(Started), Failed);
        assert_eq!(Started.then(Started), Started);
        assert_eq!(Stopped.then(Failed), Failed);
    }
}
