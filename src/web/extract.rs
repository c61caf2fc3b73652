//! Request extractors: who is asking (`Organiser`), whether they may book (`Editor`).

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use super::AppState;
use super::error::{Denied, Error};
use crate::auth::{self, Identity};
use crate::config::AuthMode;

/// An authenticated person.
#[derive(Debug, Clone)]
pub struct Organiser(pub Identity);

/// An authenticated person who may book meetings.
#[derive(Debug, Clone)]
pub struct Editor(pub Identity);

fn state(req: &HttpRequest) -> Result<&web::Data<AppState>, Error> {
    req.app_data::<web::Data<AppState>>()
        .ok_or_else(|| Error::internal("application state missing"))
}

pub fn identify(req: &HttpRequest) -> Result<Identity, Error> {
    let state = state(req)?;
    match state.config.auth.mode {
        AuthMode::Header => Ok(auth::header::identity_from_headers(
            &state.config.auth,
            req.peer_addr().map(|a| a.ip()),
            req.headers(),
        )?),
        AuthMode::Dev | AuthMode::Oidc => {
            auth::session::identity(&req.get_session()).ok_or(auth::Error::NoSession.into())
        }
    }
}

impl FromRequest for Organiser {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(identify(req).map(Organiser))
    }
}

impl FromRequest for Editor {
    type Error = Error;
    type Future = Ready<Result<Self, Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(identify(req).and_then(|who| {
            if who.editor {
                Ok(Editor(who))
            } else {
                Err(Error::Forbidden(Denied::NotEditor))
            }
        }))
    }
}
