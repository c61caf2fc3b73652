//! Series on the organiser's pages (issue #17): the booking form's repeat section, the list,
//! the meeting page's occurrences with their cancel and move forms, the split "this and all
//! following" through the page and the API, and the occurrences API.

use chrono::{Duration, TimeZone, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;
use crate::series::{expand_everywhere, feed_of, weekly};

/// The booking form of a weekly series on Tuesdays at 10:00 (the test clock's Tuesday),
/// six times, with `changes` made to it.
fn series_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("subject", "Reading group"),
        ("description", "Chapter by chapter"),
        ("date", "2026-12-01"),
        ("time", "10:00"),
        ("duration_min", "60"),
        ("participants", "bob@example.org"),
        ("moderators", "Ann Moderator <ann@example.net>"),
        ("repeat", "weekly"),
        ("interval", "1"),
        ("day_tu", "on"),
        ("monthly_by", "day"),
        ("month_day", ""),
        ("nth", "1"),
        ("nth_day", "TU"),
        ("ends", "count"),
        ("count", "6"),
        ("until", ""),
    ];
    for (name, value) in changes {
        match form.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => form.push((name, value)),
        }
    }
    form
}

/// The id a form booking redirected to.
fn booked_id(r: &reqwest::Response) -> i64 {
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(r)
        .strip_prefix("/booking/")
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a meeting page: {}", location(r)))
}

