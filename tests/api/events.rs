//! Prosody's event_sync against the running app: realistic sequences, retries, reordering,
//! breakout rooms, guests, unknown rooms, wrong secrets, bad bodies; attendance to the second.

use chrono::{DateTime, Duration, Utc};
use jmb::config::Secret;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, captured_log, meeting_json, spawn_app_with, t0};
use crate::metrics::sample;
use crate::prosody::{HOOK_SECRET, Occupant, Room};

async fn app() -> TestApp {
    spawn_app_with(|c| c.hooks.secret = Secret::new(HOOK_SECRET)).await
}

/// The booked start of the meetings below: one hour after the test clock's now.
fn s() -> DateTime<Utc> {
    t0() + Duration::hours(1)
}

fn at(min: i64, sec: i64) -> DateTime<Utc> {
    s() + Duration::minutes(min) + Duration::seconds(sec)
}

/// A booked meeting and the people who come to it.
struct Cast {
    id: i64,
    room: String,
    alice: Occupant,
    ann: Occupant,
    bob1: Occupant,
    bob2: Occupant,
    guest: Occupant,
}

async fn book(app: &TestApp) -> Cast {
    let m = app.book("alice", &meeting_json("Weekly sync", 1)).await;
    let ann_id = m["invitees"][0]["id"].as_i64().unwrap().to_string();
    let bob_id = m["invitees"][1]["id"].as_i64().unwrap().to_string();
    Cast {
        id: m["id"].as_i64().unwrap(),
        room: m["room"].as_str().unwrap().to_string(),
        // What jmb's own tokens carry: the owner's login as id, the invitee id for invitees.
        alice: Occupant::token("alice", "alice@example.org", "alice", "s1"),
        ann: Occupant::token("Ann Moderator", "ann@example.net", &ann_id, "s1"),
        bob1: Occupant::token("Bob B.", "bob@example.org", &bob_id, "s1"),
        bob2: Occupant::token("Bob B.", "bob@example.org", &bob_id, "s2"),
        guest: Occupant::guest("g1"),
    }
}

