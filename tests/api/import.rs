//! `jmb import-jmb` on a database built from the original JMB schema, then the links JMB
//! mailed, followed through the running app.

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use chrono::Duration;
use reqwest::StatusCode;
use rusqlite::{Connection, params};
use serde_json::Value;

use crate::helpers::{JITSI_URL, TestApp, location, spawn_app_with, t0};
use crate::servers::support_dir;

const JEAN: &str = "jean.dupont";
const JEAN_MAIL: &str = "jean.dupont@univ.fr";

/// JMB's meeting ids are the nanosecond time the booking form was shown.
const CONSEIL: i64 = 1_764_572_400_123_456_789;
const ARCHIVE: i64 = 1_759_000_000_987_654_321;
const ORPHAN: i64 = 1_700_000_000_000_000_001;

const OWNER_HASH: &str = "Jd7kQ2xLm9PzR4tW";
const HELENE_MOD: &str = "Hr3vN8bXq1YcK6uE";
const HELENE_GUEST: &str = "Hg5pT0wZa2MfS7jD";
const ZOE: &str = "Zm4cV9nB1xQ6rL8s";
const FRANCOIS: &str = "Fc2yH7kP5dW3gN0t";
const MARIE_OWNER: &str = "Mo6tR1jX8cZ4vB2n";
const ARCHIVE_GUEST: &str = "Ag9wE3qL7mK5pT1y";
const ICAL_JEAN: &str = "Ij8fD2sA6hG4kL0z";
const ICAL_MARIE: &str = "Im1nB5vC9xZ3qW7e";

/// A JMB database with what real ones hold: accents, an external moderator listed twice
/// (as moderator and as guest), accepted and declined answers, an address JMB let through,
/// a past meeting, a meeting that lost its owner row, and an orphan attendee.
fn build_jmb_db(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&std::fs::read_to_string(support_dir().join("jmb_schema.sql")).unwrap())
        .unwrap();
    let begin = (t0() + Duration::minutes(10)).timestamp();
    let meetings: [(i64, &str, &str, i64, i64); 3] = [
        (
            CONSEIL,
            "qwertyuiopasdfgh",
            "Conseil pédagogique — élèves de 3ᵉ & CPE",
            begin,
            5400,
        ),
        (
            ARCHIVE,
            "zxcvbnmlkjhgfdsa",
            "Réunion de rentrée",
            begin - 86_400 * 20,
            3600,
        ),
        (ORPHAN, "poiuytrewqlkjhgf", "Sans propriétaire", begin, 1800),
    ];
    for (id, name, object, begin, duration) in meetings {
        conn.execute(
            "INSERT INTO meetings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                name,
                object,
                begin,
                duration,
                begin + duration,
                begin - 86_400
            ],
        )
        .unwrap();
    }
    let attendees: &[(i64, &str, &str, &str, i64)] = &[
        (CONSEIL, OWNER_HASH, "owner", JEAN_MAIL, 1),
        (
            CONSEIL,
            HELENE_MOD,
            "moderator",
            "helene.roux@partenaire.org",
            1,
        ),
        (CONSEIL, ZOE, "guest", "zoe.martin@univ.fr", 2),
        (CONSEIL, FRANCOIS, "guest", "francois.lefevre@univ.fr", 1),
        (
            CONSEIL,
            HELENE_GUEST,
            "guest",
            "helene.roux@partenaire.org",
            0,
        ),
        (CONSEIL, "Bx0aaaaaaaaaaaaa", "guest", "pas une adresse", 0),
        (ARCHIVE, MARIE_OWNER, "owner", "marie.curie@univ.fr", 1),
        (ARCHIVE, ARCHIVE_GUEST, "guest", "ext@example.net", 1),
        (ORPHAN, "Or0aaaaaaaaaaaaa", "guest", "someone@univ.fr", 0),
        (42, "Gh0aaaaaaaaaaaaa", "guest", "ghost@univ.fr", 0),
    ];
    for (meeting, hash, role, email, partstat) in attendees {
        conn.execute(
            "INSERT INTO attendees (attendee_meeting_id, attendee_meeting_hash, attendee_role, \
             attendee_email, attendee_count, attendee_partstat) VALUES (?1, ?2, ?3, ?4, 3, ?5)",
            params![meeting, hash, role, email, partstat],
        )
        .unwrap();
    }
    for (owner, hash) in [(JEAN, ICAL_JEAN), ("marie.curie", ICAL_MARIE)] {
        conn.execute(
            "INSERT INTO ical (ical_owner, ical_hash) VALUES (?1, ?2)",
            params![owner, hash],
        )
        .unwrap();
    }
}

fn config_file(app: &TestApp) -> PathBuf {
    let path = app.dir.path().join("import.toml");
    std::fs::write(
        &path,
        format!(
            "[database]\npath = \"{}\"\n[auth]\nmail_domain = \"univ.fr\"\n[jitsi]\napp_secret = \"{}\"\n",
            app.config.database.path.display(),
            crate::helpers::SECRET
        ),
    )
    .unwrap();
    path
}

