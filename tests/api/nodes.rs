//! Several jmb nodes on one PostgreSQL database (issue #16): any node answers any request,
//! background work is shared without double work, and a database outage is survived.
//! These tests need PostgreSQL whichever engine the rest of the run uses.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration as StdDuration;

use chrono::Duration;
use jmb::config::{Config, Secret};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    JITSI_URL, SECRET, TestApp, browser, execute_sql, extract_csrf, invitee, meeting_json,
    query_i64, smtp_on, spawn_app_on, spawn_app_with, t0,
};
use crate::servers::{Captured, ChildGuard, PgServer, SmtpCapture, poll_until};

const COOKIE_KEY: &str = "nodes-share-this-cookie-key-of-at-least-32-bytes";

fn on_postgres(url: String) -> impl FnOnce(&mut Config) {
    move |c: &mut Config| {
        c.database.url = Secret::new(url);
        c.server.secret_key = Secret::new(COOKIE_KEY);
    }
}

/// Waits until the outbox has nothing left to send, then a little longer so that a
/// duplicate would show; panics after `within`.
async fn until_outbox_drained(config: &Config, within: StdDuration) {
    let drained = poll_until(within, StdDuration::from_millis(100), async || {
        (query_i64(config, "SELECT COUNT(*) FROM outbox WHERE status <> 'sent'") == 0).then_some(())
    })
    .await;
    assert!(drained.is_some(), "the outbox did not drain");
    tokio::time::sleep(StdDuration::from_millis(500)).await;
}

/// Every captured mail's Message-ID, checked to be unique: a mail sent twice (by two nodes)
/// has the same one.
fn distinct_ids(mails: &[Captured]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for m in mails {
        let id = m.header("Message-ID").unwrap();
        assert!(
            ids.insert(id.clone()),
            "{id} delivered twice (to {})",
            m.to()
        );
    }
    ids
}

/// Answers on node `b` what node `a`'s page offered: the cookie and form token of one node
/// are good on the other.
async fn answer_across(a: &TestApp, b: &TestApp, m: &Value, email: &str) {
    let page = invitee(m, email)["invitation_url"].as_str().unwrap();
    let client = browser();
    let html = client.get(page).send().await.unwrap().text().await.unwrap();
    let on_b = format!("{}{}", b.base, a.path_of(page));
    let r = client
        .post(&on_b)
        .form(&[("csrf", extract_csrf(&html).as_str()), ("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{email} answers on node B"
    );
}

#[tokio::test]
async fn two_nodes_on_one_database_deliver_every_mail_and_reminder_exactly_once() {
    let Some(pg) = PgServer::shared() else {
        return;
    };
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let url = pg.database();
    let a = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        on_postgres(url)(c);
        c.reminders.mail_before_start_min = vec![60];
    })
    .await;
    let b = spawn_app_on(a.config.clone(), a.dir.clone(), t0()).await;

    let people: Vec<String> = (0..200).map(|i| format!("p{i:03}@example.org")).collect();
    let mut body = meeting_json("All hands", 2);
    body["invitees"] = people
        .iter()
        .map(|e| json!({"email": e, "role": "participant"}))
        .collect();
    let m = a.book("alice", &body).await;
    for email in &people {
        answer_across(&a, &b, &m, email).await;
    }
    // The owner's news of the answers goes out after a few minutes, from either node.
    for node in [&a, &b] {
        node.advance(Duration::minutes(10));
    }
    until_outbox_drained(&a.config, StdDuration::from_secs(60)).await;
    let mails = smtp.messages();
    let queued = query_i64(&a.config, "SELECT COUNT(*) FROM outbox");
    assert_eq!(
        distinct_ids(&mails).len() as i64,
        queued,
        "every queued mail once"
    );
    let invited: Vec<&Captured> = mails
        .iter()
        .filter(|m| m.subject() == "Invitation: All hands")
        .collect();
    assert_eq!(invited.len(), 200);

    // Both nodes' schedulers reach the reminder at once: it goes out once to each person.
    let due = t0() + Duration::hours(1);
    for node in [&a, &b] {
        node.clock.set(due);
        node.state.reminders.wake();
    }
    let sent_before = mails.len();
    let passed = poll_until(
        StdDuration::from_secs(30),
        StdDuration::from_millis(100),
        async || {
            (query_i64(
                &a.config,
                "SELECT COUNT(*) FROM reminder WHERE status = 'pending'",
            ) == 0)
                .then_some(())
        },
    )
    .await;
    assert!(passed.is_some(), "the reminder was not sent");
    until_outbox_drained(&a.config, StdDuration::from_secs(60)).await;
    let after = smtp.messages();
    distinct_ids(&after);
    let mut reminders: BTreeMap<String, usize> = BTreeMap::new();
    for m in &after[sent_before..] {
        assert!(m.subject().starts_with("Reminder"), "{}", m.subject());
        *reminders.entry(m.to()).or_default() += 1;
    }
    assert_eq!(reminders.len(), 201, "the owner and the 200 who accepted");
    assert!(reminders.values().all(|&n| n == 1), "{reminders:?}");
}

