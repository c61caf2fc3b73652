//! What a message sent to the reply address is: an iTIP REPLY (an answer pressed in a mail
//! client), a COUNTER (a proposed new time), a delivery-status notification (a bounce), an
//! automatic reply, or something a person wrote. Pure functions over the message's bytes.
//!
//! The rules come from the calendar servers that already receive replies (Apple's
//! CalendarServer, Cyrus, Nextcloud; see `tests/fixtures/replies/README.md`): every
//! `text/calendar` part counts wherever it sits (alternatives, attachments, a forwarded
//! `message/rfc822`), whatever its transfer encoding and charset; ORGANIZER is optional
//! (Outlook leaves it out) and the sender is never trusted to be the attendee (Apple Mail
//! may send from any account): the token in the recipient address says who answers.

use std::borrow::Cow;

use icalendar::parser::{Component, Property, read_calendar, unfold};
use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

/// The largest message jmb takes in: an answer is a few kilobytes, a forwarded one with its
/// invitation a few hundred; anything near this is not a calendar answer.
pub const MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// An invitee's answer. TENTATIVE is modelled here before the rest of jmb knows it (the
/// invitation page and the store still know accepted and declined only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    Declined,
    Tentative,
}

impl Answer {
    fn from_partstat(value: &str) -> Option<Answer> {
        [
            ("ACCEPTED", Answer::Accepted),
            ("DECLINED", Answer::Declined),
            ("TENTATIVE", Answer::Tentative),
        ]
        .into_iter()
        .find_map(|(name, answer)| value.trim().eq_ignore_ascii_case(name).then_some(answer))
    }

    pub fn as_partstat(self) -> &'static str {
        match self {
            Answer::Accepted => "ACCEPTED",
            Answer::Declined => "DECLINED",
            Answer::Tentative => "TENTATIVE",
        }
    }
}

/// One ATTENDEE line of a REPLY with a PARTSTAT jmb records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeAnswer {
    /// The address without `mailto:`, as the client wrote it.
    pub address: String,
    pub answer: Answer,
}

/// RECURRENCE-ID of an answer for one occurrence of a series, as written (value and TZID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceId {
    pub value: String,
    pub tzid: Option<String>,
}

/// The event an iTIP message is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    pub uid: String,
    pub recurrence_id: Option<RecurrenceId>,
    /// SEQUENCE of the request answered; 0 when absent (RFC 5545's default).
    pub sequence: u32,
}

/// `METHOD:REPLY`: an invitee pressed Accept, Decline or Maybe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub event: EventRef,
    /// Usually exactly one (RFC 5546); some clients repeat others, so the store wiring picks
    /// the invitee's own with [`Reply::answer_of`].
    pub attendees: Vec<AttendeeAnswer>,
    /// The ORGANIZER address without `mailto:`, when the client kept it (Outlook does not).
    pub organizer: Option<String>,
}

impl Reply {
    /// The answer of `invitee` (compared without case, `mailto:` may be upper case), else
    /// the only answer there is: an invitee may answer from an alias address.
    pub fn answer_of(&self, invitee: &str) -> Option<Answer> {
        self.attendees
            .iter()
            .find(|a| a.address.eq_ignore_ascii_case(invitee.trim()))
            .or(match self.attendees.as_slice() {
                [only] => Some(only),
                _ => None,
            })
            .map(|a| a.answer)
    }
}

/// `METHOD:COUNTER`: an invitee proposes another time; forwarded to the owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    pub event: EventRef,
    pub attendee: Option<String>,
    /// DTSTART and DTEND as written (the owner reads them, jmb does not apply them).
    pub proposed_start: Option<String>,
    pub proposed_end: Option<String>,
    pub comment: Option<String>,
}

/// One recipient a delivery-status notification reports as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedRecipient {
    /// From `Final-Recipient` (or `Original-Recipient`), without the `rfc822;` type.
    pub address: String,
    /// The `Status` field, e.g. `5.1.1`.
    pub status: String,
}

/// What came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    Reply(Reply),
    Counter(Counter),
    /// A DSN (RFC 3464) with at least one failed recipient; delays and successes are
    /// [`Inbound::AutoReply`].
    Bounce {
        failed: Vec<FailedRecipient>,
    },
    /// Out of office, vacation, list traffic, a delay notice (RFC 3834): dropped.
    AutoReply,
    /// Anything else: a person wrote to the reply address; forwarded to the owner.
    Human,
}

