//! Outgoing webhooks against a real receiver (`tests/support/webhook_receiver.py`) that
//! checks every delivery with the reference Standard Webhooks library (PyPI
//! `standardwebhooks`). The app's clock starts at the real time: the library refuses
//! timestamps more than five minutes from its own clock.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

use crate::helpers::{TestApp, base_config, execute_sql, spawn_app_on};
use crate::servers::{ChildGuard, free_port, poll_until, support_dir, unavailable, venv_python};
use jmb::config::{Config, Secret, WebhookConfig};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_c2Vjb25kLXNlY3JldC1vZi10aGlydHktdHdvLWJ5dGVz";

/// The receiver: what it recorded, one JSON object per request.
struct Receiver {
    port: u16,
    out: PathBuf,
    _dir: TempDir,
    _guard: ChildGuard,
}

impl Receiver {
    /// On `port` (0: the OS chooses), answering 500 to the first `fail_first` requests.
    async fn start(port: u16, fail_first: u32) -> Option<Receiver> {
        Self::start_with(SECRET, port, fail_first).await
    }

    async fn start_with(secret: &str, port: u16, fail_first: u32) -> Option<Receiver> {
        let python = venv_python();
        if !python.is_file() {
            unavailable(
                "webhook receiver",
                format!("{} is missing", python.display()),
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("received.jsonl");
        let mut cmd = Command::new(&python);
        cmd.arg(support_dir().join("webhook_receiver.py"))
            .arg("--secret")
            .arg(secret)
            .arg("--out")
            .arg(&out)
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--fail-first")
            .arg(fail_first.to_string());
        let mut guard =
            match ChildGuard::spawn("webhook receiver", cmd, dir.path().join("receiver.log")) {
                Ok(g) => g,
                Err(e) => {
                    unavailable("webhook receiver", e);
                    return None;
                }
            };
        let port = match guard
            .wait_for_line("LISTENING ", StdDuration::from_secs(15))
            .await
        {
            Ok(p) => p.parse().unwrap(),
            Err(e) => {
                unavailable("webhook receiver", e);
                return None;
            }
        };
        Some(Receiver {
            port,
            out,
            _dir: dir,
            _guard: guard,
        })
    }

    fn received(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The verified, accepted deliveries to `path`, once there are `n` of them (then a
    /// little longer, so that a duplicate would show).
    async fn wait_for(&self, app: &TestApp, path: &str, n: usize) -> Vec<Value> {
        let accepted = || {
            self.received()
                .into_iter()
                .filter(|r| r["path"] == path && r["answered"] == 204)
                .collect::<Vec<_>>()
        };
        let found = poll_until(
            StdDuration::from_secs(30),
            StdDuration::from_millis(200),
            async || {
                // Retries fall due on the app's clock, which only tests move.
                app.advance(Duration::seconds(2));
                (accepted().len() >= n).then_some(())
            },
        )
        .await;
        tokio::time::sleep(StdDuration::from_millis(1500)).await;
        let got = accepted();
        assert!(
            found.is_some(),
            "{n} deliveries to {path} expected, got {got:#?}"
        );
        got
    }
}

/// The site's endpoints on the receiver, plain http allowed to loopback, retries after 1 s.
fn config_for(receiver_port: u16, dir: &TempDir) -> Config {
    let mut c = base_config(dir);
    let url = |path: &str| format!("http://127.0.0.1:{receiver_port}{path}");
    c.webhooks = vec![
        WebhookConfig {
            url: url("/site"),
            secret: Secret::new(SECRET),
            events: vec!["*".into()],
        },
        WebhookConfig {
            url: url("/wrong-secret"),
            secret: Secret::new(OTHER_SECRET),
            events: vec!["meeting.created".into()],
        },
    ];
    c.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    c.webhook_delivery.retry_first_s = 1;
    c
}

/// The real time: the reference library checks `webhook-timestamp` against its own clock.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> DateTime<Utc> {
    Utc::now()
}

async fn spawn(config: Config, dir: Arc<TempDir>) -> TestApp {
    spawn_app_on(config, dir, wall_clock()).await
}

fn meeting_body(subject: &str) -> Value {
    json!({
        "subject": subject,
        "start": (wall_clock() + Duration::days(2)).to_rfc3339(),
        "duration_min": 60,
        "invitees": [
            {"email": "ann@example.net", "name": "Ann", "role": "moderator"},
            {"email": "bob@example.org", "role": "participant"}
        ]
    })
}

fn types(received: &[Value]) -> Vec<String> {
    received
        .iter()
        .map(|r| r["body"]["type"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn booking_edit_answer_and_cancel_arrive_once_each_in_order_and_verified() {
    let Some(receiver) = Receiver::start(0, 0).await else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(config_for(receiver.port, &dir), dir).await;

    let m = app.book("alice", &meeting_body("Weekly sync")).await;
    let id = m["id"].as_i64().unwrap();
    let mut edited = meeting_body("Weekly sync, moved");
    edited["invitees"] = json!([
        {"email": "ann@example.net", "name": "Ann", "role": "moderator"},
        {"email": "carol@example.org", "role": "participant"}
    ]);
    let (status, after) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&edited),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    app.answer(&after, "ann@example.net", "accept").await;
    app.cancel("alice", id).await;

    let got = receiver.wait_for(&app, "/site", 6).await;
    assert_eq!(
        types(&got),
        [
            "meeting.created",
            "meeting.updated",
            "invitee.removed",
            "invitee.added",
            "invitee.answered",
            "meeting.cancelled"
        ]
    );
    let mut ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6, "one id per event");
    for r in &got {
        assert_eq!(r["verified"], true);
        assert_eq!(r["body"]["data"]["meeting"]["id"], id);
        let text = r["body"].to_string();
        assert!(
            !text.contains("/join/") && !text.contains("/invitation/") && !text.contains("jwt")
        );
    }
    assert_eq!(
        got[2]["body"]["data"]["invitee"]["email"],
        "bob@example.org"
    );
    assert_eq!(
        got[3]["body"]["data"]["invitee"]["email"],
        "carol@example.org"
    );
    assert_eq!(got[4]["body"]["data"]["invitee"]["partstat"], "accepted");
    assert_eq!(got[5]["body"]["data"]["meeting"]["status"], "cancelled");

    // Signed with another secret than the receiver's: the reference library refuses it.
    let wrong: Vec<Value> = receiver
        .received()
        .into_iter()
        .filter(|r| r["path"] == "/wrong-secret")
        .collect();
    assert!(!wrong.is_empty());
    assert!(
        wrong
            .iter()
            .all(|r| r["verified"] == false && r["answered"] == 401)
    );
}

#[tokio::test]
async fn a_receiver_failing_for_a_while_gets_each_event_once_after_retries() {
    let Some(receiver) = Receiver::start(0, 3).await else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = config_for(receiver.port, &dir);
    config.webhooks.truncate(1);
    let app = spawn(config, dir).await;
    app.book("alice", &meeting_body("First")).await;
    app.book("alice", &meeting_body("Second")).await;

    let got = receiver.wait_for(&app, "/site", 2).await;
    assert_eq!(types(&got), ["meeting.created", "meeting.created"]);
    let failed = receiver
        .received()
        .iter()
        .filter(|r| r["answered"] == 500)
        .count();
    assert_eq!(failed, 3, "the first three attempts were refused");
}

/// The app stops hard after the booking committed and while the delivery was claimed (its
/// lease still running), with the receiver down: after a restart, the delivery is made.
#[tokio::test]
async fn a_delivery_committed_before_a_crash_is_made_after_restart() {
    let port = free_port();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = config_for(port, &dir);
    config.webhooks.truncate(1);
    let app = spawn(config, dir).await;
    let m = app.book("alice", &meeting_body("Survives")).await;
    let (config, dir) = app.stop().await;
    // What a node killed mid-delivery leaves: the delivery claimed, under a lease.
    let n = execute_sql(
        &config,
        "UPDATE webhook_delivery SET status = 'sending', claimed_until = $1",
        jmb::params![(wall_clock() + Duration::seconds(10)).timestamp()],
    );
    assert_eq!(n, 1);

    let Some(receiver) = Receiver::start(port, 0).await else {
        return;
    };
    let app = spawn_app_on(config, dir, wall_clock()).await;
    let got = receiver.wait_for(&app, "/site", 1).await;
    assert_eq!(types(&got), ["meeting.created"]);
    assert_eq!(got[0]["body"]["data"]["meeting"]["id"], m["id"]);
}

#[tokio::test]
async fn an_operator_endpoint_of_a_bad_event_type_or_secret_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = config_for(free_port(), &dir);
    config.webhooks[0].events = vec!["meeting.exploded".into()];
    let err = jmb::startup::check(&config).unwrap_err();
    assert!(format!("{err:#}").contains("webhooks[0].events"), "{err:#}");
    let mut config = config_for(free_port(), &dir);
    config.webhooks[1].secret = Secret::new("not-a-secret");
    let err = jmb::startup::check(&config).unwrap_err();
    assert!(format!("{err:#}").contains("webhooks[1].secret"), "{err:#}");
}

#[tokio::test]
async fn an_organiser_endpoint_inside_the_network_is_refused_naming_url() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(base_config(&dir), dir).await;
    for url in [
        "https://127.0.0.1/hook",
        "https://10.0.0.1/hook",
        "http://example.org/hook",
    ] {
        let (status, body) = app
            .api_as(
                "alice",
                Method::POST,
                "/api/v1/webhooks",
                Some(&json!({"url": url, "events": ["*"]})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        assert_eq!(body["error"]["field"], "url", "{url}");
        assert_eq!(body["error"]["code"], "endpoint_refused");
    }
    let (status, body) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": "https://93.184.216.34/hook", "events": ["meeting.exploded"]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "events");
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(list, json!([]));
}

/// Allowed by the operator, an organiser's endpoint on loopback gets the events of their own
/// meetings (not of others'), signed with the secret shown once at creation.
#[tokio::test]
async fn an_organiser_subscription_allowed_by_the_operator_gets_their_own_meetings_events() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = base_config(&dir);
    config.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    config.webhook_delivery.retry_first_s = 1;
    let app = spawn(config, dir).await;
    let port = free_port();
    let (status, created) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": format!("http://127.0.0.1:{port}/mine"),
                         "events": ["meeting.created", "meeting.cancelled"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let secret = created["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"));
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        list[0].get("secret").is_none(),
        "the secret is shown once: {list}"
    );
    let (_, others) = app
        .api_as("bob", Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(others, json!([]));

    let Some(receiver) = Receiver::start_with(&secret, port, 0).await else {
        return;
    };
    app.book("bob", &meeting_body("Not Alice's")).await;
    let mine = app.book("alice", &meeting_body("Alice's")).await;
    let got = receiver.wait_for(&app, "/mine", 1).await;
    assert_eq!(types(&got), ["meeting.created"]);
    assert_eq!(got[0]["body"]["data"]["meeting"]["id"], mine["id"]);

    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/webhooks/{id}");
    let (status, _) = app.api_as("bob", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not Bob's to delete");
    let (status, _) = app.api_as("alice", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(list, json!([]));
}

/// Prosody reports the room: the start and the end arrive once each, the end with who came.
#[tokio::test]
async fn prosody_events_arrive_as_meeting_started_and_ended_with_the_attendance() {
    use crate::prosody::{HOOK_SECRET, Occupant, Room};
    let Some(receiver) = Receiver::start(0, 0).await else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = config_for(receiver.port, &dir);
    config.webhooks.truncate(1);
    config.hooks.secret = Secret::new(HOOK_SECRET);
    let app = spawn(config, dir).await;
    let mut body = meeting_body("Standup");
    let start = wall_clock() + Duration::minutes(2);
    body["start"] = json!(start.to_rfc3339());
    let m = app.book("alice", &body).await;
    let room = Room::main(m["room"].as_str().unwrap());
    let alice = Occupant::token("alice", "alice@example.org", "alice", "s1");
    let (joined, left) = (start + Duration::minutes(1), start + Duration::minutes(30));
    for e in [
        room.created(joined),
        room.joined(&alice, joined, 1),
        room.left(&alice, joined, left, 0),
        room.destroyed(joined, left, &[(&alice, joined, left)]),
    ] {
        assert_eq!(app.prosody(e).await, "recorded");
    }
    let id = m["id"].as_i64().unwrap();
    assert_eq!(app.meeting("alice", id).await["status"], "completed");
    let n = crate::helpers::query_i64(&app.config, "SELECT COUNT(*) FROM webhook_event");
    assert_eq!(n, 3, "three events written");
    let got = receiver.wait_for(&app, "/site", 3).await;
    assert_eq!(
        types(&got),
        ["meeting.created", "meeting.started", "meeting.ended"]
    );
    let ended = &got[2]["body"]["data"];
    assert_eq!(ended["meeting"]["status"], "completed");
    assert_eq!(ended["attendance"][0]["email"], "alice@example.org");
    assert_eq!(ended["attendance"].as_array().unwrap().len(), 1);
}

/// A delivery that keeps failing past the bound is failed, `jmb webhooks` shows it with its
/// error, and `jmb webhooks retry --failed` makes it due again.
#[tokio::test]
async fn a_delivery_failing_past_the_bound_is_listed_by_the_cli_and_retried() {
    use jmb::store::webhooks::{DeliveryStatus, list_deliveries};
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = config_for(free_port(), &dir);
    config.webhooks.truncate(1);
    config.webhook_delivery.give_up_h = 1;
    let app = spawn(config, dir).await;
    app.book("alice", &meeting_body("Nobody listens")).await;
    let status = async || {
        let rows = app.state.db.run(|c| list_deliveries(c, 10)).await.unwrap();
        rows.iter().map(|r| r.status).collect::<Vec<_>>()
    };
    let failed = poll_until(
        StdDuration::from_secs(20),
        StdDuration::from_millis(200),
        async || {
            app.advance(Duration::minutes(30));
            (status().await == [DeliveryStatus::Failed]).then_some(())
        },
    )
    .await;
    assert!(failed.is_some(), "{:?}", status().await);

    let jmb = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("jmb")
            .unwrap()
            .args(args)
            .args(["--config", "conf-samples/jmb.toml"])
            .envs(crate::helpers::database_env(&app.config))
            .env("JMB_JITSI_APP_SECRET", crate::helpers::SECRET)
            .env("JMB_HOOKS_SECRET", crate::prosody::HOOK_SECRET)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let listing = jmb(&["webhooks"]);
    assert!(listing.contains("failed"), "{listing}");
    assert!(listing.contains("meeting.created"), "{listing}");
    assert!(listing.contains("Connection refused"), "{listing}");
    let retried = jmb(&["webhooks", "retry", "--failed"]);
    assert!(retried.starts_with("1 failed delivery"), "{retried}");
    let rows = app.state.db.run(|c| list_deliveries(c, 10)).await.unwrap();
    assert_ne!(rows[0].status, DeliveryStatus::Failed);
}

#[tokio::test]
async fn one_occurrence_cancelled_and_one_moved_arrive_as_occurrence_events() {
    let Some(receiver) = Receiver::start(0, 0).await else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(config_for(receiver.port, &dir), dir).await;
    let mut body = meeting_body("Daily stand-up");
    let start = (wall_clock() + Duration::days(2))
        .format("%Y-%m-%dT%H:00:00Z")
        .to_string();
    body["start"] = json!(start);
    body["recurrence"] = json!({"freq": "daily", "count": 3});
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    let occurrence = |i: usize| m["next_occurrences"][i]["recurrence_id"].as_str().unwrap();
    let (second, third) = (occurrence(1), occurrence(2));
    let path = |rid: &str| format!("/api/v1/meetings/{id}/occurrences/{rid}");

    let (status, c) = app
        .api_as("alice", Method::DELETE, &path(second), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    let moved_to = DateTime::parse_from_rfc3339(third).unwrap() + Duration::hours(2);
    let (status, mv) = app
        .api_as(
            "alice",
            Method::PATCH,
            &path(third),
            Some(&json!({"start": moved_to.to_rfc3339(), "duration_min": 30})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mv}");

    let got = receiver.wait_for(&app, "/site", 3).await;
    assert_eq!(
        types(&got),
        [
            "meeting.created",
            "occurrence.cancelled",
            "occurrence.moved"
        ]
    );
    for r in &got {
        assert_eq!(r["verified"], true);
        assert_eq!(r["body"]["data"]["meeting"]["id"], id);
        assert_eq!(
            r["body"]["data"]["meeting"]["invitees"][0]["email"],
            "ann@example.net"
        );
    }
    let cancelled = &got[1]["body"]["data"]["occurrence"];
    assert_eq!(cancelled["recurrence_id"], second, "{cancelled}");
    assert!(cancelled.get("start").is_none(), "{cancelled}");
    let moved = &got[2]["body"]["data"]["occurrence"];
    assert_eq!(moved["recurrence_id"], third, "{moved}");
    let utc = |t: DateTime<chrono::FixedOffset>| {
        t.with_timezone(&Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    assert_eq!(moved["start"], utc(moved_to), "{moved}");
    assert_eq!(
        moved["end"],
        utc(moved_to + Duration::minutes(30)),
        "{moved}"
    );
    assert!(
        got[2]["body"]["data"]["meeting"]["sequence"].as_i64()
            > got[1]["body"]["data"]["meeting"]["sequence"].as_i64()
    );
}

/// The `/webhooks` page's token (it also sets the session cookie).
async fn page_csrf(app: &TestApp, user: &str) -> String {
    let (status, html) = app.text_as(user, "/webhooks").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    crate::helpers::extract_csrf(&html)
}

async fn api_list(app: &TestApp, user: &str) -> Vec<Value> {
    let (status, list) = app
        .api_as(user, Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

/// Allowed by the operator, a loopback endpoint made on the page: the secret is on the
/// answer to the creation and on no later page; the list shows it with its filter; the
/// delete button asks first (changing nothing) and then deletes.
#[tokio::test]
async fn the_webhooks_page_lists_creates_showing_the_secret_once_and_deletes_after_asking() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = base_config(&dir);
    config.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    let app = spawn(config, dir).await;
    let (_, empty) = app.text_as("alice", "/webhooks").await;
    assert!(empty.contains("No address yet."), "{empty}");
    assert!(empty.contains("href=\"/webhooks\""), "linked from the nav");

    let csrf = page_csrf(&app, "alice").await;
    let url = "http://127.0.0.1:9/alice-hook";
    let r = app
        .post_form_as(
            "alice",
            "/webhooks",
            &[
                ("csrf", csrf.as_str()),
                ("url", url),
                ("events", "meeting.created"),
                ("events", "meeting.cancelled"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created = r.text().await.unwrap();
    assert!(created.contains("whsec_"), "the secret is shown: {created}");
    assert!(created.contains("shown only this once"), "{created}");

    let list = api_list(&app, "alice").await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["url"], url);
    assert_eq!(
        list[0]["events"],
        json!(["meeting.created", "meeting.cancelled"])
    );
    let id = list[0]["id"].as_i64().unwrap();

    let (status, reloaded) = app.text_as("alice", "/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(reloaded.contains(url), "{reloaded}");
    assert!(
        reloaded.contains("meeting.created, meeting.cancelled"),
        "{reloaded}"
    );
    assert!(
        !reloaded.contains("whsec_"),
        "never shown again: {reloaded}"
    );

    let confirm_path = format!("/webhooks/{id}/delete");
    let (status, confirm) = app.text_as("alice", &confirm_path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains(&format!("Delete {url}?")), "{confirm}");
    assert!(
        confirm.contains(&format!("action=\"{confirm_path}\"")),
        "{confirm}"
    );
    assert_eq!(
        api_list(&app, "alice").await.len(),
        1,
        "asking deletes nothing"
    );

    let csrf = crate::helpers::extract_csrf(&confirm);
    let r = app
        .post_form_as("alice", &confirm_path, &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&r), "/webhooks?deleted=1");
    assert!(api_list(&app, "alice").await.is_empty());
    let (_, after) = app.text_as("alice", "/webhooks?deleted=1").await;
    assert!(after.contains("The address was deleted."), "{after}");
    assert!(!after.contains(url), "{after}");
}

/// A private address or no event ticked: the form comes back with the message beside the
/// field and what was typed and ticked kept; nothing is subscribed.
#[tokio::test]
async fn the_webhooks_page_refuses_a_private_address_beside_the_field_keeping_the_input() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(base_config(&dir), dir).await;
    let csrf = page_csrf(&app, "alice").await;
    let r = app
        .post_form_as(
            "alice",
            "/webhooks",
            &[
                ("csrf", csrf.as_str()),
                ("url", "https://10.0.0.1/hook"),
                ("events", "invitee.answered"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let message = "This address cannot receive webhooks";
    let error = html
        .find("id=\"url-error\"")
        .unwrap_or_else(|| panic!("a message beside the field: {html}"));
    assert!(
        html[error..].starts_with(&format!("id=\"url-error\">{message}")),
        "{html}"
    );
    assert!(
        html.contains("value=\"https://10.0.0.1/hook\""),
        "URL kept: {html}"
    );
    assert!(
        html.contains("value=\"invitee.answered\" checked"),
        "ticked box kept: {html}"
    );
    assert!(
        !html.contains("value=\"meeting.created\" checked"),
        "{html}"
    );
    assert!(!html.contains("whsec_"));

    let r = app
        .post_form_as(
            "alice",
            "/webhooks",
            &[
                ("csrf", csrf.as_str()),
                ("url", "https://93.184.216.34/hook"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"events-error\""), "{html}");
    assert!(
        html.contains("value=\"https://93.184.216.34/hook\""),
        "{html}"
    );
    assert!(api_list(&app, "alice").await.is_empty());
}

/// Without the session's token neither the creation nor the deletion does anything.
#[tokio::test]
async fn webhooks_page_forms_without_the_csrf_token_are_refused_and_change_nothing() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = base_config(&dir);
    config.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    let app = spawn(config, dir).await;
    let _ = page_csrf(&app, "alice").await;
    let url = "http://127.0.0.1:9/hook";
    for form in [
        vec![("url", url), ("events", "*")],
        vec![("csrf", "forged"), ("url", url), ("events", "*")],
    ] {
        let r = app.post_form_as("alice", "/webhooks", &form).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert!(api_list(&app, "alice").await.is_empty());

    let (_, created) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": url, "events": ["*"]})),
        )
        .await;
    let path = format!("/webhooks/{}/delete", created["id"]);
    let r = app.post_form_as("alice", &path, &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(api_list(&app, "alice").await.len(), 1);
}

/// Someone else neither sees an organiser's endpoint nor gets its confirmation nor deletes
/// it, even with a valid token of their own.
#[tokio::test]
async fn another_user_cannot_see_or_delete_someone_elses_webhook_on_the_page() {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = base_config(&dir);
    config.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    let app = spawn(config, dir).await;
    let url = "http://127.0.0.1:9/alices-own";
    let (status, created) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/webhooks",
            Some(&json!({"url": url, "events": ["*"]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let path = format!("/webhooks/{}/delete", created["id"]);

    let (status, html) = app.text_as("bob", "/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains(url), "{html}");
    let (status, html) = app.text_as("bob", &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{html}");
    assert!(!html.contains(url), "{html}");
    let csrf = page_csrf(&app, "bob").await;
    let r = app
        .post_form_as("bob", &path, &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(api_list(&app, "alice").await.len(), 1);
}

/// An endpoint in the test's own process that takes every delivery (204) without checking
/// its signature, so that the app's clock may move days: what it got, in order.
pub(crate) struct Sink {
    port: u16,
    got: Arc<std::sync::Mutex<Vec<Value>>>,
    _server: actix_web::dev::ServerHandle,
}

impl Sink {
    pub(crate) async fn start() -> Sink {
        use actix_web::{App, HttpResponse, HttpServer, web};
        let got: Arc<std::sync::Mutex<Vec<Value>>> = Arc::default();
        let kept = got.clone();
        let server = HttpServer::new(move || {
            let kept = kept.clone();
            App::new().default_service(web::to(move |body: web::Bytes| {
                let kept = kept.clone();
                async move {
                    kept.lock()
                        .unwrap()
                        .push(serde_json::from_slice(&body).unwrap());
                    HttpResponse::NoContent().finish()
                }
            }))
        })
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Sink {
            port,
            got,
            _server: handle,
        }
    }

    pub(crate) fn got(&self) -> Vec<Value> {
        self.got.lock().unwrap().clone()
    }

    /// The bodies once there are `n`, without moving the app's clock or waking its worker.
    pub(crate) async fn wait_for(&self, n: usize, within: StdDuration) -> Option<Vec<Value>> {
        poll_until(within, StdDuration::from_millis(20), async || {
            let got = self.got();
            (got.len() >= n).then_some(got)
        })
        .await
    }

    /// Every event type to `/site`, plain http to loopback allowed.
    fn config(&self, dir: &TempDir) -> Config {
        let mut c = base_config(dir);
        self.subscribe(&mut c);
        c
    }

    /// Subscribes the sink to every event type in `c`, plain http to loopback allowed.
    pub(crate) fn subscribe(&self, c: &mut Config) {
        c.webhooks = vec![WebhookConfig {
            url: format!("http://127.0.0.1:{}/site", self.port),
            secret: Secret::new(SECRET),
            events: vec!["*".into()],
        }];
        c.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    }
}

/// The change that queued a delivery wakes the worker: the delivery arrives well before the
/// worker's own next look (every 10 s), which it had just had.
#[tokio::test]
async fn a_delivery_leaves_when_its_change_commits_not_at_the_workers_next_look() {
    let sink = Sink::start().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(sink.config(&dir), dir).await;
    app.book("alice", &meeting_body("First")).await;
    assert!(
        sink.wait_for(1, StdDuration::from_secs(15)).await.is_some(),
        "the first delivery"
    );
    // The worker looked just now and found nothing more: its next look is 10 s away.
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    let booked = std::time::Instant::now();
    let second = app.book("alice", &meeting_body("Second")).await;
    let got = sink.wait_for(2, StdDuration::from_secs(15)).await;
    let took = booked.elapsed();
    let got = got.expect("the second delivery");
    assert_eq!(got[1]["data"]["meeting"]["id"], second["id"]);
    assert!(
        took < StdDuration::from_secs(3),
        "delivered {took:?} after the commit"
    );
}

/// Deliveries made more than `webhook_delivery.keep_days` ago are forgotten with their
/// events by the worker's periodic step; younger ones stay.
#[tokio::test]
async fn deliveries_made_longer_ago_than_keep_days_are_forgotten_with_their_events() {
    let sink = Sink::start().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = sink.config(&dir);
    config.webhook_delivery.keep_days = 10;
    let app = spawn(config, dir).await;
    let count = |table: &str| {
        crate::helpers::query_i64(&app.config, &format!("SELECT COUNT(*) FROM {table}"))
    };
    let delivered = || {
        crate::helpers::query_i64(
            &app.config,
            "SELECT COUNT(*) FROM webhook_delivery WHERE status = 'delivered'",
        )
    };
    app.book("alice", &meeting_body("Old")).await;
    assert!(sink.wait_for(1, StdDuration::from_secs(15)).await.is_some());
    // Recorded before the clock moves: the worker stamps `delivered_at` with the clock's time
    // once the receiver has answered, which may be after the receiver saw the POST.
    let recorded = poll_until(
        StdDuration::from_secs(5),
        StdDuration::from_millis(50),
        async || (delivered() == 1).then_some(()),
    )
    .await;
    assert!(recorded.is_some(), "the first recorded as delivered");
    app.advance(Duration::days(6));
    let mut body = meeting_body("Young");
    body["start"] = json!((wall_clock() + Duration::days(8)).to_rfc3339());
    let young = app.book("alice", &body).await;
    assert!(sink.wait_for(2, StdDuration::from_secs(15)).await.is_some());
    let both = poll_until(
        StdDuration::from_secs(5),
        StdDuration::from_millis(50),
        async || (delivered() == 2).then_some(()),
    )
    .await;
    assert!(both.is_some(), "both recorded as delivered");
    assert_eq!(count("webhook_event"), 2);

    // The first was delivered 11 days ago now, the second 5.
    app.advance(Duration::days(5));
    let forgotten = poll_until(
        StdDuration::from_secs(10),
        StdDuration::from_millis(50),
        async || (count("webhook_delivery") == 1).then_some(()),
    )
    .await;
    assert!(
        forgotten.is_some(),
        "{} deliveries",
        count("webhook_delivery")
    );
    assert_eq!(count("webhook_event"), 1, "the old event went with it");
    let kept = crate::helpers::query_i64(&app.config, "SELECT meeting_id FROM webhook_event");
    assert_eq!(kept, young["id"].as_i64().unwrap());
    assert_eq!(delivered(), 1);
}

/// A payload's meeting is the API's own shape: what `GET /api/v1/meetings/{id}` answers the
/// owner, series fields included, less the fields documented as absent (the owner's URL and
/// each invitee's personal links and bounce); no personal link hash or token in it.
#[tokio::test]
async fn a_payloads_meeting_is_the_apis_meeting_without_links() {
    let sink = Sink::start().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(sink.config(&dir), dir).await;
    let mut body = meeting_body("Daily review");
    let start = (wall_clock() + Duration::days(2))
        .format("%Y-%m-%dT%H:00:00Z")
        .to_string();
    body["start"] = json!(start);
    body["recurrence"] = json!({"freq": "daily", "count": 4});
    let m = app.book("alice", &body).await;
    let got = sink
        .wait_for(1, StdDuration::from_secs(15))
        .await
        .expect("the delivery");
    let payload = &got[0]["data"]["meeting"];
    let mut api = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert!(api["owner_url"].is_string() && api["invitees"][0]["join_url"].is_string());
    let hashes: Vec<String> = api["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let url = i["join_url"].as_str().unwrap();
            url.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    api.as_object_mut().unwrap().remove("owner_url");
    for invitee in api["invitees"].as_array_mut().unwrap() {
        let invitee = invitee.as_object_mut().unwrap();
        for absent in [
            "join_url",
            "invitation_url",
            "ics_url",
            "bouncing",
            "occurrence_answers",
        ] {
            invitee.remove(absent);
        }
    }
    assert!(
        api["next_occurrences"]
            .as_array()
            .is_some_and(|o| o.len() == 4)
    );
    assert_eq!(payload, &api);
    let text = got[0].to_string();
    for hash in &hashes {
        assert!(!text.contains(hash.as_str()), "a personal link in {text}");
    }
    assert!(
        !text.contains("/token/") && !text.contains("/join/"),
        "{text}"
    );
}

#[tokio::test]
async fn a_split_series_announces_the_shortened_series_then_the_new_one() {
    let Some(receiver) = Receiver::start(0, 0).await else {
        return;
    };
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let app = spawn(config_for(receiver.port, &dir), dir).await;
    let mut body = meeting_body("Seminar");
    // On a whole minute: a series' occurrences are.
    let start = wall_clock() + Duration::days(2);
    let start = DateTime::from_timestamp(start.timestamp() / 60 * 60, 0).unwrap();
    body["start"] = json!(start.to_rfc3339());
    let day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][chrono::Datelike::weekday(
        &start.with_timezone(&chrono_tz::Europe::Paris),
    )
    .num_days_from_monday() as usize];
    body["recurrence"] = json!({"freq": "weekly", "by_day": [day], "count": 3});
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    let second = m["next_occurrences"][1]["recurrence_id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut rest = meeting_body("Seminar, second part");
    rest["start"] = json!(second);
    let (status, new) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}/occurrences/{second}?following=true"),
            Some(&rest),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{new}");
    // In order per meeting; the two meetings' deliveries may cross.
    let got = receiver.wait_for(&app, "/site", 3).await;
    let mut seen: Vec<(i64, String, String)> = got
        .iter()
        .map(|r| {
            let m = &r["body"]["data"]["meeting"];
            (
                m["id"].as_i64().unwrap(),
                r["body"]["type"].as_str().unwrap().to_string(),
                m["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    let new_id = new["id"].as_i64().unwrap();
    assert_eq!(
        seen,
        [
            (id, "meeting.created".into(), "Seminar".into()),
            (id, "meeting.updated".into(), "Seminar".into()),
            (
                new_id,
                "meeting.created".into(),
                "Seminar, second part".into()
            ),
        ]
    );
}
