//! Personal calendar feeds: what they hold for whom, that every client's parser accepts them
//! and reads back exactly what was typed, rotation, and cheap polling (304s).

use chrono::Duration;
use icalendar::{Component, EventLike};
use reqwest::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE,
    IF_NONE_MATCH, LAST_MODIFIED,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{
    TestApp, answer_occurrence, extract_csrf, invitee, meeting_json, spawn_app, spawn_app_with,
    spawn_node, t0,
};
use crate::servers::{check_ics, ics_json};

/// The feed address shown on `/ical`.
async fn feed_url(app: &TestApp, user: &str) -> String {
    let (status, html) = app.text_as(user, "/ical").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let marker = "id=\"feed-url\" readonly value=\"";
    let start = html.find(marker).expect("the feed address") + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_string()
}

async fn fetch(app: &TestApp, url: &str) -> reqwest::Response {
    app.client.get(url).send().await.unwrap()
}

async fn feed_text(app: &TestApp, url: &str) -> String {
    let r = fetch(app, url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    r.text().await.unwrap()
}

fn events(text: &str) -> Vec<icalendar::Event> {
    let cal: icalendar::Calendar = text.parse().expect("the icalendar crate parses the feed");
    cal.events().cloned().collect()
}

fn by_summary<'a>(events: &'a [icalendar::Event], summary: &str) -> &'a icalendar::Event {
    events
        .iter()
        .find(|e| e.get_summary() == Some(summary))
        .unwrap_or_else(|| panic!("no event {summary}"))
}

fn partstat_of(event: &icalendar::Event, email: &str) -> String {
    let a = event
        .get_attendees()
        .into_iter()
        .find(|a| {
            a.cal_address
                .eq_ignore_ascii_case(&format!("mailto:{email}"))
        })
        .unwrap_or_else(|| panic!("no attendee {email}"));
    format!("{:?}", a.part_stat.unwrap())
}

