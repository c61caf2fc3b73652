use chrono::{Duration, TimeZone};
use reqwest::StatusCode;

use crate::helpers::{location, spawn_app, t0};

/// Form fields for a valid meeting tomorrow at 10:00 Paris time.
fn good_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("subject", "Weekly sync"),
        ("description", "Agenda: everything"),
        ("date", "2026-12-02"),
        ("time", "10:00"),
        ("duration_min", "60"),
        ("room", ""),
        (
            "participants",
            "bob@example.org\nCarol Smith <carol@example.net>",
        ),
        ("moderators", "Ann <ann@example.net>"),
    ]
}

fn with(field: &'static str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    good_form()
        .into_iter()
        .map(|(k, v)| if k == field { (k, value) } else { (k, v) })
        .collect()
}

#[tokio::test]
async fn an_organiser_books_a_meeting_with_the_form_and_sees_it() {
    let app = spawn_app().await;
    let r = app.book_form("alice", &good_form()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let detail = location(&r);
    assert!(detail.starts_with("/booking/"), "{detail}");

    let (status, html) = app.text_as("alice", &detail).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Weekly sync"));
    assert!(html.contains("Wednesday 2 December 2026, 10:00"), "{html}");
    assert!(html.contains("carol@example.net"));
    assert!(html.contains("Carol Smith"));
    assert!(html.contains("moderator"));
    assert!(html.contains("no answer yet"));
    // The owner sees each invitee's personal link.
    assert!(html.contains(&format!("{}/join/", app.base)));

    let id: i64 = detail.trim_start_matches("/booking/").parse().unwrap();
    let m = app.meeting("alice", id).await;
    // 10:00 in Paris is 09:00 UTC in December.
    assert_eq!(m["start"], "2026-12-02T09:00:00Z");
    assert_eq!(m["end"], "2026-12-02T10:00:00Z");
    assert_eq!(m["invitees"].as_array().unwrap().len(), 3);
}

async fn rejected(field: &'static str, value: &'static str, message: &str) {
    let app = spawn_app().await;
    let r = app.book_form("alice", &with(field, value)).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{field}={value}"
    );
    let html = r.text().await.unwrap();
    assert!(
        html.contains(message),
        "{field}={value}: no `{message}` in {html}"
    );
    // Everything typed is still there.
    assert!(html.contains("Agenda: everything"), "description lost");
    assert!(
        html.contains("Carol Smith &lt;carol@example.net&gt;")
            || html.contains("Carol Smith &#60;carol@example.net&#62;"),
        "participants lost: {html}"
    );
    // Nothing was booked.
    let (_, list) = app.text_as("alice", "/booking").await;
    assert!(
        list.contains("No upcoming meeting."),
        "a meeting was booked anyway"
    );
}

#[tokio::test]
async fn a_start_in_the_past_is_refused_next_to_the_field() {
    rejected("date", "2026-11-30", "The start is in the past.").await;
}

#[tokio::test]
async fn durations_outside_the_bounds_are_refused() {
    rejected("duration_min", "14", "between 15 and 720 minutes").await;
    rejected("duration_min", "721", "between 15 and 720 minutes").await;
    rejected("duration_min", "sixty", "A whole number is expected.").await;
}

#[tokio::test]
async fn a_malformed_address_is_refused() {
    rejected(
        "moderators",
        "Ann <ann@example>",
        "is not a valid mail address",
    )
    .await;
}

#[tokio::test]
async fn a_duplicate_invitee_is_refused() {
    rejected(
        "moderators",
        "BOB@example.org",
        "bob@example.org is invited more than once.",
    )
    .await;
}

#[tokio::test]
async fn a_room_name_that_is_not_url_safe_is_refused() {
    rejected("room", "my room?", "lower-case letters, digits").await;
}

#[tokio::test]
async fn an_empty_or_too_long_subject_is_refused() {
    rejected("subject", "   ", "This field is required.").await;
    let long: &'static str = Box::leak("x".repeat(201).into_boxed_str());
    rejected("subject", long, "At most 200 characters.").await;
}

#[tokio::test]
async fn an_impossible_date_is_a_field_error_not_a_crash() {
    rejected("date", "2026-02-30", "Not a valid date").await;
    rejected("time", "25:61", "Not a valid time").await;
}

