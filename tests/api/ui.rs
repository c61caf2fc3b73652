//! The pages as HTTP sees them: their assets and headers, their language, the list's
//! figures and buttons, "Meet now", personal rooms and the embedded meeting. What a browser
//! does with them is in `ui_browser`.

use chrono::Duration;
use reqwest::StatusCode;
use reqwest::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};

use crate::helpers::{
    JITSI_URL, browser, extract_csrf, invitee, location, meeting_json, spawn_app, spawn_app_with,
    t0,
};
use crate::join::{claims, room_of, token_of};

/// The value of `attr` on the first tag that contains `marker`.
fn attr_after(html: &str, marker: &str, attr: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in {html}"));
    let tag_start = html[..=at].rfind('<').unwrap();
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap()];
    let key = format!("{attr}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("no {attr} in {tag}"))
        + key.len();
    tag[from..from + tag[from..].find('"').unwrap()].replace("&amp;", "&")
}

#[tokio::test]
async fn the_stylesheet_and_scripts_are_served_by_jmb_with_long_cache_headers() {
    let app = spawn_app().await;
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    let css = attr_after(&html, "rel=\"stylesheet\"", "href");
    let js = attr_after(&html, "<script src=", "src");
    for (url, kind) in [(&css, "text/css"), (&js, "text/javascript")] {
        assert!(url.starts_with("/static/"), "{url} is jmb's own");
        assert!(url.contains("?v="), "{url} names its version");
        let r = app.get(url).await;
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        assert!(
            r.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(kind)
        );
        let cache = r.headers()[CACHE_CONTROL].to_str().unwrap().to_string();
        assert!(cache.contains("max-age=31536000"), "{cache}");
        assert!(cache.contains("immutable"), "{cache}");
        let etag = r.headers()[ETAG].to_str().unwrap().to_string();
        assert!(!r.bytes().await.unwrap().is_empty());
        let again = app
            .client
            .get(app.url(url))
            .header(IF_NONE_MATCH, &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    // An old page's link (no or another version) is revalidated, not kept for a year.
    let r = app.get("/static/jmb.css").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-cache");
    assert_eq!(
        app.get("/static/nothing.js").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/static/..%2fCargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
    // The script is small: progressive enhancement, not an application.
    let script = app.get(&js).await.text().await.unwrap();
    assert!(script.lines().count() < 400);
}

#[tokio::test]
async fn pages_run_only_jmbs_own_code() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Policy", 2)).await;
    let bob_page = app.path_of(
        invitee(&m, "bob@example.org")["invitation_url"]
            .as_str()
            .unwrap(),
    );
    for path in [
        "/booking",
        "/booking/new",
        &format!("/booking/{}", m["id"]),
        &bob_page,
        "/room",
        "/webhooks",
    ] {
        let r = app.get_as("alice", path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
            "{csp}"
        );
        assert_eq!(r.headers()[CACHE_CONTROL], "no-store", "{path}");
        let html = r.text().await.unwrap();
        // No inline code the policy would block: every script is a file.
        assert!(
            !html.contains("<script>") && !html.contains(" style=\""),
            "{path}"
        );
        // Nothing is fetched from elsewhere: no CDN, no web font, no tracker.
        for (at, _) in html.match_indices(" src=\"") {
            let src = &html[at + 6..];
            assert!(
                src.starts_with('/'),
                "{path}: {}",
                &src[..40.min(src.len())]
            );
        }
    }
}

#[tokio::test]
async fn pages_speak_the_browsers_language_and_else_the_servers() {
    let app = spawn_app().await;
    let get = |lang: Option<&'static str>| {
        let mut rb = app
            .client
            .get(app.url("/booking"))
            .header("X-Remote-User", "alice");
        if let Some(l) = lang {
            rb = rb.header("Accept-Language", l);
        }
        async move { rb.send().await.unwrap() }
    };
    let fr = get(Some("fr-CH, fr;q=0.9, en;q=0.8")).await;
    assert!(
        fr.headers()[VARY]
            .to_str()
            .unwrap()
            .contains("Accept-Language")
    );
    let fr = fr.text().await.unwrap();
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    assert!(fr.contains("Mes réunions"), "{fr}");
    let en = get(Some("pl-PL, en-GB;q=0.7, fr;q=0.3"))
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("My meetings"));
    // No header, or only languages jmb does not speak: server.language (English here).
    for lang in [None, Some("pl, ja;q=0.5")] {
        let html = get(lang).await.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\""), "{lang:?}");
    }

    // Dates follow the page's language.
    let app = spawn_app().await;
    app.book("alice", &meeting_json("Dated", 24)).await;
    let page = |lang: &'static str| {
        app.client
            .get(app.url("/booking"))
            .header("X-Remote-User", "alice")
            .header("Accept-Language", lang)
            .send()
    };
    let fr = page("fr").await.unwrap().text().await.unwrap();
    let en = page("en").await.unwrap().text().await.unwrap();
    assert!(fr.contains("mercredi 2 décembre 2026"), "{fr}");
    assert!(en.contains("Wednesday 2 December 2026"), "{en}");
}

