//! What `/metrics` and `jmb stats` report, read from the database when asked.

use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::role::{MeetingStatus, PartStat};

/// One reading of the service's state. Later work adds fields; the exposition and the
/// Munin plugins read them by metric name, `jmb stats --json` by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub meetings_scheduled: i64,
    pub meetings_cancelled: i64,
    pub meetings_in_progress: i64,
    pub meetings_completed: i64,
    /// Meetings (not cancelled) starting today in the configured time zone.
    pub meetings_today: i64,
    /// Scheduled meetings that have not started yet.
    pub meetings_upcoming: i64,
    pub invitees_needs_action: i64,
    pub invitees_accepted: i64,
    pub invitees_declined: i64,
    pub invitees_tentative: i64,
    pub participants_in_rooms: i64,
    pub rooms_in_progress: i64,
    pub outbox_queued: i64,
    pub outbox_sent: i64,
    pub outbox_failed: i64,
    pub reminders_pending: i64,
    pub reminders_sent: i64,
    /// Pending reminders whose time has come: more than a few means no scheduler runs.
    pub reminders_due: i64,
    /// The database file (its write-ahead log aside).
    pub database_bytes: i64,
}

impl Stats {
    pub fn meetings(&self) -> [(MeetingStatus, i64); 4] {
        [
            (MeetingStatus::Scheduled, self.meetings_scheduled),
            (MeetingStatus::Cancelled, self.meetings_cancelled),
            (MeetingStatus::InProgress, self.meetings_in_progress),
            (MeetingStatus::Completed, self.meetings_completed),
        ]
    }

    /// The operator's summary (`jmb stats`): what is happening and whether mail flows.
    pub fn summary(&self) -> String {
        format!(
            "meetings    {} today, {} upcoming\n\
             rooms       {} live, {} people in them\n\
             mails       {} queued, {} failed\n\
             reminders   {} due, {} pending\n\
             database    {}\n",
            self.meetings_today,
            self.meetings_upcoming,
            self.rooms_in_progress,
            self.participants_in_rooms,
            self.outbox_queued,
            self.outbox_failed,
            self.reminders_due,
            self.reminders_pending,
            human_bytes(self.database_bytes),
        )
    }

    pub fn invitees(&self) -> [(PartStat, i64); 4] {
        [
            (PartStat::NeedsAction, self.invitees_needs_action),
            (PartStat::Accepted, self.invitees_accepted),
            (PartStat::Declined, self.invitees_declined),
            (PartStat::Tentative, self.invitees_tentative),
        ]
    }
}

/// `1536` → `1.5 KiB`: a size an operator reads at a glance.
fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = UNITS[0];
    for next in &UNITS[1..] {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

/// Start and end (exclusive) of the local day containing `now`, in UTC. A day is not
/// always 24 hours long where clocks change.
pub fn local_day(now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = now.with_timezone(&tz).date_naive();
    let start_of = |d: chrono::NaiveDate| {
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            // Midnight skipped by a clock change: the day starts at the first instant it has.
            .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)))
    };
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    (start_of(date), start_of(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_what_is_happening_in_plain_words() {
        let s = Stats {
            meetings_today: 3,
            meetings_upcoming: 12,
            rooms_in_progress: 1,
            participants_in_rooms: 4,
            outbox_queued: 2,
            outbox_failed: 1,
            reminders_due: 0,
            reminders_pending: 30,
            database_bytes: 3 * 1024 * 1024 / 2,
            ..Stats::default()
        };
        assert_eq!(
            s.summary(),
            "meetings    3 today, 12 upcoming\n\
             rooms       1 live, 4 people in them\n\
             mails       2 queued, 1 failed\n\
             reminders   0 due, 30 pending\n\
             database    1.5 MiB\n"
        );
        assert_eq!(human_bytes(512), "512 bytes");
        assert_eq!(human_bytes(4096), "4.0 KiB");
    }

    #[test]
    fn the_local_day_follows_the_time_zone_and_its_clock_changes() {
        let tz: Tz = "Europe/Paris".parse().unwrap();
        // 23:30 UTC on 1 December is already 2 December in Paris.
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap();
        let (start, end) = local_day(now, tz);
        assert_eq!(start, Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap());
        assert_eq!(end, Utc.with_ymd_and_hms(2026, 12, 2, 23, 0, 0).unwrap());
        // The day clocks go forward has 23 hours.
        let now = Utc.with_ymd_and_hms(2026, 3, 29, 12, 0, 0).unwrap();
        let (start, end) = local_day(now, tz);
        assert_eq!((end - start).num_hours(), 23);
    }
}