#[tokio::test]
async fn a_room_name_already_taken_is_refused() {
    let app = spawn_app().await;
    let r = app.book_form("alice", &with("room", "team-room")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.book_form("bob", &with("room", "Team-Room")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("This room name is already taken."), "{html}");
    assert!(
        html.contains("value=\"Team-Room\""),
        "room value kept: {html}"
    );
}

#[tokio::test]
async fn the_list_shows_upcoming_meetings_first_then_the_last_thirty_days() {
    let app = spawn_app().await;
    for (subject, date) in [
        ("Later", "2026-12-20"),
        ("Sooner", "2026-12-03"),
        ("Recent past", "2026-11-20"),
        ("Old past", "2026-10-01"),
    ] {
        // Book everything in the "future" relative to a clock set back in time.
        app.clock.set(t0() - Duration::days(90));
        let r = app
            .book_form(
                "alice",
                &[
                    ("subject", subject),
                    ("date", date),
                    ("time", "10:00"),
                    ("duration_min", "60"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{subject}");
    }
    app.clock.set(t0());
    let (_, html) = app.text_as("alice", "/booking").await;
    let pos = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("Sooner") < pos("Later"));
    assert!(pos("Later") < pos("Recent past"));
    assert!(
        !html.contains("Old past"),
        "meetings older than 30 days are listed"
    );

    // Bob is invited to nothing and owns nothing.
    let (_, bob) = app.text_as("bob", "/booking").await;
    assert!(!bob.contains("Sooner"));
}

#[tokio::test]
async fn invitees_who_can_log_in_see_the_meeting_in_their_list_and_detail() {
    let app = spawn_app().await;
    let r = app.book_form("alice", &good_form()).await;
    let detail = location(&r);
    let (_, list) = app.text_as("bob", "/booking").await;
    assert!(list.contains("Weekly sync"), "{list}");
    assert!(list.contains("participant"));
    let (status, html) = app.text_as("bob", &detail).await;
    assert_eq!(status, StatusCode::OK);
    // Before the room opens the page says when it will, and offers no way in yet.
    assert!(
        html.contains("You can join from Wednesday 2 December 2026"),
        "{html}"
    );
    assert!(!html.contains("/join/"), "{html}");
    // 2026-12-02 10:00 Paris is 09:00 UTC; the room opens 15 minutes before.
    app.clock
        .set(chrono::Utc.with_ymd_and_hms(2026, 12, 2, 8, 50, 0).unwrap());
    let (_, html) = app.text_as("bob", &detail).await;
    // Bob sees his own join button but not the others' personal links.
    // (His link twice: into Jitsi, and the same link opening the meeting inside jmb.)
    let hashes: std::collections::HashSet<&str> = html
        .split("/join/")
        .skip(1)
        .map(|rest| &rest[..43])
        .collect();
    assert_eq!(hashes.len(), 1, "{html}");
    assert!(!html.contains("/edit"));
}

#[tokio::test]
async fn editing_changes_the_meeting_raises_the_sequence_and_keeps_links() {
    let app = spawn_app().await;
    let r = app.book_form("alice", &good_form()).await;
    let detail = location(&r);
    let id: i64 = detail.trim_start_matches("/booking/").parse().unwrap();
    let before = app.meeting("alice", id).await;
    assert_eq!(before["sequence"], 0);

    let (status, form) = app.text_as("alice", &format!("/booking/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"Weekly sync\""));
    assert!(form.contains("2026-12-02"));
    let csrf = crate::helpers::extract_csrf(&form);
    let r = app
        .post_form_as(
            "alice",
            &format!("/booking/{id}"),
            &[
                ("csrf", &csrf),
                ("subject", "Weekly sync (moved)"),
                ("description", "New agenda"),
                ("date", "2026-12-03"),
                ("time", "14:30"),
                ("duration_min", "90"),
                ("room", before["room"].as_str().unwrap()),
                ("participants", "bob@example.org\nDan <dan@example.net>"),
                ("moderators", "Ann <ann@example.net>"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let after = app.meeting("alice", id).await;
    assert_eq!(after["sequence"], 1);
    assert_eq!(after["subject"], "Weekly sync (moved)");
    assert_eq!(after["start"], "2026-12-03T13:30:00Z");
    assert_eq!(after["duration_min"], 90);
    let emails: Vec<&str> = after["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["email"].as_str().unwrap())
        .collect();
    assert!(emails.contains(&"dan@example.net"));
    assert!(!emails.contains(&"carol@example.net"));
    let link = |m: &serde_json::Value, who: &str| {
        m["invitees"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["email"] == who)
            .unwrap()["join_url"]
            .clone()
    };
    assert_eq!(
        link(&before, "ann@example.net"),
        link(&after, "ann@example.net")
    );
}

#[tokio::test]
async fn cancelling_keeps_the_meeting_marked_cancelled() {
    let app = spawn_app().await;
    let detail = location(&app.book_form("alice", &good_form()).await);
    let id: i64 = detail.trim_start_matches("/booking/").parse().unwrap();
    let (status, confirm) = app.text_as("alice", &format!("/booking/{id}/delete")).await;
    assert_eq!(status, StatusCode::OK);
    let csrf = crate::helpers::extract_csrf(&confirm);
    let r = app
        .post_form_as(
            "alice",
            &format!("/booking/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = app.meeting("alice", id).await;
    assert_eq!(m["status"], "cancelled");
    assert_eq!(m["sequence"], 1);
    let (_, list) = app.text_as("alice", "/booking").await;
    assert!(list.contains("Weekly sync") && list.contains("cancelled"));
    // A cancelled meeting cannot be edited.
    let (status, _) = app.text_as("alice", &format!("/booking/{id}/edit")).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn another_user_gets_403_and_an_unknown_id_404_as_pages() {
    let app = spawn_app().await;
    let detail = location(&app.book_form("alice", &good_form()).await);
    let id: i64 = detail.trim_start_matches("/booking/").parse().unwrap();
    for path in [
        format!("/booking/{id}"),
        format!("/booking/{id}/edit"),
        format!("/booking/{id}/delete"),
        format!("/token/{id}"),
    ] {
        let (status, html) = app.text_as("mallory", &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("<html"), "{path} is not a page");
    }
    // An invitee may look but not edit.
    let (status, _) = app.text_as("bob", &format!("/booking/{id}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let csrf = app.csrf_as("mallory").await;
    let r = app
        .post_form_as(
            "mallory",
            &format!("/booking/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.meeting("alice", id).await["status"], "scheduled");

    for path in [
        "/booking/999999",
        "/booking/abc",
        "/booking/99999999999999999999999",
        "/token/42",
    ] {
        let (status, html) = app.text_as("alice", path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("There is nothing at this address."), "{path}");
    }
}
