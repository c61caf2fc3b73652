//! `/room`: an organiser's personal room, its guest link and their rotation;
//! `/guest/{hash}`: guests entering it.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::AppState;
use super::error::{Error, Missing};
use super::extract::{Editor, PersonalLink};
use super::ical::RotatedQuery;
use super::lang::Lang;
use super::meet::{Door, Entrant, Entry, open};
use super::render::CsrfForm;
use super::render::{Layout, ok, require_csrf, see_other};
use crate::domain::personal_room::token_window;
use crate::jitsi::jwt::TokenUser;
use crate::service::{self, personal_rooms};

#[derive(Template)]
#[template(path = "pages/room.html")]
struct RoomPage {
    layout: Layout,
    room: String,
    guest_url: String,
    rotated: bool,
}

pub async fn show_room(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Editor(who): Editor,
    query: web::Query<RotatedQuery>,
) -> Result<HttpResponse, Error> {
    let now = state.now();
    let q = who.clone();
    let room = state
        .db
        .run(move |c| personal_rooms::ensure(c, &q, now))
        .await?;
    ok(
        &state,
        &RoomPage {
            layout: Layout::new(&state, &req, t, Some(who), &t.get("nav-my-room")),
            room: room.room,
            guest_url: state.urls.guest(&room.guest_hash),
            rotated: !query.rotated.is_empty(),
        },
    )
}

/// `GET /room/open`: the owner goes in as moderator, whenever they like.
pub async fn open_room(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    Editor(who): Editor,
) -> Result<HttpResponse, Error> {
    let now = state.now();
    let q = who.clone();
    let room = state
        .db
        .run(move |c| personal_rooms::open(c, &q, now))
        .await?;
    let subject = t.arg("room-subject", "name", &who.name);
    let door = Door {
        room: &room.room,
        subject: &subject,
        window: token_window(now, state.config.booking.max_duration_min),
        done: "/room".into(),
    };
    let entrant = Entrant::organiser(who);
    open(&state, &req, &door, &entrant, Entry::asked(&req))
}

pub async fn rotate_guest_link(
    state: web::Data<AppState>,
    session: Session,
    Editor(who): Editor,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, Error> {
    require_csrf(&session, &form.csrf)?;
    let now = state.now();
    state
        .db
        .run(move |c| personal_rooms::rotate(c, &who, now))
        .await?;
    Ok(see_other("/room?rotated=1"))
}

/// `GET /guest/{hash}`: into someone's personal room without moderator rights (with a
/// guest token when `jitsi.guest_token` is on).
pub async fn enter_as_guest(
    state: web::Data<AppState>,
    req: HttpRequest,
    Lang(t): Lang,
    PersonalLink(link): PersonalLink,
) -> Result<HttpResponse, Error> {
    let room = state
        .db
        .run(move |c| personal_rooms::for_guest(c, &link))
        .await
        .map_err(|e| match e {
            service::Error::NotFound => Error::NotFound(Missing::Link),
            other => other.into(),
        })?;
    let subject = t.arg("room-subject", "name", &room.owner_name);
    let door = Door {
        room: &room.room,
        subject: &subject,
        window: token_window(state.now(), state.config.booking.max_duration_min),
        done: "/".into(),
    };
    let entrant = Entrant {
        user: TokenUser {
            id: "guest".into(),
            name: String::new(),
            email: String::new(),
            moderator: false,
        },
        with_token: state.config.jitsi.guest_token,
    };
    open(&state, &req, &door, &entrant, Entry::asked(&req))
}
