//! Ending rooms at the booked end plus grace, against a loopback stand-in for jitsi-meet's
//! `mod_muc_end_meeting` (Jitsi itself is the one thing the tests may fake).

use std::collections::VecDeque;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::{DateTime, Duration, Utc};
use jmb::config::{Config, Secret};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::Value;

use crate::helpers::{TestApp, meeting_json, spawn_app_with, t0};
use crate::prosody::{HOOK_SECRET, MUC, Occupant, Room};

const KID: &str = "jmb-system/1";

/// One request the stand-in received.
#[derive(Debug, Clone)]
struct Call {
    method: String,
    path: String,
    conference: String,
    authorization: String,
}

#[derive(Clone, Default)]
struct Fake {
    calls: Arc<Mutex<Vec<Call>>>,
    /// Status codes to answer with, in turn; 200 once they run out.
    replies: Arc<Mutex<VecDeque<u16>>>,
}

async fn record(fake: web::Data<Fake>, req: HttpRequest) -> HttpResponse {
    let query: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect();
    fake.calls.lock().unwrap().push(Call {
        method: req.method().to_string(),
        path: req.path().to_string(),
        conference: query
            .iter()
            .find(|(k, _)| k == "conference")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        authorization: req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
    });
    let code = fake.replies.lock().unwrap().pop_front().unwrap_or(200);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap()).finish()
}

impl Fake {
    fn start(replies: &[u16]) -> (Fake, u16) {
        let fake = Fake::default();
        fake.replies.lock().unwrap().extend(replies);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let data = web::Data::new(fake.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(record))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        (fake, port)
    }

    fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// Waits until `n` calls arrived (the scheduler runs every second of real time).
    async fn wait_for(&self, n: usize) -> Vec<Call> {
        crate::servers::poll_until(
            StdDuration::from_secs(15),
            StdDuration::from_millis(50),
            async || {
                let calls = self.calls();
                (calls.len() >= n).then_some(calls)
            },
        )
        .await
        .unwrap_or_else(|| panic!("expected {n} calls, got {:?}", self.calls()))
    }
}

/// A fresh RSA key pair (private PKCS#8, public SPKI), made by openssl.
fn rsa_keys(dir: &Path) -> Option<(String, String)> {
    let private = dir.join("system.pem");
    let made = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ])
        .arg(&private)
        .output();
    if !made.as_ref().is_ok_and(|o| o.status.success()) {
        crate::servers::unavailable("openssl", format!("cannot make an RSA key: {made:?}"));
        return None;
    }
    let public = Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(&private)
        .output()
        .unwrap();
    Some((
        std::fs::read_to_string(&private).unwrap(),
        String::from_utf8(public.stdout).unwrap(),
    ))
}

fn configure(c: &mut Config, port: u16, private_pem: &str) {
    c.hooks.secret = Secret::new(HOOK_SECRET);
    c.jitsi.end_meeting_url = format!("http://127.0.0.1:{port}/end-meeting");
    c.jitsi.system_key = Secret::new(private_pem);
    c.jitsi.system_key_id = KID.into();
    c.jitsi.grace_min = 5;
}

/// The meeting starts an hour after the test clock's now and lasts an hour.
fn end() -> DateTime<Utc> {
    t0() + Duration::hours(2)
}

async fn live_meeting(app: &TestApp) -> (i64, String) {
    let m = app.book("alice", &meeting_json("Ends on time", 1)).await;
    let room = m["room"].as_str().unwrap().to_string();
    let alice = Occupant::token("alice", "alice@example.org", "alice", "s1");
    app.prosody(Room::main(&room).joined(&alice, t0() + Duration::hours(1), 1))
        .await;
    let id = m["id"].as_i64().unwrap();
    assert_eq!(app.meeting("alice", id).await["status"], "in-progress");
    (id, room)
}

fn check_system_token(call: &Call, public_pem: &str, now: DateTime<Utc>) {
    let token = call
        .authorization
        .strip_prefix("Bearer ")
        .expect("a bearer token");
    let header = decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(header.kid.as_deref(), Some(KID));
    let mut v = Validation::new(Algorithm::RS256);
    v.set_audience(&["jitsi"]);
    v.validate_exp = false; // checked below against the test clock
    let claims = decode::<Value>(
        token,
        &DecodingKey::from_rsa_pem(public_pem.as_bytes()).unwrap(),
        &v,
    )
    .expect("signed with the configured key")
    .claims;
    assert_eq!(claims["iss"], "jmb");
    assert_eq!(claims["room"], "*");
    assert_eq!(claims["sub"], "meet.example.org");
    let (nbf, exp) = (
        claims["nbf"].as_i64().unwrap(),
        claims["exp"].as_i64().unwrap(),
    );
    assert!(
        nbf <= now.timestamp() && now.timestamp() < exp && exp - nbf <= 600,
        "{claims}"
    );
}

