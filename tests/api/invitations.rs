//! Invitations end to end: what a real SMTP server receives for each change, the calendar
//! parts as an independent parser reads them, the answer links, and the durable outbox.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Duration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, browser, extract_csrf, invitee, location, meeting_json, smtp_on, spawn_app_on,
    spawn_app_with, t0,
};
use crate::servers::{Captured, SmtpCapture, TestCa, check_ics, free_port, ics_json};

async fn mail_app(smtp: &SmtpCapture) -> TestApp {
    spawn_app_with(smtp_on(smtp.port)).await
}

fn by_recipient(mails: &[Captured]) -> BTreeMap<String, Vec<Captured>> {
    let mut map: BTreeMap<String, Vec<Captured>> = BTreeMap::new();
    for m in mails {
        map.entry(m.to()).or_default().push(m.clone());
    }
    map
}

/// The calendar part inside multipart/alternative, parsed by Python's icalendar; checks that
/// the attached copy is the same and that both carry the MIME method.
fn calendar(mail: &Captured) -> Value {
    let parts = mail.calendar_parts();
    assert_eq!(parts.len(), 2, "an inline and an attached calendar part");
    assert_eq!(parts[0].0, parts[1].0, "same method on both parts");
    assert!(!parts[0].1 && parts[1].1, "the second is the attachment");
    assert_eq!(parts[0].2, parts[1].2);
    check_ics(&parts[0].2);
    let parsed = ics_json(&parts[0].2).expect("python icalendar");
    assert_eq!(
        parsed["method"].as_str().unwrap(),
        parts[0].0.to_uppercase(),
        "METHOD matches the MIME method parameter"
    );
    parsed
}

fn attendee<'a>(cal: &'a Value, email: &str) -> &'a Value {
    cal["events"][0]["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["value"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case(&format!("mailto:{email}"))
        })
        .unwrap_or_else(|| panic!("no attendee {email} in {cal}"))
}

#[tokio::test]
async fn booking_confirms_to_the_owner_and_invites_each_invitee_in_their_role() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = mail_app(&smtp).await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let mails = by_recipient(&smtp.wait_for(3).await);
    assert_eq!(
        mails.keys().cloned().collect::<Vec<_>>(),
        ["alice@example.org", "ann@example.net", "bob@example.org"]
    );
    let owner = &mails["alice@example.org"][0];
    let ann = &mails["ann@example.net"][0];
    let bob = &mails["bob@example.org"][0];
    assert_eq!(owner.subject(), "Meeting booked: Weekly sync");
    assert_eq!(ann.subject(), "Invitation to moderate: Weekly sync");
    assert_eq!(bob.subject(), "Invitation: Weekly sync");

    for mail in [owner, ann, bob] {
        // The envelope sender is the service's own address, whatever the owner's domain.
        assert_eq!(mail.mail_from, "noreply@booking.example.org");
        let from = mail.header("From").unwrap();
        assert!(from.contains("noreply@booking.example.org"), "{from}");
        assert!(mail.header("Message-ID").unwrap().contains("@127.0.0.1>"));
        assert!(mail.header("Date").is_some());
        assert_eq!(
            mail.leaf_types(),
            ["text/plain", "text/html", "text/calendar", "text/calendar"]
        );
    }
    assert!(
        ann.header("Reply-To")
            .unwrap()
            .contains("alice@example.org")
    );

    // The moderator's own links, in both alternatives; the calendar entry points at them.
    let ann_json = invitee(&m, "ann@example.net");
    let join = ann_json["join_url"].as_str().unwrap();
    let invitation = ann_json["invitation_url"].as_str().unwrap();
    let ics = ann_json["ics_url"].as_str().unwrap();
    let text = ann.text();
    for link in [
        join.to_string(),
        format!("{invitation}?answer=accept"),
        format!("{invitation}?answer=decline"),
        ics.to_string(),
    ] {
        assert!(text.contains(&link), "{link} missing from\n{text}");
        assert!(
            ann.html().contains(&format!("href=\"{link}\"")),
            "{link} not a button"
        );
    }
    assert!(!text.contains(invitee(&m, "bob@example.org")["join_url"].as_str().unwrap()));

    let cal = calendar(ann);
    assert_eq!(cal["method"], "REQUEST");
    let event = &cal["events"][0];
    assert_eq!(event["sequence"], 0);
    assert_eq!(event["summary"], "Weekly sync");
    assert_eq!(event["description"], "Agenda: everything");
    assert_eq!(event["url"], join);
    assert_eq!(event["location"], join);
    assert_eq!(event["dtstart"], "2026-12-02T08:00:00+00:00");
    assert_eq!(event["dtend"], "2026-12-02T09:00:00+00:00");
    assert_eq!(event["organizer"]["value"], "mailto:alice@example.org");
    let a = attendee(&cal, "ann@example.net");
    assert_eq!(a["role"], "CHAIR");
    assert_eq!(a["partstat"], "NEEDS-ACTION");
    assert_eq!(a["rsvp"], "TRUE");
    assert_eq!(a["cn"], "Ann Moderator");
    assert_eq!(attendee(&cal, "bob@example.org")["role"], "REQ-PARTICIPANT");
    // Participants, often outside the organisation, get no one else's address.
    let bob_cal = calendar(bob);
    assert_eq!(
        bob_cal["events"][0]["attendees"].as_array().unwrap().len(),
        1
    );
    assert!(!bob.text().contains("ann@example.net"));

    // Everyone's copy is the same event; the owner's link is the start page.
    let uid = event["uid"].as_str().unwrap();
    assert!(!uid.is_empty());
    for mail in [owner, bob] {
        assert_eq!(calendar(mail)["events"][0]["uid"], uid);
    }
    assert_eq!(
        calendar(owner)["events"][0]["url"],
        m["owner_url"].as_str().unwrap()
    );
    assert!(owner.text().contains(m["owner_url"].as_str().unwrap()));
}

