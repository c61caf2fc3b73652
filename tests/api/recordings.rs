//! Jibri recordings: the finalize script shipped as conf-samples/jibri-finalize.py, run for
//! real against the app, and the signature rules of `/hooks/recording`.

use std::path::{Path, PathBuf};
use std::process::Command;

use jmb::config::Secret;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, meeting_json, spawn_app_with};
use crate::prosody::HOOK_SECRET;

async fn app() -> TestApp {
    spawn_app_with(|c| c.hooks.secret = Secret::new(HOOK_SECRET)).await
}

fn python() -> Option<PathBuf> {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| Command::new(p).arg("-V").output().is_ok())
}

/// What Jibri leaves behind: `<recordings>/<session id>/` with the video and metadata.json.
fn recording_dir(root: &Path, session: &str, meeting_url: &str, video: Option<&str>) -> PathBuf {
    let dir = root.join(session);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("metadata.json"),
        json!({"meeting_url": meeting_url, "participants": [], "extra": {}}).to_string(),
    )
    .unwrap();
    if let Some(name) = video {
        std::fs::write(dir.join(name), b"not really a video").unwrap();
    }
    dir
}

async fn page_as(app: &TestApp, login: &str, mail: &str, id: i64) -> String {
    app.client
        .get(app.url(&format!("/booking/{id}")))
        .header("X-Remote-User", login)
        .header("X-Remote-Mail", mail)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_jibri_finalize_script_files_the_recording_under_its_meeting() {
    let Some(python) = python() else {
        crate::servers::unavailable("python3", "the finalize script needs Python 3");
        return;
    };
    let app = app().await;
    let m = app.book("alice", &meeting_json("Recorded", 1)).await;
    let (id, room) = (m["id"].as_i64().unwrap(), m["room"].as_str().unwrap());
    // The script signs the real time; jmb must read the same clock to believe it.
    app.clock
        .set(jmb::clock::Clock::now(&jmb::clock::SystemClock));
    let work = tempfile::tempdir().unwrap();
    let secret_file = work.path().join("hooks-secret");
    std::fs::write(&secret_file, format!("{HOOK_SECRET}\n")).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("conf-samples/jibri-finalize.py");
    let command = |dir: &Path, public: Option<&str>| {
        let mut cmd = Command::new(&python);
        cmd.arg(&script)
            .arg(dir)
            .env("JMB_FINALIZE_ENV", work.path().join("none.env"))
            .env("JMB_HOOK_URL", app.url("/hooks/recording"))
            .env("JMB_HOOKS_SECRET_FILE", &secret_file);
        if let Some(p) = public {
            cmd.env("JMB_RECORDINGS_URL", p);
        }
        cmd
    };
    // The script blocks while it posts, and the app answers on this test's runtime.
    let run = |mut cmd: Command| async move {
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    };

    let rec = work.path().join("recordings");
    let first = recording_dir(
        &rec,
        "qxzyabcdefgh",
        &format!("https://meet.example.org/{room}"),
        Some(&format!("{room}_2026-12-01-09-00-00.mp4")),
    );
    let out = run(command(&first, None)).await;
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // With a tenant in the URL and a published directory: a link.
    let second = recording_dir(
        &rec,
        "second-session",
        &format!("https://meet.example.org/acme/{}", room.to_uppercase()),
        Some("part 1.mp4"),
    );
    let out = run(command(&second, Some("https://files.example.org/rec/"))).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let owner = page_as(&app, "alice", "alice@example.org", id).await;
    let path = first.join(format!("{room}_2026-12-01-09-00-00.mp4"));
    assert!(owner.contains("id=\"recordings\""), "{owner}");
    assert!(owner.contains(&path.display().to_string()), "{owner}");
    assert!(owner.contains("<td>finished</td>"));
    assert!(
        owner.contains("<a href=\"https://files.example.org/rec/second-session/part%201.mp4\">"),
        "{owner}"
    );
    let moderator = page_as(&app, "ann", "ann@example.net", id).await;
    assert!(moderator.contains(&path.display().to_string()));
    let participant = page_as(&app, "bob", "bob@example.org", id).await;
    assert!(!participant.contains("id=\"recordings\"") && !participant.contains(".mp4"));

    // A session that produced no video is reported as failed.
    let empty = recording_dir(
        &rec,
        "broken",
        &format!("https://meet.example.org/{room}"),
        None,
    );
    let out = run(command(&empty, None)).await;
    assert!(out.status.success());
    assert!(
        page_as(&app, "alice", "alice@example.org", id)
            .await
            .contains("<td>failed</td>")
    );

    // The wrong secret: jmb refuses, the script says so and exits non-zero.
    std::fs::write(&secret_file, "not-the-secret").unwrap();
    let again = recording_dir(
        &rec,
        "third",
        &format!("https://meet.example.org/{room}"),
        Some("x.mp4"),
    );
    let out = run(command(&again, None)).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("401"));
    assert!(
        !page_as(&app, "alice", "alice@example.org", id)
            .await
            .contains("third")
    );
}

