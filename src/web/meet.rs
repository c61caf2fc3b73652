//! Opening a room: straight into Jitsi (a 302, the default) or inside a jmb page with
//! Jitsi's IFrame API (`?embed=1`, `/meet/{id}`); and "Meet now", a meeting that starts at
//! once.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::AppState;
use super::error::Error;
use super::extract::Editor;
use super::lang::{Lang, texts_for};
use super::render::{Layout, embed_page, found, require_csrf, see_other};
use crate::auth::Identity;
use crate::domain::{JoinWindow, MeetingDraft};
use crate::jitsi::embed::ExternalApi;
use crate::jitsi::jwt::{TokenUser, meeting_url};
use crate::service::meetings;

/// How someone enters a room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A 302 to `{jitsi.url}/{room}`.
    Redirect,
    /// A jmb page showing the meeting in Jitsi's frame.
    Embed,
}

impl Entry {
    /// `?embed=1` asks for the page; anything else is the plain redirect.
    pub fn asked(req: &HttpRequest) -> Self {
        if req.query_string().split('&').any(|p| p == "embed=1") {
            Entry::Embed
        } else {
            Entry::Redirect
        }
    }
}

/// Who enters, and whether Jitsi gets a token for them.
pub struct Entrant {
    pub user: TokenUser,
    pub with_token: bool,
}

impl Entrant {
    /// The organiser, in their meeting or their personal room: always a moderator.
    pub fn organiser(who: Identity) -> Self {
        Self {
            user: TokenUser {
                id: who.login,
                name: who.name,
                email: who.email,
                moderator: true,
            },
            with_token: true,
        }
    }
}

/// The room being opened, and where its embedded page leads when the meeting ends.
pub struct Door<'a> {
    pub room: &'a str,
    pub subject: &'a str,
    pub window: JoinWindow,
    pub done: String,
}

#[derive(Template)]
#[template(path = "pages/meet.html")]
struct MeetPage<'a> {
    layout: Layout,
    api_script: String,
    meet_script: String,
    domain: String,
    room: &'a str,
    jwt: String,
    name: &'a str,
    email: &'a str,
    subject: &'a str,
    moderator: bool,
    done: &'a str,
    direct_url: String,
}

/// Into the room now: the token (when the entrant gets one) is signed for `door.window`.
pub fn open(
    state: &AppState,
    req: &HttpRequest,
    door: &Door<'_>,
    entrant: &Entrant,
    entry: Entry,
) -> Result<HttpResponse, Error> {
    let token = if entrant.with_token {
        Some(
            state
                .signer
                .sign(door.room, &entrant.user, door.window, state.now())?,
        )
    } else {
        None
    };
    let direct_url = meeting_url(&state.config.jitsi.url, door.room, token.as_deref());
    let api = match (entry, ExternalApi::of(&state.config.jitsi.url)) {
        (Entry::Embed, Some(api)) => api,
        _ => return Ok(found(&direct_url)),
    };
    let t = texts_for(req);
    embed_page(
        state,
        &MeetPage {
            layout: Layout::new(state, req, t, None, door.subject),
            api_script: api.script_url,
            meet_script: state.assets.url("meet.js"),
            domain: api.domain,
            room: door.room,
            jwt: token.unwrap_or_default(),
            name: &entrant.user.name,
            email: &entrant.user.email,
            subject: door.subject,
            moderator: entrant.with_token && entrant.user.moderator,
            done: if door.done.is_empty() {
                "/"
            } else {
                &door.done
            },
            direct_url,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MeetNowForm {
    pub csrf: String,
    pub embed: String,
}

/// `POST /meet`: a meeting of the default length, starting now, without invitees (so no
/// mail either); the organiser goes straight in (inside jmb when the form asks for it).
pub async fn meet_now(
    state: web::Data<AppState>,
    session: Session,
    Lang(t): Lang,
    Editor(who): Editor,
    form: web::Form<MeetNowForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    let draft = MeetingDraft::instant(
        &t.get("booking-instant-subject"),
        now,
        state.config.booking.default_duration_min,
    );
    let uid_domain = state.urls.host();
    let view = state
        .db
        .run(move |c| meetings::create(c, &who, &draft, &uid_domain, None, now))
        .await?;
    state.webhooks.wake();
    let id = view.meeting.id;
    Ok(see_other(&if form.embed == "1" {
        format!("/meet/{id}")
    } else {
        format!("/token/{id}")
    }))
}
