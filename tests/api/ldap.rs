//! The LDAP directory against a real `slapd`: attributes, the editor filter, the invitee
//! lookup and its escaping, the cache, and what happens when LDAP is down.

use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use reqwest::{Method, StatusCode};

use crate::helpers::{TestApp, location, meeting_json, spawn_app_with};
use crate::servers::{LDAP_PEOPLE, LDAP_TESS_COUNT, Slapd};

async fn app_with(ldap: &Slapd) -> TestApp {
    let config = ldap.config();
    spawn_app_with(move |c| c.ldap = Some(config)).await
}

/// The people a lookup returns, as `Name <mail>` lines.
async fn lookup(app: &TestApp, user: &str, q: &str) -> Vec<String> {
    let url = format!(
        "/api/v1/directory?q={}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    );
    let (status, json) = app.api_as(user, Method::GET, &url, None).await;
    assert_eq!(status, StatusCode::OK, "q={q:?}: {json}");
    json.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} <{}>",
                p["name"].as_str().unwrap(),
                p["email"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn the_directory_gives_the_mail_and_name_of_a_login_whatever_the_proxy_said() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;

    // The proxy says alice@example.org; LDAP says alice.anders@example.org and wins.
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Logged in as Alice Anders"), "{html}");
    let m = app.book("alice", &meeting_json("Directory", 3)).await;
    let (_, page) = app.text_as("alice", &format!("/booking/{}", m["id"])).await;
    assert!(
        page.contains("Alice Anders &lt;alice.anders@example.org&gt;"),
        "{page}"
    );

    // Non-ASCII names arrive intact.
    let (_, html) = app.text_as("carol", "/booking").await;
    assert!(html.contains("Logged in as Carol Céline"), "{html}");

    // Someone the directory does not know keeps what the proxy said.
    let (_, html) = app.text_as("zed", "/booking").await;
    assert!(html.contains("Logged in as zed"), "{html}");
}

#[tokio::test]
async fn only_people_inside_the_editor_filter_may_book_the_others_still_reach_their_meetings() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    let mut body = meeting_json("Invites a student", 0);
    body["invitees"] = serde_json::json!([{"email": "carol@example.org", "role": "participant"}]);
    let m = app.book("alice", &body).await;

    // carol is a student: no booking, with a page that says why…
    let (status, html) = app.text_as("carol", "/booking/new").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("may not book meetings"), "{html}");
    let r = app
        .post_form_as("carol", "/booking", &[("subject", "Mine")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, err) = app
        .api_as(
            "carol",
            Method::POST,
            "/api/v1/meetings",
            Some(&meeting_json("x", 3)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["error"]["code"], "not_editor");

    // …but her list, the meeting she is invited to and her personal link all work.
    let (status, html) = app.text_as("carol", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Invites a student"), "{html}");
    assert!(
        !html.contains("/booking/new"),
        "no booking link for carol: {html}"
    );
    let (status, _) = app.text_as("carol", &format!("/booking/{}", m["id"])).await;
    assert_eq!(status, StatusCode::OK);
    let join = app.path_of(m["invitees"][0]["join_url"].as_str().unwrap());
    let r = app.get(&join).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert!(location(&r).starts_with(crate::helpers::JITSI_URL));

    // Someone the directory does not know is not inside the filter either.
    let (status, _) = app.text_as("zed", "/booking/new").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // And staff may.
    let (status, html) = app.text_as("bob", "/booking/new").await;
    assert_eq!(status, StatusCode::OK, "{html}");
}

#[tokio::test]
async fn filter_characters_in_a_login_match_nobody() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    for login in [
        "*",
        "alice)(uid=*",
        "*)(employeeType=staff",
        "al*",
        "alice\\",
    ] {
        let (status, html) = app.text_as(login, "/booking/new").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{login} may book: {html}");
        let (_, html) = app.text_as(login, "/booking").await;
        assert!(
            !html.contains("Alice Anders"),
            "{login} became alice: {html}"
        );
    }
}

#[tokio::test]
async fn the_invitee_lookup_finds_people_by_name_or_mail_prefix_and_at_most_ten() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    // Not "Alice Service": she lives outside ldap.base_dn.
    assert_eq!(
        lookup(&app, "bob", "ali").await,
        ["Alice Anders <alice.anders@example.org>"]
    );
    assert_eq!(
        lookup(&app, "bob", "Bob@").await,
        ["Bob Berg <bob@example.org>"]
    );
    assert_eq!(
        lookup(&app, "bob", "Céli").await,
        ["Carol Céline <carol@example.org>"]
    );
    assert_eq!(
        lookup(&app, "bob", "star").await,
        [
            "Dave Star* <dave@example.org>",
            "Ringo Starr <ringo@example.org>"
        ]
    );
    // Nobody without a mail address: they could not be invited.
    assert!(lookup(&app, "bob", "Nora").await.is_empty());
    let tess = lookup(&app, "bob", "Tess").await;
    const { assert!(LDAP_TESS_COUNT > 10) };
    assert_eq!(tess.len(), 10, "{tess:?}");
    assert_eq!(tess[0], "Tess Person 01 <tess01@example.org>");

    // Bad input is a 400 naming the field, never a 500.
    for bad in ["", "%20%20", &"x".repeat(101)] {
        let (status, err) = app
            .api_as(
                "bob",
                Method::GET,
                &format!("/api/v1/directory?q={bad}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {err}");
        assert_eq!(err["error"]["field"], "q");
    }
}

#[tokio::test]
async fn injection_attempts_in_the_lookup_find_nothing_they_should_not() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    // `*` is a literal: only dave's surname contains one.
    assert!(lookup(&app, "bob", "*").await.is_empty());
    assert_eq!(
        lookup(&app, "bob", "Star*").await,
        ["Dave Star* <dave@example.org>"]
    );
    for hostile in [
        ")(",
        "*)(uid=*",
        "a)(|(uid=*",
        "x)(objectClass=*",
        "*))(|(cn=*",
        "\\2a",
        "\\",
    ] {
        let found = lookup(&app, "bob", hostile).await;
        assert!(found.is_empty(), "{hostile:?}: {found:?}");
    }
    // slapd ends an assertion at an escaped NUL, matching everyone: control characters are
    // refused outright.
    for hostile in ["%00", "a%00*", "%00)(uid=*", "x%0Ay"] {
        let (status, err) = app
            .api_as(
                "bob",
                Method::GET,
                &format!("/api/v1/directory?q={hostile}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{hostile}: {err}");
        assert_eq!(err["error"]["field"], "q");
    }
}

#[tokio::test]
async fn the_lookup_is_for_people_who_may_book() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    let (status, err) = app
        .api_as("carol", Method::GET, "/api/v1/directory?q=bob", None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["error"]["code"], "not_editor");
    let r = app.get("/api/v1/directory?q=bob").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn directory_answers_are_remembered_for_the_configured_time() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("Alice Anders"));
    assert_eq!(
        app.text_as("carol", "/booking/new").await.0,
        StatusCode::FORBIDDEN
    );

    ldap.modify(&format!(
        "dn: uid=alice,{LDAP_PEOPLE}\nchangetype: modify\nreplace: cn\ncn: Alice Renamed\n\n\
         dn: uid=carol,{LDAP_PEOPLE}\nchangetype: modify\nreplace: employeeType\nemployeeType: staff\n"
    ));
    app.clock.advance(Duration::seconds(290));
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("Alice Anders"), "still cached: {html}");
    assert_eq!(
        app.text_as("carol", "/booking/new").await.0,
        StatusCode::FORBIDDEN
    );

    app.clock.advance(Duration::seconds(11)); // past ldap.cache_ttl_s = 300
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("Alice Renamed"), "{html}");
    assert_eq!(app.text_as("carol", "/booking/new").await.0, StatusCode::OK);
}