async fn post_with(
    app: &TestApp,
    body: &[u8],
    timestamp: Option<String>,
    signature: Option<String>,
) -> (StatusCode, Value) {
    let mut rb = app
        .client
        .post(app.url("/hooks/recording"))
        .header("Content-Type", "application/json");
    if let Some(t) = timestamp {
        rb = rb.header("X-Jitsi-Timestamp", t);
    }
    if let Some(s) = signature {
        rb = rb.header("X-Jitsi-Signature", s);
    }
    let r = rb.body(body.to_vec()).send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap())
}

/// Posts `body` sent at the app's now, with `signature` (`signed` gives the right one).
async fn post(app: &TestApp, body: &[u8], signature: Option<String>) -> (StatusCode, Value) {
    post_with(app, body, Some(now_stamp(app)), signature).await
}

fn now_stamp(app: &TestApp) -> String {
    jmb::clock::Clock::now(&app.clock).timestamp().to_string()
}

/// The signature of `body` sent at the app's now.
fn signed_by(app: &TestApp, body: &[u8], secret: &str) -> Option<String> {
    Some(jmb::jitsi::hooks::sign(&now_stamp(app), body, secret))
}

#[tokio::test]
async fn recording_reports_must_carry_the_body_s_signature_and_never_reopen() {
    let app = app().await;
    let m = app.book("alice", &meeting_json("Signed", 1)).await;
    let (id, room) = (m["id"].as_i64().unwrap(), m["room"].as_str().unwrap());
    let started = json!({"event": "started", "room": room, "session_id": "s1"}).to_string();
    let started = started.as_bytes();

    let signed = |body: &[u8]| signed_by(&app, body, HOOK_SECRET);
    for signature in [
        None,
        Some(String::new()),
        Some("00".repeat(32)),
        signed_by(&app, started, "another-secret"),
        signed_by(&app, b"{}", HOOK_SECRET),
        Some(format!("sha256={}", signed(started).unwrap())),
    ] {
        let (st, err) = post(&app, started, signature.clone()).await;
        assert_eq!(st, StatusCode::UNAUTHORIZED, "{signature:?}");
        assert_eq!(err["error"]["code"], "unauthenticated");
    }
    assert!(
        !page_as(&app, "alice", "alice@example.org", id)
            .await
            .contains("id=\"recordings\"")
    );

    let (st, ok) = post(&app, started, signed(started)).await;
    assert_eq!(
        (st, ok["result"].as_str()),
        (StatusCode::OK, Some("recorded"))
    );
    assert!(
        page_as(&app, "alice", "alice@example.org", id)
            .await
            .contains("<td>recording</td>")
    );

    let stopped = json!({"event": "stopped", "room": room, "session_id": "s1",
        "file": "/srv/recordings/s1/weekly.mp4", "at": 1796288400})
    .to_string();
    let (st, _) = post(&app, stopped.as_bytes(), signed(stopped.as_bytes())).await;
    assert_eq!(st, StatusCode::OK);
    // A retried start after the stop changes nothing.
    let (st, _) = post(&app, started, signed(started)).await;
    assert_eq!(st, StatusCode::OK);
    let html = page_as(&app, "alice", "alice@example.org", id).await;
    assert!(
        html.contains("/srv/recordings/s1/weekly.mp4") && html.contains("<td>finished</td>"),
        "{html}"
    );
    assert_eq!(html.matches("/srv/recordings/s1/weekly.mp4").count(), 1);

    let unknown = json!({"event": "stopped", "room": "not-booked", "session_id": "x"}).to_string();
    let (st, ok) = post(&app, unknown.as_bytes(), signed(unknown.as_bytes())).await;
    assert_eq!(
        (st, ok["result"].as_str()),
        (StatusCode::OK, Some("ignored"))
    );

    for (body, field) in [
        (
            json!({"event": "paused", "room": room, "session_id": "s"}).to_string(),
            "event",
        ),
        (
            json!({"room": room, "session_id": "s"}).to_string(),
            "event",
        ),
        (
            json!({"event": "stopped", "room": room}).to_string(),
            "session_id",
        ),
        ("{oops".to_string(), ""),
    ] {
        let (st, err) = post(&app, body.as_bytes(), signed(body.as_bytes())).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            err["error"]["field"].as_str().unwrap_or(""),
            field,
            "{body}: {err}"
        );
    }
    let huge =
        json!({"event": "stopped", "room": room, "session_id": "s", "file": "x".repeat(1 << 20)})
            .to_string();
    let (st, _) = post(&app, huge.as_bytes(), signed(huge.as_bytes())).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_recording_report_is_refused_without_its_signed_time_or_when_replayed_later() {
    let app = app().await;
    let m = app.book("alice", &meeting_json("Replayed", 1)).await;
    let (id, room) = (m["id"].as_i64().unwrap(), m["room"].as_str().unwrap());
    let body = json!({"event": "stopped", "room": room, "session_id": "s1",
        "file": "/srv/recordings/s1/replayed.mp4"})
    .to_string();
    let body = body.as_bytes();
    let listed = |html: String| html.contains("replayed.mp4");

    // Signed the old way (the body alone) or without a time: refused, naming the header.
    let (st, err) = post_with(&app, body, None, signed_by(&app, body, HOOK_SECRET)).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["field"], "X-Jitsi-Timestamp", "{err}");
    let (st, err) = post_with(&app, body, Some("yesterday".into()), None).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["field"], "X-Jitsi-Timestamp", "{err}");
    let untimed = {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(HOOK_SECRET.as_bytes()).unwrap();
        mac.update(body);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let (st, _) = post(&app, body, Some(untimed)).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    // A time that is not the signed one.
    let sent = now_stamp(&app);
    let signature = jmb::jitsi::hooks::sign(&sent, body, HOOK_SECRET);
    let later = (sent.parse::<i64>().unwrap() + 1).to_string();
    let (st, _) = post_with(&app, body, Some(later), Some(signature.clone())).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(!listed(
        page_as(&app, "alice", "alice@example.org", id).await
    ));

    // Sent now and signed: taken.
    let (st, _) = post_with(&app, body, Some(sent.clone()), Some(signature.clone())).await;
    assert_eq!(st, StatusCode::OK);
    assert!(listed(
        page_as(&app, "alice", "alice@example.org", id).await
    ));

    // The same request captured and played again six minutes later: refused, and said why.
    app.advance(chrono::Duration::minutes(6));
    let (st, err) = post_with(&app, body, Some(sent.clone()), Some(signature)).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(err["error"]["field"], "X-Jitsi-Timestamp", "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("more than 5 minutes old"),
        "{err}"
    );
    // A sender whose clock runs two minutes ahead.
    let ahead = (jmb::clock::Clock::now(&app.clock).timestamp() + 120).to_string();
    let (st, err) = post_with(
        &app,
        body,
        Some(ahead.clone()),
        Some(jmb::jitsi::hooks::sign(&ahead, body, HOOK_SECRET)),
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("in the future"),
        "{err}"
    );
}
