use jmb::config::AuthMode;
use reqwest::StatusCode;
use reqwest::header::COOKIE;

use crate::helpers::{
    TestApp, browser, extract_csrf, location, session_cookie, spawn_app, spawn_app_with,
};

#[tokio::test]
async fn healthz_answers_when_the_database_does() {
    let app = spawn_app().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn the_dev_login_accepts_any_name_and_sends_people_back() {
    let app = spawn_app_with(|c| c.auth.mode = jmb::config::AuthMode::Dev).await;
    let r = app.get("/booking").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/login?next=%2Fbooking");
    let html = app
        .get("/login?next=%2Fbooking")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("anyone can log in"));
    let csrf = extract_csrf(&html);
    // The header means nothing in dev mode.
    let r = app.get_as("alice", "/booking").await;
    assert_eq!(r.status(), StatusCode::FOUND);

    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("login", "Zoé"),
            ("next", "/booking"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/booking");
    let r = app.get("/booking").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("zoé"));

    // An outside "next" is not followed.
    let html = app
        .get("/login?next=https://evil.example")
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("evil.example"));

    // Another site cannot log people out: a GET only asks, a POST needs the page's token.
    assert_eq!(app.get("/logout").await.status(), StatusCode::OK);
    let r = app
        .client
        .post(app.url("/logout"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get("/booking").await.status(), StatusCode::OK);
    let r = app.log_out().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/booking").await.status(), StatusCode::FOUND);
}

#[tokio::test]
async fn the_login_page_does_not_exist_outside_dev_mode() {
    let app = spawn_app().await;
    assert_eq!(app.get("/login").await.status(), StatusCode::NOT_FOUND);
}