#[tokio::test]
async fn a_live_room_is_ended_once_at_its_booked_end_plus_grace_even_by_two_jmb_processes() {
    let dir = tempfile::tempdir().unwrap();
    let Some((private, public)) = rsa_keys(dir.path()) else {
        return;
    };
    let (fake, port) = Fake::start(&[]);
    let app = spawn_app_with(|c| {
        configure(c, port, &private);
        c.reminders.interval_s = 1;
    })
    .await;
    // A second jmb on the same database and clock, as with two servers behind a balancer.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let second = jmb::startup::Application::build_on(
        app.config.clone(),
        Arc::new(app.clock.clone()),
        listener,
    )
    .await
    .unwrap();
    tokio::spawn(second.run_until_stopped());

    let (id, room) = live_meeting(&app).await;
    app.clock
        .set(end() + Duration::minutes(5) - Duration::seconds(1));
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    assert!(fake.calls().is_empty(), "too early: {:?}", fake.calls());

    app.clock.set(end() + Duration::minutes(5));
    let calls = fake.wait_for(1).await;
    // Several more passes of both processes: still one call.
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    let calls_after = fake.calls();
    assert_eq!(calls_after.len(), 1, "{calls_after:?}");
    let call = &calls[0];
    assert_eq!(
        (call.method.as_str(), call.path.as_str()),
        ("POST", "/end-meeting")
    );
    assert_eq!(call.conference, format!("{room}@{MUC}"));
    check_system_token(call, &public, app.clock_now());

    // Prosody then reports the room destroyed; the meeting is complete.
    let alice = Occupant::token("alice", "alice@example.org", "alice", "s1");
    let main = Room::main(&room);
    app.prosody(main.destroyed(
        t0() + Duration::hours(1),
        end() + Duration::minutes(5),
        &[(
            &alice,
            t0() + Duration::hours(1),
            end() + Duration::minutes(5),
        )],
    ))
    .await;
    assert_eq!(app.meeting("alice", id).await["status"], "completed");
}

impl TestApp {
    fn clock_now(&self) -> DateTime<Utc> {
        use jmb::clock::Clock;
        self.clock.now()
    }
}

fn ender(port: u16, private: &str) -> jmb::jitsi::end_meeting::Ender {
    let mut c = Config::default();
    configure(&mut c, port, private);
    jmb::jitsi::end_meeting::Ender::from_config(&c.jitsi)
        .unwrap()
        .expect("configured")
}

const POLICY: jmb::service::room_end::Policy = jmb::service::room_end::Policy {
    grace: Duration::minutes(5),
    retry_after: Duration::minutes(1),
};

#[tokio::test]
async fn a_failed_call_is_retried_a_minute_later_and_a_vanished_room_completes_its_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let Some((private, _)) = rsa_keys(dir.path()) else {
        return;
    };
    let (fake, port) = Fake::start(&[500, 503, 404]);
    // This app runs no scheduler of its own (no end_meeting_url): the test drives the passes.
    let app = spawn_app_with(|c| c.hooks.secret = Secret::new(HOOK_SECRET)).await;
    let (id, _) = live_meeting(&app).await;
    let db = jmb::store::Db::connect(&app.config.database, 2).unwrap();
    let ender = ender(port, &private);
    let pass = |at: DateTime<Utc>| {
        let (db, ender) = (db.clone(), ender.clone());
        async move {
            jmb::service::room_end::pass(&db, &ender, at, POLICY)
                .await
                .unwrap()
        }
    };

    let due = end() + Duration::minutes(5);
    assert!(pass(due - Duration::seconds(1)).await.is_empty());
    let first = pass(due).await;
    assert!(
        matches!(first[..], [(m, jmb::jitsi::end_meeting::Outcome::Failed(_))] if m == id),
        "{first:?}"
    );
    assert!(
        pass(due + Duration::seconds(59)).await.is_empty(),
        "not yet retried"
    );
    assert_eq!(fake.calls().len(), 1);
    let second = pass(due + Duration::seconds(60)).await;
    assert!(matches!(
        second[..],
        [(_, jmb::jitsi::end_meeting::Outcome::Failed(_))]
    ));
    assert_eq!(app.meeting("alice", id).await["status"], "in-progress");
    // The third try finds no such room: the meeting is over, whatever Prosody failed to say.
    let third = pass(due + Duration::minutes(3)).await;
    assert_eq!(third, vec![(id, jmb::jitsi::end_meeting::Outcome::Gone)]);
    assert_eq!(app.meeting("alice", id).await["status"], "completed");
    assert!(pass(due + Duration::minutes(10)).await.is_empty());
    assert_eq!(fake.calls().len(), 3);
}