impl Inbound {
    /// A word for logs: never the message's content or address.
    pub fn kind(&self) -> &'static str {
        match self {
            Inbound::Reply(_) => "reply",
            Inbound::Counter(_) => "counter",
            Inbound::Bounce { .. } => "bounce",
            Inbound::AutoReply => "auto-reply",
            Inbound::Human => "human",
        }
    }
}

/// A message jmb cannot take at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("the message has {size} bytes, more than the {MAX_MESSAGE_BYTES} accepted")]
    TooLarge { size: usize },
    #[error("the message has no header")]
    NoHeader,
}

/// Classifies one message as received (headers and body, CRLF or LF line ends).
pub fn classify(raw: &[u8]) -> Result<Inbound, Unreadable> {
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(Unreadable::TooLarge { size: raw.len() });
    }
    let message = MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or(Unreadable::NoHeader)?;
    // A bounce first: it quotes the invitation it returns, whose calendar part must not be
    // taken for an answer.
    if let Some(failed) = delivery_report(&message) {
        return Ok(if failed.is_empty() {
            Inbound::AutoReply
        } else {
            Inbound::Bounce { failed }
        });
    }
    // Then a calendar answer, even from a robot: a server that answers for a room or a
    // shared calendar marks its REPLY as auto-generated, and the answer still counts.
    if let Some(itip) = itip_message(&message) {
        return Ok(itip);
    }
    if is_automatic(&message) {
        return Ok(Inbound::AutoReply);
    }
    Ok(Inbound::Human)
}

/// RFC 3834 and the older conventions vacation programs still use.
fn is_automatic(message: &Message<'_>) -> bool {
    message.headers().iter().any(|h| {
        let value = h.value().as_text().unwrap_or_default().trim();
        let name = h.name();
        if name.eq_ignore_ascii_case("Auto-Submitted") {
            !value.is_empty() && !value.eq_ignore_ascii_case("no")
        } else if name.eq_ignore_ascii_case("Precedence") {
            ["auto_reply", "bulk", "junk", "list"]
                .iter()
                .any(|p| value.eq_ignore_ascii_case(p))
        } else {
            ["X-Autoreply", "X-Autorespond"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
        }
    })
}

/// Every part of the message and of the messages it carries, depth first.
fn each_part<'m>(
    message: &'m Message<'m>,
    visit: &mut dyn FnMut(&'m mail_parser::MessagePart<'m>),
) {
    for part in &message.parts {
        visit(part);
        if let PartType::Message(inner) = &part.body {
            each_part(inner, visit);
        }
    }
}

fn is_type(part: &mail_parser::MessagePart<'_>, ctype: &str, subtypes: &[&str]) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case(ctype)
            && ct
                .subtype()
                .is_some_and(|s| subtypes.iter().any(|t| s.eq_ignore_ascii_case(t)))
    })
}

/// The failed recipients of a DSN, `None` when the message is not one.
fn delivery_report(message: &Message<'_>) -> Option<Vec<FailedRecipient>> {
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && ct
                .attribute("report-type")
                .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"))
    });
    if !is_report {
        return None;
    }
    let mut failed = Vec::new();
    for part in &message.parts {
        if !is_type(
            part,
            "message",
            &["delivery-status", "global-delivery-status"],
        ) {
            continue;
        }
        // The per-recipient groups are header fields separated by blank lines (RFC 3464
        // §2.1); each group is read by the same parser as a message's header.
        let text = String::from_utf8_lossy(part.contents()).replace("\r\n", "\n");
        for group in text.split("\n\n").skip(1) {
            let group = format!("{group}\n\n");
            let Some(fields) = MessageParser::default().parse_headers(group.as_bytes()) else {
                continue;
            };
            let field = |name: &str| {
                fields
                    .headers()
                    .iter()
                    .find(|h| h.name().eq_ignore_ascii_case(name))
                    .and_then(|h| h.value().as_text())
                    .map(|v| v.trim().to_string())
            };
            if !field("Action").is_some_and(|a| a.eq_ignore_ascii_case("failed")) {
                continue;
            }
            let Some(address) = field("Final-Recipient")
                .or_else(|| field("Original-Recipient"))
                .map(|r| match r.split_once(';') {
                    Some((_, address)) => address.trim().to_string(),
                    None => r,
                })
            else {
                continue;
            };
            failed.push(FailedRecipient {
                address,
                status: field("Status").unwrap_or_default(),
            });
        }
    }
    Some(failed)
}

