//! Every user-visible word, from the Project Fluent files of `locales/<lang>/` (embedded
//! by `crate::locales`). A [`Tr`] is the words of one language: `t.get("id")`,
//! `t.with("id", &[("name", value.into())])`, usable from askama templates, which escape
//! what comes out. User data only ever travels as a Fluent argument, never spliced into
//! a message, so a subject holding `{ $owner }` or markup stays literal text.
//!
//! Unicode isolation marks are off: every offered language is written left to right, and
//! the marks would otherwise land in mail headers, calendar files and the chat, where
//! they are invisible noise. Bidi controls in user data are stripped where it reaches
//! headers and calendars (`domain::text::strip_bidi`) and refused as input.

pub mod negotiate;

use std::fmt::{Display, Write};
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use crate::locales::{Language, OFFERED};
pub use negotiate::negotiate;

use crate::domain::recording::RecordingStatus;
use crate::domain::recurrence::RecurrenceProblem;
use crate::domain::reminder::RoomNote;
use crate::domain::{MeetingStatus, PartStat, Problem, Role};

type Bundle = FluentBundle<FluentResource>;

/// One bundle per offered language, in the order of `OFFERED`.
static BUNDLES: LazyLock<Vec<Bundle>> = LazyLock::new(|| {
    OFFERED
        .iter()
        .map(|o| {
            let id = o.tag.parse().unwrap_or_default();
            let mut bundle = Bundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            for source in o.sources {
                // A file with a syntax error still gives the messages around it; the key
                // check (`tests/locales.rs`) fails the build on any such error.
                let resource = match FluentResource::try_new((*source).to_string()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        tracing::error!(lang = o.tag, ?errors, "Fluent syntax errors");
                        r
                    }
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(lang = o.tag, ?errors, "Fluent messages defined twice");
                }
            }
            bundle
        })
        .collect()
});

/// One figure of a meeting's answers, e.g. `2 accepted`, with its CSS class.
pub struct AnswerCount {
    pub class: &'static str,
    pub count: usize,
    pub text: String,
}

/// A named argument of a message.
pub type Arg<'a> = (&'a str, FluentValue<'a>);

/// The words of one language.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Tr(Language);

impl Tr {
    pub fn new(lang: Language) -> Tr {
        Tr(lang)
    }

    pub fn lang(self) -> Language {
        self.0
    }

