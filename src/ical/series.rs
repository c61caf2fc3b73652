//! A series in iCalendar: one VEVENT with `DTSTART;TZID=…`, its RRULE and an EXDATE per
//! cancelled occurrence, an override VEVENT (`RECURRENCE-ID;TZID=…`, its own SEQUENCE) per
//! occurrence that moved or that someone answered otherwise, and the VTIMEZONE they need.
//! Never a UTC DTSTART with an RRULE: that one would drift by an hour across DST.
//!
//! The iTIP shapes of RFC 5546 §3.2: REQUEST of the series (master and overrides), REQUEST of
//! one moved occurrence, CANCEL of one occurrence, CANCEL of the whole series.

use chrono::{DateTime, Duration, Utc};

use super::event::{AttendeeFields, EventFields, write_attendee, write_event_head_with};
use super::vtimezone::write_vtimezone;
use super::{IcsWriter, Method, begin_calendar, end_calendar};
use crate::domain::recurrence::{Answers, Occurrence, Series};

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

/// The times a series' calendar mentions, for its VTIMEZONE.
fn span(series: &Series) -> (DateTime<Utc>, DateTime<Utc>) {
    let all = series.schedule();
    let from = all
        .iter()
        .map(|o| o.starts_at.min(o.id))
        .min()
        .unwrap_or(series.first_start)
        .min(series.first_start);
    let to = all
        .iter()
        .map(|o| o.ends_at.max(o.id))
        .max()
        .unwrap_or(series.first_start);
    (from, to)
}

/// The master VEVENT: the rule, its first occurrence's times in the series' zone, and the
/// cancelled occurrences. `e`'s own start and end are not used.
fn write_master(
    w: &mut IcsWriter,
    e: &EventFields<'_>,
    series: &Series,
    attendees: &[SeriesAttendee<'_>],
) {
    let tz = series.tz;
    write_event_head_with(w, e, |w| {
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
    });
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
    let tz = series.tz;
    let fields = EventFields {
        sequence: e.sequence + i64::from(o.moved.unwrap_or(0)),
        cancelled: cancelled || e.cancelled,
        ..*e
    };
    write_event_head_with(w, &fields, |w| {
        w.zoned_time("DTSTART", tz, o.starts_at);
        w.zoned_time("DTEND", tz, o.ends_at);
        w.zoned_time("RECURRENCE-ID", tz, o.id);
    });
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
    for o in series.schedule() {
        let answered_otherwise = attendees
            .iter()
            .any(|a| a.answers.effective(o.id) != a.answers.series);
        if !o.cancelled && (o.moved.is_some() || answered_otherwise) {
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
    let (from, to) = span(series);
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
