//! A login the server can end: when it is alive, and when its last-seen time is worth
//! writing again.

use chrono::{DateTime, Duration, Utc};

/// How stale `last_seen_at` may get before a request writes it again: fresh enough to tell
/// a login in use from a forgotten one, rare enough that nearly every request only reads.
pub const SEEN_EVERY: Duration = Duration::minutes(5);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginSession {
    pub login: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Fixed at login: using a login does not lengthen it.
    pub expires_at: DateTime<Utc>,
}

impl LoginSession {
    pub fn new(login: &str, now: DateTime<Utc>, lifetime: Duration) -> Self {
        Self {
            login: login.to_string(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + lifetime,
        }
    }

    /// Whether this row still makes `login` logged in at `now`.
    pub fn admits(&self, login: &str, now: DateTime<Utc>) -> bool {
        self.login == login && now < self.expires_at
    }

    pub fn is_seen_stale(&self, now: DateTime<Utc>) -> bool {
        now - self.last_seen_at >= SEEN_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
    }

    #[test]
    fn a_login_is_admitted_until_it_expires_and_only_for_its_own_person() {
        let s = LoginSession::new("alice", t0(), Duration::minutes(60));
        assert!(s.admits("alice", t0()));
        assert!(s.admits("alice", t0() + Duration::minutes(59)));
        assert!(!s.admits("alice", t0() + Duration::minutes(60)));
        assert!(!s.admits("bob", t0()));
    }

    #[test]
    fn last_seen_is_rewritten_only_every_few_minutes() {
        let s = LoginSession::new("alice", t0(), Duration::minutes(60));
        assert!(!s.is_seen_stale(t0()));
        assert!(!s.is_seen_stale(t0() + SEEN_EVERY - Duration::seconds(1)));
        assert!(s.is_seen_stale(t0() + SEEN_EVERY));
    }
}
