//! Turning a notice into a complete message: words for the case, the recipient's own links,
//! a text and an HTML alternative, and the iTIP calendar part.

use std::time::SystemTime;

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use lettre::message::header::{ContentDisposition, ContentType};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::Error;
use crate::config::Config;
use crate::domain::notice::{Audience, MailEvent, Notice, Recipient};
use crate::domain::outreach::OutreachLimit;
use crate::domain::recurrence::{Occurrence, Series};
use crate::domain::text::strip_bidi;
use crate::domain::{Invitee, Meeting, PartStat, hash};
use crate::i18n::{Arg, Language, Tr};
use crate::ical::series::{occurrence_calendar_of, series_calendar_of};
use crate::ical::{EventFields, Method, itip_calendar};
use crate::mail::inbound::{ReplyAddress, ReplyToken};
use crate::store::outbox::NewMail;
use crate::urls::Urls;

/// A series and its answers to single occurrences (invitee id, RECURRENCE-ID, answer), which
/// its calendar parts carry as overrides: a REQUEST without them would make the invitee's
/// calendar forget a date they declined alone.
pub type SeriesAnswers<'a> = (&'a Series, &'a [(i64, DateTime<Utc>, PartStat)]);

/// A button (or a plain link in the text part).
pub struct Action {
    pub label: String,
    pub url: String,
    pub primary: bool,
}

/// Everything the two mail templates show.
pub struct MailContent {
    pub lang: &'static str,
    pub title: String,
    pub greeting: String,
    pub intro: String,
    pub note: String,
    pub details: Vec<(String, String)>,
    pub description_label: String,
    pub description: String,
    pub invitees_label: String,
    pub invitees: Vec<String>,
    pub actions: Vec<Action>,
    pub answer_hint: String,
    pub answer_actions: Vec<Action>,
    pub private_note: String,
    pub footer: String,
}

#[derive(Template)]
#[template(path = "mail/meeting.txt")]
struct MeetingMailText<'a> {
    m: &'a MailContent,
}

#[derive(Template)]
#[template(path = "mail/meeting.html")]
struct MeetingMailHtml<'a> {
    m: &'a MailContent,
}

/// Builds messages; one per application, from the configuration.
#[derive(Clone)]
pub struct Composer {
    from: Mailbox,
    envelope_from: Address,
    urls: Urls,
    /// `server.language`: the language of mails to people whose own jmb does not know.
    language: Language,
    tz: Tz,
    tz_name: String,
    host: String,
    outreach: OutreachLimit,
    answer_delay: chrono::Duration,
    /// `mail.reply_address`: where invitees' calendar clients answer, one token each.
    reply_address: Option<ReplyAddress>,
}

impl Composer {
    pub fn new(config: &Config) -> Result<Composer, Error> {
        let from: Mailbox = config
            .mail
            .from
            .parse()
            .map_err(|e| Error::Address(format!("mail.from: {e}")))?;
        let envelope_from = if config.mail.envelope_from.is_empty() {
            from.email.clone()
        } else {
            config
                .mail
                .envelope_from
                .parse()
                .map_err(|e| Error::Address(format!("mail.envelope_from: {e}")))?
        };
        let urls = Urls::new(&config.server.public_url);
        let reply_address = config
            .reply_address()
            .map_err(|e| Error::Address(format!("mail.reply_address: {e}")))?;
        Ok(Composer {
            reply_address,
            from,
            envelope_from,
            host: urls.host(),
            urls,
            language: config.server.language,
            tz: config.time_zone(),
            tz_name: config.server.time_zone.clone(),
            outreach: OutreachLimit {
                max_per_hour: config.booking.max_external_invitations_per_hour,
                internal_domains: config.internal_domains(),
            },
            answer_delay: chrono::Duration::minutes(i64::from(config.mail.answer_notice_delay_min)),
        })
    }

    /// How much mail to outside addresses an organiser may cause.
    pub fn outreach(&self) -> &OutreachLimit {
        &self.outreach
    }

    /// How long news of an answer waits for the answers that follow.
    pub fn answer_delay(&self) -> chrono::Duration {
        self.answer_delay
    }

    /// Whether invitees' mails carry a reply address (each needs its token).
    pub fn takes_replies(&self) -> bool {
        self.reply_address.is_some()
    }

    pub fn envelope_from(&self) -> &Address {
        &self.envelope_from
    }

