//! Reminders in plain Rust: when each one is due, what an edit does to them, which of the due
//! ones a pass sends, whom a mail reminder goes to and what the room is told.
//!
//! Mail reminders are counted back from the start, XMPP messages into the room from the end.
//! A reminder whose moment has already passed when the meeting is booked (or moved) is never
//! planned, and one that has gone out is not sent again for the same moment.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use super::invitee::Invitee;
use super::meeting::Meeting;
use super::notice::{MailEvent, Notice, Recipient};
use super::recurrence::{Answers, Occurrence, Series};
use super::role::{MeetingStatus, PartStat};

/// After the end, the room is told it is over for this long at most; later it is pointless.
pub const ROOM_NOTE_GRACE: Duration = Duration::minutes(5);

/// How far ahead a series' reminders are planned at the least: beyond the longest usual offset
/// (a week), yet few occurrences per series, so that a series costs the scheduler little
/// however long it runs.
pub const SERIES_HORIZON: Duration = Duration::weeks(8);

/// How much further than the horizon each planning goes: the scheduler extends a given series
/// about once a week, not at every pass.
pub const SERIES_STEP: Duration = Duration::weeks(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReminderKind {
    /// A mail before the start, to the owner and everyone who has not declined.
    Mail,
    /// A message into the meeting room before the end.
    Xmpp,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 2] = [ReminderKind::Mail, ReminderKind::Xmpp];

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Mail => "mail",
            ReminderKind::Xmpp => "xmpp",
        }
    }

    /// The moment the offsets count back from.
    pub fn anchor(self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            ReminderKind::Mail => starts_at,
            ReminderKind::Xmpp => ends_at,
        }
    }
}

impl FromStr for ReminderKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "mail" => Ok(ReminderKind::Mail),
            "xmpp" => Ok(ReminderKind::Xmpp),
            _ => Err(()),
        }
    }
}

impl fmt::Display for ReminderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The configured offsets in minutes, each list without duplicates, largest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Offsets {
    mail: Vec<u32>,
    xmpp: Vec<u32>,
}

impl Offsets {
    pub fn new(mail: &[u32], xmpp: &[u32]) -> Self {
        let tidy = |list: &[u32]| {
            let mut v = list.to_vec();
            v.sort_unstable_by(|a, b| b.cmp(a));
            v.dedup();
            v
        };
        Self {
            mail: tidy(mail),
            xmpp: tidy(xmpp),
        }
    }

    pub fn of(&self, kind: ReminderKind) -> &[u32] {
        match kind {
            ReminderKind::Mail => &self.mail,
            ReminderKind::Xmpp => &self.xmpp,
        }
    }
}

pub fn due_at(anchor: DateTime<Utc>, offset_min: u32) -> DateTime<Utc> {
    anchor - Duration::minutes(i64::from(offset_min))
}

/// Where a planned reminder stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderState {
    Pending,
    Sent,
    /// Done without sending (superseded, too late, nobody in the room).
    Skipped,
}

impl ReminderState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReminderState::Pending => "pending",
            ReminderState::Sent => "sent",
            ReminderState::Skipped => "skipped",
        }
    }

    pub fn is_done(self) -> bool {
        self != ReminderState::Pending
    }
}

impl FromStr for ReminderState {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "pending" => Ok(ReminderState::Pending),
            "sent" => Ok(ReminderState::Sent),
            "skipped" => Ok(ReminderState::Skipped),
            _ => Err(()),
        }
    }
}

/// A reminder of one meeting and kind, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// The occurrence it is for (its RECURRENCE-ID); `None`: a one-off meeting's.
    pub occurrence: Option<DateTime<Utc>>,
    pub offset_min: u32,
    pub due_at: DateTime<Utc>,
    pub state: ReminderState,
}

/// What (re)planning does to one stored reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A new pending reminder.
    Insert {
        offset_min: u32,
        due_at: DateTime<Utc>,
    },
    /// A pending reminder now due at another moment.
    Move {
        offset_min: u32,
        due_at: DateTime<Utc>,
    },
    /// A reminder already done for the old moment, pending again for the new one.
    Rearm {
        offset_min: u32,
        due_at: DateTime<Utc>,
    },
    /// A pending reminder no longer wanted (its moment passed, or the offset is gone).
    Drop { offset_min: u32 },
}

