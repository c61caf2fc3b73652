//! Outgoing webhooks: which events there are, which a subscription wants, what a payload
//! carries, when a failed delivery is tried again, and which addresses an organiser's
//! endpoint may not reach. Plain rules; the signing and sending are in the `webhooks` module.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use super::Invitee;
use super::json::{InviteeJson, MeetingJson, rfc3339};

/// Every event type jmb emits, as receivers see it in `type`.
pub const EVENT_TYPES: &[&str] = &[
    "meeting.created",
    "meeting.updated",
    "meeting.cancelled",
    "invitee.added",
    "invitee.removed",
    "invitee.answered",
    "meeting.started",
    "meeting.ended",
    "recording.ready",
    "occurrence.cancelled",
    "occurrence.moved",
];

/// A subscription's filter: a list of event types, or `*` for all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFilter(Vec<String>);

impl EventFilter {
    /// The filter of a list as written in the configuration or the API; the first unknown
    /// type is the error.
    pub fn parse<S: AsRef<str>>(types: &[S]) -> Result<EventFilter, String> {
        let mut out: Vec<String> = Vec::new();
        for t in types {
            let t = t.as_ref().trim();
            if t != "*" && !EVENT_TYPES.contains(&t) {
                return Err(t.to_string());
            }
            if !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
        if out.is_empty() {
            return Err(String::new());
        }
        Ok(EventFilter(out))
    }

    /// As stored: space-separated.
    pub fn stored(&self) -> String {
        self.0.join(" ")
    }

    pub fn from_stored(s: &str) -> EventFilter {
        EventFilter(s.split_whitespace().map(str::to_string).collect())
    }

    pub fn types(&self) -> &[String] {
        &self.0
    }

    pub fn wants(&self, event_type: &str) -> bool {
        self.0.iter().any(|t| t == "*" || t == event_type)
    }
}

/// What an event says besides its type: the meeting, and the invitee or the attendance it
/// is about. The meeting and the invitee are in the API's shapes (`domain::json`), all
/// invitees listed, without the personal links, `bouncing` or `owner_url`: a receiver is not
/// the owner's browser.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventData {
    pub meeting: MeetingJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitee: Option<InviteeJson>,
    /// Who came (`meeting.ended`), as `GET /api/v1/meetings/{id}/attendance` lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attendance: Option<Vec<AttendeePayload>>,
    /// The finished recording (`recording.ready`): Jibri's file path or URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recording: Option<RecordingPayload>,
    /// The occurrence of a series cancelled or moved (`occurrence.*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurrence: Option<OccurrencePayload>,
    /// `invitee.answered`: the occurrence of a series answered alone (its RECURRENCE-ID, the
    /// original start), or null for an answer to the whole meeting or series; `invitee`'s
    /// `partstat` is the answer given. Absent from other events.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub recurrence_id: Option<Option<String>>,
}

/// [`EventData::recurrence_id`] of an answer: the occurrence's RECURRENCE-ID, or null.
pub fn answered_occurrence(id: Option<DateTime<Utc>>) -> Option<Option<String>> {
    Some(id.map(rfc3339))
}

/// One occurrence of a series: its RECURRENCE-ID (original start), and where it takes place
/// now when it moved (absent when it was cancelled).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OccurrencePayload {
    #[schema(format = DateTime)]
    pub recurrence_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub end: Option<String>,
}

impl OccurrencePayload {
    pub fn cancelled(recurrence_id: DateTime<Utc>) -> Self {
        OccurrencePayload {
            recurrence_id: rfc3339(recurrence_id),
            start: None,
            end: None,
        }
    }