#[tokio::test]
async fn mails_speak_french_when_the_service_does() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.server.language = jmb::config::Language::from_tag("fr").unwrap();
    })
    .await;
    app.book("alice", &meeting_json("Point hebdo", 24)).await;
    let mails = by_recipient(&smtp.wait_for(3).await);
    assert_eq!(
        mails["alice@example.org"][0].subject(),
        "Réservation visioconférence : Point hebdo"
    );
    assert_eq!(
        mails["ann@example.net"][0].subject(),
        "Invitation à animer une visioconférence : Point hebdo"
    );
    let bob = &mails["bob@example.org"][0];
    assert_eq!(bob.subject(), "Invitation visioconférence : Point hebdo");
    assert!(bob.text().contains("Rejoindre la visioconférence"));
    assert!(bob.text().contains("mercredi 2 décembre 2026, 09:00"));
    assert_eq!(bob.header("Content-Language").as_deref(), Some("fr"));
}

#[tokio::test]
async fn an_edit_tells_each_person_what_changed_for_them() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = mail_app(&smtp).await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"]
        .as_array_mut()
        .unwrap()
        .push(json!({"email": "carol@example.org", "name": "Carol", "role": "participant"}));
    let m = app.book("alice", &body).await;
    smtp.wait_for(4).await;
    let id = m["id"].as_i64().unwrap();

    let mut edit = meeting_json("Weekly sync", 25);
    edit["invitees"] = json!([
        {"email": "ann@example.net", "name": "Ann Moderator", "role": "moderator"},
        {"email": "bob@example.org", "role": "moderator"},
        {"email": "dave@example.org", "role": "participant"}
    ]);
    let (status, after) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let mails = smtp.wait_for(9).await;
    let new = by_recipient(&mails[4..]);
    let subjects: BTreeMap<&str, String> = new
        .iter()
        .map(|(to, m)| {
            assert_eq!(m.len(), 1, "one mail to {to}");
            (to.as_str(), m[0].subject())
        })
        .collect();
    assert_eq!(
        subjects,
        BTreeMap::from([
            (
                "alice@example.org",
                "Meeting changed: Weekly sync".to_string()
            ),
            (
                "ann@example.net",
                "Updated invitation to moderate: Weekly sync".to_string()
            ),
            (
                "bob@example.org",
                "You now moderate: Weekly sync".to_string()
            ),
            (
                "carol@example.org",
                "You are no longer invited: Weekly sync".to_string()
            ),
            ("dave@example.org", "Invitation: Weekly sync".to_string()),
        ])
    );

    // Updates are REQUESTs of the same event with a higher SEQUENCE and the new time.
    let ann = calendar(&new["ann@example.net"][0]);
    assert_eq!(ann["method"], "REQUEST");
    assert_eq!(ann["events"][0]["sequence"], 1);
    assert_eq!(ann["events"][0]["dtstart"], "2026-12-02T09:00:00+00:00");
    assert_eq!(attendee(&ann, "bob@example.org")["role"], "CHAIR");
    assert_eq!(
        ann["events"][0]["uid"],
        calendar(&mails[0])["events"][0]["uid"]
    );
    // The person taken off the list gets a CANCEL naming only them.
    let carol = calendar(&new["carol@example.org"][0]);
    assert_eq!(carol["method"], "CANCEL");
    assert_eq!(carol["events"][0]["status"], "CANCELLED");
    assert_eq!(carol["events"][0]["attendees"].as_array().unwrap().len(), 1);
    assert!(
        new["ann@example.net"][0]
            .text()
            .contains("replaces the previous one")
    );

    // Changing only the list leaves the others in peace.
    edit["invitees"]
        .as_array_mut()
        .unwrap()
        .push(json!({"email": "erin@example.org", "role": "participant"}));
    app.api_as(
        "alice",
        Method::PUT,
        &format!("/api/v1/meetings/{id}"),
        Some(&edit),
    )
    .await;
    let mails = smtp.wait_for(11).await;
    let tail: Vec<String> = mails[9..].iter().map(Captured::to).collect();
    assert_eq!(mails.len(), 11);
    assert!(tail.contains(&"alice@example.org".to_string()));
    assert!(tail.contains(&"erin@example.org".to_string()));
}

