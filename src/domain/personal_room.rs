//! Personal rooms: an organiser's permanent room, always open to its owner (as moderator)
//! and to whoever has its guest link (without moderator rights).

use chrono::{DateTime, Duration, Utc};

use super::JoinWindow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalRoom {
    /// The owner's login.
    pub owner: String,
    pub owner_name: String,
    pub room: String,
    /// The guest link's secret (32 random bytes, base64url).
    pub guest_hash: String,
    pub created_at: DateTime<Utc>,
    pub rotated_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub open_count: i64,
}

/// How long before `now` a token for a personal room is already valid: Prosody allows no
/// clock leeway, and the web server's clock may be slightly ahead of Jitsi's.
const CLOCK_SLACK_MIN: i64 = 1;

/// A personal room has no booked time: a token opened now serves for `length_min` minutes
/// (a long meeting, or coming back after a dropped connection).
pub fn token_window(now: DateTime<Utc>, length_min: u32) -> JoinWindow {
    JoinWindow {
        opens: now - Duration::minutes(CLOCK_SLACK_MIN),
        closes: now + Duration::minutes(i64::from(length_min.max(1))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn a_room_token_is_valid_from_a_minute_ago_for_the_given_length() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let w = token_window(now, 720);
        assert_eq!(w.opens, now - Duration::minutes(1));
        assert_eq!(w.closes, now + Duration::hours(12));
    }

    proptest! {
        #[test]
        fn now_is_always_inside_the_window(minutes in 0u32..100_000, secs in 0i64..4_000_000_000) {
            let now = DateTime::from_timestamp(secs, 0).unwrap();
            let w = token_window(now, minutes);
            prop_assert!(w.opens < now && now < w.closes);
        }
    }
}