async fn occurrences(app: &TestApp, id: impl std::fmt::Display, query: &str) -> Vec<Value> {
    let (status, list) = app
        .api_as(
            "alice",
            Method::GET,
            &format!("/api/v1/meetings/{id}/occurrences{query}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

fn statuses(list: &[Value]) -> Vec<(String, String)> {
    list.iter()
        .map(|o| {
            (
                o["recurrence_id"].as_str().unwrap().to_string(),
                o["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_series_booked_through_the_form_without_javascript_has_its_rule_in_the_api_and_on_its_edit_form()
 {
    let app = spawn_app().await;
    let id = booked_id(&app.book_form("alice", &series_form(&[])).await);
    let m = app.meeting("alice", id).await;
    assert_eq!(
        m["recurrence"],
        json!({"freq": "weekly", "interval": 1, "by_day": ["TU"], "count": 6}),
        "{m}"
    );
    assert_eq!(m["time_zone"], "Europe/Paris");
    assert_eq!(m["start"], "2026-12-01T09:00:00Z");

    let (status, edit) = app.text_as("alice", &format!("/booking/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "<option value=\"weekly\" selected>",
        "name=\"day_tu\" value=\"on\" checked",
        "name=\"count\" value=\"6\"",
        "name=\"ends\" value=\"count\" checked",
    ] {
        assert!(edit.contains(shown), "{shown} in {edit}");
    }
    assert!(
        !edit.contains("name=\"day_we\" value=\"on\" checked"),
        "{edit}"
    );

    // Monthly on the first Tuesday until a date, then edited into a one-off meeting.
    let monthly = series_form(&[
        ("subject", "Board"),
        ("repeat", "monthly"),
        ("monthly_by", "weekday"),
        ("nth", "1"),
        ("nth_day", "TU"),
        ("ends", "until"),
        ("until", "2027-03-31"),
    ]);
    let board = booked_id(&app.book_form("alice", &monthly).await);
    let b = app.meeting("alice", board).await;
    assert_eq!(
        b["recurrence"],
        json!({"freq": "monthly", "interval": 1, "by_day": ["1TU"], "until": "2027-03-31"}),
        "{b}"
    );
    let (_, edit) = app
        .text_as("alice", &format!("/booking/{board}/edit"))
        .await;
    assert!(
        edit.contains("name=\"monthly_by\" value=\"weekday\" checked")
            && edit.contains("name=\"until\" value=\"2027-03-31\""),
        "{edit}"
    );
    let csrf = extract_csrf(&edit);
    let mut once = series_form(&[("subject", "Board"), ("repeat", "none")]);
    once.push(("csrf", &csrf));
    let r = app
        .post_form_as("alice", &format!("/booking/{board}"), &once)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = app.meeting("alice", board).await;
    assert!(b.get("recurrence").is_none(), "{b}");
}

#[tokio::test]
async fn a_refused_repeat_re_renders_the_form_with_the_error_beside_the_section_and_the_input_kept()
{
    let app = spawn_app().await;
    let r = app
        .book_form("alice", &series_form(&[("count", "0")]))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"recurrence-error\">Between 1 and 520 occurrences."),
        "{html}"
    );
    assert!(
        html.contains("href=\"#recurrence\""),
        "the summary links to it"
    );
    for kept in [
        "name=\"count\" value=\"0\"",
        "name=\"subject\" value=\"Reading group\"",
        "<option value=\"weekly\" selected>",
        "name=\"day_tu\" value=\"on\" checked",
    ] {
        assert!(html.contains(kept), "{kept} in {html}");
    }

    let r = app
        .book_form(
            "alice",
            &series_form(&[("ends", "until"), ("until", "2026-11-30")]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"recurrence-error\">The last date is before the first meeting."),
        "{html}"
    );
    assert!(
        html.contains("name=\"until\" value=\"2026-11-30\""),
        "{html}"
    );

    let r = app
        .book_form(
            "alice",
            &series_form(&[("repeat", "daily"), ("count", "600")]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"recurrence-error\">"));

    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(list, json!([]), "nothing was booked");
}

#[tokio::test]
async fn the_list_shows_a_series_once_under_the_day_of_its_next_occurrence_with_a_repeat_hint() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    // Wednesday 9 December: the next occurrence is on Tuesday 15th.
    app.advance(Utc.with_ymd_and_hms(2026, 12, 9, 10, 0, 0).unwrap() - t0());
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    let link = format!("href=\"/booking/{}\"", m["id"]);
    assert_eq!(html.matches(&link).count(), 1, "{html}");
    assert!(html.contains("repeats weekly"), "{html}");
    let row = html.find(&link).unwrap();
    let time = html[..row].rfind("<time datetime=").unwrap();
    assert!(
        html[time..row].contains("datetime=\"2026-12-15T09:00:00Z\""),
        "{}",
        &html[time..row]
    );
    let heading = html[..row].rfind("<h3>").unwrap();
    assert!(
        html[heading..row].contains("15 December"),
        "{}",
        &html[heading..row]
    );
}

#[tokio::test]
async fn the_meeting_page_lists_the_occurrences_with_answers_and_cancels_one_out_of_the_feed() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let id = m["id"].as_i64().unwrap();
    app.answer(&m, "bob@example.org", "accept").await;
    let page = format!("/booking/{id}");
    let (status, html) = app.text_as("alice", &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"occurrences\""), "{html}");
    assert_eq!(html.matches("data-rid=").count(), 4, "{html}");
    let row = html.find("data-rid=\"2026-12-08T09:00:00Z\"").unwrap();
    let row = &html[row..row + html[row..].find("</tr>").unwrap()];
    assert!(
        row.contains("partstat-accepted") && row.contains("partstat-needs-action"),
        "{row}"
    );
    let cancel = format!("/booking/{id}/occurrences/2026-12-08T09:00:00Z/cancel");
    assert!(row.contains(&format!("action=\"{cancel}\"")), "{row}");

    // Without the form's token nothing happens.
    let r = app
        .post_form_as("alice", &cancel, &[("csrf", "forged")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post_form_as("alice", &cancel, &[("csrf", &extract_csrf(&html))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/booking/{id}#occurrences"));
    let (_, html) = app.text_as("alice", &page).await;
    assert!(
        html.contains("class=\"occurrence cancelled\" data-rid=\"2026-12-08T09:00:00Z\""),
        "{html}"
    );

    let feed = feed_of(&app, "alice").await;
    assert!(
        feed.contains("EXDATE;TZID=Europe/Paris:20261208T100000"),
        "{feed}"
    );
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

    // An invitee sees the occurrences, without the owner's buttons.
    let (status, html) = app.text_as("bob", &page).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("data-rid=").count(), 4, "{html}");
    assert!(
        !html.contains("/occurrences/2026-12-15T09:00:00Z/cancel"),
        "{html}"
    );
    // …and may neither cancel nor move one.
    let theirs = format!("/booking/{id}/occurrences/2026-12-15T09:00:00Z");
    let r = app
        .post_form_as(
            "bob",
            &format!("{theirs}/cancel"),
            &[("csrf", &extract_csrf(&html))],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.text_as("bob", &format!("{theirs}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        statuses(&occurrences(&app, id, "").await)[2],
        ("2026-12-15T09:00:00Z".into(), "scheduled".into())
    );
}

#[tokio::test]
async fn one_occurrence_is_moved_through_its_form_and_bad_values_are_shown_beside_their_fields() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let id = m["id"].as_i64().unwrap();
    let form = format!("/booking/{id}/occurrences/2026-12-15T09:00:00Z/edit");
    let (status, html) = app.text_as("alice", &form).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for shown in [
        "name=\"date\" value=\"2026-12-15\"",
        "name=\"time\" value=\"10:00\"",
        "name=\"duration_min\" value=\"60\"",
    ] {
        assert!(html.contains(shown), "{shown} in {html}");
    }
    let csrf = extract_csrf(&html);
    let r = app
        .post_form_as(
            "alice",
            &form,
            &[
                ("csrf", &csrf),
                ("date", "2026-12-16"),
                ("time", "14:00"),
                ("duration_min", "lots"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("id=\"duration-error\""), "{html}");
    assert!(
        html.contains("name=\"date\" value=\"2026-12-16\""),
        "{html}"
    );
    let r = app
        .post_form_as(
            "alice",
            &form,
            &[
                ("csrf", &csrf),
                ("date", "2026-11-16"),
                ("time", "14:00"),
                ("duration_min", "90"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"start-error\""));

    let r = app
        .post_form_as(
            "alice",
            &form,
            &[
                ("csrf", &csrf),
                ("date", "2026-12-16"),
                ("time", "14:00"),
                ("duration_min", "90"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = occurrences(&app, id, "").await;
    let moved = list
        .iter()
        .find(|o| o["recurrence_id"] == "2026-12-15T09:00:00Z")
        .unwrap();
    assert_eq!(
        (&moved["status"], &moved["start"], &moved["end"]),
        (
            &json!("moved"),
            &json!("2026-12-16T13:00:00Z"),
            &json!("2026-12-16T14:30:00Z")
        ),
        "{moved}"
    );
    // Not an occurrence of the series: no form.
    let (status, _) = app
        .text_as(
            "alice",
            &format!("/booking/{id}/occurrences/2026-12-16T09:00:00Z/edit"),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_occurrences_api_lists_each_occurrence_with_its_status_and_everyone_s_answer_to_it() {
    use crate::api::Recorder;
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let id = m["id"].as_i64().unwrap();
    app.answer(&m, "bob@example.org", "accept").await;
    // Bob declines the last one alone (as his calendar's answer to that occurrence would).
    let bob = invitee(&m, "bob@example.org")["id"].as_i64().unwrap();
    let last = Utc.with_ymd_and_hms(2026, 12, 22, 9, 0, 0).unwrap();
    execute_sql(
        &app.config,
        &format!(
            "INSERT INTO occurrence_answer (invitee_id, recurrence_id, partstat, answered_at) \
             VALUES ({bob}, {}, 'declined', {})",
            last.timestamp(),
            t0().timestamp()
        ),
        &[],
    );
    let base = format!("/api/v1/meetings/{id}/occurrences");
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("{base}/2026-12-08T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut rec = Recorder {
        app: &app,
        exchanges: Vec::new(),
    };
    let alice = Some("alice");
    // PUT moves, as PATCH did.
    let body = json!({"start": "2026-12-16T14:00:00+01:00"});
    let (status, moved, _) = rec
        .send(
            alice,
            Method::PUT,
            &format!("{base}/2026-12-15T09:00:00Z"),
            Some(("application/json", body.to_string())),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    let (status, list, _) = rec.send(alice, Method::GET, &base, None, true).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap();
    assert_eq!(
        statuses(list),
        [
            ("2026-12-01T09:00:00Z".into(), "scheduled".into()),
            ("2026-12-08T09:00:00Z".into(), "cancelled".into()),
            ("2026-12-15T09:00:00Z".into(), "moved".into()),
            ("2026-12-22T09:00:00Z".into(), "scheduled".into()),
        ]
    );
    assert_eq!(list[2]["start"], "2026-12-16T13:00:00Z");
    assert_eq!(list[2]["end"], "2026-12-16T14:00:00Z");
    let answers = |o: &Value| o["invitees"].clone();
    assert_eq!(
        answers(&list[0]),
        json!([{"email": "ann@example.net", "answer": "needs-action"},
               {"email": "bob@example.org", "answer": "accepted"}])
    );
    assert_eq!(
        answers(&list[3]),
        json!([{"email": "ann@example.net", "answer": "needs-action"},
               {"email": "bob@example.org", "answer": "declined"}])
    );

    // A window: only what takes place in it.
    let (_, window, _) = rec
        .send(
            alice,
            Method::GET,
            &format!("{base}?from=2026-12-10T00:00:00Z&to=2026-12-20T00:00:00Z"),
            None,
            true,
        )
        .await;
    assert_eq!(
        statuses(window.as_array().unwrap()),
        [("2026-12-15T09:00:00Z".into(), "moved".into())]
    );
    let one = app.book("alice", &meeting_json("Once", 3)).await;
    // Eight weeks by default: seen from mid-December, the last one only.
    app.advance(Duration::days(18));
    assert_eq!(occurrences(&app, id, "").await.len(), 1);

    let refused = [
        (alice, format!("{base}?to=2026-11-01T00:00:00Z"), 400),
        (alice, format!("{base}?from=soon"), 400),
        (alice, format!("{base}?to=2029-01-01T00:00:00Z"), 400),
        (Some("bob"), base.clone(), 403),
        (Some("mallory"), base.clone(), 404),
        (
            alice,
            format!("/api/v1/meetings/{}/occurrences", one["id"]),
            404,
        ),
    ];
    for (user, path, status) in refused {
        let (st, err, _) = rec.send(user, Method::GET, &path, None, false).await;
        assert_eq!(st.as_u16(), status, "{path}: {err}");
        if status == 400 {
            assert!(
                ["from", "to"].contains(&err["error"]["field"].as_str().unwrap()),
                "{err}"
            );
        }
    }
    crate::servers::check_openapi(&document, &rec.exchanges);
}

/// Waits until each address has received `n` mails.
async fn mails_for(smtp: &crate::servers::SmtpCapture, expected: &[(&str, usize)]) {
    for _ in 0..200 {
        if expected.iter().all(|(to, n)| smtp.to(to).len() >= *n) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let got: Vec<_> = expected
        .iter()
        .map(|(to, _)| (to, smtp.to(to).len()))
        .collect();
    panic!("expected {expected:?}, got {got:?}");
}

#[tokio::test]
async fn splitting_through_the_api_ends_the_series_and_a_new_one_continues_with_the_same_links() {
    use crate::servers::SmtpCapture;
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    let m = app.book("alice", &weekly(6)).await;
    let id = m["id"].as_i64().unwrap();
    app.answer(&m, "bob@example.org", "accept").await;
    mails_for(&smtp, &[("ann@example.net", 1), ("bob@example.org", 1)]).await;
    let bob_link = invitee(&m, "bob@example.org")["join_url"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({
        "subject": "Seminar, second half",
        "start": "2026-12-15T11:00:00+01:00",
        "duration_min": 60,
        "invitees": [
            {"email": "ann@example.net", "name": "Ann Moderator", "role": "moderator"},
            {"email": "bob@example.org"},
            {"email": "carol@example.org", "name": "Carol"}
        ]
    });
    let (status, new) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}/occurrences/2026-12-15T09:00:00Z?following=true"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{new}");
    assert_eq!(
        new["recurrence"],
        json!({"freq": "weekly", "interval": 1, "by_day": ["TU"], "count": 4}),
        "the rest of the rule: {new}"
    );
    assert_eq!(new["start"], "2026-12-15T10:00:00Z");
    assert_eq!(new["subject"], "Seminar, second half");

    let old = app.meeting("alice", id).await;
    assert_eq!(
        old["recurrence"],
        json!({"freq": "weekly", "interval": 1, "by_day": ["TU"], "count": 2}),
        "{old}"
    );
    assert_eq!(old["end"], "2026-12-08T10:00:00Z");
    assert_eq!(old["next_occurrences"].as_array().unwrap().len(), 2);

    // Bob's link now leads to the coming meetings, with his answer; the old series has
    // another one for him.
    assert_eq!(invitee(&new, "bob@example.org")["join_url"], bob_link);
    assert_eq!(invitee(&new, "bob@example.org")["partstat"], "accepted");
    assert_eq!(
        invitee(&new, "carol@example.org")["partstat"],
        "needs-action"
    );
    assert_ne!(invitee(&old, "bob@example.org")["join_url"], bob_link);
    let invitation = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app.get(&app.path_of(&invitation)).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Seminar, second half"));

    // One REQUEST for each series, never one per occurrence.
    mails_for(
        &smtp,
        &[
            ("ann@example.net", 3),
            ("bob@example.org", 3),
            ("carol@example.org", 1),
        ],
    )
    .await;
    let ann = smtp.to("ann@example.net");
    assert_eq!(ann.len(), 3);
    let calendars: Vec<String> = ann[1..]
        .iter()
        .map(|mail| mail.calendar_parts().remove(0).2)
        .collect();
    assert!(
        calendars
            .iter()
            .any(|ics| ics.contains("METHOD:REQUEST") && ics.contains("RRULE:FREQ=WEEKLY;COUNT=2")),
        "{calendars:?}"
    );
    assert!(
        calendars
            .iter()
            .any(|ics| ics.contains("METHOD:REQUEST") && ics.contains("RRULE:FREQ=WEEKLY;COUNT=4")),
        "{calendars:?}"
    );
    for ics in &calendars {
        assert!(crate::servers::check_ics(ics), "{ics}");
    }
}

#[tokio::test]
async fn this_and_all_following_through_the_page_starts_a_new_series_at_the_new_time() {
    let app = spawn_app().await;
    let m = app.book("alice", &weekly(4)).await;
    let id = m["id"].as_i64().unwrap();
    let ann_link = invitee(&m, "ann@example.net")["join_url"].clone();
    let form = format!("/booking/{id}/occurrences/2026-12-15T09:00:00Z/edit");
    let (status, html) = app.text_as("alice", &form).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"following\" value=\"true\""), "{html}");
    let r = app
        .post_form_as(
            "alice",
            &form,
            &[
                ("csrf", &extract_csrf(&html)),
                ("date", "2026-12-16"),
                ("time", "11:00"),
                ("duration_min", "45"),
                ("following", "true"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    let new_id: i64 = to
        .strip_prefix("/booking/")
        .and_then(|rest| rest.strip_suffix("#occurrences"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{to}"));
    assert_ne!(new_id, id);
    let new = app.meeting("alice", new_id).await;
    // Every Tuesday moved to a Wednesday: every Wednesday from then on.
    assert_eq!(
        new["recurrence"],
        json!({"freq": "weekly", "interval": 1, "by_day": ["WE"], "count": 2}),
        "{new}"
    );
    assert_eq!(
        (&new["start"], &new["duration_min"], &new["subject"]),
        (
            &json!("2026-12-16T10:00:00Z"),
            &json!(45),
            &json!("Seminar")
        )
    );
    assert_eq!(invitee(&new, "ann@example.net")["join_url"], ann_link);
    let old = app.meeting("alice", id).await;
    assert_eq!(old["recurrence"]["count"], 2, "{old}");

    // Through the API: bad details are refused naming the field, an occurrence the series
    // does not have is not found, and the first occurrence is the whole series.
    let split = |rid: &str| format!("/api/v1/meetings/{id}/occurrences/{rid}?following=true");
    let mut body = meeting_json("Seminar", 1);
    body["start"] = json!("2026-11-01T10:00:00+01:00");
    let (status, err) = app
        .api_as(
            "alice",
            Method::PUT,
            &split("2026-12-08T09:00:00Z"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "start");
    body["start"] = json!("2026-12-10T10:00:00+01:00");
    let (status, _) = app
        .api_as(
            "alice",
            Method::PUT,
            &split("2026-12-09T09:00:00Z"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let mut renamed = meeting_json("Seminar, renamed", 1);
    renamed["start"] = json!("2026-12-01T10:00:00+01:00");
    let (status, whole) = app
        .api_as(
            "alice",
            Method::PUT,
            &split("2026-12-01T09:00:00Z"),
            Some(&renamed),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{whole}");
    assert_eq!(
        (
            &whole["id"],
            &whole["subject"],
            &whole["recurrence"]["count"]
        ),
        (&json!(id), &json!("Seminar, renamed"), &json!(2))
    );
    assert_eq!(
        statuses(&occurrences(&app, new_id, "").await),
        [
            ("2026-12-16T10:00:00Z".into(), "scheduled".into()),
            ("2026-12-23T10:00:00Z".into(), "scheduled".into()),
        ]
    );
}

#[tokio::test]
async fn changing_only_the_repeat_on_the_edit_form_sends_everyone_the_new_series() {
    use crate::servers::SmtpCapture;
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    let id = booked_id(&app.book_form("alice", &series_form(&[])).await);
    mails_for(&smtp, &[("ann@example.net", 1), ("bob@example.org", 1)]).await;
    let (_, edit) = app.text_as("alice", &format!("/booking/{id}/edit")).await;
    let csrf = extract_csrf(&edit);
    let mut form = series_form(&[("count", "8")]);
    form.push(("csrf", &csrf));
    let r = app
        .post_form_as("alice", &format!("/booking/{id}"), &form)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    mails_for(&smtp, &[("ann@example.net", 2), ("bob@example.org", 2)]).await;
    for to in ["ann@example.net", "bob@example.org"] {
        let ics = smtp.to(to).remove(1).calendar_parts().remove(0).2;
        assert!(
            ics.contains("METHOD:REQUEST") && ics.contains("RRULE:FREQ=WEEKLY;COUNT=8"),
            "{ics}"
        );
    }
}