#[tokio::test]
async fn cancelling_sends_everyone_an_itip_cancel() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = mail_app(&smtp).await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    smtp.wait_for(3).await;
    app.cancel("alice", &m["id"]).await;
    let mails = smtp.wait_for(6).await;
    let cancels = by_recipient(&mails[3..]);
    assert_eq!(cancels.len(), 3);
    assert_eq!(
        cancels["alice@example.org"][0].subject(),
        "Meeting cancelled: Weekly sync"
    );
    assert_eq!(
        cancels["bob@example.org"][0].subject(),
        "Cancelled: Weekly sync"
    );
    for (_, mail) in cancels {
        let cal = calendar(&mail[0]);
        assert_eq!(cal["method"], "CANCEL");
        assert_eq!(cal["events"][0]["status"], "CANCELLED");
        assert_eq!(cal["events"][0]["sequence"], 1);
    }
}

async fn partstat(app: &TestApp, id: i64, email: &str) -> String {
    let m = app.meeting("alice", id).await;
    invitee(&m, email)["partstat"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn the_links_in_the_mail_answer_only_when_the_invitee_presses_a_button() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = mail_app(&smtp).await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(3).await;
    let bob_mail = &smtp.to("bob@example.org")[0];
    let accept = bob_mail.link(&format!("{}/invitation/", app.base));
    assert!(accept.ends_with("?answer=accept"), "{accept}");

    // A mail scanner follows every link, with and without cookies: nothing changes.
    let scanner = browser();
    for link in [
        accept.clone(),
        accept.replace("answer=accept", "answer=decline"),
    ] {
        let r = scanner.get(&link).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("nothing is recorded until you press it"));
    }
    assert_eq!(partstat(&app, id, "bob@example.org").await, "needs-action");

    // The invitee presses Accept: recorded, the owner is told.
    let me = browser();
    let html = me.get(&accept).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("value=\"accept\" class=\"primary\" autofocus"));
    let action = accept.split('?').next().unwrap().to_string();
    let r = me
        .post(&action)
        .form(&[("csrf", extract_csrf(&html).as_str()), ("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).ends_with("?recorded=1"));
    assert_eq!(partstat(&app, id, "bob@example.org").await, "accepted");
    // The owner's mail waits a few minutes for answers that may follow.
    app.advance(Duration::minutes(5));
    let owner = smtp.wait_for(4).await.pop().unwrap();
    assert_eq!(owner.to(), "alice@example.org");
    assert_eq!(owner.subject(), "bob@example.org accepted: Weekly sync");
    assert!(owner.calendar_parts().is_empty());

    // They change their mind later; the owner sees it on the meeting page.
    let html = me.get(&action).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("You can change your answer"));
    me.post(&action)
        .form(&[
            ("csrf", extract_csrf(&html).as_str()),
            ("answer", "decline"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(partstat(&app, id, "bob@example.org").await, "declined");
    app.advance(Duration::minutes(5));
    assert_eq!(
        smtp.wait_for(5).await.pop().unwrap().subject(),
        "bob@example.org declined: Weekly sync"
    );
    let (_, page) = app.text_as("alice", &format!("/booking/{id}")).await;
    assert!(page.contains("partstat-declined"));

    // A POST without the page's token, or with a made-up answer, changes nothing.
    let r = browser()
        .post(&action)
        .form(&[("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = me.get(&action).send().await.unwrap().text().await.unwrap();
    let r = me
        .post(&action)
        .form(&[
            ("csrf", extract_csrf(&html).as_str()),
            ("answer", "perhaps"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(partstat(&app, id, "bob@example.org").await, "declined");
}

#[tokio::test]
async fn the_owner_is_not_told_of_answers_when_the_operator_says_so() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.notify_owner_on_answer = false;
    })
    .await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    smtp.wait_for(3).await;
    app.answer(&m, "bob@example.org", "accept").await;
    app.advance(Duration::minutes(10));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 3);
}

#[tokio::test]
async fn forty_changes_of_mind_make_one_mail_to_the_owner_with_everyone_s_latest_answer() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.answer_notice_delay_min = 3;
    })
    .await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    smtp.wait_for(3).await;

    // Bob flips forty times within a few seconds, ending on "decline"; Ann accepts once.
    for i in 0..40 {
        let what = if i % 2 == 0 { "accept" } else { "decline" };
        app.answer(&m, "bob@example.org", what).await;
    }
    app.answer(&m, "ann@example.net", "accept").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        smtp.messages().len(),
        3,
        "an answer mail left before its delay"
    );

    // Not yet due a minute later; due at three minutes: one mail, with the latest answers.
    app.advance(Duration::minutes(1));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 3);
    app.advance(Duration::minutes(2));
    let mails = smtp.wait_for(4).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        smtp.messages().len(),
        4,
        "one answer mail, not {}",
        mails.len() - 3
    );
    let owner = smtp.to("alice@example.org");
    assert_eq!(
        owner.len(),
        2,
        "the booking confirmation and one answer mail"
    );
    let news = &owner[1];
    assert_eq!(news.subject(), "2 answers: Weekly sync");
    let text = news.text();
    assert!(
        text.contains("bob@example.org — participant, declined"),
        "{text}"
    );
    assert!(
        text.contains("Ann Moderator <ann@example.net> — moderator, accepted"),
        "{text}"
    );
    assert!(news.calendar_parts().is_empty());

    // A later answer starts a new mail, which again waits, and names the one person.
    app.answer(&m, "bob@example.org", "accept").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 4);
    app.advance(Duration::minutes(3));
    let last = smtp.wait_for(5).await.pop().unwrap();
    assert_eq!(last.to(), "alice@example.org");
    assert_eq!(last.subject(), "bob@example.org accepted: Weekly sync");
}

