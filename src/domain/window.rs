//! When a personal link lets someone into the room.

use chrono::{DateTime, Duration, Utc};

use super::role::MeetingStatus;

/// What entering a room needs to know of a meeting: the busiest read in jmb, kept narrow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomSlot {
    pub room: String,
    pub subject: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: MeetingStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JoinWindow {
    pub opens: DateTime<Utc>,
    pub closes: DateTime<Utc>,
}

impl JoinWindow {
    pub fn of(meeting: &RoomSlot, before_min: u32, after_min: u32) -> Self {
        Self {
            opens: meeting.starts_at - Duration::minutes(i64::from(before_min)),
            closes: meeting.ends_at + Duration::minutes(i64::from(after_min)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    NotYet { opens: DateTime<Utc> },
    Open(JoinWindow),
    Over,
    Cancelled,
}

pub fn access(meeting: &RoomSlot, window: JoinWindow, now: DateTime<Utc>) -> Access {
    if meeting.status == MeetingStatus::Cancelled {
        Access::Cancelled
    } else if now < window.opens {
        Access::NotYet {
            opens: window.opens,
        }
    } else if now >= window.closes {
        Access::Over
    } else {
        Access::Open(window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn meeting(status: MeetingStatus) -> RoomSlot {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        RoomSlot {
            room: "r".into(),
            subject: "s".into(),
            starts_at: start,
            ends_at: start + Duration::minutes(60),
            status,
        }
    }

    #[test]
    fn the_window_opens_early_and_closes_late_by_the_configured_minutes() {
        let m = meeting(MeetingStatus::Scheduled);
        let w = JoinWindow::of(&m, 15, 5);
        assert_eq!(w.opens, m.starts_at - Duration::minutes(15));
        assert_eq!(w.closes, m.ends_at + Duration::minutes(5));
        assert_eq!(
            access(&m, w, w.opens - Duration::seconds(1)),
            Access::NotYet { opens: w.opens }
        );
        assert_eq!(access(&m, w, w.opens), Access::Open(w));
        assert_eq!(access(&m, w, w.closes), Access::Over);
    }

    #[test]
    fn a_cancelled_meeting_never_opens() {
        let m = meeting(MeetingStatus::Cancelled);
        let w = JoinWindow::of(&m, 15, 0);
        assert_eq!(access(&m, w, m.starts_at), Access::Cancelled);
    }

    proptest! {
        #[test]
        fn open_exactly_inside_the_window(offset in -200i64..200, before in 0u32..60, after in 0u32..60) {
            let m = meeting(MeetingStatus::Scheduled);
            let w = JoinWindow::of(&m, before, after);
            let now = m.starts_at + Duration::minutes(offset);
            let inside = now >= w.opens && now < w.closes;
            prop_assert_eq!(matches!(access(&m, w, now), Access::Open(_)), inside);
        }
    }
}
