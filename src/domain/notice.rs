//! Who is told what, and when: the mail plan of every change to a meeting, decided here in
//! plain Rust and carried out by the mail layer.

use std::fmt;

use chrono::{DateTime, Utc};

use super::invitee::Invitee;
use super::meeting::Meeting;
use super::role::{PartStat, Role};

/// Why a mail goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailEvent {
    /// Booked (owner) or invited (invitee).
    New,
    /// The meeting's time, subject, description or room changed.
    Update,
    /// The meeting is cancelled.
    Cancel,
    /// The invitee was taken off the list.
    Removed,
    /// The invitee's role changed.
    RoleChanged,
    /// An invitee answered (to the owner).
    Answer(PartStat),
    /// Several invitees answered since the owner was last told (to the owner).
    Answers { count: usize },
    /// A reminder before the start, `minutes` ahead; of one occurrence of a series, named by
    /// its RECURRENCE-ID, when the meeting repeats.
    Reminder {
        minutes: u32,
        occurrence: Option<DateTime<Utc>>,
    },
    /// One occurrence of a series, named by its RECURRENCE-ID, is cancelled; the series
    /// goes on.
    OccurrenceCancelled { id: DateTime<Utc> },
    /// One occurrence of a series, named by its RECURRENCE-ID, moved or changed length.
    OccurrenceMoved { id: DateTime<Utc> },
    /// An invitee answered one occurrence of a series, named by its RECURRENCE-ID (to the
    /// owner).
    OccurrenceAnswer { answer: PartStat, id: DateTime<Utc> },
}

impl MailEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            MailEvent::New => "new",
            MailEvent::Update => "update",
            MailEvent::Cancel => "cancel",
            MailEvent::Removed => "removed",
            MailEvent::RoleChanged => "role",
            MailEvent::Answer(_) | MailEvent::Answers { .. } => "answer",
            MailEvent::Reminder { .. } => "reminder",
            MailEvent::OccurrenceCancelled { .. } => "occurrence-cancel",
            MailEvent::OccurrenceMoved { .. } => "occurrence-move",
            MailEvent::OccurrenceAnswer { .. } => "occurrence-answer",
        }
    }

    /// News of answers, for the owner.
    pub fn is_answer(self) -> bool {
        matches!(
            self,
            MailEvent::Answer(_) | MailEvent::Answers { .. } | MailEvent::OccurrenceAnswer { .. }
        )
    }

    /// The mail carries the meeting itself (its subject, time, description) to an invitee
    /// and may be repeated at will: what the limit on mail to outside addresses counts.
    /// Cancellations and removals are not: each follows an invitation that was counted.
    pub fn carries_the_meeting(self) -> bool {
        matches!(
            self,
            MailEvent::New
                | MailEvent::Update
                | MailEvent::RoleChanged
                | MailEvent::OccurrenceMoved { .. }
        )
    }

    /// The mail carries a calendar part that cancels the event (iTIP CANCEL), or one
    /// occurrence of it.
    pub fn cancels(self) -> bool {
        matches!(
            self,
            MailEvent::Cancel | MailEvent::Removed | MailEvent::OccurrenceCancelled { .. }
        )
    }

    /// The one occurrence of a series the mail is about, by its RECURRENCE-ID.
    pub fn occurrence(self) -> Option<DateTime<Utc>> {
        match self {
            MailEvent::OccurrenceCancelled { id }
            | MailEvent::OccurrenceMoved { id }
            | MailEvent::OccurrenceAnswer { id, .. } => Some(id),
            _ => None,
        }
    }

    /// The occurrence whose times the mail gives: the one it is about, or the one a reminder
    /// is for (whose calendar part is still the whole series).
    pub fn names_occurrence(self) -> Option<DateTime<Utc>> {
        match self {
            MailEvent::Reminder { occurrence, .. } => occurrence,
            _ => self.occurrence(),
        }
    }
}

/// Whom a mail is for: the owner, or an invitee of the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    Owner,
    Invitee(Invitee),
}