/// The first REPLY found, else the first COUNTER; `None` when no calendar part is one.
fn itip_message(message: &Message<'_>) -> Option<Inbound> {
    let mut calendars: Vec<Cow<'_, str>> = Vec::new();
    each_part(message, &mut |part| {
        let calendar = is_type(part, "text", &["calendar"])
            || is_type(part, "application", &["ics", "calendar"]);
        if !calendar {
            return;
        }
        match &part.body {
            PartType::Text(text) => calendars.push(Cow::Borrowed(text.as_ref())),
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                calendars.push(String::from_utf8_lossy(bytes))
            }
            _ => {}
        }
    });
    let mut counter = None;
    for text in &calendars {
        match read_itip(text) {
            Some(reply @ Inbound::Reply(_)) => return Some(reply),
            Some(c @ Inbound::Counter(_)) if counter.is_none() => counter = Some(c),
            _ => {}
        }
    }
    counter
}

fn is(name: &str, expected: &str) -> bool {
    name.eq_ignore_ascii_case(expected)
}

fn prop<'c>(component: &'c Component<'_>, name: &str) -> Option<&'c Property<'c>> {
    component
        .properties
        .iter()
        .find(|p| is(p.name.as_str(), name))
}

fn param<'p>(property: &'p Property<'_>, key: &str) -> Option<&'p str> {
    property
        .params
        .iter()
        .find(|p| is(p.key.as_str(), key))
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str())
}

fn mailto(value: &str) -> String {
    let value = value.trim();
    match value.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => value[7..].to_string(),
        _ => value.to_string(),
    }
}

fn text(component: &Component<'_>, name: &str) -> Option<String> {
    prop(component, name).map(|p| p.val.as_str().trim().to_string())
}

