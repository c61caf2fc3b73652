//! iCalendar output (RFC 5545): the VEVENT of a meeting, the iTIP messages mailed with
//! invitations (RFC 5546), and plain calendars for downloads and feeds, all written by
//! [`writer::IcsWriter`]. Series ([`series`]) are written in their zone with a VTIMEZONE
//! ([`vtimezone`]); one-off meetings stay in UTC.

pub mod event;
pub mod feed;
pub mod itip;
pub mod series;
pub mod vtimezone;
pub mod writer;

pub use event::{
    AttendeeFields, EventFields, write_attendee, write_event_head, write_event_head_with,
    write_vevent,
};
pub use itip::{Method, itip_calendar};
pub use series::{SeriesAttendee, occurrence_calendar, series_calendar, write_series};
pub use vtimezone::write_vtimezone;
pub use writer::IcsWriter;

/// PRODID of everything jmb writes.
pub const PRODID: &str = "-//jmb//Jitsi Meet booking//EN";

/// Opens a VCALENDAR. With a method it is an iTIP message (mails); without, a plain
/// calendar (downloads, feeds), which may list attendees with their answers.
pub fn begin_calendar(w: &mut IcsWriter, method: Option<Method>) {
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    if let Some(m) = method {
        w.raw("METHOD", m.as_str());
    }
}

pub fn end_calendar(w: &mut IcsWriter) {
    w.end("VCALENDAR");
}

/// TEXT as people typed it: line ends normalised to LF, other control characters dropped
/// (what mails show, and what calendars read back).
pub use crate::domain::text::clean_text;
