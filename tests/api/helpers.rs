//! Spawns the real application on a loopback port with its own temporary database.

use std::net::TcpListener;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Duration, TimeZone, Utc};
use jmb::clock::TestClock;
use jmb::config::{AuthMode, Config, Secret};
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Response, StatusCode};
use serde_json::Value;
use tempfile::TempDir;

pub const SECRET: &str = "test-app-secret-of-at-least-32-bytes";
pub const JITSI_URL: &str = "https://meet.example.org";

/// 2026-12-01 08:00 UTC (09:00 in Paris): the tests' "now".
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

#[allow(dead_code)] // fields kept for later tests and to hold the temp dir
pub struct TestApp {
    pub base: String,
    pub port: u16,
    pub client: reqwest::Client,
    pub clock: TestClock,
    pub config: Config,
    pub dir: Arc<TempDir>,
    pub state: jmb::web::AppStateHandle,
    server: actix_web::dev::ServerHandle,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

pub fn base_config(dir: &TempDir) -> Config {
    let mut c = Config::default();
    c.server.listen = "127.0.0.1:0".into();
    c.server.time_zone = "Europe/Paris".into();
    c.server.workers = 1;
    c.database.path = dir.path().join("jmb.db");
    c.database.pool_size = 4;
    // JMB_TEST_DATABASE=postgres: the same test on a database of its own in the shared
    // PostgreSQL cluster (nodes there must share the cookie key).
    if crate::servers::testing_postgres()
        && let Some(pg) = crate::servers::PgServer::shared()
    {
        c.database.url = Secret::new(pg.database());
        c.server.secret_key =
            Secret::new("test-cookie-key-of-at-least-32-bytes-xxxxxxxxxxxxxxxxxxxxxxxx");
    }
    c.auth.mode = AuthMode::Header;
    c.auth.mail_domain = "example.org".into();
    c.auth.mail_header = "X-Remote-Mail".into();
    c.auth.name_header = "X-Remote-Name".into();
    c.jitsi.url = JITSI_URL.into();
    c.jitsi.domain = "meet.example.org".into();
    c.jitsi.app_id = "jmb".into();
    c.jitsi.app_secret = Secret::new(SECRET);
    c.mail.transport = jmb::config::MailTransport::File;
    c.mail.file_dir = dir.path().join("mail");
    // Tests count the mails they cause; reminder tests turn reminders on themselves.
    c.reminders.mail_before_start_min = Vec::new();
    c
}

/// The `[database]` section of a configuration file for `config`'s database, whichever
/// engine it is on (for the CLI run by tests).
pub fn database_toml(config: &Config) -> String {
    let mut toml = format!(
        "[database]\npath = \"{}\"\n",
        config.database.path.display()
    );
    if !config.database.url.is_empty() {
        toml.push_str(&format!("url = \"{}\"\n", config.database.url.expose()));
    }
    toml
}

/// The `[server]` lines a configuration file needs for `config`'s database: PostgreSQL
/// wants the nodes' shared cookie key.
pub fn server_toml_for_database(config: &Config) -> String {
    if config.database.url.is_empty() {
        String::new()
    } else {
        format!("secret_key = \"{}\"\n", config.server.secret_key.expose())
    }
}

/// The environment that points the CLI at `config`'s database.
pub fn database_env(config: &Config) -> Vec<(&'static str, String)> {
    let mut env = vec![(
        "JMB_DATABASE_PATH",
        config.database.path.display().to_string(),
    )];
    if !config.database.url.is_empty() {
        env.push(("JMB_DATABASE_URL", config.database.url.expose().to_string()));
        env.push((
            "JMB_SERVER_SECRET_KEY",
            config.server.secret_key.expose().to_string(),
        ));
    }
    env
}

/// Runs one statement on `config`'s database behind the app's back (what an older jmb or a
/// crash left), on either engine: `$1…` placeholders. Returns the rows changed.
pub fn execute_sql(config: &Config, sql: &str, params: &[&dyn jmb::store::engine::Param]) -> usize {
    let db = jmb::store::Db::connect(&config.database, 1).unwrap();
    db.run_blocking(|c| c.execute(sql, params)).unwrap()
}

/// The one number a query on `config`'s database gives, on either engine.
pub fn query_i64(config: &Config, sql: &str) -> i64 {
    let db = jmb::store::Db::connect(&config.database, 1).unwrap();
    db.run_blocking(|c| c.query_row(sql, jmb::params![], |r| r.get(0)))
        .unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(customise: impl FnOnce(&mut Config)) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let mut config = base_config(&dir);
    config.server.public_url =
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    customise(&mut config);
    start(config, dir, t0(), listener).await
}

/// The app again on an existing configuration and data directory (a restart), at `now`, on
/// a new port.
pub async fn spawn_app_on(mut config: Config, dir: Arc<TempDir>, now: DateTime<Utc>) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    config.server.public_url =
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    start(config, dir, now, listener).await
}

