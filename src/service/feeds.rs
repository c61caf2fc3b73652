//! Personal calendar feeds: the hash that opens one, its rotation, and what it shows.

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use super::Error;
use crate::auth::Identity;
use crate::domain::{Invitee, Meeting, Role, hash};
use crate::store::feeds::{self, FeedOwner};

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
/// login like at log-in when the owner never opened their feed page: imported feeds).
pub fn feed_owner(
    conn: &Connection,
    feed_hash: &str,
    mail_domain: &str,
) -> Result<Option<FeedOwner>, Error> {
    Ok(feeds::fetch_feed(conn, feed_hash)?.map(|mut owner| {
        if owner.email.is_empty() {
            owner.email = Identity::from_parts(&owner.login, None, None, mail_domain)
                .map(|i| i.email)
                .unwrap_or_default();
        }
        owner
    }))
}

/// One meeting of a feed, as its viewer may see it.
pub struct FeedEntry {
    pub meeting: Meeting,
    pub attendees: Vec<Invitee>,
    /// The viewer's own invitation, unless they own the meeting.
    pub mine: Option<Invitee>,
}

/// The feed's meetings. Owners and moderators see every invitee and their answer;
/// participants see themselves, as in their invitation.
pub fn feed_entries(
    conn: &Connection,
    owner: &FeedOwner,
    now: DateTime<Utc>,
) -> Result<Vec<FeedEntry>, Error> {
    let since = now - Duration::days(PAST_DAYS);
    let rows = feeds::list_feed_meetings(conn, &owner.login, &owner.email, since)?;
    Ok(rows
        .into_iter()
        .map(|(meeting, invitees)| {
            if meeting.owner == owner.login {
                return FeedEntry {
                    meeting,
                    attendees: invitees,
                    mine: None,
                };
            }
            let mine = invitees.iter().find(|i| i.email == owner.email).cloned();
            let attendees = match &mine {
                Some(me) if me.role == Role::Participant => vec![me.clone()],
                _ => invitees,
            };
            FeedEntry {
                meeting,
                attendees,
                mine,
            }
        })
        .collect())
}
