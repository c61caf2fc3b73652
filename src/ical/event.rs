//! The VEVENT of a meeting, the same in mails, downloads and feeds: only the link (the
//! viewer's own way in) and DTSTAMP differ.

use chrono::{DateTime, Utc};

use super::IcsWriter;
use crate::domain::text::strip_bidi;
use crate::domain::{Invitee, Meeting, PartStat, Role};

/// What a VEVENT says, borrowed from wherever it comes from (a stored meeting, or a feed
/// row streamed from the database).
pub struct EventFields<'a> {
    pub uid: &'a str,
    pub sequence: i64,
    pub dtstamp: DateTime<Utc>,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: &'a str,
    pub description: &'a str,
    /// The viewer's way into the room: URL and LOCATION.
    pub url: &'a str,
    pub cancelled: bool,
    pub organizer_email: &'a str,
    pub organizer_name: &'a str,
}

impl<'a> EventFields<'a> {
    /// `organizer_fallback` is the ORGANIZER address when the owner has none (the service's).
    pub fn of(
        m: &'a Meeting,
        url: &'a str,
        organizer_fallback: &'a str,
        dtstamp: DateTime<Utc>,
        cancelled: bool,
    ) -> Self {
        Self {
            uid: &m.uid,
            sequence: i64::from(m.sequence),
            dtstamp,
            created: m.created_at,
            last_modified: m.updated_at,
            start: m.starts_at,
            end: m.ends_at,
            summary: &m.subject,
            description: &m.description,
            url,
            cancelled: cancelled || m.is_cancelled(),
            organizer_email: organizer_email(&m.owner_email, organizer_fallback),
            organizer_name: organizer_name(&m.owner_name, &m.owner),
        }
    }
}

/// The ORGANIZER's address: the owner's, else `fallback` (the service's).
pub fn organizer_email<'a>(owner_email: &'a str, fallback: &'a str) -> &'a str {
    if owner_email.is_empty() {
        fallback
    } else {
        owner_email
    }
}

/// The ORGANIZER's CN: the owner's name, else their login.
pub fn organizer_name<'a>(owner_name: &'a str, owner: &'a str) -> &'a str {
    if owner_name.trim().is_empty() {
        owner
    } else {
        owner_name
    }
}

pub struct AttendeeFields<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub partstat: PartStat,
}

impl<'a> From<&'a Invitee> for AttendeeFields<'a> {
    fn from(i: &'a Invitee) -> Self {
        Self {
            email: &i.email,
            name: &i.name,
            role: i.role,
            partstat: i.partstat,
        }
    }
}

/// `BEGIN:VEVENT` and every property but the attendees; the caller writes those, then
/// `END:VEVENT`.
pub fn write_event_head(w: &mut IcsWriter, e: &EventFields<'_>) {
    write_event_head_with(w, e, |w| {
        w.time("DTSTART", e.start);
        w.time("DTEND", e.end);
    });
}

/// [`write_event_head`] with the times written by `times` (a series writes them in its
/// zone, with its RRULE, EXDATEs or RECURRENCE-ID), in the place DTSTART and DTEND take.
pub fn write_event_head_with(
    w: &mut IcsWriter,
    e: &EventFields<'_>,
    times: impl FnOnce(&mut IcsWriter),
) {
    w.begin("VEVENT");
    w.raw("UID", e.uid);
    w.raw("SEQUENCE", itoa::Buffer::new().format(e.sequence));
    w.time("DTSTAMP", e.dtstamp);
    w.time("CREATED", e.created);
    w.time("LAST-MODIFIED", e.last_modified);
    times(w);
    w.text("SUMMARY", &strip_bidi(e.summary));
    if !e.description.trim().is_empty() {
        w.text("DESCRIPTION", e.description);
    }
    w.text("LOCATION", e.url);
    w.raw("URL", e.url);
    w.raw(
        "STATUS",
        if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        },
    );
    let organizer = ["mailto:", e.organizer_email];
    if e.organizer_name.trim().is_empty() {
        w.with_params("ORGANIZER", &[], &organizer);
    } else {
        w.with_params(
            "ORGANIZER",
            &[("CN", &strip_bidi(e.organizer_name))],
            &organizer,
        );
    }
}

pub fn write_attendee(w: &mut IcsWriter, a: &AttendeeFields<'_>) {
    let role = match a.role {
        Role::Moderator => "CHAIR",
        Role::Participant => "REQ-PARTICIPANT",
    };
    let partstat = match a.partstat {
        PartStat::NeedsAction => "NEEDS-ACTION",
        PartStat::Accepted => "ACCEPTED",
        PartStat::Declined => "DECLINED",
        PartStat::Tentative => "TENTATIVE",
    };
    let address = ["mailto:", a.email];
    // Every attendee has a CN (DESIGN §7): someone invited by address alone is shown by it,
    // as calendar clients would otherwise show nothing or a bare `mailto:`.
    let cn = if a.name.trim().is_empty() {
        std::borrow::Cow::Borrowed(a.email)
    } else {
        strip_bidi(a.name)
    };
    w.with_params(
        "ATTENDEE",
        &[
            ("CN", &cn),
            ("CUTYPE", "INDIVIDUAL"),
            ("ROLE", role),
            ("PARTSTAT", partstat),
            ("RSVP", "TRUE"),
        ],
        &address,
    );
}

