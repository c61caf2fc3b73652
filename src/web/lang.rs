//! The language of a page: the one chosen with the language switch (kept in the session,
//! see `web::switch`), else the one the browser asks for (`Accept-Language`) when jmb offers
//! it, else `server.language`.

use std::future::{Ready, ready};

use actix_session::{Session, SessionExt};
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::AppState;
use super::error::Error;
use crate::i18n::{self, Language, Tr};

/// Where the session keeps the language chosen with the switch.
pub const SESSION_LANGUAGE: &str = "lang";

/// The words of the page being answered.
#[derive(Clone, Copy)]
pub struct Lang(pub Tr);

pub fn texts_for(req: &HttpRequest) -> Tr {
    Tr::new(language_of(req))
}

fn language_of(req: &HttpRequest) -> Language {
    if let Some(chosen) = chosen(&req.get_session()) {
        return chosen;
    }
    let fallback = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.server.language)
        .unwrap_or_default();
    let asked = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    i18n::negotiate(asked, fallback)
}

/// The language chosen with the switch in this session, if any.
fn chosen(session: &Session) -> Option<Language> {
    session
        .get::<String>(SESSION_LANGUAGE)
        .ok()
        .flatten()
        .and_then(|tag| Language::from_tag(&tag))
}

impl FromRequest for Lang {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang(texts_for(req))))
    }
}

/// One language of the switch.
pub struct Choice {
    pub tag: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

/// The switch's options, the page's language selected.
pub fn choices(t: Tr) -> Vec<Choice> {
    Language::all()
        .map(|l| Choice {
            tag: l.tag(),
            name: l.offered().name,
            selected: l == t.lang(),
        })
        .collect()
}
