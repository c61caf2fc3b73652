//! Every page and every mail in each offered language: no missing message, no raw Fluent id,
//! no English left in another language, plurals, user data that looks like Fluent or HTML
//! coming out literally, the language switch, and mails in each recipient's own language.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use chrono::Duration;
use regex::Regex;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, browser, extract_csrf, invitee, location, meeting_json, smtp_on, spawn_app,
    spawn_app_with, t0,
};
use crate::servers::{Captured, Slapd, SmtpCapture, ics_json};

const LANGUAGES: [&str; 5] = ["en", "fr", "de", "es", "it"];

/// A subject made of what a careless template would expand: a Fluent placeable, a variable,
/// a string literal, a brace placeholder of the old tables, and markup.
const TRICKY: &str = "Plan {owner} { $when } { \"x\" } {-term} <b>html</b>";

/// Every message id of the English files (the reference): none may reach a reader.
static RAW_ID: LazyLock<Regex> = LazyLock::new(|| {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
    let line = Regex::new(r"(?m)^([a-z][a-z0-9]*(?:-[a-z0-9]+)+) =").unwrap();
    let mut ids = Vec::new();
    for file in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        ids.extend(line.captures_iter(&text).map(|c| regex::escape(&c[1])));
    }
    assert!(ids.len() > 100, "{} ids", ids.len());
    Regex::new(&format!(
        r"(?:^|[^a-z0-9-])({})(?:[^a-z0-9-]|$)",
        ids.join("|")
    ))
    .unwrap()
});

/// Words that give away an English text left in another language.
static ENGLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(Meeting|Cancel|Save|Participants|Accept|Decline|Upcoming|Subject|Invitees|Log out|Answer|Join|Nobody|Start the|Your role|Organiser|Duration)\b",
    )
    .unwrap()
});

/// What a reader sees of a page: its text and the words in its labelling attributes.
fn visible(html: &str) -> String {
    static ATTR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:aria-label|data-copied|data-tz-note|title|placeholder|alt)="([^"]*)""#)
            .unwrap()
    });
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    static SCRIPT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<(script|style)[^>]*>.*?</(script|style)>").unwrap());
    let html = SCRIPT.replace_all(html, " ");
    let mut out: Vec<String> = ATTR
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    out.push(TAG.replace_all(&html, "\n").to_string());
    out.join("\n")
}

/// `text` is written in `lang` with every message found.
fn check_words(lang: &str, what: &str, text: &str) {
    if let Some(id) = RAW_ID.captures(text) {
        panic!("{lang} {what}: raw message id `{}` in\n{text}", &id[1]);
    }
    if lang != "en" {
        for word in ENGLISH.find_iter(text) {
            // French writes "Participants" too.
            if !(lang == "fr" && word.as_str() == "Participants") {
                panic!("{lang} {what}: English `{}` in\n{text}", word.as_str());
            }
        }
    }
}

