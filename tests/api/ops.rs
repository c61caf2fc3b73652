use jmb::config::AuthMode;
use reqwest::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, ETAG, LOCATION};
use reqwest::{Method, StatusCode};

use crate::helpers::{
    TestApp, browser, extract_csrf, invitee, location, meeting_json, session_cookie, spawn_app,
    spawn_app_with,
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
    let r = app.dev_login(client, login, "/booking").await;
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
                c.query_row("SELECT count(*) FROM login_session", jmb::params![], |r| {
                    r.get::<i64>(0)
                })
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

        let r = app.dev_login(&browser(), "alice", next).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(location(&r), "/booking", "{next:?}");
    }
}

#[tokio::test]
async fn a_dev_login_with_invisible_characters_is_refused_beside_the_field_and_look_alikes_are_one_person()
 {
    let app = spawn_app_with(|c| c.auth.mode = jmb::config::AuthMode::Dev).await;
    for bad in ["ali\u{200B}ce", "\u{202E}ecila", "al\u{7}ice"] {
        let r = app.dev_login(&app.client, bad, "/booking").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Invisible, control or space characters are not allowed here."),
            "{html}"
        );
    }
    // The Kelvin sign is a K: the same person as "kevin".
    let r = app.dev_login(&app.client, "\u{212A}EVIN", "/booking").await;
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
type Answer = (StatusCode, reqwest::header::HeaderMap, String);

/// `method path` (as `user`, if any): status, headers and body.
pub async fn ask(app: &TestApp, method: Method, user: Option<&str>, path: &str) -> Answer {
    let mut rb = app.client.request(method, app.url(path));
    if let Some(u) = user {
        rb = rb
            .header("X-Remote-User", u)
            .header("X-Remote-Mail", format!("{u}@example.org"));
    }
    let r = rb.send().await.unwrap();
    let (status, headers) = (r.status(), r.headers().clone());
    (status, headers, r.text().await.unwrap())
}

/// HEAD answers what GET answers, headers included, without the body.
async fn assert_head_like_get(app: &TestApp, user: Option<&str>, path: &str) -> Answer {
    let (head_status, head, body) = ask(app, Method::HEAD, user, path).await;
    let (get_status, get, get_body) = ask(app, Method::GET, user, path).await;
    assert_eq!(head_status, get_status, "HEAD {path}");
    assert!(body.is_empty(), "HEAD {path} sent a body: {body}");
    for name in [CONTENT_TYPE, CONTENT_LENGTH, CACHE_CONTROL, LOCATION, ETAG] {
        assert_eq!(head.get(&name), get.get(&name), "HEAD {path}: {name}");
    }
    (get_status, get, get_body)
}

#[tokio::test]
async fn every_get_route_answers_head_with_the_same_status_and_headers_and_no_body() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Weekly sync", 1)).await;
    let (status, _, body) = assert_head_like_get(&app, None, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok\n"));
    let (status, _, _) = assert_head_like_get(&app, None, "/").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, body) = assert_head_like_get(&app, Some("alice"), "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Weekly sync"));
    let (status, headers, _) = assert_head_like_get(&app, None, "/static/jmb.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    let join = app.path_of(invitee(&m, "ann@example.net")["join_url"].as_str().unwrap());
    let (status, _, _) = assert_head_like_get(&app, None, &join).await;
    assert!(
        status.is_redirection() || status == StatusCode::OK,
        "{status}"
    );
    let invitation = app.path_of(
        invitee(&m, "ann@example.net")["invitation_url"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        assert_head_like_get(&app, None, &invitation).await.0,
        StatusCode::OK
    );
    // What GET refuses, HEAD refuses alike.
    assert_eq!(
        assert_head_like_get(&app, None, "/booking").await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        assert_head_like_get(&app, None, "/nothing-here").await.0,
        StatusCode::NOT_FOUND
    );
}

/// A sender killed (`kill -9`) after the SMTP server took a mail, before the "sent" mark was
/// committed: the mail is sent again once the dead sender's lease runs out, as the same
/// message with the same Message-ID (composed when it was queued), so a recipient's client
/// can recognise the copy. At least once, never lost.
#[tokio::test]
async fn a_mail_whose_sent_mark_was_lost_in_a_crash_is_sent_again_with_the_same_message_id() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(crate::helpers::smtp_on(smtp.port)).await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = serde_json::json!([{"email": "bob@example.org", "role": "participant"}]);
    app.book("alice", &body).await;
    let first = smtp.wait_for(2).await;
    let (config, dir) = app.stop().await;

    // What the worker leaves behind when it dies between the SMTP server's "250 OK" and
    // the commit of `mark_sent`: the mail still claimed, under a lease of ten minutes.
    let crashed_at = crate::helpers::t0() + chrono::Duration::minutes(1);
    let n = crate::helpers::execute_sql(
        &config,
        "UPDATE outbox SET status = 'sending', sent_at = NULL, claimed_until = $1 \
         WHERE recipient = 'bob@example.org'",
        jmb::params![(crashed_at + chrono::Duration::minutes(10)).timestamp()],
    );
    assert_eq!(n, 1);

    let app = crate::helpers::spawn_app_on(config, dir, crashed_at).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 2, "sent again while the lease ran");
    app.advance(chrono::Duration::minutes(10));
    let all = smtp.wait_for(3).await;
    let to_bob: Vec<_> = all.iter().filter(|m| m.to() == "bob@example.org").collect();
    assert_eq!(to_bob.len(), 2);
    let original = first.iter().find(|m| m.to() == "bob@example.org").unwrap();
    let id = original.header("Message-ID").unwrap();
    assert!(!id.is_empty());
    for copy in to_bob {
        assert_eq!(copy.header("Message-ID").unwrap(), id);
        assert_eq!(copy.raw, original.raw);
    }
}