    pub fn moved(
        recurrence_id: DateTime<Utc>,
        starts_at: DateTime<Utc>,
        duration_min: u32,
    ) -> Self {
        OccurrencePayload {
            recurrence_id: rfc3339(recurrence_id),
            start: Some(rfc3339(starts_at)),
            end: Some(rfc3339(
                starts_at + Duration::minutes(i64::from(duration_min)),
            )),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RecordingPayload {
    pub session_id: String,
    pub location: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendeePayload {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub moderator: bool,
    #[schema(format = DateTime)]
    pub joined_at: String,
    #[schema(format = DateTime)]
    pub left_at: Option<String>,
}

impl AttendeePayload {
    pub fn of(a: &super::attendance::Attendee) -> Self {
        AttendeePayload {
            name: a.name.clone(),
            email: a.email.clone(),
            moderator: a.moderator,
            joined_at: rfc3339(a.first_joined_at),
            left_at: a.last_left_at.map(rfc3339),
        }
    }
}

/// The body of a delivery (Standard Webhooks' recommended envelope).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Envelope<'a> {
    #[serde(rename = "type")]
    pub event_type: &'a str,
    #[schema(format = DateTime)]
    pub timestamp: String,
    pub data: &'a EventData,
}

impl<'a> Envelope<'a> {
    pub fn new(event_type: &'a str, data: &'a EventData, at: DateTime<Utc>) -> Self {
        Envelope {
            event_type,
            timestamp: rfc3339(at),
            data,
        }
    }
}

/// The events one change of a meeting's invitee list causes, in the order they are sent:
/// removals, then additions.
pub fn invitee_events<'a>(
    removed: &'a [Invitee],
    added: &'a [Invitee],
) -> impl Iterator<Item = (&'static str, &'a Invitee)> {
    removed
        .iter()
        .map(|i| ("invitee.removed", i))
        .chain(added.iter().map(|i| ("invitee.added", i)))
}

/// When to try a failed delivery again: 30 s (configurable), doubling, until `give_up`
/// after the event was written; then never (failed, `jmb webhooks retry`).
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub first: Duration,
    pub ceiling: Duration,
    pub give_up: Duration,
}

impl RetryPolicy {
    pub fn next_attempt(
        &self,
        attempts: u32,
        created_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let doublings = attempts.saturating_sub(1).min(20);
        let delay = self
            .first
            .checked_mul(1i32 << doublings)
            .unwrap_or(self.ceiling)
            .min(self.ceiling);
        let at = now + delay;
        (at <= created_at + self.give_up).then_some(at)
    }
}

/// Addresses an organiser's endpoint may not reach unless the operator allows them: the
/// site's own machine and network (loopback, link-local, private, unique-local, shared,
/// unspecified, multicast and broadcast).
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_filter_takes_known_types_or_the_star_and_names_the_first_unknown_one() {
        let f = EventFilter::parse(&["meeting.created", "invitee.answered"]).unwrap();
        assert!(f.wants("meeting.created"));
        assert!(!f.wants("meeting.cancelled"));
        assert!(EventFilter::parse(&["*"]).unwrap().wants("recording.ready"));
        assert_eq!(
            EventFilter::parse(&["meeting.created", "meeting.exploded"]),
            Err("meeting.exploded".to_string())
        );
        assert!(EventFilter::parse::<&str>(&[]).is_err());
        assert_eq!(EventFilter::from_stored(&f.stored()), f);
    }

    #[test]
    fn retries_start_at_thirty_seconds_double_and_stop_after_the_bound() {
        let p = RetryPolicy {
            first: Duration::seconds(30),
            ceiling: Duration::hours(1),
            give_up: Duration::hours(24),
        };
        let t0 = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let delays: Vec<i64> = (1..5)
            .map(|n| (p.next_attempt(n, t0, t0).unwrap() - t0).num_seconds())
            .collect();
        assert_eq!(delays, [30, 60, 120, 240]);
        assert_eq!(
            p.next_attempt(30, t0, t0).map(|t| (t - t0).num_seconds()),
            Some(3600)
        );
        assert_eq!(p.next_attempt(3, t0, t0 + Duration::hours(24)), None);
    }

    #[test]
    fn internal_addresses_are_told_apart_from_public_ones() {
        for internal in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_internal(internal.parse().unwrap()), "{internal}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(!is_internal(public.parse().unwrap()), "{public}");
        }
    }
}
