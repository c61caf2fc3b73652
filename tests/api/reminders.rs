//! Reminders end to end: mails read back from a real SMTP server, messages heard by a person
//! sitting in a room of a real Prosody, with the test clock moved instead of waiting.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use jmb::clock::Clock;
use jmb::reminders::{MailPass, Scheduler, XmppPass};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, base_config, smtp_on, spawn_app_on, spawn_app_with, t0};
use crate::servers::{Captured, Prosody, SmtpCapture};

/// The documented default: a week, a day, an hour and ten minutes before the start.
fn default_reminders(c: &mut jmb::config::Config) {
    c.reminders = jmb::config::RemindersConfig::default();
}

fn meeting_at(subject: &str, start: DateTime<Utc>, duration_min: u32) -> Value {
    json!({
        "subject": subject,
        "description": "Agenda: everything",
        "start": start.to_rfc3339(),
        "duration_min": duration_min,
        "invitees": [
            {"email": "ann@example.net", "name": "Ann Moderator", "role": "moderator"},
            {"email": "bob@example.org", "role": "participant"}
        ]
    })
}

/// A scheduler on the app's own state: the tests run passes themselves when they need to
/// know that one has run (to see that it sent nothing), next to the app's own loop.
fn scheduler(app: &TestApp) -> Scheduler {
    let s = &app.state;
    Scheduler::new(
        &s.config,
        s.db.clone(),
        s.clock.clone(),
        s.composer.clone(),
        s.outbox.clone(),
        s.reminders.clone(),
    )
    .unwrap()
}

async fn mail_pass(app: &TestApp) -> MailPass {
    scheduler(app).mail_pass().await.unwrap()
}

async fn xmpp_pass(app: &TestApp) -> XmppPass {
    scheduler(app).xmpp_pass().await.unwrap()
}

fn reminders_in(mails: &[Captured]) -> Vec<Captured> {
    mails
        .iter()
        .filter(|m| {
            let s = m.subject();
            s.starts_with("Reminder") || s.starts_with("Rappel")
        })
        .cloned()
        .collect()
}

/// Reminder subjects per recipient, in arrival order.
fn reminder_subjects(mails: &[Captured]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in reminders_in(mails) {
        map.entry(m.to()).or_default().push(m.subject());
    }
    map
}

/// Moves the clock to `at` (never back) and wakes the app's workers.
fn move_to(app: &TestApp, at: DateTime<Utc>) {
    let now = app.clock.now();
    assert!(at >= now, "the test clock only moves forward");
    app.advance(at - now);
}

#[tokio::test]
async fn mail_reminders_reach_the_owner_and_everyone_who_has_not_declined_at_each_offset() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        default_reminders(c);
    })
    .await;
    let start = t0() + Duration::days(8);
    let m = app
        .book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    smtp.wait_for(3).await;
    app.answer(&m, "bob@example.org", "decline").await;
    app.advance(Duration::minutes(5)); // the owner hears of the answer after a few minutes
    smtp.wait_for(4).await;

    let steps = [
        (Duration::days(7), "in 7 days"),
        (Duration::days(1), "in 1 day"),
        (Duration::hours(1), "in 1 hour"),
        (Duration::minutes(10), "in 10 minutes"),
    ];
    for (n, (before, when)) in steps.iter().enumerate() {
        // A minute early, nothing; at the moment, one mail to each of them.
        move_to(&app, start - *before - Duration::minutes(1));
        assert_eq!(mail_pass(&app).await, MailPass::default());
        move_to(&app, start - *before);
        let mails = smtp.wait_for(4 + 2 * (n + 1)).await;
        assert_eq!(mails.len(), 4 + 2 * (n + 1), "one reminder each, once");
        let subjects = reminder_subjects(&mails);
        assert_eq!(
            subjects["alice@example.org"].last().unwrap(),
            &format!("Reminder: you host Weekly sync {when}")
        );
        assert_eq!(
            subjects["ann@example.net"].last().unwrap(),
            &format!("Reminder: you moderate Weekly sync {when}")
        );
        assert!(!subjects.contains_key("bob@example.org"), "bob declined");
    }

    // Each keeps their own way in and the calendar entry; there is nothing to answer.
    let mails = smtp.messages();
    let ann = reminders_in(&smtp.to("ann@example.net"));
    let ann_join = m["invitees"][0]["join_url"].as_str().unwrap();
    assert_eq!(m["invitees"][0]["email"], "ann@example.net");
    for mail in &ann {
        assert!(mail.text().contains(ann_join), "{}", mail.text());
        assert!(mail.html().contains(&format!("href=\"{ann_join}\"")));
        assert!(!mail.text().contains("?answer="));
        assert_eq!(
            mail.leaf_types(),
            ["text/plain", "text/html", "text/calendar", "text/calendar"]
        );
    }
    let alice = reminders_in(&smtp.to("alice@example.org"));
    assert!(alice[0].text().contains(m["owner_url"].as_str().unwrap()));
    assert_eq!(reminders_in(&mails).len(), 8);
}

