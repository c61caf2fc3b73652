use reqwest::{Method, StatusCode};

use crate::helpers::{location, meeting_json, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_user_header_from_an_untrusted_peer_is_401_whatever_it_says() {
    let app =
        spawn_app_with(|c| c.auth.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()]).await;
    for path in ["/booking", "/booking/new", "/api/v1/meetings", "/token/1"] {
        let r = app.get_as("alice", path).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let (status, err) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/meetings",
            Some(&meeting_json("x", 3)),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(err["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn a_trusted_request_without_a_user_is_401() {
    let app = spawn_app().await;
    let r = app.get("/booking").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.text().await.unwrap().contains("You need to log in"));
}

#[tokio::test]
async fn a_form_post_without_a_valid_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let form = [
        ("subject", "Forged"),
        ("date", "2026-12-02"),
        ("time", "10:00"),
        ("duration_min", "60"),
    ];
    let r = app.post_form_as("alice", "/booking", &form).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("This form has expired"));
    let mut forged = vec![("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")];
    forged.extend_from_slice(&form);
    let _ = app.csrf_as("alice").await; // a session exists, with another token
    let r = app.post_form_as("alice", "/booking", &forged).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // A token from another browser (another cookie jar) does not work either.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let html = other
        .get(app.url("/booking/new"))
        .header("X-Remote-User", "alice")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let foreign = crate::helpers::extract_csrf(&html);
    let mut with_foreign = vec![("csrf", foreign.as_str())];
    with_foreign.extend_from_slice(&form);
    let fresh = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = fresh
        .post(app.url("/booking"))
        .header("X-Remote-User", "alice")
        .form(&with_foreign)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let m = app.book("alice", &meeting_json("Real", 5)).await;
    let r = app
        .post_form_as("alice", &format!("/booking/{}/delete", m["id"]), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the API booking exists"
    );
    assert_eq!(list[0]["status"], "scheduled");
}

#[tokio::test]
async fn the_api_refuses_what_a_cross_site_form_can_send() {
    let app = spawn_app().await;
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let r = app
            .client
            .post(app.url("/api/v1/meetings"))
            .header("X-Remote-User", "alice")
            .header("Content-Type", ct)
            .body(meeting_json("CSRF", 3).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{ct}");
    }
    let r = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/meetings"))
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn html_and_sql_metacharacters_come_back_escaped_and_harmless() {
    let app = spawn_app().await;
    let nasty = "<script>alert(1)</script> ' OR 1=1; DROP TABLE meeting; -- \"&";
    let mut body = meeting_json(nasty, 5);
    body["description"] = serde_json::json!(nasty);
    let m = app.book("alice", &body).await;
    assert_eq!(m["subject"], nasty);
    let (_, html) = app.text_as("alice", &format!("/booking/{}", m["id"])).await;
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || html.contains("&#60;script&#62;"),
        "{html}"
    );
    let (_, list) = app.text_as("alice", "/booking").await;
    assert!(!list.contains("<script>alert"));
    assert_eq!(
        app.meeting("alice", m["id"].as_i64().unwrap()).await["subject"],
        nasty
    );
}