#[tokio::test]
async fn when_ldap_is_down_nobody_is_locked_out_of_their_meetings() {
    let Some(mut ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    let m = app
        .book("alice", &meeting_json("Before the outage", 0))
        .await;
    ldap.stop();
    app.clock.advance(Duration::seconds(600)); // alice's entry is stale now

    // alice: the last answer, however old.
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Alice Anders"), "{html}");
    let r = app.get_as("alice", &format!("/token/{}", m["id"])).await;
    assert_eq!(
        r.status(),
        StatusCode::FOUND,
        "the owner starts the meeting"
    );
    assert!(location(&r).starts_with(crate::helpers::JITSI_URL));
    let join = app.path_of(m["invitees"][0]["join_url"].as_str().unwrap());
    assert_eq!(app.get(&join).await.status(), StatusCode::FOUND);

    // bob, never seen: the proxy's data; booking waits for the directory, and says so.
    let (status, html) = app.text_as("bob", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Logged in as bob"), "{html}");
    let (status, html) = app.text_as("bob", "/booking/new").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("cannot be reached right now"), "{html}");
    let (status, err) = app
        .api_as("alice", Method::GET, "/api/v1/directory?q=bo", None)
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(err["error"]["code"], "directory_unavailable");

    // Back again: after a short rest jmb asks LDAP again.
    assert!(ldap.resume().await);
    app.clock.advance(Duration::seconds(31));
    let (status, html) = app.text_as("bob", "/booking/new").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Logged in as Bob Berg"), "{html}");
}

#[tokio::test]
async fn a_directory_that_never_answers_costs_one_timeout_then_is_left_alone() {
    // Accepts connections (the kernel does) but never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let app = spawn_app_with(move |c| {
        c.ldap = Some(jmb::config::LdapConfig {
            url: format!("ldap://127.0.0.1:{port}"),
            base_dn: LDAP_PEOPLE.into(),
            editor_filter: "(employeeType=staff)".into(),
            timeout_s: 1,
            ..jmb::config::LdapConfig::default()
        })
    })
    .await;
    let started = Instant::now();
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        started.elapsed() < StdDuration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    for user in ["alice", "bob", "carol"] {
        assert_eq!(app.text_as(user, "/booking").await.0, StatusCode::OK);
    }
    assert!(
        started.elapsed() < StdDuration::from_millis(900),
        "LDAP asked again while resting: {:?}",
        started.elapsed()
    );
    drop(silent);
}

