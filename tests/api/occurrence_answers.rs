//! Answers to one occurrence of a series (issue #17 item 5, issue #18 RECURRENCE-ID): on the
//! invitation page, in the owner's JSON, in feeds (override VEVENTs read back by Python's
//! recurring_ical_events), in the owner's mail and webhooks, and from a mail client's REPLY
//! over LMTP.

use jmb::config::{Secret, WebhookConfig};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;
use crate::replies::{Client, to};
use crate::servers::{REPLY_DOMAIN, SmtpCapture, poll_until};

/// The second Tuesday of the series: 10:00 in Paris on 8 December 2026.
const TUESDAY: &str = "2026-12-08T09:00:00Z";

/// A weekly series on Tuesdays at 10:00 Paris from the test clock's Tuesday, with Ann
/// (moderator) and Bob (participant).
fn weekly(count: i64) -> Value {
    let mut body = meeting_json("Seminar", 1);
    body["recurrence"] = json!({"freq": "weekly", "by_day": ["TU"], "count": count});
    body
}

fn occurrence_answers(m: &Value, email: &str) -> Value {
    invitee(m, email)["occurrence_answers"].clone()
}

/// The answer the invitation page shows beside occurrence `rid`.
fn answer_shown(html: &str, rid: &str) -> String {
    let at = html
        .find(&format!("name=\"recurrence_id\" value=\"{rid}\""))
        .unwrap_or_else(|| panic!("no row for {rid} in {html}"));
    let rest = &html[at..];
    let class = rest.find("class=\"partstat-").unwrap() + "class=\"partstat-".len();
    rest[class..class + rest[class..].find('"').unwrap()].to_string()
}

