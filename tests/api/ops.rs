use reqwest::StatusCode;

use crate::helpers::{extract_csrf, location, spawn_app, spawn_app_with};

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

#[tokio::test]
async fn the_home_page_sends_organisers_to_their_list() {
    let app = spawn_app().await;
    let r = app.get_as("alice", "/").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/booking");
    let r = app.get("/").await;
    assert_eq!(r.status(), StatusCode::OK);
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