#[tokio::test]
async fn an_answer_still_waiting_to_be_told_is_not_mailed_after_the_owner_cancels() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.answer_notice_delay_min = 3;
    })
    .await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    smtp.wait_for(3).await;
    app.answer(&m, "bob@example.org", "accept").await;

    // The answer mail waits out its delay; the owner cancels meanwhile.
    app.cancel("alice", m["id"].as_i64().unwrap()).await;
    smtp.wait_for(6).await;
    app.advance(Duration::minutes(10));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let owner = smtp.to("alice@example.org");
    let subjects: Vec<String> = owner.iter().map(|m| m.subject()).collect();
    assert_eq!(
        owner.len(),
        2,
        "confirmation and cancellation only: {subjects:?}"
    );
    assert!(
        !subjects.iter().any(|s| s.contains("accepted")),
        "{subjects:?}"
    );
    assert_eq!(smtp.messages().len(), 6);
}

#[tokio::test]
async fn mail_to_outside_addresses_is_limited_per_organiser_and_hour_before_anything_is_queued() {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    // example.org (auth.mail_domain) is inside; example.net and gmail.com are not.
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.booking.max_external_invitations_per_hour = 3;
    })
    .await;
    let body = |subject: &str, emails: &[&str]| {
        let mut b = meeting_json(subject, 24);
        b["invitees"] = Value::Array(emails.iter().map(|e| json!({"email": e})).collect());
        b
    };
    // Two outside, one inside: counted two.
    let first = app
        .book(
            "alice",
            &body(
                "First",
                &["ann@example.net", "dan@gmail.com", "bob@example.org"],
            ),
        )
        .await;
    smtp.wait_for(4).await;

    // Two more would make four: refused, naming the invitee list, with nothing booked or sent.
    let (status, err) = app
        .api_as(
            "alice",
            Method::POST,
            "/api/v1/meetings",
            Some(&body("Second", &["eve@example.net", "fay@gmail.com"])),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["error"]["field"], "invitees", "{err}");
    assert_eq!(err["error"]["code"], "too_many_external_mails", "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("2 addresses outside example.org")
            && message.contains("already mailed 2")
            && message.contains("at most 3 per hour"),
        "{message}"
    );
    // The booking form says the same beside the invitee list and keeps what was typed.
    let r = app
        .book_form(
            "alice",
            &[
                ("subject", "Second"),
                ("description", "Agenda"),
                ("date", "2026-12-02"),
                ("time", "10:00"),
                ("duration_min", "60"),
                ("participants", "eve@example.net\nfay@gmail.com"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("at most 3 per hour"), "{html}");
    assert!(html.contains("fay@gmail.com"), "the list was lost: {html}");
    // An edit that would mail the meeting to its two outside invitees again is refused too;
    // an edit only insiders hear of, and a cancellation, are not.
    let id = first["id"].as_i64().unwrap();
    let mut moved = body(
        "First",
        &["ann@example.net", "dan@gmail.com", "bob@example.org"],
    );
    moved["start"] = json!((t0() + Duration::hours(26)).to_rfc3339());
    let (status, err) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&moved),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(app.meeting("alice", id).await["start"], first["start"]);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 4, "a refused change sent mail");

    // Inside addresses are not counted; one more outside one fits.
    app.book(
        "alice",
        &body(
            "Third",
            &["bob@example.org", "carl@sub.example.org", "gus@example.net"],
        ),
    )
    .await;
    smtp.wait_for(8).await;
    // Another organiser has a limit of their own.
    app.book("zoe", &body("Zoe's", &["ann@example.net", "dan@gmail.com"]))
        .await;
    smtp.wait_for(11).await;
    app.cancel("alice", id).await;
    smtp.wait_for(15).await;

    // An hour later the organiser may write outside again.
    app.advance(Duration::minutes(61));
    app.book(
        "alice",
        &body("Fourth", &["eve@example.net", "fay@gmail.com"]),
    )
    .await;
    smtp.wait_for(18).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.messages().len(), 18);
}

