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
            "[server]\n{}{}[auth]\nmail_domain = \"univ.fr\"\n[jitsi]\napp_secret = \"{}\"\n",
            crate::helpers::server_toml_for_database(&app.config),
            crate::helpers::database_toml(&app.config),
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

// Owners whose login is not their mail's local part (issue #13, item 1): CAS says `jmartin`,
// JMB kept `jeanne.martin@univ.fr`, and JMB's feed table kept the login.
const JEANNE_MAIL: &str = "jeanne.martin@univ.fr";
const JEANNE_LOGIN: &str = "jmartin";
const JEANNE_ICAL: &str = "Jm4rT1nF33dH4sh0";
const THESE: i64 = 1_764_600_000_000_000_001;

/// A JMB database with one meeting of `owner_mail` and the feed of `ical_login`.
fn build_owner_db(path: &Path, owner_mail: &str, ical_login: &str) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&std::fs::read_to_string(support_dir().join("jmb_schema.sql")).unwrap())
        .unwrap();
    let begin = (t0() + Duration::minutes(10)).timestamp();
    conn.execute(
        "INSERT INTO meetings VALUES (?1, 'abcdefghijklmnop', 'Comité de thèse', ?2, 3600, ?3, ?4)",
        params![THESE, begin, begin + 3600, begin - 86_400],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO attendees (attendee_meeting_id, attendee_meeting_hash, attendee_role, \
         attendee_email, attendee_partstat) VALUES (?1, 'Ow0aaaaaaaaaaaaa', 'owner', ?2, 1), \
         (?1, 'Gu0aaaaaaaaaaaaa', 'guest', 'jury@partenaire.org', 0)",
        params![THESE, owner_mail],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO ical (ical_owner, ical_hash) VALUES (?1, ?2)",
        params![ical_login, JEANNE_ICAL],
    )
    .unwrap();
}

async fn get_as(app: &TestApp, path: &str, login: &str, mail: Option<&str>) -> reqwest::Response {
    let mut r = app.client.get(app.url(path)).header("X-Remote-User", login);
    if let Some(mail) = mail {
        r = r.header("X-Remote-Mail", mail);
    }
    r.send().await.unwrap()
}

async fn meetings_of(app: &TestApp, login: &str, mail: Option<&str>) -> Vec<Value> {
    let r = get_as(app, "/api/v1/meetings", login, mail).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json::<Vec<Value>>().await.unwrap()
}

async fn feed(app: &TestApp) -> String {
    let r = app.get(&format!("/ical/{JEANNE_ICAL}.ics")).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

/// Everything `jmartin` must get after the import: the meeting, its moderator token, the
/// meeting in the feed JMB gave them.
async fn assert_jmartin_owns_the_thesis_meeting(app: &TestApp, mail: Option<&str>) -> i64 {
    let mine = meetings_of(app, JEANNE_LOGIN, mail).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["subject"], "Comité de thèse");
    assert_eq!(mine[0]["owner"], JEANNE_LOGIN);
    let id = mine[0]["id"].as_i64().unwrap();
    let r = get_as(app, &format!("/token/{id}"), JEANNE_LOGIN, mail).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(
        jwt_claims(&location(&r))["context"]["user"]["moderator"],
        true
    );
    assert!(feed(app).await.contains("Comit"), "the feed is empty");
    id
}

#[tokio::test]
async fn without_ldap_the_first_login_with_the_owners_verified_mail_takes_over_the_imported_meetings_once()
 {
    let app = spawn_app_with(|c| c.auth.mail_domain = "univ.fr".into()).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_owner_db(&jmb_db, "Jeanne.Martin@univ.fr", JEANNE_LOGIN);
    let report = import(&config_file(&app), &jmb_db);
    assert!(
        report.contains("owners: 0 from --logins, 0 from LDAP, 1 waiting for their first login"),
        "{report}"
    );
    assert!(
        report.contains(&format!("owner {JEANNE_MAIL}: no login known")),
        "{report}"
    );
    // Nobody owns it yet: the feed JMB gave jmartin is empty, the local part is no login.
    assert!(!feed(&app).await.contains("Comit"));
    assert!(
        meetings_of(&app, "jeanne.martin", Some("jm@univ.fr"))
            .await
            .is_empty()
    );

    // The proxy vouches for the mail: the meetings and the feed come together.
    let id = assert_jmartin_owns_the_thesis_meeting(&app, Some(JEANNE_MAIL)).await;

    // Once: someone else with that mail later gets nothing, not even the token.
    assert!(
        meetings_of(&app, "jeanne", Some(JEANNE_MAIL))
            .await
            .is_empty()
    );
    // A stranger to the meeting is told nothing of it.
    let r = get_as(&app, &format!("/token/{id}"), "jeanne", Some(JEANNE_MAIL)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_jmartin_owns_the_thesis_meeting(&app, Some(JEANNE_MAIL)).await;
}

#[tokio::test]
async fn a_dev_login_never_takes_over_imported_meetings() {
    let app = spawn_app_with(|c| {
        c.auth.mode = jmb::config::AuthMode::Dev;
        c.auth.mail_domain = "univ.fr".into();
    })
    .await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    // The dev login derives jeanne.martin@univ.fr from the login: that proves nothing.
    build_owner_db(&jmb_db, JEANNE_MAIL, "jeanne.martin");
    import(&config_file(&app), &jmb_db);
    let r = app.dev_login(&app.client, "jeanne.martin", "/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.get("/api/v1/meetings").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 0);
    assert!(!feed(&app).await.contains("Comit"));
}

#[tokio::test]
async fn a_dev_login_takes_nothing_over_even_when_ldap_knows_the_mail() {
    let Some(ldap) = crate::servers::Slapd::start().await else {
        return;
    };
    let directory = ldap.config();
    let app = spawn_app_with(move |c| {
        c.auth.mode = jmb::config::AuthMode::Dev;
        c.ldap = Some(directory);
    })
    .await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    // Imported without [ldap]: waits for alice.anders@example.org, LDAP's mail of uid=alice.
    build_owner_db(&jmb_db, "alice.anders@example.org", "alice");
    import(&config_file(&app), &jmb_db);
    let r = app.dev_login(&app.client, "alice", "/").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.get("/api/v1/meetings").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 0);
    assert!(!feed(&app).await.contains("Comit"));
}

#[tokio::test]
async fn with_ldap_each_owner_gets_the_login_the_directory_has_for_their_mail() {
    let Some(ldap) = crate::servers::Slapd::start().await else {
        return;
    };
    let app = spawn_app_with(|c| c.auth.mail_domain = "example.org".into()).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    // In the test directory uid=alice has mail alice.anders@example.org.
    build_owner_db(&jmb_db, "alice.anders@example.org", "alice");
    let config = config_file(&app);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "[ldap]\nurl = \"{}\"\nbase_dn = \"{}\"\n",
        ldap.url(),
        crate::servers::LDAP_PEOPLE
    ));
    std::fs::write(&config, text).unwrap();
    let report = import(&config, &jmb_db);
    assert!(
        report.contains("owner alice.anders@example.org: login `alice` (from LDAP)"),
        "{report}"
    );
    // Owned by alice from the start: no mail needed, the feed is full at once.
    assert!(feed(&app).await.contains("Comit"));
    let mine = meetings_of(&app, "alice", None).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    let id = mine[0]["id"].as_i64().unwrap();
    let r = get_as(&app, &format!("/token/{id}"), "alice", None).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert!(meetings_of(&app, "alice.anders", None).await.is_empty());
}