    /// A short plain message for `jmb send-test-mail`.
    pub fn test_message(&self, to: &str) -> Result<Vec<u8>, Error> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| Error::Address(format!("{to}: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(format!(
                "{}: test message",
                Tr::new(self.language).get("app-name")
            ))
            .message_id(Some(format!(
                "<test.{}@{}>",
                hash::random_alnum(20)?,
                self.host
            )))
            .body(format!(
                "This message was sent by `jmb send-test-mail` from {}.\n",
                self.urls.base()
            ))
            .map_err(|e| Error::Build(e.to_string()))?;
        Ok(message.formatted())
    }

    /// The language of mails to people jmb knows nothing about.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The message for `notice`, in `lang` (the recipient's, when known; else
    /// `server.language`), or `None` when its recipient has no address.
    pub fn compose(
        &self,
        meeting: &Meeting,
        invitees: &[Invitee],
        notice: &Notice,
        lang: Option<Language>,
        now: DateTime<Utc>,
    ) -> Result<Option<NewMail>, Error> {
        self.compose_for(meeting, None, invitees, notice, lang, None, now)
    }

    /// [`Composer::compose`] for a meeting that may be a series (its invitation is the series:
    /// VTIMEZONE, master with RRULE and EXDATEs, overrides, with the answers to single
    /// occurrences of [`SeriesAnswers`]; its cancellation the master's) and
    /// for an invitee with a `reply` token: with `mail.reply_address` set, the calendar part's
    /// ORGANIZER and the envelope sender are the tokened address, so that calendar answers and
    /// bounces come back to jmb. Replies a person writes still go to the owner (`Reply-To`).
    #[allow(clippy::too_many_arguments)]
    pub fn compose_for(
        &self,
        meeting: &Meeting,
        series: Option<SeriesAnswers<'_>>,
        invitees: &[Invitee],
        notice: &Notice,
        lang: Option<Language>,
        reply: Option<&ReplyToken>,
        now: DateTime<Utc>,
    ) -> Result<Option<NewMail>, Error> {
        let tokened = match (&self.reply_address, reply, &notice.to) {
            (Some(address), Some(token), Recipient::Invitee(_)) => Some(address.for_token(token)),
            _ => None,
        };
        let t = Tr::new(lang.unwrap_or(self.language));
        let (to_address, to_name) = match &notice.to {
            Recipient::Owner => (meeting.owner_email.as_str(), owner_name(meeting)),
            Recipient::Invitee(i) => (i.email.as_str(), i.name.clone()),
        };
        let to_name = strip_bidi(&to_name).into_owned();
        if to_address.is_empty() {
            return Ok(None);
        }
        let to: Address = to_address
            .parse()
            .map_err(|e| Error::Address(format!("{to_address}: {e}")))?;
        // A mail about one occurrence (or a reminder of one) names it and gives its own times,
        // in the series' zone.
        let occurrence = notice.event.names_occurrence().and_then(|id| {
            let (s, _) = series?;
            let o = s.schedule().into_iter().find(|o| o.id == id)?;
            Some((o, s.tz))
        });
        let content = self.content(t, meeting, invitees, notice, occurrence);
        let text = MeetingMailText { m: &content }.render()?;
        let html = MeetingMailHtml { m: &content }.render()?;
        let alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(text))
            .singlepart(SinglePart::html(html));
        let body = match self.calendar(meeting, series, invitees, notice, tokened.as_deref(), now) {
            Some((method, ics)) => {
                let calendar_type = ContentType::parse(&format!(
                    "text/calendar; charset=utf-8; method={}",
                    method.as_str()
                ))
                .map_err(|e| Error::Build(e.to_string()))?;
                MultiPart::mixed()
                    .multipart(
                        alternative.singlepart(
                            SinglePart::builder()
                                .content_type(calendar_type.clone())
                                .body(ics.clone()),
                        ),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .content_type(calendar_type)
                            .header(ContentDisposition::attachment("invite.ics"))
                            .body(ics),
                    )
            }
            None => alternative,
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(
                (!to_name.trim().is_empty()).then(|| to_name.clone()),
                to.clone(),
            ))
            .subject(content.title.clone())
            .date(SystemTime::from(now))
            .message_id(Some(format!(
                "<{}.{}@{}>",
                notice.kind().replace('/', "."),
                hash::random_alnum(20)?,
                self.host
            )))
            .header(ContentLanguage(t.tag().to_string()));
        if let Some(reply_to) = self.owner_mailbox(meeting)
            && notice.to != Recipient::Owner
        {
            builder = builder.reply_to(reply_to);
        }
        let message = builder
            .multipart(body)
            .map_err(|e| Error::Build(e.to_string()))?;
        Ok(Some(NewMail {
            kind: notice.kind(),
            meeting_id: Some(meeting.id),
            recipient: to.to_string(),
            envelope_from: tokened.unwrap_or_else(|| self.envelope_from.to_string()),
            message: message.formatted(),
        }))
    }

    /// A message that came to an invitee's reply address and is for the owner to read (a
    /// proposal of another time, a person's own words), forwarded with the original
    /// attached as it came; `None` when the owner has no address.
    pub fn forward_to_owner(
        &self,
        meeting: &Meeting,
        raw: &[u8],
        counter: bool,
        lang: Option<Language>,
        now: DateTime<Utc>,
    ) -> Result<Option<NewMail>, Error> {
        let Some(owner) = self.owner_mailbox(meeting) else {
            return Ok(None);
        };
        let t = Tr::new(lang.unwrap_or(self.language));
        let kind = if counter { "counter" } else { "other" };
        let args = [
            ("kind", kind.into()),
            ("subject", strip_bidi(&meeting.subject).into_owned().into()),
        ];
        let subject = t.with("mail-forward-subject", &args);
        let text = format!(
            "{}\n\n{}\n",
            t.with("mail-forward-body", &args),
            self.urls.token(meeting.id)
        );
        let original = Attachment::new("message.eml".to_string()).body(
            raw.to_vec(),
            ContentType::parse("message/rfc822").map_err(|e| Error::Build(e.to_string()))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(owner.clone())
            .subject(subject)
            .date(SystemTime::from(now))
            .message_id(Some(format!(
                "<forward.{}@{}>",
                hash::random_alnum(20)?,
                self.host
            )))
            .header(ContentLanguage(t.tag().to_string()))
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(text))
                    .singlepart(original),
            )
            .map_err(|e| Error::Build(e.to_string()))?;
        Ok(Some(NewMail {
            kind: format!("forward/{kind}"),
            meeting_id: Some(meeting.id),
            recipient: owner.email.to_string(),
            envelope_from: self.envelope_from.to_string(),
            message: message.formatted(),
        }))
    }

    fn owner_mailbox(&self, meeting: &Meeting) -> Option<Mailbox> {
        let address: Address = meeting.owner_email.parse().ok()?;
        let name = owner_name(meeting);
        Some(Mailbox::new((!name.is_empty()).then_some(name), address))
    }

    /// The calendar part: REQUEST for what stands, CANCEL for what is gone; answer mails to
    /// the owner carry none (a REPLY must come from the attendee's own client).
    fn calendar(
        &self,
        meeting: &Meeting,
        series: Option<SeriesAnswers<'_>>,
        invitees: &[Invitee],
        notice: &Notice,
        organizer: Option<&str>,
        now: DateTime<Utc>,
    ) -> Option<(Method, String)> {
        if notice.event.is_answer() {
            return None;
        }
        let method = if notice.event.cancels() {
            Method::Cancel
        } else {
            Method::Request
        };
        // A CANCEL to one person taken off the list names only them (RFC 5546 §3.2.5), and
        // participants, often outside the organisation, do not get everyone's address.
        let only_them;
        let attendees = match &notice.to {
            Recipient::Invitee(i)
                if notice.event == MailEvent::Removed
                    || !notice.to.audience().sees_all_invitees() =>
            {
                only_them = [i.clone()];
                &only_them[..]
            }
            _ => invitees,
        };
        let url = self.viewer_url(meeting, &notice.to);
        let mut event = EventFields::of(
            meeting,
            &url,
            self.envelope_from.as_ref(),
            now,
            notice.event.cancels(),
        );
        if let Some(address) = organizer {
            event.organizer_email = address;
        }
        // One occurrence: its own REQUEST or CANCEL with RECURRENCE-ID (RFC 5546 §3.2), not
        // the whole series again; never, without its series, a CANCEL of the whole meeting.
        if let Some(id) = notice.event.occurrence() {
            let (series, answered) = series?;
            return occurrence_calendar_of(method, &event, series, id, attendees, answered)
                .map(|ics| (method, ics));
        }
        let Some((series, answered)) = series else {
            return Some((method, itip_calendar(method, &event, attendees)));
        };
        Some((
            method,
            series_calendar_of(Some(method), &event, series, attendees, answered),
        ))
    }

    /// The recipient's own way into the room.
    fn viewer_url(&self, meeting: &Meeting, to: &Recipient) -> String {
        match to {
            Recipient::Owner => self.urls.token(meeting.id),
            Recipient::Invitee(i) => self.urls.join(&i.hash),
        }
    }

    fn content(
        &self,
        t: Tr,
        meeting: &Meeting,
        invitees: &[Invitee],
        notice: &Notice,
        occurrence: Option<(Occurrence, Tz)>,
    ) -> MailContent {
        let audience = notice.to.audience();
        let case = case_id(notice.event, audience);
        let subject = strip_bidi(&meeting.subject);
        let owner = owner_name(meeting);
        let about = notice.about.as_ref().map(person).unwrap_or_default();
        // Every case gets every argument; each message uses those it needs. User data is
        // only ever an argument, never part of a message, so it comes out literally.
        let mut args: Vec<Arg> = vec![
            ("subject", subject.as_ref().into()),
            ("owner", owner.as_str().into()),
            ("name", about.as_str().into()),
        ];
        match notice.event {
            MailEvent::Reminder { minutes, .. } => {
                args.push(("when", lead_time(t, minutes).into()))
            }
            MailEvent::Answers { count } => args.push(("count", count.into())),
            MailEvent::Answer(answer) | MailEvent::OccurrenceAnswer { answer, .. } => {
                args.push(("answer", answer.as_str().into()))
            }
            _ => {}
        }
        if let Some((o, tz)) = occurrence {
            args.push(("occurrence", t.datetime(o.id, tz).into()));
        }
        let gone = notice.event.cancels();
        let (starts_at, ends_at, duration_min, tz, tz_name) = match occurrence {
            Some((o, tz)) => (
                o.starts_at,
                o.ends_at,
                (o.ends_at - o.starts_at).num_minutes(),
                tz,
                tz.name(),
            ),
            None => (
                meeting.starts_at,
                meeting.ends_at,
                i64::from(meeting.duration_min),
                self.tz,
                self.tz_name.as_str(),
            ),
        };
        let when = t.with(
            "mail-when-value",
            &[
                ("start", t.datetime(starts_at, tz).into()),
                ("end", t.clock(ends_at, tz).into()),
                ("tz", tz_name.into()),
            ],
        );
        let mut details = vec![
            (t.get("mail-subject"), subject.to_string()),
            (t.get("mail-organiser"), owner_line(meeting)),
            (t.get("mail-when"), when),
            (
                t.get("mail-duration"),
                t.with("mail-duration-value", &[("minutes", duration_min.into())]),
            ),
        ];
        if let Recipient::Invitee(i) = &notice.to
            && !gone
        {
            details.push((t.get("mail-your-role"), t.role(i.role)));
        }
        // Owners and moderators see who else is invited, and their answers.
        let invitees_shown = if !gone && audience.sees_all_invitees() {
            invitees
                .iter()
                .map(|i| {
                    t.with(
                        "mail-invitee-line",
                        &[
                            ("person", person(i).into()),
                            ("role", t.role(i.role).into()),
                            ("answer", t.partstat(i.partstat).into()),
                        ],
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let (actions, answer_actions) = self.actions(t, meeting, notice);
        let note = match notice.event {
            MailEvent::Update | MailEvent::RoleChanged | MailEvent::OccurrenceMoved { .. }
                if audience != Audience::Owner =>
            {
                t.get("mail-replaces-previous")
            }
            _ => String::new(),
        };
        MailContent {
            lang: t.tag(),
            title: t.with(&format!("{case}.subject"), &args),
            greeting: t.get("mail-greeting"),
            intro: t.with(&format!("{case}.intro"), &args),
            note,
            details,
            description_label: t.get("mail-description"),
            description: if gone {
                String::new()
            } else {
                crate::ical::clean_text(&meeting.description)
            },
            invitees_label: t.get("mail-invitees"),
            invitees: invitees_shown,
            private_note: if matches!(notice.to, Recipient::Invitee(_)) && !gone {
                t.get("mail-personal-link")
            } else {
                String::new()
            },
            actions,
            answer_hint: t.get("mail-answer-hint"),
            answer_actions,
            footer: t.with(
                "mail-footer",
                &[
                    ("app", t.get("app-name").into()),
                    ("url", self.urls.base().into()),
                ],
            ),
        }
    }

    fn actions(&self, t: Tr, meeting: &Meeting, notice: &Notice) -> (Vec<Action>, Vec<Action>) {
        let action = |id: &str, url: String, primary: bool| Action {
            label: t.get(id),
            url,
            primary,
        };
        match (&notice.to, notice.event) {
            (_, MailEvent::Cancel | MailEvent::Removed | MailEvent::OccurrenceCancelled { .. }) => {
                (Vec::new(), Vec::new())
            }
            (
                Recipient::Owner,
                MailEvent::Answer(_)
                | MailEvent::Answers { .. }
                | MailEvent::OccurrenceAnswer { .. },
            ) => (
                vec![action(
                    "mail-see-meeting",
                    self.urls.meeting(meeting.id),
                    true,
                )],
                Vec::new(),
            ),
            (Recipient::Owner, _) => (
                vec![
                    action("mail-start", self.urls.token(meeting.id), true),
                    action("mail-manage", self.urls.meeting(meeting.id), false),
                ],
                Vec::new(),
            ),
            (Recipient::Invitee(i), event) => {
                let answers = if matches!(event, MailEvent::Reminder { .. }) {
                    Vec::new()
                } else {
                    let page = self.urls.invitation(&i.hash);
                    vec![
                        action("mail-accept", format!("{page}?answer=accept"), false),
                        action("mail-decline", format!("{page}?answer=decline"), false),
                    ]
                };
                (
                    vec![
                        action("mail-join", self.urls.join(&i.hash), true),
                        action(
                            "mail-add-to-calendar",
                            self.urls.meeting_ics(&i.hash),
                            false,
                        ),
                    ],
                    answers,
                )
            }
        }
    }
}

/// The message of one case (what happened × who reads it) in `locales/*/mail.ftl`.
fn case_id(event: MailEvent, audience: Audience) -> &'static str {
    use Audience::{Moderator, Owner, Participant};
    match (event, audience) {
        (MailEvent::New, Owner) => "mail-new-owner",
        (MailEvent::New, Participant) => "mail-new-participant",
        (MailEvent::New, Moderator) => "mail-new-moderator",
        (MailEvent::Update, Owner) => "mail-update-owner",
        (MailEvent::Update, Participant) => "mail-update-participant",
        (MailEvent::Update, Moderator) => "mail-update-moderator",
        (MailEvent::Cancel, Owner) => "mail-cancel-owner",
        (MailEvent::Cancel, Participant) => "mail-cancel-participant",
        (MailEvent::Cancel, Moderator) => "mail-cancel-moderator",
        (MailEvent::Removed, _) => "mail-removed",
        (MailEvent::RoleChanged, Moderator) => "mail-role-moderator",
        (MailEvent::RoleChanged, _) => "mail-role-participant",
        (MailEvent::Answer(_), _) => "mail-answer",
        (MailEvent::Answers { .. }, _) => "mail-answers",
        (MailEvent::Reminder { .. }, Owner) => "mail-reminder-owner",
        (MailEvent::Reminder { .. }, Participant) => "mail-reminder-participant",
        (MailEvent::Reminder { .. }, Moderator) => "mail-reminder-moderator",
        (MailEvent::OccurrenceCancelled { .. }, Owner) => "mail-occurrence-cancel-owner",
        (MailEvent::OccurrenceCancelled { .. }, _) => "mail-occurrence-cancel-invitee",
        (MailEvent::OccurrenceMoved { .. }, Owner) => "mail-occurrence-move-owner",
        (MailEvent::OccurrenceMoved { .. }, _) => "mail-occurrence-move-invitee",
        (MailEvent::OccurrenceAnswer { .. }, _) => "mail-occurrence-answer",
    }
}

/// "in 10 minutes", "in 1 hour", "in 7 days" (reminders): the largest whole unit.
fn lead_time(t: Tr, minutes: u32) -> String {
    let (n, unit) = if minutes >= 1440 && minutes.is_multiple_of(1440) {
        (minutes / 1440, "days")
    } else if minutes >= 60 && minutes.is_multiple_of(60) {
        (minutes / 60, "hours")
    } else {
        (minutes, "minutes")
    };
    t.with("mail-lead-time", &[("n", n.into()), ("unit", unit.into())])
}

/// `Content-Language` (RFC 3282), which lettre does not define.
#[derive(Clone)]
struct ContentLanguage(String);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim().to_string()))
    }

    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), self.0.clone())
    }
}

