//! A series in iCalendar: one VEVENT with `DTSTART;TZID=…`, its RRULE and an EXDATE per
//! cancelled occurrence, an override VEVENT (`RECURRENCE-ID;TZID=…`, its own SEQUENCE) per
//! occurrence that moved or that someone answered otherwise, and the VTIMEZONE they need.
//! Never a UTC DTSTART with an RRULE: that one would drift by an hour across DST.
//!
//! The iTIP shapes of RFC 5546 §3.2: REQUEST of the series (master and overrides), REQUEST of
//! one moved occurrence, CANCEL of one occurrence, CANCEL of the whole series.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::event::{AttendeeFields, EventFields, write_attendee, write_event_head_with};
use super::vtimezone::write_vtimezone;
use super::{IcsWriter, Method, begin_calendar, end_calendar};
use crate::domain::recurrence::{Answers, Occurrence, Series};
use crate::domain::{Invitee, PartStat};

/// An attendee of a series with their answers to it and to single occurrences.
pub struct SeriesAttendee<'a> {
    /// Who; their `partstat` is ignored in favour of `answers`.
    pub attendee: AttendeeFields<'a>,
    pub answers: &'a Answers,
}

fn write_attendees(
    w: &mut IcsWriter,
    attendees: &[SeriesAttendee<'_>],
    occurrence: Option<DateTime<Utc>>,
) {
    for a in attendees {
        let partstat = match occurrence {
            Some(id) => a.answers.effective(id),
            None => a.answers.series,
        };
        write_attendee(
            w,
            &AttendeeFields {
                email: a.attendee.email,
                name: a.attendee.name,
                role: a.attendee.role,
                partstat,
            },
        );
    }
}

/// The master VEVENT: the rule, its first occurrence's times in the series' zone, and the
/// cancelled occurrences. `e`'s own start and end are not used.
/// The master's times in the series' zone: DTSTART, DTEND, RRULE and the EXDATEs (also
/// what feeds write, with attendees of their own).
pub fn write_master_times(w: &mut IcsWriter, series: &Series) {
    let tz = series.tz;
    w.zoned_time("DTSTART", tz, series.first_start);
    w.zoned_time(
        "DTEND",
        tz,
        series.first_start + Duration::minutes(i64::from(series.duration_min)),
    );
    w.raw("RRULE", &series.rule.to_rrule(tz));
    for id in &series.exceptions.cancelled {
        w.zoned_time("EXDATE", tz, *id);
    }
}

/// An override's times: where occurrence `o` takes place, and which one it is.
pub fn write_instance_times(w: &mut IcsWriter, series: &Series, o: &Occurrence) {
    let tz = series.tz;
    w.zoned_time("DTSTART", tz, o.starts_at);
    w.zoned_time("DTEND", tz, o.ends_at);
    w.zoned_time("RECURRENCE-ID", tz, o.id);
}

fn write_master(
    w: &mut IcsWriter,
    e: &EventFields<'_>,
    series: &Series,
    attendees: &[SeriesAttendee<'_>],
) {
    write_event_head_with(w, e, |w| write_master_times(w, series));
    write_attendees(w, attendees, None);
    w.end("VEVENT");
}

/// One occurrence as an override VEVENT: its times, its RECURRENCE-ID, its SEQUENCE (the
/// series' plus its own changes).
fn write_instance(
    w: &mut IcsWriter,
    e: &EventFields<'_>,
    series: &Series,
    o: &Occurrence,
    attendees: &[SeriesAttendee<'_>],
    cancelled: bool,
) {
    let fields = EventFields {
        sequence: e.sequence + i64::from(o.moved.unwrap_or(0)),
        cancelled: cancelled || e.cancelled,
        ..*e
    };
    write_event_head_with(w, &fields, |w| write_instance_times(w, series, o));
    write_attendees(w, attendees, Some(o.id));
    w.end("VEVENT");
}

/// The series' VEVENTs (no VTIMEZONE: a feed writes one per zone for all its series): the
/// master, then an override for each occurrence that moved or that an attendee answered
/// otherwise than the series.
pub fn write_series(
    w: &mut IcsWriter,
    e: &EventFields<'_>,
    series: &Series,
    attendees: &[SeriesAttendee<'_>],
) {
    write_master(w, e, series, attendees);
    // Most series have no override: expand only for those that have one. An answer kept for
    // a time that is no longer an occurrence (the series was edited) writes nothing.
    let mut ids: BTreeSet<DateTime<Utc>> = series.exceptions.moved.keys().copied().collect();
    for a in attendees {
        ids.extend(a.answers.differing().map(|(id, _)| id));
    }
    if ids.is_empty() {
        return;
    }
    for o in series.schedule() {
        if !o.cancelled && ids.contains(&o.id) {
            write_instance(w, e, series, &o, attendees, false);
        }
    }
}

/// A whole calendar for a series: plain (a download) without a method; with
/// [`Method::Request`] the invitation to the series (master and overrides); with
/// [`Method::Cancel`] the cancellation of the whole series (the master, STATUS:CANCELLED).
pub fn series_calendar(
    method: Option<Method>,
    e: &EventFields<'_>,
    series: &Series,
    attendees: &[SeriesAttendee<'_>],
) -> String {
    let mut w = IcsWriter::default();
    begin_calendar(&mut w, method);
    let (from, to) = series.span();
    write_vtimezone(&mut w, series.tz, from, to);
    if method == Some(Method::Cancel) {
        let cancelled = EventFields {
            cancelled: true,
            ..*e
        };
        write_master(&mut w, &cancelled, series, attendees);
    } else {
        write_series(&mut w, e, series, attendees);
    }
    end_calendar(&mut w);
    w.finish()
}

/// [`series_calendar`] for `invitees`, with their PARTSTAT for the series and their answers
/// to single occurrences among `answered` (invitee id, RECURRENCE-ID, answer).
pub fn series_calendar_of(
    method: Option<Method>,
    e: &EventFields<'_>,
    series: &Series,
    invitees: &[Invitee],
    answered: &[(i64, DateTime<Utc>, PartStat)],
) -> String {
    with_answers(invitees, answered, |attendees| {
        series_calendar(method, e, series, attendees)
    })
}

/// [`occurrence_calendar`] for `invitees` with their answers (see [`series_calendar_of`]).
pub fn occurrence_calendar_of(
    method: Method,
    e: &EventFields<'_>,
    series: &Series,
    id: DateTime<Utc>,
    invitees: &[Invitee],
    answered: &[(i64, DateTime<Utc>, PartStat)],
) -> Option<String> {
    with_answers(invitees, answered, |attendees| {
        occurrence_calendar(method, e, series, id, attendees)
    })
}

/// `invitees` as series attendees with their answers (see [`Answers::of`]).
fn with_answers<T>(
    invitees: &[Invitee],
    answered: &[(i64, DateTime<Utc>, PartStat)],
    f: impl FnOnce(&[SeriesAttendee<'_>]) -> T,
) -> T {
    let answers: Vec<Answers> = invitees
        .iter()
        .map(|i| Answers::of(i.id, i.partstat, answered))
        .collect();
    let attendees: Vec<SeriesAttendee<'_>> = invitees
        .iter()
        .zip(&answers)
        .map(|(i, answers)| SeriesAttendee {
            attendee: i.into(),
            answers,
        })
        .collect();
    f(&attendees)
}

/// The iTIP message about one occurrence `id`: [`Method::Request`] with its (moved) times,
/// or [`Method::Cancel`] for its cancellation; both carry its RECURRENCE-ID. `None` when
/// `id` is not an occurrence of the series.
pub fn occurrence_calendar(
    method: Method,
    e: &EventFields<'_>,
    series: &Series,
    id: DateTime<Utc>,
    attendees: &[SeriesAttendee<'_>],
) -> Option<String> {
    let o = series.schedule().into_iter().find(|o| o.id == id)?;
    let mut w = IcsWriter::default();
    begin_calendar(&mut w, Some(method));
    write_vtimezone(
        &mut w,
        series.tz,
        o.starts_at.min(o.id),
        o.ends_at.max(o.id),
    );
    write_instance(&mut w, e, series, &o, attendees, method == Method::Cancel);
    end_calendar(&mut w);
    Some(w.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PartStat;
    use crate::domain::Role;
    use crate::domain::recurrence::{RecurrenceInput, Rule};
    use chrono::TimeZone;
    use chrono_tz::Tz;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    fn at(d: u32, h: u32) -> DateTime<Utc> {
        PARIS
            .with_ymd_and_hms(2027, 1, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    /// Daily at 09:00 from Monday 4 January 2027, five times.
    fn series() -> Series {
        let rule = Rule::from_input(
            &RecurrenceInput {
                freq: "daily".into(),
                count: Some(5),
                ..RecurrenceInput::default()
            },
            at(4, 9),
            PARIS,
        )
        .unwrap();
        Series::new(PARIS, at(4, 9), 30, rule)
    }

    fn fields() -> EventFields<'static> {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        EventFields {
            uid: "u@x",
            sequence: 5,
            dtstamp: t,
            created: t,
            last_modified: t,
            // Not used for a series: its times come from the series.
            start: t,
            end: t,
            summary: "Stand-up",
            description: "",
            url: "https://x/join/h",
            cancelled: false,
            organizer_email: "o@x",
            organizer_name: "O",
        }
    }

    fn render(s: &Series, answers: &Answers) -> String {
        let people = [SeriesAttendee {
            attendee: AttendeeFields {
                email: "a@x",
                name: "A",
                role: Role::Participant,
                partstat: PartStat::NeedsAction,
            },
            answers,
        }];
        let mut w = IcsWriter::default();
        write_series(&mut w, &fields(), s, &people);
        w.finish()
    }

    #[test]
    fn a_plain_series_is_one_vevent_in_its_zone() {
        let text = render(&series(), &Answers::new(PartStat::Accepted));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20270104T090000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/Paris:20270104T093000\r\n"));
        assert!(text.contains("RRULE:FREQ=DAILY;COUNT=5\r\n"));
        assert!(!text.contains("EXDATE") && !text.contains("RECURRENCE-ID"));
        assert!(text.contains("PARTSTAT=ACCEPTED"));
        assert!(text.contains("SEQUENCE:5\r\n"));
    }

    #[test]
    fn overrides_only_for_moved_occurrences_and_answers_that_differ() {
        let mut s = series();
        s.cancel(at(5, 9)).unwrap();
        s.move_occurrence(at(6, 9), at(6, 11), 60).unwrap();
        let mut answers = Answers::new(PartStat::Accepted);
        answers.answer(at(7, 9), PartStat::Declined);
        // A declined, then cancelled occurrence needs no override: it has an EXDATE.
        answers.answer(at(5, 9), PartStat::Declined);
        let text = render(&s, &answers);
        let events: Vec<&str> = text.split("BEGIN:VEVENT").skip(1).collect();
        assert_eq!(events.len(), 3, "{text}");
        assert!(events[0].contains("EXDATE;TZID=Europe/Paris:20270105T090000\r\n"));
        assert!(events[1].contains("RECURRENCE-ID;TZID=Europe/Paris:20270106T090000\r\n"));
        assert!(events[1].contains("DTSTART;TZID=Europe/Paris:20270106T110000\r\n"));
        assert!(events[1].contains("SEQUENCE:6\r\n"));
        assert!(events[1].contains("PARTSTAT=ACCEPTED"));
        assert!(events[2].contains("RECURRENCE-ID;TZID=Europe/Paris:20270107T090000\r\n"));
        assert!(events[2].contains("DTSTART;TZID=Europe/Paris:20270107T090000\r\n"));
        assert!(events[2].contains("SEQUENCE:5\r\n"));
        assert!(events[2].contains("PARTSTAT=DECLINED"));
        assert!(!events[2].contains("RRULE"));
    }

    #[test]
    fn a_calendar_carries_the_vtimezone_before_its_events() {
        let text = series_calendar(Some(Method::Request), &fields(), &series(), &[]);
        let tz = text.find("BEGIN:VTIMEZONE").unwrap();
        assert!(tz < text.find("BEGIN:VEVENT").unwrap());
        assert!(text.contains("METHOD:REQUEST\r\n"));
    }
}
