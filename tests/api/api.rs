use reqwest::Method;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{meeting_json, spawn_app};

#[tokio::test]
async fn the_api_creates_a_meeting_in_the_documented_shape() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Weekly sync", 24)).await;
    assert!(m["id"].as_i64().unwrap() > 0);
    assert!(m["room"].as_str().unwrap().starts_with("weekly-sync-"));
    assert_eq!(m["subject"], "Weekly sync");
    assert_eq!(m["description"], "Agenda: everything");
    assert_eq!(m["owner"], "alice");
    assert_eq!(m["start"], "2026-12-02T08:00:00Z");
    assert_eq!(m["end"], "2026-12-02T09:00:00Z");
    assert_eq!(m["duration_min"], 60);
    assert_eq!(m["status"], "scheduled");
    assert_eq!(m["sequence"], 0);
    assert_eq!(m["owner_url"], format!("{}/token/{}", app.base, m["id"]));
    let ann = &m["invitees"][0];
    assert_eq!(ann["email"], "ann@example.net");
    assert_eq!(ann["name"], "Ann Moderator");
    assert_eq!(ann["role"], "moderator");
    assert_eq!(ann["partstat"], "needs-action");
    let hash = ann["join_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        ann["invitation_url"],
        format!("{}/invitation/{hash}", app.base)
    );
    assert_eq!(ann["ics_url"], format!("{}/meeting/{hash}.ics", app.base));
    assert_eq!(m["invitees"][1]["role"], "participant");

    let (status, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], m["id"]);
}

#[tokio::test]
async fn the_default_duration_applies_when_none_is_given() {
    let app = spawn_app().await;
    let mut body = meeting_json("No duration", 5);
    body.as_object_mut().unwrap().remove("duration_min");
    let m = app.book("alice", &body).await;
    assert_eq!(m["duration_min"], 60);
}

#[tokio::test]
async fn invalid_fields_are_422_errors_that_name_the_field() {
    let app = spawn_app().await;
    let cases = [
        ("subject", json!(""), "subject", "required"),
        (
            "start",
            json!("2026-11-01T10:00:00Z"),
            "start",
            "start_in_past",
        ),
        ("start", json!("tomorrow"), "start", "invalid_datetime"),
        ("duration_min", json!(5), "duration_min", "out_of_range"),
        ("room", json!("Bad Room!"), "room", "invalid_room"),
        (
            "invitees",
            json!([{"email": "x@example.org"}, {"email": "X@example.org"}]),
            "invitees[1].email",
            "duplicate_invitee",
        ),
        (
            "invitees",
            json!([{"email": "nope"}]),
            "invitees[0].email",
            "invalid_email",
        ),
        (
            "invitees",
            json!([{"email": "a@example.org", "role": "king"}]),
            "invitees[0].role",
            "invalid_role",
        ),
    ];
    for (key, value, field, code) in cases {
        let mut body = meeting_json("Bad", 5);
        body[key] = value;
        let (status, err) = app
            .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{key}: {err}");
        assert_eq!(err["error"]["field"], field, "{err}");
        assert_eq!(err["error"]["code"], code, "{err}");
        assert!(err["error"]["message"].as_str().unwrap().len() > 5);
    }
    let (_, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn malformed_json_is_a_400_naming_the_field() {
    let app = spawn_app().await;
    let mut body = meeting_json("Types", 5);
    body["duration_min"] = json!("sixty");
    let (status, err) = app
        .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["field"], "duration_min", "{err}");

    let mut body = meeting_json("Missing", 5);
    body.as_object_mut().unwrap().remove("start");
    let (status, err) = app
        .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["field"], "start", "{err}");

    let mut body = meeting_json("Unknown", 5);
    body["colour"] = json!("red");
    let (status, err) = app
        .api_as("alice", Method::POST, "/api/v1/meetings", Some(&body))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["error"]["message"].as_str().unwrap().contains("colour"));

    let r = app
        .client
        .post(app.url("/api/v1/meetings"))
        .header("X-Remote-User", "alice")
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["code"], "bad_request");
}

#[tokio::test]
async fn updates_replace_the_meeting_and_raise_the_sequence() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Before", 5)).await;
    let id = m["id"].as_i64().unwrap();
    let mut body = meeting_json("After", 6);
    body["invitees"] = json!([{"email": "ann@example.net", "role": "participant"}]);
    let (status, after) = app
        .api_as(
            "alice",
            Method::PUT,
            &format!("/api/v1/meetings/{id}"),
            Some(&body),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["subject"], "After");
    assert_eq!(after["sequence"], 1);
    assert_eq!(
        after["room"], m["room"],
        "the room is kept when none is given"
    );
    assert_eq!(after["invitees"].as_array().unwrap().len(), 1);
    assert_eq!(after["invitees"][0]["role"], "participant");
    assert_eq!(
        after["invitees"][0]["join_url"],
        m["invitees"][0]["join_url"]
    );
}

#[tokio::test]
async fn invitees_are_added_and_removed_one_by_one() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Invitees", 5)).await;
    let id = m["id"].as_i64().unwrap();
    let (status, added) = app
        .api_as(
            "alice",
            Method::POST,
            &format!("/api/v1/meetings/{id}/invitees"),
            Some(&json!({"email": "Zoe@Example.org", "name": "Zoé", "role": "moderator"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["email"], "zoe@example.org");
    assert_eq!(added["role"], "moderator");
    let (status, dup) = app
        .api_as(
            "alice",
            Method::POST,
            &format!("/api/v1/meetings/{id}/invitees"),
            Some(&json!({"email": "zoe@example.org"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(dup["error"]["field"], "email");

    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("/api/v1/meetings/{id}/invitees/{}", added["id"]),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let now = app.meeting("alice", id).await;
    assert_eq!(now["invitees"].as_array().unwrap().len(), 2);
    let (status, _) = app
        .api_as(
            "alice",
            Method::DELETE,
            &format!("/api/v1/meetings/{id}/invitees/424242"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn other_users_get_403_and_unknown_ids_404_in_json() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Private", 5)).await;
    let id = m["id"].as_i64().unwrap();
    let path = format!("/api/v1/meetings/{id}");
    let (status, err) = app.api_as("mallory", Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["error"]["code"], "not_owner");
    let (status, _) = app
        .api_as(
            "mallory",
            Method::PUT,
            &path,
            Some(&meeting_json("Hijack", 5)),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.api_as("mallory", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.meeting("alice", id).await["subject"], "Private");

    // Bob is invited: he may read, sees only his own links, and may not change anything.
    let (status, seen) = app.api_as("bob", Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(seen["owner_url"].is_null());
    assert!(seen["invitees"][0]["join_url"].is_null(), "{seen}");
    assert!(seen["invitees"][1]["join_url"].is_string());
    let (status, _) = app.api_as("bob", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, err) = app
        .api_as("alice", Method::GET, "/api/v1/meetings/987654", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["error"]["code"], "not_found");
    let (status, _) = app
        .api_as("alice", Method::GET, "/api/v1/nothing-here", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.api_as("alice", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = app.api_as("alice", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
}