#[tokio::test]
async fn a_cancelled_meetings_page_says_so_and_takes_no_answer() {
    let app = spawn_app_with(|_| {}).await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let id = m["id"].as_i64().unwrap();
    let page = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let me = browser();
    let before = me.get(&page).send().await.unwrap().text().await.unwrap();
    app.api_as(
        "alice",
        Method::DELETE,
        &format!("/api/v1/meetings/{id}"),
        None,
    )
    .await;
    let html = me.get(&page).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("This meeting was cancelled: there is nothing to answer."));
    assert!(!html.contains("name=\"answer\""));
    // A form loaded before the cancellation is refused too.
    let r = me
        .post(&page)
        .form(&[
            ("csrf", extract_csrf(&before).as_str()),
            ("answer", "accept"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(partstat(&app, id, "bob@example.org").await, "needs-action");
}

#[tokio::test]
async fn unknown_or_forged_invitation_links_are_plain_404_pages() {
    let app = spawn_app_with(|_| {}).await;
    for path in [
        "/invitation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/invitation/short",
        "/invitation/%00%ff",
        "/meeting/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics",
        "/meeting/nothing",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }
    // A valid token from a real invitation does not make a forged link work either.
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let me = browser();
    let real = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let html = me.get(&real).send().await.unwrap().text().await.unwrap();
    let r = me
        .post(app.url("/invitation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .form(&[("csrf", extract_csrf(&html).as_str()), ("answer", "accept")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_meeting_file_is_a_plain_calendar_with_every_answer() {
    let app = spawn_app_with(|_| {}).await;
    let m = app.book("alice", &meeting_json("Café; 1,2", 24)).await;
    let bob = invitee(&m, "bob@example.org");
    let r = app
        .get(&app.path_of(bob["ics_url"].as_str().unwrap()))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/calendar; charset=utf-8"
    );
    let text = r.text().await.unwrap();
    let Some(cal) = ics_json(&text) else {
        return;
    };
    assert!(cal["method"].is_null(), "a download is not an iTIP message");
    assert_eq!(cal["events"][0]["summary"], "Café; 1,2");
    assert_eq!(cal["events"][0]["url"], bob["join_url"]);
    // A participant sees only themselves; a moderator sees everyone with their answer.
    assert_eq!(cal["events"][0]["attendees"].as_array().unwrap().len(), 1);
    let ann = invitee(&m, "ann@example.net");
    let text = app
        .get(&app.path_of(ann["ics_url"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    let cal = ics_json(&text).unwrap();
    assert_eq!(cal["events"][0]["attendees"].as_array().unwrap().len(), 2);
}

/// What the outbox holds: (status, attempts) per mail.
async fn queue_of(app: &TestApp) -> Vec<(String, u32)> {
    app.state
        .db
        .run(|c| jmb::store::outbox::list_mails(c, 100))
        .await
        .map(|rows: Vec<jmb::store::outbox::MailRow>| {
            rows.into_iter()
                .map(|r| (r.status.as_str().to_string(), r.attempts))
                .collect()
        })
        .unwrap()
}

async fn until(app: &TestApp, what: &str, ok: impl Fn(&[(String, u32)]) -> bool) {
    let done = crate::servers::poll_until(
        std::time::Duration::from_secs(10),
        std::time::Duration::from_millis(50),
        async || ok(&queue_of(app).await).then_some(()),
    )
    .await;
    if done.is_none() {
        panic!("{what}: {:?}", queue_of(app).await);
    }
}

#[tokio::test]
async fn mails_queued_during_an_smtp_outage_arrive_once_even_across_restarts() {
    let port = free_port();
    let app = spawn_app_with(smtp_on(port)).await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let (status, _) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{}", m["id"]),
            Some(&meeting_json("Weekly sync (moved)", 26)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    until(&app, "every mail tried once and queued again", |q| {
        q.len() == 6 && q.iter().all(|(s, a)| s == "queued" && *a == 1)
    })
    .await;

    // jmb stops; the SMTP server comes back; jmb starts again later.
    let (config, dir) = app.stop().await;
    let Some(smtp) = SmtpCapture::start_on(port).await else {
        return;
    };
    let app = spawn_app_on(config.clone(), dir.clone(), t0() + Duration::hours(1)).await;
    app.state.outbox.wake();
    let mails = smtp.wait_for(6).await;
    let mut kinds: Vec<(String, String)> = mails.iter().map(|m| (m.to(), m.subject())).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            (
                "alice@example.org".into(),
                "Meeting booked: Weekly sync".into()
            ),
            (
                "alice@example.org".into(),
                "Meeting changed: Weekly sync (moved)".into()
            ),
            (
                "ann@example.net".into(),
                "Invitation to moderate: Weekly sync".into()
            ),
            (
                "ann@example.net".into(),
                "Updated invitation to moderate: Weekly sync (moved)".into()
            ),
            ("bob@example.org".into(), "Invitation: Weekly sync".into()),
            (
                "bob@example.org".into(),
                "Updated invitation: Weekly sync (moved)".into()
            ),
        ]
    );
    until(&app, "all sent", |q| q.iter().all(|(s, _)| s == "sent")).await;

    // Another restart sends nothing again.
    let (config, dir) = app.stop().await;
    let app = spawn_app_on(config, Arc::clone(&dir), t0() + Duration::hours(3)).await;
    app.advance(Duration::hours(1));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 6);
}

#[tokio::test]
async fn a_mail_that_keeps_failing_is_marked_failed_and_can_be_retried() {
    let port = free_port();
    let app = spawn_app_with(|c| {
        smtp_on(port)(c);
        c.mail.max_attempts = 2;
    })
    .await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = json!([]);
    app.book("alice", &body).await;
    until(&app, "first attempt failed", |q| {
        q == [("queued".into(), 1)]
    })
    .await;
    app.advance(Duration::minutes(1));
    until(&app, "second and last attempt failed", |q| {
        q == [("failed".into(), 2)]
    })
    .await;

    // The operator sees it, fixes the relay and puts it back.
    let jmb = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("jmb")
            .unwrap()
            .args(args)
            .args(["--config", "conf-samples/jmb.toml"])
            .envs(crate::helpers::database_env(&app.config))
            // The sample's placeholder secrets are refused; these are the test's own.
            .env("JMB_JITSI_APP_SECRET", crate::helpers::SECRET)
            .env("JMB_HOOKS_SECRET", crate::prosody::HOOK_SECRET)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let listing = jmb(&["outbox"]);
    assert!(listing.contains("failed"), "{listing}");
    assert!(listing.contains("new/owner"), "{listing}");
    assert!(listing.contains("Connection refused"), "{listing}");
    assert!(jmb(&["outbox", "retry"]).starts_with("1 mail(s) back in the queue"));
    let Some(smtp) = SmtpCapture::start_on(port).await else {
        return;
    };
    app.advance(Duration::minutes(1));
    assert_eq!(smtp.wait_for(1).await[0].to(), "alice@example.org");
}

#[tokio::test]
async fn mail_goes_through_a_relay_that_requires_a_login() {
    let Some(smtp) = SmtpCapture::start_with_login("jmb", "s3cret").await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.smtp_user = "jmb".into();
        c.mail.smtp_password = jmb::config::Secret::new("s3cret");
    })
    .await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = json!([]);
    app.book("alice", &body).await;
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.auth_user.as_deref(), Some("jmb"));
}

#[tokio::test]
async fn mail_goes_over_starttls_and_implicit_tls_to_a_relay_with_a_private_ca() {
    let Some(ca) = TestCa::new() else {
        return;
    };
    for (mode, implicit) in [
        (jmb::config::SmtpTls::Starttls, false),
        (jmb::config::SmtpTls::Tls, true),
    ] {
        let Some(smtp) = SmtpCapture::start_tls(&ca, implicit).await else {
            return;
        };
        let app = spawn_app_with(|c| {
            smtp_on(smtp.port)(c);
            c.mail.smtp_host = "localhost".into();
            c.mail.smtp_tls = mode;
            c.mail.smtp_ca_file = ca.ca.clone();
        })
        .await;
        let mut body = meeting_json("Weekly sync", 24);
        body["invitees"] = json!([]);
        app.book("alice", &body).await;
        let mail = smtp.wait_for(1).await.remove(0);
        assert_eq!(mail.to(), "alice@example.org", "{mode:?}");
    }

    // Without the CA the relay's certificate is refused, and the mail waits with a hint.
    let Some(smtp) = SmtpCapture::start_tls(&ca, false).await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.smtp_host = "localhost".into();
        c.mail.smtp_tls = jmb::config::SmtpTls::Starttls;
    })
    .await;
    let mut body = meeting_json("Weekly sync", 24);
    body["invitees"] = json!([]);
    app.book("alice", &body).await;
    until(&app, "the TLS failure recorded", |q| {
        q == [("queued".into(), 1)]
    })
    .await;
    let rows = app
        .state
        .db
        .run(|c| jmb::store::outbox::list_mails(c, 10))
        .await
        .unwrap();
    let error = rows[0].last_error.clone().unwrap_or_default();
    assert!(error.contains("mail.smtp_ca_file"), "{error}");
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn a_refused_recipient_fails_at_once_and_the_others_are_delivered() {
    let Some(smtp) =
        SmtpCapture::start_with(0, vec!["--fail-rcpt".into(), "bob@example.org".into()]).await
    else {
        return;
    };
    let app = mail_app(&smtp).await;
    app.book("alice", &meeting_json("Weekly sync", 24)).await;
    let mails = smtp.wait_for(2).await;
    let mut to: Vec<String> = mails.iter().map(Captured::to).collect();
    to.sort();
    assert_eq!(to, ["alice@example.org", "ann@example.net"]);
    // A 5xx will not change by itself: no retries, the operator sees it at once.
    until(&app, "bob's mail failed for good", |q| {
        q.iter().filter(|(s, _)| s == "failed").count() == 1
            && q.iter().filter(|(s, _)| s == "sent").count() == 2
    })
    .await;
}
