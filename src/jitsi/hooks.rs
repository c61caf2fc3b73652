//! What Jitsi tells jmb: jitsi-contrib `event_sync_component` bodies (exactly as Prosody's
//! `util.json` writes them) and Jibri recording reports, with their authentication checks.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::domain::recording::{RecordingEvent, RecordingStatus};
use crate::domain::room_event::{Event, EventKind, Occupant, RoomEvent, RoomRef};
use crate::domain::validation::json_field;

/// A body jmb cannot use; the sender gets a 400 and does not retry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Malformed {
    pub field: Option<String>,
    pub message: String,
}

impl Malformed {
    fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_string()),
            message: message.into(),
        }
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for Malformed {
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        Self {
            field: json_field(&path, &message),
            message,
        }
    }
}

/// `Authorization: Bearer <secret>`, compared in constant time. An empty secret refuses all.
pub fn bearer_matches(header: Option<&[u8]>, secret: &str) -> bool {
    let Some(token) = header.and_then(|h| h.strip_prefix(b"Bearer ")) else {
        return false;
    };
    !secret.is_empty() && bool::from(token.trim_ascii().ct_eq(secret.as_bytes()))
}

/// `X-Jitsi-Signature`: hex HMAC-SHA256 of `{X-Jitsi-Timestamp}.{body}` with the shared
/// secret. Signing the time with the body is what lets the receiver refuse a captured report
/// replayed later ([`crate::domain::recording::check_sent_at`]).
pub fn signature_matches(
    header: Option<&[u8]>,
    timestamp: &[u8],
    body: &[u8],
    secret: &str,
) -> bool {
    let Some(given) = header.and_then(|h| decode_hex(h.trim_ascii())) else {
        return false;
    };
    if secret.is_empty() {
        return false;
    }
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(timestamp);
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

/// The signature the finalize script sends for `body` sent at `timestamp` (tests and tools).
pub fn sign(timestamp: &str, body: &[u8], secret: &str) -> String {
    let mut out = String::with_capacity(64);
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        for b in mac.finalize().into_bytes() {
            out.push_str(&format!("{b:02x}"));
        }
    }
    out
}

/// `X-Jitsi-Timestamp`: Unix seconds, digits only.
pub fn parse_timestamp(header: Option<&[u8]>) -> Option<i64> {
    let text = std::str::from_utf8(header?.trim_ascii()).ok()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn decode_hex(text: &[u8]) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(s, 16).ok()
        })
        .collect()
}

/// The jmb room behind Prosody's `room_name`: the JID node, lower case, with any
/// `[tenant]` prefix removed.
pub fn room_name(raw: &str) -> String {
    let raw = raw.trim();
    let raw = match raw.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((_, room)) => room,
        None => raw,
    };
    raw.to_lowercase()
}

/// Unix seconds; Lua numbers may come as floats.
#[derive(Deserialize)]
#[serde(untagged)]
enum Seconds {
    Int(i64),
    Float(f64),
}

fn seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Seconds>::deserialize(d)? {
        None => None,
        Some(Seconds::Int(n)) => Some(n),
        Some(Seconds::Float(f)) if f.is_finite() && f.abs() < 1e15 => Some(f.floor() as i64),
        Some(Seconds::Float(_)) => {
            return Err(serde::de::Error::custom("not a time in Unix seconds"));
        }
    })
}

/// Token claims are strings, but other issuers put numbers (and booleans) in them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Option::<Scalar>::deserialize(d)? {
        None => String::new(),
        Some(Scalar::Text(s)) => s,
        Some(Scalar::Int(n)) => n.to_string(),
        Some(Scalar::Float(f)) => f.to_string(),
        Some(Scalar::Bool(b)) => b.to_string(),
    })
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Scalar>::deserialize(d)? {
        Some(Scalar::Bool(b)) => Some(b),
        Some(Scalar::Text(s)) => Some(s.eq_ignore_ascii_case("true")),
        _ => None,
    })
}

/// Lua's empty table is written `{}`, so an empty `all_occupants` is an object.
fn occupant_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<OccupantBody>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None => Ok(Vec::new()),
        Some(serde_json::Value::Object(o)) if o.is_empty() => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v).map_err(serde::de::Error::custom),
    }
}

