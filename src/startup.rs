//! Building and running the server: the pool, the state, the middleware, the workers.

use crate::domain::webhook::EventFilter;
use crate::store::webhooks::SiteSubscription;
use crate::webhooks::DeliveryWorker;
use std::net::TcpListener;
use std::sync::Arc;

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::SameSite;
use actix_web::dev::{Server, ServerHandle, Service};
use actix_web::error::UrlencodedError;
use actix_web::{App, HttpServer};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::auth::directory::Directory;
use crate::auth::oidc::OidcLogin;
use crate::auth::session::cookie_key;
use crate::clock::{SharedClock, SystemClock};
use crate::config::{AuthMode, Config};
use crate::jitsi::end_meeting::Ender;
use crate::jitsi::jwt::Signer;
use crate::mail::outbox_worker::OutboxWorker;
use crate::mail::{Composer, OutboxHandle, RetryPolicy, Transport};
use crate::reminders::{MailReminders, RoomReminders, Scheduler, SchedulerHandle};
use crate::service::event_writer::EventWriter;
use crate::service::room_end::{self, RoomEnder};
use crate::store::{Db, secrets};
use crate::web::{self, AppState, Urls};
use crate::worker::{Worker, Workers};

pub struct Application {
    port: u16,
    server: Server,
    state: web::AppStateHandle,
    workers: Workers,
    lmtp: Option<LmtpDoor>,
}

/// The LMTP listener (`mail.lmtp_listen`) and what stops it.
struct LmtpDoor {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As [`Application::build`], with a clock the caller controls (tests).
    pub async fn build_with_clock(
        config: Config,
        clock: SharedClock,
    ) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(config.listen_addr()?).with_context(|| {
            format!(
                "while binding {} (server.listen): is another process using it?",
                config.server.listen
            )
        })?;
        Self::build_on(config, clock, listener).await
    }

    /// As [`Application::build_with_clock`], on a socket the caller bound (tests learn the
    /// port before the configuration's `public_url` is fixed).
    pub async fn build_on(
        config: Config,
        clock: SharedClock,
        listener: TcpListener,
    ) -> anyhow::Result<Application> {
        let db = open_database(&config.database).await?;
        // The SMTP pool needs the Tokio runtime we are in.
        let transport = Transport::from_config(&config)
            .context("while setting up the mail transport ([mail])")?;
        let policy = RetryPolicy::from_config(&config.mail);
        let state = build_state(config, db, clock)?;
        let port = listener.local_addr()?.port();
        let server = run(listener, state.clone())?;
        let workers = workers(&state, transport, policy).await?;
        let lmtp = lmtp_door(&state).await?;
        Ok(Application {
            port,
            server,
            workers: Workers::start(workers, state.clock.clone()),
            state,
            lmtp,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::AppStateHandle {
        self.state.clone()
    }

    /// Stops the server (gracefully, like SIGTERM does) from outside, e.g. a test.
    pub fn server_handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server stops, then lets the workers finish what they hold and the
    /// event writer commit what it was sent.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        if let Some(door) = self.lmtp {
            let _ = door.stop.send(());
            let _ = door.task.await;
        }
        self.workers.stop().await;
        self.state.events.stop().await;
        served
    }
}

/// Starts the LMTP door when `mail.lmtp_listen` is set, delivering to the store's mailbox.
async fn lmtp_door(state: &web::AppState) -> anyhow::Result<Option<LmtpDoor>> {
    let config = &state.config;
    let Some(listen) = config.lmtp_listen().map_err(anyhow::Error::msg)? else {
        return Ok(None);
    };
    let Some(reply_address) = config.reply_address().map_err(anyhow::Error::msg)? else {
        anyhow::bail!("mail.lmtp_listen needs mail.reply_address");
    };
    let listener = crate::mail::inbound::lmtp::Listener::bind(&listen)
        .await
        .with_context(|| format!("while binding {listen} (mail.lmtp_listen)"))?;
    let hostname = reply_address.domain.clone();
    let mailbox = Arc::new(crate::service::replies::StoreMailbox::new(
        state.db.clone(),
        state.composer.clone(),
        reply_address,
        config.mail.notify_owner_on_answer,
        state.clock.clone(),
        state.outbox.clone(),
        state.webhooks.clone(),
    ));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(listener.serve(hostname, mailbox, async move {
        let _ = stopped.await;
    }));
    tracing::info!(%listen, "LMTP door open");
    Ok(Some(LmtpDoor { stop, task }))
}

/// The database, migrated. A PostgreSQL server that cannot be reached yet (a node starting
/// before its database, or during a fail-over) is waited for, with a line in the log each try.
async fn open_database(database: &crate::config::DatabaseConfig) -> anyhow::Result<Db> {
    let mut wait = std::time::Duration::from_secs(1);
    loop {
        let config = database.clone();
        let opened =
            tokio::task::spawn_blocking(move || Db::connect(&config, config.pool_size)).await?;
        match opened {
            Ok(db) => return Ok(db),
            Err(e) if e.is_unavailable() => {
                tracing::error!(
                    "cannot reach the database {} ({e}); trying again in {} s",
                    database.describe(),
                    wait.as_secs()
                );
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(std::time::Duration::from_secs(30));
            }
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("while opening the database {}", database.describe())
                });
            }
        }
    }
}