/// An hour-long meeting as Prosody reports it, in the order it happens: the owner's join
/// overtakes the room's creation, Ann spends a while in a breakout room, Bob comes twice,
/// a guest without token drops in, Ann's last leave is lost and only the destruction's
/// occupant list tells it.
fn timeline(c: &Cast) -> Vec<(&'static str, Value)> {
    let main = Room::main(&c.room);
    let b1 = Room::breakout(&c.room, "b1");
    vec![
        main.joined(&c.alice, at(-2, 0), 1),
        main.created(at(-2, 0)),
        main.joined(&c.ann, at(0, 30), 2),
        main.joined(&c.guest, at(1, 0), 3),
        main.joined(&c.bob1, at(5, 0), 4),
        main.left(&c.ann, at(0, 30), at(10, 0), 3),
        b1.created(at(10, 0)),
        b1.joined(&c.ann, at(10, 0), 1),
        main.left(&c.bob1, at(5, 0), at(15, 0), 2),
        main.left(&c.guest, at(1, 0), at(20, 0), 1),
        b1.left(&c.ann, at(10, 0), at(25, 0), 0),
        b1.destroyed(at(10, 0), at(25, 0), &[(&c.ann, at(10, 0), at(25, 0))]),
        main.joined(&c.ann, at(25, 0), 2),
        main.joined(&c.bob2, at(30, 0), 3),
        main.left(&c.bob2, at(30, 0), at(45, 0), 2),
        main.left(&c.alice, at(-2, 0), at(60, 0), 1),
        main.destroyed(
            at(-2, 0),
            at(61, 0),
            &[
                (&c.alice, at(-2, 0), at(60, 0)),
                // Only each session's latest stay: the plugin keys its list by occupant JID.
                (&c.ann, at(25, 0), at(61, 0)),
                (&c.guest, at(1, 0), at(20, 0)),
                (&c.bob1, at(5, 0), at(15, 0)),
                (&c.bob2, at(30, 0), at(45, 0)),
            ],
        ),
    ]
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `jmb_participants_in_rooms` and `jmb_rooms_in_progress` from `/metrics`.
async fn counts(app: &TestApp) -> (i64, i64) {
    let body = app.get("/metrics").await.text().await.unwrap();
    let v = |s: &str| sample(&body, s).unwrap_or_else(|| panic!("no {s} in\n{body}")) as i64;
    (v("jmb_participants_in_rooms"), v("jmb_rooms_in_progress"))
}

async fn status(app: &TestApp, id: i64) -> String {
    app.meeting("alice", id).await["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_hour_long_meeting_is_recorded_to_the_second_and_completes_when_its_room_goes() {
    let app = app().await;
    let c = book(&app).await;
    assert_eq!(status(&app, c.id).await, "scheduled");
    let events = timeline(&c);
    for (n, e) in events.into_iter().enumerate() {
        let (kind, _) = e;
        assert_eq!(app.prosody(e).await, "recorded", "event {n} ({kind})");
        if n == 0 {
            assert_eq!(status(&app, c.id).await, "in-progress");
            assert_eq!(counts(&app).await, (1, 1));
        }
        if n == 4 {
            assert_eq!(counts(&app).await, (4, 1), "Alice, Ann, the guest and Bob");
        }
    }
    assert_eq!(status(&app, c.id).await, "completed");
    assert_eq!(counts(&app).await, (0, 0));

    let (st, list) = app.attendance("alice", c.id).await;
    assert_eq!(st, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap().clone();
    let names: Vec<&str> = list.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "Ann Moderator", "Guest 1", "Bob B."]);
    let expect = [
        // name, mail, moderator, first join, last leave, seconds present
        ("alice@example.org", true, at(-2, 0), at(60, 0), 62 * 60),
        ("ann@example.net", true, at(0, 30), at(61, 0), 60 * 60 + 30),
        ("", false, at(1, 0), at(20, 0), 19 * 60),
        ("bob@example.org", false, at(5, 0), at(45, 0), 25 * 60),
    ];
    for (a, (mail, moderator, first, last, seconds)) in list.iter().zip(expect) {
        assert_eq!(a["email"].as_str().unwrap_or(""), mail, "{a}");
        assert_eq!(a["moderator"], moderator, "{a}");
        assert_eq!(a["joined_at"], rfc(first), "{a}");
        assert_eq!(a["left_at"], rfc(last), "{a}");
        assert_eq!(a["seconds_present"], seconds, "{a}");
        assert_eq!(a["present"], false, "{a}");
    }
    assert_eq!(list[1]["invitee_id"].to_string(), c.ann.id.clone().unwrap());
    assert_eq!(list[2]["guest"], true);
    assert!(list[2].get("email").is_none());
    let ann_stays = &list[1]["stays"];
    assert_eq!(ann_stays.as_array().unwrap().len(), 3, "{ann_stays}");
    assert_eq!(ann_stays[1]["breakout"], "b1");
    assert_eq!(ann_stays[1]["joined_at"], rfc(at(10, 0)));
    assert_eq!(list[3]["stays"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn retried_duplicated_and_reversed_events_give_the_same_attendance() {
    let in_order = app().await;
    let c = book(&in_order).await;
    for e in timeline(&c) {
        in_order.prosody(e).await;
    }
    let (_, expected) = in_order.attendance("alice", c.id).await;

    // Every event twice (the plugin retries on 5xx and timeouts), newest first.
    let shuffled = app().await;
    let c2 = book(&shuffled).await;
    assert_eq!((c2.id, &c2.ann.id), (c.id, &c.ann.id));
    let mut events = timeline(&c2);
    events.reverse();
    for e in events {
        shuffled.prosody(e.clone()).await;
        let again = shuffled.prosody(e.clone()).await;
        if e.0 == "occupant/joined" {
            assert_eq!(again, "duplicate", "{}", e.1);
        }
    }
    let (_, got) = shuffled.attendance("alice", c2.id).await;
    assert_eq!(got, expected);
    assert_eq!(status(&shuffled, c2.id).await, "completed");
    assert_eq!(counts(&shuffled).await, (0, 0));

    // Late copies of the joins after the end reopen nothing.
    for e in timeline(&c2)
        .into_iter()
        .filter(|e| e.0 == "occupant/joined")
    {
        assert_eq!(shuffled.prosody(e).await, "duplicate");
    }
    assert_eq!(status(&shuffled, c2.id).await, "completed");
    assert_eq!(counts(&shuffled).await, (0, 0));
}

#[tokio::test]
async fn events_for_rooms_jmb_did_not_book_are_acknowledged_and_ignored() {
    let app = app().await;
    let c = book(&app).await;
    let stranger = Room::main("somebody-elses-room");
    for e in [
        stranger.created(at(0, 0)),
        stranger.joined(&c.guest, at(0, 1), 1),
        stranger.left(&c.guest, at(0, 1), at(3, 0), 0),
        stranger.destroyed(at(0, 0), at(3, 0), &[(&c.guest, at(0, 1), at(3, 0))]),
    ] {
        assert_eq!(app.prosody(e).await, "ignored");
    }
    // A tenant prefix and upper case still find a booked room.
    let mut tenant =
        Room::main(&format!("[acme]{}", c.room.to_uppercase())).joined(&c.bob1, at(0, 0), 1);
    tenant.1["room_jid"] = json!(format!("[acme]{}@conference.meet.example.org", c.room));
    assert_eq!(app.prosody(tenant).await, "recorded");
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["name"], "Bob B.");
    assert_eq!(list[0]["present"], true);
    assert_eq!(counts(&app).await, (1, 1));
}

#[tokio::test]
async fn someone_still_in_the_room_counts_up_to_now() {
    let app = app().await;
    let c = book(&app).await;
    app.clock.set(at(30, 0));
    app.prosody(Room::main(&c.room).joined(&c.ann, at(0, 0), 1))
        .await;
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list[0]["present"], true);
    assert_eq!(list[0]["left_at"], Value::Null);
    assert_eq!(list[0]["seconds_present"], 30 * 60);
    app.clock.set(at(42, 7));
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list[0]["seconds_present"], 42 * 60 + 7);
}

#[tokio::test]
async fn a_rehearsal_before_the_start_leaves_the_meeting_scheduled() {
    let app = app().await;
    let c = book(&app).await;
    let main = Room::main(&c.room);
    app.prosody(main.created(at(-14, 0))).await;
    app.prosody(main.joined(&c.alice, at(-14, 0), 1)).await;
    assert_eq!(status(&app, c.id).await, "in-progress");
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("in progress"), "{html}");
    app.prosody(main.left(&c.alice, at(-14, 0), at(-12, 0), 0))
        .await;
    app.prosody(main.destroyed(
        at(-14, 0),
        at(-12, 0),
        &[(&c.alice, at(-14, 0), at(-12, 0))],
    ))
    .await;
    assert_eq!(status(&app, c.id).await, "scheduled");
    // An empty room closing after the start completes nothing.
    let empty = book(&app).await;
    let room = Room::main(&empty.room);
    app.prosody(room.created(at(1, 0))).await;
    app.prosody(room.destroyed(at(1, 0), at(1, 5), &[])).await;
    assert_eq!(status(&app, empty.id).await, "scheduled");
    // The real meeting, later, completes.
    app.prosody(main.created(at(0, 0))).await;
    app.prosody(main.joined(&c.alice, at(0, 0), 1)).await;
    app.prosody(main.destroyed(at(0, 0), at(50, 0), &[(&c.alice, at(0, 0), at(50, 0))]))
        .await;
    assert_eq!(status(&app, c.id).await, "completed");
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list[0]["seconds_present"], 2 * 60 + 50 * 60);
    assert_eq!(list[0]["stays"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_cancelled_meeting_stays_cancelled_when_someone_enters_its_room() {
    let app = app().await;
    let c = book(&app).await;
    // The room exists before the cancellation: what jmb read of the meeting then is stale.
    app.prosody(Room::main(&c.room).created(at(-20, 0))).await;
    app.cancel("alice", &c.id).await;
    app.prosody(Room::main(&c.room).joined(&c.guest, at(0, 0), 1))
        .await;
    assert_eq!(status(&app, c.id).await, "cancelled");
}

#[tokio::test]
async fn changes_made_on_the_pages_meanwhile_are_seen_by_the_next_events() {
    let app = app().await;
    let c = book(&app).await;
    let main = Room::main(&c.room);
    app.prosody(main.joined(&c.bob1, at(0, 0), 1)).await;
    app.prosody(main.left(&c.bob1, at(0, 0), at(5, 0), 0)).await;
    // Bob becomes a moderator, and the room gets another name.
    let mut body = meeting_json("Weekly sync", 1);
    body["invitees"][1]["role"] = json!("moderator");
    body["room"] = json!("renamed-room");
    let (st, m) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{}", c.id),
            Some(&body),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{m}");
    assert_eq!(
        app.prosody(main.joined(&c.bob2, at(10, 0), 1)).await,
        "ignored"
    );
    let renamed = Room::main("renamed-room");
    assert_eq!(
        app.prosody(renamed.joined(&c.bob2, at(10, 0), 1)).await,
        "recorded"
    );
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list[0]["moderator"], true, "{list}");
    let stays = list[0]["stays"].as_array().unwrap();
    assert_eq!(stays.len(), 2, "{list}");
}

/// Requests as someone whose mail is not `login@example.org`.
async fn get_with_mail(app: &TestApp, login: &str, mail: &str, path: &str) -> (StatusCode, String) {
    let r = app
        .client
        .get(app.url(path))
        .header("X-Remote-User", login)
        .header("X-Remote-Mail", mail)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn the_owner_and_moderators_read_attendance_and_only_the_owner_downloads_it() {
    let app = app().await;
    let c = book(&app).await;
    for e in timeline(&c) {
        app.prosody(e).await;
    }
    let page = format!("/booking/{}", c.id);
    let api = format!("/api/v1/meetings/{}/attendance", c.id);
    let csv = format!("/booking/{}/attendance.csv", c.id);

    let (st, html) = app.text_as("alice", &page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("id=\"attendance\""), "{html}");
    for figure in ["1:02:00", "1:00:30", "0:19:00", "0:25:00", "Guest 1"] {
        assert!(html.contains(figure), "{figure} missing");
    }
    assert!(html.contains("attendance.csv"));

    // Ann is a moderator: she reads it, but the download is the owner's.
    let (st, html) = get_with_mail(&app, "ann", "ann@example.net", &page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("id=\"attendance\"") && html.contains("1:00:30"));
    assert!(!html.contains("attendance.csv"));
    let (st, body) = get_with_mail(&app, "ann", "ann@example.net", &api).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let (st, _) = get_with_mail(&app, "ann", "ann@example.net", &csv).await;
    assert_eq!(st, StatusCode::FORBIDDEN);

    // Bob is a participant: the page without attendance, and no API.
    let (st, html) = app.text_as("bob", &page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(!html.contains("id=\"attendance\"") && !html.contains("1:02:00"));
    let (st, err) = app.attendance("bob", c.id).await;
    assert_eq!(st, StatusCode::FORBIDDEN, "{err}");
    assert_eq!(err["error"]["code"], "not_owner");
    // To a stranger the meeting does not exist.
    let (st, _) = app.attendance("mallory", c.id).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_as("bob", &csv).await.status(),
        StatusCode::FORBIDDEN
    );

    let r = app.get_as("alice", &csv).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let text = r.text().await.unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Name,Mail,Moderator,First joined,Last left,Seconds,Time present"
    );
    assert_eq!(
        lines[1],
        "alice,alice@example.org,yes,2026-12-01T09:58:00+01:00,2026-12-01T11:00:00+01:00,3720,1:02:00"
    );
    assert_eq!(
        lines[3],
        "Guest 1,,no,2026-12-01T10:01:00+01:00,2026-12-01T10:20:00+01:00,1140,0:19:00"
    );
    assert_eq!(
        lines[4],
        "Bob B.,bob@example.org,no,2026-12-01T10:05:00+01:00,2026-12-01T10:45:00+01:00,1500,0:25:00"
    );
    assert_eq!(lines.len(), 6, "four people and a final line end: {text}");
}

#[tokio::test]
async fn a_name_that_a_spreadsheet_would_run_comes_out_inert_in_the_csv() {
    let app = app().await;
    let c = book(&app).await;
    let evil = Occupant::token("=HYPERLINK(\"http://x\",\"y\")", "eve@else.org", "e", "s1");
    app.prosody(Room::main(&c.room).joined(&evil, at(0, 0), 1))
        .await;
    let text = app
        .get_as("alice", &format!("/booking/{}/attendance.csv", c.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",eve@else.org,no"),
        "{text}"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_401_and_the_offered_value_is_never_logged() {
    let log = captured_log();
    let app = app().await;
    let c = book(&app).await;
    let join = Room::main(&c.room).joined(&c.ann, at(0, 0), 1);
    let body = join.1.to_string();
    let wrong = "Bearer offered-value-7f3a9c-must-not-be-logged";
    for auth in [
        None,
        Some(wrong),
        Some("Bearer "),
        Some(&format!("Basic {HOOK_SECRET}") as &str),
        Some(&format!("bearer {HOOK_SECRET}") as &str),
        Some(&format!("Bearer {HOOK_SECRET}x") as &str),
        Some(&format!("Bearer {}", &HOOK_SECRET[..HOOK_SECRET.len() - 1]) as &str),
    ] {
        let (st, err) = app.post_hook_raw(join.0, auth, body.clone()).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(err["error"]["code"], "unauthenticated", "{auth:?}");
    }
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list, json!([]), "nothing was recorded");
    assert_eq!(status(&app, c.id).await, "scheduled");

    let text = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    assert!(text.contains("webhook refused"), "{text}");
    assert!(!text.contains("offered-value-7f3a9c"), "{text}");
    assert!(!text.contains(HOOK_SECRET), "{text}");

    // With no secret configured, the hooks refuse everything, even an empty bearer.
    let open = spawn_app_with(|_| {}).await;
    let c = book(&open).await;
    let join = Room::main(&c.room).joined(&c.ann, at(0, 0), 1);
    for auth in [None, Some("Bearer "), Some("Bearer")] {
        let (st, _) = open.post_hook_raw(join.0, auth, join.1.to_string()).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{auth:?}");
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_and_a_megabyte_is_413_and_nothing_breaks() {
    let app = app().await;
    let c = book(&app).await;
    let bearer = format!("Bearer {HOOK_SECRET}");
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("occupant/joined", b"{not json".to_vec(), None),
        ("occupant/joined", b"".to_vec(), None),
        ("occupant/joined", b"[]".to_vec(), None),
        ("occupant/joined", br#"{"room_name": 42}"#.to_vec(), Some("room_name")),
        ("occupant/joined", format!(r#"{{"room_name":"{}"}}"#, c.room).into_bytes(), Some("occupant")),
        (
            "occupant/left",
            format!(r#"{{"room_name":"{}","occupant":{{"occupant_jid":"a@b/c","joined_at":"yesterday"}}}}"#, c.room).into_bytes(),
            Some("occupant.joined_at"),
        ),
        (
            "room/destroyed",
            format!(r#"{{"room_name":"{}","destroyed_at":1796288400,"all_occupants":"everyone"}}"#, c.room).into_bytes(),
            Some("all_occupants"),
        ),
        (
            "room/created",
            format!(r#"{{"event_name":"muc-room-destroyed","room_name":"{}"}}"#, c.room).into_bytes(),
            Some("event_name"),
        ),
        ("occupant/joined", vec![0xff, 0xfe, b'{'], None),
    ];
    for (event, body, field) in cases {
        let shown = String::from_utf8_lossy(&body).to_string();
        let (st, err) = app.post_hook_raw(event, Some(&bearer), body).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{shown}: {err}");
        assert_eq!(err["error"]["code"], "bad_request", "{shown}");
        assert_eq!(err["error"]["field"].as_str(), field, "{shown}: {err}");
    }
    // A megabyte: refused whole, with or without the right secret.
    let (_, join) = Room::main(&c.room).joined(&c.ann, at(0, 0), 1);
    let mut huge = join.clone();
    huge["padding"] = json!("x".repeat(1 << 20));
    let (st, err) = app
        .post_hook_raw("occupant/joined", Some(&bearer), huge.to_string())
        .await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(err["error"]["code"], "payload_too_large");
    let (st, _) = app
        .post_hook_raw("occupant/joined", Some("Bearer nope"), huge.to_string())
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // Unknown hook paths are 404 JSON, never a page.
    let (st, err) = app
        .post_hook_raw("occupant/waved", Some(&bearer), join.to_string())
        .await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert_eq!(err["error"]["code"], "not_found");

    // The same connection pool and writer still work.
    assert_eq!(app.prosody(("occupant/joined", join)).await, "recorded");
    let (_, list) = app.attendance("alice", c.id).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

/// tests/install.rs checks that the sample is valid Lua; this, that it says what jmb needs.
#[test]
fn the_prosody_sample_points_event_sync_at_jmb_and_lets_jmb_end_rooms() {
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("conf-samples/prosody.cfg.lua");
    let text = std::fs::read_to_string(&sample).unwrap();
    for needle in [
        "\"event_sync_component\"",
        "api_prefix = \"https://booking.example.org/hooks/prosody\"",
        "[\"Authorization\"] = \"Bearer ",
        "\"muc_wait_for_host\"",
        "wait_for_host_disable_auto_owners = true",
        "app_id = \"jmb\"",
        "prosody_password_public_key_repo_url",
        "\"muc_end_meeting\"",
    ] {
        assert!(
            text.contains(needle),
            "{needle} missing from {}",
            sample.display()
        );
    }
}