    /// The BCP 47 tag, for `lang=` and `Content-Language`.
    pub fn tag(&self) -> &'static str {
        self.0.tag()
    }

    /// Message `id`, or attribute `id.attr`, without arguments.
    pub fn get(&self, id: &str) -> String {
        self.with(id, &[])
    }

    /// One string argument (the common case in templates).
    pub fn arg(&self, id: &str, name: &str, value: impl Display) -> String {
        self.with(id, &[(name, FluentValue::from(value.to_string()))])
    }

    /// `$count`, a number that chooses the plural form.
    pub fn count(&self, id: &str, count: usize) -> String {
        self.with(id, &[("count", FluentValue::from(count))])
    }

    /// Message `id` (or `id.attr`) with named arguments. A message missing in this
    /// language comes in English; one missing everywhere shows its id (and is logged), which
    /// the tests look for.
    pub fn with(&self, id: &str, args: &[Arg<'_>]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let bundles = &*BUNDLES;
        let mine = bundles.get(self.0.index());
        mine.and_then(|b| format(b, id, &fluent_args))
            .or_else(|| {
                tracing::warn!(lang = self.tag(), id, "message missing; using English");
                bundles
                    .get(Language::ENGLISH.index())
                    .and_then(|b| format(b, id, &fluent_args))
            })
            .unwrap_or_else(|| {
                tracing::error!(id, "message missing in every language");
                id.to_string()
            })
    }

    /// "Tuesday 1 December 2026, 09:30", "mardi 1 décembre 2026, 09:30", in `tz`.
    pub fn datetime(&self, t: DateTime<Utc>, tz: Tz) -> String {
        self.strftime("datetime-format", t, tz)
    }

    /// "Tuesday 1 December 2026", "Dienstag, 1. Dezember 2026".
    pub fn date(&self, t: DateTime<Utc>, tz: Tz) -> String {
        self.strftime("date-format", t, tz)
    }

    /// "09:30".
    pub fn clock(&self, t: DateTime<Utc>, tz: Tz) -> String {
        self.strftime("clock-format", t, tz)
    }

    fn strftime(&self, id: &str, t: DateTime<Utc>, tz: Tz) -> String {
        let pattern = self.get(id);
        let local = t.with_timezone(&tz);
        let mut out = String::new();
        // A pattern chrono cannot read must not take the page down: fall back to ISO 8601.
        if write!(
            out,
            "{}",
            local.format_localized(&pattern, self.0.offered().locale)
        )
        .is_err()
        {
            tracing::error!(lang = self.tag(), id, "unreadable date pattern");
            out = local.format("%Y-%m-%d %H:%M").to_string();
        }
        out
    }

    pub fn role(&self, role: Role) -> String {
        self.arg("role", "role", role.as_str())
    }

    /// The owner's "role", on the list of meetings.
    pub fn owner_role(&self) -> String {
        self.arg("role", "role", "owner")
    }

    pub fn partstat(&self, p: PartStat) -> String {
        self.arg("answer-state", "answer", p.as_str().to_ascii_lowercase())
    }

    pub fn status(&self, s: MeetingStatus) -> String {
        let key = match s {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Cancelled => "cancelled",
            MeetingStatus::InProgress => "in-progress",
            MeetingStatus::Completed => "completed",
        };
        self.arg("meeting-status", "status", key)
    }

    pub fn recording(&self, s: RecordingStatus) -> String {
        let key = match s {
            RecordingStatus::Started => "started",
            RecordingStatus::Stopped => "stopped",
            RecordingStatus::Failed => "failed",
        };
        self.arg("recording-status", "status", key)
    }

    /// The figures of a meeting's answers: accepted, declined, maybe, not answered yet.
    pub fn answer_counts(
        &self,
        accepted: usize,
        declined: usize,
        tentative: usize,
        pending: usize,
    ) -> Vec<AnswerCount> {
        [
            ("accepted", "accepted", accepted),
            ("declined", "declined", declined),
            ("tentative", "tentative", tentative),
            ("needs-action", "needs-action", pending),
        ]
        .into_iter()
        // "Maybe" is rare: a figure of none would only crowd every meeting's line.
        .filter(|(_, answer, count)| *answer != "tentative" || *count > 0)
        .map(|(class, answer, count)| AnswerCount {
            class,
            count,
            text: self.with(
                "booking-answer-count",
                &[("answer", answer.into()), ("count", count.into())],
            ),
        })
        .collect()
    }

    /// What jmb says in a meeting room's chat.
    pub fn room_note(&self, note: RoomNote) -> String {
        match note {
            RoomNote::Ended => self.get("chat-ended"),
            RoomNote::EndsIn { minutes } => {
                self.with("chat-ends-in", &[("minutes", minutes.into())])
            }
        }
    }

    /// The message shown next to a field (and in an API error).
    pub fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::Required => self.get("problem-required"),
            Problem::TooLong { max } => self.with("problem-too-long", &[("max", (*max).into())]),
            Problem::InvalidDate => self.get("problem-invalid-date"),
            Problem::InvalidTime => self.get("problem-invalid-time"),
            Problem::InvalidDateTime => self.get("problem-invalid-datetime"),
            Problem::NonexistentLocalTime => self.get("problem-nonexistent-local-time"),
            Problem::StartInPast => self.get("problem-start-in-past"),
            Problem::InvalidNumber => self.get("problem-invalid-number"),
            Problem::DurationOutOfRange { min, max } => self.with(
                "problem-duration-out-of-range",
                &[("min", (*min).into()), ("max", (*max).into())],
            ),
            Problem::InvalidEmail { value } => self.arg("problem-invalid-email", "value", value),
            Problem::DuplicateInvitee { email } => {
                self.arg("problem-duplicate-invitee", "email", email)
            }
            Problem::TooManyInvitees { max } => {
                self.with("problem-too-many-invitees", &[("max", (*max).into())])
            }
            Problem::TooManyExternalMails {
                max,
                sent,
                adding,
                domains,
            } => {
                let outside = if domains.is_empty() {
                    self.arg("problem-outside", "domains", "none")
                } else {
                    self.arg("problem-outside", "domains", domains)
                };
                self.with(
                    "problem-too-many-external-mails",
                    &[
                        ("max", (*max).into()),
                        ("sent", (*sent).into()),
                        ("adding", (*adding).into()),
                        ("outside", outside.into()),
                    ],
                )
            }
            Problem::InvalidRole => self.get("problem-invalid-role"),
            Problem::RoomNotUrlSafe => self.get("problem-room-not-url-safe"),
            Problem::RoomTaken => self.get("problem-room-taken"),
            Problem::InvalidAnswer => self.get("problem-invalid-answer"),
            Problem::InvisibleCharacter => self.get("problem-invisible-character"),
            Problem::EndpointRefused => self.get("problem-endpoint-refused"),
            Problem::UnknownEventType { value } => {
                self.arg("problem-unknown-event-type", "value", value)
            }
            Problem::Recurrence(r) => self.recurrence_problem(r),
            Problem::NotAnOccurrence => self.get("problem-not-an-occurrence"),
            Problem::OccurrenceCancelled => self.get("problem-occurrence-cancelled"),
        }
    }

    fn recurrence_problem(&self, p: &RecurrenceProblem) -> String {
        use RecurrenceProblem as R;
        match p {
            R::UnsupportedFrequency { value } => {
                self.arg("problem-recurrence-frequency", "value", value)
            }
            R::UnsupportedPart { part } => self.arg("problem-recurrence-part", "part", part),
            R::InvalidInterval { max } => {
                self.with("problem-recurrence-interval", &[("max", (*max).into())])
            }
            R::InvalidWeekday { value } => self.arg("problem-recurrence-weekday", "value", value),
            R::InvalidMonthDay { value } => self.with(
                "problem-recurrence-month-day",
                &[("value", (*value).into())],
            ),
            R::DaysDoNotFitFrequency => self.get("problem-recurrence-days"),
            R::EndRequired => self.get("problem-recurrence-end-required"),
            R::UntilAndCount => self.get("problem-recurrence-until-and-count"),
            R::InvalidCount { max } => {
                self.with("problem-recurrence-count", &[("max", (*max).into())])
            }
            R::InvalidUntil => self.get("problem-invalid-date"),
            R::UntilBeforeStart => self.get("problem-recurrence-until-before-start"),
            R::TooLong {
                max_occurrences,
                max_months,
            } => self.with(
                "problem-recurrence-too-long",
                &[
                    ("max", (*max_occurrences).into()),
                    ("months", (*max_months).into()),
                ],
            ),
            R::StartNotInRule => self.get("problem-recurrence-start-not-in-rule"),
            R::NonexistentLocalTime { date } => self.arg(
                "problem-recurrence-nonexistent-time",
                "date",
                date.format("%Y-%m-%d"),
            ),
            R::AmbiguousLocalTime { date } => self.arg(
                "problem-recurrence-ambiguous-time",
                "date",
                date.format("%Y-%m-%d"),
            ),
            R::Unparsable => self.get("problem-recurrence-unparsable"),
        }
    }
}