#[derive(Debug, Deserialize)]
pub struct OccupantBody {
    occupant_jid: String,
    #[serde(default, deserialize_with = "text")]
    name: String,
    #[serde(default, deserialize_with = "text")]
    email: String,
    #[serde(default, deserialize_with = "text")]
    id: String,
    #[serde(default, deserialize_with = "seconds")]
    joined_at: Option<i64>,
    #[serde(default, deserialize_with = "seconds")]
    left_at: Option<i64>,
    // With `include_user_info`, the token's whole `context.user` comes along.
    #[serde(default, deserialize_with = "flag")]
    moderator: Option<bool>,
    #[serde(default, deserialize_with = "text")]
    affiliation: String,
}

#[derive(Debug, Deserialize)]
pub struct EventBody {
    #[serde(default)]
    event_name: Option<String>,
    room_name: String,
    #[serde(default)]
    room_jid: Option<String>,
    #[serde(default)]
    is_breakout: Option<bool>,
    #[serde(default, deserialize_with = "text")]
    breakout_room_id: String,
    #[serde(default, deserialize_with = "seconds")]
    created_at: Option<i64>,
    #[serde(default, deserialize_with = "seconds")]
    destroyed_at: Option<i64>,
    #[serde(default, deserialize_with = "occupant_list")]
    all_occupants: Vec<OccupantBody>,
    #[serde(default)]
    occupant: Option<OccupantBody>,
}

fn time(field: &str, secs: Option<i64>) -> Result<Option<DateTime<Utc>>, Malformed> {
    secs.map(|s| {
        // Anything before 2000 or after 9999 is not a clock reading.
        DateTime::from_timestamp(s, 0)
            .filter(|t| s >= 946_684_800 && t.timestamp() < 253_402_300_800)
            .ok_or_else(|| Malformed::new(field, format!("{s} is not a plausible Unix time")))
    })
    .transpose()
}

fn occupant(field: &str, body: OccupantBody) -> Result<Occupant, Malformed> {
    if body.occupant_jid.trim().is_empty() {
        return Err(Malformed::new(&format!("{field}.occupant_jid"), "is empty"));
    }
    let joined_at = time(&format!("{field}.joined_at"), body.joined_at)?;
    let left_at = time(&format!("{field}.left_at"), body.left_at)?;
    if let (Some(j), Some(l)) = (joined_at, left_at)
        && l < j
    {
        return Err(Malformed::new(
            &format!("{field}.left_at"),
            "is before joined_at",
        ));
    }
    let affiliation_says =
        matches!(body.affiliation.as_str(), "owner" | "moderator" | "teacher").then_some(true);
    Ok(Occupant {
        jid: body.occupant_jid.trim().to_string(),
        name: body.name.trim().to_string(),
        email: body.email.trim().to_lowercase(),
        id: body.id.trim().to_string(),
        moderator: body.moderator.or(affiliation_says),
        joined_at,
        left_at,
    })
}

/// Reads one event_sync body; `kind` comes from the URL the plugin posted to.
/// `now` stands in for a time the body should carry but does not.
pub fn parse_event(kind: EventKind, body: &[u8], now: DateTime<Utc>) -> Result<Event, Malformed> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let body: EventBody = serde_path_to_error::deserialize(de).map_err(Malformed::from)?;
    if let Some(name) = &body.event_name
        && name != kind.event_name()
    {
        return Err(Malformed::new(
            "event_name",
            format!("`{name}` was posted to the URL of {}", kind.event_name()),
        ));
    }
    let room = room_name(&body.room_name);
    if room.is_empty() {
        return Err(Malformed::new("room_name", "is empty"));
    }
    let breakout = if body.is_breakout.unwrap_or(false) {
        match body.breakout_room_id.trim() {
            "" => "breakout".to_string(),
            id => id.to_lowercase(),
        }
    } else {
        String::new()
    };
    let room = RoomRef {
        room,
        room_jid: body.room_jid.unwrap_or_default().trim().to_lowercase(),
        breakout,
    };
    let what = match kind {
        EventKind::RoomCreated => RoomEvent::Created {
            at: time("created_at", body.created_at)?.unwrap_or(now),
        },
        EventKind::RoomDestroyed => RoomEvent::Destroyed {
            at: time("destroyed_at", body.destroyed_at)?.unwrap_or(now),
            occupants: body
                .all_occupants
                .into_iter()
                .enumerate()
                .map(|(n, o)| occupant(&format!("all_occupants[{n}]"), o))
                .collect::<Result<_, _>>()?,
        },
        EventKind::OccupantJoined | EventKind::OccupantLeft => {
            let o = body
                .occupant
                .ok_or_else(|| Malformed::new("occupant", "is missing"))?;
            let o = occupant("occupant", o)?;
            if kind == EventKind::OccupantJoined {
                RoomEvent::Joined(o)
            } else {
                RoomEvent::Left(o)
            }
        }
    };
    Ok(Event { room, what })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordingBody {
    event: String,
    room: String,
    session_id: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    url: String,
    #[serde(default, deserialize_with = "seconds")]
    at: Option<i64>,
}

