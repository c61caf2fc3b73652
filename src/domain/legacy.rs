//! How rows of the original bash JMB become jmb meetings and invitees (`jmb import-jmb`).
//!
//! JMB keeps one `attendees` row per person *and role* (the owner included), answers as
//! 0/1/2, times in epoch seconds and durations in seconds, and hands out 16-character
//! `[A-Za-z0-9]` hashes. jmb keeps one invitee per address and meeting, so the rules here
//! decide which row wins and which hashes must live on as aliases: every link JMB mailed
//! has to keep working.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::hash;
use super::invitee::InviteeDraft;
use super::role::{PartStat, Role};

/// A row of JMB's `meetings` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmbMeeting {
    pub id: i64,
    pub name: String,
    pub object: String,
    pub begin: i64,
    pub duration_s: i64,
    pub end: i64,
    pub created: i64,
}

/// A row of JMB's `attendees` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmbAttendee {
    pub meeting_id: i64,
    pub hash: String,
    pub role: String,
    pub email: String,
    /// `attendee_partstat` as stored; JMB wrote an empty string for an unknown answer.
    pub partstat: Option<i64>,
}

/// A row of JMB's `ical` table: a login and the hash of their feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JmbFeed {
    pub owner: String,
    pub hash: String,
}

/// JMB's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JmbRole {
    Guest,
    Moderator,
    Owner,
}

impl JmbRole {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "owner" => Some(JmbRole::Owner),
            "moderator" => Some(JmbRole::Moderator),
            "guest" => Some(JmbRole::Guest),
            _ => None,
        }
    }
}

/// JMB's answers: 1 accepted, 2 declined, anything else (0, empty) no answer.
pub fn partstat_from_jmb(value: Option<i64>) -> PartStat {
    match value {
        Some(1) => PartStat::Accepted,
        Some(2) => PartStat::Declined,
        _ => PartStat::NeedsAction,
    }
}

/// How the importer came to know an owner's login: JMB knew owners by mail address only,
/// jmb keys them by login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerLogin {
    /// A line of the `--logins` file.
    Listed(String),
    /// The one LDAP entry with this mail.
    Directory(String),
    /// Not known yet: kept under the mail until the first login with that verified mail.
    /// `ambiguous`: LDAP has several entries with this mail.
    Unclaimed { ambiguous: bool },
}

/// A problem in the `--logins` file, by line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct LoginListError {
    pub line: u64,
    pub reason: String,
}

/// Reads `mail,login` lines (CSV; blank lines and `#` comments skipped) into a map from
/// the lower-cased mail to the normalised login. Any bad line is an error: an import
/// half-mapped by a typo would hand meetings to the first comer.
pub fn parse_login_list(
    input: &[u8],
    normalize_login: impl Fn(&str) -> Result<String, String>,
) -> Result<HashMap<String, String>, LoginListError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .comment(Some(b'#'))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let mut map = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| LoginListError {
            line: e.position().map_or(0, |p| p.line()),
            reason: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let fail = |reason: String| LoginListError { line, reason };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let [mail, login] = [record.get(0), record.get(1)];
        let (Some(mail), Some(login), 2) = (mail, login, record.len()) else {
            return Err(fail("expected `mail,login`".into()));
        };
        let mail = super::invitee::normalize_email(mail)
            .map_err(|_| fail(format!("`{mail}` is not a mail address")))?;
        let login = normalize_login(login).map_err(|e| fail(format!("`{login}`: {e}")))?;
        if let Some(other) = map.insert(mail.clone(), login.clone())
            && other != login
        {
            return Err(fail(format!("{mail} is listed with two logins")));
        }
    }
    Ok(map)
}

/// The address of a meeting's owner: JMB's first owner row with a usable address (a second
/// one only came from a forged form; it had an owner's link, so it becomes a moderator).
pub fn owner_email(attendees: &[JmbAttendee]) -> Option<String> {
    owner_row(attendees).map(|a| a.email.trim().to_lowercase())
}

fn owner_row(attendees: &[JmbAttendee]) -> Option<&JmbAttendee> {
    attendees
        .iter()
        .filter(|a| JmbRole::parse(&a.role) == Some(JmbRole::Owner))
        .find(|a| InviteeDraft::new(&a.email, "", Role::Moderator).is_ok())
}

/// Why a whole meeting is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingSkip {
    NoOwner,
    BadTimes,
}

/// Why one attendee row is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendeeSkip {
    BadAddress(String),
    UnknownRole(String),
}

/// An invitee to create, with the JMB hash to keep (`None`: JMB had no usable one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedInvitee {
    pub draft: InviteeDraft,
    pub partstat: PartStat,
    pub hash: Option<String>,
    /// Hashes of this person's other rows in the same meeting.
    pub aliases: Vec<String>,
}