// The benchmark's trivial handler exists only in a `--features bench` build (tests/bench.rs).
#[cfg(not(feature = "bench"))]
#[tokio::test]
async fn the_shipped_build_has_no_benchmark_route() {
    let app = spawn_app().await;
    assert_eq!(
        app.get("/bench/trivial").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_home_page_sends_organisers_to_their_list() {
    let app = spawn_app().await;
    let r = app.get_as("alice", "/").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/booking");
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Logs `login` in through the dev login page with `client`; returns the cookie it got.
async fn dev_log_in(app: &TestApp, client: &reqwest::Client, login: &str) -> String {
    let html = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(app.url("/login"))
        .form(&[
            ("csrf", extract_csrf(&html).as_str()),
            ("login", login),
            ("next", "/booking"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    session_cookie(&r)
}

/// A request from another machine that replays `cookie`.
async fn get_with_cookie(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    browser()
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_copied_session_cookie_dies_when_its_owner_logs_out() {
    let app = spawn_app_with(|c| c.auth.mode = AuthMode::Dev).await;
    let stolen = dev_log_in(&app, &app.client, "alice").await;
    let r = get_with_cookie(&app, &stolen, "/booking").await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the copy works while the login does"
    );
    assert_eq!(
        get_with_cookie(&app, &stolen, "/api/v1/meetings")
            .await
            .status(),
        StatusCode::OK
    );

    assert_eq!(app.log_out().await.status(), StatusCode::SEE_OTHER);

    let r = get_with_cookie(&app, &stolen, "/booking").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/login?next=%2Fbooking");
    let r = get_with_cookie(&app, &stolen, "/api/v1/meetings").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "unauthenticated");
    assert_eq!(
        get_with_cookie(&app, &stolen, "/").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_login_of_that_person_and_no_one_else() {
    let app = spawn_app_with(|c| c.auth.mode = AuthMode::Dev).await;
    let laptop = dev_log_in(&app, &app.client, "alice").await;
    let phone = browser();
    dev_log_in(&app, &phone, "alice").await;
    let bob = browser();
    dev_log_in(&app, &bob, "bob").await;

    // Without the page's token nothing happens.
    let r = phone
        .post(app.url("/logout/everywhere"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        get_with_cookie(&app, &laptop, "/booking").await.status(),
        StatusCode::OK
    );

    let html = phone
        .get(app.url("/logout"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("action=\"/logout/everywhere\""), "{html}");
    let r = phone
        .post(app.url("/logout/everywhere"))
        .form(&[("csrf", extract_csrf(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");

    for (who, status) in [
        (
            "phone",
            phone
                .get(app.url("/booking"))
                .send()
                .await
                .unwrap()
                .status(),
        ),
        ("laptop", app.get("/booking").await.status()),
        (
            "laptop's copy",
            get_with_cookie(&app, &laptop, "/booking").await.status(),
        ),
    ] {
        assert_eq!(status, StatusCode::FOUND, "{who}");
    }
    let bob_list = bob.get(app.url("/booking")).send().await.unwrap();
    assert_eq!(bob_list.status(), StatusCode::OK, "bob is still logged in");
}

#[tokio::test]
async fn logging_in_again_prunes_expired_logins() {
    let app = spawn_app_with(|c| {
        c.auth.mode = AuthMode::Dev;
        c.auth.session_lifetime_min = 60;
    })
    .await;
    let old = dev_log_in(&app, &browser(), "alice").await;
    dev_log_in(&app, &browser(), "bob").await;
    let rows = |app: &TestApp| {
        app.state
            .db
            .run_blocking(|c| {
                c.query_row("SELECT count(*) FROM login_session", [], |r| {
                    r.get::<_, i64>(0)
                })
                .map_err(jmb::store::Error::from)
            })
            .unwrap()
    };
    assert_eq!(rows(&app), 2);
    app.advance(chrono::Duration::minutes(61));
    assert_eq!(
        get_with_cookie(&app, &old, "/booking").await.status(),
        StatusCode::FOUND
    );
    dev_log_in(&app, &browser(), "carol").await;
    assert_eq!(rows(&app), 1, "only carol's login is left");
}

#[tokio::test]
async fn a_next_that_leaves_the_site_or_breaks_a_header_ends_on_the_booking_list() {
    let app = spawn_app_with(|c| c.auth.mode = AuthMode::Dev).await;
    for next in [
        "/\t/evil.example",
        "/%09/evil.example",
        "//evil.example",
        "/\\evil.example",
        "\r\n",
        "/\r\nSet-Cookie: jmb_session=x",
        "https://evil.example",
        "/%2F%2Fevil.example",
        "/.//evil.example",
    ] {
        let query = format!(
            "/login?next={}",
            percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC)
        );
        let r = app.get(&query).await;
        assert_eq!(r.status(), StatusCode::OK, "{next:?}");
        let html = r.text().await.unwrap();
        assert!(!html.contains("evil.example"), "{next:?}: {html}");

        let client = browser();
        let page = client.get(app.url("/login")).send().await.unwrap();
        let csrf = extract_csrf(&page.text().await.unwrap());
        let r = client
            .post(app.url("/login"))
            .form(&[("csrf", csrf.as_str()), ("login", "alice"), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&r), "/booking", "{next:?}");
    }
}

#[tokio::test]
async fn a_dev_login_with_invisible_characters_is_refused_beside_the_field_and_look_alikes_are_one_person()
 {
    let app = spawn_app_with(|c| c.auth.mode = jmb::config::AuthMode::Dev).await;
    let html = app.get("/login").await.text().await.unwrap();
    let csrf = extract_csrf(&html);
    for bad in ["ali\u{200B}ce", "\u{202E}ecila", "al\u{7}ice"] {
        let r = app
            .client
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("login", bad),
                ("next", "/booking"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Invisible, control or space characters are not allowed here."),
            "{html}"
        );
    }
    // The Kelvin sign is a K: the same person as "kevin".
    let r = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("login", "\u{212A}EVIN"),
            ("next", "/booking"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.get("/booking").await;
    assert!(r.text().await.unwrap().contains("kevin"));
}

#[tokio::test]
async fn a_proxy_login_with_a_bidi_override_or_zero_width_space_gets_a_clear_400() {
    let app = spawn_app().await;
    for bad in ["ali\u{200B}ce", "\u{202E}ecila"] {
        let r = app.get_as(bad, "/booking").await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("invisible or control character"),
            "{bad:?}"
        );
        let r = app.get_as(bad, "/api/v1/meetings").await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "login", "{body}");
    }
    // What the Kelvin sign books, "kevin" owns.
    let r = app
        .client
        .post(app.url("/api/v1/meetings"))
        .header("X-Remote-User", "\u{212A}evin")
        .header("Content-Type", "application/json")
        .body(crate::helpers::meeting_json("Kelvin", 3).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let m: serde_json::Value = r.json().await.unwrap();
    assert_eq!(m["owner"], "kevin");
    let r = app.get_as("kevin", "/api/v1/meetings").await;
    assert_eq!(r.json::<Vec<serde_json::Value>>().await.unwrap().len(), 1);
}