/// `path`'s occurrences as recurring_ical_events expands them: `START address=PARTSTAT…`.
fn expand_with_answers(ics: &str) -> Vec<String> {
    let support = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let run = std::process::Command::new(support.join(".venv/bin/python"))
        .arg(support.join("expand_partstat.py"))
        .arg(&file)
        .output()
        .expect("python with recurring_ical_events");
    assert!(
        run.status.success(),
        "{}\n{ics}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Bob's answer in each expanded occurrence (`START` → PARTSTAT).
fn bobs(lines: &[String]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| {
            let start = l.split(' ').next().unwrap().to_string();
            let bob = l
                .split(' ')
                .find_map(|a| a.strip_prefix("bob@example.org="))
                .unwrap_or_else(|| panic!("no Bob in {l}"))
                .to_string();
            (start, bob)
        })
        .collect()
}

/// The address of `user`'s calendar feed, as their feed page shows it.
async fn feed_url(app: &TestApp, user: &str) -> String {
    let (status, html) = app.text_as(user, "/ical").await;
    assert_eq!(status, StatusCode::OK);
    let marker = "id=\"feed-url\" readonly value=\"";
    let start = html.find(marker).expect("the feed address") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// `user`'s calendar feed.
async fn feed_of(app: &TestApp, user: &str) -> String {
    let url = feed_url(app, user).await;
    app.client
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

fn count(app: &TestApp, sql: &str) -> i64 {
    query_i64(&app.config, sql)
}

#[tokio::test]
async fn declining_one_tuesday_on_the_page_shows_in_the_api_the_page_the_feed_the_mail_and_the_webhook()
 {
    let Some(smtp) = SmtpCapture::start().await else {
        return;
    };
    let app = spawn_app_with(|c| {
        smtp_on(smtp.port)(c);
        c.mail.answer_notice_delay_min = 0;
        // A site endpoint that wants answers: the events are written, whether or not it
        // is reached.
        c.webhooks = vec![WebhookConfig {
            url: "http://127.0.0.1:9/answers".into(),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            events: vec!["invitee.answered".into()],
        }];
        c.webhook_delivery.allow_networks = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    let m = app.book("alice", &weekly(10)).await;
    let id = m["id"].as_i64().unwrap();
    smtp.wait_for(3).await;
    let page = invitee(&m, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();

    // Bob accepts the series, then declines one Tuesday with that Tuesday's own buttons.
    app.answer(&m, "bob@example.org", "accept").await;
    let html = browser().get(&page).send().await.unwrap().text().await;
    let html = html.unwrap();
    assert_eq!(answer_shown(&html, TUESDAY), "accepted", "{html}");
    assert_eq!(html.matches("name=\"recurrence_id\"").count(), 8, "{html}");
    // A calendar polling Bob's feed in the same second as his answer to the series.
    let bobs_feed = feed_url(&app, "bob").await;
    let polled = app.client.get(&bobs_feed).send().await.unwrap();
    let etag = polled.headers()[reqwest::header::ETAG].clone();
    let (status, _) = answer_occurrence(&page, TUESDAY, "decline").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The feed's version rose: the next poll gets the new feed, not a 304.
    let again = app
        .client
        .get(&bobs_feed)
        .header(reqwest::header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "a 304 would keep the old feed"
    );
    let text = again.text().await.unwrap();
    assert!(
        text.contains("RECURRENCE-ID;TZID=Europe/Paris:20261208T100000"),
        "{text}"
    );

    // The owner's JSON: the series accepted, that Tuesday declined; Ann answered nothing.
    let m = app.meeting("alice", id).await;
    assert_eq!(invitee(&m, "bob@example.org")["partstat"], "accepted");
    assert_eq!(
        occurrence_answers(&m, "bob@example.org"),
        json!([{"recurrence_id": TUESDAY, "answer": "declined"}]),
        "{m}"
    );
    assert_eq!(occurrence_answers(&m, "ann@example.net"), json!([]));
    // Described in the OpenAPI document, as is the webhook's recurrence_id.
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let invitee_schema = &doc["components"]["schemas"]["InviteeJson"]["properties"];
    assert!(invitee_schema.get("occurrence_answers").is_some(), "{doc}");
    let event_schema = &doc["components"]["schemas"]["EventData"]["properties"];
    assert!(event_schema.get("recurrence_id").is_some(), "{doc}");

    // The page shows both: that Tuesday declined, the next one accepted.
    let html = browser().get(&page).send().await.unwrap().text().await;
    let html = html.unwrap();
    assert_eq!(answer_shown(&html, TUESDAY), "declined");
    assert_eq!(answer_shown(&html, "2026-12-15T09:00:00Z"), "accepted");

    // The owner's feed: an override for that Tuesday only, Bob DECLINED in it.
    let feed = feed_of(&app, "alice").await;
    let unfolded = feed.replace("\r\n ", "");
    assert_eq!(
        unfolded
            .matches("RECURRENCE-ID;TZID=Europe/Paris:20261208T100000")
            .count(),
        1,
        "{feed}"
    );
    let expanded = bobs(&expand_with_answers(&feed));
    assert_eq!(expanded.len(), 10, "{expanded:?}");
    for (start, answer) in &expanded {
        let expected = if start == "20261208T090000Z" {
            "DECLINED"
        } else {
            "ACCEPTED"
        };
        assert_eq!(answer, expected, "{start}: {expanded:?}");
    }
    // Bob's own calendar file says the same.
    let ics = app
        .get(&app.path_of(invitee(&m, "bob@example.org")["ics_url"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    let mine = bobs(&expand_with_answers(&ics));
    assert_eq!(mine, expanded);

    // The owner is told, the occurrence named; the webhook says which occurrence.
    smtp.wait_for(5).await;
    let news = smtp.to("alice@example.org");
    let subjects: Vec<String> = news.iter().map(|n| n.subject()).collect();
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("declined") && s.contains("8 December 2026")),
        "{subjects:?}"
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM webhook_event WHERE type = 'invitee.answered' \
                 AND payload LIKE '%\"recurrence_id\":\"{TUESDAY}\"%' \
                 AND payload LIKE '%\"partstat\":\"declined\"%'"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM webhook_event WHERE type = 'invitee.answered' \
             AND payload LIKE '%\"recurrence_id\":null%'"
        ),
        1,
        "the series answer's recurrence_id is null"
    );

    // A time that is no Tuesday of the series, a one-off meeting: a clear error, nothing
    // recorded.
    let one_off = app.book("alice", &meeting_json("Once", 3)).await;
    assert!(
        invitee(&one_off, "bob@example.org")
            .get("occurrence_answers")
            .is_none()
    );
    let before = count(&app, "SELECT COUNT(*) FROM occurrence_answer");
    let (status, html) = answer_occurrence(&page, "2026-12-09T09:00:00Z", "accept").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("This is not a date of the meeting") && html.contains("role=\"alert\""),
        "{html}"
    );
    let once = invitee(&one_off, "bob@example.org")["invitation_url"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = answer_occurrence(&once, TUESDAY, "accept").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = answer_occurrence(&page, "next tuesday", "accept").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A cancelled occurrence cannot be answered either.
    let (status, _) = app
        .api_as(
            "alice",
            reqwest::Method::DELETE,
            &format!("/api/v1/meetings/{id}/occurrences/2026-12-22T09:00:00Z"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = answer_occurrence(&page, "2026-12-22T09:00:00Z", "decline").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("was cancelled"), "{html}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM occurrence_answer"),
        before
    );

    // Answering the series again keeps the declined Tuesday (RFC 5546: a REPLY to the
    // master speaks for the instances without their own answer).
    app.answer(&m, "bob@example.org", "maybe").await;
    let m = app.meeting("alice", id).await;
    assert_eq!(invitee(&m, "bob@example.org")["partstat"], "tentative");
    assert_eq!(
        occurrence_answers(&m, "bob@example.org"),
        json!([{"recurrence_id": TUESDAY, "answer": "declined"}])
    );

    // The series changes: the REQUEST Bob's calendar gets keeps his declined Tuesday (an
    // override without which his client would forget it).
    let mut body = weekly(10);
    body["subject"] = json!("Seminar in room 2");
    let (status, _) = app
        .api_as(
            "alice",
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let update = poll_until(
        std::time::Duration::from_secs(20),
        std::time::Duration::from_millis(200),
        async || {
            smtp.to("bob@example.org")
                .into_iter()
                .find(|m| m.subject().contains("room 2"))
        },
    )
    .await
    .expect("Bob's update mail");
    let parts = update.calendar_parts();
    assert_eq!(parts[0].0.to_uppercase(), "REQUEST");
    let requested = bobs(&expand_with_answers(&parts[0].2));
    assert_eq!(requested.len(), 9, "{requested:?}");
    for (start, answer) in &requested {
        let expected = if start == "20261208T090000Z" {
            "DECLINED"
        } else {
            "TENTATIVE"
        };
        assert_eq!(answer, expected, "{start}: {requested:?}");
    }

    // Three days in a row instead: 8 December is no occurrence any more, nor its answer.
    body["recurrence"] = json!({"freq": "daily", "count": 3});
    let (status, m) = app
        .api_as(
            "alice",
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(occurrence_answers(&m, "bob@example.org"), json!([]), "{m}");
}

/// A Thunderbird/Lightning REPLY for one occurrence, as Lightning writes it: the override
/// alone, `RECURRENCE-ID;TZID=…` in local time, with its VTIMEZONE.
fn lightning_reply(uid: &str, token: &str, local: &str, partstat: &str) -> Vec<u8> {
    let ics = format!(
        "BEGIN:VCALENDAR\r\n\
PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n\
VERSION:2.0\r\n\
METHOD:REPLY\r\n\
BEGIN:VTIMEZONE\r\n\
TZID:Europe/Paris\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n\
END:STANDARD\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n\
END:DAYLIGHT\r\n\
END:VTIMEZONE\r\n\
BEGIN:VEVENT\r\n\
CREATED:20261201T080000Z\r\n\
LAST-MODIFIED:20261201T090000Z\r\n\
DTSTAMP:20261201T090000Z\r\n\
UID:{uid}\r\n\
SUMMARY:Seminar\r\n\
ORGANIZER;CN=Alice:mailto:meetings+{token}@{REPLY_DOMAIN}\r\n\
ATTENDEE;RSVP=TRUE;PARTSTAT={partstat};ROLE=REQ-PARTICIPANT:mailto:bob@example.org\r\n\
RECURRENCE-ID;TZID=Europe/Paris:{local}\r\n\
DTSTART;TZID=Europe/Paris:{local}\r\n\
DTEND;TZID=Europe/Paris:{local_end}\r\n\
SEQUENCE:0\r\n\
X-MOZ-RECEIVED-SEQUENCE:0\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n",
        local_end = local.replace("T100000", "T110000"),
    );
    format!(
        "Message-ID: <{local}.occ@example.org>\r\n\
Date: Tue, 1 Dec 2026 10:00:00 +0100\r\n\
MIME-Version: 1.0\r\n\
User-Agent: Mozilla Thunderbird\r\n\
From: Bob <bob@example.org>\r\n\
To: Alice <meetings+{token}@{REPLY_DOMAIN}>\r\n\
Subject: Declined: Seminar\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
\r\n\
Bob has replied to your invitation.\r\n\
--b1\r\n\
Content-Type: text/calendar; method=REPLY; charset=UTF-8\r\n\
\r\n\
{ics}\
--b1--\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_lightning_reply_with_recurrence_id_over_lmtp_answers_that_occurrence_only() {
    const TOKEN: &str = "b2NjdXJyZW5jZS1hbnN3ZXJzLXRlc3Qtb25seS1vayE";
    const UID: &str = "jmb-occ-7@booking.example.org";
    let mut socket = std::path::PathBuf::new();
    let app = spawn_app_with(|c| {
        socket = c.database.path.with_file_name("lmtp.sock");
        c.mail.reply_address = format!("meetings@{REPLY_DOMAIN}");
        c.mail.lmtp_listen = format!("unix:{}", socket.display());
    })
    .await;
    let m = app.book("alice", &weekly(10)).await;
    let id = m["id"].as_i64().unwrap();
    app.answer(&m, "bob@example.org", "accept").await;
    execute_sql(
        &app.config,
        "UPDATE meeting SET uid = $1 WHERE id = $2",
        &[&UID, &id],
    );
    let digest = jmb::domain::hash::digest(TOKEN);
    execute_sql(
        &app.config,
        "UPDATE reply_token SET token = $1, token_digest = $2 \
         WHERE invitee_id = (SELECT id FROM invitee WHERE email = 'bob@example.org')",
        &[&TOKEN, &digest],
    );
    let stream = tokio::net::UnixStream::connect(&socket).await.unwrap();
    let mut client = Client::new(stream).await;
    assert_eq!(client.say("LHLO mx.example.org").await, "250");

    // Lightning declines Tuesday 8 December, 10:00 in Paris.
    let reply = lightning_reply(UID, TOKEN, "20261208T100000", "DECLINED");
    let (rcpt, delivered) = client.send(&[to(TOKEN)], &reply).await;
    assert_eq!((rcpt, delivered), (vec!["250".into()], vec!["250".into()]));
    let m = app.meeting("alice", id).await;
    assert_eq!(invitee(&m, "bob@example.org")["partstat"], "accepted");
    assert_eq!(
        occurrence_answers(&m, "bob@example.org"),
        json!([{"recurrence_id": TUESDAY, "answer": "declined"}]),
        "{m}"
    );
    let feed = feed_of(&app, "alice").await;
    for (start, answer) in bobs(&expand_with_answers(&feed)) {
        let expected = if start == "20261208T090000Z" {
            "DECLINED"
        } else {
            "ACCEPTED"
        };
        assert_eq!(answer, expected, "{start}");
    }

    // A Wednesday is no occurrence: taken (the MTA must not retry) and dropped.
    let reply = lightning_reply(UID, TOKEN, "20261209T100000", "TENTATIVE");
    let (_, delivered) = client.send(&[to(TOKEN)], &reply).await;
    assert_eq!(delivered, vec!["250".to_string()]);
    let after = app.meeting("alice", id).await;
    assert_eq!(
        occurrence_answers(&after, "bob@example.org"),
        occurrence_answers(&m, "bob@example.org"),
        "nothing recorded"
    );
    assert_eq!(invitee(&after, "bob@example.org")["partstat"], "accepted");
    assert_eq!(client.say("QUIT").await, "221");
}
