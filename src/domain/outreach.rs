//! Mail to addresses outside the organisation: jmb sends it from the institution's address
//! with text the organiser typed, so each organiser may send only so much of it per hour.

use super::notice::{Audience, MailEvent, Notice, Recipient};
use super::validation::{FieldError, Problem};

/// The site's rule, from the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutreachLimit {
    /// Mails carrying a meeting to outside addresses, per organiser and hour; 0 = no limit.
    pub max_per_hour: u32,
    /// Mail domains inside the organisation (their subdomains too), lower case.
    pub internal_domains: Vec<String>,
}

impl OutreachLimit {
    /// Whether `email` is inside the organisation: its domain is one of the internal domains
    /// or below one (`etu.univ.fr` under `univ.fr`).
    pub fn is_internal(&self, email: &str) -> bool {
        let Some((_, domain)) = email.rsplit_once('@') else {
            return false;
        };
        let domain = domain.to_ascii_lowercase();
        self.internal_domains.iter().any(|d| {
            domain == *d
                || domain
                    .strip_suffix(d.as_str())
                    .is_some_and(|head| head.ends_with('.'))
        })
    }

    /// How many of `notices` carry the meeting to an outside address.
    pub fn outside(&self, notices: &[Notice]) -> usize {
        notices
            .iter()
            .filter(|n| n.event.carries_the_meeting())
            .filter(|n| matches!(&n.to, Recipient::Invitee(i) if !self.is_internal(&i.email)))
            .count()
    }

    /// How many of the mails already queued (`(kind, recipient)`, kinds as [`Notice::kind`]
    /// writes them) carried a meeting to an outside address.
    pub fn sent_outside<'a>(&self, mails: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
        mails
            .into_iter()
            .filter(|(kind, to)| carries_the_meeting(kind) && !self.is_internal(to))
            .count()
    }

    /// Refuses `adding` more such mails when the organiser already sent `sent` this hour and
    /// the total would pass the limit; the problem is the invitee list's.
    pub fn check(&self, sent: usize, adding: usize) -> Result<(), FieldError> {
        let max = self.max_per_hour as usize;
        if max == 0 || adding == 0 || sent + adding <= max {
            return Ok(());
        }
        Err(FieldError::new(
            "invitees",
            Problem::TooManyExternalMails {
                max,
                sent,
                adding,
                domains: self.internal_domains.join(", "),
            },
        ))
    }
}

/// Whether an outbox kind (`event/audience`) is a mail carrying the meeting to an invitee.
fn carries_the_meeting(kind: &str) -> bool {
    let Some((event, audience)) = kind.split_once('/') else {
        return false;
    };
    audience != Audience::Owner.as_str()
        && [
            MailEvent::New,
            MailEvent::Update,
            MailEvent::RoleChanged,
            MailEvent::OccurrenceMoved {
                id: chrono::DateTime::UNIX_EPOCH,
            },
        ]
        .iter()
        .any(|e| e.carries_the_meeting() && e.as_str() == event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::notice::{on_cancel, on_create};
    use crate::domain::{Invitee, PartStat, Role};

    fn limit(max: u32) -> OutreachLimit {
        OutreachLimit {
            max_per_hour: max,
            internal_domains: vec!["univ.fr".into(), "example.org".into()],
        }
    }

    fn invitee(id: i64, email: &str) -> Invitee {
        Invitee {
            id,
            meeting_id: 1,
            email: email.into(),
            name: String::new(),
            role: Role::Participant,
            hash: format!("h{id}"),
            partstat: PartStat::NeedsAction,
            answered_at: None,
        }
    }

    #[test]
    fn internal_means_an_internal_domain_or_below_it() {
        let l = limit(10);
        assert!(l.is_internal("ann@univ.fr"));
        assert!(l.is_internal("ann@etu.univ.fr"));
        assert!(l.is_internal("ann@Example.ORG"));
        assert!(!l.is_internal("ann@notuniv.fr"));
        assert!(!l.is_internal("ann@univ.fr.evil.net"));
        assert!(!l.is_internal("ann@example.net"));
        assert!(!l.is_internal("not-an-address"));
        assert!(!OutreachLimit::default().is_internal("ann@univ.fr"));
    }

    #[test]
    fn invitations_to_outside_addresses_count_and_the_owner_s_copy_does_not() {
        let people = [
            invitee(1, "a@univ.fr"),
            invitee(2, "b@gmail.com"),
            invitee(3, "c@example.net"),
        ];
        let l = limit(10);
        assert_eq!(l.outside(&on_create(&people)), 2);
        assert_eq!(l.outside(&on_cancel(&people)), 0);
        assert_eq!(
            on_create(&people)[0].event,
            MailEvent::New,
            "the owner's confirmation comes first and is not counted"
        );
    }

    #[test]
    fn queued_mails_count_by_kind_and_address() {
        let l = limit(10);
        let queued = [
            ("new/participant", "b@gmail.com"),
            ("new/moderator", "c@example.net"),
            ("update/participant", "b@gmail.com"),
            ("role/moderator", "c@example.net"),
            ("new/participant", "a@univ.fr"),
            ("new/owner", "owner@gmail.com"),
            ("cancel/participant", "b@gmail.com"),
            ("reminder/participant", "b@gmail.com"),
            ("answer/owner", "owner@gmail.com"),
            ("garbage", "x@gmail.com"),
        ];
        assert_eq!(l.sent_outside(queued), 4);
    }

    #[test]
    fn the_limit_refuses_what_would_pass_it_and_zero_means_none() {
        let l = limit(10);
        assert!(l.check(0, 10).is_ok());
        assert!(l.check(8, 2).is_ok());
        assert!(l.check(11, 0).is_ok());
        let e = l.check(8, 3).unwrap_err();
        assert_eq!(e.field, "invitees");
        assert_eq!(
            e.problem,
            Problem::TooManyExternalMails {
                max: 10,
                sent: 8,
                adding: 3,
                domains: "univ.fr, example.org".into()
            }
        );
        assert!(limit(0).check(1_000, 1_000).is_ok());
    }
}
