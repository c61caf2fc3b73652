//! The JSON shapes of a meeting and its invitees: what the API answers (`web::api`
//! re-exports them) and what a webhook payload carries (`domain::webhook`), built here once.
//!
//! Built from the meeting alone they carry no link: the personal links (`join_url`,
//! `invitation_url`, `ics_url`) and the owner's `owner_url` are added by the API for the
//! owner and for an invitee's own entry, and `bouncing` and `occurrence_answers` for the
//! owner. A webhook receiver is none of them, so a payload never has these six fields (an
//! `invitee.answered` event names the occurrence answered instead).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::recurrence::{Occurrence, RecurrenceInput, Series};
use super::{Invitee, Meeting, MeetingStatus, PartStat, Role};

/// How many coming occurrences a meeting's JSON lists.
const NEXT_OCCURRENCES: usize = 10;

/// Times as the API and payloads write them: UTC, whole seconds.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An invitee. The personal links are there for the owner, and for the invitee themselves;
/// never in a webhook payload.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InviteeJson {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub partstat: PartStat,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitation_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ics_url: Option<String>,
    /// Mail to this address came back (a delivery status notification), for the owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bouncing: Option<BouncingJson>,
    /// A series, for the owner: the occurrences this invitee answered otherwise than the
    /// series (`partstat` holds for every other one). Absent for a one-off meeting and in
    /// webhook payloads (whose `invitee.answered` names the occurrence answered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence_answers: Option<Vec<OccurrenceAnswerJson>>,
}

/// An invitee's answer to one occurrence of a series.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OccurrenceAnswerJson {
    /// The occurrence's RECURRENCE-ID (original start).
    #[schema(format = DateTime)]
    pub recurrence_id: String,
    pub answer: PartStat,
}

/// When mail to an invitee came back, and the report's status (e.g. `5.1.1`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BouncingJson {
    #[schema(format = DateTime)]
    pub since: String,
    pub status: String,
}

/// A meeting. A participant sees only their own entry of `invitees`, as in their mails; a
/// webhook payload has them all, without links, and no `owner_url`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingJson {
    pub id: i64,
    pub room: String,
    pub subject: String,
    pub description: String,
    pub owner: String,
    #[schema(format = DateTime)]
    pub start: String,
    #[schema(format = DateTime)]
    pub end: String,
    pub duration_min: u32,
    pub status: MeetingStatus,
    pub sequence: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_url: Option<String>,
    pub invitees: Vec<InviteeJson>,
    /// A series' repeat rule (absent for a one-off meeting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<RecurrenceInput>,
    /// The zone a series repeats in (IANA name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// A series' next occurrences (at most ten, the one in progress first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_occurrences: Option<Vec<OccurrenceJson>>,
}

/// One occurrence of a series.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OccurrenceJson {
    /// The RECURRENCE-ID: the occurrence's original start, which the occurrence routes take.
    #[schema(format = DateTime)]
    pub recurrence_id: String,
    #[schema(format = DateTime)]
    pub start: String,
    #[schema(format = DateTime)]
    pub end: String,
    pub cancelled: bool,
    /// Moved or lengthened on its own.
    pub moved: bool,
}

impl OccurrenceJson {
    pub fn of(o: &Occurrence) -> Self {
        OccurrenceJson {
            recurrence_id: rfc3339(o.id),
            start: rfc3339(o.starts_at),
            end: rfc3339(o.ends_at),
            cancelled: o.cancelled,
            moved: o.moved.is_some(),
        }
    }
}

impl InviteeJson {
    /// Without links.
    pub fn of(i: &Invitee) -> Self {
        InviteeJson {
            id: i.id,
            email: i.email.clone(),
            name: i.name.clone(),
            role: i.role,
            partstat: i.partstat,
            join_url: None,
            invitation_url: None,
            ics_url: None,
            bouncing: None,
            occurrence_answers: None,
        }
    }
}

impl MeetingJson {
    /// The meeting with `invitees` (those the reader may see), without links, as of `now`
    /// (which occurrences are still to come).
    pub fn of<'a>(
        m: &Meeting,
        series: Option<&Series>,
        invitees: impl IntoIterator<Item = &'a Invitee>,
        now: DateTime<Utc>,
    ) -> Self {
        MeetingJson {
            id: m.id,
            room: m.room.clone(),
            subject: m.subject.clone(),
            description: m.description.clone(),
            owner: m.owner.clone(),
            start: rfc3339(m.starts_at),
            end: rfc3339(m.ends_at),
            duration_min: m.duration_min,
            status: m.status,
            sequence: m.sequence,
            owner_url: None,
            invitees: invitees.into_iter().map(InviteeJson::of).collect(),
            recurrence: series.map(|s| s.rule.to_input()),
            time_zone: series.map(|s| s.tz.name().to_string()),
            next_occurrences: series.map(|s| {
                s.schedule()
                    .iter()
                    .filter(|o| o.ends_at > now)
                    .take(NEXT_OCCURRENCES)
                    .map(OccurrenceJson::of)
                    .collect()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn a_meeting_built_alone_carries_no_link_hash_or_owner_url() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let m = Meeting {
            id: 7,
            uid: "u@x".into(),
            room: "sync".into(),
            subject: "Sync".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "Alice".into(),
            starts_at: start,
            duration_min: 30,
            ends_at: start + Duration::minutes(30),
            status: MeetingStatus::Scheduled,
            sequence: 2,
            created_at: start,
            updated_at: start,
        };
        let bob = Invitee {
            id: 3,
            meeting_id: 7,
            email: "bob@example.org".into(),
            name: "Bob".into(),
            role: Role::Participant,
            hash: "SECRET-HASH".into(),
            partstat: PartStat::Accepted,
            answered_at: Some(start),
        };
        let json = serde_json::to_value(MeetingJson::of(&m, None, [&bob], start)).unwrap();
        assert_eq!(json["start"], "2026-12-01T09:00:00Z");
        assert_eq!(json["end"], "2026-12-01T09:30:00Z");
        assert_eq!(json["invitees"][0]["partstat"], "accepted");
        let text = json.to_string();
        for absent in [
            "SECRET-HASH",
            "owner_url",
            "join_url",
            "invitation_url",
            "ics_url",
            "bouncing",
            "recurrence",
            "next_occurrences",
        ] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
    }
}
