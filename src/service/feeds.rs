//! Personal calendar feeds: the hash that opens one, its rotation, and what it shows.

use crate::store::{Connection, Db};
use chrono::{DateTime, Duration, Utc};

use super::Error;
use crate::auth::Identity;
use crate::domain::notice::Audience;
use crate::domain::recurrence::{Answers, Series};
use crate::domain::{PartStat, Role, hash};
use crate::ical::event::{organizer_email, organizer_name};
use crate::ical::feed::begin_feed;
use crate::ical::vtimezone::write_vtimezone;
use crate::ical::{
    AttendeeFields, EventFields, IcsWriter, SeriesAttendee, end_calendar, write_attendee,
    write_event_head, write_series,
};
use crate::store::feeds::{self, FeedInvitee, FeedOwner, FeedRow};
use crate::store::series;
use crate::urls::Urls;

/// How far back a feed reaches; everything ahead is in it.
pub const PAST_DAYS: i64 = 90;

/// The person's feed hash, created on first use; remembers the address their invitations
/// are matched by.
pub fn ensure_feed(conn: &Connection, who: &Identity, now: DateTime<Utc>) -> Result<String, Error> {
    let current = match feeds::fetch_feed_hash(conn, &who.login)? {
        Some(h) => h,
        None => {
            let h = hash::generate()?;
            feeds::upsert_feed_hash(conn, &who.login, &h, now)?;
            h
        }
    };
    feeds::update_feed_email(conn, &who.login, &who.email)?;
    Ok(current)
}

/// A new hash: the old feed URL stops working at once.
pub fn rotate_feed(conn: &Connection, who: &Identity, now: DateTime<Utc>) -> Result<String, Error> {
    let h = hash::generate()?;
    feeds::upsert_feed_hash(conn, &who.login, &h, now)?;
    feeds::update_feed_email(conn, &who.login, &who.email)?;
    Ok(h)
}

/// Who a feed hash belongs to, with the address to match invitations by (derived from the
/// login like at log-in when the owner never opened their feed page: imported feeds), and
/// how far their feed has changed: what a calendar's poll needs before anything is built.
pub async fn feed_version(
    db: &Db,
    feed_hash: &str,
    mail_domain: &str,
) -> Result<Option<(FeedOwner, i64, Option<DateTime<Utc>>)>, Error> {
    let mail_domain = mail_domain.to_owned();
    Ok(feeds::find_feed_version(db, feed_hash, move |owner| {
        if owner.email.is_empty() {
            owner.email = Identity::from_parts(&owner.login, None, None, &mail_domain)
                .map(|i| i.email)
                .unwrap_or_default();
        }
    })
    .await?)
}

/// How a feed presents itself, and where its links point.
pub struct FeedLook<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub organizer_fallback: &'a str,
    pub urls: &'a Urls,
}

/// A meeting's VEVENT head as a feed shows it: `url` is the viewer's way in.
fn event_fields<'a>(r: &FeedRow<'a>, url: &'a str, fallback: &'a str) -> EventFields<'a> {
    EventFields {
        uid: r.uid,
        sequence: r.sequence,
        // The last revision, so that an unchanged feed is the same bytes.
        dtstamp: r.updated_at,
        created: r.created_at,
        last_modified: r.updated_at,
        start: r.starts_at,
        end: r.ends_at,
        summary: r.subject,
        description: r.description,
        url,
        cancelled: r.cancelled,
        organizer_email: organizer_email(r.owner_email, fallback),
        organizer_name: organizer_name(r.owner_name, r.owner),
    }
}

/// A meeting row kept while its invitee rows arrive; its strings are reused from meeting to
/// meeting.
#[derive(Default)]
struct KeptRow {
    meeting_id: i64,
    uid: String,
    subject: String,
    description: String,
    owner: String,
    owner_email: String,
    owner_name: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    cancelled: bool,
    sequence: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl KeptRow {
    fn keep(&mut self, r: &FeedRow<'_>) {
        fn set(s: &mut String, v: &str) {
            s.clear();
            s.push_str(v);
        }
        self.meeting_id = r.meeting_id;
        set(&mut self.uid, r.uid);
        set(&mut self.subject, r.subject);
        set(&mut self.description, r.description);
        set(&mut self.owner, r.owner);
        set(&mut self.owner_email, r.owner_email);
        set(&mut self.owner_name, r.owner_name);
        self.starts_at = r.starts_at;
        self.ends_at = r.ends_at;
        self.cancelled = r.cancelled;
        self.sequence = r.sequence;
        self.created_at = r.created_at;
        self.updated_at = r.updated_at;
    }

    fn row(&self, repeats: bool) -> FeedRow<'_> {
        FeedRow {
            meeting_id: self.meeting_id,
            uid: &self.uid,
            subject: &self.subject,
            description: &self.description,
            owner: &self.owner,
            owner_email: &self.owner_email,
            owner_name: &self.owner_name,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            cancelled: self.cancelled,
            sequence: self.sequence,
            created_at: self.created_at,
            updated_at: self.updated_at,
            repeats,
        }
    }
}

