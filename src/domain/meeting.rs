use std::collections::HashSet;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::invitee::InviteeDraft;
use super::recurrence::{RecurrenceInput, Rule, Series};
use super::role::MeetingStatus;
use super::text::{clean_line, clean_text};
use super::validation::{FieldError, Problem};
use super::window::RoomSlot;

pub const MAX_SUBJECT_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// A start a few minutes in the past is "now" typed by a human, not a mistake.
pub const PAST_SLACK_MIN: i64 = 5;

/// A meeting as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub uid: String,
    pub room: String,
    pub subject: String,
    pub description: String,
    pub owner: String,
    pub owner_email: String,
    pub owner_name: String,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub ends_at: DateTime<Utc>,
    pub status: MeetingStatus,
    pub sequence: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Meeting {
    /// What entering its room needs to know (`/join`, `/token`, the meeting page).
    pub fn slot(&self) -> RoomSlot {
        RoomSlot {
            room: self.room.clone(),
            subject: self.subject.clone(),
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            status: self.status,
        }
    }
}

impl Meeting {
    pub fn is_cancelled(&self) -> bool {
        self.status == MeetingStatus::Cancelled
    }

    /// Where the meeting stands in a list (see [`super::listing`]).
    pub fn position(&self) -> super::listing::Cursor {
        super::listing::Cursor {
            starts_at: self.starts_at,
            id: self.id,
        }
    }
}

/// Booking rules from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub min_duration_min: u32,
    pub max_duration_min: u32,
    pub max_invitees: usize,
    /// The zone a new series repeats in (an existing series keeps its own).
    pub tz: Tz,
}

/// What a form or an API call asks for, each part already parsed or failed.
#[derive(Debug, Clone)]
pub struct MeetingInput {
    pub subject: String,
    pub description: String,
    pub start: Result<DateTime<Utc>, FieldError>,
    pub duration_min: Result<i64, FieldError>,
    pub room: String,
    /// Each invitee with the field it came from, for messages and duplicate detection.
    pub invitees: Vec<(String, Result<InviteeDraft, Problem>)>,
    /// A repeat rule: the meeting becomes a series.
    pub recurrence: Option<Result<RecurrenceInput, FieldError>>,
}

/// A meeting that passed validation (room availability is checked against the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    pub subject: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub room: Option<String>,
    pub invitees: Vec<InviteeDraft>,
    /// A series: its zone and rule (the first occurrence starts at `starts_at`).
    pub recurrence: Option<(Tz, Rule)>,
}

impl MeetingDraft {
    /// The end of the meeting, or of a series' last occurrence (what listings and feeds
    /// range over).
    pub fn ends_at(&self) -> DateTime<Utc> {
        let first_end = self.starts_at + Duration::minutes(i64::from(self.duration_min));
        self.series()
            .and_then(|s| s.last_end())
            .map_or(first_end, |last| last.max(first_end))
    }

    /// The series this draft books, if it repeats.
    pub fn series(&self) -> Option<Series> {
        self.recurrence
            .as_ref()
            .map(|(tz, rule)| Series::new(*tz, self.starts_at, self.duration_min, rule.clone()))
    }

    /// "Meet now": a meeting without invitees that starts this minute.
    pub fn instant(subject: &str, now: DateTime<Utc>, duration_min: u32) -> MeetingDraft {
        let minute = now.timestamp() - now.timestamp().rem_euclid(60);
        MeetingDraft {
            subject: clean_line(subject),
            description: String::new(),
            starts_at: DateTime::from_timestamp(minute, 0).unwrap_or(now),
            duration_min: duration_min.max(1),
            room: None,
            invitees: Vec::new(),
            recurrence: None,
        }
    }

    /// Checks every rule and reports every problem. `previous_start` is the stored start when
    /// editing: an unchanged start may lie in the past (a meeting under way keeps its time).
    pub fn validate(
        input: MeetingInput,
        rules: &Rules,
        now: DateTime<Utc>,
        previous_start: Option<DateTime<Utc>>,
    ) -> Result<MeetingDraft, Vec<FieldError>> {
        let mut errors = Vec::new();

        let subject = clean_line(&input.subject);
        if subject.is_empty() {
            errors.push(FieldError::new("subject", Problem::Required));
        } else if subject.chars().count() > MAX_SUBJECT_CHARS {
            errors.push(FieldError::new(
                "subject",
                Problem::TooLong {
                    max: MAX_SUBJECT_CHARS,
                },
            ));
        }

        // NUL and other control characters are nobody's text: they would only reach the
        // pages, mails and calendars that show it.
        let description = clean_text(&input.description).trim().to_string();
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.push(FieldError::new(
                "description",
                Problem::TooLong {
                    max: MAX_DESCRIPTION_CHARS,
                },
            ));
        }