#[tokio::test]
async fn an_unreachable_ldap_stops_the_import_with_a_message_and_writes_nothing() {
    let app = spawn_app_with(|c| c.auth.mail_domain = "univ.fr".into()).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_owner_db(&jmb_db, JEANNE_MAIL, JEANNE_LOGIN);
    let config = config_file(&app);
    let mut text = std::fs::read_to_string(&config).unwrap();
    // Port 9 (discard) on loopback: nothing listens there.
    text.push_str(
        "[ldap]\nurl = \"ldap://127.0.0.1:9\"\nbase_dn = \"dc=univ,dc=fr\"\ntimeout_s = 2\n",
    );
    std::fs::write(&config, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jmb"))
        .args(["import-jmb", "--config"])
        .arg(&config)
        .arg(&jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "while asking LDAP (ldap://127.0.0.1:9) for the login of {JEANNE_MAIL}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--logins"), "{stderr}");
    assert!(
        meetings_of(&app, JEANNE_LOGIN, Some(JEANNE_MAIL))
            .await
            .is_empty()
    );
    let r = app.get(&format!("/ical/{JEANNE_ICAL}.ics")).await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "the feed was not imported either"
    );
}

#[tokio::test]
async fn a_login_list_maps_owners_and_a_bad_line_stops_the_import_before_anything_is_written() {
    let app = spawn_app_with(|c| c.auth.mail_domain = "univ.fr".into()).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_owner_db(&jmb_db, JEANNE_MAIL, JEANNE_LOGIN);
    let config = config_file(&app);
    let list = app.dir.path().join("logins.csv");

    std::fs::write(
        &list,
        "# mail,login\njeanne.martin@univ.fr,jmartin\nnot a mail,x\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jmb"))
        .args(["import-jmb", "--config"])
        .arg(&config)
        .arg("--logins")
        .arg(&list)
        .arg(&jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("not a mail"), "{stderr}");
    assert!(meetings_of(&app, JEANNE_LOGIN, None).await.is_empty());

    std::fs::write(&list, "# mail,login\nJeanne.Martin@univ.fr, JMartin\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jmb"))
        .args(["import-jmb", "--config"])
        .arg(&config)
        .arg("--logins")
        .arg(&list)
        .arg(&jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains(&format!(
            "owner {JEANNE_MAIL}: login `jmartin` (from --logins)"
        )),
        "{report}"
    );
    // No mail header: the listed login alone owns them.
    assert_jmartin_owns_the_thesis_meeting(&app, None).await;
}

#[tokio::test]
async fn with_oidc_keyed_by_sub_a_listed_owner_is_taken_over_by_the_matching_username_and_verified_mail()
 {
    let Some(provider) = crate::servers::OidcProvider::start().await else {
        return;
    };
    let app = crate::oidc::oidc_app(&provider).await;
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    build_owner_db(&jmb_db, "alice@example.org", "alice");
    let list = app.dir.path().join("logins.csv");
    std::fs::write(&list, "alice@example.org,alice\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jmb"))
        .args(["import-jmb", "--config"])
        .arg(config_file(&app))
        .arg("--logins")
        .arg(&list)
        .arg(&jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // mallory calls herself alice but has no verified alice@example.org: nothing.
    let mallory = crate::oidc::log_in_elsewhere(&app, "mallory").await;
    assert!(
        crate::oidc::meetings_seen_by(&app, &mallory)
            .await
            .is_empty()
    );
    let alice = crate::oidc::log_in_elsewhere(&app, "alice").await;
    let mine = crate::oidc::meetings_seen_by(&app, &alice).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(
        mine[0]["owner"],
        format!("{}#alice", provider.config().issuer_url)
    );
    // The feed JMB gave her moved with the meetings.
    assert!(feed(&app).await.contains("Comit"));
}