#[tokio::test]
async fn postgresql_stopped_while_serving_gives_503s_then_everything_resumes() {
    // A cluster of its own: this test stops it.
    let Some(pg) = PgServer::start() else {
        return;
    };
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        on_postgres(pg.database())(c);
    })
    .await;
    let before = app
        .book("alice", &meeting_json("Before the outage", 24))
        .await;
    smtp.wait_for(3).await;
    // Personal links are read on the worker's own connection (not the pool's): it must fail
    // and come back the same way.
    let link = app.path_of(
        invitee(&before, "bob@example.org")["join_url"]
            .as_str()
            .unwrap(),
    );
    let page = app.get(&link).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Before the outage"));

    pg.stop();
    assert_eq!(
        app.get(&link).await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    let r = app.get_as("alice", "/booking").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("cannot reach its database")
    );
    let (status, json) = app
        .api_as(
            "alice",
            reqwest::Method::POST,
            "/api/v1/meetings",
            Some(&meeting_json("During the outage", 24)),
        )
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(json["error"]["code"], "database_unavailable");

    pg.restart();
    // Back by itself: pages, bookings and their mails, nothing lost or doubled.
    let back = poll_until(
        StdDuration::from_secs(20),
        StdDuration::from_millis(200),
        async || (app.get_as("alice", "/booking").await.status() == StatusCode::OK).then_some(()),
    )
    .await;
    assert!(
        back.is_some(),
        "the app did not come back with its database"
    );
    let page = app.get(&link).await;
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "the personal link is back too"
    );
    assert!(page.text().await.unwrap().contains("Before the outage"));
    app.book("alice", &meeting_json("After the outage", 24))
        .await;
    let mails = smtp.wait_for(6).await;
    assert_eq!(mails.len(), 6);
    distinct_ids(&mails);
    let (_, list) = app.text_as("alice", "/booking").await;
    assert!(list.contains("Before the outage") && list.contains("After the outage"));
    assert!(!list.contains("During the outage"), "nothing half-written");
}

/// The feed address shown on `/ical`, as a path.
async fn feed_path(app: &TestApp, user: &str) -> String {
    let (_, html) = app.text_as(user, "/ical").await;
    let marker = "id=\"feed-url\" readonly value=\"";
    let start = html.find(marker).expect("the feed address") + marker.len();
    let end = html[start..].find('"').unwrap();
    app.path_of(&html[start..start + end])
}

/// Status and body of `path` on `app`, as an anonymous browser.
async fn anonymous(app: &TestApp, path: &str) -> (StatusCode, String, Option<String>) {
    let r = browser().get(app.url(path)).send().await.unwrap();
    let status = r.status();
    let status_of = |_: &Option<String>| status;
    let etag = r
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string());
    // A form's token is new for every browser.
    // Calendar lines are folded at 75 octets: unfolded, as the address differs in length.
    let body = r
        .text()
        .await
        .unwrap()
        .replace("\r\n ", "")
        .replace("\n ", "");
    let body: Vec<&str> = body.lines().filter(|l| !l.contains("csrf")).collect();
    (status_of(&etag), body.join("\n"), etag)
}