async fn page_as(
    app: &TestApp,
    user: Option<&str>,
    lang: &str,
    path: &str,
) -> (StatusCode, String) {
    let mut rb = app
        .client
        .get(app.url(path))
        .header("Accept-Language", lang);
    if let Some(u) = user {
        rb = rb.header("X-Remote-User", u);
    }
    let r = rb.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn every_page_speaks_each_language_completely() {
    let app = spawn_app().await;
    let mut body = meeting_json(TRICKY, 24);
    body["description"] = json!("{ $owner } <i>agenda</i>");
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    app.answer(&m, "bob@example.org", "accept").await;
    let invitation = app.path_of(
        invitee(&m, "ann@example.net")["invitation_url"]
            .as_str()
            .unwrap(),
    );
    let join = app.path_of(invitee(&m, "ann@example.net")["join_url"].as_str().unwrap());
    for lang in LANGUAGES {
        let pages = [
            (Some("alice"), "/booking".to_string(), StatusCode::OK),
            (Some("alice"), "/booking/new".into(), StatusCode::OK),
            (Some("alice"), format!("/booking/{id}"), StatusCode::OK),
            (Some("alice"), format!("/booking/{id}/edit"), StatusCode::OK),
            (
                Some("alice"),
                format!("/booking/{id}/delete"),
                StatusCode::OK,
            ),
            (Some("alice"), "/ical".into(), StatusCode::OK),
            (Some("alice"), "/room".into(), StatusCode::OK),
            (Some("alice"), "/webhooks".into(), StatusCode::OK),
            (Some("alice"), "/no/such/page".into(), StatusCode::NOT_FOUND),
            (None, "/".into(), StatusCode::OK),
            (None, invitation.clone(), StatusCode::OK),
            // Before its window the personal link says when the meeting opens.
            (None, join.clone(), StatusCode::OK),
        ];
        for (user, path, status) in pages {
            let (got, html) = page_as(&app, user, lang, &path).await;
            assert_eq!(got, status, "{lang} {path}: {html}");
            assert!(
                html.contains(&format!("<html lang=\"{lang}\"")),
                "{lang} {path}"
            );
            check_words(lang, &path, &visible(&html));
            if path.starts_with(&format!("/booking/{id}")) || path == invitation {
                // The subject is shown as typed, its markup escaped, nothing expanded.
                let named = html
                    .replace("&#60;", "&lt;")
                    .replace("&#62;", "&gt;")
                    .replace("&#34;", "&quot;");
                assert!(
                    named.contains(
                        "Plan {owner} { $when } { &quot;x&quot; } {-term} &lt;b&gt;html&lt;/b&gt;"
                    ),
                    "{lang} {path}: {html}"
                );
                assert!(!html.contains("<b>html</b>"), "{lang} {path}");
            }
        }
        // A form sent back with its problems, beside the fields.
        let (_, form) = page_as(&app, Some("alice"), lang, "/booking/new").await;
        let r = app
            .client
            .post(app.url("/booking"))
            .header("X-Remote-User", "alice")
            .header("Accept-Language", lang)
            .form(&[
                ("csrf", extract_csrf(&form).as_str()),
                ("subject", ""),
                ("date", "2026-13-40"),
                ("time", "9"),
                ("duration_min", "abc"),
                ("participants", "not an address"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains("class=\"error\""), "{html}");
        check_words(lang, "the form's problems", &visible(&html));
        // API errors name the field in the caller's language.
        let r = app
            .client
            .post(app.url("/api/v1/meetings"))
            .header("X-Remote-User", "alice")
            .header("Accept-Language", lang)
            .json(&json!({"subject": "", "start": "tomorrow", "duration_min": 60}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = r.json().await.unwrap();
        let message = error["error"]["message"].as_str().unwrap();
        assert!(error["error"]["field"].is_string(), "{error}");
        check_words(lang, "an API error", message);
    }
}

#[tokio::test]
async fn answer_figures_take_each_language_s_plural_for_0_1_2_and_5_invitees() {
    let app = spawn_app().await;
    // (language, accepted with 0, not answered with 1, 2 and 5)
    let expected = [
        (
            "en",
            "0 accepted",
            [
                "1 has not answered",
                "2 have not answered",
                "5 have not answered",
            ],
        ),
        (
            "fr",
            "0 a accepté",
            [
                "1 n'a pas répondu",
                "2 n'ont pas répondu",
                "5 n'ont pas répondu",
            ],
        ),
        (
            "de",
            "0 Zusagen",
            ["1 ohne Antwort", "2 ohne Antwort", "5 ohne Antwort"],
        ),
        (
            "es",
            "0 han aceptado",
            [
                "1 no ha respondido",
                "2 no han respondido",
                "5 no han respondido",
            ],
        ),
        (
            "it",
            "0 hanno accettato",
            [
                "1 non ha risposto",
                "2 non hanno risposto",
                "5 non hanno risposto",
            ],
        ),
    ];
    let mut ids = Vec::new();
    for n in [1usize, 2, 5] {
        let mut body = meeting_json("Figures", 24);
        body["invitees"] = (0..n)
            .map(|i| json!({"email": format!("p{i}@example.org"), "role": "participant"}))
            .collect::<Vec<_>>()
            .into();
        ids.push(app.book("alice", &body).await["id"].as_i64().unwrap());
    }
    let mut nobody = meeting_json("Vide", 24);
    nobody["invitees"] = json!([]);
    let empty = app.book("alice", &nobody).await["id"].as_i64().unwrap();
    for (lang, zero, pending) in expected {
        for (id, figure) in ids.iter().zip(pending) {
            let (_, html) = page_as(&app, Some("alice"), lang, &format!("/booking/{id}")).await;
            let html = html.replace("&#39;", "'").replace("&#x27;", "'");
            assert!(html.contains(figure), "{lang}: {figure} in {html}");
            assert!(html.contains(zero), "{lang}: {zero} in {html}");
        }
        let (_, html) = page_as(&app, Some("alice"), lang, &format!("/booking/{empty}")).await;
        check_words(lang, "a meeting without invitees", &visible(&html));
        assert!(!html.contains(zero), "{lang}: no figures without invitees");
    }
}

/// Checks one mail: its language, its words, and the subject kept literally everywhere.
fn check_mail(lang: &str, mail: &Captured) {
    let kind = mail.header("Message-ID").unwrap_or_default();
    assert_eq!(
        mail.header("Content-Language").as_deref(),
        Some(lang),
        "{kind}"
    );
    let subject = mail.subject();
    assert!(subject.contains(TRICKY), "{lang} {kind}: {subject}");
    assert!(
        !subject.contains('\u{2068}') && !subject.contains('\u{2069}'),
        "{subject:?}"
    );
    check_words(
        lang,
        &format!("{kind} subject"),
        &subject.replace(TRICKY, ""),
    );
    check_words(
        lang,
        &format!("{kind} text"),
        &mail.text().replace(TRICKY, ""),
    );
    let html = mail.html();
    check_words(lang, &format!("{kind} html"), &visible(&html));
    assert!(!html.contains("<b>html</b>"), "{kind}: {html}");
    for (_, _, ics) in mail.calendar_parts() {
        let parsed = ics_json(&ics).expect("python icalendar");
        assert_eq!(parsed["events"][0]["summary"], TRICKY, "{kind}: {ics}");
    }
}

/// The kind of a mail (`new.owner`, …) from its Message-ID.
fn kind_of(mail: &Captured) -> String {
    let id = mail.header("Message-ID").unwrap_or_default();
    let id = id.trim_start_matches('<');
    let parts: Vec<&str> = id.split('.').collect();
    format!("{}.{}", parts[0], parts.get(1).unwrap_or(&""))
}

/// Every kind of mail jmb sends, in `lang`: booking, answers (one and several), an edit
/// that changes roles, removes and adds people, reminders, the cancellation.
async fn every_mail_in(lang: &'static str) {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(move |c| {
        smtp_on(smtp.port)(c);
        c.server.language = jmb::config::Language::from_tag(lang).unwrap();
        c.mail.answer_notice_delay_min = 1;
        c.reminders = jmb::config::RemindersConfig::default();
    })
    .await;
    let start = t0() + Duration::hours(3);
    let mut body = json!({
        "subject": TRICKY,
        "description": "{ $owner } <i>agenda</i>",
        "start": start.to_rfc3339(),
        "duration_min": 60,
        "invitees": [
            {"email": "ann@example.net", "name": "Ann", "role": "moderator"},
            {"email": "bob@example.org", "role": "participant"},
            {"email": "carol@example.org", "name": "{ $subject } Carol", "role": "participant"},
            {"email": "erin@example.org", "role": "participant"}
        ]
    });
    let m = app.book("alice", &body).await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(5).await;
    // Two answers in the same minute: one mail with both; then one on its own.
    app.answer(&m, "bob@example.org", "accept").await;
    app.answer(&m, "ann@example.net", "accept").await;
    app.advance(Duration::minutes(1));
    smtp.wait_for(6).await;
    app.answer(&m, "carol@example.org", "decline").await;
    app.advance(Duration::minutes(1));
    smtp.wait_for(7).await;
    // Ann becomes a participant, Bob a moderator, Carol leaves, Dave comes, an hour later.
    body["start"] = json!((start + Duration::hours(1)).to_rfc3339());
    body["invitees"] = json!([
        {"email": "ann@example.net", "name": "Ann", "role": "participant"},
        {"email": "bob@example.org", "role": "moderator"},
        {"email": "dave@example.org", "role": "participant"},
        {"email": "erin@example.org", "role": "participant"}
    ]);
    let (status, json) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{json}");
    smtp.wait_for(13).await;
    // An hour before the start: the reminders.
    app.advance(Duration::hours(3) - Duration::minutes(2));
    smtp.wait_for(18).await;
    app.cancel("alice", id).await;
    let mails = smtp.wait_for(23).await;
    let kinds: BTreeSet<String> = mails.iter().map(kind_of).collect();
    for kind in [
        "new.owner",
        "new.moderator",
        "new.participant",
        "answer.owner",
        "update.owner",
        "update.participant",
        "role.moderator",
        "role.participant",
        "removed.participant",
        "reminder.owner",
        "reminder.moderator",
        "reminder.participant",
        "cancel.owner",
        "cancel.moderator",
        "cancel.participant",
    ] {
        assert!(kinds.contains(kind), "{lang}: no {kind} in {kinds:?}");
    }
    for mail in &mails {
        check_mail(lang, mail);
    }
    // One answer and several answers are told apart in the subject.
    let owner: Vec<String> = smtp
        .to("alice@example.org")
        .iter()
        .filter(|m| kind_of(m) == "answer.owner")
        .map(Captured::subject)
        .collect();
    assert_eq!(owner.len(), 2, "{owner:?}");
    assert!(owner[0].starts_with('2'), "{lang}: {owner:?}");
    assert!(owner[1].contains("carol@example.org"), "{lang}: {owner:?}");
    assert_ne!(owner[0], owner[1]);
}

#[tokio::test]
async fn every_mail_in_english() {
    every_mail_in("en").await;
}

#[tokio::test]
async fn every_mail_in_french() {
    every_mail_in("fr").await;
}

#[tokio::test]
async fn every_mail_in_german() {
    every_mail_in("de").await;
}

#[tokio::test]
async fn every_mail_in_spanish() {
    every_mail_in("es").await;
}

#[tokio::test]
async fn every_mail_in_italian() {
    every_mail_in("it").await;
}

/// Posts the language switch of `page` as `user` (or as an anonymous browser).
async fn switch(
    app: &TestApp,
    client: &reqwest::Client,
    user: Option<&str>,
    page: &str,
    lang: &str,
) -> reqwest::Response {
    let mut rb = client.get(app.url(page));
    if let Some(u) = user {
        rb = rb.header("X-Remote-User", u);
    }
    let html = rb.send().await.unwrap().text().await.unwrap();
    assert!(html.contains("action=\"/lang\""), "a switch on {page}");
    let mut rb = client.post(app.url("/lang")).form(&[
        ("csrf", extract_csrf(&html).as_str()),
        ("lang", lang),
        ("back", page),
    ]);
    if let Some(u) = user {
        rb = rb.header("X-Remote-User", u);
    }
    rb.send().await.unwrap()
}

#[tokio::test]
async fn the_switch_is_remembered_in_the_session_and_returns_only_to_this_site() {
    let app = spawn_app().await;
    let r = switch(&app, &app.client, Some("alice"), "/booking", "de").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/booking");
    // Remembered over the browser's own wish.
    let (_, html) = page_as(&app, Some("alice"), "fr", "/booking").await;
    assert!(html.contains("<html lang=\"de\""), "{html}");
    assert!(html.contains("Meine Besprechungen"));
    assert!(
        html.contains("<option value=\"de\" lang=\"de\" selected>Deutsch</option>"),
        "{html}"
    );

    // Never a GET, never without the token, never an unknown language, never elsewhere.
    let r = app
        .client
        .get(app.url("/lang?lang=it"))
        .header("X-Remote-User", "alice")
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .client
        .post(app.url("/lang"))
        .header("X-Remote-User", "alice")
        .form(&[("lang", "it"), ("back", "/booking")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (_, html) = app.text_as("alice", "/booking").await;
    let csrf = extract_csrf(&html);
    let post = |lang: &'static str, back: &'static str| {
        app.client
            .post(app.url("/lang"))
            .header("X-Remote-User", "alice")
            .form(&[("csrf", csrf.as_str()), ("lang", lang), ("back", back)])
            .send()
    };
    let r = post("xx", "/booking").await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    for outside in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
    ] {
        let r = post("es", outside).await.unwrap();
        assert_eq!(location(&r), "/", "{outside}");
    }
    let (_, html) = app.text_as("alice", "/booking").await;
    assert!(html.contains("<html lang=\"es\""));
}

#[tokio::test]
async fn mails_come_in_each_recipient_s_language_when_jmb_knows_it() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    // Alice reads jmb in Italian (the switch); Bob answers from his invitation page in
    // Spanish; Ann was never asked: server.language (English).
    switch(&app, &app.client, Some("alice"), "/booking", "it").await;
    let m = app.book("alice", &meeting_json("Sync", 24)).await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(3).await;
    assert_eq!(
        smtp.to("alice@example.org")[0].subject(),
        "Riunione prenotata: Sync"
    );
    let page = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let bob = browser();
    let html = bob
        .get(&page)
        .header("Accept-Language", "es-ES,es;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"es\""));
    // Opening the page (a GET) records nothing; answering (a POST) does.
    let r = bob
        .post(&page)
        .header("Accept-Language", "es-ES,es;q=0.9")
        .form(&[("csrf", extract_csrf(&html).as_str()), ("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Ann only opens hers, in German: a GET records nothing.
    let ann_page = invitee(&m, "ann@example.net")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let html = browser()
        .get(&ann_page)
        .header("Accept-Language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"de\""));
    let mut edit = meeting_json("Sync", 25);
    edit["subject"] = json!("Sync 2");
    let (status, _) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    smtp.wait_for(6).await;
    let last = |to: &str| smtp.to(to).last().unwrap().clone();
    assert_eq!(
        last("bob@example.org").subject(),
        "Invitación actualizada: Sync 2"
    );
    assert_eq!(
        last("bob@example.org")
            .header("Content-Language")
            .as_deref(),
        Some("es")
    );
    assert_eq!(
        last("ann@example.net").subject(),
        "Updated invitation to moderate: Sync 2"
    );
    // The switch on an invitation page is the invitee's choice too.
    let ann_page = app.path_of(
        invitee(&m, "ann@example.net")["invitation_url"]
            .as_str()
            .unwrap(),
    );
    let r = switch(&app, &browser(), None, &ann_page, "de").await;
    assert_eq!(location(&r), ann_page);
    app.cancel("alice", id).await;
    smtp.wait_for(9).await;
    assert_eq!(last("ann@example.net").subject(), "Abgesagt: Sync 2");
    assert_eq!(
        last("alice@example.org")
            .header("Content-Language")
            .as_deref(),
        Some("it")
    );
}

#[tokio::test]
async fn the_directory_s_preferred_language_is_used_until_the_person_chooses() {
    let Some(ldap) = Slapd::start().await else {
        return;
    };
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    ldap.modify(&format!(
        "dn: uid=alice,{}\nchangetype: modify\nadd: preferredLanguage\npreferredLanguage: de-AT, en;q=0.5\n",
        crate::servers::LDAP_PEOPLE
    ));
    let mut config = ldap.config();
    config.language_attribute = "preferredLanguage".into();
    let app = spawn_app_with(move |c| {
        smtp_on(smtp.port)(c);
        c.ldap = Some(config);
    })
    .await;
    // The API (no page language to learn from) books for Alice: the directory says German.
    app.book("alice", &meeting_json("Plan", 24)).await;
    smtp.wait_for(3).await;
    let alice = &smtp.to("alice.anders@example.org")[0];
    assert_eq!(alice.subject(), "Besprechung gebucht: Plan");
    // Her own choice wins over the directory, on the next lookup too.
    switch(&app, &app.client, Some("alice"), "/booking", "fr").await;
    app.book("alice", &meeting_json("Plan 2", 26)).await;
    smtp.wait_for(6).await;
    let alice = smtp.to("alice.anders@example.org");
    assert_eq!(alice[1].subject(), "Réservation visioconférence : Plan 2");
}

#[tokio::test]
async fn api_errors_speak_the_caller_s_language_and_name_the_field() {
    let app = spawn_app().await;
    let ask = |lang: &'static str, body: Value| {
        app.client
            .post(app.url("/api/v1/meetings"))
            .header("X-Remote-User", "alice")
            .header("Accept-Language", lang)
            .json(&body)
            .send()
    };
    // A body that is not a meeting: the parser's words inside a sentence in German.
    let r = ask("de", json!({"subject": 3})).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["field"], "subject", "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Die Anfrage ist ungültig: "),
        "{e}"
    );
    // A field problem, in Italian.
    let mut body = meeting_json("Ok", 24);
    body["duration_min"] = json!(100000);
    let r = ask("it", body).await.unwrap();
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["field"], "duration_min", "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("La durata deve essere compresa tra"),
        "{e}"
    );
}