#[tokio::test]
async fn mail_reminders_speak_french_when_the_service_does() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        default_reminders(c);
        c.server.language = jmb::config::Language::from_tag("fr").unwrap();
    })
    .await;
    let start = t0() + Duration::hours(3);
    app.book("alice", &meeting_at("Point hebdo", start, 60))
        .await;
    smtp.wait_for(3).await;
    move_to(&app, start - Duration::hours(1));
    let mails = smtp.wait_for(6).await;
    let bob = reminders_in(&smtp.to("bob@example.org"));
    assert_eq!(bob.len(), 1, "{:?}", reminder_subjects(&mails));
    assert!(
        bob[0].subject().contains("Point hebdo"),
        "{}",
        bob[0].subject()
    );
    assert!(
        bob[0].subject().contains("dans 1 heure"),
        "{}",
        bob[0].subject()
    );
    assert_eq!(bob[0].header("Content-Language").as_deref(), Some("fr"));
}

#[tokio::test]
async fn booking_thirty_minutes_ahead_sends_only_the_ten_minute_reminder() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        default_reminders(c);
    })
    .await;
    let start = t0() + Duration::minutes(30);
    app.book("alice", &meeting_at("Soon", start, 30)).await;
    smtp.wait_for(3).await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert_eq!(
        crate::metrics::sample(&metrics, r#"jmb_reminders{state="pending"}"#),
        Some(1.0)
    );
    // The one-hour, one-day and one-week moments had passed when it was booked.
    assert_eq!(mail_pass(&app).await, MailPass::default());
    move_to(&app, start - Duration::minutes(11));
    assert_eq!(mail_pass(&app).await, MailPass::default());
    move_to(&app, start - Duration::minutes(10));
    let mails = smtp.wait_for(6).await;
    assert_eq!(mails.len(), 6);
    let subjects = reminder_subjects(&mails);
    assert_eq!(subjects.len(), 3);
    for list in subjects.values() {
        assert_eq!(list.len(), 1);
        assert!(list[0].ends_with("Soon in 10 minutes"), "{}", list[0]);
    }
    move_to(&app, start + Duration::hours(2));
    assert_eq!(mail_pass(&app).await, MailPass::default());
    assert_eq!(smtp.wait_for(6).await.len(), 6);
}

