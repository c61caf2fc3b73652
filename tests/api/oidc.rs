//! jmb's own OpenID Connect login against a real provider (oidc-provider 9): the whole flow
//! through the provider's own login, and every way a callback can be wrong.

use chrono::Duration;
use reqwest::header::SET_COOKIE;
use reqwest::{Method, StatusCode};
use url::Url;

use crate::helpers::{TestApp, extract_csrf, location, spawn_app_with};
use crate::servers::{OidcProvider, Slapd, TestCa};

pub async fn oidc_app(provider: &OidcProvider) -> TestApp {
    oidc_app_with(provider, |_| {}).await
}

async fn oidc_app_with(
    provider: &OidcProvider,
    customise: impl FnOnce(&mut jmb::config::Config),
) -> TestApp {
    let oidc = provider.config();
    spawn_app_with(move |c| {
        c.auth.mode = jmb::config::AuthMode::Oidc;
        c.auth.oidc = Some(oidc);
        customise(c);
    })
    .await
}

fn with_param(url: &str, key: &str, value: &str) -> String {
    let mut u = Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    u.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair(key, value);
    u.to_string()
}

fn param(url: &str, key: &str) -> Option<String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `/login` as a browser would open it: the provider's authorization URL it redirects to.
async fn start_login(app: &TestApp) -> String {
    let r = app.get("/login?next=%2Fbooking").await;
    assert_eq!(r.status(), StatusCode::FOUND, "{}", r.text().await.unwrap());
    location(&r)
}

/// Follows redirects like a browser, through the provider's login and consent, until the
/// provider sends it back to jmb's callback; returns that callback URL (not yet visited).
async fn provider_answer(app: &TestApp, authorize_url: &str) -> String {
    provider_answer_via(&app.client, app, authorize_url).await
}

/// The same, with a browser of its own (one that trusts a private CA, say).
async fn provider_answer_via(
    browser: &reqwest::Client,
    app: &TestApp,
    authorize_url: &str,
) -> String {
    let callback = app.url("/auth/callback");
    let mut url = authorize_url.to_string();
    for _ in 0..20 {
        if url.starts_with(&callback) {
            return url;
        }
        let r = browser.get(&url).send().await.unwrap();
        let status = r.status();
        assert!(
            status.is_redirection(),
            "{url} answered {status}: {}",
            r.text().await.unwrap()
        );
        url = Url::parse(&url)
            .unwrap()
            .join(&location(&r))
            .unwrap()
            .to_string();
    }
    panic!("the provider never sent the browser back to jmb");
}