        let starts_at = match input.start {
            Ok(start) => {
                let unchanged = previous_start == Some(start);
                if !unchanged && start < now - Duration::minutes(PAST_SLACK_MIN) {
                    errors.push(FieldError::new("start", Problem::StartInPast));
                }
                Some(start)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };

        let duration_min = match input.duration_min {
            Ok(d)
                if d >= i64::from(rules.min_duration_min)
                    && d <= i64::from(rules.max_duration_min) =>
            {
                u32::try_from(d).ok()
            }
            Ok(_) => {
                errors.push(FieldError::new(
                    "duration_min",
                    Problem::DurationOutOfRange {
                        min: rules.min_duration_min,
                        max: rules.max_duration_min,
                    },
                ));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };

        let room = input.room.trim().to_lowercase();
        let room = if room.is_empty() {
            None
        } else if super::room::is_valid(&room) {
            Some(room)
        } else {
            errors.push(FieldError::new("room", Problem::RoomNotUrlSafe));
            None
        };

        let mut seen = HashSet::new();
        let mut invitees = Vec::new();
        if input.invitees.len() > rules.max_invitees {
            errors.push(FieldError::new(
                "invitees",
                Problem::TooManyInvitees {
                    max: rules.max_invitees,
                },
            ));
        }
        for (field, invitee) in input.invitees {
            match invitee {
                Ok(inv) => {
                    if !seen.insert(inv.email.clone()) {
                        errors.push(FieldError::new(
                            field,
                            Problem::DuplicateInvitee {
                                email: inv.email.clone(),
                            },
                        ));
                    } else {
                        invitees.push(inv);
                    }
                }
                Err(problem) => errors.push(FieldError::new(field, problem)),
            }
        }

        // The rule is checked against the start, so only once the start is known.
        let recurrence = match (&input.recurrence, starts_at) {
            (Some(Err(e)), _) => {
                errors.push(e.clone());
                None
            }
            (Some(Ok(r)), Some(start)) => match Rule::from_input(r, start, rules.tz) {
                Ok(rule) => Some((rules.tz, rule)),
                Err(problems) => {
                    errors.extend(
                        problems
                            .into_iter()
                            .map(|e| FieldError::new(e.field, Problem::Recurrence(e.problem))),
                    );
                    None
                }
            },
            _ => None,
        };

        match (starts_at, duration_min) {
            (Some(starts_at), Some(duration_min)) if errors.is_empty() => Ok(MeetingDraft {
                subject,
                description,
                starts_at,
                duration_min,
                room,
                invitees,
                recurrence,
            }),
            _ => Err(errors),
        }
    }
}

/// A date and a time typed in the configured zone.
pub fn parse_local_start(date: &str, time: &str, tz: Tz) -> Result<DateTime<Utc>, FieldError> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new("date", Problem::InvalidDate))?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .map_err(|_| FieldError::new("time", Problem::InvalidTime))?;
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        // Autumn's repeated hour: the first occurrence is what people mean.
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(FieldError::new("time", Problem::NonexistentLocalTime)),
    }
}

/// An RFC 3339 timestamp from the API (`2026-12-01T09:30:00+01:00`).
pub fn parse_rfc3339(field: &str, value: &str) -> Result<DateTime<Utc>, FieldError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| FieldError::new(field, Problem::InvalidDateTime))
}