/// The session cookie key: the configured secret, or one generated once and kept in the database.
fn session_key(config: &Config, db: &Db) -> anyhow::Result<actix_web::cookie::Key> {
    if !config.server.secret_key.is_empty() {
        return Ok(cookie_key(config.server.secret_key.expose().as_bytes()));
    }
    let secret = db
        .run_blocking(|c| {
            secrets::fetch_or_insert_secret(c, "session_key", || {
                crate::domain::hash::generate()
                    .map(String::into_bytes)
                    .unwrap_or_default()
            })
        })
        .context("while reading the session key from the database")?;
    anyhow::ensure!(
        !secret.is_empty(),
        "the operating system's random generator failed while creating the session key"
    );
    Ok(cookie_key(&secret))
}

pub fn build_state(
    config: Config,
    db: Db,
    clock: SharedClock,
) -> anyhow::Result<web::AppStateHandle> {
    let signer = Signer::new(
        config.jitsi.app_secret.expose(),
        &config.jitsi.app_id,
        &config.jitsi.audience,
        &config.jitsi.domain,
    );
    let key = session_key(&config, &db)?;
    let composer = Composer::new(&config).context("while reading mail.from")?;
    let urls = Urls::new(&config.server.public_url);
    let directory = Directory::new(config.ldap.as_ref(), clock.clone())
        .context("while setting up LDAP ([ldap])")?;
    let oidc = match (&config.auth.mode, &config.auth.oidc) {
        (AuthMode::Oidc, Some(oidc)) => Some(
            OidcLogin::new(
                oidc,
                &format!("{}{}", urls.base(), web::OIDC_CALLBACK_PATH),
                &format!("{}/", urls.base()),
                &config.auth.mail_domain,
                clock.clone(),
            )
            .context("while setting up the OpenID Connect login ([auth.oidc])")?,
        ),
        _ => None,
    };
    let feed_fingerprint = format!(
        "{}\n{:?}\n{}",
        config.server.public_url,
        config.server.language,
        crate::service::feeds::PAST_DAYS
    );
    let assets = assets(&config)?;
    let feed_cache =
        crate::service::feeds::FeedCache::new(urls.clone(), composer.envelope_from().as_ref());
    Ok(actix_web::web::Data::new(AppState {
        feed_fingerprint,
        feed_cache,
        assets,
        csp: web::csp::Policies::new(&config),
        tz: config.time_zone(),
        texts: crate::i18n::Tr::new(config.server.language),
        urls,
        session_key: key,
        http_metrics: web::metrics::HttpMetrics::default(),
        directory,
        oidc,
        events: EventWriter::start(
            db.clone(),
            crate::service::events::JoinMargins {
                before_min: config.jitsi.join_before_min,
                after_min: config.jitsi.join_after_min,
            },
        )
        .context("while starting the room event writer thread")?,
        config: Arc::new(config),
        db,
        clock,
        signer,
        composer: Arc::new(composer),
        outbox: OutboxHandle::default(),
        reminders: SchedulerHandle::default(),
        webhooks: crate::worker::Wake::default(),
    }))
}

/// What `serve` builds from files and keys the configuration names, built and dropped, so
/// that `check-config` refuses whatever would stop `serve` (the configuration itself only
/// checks values).
pub fn check(config: &Config) -> anyhow::Result<()> {
    assets(config)?;
    ender(config)?;
    site_webhooks(config)?;
    Ok(())
}

/// The `[[webhooks]]` entries as subscriptions: each secret a `whsec_` secret, each event
/// type one jmb emits.
fn site_webhooks(config: &Config) -> anyhow::Result<Vec<SiteSubscription<'_>>> {
    config
        .webhooks
        .iter()
        .enumerate()
        .map(|(n, w)| {
            crate::webhooks::sign::key(w.secret.expose())
                .with_context(|| format!("webhooks[{n}].secret"))?;
            let events = EventFilter::parse(&w.events).map_err(|t| {
                anyhow::anyhow!(
                    "webhooks[{n}].events: `{t}` is not one of {} (or \"*\")",
                    crate::domain::webhook::EVENT_TYPES.join(", ")
                )
            })?;
            Ok(SiteSubscription {
                url: &w.url,
                secret: w.secret.expose(),
                events,
            })
        })
        .collect()
}

fn assets(config: &Config) -> anyhow::Result<web::assets::Assets> {
    web::assets::Assets::load(&config.server.logo_file)
        .context("while reading the logo (server.logo_file)")
}

fn ender(config: &Config) -> anyhow::Result<Option<Ender>> {
    Ender::from_config(&config.jitsi).context("while setting up jitsi.end_meeting_url")
}

