//! iCalendar output (RFC 5545): the VEVENT of a meeting, the iTIP messages mailed with
//! invitations (RFC 5546), and plain calendars for downloads and feeds. Built with the
//! `icalendar` crate, which escapes TEXT values and folds lines at 75 octets with CRLF.

pub mod event;
pub mod feed;
pub mod itip;

use icalendar::{Calendar, Property};

pub use event::{EventInput, vevent};
pub use itip::{Method, itip_calendar};

/// PRODID of everything jmb writes.
pub const PRODID: &str = "-//jmb//Jitsi Meet booking//EN";

/// A calendar with the properties every object needs, and no METHOD: a downloaded `.ics`
/// or a subscription is not an iTIP message, so it may list attendees with their answers.
pub fn plain_calendar() -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal
}

/// TEXT as people typed it: line ends normalised to LF (the crate escapes LF as `\n`, but
/// would leave a CR raw), other control characters dropped.
pub fn clean_text(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .collect()
}

/// A parameter value (CN) may not contain DQUOTE or control characters at all.
pub fn clean_param(input: &str) -> String {
    input
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect()
}

/// RFC 5545 §3.3.11 escaping, for TEXT properties the `icalendar` crate does not know.
pub fn escape_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}