/// How `jmb copy-database` is told its target.
enum Target<'a> {
    /// `JMB_COPY_TO_URL`, out of `ps`.
    Env(&'a str),
    /// `--to-file PATH`, out of `ps` too.
    File(&'a std::path::Path),
}

fn copy_database(config_file: &std::path::Path, target: Target<'_>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jmb"));
    cmd.args(["copy-database", "--config"])
        .arg(config_file)
        .env_remove("JMB_CONFIG")
        .env_remove("JMB_DATABASE_URL")
        .env_remove("JMB_COPY_TO_URL");
    match target {
        Target::Env(url) => cmd.env("JMB_COPY_TO_URL", url),
        Target::File(path) => cmd.arg("--to-file").arg(path),
    };
    cmd.output().unwrap()
}

#[tokio::test]
async fn an_sqlite_database_copied_into_postgresql_keeps_every_link_and_feed() {
    let Some(pg) = PgServer::shared() else {
        return;
    };
    // SQLite first, whatever engine the run uses.
    let sqlite = spawn_app_with(|c| {
        c.database.url = Secret::default();
        c.server.secret_key = Secret::new(COOKIE_KEY);
    })
    .await;
    let m = sqlite
        .book("alice", &meeting_json("Moving house", 24))
        .await;
    sqlite.answer(&m, "bob@example.org", "accept").await;
    let links: Vec<String> = ["invitation_url", "join_url", "ics_url"]
        .iter()
        .map(|k| sqlite.path_of(invitee(&m, "ann@example.net")[k].as_str().unwrap()))
        .chain([feed_path(&sqlite, "alice").await])
        .collect();
    let mut before = Vec::new();
    for path in &links {
        before.push(anonymous(&sqlite, path).await);
    }
    let old_base = sqlite.base.clone();
    let (mut config, dir) = sqlite.stop().await;

    let file = dir.path().join("copy.toml");
    std::fs::write(
        &file,
        format!(
            "[database]\npath = \"{}\"\n[jitsi]\napp_secret = \"{}\"\n",
            config.database.path.display(),
            crate::helpers::SECRET
        ),
    )
    .unwrap();
    let url = pg.database();
    let out = copy_database(&file, Target::Env(&url));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("meeting: 1 rows"), "{stdout}");
    assert!(stdout.contains("invitee: 2 rows"), "{stdout}");
    // Once only: a database with data in it is never written over.
    let url_file = dir.path().join("target-url");
    std::fs::write(&url_file, format!("{url}\n")).unwrap();
    let again = copy_database(&file, Target::File(&url_file));
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("the target database is not empty"),
        "{again:?}"
    );

    config.database.url = Secret::new(url);
    let moved = spawn_app_on(config, dir, t0()).await;
    for (path, (status, body, etag)) in links.iter().zip(&before) {
        let (now_status, now_body, now_etag) = anonymous(&moved, path).await;
        assert_eq!(now_status, *status, "{path}");
        // The same page, but for the address the links are served from.
        assert_eq!(now_body.replace(&moved.base, &old_base), *body, "{path}");
        // The validator is the feed's version, then a fingerprint of the configuration
        // (the address changed here): the copied version goes on.
        let version =
            |e: &Option<String>| e.as_ref().map(|e| e.split('-').next().unwrap().to_string());
        assert_eq!(
            version(&now_etag),
            version(etag),
            "{path}: the feed's version"
        );
    }
    // New rows get new ids after the copied ones.
    let second = moved
        .book("alice", &meeting_json("In the new house", 48))
        .await;
    assert_eq!(
        second["id"].as_i64().unwrap(),
        m["id"].as_i64().unwrap() + 1
    );
}