/// Reads a recording report: `{"event": "started"|"stopped"|"failed", "room", "session_id",
/// "file"?, "url"?, "at"?}`. `room` may also be the meeting URL Jibri recorded.
pub fn parse_recording(body: &[u8]) -> Result<RecordingEvent, Malformed> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    let body: RecordingBody = serde_path_to_error::deserialize(de).map_err(Malformed::from)?;
    let status = body.event.parse::<RecordingStatus>().map_err(|_| {
        Malformed::new(
            "event",
            format!("`{}` is not started, stopped or failed", body.event),
        )
    })?;
    let room = match body.room.split_once("://") {
        Some((_, rest)) => rest
            .split(['?', '#'])
            .next()
            .and_then(|p| p.trim_end_matches('/').rsplit('/').next())
            .unwrap_or(""),
        None => body.room.as_str(),
    };
    let room = room_name(room);
    if room.is_empty() {
        return Err(Malformed::new("room", "is empty"));
    }
    let session_id = body.session_id.trim();
    if session_id.is_empty() || session_id.len() > 200 {
        return Err(Malformed::new("session_id", "must be 1 to 200 characters"));
    }
    let location = if body.url.trim().is_empty() {
        body.file.trim()
    } else {
        body.url.trim()
    };
    if location.len() > 2000 {
        return Err(Malformed::new("file", "is longer than 2000 characters"));
    }
    Ok(RecordingEvent {
        room,
        session_id: session_id.to_string(),
        status,
        location: location.to_string(),
        at: time("at", body.at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn the_bearer_must_match_exactly_and_an_empty_secret_refuses_all() {
        assert!(bearer_matches(Some(b"Bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(Some(b"Bearer s3cre"), "s3cret"));
        assert!(!bearer_matches(Some(b"Bearer s3cretX"), "s3cret"));
        assert!(!bearer_matches(Some(b"bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(Some(b"s3cret"), "s3cret"));
        assert!(!bearer_matches(None, "s3cret"));
        assert!(!bearer_matches(Some(b"Bearer "), ""));
    }

    #[test]
    fn signatures_are_hex_hmac_sha256_of_the_timestamp_and_the_raw_body() {
        let body = br#"{"event":"stopped"}"#;
        let sig = sign("1796288400", body, "k");
        assert_eq!(sig.len(), 64);
        let matches =
            |sig: &[u8], ts: &[u8], body: &[u8], key| signature_matches(Some(sig), ts, body, key);
        assert!(matches(sig.as_bytes(), b"1796288400", body, "k"));
        assert!(matches(
            sig.to_uppercase().as_bytes(),
            b"1796288400",
            body,
            "k"
        ));
        // Another time, another body, another key: no.
        assert!(!matches(sig.as_bytes(), b"1796288401", body, "k"));
        assert!(!matches(sig.as_bytes(), b"1796288400", b"{}", "k"));
        assert!(!matches(sig.as_bytes(), b"1796288400", body, "other"));
        // The body alone, as the unsigned-time scheme had it, is not enough.
        let mut untimed = Hmac::<Sha256>::new_from_slice(b"k").unwrap();
        untimed.update(body);
        let untimed: String = untimed
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!matches(untimed.as_bytes(), b"", body, "k"));
        assert!(!matches(b"zz", b"1796288400", body, "k"));
        assert!(!signature_matches(None, b"1796288400", body, "k"));
        let empty = sign("1796288400", body, "");
        assert!(!matches(empty.as_bytes(), b"1796288400", body, ""));
    }

    #[test]
    fn timestamps_are_unix_seconds_in_digits() {
        assert_eq!(parse_timestamp(Some(b" 1796288400 ")), Some(1_796_288_400));
        for bad in [
            &b""[..],
            b"-5",
            b"+5",
            b"1e9",
            b"12.5",
            b"abc",
            b"99999999999999999999",
        ] {
            assert_eq!(parse_timestamp(Some(bad)), None, "{bad:?}");
        }
        assert_eq!(parse_timestamp(None), None);
    }

    #[test]
    fn room_names_lose_their_tenant_and_case() {
        assert_eq!(room_name("Weekly-Sync"), "weekly-sync");
        assert_eq!(room_name("[acme]weekly"), "weekly");
        assert_eq!(room_name(" plain "), "plain");
    }

    #[test]
    fn a_destroyed_room_with_lua_s_empty_table_for_occupants_parses() {
        let body = br#"{"all_occupants":{},"created_at":1796284800,"destroyed_at":1796288400,"event_name":"muc-room-destroyed","is_breakout":false,"room_jid":"abc@conference.meet.example.org","room_name":"abc"}"#;
        let e = parse_event(EventKind::RoomDestroyed, body, now()).unwrap();
        assert_eq!(e.room.room_jid, "abc@conference.meet.example.org");
        match e.what {
            RoomEvent::Destroyed { at, occupants } => {
                assert_eq!(at.timestamp(), 1796288400);
                assert!(occupants.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn occupant_events_carry_token_fields_only_for_token_users() {
        let body = br#"{"event_name":"muc-occupant-joined","room_name":"abc","room_jid":"abc@c.m","is_breakout":true,"breakout_room_id":"B1","active_occupants_count":2,"occupant":{"occupant_jid":"g@guest.m/r","joined_at":1796284801.0}}"#;
        let e = parse_event(EventKind::OccupantJoined, body, now()).unwrap();
        assert_eq!(e.room.breakout, "b1");
        match e.what {
            RoomEvent::Joined(o) => {
                assert!(!o.has_token());
                assert_eq!(o.joined_at.unwrap().timestamp(), 1796284801);
            }
            other => panic!("{other:?}"),
        }
        let body = br#"{"room_name":"abc","occupant":{"occupant_jid":"u@m/r","name":"Ann","email":"Ann@Example.net","id":7,"joined_at":1796284801,"left_at":1796284900,"affiliation":"owner"}}"#;
        match parse_event(EventKind::OccupantLeft, body, now())
            .unwrap()
            .what
        {
            RoomEvent::Left(o) => {
                assert_eq!(o.email, "ann@example.net");
                assert_eq!(o.id, "7");
                assert_eq!(o.moderator, Some(true));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unusable_bodies_name_what_is_wrong() {
        let cases: &[(&[u8], &str)] = &[
            (b"not json", ""),
            (br#"{"occupant":{"occupant_jid":"a"}}"#, "room_name"),
            (br#"{"room_name":42}"#, "room_name"),
            (br#"{"room_name":"a"}"#, "occupant"),
            (br#"{"room_name":"","occupant":{"occupant_jid":"a"}}"#, "room_name"),
            (br#"{"room_name":"a","occupant":{"occupant_jid":""}}"#, "occupant.occupant_jid"),
            (br#"{"room_name":"a","occupant":{"occupant_jid":"a","joined_at":"soon"}}"#, "occupant.joined_at"),
            (br#"{"room_name":"a","occupant":{"occupant_jid":"a","joined_at":-5}}"#, "occupant.joined_at"),
            (br#"{"room_name":"a","occupant":{"occupant_jid":"a","joined_at":1796284900,"left_at":1796284800}}"#, "occupant.left_at"),
            (br#"{"event_name":"muc-occupant-left","room_name":"a","occupant":{"occupant_jid":"a"}}"#, "event_name"),
        ];
        for (body, field) in cases {
            let err = parse_event(EventKind::OccupantJoined, body, now()).unwrap_err();
            assert_eq!(
                err.field.as_deref().unwrap_or(""),
                *field,
                "{}: {err}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn recording_reports_accept_a_room_name_or_the_meeting_url() {
        let r = parse_recording(br#"{"event":"stopped","room":"https://meet.example.org/Weekly-Sync?x=1","session_id":"s1","file":"/srv/rec/s1/a.mp4"}"#).unwrap();
        assert_eq!(r.room, "weekly-sync");
        assert_eq!(r.status, RecordingStatus::Stopped);
        assert_eq!(r.location, "/srv/rec/s1/a.mp4");
        let r = parse_recording(br#"{"event":"started","room":"abc","session_id":"s1","url":"https://files/x.mp4","file":"/x"}"#).unwrap();
        assert_eq!(r.location, "https://files/x.mp4");
        for bad in [
            &br#"{"event":"paused","room":"abc","session_id":"s1"}"#[..],
            br#"{"event":"started","room":"","session_id":"s1"}"#,
            br#"{"event":"started","room":"abc","session_id":""}"#,
            br#"{"event":"started","room":"abc","session_id":"s","extra":1}"#,
        ] {
            assert!(
                parse_recording(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