#[tokio::test]
async fn the_operators_name_and_logo_are_on_every_page() {
    let logo_dir = tempfile::tempdir().unwrap();
    let logo = logo_dir.path().join("Uni.SVG");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
    std::fs::write(&logo, svg).unwrap();
    let path = logo.clone();
    let app = spawn_app_with(move |c| {
        c.server.service_name = "Université Visio".into();
        c.server.logo_file = path;
    })
    .await;
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("Université Visio"));
    assert!(
        html.contains("<title>My meetings · Université Visio</title>"),
        "{html}"
    );
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("<title>Université Visio</title>"), "{home}");
    let src = attr_after(&html, "class=\"brand\"", "href");
    assert_eq!(src, "/");
    let img = attr_after(&html, "<img src=\"/static/logo", "src");
    let r = app.get(&img).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CONTENT_TYPE], "image/svg+xml");
    // An SVG opened on its own runs nothing.
    assert!(
        r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(r.text().await.unwrap(), svg);
    // The invitation page an external guest sees carries them too.
    let m = app.book("alice", &meeting_json("Branded", 2)).await;
    let page = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap();
    let html = browser()
        .get(page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Université Visio") && html.contains("/static/logo.svg"));

    // A logo jmb cannot serve is refused at start, with the reason.
    let mut config = crate::helpers::base_config(&logo_dir);
    config.server.logo_file = logo_dir.path().join("logo.exe");
    std::fs::write(&config.server.logo_file, "MZ").unwrap();
    let problems = format!("{:#}", jmb::startup::check(&config).unwrap_err());
    assert!(problems.contains("server.logo_file"), "{problems}");
}

#[tokio::test]
async fn the_list_shows_answers_a_start_button_in_the_window_and_copyable_links() {
    let app = spawn_app().await;
    let soon = app.book("alice", &meeting_json("Soon", 1)).await;
    let later = app.book("alice", &meeting_json("Tomorrow", 26)).await;
    app.answer(&soon, "ann@example.net", "accept").await;
    app.answer(&later, "bob@example.org", "decline").await;

    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(
        html.contains("1 accepted") && html.contains("1 declined"),
        "{html}"
    );
    assert!(html.contains("1 has not answered"), "{html}");
    // Rows carry what tells meetings apart: no zero figures, no "scheduled" on each.
    assert!(
        !html.contains("0 accepted") && !html.contains("0 declined"),
        "{html}"
    );
    assert!(!html.contains(">scheduled<"), "{html}");
    // The personal room is one click away.
    assert!(html.contains("href=\"/room/open\""), "{html}");
    // Before the window opens there is nothing to start; the start link can be copied.
    assert!(!html.contains(&format!("href=\"/token/{}\"", soon["id"])));
    let copy = attr_after(&html, &format!("id=\"link-{}\"", soon["id"]), "value");
    assert_eq!(copy, app.url(&format!("/token/{}", soon["id"])));

    // 50 minutes later "Soon" is in its window (15 minutes before the start) and has a
    // Start button; "Tomorrow" has none.
    app.clock.set(t0() + Duration::minutes(50));
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains(&format!("href=\"/token/{}\"", soon["id"])));
    assert!(!html.contains(&format!("href=\"/token/{}\"", later["id"])));
    // Bob, invited, sees his own join link and no answer counts of others' meetings
    // beyond the figures.
    let (_, bob) = app.text_as("bob", "/booking").await;
    let join = invitee(&soon, "bob@example.org")["join_url"]
        .as_str()
        .unwrap();
    assert!(
        bob.contains(&format!("href=\"{}\"", app.path_of(join))),
        "{bob}"
    );
    assert!(!bob.contains("/token/"));

    // Once its time is over the meeting's page no longer calls it scheduled, even when
    // Prosody never reported on it.
    let detail = format!("/booking/{}", soon["id"]);
    assert!(
        app.text_as("alice", &detail)
            .await
            .1
            .contains(">scheduled<")
    );
    app.clock.set(t0() + Duration::hours(3));
    let (_, html) = app.text_as("alice", &detail).await;
    assert!(
        html.contains(">completed<") && !html.contains(">scheduled<"),
        "{html}"
    );
}