/// The steps that bring the stored reminders of one kind in line with `offsets` counted back
/// from `anchor`, at `now`. Reminders already done stay done unless their moment moved into
/// the future; a moment already past is never planned.
pub fn replan(
    existing: &[Planned],
    offsets: &[u32],
    anchor: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for &offset_min in offsets {
        let due = due_at(anchor, offset_min);
        // Due this very moment counts as passed: booked exactly a day ahead, the invitation
        // is not followed by a "tomorrow" reminder in the same minute.
        let ahead = due > now;
        match existing.iter().find(|p| p.offset_min == offset_min) {
            None if ahead => steps.push(Step::Insert {
                offset_min,
                due_at: due,
            }),
            None => {}
            Some(p) if p.state == ReminderState::Pending => {
                if !ahead {
                    steps.push(Step::Drop { offset_min });
                } else if p.due_at != due {
                    steps.push(Step::Move {
                        offset_min,
                        due_at: due,
                    });
                }
            }
            Some(p) if p.due_at != due && ahead => steps.push(Step::Rearm {
                offset_min,
                due_at: due,
            }),
            Some(_) => {}
        }
    }
    steps.extend(
        existing
            .iter()
            .filter(|p| p.state == ReminderState::Pending && !offsets.contains(&p.offset_min))
            .map(|p| Step::Drop {
                offset_min: p.offset_min,
            }),
    );
    steps
}

/// One occurrence reminders are planned for, with its effective times; `occurrence` is
/// `None` for a one-off meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub occurrence: Option<DateTime<Utc>>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Target {
    pub fn of_meeting(m: &Meeting) -> Self {
        Self {
            occurrence: None,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
        }
    }

    pub fn of_occurrence(o: &Occurrence) -> Self {
        Self {
            occurrence: Some(o.id),
            starts_at: o.starts_at,
            ends_at: o.ends_at,
        }
    }
}

/// Where a series' plan stops: `Some(until)` while occurrences start at or after `until`,
/// `None` once every occurrence is planned (the scheduler never looks at it again).
fn plan_end(series: &Series, until: DateTime<Utc>) -> Option<DateTime<Utc>> {
    series.next_at_or_after(until).map(|_| until)
}

/// Planning a series afresh (booked, edited, an occurrence moved or cancelled) at `now`: the
/// occurrences taking place that have not ended (a room message before the end of the one
/// being held still counts) and start within the horizon, and where the plan stops.
pub fn series_targets(series: &Series, now: DateTime<Utc>) -> (Vec<Target>, Option<DateTime<Utc>>) {
    let until = now + SERIES_HORIZON + SERIES_STEP;
    let targets = series
        .schedule()
        .iter()
        .filter(|o| !o.cancelled && o.ends_at > now && o.starts_at < until)
        .map(Target::of_occurrence)
        .collect();
    (targets, plan_end(series, until))
}

/// The series whose plan ends before this moment are extended by the scheduler at `now`.
pub fn extension_due_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now + SERIES_HORIZON
}

/// Extending a series planned up to `planned_until`: the occurrences from there to the new
/// end of the plan, and that end. Only what was never planned is planned.
pub fn extend_series(
    series: &Series,
    planned_until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> (Vec<Target>, Option<DateTime<Utc>>) {
    let (more, until) =
        series.extend_horizon(Some(planned_until), now, SERIES_HORIZON + SERIES_STEP);
    (
        more.iter().map(Target::of_occurrence).collect(),
        plan_end(series, until),
    )
}

/// [`replan`] for each of `targets`: the steps, each with its occurrence. Pending reminders of
/// occurrences no longer among them (cancelled, moved beyond the horizon, no longer in the
/// rule, or a one-off meeting that became a series) are dropped; the history of done ones stays.
pub fn replan_targets(
    kind: ReminderKind,
    existing: &[Planned],
    offsets: &[u32],
    targets: &[Target],
    now: DateTime<Utc>,
) -> Vec<(Option<DateTime<Utc>>, Step)> {
    let mut steps = Vec::new();
    for t in targets {
        let mine: Vec<Planned> = existing
            .iter()
            .filter(|p| p.occurrence == t.occurrence)
            .copied()
            .collect();
        let anchor = kind.anchor(t.starts_at, t.ends_at);
        steps.extend(
            replan(&mine, offsets, anchor, now)
                .into_iter()
                .map(|s| (t.occurrence, s)),
        );
    }
    steps.extend(
        existing
            .iter()
            .filter(|p| {
                p.state == ReminderState::Pending
                    && !targets.iter().any(|t| t.occurrence == p.occurrence)
            })
            .map(|p| {
                (
                    p.occurrence,
                    Step::Drop {
                        offset_min: p.offset_min,
                    },
                )
            }),
    );
    steps
}

/// What a pass needs to know of a meeting to judge its due reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
}