#[tokio::test]
async fn an_edit_moves_reminders_with_the_start_and_never_repeats_one_already_sent_for_it() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![60, 10];
    })
    .await;
    let start = t0() + Duration::hours(2);
    let body = meeting_at("Weekly sync", start, 60);
    let m = app.book("alice", &body).await;
    let path = format!("/api/v1/meetings/{}", m["id"]);
    smtp.wait_for(3).await;
    move_to(&app, start - Duration::hours(1));
    assert_eq!(reminders_in(&smtp.wait_for(6).await).len(), 3);

    // A new subject, same time: everyone hears of the change, nobody gets the hour again.
    let mut renamed = body.clone();
    renamed["subject"] = json!("Weekly sync (room 2)");
    let (status, _) = app
        .api_as("alice", Method::PUT, &path, Some(&renamed))
        .await;
    assert_eq!(status, StatusCode::OK);
    smtp.wait_for(9).await;
    move_to(&app, start - Duration::minutes(59));
    assert_eq!(mail_pass(&app).await, MailPass::default());

    // Two hours later: the hour before the new start counts again, the old moments do not.
    let new_start = start + Duration::hours(2);
    let mut moved = renamed.clone();
    moved["start"] = json!(new_start.to_rfc3339());
    let (status, _) = app.api_as("alice", Method::PUT, &path, Some(&moved)).await;
    assert_eq!(status, StatusCode::OK);
    smtp.wait_for(12).await;
    move_to(&app, start - Duration::minutes(10));
    assert_eq!(mail_pass(&app).await, MailPass::default());
    move_to(&app, new_start - Duration::hours(1) - Duration::minutes(1));
    assert_eq!(mail_pass(&app).await, MailPass::default());
    assert_eq!(smtp.messages().len(), 12);

    move_to(&app, new_start - Duration::hours(1));
    let mails = smtp.wait_for(15).await;
    assert_eq!(mails.len(), 15);
    move_to(&app, new_start - Duration::minutes(10));
    let mails = smtp.wait_for(18).await;
    assert_eq!(mails.len(), 18);
    let subjects = reminder_subjects(&mails);
    assert_eq!(
        subjects["bob@example.org"],
        [
            "Reminder: Weekly sync in 1 hour",
            "Reminder: Weekly sync (room 2) in 1 hour",
            "Reminder: Weekly sync (room 2) in 10 minutes"
        ]
    );
}

#[tokio::test]
async fn a_cancelled_meeting_gets_no_reminders() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        default_reminders(c);
    })
    .await;
    let start = t0() + Duration::days(2);
    let m = app
        .book("alice", &meeting_at("Called off", start, 60))
        .await;
    smtp.wait_for(3).await;
    app.cancel("alice", &m["id"]).await;
    smtp.wait_for(6).await;
    for before in [Duration::days(1), Duration::hours(1), Duration::minutes(10)] {
        move_to(&app, start - before);
        assert_eq!(mail_pass(&app).await, MailPass::default());
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 6);
    assert!(reminders_in(&mails).is_empty());
}

#[tokio::test]
async fn passes_running_at_the_same_time_in_two_processes_send_each_reminder_once() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let one = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![60];
    })
    .await;
    // A second server on the same database, as a second process would be.
    let two = spawn_app_on(one.config.clone(), one.dir.clone(), t0()).await;
    let start = t0() + Duration::hours(2);
    for n in 0..5 {
        one.book("alice", &meeting_at(&format!("Meeting {n}"), start, 60))
            .await;
    }
    smtp.wait_for(15).await;

    let due = start - Duration::hours(1);
    let (a, b) = (scheduler(&one), scheduler(&two));
    one.clock.set(due);
    two.clock.set(due);
    // Both servers' own loops, and two more passes, all at once.
    one.state.reminders.wake();
    two.state.reminders.wake();
    let (pa, pb) = tokio::join!(a.mail_pass(), b.mail_pass());
    let (pa, pb) = (pa.unwrap(), pb.unwrap());
    assert!(pa.reminders_sent + pb.reminders_sent <= 5);

    smtp.wait_for(30).await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 30, "{:?}", reminder_subjects(&mails));
    let subjects = reminder_subjects(&mails);
    for (who, list) in &subjects {
        let mut sorted = list.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 5, "{who} got {list:?}");
        assert_eq!(list.len(), 5, "{who} got {list:?}");
    }
}

#[tokio::test]
async fn a_restart_neither_repeats_sent_reminders_nor_forgets_pending_ones() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![60, 10];
    })
    .await;
    let start = t0() + Duration::hours(2);
    app.book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    smtp.wait_for(3).await;
    move_to(&app, start - Duration::hours(1));
    smtp.wait_for(6).await;

    let (config, dir) = app.stop().await;
    let app = spawn_app_on(config, dir, start - Duration::minutes(59)).await;
    assert_eq!(mail_pass(&app).await, MailPass::default());
    move_to(&app, start - Duration::minutes(10));
    let mails = smtp.wait_for(9).await;
    assert_eq!(mails.len(), 9);
    let subjects = reminder_subjects(&mails);
    assert_eq!(
        subjects["alice@example.org"],
        [
            "Reminder: you host Weekly sync in 1 hour",
            "Reminder: you host Weekly sync in 10 minutes"
        ]
    );
    let metrics = app.get("/metrics").await.text().await.unwrap();
    let sample = |series: &str| crate::metrics::sample(&metrics, series);
    assert_eq!(sample(r#"jmb_reminders{state="pending"}"#), Some(0.0));
    assert_eq!(sample(r#"jmb_reminders{state="sent"}"#), Some(2.0));
}

#[tokio::test]
async fn after_an_outage_only_the_latest_due_reminder_goes_out() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![1440, 60, 10];
    })
    .await;
    let start = t0() + Duration::days(2);
    app.book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    smtp.wait_for(3).await;
    let (config, dir) = app.stop().await;
    // jmb was stopped from before the one-day moment until after the ten-minute one.
    let app = spawn_app_on(config, dir, start - Duration::minutes(5)).await;
    app.state.reminders.wake();
    let mails = smtp.wait_for(6).await;
    assert_eq!(mails.len(), 6);
    for list in reminder_subjects(&mails).values() {
        assert_eq!(list.len(), 1);
        assert!(list[0].ends_with("in 10 minutes"), "{list:?}");
    }
}

