use reqwest::StatusCode;

use crate::helpers::{meeting_json, spawn_app, spawn_app_with};

/// The value of one sample line, e.g. `jmb_meetings{status="scheduled"}`.
pub fn sample(body: &str, series: &str) -> Option<f64> {
    body.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.trim().parse().unwrap())
}

#[tokio::test]
async fn metrics_count_meetings_and_invitees_from_the_database() {
    let app = spawn_app().await;
    app.book("alice", &meeting_json("Today", 2)).await;
    let cancelled = app.book("alice", &meeting_json("Cancelled", 3)).await;
    app.book("alice", &meeting_json("Later", 48)).await;
    app.cancel("alice", &cancelled["id"]).await;

    let r = app.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let body = r.text().await.unwrap();
    let v = |s: &str| sample(&body, s).unwrap_or_else(|| panic!("no {s} in\n{body}"));
    assert_eq!(v(r#"jmb_meetings{status="scheduled"}"#), 2.0);
    assert_eq!(v(r#"jmb_meetings{status="cancelled"}"#), 1.0);
    assert_eq!(v(r#"jmb_meetings{status="in-progress"}"#), 0.0);
    assert_eq!(v(r#"jmb_meetings{status="completed"}"#), 0.0);
    assert_eq!(v("jmb_meetings_today"), 1.0);
    assert_eq!(v(r#"jmb_invitees{partstat="needs-action"}"#), 6.0);
    assert_eq!(v(r#"jmb_invitees{partstat="accepted"}"#), 0.0);
    assert_eq!(v(r#"jmb_invitees{partstat="declined"}"#), 0.0);
    assert_eq!(v("jmb_participants_in_rooms"), 0.0);
    assert_eq!(v("jmb_rooms_in_progress"), 0.0);
    assert_eq!(v(r#"jmb_reminders{state="pending"}"#), 0.0);
    // What `jmb stats` summarises comes from the same snapshot.
    assert_eq!(v("jmb_meetings_upcoming"), 2.0);
    assert_eq!(v("jmb_reminders_due"), 0.0);
    assert!(v("jmb_database_bytes") > 0.0);

    // 3 bookings and a cancellation: 12 mails, which the worker writes out (file transport).
    let sent = |body: &str| sample(body, r#"jmb_outbox_mails{status="sent"}"#) == Some(12.0);
    let body = match crate::servers::poll_until(
        std::time::Duration::from_secs(5),
        std::time::Duration::from_millis(50),
        async || {
            let body = app.get("/metrics").await.text().await.unwrap();
            sent(&body).then_some(body)
        },
    )
    .await
    {
        Some(body) => body,
        None => app.get("/metrics").await.text().await.unwrap(),
    };
    assert_eq!(
        sample(&body, r#"jmb_outbox_mails{status="sent"}"#),
        Some(12.0),
        "{body}"
    );
    assert_eq!(
        sample(&body, r#"jmb_outbox_mails{status="queued"}"#),
        Some(0.0)
    );
    assert_eq!(
        sample(&body, r#"jmb_outbox_mails{status="failed"}"#),
        Some(0.0)
    );

    // "Today" is the configured time zone's day: at 23:30 UTC it is tomorrow in Paris.
    app.clock
        .set(crate::helpers::t0() + chrono::Duration::minutes(15 * 60 + 30));
    let body = app.get("/metrics").await.text().await.unwrap();
    assert_eq!(sample(&body, "jmb_meetings_today"), Some(0.0), "{body}");
}

#[tokio::test]
async fn http_requests_are_counted_by_route_pattern_and_never_by_hash() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Sync", 2)).await;
    let join = m["invitees"][0]["join_url"].as_str().unwrap().to_string();
    let hash = join.rsplit('/').next().unwrap().to_string();
    assert_eq!(app.get(&app.path_of(&join)).await.status(), StatusCode::OK);
    for _ in 0..2 {
        let r = app.get("/join/NoSuchLinkNoSuchLink").await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    app.get_as("alice", &format!("/booking/{}", m["id"])).await;
    app.get("/no/such/page/Secret0123456789").await;

    let body = app.get("/metrics").await.text().await.unwrap();
    assert!(
        !body.contains(&hash),
        "a personal link leaked into labels:\n{body}"
    );
    assert!(
        !body.contains("NoSuchLink") && !body.contains("Secret0123456789"),
        "{body}"
    );
    let v = |s: &str| sample(&body, s).unwrap_or_else(|| panic!("no {s} in\n{body}"));
    assert_eq!(
        v(r#"jmb_http_requests_total{route="/api/v1/meetings",method="POST",status="201"}"#),
        1.0
    );
    assert_eq!(
        v(r#"jmb_http_requests_total{route="/join/{hash}",method="GET",status="200"}"#),
        1.0
    );
    assert_eq!(
        v(r#"jmb_http_requests_total{route="/join/{hash}",method="GET",status="404"}"#),
        2.0
    );
    assert_eq!(
        v(r#"jmb_http_requests_total{route="/booking/{id}",method="GET",status="200"}"#),
        1.0
    );
    assert_eq!(
        v(r#"jmb_http_requests_total{route="unmatched",method="GET",status="404"}"#),
        1.0
    );
    assert_eq!(
        v(r#"jmb_http_request_duration_seconds_count{route="/join/{hash}"}"#),
        3.0
    );
    assert_eq!(
        v(r#"jmb_http_request_duration_seconds_bucket{route="/join/{hash}",le="+Inf"}"#),
        3.0
    );
}

#[tokio::test]
async fn metrics_are_refused_to_peers_outside_the_allowed_networks() {
    let app =
        spawn_app_with(|c| c.server.metrics_allowed = vec!["192.0.2.0/24".parse().unwrap()]).await;
    assert_eq!(app.get("/metrics").await.status(), StatusCode::FORBIDDEN);
}
