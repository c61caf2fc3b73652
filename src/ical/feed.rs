//! Personal feeds: every meeting a person owns or is invited to, as a plain calendar that
//! clients subscribe to (no METHOD: a subscription is not an iTIP message, so attendees may be
//! listed with their answers).

use chrono::{DateTime, Utc};

use super::{IcsWriter, begin_calendar};

/// How often clients should poll, as an RFC 5545 duration.
pub const REFRESH: &str = "PT15M";

/// Opens a feed: the calendar, its name and description (RFC 7986 and the `X-WR-` names
/// older clients read), and how often to poll.
pub fn begin_feed(w: &mut IcsWriter, name: &str, description: &str) {
    begin_calendar(w, None);
    w.text("NAME", name);
    w.text("X-WR-CALNAME", name);
    w.text("DESCRIPTION", description);
    w.text("X-WR-CALDESC", description);
    w.with_params("REFRESH-INTERVAL", &[("VALUE", "DURATION")], &[REFRESH]);
    w.raw("X-PUBLISHED-TTL", REFRESH);
}

/// The moment a feed last changed, as HTTP dates have it (whole seconds).
pub fn http_date(t: DateTime<Utc>) -> String {
    t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
