//! The VEVENT of a meeting, the same in mails, downloads and feeds: only the link (the
//! viewer's own way in) and DTSTAMP differ.

use chrono::{DateTime, Utc};
use icalendar::{Attendee, CUType, Component, Event, EventLike, EventStatus, Property};

use super::{clean_param, clean_text};
use crate::domain::{Invitee, Meeting, PartStat, Role};

pub struct EventInput<'a> {
    pub meeting: &'a Meeting,
    /// The attendees to list, each with their role and answer.
    pub invitees: &'a [Invitee],
    /// The viewer's way into the room: URL and LOCATION.
    pub url: &'a str,
    /// ORGANIZER address when the owner has none (the service's own).
    pub organizer_fallback: &'a str,
    pub dtstamp: DateTime<Utc>,
    /// STATUS:CANCELLED even if the meeting itself is not (an invitee taken off the list).
    pub cancelled: bool,
}

pub fn vevent(input: &EventInput<'_>) -> Event {
    let m = input.meeting;
    let mut event = Event::new();
    event
        .uid(&m.uid)
        .sequence(m.sequence)
        .timestamp(input.dtstamp)
        .created(m.created_at)
        .last_modified(m.updated_at)
        .starts(m.starts_at)
        .ends(m.ends_at)
        .summary(&clean_text(&m.subject))
        .location(input.url)
        .url(input.url)
        .status(if input.cancelled || m.is_cancelled() {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !m.description.trim().is_empty() {
        event.description(&clean_text(&m.description));
    }
    event.append_property(organizer(m, input.organizer_fallback));
    for invitee in input.invitees {
        event.attendee(attendee(invitee));
    }
    event.done()
}

fn organizer(m: &Meeting, fallback: &str) -> Property {
    let address = if m.owner_email.is_empty() {
        fallback
    } else {
        &m.owner_email
    };
    let mut prop = Property::new("ORGANIZER", format!("mailto:{address}"));
    let name = clean_param(if m.owner_name.is_empty() {
        &m.owner
    } else {
        &m.owner_name
    });
    if !name.is_empty() {
        prop.add_parameter("CN", &name);
    }
    prop.done()
}

fn attendee(i: &Invitee) -> Attendee {
    let mut a = Attendee::new(format!("mailto:{}", i.email))
        .cutype(CUType::Individual)
        .role(match i.role {
            Role::Moderator => icalendar::Role::Chair,
            Role::Participant => icalendar::Role::ReqParticipant,
        })
        .partstat(match i.partstat {
            PartStat::NeedsAction => icalendar::PartStat::NeedsAction,
            PartStat::Accepted => icalendar::PartStat::Accepted,
            PartStat::Declined => icalendar::PartStat::Declined,
        })
        .rsvp(true);
    let name = clean_param(&i.name);
    if !name.trim().is_empty() {
        a = a.cn(name);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MeetingStatus;
    use crate::ical::{Method, itip_calendar, plain_calendar};
    use chrono::{Duration, TimeZone};

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

    fn render(method: Option<Method>) -> String {
        let m = meeting();
        let inv = invitees();
        let event = vevent(&EventInput {
            meeting: &m,
            invitees: &inv,
            url: "https://booking.example.org/join/h1",
            organizer_fallback: "noreply@example.org",
            dtstamp: m.updated_at,
            cancelled: false,
        });
        match method {
            Some(method) => itip_calendar(method, event).to_string(),
            None => {
                let mut cal = plain_calendar();
                cal.push(event);
                cal.to_string()
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
        assert!(unfolded.contains("ROLE=CHAIR"), "{unfolded}");
        assert!(unfolded.contains("PARTSTAT=ACCEPTED"));
        assert!(unfolded.contains("CN=\"Ann, the Moderator\""));
        assert!(unfolded.contains("ROLE=REQ-PARTICIPANT"));
        assert!(unfolded.contains("RSVP=TRUE"));
        assert!(unfolded.contains("SUMMARY:Café\\, thé\\; \"réunion\"\\nligne deux\r\n"));
        assert!(
            unfolded.contains(
                "DESCRIPTION:Line one\\nLine two\\; with\\, punctuation \\\\ and more\r\n"
            )
        );
        assert!(unfolded.contains("URL:https://booking.example.org/join/h1\r\n"));
        assert!(!text.contains("\r\n\r\n") && !text.replace("\r\n", "").contains('\n'));
        assert!(text.lines().all(|l| l.len() <= 76), "{text}");
    }

    #[test]
    fn a_plain_calendar_has_no_method() {
        let text = render(None);
        assert!(!text.contains("METHOD"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
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
        assert_eq!(event.get_attendees().len(), 2);
        assert_eq!(cal.property_value("METHOD"), Some("CANCEL"));
    }
}