/// A whole login as `user`; returns the callback URL and jmb's answer to it.
async fn log_in(app: &TestApp, user: &str) -> (String, reqwest::Response) {
    let authorize = start_login(app).await;
    let callback = provider_answer(app, &with_param(&authorize, "login_hint", user)).await;
    let r = app.get(&app.path_of(&callback)).await;
    (callback, r)
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let r = app.get(path).await;
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn an_organiser_logs_in_through_the_provider_books_a_meeting_and_logs_out() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;

    let r = app.get("/booking").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/login?next=%2Fbooking");

    let authorize = start_login(&app).await;
    assert!(authorize.starts_with(&provider.issuer), "{authorize}");
    assert_eq!(
        param(&authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );
    for p in ["state", "nonce", "code_challenge"] {
        assert!(
            param(&authorize, p).is_some_and(|v| v.len() >= 16),
            "{p} in {authorize}"
        );
    }
    assert_eq!(
        param(&authorize, "redirect_uri"),
        Some(app.url("/auth/callback"))
    );
    let scope = param(&authorize, "scope").unwrap();
    assert!(
        scope.contains("openid") && scope.contains("email"),
        "{scope}"
    );

    let callback = provider_answer(&app, &with_param(&authorize, "login_hint", "carol")).await;
    let r = app.get(&app.path_of(&callback)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/booking");
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("jmb_session="))
        .expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http public_url: {cookie}"
    );
    assert!(cookie.contains("Max-Age=28800"), "{cookie}");

    let (status, html) = page(&app, "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Logged in as Carol Céline"), "{html}");

    // Booking with the login's session.
    let html = page(&app, "/booking/new").await.1;
    let csrf = extract_csrf(&html);
    let r = app
        .client
        .post(app.url("/booking"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("subject", "Booked after an OIDC login"),
            ("date", "2026-12-02"),
            ("time", "10:00"),
            ("duration_min", "30"),
            ("participants", "ann@example.net"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let meeting = location(&r);
    let (status, html) = page(&app, &meeting).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Carol Céline &lt;carol@example.org&gt;"),
        "{html}"
    );

    // Logging out ends jmb's session and the provider's.
    let r = app.log_out().await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let end_session = location(&r);
    assert!(end_session.starts_with(&provider.issuer), "{end_session}");
    assert!(
        param(&end_session, "id_token_hint").is_some(),
        "{end_session}"
    );
    assert_eq!(
        param(&end_session, "post_logout_redirect_uri"),
        Some(app.url("/"))
    );
    assert_eq!(page(&app, "/booking").await.0, StatusCode::FOUND);
    let confirm = app.client.get(&end_session).send().await.unwrap();
    assert_eq!(confirm.status(), StatusCode::OK);
    let form = confirm.text().await.unwrap();
    let xsrf = form
        .split("name=\"xsrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the provider's logout form");
    let r = app
        .client
        .post(format!("{}/session/end/confirm", provider.issuer))
        .form(&[("xsrf", xsrf), ("logout", "yes")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(location(&r), app.url("/"));
}

#[tokio::test]
async fn a_tampered_state_is_refused_with_a_page_that_says_so() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    let authorize = start_login(&app).await;
    let callback = provider_answer(&app, &authorize).await;
    let state = param(&callback, "state").unwrap();
    let tampered = with_param(&callback, "state", &format!("{state}x"));

    let (status, html) = page(&app, &app.path_of(&tampered)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("could not be verified"), "{html}");
    assert!(html.contains("state mismatch"), "{html}");
    assert_eq!(
        page(&app, "/booking").await.0,
        StatusCode::FOUND,
        "not logged in"
    );

    // The login it belonged to is spent: the genuine answer no longer works either.
    let (status, html) = page(&app, &app.path_of(&callback)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("no login was started"), "{html}");

    // A callback without any state at all.
    let _ = start_login(&app).await;
    let (status, _) = page(&app, "/auth/callback?code=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    let (callback, r) = log_in(&app, "alice").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The same answer again, in the same browser: its login is over.
    let (status, html) = page(&app, &app.path_of(&callback)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("no login was started"), "{html}");

    // The old code slipped into a new login (its state made to match): the provider
    // refuses a code it already redeemed.
    let authorize = start_login(&app).await;
    let state = param(&authorize, "state").unwrap();
    let replay = with_param(&callback, "state", &state);
    let (status, html) = page(&app, &app.path_of(&replay)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("did not accept the authorization code"),
        "{html}"
    );
    assert!(html.contains("invalid_grant"), "{html}");

    // Another browser that steals the callback URL gets nothing.
    let thief = crate::helpers::browser();
    let r = thief.get(&callback).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_answer_from_another_issuer_is_refused() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let Some(other) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;

    // Mix-up: the other provider answers the login jmb started with the first one.
    let authorize = start_login(&app).await;
    let foreign = authorize.replacen(&provider.issuer, &other.issuer, 1);
    let callback = provider_answer(&app, &foreign).await;
    assert_eq!(param(&callback, "iss"), Some(other.issuer.clone()));
    let (status, html) = page(&app, &app.path_of(&callback)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("another issuer"), "{html}");
    assert_eq!(page(&app, "/booking").await.0, StatusCode::FOUND);

    // Without the `iss` parameter, the code is still redeemed at the configured provider
    // only, which does not know it.
    let authorize = start_login(&app).await;
    let foreign = authorize.replacen(&provider.issuer, &other.issuer, 1);
    let callback = provider_answer(&app, &foreign).await;
    let stripped = {
        let mut u = Url::parse(&callback).unwrap();
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| k != "iss")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        u.query_pairs_mut().clear().extend_pairs(kept);
        u.to_string()
    };
    let (status, html) = page(&app, &app.path_of(&stripped)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        html.contains("did not accept the authorization code"),
        "{html}"
    );

    // A provider whose discovery names another issuer than the configured one.
    let app = oidc_app_with(&provider, |c| {
        if let Some(o) = c.auth.oidc.as_mut() {
            o.issuer_url = o.issuer_url.replace("127.0.0.1", "localhost");
        }
    })
    .await;
    let (status, html) = page(&app, "/login").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(html.contains("unexpected issuer"), "{html}");
}

#[tokio::test]
async fn errors_from_the_provider_are_shown_never_a_500() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;

    // Silent login without a provider session: the provider answers login_required.
    let authorize = start_login(&app).await;
    let callback = provider_answer(&app, &with_param(&authorize, "prompt", "none")).await;
    assert_eq!(param(&callback, "error").as_deref(), Some("login_required"));
    let (status, html) = page(&app, &app.path_of(&callback)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("did not let you in"), "{html}");
    assert!(html.contains("login_required"), "{html}");

    // A client secret the provider does not accept.
    let app = oidc_app_with(&provider, |c| {
        if let Some(o) = c.auth.oidc.as_mut() {
            o.client_secret = jmb::config::Secret::new("wrong-secret");
        }
    })
    .await;
    let (_, r) = log_in(&app, "alice").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let html = r.text().await.unwrap();
    assert!(html.contains("invalid_client"), "{html}");

    // A provider that is not there.
    let closed = crate::servers::free_port();
    let app = spawn_app_with(move |c| {
        c.auth.mode = jmb::config::AuthMode::Oidc;
        c.auth.oidc = Some(jmb::config::OidcConfig {
            issuer_url: format!("http://127.0.0.1:{closed}"),
            client_id: "jmb".into(),
            ..jmb::config::OidcConfig::default()
        });
    })
    .await;
    let (status, html) = page(&app, "/login").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(html.contains("cannot be used right now"), "{html}");
    // Logging out still works without it.
    let r = app.log_out().await;
    assert_eq!(location(&r), "/");
}

#[tokio::test]
async fn a_provider_signed_by_a_private_ca_is_trusted_through_auth_oidc_ca_file() {
    let Some(ca) = TestCa::new() else {
        return;
    };
    let Some(provider) = OidcProvider::start_tls(&ca).await else {
        return;
    };
    assert!(provider.issuer.starts_with("https://localhost:"));

    // The system's roots alone do not trust it: a page that says the login is unavailable.
    let app = oidc_app(&provider).await;
    let (status, html) = page(&app, "/login").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(html.contains("cannot be used right now"), "{html}");

    // With its CA, the whole flow: discovery, the token exchange and the keys over HTTPS.
    let ca_file = ca.ca.clone();
    let app = oidc_app_with(&provider, move |c| {
        if let Some(o) = c.auth.oidc.as_mut() {
            o.ca_file = ca_file;
        }
    })
    .await;
    let pem = std::fs::read(&ca.ca).unwrap();
    let user_browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let authorize = start_login(&app).await;
    assert!(authorize.starts_with(&provider.issuer), "{authorize}");
    let callback = provider_answer_via(
        &user_browser,
        &app,
        &with_param(&authorize, "login_hint", "bob"),
    )
    .await;
    let r = app.get(&app.path_of(&callback)).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (status, html) = page(&app, "/booking").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Bob Berg"), "{html}");

    // A CA file that is not there is refused at start, naming the key.
    let mut config = jmb::config::Config::default();
    config.auth.mode = jmb::config::AuthMode::Oidc;
    config.auth.oidc = Some(jmb::config::OidcConfig {
        issuer_url: provider.issuer.clone(),
        client_id: "jmb".into(),
        ca_file: "/nonexistent/ca.pem".into(),
        ..jmb::config::OidcConfig::default()
    });
    let err = config.validate().unwrap_err().to_string();
    assert!(err.contains("auth.oidc.ca_file"), "{err}");
}

#[tokio::test]
async fn the_login_ends_after_the_configured_lifetime() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app_with(&provider, |c| c.auth.session_lifetime_min = 60).await;
    let (_, r) = log_in(&app, "alice").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    app.clock.advance(Duration::minutes(59));
    assert_eq!(page(&app, "/booking").await.0, StatusCode::OK);
    app.clock.advance(Duration::minutes(2));
    // Whatever the browser does with the cookie, the server no longer accepts it.
    let r = app.get("/booking").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/login?next=%2Fbooking");
    let (status, err) = app
        .api_as("ignored", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{err}");
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_jmb_is_served_over_https() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app_with(&provider, |c| {
        c.server.public_url = c.server.public_url.replace("http://", "https://")
    })
    .await;
    let r = app.get("/login").await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let authorize = location(&r);
    assert!(
        param(&authorize, "redirect_uri").is_some_and(|u| u.starts_with("https://")),
        "{authorize}"
    );
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("jmb_session="))
        .expect("the login in progress is kept in the session cookie");
    for attr in ["Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(attr), "{attr}: {cookie}");
    }
}