impl From<&Meeting> for Timing {
    fn from(m: &Meeting) -> Self {
        Self {
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            cancelled: m.status == MeetingStatus::Cancelled,
        }
    }
}

impl Timing {
    /// The times of the occurrence a reminder is for: a one-off meeting's own, or one
    /// occurrence's of its series (moved, cancelled, or no longer in the rule: as cancelled).
    pub fn of(
        meeting: &Meeting,
        series: Option<&Series>,
        occurrence: Option<DateTime<Utc>>,
    ) -> Self {
        let whole = Timing::from(meeting);
        let Some(id) = occurrence else {
            return whole;
        };
        match series.and_then(|s| s.schedule().into_iter().find(|o| o.id == id)) {
            Some(o) => Self {
                starts_at: o.starts_at,
                ends_at: o.ends_at,
                cancelled: whole.cancelled || o.cancelled,
            },
            None => Self {
                starts_at: id,
                ends_at: id,
                cancelled: true,
            },
        }
    }
}

/// Why a due reminder is done without being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A later reminder of the same meeting is due too (jmb was stopped for a while): only
    /// that one goes out, so nobody gets a burst of stale reminders.
    Superseded {
        by_offset_min: u32,
    },
    /// Its moment is long gone: a mail once the meeting has started, a message to the room
    /// a while after the end.
    TooLate,
    Cancelled,
    /// Nobody is in the room: jmb does not open it just to talk to no one.
    RoomEmpty,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Superseded { by_offset_min } => {
                write!(f, "superseded by the {by_offset_min}-minute reminder")
            }
            SkipReason::TooLate => f.write_str("too late"),
            SkipReason::Cancelled => f.write_str("meeting cancelled"),
            SkipReason::RoomEmpty => f.write_str("nobody in the room"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Send,
    Skip(SkipReason),
}

/// The verdict on each due reminder (by offset) of one meeting and kind: the most recent one
/// is sent unless it is too late, the older ones are superseded by it.
pub fn triage(
    kind: ReminderKind,
    due_offsets: &[u32],
    timing: Timing,
    now: DateTime<Utc>,
) -> Vec<(u32, Verdict)> {
    let Some(&latest) = due_offsets.iter().min() else {
        return Vec::new();
    };
    let verdict = if timing.cancelled {
        Verdict::Skip(SkipReason::Cancelled)
    } else if too_late(kind, latest, timing, now) {
        Verdict::Skip(SkipReason::TooLate)
    } else {
        Verdict::Send
    };
    due_offsets
        .iter()
        .map(|&offset| {
            if offset == latest {
                (offset, verdict)
            } else {
                (
                    offset,
                    Verdict::Skip(SkipReason::Superseded {
                        by_offset_min: latest,
                    }),
                )
            }
        })
        .collect()
}

fn too_late(kind: ReminderKind, offset_min: u32, t: Timing, now: DateTime<Utc>) -> bool {
    match kind {
        // "Starts in 10 minutes" after the start misleads; a reminder at the start itself
        // (offset 0) still makes sense while the meeting runs.
        ReminderKind::Mail if offset_min > 0 => now >= t.starts_at,
        ReminderKind::Mail => now >= t.ends_at,
        ReminderKind::Xmpp => now > t.ends_at + ROOM_NOTE_GRACE,
    }
}