#[tokio::test]
async fn starttls_and_ldaps_are_verified_against_the_configured_ca() {
    let Some(ldap) = Slapd::start_with_tls().await else {
        return;
    };
    let name_seen_by = |config: jmb::config::LdapConfig| async move {
        let app = spawn_app_with(move |c| c.ldap = Some(config)).await;
        let (status, html) = app.text_as("alice", "/booking").await;
        assert_eq!(status, StatusCode::OK);
        html.contains("Logged in as Alice Anders")
    };
    let starttls = jmb::config::LdapConfig {
        starttls: true,
        ca_file: ldap.ca_file(),
        ..ldap.config()
    };
    assert!(name_seen_by(starttls.clone()).await, "StartTLS");
    let ldaps = jmb::config::LdapConfig {
        url: ldap.ldaps_url(),
        ca_file: ldap.ca_file(),
        ..ldap.config()
    };
    assert!(name_seen_by(ldaps.clone()).await, "LDAPS");
    // Without the CA the certificate is not trusted, so LDAP is not used at all.
    let untrusted = jmb::config::LdapConfig {
        ca_file: Default::default(),
        ..ldaps
    };
    assert!(
        !name_seen_by(untrusted).await,
        "an untrusted certificate was accepted"
    );
    let untrusted = jmb::config::LdapConfig {
        ca_file: Default::default(),
        ..starttls
    };
    assert!(
        !name_seen_by(untrusted).await,
        "an untrusted StartTLS certificate was accepted"
    );
}

#[tokio::test]
async fn a_bind_with_a_wrong_password_degrades_like_an_outage() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let good = jmb::config::LdapConfig {
        bind_dn: crate::servers::LDAP_ADMIN_DN.into(),
        bind_password: jmb::config::Secret::new(crate::servers::LDAP_ADMIN_PASSWORD),
        ..ldap.config()
    };
    let app = spawn_app_with({
        let good = good.clone();
        move |c| c.ldap = Some(good)
    })
    .await;
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("Alice Anders"), "bound search works: {html}");

    let bad = jmb::config::LdapConfig {
        bind_password: jmb::config::Secret::new("wrong"),
        ..good
    };
    let app = spawn_app_with(move |c| c.ldap = Some(bad)).await;
    let (status, html) = app.text_as("alice", "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Logged in as alice"), "{html}");
}

#[tokio::test]
async fn the_booking_form_suggests_invitees_from_the_directory_in_a_real_browser() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let app = app_with(&ldap).await;
    let (_, html) = app.text_as("bob", "/booking/new").await;
    assert!(
        html.contains("data-directory-for=\"participants\""),
        "{html}"
    );
    let r = app.get("/static/invitee-lookup.js").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );

    let Some(out) =
        crate::servers::run_browser_script("browser_lookup.mjs", &[&app.base, "bob"]).await
    else {
        return;
    };
    assert_eq!(
        out["participantSuggestions"],
        serde_json::json!(["Alice Anders <alice.anders@example.org>"])
    );
    assert_eq!(
        out["moderatorSuggestions"],
        serde_json::json!([
            "Dave Star* <dave@example.org>",
            "Ringo Starr <ringo@example.org>"
        ])
    );
    assert_eq!(
        out["participants"],
        "Alice Anders <alice.anders@example.org>"
    );
    assert_eq!(out["moderators"], "Ringo Starr <ringo@example.org>");
    assert_eq!(out["lookupAfterPick"], "");
    let id: i64 = out["bookedAt"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let m = app.meeting("bob", id).await;
    let invited: Vec<(String, String)> = m["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["email"].as_str().unwrap().into(),
                i["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        invited,
        [
            (
                "alice.anders@example.org".to_string(),
                "participant".to_string()
            ),
            ("ringo@example.org".to_string(), "moderator".to_string())
        ]
    );
}

#[tokio::test]
async fn without_a_directory_the_booking_form_offers_no_lookup() {
    let app = crate::helpers::spawn_app().await;
    let (status, html) = app.text_as("bob", "/booking/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("data-directory-for"), "{html}");
    assert!(!html.contains("invitee-lookup.js"), "{html}");
    let (status, json) = app
        .api_as("bob", Method::GET, "/api/v1/directory?q=ali", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json, serde_json::json!([]));
}