#[tokio::test]
async fn claims_can_come_from_the_userinfo_endpoint_and_be_chosen_by_name() {
    // A strict provider: email and name only from the userinfo endpoint.
    let Some(provider) = OidcProvider::start_with(&[("OIDC_CONFORM_ID_TOKEN_CLAIMS", "1")]).await
    else {
        return;
    };
    let app = oidc_app_with(&provider, |c| {
        if let Some(o) = c.auth.oidc.as_mut() {
            o.login_claim = "email".into();
        }
    })
    .await;
    let (_, r) = log_in(&app, "bob").await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (_, html) = page(&app, "/booking").await;
    assert!(html.contains("Logged in as Bob Berg"), "{html}");
    let r = app
        .client
        .post(app.url("/api/v1/meetings"))
        .header("Content-Type", "application/json")
        .body(crate::helpers::meeting_json("Owned by a mail login", 3).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let m: serde_json::Value = r.json().await.unwrap();
    assert_eq!(m["owner"], "bob@example.org");

    // A claim the provider never sends is a clear refusal.
    let app = oidc_app_with(&provider, |c| {
        if let Some(o) = c.auth.oidc.as_mut() {
            o.login_claim = "employee_number".into();
        }
    })
    .await;
    let (_, r) = log_in(&app, "bob").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("employee_number"));
}

