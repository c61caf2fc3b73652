//! The HTTP surface: shared state, the single route table, one module per area.

pub mod api;
pub mod booking;
pub mod error;
pub mod extract;
pub mod ical;
pub mod invitation;
pub mod join;
pub mod ops;
pub mod render;
pub mod token;

use std::sync::Arc;

use actix_web::web;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::i18n::Texts;
use crate::jitsi::jwt::Signer;
use crate::mail::{Composer, OutboxHandle};
use crate::service;
use crate::store::Db;

pub use crate::urls::Urls;
pub use error::Error;

/// Where unauthenticated browsers are sent in dev and OIDC modes.
pub const LOGIN_PATH: &str = "/login";

/// Everything a handler needs, shared by all workers.
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub signer: Signer,
    pub tz: Tz,
    pub texts: &'static Texts,
    pub urls: Urls,
    pub session_key: actix_web::cookie::Key,
    pub composer: Arc<Composer>,
    pub outbox: OutboxHandle,
    pub reminders: crate::reminders::SchedulerHandle,
}

pub type AppStateHandle = web::Data<AppState>;

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Runs a use case that may queue mails (in its own transaction), then wakes the
    /// outbox worker so they leave at once.
    pub async fn change<T, F>(&self, f: F) -> Result<T, service::Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut rusqlite::Connection, &Composer) -> Result<T, service::Error>
            + Send
            + 'static,
    {
        let composer = self.composer.clone();
        let result = self.db.run(move |c| f(c, &composer)).await;
        if result.is_ok() {
            self.outbox.wake();
        }
        result
    }
}

/// The route table: every path jmb answers, in one place.
pub fn configure(cfg: &mut web::ServiceConfig) {
    // Personal links are the busiest path. A `{hash}` segment would be matched by a regex
    // engine that costs more than the whole database lookup, so `/join/…` is a static
    // prefix scope and the handler reads the rest of the path itself.
    cfg.service(web::scope("/join").default_service(web::get().to(join::join_meeting)))
        .route("/", web::get().to(ops::home))
        .route("/healthz", web::get().to(ops::healthz))
        .route("/bench/trivial", web::get().to(ops::trivial))
        .route(LOGIN_PATH, web::get().to(ops::show_login))
        .route(LOGIN_PATH, web::post().to(ops::log_in))
        .route("/logout", web::get().to(ops::log_out))
        .route("/booking", web::get().to(booking::list_meetings))
        .route("/booking", web::post().to(booking::create_meeting))
        .route("/booking/new", web::get().to(booking::new_meeting))
        .route("/booking/{id}", web::get().to(booking::show_meeting))
        .route("/booking/{id}", web::post().to(booking::update_meeting))
        .route("/booking/{id}/edit", web::get().to(booking::edit_meeting))
        .route(
            "/booking/{id}/delete",
            web::get().to(booking::confirm_cancel),
        )
        .route(
            "/booking/{id}/delete",
            web::post().to(booking::cancel_meeting),
        )
        .route("/token/{id}", web::get().to(token::start_meeting))
        .route(
            "/invitation/{hash}",
            web::get().to(invitation::show_invitation),
        )
        .route(
            "/invitation/{hash}",
            web::post().to(invitation::answer_invitation),
        )
        .route("/meeting/{file}", web::get().to(ical::download_meeting))
        .service(
            web::scope("/api/v1")
                .route("/meetings", web::get().to(api::list_meetings))
                .route("/meetings", web::post().to(api::create_meeting))
                .route("/meetings/{id}", web::get().to(api::show_meeting))
                .route("/meetings/{id}", web::put().to(api::update_meeting))
                .route("/meetings/{id}", web::delete().to(api::cancel_meeting))
                .route("/meetings/{id}/invitees", web::post().to(api::add_invitee))
                .route(
                    "/meetings/{id}/invitees/{invitee_id}",
                    web::delete().to(api::remove_invitee),
                )
                .default_service(web::to(ops::not_found)),
        )
        .default_service(web::to(ops::not_found));
}