/// Another node on the same configuration and data, behind the same public address (as a
/// load balancer's second node), at `now`, on its own port.
pub async fn spawn_node(config: Config, dir: Arc<TempDir>, now: DateTime<Utc>) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    start(config, dir, now, listener).await
}

async fn start(
    config: Config,
    dir: Arc<TempDir>,
    now: DateTime<Utc>,
    listener: TcpListener,
) -> TestApp {
    let _ = init_test_log();
    let port = listener.local_addr().unwrap().port();
    config.validate().expect("test configuration is valid");
    let clock = TestClock::new(now);
    let app =
        jmb::startup::Application::build_on(config.clone(), Arc::new(clock.clone()), listener)
            .await
            .expect("application builds");
    let state = app.state();
    let server = app.server_handle();
    let task = tokio::spawn(app.run_until_stopped());
    let client = browser();
    TestApp {
        base: format!("http://127.0.0.1:{port}"),
        port,
        client,
        clock,
        config,
        dir,
        state,
        server,
        task,
    }
}

/// The one global subscriber of this test binary: what the app logs at warn and above is
/// kept for [`captured_log`]; with `TEST_LOG=1` (or any value but `0`) everything it logs
/// also goes to the test's output, filtered by `RUST_LOG` (default `info`).
fn init_test_log() -> Arc<Mutex<Vec<u8>>> {
    use tracing_subscriber::prelude::*;
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = buffer.clone();
        let kept = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(move || SinkWriter(sink.clone()))
            .with_filter(tracing::level_filters::LevelFilter::WARN);
        let shown = std::env::var("TEST_LOG")
            .is_ok_and(|v| !v.is_empty() && v != "0")
            .then(|| {
                let filter = tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
                tracing_subscriber::fmt::layer()
                    .with_test_writer()
                    .with_filter(filter)
            });
        tracing_subscriber::registry()
            .with(kept)
            .with(shown)
            .try_init()
            .expect("no other subscriber is installed in this test binary");
        buffer
    })
    .clone()
}

/// Everything the app logged at warn and above so far, in every test of this binary.
pub fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    init_test_log()
}

struct SinkWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for SinkWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A client like a browser of its own: its own cookies, redirects not followed.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        // Under the server's keep-alive (5 s), so a slow test never reuses a connection the
        // server is closing.
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap()
}

/// Sends mail through the SMTP server on `port` (a capture server, or nothing: an outage).
pub fn smtp_on(port: u16) -> impl FnOnce(&mut Config) {
    move |c: &mut Config| {
        c.mail.transport = jmb::config::MailTransport::Smtp;
        c.mail.smtp_host = "127.0.0.1".into();
        c.mail.smtp_port = port;
        c.mail.from = "Jitsi booking <noreply@booking.example.org>".into();
    }
}

/// A meeting body for the API, starting `hours` after the test clock's now.
pub fn meeting_json(subject: &str, hours: i64) -> Value {
    serde_json::json!({
        "subject": subject,
        "description": "Agenda: everything",
        "start": (t0() + Duration::hours(hours)).to_rfc3339(),
        "duration_min": 60,
        "invitees": [
            {"email": "ann@example.net", "name": "Ann Moderator", "role": "moderator"},
            {"email": "bob@example.org", "role": "participant"}
        ]
    })
}

/// One invitee of a meeting as the API shows it.
pub fn invitee<'a>(m: &'a Value, email: &str) -> &'a Value {
    m["invitees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == email)
        .unwrap_or_else(|| panic!("{email} not in {m}"))
}

/// Posts an invitation page's answer form as a browser would: `fields` with the page's CSRF
/// token, from a client of its own (no redirect followed).
pub async fn post_invitation_form(page: &str, fields: &[(&str, &str)]) -> Response {
    let client = browser();
    let html = client.get(page).send().await.unwrap().text().await.unwrap();
    let csrf = extract_csrf(&html);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(page).form(&form).send().await.unwrap()
}

