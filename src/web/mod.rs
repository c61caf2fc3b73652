//! The HTTP surface: shared state, the single route table, one module per area.

pub mod api;
pub mod api_series;
pub mod assets;
pub mod attendance;
pub mod booking;
pub mod csp;
pub mod csv;
pub mod directory;
pub mod error;
pub mod extract;
pub mod head;
pub mod hooks;
pub mod ical;
pub mod invitation;
pub mod join;
pub mod lang;
pub mod legacy;
pub mod login;
pub mod meet;
pub mod metrics;
pub mod openapi;
pub mod ops;
pub mod render;
pub mod room;
pub mod switch;
pub mod token;
pub mod webhook_page;
pub mod webhooks;

use std::sync::Arc;

use actix_web::web;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::i18n::Tr;
use crate::jitsi::jwt::Signer;
use crate::mail::{Composer, OutboxHandle};
use crate::service;
use crate::service::event_writer::EventWriter;
use crate::store::Db;

pub use crate::urls::Urls;
pub use error::Error;

/// Personal links' prefix; a scope, not a pattern (see [`configure`]).
pub const JOIN_SCOPE: &str = "/join";
/// How metrics label that scope's requests.
pub const JOIN_ROUTE_LABEL: &str = "/join/{hash}";

/// The session cookie (OpenID Connect and dev logins); the API accepts it too.
pub const SESSION_COOKIE: &str = "jmb_session";

/// Where unauthenticated browsers are sent in dev and OIDC modes.
pub const LOGIN_PATH: &str = "/login";

/// Where the OpenID provider sends browsers back (register `{public_url}/auth/callback`).
pub const OIDC_CALLBACK_PATH: &str = "/auth/callback";

/// The API the booking form's invitee autocompletion asks.
pub const DIRECTORY_API_PATH: &str = "/api/v1/directory";

/// Everything a handler needs, shared by all workers.
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub signer: Signer,
    pub tz: Tz,
    /// Words in `server.language`; pages choose theirs per request (`lang::Lang`).
    pub texts: Tr,
    pub urls: Urls,
    pub session_key: actix_web::cookie::Key,
    pub composer: Arc<Composer>,
    /// What feeds depend on besides the database (see `ical::serve_feed`'s ETag).
    pub feed_fingerprint: String,
    /// Feeds' meetings as last rendered, by revision.
    pub feed_cache: crate::service::feeds::FeedCache,
    pub outbox: OutboxHandle,
    pub http_metrics: metrics::HttpMetrics,
    /// LDAP (mail, name, who may book, invitee lookup), or nothing without `[ldap]`.
    pub directory: crate::auth::directory::Directory,
    /// jmb's own OpenID Connect login, in `auth.mode = "oidc"`.
    pub oidc: Option<crate::auth::oidc::OidcLogin>,
    /// Commits Prosody's room events in groups (see `service::event_writer`).
    pub events: EventWriter,
    /// The stylesheet, scripts and logo pages link.
    pub assets: assets::Assets,
    /// The Content-Security-Policy of pages and of the embedded meeting.
    pub csp: csp::Policies,
    pub reminders: crate::reminders::SchedulerHandle,
    /// Wakes the webhook delivery worker after a commit that may have queued deliveries.
    pub webhooks: crate::worker::Wake,
}