/// One calendar: a REPLY or a COUNTER with what jmb needs, else `None`.
fn read_itip(calendar_text: &str) -> Option<Inbound> {
    let unfolded = unfold(calendar_text.trim());
    let calendar = read_calendar(&unfolded).ok()?;
    let method = calendar
        .properties
        .iter()
        .find(|p| is(p.name.as_str(), "METHOD"))
        .map(|p| p.val.as_str().trim().to_ascii_uppercase())?;
    let events: Vec<&Component<'_>> = calendar
        .components
        .iter()
        .filter(|c| is(c.name.as_str(), "VEVENT"))
        .collect();
    // The answer for the whole event when there is one, else the first occurrence's.
    let event = events
        .iter()
        .find(|e| prop(e, "RECURRENCE-ID").is_none())
        .or(events.first())?;
    let uid = text(event, "UID").filter(|u| !u.is_empty())?;
    let event_ref = EventRef {
        uid,
        recurrence_id: prop(event, "RECURRENCE-ID").map(|p| RecurrenceId {
            value: p.val.as_str().trim().to_string(),
            tzid: param(p, "TZID").map(str::to_string),
        }),
        sequence: text(event, "SEQUENCE")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
    };
    let attendee_lines = event
        .properties
        .iter()
        .filter(|p| is(p.name.as_str(), "ATTENDEE"));
    match method.as_str() {
        "REPLY" => {
            let attendees: Vec<AttendeeAnswer> = attendee_lines
                .filter_map(|p| {
                    Some(AttendeeAnswer {
                        address: mailto(p.val.as_str()),
                        answer: Answer::from_partstat(param(p, "PARTSTAT")?)?,
                    })
                })
                .collect();
            // A REPLY without an answer jmb knows (NEEDS-ACTION, DELEGATED) is for a person.
            (!attendees.is_empty()).then(|| {
                Inbound::Reply(Reply {
                    event: event_ref,
                    attendees,
                    organizer: prop(event, "ORGANIZER").map(|p| mailto(p.val.as_str())),
                })
            })
        }
        "COUNTER" => Some(Inbound::Counter(Counter {
            event: event_ref,
            attendee: attendee_lines.map(|p| mailto(p.val.as_str())).next(),
            proposed_start: text(event, "DTSTART"),
            proposed_end: text(event, "DTEND"),
            comment: text(event, "COMMENT"),
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}").into_bytes()
    }

    const REPLY_ICS: &str = "BEGIN:VCALENDAR\r\nPRODID:-//Example/ExampleCalendarClient//EN\r\n\
        METHOD:REPLY\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n\
        ATTENDEE;PARTSTAT=ACCEPTED:mailto:b@example.com\r\n\
        ORGANIZER:mailto:a@example.com\r\nUID:calsrv.example.com-873970198738777@example.com\r\n\
        SEQUENCE:0\r\nREQUEST-STATUS:2.0;Success\r\nDTSTAMP:19970612T190000Z\r\n\
        END:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn the_rfc_5546_reply_is_an_acceptance() {
        let raw = mail(
            "From: b@example.com\r\nTo: a@example.com\r\nSubject: Accepted\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/calendar; method=REPLY; charset=UTF-8",
            REPLY_ICS,
        );
        let Inbound::Reply(reply) = classify(&raw).unwrap() else {
            panic!("not a reply")
        };
        assert_eq!(
            reply.event.uid,
            "calsrv.example.com-873970198738777@example.com"
        );
        assert_eq!(reply.event.sequence, 0);
        assert_eq!(reply.answer_of("B@Example.com"), Some(Answer::Accepted));
        assert_eq!(reply.organizer.as_deref(), Some("a@example.com"));
    }

    #[test]
    fn a_reply_sent_by_a_robot_still_counts_as_an_answer() {
        // A room or shared calendar answering for itself marks its REPLY auto-generated.
        let raw = mail(
            "From: room@example.com\r\nAuto-Submitted: auto-generated\r\n\
             Content-Type: text/calendar; method=REPLY",
            REPLY_ICS,
        );
        assert!(matches!(classify(&raw).unwrap(), Inbound::Reply(_)));
    }

    #[test]
    fn a_plain_mail_is_human_and_one_with_auto_submitted_is_automatic() {
        let plain = mail(
            "From: x@example.org\r\nSubject: hello",
            "Can we move it?\r\n",
        );
        assert_eq!(classify(&plain).unwrap(), Inbound::Human);
        let no = mail("From: x@example.org\r\nAuto-Submitted: no", "Hi\r\n");
        assert_eq!(classify(&no).unwrap(), Inbound::Human);
        for header in [
            "Auto-Submitted: auto-replied",
            "X-Autoreply: yes",
            "X-Autorespond: on",
            "Precedence: bulk",
            "Precedence: auto_reply",
            "precedence: JUNK",
        ] {
            let raw = mail(&format!("From: x@example.org\r\n{header}"), "Away\r\n");
            assert_eq!(classify(&raw).unwrap(), Inbound::AutoReply, "{header}");
        }
    }

    #[test]
    fn a_message_too_large_or_without_header_is_unreadable() {
        let big = vec![b'a'; MAX_MESSAGE_BYTES + 1];
        assert_eq!(
            classify(&big),
            Err(Unreadable::TooLarge {
                size: MAX_MESSAGE_BYTES + 1
            })
        );
        assert_eq!(classify(b""), Err(Unreadable::NoHeader));
    }

    #[test]
    fn a_reply_whose_only_answer_is_needs_action_goes_to_a_person() {
        let ics = REPLY_ICS.replace("PARTSTAT=ACCEPTED", "PARTSTAT=NEEDS-ACTION");
        let raw = mail("From: b@example.com\r\nContent-Type: text/calendar", &ics);
        assert_eq!(classify(&raw).unwrap(), Inbound::Human);
    }

    #[test]
    fn a_broken_calendar_part_is_not_an_answer() {
        let raw = mail(
            "From: b@example.com\r\nContent-Type: text/calendar; method=REPLY",
            "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\n",
        );
        assert_eq!(classify(&raw).unwrap(), Inbound::Human);
    }

    #[test]
    fn with_several_attendees_the_invitees_own_answer_is_taken() {
        let reply = Reply {
            event: EventRef {
                uid: "u".into(),
                recurrence_id: None,
                sequence: 1,
            },
            attendees: vec![
                AttendeeAnswer {
                    address: "boss@example.org".into(),
                    answer: Answer::Accepted,
                },
                AttendeeAnswer {
                    address: "ann@example.org".into(),
                    answer: Answer::Declined,
                },
            ],
            organizer: None,
        };
        assert_eq!(reply.answer_of("ANN@example.org"), Some(Answer::Declined));
        assert_eq!(reply.answer_of("nobody@example.org"), None);
    }

    /// The real-client shapes of `tests/fixtures/replies/` (sources in its README).
    mod fixtures {
        use super::*;

        const UID: &str = "jmb-42-3f1c9e@booking.example.org";

        macro_rules! fixture {
            ($name:literal) => {
                classify(include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/replies/",
                    $name
                )))
                .unwrap()
            };
        }

        fn reply(inbound: Inbound) -> Reply {
            match inbound {
                Inbound::Reply(reply) => reply,
                other => panic!("not a reply: {other:?}"),
            }
        }

        #[test]
        fn outlook_answers_without_an_organizer() {
            let r = reply(fixture!("outlook-accepted.eml"));
            assert_eq!(r.event.uid, UID);
            assert_eq!(r.event.sequence, 1);
            assert_eq!(r.organizer, None);
            assert_eq!(r.answer_of("bob@example.net"), Some(Answer::Accepted));
        }

        #[test]
        fn gmail_declines_with_the_calendar_twice_and_the_first_counts() {
            let r = reply(fixture!("gmail-declined.eml"));
            assert_eq!(r.event.uid, UID);
            assert_eq!(r.attendees.len(), 1);
            assert_eq!(r.answer_of("carol@gmail.com"), Some(Answer::Declined));
            assert!(r.organizer.unwrap().starts_with("meetings+"));
        }

        #[test]
        fn thunderbird_says_maybe_in_quoted_printable() {
            let r = reply(fixture!("thunderbird-tentative.eml"));
            assert_eq!(r.event.sequence, 2);
            assert_eq!(r.answer_of("doerte@example.org"), Some(Answer::Tentative));
        }

        #[test]
        fn a_stale_answer_still_carries_the_sequence_it_answers() {
            let r = reply(fixture!("stale-sequence.eml"));
            assert_eq!(r.event.sequence, 0);
            assert_eq!(r.answer_of("doerte@example.org"), Some(Answer::Accepted));
        }

        #[test]
        fn apple_mail_from_an_alias_still_names_the_invited_attendee() {
            let r = reply(fixture!("apple-accepted-from-alias.eml"));
            assert_eq!(r.attendees[0].address, "erin@example.org");
            // The From address is another account: the invitee's answer is the only one.
            assert_eq!(r.answer_of("erin.ng@icloud.com"), Some(Answer::Accepted));
        }

        #[test]
        fn a_forwarded_reply_is_found_inside_the_forward() {
            let r = reply(fixture!("forwarded-reply.eml"));
            assert_eq!(r.event.uid, UID);
            assert_eq!(r.answer_of("fred@example.com"), Some(Answer::Declined));
        }

        #[test]
        fn a_forged_token_does_not_change_what_the_message_is() {
            // Refused by the recipient check, not by the classification.
            assert!(matches!(fixture!("forged-token.eml"), Inbound::Reply(_)));
        }

        #[test]
        fn a_bounce_names_the_failed_recipient_not_the_quoted_invitation() {
            assert_eq!(
                fixture!("dsn-bounce.eml"),
                Inbound::Bounce {
                    failed: vec![FailedRecipient {
                        address: "gone@example.net".into(),
                        status: "5.1.1".into(),
                    }]
                }
            );
        }

        #[test]
        fn an_out_of_office_answer_is_automatic() {
            assert_eq!(fixture!("out-of-office.eml"), Inbound::AutoReply);
        }

        #[test]
        fn outlook_proposes_a_new_time() {
            let Inbound::Counter(c) = fixture!("outlook-counter.eml") else {
                panic!("not a counter")
            };
            assert_eq!(c.event.uid, UID);
            assert_eq!(c.attendee.as_deref(), Some("bob@example.net"));
            assert_eq!(c.proposed_start.as_deref(), Some("20261214T130000Z"));
            assert_eq!(c.proposed_end.as_deref(), Some("20261214T140000Z"));
        }

        #[test]
        fn a_persons_own_mail_is_human() {
            assert_eq!(fixture!("human-reply.eml"), Inbound::Human);
        }
    }
}