#[tokio::test]
async fn meet_now_books_a_meeting_starting_now_and_opens_it() {
    let app = spawn_app().await;
    let client = browser();
    let as_alice = |rb: reqwest::RequestBuilder| rb.header("X-Remote-User", "alice");
    let html = as_alice(client.get(app.url("/booking")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("action=\"/meet\""),
        "the list offers Meet now"
    );
    let csrf = extract_csrf(&html);

    // Without the form's token nothing is booked.
    let r = as_alice(client.post(app.url("/meet")))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, list) = app
        .api_as("alice", reqwest::Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 0);

    let r = as_alice(client.post(app.url("/meet")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let next = location(&r);
    let r = as_alice(client.get(app.url(&next))).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    let (_, list) = app
        .api_as("alice", reqwest::Method::GET, "/api/v1/meetings", None)
        .await;
    let m = &list.as_array().unwrap()[0];
    let room = m["room"].as_str().unwrap();
    let token = token_of(&location(&r), room).expect("the owner's token");
    assert!(claims(&token).moderator);
    assert_eq!(m["duration_min"], 60, "booking.default_duration_min");
    let start = chrono::DateTime::parse_from_rfc3339(m["start"].as_str().unwrap()).unwrap();
    assert!((start.to_utc() - t0()).num_seconds().abs() < 60, "{start}");
    assert!(m["invitees"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_personal_room_opens_for_its_owner_as_moderator_and_for_guests_without() {
    let app = spawn_app().await;
    let (status, html) = app.text_as("alice", "/room").await;
    assert_eq!(status, StatusCode::OK);
    let guest_url = attr_after(&html, "id=\"guest-url\"", "value");
    assert!(guest_url.starts_with(&app.url("/guest/")));
    // The same room on every visit, whenever it is.
    app.clock.set(t0() + Duration::days(40));
    let (_, again) = app.text_as("alice", "/room").await;
    assert_eq!(attr_after(&again, "id=\"guest-url\"", "value"), guest_url);

    let r = app.get_as("alice", "/room/open").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let to = location(&r);
    let room = room_of(&to);
    let c = claims(&token_of(&to, &room).expect("a token"));
    assert!(c.moderator && c.context.user.moderator);
    assert_eq!(c.room, room);
    let now = (t0() + Duration::days(40)).timestamp();
    assert!(c.nbf <= now && now < c.exp);

    // A guest enters the same room without a token (server without guest tokens).
    let r = browser().get(&guest_url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), format!("{JITSI_URL}/{room}"));

    // Jitsi's "I am the host" button in the personal room leads its owner in, nobody else.
    let r = app
        .get_as("alice", &format!("/token.cgi?room={room}"))
        .await;
    assert_eq!(location(&r), "/room/open");
    let r = app.get_as("bob", &format!("/token.cgi?room={room}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A meeting cannot take the personal room's name: its owner would moderate it.
    let r = app
        .book_form(
            "bob",
            &[
                ("subject", "Squatter"),
                ("date", "2027-02-01"),
                ("time", "10:00"),
                ("duration_min", "60"),
                ("room", &room),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("room-error"));

    // A new guest link: the old one stops working, and so does the old room name.
    let html = app.text_as("alice", "/room").await.1;
    let r = app
        .post_form_as("alice", "/room/rotate", &[("csrf", &extract_csrf(&html))])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = browser().get(&guest_url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (_, html) = app.text_as("alice", "/room").await;
    let new_url = attr_after(&html, "id=\"guest-url\"", "value");
    assert_ne!(new_url, guest_url);
    let r = browser().get(&new_url).send().await.unwrap();
    assert!(!location(&r).contains(&room), "a new room name");
    // The rotation needs the form's token.
    let r = app
        .post_form_as("alice", "/room/rotate", &[("csrf", "forged")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn guests_of_a_personal_room_get_a_guest_token_when_the_server_wants_one() {
    let app = spawn_app_with(|c| c.jitsi.guest_token = true).await;
    let html = app.text_as("alice", "/room").await.1;
    let guest_url = attr_after(&html, "id=\"guest-url\"", "value");
    let to = location(&browser().get(&guest_url).send().await.unwrap());
    let room = room_of(&to);
    let c = claims(&token_of(&to, &room).expect("a guest token"));
    assert!(!c.moderator && !c.context.user.moderator);
    // Unknown guest links are plain pages.
    for bad in [
        "/guest/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/guest/x",
    ] {
        let r = app.get(bad).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{bad}");
        assert!(r.text().await.unwrap().contains("<html"));
    }
}

#[tokio::test]
async fn the_meeting_opens_inside_jmb_with_jitsis_script_from_the_configured_site() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Embedded", 1)).await;
    let id = m["id"].as_i64().unwrap();
    let room = m["room"].as_str().unwrap();
    let ann_join = app.path_of(invitee(&m, "ann@example.net")["join_url"].as_str().unwrap());

    // Before the window: the notice page, as for the plain links.
    let (status, html) = app.text_as("alice", &format!("/meet/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("external_api.js"));

    app.clock.set(t0() + Duration::minutes(50));
    for (who, path, moderator) in [
        ("alice", format!("/meet/{id}"), true),
        ("ann", format!("{ann_join}?embed=1"), true),
    ] {
        let r = app.get_as(who, &path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let csp = r.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains(&format!("script-src 'self' {JITSI_URL}/external_api.js")),
            "{csp}"
        );
        assert!(csp.contains(&format!("frame-src {JITSI_URL}/")), "{csp}");
        let html = r.text().await.unwrap();
        let api = attr_after(&html, "external_api.js", "src");
        assert_eq!(api, format!("{JITSI_URL}/external_api.js"));
        assert_eq!(attr_after(&html, "id=\"meet\"", "data-room"), room);
        assert_eq!(
            attr_after(&html, "id=\"meet\"", "data-domain"),
            "meet.example.org"
        );
        assert_eq!(attr_after(&html, "id=\"meet\"", "data-subject"), "Embedded");
        let jwt = attr_after(&html, "id=\"meet\"", "data-jwt");
        let c = claims(&jwt);
        assert_eq!(c.room, room);
        assert_eq!(c.moderator, moderator, "{path}");
        assert_eq!(
            attr_after(&html, "id=\"meet\"", "data-name"),
            c.context.user.name
        );
        // Without scripts the page still leads into the room.
        let direct = attr_after(&html, "id=\"meet-fallback\"", "id");
        assert_eq!(direct, "meet-fallback");
        assert!(html.contains(&format!("{JITSI_URL}/{room}?jwt=")));
    }
    // The plain link stays a redirect; a participant's embed has no token to pass.
    let bob_join = app.path_of(invitee(&m, "bob@example.org")["join_url"].as_str().unwrap());
    assert_eq!(app.get(&bob_join).await.status(), StatusCode::FOUND);
    let html = app
        .get(&format!("{bob_join}?embed=1"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(attr_after(&html, "id=\"meet\"", "data-jwt"), "");
    // Someone else's meeting is not theirs to open.
    assert_eq!(
        app.get_as("bob", &format!("/meet/{id}")).await.status(),
        StatusCode::FORBIDDEN
    );
    // The personal room opens inside jmb too.
    let r = app.get_as("alice", "/room/open?embed=1").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("external_api.js"));
}