#[tokio::test]
async fn an_organiser_who_books_from_a_spanish_page_gets_spanish_mail_and_the_api_teaches_nothing()
{
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(smtp_on(smtp.port)).await;
    // The API (a program, not a page) leaves the language alone: server.language.
    app.book("alice", &meeting_json("Por API", 24)).await;
    smtp.wait_for(3).await;
    assert_eq!(
        smtp.to("alice@example.org")[0].subject(),
        "Meeting booked: Por API"
    );
    let (_, form) = page_as(&app, Some("alice"), "es-ES", "/booking/new").await;
    let r = app
        .client
        .post(app.url("/booking"))
        .header("X-Remote-User", "alice")
        .header("Accept-Language", "es-ES")
        .form(&[
            ("csrf", extract_csrf(&form).as_str()),
            ("subject", "Desde la página"),
            ("date", "2026-12-03"),
            ("time", "10:00"),
            ("duration_min", "60"),
            ("participants", "bob@example.org"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    smtp.wait_for(5).await;
    let alice = smtp.to("alice@example.org");
    assert_eq!(alice[1].subject(), "Reunión reservada: Desde la página");
    // Bob's language is unknown: server.language.
    assert_eq!(
        smtp.to("bob@example.org")[1].subject(),
        "Invitation: Desde la página"
    );
}