impl Recipient {
    /// The wording a recipient gets: the owner's, or their role's.
    pub fn audience(&self) -> Audience {
        match self {
            Recipient::Owner => Audience::Owner,
            Recipient::Invitee(i) => Audience::of_role(i.role),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Owner,
    Participant,
    Moderator,
}

impl Audience {
    /// An invitee's view, by their role.
    pub fn of_role(role: Role) -> Self {
        match role {
            Role::Moderator => Audience::Moderator,
            Role::Participant => Audience::Participant,
        }
    }

    /// The one rule for who sees whom, in mails, calendar files, feeds, pages and the API:
    /// the owner and moderators see everyone invited, with their answers; a participant,
    /// often outside the organisation, sees no one else's address or answer.
    pub fn sees_all_invitees(self) -> bool {
        self != Audience::Participant
    }

    /// Whether this audience, reading as `viewer_email`, is shown `invitee`: everyone for
    /// the owner and moderators, only their own entry for a participant.
    pub fn shows(self, viewer_email: &str, invitee: &Invitee) -> bool {
        self.sees_all_invitees() || invitee.email == viewer_email
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Owner => "owner",
            Audience::Participant => "participant",
            Audience::Moderator => "moderator",
        }
    }
}

/// One mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub event: MailEvent,
    pub to: Recipient,
    /// The invitee a mail to the owner is about (answers).
    pub about: Option<Invitee>,
}

impl Notice {
    fn owner(event: MailEvent) -> Self {
        Self {
            event,
            to: Recipient::Owner,
            about: None,
        }
    }

    fn invitee(event: MailEvent, invitee: &Invitee) -> Self {
        Self {
            event,
            to: Recipient::Invitee(invitee.clone()),
            about: None,
        }
    }

    /// `event/audience`, e.g. `new/moderator`: the outbox's kind and the template case.
    pub fn kind(&self) -> String {
        format!("{}/{}", self.event.as_str(), self.to.audience().as_str())
    }

    /// The outbox's kind of the owner's news of answers, whatever the answers.
    pub fn answers_to_owner_kind() -> String {
        let event = MailEvent::Answer(PartStat::Accepted);
        format!("{}/{}", event.as_str(), Audience::Owner.as_str())
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kind())
    }
}

/// What an edit did to the invitee list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteeChanges {
    pub added: Vec<Invitee>,
    pub removed: Vec<Invitee>,
    /// Invitees whose role changed, as they are now, with their previous role.
    pub role_changed: Vec<(Invitee, Role)>,
    pub kept: Vec<Invitee>,
}

/// Booking: a confirmation to the owner, an invitation in their role to each invitee.
pub fn on_create(invitees: &[Invitee]) -> Vec<Notice> {
    std::iter::once(Notice::owner(MailEvent::New))
        .chain(invitees.iter().map(|i| Notice::invitee(MailEvent::New, i)))
        .collect()
}

/// A series ended early by a split "this and all following": everyone gets the shortened
/// series (its RRULE now ends), once, whatever else changed.
pub fn on_series_shortened(invitees: &[Invitee]) -> Vec<Notice> {
    std::iter::once(Notice::owner(MailEvent::Update))
        .chain(
            invitees
                .iter()
                .map(|i| Notice::invitee(MailEvent::Update, i)),
        )
        .collect()
}

/// An edit: the owner always hears of it; kept invitees only when what they see of the
/// meeting changed; added ones are invited, removed ones told, and those whose role changed
/// get a mail saying so (which also carries the new details).
pub fn on_update(before: &Meeting, after: &Meeting, changes: &InviteeChanges) -> Vec<Notice> {
    let mut notices = vec![Notice::owner(MailEvent::Update)];
    if shown_details_changed(before, after) {
        notices.extend(
            changes
                .kept
                .iter()
                .map(|i| Notice::invitee(MailEvent::Update, i)),
        );
    }
    notices.extend(
        changes
            .role_changed
            .iter()
            .map(|(i, _)| Notice::invitee(MailEvent::RoleChanged, i)),
    );
    notices.extend(
        changes
            .added
            .iter()
            .map(|i| Notice::invitee(MailEvent::New, i)),
    );
    notices.extend(
        changes
            .removed
            .iter()
            .map(|i| Notice::invitee(MailEvent::Removed, i)),
    );
    notices
}

