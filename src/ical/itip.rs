//! iTIP messages (RFC 5546) for mails: REQUEST for new and changed meetings, CANCEL for
//! cancellations. The MIME part must carry the same method (RFC 6047 §2.4).

use icalendar::{Calendar, Event, Property};

use super::plain_calendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

pub fn itip_calendar(method: Method, event: Event) -> Calendar {
    let mut cal = plain_calendar();
    cal.append_property(Property::new("METHOD", method.as_str()));
    cal.push(event);
    cal
}
