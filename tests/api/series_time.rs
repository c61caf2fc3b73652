//! A series in time (issue #17): reminders per occurrence at each one's local time across a
//! change of time, planned a horizon ahead and further as the clock passes; reminders that
//! skip an occurrence someone declined; the room told of the end of the occurrence being
//! held; attendance per occurrence.

use chrono::{DateTime, Duration, TimeZone, Utc};
use jmb::clock::Clock;
use jmb::domain::PartStat;
use jmb::domain::reminder::{ReminderKind, ReminderState};
use jmb::reminders::{MailPass, Scheduler, XmppPass};
use jmb::store::reminders::ReminderRow;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, meeting_json, smtp_on, spawn_app_with, t0};
use crate::prosody::{HOOK_SECRET, Occupant, Room};
use crate::servers::{Captured, Prosody, SmtpCapture};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Tuesdays at 10:00 in Paris from the test clock's Tuesday (t0 is 09:00 Paris), for a year:
/// across the end of summer time on 2027-10-31.
fn weekly_for_a_year() -> Value {
    let mut body = meeting_json("Seminar", 1);
    body["recurrence"] = json!({"freq": "weekly", "by_day": ["TU"], "count": 52});
    body
}

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

fn move_to(app: &TestApp, at: DateTime<Utc>) {
    let now = app.clock.now();
    assert!(at >= now, "the test clock only moves forward");
    app.advance(at - now);
}

async fn rows(app: &TestApp, id: i64, kind: ReminderKind) -> Vec<ReminderRow> {
    let rows = app
        .state
        .db
        .run(move |c| jmb::store::reminders::list_reminders(c, id))
        .await
        .unwrap();
    rows.into_iter().filter(|r| r.key.kind == kind).collect()
}

/// (occurrence, due) of the pending reminders.
async fn pending(
    app: &TestApp,
    id: i64,
    kind: ReminderKind,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    rows(app, id, kind)
        .await
        .into_iter()
        .filter(|r| r.state == ReminderState::Pending)
        .map(|r| (r.key.occurrence.expect("an occurrence"), r.due_at))
        .collect()
}

fn reminders_to(mails: &[Captured], to: &str) -> Vec<Captured> {
    mails
        .iter()
        .filter(|m| m.subject().starts_with("Reminder") && m.to() == to)
        .cloned()
        .collect()
}

#[tokio::test]
async fn a_weekly_series_is_reminded_per_occurrence_at_local_time_a_horizon_ahead_skipping_a_declined_one()
 {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.reminders.mail_before_start_min = vec![60];
    })
    .await;
    let m = app.book("alice", &weekly_for_a_year()).await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(3).await;

    // Booked: the occurrences of the next nine weeks, each an hour before its 10:00 Paris
    // (the first one's moment is now: passed). Nothing of the autumn yet.
    let planned = pending(&app, id, ReminderKind::Mail).await;
    let tuesdays: Vec<DateTime<Utc>> = (1..=8)
        .map(|w| utc(2026, 12, 1, 9, 0) + Duration::weeks(w))
        .collect();
    assert_eq!(
        planned,
        tuesdays
            .iter()
            .map(|t| (*t, *t - Duration::hours(1)))
            .collect::<Vec<_>>()
    );

    // Bob declines the first Tuesday of winter time only.
    let bob = m["invitees"][1]["id"].as_i64().unwrap();
    let declined = utc(2027, 11, 2, 9, 0);
    app.state
        .db
        .run(move |c| {
            jmb::store::series::set_occurrence_answer(c, bob, declined, PartStat::Declined, t0())
        })
        .await
        .unwrap();

    // October: the pass plans from now on, not the months that went by meanwhile.
    move_to(&app, utc(2027, 10, 25, 6, 0));
    scheduler(&app).mail_pass().await.unwrap();
    let planned = pending(&app, id, ReminderKind::Mail).await;
    let autumn: Vec<(DateTime<Utc>, DateTime<Utc>)> = planned
        .iter()
        .copied()
        .filter(|(o, _)| *o > utc(2027, 10, 1, 0, 0))
        .collect();
    assert_eq!(
        autumn[..3],
        [
            // 10:00 summer time is 08:00 UTC; after the change 09:00 UTC.
            (utc(2027, 10, 26, 8, 0), utc(2027, 10, 26, 7, 0)),
            (utc(2027, 11, 2, 9, 0), utc(2027, 11, 2, 8, 0)),
            (utc(2027, 11, 9, 9, 0), utc(2027, 11, 9, 8, 0)),
        ],
        "{planned:?}"
    );
    assert_eq!(
        autumn.len(),
        5,
        "to the series' end on 2027-11-23: {autumn:?}"
    );
    assert!(
        !planned
            .iter()
            .any(|(o, _)| *o > utc(2027, 2, 28, 0, 0) && *o < utc(2027, 10, 25, 0, 0)),
        "nothing planned for what went by: {planned:?}"
    );

    // Each occurrence's reminder at its own moment, naming its own local time.
    let mut seen = 3;
    // (occurrence, its reminder's moment, recipients, Bob's reminders so far)
    for (occurrence, due, recipients, bob_so_far) in [
        (utc(2027, 10, 26, 8, 0), utc(2027, 10, 26, 7, 0), 3, 1),
        (declined, utc(2027, 11, 2, 8, 0), 2, 1),
        (utc(2027, 11, 9, 9, 0), utc(2027, 11, 9, 8, 0), 3, 2),
    ] {
        move_to(&app, due - Duration::minutes(1));
        assert_eq!(
            scheduler(&app).mail_pass().await.unwrap(),
            MailPass::default()
        );
        move_to(&app, due);
        seen += recipients;
        let mails = smtp.wait_for(seen).await;
        assert_eq!(mails.len(), seen, "one reminder each, once");
        let alice = reminders_to(&mails, "alice@example.org");
        let text = alice.last().unwrap().text();
        let local = occurrence.with_timezone(&chrono_tz::Europe::Paris);
        assert_eq!(local.format("%H:%M").to_string(), "10:00");
        let when = format!(
            "{}, 10:00 – 11:00 (Europe/Paris)",
            local.format("%A %-d %B %Y")
        );
        assert!(text.contains(&when), "{when} not in {text}");
        assert_eq!(
            reminders_to(&mails, "bob@example.org").len(),
            bob_so_far,
            "bob's reminders after {occurrence}"
        );
    }
    let mails = smtp.messages();
    assert_eq!(
        reminders_to(&mails, "bob@example.org").len(),
        2,
        "the 26th and the 9th, not the 2nd he declined"
    );
    assert_eq!(reminders_to(&mails, "ann@example.net").len(), 3);
    assert_eq!(
        scheduler(&app).mail_pass().await.unwrap(),
        MailPass::default()
    );
}