#[tokio::test]
async fn with_ldap_the_directory_completes_an_oidc_login_and_decides_who_may_book() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let config = ldap.config();
    // The directory is asked by login: the claim that holds the LDAP uid keys people.
    let app = oidc_app_with(&provider, move |c| {
        c.ldap = Some(config);
        if let Some(o) = c.auth.oidc.as_mut() {
            o.login_claim = "preferred_username".into();
        }
    })
    .await;
    let (_, r) = log_in(&app, "alice").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The provider says alice@example.org, the directory alice.anders@example.org.
    let html = page(&app, "/booking/new").await.1;
    let csrf = extract_csrf(&html);
    let r = app
        .client
        .post(app.url("/booking"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("subject", "OIDC and LDAP"),
            ("date", "2026-12-02"),
            ("time", "10:00"),
            ("duration_min", "30"),
            ("participants", "carol@example.org"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let meeting = location(&r);
    let html = page(&app, &meeting).await.1;
    assert!(
        html.contains("Alice Anders &lt;alice.anders@example.org&gt;"),
        "{html}"
    );

    // carol logs in too (another browser) but is outside the editor filter.
    let carol = oidc_app_client(&app);
    let authorize = {
        let r = carol.get(app.url("/login")).send().await.unwrap();
        location(&r)
    };
    let url =
        provider_answer_via(&carol, &app, &with_param(&authorize, "login_hint", "carol")).await;
    assert_eq!(
        carol.get(&url).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    let r = carol.get(app.url("/booking/new")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("may not book meetings"));
    let r = carol.get(app.url(&meeting)).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "carol sees the meeting she is invited to"
    );
}

fn oidc_app_client(_: &TestApp) -> reqwest::Client {
    crate::helpers::browser()
}

#[tokio::test]
async fn a_hostile_next_comes_back_from_the_provider_as_our_own_booking_list() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    // As an attacker's link writes them: a tab, a tab encoded twice, a line break.
    for next in [
        "/%09/evil.example",
        "/%2509/evil.example",
        "/%0D%0A",
        "/%5Cevil.example",
    ] {
        let r = app.get(&format!("/login?next={next}")).await;
        assert_eq!(r.status(), StatusCode::FOUND, "{next}");
        let authorize = location(&r);
        let callback = provider_answer(&app, &with_param(&authorize, "login_hint", "alice")).await;
        let r = app.get(&app.path_of(&callback)).await;
        assert_eq!(
            r.status(),
            StatusCode::SEE_OTHER,
            "{next}: {}",
            r.text().await.unwrap()
        );
        assert_eq!(location(&r), "/booking", "{next}");
    }
}

#[tokio::test]
async fn logging_out_ends_a_copied_session_cookie_too() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    let (_, r) = log_in(&app, "alice").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let stolen = crate::helpers::session_cookie(&r);
    let thief = crate::helpers::browser();
    let get = |path: &'static str| {
        thief
            .get(app.url(path))
            .header(reqwest::header::COOKIE, stolen.clone())
            .send()
    };
    assert_eq!(get("/booking").await.unwrap().status(), StatusCode::OK);

    assert_eq!(app.log_out().await.status(), StatusCode::SEE_OTHER);

    let r = get("/booking").await.unwrap();
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(location(&r), "/login?next=%2Fbooking");
    assert_eq!(
        get("/api/v1/meetings").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
}