// Names and subjects are cleaned as they come in, but stored ones may predate that or come
// from a directory, an SSO header or an import: none carries a directional override into a
// mail (headers and text alike).

fn owner_name(meeting: &Meeting) -> String {
    if meeting.owner_name.trim().is_empty() {
        meeting.owner.clone()
    } else {
        strip_bidi(&meeting.owner_name).into_owned()
    }
}

fn owner_line(meeting: &Meeting) -> String {
    if meeting.owner_email.is_empty() {
        owner_name(meeting)
    } else {
        format!("{} <{}>", owner_name(meeting), meeting.owner_email)
    }
}

fn person(i: &Invitee) -> String {
    if i.name.trim().is_empty() {
        i.email.clone()
    } else {
        format!("{} <{}>", strip_bidi(&i.name), i.email)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::on_create;
    use crate::domain::{MeetingStatus, PartStat, Role};
    use chrono::{Duration, TimeZone};

    #[test]
    fn stored_names_and_subjects_lose_directional_overrides_in_headers_and_calendar() {
        // As data imported from the old JMB or named by a directory may still be.
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let meeting = Meeting {
            id: 1,
            uid: "u@x".into(),
            room: "r".into(),
            subject: "Invoice \u{202E}fdp.exe".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "\u{2066}Alice\u{2069}".into(),
            starts_at: start,
            duration_min: 60,
            ends_at: start + Duration::minutes(60),
            status: MeetingStatus::Scheduled,
            sequence: 0,
            created_at: start,
            updated_at: start,
        };
        let ann = Invitee {
            id: 7,
            meeting_id: 1,
            email: "ann@example.net".into(),
            name: "Ann \u{202E}nimda".into(),
            role: Role::Moderator,
            hash: "h".into(),
            partstat: PartStat::NeedsAction,
            answered_at: None,
        };
        let composer = Composer::new(&Config::default()).unwrap();
        let notices = on_create(std::slice::from_ref(&ann));
        let mail = composer
            .compose(&meeting, &[ann], &notices[1], None, start)
            .unwrap()
            .unwrap();
        let text = String::from_utf8(mail.message).unwrap();
        assert!(
            !text.chars().any(crate::domain::text::is_bidi_control),
            "{text}"
        );
        assert!(text.contains("Ann nimda <ann@example.net>"), "{text}");
        assert!(text.contains("Alice <alice@example.org>"), "{text}");
    }

    #[test]
    fn a_mail_about_one_occurrence_never_cancels_the_whole_meeting_without_its_series() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let meeting = Meeting {
            id: 1,
            uid: "u@x".into(),
            room: "r".into(),
            subject: "Seminar".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "Alice".into(),
            starts_at: start,
            duration_min: 60,
            ends_at: start + Duration::minutes(60),
            status: MeetingStatus::Scheduled,
            sequence: 1,
            created_at: start,
            updated_at: start,
        };
        let composer = Composer::new(&Config::default()).unwrap();
        let notices =
            crate::domain::notice::on_occurrence(MailEvent::OccurrenceCancelled { id: start }, &[]);
        let mail = composer
            .compose_for(&meeting, None, &[], &notices[0], None, None, start)
            .unwrap()
            .unwrap();
        let text = String::from_utf8(mail.message).unwrap();
        assert!(!text.contains("text/calendar"), "{text}");
        assert_eq!(mail.kind, "occurrence-cancel/owner");
    }

    #[test]
    fn lead_times_read_naturally() {
        let en = Tr::new(Language::ENGLISH);
        let fr = Tr::new(Language::from_tag("fr").unwrap());
        assert_eq!(lead_time(en, 10), "in 10 minutes");
        assert_eq!(lead_time(en, 60), "in 1 hour");
        assert_eq!(lead_time(en, 1440), "in 1 day");
        assert_eq!(lead_time(fr, 10080), "dans 7 jours");
        assert_eq!(lead_time(fr, 90), "dans 90 minutes");
    }
}
