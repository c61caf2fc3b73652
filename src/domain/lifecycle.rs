//! A meeting's status as its room lives: `in-progress` from the first join, `completed` when
//! the room goes away after the booked start. Events may arrive late, twice, or out of order,
//! so every rule looks at the event's own time, not at the order of arrival.

use chrono::{DateTime, Utc};

use super::role::MeetingStatus;

/// The status after someone joined at `joined_at`; `None` when it does not change.
/// `destroyed_at` is the latest destruction of the main room seen so far: a join older than
/// that is a late copy of something already over, and reopens nothing.
pub fn after_join(
    status: MeetingStatus,
    joined_at: DateTime<Utc>,
    destroyed_at: Option<DateTime<Utc>>,
) -> Option<MeetingStatus> {
    let stale = destroyed_at.is_some_and(|d| joined_at <= d);
    match status {
        MeetingStatus::Scheduled if !stale => Some(MeetingStatus::InProgress),
        // The room was made again after it ended (someone came back within the join window).
        MeetingStatus::Completed if !stale => Some(MeetingStatus::InProgress),
        _ => None,
    }
}

/// The status after the main room was destroyed at `destroyed_at`. A room that closes before
/// the booked start was a rehearsal: the meeting is still to come. `anyone_came` says whether
/// the room ever had an occupant (its joins may all have been lost on the way).
pub fn after_destroy(
    status: MeetingStatus,
    destroyed_at: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    anyone_came: bool,
) -> Option<MeetingStatus> {
    let after_start = destroyed_at >= starts_at;
    match status {
        MeetingStatus::InProgress if after_start => Some(MeetingStatus::Completed),
        MeetingStatus::Scheduled if after_start && anyone_came => Some(MeetingStatus::Completed),
        MeetingStatus::InProgress => Some(MeetingStatus::Scheduled),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus::*;
    use chrono::{Duration, TimeZone};

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn the_first_join_puts_a_scheduled_meeting_in_progress() {
        assert_eq!(after_join(Scheduled, start(), None), Some(InProgress));
        assert_eq!(after_join(InProgress, start(), None), None);
    }

    #[test]
    fn a_cancelled_meeting_stays_cancelled_whoever_comes() {
        assert_eq!(after_join(Cancelled, start(), None), None);
        assert_eq!(after_destroy(Cancelled, start(), start(), true), None);
    }

    #[test]
    fn a_late_copy_of_a_join_does_not_reopen_a_finished_meeting() {
        let ended = start() + Duration::hours(1);
        assert_eq!(
            after_join(Completed, start() + Duration::minutes(5), Some(ended)),
            None
        );
        assert_eq!(after_join(Completed, ended, Some(ended)), None);
        assert_eq!(
            after_join(Completed, ended + Duration::minutes(3), Some(ended)),
            Some(InProgress)
        );
    }

    #[test]
    fn destruction_after_the_start_completes_and_before_it_is_a_rehearsal() {
        let later = start() + Duration::minutes(50);
        let early = start() - Duration::minutes(10);
        assert_eq!(
            after_destroy(InProgress, later, start(), true),
            Some(Completed)
        );
        assert_eq!(
            after_destroy(InProgress, start(), start(), true),
            Some(Completed)
        );
        assert_eq!(
            after_destroy(InProgress, early, start(), true),
            Some(Scheduled)
        );
        assert_eq!(after_destroy(Scheduled, early, start(), true), None);
        assert_eq!(after_destroy(Completed, start(), start(), true), None);
    }

    #[test]
    fn an_empty_room_closing_completes_only_a_meeting_already_under_way() {
        let later = start() + Duration::minutes(50);
        assert_eq!(after_destroy(Scheduled, later, start(), false), None);
        assert_eq!(
            after_destroy(Scheduled, later, start(), true),
            Some(Completed)
        );
    }
}