fn import(config: &Path, jmb_db: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jmb"))
        .arg("import-jmb")
        .arg("--config")
        .arg(config)
        .arg(jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn get_as_jean(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("X-Remote-User", JEAN)
        .header("X-Remote-Mail", JEAN_MAIL)
        .send()
        .await
        .unwrap()
}

async fn jean_meeting(app: &TestApp, subject_start: &str) -> Value {
    let r = get_as_jean(app, "/api/v1/meetings").await;
    assert_eq!(r.status(), StatusCode::OK);
    let list: Value = r.json().await.unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|m| m["subject"].as_str().unwrap().starts_with(subject_start))
        .unwrap_or_else(|| panic!("no meeting {subject_start} in {list}"))
        .clone()
}

fn jwt_claims(url: &str) -> Value {
    let token = url.split("?jwt=").nth(1).expect("a token in the URL");
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_jmb_database_is_imported_once_and_reports_what_it_skipped() {
    let app = spawn_app_with(|c| c.auth.mail_domain = "univ.fr".into()).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_jmb_db(&jmb_db);
    let config = config_file(&app);

    let first = import(&config, &jmb_db);
    assert!(
        first.contains("meetings: 2 imported, 0 already imported, 1 skipped"),
        "{first}"
    );
    assert!(
        first.contains("invitees: 4 imported (4 with an answer)"),
        "{first}"
    );
    assert!(first.contains("1 duplicate rows merged"), "{first}");
    assert!(
        first.contains("2 owner links, 1 extra invitee links"),
        "{first}"
    );
    assert!(first.contains("iCal feeds: 2 imported"), "{first}");
    assert!(
        first.contains(&format!("skipped meeting {ORPHAN}: it has no owner")),
        "{first}"
    );
    assert!(
        first.contains("`pas une adresse` is not a mail address"),
        "{first}"
    );
    assert!(
        first.contains("skipped 1 attendee rows whose meeting no longer exists"),
        "{first}"
    );

    let second = import(&config, &jmb_db);
    assert!(
        second.contains("meetings: 0 imported, 2 already imported, 1 skipped"),
        "{second}"
    );
    assert!(second.contains("invitees: 0 imported"), "{second}");
    assert!(
        second
            .contains("iCal feeds: 0 imported, 0 led to an existing jmb feed, 2 already imported"),
        "{second}"
    );

    // Owners, subjects with their accents, times, answers and roles came over once.
    let m = jean_meeting(&app, "Conseil").await;
    assert_eq!(m["subject"], "Conseil pédagogique — élèves de 3ᵉ & CPE");
    assert_eq!(m["room"], "qwertyuiopasdfgh");
    assert_eq!(m["owner"], JEAN);
    assert_eq!(m["duration_min"], 90);
    assert_eq!(
        m["start"].as_str().unwrap(),
        (t0() + Duration::minutes(10))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    );
    let invitees = m["invitees"].as_array().unwrap();
    let who = |email: &str| {
        invitees
            .iter()
            .find(|i| i["email"] == email)
            .unwrap_or_else(|| panic!("{email} missing from {m}"))
    };
    assert_eq!(invitees.len(), 3, "{m}");
    assert_eq!(who("helene.roux@partenaire.org")["role"], "moderator");
    assert_eq!(who("helene.roux@partenaire.org")["partstat"], "accepted");
    assert_eq!(who("zoe.martin@univ.fr")["role"], "participant");
    assert_eq!(who("zoe.martin@univ.fr")["partstat"], "declined");
    assert_eq!(who("francois.lefevre@univ.fr")["partstat"], "accepted");
    assert!(
        who("zoe.martin@univ.fr")["join_url"]
            .as_str()
            .unwrap()
            .ends_with(ZOE)
    );

    let r = app
        .client
        .get(app.url("/api/v1/meetings"))
        .header("X-Remote-User", "marie.curie")
        .send()
        .await
        .unwrap();
    let marie: Value = r.json().await.unwrap();
    assert_eq!(marie.as_array().unwrap().len(), 1, "{marie}");
    assert_eq!(marie[0]["subject"], "Réunion de rentrée");
}

#[tokio::test]
async fn links_mailed_by_jmb_lead_to_the_same_people_and_rooms() {
    let app = spawn_app_with(|c| {
        c.auth.mail_domain = "univ.fr".into();
        c.server.close_redirect_url = "https://www.univ.fr/".into();
    })
    .await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_jmb_db(&jmb_db);
    import(&config_file(&app), &jmb_db);
    let conseil = jean_meeting(&app, "Conseil").await;
    let id = conseil["id"].as_i64().unwrap();

    // The external moderator's link: through the redirect into the room, as moderator.
    let r = app.get(&format!("/join.cgi?id={HELENE_MOD}")).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), format!("/join/{HELENE_MOD}"));
    let r = app.get(&location(&r)).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let room_url = location(&r);
    assert!(
        room_url.starts_with(&format!("{JITSI_URL}/qwertyuiopasdfgh?jwt=")),
        "{room_url}"
    );
    let claims = jwt_claims(&room_url);
    assert_eq!(claims["room"], "qwertyuiopasdfgh");
    assert_eq!(claims["context"]["user"]["moderator"], true);
    assert_eq!(
        claims["context"]["user"]["email"],
        "helene.roux@partenaire.org"
    );

    // Her second JMB row (as guest) leads to the same person.
    let r = app.get(&format!("/join.cgi?id={HELENE_GUEST}")).await;
    assert_eq!(location(&r), format!("/join/{HELENE_MOD}"));

    // A guest enters without a token.
    let r = app.get(&format!("/join.cgi?id={ZOE}")).await;
    let r = app.get(&location(&r)).await;
    assert_eq!(location(&r), format!("{JITSI_URL}/qwertyuiopasdfgh"));

    // The owner's JMB link starts the meeting as owner, after logging in.
    let r = app.get(&format!("/join.cgi?id={OWNER_HASH}")).await;
    assert_eq!(location(&r), format!("/token/{id}"));
    let r = get_as_jean(&app, &format!("/token/{id}")).await;
    let claims = jwt_claims(&location(&r));
    assert_eq!(claims["context"]["user"]["moderator"], true);
    assert_eq!(claims["context"]["user"]["id"], JEAN);
    // Jitsi's "I am the host" button.
    let r = get_as_jean(&app, "/token.cgi?room=qwertyuiopasdfgh").await;
    assert_eq!(location(&r), format!("/token/{id}"));
    assert_eq!(
        app.get("/token.cgi?room=qwertyuiopasdfgh").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get_as_jean(&app, "/token.cgi?room=nosuchroombooked")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // JMB's private room was named after its owner's login: it is their personal room now.
    let r = get_as_jean(&app, &format!("/token.cgi?room={JEAN}")).await;
    assert_eq!(location(&r), "/room/open");
    assert_eq!(
        app.get_as("someone", &format!("/token.cgi?room={JEAN}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Answer links only open the answer page; a mail scanner following them changes nothing.
    let r = app.get(&format!("/invitation.cgi?accept&id={ZOE}")).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), format!("/invitation/{ZOE}?answer=accept"));
    let r = app
        .get(&format!("/invitation.cgi?decline&id={FRANCOIS}"))
        .await;
    assert_eq!(
        location(&r),
        format!("/invitation/{FRANCOIS}?answer=decline")
    );
    let r = app
        .get(&format!("/invitation.cgi?decline&id={HELENE_GUEST}"))
        .await;
    assert_eq!(
        location(&r),
        format!("/invitation/{HELENE_MOD}?answer=decline")
    );
    let after = jean_meeting(&app, "Conseil").await;
    assert_eq!(after["invitees"], conseil["invitees"]);

    // Feeds, booking pages, and where Jitsi sends people after hanging up.
    let r = app.get(&format!("/ical.cgi?{ICAL_JEAN}")).await;
    assert_eq!(location(&r), format!("/ical/{ICAL_JEAN}.ics"));
    let r = app.get(&format!("/booking.cgi?edit&id={CONSEIL}")).await;
    assert_eq!(location(&r), format!("/booking/{id}/edit"));
    let r = app
        .get(&format!("/booking.cgi?attendees&id={CONSEIL}"))
        .await;
    assert_eq!(location(&r), format!("/booking/{id}"));
    assert_eq!(location(&app.get("/booking.cgi?list").await), "/booking");
    assert_eq!(location(&app.get("/booking.cgi").await), "/booking");
    assert_eq!(location(&app.get("/booking.cgi?new").await), "/booking/new");
    assert_eq!(
        location(&app.get("/close.cgi").await),
        "https://www.univ.fr/"
    );
    assert_eq!(location(&get_as_jean(&app, "/close.cgi").await), "/booking");
    let r = get_as_jean(
        &app,
        &location(
            &app.get(&format!("/booking.cgi?attendees&id={CONSEIL}"))
                .await,
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Conseil pédagogique — élèves de 3ᵉ &#38; CPE"),
        "{html}"
    );
}

#[tokio::test]
async fn broken_or_unknown_old_links_get_a_clear_not_found() {
    let app = spawn_app_with(|c| c.server.close_redirect_url = String::new()).await;
    for path in [
        "/join.cgi",
        "/join.cgi?id=",
        "/join.cgi?id=%3Cscript%3E",
        "/join.cgi?id=short",
        "/invitation.cgi?accept",
        "/ical.cgi",
        "/ical.cgi?../../etc/passwd",
        "/booking.cgi?edit&id=notanumber",
        "/booking.cgi?edit&id=12345",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // Well-formed but unknown: redirected, and the new route says the link is not valid.
    let r = app.get("/join.cgi?id=Unknown000000000").await;
    let r = app.get(&location(&r)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(location(&app.get("/close.cgi").await), "/");
}