/// Answers one occurrence `rid` of a series on its invitation page.
pub async fn answer_occurrence(page: &str, rid: &str, what: &str) -> (StatusCode, String) {
    let r = post_invitation_form(page, &[("answer", what), ("recurrence_id", rid)]).await;
    (r.status(), r.text().await.unwrap())
}

pub fn extract_csrf(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_string()
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get(LOCATION)
        .expect("a Location header")
        .to_str()
        .unwrap()
        .to_string()
}

impl TestApp {
    /// Stops the server like SIGTERM does and waits for its workers to finish.
    pub async fn stop(self) -> (Config, Arc<TempDir>) {
        self.server.stop(true).await;
        self.task.await.unwrap().unwrap();
        (self.config, self.dir)
    }

    /// Logs out as a browser does: the page's button posts the form with its token.
    pub async fn log_out(&self) -> Response {
        let html = self.get("/logout").await.text().await.unwrap();
        self.client
            .post(self.url("/logout"))
            .form(&[("csrf", extract_csrf(&html))])
            .send()
            .await
            .unwrap()
    }

    /// Moves the test clock and lets the outbox and webhook workers and the reminder
    /// scheduler look again.
    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
        self.state.outbox.wake();
        self.state.webhooks.wake();
        self.state.reminders.wake();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn as_user(&self, rb: reqwest::RequestBuilder, user: &str) -> reqwest::RequestBuilder {
        rb.header("X-Remote-User", user)
            .header("X-Remote-Mail", format!("{user}@example.org"))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_as(&self, user: &str, path: &str) -> Response {
        self.as_user(self.client.get(self.url(path)), user)
            .send()
            .await
            .unwrap()
    }

    pub async fn text_as(&self, user: &str, path: &str) -> (StatusCode, String) {
        let r = self.get_as(user, path).await;
        (r.status(), r.text().await.unwrap())
    }

    /// A token from a page the user can see (it also sets the session cookie).
    pub async fn csrf_as(&self, user: &str) -> String {
        let (status, html) = self.text_as(user, "/booking/new").await;
        assert_eq!(status, StatusCode::OK, "{html}");
        extract_csrf(&html)
    }

    pub async fn post_form_as(&self, user: &str, path: &str, form: &[(&str, &str)]) -> Response {
        self.as_user(self.client.post(self.url(path)), user)
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Posts the booking form with a valid CSRF token.
    pub async fn book_form(&self, user: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf_as(user).await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.post_form_as(user, "/booking", &form).await
    }

    pub async fn api_as(
        &self,
        user: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.as_user(self.client.request(method, self.url(path)), user);
        if let Some(b) = body {
            rb = rb
                .header(CONTENT_TYPE, "application/json")
                .body(b.to_string());
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
        };
        (status, json)
    }

    /// Books through the API and returns the created meeting.
    pub async fn book(&self, user: &str, body: &Value) -> Value {
        let (status, json) = self
            .api_as(user, reqwest::Method::POST, "/api/v1/meetings", Some(body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{json}");
        json
    }

    pub async fn meeting(&self, user: &str, id: i64) -> Value {
        let (status, json) = self
            .api_as(
                user,
                reqwest::Method::GET,
                &format!("/api/v1/meetings/{id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{json}");
        json
    }

    /// Cancels meeting `id` through the API, as `user`.
    pub async fn cancel(&self, user: &str, id: impl std::fmt::Display) {
        let (status, body) = self
            .api_as(
                user,
                reqwest::Method::DELETE,
                &format!("/api/v1/meetings/{id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }

    /// The dev login form posted as `client`'s browser would: the page's token, then `login`.
    pub async fn dev_login(&self, client: &reqwest::Client, login: &str, next: &str) -> Response {
        let html = client
            .get(self.url("/login"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        client
            .post(self.url("/login"))
            .form(&[
                ("csrf", extract_csrf(&html).as_str()),
                ("login", login),
                ("next", next),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Answers as the invitee's own browser would: the page's form with its token.
    pub async fn answer(&self, m: &Value, email: &str, what: &str) {
        let page = invitee(m, email)["invitation_url"].as_str().unwrap();
        let r = post_invitation_form(page, &[("answer", what)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{email} answers {what}");
    }

    /// The path part of an absolute link the app made.
    pub fn path_of(&self, url: &str) -> String {
        url.strip_prefix(&self.base)
            .unwrap_or_else(|| panic!("{url} is not under {}", self.base))
            .to_string()
    }
}

/// The `name=value` of the session cookie a response sets: what a thief would copy.
pub fn session_cookie(r: &Response) -> String {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("jmb_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string()
}
