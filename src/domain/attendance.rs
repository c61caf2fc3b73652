//! Who came and for how long: occupants matched to the people of a meeting, and their stays
//! in the rooms summed per person.

use chrono::{DateTime, Utc};

use super::invitee::{Invitee, display_name_for};
use super::room_event::Occupant;

/// One person across stays, as a stable key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    Invitee(i64),
    Owner,
    /// A token holder jmb did not invite (another issuer, or an invitee since removed).
    Mail(String),
    /// A token with an id but no mail.
    TokenId(String),
    /// No token: an anonymous session, known only by its bare JID.
    Guest(String),
}

impl Person {
    pub fn key(&self) -> String {
        match self {
            Person::Invitee(id) => format!("invitee:{id}"),
            Person::Owner => "owner".into(),
            Person::Mail(m) => format!("mail:{m}"),
            Person::TokenId(id) => format!("id:{id}"),
            Person::Guest(jid) => format!("guest:{jid}"),
        }
    }

    pub fn is_guest_key(key: &str) -> bool {
        key.starts_with("guest:")
    }
}

/// The meeting's side of the match.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    pub owner_login: &'a str,
    pub owner_email: &'a str,
    pub owner_name: &'a str,
    /// The invitee whose mail is the occupant's, if any.
    pub by_email: Option<&'a Invitee>,
    /// The invitee whose id is the occupant's `id` claim, if any.
    pub by_id: Option<&'a Invitee>,
}

/// An occupant once matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identified {
    pub person: Person,
    pub invitee_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub moderator: bool,
}

/// Invitees are found by the mail in their token, or by its `id` claim when it has no mail
/// (jmb puts the invitee id there, and the owner's login for the owner).
pub fn identify(occupant: &Occupant, known: Known<'_>) -> Identified {
    let email = occupant.email.trim().to_lowercase();
    let id = occupant.id.trim();
    let is_owner_mail = !email.is_empty() && email == known.owner_email.to_lowercase();
    // A token with a mail that is no invitee's is someone else's, whatever its id says.
    let invitee = if email.is_empty() {
        known.by_id
    } else {
        known.by_email
    };
    let hint = occupant.moderator.unwrap_or(false);
    let (person, invitee_id, moderator, fallback_name, mail) = if let Some(i) = invitee {
        (
            Person::Invitee(i.id),
            Some(i.id),
            i.role.is_moderator() || is_owner_mail || hint,
            i.display_name(),
            i.email.clone(),
        )
    } else if is_owner_mail || (!id.is_empty() && id == known.owner_login) {
        (
            Person::Owner,
            None,
            true,
            display_name_for(known.owner_name, known.owner_email),
            known.owner_email.to_lowercase(),
        )
    } else if !email.is_empty() {
        let name = display_name_for("", &email);
        (Person::Mail(email.clone()), None, hint, name, email)
    } else if !id.is_empty() {
        (
            Person::TokenId(id.to_string()),
            None,
            hint,
            String::new(),
            email,
        )
    } else {
        (
            Person::Guest(occupant.bare_jid().to_string()),
            None,
            hint,
            String::new(),
            String::new(),
        )
    };
    let name = occupant.name.trim();
    Identified {
        person,
        invitee_id,
        name: if name.is_empty() {
            fallback_name
        } else {
            name.to_string()
        },
        email: mail,
        moderator,
    }
}

/// One stay of one person in one room, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stay {
    pub person_key: String,
    pub name: String,
    pub email: String,
    pub moderator: bool,
    pub invitee_id: Option<i64>,
    /// Empty for the main room.
    pub breakout: String,
    pub joined_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    /// The occurrence of a series it belongs to (its RECURRENCE-ID).
    pub occurrence: Option<DateTime<Utc>>,
}

/// One line of the attendance list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The name from the token or the invitation; empty for guests.
    pub name: String,
    /// Guests are numbered in order of arrival (1, 2, …); 0 for everyone else.
    pub guest_number: u32,
    pub email: Option<String>,
    pub moderator: bool,
    pub invitee_id: Option<i64>,
    pub first_joined_at: DateTime<Utc>,
    /// `None` while the person is still in a room.
    pub last_left_at: Option<DateTime<Utc>>,
    /// Time in any room of the meeting, overlaps (two devices, a move to a breakout room)
    /// counted once.
    pub seconds_present: i64,
    pub stays: Vec<Stay>,
}