/// The meeting of a feed being written, between its rows (one per invitee).
///
/// The viewer's own one-off meetings, most of a big feed, are written as their rows arrive:
/// they show every invitee and the owner's link, so nothing waits for a later row. Others
/// wait for all their rows: the viewer's own invitation decides the link and whom they see,
/// and a series is written whole.
#[derive(Default)]
struct Pending {
    id: Option<i64>,
    /// Written as the rows arrive; only `END:VEVENT` is left.
    streamed: bool,
    row: KeptRow,
    owned: bool,
    /// The viewer's own invitation: role and link.
    mine: Option<(Role, String)>,
    /// Attendee lines: everyone's, and the viewer's own.
    all: IcsWriter,
    own: IcsWriter,
    /// A series' rule and exceptions (None: a one-off meeting).
    series: Option<Series>,
    /// A series' attendees (email, name, role) with their answers, to the series and to
    /// single occurrences (override VEVENTs carry those); `own` marks the viewer's entry.
    people: Vec<(String, String, Role, Answers, bool)>,
    /// A series' answers to single occurrences, by invitee address.
    answered: Vec<(String, DateTime<Utc>, PartStat)>,
}

impl Pending {
    /// Begins meeting `r`: written at once when it is the viewer's own one-off meeting.
    fn start(
        &mut self,
        w: &mut IcsWriter,
        r: &FeedRow<'_>,
        owner: &FeedOwner,
        look: &FeedLook<'_>,
    ) {
        self.id = Some(r.meeting_id);
        self.owned = r.owner == owner.login;
        self.mine = None;
        self.series = None;
        self.people.clear();
        self.answered.clear();
        self.streamed = self.owned && !r.repeats;
        if self.streamed {
            let url = look.urls.token(r.meeting_id);
            write_event_head(w, &event_fields(r, &url, look.organizer_fallback));
            return;
        }
        self.row.keep(r);
        self.all.clear();
        self.own.clear();
    }

    fn attendee(&mut self, w: &mut IcsWriter, i: &FeedInvitee<'_>, owner: &FeedOwner) {
        let a = AttendeeFields {
            email: i.email,
            name: i.name,
            role: i.role,
            partstat: i.partstat,
        };
        if self.streamed {
            write_attendee(w, &a);
            return;
        }
        write_attendee(&mut self.all, &a);
        if self.series.is_some() {
            let mut answers = Answers::new(i.partstat);
            for (_, rid, answer) in self.answered.iter().filter(|(e, _, _)| e == i.email) {
                answers.answer(*rid, *answer);
            }
            self.people.push((
                i.email.to_string(),
                i.name.to_string(),
                i.role,
                answers,
                i.email == owner.email,
            ));
        }
        if i.email == owner.email {
            write_attendee(&mut self.own, &a);
            self.mine = Some((i.role, i.hash.to_string()));
        }
    }

    /// Finishes the meeting. Owners and moderators see every invitee and their answer;
    /// participants see themselves, as in their invitation.
    fn write(&self, w: &mut IcsWriter, look: &FeedLook<'_>) {
        let Some(id) = self.id else {
            return;
        };
        if self.streamed {
            w.end("VEVENT");
            return;
        }
        let url = match (&self.mine, self.owned) {
            (Some((_, link)), false) => look.urls.join(link),
            _ => look.urls.token(id),
        };
        let row = self.row.row(self.series.is_some());
        let fields = event_fields(&row, &url, look.organizer_fallback);
        let only_own = match &self.mine {
            Some((role, _)) => !self.owned && !Audience::of_role(*role).sees_all_invitees(),
            None => false,
        };
        let Some(series) = &self.series else {
            write_event_head(w, &fields);
            w.append(if only_own { &self.own } else { &self.all });
            w.end("VEVENT");
            return;
        };
        // A series as every calendar of jmb writes it: the master in its zone, then an
        // override per moved occurrence and per occurrence someone shown answered otherwise.
        let attendees: Vec<SeriesAttendee<'_>> = self
            .people
            .iter()
            .filter(|p| p.4 || !only_own)
            .map(|(email, name, role, answers, _)| SeriesAttendee {
                attendee: AttendeeFields {
                    email,
                    name,
                    role: *role,
                    partstat: answers.series,
                },
                answers,
            })
            .collect();
        write_series(w, &fields, series, &attendees);
    }
}

/// The whole feed as iCalendar text, written while its rows stream from the database.
pub fn render_feed(
    conn: &Connection,
    owner: &FeedOwner,
    now: DateTime<Utc>,
    look: &FeedLook<'_>,
) -> Result<String, Error> {
    let since = now - Duration::days(PAST_DAYS);
    let mut w = IcsWriter::with_capacity(64 * 1024);
    begin_feed(&mut w, look.name, look.description);
    for (tz, from, to) in series::feed_zones(conn, &owner.login, &owner.email, since)? {
        write_vtimezone(&mut w, tz, from, to);
    }
    let mut pending = Pending::default();
    feeds::for_each_feed_row(
        conn,
        &owner.login,
        &owner.email,
        since,
        |row, invitee| -> Result<(), Error> {
            if pending.id != Some(row.meeting_id) {
                pending.write(&mut w, look);
                pending.start(&mut w, row, owner, look);
                if row.repeats {
                    pending.series = series::fetch_series(conn, row.meeting_id)?;
                    pending.answered = series::occurrence_answers_by_email(conn, row.meeting_id)?;
                }
            }
            if let Some(i) = invitee {
                pending.attendee(&mut w, i, owner);
            }
            Ok(())
        },
    )?;
    pending.write(&mut w, look);
    end_calendar(&mut w);
    Ok(w.finish())
}
