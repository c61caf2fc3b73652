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
async fn a_stranger_gets_the_same_404_page_as_for_an_unknown_id_and_an_invitee_a_403() {
    let app = spawn_app().await;
    let detail = location(&app.book_form("alice", &good_form()).await);
    let id: i64 = detail.trim_start_matches("/booking/").parse().unwrap();
    let (_, unknown) = app.text_as("alice", "/booking/999999").await;
    for path in [
        format!("/booking/{id}"),
        format!("/booking/{id}/edit"),
        format!("/booking/{id}/delete"),
        format!("/booking/{id}/attendance.csv"),
        format!("/token/{id}"),
        format!("/meet/{id}"),
    ] {
        let (status, html) = app.text_as("mallory", &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("There is nothing at this address."), "{path}");
        assert_eq!(
            html.len(),
            unknown.len(),
            "{path} tells a meeting from no meeting"
        );
    }
    // An invitee may look but not edit, start or download.
    for path in [
        format!("/booking/{id}/edit"),
        format!("/booking/{id}/delete"),
        format!("/booking/{id}/attendance.csv"),
        format!("/token/{id}"),
        format!("/meet/{id}"),
    ] {
        let (status, _) = app.text_as("bob", &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let csrf = app.csrf_as("mallory").await;
    let r = app
        .post_form_as(
            "mallory",
            &format!("/booking/{id}/delete"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.meeting("alice", id).await["status"], "scheduled");

    for path in [
        "/booking/999999",
        "/booking/abc",
        "/booking/99999999999999999999999",
        "/token/42",
        "/meet/42",
    ] {
        let (status, html) = app.text_as("alice", path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(html.contains("There is nothing at this address."), "{path}");
    }
}

/// Writes `n` meetings of `owner` straight into the database, one every `every` from
/// `first` on, named `{prefix}{k:04}`: a busy organiser's years, in a second.
async fn seed(
    app: &crate::helpers::TestApp,
    owner: &'static str,
    prefix: &'static str,
    n: usize,
    first: chrono::DateTime<chrono::Utc>,
    every: Duration,
) {
    app.state
        .db
        .run(move |c| -> Result<(), jmb::store::Error> {
            let tx = c.transaction()?;
            for k in 0..n {
                let starts_at = first + every * (k as i32);
                let (uid, room, subject) = (
                    format!("{prefix}{k}@test"),
                    format!("{prefix}-room-{k}").to_lowercase(),
                    format!("{prefix}{k:04}"),
                );
                jmb::store::meetings::insert_meeting(
                    &tx,
                    &jmb::store::meetings::NewMeeting {
                        uid: &uid,
                        room: &room,
                        subject: &subject,
                        description: "",
                        owner,
                        owner_email: &format!("{owner}@example.org"),
                        owner_name: owner,
                        starts_at,
                        duration_min: 30,
                        ends_at: starts_at + Duration::minutes(30),
                        status: jmb::domain::MeetingStatus::Scheduled,
                        sequence: 0,
                        created_at: t0(),
                    },
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
        .unwrap();
}

/// The subjects of the list's rows, in page order.
fn rows(html: &str) -> Vec<String> {
    html.split("class=\"subject\" href=\"/booking/")
        .skip(1)
        .map(|s| {
            s.split('>')
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The list's "Show more" link.
fn show_more(html: &str) -> Option<String> {
    let (_, rest) = html.split_once("<a href=\"/booking?cursor=")?;
    let cursor = rest.split('"').next().unwrap();
    Some(format!("/booking?cursor={cursor}"))
}

#[tokio::test]
async fn a_busy_organisers_list_shows_a_bounded_part_and_pages_further_with_show_more() {
    let app = spawn_app().await;
    // Four meetings a day for ten months, and a few of last week.
    seed(
        &app,
        "alice",
        "M",
        1200,
        t0() + Duration::hours(1),
        Duration::hours(6),
    )
    .await;
    seed(
        &app,
        "alice",
        "P",
        3,
        t0() - Duration::days(5),
        Duration::days(1),
    )
    .await;
    let started = std::time::Instant::now();
    let (status, html) = app.text_as("alice", "/booking").await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.len() < 200_000,
        "the first part weighs {} bytes",
        html.len()
    );
    assert!(
        took < std::time::Duration::from_secs(2),
        "the first part took {took:?}"
    );
    let first = rows(&html);
    // 100 upcoming (the cap comes before the 4 weeks here), then the recent past, latest first.
    assert_eq!(first.len(), 103, "{first:?}");
    assert_eq!(first[0], "M0000");
    assert_eq!(first[99], "M0099");
    assert_eq!(&first[100..], ["P0002", "P0001", "P0000"]);

    let more = show_more(&html).expect("a Show more link");
    let (status, html) = app.text_as("alice", &more).await;
    assert_eq!(status, StatusCode::OK);
    let second = rows(&html);
    assert_eq!(second.len(), 100);
    assert_eq!(
        second[0], "M0100",
        "the next part starts where the first stopped"
    );
    assert!(
        html.contains("href=\"/booking\""),
        "a way back to the start"
    );
    assert!(
        !html.contains("P0000"),
        "the past heads the first part only"
    );

    // Follow the links to the end: every meeting once, in order.
    let mut seen = first[..100].to_vec();
    let mut next = Some(more);
    while let Some(path) = next {
        let (_, html) = app.text_as("alice", &path).await;
        seen.extend(rows(&html));
        next = show_more(&html);
    }
    let expected: Vec<String> = (0..1200).map(|k| format!("M{k:04}")).collect();
    assert_eq!(seen, expected);

    // A bad cursor is refused, not a 500.
    let (status, _) = app.text_as("alice", "/booking?cursor=%27--").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_part_of_the_list_reaches_four_weeks_from_its_first_meeting() {
    let app = spawn_app().await;
    // One meeting every three days for four months.
    seed(
        &app,
        "alice",
        "T",
        40,
        t0() + Duration::hours(1),
        Duration::days(3),
    )
    .await;
    let (_, html) = app.text_as("alice", "/booking").await;
    let first = rows(&html);
    // Days 0, 3, … 27: the ten of the coming four weeks.
    assert_eq!(first.len(), 10, "{first:?}");
    assert_eq!(first.last().unwrap(), "T0009");
    let (_, html) = app.text_as("alice", &show_more(&html).unwrap()).await;
    assert_eq!(rows(&html).first().unwrap(), "T0010");
}

#[tokio::test]
async fn a_busy_past_shows_its_latest_hundred_and_the_rest_with_show_older() {
    let app = spawn_app().await;
    // 130 meetings of the last 30 days, one every five hours, the latest an hour ago.
    seed(
        &app,
        "alice",
        "P",
        130,
        t0() - Duration::hours(1 + 129 * 5),
        Duration::hours(5),
    )
    .await;
    seed(
        &app,
        "alice",
        "M",
        2,
        t0() + Duration::hours(1),
        Duration::days(1),
    )
    .await;
    let (_, html) = app.text_as("alice", "/booking").await;
    let first = rows(&html);
    assert_eq!(first.len(), 102);
    assert_eq!(&first[..3], ["M0000", "M0001", "P0129"]);
    assert_eq!(first.last().unwrap(), "P0030");
    assert!(show_more(&html).is_none());
    let (_, rest) = html
        .split_once("<a href=\"/booking?older=")
        .expect("a Show older link");
    let older = format!("/booking?older={}", rest.split('"').next().unwrap());
    let (status, html) = app.text_as("alice", &older).await;
    assert_eq!(status, StatusCode::OK);
    let second = rows(&html);
    let expected: Vec<String> = (0..30).rev().map(|k| format!("P{k:04}")).collect();
    assert_eq!(
        second, expected,
        "the older part holds the rest, and no upcoming meeting"
    );
    assert!(
        !html.contains("/booking?older="),
        "nothing older within booking.past_days"
    );
    assert!(
        html.contains("href=\"/booking\""),
        "a way back to the start"
    );
}