pub type AppStateHandle = web::Data<AppState>;

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Whether a meeting's room can be entered at `now`: its join window from `[jitsi]`,
    /// and not cancelled. The same for the meeting page, `/join`, `/token` and `/meet`.
    pub fn room_access(
        &self,
        slot: &crate::domain::RoomSlot,
        now: DateTime<Utc>,
    ) -> crate::domain::window::Access {
        let jitsi = &self.config.jitsi;
        let window =
            crate::domain::JoinWindow::of(slot, jitsi.join_before_min, jitsi.join_after_min);
        crate::domain::window::access(slot, window, now)
    }

    /// What a booking may be, from `[booking]`: the same for the form and the API.
    pub fn rules(&self) -> crate::domain::meeting::Rules {
        let booking = &self.config.booking;
        crate::domain::meeting::Rules {
            min_duration_min: booking.min_duration_min,
            max_duration_min: booking.max_duration_min,
            max_invitees: booking.max_invitees,
            tz: self.tz,
        }
    }

    /// Runs a use case that may queue mails and webhook deliveries (in its own
    /// transaction), then wakes their workers so they leave at once.
    pub async fn change<T, F>(&self, f: F) -> Result<T, service::Error>
    where
        T: Send + 'static,
        F: FnOnce(&mut crate::store::Connection, &Composer) -> Result<T, service::Error>
            + Send
            + 'static,
    {
        let composer = self.composer.clone();
        let result = self.db.run(move |c| f(c, &composer)).await;
        if result.is_ok() {
            self.outbox.wake();
            self.webhooks.wake();
        }
        result
    }
}

