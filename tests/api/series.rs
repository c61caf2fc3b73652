//! Series (issue #17) through the real server, on the engine the suite runs on.

use chrono::{TimeZone, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// A weekly series on Tuesdays at 10:00 Paris, from the test clock's Tuesday (t0 is 09:00
/// Paris), crossing the change to summer time on 2027-03-28.
pub(crate) fn weekly(count: i64) -> Value {
    let mut body = meeting_json("Seminar", 1);
    body["recurrence"] = json!({"freq": "weekly", "by_day": ["TU"], "count": count});
    body
}

fn starts(m: &Value) -> Vec<String> {
    m["next_occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["start"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_weekly_series_booked_through_the_api_keeps_its_local_time_and_lists_its_next_occurrences()
 {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(20)).await;
    assert_eq!(
        m["recurrence"],
        json!({"freq": "weekly", "interval": 1, "by_day": ["TU"], "count": 20}),
        "{m}"
    );
    assert_eq!(m["time_zone"], "Europe/Paris");
    let first = starts(&m);
    assert_eq!(first.len(), 10, "{m}");
    assert_eq!(first[0], "2026-12-01T09:00:00Z");
    assert_eq!(first[1], "2026-12-08T09:00:00Z");
    // The meeting's end is the last occurrence's: 2027-04-13 10:00 Paris is 08:00 UTC.
    assert_eq!(m["end"], "2027-04-13T09:00:00Z", "{m}");

    // A one-off meeting shows none of it.
    let one = app.book("alice", &meeting_json("Once", 3)).await;
    assert!(
        one.get("recurrence").is_none() && one.get("next_occurrences").is_none(),
        "{one}"
    );

    // Seen in April, after the change: still 10:00 in Paris, 08:00 UTC.
    app.advance(Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap() - t0());
    let later = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert_eq!(
        starts(&later),
        ["2027-04-06T08:00:00Z", "2027-04-13T08:00:00Z"],
        "{later}"
    );
    assert_eq!(
        later["next_occurrences"][0]["recurrence_id"],
        "2027-04-06T08:00:00Z"
    );
}

#[tokio::test]
async fn an_edit_turns_a_meeting_into_a_series_and_back() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Team", 1)).await;
    let path = format!("/api/v1/meetings/{}", m["id"]);
    let mut body = meeting_json("Team", 1);
    body["recurrence"] = json!({"freq": "daily", "until": "2026-12-03"});
    let (status, s) = app.api_as("alice", Method::PUT, &path, Some(&body)).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(
        starts(&s),
        [
            "2026-12-01T09:00:00Z",
            "2026-12-02T09:00:00Z",
            "2026-12-03T09:00:00Z"
        ]
    );
    let (status, one) = app
        .api_as("alice", Method::PUT, &path, Some(&meeting_json("Team", 1)))
        .await;
    assert_eq!(status, StatusCode::OK, "{one}");
    assert!(one.get("recurrence").is_none(), "{one}");
    assert_eq!(one["end"], "2026-12-01T10:00:00Z");
}

#[tokio::test]
async fn bad_recurrence_inputs_are_422_errors_naming_recurrence_and_write_nothing() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"freq": "secondly", "count": 3}),
            "recurrence.freq",
            "unsupported_frequency",
        ),
        (
            json!({"freq": "weekly", "by_day": ["TU"], "count": 0}),
            "recurrence.count",
            "invalid_count",
        ),
        (
            json!({"freq": "weekly", "by_day": ["TU"], "until": "2026-11-01"}),
            "recurrence",
            "until_before_start",
        ),
        (
            json!({"freq": "weekly", "by_day": ["XX"], "count": 3}),
            "recurrence.by_day",
            "invalid_weekday",
        ),
        (
            json!({"freq": "weekly", "by_day": ["TU"]}),
            "recurrence",
            "end_required",
        ),
        (
            json!({"freq": "daily", "count": 600}),
            "recurrence.count",
            "invalid_count",
        ),
        (
            json!({"freq": "daily", "until": "2029-12-01"}),
            "recurrence",
            "series_too_long",
        ),
        (
            json!({"freq": "weekly", "by_day": ["MO"], "count": 3}),
            "recurrence",
            "start_not_in_rule",
        ),
        (
            json!({"freq": "weekly", "by_day": ["TU"], "bysetpos": 2, "count": 3}),
            "recurrence.bysetpos",
            "unsupported_rule_part",
        ),
        (
            json!({"interval": 2, "count": 3}),
            "recurrence.freq",
            "invalid_recurrence",
        ),
        (
            json!({"freq": "daily", "interval": "two", "count": 3}),
            "recurrence.interval",
            "invalid_recurrence",
        ),
    ];
    for (rule, field, code) in cases {
        let mut body = meeting_json("Bad", 1);
        body["recurrence"] = rule.clone();
        let (status, err) = app
            .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{rule}: {err}");
        assert!(
            err["error"]["field"].as_str().unwrap().starts_with(field),
            "{rule}: {err}"
        );
        assert_eq!(err["error"]["code"], code, "{rule}: {err}");
        assert!(err["error"]["message"].as_str().unwrap().len() > 5, "{err}");
    }
    // Nothing was booked, and an edit with a bad rule leaves the meeting as it was.
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    let m = app.book("alice", &weekly(3)).await;
    let mut body = weekly(3);
    body["subject"] = json!("Changed");
    body["recurrence"] = json!({"freq": "monthly", "by_day": ["TU", "WE"], "count": 3});
    let path = format!("/api/v1/meetings/{}", m["id"]);
    let (status, err) = app.api_as("alice", Method::PUT, &path, Some(&body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(
        err["error"]["field"]
            .as_str()
            .unwrap()
            .starts_with("recurrence"),
        "{err}"
    );
    let same = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert_eq!(same["subject"], "Seminar");
    assert_eq!(same["recurrence"], m["recurrence"]);
}

#[tokio::test]
async fn one_occurrence_is_cancelled_or_moved_and_the_sequence_rises() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let base = format!("/api/v1/meetings/{}/occurrences", m["id"]);

    let (status, c) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("{base}/2026-12-08T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["next_occurrences"][1]["cancelled"], true, "{c}");
    assert!(c["sequence"].as_i64() > m["sequence"].as_i64(), "{c}");

    // Moved and lengthened: known by its original start, at its new time.
    let body = json!({"start": "2026-12-16T14:00:00+01:00", "duration_min": 90});
    let (status, mv) = app
        .api_as(
            "alice",
            Method::PATCH,
            &format!("{base}/2026-12-15T10:00:00%2B01:00"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mv}");
    let third = &mv["next_occurrences"][2];
    assert_eq!(third["recurrence_id"], "2026-12-15T09:00:00Z", "{mv}");
    assert_eq!(third["start"], "2026-12-16T13:00:00Z");
    assert_eq!(third["end"], "2026-12-16T14:30:00Z");
    assert_eq!(third["moved"], true);
    assert!(mv["sequence"].as_i64() > c["sequence"].as_i64(), "{mv}");

    // Both stay when the meeting is read again.
    let again = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert_eq!(again["next_occurrences"], mv["next_occurrences"]);

    // No such occurrence, a bad id, a bad move, an invitee's try.
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("{base}/2026-12-09T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = app
        .api_as("alice", Method::DELETE, &format!("{base}/tuesday"), None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "recurrence_id");
    let (status, err) = app
        .api_as(
            "alice",
            Method::PATCH,
            &format!("{base}/2026-12-22T09:00:00Z"),
            Some(&json!({"start": "2026-11-01T09:00:00Z", "duration_min": 0})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "start");
    let (status, _) = app
        .api_as(
            "bob",
            Method::DELETE,
            &format!("{base}/2026-12-22T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "an invitee may not");
    // A one-off meeting has no occurrences to change.
    let one = app.book("alice", &meeting_json("Once", 3)).await;
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!(
                "/api/v1/meetings/{}/occurrences/2026-12-01T11:00:00Z",
                one["id"]
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn links_open_within_each_occurrences_window_with_a_token_bounded_by_it() {
    use crate::join::{claims, token_of};
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let room = m["room"].as_str().unwrap();
    let ann = app.path_of(invitee(&m, "ann@example.net")["join_url"].as_str().unwrap());

    // Ten minutes before the second occurrence (10:00 Paris on 8 December).
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 8, 8, 50, 0).unwrap());
    let r = app.get_as("alice", &format!("/token/{}", m["id"])).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let c = claims(&token_of(&location(&r), room).expect("a token"));
    assert_eq!(
        c.nbf,
        Utc.with_ymd_and_hms(2026, 12, 8, 8, 45, 0)
            .unwrap()
            .timestamp()
    );
    assert_eq!(
        c.exp,
        Utc.with_ymd_and_hms(2026, 12, 8, 10, 0, 0)
            .unwrap()
            .timestamp()
    );
    assert_eq!(app.get(&ann).await.status(), StatusCode::FOUND);

    // Between occurrences: a page naming the next one; a cancelled one is skipped.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 9, 12, 0, 0).unwrap());
    let r = app.get(&ann).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("not open yet"), "{html}");
    assert!(html.contains("Tuesday 15 December 2026, 09:45"), "{html}");
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!(
                "/api/v1/meetings/{}/occurrences/2026-12-15T09:00:00Z",
                m["id"]
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let html = app.get(&ann).await.text().await.unwrap();
    assert!(html.contains("Tuesday 22 December 2026, 09:45"), "{html}");
    let r = app.get_as("alice", &format!("/token/{}", m["id"])).await;
    assert_eq!(r.status(), StatusCode::OK, "the owner is held back too");

    // After the last occurrence the series is over.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 22, 11, 0, 0).unwrap());
    let html = app.get(&ann).await.text().await.unwrap();
    assert!(html.contains("This meeting is over."), "{html}");
}

/// Occurrences of the series in `ics` as libical, ical.js and recurring_ical_events expand
/// them (`START END` in UTC, sorted), by the scripts tests/recurrence.rs uses.
pub(crate) fn expand_everywhere(ics: &str) -> Vec<(&'static str, Vec<String>)> {
    use std::process::Command;
    let support = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
    let python = support.join(".venv/bin/python");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    [
        ("libical", python.clone(), "expand_libical.py"),
        ("recurring_ical_events", python, "expand_recurring.py"),
        (
            "ical.js",
            std::path::PathBuf::from("node"),
            "expand_icaljs.mjs",
        ),
    ]
    .into_iter()
    .map(|(name, program, script)| {
        let run = Command::new(&program)
            .arg(support.join(script))
            .arg(&file)
            .current_dir(&support)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
        assert!(
            run.status.success(),
            "{name}: {}{}\n{ics}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        let lines = String::from_utf8(run.stdout).unwrap();
        (name, lines.lines().map(str::to_string).collect())
    })
    .collect()
}

/// `user`'s calendar feed, through the address their feed page shows.
pub(crate) async fn feed_of(app: &TestApp, user: &str) -> String {
    let (status, html) = app.text_as(user, "/ical").await;
    assert_eq!(status, StatusCode::OK);
    let marker = "id=\"feed-url\" readonly value=\"";
    let start = html.find(marker).expect("the feed address") + marker.len();
    let url = &html[start..start + html[start..].find('"').unwrap()];
    app.client
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_weekly_series_across_both_dst_changes_in_the_feed_expands_alike_everywhere() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(52)).await;
    let base = format!("/api/v1/meetings/{}/occurrences", m["id"]);
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("{base}/2026-12-08T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = json!({"start": "2027-11-03T15:00:00+01:00", "duration_min": 30});
    let (status, _) = app
        .api_as(
            "alice",
            Method::PATCH,
            &format!("{base}/2027-11-02T09:00:00Z"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // What jmb promises: every Tuesday at 10:00 in Paris for an hour, one week left out,
    // one moved to Wednesday 15:00 for half an hour.
    let paris = chrono_tz::Europe::Paris;
    let stamp = |t: chrono::DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut expected: Vec<String> = (0..52)
        .map(|week| {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
                + chrono::Duration::weeks(week);
            let start = paris
                .from_local_datetime(&day.and_hms_opt(10, 0, 0).unwrap())
                .single()
                .unwrap()
                .with_timezone(&Utc);
            (start, start + chrono::Duration::hours(1))
        })
        .filter(|(s, _)| stamp(*s) != "20261208T090000Z")
        .map(|(s, e)| {
            if stamp(s) == "20271102T090000Z" {
                "20271103T140000Z 20271103T143000Z".to_string()
            } else {
                format!("{} {}", stamp(s), stamp(e))
            }
        })
        .collect();
    expected.sort();
    assert!(expected.contains(&"20270406T080000Z 20270406T090000Z".to_string()));

    let feed = feed_of(&app, "alice").await;
    assert!(
        feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris"),
        "{feed}"
    );
    assert!(
        feed.contains("DTSTART;TZID=Europe/Paris:20261201T100000"),
        "{feed}"
    );
    assert!(feed.contains("RRULE:FREQ=WEEKLY"), "{feed}");
    for (engine, list) in expand_everywhere(&feed) {
        assert_eq!(list, expected, "{engine}\n{feed}");
    }
}

#[tokio::test]
async fn the_invitation_of_a_series_is_one_mail_per_person_whose_calendar_expands_alike_everywhere()
{
    use crate::servers::{SmtpCapture, check_ics};
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    let m = app.book("alice", &weekly(52)).await;
    // Ann, Bob and the owner: one mail each for the whole series.
    let mails = smtp.wait_for(3).await;
    assert_eq!(mails.len(), 3);
    let ann = mails
        .iter()
        .find(|m| m.to().contains("ann@example.net"))
        .expect("Ann's invitation");
    let parts = ann.calendar_parts();
    let ics = &parts[0].2;
    assert!(check_ics(ics), "{ics}");
    assert!(ics.contains("METHOD:REQUEST"), "{ics}");
    assert!(ics.contains("RRULE:FREQ=WEEKLY"), "{ics}");

    // The calendar file behind the invitation's link is the same series.
    let link = app.path_of(invitee(&m, "ann@example.net")["ics_url"].as_str().unwrap());
    let file = app.get(&link).await.text().await.unwrap();
    let expected: Vec<String> = expand_everywhere(ics).remove(0).1;
    assert_eq!(expected.len(), 52);
    for (engine, list) in expand_everywhere(ics)
        .into_iter()
        .chain(expand_everywhere(&file))
    {
        assert_eq!(list, expected, "{engine}\n{file}");
    }
    assert!(expected.contains(&"20271102T090000Z 20271102T100000Z".to_string()));
    assert!(expected.contains(&"20270406T080000Z 20270406T090000Z".to_string()));
}

#[tokio::test]
async fn an_edit_through_the_booking_form_keeps_the_series() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let csrf = app.csrf_as("alice").await;
    let r = app
        .post_form_as(
            "alice",
            &format!("/booking/{}", m["id"]),
            &[
                ("csrf", csrf.as_str()),
                ("subject", "Seminar, renamed"),
                ("description", ""),
                ("date", "2026-12-01"),
                ("time", "10:00"),
                ("duration_min", "60"),
                ("room", m["room"].as_str().unwrap()),
                ("participants", "bob@example.org"),
                ("moderators", "ann@example.net"),
            ],
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let after = app.meeting("alice", m["id"].as_i64().unwrap()).await;
    assert_eq!(after["subject"], "Seminar, renamed");
    assert_eq!(after["recurrence"], m["recurrence"], "{after}");
    assert_eq!(after["end"], m["end"]);
}

/// The one mail `to` received after the series' invitation, and its calendar part, which
/// libical accepts.
fn occurrence_mail(
    smtp: &crate::servers::SmtpCapture,
    to: &str,
) -> (crate::servers::Captured, String) {
    let mut theirs = smtp.to(to);
    assert_eq!(
        theirs.len(),
        2,
        "the invitation, then one mail about the occurrence"
    );
    let mail = theirs.remove(1);
    let ics = mail.calendar_parts().remove(0).2;
    assert!(crate::servers::check_ics(&ics), "{ics}");
    (mail, ics)
}

#[tokio::test]
async fn cancelling_one_occurrence_mails_each_person_a_cancel_of_it_and_the_feed_leaves_it_out() {
    use crate::servers::SmtpCapture;
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    let m = app.book("alice", &weekly(4)).await;
    smtp.wait_for(3).await;
    let (status, c) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!(
                "/api/v1/meetings/{}/occurrences/2026-12-08T09:00:00Z",
                m["id"]
            ),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    // Ann, Bob and the owner: one mail each, not one per occurrence.
    assert_eq!(smtp.wait_for(6).await.len(), 6);
    for to in ["ann@example.net", "bob@example.org"] {
        let (mail, ics) = occurrence_mail(&smtp, to);
        assert!(ics.contains("METHOD:CANCEL\r\n"), "{ics}");
        assert!(
            ics.contains("RECURRENCE-ID;TZID=Europe/Paris:20261208T100000\r\n"),
            "{ics}"
        );
        assert!(ics.contains("STATUS:CANCELLED\r\n"), "{ics}");
        assert!(!ics.contains("RRULE"), "the occurrence alone: {ics}");
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
        assert!(mail.subject().contains("Seminar"), "{}", mail.subject());
        assert!(
            mail.subject().contains("Cancelled on"),
            "{}",
            mail.subject()
        );
        assert!(
            mail.subject().contains("8 December 2026, 10:00"),
            "the occurrence's date, in the series' zone: {}",
            mail.subject()
        );
    }

    let feed = feed_of(&app, "alice").await;
    for (engine, list) in expand_everywhere(&feed) {
        assert_eq!(
            list,
            [
                "20261201T090000Z 20261201T100000Z",
                "20261215T090000Z 20261215T100000Z",
                "20261222T090000Z 20261222T100000Z"
            ],
            "{engine}\n{feed}"
        );
    }
}

#[tokio::test]
async fn moving_one_occurrence_mails_each_person_a_request_for_it_at_its_new_time() {
    use crate::servers::SmtpCapture;
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    let m = app.book("alice", &weekly(4)).await;
    smtp.wait_for(3).await;
    let body = json!({"start": "2026-12-16T14:00:00+01:00", "duration_min": 90});
    let (status, mv) = app
        .api_as(
            "alice",
            Method::PATCH,
            &format!(
                "/api/v1/meetings/{}/occurrences/2026-12-15T09:00:00Z",
                m["id"]
            ),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{mv}");
    assert_eq!(smtp.wait_for(6).await.len(), 6);
    for to in ["ann@example.net", "bob@example.org"] {
        let (mail, ics) = occurrence_mail(&smtp, to);
        assert!(ics.contains("METHOD:REQUEST\r\n"), "{ics}");
        assert!(
            ics.contains("RECURRENCE-ID;TZID=Europe/Paris:20261215T100000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20261216T140000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("DTEND;TZID=Europe/Paris:20261216T153000\r\n"),
            "{ics}"
        );
        assert!(
            !ics.contains("RRULE") && !ics.contains("STATUS:CANCELLED"),
            "{ics}"
        );
        assert!(mail.subject().contains("Moved from"), "{}", mail.subject());
        assert!(
            mail.subject().contains("15 December 2026, 10:00"),
            "{}",
            mail.subject()
        );
        let text = mail.text();
        assert!(
            text.contains("16 December 2026, 14:00"),
            "the new time: {text}"
        );
        assert!(text.contains("90"), "the new length: {text}");
    }
}
