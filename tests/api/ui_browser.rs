//! The pages in a real browser (Debian's chromium driven by playwright-core, through
//! `tests/support/browser_ui.mjs`): booking through the form, answering on a phone, the
//! embedded meeting, and a tour of the main pages with screenshots (kept in
//! `target/screenshots/` for CI), axe-core and a horizontal-scroll check.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode};
use serde_json::{Value, json};

use crate::helpers::{SECRET, TestApp, invitee, meeting_json, spawn_app, spawn_app_with, t0};
use crate::servers::run_browser_script;

async fn run(mode: &str, args: Value) -> Option<Value> {
    run_browser_script("browser_ui.mjs", &[mode, &args.to_string()]).await
}

fn meeting_at(subject: &str, start: DateTime<Utc>, invitees: Value) -> Value {
    json!({
        "subject": subject,
        "description": "Agenda: everything",
        "start": start.to_rfc3339(),
        "duration_min": 60,
        "invitees": invitees,
    })
}

fn team() -> Value {
    json!([
        {"email": "ann@example.net", "name": "Ann Moderator", "role": "moderator"},
        {"email": "bob@example.org", "name": "Bob Participant", "role": "participant"},
        {"email": "carol@example.net", "name": "Carol Smith", "role": "participant"}
    ])
}

fn link_of(app: &TestApp, m: &Value, email: &str, which: &str) -> String {
    app.path_of(invitee(m, email)[which].as_str().unwrap())
}

fn partstat(m: &Value, email: &str) -> String {
    invitee(m, email)["partstat"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_meeting_booked_through_the_form_with_a_duration_preset_is_saved_as_typed() {
    let app = spawn_app().await;
    let Some(out) = run(
        "book",
        json!({
            "base": app.base,
            "user": "alice",
            "subject": "Booked in a browser",
            "date": "2026-12-03",
            "time": "14:30",
            "preset": 45,
            "description": "Line one\nLine two",
            "participants": "bob@example.org\nCarol Smith <carol@example.net>",
            "moderators": "Ann <ann@example.net>",
        }),
    )
    .await
    else {
        return;
    };
    assert_eq!(out["durationAfterPreset"], "45", "{out}");
    assert_eq!(out["pressed"], json!(["45"]), "{out}");
    assert!(
        out["heading"]
            .as_str()
            .unwrap()
            .starts_with("Booked in a browser")
    );
    let id: i64 = out["bookedAt"]
        .as_str()
        .unwrap()
        .strip_prefix("/booking/")
        .unwrap()
        .parse()
        .unwrap();

    let m = app.meeting("alice", id).await;
    assert_eq!(m["subject"], "Booked in a browser");
    assert_eq!(m["description"], "Line one\nLine two");
    // 14:30 in Paris in December.
    assert_eq!(m["start"], "2026-12-03T13:30:00Z");
    assert_eq!(m["duration_min"], 45);
    assert_eq!(invitee(&m, "bob@example.org")["role"], "participant");
    assert_eq!(invitee(&m, "carol@example.net")["name"], "Carol Smith");
    assert_eq!(invitee(&m, "ann@example.net")["role"], "moderator");
}

#[tokio::test]
async fn an_invitee_accepts_on_a_phone_and_only_the_tap_records_the_answer() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let Some(out) = run(
        "answer",
        json!({
            "base": app.base,
            "path": link_of(&app, &m, "bob@example.org", "invitation_url"),
            "owner": "alice",
            "meetingId": m["id"],
            "email": "bob@example.org",
        }),
    )
    .await
    else {
        return;
    };
    assert_eq!(out["status"], 200, "{out}");
    assert_eq!(out["partstatAfterGet"], "needs-action", "GET changed it");
    assert_eq!(out["shownBefore"], "no answer yet", "{out}");
    assert!(
        out["localTimes"].as_u64().unwrap() >= 1,
        "the phone's own zone is shown: {out}"
    );
    for o in [&out["overflow"], &out["overflowAfter"]] {
        assert!(o["scrollWidth"].as_u64().unwrap() <= 375, "{out}");
    }
    assert!(
        out["acceptBox"]["height"].as_f64().unwrap() >= 44.0,
        "a finger-sized button: {out}"
    );
    assert_eq!(out["partstatAfterTap"], "accepted", "{out}");
    assert_eq!(out["shownAfter"], "accepted", "{out}");
    assert!(!out["notice"].as_str().unwrap().is_empty(), "{out}");

    let m = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert_eq!(partstat(&m, "bob@example.org"), "accepted");
    assert_eq!(partstat(&m, "ann@example.net"), "needs-action");
}

/// A stand-in for a Jitsi Meet site: `external_api.js` defines a `JitsiMeetExternalAPI` that
/// only remembers what jmb's page gave it (in `window.__jitsi`). Jitsi itself cannot run
/// here; what matters is that the page loads the script from the configured site and hands
/// it the right room, token and name.
#[derive(Clone, Default)]
struct FakeJitsi {
    paths: Arc<Mutex<Vec<String>>>,
}

const FAKE_EXTERNAL_API: &str = r#"
window.JitsiMeetExternalAPI = function (domain, options) {
  var o = Object.assign({}, options);
  o.parentNode = options.parentNode ? options.parentNode.id : null;
  window.__jitsi = { domain: domain, options: o, listeners: [], commands: [] };
  this.addListener = function (name) { window.__jitsi.listeners.push(name); };
  this.executeCommand = function (name, value) { window.__jitsi.commands.push([name, value]); };
};
"#;

async fn serve_fake_jitsi(fake: web::Data<FakeJitsi>, req: HttpRequest) -> HttpResponse {
    fake.paths.lock().unwrap().push(req.uri().to_string());
    if req.path() == "/external_api.js" {
        HttpResponse::Ok()
            .content_type("text/javascript")
            .body(FAKE_EXTERNAL_API)
    } else {
        HttpResponse::NotFound().finish()
    }
}

impl FakeJitsi {
    fn start() -> (FakeJitsi, String) {
        let fake = FakeJitsi::default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let data = web::Data::new(fake.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .default_service(web::to(serve_fake_jitsi))
        })
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
        tokio::spawn(server);
        (fake, origin)
    }
}

