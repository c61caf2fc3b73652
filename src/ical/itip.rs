//! iTIP messages (RFC 5546) for mails: REQUEST for new and changed meetings, CANCEL for
//! cancellations. The MIME part must carry the same method (RFC 6047 §2.4).

use super::{EventFields, IcsWriter, begin_calendar, end_calendar, write_vevent};
use crate::domain::Invitee;

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

pub fn itip_calendar(method: Method, event: &EventFields<'_>, attendees: &[Invitee]) -> String {
    let mut w = IcsWriter::default();
    begin_calendar(&mut w, Some(method));
    write_vevent(&mut w, event, attendees);
    end_calendar(&mut w);
    w.finish()
}