/// A meeting that ends at `end` in a room of the test Prosody, and someone in that room.
async fn room_app(prosody: &Prosody, customise: impl FnOnce(&mut jmb::config::Config)) -> TestApp {
    let xmpp = prosody.xmpp_config();
    spawn_app_with(move |c| {
        c.xmpp = Some(xmpp);
        customise(c);
    })
    .await
}

#[tokio::test]
async fn the_room_hears_fifteen_and_five_minutes_before_the_end_and_when_time_is_up() {
    let Some(prosody) = Prosody::start().await else {
        return;
    };
    let app = room_app(&prosody, |_| {}).await;
    let start = t0() + Duration::hours(1);
    let end = start + Duration::hours(1);
    let m = app
        .book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    let Some(ann) = prosody.listener("ann", m["room"].as_str().unwrap()).await else {
        return;
    };

    move_to(&app, end - Duration::minutes(16));
    assert_eq!(xmpp_pass(&app).await, XmppPass::default());
    move_to(&app, end - Duration::minutes(15));
    let heard = ann.wait_for(1).await;
    assert_eq!(heard.len(), 1);
    assert_eq!(heard[0].nick, "Booking");
    assert_eq!(heard[0].body, "This meeting ends in 15 minutes.");

    move_to(&app, end - Duration::minutes(6));
    assert_eq!(xmpp_pass(&app).await, XmppPass::default());
    move_to(&app, end - Duration::minutes(5));
    let heard = ann.wait_for(2).await;
    assert_eq!(heard[1].body, "This meeting ends in 5 minutes.");

    move_to(&app, end);
    let heard = ann.wait_for(3).await;
    assert_eq!(heard.len(), 3);
    assert_eq!(heard[2].body, "This meeting has ended.");
    move_to(&app, end + Duration::hours(1));
    assert_eq!(xmpp_pass(&app).await, XmppPass::default());
    assert_eq!(ann.wait_for(3).await.len(), 3);
}

#[tokio::test]
async fn a_prosody_that_is_down_holds_up_no_mail_and_hears_its_reminder_once_it_is_back() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let Some(mut prosody) = Prosody::start().await else {
        return;
    };
    // The mail (10 minutes before the start) and the room message (25 minutes before the
    // end) fall at the same moment.
    let app = room_app(&prosody, |c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![10];
        c.reminders.xmpp_before_end_min = vec![25];
    })
    .await;
    let start = t0() + Duration::minutes(30);
    let m = app
        .book("alice", &meeting_at("Weekly sync", start, 15))
        .await;
    smtp.wait_for(3).await;
    prosody.stop();

    move_to(&app, start - Duration::minutes(10));
    let mails = smtp.wait_for(6).await;
    assert_eq!(reminders_in(&mails).len(), 3);
    // Whichever pass tried first, the room message is still waiting.
    let tried = xmpp_pass(&app).await;
    assert_eq!(tried.posted, 0);

    assert!(prosody.resume().await);
    let Some(ann) = prosody.listener("ann", m["room"].as_str().unwrap()).await else {
        return;
    };
    move_to(&app, start - Duration::minutes(9));
    let heard = ann.wait_for(1).await;
    assert_eq!(heard.len(), 1);
    // It says how long is really left when it goes out.
    assert_eq!(heard[0].body, "This meeting ends in 24 minutes.");
}