#[tokio::test]
async fn a_feed_holds_the_meetings_one_owns_and_is_invited_to_with_the_right_links() {
    let app = spawn_app().await;
    let own = app.book("alice", &meeting_json("Own meeting", 24)).await;
    let mut body = meeting_json("Carol's meeting", 48);
    body["invitees"] = json!([
        {"email": "alice@example.org", "role": "participant"},
        {"email": "dan@example.org", "role": "participant"}
    ]);
    let invited = app.book("carol", &body).await;
    let mut body = meeting_json("Carol moderated by Alice", 50);
    body["invitees"] = json!([
        {"email": "alice@example.org", "role": "moderator"},
        {"email": "dan@example.org", "role": "participant"}
    ]);
    app.book("carol", &body).await;
    app.book("carol", &meeting_json("Not for Alice", 30)).await;
    let cancelled = app.book("alice", &meeting_json("Called off", 72)).await;
    app.api_as(
        "alice",
        Method::DELETE,
        &format!("/api/v1/meetings/{}", cancelled["id"]),
        None,
    )
    .await;

    let url = feed_url(&app, "alice").await;
    assert!(url.starts_with(&format!("{}/ical/", app.base)) && url.ends_with(".ics"));
    let text = feed_text(&app, &url).await;
    assert!(!text.contains("METHOD"), "a feed is not an iTIP message");
    assert!(text.contains("X-WR-CALNAME:Meetings of alice\r\n"));
    assert!(text.contains("NAME:Meetings of alice\r\n"));
    assert!(text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n"));
    assert!(text.contains("X-PUBLISHED-TTL:PT15M\r\n"));
    check_ics(&text);
    let ev = events(&text);
    let mut summaries: Vec<_> = ev.iter().filter_map(|e| e.get_summary()).collect();
    summaries.sort();
    assert_eq!(
        summaries,
        [
            "Called off",
            "Carol moderated by Alice",
            "Carol's meeting",
            "Own meeting"
        ]
    );

    // The owner enters through the start page and sees everyone's answer.
    let e = by_summary(&ev, "Own meeting");
    assert_eq!(e.get_url(), own["owner_url"].as_str());
    assert_eq!(e.get_location(), own["owner_url"].as_str());
    assert_eq!(e.get_attendees().len(), 2);
    assert_eq!(partstat_of(e, "ann@example.net"), "NeedsAction");
    // An invitee enters with their own link; a participant sees only themselves, a
    // moderator everyone.
    let e = by_summary(&ev, "Carol's meeting");
    assert_eq!(
        e.get_url(),
        invitee(&invited, "alice@example.org")["join_url"].as_str()
    );
    assert_eq!(e.get_attendees().len(), 1);
    assert_eq!(
        by_summary(&ev, "Carol moderated by Alice")
            .get_attendees()
            .len(),
        2
    );
    let e = by_summary(&ev, "Called off");
    assert_eq!(e.get_status(), Some(icalendar::EventStatus::Cancelled));
    assert_eq!(e.get_sequence(), Some(1));

    // Meetings more than 90 days past leave the feed.
    app.clock.advance(Duration::days(100));
    let ev = events(&feed_text(&app, &url).await);
    assert!(ev.is_empty(), "{ev:?}");
}

#[tokio::test]
async fn one_users_feed_never_shows_another_users_meetings() {
    let app = spawn_app().await;
    app.book("alice", &meeting_json("Alice only", 24)).await;
    let bob_text = feed_text(&app, &feed_url(&app, "bob").await).await;
    // bob@example.org is invited to Alice's meeting; dan is not invited to anything.
    assert_eq!(events(&bob_text).len(), 1);
    let dan_text = feed_text(&app, &feed_url(&app, "dan").await).await;
    assert!(events(&dan_text).is_empty());
    assert!(!dan_text.contains("Alice only"));
    check_ics(&dan_text);
}

#[tokio::test]
async fn accents_emoji_punctuation_newlines_and_long_descriptions_round_trip_exactly() {
    let app = spawn_app().await;
    let subject = "Réunion d'équipe 🎉, budget; «2027» \\ naïve café — 東京";
    let description = format!(
        "Ordre du jour ;\nPoint 1, budget: 10 000 €\r\nPoint 2 \\ «citations» 😀\n\n{}",
        "Très long paragraphe, avec des virgules; et des points-virgules. ".repeat(5)
    );
    assert!(description.chars().count() > 300);
    let mut body = meeting_json(subject, 24);
    body["description"] = json!(description);
    let m = app.book("alice", &body).await;
    // What was stored: line ends normalised, the trailing space trimmed.
    let expected_description = description.replace("\r\n", "\n").trim_end().to_string();
    assert_eq!(m["description"], expected_description);

    let text = feed_text(&app, &feed_url(&app, "alice").await).await;
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines folded at 75 octets"
    );
    check_ics(&text);
    let e = &events(&text)[0];
    assert_eq!(e.get_summary(), Some(subject));
    assert_eq!(e.get_description(), Some(expected_description.as_str()));
    let Some(py) = ics_json(&text) else {
        return;
    };
    assert_eq!(py["events"][0]["summary"], subject);
    assert_eq!(
        py["events"][0]["description"],
        expected_description.as_str()
    );
}