#[tokio::test]
async fn passes_racing_on_one_database_end_each_room_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let Some((private, _)) = rsa_keys(dir.path()) else {
        return;
    };
    let (fake, port) = Fake::start(&[]);
    let app = spawn_app_with(|c| c.hooks.secret = Secret::new(HOOK_SECRET)).await;
    let mut rooms = Vec::new();
    for _ in 0..5 {
        rooms.push(live_meeting(&app).await.1);
    }
    // A meeting nobody entered is left alone: there is no room to end.
    let idle = app.book("alice", &meeting_json("Nobody came", 1)).await;
    let ender = ender(port, &private);
    let mut racers = Vec::new();
    for _ in 0..8 {
        let db = jmb::store::Db::connect(&app.config.database, 2).unwrap();
        let ender = ender.clone();
        racers.push(tokio::spawn(async move {
            jmb::service::room_end::pass(&db, &ender, end() + Duration::minutes(6), POLICY)
                .await
                .unwrap()
        }));
    }
    let mut handled = 0;
    for r in racers {
        handled += r.await.unwrap().len();
    }
    assert_eq!(handled, 5);
    let mut ended: Vec<String> = fake.calls().into_iter().map(|c| c.conference).collect();
    ended.sort();
    let mut expected: Vec<String> = rooms.iter().map(|r| format!("{r}@{MUC}")).collect();
    expected.sort();
    assert_eq!(ended, expected);
    assert_eq!(
        app.meeting("alice", idle["id"].as_i64().unwrap()).await["status"],
        "scheduled"
    );
}

#[tokio::test]
async fn a_series_room_is_ended_at_the_end_of_each_occurrence_held_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let Some((private, _)) = rsa_keys(dir.path()) else {
        return;
    };
    let (fake, port) = Fake::start(&[]);
    let app = spawn_app_with(|c| c.hooks.secret = Secret::new(HOOK_SECRET)).await;
    let mut body = meeting_json("Daily", 1);
    body["recurrence"] = serde_json::json!({"freq": "daily", "count": 3});
    let m = app.book("alice", &body).await;
    let (id, room) = (m["id"].as_i64().unwrap(), m["room"].as_str().unwrap());
    // The second day's occurrence is moved an hour later.
    let day2 = t0() + Duration::days(1) + Duration::hours(1);
    let path = format!(
        "/api/v1/meetings/{id}/occurrences/{}",
        day2.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    let moved = day2 + Duration::hours(1);
    let (status, json) = app
        .api_as(
            "alice",
            reqwest::Method::PATCH,
            &path,
            Some(&serde_json::json!({"start": moved.to_rfc3339()})),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{json}");
    let db = jmb::store::Db::connect(&app.config.database, 2).unwrap();
    let ender = ender(port, &private);
    let pass = |at: DateTime<Utc>| {
        let (db, ender) = (db.clone(), ender.clone());
        async move {
            jmb::service::room_end::pass(&db, &ender, at, POLICY)
                .await
                .unwrap()
        }
    };
    let alice = Occupant::token("alice", "alice@example.org", "alice", "s1");
    let main = Room::main(room);

    // Day one: ended at its own end plus grace, not at the series' last end.
    let start1 = t0() + Duration::hours(1);
    app.prosody(main.created(start1)).await;
    app.prosody(main.joined(&alice, start1, 1)).await;
    let due1 = end() + Duration::minutes(5);
    assert!(pass(due1 - Duration::seconds(1)).await.is_empty());
    assert_eq!(pass(due1).await.len(), 1);
    assert!(pass(due1 + Duration::minutes(30)).await.is_empty(), "once");
    app.prosody(main.destroyed(start1, due1, &[(&alice, start1, due1)]))
        .await;

    // Day two, moved: its room is ended at the moved end, once.
    app.prosody(main.created(moved)).await;
    app.prosody(main.joined(&alice, moved, 1)).await;
    assert_eq!(app.meeting("alice", id).await["status"], "in-progress");
    let due2 = moved + Duration::hours(1) + Duration::minutes(5);
    assert!(
        pass(day2 + Duration::hours(1) + Duration::minutes(5))
            .await
            .is_empty()
    );
    assert!(pass(due2 - Duration::seconds(1)).await.is_empty());
    assert_eq!(pass(due2).await.len(), 1);
    assert!(pass(due2 + Duration::minutes(30)).await.is_empty(), "once");
    assert_eq!(fake.calls().len(), 2);
}
