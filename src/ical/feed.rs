//! Personal feeds: every meeting a person owns or is invited to, as a plain calendar that
//! clients subscribe to (no METHOD: a subscription is not an iTIP message, so attendees may be
//! listed with their answers).

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Property};

use super::{EventInput, clean_text, escape_text, plain_calendar, vevent};
use crate::domain::{Invitee, Meeting};

/// How often clients should poll, as an RFC 5545 duration.
pub const REFRESH: &str = "PT15M";

/// One meeting as its viewer sees it.
pub struct FeedItem<'a> {
    pub meeting: &'a Meeting,
    /// The attendees this viewer may see.
    pub attendees: &'a [Invitee],
    /// The viewer's own way in: the owner's start page or their personal link.
    pub url: String,
}

pub struct FeedInput<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub organizer_fallback: &'a str,
    pub items: Vec<FeedItem<'a>>,
}

pub fn feed_calendar(input: &FeedInput<'_>) -> Calendar {
    let mut cal = plain_calendar();
    // The crate escapes TEXT only for the properties it knows; these it writes as given.
    let name = escape_text(&clean_text(input.name));
    let description = escape_text(&clean_text(input.description));
    cal.append_property(Property::new("NAME", &name))
        .append_property(Property::new("X-WR-CALNAME", &name))
        .append_property(Property::new("DESCRIPTION", clean_text(input.description)))
        .append_property(Property::new("X-WR-CALDESC", &description))
        .append_property({
            let mut p = Property::new("REFRESH-INTERVAL", REFRESH);
            p.add_parameter("VALUE", "DURATION");
            p
        })
        .append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    for item in &input.items {
        cal.push(vevent(&EventInput {
            meeting: item.meeting,
            invitees: item.attendees,
            url: &item.url,
            organizer_fallback: input.organizer_fallback,
            // The last revision of the meeting, so that an unchanged feed is the same bytes.
            dtstamp: item.meeting.updated_at,
            cancelled: false,
        }));
    }
    cal
}

/// The moment a feed last changed, as HTTP dates have it (whole seconds).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