/// A whole VEVENT with the given attendees.
pub fn write_vevent(w: &mut IcsWriter, e: &EventFields<'_>, attendees: &[Invitee]) {
    write_event_head(w, e);
    for i in attendees {
        write_attendee(w, &i.into());
    }
    w.end("VEVENT");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MeetingStatus;
    use crate::ical::{Method, begin_calendar, end_calendar, itip_calendar};
    use chrono::{Duration, TimeZone};
    use icalendar::Component;

    fn meeting() -> Meeting {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap();
        Meeting {
            id: 7,
            uid: "abc@booking.example.org".into(),
            room: "sync".into(),
            subject: "Café, thé; \"réunion\"\r\nligne deux".into(),
            description: "Line one\r\nLine two; with, punctuation \\ and more".into(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "Alice \"Ali\" Anders".into(),
            starts_at: start,
            duration_min: 60,
            ends_at: start + Duration::minutes(60),
            status: MeetingStatus::Scheduled,
            sequence: 3,
            created_at: start - Duration::days(1),
            updated_at: start - Duration::hours(1),
        }
    }

    fn invitees() -> Vec<Invitee> {
        vec![
            Invitee {
                id: 1,
                meeting_id: 7,
                email: "ann@example.net".into(),
                name: "Ann, the Moderator".into(),
                role: Role::Moderator,
                hash: "h1".into(),
                partstat: PartStat::Accepted,
                answered_at: None,
            },
            Invitee {
                id: 2,
                meeting_id: 7,
                email: "bob@example.org".into(),
                name: String::new(),
                role: Role::Participant,
                hash: "h2".into(),
                partstat: PartStat::NeedsAction,
                answered_at: None,
            },
        ]
    }

    const URL: &str = "https://booking.example.org/join/h1";

    fn render(method: Option<Method>) -> String {
        let m = meeting();
        let fields = EventFields::of(&m, URL, "noreply@example.org", m.updated_at, false);
        match method {
            Some(method) => itip_calendar(method, &fields, &invitees()),
            None => {
                let mut w = IcsWriter::default();
                begin_calendar(&mut w, None);
                write_vevent(&mut w, &fields, &invitees());
                end_calendar(&mut w);
                w.finish()
            }
        }
    }

    #[test]
    fn an_invitation_is_an_itip_request_with_every_attendee_and_their_answer() {
        let text = render(Some(Method::Request));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("METHOD:REQUEST\r\n"), "{text}");
        assert!(unfolded.contains("UID:abc@booking.example.org\r\n"));
        assert!(unfolded.contains("SEQUENCE:3\r\n"));
        assert!(unfolded.contains("DTSTART:20261201T083000Z\r\n"));
        assert!(unfolded.contains("DTEND:20261201T093000Z\r\n"));
        assert!(unfolded.contains("ORGANIZER;CN=Alice Ali Anders:mailto:alice@example.org"));
        assert!(unfolded.contains(
            "ATTENDEE;CN=\"Ann, the Moderator\";CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;RSVP=TRUE:mailto:ann@example.net\r\n"
        ), "{unfolded}");
        assert!(unfolded.contains(
            "ATTENDEE;CN=bob@example.org;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bob@example.org\r\n"
        ));
        assert!(unfolded.contains("SUMMARY:Café\\, thé\\; \"réunion\"\\nligne deux\r\n"));
        assert!(
            unfolded.contains(
                "DESCRIPTION:Line one\\nLine two\\; with\\, punctuation \\\\ and more\r\n"
            )
        );
        assert!(unfolded.contains(&format!("URL:{URL}\r\n")));
        assert!(!text.contains("\r\n\r\n") && !text.replace("\r\n", "").contains('\n'));
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{text}");
    }

    #[test]
    fn directional_overrides_in_stored_names_and_subjects_never_reach_the_calendar() {
        let mut m = meeting();
        m.subject = "Pay \u{202E}fdp.exe".into();
        m.owner_name = "\u{2067}Alice\u{2069}".into();
        let mut people = invitees();
        people[0].name = "Ann \u{200F}\u{061C}\u{202B}Mod".into();
        let fields = EventFields::of(&m, URL, "noreply@example.org", m.updated_at, false);
        let text = itip_calendar(Method::Request, &fields, &people);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Pay fdp.exe\r\n"), "{unfolded}");
        assert!(
            unfolded.contains("ORGANIZER;CN=Alice:mailto:"),
            "{unfolded}"
        );
        assert!(unfolded.contains("ATTENDEE;CN=Ann Mod;"), "{unfolded}");
        assert!(!text.chars().any(crate::domain::text::is_bidi_control));
    }

    #[test]
    fn a_plain_calendar_has_no_method() {
        let text = render(None);
        assert!(!text.contains("METHOD"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn the_text_parses_back_to_the_same_values() {
        let text = render(Some(Method::Cancel));
        let cal: icalendar::Calendar = text.parse().unwrap();
        let event = cal.events().next().unwrap();
        let m = meeting();
        assert_eq!(
            event.get_summary(),
            Some("Café, thé; \"réunion\"\nligne deux")
        );
        assert_eq!(
            event.get_description(),
            Some("Line one\nLine two; with, punctuation \\ and more")
        );
        assert_eq!(event.get_sequence(), Some(3));
        assert_eq!(event.get_uid(), Some(m.uid.as_str()));
        assert_eq!(event.get_url(), Some(URL));
        assert_eq!(event.get_attendees().len(), 2);
        assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    }
}