/// A configuration file for `jmb serve` nodes of their own processes on database `url`,
/// mailing through the SMTP server on `smtp_port`.
fn node_config_file(dir: &std::path::Path, url: &str, smtp_port: u16) -> std::path::PathBuf {
    let path = dir.join("node.toml");
    std::fs::write(
        &path,
        format!(
            "[server]\nlisten = \"127.0.0.1:0\"\npublic_url = \"http://127.0.0.1\"\n\
             secret_key = \"{COOKIE_KEY}\"\nworkers = 1\n\
             [database]\npath = \"{db}\"\nurl = \"{url}\"\n\
             [auth]\nmode = \"header\"\nmail_domain = \"example.org\"\n\
             mail_header = \"X-Remote-Mail\"\n\
             [jitsi]\nurl = \"{JITSI_URL}\"\ndomain = \"meet.example.org\"\napp_id = \"jmb\"\n\
             app_secret = \"{SECRET}\"\n\
             [mail]\ntransport = \"smtp\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {smtp_port}\n\
             from = \"Jitsi booking <noreply@booking.example.org>\"\n\
             reply_address = \"meetings@reply.test\"\n\
             [reminders]\nmail_before_start_min = []\n",
            db = dir.join("unused.db").display(),
        ),
    )
    .unwrap();
    path
}

/// The real binary with `args`, none of the developer's `JMB_…` variables.
fn jmb_command(args: &[&str], config: &std::path::Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jmb"));
    cmd.args(args).arg("--config").arg(config);
    for (k, _) in std::env::vars() {
        if k.starts_with("JMB_") {
            cmd.env_remove(k);
        }
    }
    cmd
}

/// `jmb serve` on `config` as a process of its own (killed with SIGKILL when dropped), and
/// the port it serves HTTP on.
async fn serve_process(
    name: &'static str,
    config: &std::path::Path,
    log: std::path::PathBuf,
) -> (ChildGuard, u16) {
    let mut node = ChildGuard::spawn(name, jmb_command(&["serve"], config), log).unwrap();
    let ports = node
        .wait_for_ports(|p| !p.is_empty(), StdDuration::from_secs(30))
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (node, ports[0])
}