#[tokio::test]
async fn a_refused_login_leaves_the_room_reminder_pending_until_jmb_can_log_in() {
    let Some(prosody) = Prosody::start().await else {
        return;
    };
    let app = room_app(&prosody, |c| {
        if let Some(x) = c.xmpp.as_mut() {
            x.password = jmb::config::Secret::new("wrong");
        }
        c.reminders.xmpp_before_end_min = vec![15];
    })
    .await;
    let start = t0() + Duration::hours(1);
    let end = start + Duration::hours(1);
    let m = app
        .book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    let Some(ann) = prosody.listener("ann", m["room"].as_str().unwrap()).await else {
        return;
    };
    app.clock.set(end - Duration::minutes(15));
    let tried = xmpp_pass(&app).await;
    assert_eq!(tried.posted, 0);
    let id = m["id"].as_i64().unwrap();
    let rows = app
        .state
        .db
        .run(move |c| jmb::store::reminders::list_reminders(c, id))
        .await
        .unwrap();
    let pending = rows
        .iter()
        .find(|r| r.key.kind == jmb::domain::reminder::ReminderKind::Xmpp)
        .unwrap();
    assert_eq!(pending.state, jmb::domain::reminder::ReminderState::Pending);
    let note = pending.note.clone().unwrap_or_default();
    assert!(note.contains("refused the login"), "{note}");
    assert!(ann.messages().is_empty());

    // The operator fixes the password and restarts jmb: the reminder goes out.
    let (mut config, dir) = app.stop().await;
    config.xmpp = Some(prosody.xmpp_config());
    let app = spawn_app_on(config, dir, end - Duration::minutes(14)).await;
    app.state.reminders.wake();
    let heard = ann.wait_for(1).await;
    assert_eq!(heard.len(), 1);
    assert_eq!(heard[0].body, "This meeting ends in 14 minutes.");
    drop(app);
}

#[tokio::test]
async fn jmb_does_not_open_an_empty_room_to_talk_to_nobody() {
    let Some(prosody) = Prosody::start().await else {
        return;
    };
    let app = room_app(&prosody, |c| {
        c.reminders.xmpp_before_end_min = vec![5];
    })
    .await;
    let start = t0() + Duration::hours(1);
    let m = app
        .book("alice", &meeting_at("Nobody came", start, 60))
        .await;
    app.clock.set(start + Duration::minutes(55));
    let pass = xmpp_pass(&app).await;
    assert_eq!(
        pass,
        XmppPass {
            posted: 0,
            skipped: 1,
            failed: 0
        }
    );
    // Someone who comes in later finds a fresh room: jmb left nothing there.
    let Some(bob) = prosody.listener("bob", m["room"].as_str().unwrap()).await else {
        return;
    };
    assert_eq!(xmpp_pass(&app).await, XmppPass::default());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(bob.messages().is_empty());
}

#[tokio::test]
async fn jmb_remind_once_from_cron_next_to_a_running_server_sends_each_reminder_once() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    // The CLI reads the real clock: the meeting is booked an hour earlier, for five minutes
    // from now, so its ten-minute reminder is due when the CLI runs.
    let now = jmb::clock::SystemClock.now();
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut config = base_config(&dir);
    smtp_on(smtp.port)(&mut config);
    config.reminders.mail_before_start_min = vec![60, 10];
    let app = spawn_app_on(config, dir.clone(), now - Duration::hours(1)).await;
    let start = now + Duration::minutes(5);
    app.book("alice", &meeting_at("Weekly sync", start, 60))
        .await;
    smtp.wait_for(3).await;

    let toml = format!(
        "[server]\npublic_url = \"{base}\"\n{server}\
         {database}\
         [jitsi]\napp_secret = \"{secret}\"\n\
         [mail]\ntransport = \"smtp\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\n\
         from = \"Jitsi booking <noreply@booking.example.org>\"\n\
         [reminders]\nmail_before_start_min = [60, 10]\n",
        base = app.base,
        server = crate::helpers::server_toml_for_database(&app.config),
        database = crate::helpers::database_toml(&app.config),
        secret = crate::helpers::SECRET,
        port = smtp.port,
    );
    let path = dir.path().join("jmb.toml");
    std::fs::write(&path, toml).unwrap();
    let run_cli = |path: std::path::PathBuf| {
        tokio::task::spawn_blocking(move || {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jmb"));
            for (k, _) in std::env::vars() {
                if k.starts_with("JMB_") {
                    cmd.env_remove(k);
                }
            }
            cmd.args(["remind", "--once", "--config"])
                .arg(path)
                .output()
                .unwrap()
        })
    };

    // The cron pass and the server's own pass at the same moment.
    let cli = run_cli(path.clone());
    app.clock.set(jmb::clock::SystemClock.now());
    app.state.reminders.wake();
    let out = cli.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    smtp.wait_for(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mails = smtp.messages();
    assert_eq!(mails.len(), 6, "{:?}", reminder_subjects(&mails));
    for list in reminder_subjects(&mails).values() {
        assert_eq!(list.len(), 1);
        assert!(list[0].ends_with("in 10 minutes"), "{list:?}");
    }

    // A second cron run finds nothing left to do.
    let out = run_cli(path).await.unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("mail reminders: 0 sent"), "{stdout}");
    assert_eq!(smtp.messages().len(), 6);
}