/// The mails of a reminder: the owner, and each invitee who has not declined, in their role.
/// A reminder of one occurrence of a series skips those who declined that occurrence
/// (`answers`: the answers to single occurrences, as (invitee, RECURRENCE-ID, answer)).
pub fn mail_notices(
    offset_min: u32,
    occurrence: Option<DateTime<Utc>>,
    invitees: &[Invitee],
    answers: &[(i64, DateTime<Utc>, PartStat)],
) -> Vec<Notice> {
    let event = MailEvent::Reminder {
        minutes: offset_min,
        occurrence,
    };
    let skips = |i: &Invitee| match occurrence {
        None => i.partstat == PartStat::Declined,
        Some(id) => {
            let mut mine = Answers::new(i.partstat);
            for (_, rid, answer) in answers.iter().filter(|(who, _, _)| *who == i.id) {
                mine.answer(*rid, *answer);
            }
            mine.skips_reminder(id)
        }
    };
    std::iter::once(Recipient::Owner)
        .chain(
            invitees
                .iter()
                .filter(|i| !skips(i))
                .cloned()
                .map(Recipient::Invitee),
        )
        .map(|to| Notice {
            event,
            to,
            about: None,
        })
        .collect()
}

/// What the room is told: the time actually left when the message goes out (a retry after an
/// outage says so truthfully), rounded up to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoomNote {
    EndsIn { minutes: u32 },
    Ended,
}