impl Attendee {
    pub fn is_present(&self) -> bool {
        self.last_left_at.is_none()
    }
}

/// Groups stays per person, in order of first arrival. Stays still open count up to `now`.
pub fn summarise(mut stays: Vec<Stay>, now: DateTime<Utc>) -> Vec<Attendee> {
    stays.sort_by(|a, b| {
        (a.joined_at, &a.person_key, a.left_at).cmp(&(b.joined_at, &b.person_key, b.left_at))
    });
    let mut order: Vec<String> = Vec::new();
    let mut groups: std::collections::HashMap<String, Vec<Stay>> = Default::default();
    for stay in stays {
        if !groups.contains_key(&stay.person_key) {
            order.push(stay.person_key.clone());
        }
        groups
            .entry(stay.person_key.clone())
            .or_default()
            .push(stay);
    }
    let mut guests = 0;
    order
        .into_iter()
        .filter_map(|key| groups.remove(&key).map(|stays| (key, stays)))
        .filter_map(|(key, stays)| {
            let first = stays.first()?.clone();
            let guest_number = if Person::is_guest_key(&key) {
                guests += 1;
                guests
            } else {
                0
            };
            let still_here = stays.iter().any(|s| s.left_at.is_none());
            let last_left_at = if still_here {
                None
            } else {
                stays.iter().filter_map(|s| s.left_at).max()
            };
            let name = stays
                .iter()
                .map(|s| s.name.as_str())
                .find(|n| !n.is_empty())
                .unwrap_or("")
                .to_string();
            let email = stays
                .iter()
                .map(|s| s.email.as_str())
                .find(|e| !e.is_empty())
                .map(str::to_string);
            Some(Attendee {
                name,
                guest_number,
                email,
                moderator: stays.iter().any(|s| s.moderator),
                invitee_id: stays.iter().find_map(|s| s.invitee_id),
                first_joined_at: first.joined_at,
                last_left_at,
                seconds_present: union_seconds(&stays, now),
                stays,
            })
        })
        .collect()
}

/// Length of the union of the stays' intervals, in seconds; `stays` sorted by `joined_at`.
fn union_seconds(stays: &[Stay], now: DateTime<Utc>) -> i64 {
    let mut total = 0;
    let mut current: Option<(DateTime<Utc>, DateTime<Utc>)> = None;
    for s in stays {
        let end = s.left_at.unwrap_or(now).max(s.joined_at);
        current = match current {
            Some((start, stop)) if s.joined_at <= stop => Some((start, stop.max(end))),
            Some((start, stop)) => {
                total += (stop - start).num_seconds();
                Some((s.joined_at, end))
            }
            None => Some((s.joined_at, end)),
        };
    }
    if let Some((start, stop)) = current {
        total += (stop - start).num_seconds();
    }
    total
}