#[tokio::test]
async fn long_strings_odd_bytes_and_huge_bodies_never_cause_a_500() {
    let app = spawn_app_with(|c| c.server.max_body_kib = 64).await;
    let csrf = app.csrf_as("alice").await;

    // Non-UTF-8 bytes in a form body.
    let mut raw = format!("csrf={csrf}&subject=").into_bytes();
    raw.extend_from_slice(&[0xff, 0xfe, 0x80, b'%', b'f', b'f', b'%', b'8', b'0']);
    raw.extend_from_slice(b"&date=2026-12-02&time=10:00&duration_min=60");
    let r = app
        .client
        .post(app.url("/booking"))
        .header("X-Remote-User", "alice")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status().is_redirection() || r.status().is_client_error(),
        "{}",
        r.status()
    );

    // A very long subject and description.
    let long = "é".repeat(3_000);
    let r = app
        .book_form(
            "alice",
            &[
                ("subject", &long),
                ("description", &long),
                ("date", "2026-12-02"),
                ("time", "10:00"),
                ("duration_min", "60"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A body over the limit: 413, as a form and through the API.
    let huge = "x".repeat(200 * 1024);
    let r = app.book_form("alice", &[("subject", &huge)]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let r = app
        .client
        .post(app.url("/api/v1/meetings"))
        .header("X-Remote-User", "alice")
        .header("Content-Type", "application/json")
        .body(format!("{{\"subject\":\"{huge}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "payload_too_large");

    // Impossible dates through the API.
    for start in [
        "2026-02-30T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "99999-01-01T00:00:00Z",
        "",
    ] {
        let mut body = meeting_json("Dates", 3);
        body["start"] = serde_json::json!(start);
        let (status, _) = app
            .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{start}");
    }
    // Huge numbers.
    let mut body = meeting_json("Numbers", 3);
    body["duration_min"] = serde_json::json!(i64::MAX);
    let (status, _) = app
        .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    body["duration_min"] = serde_json::json!(1e300);
    let (status, _) = app
        .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // A header that is not UTF-8.
    let r = app
        .client
        .get(app.url("/booking"))
        .header(
            "X-Remote-User",
            reqwest::header::HeaderValue::from_bytes(b"al\xffice").unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn session_cookies_are_http_only_and_same_site_lax() {
    let app = spawn_app().await;
    let r = app.get_as("alice", "/booking").await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .expect("a session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let _ = location;
}

#[tokio::test]
async fn an_identity_header_sent_twice_is_refused_with_400_and_changes_nothing() {
    use reqwest::header::{HeaderMap, HeaderValue};
    let app = spawn_app().await;
    for header in ["X-Remote-User", "X-Remote-Mail", "X-Remote-Name"] {
        let mut headers = HeaderMap::new();
        headers.insert("X-Remote-User", HeaderValue::from_static("alice"));
        // A proxy that adds its own header beside the one the client sent.
        headers.append(header, HeaderValue::from_static("mallory"));
        headers.append(header, HeaderValue::from_static("alice"));

        let r = app
            .client
            .get(app.url("/booking"))
            .headers(headers.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{header}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{header}"
        );
        assert!(r.text().await.unwrap().contains(header), "{header}");

        let r = app
            .client
            .get(app.url("/"))
            .headers(headers.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "home, {header}");

        let r = app
            .client
            .post(app.url("/api/v1/meetings"))
            .headers(headers)
            .json(&meeting_json("Twice", 3))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{header}");
        let err: serde_json::Value = r.json().await.unwrap();
        assert_eq!(err["error"]["code"], "bad_request", "{err}");
        assert_eq!(err["error"]["field"], header, "{err}");
        assert!(!err.to_string().contains("mallory"), "{err}");
    }
    let (status, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, serde_json::json!([]), "nothing was booked");
}

/// Addresses the mail builder cannot write a `To` header for (lettre reads it back with its
/// RFC 5322 parser), which the validation used to let through to a 500.
const UNSENDABLE: [&str; 3] = [
    "\"a b\"@example.org",
    "\"<script>\"@example.org",
    "\"a\\\"b\"@example.org",
];

#[tokio::test]
async fn quoted_addresses_the_mail_builder_refuses_are_422_naming_the_field_not_500() {
    let app = spawn_app().await;
    for bad in UNSENDABLE {
        let mut body = meeting_json("Quoted", 5);
        body["invitees"] = serde_json::json!([{"email": "ok@example.org"}, {"email": bad}]);
        let (status, err) = app
            .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        assert_eq!(err["error"]["field"], "invitees[1].email", "{err}");
        assert_eq!(err["error"]["code"], "invalid_email", "{err}");
    }
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(list, serde_json::json!([]));

    // Adding one to an existing meeting.
    let m = app.book("alice", &meeting_json("Existing", 5)).await;
    let (status, err) = app
        .api_as(
            "alice",
            Method::POST,
            &format!("/api/v1/meetings/{}/invitees", m["id"]),
            Some(&serde_json::json!({"email": UNSENDABLE[1]})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "email", "{err}");

    // The booking form: the message beside the field, everything typed kept.
    let r = app
        .book_form(
            "alice",
            &[
                ("subject", "Quoted"),
                ("description", "Agenda: everything"),
                ("date", "2026-12-02"),
                ("time", "10:00"),
                ("duration_min", "60"),
                ("participants", "Ann <ann@example.org>\n\"a b\"@example.org"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("is not a valid mail address"), "{html}");
    assert!(html.contains("Agenda: everything") && html.contains("ann@example.org"));
    assert!(html.contains("a b&#34;@example.org") || html.contains("a b&quot;@example.org"));
}

#[tokio::test]
async fn directional_overrides_and_nul_bytes_reach_no_header_calendar_or_page() {
    let Some(smtp) = crate::servers::SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(crate::helpers::smtp_on(smtp.port)).await;
    let mut body = meeting_json("Invoice \u{202E}fdp.exe", 5);
    body["description"] = serde_json::json!("Line one\u{0}\nLine\u{0} two");
    body["invitees"] = serde_json::json!([
        {"email": "ann@example.net", "name": "Ann \u{2067}rotom\u{2069}\u{200F}", "role": "moderator"}
    ]);
    let m = app.book("alice", &body).await;
    assert_eq!(m["subject"], "Invoice fdp.exe");
    assert_eq!(m["description"], "Line one\nLine two");
    assert_eq!(m["invitees"][0]["name"], "Ann rotom");

    let bidi = |s: &str| {
        s.chars().any(|c| {
            matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        })
    };
    let mails = smtp.wait_for(2).await;
    for mail in &mails {
        let raw = String::from_utf8_lossy(&mail.raw).to_string();
        assert!(!bidi(&mail.subject()), "{}", mail.subject());
        assert!(!bidi(&raw) && !raw.contains('\0'), "{raw}");
        for (_, _, ics) in mail.calendar_parts() {
            assert!(!bidi(&ics), "{ics}");
        }
    }
    let ann = smtp.to("ann@example.net").pop().unwrap();
    assert_eq!(ann.subject(), "Invitation to moderate: Invoice fdp.exe");
    assert!(ann.header("To").unwrap().contains("Ann rotom"));

    let ics = app
        .get(&app.path_of(m["invitees"][0]["ics_url"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains("SUMMARY:Invoice fdp.exe"), "{ics}");
    assert!(!bidi(&ics), "{ics}");
    let (_, page) = app.text_as("alice", &format!("/booking/{}", m["id"])).await;
    assert!(!page.contains('\0') && !bidi(&page));
}