#[tokio::test]
async fn an_answer_changes_the_attendees_partstat_in_the_feed() {
    let app = spawn_app().await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = json!([
        {"email": "bob@example.org", "role": "participant"},
        {"email": "dan@example.org", "role": "moderator"}
    ]);
    let m = app.book("alice", &body).await;
    let url = feed_url(&app, "alice").await;
    let dan_url = feed_url(&app, "dan").await;
    let dan_etag = fetch(&app, &dan_url).await.headers()[ETAG]
        .to_str()
        .unwrap()
        .to_string();
    let first = fetch(&app, &url).await;
    let etag = first.headers()[ETAG].to_str().unwrap().to_string();
    let e = &events(&first.text().await.unwrap())[0];
    assert_eq!(partstat_of(e, "bob@example.org"), "NeedsAction");

    app.answer(&m, "bob@example.org", "decline").await;

    // The poll with the old ETag now gets the new feed.
    let r = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_ne!(r.headers()[ETAG].to_str().unwrap(), etag);
    let text = r.text().await.unwrap();
    let e = &events(&text)[0];
    assert_eq!(partstat_of(e, "bob@example.org"), "Declined");
    assert_eq!(partstat_of(e, "dan@example.org"), "NeedsAction");
    // Dan moderates: his feed shows Bob's answer too, and its ETag moved.
    let r = app
        .client
        .get(&dan_url)
        .header(IF_NONE_MATCH, &dan_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let e = &events(&r.text().await.unwrap())[0];
    assert_eq!(partstat_of(e, "bob@example.org"), "Declined");
}

#[tokio::test]
async fn unchanged_feeds_are_answered_304_until_something_changes() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let url = feed_url(&app, "alice").await;
    let r = fetch(&app, &url).await;
    let etag = r.headers()[ETAG].to_str().unwrap().to_string();
    let last_modified = r.headers()[LAST_MODIFIED].to_str().unwrap().to_string();
    assert!(last_modified.ends_with(" GMT"), "{last_modified}");
    assert_eq!(
        r.headers()["cache-control"].to_str().unwrap(),
        "private, no-cache"
    );

    for (name, value) in [
        (IF_NONE_MATCH, etag.clone()),
        (IF_NONE_MATCH, format!("W/{etag}")),
        (IF_NONE_MATCH, format!("\"other\", {etag}")),
        (IF_MODIFIED_SINCE, last_modified.clone()),
    ] {
        let r = app
            .client
            .get(&url)
            .header(name.clone(), &value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{name}: {value}");
        assert_eq!(r.headers()[ETAG].to_str().unwrap(), etag);
        assert!(r.bytes().await.unwrap().is_empty());
    }
    let r = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, "\"stale\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // An edit makes the old validators stale.
    app.clock.advance(Duration::minutes(5));
    let (status, _) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{}", m["id"]),
            Some(&meeting_json("Weekly sync, moved", 25)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for (name, value) in [(IF_NONE_MATCH, etag), (IF_MODIFIED_SINCE, last_modified)] {
        let r = app
            .client
            .get(&url)
            .header(name.clone(), &value)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let e = &events(&r.text().await.unwrap())[0];
        assert_eq!(e.get_summary(), Some("Weekly sync, moved"));
        assert_eq!(e.get_sequence(), Some(1));
    }

    // Being taken off a meeting's list changes an invitee's feed too.
    let bob_url = feed_url(&app, "bob").await;
    let r = fetch(&app, &bob_url).await;
    let bob_etag = r.headers()[ETAG].to_str().unwrap().to_string();
    assert_eq!(events(&r.text().await.unwrap()).len(), 1);
    let bob_id = invitee(&m, "bob@example.org")["id"].as_i64().unwrap();
    app.api_as(
        "alice",
        Method::DELETE,
        &format!("/api/v1/meetings/{}/invitees/{bob_id}", m["id"]),
        None,
    )
    .await;
    let r = app
        .client
        .get(&bob_url)
        .header(IF_NONE_MATCH, &bob_etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(events(&r.text().await.unwrap()).is_empty());
}

#[tokio::test]
async fn rotating_the_feed_address_kills_the_old_one_at_once() {
    let app = spawn_app().await;
    app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let old = feed_url(&app, "alice").await;
    assert_eq!(feed_url(&app, "alice").await, old, "stable until rotated");
    assert_eq!(fetch(&app, &old).await.status(), StatusCode::OK);

    // Without the form's token nothing happens.
    let r = app.post_form_as("alice", "/ical/rotate", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(fetch(&app, &old).await.status(), StatusCode::OK);

    let (_, html) = app.text_as("alice", "/ical").await;
    let r = app
        .post_form_as(
            "alice",
            "/ical/rotate",
            &[("csrf", extract_csrf(&html).as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = feed_url(&app, "alice").await;
    assert_ne!(new, old);
    let r = fetch(&app, &old).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(events(&feed_text(&app, &new).await).len(), 1);
    // Forged and malformed addresses are plain 404 pages.
    for path in [
        "/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
        "/ical/short.ics",
        "/ical/x",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_feed_page_needs_a_login() {
    let app = spawn_app().await;
    assert_eq!(app.get("/ical").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn people_coming_and_going_in_the_room_do_not_make_calendars_download_again() {
    let app =
        spawn_app_with(|c| c.hooks.secret = jmb::config::Secret::new(crate::prosody::HOOK_SECRET))
            .await;
    let m = app.book("alice", &meeting_json("Weekly sync", 1)).await;
    let url = feed_url(&app, "alice").await;
    let etag = fetch(&app, &url).await.headers()[ETAG]
        .to_str()
        .unwrap()
        .to_string();
    // Prosody reports the room and a first occupant: the meeting is in progress.
    app.clock.advance(Duration::minutes(65));
    let room = m["room"].as_str().unwrap();
    let now = jmb::clock::Clock::now(&app.clock).timestamp();
    for (event, body) in [
        (
            "room/created",
            json!({"event_name": "muc-room-created", "room_name": room,
                   "room_jid": format!("{room}@conference.meet.example.org"),
                   "is_breakout": false, "created_at": now}),
        ),
        (
            "occupant/joined",
            json!({"event_name": "muc-occupant-joined", "room_name": room,
                   "room_jid": format!("{room}@conference.meet.example.org"),
                   "is_breakout": false,
                   "occupant": {"occupant_jid": "x@guest.meet.example.org/a1", "joined_at": now,
                                "name": "Guest"}}),
        ),
    ] {
        let r = app
            .client
            .post(app.url(&format!("/hooks/prosody/events/{event}")))
            .bearer_auth(crate::prosody::HOOK_SECRET)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{event}");
    }
    let id = m["id"].as_i64().unwrap();
    let status = crate::servers::poll_until(
        std::time::Duration::from_secs(1),
        std::time::Duration::from_millis(20),
        async || {
            let status = app.meeting("alice", id).await["status"]
                .as_str()
                .unwrap()
                .to_string();
            (status == "in-progress").then_some(status)
        },
    )
    .await;
    assert_eq!(status.as_deref(), Some("in-progress"));
    let r = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn an_attendee_invited_by_address_alone_is_named_by_that_address() {
    let app = spawn_app().await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = json!([
        {"email": "bob@example.org", "role": "participant"},
        {"email": "ann@example.net", "name": "Ann Lee", "role": "moderator"}
    ]);
    app.book("alice", &body).await;
    let text = feed_text(&app, &feed_url(&app, "alice").await).await;
    let e = &events(&text)[0];
    let cn = |email: &str| {
        e.get_attendees()
            .into_iter()
            .find(|a| a.cal_address == format!("mailto:{email}"))
            .unwrap_or_else(|| panic!("no attendee {email}"))
            .cn
    };
    assert_eq!(cn("bob@example.org").as_deref(), Some("bob@example.org"));
    assert_eq!(cn("ann@example.net").as_deref(), Some("Ann Lee"));
}

#[tokio::test]
async fn head_on_a_feed_answers_its_headers_and_validators_without_a_body() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let url = feed_url(&app, "alice").await;
    let get = fetch(&app, &url).await;
    let get_headers = get.headers().clone();
    let get_len = get.bytes().await.unwrap().len();
    assert!(get_len > 0);

    let head = app.client.head(&url).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    for name in [
        ETAG,
        LAST_MODIFIED,
        CONTENT_TYPE,
        CONTENT_DISPOSITION,
        CACHE_CONTROL,
    ] {
        assert_eq!(head.headers().get(&name), get_headers.get(&name), "{name}");
    }
    // RFC 9110 §8.6: a Content-Length on HEAD can only be the GET body's length.
    if let Some(len) = head.headers().get(CONTENT_LENGTH) {
        assert_eq!(len.to_str().unwrap(), get_len.to_string());
    }
    assert!(head.bytes().await.unwrap().is_empty());

    let r = app
        .client
        .head(&url)
        .header(IF_NONE_MATCH, get_headers[ETAG].to_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(r.headers()[ETAG], get_headers[ETAG]);

    let unknown = format!("{}/ical/{}.ics", app.base, "A".repeat(43));
    let r = app.client.head(&unknown).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.bytes().await.unwrap().is_empty());

    // The invitee's single meeting too.
    let ics = invitee(&m, "bob@example.org")["ics_url"].as_str().unwrap();
    let r = app.client.head(ics).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[CONTENT_TYPE].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    assert!(r.bytes().await.unwrap().is_empty());
}

/// The feeds of `users` as `app` serves them (from what it kept rendered) and as a node that
/// never built them renders them from the database: they must be the same bytes.
async fn same_on_a_fresh_node(app: &TestApp, users: &[(&str, &str)], after: &str) {
    let node = spawn_node(app.config.clone(), app.dir.clone(), t0()).await;
    for (user, url) in users {
        let path = app.path_of(url);
        let kept = feed_text(app, url).await;
        let fresh = feed_text(&node, &node.url(&path)).await;
        assert_eq!(kept, fresh, "{user}'s feed after {after}");
    }
    node.stop().await;
}

#[tokio::test]
async fn after_every_kind_of_change_a_rebuilt_feed_is_what_a_fresh_node_builds() {
    let app = spawn_app().await;
    let with_carol = |mut body: serde_json::Value| {
        body["invitees"]
            .as_array_mut()
            .unwrap()
            .push(json!({"email": "carol@example.org", "name": "Carol", "role": "moderator"}));
        body
    };
    let once = app
        .book("alice", &with_carol(meeting_json("Planning", 24)))
        .await;
    let mut weekly = with_carol(meeting_json("Seminar", 1));
    weekly["recurrence"] = json!({"freq": "weekly", "by_day": ["TU"], "count": 6});
    let series = app.book("alice", &weekly).await;
    // Enough other meetings that one changed meeting is read alone, not with the whole feed.
    for k in 0..20 {
        app.book("alice", &meeting_json(&format!("Filler {k}"), 30 + k))
            .await;
    }
    let mut users = Vec::new();
    for user in ["alice", "bob", "carol"] {
        users.push((user, feed_url(&app, user).await));
    }
    let users: Vec<(&str, &str)> = users.iter().map(|(u, url)| (*u, url.as_str())).collect();
    let kept = async || {
        let body = app.get("/metrics").await.text().await.unwrap();
        crate::metrics::sample(&body, "jmb_feed_cache_bytes").expect("the gauge")
    };
    assert_eq!(kept().await, 0.0);
    same_on_a_fresh_node(&app, &users, "booking").await;
    assert!(
        kept().await > 10_000.0,
        "22 meetings in three views are kept"
    );

    app.answer(&once, "bob@example.org", "accept").await;
    same_on_a_fresh_node(&app, &users, "an answer").await;
    let alices = events(&feed_text(&app, users[0].1).await);
    assert_eq!(
        partstat_of(by_summary(&alices, "Planning"), "bob@example.org"),
        "Accepted"
    );

    // Bob declines one Tuesday of the series on his invitation page.
    let page = invitee(&series, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap();
    let (status, _) = answer_occurrence(page, "2026-12-08T09:00:00Z", "decline").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    same_on_a_fresh_node(&app, &users, "an answer to one occurrence").await;

    let id = &series["id"];
    for (method, path, what) in [
        (
            Method::DELETE,
            format!("/api/v1/meetings/{id}/occurrences/2026-12-15T09:00:00Z"),
            "an occurrence cancelled",
        ),
        (
            Method::PATCH,
            format!("/api/v1/meetings/{id}/occurrences/2026-12-22T09:00:00Z"),
            "an occurrence moved",
        ),
    ] {
        let body = json!({"start": "2026-12-22T13:00:00Z"});
        let (status, answer) = app
            .api_as(
                "alice",
                method,
                &path,
                (what.contains("moved")).then_some(&body),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{what}: {answer}");
        same_on_a_fresh_node(&app, &users, what).await;
    }

    let mut edited = with_carol(meeting_json("Planning, moved", 26));
    edited["description"] = json!("New agenda");
    let (status, _) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{}", once["id"]),
            Some(&edited),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    same_on_a_fresh_node(&app, &users, "an edit").await;

    let carol = invitee(&series, "carol@example.org")["id"]
        .as_i64()
        .unwrap();
    app.api_as(
        "alice",
        Method::DELETE,
        &format!("/api/v1/meetings/{id}/invitees/{carol}"),
        None,
    )
    .await;
    same_on_a_fresh_node(&app, &users, "an invitee removed").await;

    app.cancel("alice", &once["id"]).await;
    same_on_a_fresh_node(&app, &users, "a cancellation").await;
}
