//! The language of a page: the one the browser asks for (`Accept-Language`) when jmb speaks
//! it, else `server.language`. Chosen here only; mails keep `server.language`.

use std::future::{Ready, ready};

use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::AppState;
use super::error::Error;
use crate::i18n::{self, Texts};

/// The words of the page being answered.
#[derive(Clone, Copy)]
pub struct Lang(pub &'static Texts);

pub fn texts_for(req: &HttpRequest) -> &'static Texts {
    let fallback = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.config.server.language)
        .unwrap_or_default();
    let asked = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    i18n::texts(i18n::negotiate(asked, fallback))
}

impl FromRequest for Lang {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang(texts_for(req))))
    }
}