/// A whole login as `user` in another browser; returns that browser.
pub async fn log_in_elsewhere(app: &TestApp, user: &str) -> reqwest::Client {
    let browser = oidc_app_client(app);
    let r = browser.get(app.url("/login")).send().await.unwrap();
    let mut url = with_param(&location(&r), "login_hint", user);
    while !url.starts_with(&app.url("/auth/callback")) {
        let r = browser.get(&url).send().await.unwrap();
        url = Url::parse(&url)
            .unwrap()
            .join(&location(&r))
            .unwrap()
            .to_string();
    }
    let r = browser.get(&url).send().await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    browser
}

pub async fn meetings_seen_by(app: &TestApp, browser: &reqwest::Client) -> Vec<serde_json::Value> {
    let r = browser
        .get(app.url("/api/v1/meetings"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn an_edited_username_or_an_unverified_mail_opens_nobody_elses_meetings() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    let alice = log_in_elsewhere(&app, "alice").await;
    let r = alice
        .post(app.url("/api/v1/meetings"))
        .header("Content-Type", "application/json")
        .body(crate::helpers::meeting_json("Alice's", 3).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let m: serde_json::Value = r.json().await.unwrap();
    // Keyed by issuer and subject, shown by name and mail.
    assert_eq!(
        m["owner"],
        format!("{}#alice", provider.config().issuer_url)
    );
    let html = alice
        .get(app.url(&format!("/booking/{}", m["id"])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Alice Anders &lt;alice@example.org&gt;"),
        "{html}"
    );
    // Carol is invited by mail.
    let mut for_carol = crate::helpers::meeting_json("For Carol", 5);
    for_carol["invitees"] =
        serde_json::json!([{"email": "carol@example.org", "role": "participant"}]);
    let r = alice
        .post(app.url("/api/v1/meetings"))
        .header("Content-Type", "application/json")
        .body(for_carol.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );

    // Mallory renamed herself "alice" and typed carol's address without verifying it.
    let mallory = log_in_elsewhere(&app, "mallory").await;
    assert_eq!(meetings_seen_by(&app, &mallory).await.len(), 0);
    let r = mallory
        .get(app.url(&format!("/token/{}", m["id"])))
        .send()
        .await
        .unwrap();
    // A stranger to the meeting is told nothing of it.
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Carol, verified, sees her invitation.
    let carol = log_in_elsewhere(&app, "carol").await;
    assert_eq!(meetings_seen_by(&app, &carol).await.len(), 1);
}

#[tokio::test]
async fn an_owner_keyed_by_the_former_username_is_taken_over_once_by_the_matching_verified_login() {
    let Some(provider) = OidcProvider::start().await else {
        return;
    };
    let app = oidc_app(&provider).await;
    // What an older jmb left: alice's meeting keyed by her preferred_username, and the record
    // migration 0008 made of it.
    let start = (crate::helpers::t0() + Duration::days(2)).timestamp();
    crate::helpers::execute_sql(
        &app.config,
        "INSERT INTO meeting (uid, room, subject, owner, owner_email, owner_name, starts_at, \
         duration_min, ends_at, created_at, updated_at) VALUES ('old-1', 'oldroomoldroom', \
         'Kept from before', 'alice', 'alice@example.org', 'Alice Anders', $1, 60, $2, 0, 0)",
        jmb::params![start, start + 3600],
    );
    crate::helpers::execute_sql(
        &app.config,
        "INSERT INTO owner_claim (owner, email, former_login, created_at) \
         VALUES ('alice', 'alice@example.org', 'alice', 0)",
        jmb::params![],
    );

    // The username alone does not do it.
    let mallory = log_in_elsewhere(&app, "mallory").await;
    assert_eq!(meetings_seen_by(&app, &mallory).await.len(), 0);

    let alice = log_in_elsewhere(&app, "alice").await;
    let mine = meetings_seen_by(&app, &alice).await;
    assert_eq!(mine.len(), 1, "{mine:?}");
    assert_eq!(mine[0]["subject"], "Kept from before");
    assert_eq!(
        mine[0]["owner"],
        format!("{}#alice", provider.config().issuer_url)
    );
    let left = crate::helpers::query_i64(&app.config, "SELECT COUNT(*) FROM owner_claim");
    assert_eq!(left, 0, "claimed once");
    assert_eq!(meetings_seen_by(&app, &mallory).await.len(), 0);
}
