use chrono::Duration;
use jmb::jitsi::jwt::Claims;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    JITSI_URL, SECRET, TestApp, invitee, location, meeting_json, spawn_app, spawn_app_with, t0,
};

pub fn claims(token: &str) -> Claims {
    let header = decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::HS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&["jitsi"]);
    // The test clock is not the wall clock: check nbf/exp by hand below.
    v.validate_exp = false;
    v.validate_nbf = false;
    v.required_spec_claims.clear();
    decode::<Claims>(token, &DecodingKey::from_secret(SECRET.as_bytes()), &v)
        .expect("signed with the app secret")
        .claims
}

/// The room a Jitsi URL the app redirected to leads into.
pub fn room_of(url: &str) -> String {
    let rest = url
        .strip_prefix(&format!("{JITSI_URL}/"))
        .unwrap_or_else(|| panic!("{url} is not on the Jitsi site"));
    rest.split('?').next().unwrap_or(rest).to_string()
}

pub fn token_of(url: &str, room: &str) -> Option<String> {
    let prefix = format!("{JITSI_URL}/{room}");
    let rest = url
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} is not the room"));
    if rest.is_empty() {
        None
    } else {
        Some(
            rest.strip_prefix("?jwt=")
                .expect("only a jwt parameter")
                .to_string(),
        )
    }
}

async fn booked(app: &TestApp, hours: i64) -> Value {
    app.book("alice", &meeting_json("Token check", hours)).await
}

#[tokio::test]
async fn the_owner_is_redirected_into_the_room_with_a_moderator_token() {
    let app = spawn_app().await;
    let m = booked(&app, 1).await;
    let room = m["room"].as_str().unwrap();
    // The meeting starts at t0+1h; the link opens 15 minutes before.
    app.clock.set(t0() + Duration::minutes(50));
    let r = app.get_as("alice", &format!("/token/{}", m["id"])).await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let token = token_of(&location(&r), room).expect("a token");
    let c = claims(&token);
    assert_eq!(c.iss, "jmb");
    assert_eq!(c.aud, "jitsi");
    assert_eq!(c.sub, "meet.example.org");
    assert_eq!(c.room, room);
    assert_eq!(c.iat, (t0() + Duration::minutes(50)).timestamp());
    assert_eq!(c.nbf, (t0() + Duration::minutes(45)).timestamp());
    assert_eq!(c.exp, (t0() + Duration::minutes(120)).timestamp());
    assert!(c.moderator);
    assert!(c.context.user.moderator);
    assert_eq!(c.context.user.affiliation, "owner");
    assert!(c.context.user.lobby_bypass);
    assert_eq!(c.context.user.id, "alice");
    assert_eq!(c.context.user.email, "alice@example.org");
}

#[tokio::test]
async fn moderators_get_a_moderator_token_and_participants_none() {
    let app = spawn_app().await;
    let m = booked(&app, 1).await;
    let room = m["room"].as_str().unwrap();
    app.clock.set(t0() + Duration::minutes(60));

    let ann = invitee(&m, "ann@example.net");
    let r = app
        .get(&app.path_of(ann["join_url"].as_str().unwrap()))
        .await;
    assert_eq!(r.status(), StatusCode::FOUND);
    let c = claims(&token_of(&location(&r), room).expect("moderators get a token"));
    assert!(c.moderator && c.context.user.moderator);
    assert_eq!(c.context.user.affiliation, "owner");
    assert_eq!(c.context.user.id, ann["id"].to_string());
    assert_eq!(c.context.user.email, "ann@example.net");
    assert_eq!(c.context.user.name, "Ann Moderator");

    let bob = invitee(&m, "bob@example.org");
    let r = app
        .get(&app.path_of(bob["join_url"].as_str().unwrap()))
        .await;
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(
        token_of(&location(&r), room),
        None,
        "participants join without a token"
    );
}

#[tokio::test]
async fn with_guest_tokens_participants_get_a_token_that_is_not_a_moderators() {
    let app = spawn_app_with(|c| c.jitsi.guest_token = true).await;
    let m = booked(&app, 1).await;
    app.clock.set(t0() + Duration::minutes(60));
    let bob = invitee(&m, "bob@example.org");
    let r = app
        .get(&app.path_of(bob["join_url"].as_str().unwrap()))
        .await;
    let c = claims(&token_of(&location(&r), m["room"].as_str().unwrap()).expect("a guest token"));
    assert!(!c.moderator);
    assert!(!c.context.user.moderator);
    assert_eq!(c.context.user.affiliation, "member");
    assert!(!c.context.user.lobby_bypass);
    assert_eq!(c.context.user.email, "bob@example.org");
}

#[tokio::test]
async fn outside_the_window_or_when_cancelled_the_link_shows_a_page() {
    let app = spawn_app_with(|c| c.jitsi.join_after_min = 10).await;
    let m = booked(&app, 2).await;
    let ann = app.path_of(invitee(&m, "ann@example.net")["join_url"].as_str().unwrap());

    // Too early: the start is t0+2h (11:00 Paris); it opens at 10:45.
    let r = app.get(&ann).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("not open yet"), "{html}");
    assert!(html.contains("Tuesday 1 December 2026, 10:45"), "{html}");
    let r = app.get_as("alice", &format!("/token/{}", m["id"])).await;
    assert_eq!(r.status(), StatusCode::OK, "the owner is held back too");

    // Exactly at the opening minute it lets people in.
    app.clock.set(t0() + Duration::minutes(105));
    assert_eq!(app.get(&ann).await.status(), StatusCode::FOUND);
    // Still open 9 minutes after the end (join_after_min = 10)…
    app.clock.set(t0() + Duration::minutes(189));
    assert_eq!(app.get(&ann).await.status(), StatusCode::FOUND);
    // …and over after that.
    app.clock.set(t0() + Duration::minutes(190));
    let r = app.get(&ann).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("This meeting is over."));

    // Cancelled.
    app.clock.set(t0());
    app.cancel("alice", &m["id"]).await;
    app.clock.set(t0() + Duration::minutes(120));
    let r = app.get(&ann).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("This meeting was cancelled.")
    );
}

#[tokio::test]
async fn unknown_and_malformed_hashes_are_plain_404_pages() {
    let app = spawn_app().await;
    booked(&app, 1).await;
    for path in [
        "/join/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/join/short",
        "/join/%00%ff%fe",
        "/join/..%2F..%2Fetc%2Fpasswd",
        "/join/' OR 1=1 --",
        &format!("/join/{}", "a".repeat(5000)),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("This link is not valid"), "{path}: {html}");
    }
}

#[tokio::test]
async fn personal_links_carry_at_least_128_random_bits() {
    let app = spawn_app().await;
    let m = booked(&app, 1).await;
    let mut seen = std::collections::HashSet::new();
    for i in m["invitees"].as_array().unwrap() {
        let url = i["join_url"].as_str().unwrap();
        let hash = url.rsplit('/').next().unwrap();
        assert_eq!(hash.len(), 43, "32 bytes in base64url");
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert!(seen.insert(hash.to_string()));
    }
}