#[tokio::test]
async fn meetings_imported_from_jmb_get_the_reminders_still_to_come() {
    let app = spawn_app_with(|c| {
        default_reminders(c);
        c.auth.mail_domain = "univ.fr".into();
    })
    .await;
    // `jmb import-jmb` reads the real clock: the meeting is two days from now.
    let begin = jmb::clock::SystemClock.now() + Duration::days(2);
    let jmb_db = app.dir.path().join("jitsi-jmb.db");
    {
        let conn = rusqlite::Connection::open(&jmb_db).unwrap();
        let schema = crate::servers::support_dir().join("jmb_schema.sql");
        conn.execute_batch(&std::fs::read_to_string(schema).unwrap())
            .unwrap();
        conn.execute(
            "INSERT INTO meetings VALUES (1764572400123456789, 'qwertyuiopasdfgh', 'Conseil', \
             ?1, 3600, ?2, ?3)",
            rusqlite::params![
                begin.timestamp(),
                begin.timestamp() + 3600,
                begin.timestamp() - 86_400 * 10
            ],
        )
        .unwrap();
        for (hash, role, email) in [
            ("Jd7kQ2xLm9PzR4tW", "owner", "jean.dupont@univ.fr"),
            ("Zm4cV9nB1xQ6rL8s", "guest", "zoe.martin@univ.fr"),
        ] {
            conn.execute(
                "INSERT INTO attendees (attendee_meeting_id, attendee_meeting_hash, \
                 attendee_role, attendee_email) VALUES (1764572400123456789, ?1, ?2, ?3)",
                rusqlite::params![hash, role, email],
            )
            .unwrap();
        }
    }
    let config = app.dir.path().join("import.toml");
    std::fs::write(
        &config,
        format!(
            "[server]\n{}{}[auth]\nmail_domain = \"univ.fr\"\n[jitsi]\napp_secret = \"{}\"\n",
            crate::helpers::server_toml_for_database(&app.config),
            crate::helpers::database_toml(&app.config),
            crate::helpers::SECRET
        ),
    )
    .unwrap();
    // The test's proxy passes `@example.org` mails, so the owner's login is given explicitly.
    let logins = app.dir.path().join("logins.csv");
    std::fs::write(&logins, "jean.dupont@univ.fr,jean.dupont\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jmb"))
        .args(["import-jmb", "--config"])
        .arg(&config)
        .arg("--logins")
        .arg(&logins)
        .arg(&jmb_db)
        .env_remove("JMB_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (status, list) = app
        .api_as("jean.dupont", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let id = list[0]["id"].as_i64().unwrap();
    let rows = app
        .state
        .db
        .run(move |c| jmb::store::reminders::list_reminders(c, id))
        .await
        .unwrap();
    // The week-ahead moment was before the import: JMB had it.
    let offsets: Vec<u32> = rows.iter().map(|r| r.key.offset_min).collect();
    assert_eq!(offsets, [1440, 60, 10]);
    assert!(
        rows.iter()
            .all(|r| r.state == jmb::domain::reminder::ReminderState::Pending)
    );
}
