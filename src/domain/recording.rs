//! Recordings as Jibri reports them: a session in a room that starts, then stops or fails.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
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

/// A signed report is believed this long after it was sent: enough for a slow network and
/// the finalize script's retries (each signed anew), too short to replay a captured one.
pub const MAX_REPORT_AGE: Duration = Duration::minutes(5);
/// How far ahead of jmb's clock the sender's clock may be.
pub const MAX_CLOCK_AHEAD: Duration = Duration::seconds(60);

/// Why a report's signed time is not believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StaleReport {
    #[error("X-Jitsi-Timestamp is more than 5 minutes old (a replay, or a clock that is wrong)")]
    TooOld,
    #[error("X-Jitsi-Timestamp is in the future (the sender's clock is ahead of jmb's)")]
    FromTheFuture,
}

/// Checks the signed send time (`X-Jitsi-Timestamp`, Unix seconds) against `now`.
pub fn check_sent_at(sent_at: i64, now: DateTime<Utc>) -> Result<(), StaleReport> {
    let Some(sent_at) = DateTime::from_timestamp(sent_at, 0) else {
        return Err(StaleReport::FromTheFuture);
    };
    if sent_at > now + MAX_CLOCK_AHEAD {
        Err(StaleReport::FromTheFuture)
    } else if sent_at < now - MAX_REPORT_AGE {
        Err(StaleReport::TooOld)
    } else {
        Ok(())
    }
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
    use super::{StaleReport, check_sent_at};
    use chrono::{TimeZone, Utc};

    #[test]
    fn a_report_is_believed_for_five_minutes_and_a_minute_of_clock_skew() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let t = now.timestamp();
        assert_eq!(check_sent_at(t, now), Ok(()));
        assert_eq!(check_sent_at(t - 300, now), Ok(()));
        assert_eq!(check_sent_at(t + 60, now), Ok(()));
        assert_eq!(check_sent_at(t - 301, now), Err(StaleReport::TooOld));
        assert_eq!(check_sent_at(0, now), Err(StaleReport::TooOld));
        assert_eq!(check_sent_at(t + 61, now), Err(StaleReport::FromTheFuture));
        assert_eq!(
            check_sent_at(i64::MAX, now),
            Err(StaleReport::FromTheFuture)
        );
    }

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