/// `id` or `id.attr` formatted in `bundle`, if the bundle has it.
fn format(bundle: &Bundle, id: &str, args: &FluentArgs) -> Option<String> {
    let (message, attribute) = match id.split_once('.') {
        Some((m, a)) => (m, Some(a)),
        None => (id, None),
    };
    let message = bundle.get_message(message)?;
    let pattern = match attribute {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "Fluent could not fill in every argument");
    }
    Some(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn tr(tag: &str) -> Tr {
        Tr::new(Language::from_tag(tag).unwrap())
    }

    #[test]
    fn dates_are_written_in_the_configured_zone_and_language() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        let tz: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(tr("en").datetime(t, tz), "Tuesday 1 December 2026, 09:30");
        assert_eq!(tr("fr").datetime(t, tz), "mardi 1 décembre 2026, 09:30");
        assert_eq!(tr("fr").date(t, tz), "mardi 1 décembre 2026");
        assert_eq!(tr("de").date(t, tz), "Dienstag, 1. Dezember 2026");
        assert_eq!(tr("es").date(t, tz), "martes, 1 de diciembre de 2026");
        assert_eq!(tr("it").date(t, tz), "martedì 1 dicembre 2026");
        assert_eq!(tr("en").clock(t, tz), "09:30");
    }

    #[test]
    fn every_language_s_date_patterns_are_readable_by_chrono() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        let tz: Tz = "Europe/Paris".parse().unwrap();
        for lang in Language::all() {
            let tr = Tr::new(lang);
            for written in [tr.date(t, tz), tr.datetime(t, tz)] {
                // The ISO fallback would mean an unreadable pattern.
                assert!(!written.contains("2026-12-01"), "{lang}: {written}");
                assert!(
                    written.contains("2026") && written.contains('1'),
                    "{lang}: {written}"
                );
            }
            assert_eq!(tr.clock(t, tz), "09:30", "{lang}");
        }
    }

    #[test]
    fn plurals_follow_each_language_s_rules() {
        let answered = |tag: &str, n: usize| {
            tr(tag).with(
                "booking-answer-count",
                &[("answer", "needs-action".into()), ("count", n.into())],
            )
        };
        assert_eq!(answered("en", 0), "0 have not answered");
        assert_eq!(answered("en", 1), "1 has not answered");
        assert_eq!(answered("en", 2), "2 have not answered");
        // French counts zero in the singular.
        assert_eq!(answered("fr", 0), "0 n'a pas répondu");
        assert_eq!(answered("fr", 5), "5 n'ont pas répondu");
    }

    #[test]
    fn arguments_are_inserted_literally_without_isolation_marks() {
        let t = tr("en");
        let out = t.arg("room-subject", "name", "{ $owner } <b>x</b> { \"x\" }");
        assert_eq!(out, "Room of { $owner } <b>x</b> { \"x\" }");
        assert!(!out.contains('\u{2068}'));
    }

    #[test]
    fn selectors_name_roles_answers_and_states_in_each_language() {
        assert_eq!(tr("en").role(Role::Moderator), "moderator");
        assert_eq!(tr("de").role(Role::Moderator), "Moderator");
        assert_eq!(tr("fr").partstat(PartStat::NeedsAction), "pas de réponse");
        assert_eq!(tr("en").status(MeetingStatus::InProgress), "in progress");
        assert_eq!(tr("en").recording(RecordingStatus::Failed), "failed");
    }

    #[test]
    fn the_room_hears_the_minutes_left_in_its_language() {
        let en = tr("en");
        assert_eq!(
            en.room_note(RoomNote::EndsIn { minutes: 15 }),
            "This meeting ends in 15 minutes."
        );
        assert_eq!(
            en.room_note(RoomNote::EndsIn { minutes: 1 }),
            "This meeting ends in 1 minute."
        );
        assert_eq!(en.room_note(RoomNote::Ended), "This meeting has ended.");
        assert_eq!(
            tr("fr").room_note(RoomNote::EndsIn { minutes: 5 }),
            "La réunion se termine dans 5 minutes."
        );
    }

    #[test]
    fn an_unknown_id_shows_itself() {
        assert_eq!(tr("fr").get("no-such-message"), "no-such-message");
    }
}