/// Durations arrive as text in forms.
pub fn parse_duration(value: &str) -> Result<i64, FieldError> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| FieldError::new("duration_min", Problem::InvalidNumber))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::role::Role;

    const RULES: Rules = Rules {
        min_duration_min: 15,
        max_duration_min: 720,
        max_invitees: 3,
        tz: chrono_tz::Europe::Paris,
    };

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap()
    }

    fn input() -> MeetingInput {
        MeetingInput {
            subject: "Weekly sync".into(),
            description: "".into(),
            start: Ok(now() + Duration::hours(2)),
            duration_min: Ok(60),
            room: "".into(),
            invitees: vec![(
                "participants".into(),
                InviteeDraft::parse_line("ann@example.org", Role::Participant),
            )],
            recurrence: None,
        }
    }

    fn problems(r: Result<MeetingDraft, Vec<FieldError>>) -> Vec<(String, &'static str)> {
        r.unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem.code()))
            .collect()
    }

    #[test]
    fn an_instant_meeting_starts_this_minute_without_invitees() {
        let now = now() + Duration::seconds(42);
        let d = MeetingDraft::instant("  Instant meeting ", now, 60);
        assert_eq!(d.starts_at, now - Duration::seconds(42));
        assert_eq!(d.ends_at(), d.starts_at + Duration::minutes(60));
        assert_eq!(d.subject, "Instant meeting");
        assert!(d.invitees.is_empty() && d.room.is_none());
    }

    #[test]
    fn a_good_meeting_validates() {
        let d = MeetingDraft::validate(input(), &RULES, now(), None).unwrap();
        assert_eq!(d.subject, "Weekly sync");
        assert_eq!(d.ends_at(), now() + Duration::hours(3));
        assert_eq!(d.invitees.len(), 1);
    }

    #[test]
    fn nul_bytes_and_directional_overrides_do_not_survive_validation() {
        let mut i = input();
        i.subject = "Budget \u{202E}txt.exe".into();
        i.description = "Line one\0\r\nLine\u{0}two".into();
        let d = MeetingDraft::validate(i, &RULES, now(), None).unwrap();
        assert_eq!(d.subject, "Budget txt.exe");
        assert_eq!(d.description, "Line one\nLinetwo");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut i = input();
        i.subject = "   ".into();
        i.start = Ok(now() - Duration::hours(1));
        i.duration_min = Ok(721);
        i.room = "Not URL safe!".into();
        i.invitees.push((
            "moderators".into(),
            InviteeDraft::parse_line("ANN@example.org", Role::Moderator),
        ));
        i.invitees.push((
            "moderators".into(),
            InviteeDraft::parse_line("broken@", Role::Moderator),
        ));
        let p = problems(MeetingDraft::validate(i, &RULES, now(), None));
        assert!(p.contains(&("subject".into(), "required")));
        assert!(p.contains(&("start".into(), "start_in_past")));
        assert!(p.contains(&("duration_min".into(), "out_of_range")));
        assert!(p.contains(&("room".into(), "invalid_room")));
        assert!(p.contains(&("moderators".into(), "duplicate_invitee")));
        assert!(p.contains(&("moderators".into(), "invalid_email")));
    }

    #[test]
    fn subject_length_is_counted_in_characters() {
        let mut i = input();
        i.subject = "é".repeat(200);
        assert!(MeetingDraft::validate(i.clone(), &RULES, now(), None).is_ok());
        i.subject = "é".repeat(201);
        assert_eq!(
            problems(MeetingDraft::validate(i, &RULES, now(), None)),
            vec![("subject".into(), "too_long")]
        );
    }

    #[test]
    fn duration_bounds_are_inclusive() {
        for (d, ok) in [
            (14, false),
            (15, true),
            (720, true),
            (721, false),
            (-5, false),
        ] {
            let mut i = input();
            i.duration_min = Ok(d);
            assert_eq!(
                MeetingDraft::validate(i, &RULES, now(), None).is_ok(),
                ok,
                "{d}"
            );
        }
    }

    #[test]
    fn an_unchanged_past_start_is_accepted_when_editing() {
        let mut i = input();
        let past = now() - Duration::minutes(30);
        i.start = Ok(past);
        assert!(MeetingDraft::validate(i.clone(), &RULES, now(), None).is_err());
        assert!(MeetingDraft::validate(i, &RULES, now(), Some(past)).is_ok());
    }

    #[test]
    fn local_times_are_read_in_the_configured_zone() {
        let tz: Tz = "Europe/Paris".parse().unwrap();
        let t = parse_local_start("2026-12-01", "09:30", tz).unwrap();
        assert_eq!(t, Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap());
        // 2027-03-28 02:30 does not exist in Paris (clocks jump from 02:00 to 03:00).
        let e = parse_local_start("2027-03-28", "02:30", tz).unwrap_err();
        assert_eq!(e.problem, Problem::NonexistentLocalTime);
        assert_eq!(
            parse_local_start("2026-02-30", "09:00", tz)
                .unwrap_err()
                .field,
            "date"
        );
        assert_eq!(
            parse_local_start("2026-02-03", "25:00", tz)
                .unwrap_err()
                .field,
            "time"
        );
    }

    #[test]
    fn too_many_invitees_is_an_error() {
        let mut i = input();
        i.invitees = (0..4)
            .map(|n| {
                (
                    "participants".to_string(),
                    InviteeDraft::parse_line(&format!("p{n}@example.org"), Role::Participant),
                )
            })
            .collect();
        assert_eq!(
            problems(MeetingDraft::validate(i, &RULES, now(), None)),
            vec![("invitees".into(), "too_many_invitees")]
        );
    }
}
