//! Personal calendar feeds: the hash that opens one, its rotation, and what it shows.

use crate::store::{Connection, Db};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::Error;
pub use super::feed_cache::FeedCache;
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
use crate::store::feeds::{self, FeedHead, FeedInvitee, FeedOwner, FeedRow, FeedScope};
use crate::store::series;

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

/// How a feed presents itself (its meetings' links and fallbacks are the [`FeedCache`]'s).
pub struct FeedLook<'a> {
    pub name: &'a str,
    pub description: &'a str,
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

/// The meeting of a feed being rendered, between its rows (one per invitee).
///
/// The viewer's own one-off meetings, most of a big feed, are written as their rows arrive:
/// they show every invitee and the owner's link, so nothing waits for a later row. Others
/// wait for all their rows: the viewer's own invitation decides the link and whom they see,
/// and a series is written whole.
#[derive(Default)]
struct Pending {
    /// The meeting's VEVENT(s) so far.
    out: IcsWriter,
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
    fn start(&mut self, r: &FeedRow<'_>, owner: &FeedOwner, cache: &FeedCache) {
        self.out.clear();
        self.owned = r.owner == owner.login;
        self.mine = None;
        self.series = None;
        self.people.clear();
        self.answered.clear();
        self.streamed = self.owned && !r.repeats;
        if self.streamed {
            let url = cache.urls.token(r.meeting_id);
            write_event_head(
                &mut self.out,
                &event_fields(r, &url, &cache.organizer_fallback),
            );
            return;
        }
        self.row.keep(r);
        self.all.clear();
        self.own.clear();
    }

    fn attendee(&mut self, i: &FeedInvitee<'_>, owner: &FeedOwner) {
        let a = AttendeeFields {
            email: i.email,
            name: i.name,
            role: i.role,
            partstat: i.partstat,
        };
        if self.streamed {
            write_attendee(&mut self.out, &a);
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

    /// Finishes the meeting and hands over its text. Owners and moderators see every
    /// invitee and their answer; participants see themselves, as in their invitation.
    fn finish(&mut self, cache: &FeedCache) -> Arc<str> {
        if self.streamed {
            self.out.end("VEVENT");
        } else {
            self.write_waiting(cache);
        }
        Arc::from(self.out.as_str())
    }

    /// A meeting that waited for all its rows.
    fn write_waiting(&mut self, cache: &FeedCache) {
        let w = &mut self.out;
        let url = match (&self.mine, self.owned) {
            (Some((_, link)), false) => cache.urls.join(link),
            _ => cache.urls.token(self.row.meeting_id),
        };
        let row = self.row.row(self.series.is_some());
        let fields = event_fields(&row, &url, &cache.organizer_fallback);
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

/// Up to how many changed meetings are read one by one rather than with the whole feed
/// (when they are also at most a sixteenth of it): a meeting read alone costs a few
/// statements, one read with its feed a few rows.
const READ_ALONE: usize = 64;

/// The whole feed as iCalendar text: the meetings whose revision moved since they were last
/// rendered (all of them, the first time) are rendered from the database, the others taken
/// from `cache`.
pub fn render_feed(
    conn: &Connection,
    owner: &FeedOwner,
    now: DateTime<Utc>,
    look: &FeedLook<'_>,
    cache: &FeedCache,
) -> Result<String, Error> {
    let since = now - Duration::days(PAST_DAYS);
    let heads = feeds::feed_heads(conn, &owner.login, &owner.email, since)?;
    let mut parts = cache.lookup(&owner.email, &heads);
    let stale: Vec<usize> = (0..heads.len()).filter(|&k| parts[k].is_none()).collect();
    if !stale.is_empty() {
        let scope = FeedScope::Feed {
            login: &owner.login,
            email: &owner.email,
            since,
        };
        let fresh = render_meetings(conn, owner, scope, &heads, &stale, cache)?;
        for (k, text) in &fresh {
            parts[*k] = Some(Arc::clone(text));
        }
        cache.keep(&owner.email, fresh.into_iter().map(|(k, t)| (&heads[k], t)));
    }
    let size: usize = parts.iter().flatten().map(|p| p.len()).sum();
    let mut w = IcsWriter::with_capacity(size + 16 * 1024);
    begin_feed(&mut w, look.name, look.description);
    for (tz, from, to) in zones(&heads)? {
        write_vtimezone(&mut w, tz, from, to);
    }
    for part in parts.iter().flatten() {
        w.append_lines(part);
    }
    end_calendar(&mut w);
    Ok(w.finish())
}

/// Renders the meetings `heads[k]` for each `k` of `stale`, as `(k, text)`: read one by one
/// when they are few, else with the whole feed (`scope`), skipping the others' rows.
fn render_meetings(
    conn: &Connection,
    owner: &FeedOwner,
    scope: FeedScope<'_>,
    heads: &[FeedHead],
    stale: &[usize],
    cache: &FeedCache,
) -> Result<Vec<(usize, Arc<str>)>, Error> {
    let slot: HashMap<i64, usize> = stale.iter().map(|&k| (heads[k].meeting_id, k)).collect();
    let mut fresh = Vec::with_capacity(stale.len());
    let mut pending = Pending::default();
    // The slot of the meeting being rendered; None while another's rows go by.
    let mut current: Option<usize> = None;
    let mut last: Option<i64> = None;
    let mut row_of = |row: &FeedRow<'_>, invitee: Option<&FeedInvitee<'_>>| -> Result<(), Error> {
        if last != Some(row.meeting_id) {
            if let Some(k) = current.take() {
                fresh.push((k, pending.finish(cache)));
            }
            last = Some(row.meeting_id);
            current = slot.get(&row.meeting_id).copied();
            if current.is_none() {
                return Ok(());
            }
            pending.start(row, owner, cache);
            if row.repeats {
                pending.series = series::fetch_series(conn, row.meeting_id)?;
                pending.answered = series::occurrence_answers_by_email(conn, row.meeting_id)?;
            }
        }
        if let (Some(_), Some(i)) = (current, invitee) {
            pending.attendee(i, owner);
        }
        Ok(())
    };
    if stale.len() <= READ_ALONE && stale.len() * 16 <= heads.len() {
        for &k in stale {
            feeds::for_each_feed_row(conn, FeedScope::Meeting(heads[k].meeting_id), &mut row_of)?;
        }
    } else {
        feeds::for_each_feed_row(conn, scope, &mut row_of)?;
    }
    if let Some(k) = current.take() {
        fresh.push((k, pending.finish(cache)));
    }
    Ok(fresh)
}

/// A zone and the span (first start, last end) its VTIMEZONE must cover.
type ZoneSpan = (Tz, DateTime<Utc>, DateTime<Utc>);

/// The zones of the series in a feed, each with its span, in the zones' name order.
fn zones(heads: &[FeedHead]) -> Result<Vec<ZoneSpan>, Error> {
    let mut spans: BTreeMap<&str, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    for h in heads {
        if let Some(tzid) = &h.tzid {
            let span = spans.entry(tzid).or_insert((h.starts_at, h.ends_at));
            span.0 = span.0.min(h.starts_at);
            span.1 = span.1.max(h.ends_at);
        }
    }
    spans
        .into_iter()
        .map(|(tzid, (from, to))| {
            let tz: Tz = tzid
                .parse()
                .map_err(|_| crate::store::Error::Corrupt(format!("unknown zone {tzid:?}")))?;
            Ok((tz, from, to))
        })
        .collect()
}