#[tokio::test]
async fn a_node_killed_mid_send_leaves_its_mails_to_the_other_after_the_lease_each_sent_once() {
    let Some(pg) = PgServer::shared() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // The server takes 40 mails, then holds every later one without an answer until released:
    // the node killed then has mails on the wire that the server never accepted.
    let release = dir.path().join("release");
    let Some(smtp) = SmtpCapture::start_with(
        0,
        vec![
            "--hold-after".into(),
            "40".into(),
            "--release-file".into(),
            release.display().to_string(),
        ],
    )
    .await
    else {
        return;
    };
    let url = pg.database();
    let file = node_config_file(dir.path(), &url, smtp.port);
    let (a, port_a) = serve_process("node a", &file, dir.path().join("a.log")).await;
    let (b, _) = serve_process("node b", &file, dir.path().join("b.log")).await;
    let mut db = Config::default();
    db.database.url = Secret::new(url);

    let people: Vec<String> = (0..200).map(|i| format!("p{i:03}@example.org")).collect();
    let body = json!({
        "subject": "Burst",
        "start": (jmb::clock::Clock::now(&jmb::clock::SystemClock) + Duration::days(2)).to_rfc3339(),
        "duration_min": 60,
        "invitees": people.iter().map(|e| json!({"email": e, "role": "participant"})).collect::<Vec<_>>(),
    });
    let r = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port_a}/api/v1/meetings"))
        .header("X-Remote-User", "alice")
        .header("X-Remote-Mail", "alice@example.org")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let queued = query_i64(&db, "SELECT COUNT(*) FROM outbox");
    assert!(queued >= 200, "{queued} mails for 200 invitees");

    // Node A, woken by its booking, is mid-send: 40 mails through, more on the wire, held.
    smtp.wait_for(40).await;
    let sending = "SELECT COUNT(*) FROM outbox WHERE status = 'sending'";
    let mid_send = poll_until(
        StdDuration::from_secs(10),
        StdDuration::from_millis(50),
        async || (query_i64(&db, sending) > 0).then_some(()),
    )
    .await;
    assert!(mid_send.is_some(), "no mail was being sent");
    drop(a); // SIGKILL: no goodbye to the database, nor to the SMTP server
    // The capture server learns of the closed connections from its event loop; released at
    // once, it once saw the release file first and took three of the dead node's mails.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    std::fs::write(&release, b"").unwrap();

    // Node B sends everything else; what A had claimed waits for A's lease.
    let rest = poll_until(
        StdDuration::from_secs(40),
        StdDuration::from_millis(200),
        async || {
            (query_i64(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'queued'") == 0)
                .then_some(())
        },
    )
    .await;
    assert!(rest.is_some(), "node B did not take the queued mails");
    tokio::time::sleep(StdDuration::from_secs(2)).await;
    let stranded = query_i64(&db, sending);
    assert!(stranded > 0, "the killed node held no mail");
    assert_eq!(
        smtp.messages().len() as i64,
        queued - stranded,
        "the killed node's mails are not sent before its lease runs out"
    );

    // The lease (ten minutes) runs out: moved to now rather than waited for.
    execute_sql(
        &db,
        "UPDATE outbox SET claimed_until = $1 WHERE status = 'sending'",
        jmb::params![jmb::clock::Clock::now(&jmb::clock::SystemClock).timestamp()],
    );
    until_outbox_drained(&db, StdDuration::from_secs(40)).await;
    let mails = smtp.messages();
    assert_eq!(distinct_ids(&mails).len() as i64, queued, "every mail once");
    let mut invited: BTreeMap<String, usize> = BTreeMap::new();
    for m in mails.iter().filter(|m| m.subject() == "Invitation: Burst") {
        *invited.entry(m.to()).or_default() += 1;
    }
    assert_eq!(invited.len(), 200);
    assert!(invited.values().all(|&n| n == 1), "{invited:?}");
    drop(b);
}

#[tokio::test]
async fn receive_mail_with_postgresql_stopped_says_75_and_takes_the_same_mail_once_it_is_back() {
    // A cluster of its own: this test stops it.
    let Some(pg) = PgServer::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = pg.database();
    let file = node_config_file(dir.path(), &url, 25);
    let mut db = Config::default();
    db.database.url = Secret::new(url);
    // Bob's invitation to the meeting the reply fixtures answer, with their reply token.
    let token = "Zm9yLWptYi10ZXN0cy1vbmx5LW5vdC1hLXJlYWwta2V";
    execute_sql(
        &db,
        "INSERT INTO meeting (uid, room, subject, owner, owner_email, starts_at, duration_min, \
           ends_at, created_at, updated_at) \
         VALUES ('jmb-42-3f1c9e@booking.example.org', 'r1', 'Weekly sync', 'alice', \
           'alice@example.org', 4102444800, 60, 4102448400, 0, 5)",
        jmb::params![],
    );
    let link = "bob-link-0123456789abcdef";
    execute_sql(
        &db,
        "INSERT INTO invitee (meeting_id, email, role, hash, hash_digest) \
         SELECT id, 'bob@example.org', 'participant', $1, $2 FROM meeting",
        jmb::params![link, jmb::domain::hash::digest(link)],
    );
    execute_sql(
        &db,
        "INSERT INTO reply_token (invitee_id, token, token_digest) SELECT id, $1, $2 FROM invitee",
        jmb::params![token, jmb::domain::hash::digest(token)],
    );
    let answer = || {
        let pool = jmb::store::Db::connect(&db.database, 1).unwrap();
        pool.run_blocking(|c| {
            c.query_row("SELECT partstat FROM invitee", jmb::params![], |r| {
                r.get::<String>(0)
            })
        })
        .unwrap()
    };
    let receive = |fixture: &str| {
        let mail = std::fs::File::open(format!("tests/fixtures/replies/{fixture}")).unwrap();
        jmb_command(
            &[
                "receive-mail",
                "--recipient",
                &format!("meetings+{token}@reply.test"),
            ],
            &file,
        )
        .stdin(mail)
        .output()
        .unwrap()
    };
    let out = receive("gmail-declined.eml");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(answer(), "declined");

    pg.stop();
    let out = receive("thunderbird-tentative.eml");
    assert_eq!(out.status.code(), Some(75), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach the database") && err.contains("tries again later"),
        "{err}"
    );

    // The MTA tries again with the same message once PostgreSQL is back.
    pg.restart();
    assert_eq!(answer(), "declined", "nothing was half-taken");
    let out = receive("thunderbird-tentative.eml");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(answer(), "tentative");
}
