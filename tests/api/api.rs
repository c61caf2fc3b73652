use reqwest::Method;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{invitee, meeting_json, spawn_app};

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
async fn strangers_get_the_same_404_as_for_an_unknown_id_and_invitees_a_403_in_json() {
    let app = spawn_app().await;
    let m = app.book("alice", &meeting_json("Private", 5)).await;
    let id = m["id"].as_i64().unwrap();
    let bob_id = invitee(&m, "bob@example.org")["id"].as_i64().unwrap();
    let path = format!("/api/v1/meetings/{id}");
    let (_, unknown) = app
        .api_as("alice", Method::GET, "/api/v1/meetings/987654", None)
        .await;
    assert_eq!(unknown["error"]["code"], "not_found");
    let new_invitee = json!({"email": "eve@example.org"});
    for (method, p, body) in [
        (Method::GET, path.clone(), None),
        (Method::PUT, path.clone(), Some(meeting_json("Hijack", 5))),
        (Method::DELETE, path.clone(), None),
        (
            Method::POST,
            format!("{path}/invitees"),
            Some(new_invitee.clone()),
        ),
        (Method::DELETE, format!("{path}/invitees/{bob_id}"), None),
        (Method::GET, format!("{path}/attendance"), None),
    ] {
        let (status, err) = app
            .api_as("mallory", method.clone(), &p, body.as_ref())
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {p}: {err}");
        assert_eq!(err, unknown, "{method} {p} tells a meeting from no meeting");
    }
    let seen = app.meeting("alice", id).await;
    assert_eq!(seen["subject"], "Private");
    assert_eq!(seen["invitees"].as_array().unwrap().len(), 2);

    // Bob is invited: he may read, sees only himself, and may not change anything.
    let (status, seen) = app.api_as("bob", Method::GET, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(seen["owner_url"].is_null());
    assert_eq!(seen["invitees"].as_array().unwrap().len(), 1, "{seen}");
    assert!(seen["invitees"][0]["join_url"].is_string());
    let (status, err) = app.api_as("bob", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err["error"]["code"], "not_owner");
    let (status, _) = app
        .api_as("bob", Method::PUT, &path, Some(&meeting_json("Mine", 5)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _) = app
        .api_as("alice", Method::GET, "/api/v1/nothing-here", None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.api_as("alice", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, err) = app.api_as("alice", Method::DELETE, &path, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
}

#[tokio::test]
async fn a_participant_sees_only_their_own_entry_and_a_moderator_sees_everyone() {
    let app = spawn_app().await;
    let mut body = meeting_json("Board", 5);
    body["invitees"] = json!([
        {"email": "carol@example.org", "name": "Carol", "role": "moderator"},
        {"email": "bob@example.org", "role": "participant"},
        {"email": "dan@example.org", "role": "participant"}
    ]);
    let m = app.book("alice", &body).await;
    app.answer(&m, "dan@example.org", "decline").await;
    let id = m["id"].as_i64().unwrap();
    let emails = |v: &serde_json::Value| -> Vec<String> {
        v["invitees"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["email"].as_str().unwrap().to_string())
            .collect()
    };

    let as_bob = app.meeting("bob", id).await;
    assert_eq!(emails(&as_bob), ["bob@example.org"]);
    let (_, list) = app
        .api_as("bob", Method::GET, "/api/v1/meetings", None)
        .await;
    assert_eq!(emails(&list[0]), ["bob@example.org"]);
    let (status, page) = app.text_as("bob", &format!("/booking/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("bob@example.org"));
    for other in ["carol@example.org", "dan@example.org", "Carol"] {
        assert!(!page.contains(other), "bob's page shows {other}");
    }
    // Nor how the others answered: Dan's "declined" is not Bob's business.
    assert!(!page.contains("partstat-declined"), "{page}");
    let (_, list_page) = app.text_as("bob", "/booking").await;
    assert!(!list_page.contains("declined"), "{list_page}");

    let all = ["carol@example.org", "bob@example.org", "dan@example.org"];
    assert_eq!(emails(&app.meeting("carol", id).await), all);
    assert_eq!(emails(&app.meeting("alice", id).await), all);
    let (_, page) = app.text_as("carol", &format!("/booking/{id}")).await;
    for address in all {
        assert!(page.contains(address), "carol's page lacks {address}");
    }
    assert!(page.contains("partstat-declined"));
}

/// The `Link: <…>; rel="next"` of an answer, as a path under the app.
fn next_link(app: &crate::helpers::TestApp, r: &reqwest::Response) -> Option<String> {
    let link = r.headers().get("link")?.to_str().unwrap().to_string();
    let url = link
        .strip_prefix('<')
        .and_then(|l| l.strip_suffix(">; rel=\"next\""))
        .unwrap_or_else(|| panic!("not a next link: {link}"));
    Some(app.path_of(url))
}

#[tokio::test]
async fn the_list_comes_in_pages_that_follow_each_other_by_their_next_links() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for hours in [30, 10, 20, 50, 40] {
        ids.push(
            app.book("alice", &meeting_json(&format!("M{hours}"), hours))
                .await["id"]
                .clone(),
        );
    }
    // In start order: 10, 20, 30, 40, 50 hours from now.
    let in_order = [&ids[1], &ids[2], &ids[0], &ids[4], &ids[3]];
    let mut seen = Vec::new();
    let mut path = Some("/api/v1/meetings?limit=2".to_string());
    let mut pages = 0;
    while let Some(p) = path {
        let r = app.get_as("alice", &p).await;
        assert_eq!(r.status(), StatusCode::OK);
        path = next_link(&app, &r);
        let page: serde_json::Value = r.json().await.unwrap();
        assert!(page.as_array().unwrap().len() <= 2, "{page}");
        seen.extend(page.as_array().unwrap().iter().map(|m| m["id"].clone()));
        pages += 1;
        if pages == 1 {
            // A meeting booked meanwhile before the cursor moves nothing after it.
            app.book("alice", &meeting_json("Early", 2)).await;
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.iter().collect::<Vec<_>>(), in_order);

    // A range: what ends after `from` and starts before `to`.
    let from = (crate::helpers::t0() + chrono::Duration::hours(15)).to_rfc3339();
    let to = (crate::helpers::t0() + chrono::Duration::hours(41)).to_rfc3339();
    let q = url_query(&[("from", &from), ("to", &to)]);
    let r = app.get_as("alice", &format!("/api/v1/meetings?{q}")).await;
    assert!(r.headers().get("link").is_none());
    let list: serde_json::Value = r.json().await.unwrap();
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["M20", "M30", "M40"]);
}

fn url_query(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

#[tokio::test]
async fn bad_list_parameters_are_400_errors_that_name_the_parameter() {
    let app = spawn_app().await;
    app.book("alice", &meeting_json("One", 5)).await;
    for (query, field) in [
        ("from=yesterday", "from"),
        ("to=2026-02-30T00:00:00Z", "to"),
        ("from=2026-12-05T00:00:00Z&to=2026-12-04T00:00:00Z", "to"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=many", "limit"),
        ("cursor=not-ours", "cursor"),
        ("cursor=J09SIDE9MS0t", "cursor"),
    ] {
        let (status, err) = app
            .api_as(
                "alice",
                Method::GET,
                &format!("/api/v1/meetings?{query}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}: {err}");
        assert_eq!(err["error"]["field"], field, "{query}: {err}");
    }
    let (status, list) = app
        .api_as("alice", Method::GET, "/api/v1/meetings?limit=500", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

/// Exchanges with the API, kept for the OpenAPI validators.
pub(crate) struct Recorder<'a> {
    pub(crate) app: &'a crate::helpers::TestApp,
    pub(crate) exchanges: Vec<serde_json::Value>,
}

impl Recorder<'_> {
    /// Sends a request as `user` (or nobody), keeps what went and what came back, and
    /// returns the status and the parsed body. `check_request`: the request follows the
    /// document (false for the deliberately bad ones).
    pub(crate) async fn send(
        &mut self,
        user: Option<&str>,
        method: Method,
        path: &str,
        body: Option<(&str, String)>,
        check_request: bool,
    ) -> (StatusCode, serde_json::Value, reqwest::header::HeaderMap) {
        let url = self.app.url(path);
        let mut headers = serde_json::Map::new();
        let mut rb = self.app.client.request(method.clone(), &url);
        if let Some(user) = user {
            let mail = format!("{user}@example.org");
            rb = rb
                .header("X-Remote-User", user)
                .header("X-Remote-Mail", &mail);
            headers.insert("X-Remote-User".into(), json!(user));
            headers.insert("X-Remote-Mail".into(), json!(mail));
        }
        let mut sent = String::new();
        if let Some((content_type, text)) = body {
            rb = rb.header("content-type", content_type).body(text.clone());
            headers.insert("content-type".into(), json!(content_type));
            sent = text;
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let got = r.headers().clone();
        let text = r.text().await.unwrap();
        let response_headers: serde_json::Map<String, serde_json::Value> = got
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), json!(v.to_str().unwrap())))
            .collect();
        self.exchanges.push(json!({
            "method": method.as_str(), "url": url, "request_headers": headers,
            "request_body": sent, "check_request": check_request,
            "status": status.as_u16(), "headers": response_headers, "body": text,
        }));
        let parsed = if text.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        (status, parsed, got)
    }
}

#[tokio::test]
async fn the_openapi_document_is_public_and_valid_and_real_answers_follow_it() {
    use crate::prosody::{HOOK_SECRET, Occupant, Room};
    let app = crate::helpers::spawn_app_with(|c| {
        c.hooks.secret = jmb::config::Secret::new(HOOK_SECRET);
    })
    .await;
    let r = app.get("/api/v1/openapi.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let document: serde_json::Value = r.json().await.unwrap();
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "{document}"
    );
    assert_eq!(document["servers"][0]["url"], app.base);
    // OpenAPI 3.1's `webhooks`: every event jmb posts, with the payload's schema.
    for event in jmb::domain::webhook::EVENT_TYPES {
        let body = &document["webhooks"][event]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert_eq!(
            body["$ref"], "#/components/schemas/Envelope",
            "{event}: {document}"
        );
    }
    let schemas = &document["components"]["schemas"];
    for name in [
        "Envelope",
        "EventData",
        "MeetingJson",
        "InviteeJson",
        "AttendeePayload",
    ] {
        assert!(schemas[name].is_object(), "{name}: {schemas}");
    }
    let scheme = &document["components"]["securitySchemes"]["organiser"];
    assert_eq!(
        (&scheme["in"], &scheme["name"]),
        (&json!("header"), &json!("X-Remote-User"))
    );
    let list_params = &document["paths"]["/api/v1/meetings"]["get"]["parameters"];
    for name in ["from", "to", "limit", "cursor"] {
        assert!(
            list_params
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == name),
            "{name} is not documented: {list_params}"
        );
    }

    let mut rec = Recorder {
        app: &app,
        exchanges: Vec::new(),
    };
    let json_body = |v: serde_json::Value| Some(("application/json", v.to_string()));
    let alice = Some("alice");
    let (st, m, _) = rec
        .send(
            alice,
            Method::POST,
            "/api/v1/meetings",
            json_body(meeting_json("Sync", 1)),
            true,
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{m}");
    let id = m["id"].as_i64().unwrap();
    let one = format!("/api/v1/meetings/{id}");
    rec.send(
        alice,
        Method::POST,
        "/api/v1/meetings",
        json_body(meeting_json("Later", 30)),
        true,
    )
    .await;
    rec.send(alice, Method::GET, &one, None, true).await;
    let (_, _, headers) = rec
        .send(alice, Method::GET, "/api/v1/meetings?limit=1", None, true)
        .await;
    let link = headers["link"].to_str().unwrap();
    let next = app.path_of(link.trim_start_matches('<').split('>').next().unwrap());
    rec.send(alice, Method::GET, &next, None, true).await;
    let mut changed = meeting_json("Sync, moved", 2);
    changed["room"] = json!("sync-moved");
    let (st, _, _) = rec
        .send(alice, Method::PUT, &one, json_body(changed), true)
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, added, _) = rec
        .send(
            alice,
            Method::POST,
            &format!("{one}/invitees"),
            json_body(json!({"email": "carol@example.org", "name": "Carol", "role": "moderator"})),
            true,
        )
        .await;
    assert_eq!(st, StatusCode::CREATED, "{added}");
    let (st, _, _) = rec
        .send(
            alice,
            Method::DELETE,
            &format!("{one}/invitees/{}", added["id"]),
            None,
            true,
        )
        .await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let room = Room::main("sync-moved");
    let at = crate::helpers::t0() + chrono::Duration::hours(2);
    app.prosody(room.created(at)).await;
    let ann = Occupant::token("Ann", "ann@example.net", "x", "s1");
    app.prosody(room.joined(&ann, at, 1)).await;
    app.prosody(room.joined(&Occupant::guest("g1"), at, 2))
        .await;
    let (st, people, _) = rec
        .send(alice, Method::GET, &format!("{one}/attendance"), None, true)
        .await;
    assert_eq!(
        (st, people.as_array().unwrap().len()),
        (StatusCode::OK, 2),
        "{people}"
    );
    // The errors, each in its documented shape.
    let mut bad = meeting_json("Bad", 1);
    bad["start"] = json!("tomorrow");
    let errors = [
        (
            alice,
            Method::POST,
            "/api/v1/meetings".to_string(),
            json_body(bad),
            422,
        ),
        (
            alice,
            Method::POST,
            "/api/v1/meetings".into(),
            Some(("application/json", "{".into())),
            400,
        ),
        (
            alice,
            Method::POST,
            "/api/v1/meetings".into(),
            Some(("text/plain", "hi".into())),
            415,
        ),
        (
            alice,
            Method::GET,
            "/api/v1/meetings?limit=0".into(),
            None,
            400,
        ),
        (
            alice,
            Method::GET,
            "/api/v1/meetings/424242".into(),
            None,
            404,
        ),
        (Some("mallory"), Method::GET, one.clone(), None, 404),
        (Some("bob"), Method::DELETE, one.clone(), None, 403),
        (
            Some("bob"),
            Method::GET,
            format!("{one}/attendance"),
            None,
            403,
        ),
        (None, Method::GET, "/api/v1/meetings".into(), None, 401),
    ];
    for (user, method, path, body, status) in errors {
        let (st, err, _) = rec.send(user, method.clone(), &path, body, false).await;
        assert_eq!(st.as_u16(), status, "{method} {path}: {err}");
    }
    let (st, _, _) = rec.send(alice, Method::DELETE, &one, None, true).await;
    assert_eq!(st, StatusCode::NO_CONTENT);
    let (st, _, _) = rec
        .send(
            alice,
            Method::PUT,
            &one,
            json_body(meeting_json("Again", 3)),
            false,
        )
        .await;
    assert_eq!(st, StatusCode::CONFLICT);
    crate::servers::check_openapi(&document, &rec.exchanges);
}