/// The workers `serve` runs beside the HTTP server (see [`crate::worker`]): a new kind of
/// background work is one more entry here. The room event writer is not among them: it is a
/// sink that requests feed, not a poller, so it starts with the state (`build_state`) and
/// stops after the workers (`run_until_stopped`).
async fn workers(
    state: &web::AppStateHandle,
    transport: Transport,
    policy: RetryPolicy,
) -> anyhow::Result<Vec<Box<dyn Worker>>> {
    let outbox = OutboxWorker::new(
        state.db.clone(),
        transport,
        state.clock.clone(),
        policy,
        state.outbox.clone(),
    );
    let scheduler = Scheduler::new(
        &state.config,
        state.db.clone(),
        state.clock.clone(),
        state.composer.clone(),
        state.outbox.clone(),
        state.reminders.clone(),
    )
    .context("while setting up reminders ([reminders], [xmpp])")?;
    scheduler
        .sync_offsets()
        .await
        .context("while planning reminders with the configured offsets")?;
    let scheduler = Arc::new(scheduler);
    let mut workers: Vec<Box<dyn Worker>> =
        vec![Box::new(outbox), Box::new(MailReminders(scheduler.clone()))];
    if scheduler.posts_to_rooms() {
        workers.push(Box::new(RoomReminders(scheduler)));
    }
    if let Some(ender) = room_ender(state)? {
        workers.push(Box::new(ender));
    }
    let site = site_webhooks(&state.config)?
        .into_iter()
        .map(|s| (s.url.to_string(), s.secret.to_string(), s.events))
        .collect::<Vec<_>>();
    let now = state.clock.now();
    state
        .db
        .run(move |c| {
            let site: Vec<SiteSubscription<'_>> = site
                .iter()
                .map(|(url, secret, events)| SiteSubscription {
                    url,
                    secret,
                    events: events.clone(),
                })
                .collect();
            crate::store::webhooks::sync_site(c, &site, now)
        })
        .await
        .context("while recording the [[webhooks]] subscriptions")?;
    workers.push(Box::new(DeliveryWorker::new(
        state.db.clone(),
        state.clock.clone(),
        &state.config.webhook_delivery,
        state.webhooks.clone(),
    )));
    Ok(workers)
}

/// Ends rooms at their booked end when `jitsi.end_meeting_url` is set.
fn room_ender(state: &web::AppStateHandle) -> anyhow::Result<Option<RoomEnder>> {
    let jitsi = &state.config.jitsi;
    let Some(ender) = ender(&state.config)? else {
        return Ok(None);
    };
    Ok(Some(RoomEnder {
        db: state.db.clone(),
        ender,
        policy: room_end::Policy {
            grace: chrono::Duration::minutes(i64::from(jitsi.grace_min)),
            retry_after: chrono::Duration::minutes(1),
        },
        interval: std::time::Duration::from_secs(state.config.reminders.interval_s.max(1)),
    }))
}

fn run(listener: TcpListener, state: web::AppStateHandle) -> anyhow::Result<Server> {
    let workers = match state.config.server.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let body_limit = state.config.server.max_body_kib * 1024;
    let secure = state.config.server.public_url.starts_with("https://");
    let lifetime = i64::from(state.config.auth.session_lifetime_min);
    let server = HttpServer::new(move || {
        let session =
            SessionMiddleware::builder(CookieSessionStore::default(), state.session_key.clone())
                .cookie_name(crate::web::SESSION_COOKIE.into())
                .cookie_secure(secure)
                .cookie_http_only(true)
                .cookie_same_site(SameSite::Lax)
                .cookie_content_security(CookieContentSecurity::Private)
                .session_lifecycle(
                    PersistentSession::default()
                        .session_ttl(actix_web::cookie::time::Duration::minutes(lifetime)),
                )
                .build();
        App::new()
            .app_data(state.clone())
            .app_data(actix_web::web::PayloadConfig::new(body_limit))
            .app_data(
                actix_web::web::FormConfig::default()
                    .limit(body_limit)
                    .error_handler(|err, _| {
                        match err {
                            UrlencodedError::Overflow { .. } => web::Error::PayloadTooLarge,
                            UrlencodedError::ContentType => web::Error::UnsupportedMediaType,
                            other => web::Error::BadRequest {
                                field: None,
                                message: other.to_string(),
                            },
                        }
                        .into()
                    }),
            )
            // Innermost, so that the log and metrics still see the HEAD.
            .wrap(actix_web::middleware::from_fn(web::head::route_as_get))
            .wrap_fn(|req, srv| {
                let fut = srv.call(req);
                async move { Ok(web::error::render(fut.await?.map_into_boxed_body())) }
            })
            .wrap(session)
            .wrap(TracingLogger::default())
            .wrap(actix_web::middleware::from_fn(web::metrics::record))
            .configure(web::configure)
    })
    .workers(workers)
    .listen(listener)?
    .run();
    Ok(server)
}