#[tokio::test]
async fn a_cancelled_occurrence_loses_its_reminders_and_a_moved_one_has_them_at_its_new_time() {
    let app = spawn_app_with(|c| c.reminders.mail_before_start_min = vec![60]).await;
    let m = app.book("alice", &weekly_for_a_year()).await;
    let id = m["id"].as_i64().unwrap();
    let (cancelled, moved) = (utc(2026, 12, 15, 9, 0), utc(2026, 12, 22, 9, 0));
    let path = |o: DateTime<Utc>| format!("/api/v1/meetings/{id}/occurrences/{}", rfc(o));
    let (status, body) = app
        .api_as("alice", Method::DELETE, &path(cancelled), None)
        .await;
    assert!(status.is_success(), "{status} {body}");
    let to = utc(2026, 12, 23, 14, 0);
    let (status, body) = app
        .api_as(
            "alice",
            Method::PATCH,
            &path(moved),
            Some(&json!({"start": rfc(to)})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let planned = pending(&app, id, ReminderKind::Mail).await;
    assert!(!planned.iter().any(|(o, _)| *o == cancelled), "{planned:?}");
    assert!(
        planned.contains(&(moved, to - Duration::hours(1))),
        "{planned:?}"
    );
    assert!(
        planned.contains(&(utc(2026, 12, 29, 9, 0), utc(2026, 12, 29, 8, 0))),
        "the others stay: {planned:?}"
    );
}

#[tokio::test]
async fn the_room_hears_of_the_end_of_the_occurrence_being_held_moved_or_not() {
    let Some(prosody) = Prosody::start().await else {
        return;
    };
    let xmpp = prosody.xmpp_config();
    let app = spawn_app_with(move |c| {
        c.xmpp = Some(xmpp);
        c.reminders.xmpp_before_end_min = vec![5];
    })
    .await;
    let mut body = meeting_json("Daily", 1);
    body["recurrence"] = json!({"freq": "daily", "count": 3});
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    // The second day's occurrence runs an hour and a half longer.
    let second = utc(2026, 12, 2, 9, 0);
    let (status, body) = app
        .api_as(
            "alice",
            Method::PATCH,
            &format!("/api/v1/meetings/{id}/occurrences/{}", rfc(second)),
            Some(&json!({"start": rfc(second), "duration_min": 150})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let Some(ann) = prosody.listener("ann", m["room"].as_str().unwrap()).await else {
        return;
    };

    // The first day: five minutes before its own end, not the series' last end.
    let first_end = utc(2026, 12, 1, 10, 0);
    move_to(&app, first_end - Duration::minutes(6));
    assert_eq!(
        scheduler(&app).xmpp_pass().await.unwrap(),
        XmppPass::default()
    );
    move_to(&app, first_end - Duration::minutes(5));
    let heard = ann.wait_for(1).await;
    assert_eq!(heard[0].body, "This meeting ends in 5 minutes.");

    // The second day: at 10:00 the room hears nothing, at 11:25 it does.
    move_to(&app, utc(2026, 12, 2, 9, 55));
    assert_eq!(
        scheduler(&app).xmpp_pass().await.unwrap(),
        XmppPass::default()
    );
    move_to(&app, utc(2026, 12, 2, 11, 25));
    let heard = ann.wait_for(2).await;
    assert_eq!(heard.len(), 2);
    assert_eq!(heard[1].body, "This meeting ends in 5 minutes.");
    let sent: Vec<DateTime<Utc>> = rows(&app, id, ReminderKind::Xmpp)
        .await
        .into_iter()
        .filter(|r| r.state == ReminderState::Sent)
        .map(|r| r.key.occurrence.unwrap())
        .collect();
    assert_eq!(sent, [utc(2026, 12, 1, 9, 0), second]);
}

#[tokio::test]
async fn attendance_is_recorded_per_occurrence_and_read_for_one() {
    let app = spawn_app_with(|c| c.hooks.secret = jmb::config::Secret::new(HOOK_SECRET)).await;
    let mut body = meeting_json("Daily", 1);
    body["recurrence"] = json!({"freq": "daily", "count": 3});
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    let room = Room::main(m["room"].as_str().unwrap());
    let ann_id = m["invitees"][0]["id"].as_i64().unwrap().to_string();
    let alice = Occupant::token("alice", "alice@example.org", "alice", "s1");
    let ann = Occupant::token("Ann Moderator", "ann@example.net", &ann_id, "s1");
    let (day1, day2) = (utc(2026, 12, 1, 9, 0), utc(2026, 12, 2, 9, 0));

    // Day one: Alice a few minutes early (within the join window); day two: Ann.
    let events = [
        room.created(day1 - Duration::minutes(5)),
        room.joined(&alice, day1 - Duration::minutes(5), 1),
        room.left(
            &alice,
            day1 - Duration::minutes(5),
            day1 + Duration::minutes(50),
            0,
        ),
        room.destroyed(
            day1 - Duration::minutes(5),
            day1 + Duration::minutes(50),
            &[(
                &alice,
                day1 - Duration::minutes(5),
                day1 + Duration::minutes(50),
            )],
        ),
        room.created(day2),
        room.joined(&ann, day2 + Duration::minutes(2), 1),
    ];
    for e in events {
        assert_eq!(app.prosody(e).await, "recorded");
    }

    let (status, all) = app.attendance("alice", id).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let by_name = |list: &Value, name: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|a| a["name"] == name)
            .flat_map(|a| a["stays"].as_array().unwrap().clone())
            .map(|s| s["recurrence_id"].as_str().unwrap_or("none").to_string())
            .collect()
    };
    assert_eq!(by_name(&all, "alice"), [rfc(day1)], "{all}");
    assert_eq!(by_name(&all, "Ann Moderator"), [rfc(day2)], "{all}");

    let one = |o: &str| format!("/api/v1/meetings/{id}/attendance?occurrence={o}");
    let (status, first) = app
        .api_as("alice", Method::GET, &one(&rfc(day1)), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let names: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alice"], "{first}");

    let r = app
        .get_as(
            "alice",
            &format!("/booking/{id}/attendance.csv?occurrence={}", rfc(day2)),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let csv = r.text().await.unwrap();
    assert!(
        csv.contains("ann@example.net") && !csv.contains("alice@example.org"),
        "{csv}"
    );

    let (status, bad) = app
        .api_as("alice", Method::GET, &one("tuesday"), None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(bad["error"]["field"], "occurrence", "{bad}");

    // The API's description says so.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let params = &doc["paths"]["/api/v1/meetings/{id}/attendance"]["get"]["parameters"];
    assert!(
        params
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "occurrence" && p["in"] == "query"),
        "{params}"
    );
    assert!(
        doc["components"]["schemas"]["StayJson"]["properties"]["recurrence_id"].is_object(),
        "{}",
        doc["components"]["schemas"]["StayJson"]
    );
}