/// The claims of a token signed with the test secret.
fn verified_claims(jwt: &str) -> Value {
    assert_eq!(jwt.split('.').count(), 3, "a JWT: {jwt}");
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&["jitsi"]);
    // The test clock is not the wall clock.
    v.validate_exp = false;
    v.validate_nbf = false;
    decode::<Value>(jwt, &DecodingKey::from_secret(SECRET.as_bytes()), &v)
        .expect("signed with the app secret")
        .claims
}

#[tokio::test]
async fn the_embedded_meeting_loads_jitsis_api_from_the_configured_site_with_the_token() {
    let (fake, origin) = FakeJitsi::start();
    let jitsi_url = origin.clone();
    let app = spawn_app_with(move |c| c.jitsi.url = jitsi_url).await;
    // In the join window: it opens 15 minutes before the start.
    let m = app
        .book(
            "alice",
            &meeting_at("Embedded sync", t0() + Duration::minutes(10), team()),
        )
        .await;
    let room = m["room"].as_str().unwrap();
    let ann = format!(
        "{}?embed=1",
        link_of(&app, &m, "ann@example.net", "join_url")
    );
    let bob = format!(
        "{}?embed=1",
        link_of(&app, &m, "bob@example.org", "join_url")
    );
    let owner = format!("/meet/{}", m["id"]);
    let Some(out) = run(
        "embed",
        json!({
            "base": app.base,
            "visits": [
                {"path": ann},
                {"path": bob},
                {"path": owner, "user": "alice", "name": "Alice Liddell"},
            ],
        }),
    )
    .await
    else {
        return;
    };
    let script = format!("{origin}/external_api.js");
    let domain = origin.strip_prefix("http://").unwrap();
    for (visit, name, moderator) in [
        (&out[0], "Ann Moderator", true),
        (&out[1], "Bob Participant", false),
        (&out[2], "Alice Liddell", true),
    ] {
        assert_eq!(visit["status"], 200, "{visit}");
        let requests: Vec<&str> = visit["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(requests.contains(&script.as_str()), "{visit}");
        assert!(
            requests
                .iter()
                .all(|r| r.starts_with(&app.base) || *r == script),
            "nothing but jmb and the API script: {visit}"
        );
        let jitsi = &visit["jitsi"];
        assert!(
            jitsi.is_object(),
            "meet.js called the API (console: {})",
            visit["console"]
        );
        assert_eq!(jitsi["domain"], domain);
        let options = &jitsi["options"];
        assert_eq!(options["roomName"], room);
        assert_eq!(options["parentNode"], "meet");
        assert_eq!(options["userInfo"]["displayName"], name);
        assert_eq!(options["configOverwrite"]["subject"], "Embedded sync");
        assert_eq!(visit["fallbackHidden"], true, "{visit}");
        let listeners = jitsi["listeners"].as_array().unwrap();
        assert_eq!(
            listeners.contains(&json!("videoConferenceJoined")),
            moderator,
            "only a moderator sets the subject: {visit}"
        );
        if moderator {
            let c = verified_claims(options["jwt"].as_str().expect("a token"));
            assert_eq!(c["room"], room);
            assert_eq!(c["moderator"], true);
            assert_eq!(c["context"]["user"]["name"], name);
        } else {
            // Without guest tokens a participant enters without one.
            assert!(options["jwt"].is_null(), "{visit}");
        }
    }
    let paths = fake.paths.lock().unwrap().clone();
    assert_eq!(paths, vec!["/external_api.js"; 3]);
}

/// `target/screenshots/` of the repository, kept by CI as an artefact.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}

#[tokio::test]
async fn the_main_pages_fit_a_phone_pass_axe_and_are_photographed_light_and_dark() {
    tour(None).await;
}

/// German's long compounds and Spanish's longer sentences must fit a phone too.
#[tokio::test]
async fn the_tour_in_german_fits_a_phone_and_passes_axe() {
    tour(Some(("de-DE", "de"))).await;
}

#[tokio::test]
async fn the_tour_in_spanish_fits_a_phone_and_passes_axe() {
    tour(Some(("es-ES", "es"))).await;
}

/// The main pages in a browser whose language is `locale` (the pages' `lang` then), with
/// screenshots at 375 and 1280 px (and dark ones in the default language).
async fn tour(locale: Option<(&str, &str)>) {
    let app = spawn_app().await;
    // A meeting that is over: booked, then the clock moves past it.
    app.book("alice", &meeting_json("Retrospective", 1)).await;
    app.advance(Duration::hours(3));
    let now = t0() + Duration::hours(3);
    let standup = app
        .book(
            "alice",
            &meeting_at("Daily stand-up", now + Duration::minutes(10), team()),
        )
        .await;
    let planning = app
        .book(
            "alice",
            &meeting_at(
                "Quarterly planning with the infrastructure, security and accessibility groups",
                now + Duration::days(1),
                team(),
            ),
        )
        .await;
    app.answer(&planning, "ann@example.net", "accept").await;
    app.answer(&planning, "bob@example.org", "decline").await;
    // A weekly series on Wednesdays: its page lists the occurrences with their answers.
    let mut seminar = meeting_at("Seminar", now + Duration::days(1), team());
    seminar["recurrence"] = json!({"freq": "weekly", "by_day": ["WE"], "count": 8});
    let seminar = app.book("alice", &seminar).await;
    app.answer(&seminar, "ann@example.net", "accept").await;
    let second = seminar["next_occurrences"][1]["recurrence_id"]
        .as_str()
        .unwrap()
        .to_string();
    let cancelled = app
        .book(
            "alice",
            &meeting_at("Budget review", now + Duration::days(2), json!([])),
        )
        .await;
    app.cancel("alice", &cancelled["id"]).await;
    // A series: its invitation page lists the coming dates, each with its own buttons.
    let mut seminar = meeting_at("Weekly seminar", now + Duration::days(1), team());
    seminar["recurrence"] = json!({"freq": "weekly", "count": 10});
    let seminar = app.book("alice", &seminar).await;
    // The stand-up is in its join window, so the list offers to start it.
    let (_, list) = app.text_as("alice", "/booking").await;
    assert!(
        list.contains(&format!("href=\"/token/{}\"", standup["id"])),
        "{list}"
    );

    let dir = screenshot_dir();
    let pages = json!([
        {"name": "list", "path": "/booking", "user": "alice"},
        {"name": "form", "path": "/booking/new", "user": "alice"},
        {"name": "form-errors", "path": "/booking/new", "user": "alice",
         "submit": {"subject": "", "date": "2026-11-30", "participants": "not an address"}},
        {"name": "meeting", "path": format!("/booking/{}", planning["id"]), "user": "alice"},
        {"name": "series", "path": format!("/booking/{}", seminar["id"]), "user": "alice"},
        {"name": "occurrence",
         "path": format!("/booking/{}/occurrences/{second}/edit", seminar["id"]), "user": "alice"},
        {"name": "invitation",
         "path": link_of(&app, &planning, "carol@example.net", "invitation_url")},
        {"name": "series-invitation",
         "path": link_of(&app, &seminar, "carol@example.net", "invitation_url")},
        // Ann's link a day early: the page saying when it opens.
        {"name": "notice", "path": link_of(&app, &planning, "ann@example.net", "join_url")},
        {"name": "room", "path": "/room", "user": "alice"},
        {"name": "feed", "path": "/ical", "user": "alice"},
        {"name": "webhooks", "path": "/webhooks", "user": "alice"},
    ]);
    let mut args = json!({"base": app.base, "shotDir": dir, "pages": pages});
    if let Some((locale, _)) = locale {
        args["locale"] = json!(locale);
    }
    let Some(out) = run("tour", args).await else {
        return;
    };

    let mut problems = Vec::new();
    for visit in out.as_array().unwrap() {
        let what = format!(
            "{} at {} px ({})",
            visit["name"].as_str().unwrap(),
            visit["width"],
            visit["colorScheme"].as_str().unwrap()
        );
        let want = if visit["name"] == "form-errors" {
            422
        } else {
            200
        };
        let lang = locale.map_or("en", |(_, lang)| lang);
        if visit["lang"] != lang {
            problems.push(format!("{what}: lang {}", visit["lang"]));
        }
        if visit["status"] != want {
            problems.push(format!("{what}: status {}", visit["status"]));
        }
        if visit["name"] == "form-errors" && visit["focusedRole"] != "alert" {
            problems.push(format!("{what}: the error summary does not have the focus"));
        }
        for e in visit["errors"].as_array().unwrap() {
            problems.push(format!("{what}: console error {e}"));
        }
        let scroll = visit["overflow"]["scrollWidth"].as_u64().unwrap();
        let width = visit["width"].as_u64().unwrap();
        if scroll > width {
            problems.push(format!("{what}: {scroll} px wide, scrolls sideways"));
        }
        for v in visit["violations"].as_array().unwrap() {
            let line = format!(
                "{what}: axe {} ({}): {}\n    {}",
                v["id"].as_str().unwrap(),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap(),
                v["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n["target"].as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("\n    ")
            );
            if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                problems.push(line);
            } else {
                eprintln!("minor: {line}");
            }
        }
        let shot = std::fs::read(visit["shot"].as_str().unwrap()).unwrap();
        assert!(shot.starts_with(b"\x89PNG"), "{what}: not a PNG");
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every page at both widths, every page dark on a phone, and the list dark on a desktop;
    // in another language, every page light at both widths.
    let visits = if locale.is_some() { 12 * 2 } else { 12 * 3 + 1 };
    assert_eq!(out.as_array().unwrap().len(), visits);
}
