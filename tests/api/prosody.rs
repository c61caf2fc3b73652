//! Replays what jitsi-contrib's `event_sync_component` posts, body for body: the same keys,
//! Unix seconds, token fields only for token users, Lua's `{}` for an empty occupant list,
//! breakout events under the main room's name.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use serde_json::{Map, Value, json};

use crate::helpers::TestApp;

pub const HOOK_SECRET: &str = "hook-secret-for-tests-0123456789";
pub const MUC: &str = "conference.meet.example.org";

/// Someone in a room: a token user (name, mail, id from the JWT) or a guest.
#[derive(Debug, Clone)]
pub struct Occupant {
    pub jid: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub id: Option<String>,
}

impl Occupant {
    /// `session` tells two connections of one person apart (a new resource each time).
    pub fn token(name: &str, email: &str, id: &str, session: &str) -> Self {
        Self {
            jid: format!("{id}-{session}@meet.example.org/{session}"),
            name: Some(name.into()),
            email: Some(email.into()),
            id: Some(id.into()),
        }
    }

    pub fn guest(node: &str) -> Self {
        Self {
            jid: format!("{node}@guest.meet.example.org/web{node}"),
            name: None,
            email: None,
            id: None,
        }
    }

    pub fn json(&self, joined: DateTime<Utc>, left: Option<DateTime<Utc>>) -> Value {
        let mut o = Map::new();
        o.insert("occupant_jid".into(), json!(self.jid));
        o.insert("joined_at".into(), json!(joined.timestamp()));
        if let Some(l) = left {
            o.insert("left_at".into(), json!(l.timestamp()));
        }
        for (k, v) in [
            ("name", &self.name),
            ("email", &self.email),
            ("id", &self.id),
        ] {
            if let Some(v) = v {
                o.insert(k.into(), json!(v));
            }
        }
        Value::Object(o)
    }
}

/// A room as the plugin names it: breakout rooms carry their main room's name and JID.
#[derive(Debug, Clone)]
pub struct Room {
    pub name: String,
    pub breakout: Option<String>,
}

impl Room {
    pub fn main(name: &str) -> Self {
        Self {
            name: name.into(),
            breakout: None,
        }
    }

    pub fn breakout(name: &str, id: &str) -> Self {
        Self {
            name: name.into(),
            breakout: Some(id.into()),
        }
    }

    pub fn jid(&self) -> String {
        format!("{}@{MUC}", self.name)
    }

    fn base(&self, event_name: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("event_name".into(), json!(event_name));
        m.insert("room_name".into(), json!(self.name));
        m.insert("room_jid".into(), json!(self.jid()));
        m.insert("is_breakout".into(), json!(self.breakout.is_some()));
        if let Some(b) = &self.breakout {
            m.insert("breakout_room_id".into(), json!(b));
        }
        m
    }

    pub fn created(&self, at: DateTime<Utc>) -> (&'static str, Value) {
        let mut m = self.base("muc-room-created");
        m.insert("created_at".into(), json!(at.timestamp()));
        ("room/created", Value::Object(m))
    }

    /// `stays`: everyone who was ever in the room, with their last join and leave.
    pub fn destroyed(
        &self,
        created: DateTime<Utc>,
        at: DateTime<Utc>,
        stays: &[(&Occupant, DateTime<Utc>, DateTime<Utc>)],
    ) -> (&'static str, Value) {
        let mut m = self.base("muc-room-destroyed");
        m.insert("created_at".into(), json!(created.timestamp()));
        m.insert("destroyed_at".into(), json!(at.timestamp()));
        let all: Vec<Value> = stays.iter().map(|(o, j, l)| o.json(*j, Some(*l))).collect();
        // Prosody's util.json writes an empty Lua table as an object.
        m.insert(
            "all_occupants".into(),
            if all.is_empty() {
                json!({})
            } else {
                json!(all)
            },
        );
        ("room/destroyed", Value::Object(m))
    }

    pub fn joined(&self, o: &Occupant, at: DateTime<Utc>, count: u32) -> (&'static str, Value) {
        let mut m = self.base("muc-occupant-joined");
        m.insert("occupant".into(), o.json(at, None));
        m.insert("active_occupants_count".into(), json!(count));
        ("occupant/joined", Value::Object(m))
    }

    pub fn left(
        &self,
        o: &Occupant,
        joined: DateTime<Utc>,
        at: DateTime<Utc>,
        count: u32,
    ) -> (&'static str, Value) {
        let mut m = self.base("muc-occupant-left");
        m.insert("occupant".into(), o.json(joined, Some(at)));
        m.insert("active_occupants_count".into(), json!(count));
        ("occupant/left", Value::Object(m))
    }
}

impl TestApp {
    /// Posts raw bytes to a Prosody hook with the given Authorization header (if any).
    pub async fn post_hook_raw(
        &self,
        event: &str,
        authorization: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let mut rb = self
            .client
            .post(self.url(&format!("/hooks/prosody/events/{event}")))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Prosody (0.12.3; posix)");
        if let Some(a) = authorization {
            rb = rb.header("Authorization", a);
        }
        let r = rb.body(body).send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}")),
        )
    }

    /// Posts one event the way the plugin does, and expects it accepted.
    pub async fn prosody(&self, (event, body): (&str, Value)) -> String {
        let (status, answer) = self
            .post_hook_raw(
                event,
                Some(&format!("Bearer {HOOK_SECRET}")),
                body.to_string(),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{event} {body}: {answer}");
        answer["result"].as_str().unwrap().to_string()
    }

    pub async fn attendance(&self, user: &str, id: i64) -> (StatusCode, Value) {
        self.api_as(
            user,
            reqwest::Method::GET,
            &format!("/api/v1/meetings/{id}/attendance"),
            None,
        )
        .await
    }
}