/// An edit of a meeting that repeats or did: as [`on_update`], and when only the repeat rule
/// changed (its days or its end), the kept invitees still get the new version, since their
/// calendars show every occurrence.
pub fn on_series_update(
    before: &Meeting,
    after: &Meeting,
    changes: &InviteeChanges,
    rule_changed: bool,
) -> Vec<Notice> {
    let mut notices = on_update(before, after, changes);
    if rule_changed && !shown_details_changed(before, after) {
        notices.extend(
            changes
                .kept
                .iter()
                .map(|i| Notice::invitee(MailEvent::Update, i)),
        );
    }
    notices
}

/// The invitee list alone changed (API): only the people added or removed hear of it.
pub fn on_invitees_changed(changes: &InviteeChanges) -> Vec<Notice> {
    changes
        .added
        .iter()
        .map(|i| Notice::invitee(MailEvent::New, i))
        .chain(
            changes
                .removed
                .iter()
                .map(|i| Notice::invitee(MailEvent::Removed, i)),
        )
        .collect()
}

/// Cancelling: everyone, owner included.
pub fn on_cancel(invitees: &[Invitee]) -> Vec<Notice> {
    everyone(MailEvent::Cancel, invitees)
}

/// One occurrence of a series cancelled or moved ([`MailEvent::OccurrenceCancelled`],
/// [`MailEvent::OccurrenceMoved`]): everyone, owner included, one mail each, as for the
/// whole meeting.
pub fn on_occurrence(event: MailEvent, invitees: &[Invitee]) -> Vec<Notice> {
    everyone(event, invitees)
}

fn everyone(event: MailEvent, invitees: &[Invitee]) -> Vec<Notice> {
    std::iter::once(Notice::owner(event))
        .chain(invitees.iter().map(|i| Notice::invitee(event, i)))
        .collect()
}

/// An answer: the owner hears of it when they asked to, and only when it changed.
pub fn on_answer(
    invitee: &Invitee,
    previous: PartStat,
    answer: PartStat,
    notify_owner: bool,
) -> Vec<Notice> {
    if !notify_owner || previous == answer || answer == PartStat::NeedsAction {
        return Vec::new();
    }
    vec![Notice {
        event: MailEvent::Answer(answer),
        to: Recipient::Owner,
        about: Some(invitee.clone()),
    }]
}

/// An answer to occurrence `id` alone (`previous`: the answer that held for it before): the
/// owner hears of it as of an answer to the series, with the occurrence named.
pub fn on_occurrence_answer(
    invitee: &Invitee,
    id: DateTime<Utc>,
    previous: PartStat,
    answer: PartStat,
    notify_owner: bool,
) -> Vec<Notice> {
    let mut notices = on_answer(invitee, previous, answer, notify_owner);
    for n in &mut notices {
        n.event = MailEvent::OccurrenceAnswer { answer, id };
    }
    notices
}

/// The owner's news of every answer given since `since` (when the first answer not yet
/// mailed came in): one person's latest answer, or, when several answered, how many (the mail
/// lists everyone's latest answer). Answer mails wait a few minutes and are rewritten with
/// each new answer meanwhile, so that forty changes of mind make one mail, not forty.
pub fn answers_since(invitees: &[Invitee], since: DateTime<Utc>) -> Option<Notice> {
    let answered: Vec<&Invitee> = invitees
        .iter()
        .filter(|i| {
            i.partstat != PartStat::NeedsAction && i.answered_at.is_some_and(|t| t >= since)
        })
        .collect();
    let event = match answered.as_slice() {
        [] => return None,
        [one] => MailEvent::Answer(one.partstat),
        several => MailEvent::Answers {
            count: several.len(),
        },
    };
    Some(Notice {
        event,
        to: Recipient::Owner,
        about: match answered.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        },
    })
}