/// The route table: every path jmb answers, in one place.
pub fn configure(cfg: &mut web::ServiceConfig) {
    // Only a build with the `bench` feature (never the shipped one) answers the benchmark's
    // trivial route.
    #[cfg(feature = "bench")]
    cfg.route(ops::TRIVIAL_PATH, web::get().to(ops::trivial));
    // Personal links are the busiest path. A `{hash}` segment would be matched by a regex
    // engine that costs more than the whole database lookup, so `/join/…` is a static
    // prefix scope and the handler reads the rest of the path itself.
    cfg.service(web::scope(JOIN_SCOPE).default_service(web::get().to(join::join_meeting)))
        // Prosody posts to `{api_prefix}/events/…` with api_prefix = {public_url}/hooks/prosody.
        .service(
            web::scope("/hooks")
                .route(
                    "/prosody/events/room/created",
                    web::post().to(hooks::room_created),
                )
                .route(
                    "/prosody/events/room/destroyed",
                    web::post().to(hooks::room_destroyed),
                )
                .route(
                    "/prosody/events/occupant/joined",
                    web::post().to(hooks::occupant_joined),
                )
                .route(
                    "/prosody/events/occupant/left",
                    web::post().to(hooks::occupant_left),
                )
                .route("/recording", web::post().to(hooks::recording))
                .default_service(web::to(ops::not_found)),
        )
        .route("/", web::get().to(ops::home))
        .route("/healthz", web::get().to(ops::healthz))
        .route("/metrics", web::get().to(metrics::show_metrics))
        .route(LOGIN_PATH, web::get().to(ops::show_login))
        .route(LOGIN_PATH, web::post().to(ops::log_in))
        .route("/logout", web::get().to(ops::confirm_log_out))
        .route("/logout", web::post().to(ops::log_out))
        .route("/lang", web::post().to(switch::switch_language))
        .route(
            "/logout/everywhere",
            web::post().to(ops::log_out_everywhere),
        )
        .route(OIDC_CALLBACK_PATH, web::get().to(login::finish_oidc_login))
        .route("/static/{name}", web::get().to(assets::serve_asset))
        .route("/booking", web::get().to(booking::list_meetings))
        .route("/booking", web::post().to(booking::create_meeting))
        .route("/booking/new", web::get().to(booking::new_meeting))
        .route("/booking/{id}", web::get().to(booking::show_meeting))
        .route("/booking/{id}", web::post().to(booking::update_meeting))
        .route("/booking/{id}/edit", web::get().to(booking::edit_meeting))
        .route(
            "/booking/{id}/occurrences/{rid}/cancel",
            web::post().to(booking::cancel_occurrence),
        )
        .route(
            "/booking/{id}/occurrences/{rid}/edit",
            web::get().to(booking::edit_occurrence),
        )
        .route(
            "/booking/{id}/occurrences/{rid}/edit",
            web::post().to(booking::move_occurrence),
        )
        .route(
            "/booking/{id}/delete",
            web::get().to(booking::confirm_cancel),
        )
        .route(
            "/booking/{id}/delete",
            web::post().to(booking::cancel_meeting),
        )
        .route(
            "/booking/{id}/attendance.csv",
            web::get().to(attendance::download_attendance),
        )
        .route("/token/{id}", web::get().to(token::start_meeting))
        .route("/meet", web::post().to(meet::meet_now))
        .route("/meet/{id}", web::get().to(token::start_meeting_here))
        .route("/room", web::get().to(room::show_room))
        .route("/room/open", web::get().to(room::open_room))
        .route("/room/rotate", web::post().to(room::rotate_guest_link))
        .route("/guest/{hash}", web::get().to(room::enter_as_guest))
        .route(
            "/invitation/{hash}",
            web::get().to(invitation::show_invitation),
        )
        .route(
            "/invitation/{hash}",
            web::post().to(invitation::answer_invitation),
        )
        .route("/meeting/{file}", web::get().to(ical::download_meeting))
        .route("/ical", web::get().to(ical::show_feed))
        .route("/ical/rotate", web::post().to(ical::rotate_feed))
        .route("/ical/{file}", web::get().to(ical::serve_feed))
        .route("/webhooks", web::get().to(webhook_page::show_webhooks))
        .route(
            "/webhooks",
            web::post().to(webhook_page::create_webhook_page),
        )
        .route(
            "/webhooks/{id}/delete",
            web::get().to(webhook_page::confirm_delete_webhook),
        )
        .route(
            "/webhooks/{id}/delete",
            web::post().to(webhook_page::delete_webhook_page),
        )
        // Links mailed by the original bash JMB.
        .route("/join.cgi", web::get().to(legacy::join_cgi))
        .route("/invitation.cgi", web::get().to(legacy::invitation_cgi))
        .route("/ical.cgi", web::get().to(legacy::ical_cgi))
        .route("/token.cgi", web::get().to(legacy::token_cgi))
        .route("/booking.cgi", web::get().to(legacy::booking_cgi))
        .route("/close.cgi", web::get().to(legacy::close_cgi))
        // Before the `/api/v1` scope, which would otherwise claim the path.
        .route(DIRECTORY_API_PATH, web::get().to(directory::search_people))
        .service(
            web::scope("/api/v1")
                .route(
                    openapi::DOCUMENT_PATH,
                    web::get().to(openapi::show_document),
                )
                .route("/meetings", web::get().to(api::list_meetings))
                .route("/meetings", web::post().to(api::create_meeting))
                .route("/meetings/{id}", web::get().to(api::show_meeting))
                .route("/meetings/{id}", web::put().to(api::update_meeting))
                .route("/meetings/{id}", web::delete().to(api::cancel_meeting))
                .route("/meetings/{id}/invitees", web::post().to(api::add_invitee))
                .route(
                    "/meetings/{id}/occurrences/{recurrence_id}",
                    web::delete().to(api_series::cancel_occurrence),
                )
                .route(
                    "/meetings/{id}/occurrences/{recurrence_id}",
                    web::patch().to(api_series::move_occurrence),
                )
                .route(
                    "/meetings/{id}/occurrences/{recurrence_id}",
                    web::put().to(api_series::move_occurrence),
                )
                .route(
                    "/meetings/{id}/occurrences",
                    web::get().to(api_series::list_occurrences),
                )
                .route(
                    "/meetings/{id}/attendance",
                    web::get().to(attendance::show_attendance),
                )
                .route(
                    "/meetings/{id}/invitees/{invitee_id}",
                    web::delete().to(api::remove_invitee),
                )
                .route("/webhooks", web::get().to(webhooks::list_webhooks))
                .route("/webhooks", web::post().to(webhooks::create_webhook))
                .route("/webhooks/{id}", web::delete().to(webhooks::delete_webhook))
                .default_service(web::to(ops::not_found)),
        )
        .default_service(web::to(ops::not_found));
}