/// A JMB meeting as it will be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingPlan {
    pub jmb_id: i64,
    /// JMB's room name (the importer replaces it if jmb cannot use it).
    pub room: String,
    pub subject: String,
    pub owner_email: String,
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub ends_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// The owner's own JMB hashes (their row, or rows where they listed themselves).
    pub owner_hashes: Vec<String>,
    pub invitees: Vec<PlannedInvitee>,
    pub skipped: Vec<AttendeeSkip>,
    /// Attendee rows folded into another row of the same person.
    pub merged: usize,
}

/// JMB's default subject, for the rows whose subject was lost.
pub const NO_SUBJECT: &str = "Réunion sans objet";

fn usable_hash(h: &str) -> Option<String> {
    let h = h.trim();
    hash::is_well_formed(h).then(|| h.to_string())
}

/// Turns a JMB meeting and its attendee rows into what jmb stores.
pub fn plan_meeting(
    meeting: &JmbMeeting,
    attendees: &[JmbAttendee],
) -> Result<MeetingPlan, MeetingSkip> {
    let duration_s = if meeting.duration_s > 0 {
        meeting.duration_s
    } else {
        meeting.end - meeting.begin
    };
    let duration_min = u32::try_from((duration_s + 59) / 60)
        .ok()
        .filter(|m| *m > 0)
        .ok_or(MeetingSkip::BadTimes)?;
    let starts_at = DateTime::from_timestamp(meeting.begin, 0).ok_or(MeetingSkip::BadTimes)?;
    let ends_at = starts_at + chrono::Duration::minutes(i64::from(duration_min));
    let created_at = DateTime::from_timestamp(meeting.created, 0).unwrap_or(starts_at);

    let owner_row = owner_row(attendees).ok_or(MeetingSkip::NoOwner)?;
    let owner_email = owner_row.email.trim().to_lowercase();

    let mut plan = MeetingPlan {
        jmb_id: meeting.id,
        room: meeting.name.trim().to_string(),
        subject: Some(meeting.object.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| NO_SUBJECT.to_string()),
        owner_email: owner_email.clone(),
        starts_at,
        duration_min,
        ends_at,
        created_at,
        owner_hashes: Vec::new(),
        invitees: Vec::new(),
        skipped: Vec::new(),
        merged: 0,
    };

    // Strongest role first, so that a person listed twice keeps the moderator row.
    let mut rows: Vec<(JmbRole, &JmbAttendee)> = Vec::new();
    for a in attendees {
        match JmbRole::parse(&a.role) {
            Some(role) => rows.push((role, a)),
            None => plan
                .skipped
                .push(AttendeeSkip::UnknownRole(a.role.trim().to_string())),
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));

    for (jmb_role, a) in rows {
        let hash = usable_hash(&a.hash);
        let role = if jmb_role == JmbRole::Guest {
            Role::Participant
        } else {
            Role::Moderator
        };
        let draft = match InviteeDraft::new(&a.email, "", role) {
            Ok(d) => d,
            Err(_) => {
                plan.skipped
                    .push(AttendeeSkip::BadAddress(a.email.trim().to_string()));
                continue;
            }
        };
        if draft.email == owner_email {
            plan.owner_hashes.extend(hash);
            if !std::ptr::eq(a, owner_row) {
                plan.merged += 1;
            }
            continue;
        }
        let partstat = partstat_from_jmb(a.partstat);
        match plan
            .invitees
            .iter_mut()
            .find(|i| i.draft.email == draft.email)
        {
            Some(existing) => {
                plan.merged += 1;
                if existing.partstat == PartStat::NeedsAction {
                    existing.partstat = partstat;
                }
                match (&existing.hash, hash) {
                    (None, Some(h)) => existing.hash = Some(h),
                    (Some(_), Some(h)) => existing.aliases.push(h),
                    (_, None) => {}
                }
            }
            None => plan.invitees.push(PlannedInvitee {
                draft,
                partstat,
                hash,
                aliases: Vec::new(),
            }),
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> JmbMeeting {
        JmbMeeting {
            id: 1_700_000_000_123_456_789,
            name: "qwertyuiopasdfgh".into(),
            object: "Conseil d'école — ordre du jour".into(),
            begin: 1_796_112_000,
            duration_s: 5400,
            end: 1_796_117_400,
            created: 1_796_000_000,
        }
    }

    fn row(role: &str, email: &str, hash: &str, partstat: Option<i64>) -> JmbAttendee {
        JmbAttendee {
            meeting_id: 1,
            hash: hash.into(),
            role: role.into(),
            email: email.into(),
            partstat,
        }
    }

    #[test]
    fn answers_and_roles_map_to_jmb_terms() {
        assert_eq!(partstat_from_jmb(Some(0)), PartStat::NeedsAction);
        assert_eq!(partstat_from_jmb(Some(1)), PartStat::Accepted);
        assert_eq!(partstat_from_jmb(Some(2)), PartStat::Declined);
        assert_eq!(partstat_from_jmb(None), PartStat::NeedsAction);
        assert_eq!(JmbRole::parse(" Moderator"), Some(JmbRole::Moderator));
        assert_eq!(JmbRole::parse("chair"), None);
    }

    fn lower(l: &str) -> Result<String, String> {
        Some(l.to_lowercase())
            .filter(|l| !l.is_empty() && !l.contains(' '))
            .ok_or_else(|| "bad login".to_string())
    }

    #[test]
    fn a_login_list_maps_mails_to_logins_and_names_the_bad_line() {
        let map = parse_login_list(
            b"# mail,login\nJeanne.Martin@Univ.fr, JMartin\n\nmarie.curie@univ.fr,mcurie\n",
            lower,
        )
        .unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["jeanne.martin@univ.fr"], "jmartin");
        assert_eq!(map["marie.curie@univ.fr"], "mcurie");
        let e = parse_login_list(b"a@univ.fr,a\nnot-a-mail,b\n", lower).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.reason.contains("not-a-mail"), "{e}");
        let e = parse_login_list(b"a@univ.fr\n", lower).unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse_login_list(b"a@univ.fr,a b\n", lower).unwrap_err();
        assert!(e.reason.contains("bad login"), "{e}");
        let e = parse_login_list(b"a@univ.fr,a\nA@univ.fr,b\n", lower).unwrap_err();
        assert!(e.reason.contains("two logins"), "{e}");
    }

    #[test]
    fn a_meeting_keeps_its_times_room_subject_and_every_hash() {
        let rows = [
            row("owner", "jean@univ.fr", "OwnerHash0000001", Some(1)),
            row("moderator", "ext@other.org", "ModHash000000001", Some(1)),
            row("guest", "zoe@univ.fr", "GuestHash0000001", Some(2)),
            row("guest", "ext@other.org", "GuestHash0000002", Some(0)),
            row("guest", "JEAN@univ.fr", "GuestHash0000003", Some(0)),
        ];
        let p = plan_meeting(&meeting(), &rows).unwrap();
        assert_eq!(p.room, "qwertyuiopasdfgh");
        assert_eq!(p.subject, "Conseil d'école — ordre du jour");
        assert_eq!(p.owner_email, "jean@univ.fr");
        assert_eq!(p.duration_min, 90);
        assert_eq!(p.ends_at.timestamp(), 1_796_117_400);
        assert_eq!(p.owner_hashes, vec!["OwnerHash0000001", "GuestHash0000003"]);
        assert_eq!(p.invitees.len(), 2);
        let ext = &p.invitees[0];
        assert_eq!(ext.draft.email, "ext@other.org");
        assert_eq!(ext.draft.role, Role::Moderator);
        assert_eq!(ext.hash.as_deref(), Some("ModHash000000001"));
        assert_eq!(ext.aliases, vec!["GuestHash0000002"]);
        assert_eq!(ext.partstat, PartStat::Accepted);
        let zoe = &p.invitees[1];
        assert_eq!(zoe.draft.role, Role::Participant);
        assert_eq!(zoe.partstat, PartStat::Declined);
        assert_eq!(p.merged, 2);
    }

    #[test]
    fn bad_rows_are_skipped_with_a_reason_and_empty_hashes_get_new_ones() {
        let rows = [
            row("owner", "jean@univ.fr", "OwnerHash0000001", Some(1)),
            row("guest", "not an address", "GuestHash0000001", Some(0)),
            row("chair", "x@univ.fr", "GuestHash0000002", Some(0)),
            row("guest", "lost@univ.fr", "", None),
        ];
        let p = plan_meeting(&meeting(), &rows).unwrap();
        assert_eq!(p.skipped.len(), 2);
        assert_eq!(p.invitees.len(), 1);
        assert_eq!(p.invitees[0].hash, None);
    }

    #[test]
    fn meetings_without_owner_or_duration_are_skipped() {
        let rows = [row("guest", "zoe@univ.fr", "GuestHash0000001", Some(0))];
        assert_eq!(plan_meeting(&meeting(), &rows), Err(MeetingSkip::NoOwner));
        let mut m = meeting();
        m.duration_s = 0;
        m.end = m.begin;
        let rows = [row("owner", "jean@univ.fr", "OwnerHash0000001", Some(1))];
        assert_eq!(plan_meeting(&m, &rows), Err(MeetingSkip::BadTimes));
    }

    #[test]
    fn an_empty_subject_gets_jmb_default() {
        let mut m = meeting();
        m.object = "  ".into();
        let rows = [row("owner", "jean@univ.fr", "OwnerHash0000001", Some(1))];
        let p = plan_meeting(&m, &rows).unwrap();
        assert_eq!(p.subject, NO_SUBJECT);
    }
}