/// What invitees see of a meeting in their mail and calendar.
pub fn shown_details_changed(before: &Meeting, after: &Meeting) -> bool {
    before.starts_at != after.starts_at
        || before.duration_min != after.duration_min
        || before.subject != after.subject
        || before.description != after.description
        || before.room != after.room
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MeetingStatus;
    use chrono::{Duration, TimeZone, Utc};

    fn meeting() -> Meeting {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        Meeting {
            id: 1,
            uid: "u@x".into(),
            room: "r".into(),
            subject: "Sync".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "Alice".into(),
            starts_at: start,
            duration_min: 60,
            ends_at: start + Duration::minutes(60),
            status: MeetingStatus::Scheduled,
            sequence: 0,
            created_at: start,
            updated_at: start,
        }
    }

    fn invitee(id: i64, role: Role) -> Invitee {
        Invitee {
            id,
            meeting_id: 1,
            email: format!("p{id}@example.org"),
            name: String::new(),
            role,
            hash: format!("h{id}"),
            partstat: PartStat::NeedsAction,
            answered_at: None,
        }
    }

    #[test]
    fn participants_are_shown_only_themselves_while_owners_and_moderators_see_everyone() {
        let all = [invitee(1, Role::Moderator), invitee(2, Role::Participant)];
        let shown = |a: Audience, me: &str| {
            all.iter()
                .filter(|i| a.shows(me, i))
                .map(|i| i.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(shown(Audience::Owner, "alice@example.org"), [1, 2]);
        assert_eq!(
            shown(Audience::of_role(Role::Moderator), "p1@example.org"),
            [1, 2]
        );
        assert_eq!(
            shown(Audience::of_role(Role::Participant), "p2@example.org"),
            [2]
        );
        assert!(!Audience::Participant.sees_all_invitees());
    }

    fn kinds(n: &[Notice]) -> Vec<String> {
        n.iter().map(Notice::kind).collect()
    }

    #[test]
    fn booking_confirms_to_the_owner_and_invites_each_invitee_in_their_role() {
        let n = on_create(&[invitee(1, Role::Participant), invitee(2, Role::Moderator)]);
        assert_eq!(kinds(&n), ["new/owner", "new/participant", "new/moderator"]);
    }

    #[test]
    fn a_change_of_the_repeat_rule_alone_updates_everyone_still_invited() {
        let changes = InviteeChanges {
            kept: vec![invitee(1, Role::Participant)],
            ..InviteeChanges::default()
        };
        assert_eq!(
            kinds(&on_series_update(&meeting(), &meeting(), &changes, true)),
            ["update/owner", "update/participant"]
        );
        assert_eq!(
            kinds(&on_series_update(&meeting(), &meeting(), &changes, false)),
            ["update/owner"]
        );
        let mut later = meeting();
        later.starts_at += Duration::hours(1);
        assert_eq!(
            kinds(&on_series_update(&meeting(), &later, &changes, true)),
            ["update/owner", "update/participant"],
            "once, not twice"
        );
    }

    #[test]
    fn a_series_shortened_by_a_split_updates_the_owner_and_every_invitee_once() {
        let n = on_series_shortened(&[invitee(1, Role::Participant), invitee(2, Role::Moderator)]);
        assert_eq!(
            kinds(&n),
            ["update/owner", "update/participant", "update/moderator"]
        );
    }

    #[test]
    fn an_edit_of_the_time_updates_everyone_still_invited() {
        let before = meeting();
        let mut after = meeting();
        after.starts_at += Duration::hours(1);
        let changes = InviteeChanges {
            kept: vec![invitee(1, Role::Participant)],
            added: vec![invitee(2, Role::Moderator)],
            removed: vec![invitee(3, Role::Participant)],
            role_changed: vec![(invitee(4, Role::Moderator), Role::Participant)],
        };
        assert_eq!(
            kinds(&on_update(&before, &after, &changes)),
            [
                "update/owner",
                "update/participant",
                "role/moderator",
                "new/moderator",
                "removed/participant"
            ]
        );
    }

    #[test]
    fn an_edit_of_the_list_alone_does_not_disturb_kept_invitees() {
        let changes = InviteeChanges {
            kept: vec![invitee(1, Role::Participant)],
            added: vec![invitee(2, Role::Participant)],
            ..Default::default()
        };
        assert_eq!(
            kinds(&on_update(&meeting(), &meeting(), &changes)),
            ["update/owner", "new/participant"]
        );
    }

    #[test]
    fn cancelling_tells_everyone() {
        let n = on_cancel(&[invitee(1, Role::Moderator)]);
        assert_eq!(kinds(&n), ["cancel/owner", "cancel/moderator"]);
        assert!(n.iter().all(|n| n.event.cancels()));
    }

    #[test]
    fn one_occurrence_cancelled_or_moved_tells_everyone_once_about_that_occurrence() {
        let id = meeting().starts_at;
        let people = [invitee(1, Role::Moderator), invitee(2, Role::Participant)];
        let n = on_occurrence(MailEvent::OccurrenceCancelled { id }, &people);
        assert_eq!(
            kinds(&n),
            [
                "occurrence-cancel/owner",
                "occurrence-cancel/moderator",
                "occurrence-cancel/participant"
            ]
        );
        assert!(n.iter().all(|n| n.event.cancels()));
        assert!(n.iter().all(|n| n.event.occurrence() == Some(id)));
        let n = on_occurrence(MailEvent::OccurrenceMoved { id }, &people);
        assert_eq!(n.len(), 3);
        assert!(n.iter().all(|n| !n.event.cancels()));
        assert!(MailEvent::OccurrenceMoved { id }.carries_the_meeting());
        assert!(!MailEvent::OccurrenceCancelled { id }.carries_the_meeting());
        assert_eq!(MailEvent::Cancel.occurrence(), None);
    }

    #[test]
    fn the_owner_hears_of_changed_answers_only_when_asked() {
        let i = invitee(1, Role::Participant);
        assert_eq!(
            kinds(&on_answer(
                &i,
                PartStat::NeedsAction,
                PartStat::Accepted,
                true
            )),
            ["answer/owner"]
        );
        assert!(on_answer(&i, PartStat::Accepted, PartStat::Accepted, true).is_empty());
        assert!(on_answer(&i, PartStat::NeedsAction, PartStat::Declined, false).is_empty());
    }

    #[test]
    fn answers_not_yet_mailed_make_one_notice_with_the_latest_word() {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let answered = |id, p, at| Invitee {
            partstat: p,
            answered_at: Some(at),
            ..invitee(id, Role::Participant)
        };
        // One person changing their mind: their latest answer.
        let people = vec![
            answered(1, PartStat::Declined, t + Duration::minutes(2)),
            answered(2, PartStat::Accepted, t - Duration::hours(1)),
            invitee(3, Role::Moderator),
        ];
        let n = answers_since(&people, t).unwrap();
        assert_eq!(n.event, MailEvent::Answer(PartStat::Declined));
        assert_eq!(n.about.as_ref().map(|i| i.id), Some(1));
        assert_eq!(n.kind(), "answer/owner");
        // Several people: how many, for a mail that lists everyone's answer.
        let n = answers_since(&people, t - Duration::hours(2)).unwrap();
        assert_eq!(n.event, MailEvent::Answers { count: 2 });
        assert_eq!(n.about, None);
        assert_eq!(n.kind(), "answer/owner");
        assert!(answers_since(&people, t + Duration::minutes(3)).is_none());
    }

    #[test]
    fn only_mails_that_carry_the_meeting_to_invitees_count_as_outreach() {
        assert!(MailEvent::New.carries_the_meeting());
        assert!(MailEvent::Update.carries_the_meeting());
        assert!(MailEvent::RoleChanged.carries_the_meeting());
        assert!(!MailEvent::Cancel.carries_the_meeting());
        assert!(!MailEvent::Removed.carries_the_meeting());
        assert!(
            !MailEvent::Reminder {
                minutes: 10,
                occurrence: None
            }
            .carries_the_meeting()
        );
        assert!(!MailEvent::Answer(PartStat::Accepted).carries_the_meeting());
    }
}