/// `1:02:03` for 3723 seconds.
pub fn format_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{PartStat, Role};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn t(min: i64, sec: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
            + Duration::minutes(min)
            + Duration::seconds(sec)
    }

    fn invitee(id: i64, email: &str, role: Role) -> Invitee {
        Invitee {
            id,
            meeting_id: 1,
            email: email.into(),
            name: format!("Invitee {id}"),
            role,
            hash: String::new(),
            partstat: PartStat::NeedsAction,
            answered_at: None,
        }
    }

    fn known<'a>(by_email: Option<&'a Invitee>, by_id: Option<&'a Invitee>) -> Known<'a> {
        Known {
            owner_login: "alice",
            owner_email: "alice@example.org",
            owner_name: "Alice",
            by_email,
            by_id,
        }
    }

    fn occupant(email: &str, id: &str, name: &str) -> Occupant {
        Occupant {
            jid: "abc@meet.example.org/res1".into(),
            email: email.into(),
            id: id.into(),
            name: name.into(),
            ..Occupant::default()
        }
    }

    #[test]
    fn invitees_are_matched_by_mail_then_by_id() {
        let ann = invitee(7, "ann@example.net", Role::Moderator);
        let by_mail = identify(
            &occupant("Ann@Example.net", "", "Ann"),
            known(Some(&ann), None),
        );
        assert_eq!(by_mail.person, Person::Invitee(7));
        assert!(by_mail.moderator);
        assert_eq!(by_mail.name, "Ann");
        let by_id = identify(&occupant("", "7", ""), known(None, Some(&ann)));
        assert_eq!(by_id.person, Person::Invitee(7));
        assert_eq!(by_id.name, "Invitee 7");
        assert_eq!(by_id.email, "ann@example.net");
        let bob = invitee(8, "bob@example.org", Role::Participant);
        assert!(
            !identify(
                &occupant("bob@example.org", "8", "Bob"),
                known(Some(&bob), None)
            )
            .moderator
        );
    }

    #[test]
    fn the_owner_is_recognised_by_mail_or_login_and_is_a_moderator() {
        let a = identify(
            &occupant("alice@example.org", "alice", "Alice A."),
            known(None, None),
        );
        assert_eq!(a.person, Person::Owner);
        assert!(a.moderator);
        let b = identify(&occupant("", "alice", ""), known(None, None));
        assert_eq!(b.person, Person::Owner);
        assert_eq!(b.name, "Alice");
    }

    #[test]
    fn strangers_and_guests_get_keys_of_their_own() {
        let m = identify(&occupant("eve@else.org", "x1", "Eve"), known(None, None));
        assert_eq!(m.person, Person::Mail("eve@else.org".into()));
        assert!(!m.moderator);
        let i = identify(&occupant("", "x1", ""), known(None, None));
        assert_eq!(i.person, Person::TokenId("x1".into()));
        let g = identify(&occupant("", "", ""), known(None, None));
        assert_eq!(g.person, Person::Guest("abc@meet.example.org".into()));
        assert_eq!(g.person.key(), "guest:abc@meet.example.org");
        let mut hinted = occupant("carol@else.org", "", "Carol");
        hinted.moderator = Some(true);
        assert!(identify(&hinted, known(None, None)).moderator);
    }

    fn stay(key: &str, from: DateTime<Utc>, to: Option<DateTime<Utc>>) -> Stay {
        Stay {
            person_key: key.into(),
            name: String::new(),
            email: String::new(),
            moderator: false,
            invitee_id: None,
            breakout: String::new(),
            joined_at: from,
            left_at: to,
            occurrence: None,
        }
    }

    #[test]
    fn stays_are_summed_per_person_with_overlaps_counted_once() {
        let stays = vec![
            stay("invitee:7", t(0, 0), Some(t(10, 0))),
            stay("invitee:7", t(5, 0), Some(t(12, 30))), // a second device
            stay("invitee:7", t(20, 0), Some(t(21, 1))), // came back
            stay("guest:g1", t(2, 0), None),
        ];
        let list = summarise(stays, t(30, 0));
        assert_eq!(list.len(), 2);
        let ann = &list[0];
        assert_eq!(ann.first_joined_at, t(0, 0));
        assert_eq!(ann.last_left_at, Some(t(21, 1)));
        assert_eq!(ann.seconds_present, 12 * 60 + 30 + 61);
        assert_eq!(ann.stays.len(), 3);
        let guest = &list[1];
        assert_eq!(guest.guest_number, 1);
        assert!(guest.is_present());
        assert_eq!(guest.seconds_present, 28 * 60);
    }

    #[test]
    fn durations_read_as_hours_minutes_seconds() {
        assert_eq!(format_duration(3723), "1:02:03");
        assert_eq!(format_duration(59), "0:00:59");
        assert_eq!(format_duration(-5), "0:00:00");
    }

    proptest! {
        #[test]
        fn time_present_never_exceeds_the_span_nor_the_sum_of_stays(
            spans in proptest::collection::vec((0i64..3600, 0i64..3600), 1..8)
        ) {
            let stays: Vec<Stay> = spans
                .iter()
                .map(|(a, len)| stay("p", t(0, *a), Some(t(0, a + len))))
                .collect();
            let sum: i64 = spans.iter().map(|(_, len)| len).sum();
            let first = spans.iter().map(|(a, _)| *a).min().unwrap();
            let last = spans.iter().map(|(a, len)| a + len).max().unwrap();
            let list = summarise(stays, t(120, 0));
            prop_assert_eq!(list.len(), 1);
            prop_assert!(list[0].seconds_present <= sum);
            prop_assert!(list[0].seconds_present <= last - first);
            prop_assert!(list[0].seconds_present >= spans.iter().map(|(_, l)| *l).max().unwrap());
        }
    }
}