pub fn room_note(ends_at: DateTime<Utc>, now: DateTime<Utc>) -> RoomNote {
    let left = (ends_at - now).num_seconds();
    if left <= 0 {
        return RoomNote::Ended;
    }
    let minutes = u32::try_from((left + 59) / 60).unwrap_or(u32::MAX);
    RoomNote::EndsIn { minutes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn pending(offset_min: u32, due_at: DateTime<Utc>) -> Planned {
        Planned {
            occurrence: None,
            offset_min,
            due_at,
            state: ReminderState::Pending,
        }
    }

    fn sent(offset_min: u32, due_at: DateTime<Utc>) -> Planned {
        Planned {
            occurrence: None,
            offset_min,
            due_at,
            state: ReminderState::Sent,
        }
    }

    const DEFAULT: [u32; 4] = [10080, 1440, 60, 10];

    #[test]
    fn offsets_are_deduplicated_and_largest_first() {
        let o = Offsets::new(&[10, 60, 10, 1440], &[0, 15, 5]);
        assert_eq!(o.of(ReminderKind::Mail), [1440, 60, 10]);
        assert_eq!(o.of(ReminderKind::Xmpp), [15, 5, 0]);
    }

    #[test]
    fn booking_thirty_minutes_ahead_plans_only_the_ten_minute_reminder() {
        let steps = replan(&[], &DEFAULT, at(10, 30), at(10, 0));
        assert_eq!(
            steps,
            [Step::Insert {
                offset_min: 10,
                due_at: at(10, 20)
            }]
        );
    }

    #[test]
    fn a_moment_that_is_now_counts_as_passed() {
        let steps = replan(&[], &[1440, 10], at(10, 0) + Duration::days(1), at(10, 0));
        assert_eq!(
            steps,
            [Step::Insert {
                offset_min: 10,
                due_at: at(9, 50) + Duration::days(1)
            }]
        );
    }

    #[test]
    fn booking_far_ahead_plans_every_offset() {
        let start = at(10, 0) + Duration::days(30);
        let steps = replan(&[], &DEFAULT, start, at(10, 0));
        assert_eq!(steps.len(), 4);
        assert!(steps.contains(&Step::Insert {
            offset_min: 10080,
            due_at: start - Duration::days(7)
        }));
    }

    #[test]
    fn an_edit_that_keeps_the_time_changes_nothing() {
        let existing = [sent(60, at(9, 0)), pending(10, at(9, 50))];
        assert!(replan(&existing, &[60, 10], at(10, 0), at(9, 30)).is_empty());
    }

    #[test]
    fn moving_the_start_moves_pending_reminders_and_rearms_sent_ones() {
        let existing = [sent(60, at(9, 0)), pending(10, at(9, 50))];
        let steps = replan(&existing, &[60, 10], at(12, 0), at(9, 30));
        assert_eq!(
            steps,
            [
                Step::Rearm {
                    offset_min: 60,
                    due_at: at(11, 0)
                },
                Step::Move {
                    offset_min: 10,
                    due_at: at(11, 50)
                }
            ]
        );
    }

    #[test]
    fn moving_the_start_closer_drops_reminders_whose_moment_has_passed() {
        let existing = [pending(60, at(11, 0)), pending(10, at(11, 50))];
        // Now 9:30, the meeting moves to 10:00: the 1-hour reminder (9:00) is gone.
        let steps = replan(&existing, &[60, 10], at(10, 0), at(9, 30));
        assert_eq!(
            steps,
            [
                Step::Drop { offset_min: 60 },
                Step::Move {
                    offset_min: 10,
                    due_at: at(9, 50)
                }
            ]
        );
    }

    #[test]
    fn a_sent_reminder_whose_new_moment_is_past_stays_as_it_was() {
        let existing = [sent(60, at(9, 0))];
        assert!(replan(&existing, &[60], at(10, 15), at(9, 30)).is_empty());
    }

    #[test]
    fn offsets_no_longer_configured_lose_their_pending_reminders_but_keep_the_history() {
        let existing = [sent(1440, at(9, 0)), pending(60, at(11, 0))];
        let steps = replan(&existing, &[10], at(12, 0), at(9, 30));
        assert_eq!(
            steps,
            [
                Step::Insert {
                    offset_min: 10,
                    due_at: at(11, 50)
                },
                Step::Drop { offset_min: 60 }
            ]
        );
    }

    fn timing() -> Timing {
        Timing {
            starts_at: at(10, 0),
            ends_at: at(11, 0),
            cancelled: false,
        }
    }

    #[test]
    fn of_several_due_reminders_only_the_latest_is_sent() {
        let v = triage(ReminderKind::Mail, &[1440, 60, 10], timing(), at(9, 55));
        assert_eq!(
            v,
            [
                (
                    1440,
                    Verdict::Skip(SkipReason::Superseded { by_offset_min: 10 })
                ),
                (
                    60,
                    Verdict::Skip(SkipReason::Superseded { by_offset_min: 10 })
                ),
                (10, Verdict::Send)
            ]
        );
    }

    #[test]
    fn a_mail_reminder_is_too_late_once_the_meeting_has_started() {
        let v = triage(ReminderKind::Mail, &[10], timing(), at(10, 0));
        assert_eq!(v, [(10, Verdict::Skip(SkipReason::TooLate))]);
        let v = triage(ReminderKind::Mail, &[0], timing(), at(10, 1));
        assert_eq!(v, [(0, Verdict::Send)], "a reminder at the start itself");
    }

    #[test]
    fn the_room_hears_it_has_ended_for_a_few_minutes_after_the_end_only() {
        let v = triage(ReminderKind::Xmpp, &[0], timing(), at(11, 5));
        assert_eq!(v, [(0, Verdict::Send)]);
        let v = triage(ReminderKind::Xmpp, &[0], timing(), at(11, 6));
        assert_eq!(v, [(0, Verdict::Skip(SkipReason::TooLate))]);
    }

    #[test]
    fn nothing_is_sent_for_a_cancelled_meeting() {
        let t = Timing {
            cancelled: true,
            ..timing()
        };
        let v = triage(ReminderKind::Mail, &[10], t, at(9, 50));
        assert_eq!(v, [(10, Verdict::Skip(SkipReason::Cancelled))]);
    }

    fn invitee(id: i64, role: Role, partstat: PartStat) -> Invitee {
        Invitee {
            id,
            meeting_id: 1,
            email: format!("p{id}@example.org"),
            name: String::new(),
            role,
            hash: format!("h{id}"),
            partstat,
            answered_at: None,
        }
    }

    #[test]
    fn mail_reminders_go_to_the_owner_and_everyone_who_has_not_declined() {
        let invitees = [
            invitee(1, Role::Moderator, PartStat::Accepted),
            invitee(2, Role::Participant, PartStat::Declined),
            invitee(3, Role::Participant, PartStat::NeedsAction),
        ];
        let kinds: Vec<String> = mail_notices(60, None, &invitees, &[])
            .iter()
            .map(Notice::kind)
            .collect();
        assert_eq!(
            kinds,
            [
                "reminder/owner",
                "reminder/moderator",
                "reminder/participant"
            ]
        );
        assert!(
            mail_notices(60, None, &invitees, &[])
                .iter()
                .all(|n| n.event
                    == MailEvent::Reminder {
                        minutes: 60,
                        occurrence: None
                    })
        );
    }

    #[test]
    fn the_room_is_told_the_time_actually_left() {
        let end = at(11, 0);
        assert_eq!(room_note(end, at(10, 45)), RoomNote::EndsIn { minutes: 15 });
        assert_eq!(
            room_note(end, at(10, 45) + Duration::seconds(20)),
            RoomNote::EndsIn { minutes: 15 }
        );
        assert_eq!(
            room_note(end, end - Duration::seconds(1)),
            RoomNote::EndsIn { minutes: 1 }
        );
        assert_eq!(room_note(end, end), RoomNote::Ended);
    }

    fn weekly(count: u32) -> Series {
        use crate::domain::recurrence::{End, Pattern, Rule};
        // Tuesdays at 10:00 in Paris from 2027-10-19, across the end of summer time (10-31).
        Series::new(
            chrono_tz::Europe::Paris,
            Utc.with_ymd_and_hms(2027, 10, 19, 8, 0, 0).unwrap(),
            60,
            Rule {
                pattern: Pattern::Weekly(vec![chrono::Weekday::Tue]),
                interval: 1,
                end: End::Count(count),
            },
        )
    }

    #[test]
    fn a_series_is_planned_per_occurrence_within_the_horizon_at_local_time() {
        let s = weekly(52);
        let now = Utc.with_ymd_and_hms(2027, 10, 20, 0, 0, 0).unwrap();
        let (targets, until) = series_targets(&s, now);
        assert_eq!(until, Some(now + SERIES_HORIZON + SERIES_STEP));
        assert_eq!(targets.len(), 9, "{targets:?}");
        assert_eq!(
            targets[0].starts_at,
            Utc.with_ymd_and_hms(2027, 10, 26, 8, 0, 0).unwrap()
        );
        // After the change of time 10:00 in Paris is 09:00 UTC.
        assert_eq!(
            targets[1].starts_at,
            Utc.with_ymd_and_hms(2027, 11, 2, 9, 0, 0).unwrap()
        );
        let steps = replan_targets(ReminderKind::Mail, &[], &[60], &targets[..2], now);
        assert_eq!(
            steps,
            [
                (
                    targets[0].occurrence,
                    Step::Insert {
                        offset_min: 60,
                        due_at: Utc.with_ymd_and_hms(2027, 10, 26, 7, 0, 0).unwrap()
                    }
                ),
                (
                    targets[1].occurrence,
                    Step::Insert {
                        offset_min: 60,
                        due_at: Utc.with_ymd_and_hms(2027, 11, 2, 8, 0, 0).unwrap()
                    }
                )
            ]
        );
        // A short series is planned to its end: the scheduler never extends it.
        assert_eq!(series_targets(&weekly(3), now).1, None);
    }

    #[test]
    fn extending_plans_only_what_is_new_and_stops_at_the_last_occurrence() {
        let s = weekly(12);
        let now = Utc.with_ymd_and_hms(2027, 10, 20, 0, 0, 0).unwrap();
        let (first, until) = series_targets(&s, now);
        let until = until.unwrap();
        assert!(until >= extension_due_before(now), "nothing to extend yet");
        let later = now + SERIES_STEP + Duration::minutes(1);
        assert!(until < extension_due_before(later));
        let (more, next) = extend_series(&s, until, later);
        assert!(more.iter().all(|t| t.starts_at >= until));
        assert!(more.iter().all(|t| !first.contains(t)));
        assert_eq!(first.len() + more.len(), 10);
        let (rest, end) = extend_series(&s, next.unwrap(), later + Duration::weeks(2));
        assert_eq!(
            first.len() + more.len() + rest.len(),
            11,
            "one started already"
        );
        assert_eq!(end, None, "planned to its end");
    }

    #[test]
    fn a_cancelled_occurrence_loses_its_pending_reminders_and_a_moved_one_follows_its_time() {
        let mut s = weekly(4);
        let now = Utc.with_ymd_and_hms(2027, 10, 1, 0, 0, 0).unwrap();
        let (targets, _) = series_targets(&s, now);
        let planned: Vec<Planned> = replan_targets(ReminderKind::Mail, &[], &[60], &targets, now)
            .into_iter()
            .map(|(occurrence, step)| match step {
                Step::Insert { offset_min, due_at } => Planned {
                    occurrence,
                    offset_min,
                    due_at,
                    state: ReminderState::Pending,
                },
                other => panic!("{other:?}"),
            })
            .collect();
        let (first, second) = (
            targets[0].occurrence.unwrap(),
            targets[1].occurrence.unwrap(),
        );
        s.cancel(first).unwrap();
        s.move_occurrence(second, second + Duration::hours(3), 60)
            .unwrap();
        let (targets, _) = series_targets(&s, now);
        let steps = replan_targets(ReminderKind::Mail, &planned, &[60], &targets, now);
        assert_eq!(
            steps,
            [
                (
                    Some(second),
                    Step::Move {
                        offset_min: 60,
                        due_at: second + Duration::hours(2)
                    }
                ),
                (Some(first), Step::Drop { offset_min: 60 })
            ]
        );
        let t = Timing::of(&meeting(), Some(&s), Some(first));
        assert!(t.cancelled);
        let t = Timing::of(&meeting(), Some(&s), Some(second));
        assert_eq!(t.starts_at, second + Duration::hours(3));
    }

    fn meeting() -> Meeting {
        Meeting {
            id: 1,
            uid: "u".into(),
            room: "r".into(),
            subject: "s".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: String::new(),
            starts_at: at(10, 0),
            duration_min: 60,
            ends_at: at(11, 0),
            status: MeetingStatus::Scheduled,
            sequence: 0,
            created_at: at(0, 0),
            updated_at: at(0, 0),
        }
    }

    #[test]
    fn a_reminder_of_one_occurrence_skips_who_declined_that_occurrence_only() {
        let s = weekly(4);
        let all = s.schedule();
        let invitees = [
            invitee(1, Role::Moderator, PartStat::Accepted),
            invitee(2, Role::Participant, PartStat::Accepted),
            invitee(3, Role::Participant, PartStat::Declined),
        ];
        // Bob declines the second; the decliner of the series accepts the third.
        let answers = [
            (2, all[1].id, PartStat::Declined),
            (3, all[2].id, PartStat::Accepted),
        ];
        let to = |o: usize| -> Vec<String> {
            mail_notices(60, Some(all[o].id), &invitees, &answers)
                .iter()
                .map(Notice::kind)
                .collect()
        };
        assert_eq!(
            to(0),
            [
                "reminder/owner",
                "reminder/moderator",
                "reminder/participant"
            ]
        );
        assert_eq!(to(1), ["reminder/owner", "reminder/moderator"]);
        assert_eq!(
            to(2),
            [
                "reminder/owner",
                "reminder/moderator",
                "reminder/participant",
                "reminder/participant"
            ]
        );
    }

    proptest! {
        /// Whatever the edits, a reminder is never planned for a moment already past, and
        /// nothing done is rearmed for the moment it was done for.
        #[test]
        fn replanning_never_plans_the_past_nor_repeats_a_moment(
            offsets in proptest::collection::vec(0u32..20_000, 0..6),
            start_min in 0i64..40_000,
            old_start_min in 0i64..40_000,
            now_min in 0i64..40_000,
            done in any::<bool>(),
        ) {
            let base = at(0, 0);
            let now = base + Duration::minutes(now_min);
            let anchor = base + Duration::minutes(start_min);
            let old_anchor = base + Duration::minutes(old_start_min);
            let offsets = Offsets::new(&offsets, &[]).of(ReminderKind::Mail).to_vec();
            let existing: Vec<Planned> = offsets
                .iter()
                .map(|&o| Planned {
                    occurrence: None,
                    offset_min: o,
                    due_at: due_at(old_anchor, o),
                    state: if done { ReminderState::Sent } else { ReminderState::Pending },
                })
                .collect();
            for step in replan(&existing, &offsets, anchor, now) {
                match step {
                    Step::Insert { due_at: d, .. } | Step::Move { due_at: d, .. } => {
                        prop_assert!(d > now)
                    }
                    Step::Rearm { offset_min, due_at: d } => {
                        prop_assert!(d > now);
                        prop_assert!(d != due_at(old_anchor, offset_min));
                    }
                    Step::Drop { .. } => prop_assert!(!done),
                }
            }
        }
    }
}
