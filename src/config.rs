//! The operator's contract (DESIGN §8): a TOML file, `JMB_<SECTION>_<KEY>` environment
//! overrides, `<VAR>_FILE` for secrets, and a validation pass that reports every problem at once.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use serde::Deserialize;

/// Section names as they appear in environment variables, longest first so that
/// `JMB_AUTH_OIDC_CLIENT_ID` lands in `[auth.oidc]` and not in `[auth]`.
const ENV_SECTIONS: &[(&str, &str)] = &[
    ("webhook_delivery", "webhook_delivery"),
    ("auth_oidc", "auth.oidc"),
    ("reminders", "reminders"),
    ("database", "database"),
    ("booking", "booking"),
    ("server", "server"),
    ("jitsi", "jitsi"),
    ("hooks", "hooks"),
    ("auth", "auth"),
    ("ldap", "ldap"),
    ("mail", "mail"),
    ("xmpp", "xmpp"),
];

/// Keys that may also be read from a file named by `JMB_<SECTION>_<KEY>_FILE`.
pub const SECRET_KEYS: &[&str] = &[
    "server.secret_key",
    "database.url",
    "auth.oidc.client_secret",
    "ldap.bind_password",
    "jitsi.app_secret",
    "jitsi.system_key",
    "mail.smtp_password",
    "xmpp.password",
    "hooks.secret",
];

/// Shared secrets jmb signs or checks with (HMAC keys of Jitsi tokens, webhooks, cookies)
/// must be at least this long: `openssl rand -hex 32` gives 64.
pub const MIN_SECRET_BYTES: usize = 32;

/// The documented sample: its placeholder secrets are public, so they are never accepted.
const SAMPLE: &str = include_str!("../conf-samples/jmb.toml");

/// Reminders further ahead than this are a typo, not a plan.
pub const MAX_REMINDER_OFFSET_MIN: u32 = 366 * 24 * 60;

/// A configured secret: never printed by `Debug`, never logged.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("\"[redacted]\"")
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
#[derive(Default)]
pub struct Config {
    pub server: ServerConfig,
    pub database: DatabaseConfig,
    pub auth: AuthConfig,
    pub ldap: Option<LdapConfig>,
    pub booking: BookingConfig,
    pub jitsi: JitsiConfig,
    pub mail: MailConfig,
    pub reminders: RemindersConfig,
    pub xmpp: Option<XmppConfig>,
    pub hooks: HooksConfig,
    /// `[[webhooks]]`: the operator's endpoints for outgoing events.
    pub webhooks: Vec<WebhookConfig>,
    pub webhook_delivery: WebhookDeliveryConfig,
}

/// `server.language`: one of the languages in `locales::OFFERED`.
pub use crate::locales::Language;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    pub listen: String,
    pub public_url: String,
    pub time_zone: String,
    pub language: Language,
    /// Largest request body accepted, in KiB (413 above).
    pub max_body_kib: usize,
    /// Key for session cookies; generated and kept in the database when empty.
    pub secret_key: Secret,
    /// HTTP worker threads; 0 = one per core.
    pub workers: usize,
    /// Where `/close.cgi` sends people who cannot log in (JMB's `JMB_REDIRECT_CLOSE`).
    pub close_redirect_url: String,
    /// Peers allowed to read `/metrics` (Munin, Prometheus); others get 403.
    pub metrics_allowed: Vec<IpNet>,
    /// Name shown on every page instead of the translated default.
    pub service_name: String,
    /// The operator's logo (SVG, PNG, JPEG or WebP), served by jmb itself; empty = none.
    pub logo_file: PathBuf,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            time_zone: "Europe/Paris".into(),
            language: Language::ENGLISH,
            max_body_kib: 1024,
            secret_key: Secret::default(),
            workers: 0,
            close_redirect_url: String::new(),
            metrics_allowed: vec![loopback_v4(), loopback_v6()],
            service_name: String::new(),
            logo_file: PathBuf::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// SQLite, the default: the database file.
    pub path: PathBuf,
    /// PostgreSQL instead (`postgres://user:password@host/db`): several nodes on one database.
    /// A secret, since it may carry the password.
    pub url: Secret,
    /// CA for TLS to PostgreSQL, beside the system's roots.
    pub ca_file: PathBuf,
    pub pool_size: u32,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            path: PathBuf::from("/var/lib/jmb/jmb.db"),
            url: Secret::default(),
            ca_file: PathBuf::new(),
            pool_size: 8,
        }
    }
}

impl DatabaseConfig {
    /// Where the data lives, for messages: the file, or PostgreSQL's host and database
    /// (never the URL itself, which may hold a password).
    pub fn describe(&self) -> String {
        if self.url.is_empty() {
            return self.path.display().to_string();
        }
        match self.url.expose().parse::<url::Url>() {
            Ok(u) => format!(
                "PostgreSQL {}{}",
                u.host_str().unwrap_or("(local socket)"),
                u.path()
            ),
            Err(_) => "PostgreSQL (database.url)".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMode {
    #[default]
    Header,
    Oidc,
    Dev,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    pub mode: AuthMode,
    pub header: String,
    pub mail_header: String,
    pub name_header: String,
    pub trusted_proxies: Vec<IpNet>,
    pub mail_domain: String,
    /// Lifetime of the login session cookie (oidc and dev modes), in minutes.
    pub session_lifetime_min: u32,
    pub oidc: Option<OidcConfig>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            mode: AuthMode::Header,
            header: "X-Remote-User".into(),
            mail_header: String::new(),
            name_header: String::new(),
            trusted_proxies: vec![loopback_v4(), loopback_v6()],
            mail_domain: String::new(),
            session_lifetime_min: 8 * 60,
            oidc: None,
        }
    }
}

fn loopback_v4() -> IpNet {
    IpNet::from(std::net::IpAddr::from([127, 0, 0, 1]))
}

fn loopback_v6() -> IpNet {
    IpNet::from(std::net::IpAddr::from(std::net::Ipv6Addr::LOCALHOST))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OidcConfig {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub scopes: Vec<String>,
    /// The claim people are keyed by. `sub` (the default) is keyed together with the issuer;
    /// any other claim must be one the provider does not let people edit.
    pub login_claim: String,
    /// The claim jmb keyed people by before (`preferred_username` up to 0.x): an owner stored
    /// under it is claimed once by the first login with that claim and the owner's verified
    /// mail, and re-keyed. Empty: no such claiming.
    pub former_login_claim: String,
    pub mail_claim: String,
    pub name_claim: String,
    /// PEM certificates of a private CA trusted for the provider, besides the system's.
    pub ca_file: PathBuf,
}

impl Default for OidcConfig {
    fn default() -> Self {
        Self {
            issuer_url: String::new(),
            client_id: String::new(),
            client_secret: Secret::default(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            login_claim: "sub".into(),
            former_login_claim: "preferred_username".into(),
            mail_claim: "email".into(),
            name_claim: "name".into(),
            ca_file: PathBuf::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LdapConfig {
    pub url: String,
    pub bind_dn: String,
    pub bind_password: Secret,
    pub starttls: bool,
    /// PEM file of the CA that signed the server's certificate; empty = the system's roots.
    pub ca_file: PathBuf,
    pub base_dn: String,
    pub user_filter: String,
    pub editor_filter: String,
    pub search_filter: String,
    pub mail_attribute: String,
    pub name_attribute: String,
    /// The attribute holding the login (what `user_filter` matches): `jmb import-jmb` finds
    /// JMB's owners, known by mail only, by it.
    pub login_attribute: String,
    /// The attribute holding a person's language (`preferredLanguage`, RFC 2798); empty = not
    /// asked. Mails go in it until the person picks another on jmb's pages.
    pub language_attribute: String,
    pub cache_ttl_s: u64,
    pub timeout_s: u64,
}

impl Default for LdapConfig {
    fn default() -> Self {
        Self {
            url: "ldap://127.0.0.1:389".into(),
            bind_dn: String::new(),
            bind_password: Secret::default(),
            starttls: false,
            ca_file: PathBuf::new(),
            base_dn: String::new(),
            user_filter: "(uid={login})".into(),
            editor_filter: String::new(),
            search_filter: "(|(cn={q}*)(mail={q}*)(sn={q}*)(givenName={q}*))".into(),
            mail_attribute: "mail".into(),
            name_attribute: "cn".into(),
            login_attribute: "uid".into(),
            language_attribute: String::new(),
            cache_ttl_s: 300,
            timeout_s: 5,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookingConfig {
    pub min_duration_min: u32,
    pub default_duration_min: u32,
    pub max_duration_min: u32,
    /// How far back `/booking` lists past meetings.
    pub past_days: u32,
    pub max_invitees: usize,
    /// Mails carrying a meeting (invitations, updates) to addresses outside
    /// `mail.internal_domains`, per organiser and hour; 0 = no limit.
    pub max_external_invitations_per_hour: u32,
}

impl Default for BookingConfig {
    fn default() -> Self {
        Self {
            min_duration_min: 15,
            default_duration_min: 60,
            max_duration_min: 720,
            past_days: 30,
            max_invitees: 500,
            max_external_invitations_per_hour: 100,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JitsiConfig {
    pub url: String,
    pub domain: String,
    pub app_id: String,
    pub app_secret: Secret,
    pub audience: String,
    pub guest_token: bool,
    pub join_before_min: u32,
    pub join_after_min: u32,
    /// jitsi-meet's `end-meeting` endpoint; empty disables ending rooms at the booked end.
    pub end_meeting_url: String,
    /// PEM private key (RS256) for the system token the `end-meeting` endpoint checks.
    pub system_key: Secret,
    pub system_key_id: String,
    pub grace_min: u32,
}

impl Default for JitsiConfig {
    fn default() -> Self {
        Self {
            url: "https://meet.example.org".into(),
            domain: "meet.example.org".into(),
            app_id: "jmb".into(),
            app_secret: Secret::default(),
            audience: "jitsi".into(),
            guest_token: false,
            join_before_min: 15,
            join_after_min: 0,
            end_meeting_url: String::new(),
            system_key: Secret::default(),
            system_key_id: String::new(),
            grace_min: 5,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    #[default]
    Smtp,
    Sendmail,
    File,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    #[default]
    None,
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    pub from: String,
    /// Envelope sender (Return-Path); defaults to the address of `from`.
    pub envelope_from: String,
    pub transport: MailTransport,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    pub smtp_user: String,
    pub smtp_password: Secret,
    /// PEM certificate(s) of a private CA trusted for the SMTP server, besides the system's.
    pub smtp_ca_file: PathBuf,
    pub sendmail_command: String,
    pub file_dir: PathBuf,
    pub notify_owner_on_answer: bool,
    /// An answer waits this long before it is mailed to the owner, gathering the answers
    /// that follow into the same mail.
    pub answer_notice_delay_min: u32,
    /// Mail domains inside the organisation (subdomains included); empty = `auth.mail_domain`.
    pub internal_domains: Vec<String>,
    pub max_attempts: u32,
    pub retry_max_min: u32,
    /// Where iMIP answers come back, each invitee with a `+token` of its own
    /// (`meetings@booking.example.org`); empty: mails stay as they are, nothing is received.
    pub reply_address: String,
    /// The LMTP door of `jmb serve` for the reply domain: `unix:/run/jmb/lmtp.sock` or a
    /// loopback `host:port`; empty: none (`jmb receive-mail` still works).
    pub lmtp_listen: String,
}

/// The character that starts an invitee's token in the reply address (Postfix's
/// `recipient_delimiter = +`).
pub const REPLY_DELIMITER: char = '+';

/// `mail.reply_address` taken apart (`meetings`, `booking.example.org`); the tokens that
/// go into it and come back out of it are `mail::inbound::address`'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyAddress {
    pub local: String,
    pub domain: String,
}

impl ReplyAddress {
    pub fn parse(address: &str) -> Result<ReplyAddress, String> {
        let parsed: lettre::Address = address.trim().parse().map_err(|_| {
            format!("`{address}` is not a bare mail address such as meetings@booking.example.org")
        })?;
        if parsed.user().contains(REPLY_DELIMITER) {
            return Err(format!(
                "`{address}` has a `{REPLY_DELIMITER}` in its local part: the \
                 `{REPLY_DELIMITER}` starts each invitee's token"
            ));
        }
        Ok(ReplyAddress {
            local: parsed.user().to_string(),
            domain: parsed.domain().to_string(),
        })
    }
}

/// `mail.lmtp_listen`: a unix socket or a loopback TCP address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LmtpListen {
    Unix(PathBuf),
    Tcp(SocketAddr),
}

impl std::str::FromStr for LmtpListen {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(path) = s.strip_prefix("unix:") {
            let path = PathBuf::from(path);
            return if path.is_absolute() {
                Ok(LmtpListen::Unix(path))
            } else {
                Err(format!("`{s}`: the socket path must be absolute"))
            };
        }
        let addr: SocketAddr = s.parse().map_err(|_| {
            format!("`{s}` is neither unix:/path/to/socket nor an address with a port")
        })?;
        if !addr.ip().is_loopback() {
            return Err(format!(
                "`{s}`: LMTP has no authentication, so jmb listens on a loopback address \
                 (127.0.0.1 or [::1]) or a unix socket only"
            ));
        }
        Ok(LmtpListen::Tcp(addr))
    }
}

impl std::fmt::Display for LmtpListen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LmtpListen::Unix(path) => write!(f, "unix:{}", path.display()),
            LmtpListen::Tcp(addr) => write!(f, "{addr}"),
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            from: "Jitsi booking <noreply@example.org>".into(),
            envelope_from: String::new(),
            transport: MailTransport::Smtp,
            smtp_host: "127.0.0.1".into(),
            smtp_port: 25,
            smtp_tls: SmtpTls::None,
            smtp_user: String::new(),
            smtp_password: Secret::default(),
            smtp_ca_file: PathBuf::new(),
            sendmail_command: "/usr/sbin/sendmail".into(),
            file_dir: PathBuf::from("/var/lib/jmb/mail"),
            notify_owner_on_answer: true,
            answer_notice_delay_min: 5,
            internal_domains: Vec::new(),
            max_attempts: 10,
            retry_max_min: 60,
            reply_address: String::new(),
            lmtp_listen: String::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RemindersConfig {
    pub mail_before_start_min: Vec<u32>,
    pub xmpp_before_end_min: Vec<u32>,
    /// Seconds between two passes of the scheduler inside `jmb serve`.
    pub interval_s: u64,
}

impl Default for RemindersConfig {
    fn default() -> Self {
        Self {
            mail_before_start_min: vec![10080, 1440, 60, 10],
            xmpp_before_end_min: vec![15, 5, 0],
            interval_s: 30,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct XmppConfig {
    pub jid: String,
    pub password: Secret,
    pub muc_domain: String,
    pub nickname: String,
    /// Server to connect to; empty = the JID's domain.
    pub host: String,
    pub port: u16,
    /// Connect without TLS (only sensible on loopback).
    pub plaintext: bool,
}

impl Default for XmppConfig {
    fn default() -> Self {
        Self {
            jid: String::new(),
            password: Secret::default(),
            muc_domain: String::new(),
            nickname: "Booking".into(),
            host: String::new(),
            port: 5222,
            plaintext: false,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct HooksConfig {
    pub secret: Secret,
    /// Largest webhook body accepted, in KiB.
    pub max_body_kib: usize,
}

/// One `[[webhooks]]` entry; its secret and event types are checked by `startup::check`.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    pub url: String,
    pub secret: Secret,
    pub events: Vec<String>,
}

/// How outgoing webhooks are delivered.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookDeliveryConfig {
    /// Networks endpoints may reach over plain http, and organisers' endpoints may reach at
    /// all although internal (loopback, private, link-local, unique-local).
    pub allow_networks: Vec<IpNet>,
    /// Whole request, connection included.
    pub timeout_s: u64,
    /// The first retry after a failure; each next one waits twice as long.
    pub retry_first_s: u64,
    /// A delivery still failing this long after its event is marked failed.
    pub give_up_h: u32,
    /// Delivered deliveries (and their events) are forgotten after this many days.
    pub keep_days: u32,
}

impl Default for WebhookDeliveryConfig {
    fn default() -> Self {
        Self {
            allow_networks: Vec::new(),
            timeout_s: 10,
            retry_first_s: 30,
            give_up_h: 24,
            keep_days: 30,
        }
    }
}

/// Everything wrong with a configuration, one line per problem.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {0} not found")]
    Missing(PathBuf),
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Parse(String),
    #[error("invalid configuration:\n  - {}", .0.join("\n  - "))]
    Invalid(Vec<String>),
}

/// Where the configuration comes from.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// A file to read; it must exist.
    pub file: Option<PathBuf>,
    /// Start from the local trial defaults (`jmb serve --dev`).
    pub dev: bool,
}

impl Config {
    /// Reads defaults, then the file, then the environment, and validates the result.
    pub fn load(source: &Source) -> Result<Config, ConfigError> {
        let vars: Vec<(String, String)> = std::env::vars().collect();
        Self::load_with_env(source, &vars)
    }

    /// As [`Config::load`], with the environment given explicitly (tests, `check-config`).
    pub fn load_with_env(
        source: &Source,
        vars: &[(String, String)],
    ) -> Result<Config, ConfigError> {
        let mut figment = Figment::new();
        if source.dev {
            figment = figment.merge(Serialized::defaults(dev_defaults()));
        }
        if let Some(path) = &source.file {
            if !path.is_file() {
                return Err(ConfigError::Missing(path.clone()));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        for name in foreign_env_vars(vars) {
            // Not ours to judge: `JMB_BIN`, `JMB_HOME` in an operator's shell or image. A
            // typo within a known section (`JMB_JITSI_APP_SECRT`) is still refused below.
            tracing::warn!(
                variable = %name,
                "ignoring environment variable {name}: it names no configuration section ({})",
                section_names()
            );
        }
        figment = figment.merge(
            Env::prefixed("JMB_")
                .ignore(&["config"])
                .filter(|key| {
                    let key = key.as_str().to_ascii_lowercase();
                    !key.ends_with("_file") && env_section(&key).is_some()
                })
                .map(|key| env_key(key.as_str()).into()),
        );
        for (key, value) in secret_files(vars)? {
            figment = figment.merge(Serialized::default(&key, value));
        }
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError::Parse(describe_figment_error(e)))?;
        config.validate()?;
        Ok(config)
    }

    /// Cross-field rules, all problems collected before failing.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        let listen = self.server.listen.parse::<SocketAddr>();
        match &listen {
            Err(_) => problems.push(format!(
                "server.listen: `{}` is not an address with a port, e.g. 127.0.0.1:8080",
                self.server.listen
            )),
            Ok(addr) if self.auth.mode == AuthMode::Dev && !addr.ip().is_loopback() => problems
                .push(format!(
                    "auth.mode = \"dev\" lets anyone log in under any name, so jmb only starts in \
                     that mode when server.listen is a loopback address (127.0.0.1 or [::1]), \
                     not {addr}; use auth.mode = \"header\" or \"oidc\" to listen on the network"
                )),
            Ok(_) => {}
        }
        check_url(&mut problems, "server.public_url", &self.server.public_url);
        if self.server.time_zone.parse::<chrono_tz::Tz>().is_err() {
            problems.push(format!(
                "server.time_zone: `{}` is not an IANA time zone such as Europe/Paris",
                self.server.time_zone
            ));
        }
        if self.server.max_body_kib == 0 {
            problems.push("server.max_body_kib must be at least 1".into());
        }
        if !self.server.close_redirect_url.is_empty() {
            check_url(
                &mut problems,
                "server.close_redirect_url",
                &self.server.close_redirect_url,
            );
        }
        if self.server.service_name.chars().count() > 100 {
            problems.push("server.service_name: at most 100 characters".into());
        }
        if !self.database.url.is_empty() {
            if let Err(e) = self.database.url.expose().parse::<postgres::Config>() {
                problems.push(format!(
                    "database.url: not a PostgreSQL connection string \
                     (postgres://user@host/database): {e}"
                ));
            }
            if self.server.secret_key.is_empty() {
                problems.push(
                    "server.secret_key must be set when database.url is: every node behind the \
                     load balancer signs and reads the same cookies (`openssl rand -hex 32`, the \
                     same value on each node)"
                        .into(),
                );
            }
            if !self.database.ca_file.as_os_str().is_empty() && !self.database.ca_file.is_file() {
                problems.push(format!(
                    "database.ca_file: {} is not a readable file",
                    self.database.ca_file.display()
                ));
            }
        }
        if self.database.pool_size < 2 {
            problems.push(
                "database.pool_size must be at least 2: the writer of room events keeps one \
                 connection for itself"
                    .into(),
            );
        }
        if self.auth.mode == AuthMode::Header && self.auth.header.trim().is_empty() {
            problems.push("auth.header must name the header that carries the login".into());
        }
        if self.auth.mode == AuthMode::Oidc {
            match &self.auth.oidc {
                None => problems.push(
                    "auth.mode = \"oidc\" needs an [auth.oidc] section with issuer_url, client_id \
                     and client_secret"
                        .into(),
                ),
                Some(oidc) => {
                    check_url(&mut problems, "auth.oidc.issuer_url", &oidc.issuer_url);
                    if oidc.client_id.is_empty() {
                        problems.push("auth.oidc.client_id is empty".into());
                    }
                    if !oidc.ca_file.as_os_str().is_empty() && !oidc.ca_file.is_file() {
                        problems.push(format!(
                            "auth.oidc.ca_file: {} is not a readable file",
                            oidc.ca_file.display()
                        ));
                    }
                    // LDAP is asked by the owner key, which `sub` makes `{issuer}#{sub}`: the
                    // editor filter would then let nobody book.
                    if oidc.login_claim == "sub"
                        && self
                            .ldap
                            .as_ref()
                            .is_some_and(|l| !l.editor_filter.trim().is_empty())
                    {
                        problems.push(
                            "auth.oidc.login_claim = \"sub\" with ldap.editor_filter: LDAP is asked \
                             by login, so set auth.oidc.login_claim to the claim that holds the \
                             LDAP login (e.g. \"preferred_username\" where people cannot edit it)"
                                .into(),
                        );
                    }
                }
            }
        }
        if self.auth.session_lifetime_min == 0 {
            problems.push("auth.session_lifetime_min must be at least 1".into());
        }
        if let Some(ldap) = &self.ldap {
            if !(ldap.url.starts_with("ldap://") || ldap.url.starts_with("ldaps://")) {
                problems.push(format!(
                    "ldap.url: `{}` must start with ldap:// or ldaps://",
                    ldap.url
                ));
            }
            if ldap.base_dn.is_empty() {
                problems.push("ldap.base_dn is empty".into());
            }
            if !ldap.user_filter.contains("{login}") {
                problems.push("ldap.user_filter must contain {login}".into());
            }
            if !ldap.search_filter.contains("{q}") {
                problems.push("ldap.search_filter must contain {q}".into());
            }
            for (key, template) in [
                ("ldap.user_filter", &ldap.user_filter),
                ("ldap.editor_filter", &ldap.editor_filter),
                ("ldap.search_filter", &ldap.search_filter),
            ] {
                let sample = template.replace("{login}", "x").replace("{q}", "x");
                if !template.is_empty() && ldap3::parse_filter(&sample).is_err() {
                    problems.push(format!(
                        "{key}: `{template}` is not an LDAP filter (RFC 4515) such as (uid={{login}})"
                    ));
                }
            }
            if ldap.starttls && ldap.url.starts_with("ldaps://") {
                problems.push(
                    "ldap.starttls = true with an ldaps:// URL: choose one (StartTLS upgrades a \
                     plain ldap:// connection)"
                        .into(),
                );
            }
            if !ldap.ca_file.as_os_str().is_empty() && !ldap.ca_file.is_file() {
                problems.push(format!(
                    "ldap.ca_file: {} is not a readable file",
                    ldap.ca_file.display()
                ));
            }
            if ldap.timeout_s == 0 {
                problems.push("ldap.timeout_s must be at least 1".into());
            }
        }
        let b = &self.booking;
        if b.min_duration_min == 0
            || b.min_duration_min > b.default_duration_min
            || b.default_duration_min > b.max_duration_min
        {
            problems.push(format!(
                "booking: durations must satisfy 1 <= min_duration_min ({}) <= \
                 default_duration_min ({}) <= max_duration_min ({})",
                b.min_duration_min, b.default_duration_min, b.max_duration_min
            ));
        }
        check_url(&mut problems, "jitsi.url", &self.jitsi.url);
        let placeholders = sample_secrets();
        if self.jitsi.app_secret.is_empty() {
            problems.push(
                "jitsi.app_secret is empty: set it to Prosody's app_secret (or \
                 JMB_JITSI_APP_SECRET / JMB_JITSI_APP_SECRET_FILE)"
                    .into(),
            );
        }
        let is_placeholder = |secret: &Secret| placeholders.iter().any(|p| p == secret.expose());
        // Keys jmb signs or checks with: the sample's values are public, short ones guessable.
        for (key, secret) in [
            ("jitsi.app_secret", &self.jitsi.app_secret),
            ("hooks.secret", &self.hooks.secret),
            ("server.secret_key", &self.server.secret_key),
        ] {
            if secret.is_empty() {
                continue;
            }
            if is_placeholder(secret) {
                problems.push(placeholder_problem(key));
            } else if secret.expose().len() < MIN_SECRET_BYTES {
                problems.push(format!(
                    "{key} is {} bytes long: a shared secret needs at least {MIN_SECRET_BYTES} \
                     random bytes, e.g. `openssl rand -hex 32` (set the same value wherever \
                     it is shared)",
                    secret.expose().len()
                ));
            }
        }
        // Chosen by the provider, so no length rule; but never the sample's.
        if self.auth.mode == AuthMode::Oidc
            && let Some(oidc) = &self.auth.oidc
            && is_placeholder(&oidc.client_secret)
        {
            problems.push(placeholder_problem("auth.oidc.client_secret"));
        }
        if self.jitsi.app_id.is_empty() {
            problems.push("jitsi.app_id is empty: set it to Prosody's app_id".into());
        }
        if !self.jitsi.end_meeting_url.is_empty() {
            check_url(
                &mut problems,
                "jitsi.end_meeting_url",
                &self.jitsi.end_meeting_url,
            );
            if self.jitsi.system_key.is_empty() {
                problems.push(
                    "jitsi.end_meeting_url is set but jitsi.system_key (the RS256 private key \
                     jitsi-meet checks) is empty"
                        .into(),
                );
            }
            if self.jitsi.system_key_id.is_empty() {
                problems.push(
                    "jitsi.end_meeting_url is set but jitsi.system_key_id is empty: Prosody \
                     finds the public key by this id (prosody_password_public_key_repo_url)"
                        .into(),
                );
            }
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            problems.push(format!(
                "mail.from: `{}` is not a mail address such as `Jitsi booking <noreply@example.org>`",
                self.mail.from
            ));
        }
        if !self.mail.envelope_from.is_empty()
            && self.mail.envelope_from.parse::<lettre::Address>().is_err()
        {
            problems.push(format!(
                "mail.envelope_from: `{}` is not a bare mail address",
                self.mail.envelope_from
            ));
        }
        if !self.mail.smtp_ca_file.as_os_str().is_empty() && !self.mail.smtp_ca_file.is_file() {
            problems.push(format!(
                "mail.smtp_ca_file: {} is not a readable file",
                self.mail.smtp_ca_file.display()
            ));
        }
        match self.mail.transport {
            MailTransport::Smtp if self.mail.smtp_host.is_empty() => {
                problems.push("mail.transport = \"smtp\" needs mail.smtp_host".into())
            }
            MailTransport::File if self.mail.file_dir.as_os_str().is_empty() => {
                problems.push("mail.transport = \"file\" needs mail.file_dir".into())
            }
            _ => {}
        }
        for domain in &self.mail.internal_domains {
            if domain.is_empty() || format!("x@{domain}").parse::<lettre::Address>().is_err() {
                problems.push(format!(
                    "mail.internal_domains: `{domain}` is not a mail domain such as example.org"
                ));
            }
        }
        if self.mail.answer_notice_delay_min > 24 * 60 {
            problems.push(format!(
                "mail.answer_notice_delay_min: {} minutes is more than a day",
                self.mail.answer_notice_delay_min
            ));
        }
        if self.mail.max_attempts == 0 {
            problems.push("mail.max_attempts must be at least 1".into());
        }
        if let Err(e) = self.reply_address() {
            problems.push(format!("mail.reply_address: {e}"));
        }
        match self.lmtp_listen() {
            Err(e) => problems.push(format!("mail.lmtp_listen: {e}")),
            Ok(Some(_)) if self.mail.reply_address.trim().is_empty() => problems.push(
                "mail.lmtp_listen is set but mail.reply_address is empty: the LMTP door \
                 receives mail for the reply address"
                    .into(),
            ),
            Ok(_) => {}
        }
        if self.reminders.interval_s == 0 {
            problems
                .push("reminders.interval_s must be at least 1 (seconds between passes)".into());
        }
        for (key, offsets) in [
            (
                "reminders.mail_before_start_min",
                &self.reminders.mail_before_start_min,
            ),
            (
                "reminders.xmpp_before_end_min",
                &self.reminders.xmpp_before_end_min,
            ),
        ] {
            if let Some(o) = offsets.iter().find(|&&o| o > MAX_REMINDER_OFFSET_MIN) {
                problems.push(format!(
                    "{key}: {o} minutes is more than a year ({MAX_REMINDER_OFFSET_MIN}) ahead"
                ));
            }
        }
        if let Some(x) = &self.xmpp {
            if x.password.is_empty() {
                problems.push(
                    "xmpp.password is empty: set the password of xmpp.jid (or \
                     JMB_XMPP_PASSWORD / JMB_XMPP_PASSWORD_FILE)"
                        .into(),
                );
            }
            if x.nickname.trim().is_empty() {
                problems.push(
                    "xmpp.nickname is empty: it is the name the room shows jmb's messages under"
                        .into(),
                );
            }
            if x.port == 0 {
                problems.push("xmpp.port must be a TCP port such as 5222".into());
            }
            if !x.jid.contains('@') {
                problems.push(format!(
                    "xmpp.jid: `{}` is not a JID such as jmb@auth.meet.example.org",
                    x.jid
                ));
            }
            if x.muc_domain.is_empty() {
                problems.push("xmpp.muc_domain is empty".into());
            }
        }
        for (n, w) in self.webhooks.iter().enumerate() {
            match url::Url::parse(&w.url) {
                Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => {}
                _ => problems.push(format!(
                    "webhooks[{n}].url: `{}` is not an https:// URL",
                    w.url
                )),
            }
        }
        let d = &self.webhook_delivery;
        if d.timeout_s == 0 || d.timeout_s > 60 {
            problems.push("webhook_delivery.timeout_s: between 1 and 60".into());
        }
        if d.retry_first_s == 0 {
            problems.push("webhook_delivery.retry_first_s must be at least 1".into());
        }
        if d.give_up_h == 0 {
            problems.push("webhook_delivery.give_up_h must be at least 1".into());
        }
        if d.keep_days == 0 {
            problems.push("webhook_delivery.keep_days must be at least 1".into());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::Invalid(problems))
        }
    }

    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.server.listen.parse().map_err(|_| {
            ConfigError::Invalid(vec![format!(
                "server.listen: `{}` is not an address",
                self.server.listen
            )])
        })
    }

    /// `mail.reply_address` taken apart; `None` when it is not set.
    pub fn reply_address(&self) -> Result<Option<ReplyAddress>, String> {
        let address = self.mail.reply_address.trim();
        if address.is_empty() {
            return Ok(None);
        }
        ReplyAddress::parse(address).map(Some)
    }

    /// `mail.lmtp_listen`; `None` when it is not set.
    pub fn lmtp_listen(&self) -> Result<Option<LmtpListen>, String> {
        let listen = self.mail.lmtp_listen.trim();
        if listen.is_empty() {
            return Ok(None);
        }
        listen.parse().map(Some)
    }

    /// The site's own mail domains, lower-cased: `mail.internal_domains`, else the domain of
    /// `auth.mail_domain`.
    pub fn internal_domains(&self) -> Vec<String> {
        let domains = if self.mail.internal_domains.is_empty() {
            std::slice::from_ref(&self.auth.mail_domain)
        } else {
            &self.mail.internal_domains[..]
        };
        domains
            .iter()
            .filter(|d| !d.is_empty())
            .map(|d| d.to_lowercase())
            .collect()
    }

    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.server.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// A room's destruction lists everyone who came (one entry per connection), so a
    /// meeting of a few hundred people posts well over 64 KiB.
    pub fn hooks_body_limit(&self) -> usize {
        let kib = if self.hooks.max_body_kib == 0 {
            512
        } else {
            self.hooks.max_body_kib
        };
        kib * 1024
    }
}

/// The non-empty secret values of the sample configuration.
fn sample_secrets() -> Vec<String> {
    let sample = Figment::from(Toml::string(SAMPLE));
    SECRET_KEYS
        .iter()
        .filter_map(|key| sample.extract_inner::<String>(key).ok())
        .filter(|value| !value.is_empty())
        .collect()
}

fn placeholder_problem(key: &str) -> String {
    format!(
        "{key} is still the placeholder of the sample configuration, which anyone can read: \
         set a secret of your own, e.g. `openssl rand -hex 32`"
    )
}

fn check_url(problems: &mut Vec<String>, key: &str, value: &str) {
    let ok = value
        .parse::<url::Url>()
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(false);
    if !ok {
        problems.push(format!(
            "{key}: `{value}` is not an http(s) URL such as https://booking.example.org"
        ));
    }
}

/// `jitsi_app_secret` → `jitsi.app_secret`; `auth_oidc_client_id` → `auth.oidc.client_id`.
pub fn env_key(key: &str) -> String {
    let key = key.to_ascii_lowercase();
    match env_section(&key) {
        Some((section, rest)) => format!("{section}.{rest}"),
        None => key,
    }
}

/// The section a lower-case variable name (without `jmb_`) starts with, and the key after it.
fn env_section(key: &str) -> Option<(&'static str, &str)> {
    ENV_SECTIONS.iter().find_map(|(prefix, section)| {
        key.strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('_'))
            .filter(|rest| !rest.is_empty())
            .map(|rest| (*section, rest))
    })
}

fn section_names() -> String {
    let mut names: Vec<&str> = ENV_SECTIONS.iter().map(|(_, s)| *s).collect();
    names.sort_unstable();
    names.join(", ")
}

/// `JMB_…` variables of the command line's own, not configuration: `JMB_CONFIG`,
/// `JMB_COPY_TO_URL` (copy-database's target, kept out of `ps`).
const COMMAND_ENV_VARS: [&str; 2] = ["config", "copy_to_url"];

/// `JMB_…` variables that name no configuration section (and are not the command line's own):
/// another
/// program's, so jmb leaves them alone and only says so.
pub fn foreign_env_vars(vars: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = vars
        .iter()
        .filter_map(|(name, _)| {
            let rest = name.strip_prefix("JMB_")?.to_ascii_lowercase();
            let base = rest.strip_suffix("_file").unwrap_or(&rest);
            (!COMMAND_ENV_VARS.contains(&rest.as_str()) && env_section(base).is_none())
                .then(|| name.clone())
        })
        .collect();
    names.sort();
    names
}

/// Secrets given as `JMB_<SECTION>_<KEY>_FILE=/path`, read from their files.
fn secret_files(vars: &[(String, String)]) -> Result<Vec<(String, String)>, ConfigError> {
    let mut out = Vec::new();
    for (name, value) in vars {
        let Some(rest) = name.strip_prefix("JMB_") else {
            continue;
        };
        let lower = rest.to_ascii_lowercase();
        let Some(base) = lower.strip_suffix("_file") else {
            continue;
        };
        if env_section(base).is_none() {
            continue; // another program's variable (see `foreign_env_vars`)
        }
        let key = env_key(base);
        if !SECRET_KEYS.contains(&key.as_str()) {
            return Err(ConfigError::Parse(format!(
                "{name}: only secrets can be read from a file ({})",
                SECRET_KEYS.join(", ")
            )));
        }
        let content = std::fs::read_to_string(value).map_err(|source| ConfigError::Unreadable {
            path: format!("{value} (from {name})"),
            source,
        })?;
        out.push((key, content.trim_end_matches(['\n', '\r']).to_string()));
    }
    Ok(out)
}

/// figment names the key and where it came from; keep that, drop its "for key default." noise.
fn describe_figment_error(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let mut line = if key.is_empty() {
                e.kind.to_string()
            } else {
                format!("{key}: {}", e.kind)
            };
            if let Some(meta) = &e.metadata {
                match &meta.source {
                    Some(figment::Source::File(path)) => {
                        line.push_str(&format!(" (in {})", path.display()))
                    }
                    _ if meta.name.contains("environment") => {
                        let var = format!("JMB_{}", key.replace('.', "_").to_ascii_uppercase());
                        line.push_str(&format!(" (from environment variable {var})"))
                    }
                    _ => {}
                }
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The local trial (`jmb serve --dev`): SQLite and mail files under `./data`, the dev login.
#[derive(serde::Serialize)]
struct DevDefaults {
    server: DevServer,
    database: DevDatabase,
    auth: DevAuth,
    jitsi: DevJitsi,
    mail: DevMail,
}

#[derive(serde::Serialize)]
struct DevServer {
    listen: &'static str,
    public_url: &'static str,
}
#[derive(serde::Serialize)]
struct DevDatabase {
    path: &'static str,
}
#[derive(serde::Serialize)]
struct DevAuth {
    mode: &'static str,
    mail_domain: &'static str,
}
#[derive(serde::Serialize)]
struct DevJitsi {
    url: &'static str,
    domain: &'static str,
    app_secret: &'static str,
}
#[derive(serde::Serialize)]
struct DevMail {
    transport: &'static str,
    file_dir: &'static str,
}

fn dev_defaults() -> DevDefaults {
    DevDefaults {
        server: DevServer {
            listen: "127.0.0.1:8080",
            public_url: "http://127.0.0.1:8080",
        },
        database: DevDatabase {
            path: "data/jmb.db",
        },
        auth: DevAuth {
            mode: "dev",
            mail_domain: "example.org",
        },
        jitsi: DevJitsi {
            url: "https://meet.jit.si",
            domain: "meet.jit.si",
            app_secret: "dev-only-secret-not-for-production",
        },
        mail: DevMail {
            transport: "file",
            file_dir: "data/mail",
        },
    }
}

/// Path of the default configuration file, honouring `JMB_CONFIG`.
pub fn default_path() -> PathBuf {
    std::env::var_os("JMB_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new("/etc/jmb/jmb.toml").to_path_buf())
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closure type
mod tests {
    use super::*;

    fn load(toml: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut result = None;
        figment::Jail::expect_with(|jail| {
            jail.create_file("jmb.toml", toml)?;
            for (k, v) in env {
                jail.set_env(k, v);
            }
            let vars: Vec<(String, String)> = env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            result = Some(Config::load_with_env(
                &Source {
                    file: Some("jmb.toml".into()),
                    dev: false,
                },
                &vars,
            ));
            Ok(())
        });
        result.expect("jail ran")
    }

    const MINIMAL: &str = "[jitsi]\napp_secret = \"0123456789abcdef0123456789abcdef\"\n";
    const LONG: &str = "a-secret-of-at-least-thirty-two-bytes";

    /// The sample as `install.sh` writes it: the placeholders replaced by random secrets.
    fn installed_sample(sample: &str) -> String {
        sample
            .replace("change-me-to-prosody-app-secret", &"1f".repeat(32))
            .replace("change-me-to-a-long-random-string", &"e2".repeat(32))
    }

    #[test]
    fn environment_keys_map_to_the_longest_known_section() {
        assert_eq!(env_key("jitsi_app_secret"), "jitsi.app_secret");
        assert_eq!(
            env_key("auth_oidc_client_secret"),
            "auth.oidc.client_secret"
        );
        assert_eq!(env_key("auth_trusted_proxies"), "auth.trusted_proxies");
        assert_eq!(env_key("server_public_url"), "server.public_url");
        assert_eq!(env_key("bogus"), "bogus");
    }

    #[test]
    fn a_minimal_file_gives_the_documented_defaults() {
        let c = load(MINIMAL, &[]).expect("valid");
        assert_eq!(c.booking.min_duration_min, 15);
        assert_eq!(c.booking.default_duration_min, 60);
        assert_eq!(c.booking.max_duration_min, 720);
        assert_eq!(c.auth.header, "X-Remote-User");
        assert_eq!(c.jitsi.audience, "jitsi");
        assert_eq!(c.reminders.mail_before_start_min, vec![10080, 1440, 60, 10]);
    }

    #[test]
    fn environment_overrides_file_values_with_single_underscores() {
        let c = load(
            MINIMAL,
            &[
                ("JMB_JITSI_APP_SECRET", LONG),
                ("JMB_SERVER_LANGUAGE", "fr"),
                ("JMB_BOOKING_MAX_DURATION_MIN", "90"),
            ],
        )
        .expect("valid");
        assert_eq!(c.jitsi.app_secret.expose(), LONG);
        assert_eq!(c.server.language.tag(), "fr");
        assert_eq!(c.booking.max_duration_min, 90);
    }

    #[test]
    fn unknown_keys_are_errors_that_name_the_key() {
        let err = load("[jitsi]\napp_secret = \"x\"\nbogus_key = 1\n", &[]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("bogus_key"), "{text}");
        assert!(text.contains("jmb.toml"), "{text}");
        let err = load(MINIMAL, &[("JMB_MAIL_NOPE", "1")]).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = load(
            "[server]\ntime_zone = \"Mars/Olympus\"\nlisten = \"nowhere\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("server.time_zone"), "{err}");
        assert!(err.contains("server.listen"), "{err}");
        assert!(err.contains("jitsi.app_secret"), "{err}");
    }

    #[test]
    fn an_oidc_login_keyed_by_sub_cannot_be_combined_with_an_ldap_editor_filter() {
        let oidc = "[auth]\nmode = \"oidc\"\n[auth.oidc]\nissuer_url = \"https://op.example\"\n\
                    client_id = \"jmb\"\nclient_secret = \"a-secret-of-at-least-thirty-two-bytes\"\n[jitsi]\napp_secret = \"0123456789abcdef0123456789abcdef\"\n[ldap]\n\
                    base_dn = \"dc=example\"\neditor_filter = \"(employeeType=staff)\"\n";
        let err = load(oidc, &[]).unwrap_err().to_string();
        assert!(err.contains("auth.oidc.login_claim"), "{err}");
        let fixed = oidc.replace(
            "client_id = \"jmb\"\n",
            "client_id = \"jmb\"\nlogin_claim = \"preferred_username\"\n",
        );
        assert!(load(&fixed, &[]).is_ok());
    }

    #[test]
    fn dev_mode_refuses_a_non_loopback_listen_address_and_says_why() {
        let err = load(
            "[auth]\nmode = \"dev\"\n[server]\nlisten = \"0.0.0.0:8080\"\n[jitsi]\napp_secret=\"x\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("loopback"), "{err}");
    }

    #[test]
    fn secrets_can_come_from_files() {
        let mut result = None;
        figment::Jail::expect_with(|jail| {
            jail.create_file("jmb.toml", "")?;
            jail.create_file("secret.txt", &format!("{LONG}\n"))?;
            let path = jail.directory().join("secret.txt");
            let vars = vec![(
                "JMB_JITSI_APP_SECRET_FILE".to_string(),
                path.display().to_string(),
            )];
            jail.set_env("JMB_JITSI_APP_SECRET_FILE", path.display());
            result = Some(Config::load_with_env(
                &Source {
                    file: Some("jmb.toml".into()),
                    dev: false,
                },
                &vars,
            ));
            Ok(())
        });
        let c = result.expect("ran").expect("valid");
        assert_eq!(c.jitsi.app_secret.expose(), LONG);
        assert_eq!(format!("{:?}", c.jitsi.app_secret), "\"[redacted]\"");
    }

    #[test]
    fn ending_rooms_needs_a_pem_rsa_key_and_its_id() {
        let err = load(
            "[jitsi]\napp_secret = \"x\"\nend_meeting_url = \"http://127.0.0.1:5280/end-meeting\"\n\
             system_key = \"not a key\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        // Whether the key parses is `check-config`'s start-up check (tests/cli.rs).
        assert!(err.contains("jitsi.system_key_id is empty"), "{err}");
        let err = load(
            "[jitsi]\napp_secret = \"x\"\nend_meeting_url = \"http://127.0.0.1:5280/end-meeting\"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("jitsi.system_key (the RS256 private key"),
            "{err}"
        );
    }

    #[test]
    fn reminder_and_xmpp_settings_are_checked_and_named() {
        let err = load(
            "[jitsi]\napp_secret = \"x\"\n[reminders]\ninterval_s = 0\n\
             mail_before_start_min = [60, 600000]\n\
             [xmpp]\njid = \"jmb@auth.example.org\"\nmuc_domain = \"conference.example.org\"\n\
             nickname = \" \"\n",
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("reminders.interval_s"), "{err}");
        assert!(
            err.contains("reminders.mail_before_start_min: 600000"),
            "{err}"
        );
        assert!(err.contains("xmpp.password"), "{err}");
        assert!(err.contains("xmpp.nickname"), "{err}");
    }

    #[test]
    fn ldap_filters_and_tls_settings_are_checked_at_start() {
        let err = load(
            &format!(
                "{MINIMAL}[ldap]\nbase_dn = \"dc=x\"\neditor_filter = \"(|(a=b)\"\n\
                 url = \"ldaps://h\"\nstarttls = true\nca_file = \"/nonexistent/ca.pem\"\n"
            ),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("ldap.editor_filter"), "{err}");
        assert!(err.contains("ldap.starttls"), "{err}");
        assert!(err.contains("ldap.ca_file"), "{err}");
        assert!(!err.contains("ldap.user_filter"), "{err}");
    }

    #[test]
    fn the_sample_ldap_section_parses_once_uncommented() {
        let sample = include_str!("../conf-samples/jmb.toml");
        let mut in_ldap = false;
        let uncommented: String = sample
            .lines()
            .map(|line| {
                if line.starts_with('[') {
                    in_ldap = false;
                }
                if line == "# [ldap]" {
                    in_ldap = true;
                    return "[ldap]".to_string();
                }
                match line.strip_prefix("# ") {
                    Some(rest) if in_ldap && rest.contains(" = ") => rest.to_string(),
                    _ => line.to_string(),
                }
            })
            .map(|l| l + "\n")
            .collect();
        let c = load(&installed_sample(&uncommented), &[])
            .expect("the documented [ldap] keys are valid");
        let ldap = c.ldap.expect("an [ldap] section");
        assert_eq!(ldap.base_dn, "ou=people,dc=example,dc=org");
        assert_eq!(ldap.cache_ttl_s, 300);
    }

    #[test]
    fn the_sample_configuration_parses_and_validates_once_its_secrets_are_set() {
        let c = load(&installed_sample(SAMPLE), &[]).expect("sample is valid");
        assert_eq!(c.auth.mode, AuthMode::Header);
    }

    #[test]
    fn the_sample_s_placeholder_secrets_are_refused_by_name() {
        let err = load(SAMPLE, &[]).unwrap_err().to_string();
        assert!(
            err.contains("jitsi.app_secret is still the placeholder"),
            "{err}"
        );
        assert!(
            err.contains("hooks.secret is still the placeholder"),
            "{err}"
        );
        assert!(!err.contains("change-me"), "a secret in the message: {err}");
        // The same values from the environment, or another sample value, fare no better.
        let err = load(
            MINIMAL,
            &[
                ("JMB_HOOKS_SECRET", "change-me-to-a-long-random-string"),
                ("JMB_JITSI_APP_SECRET", "change-me"),
            ],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("hooks.secret is still the placeholder"),
            "{err}"
        );
        assert!(
            err.contains("jitsi.app_secret is still the placeholder"),
            "{err}"
        );
        let oidc = "[auth]\nmode = \"oidc\"\n[auth.oidc]\nissuer_url = \"https://sso.example.org\"\n\
                    client_id = \"jmb\"\nclient_secret = \"change-me\"\n";
        let err = load(&format!("{MINIMAL}{oidc}"), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("auth.oidc.client_secret is still the placeholder"),
            "{err}"
        );
    }

    #[test]
    fn postgresql_needs_a_shared_cookie_key_and_a_connection_string() {
        let pg = "[database]\nurl = \"postgres://jmb@db.example.org/jmb\"\n";
        let err = load(&format!("{MINIMAL}{pg}"), &[])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("server.secret_key must be set when database.url is"),
            "{err}"
        );
        let keyed = format!("{MINIMAL}{pg}[server]\nsecret_key = \"{LONG}\"\n");
        let c = load(&keyed, &[]).expect("valid");
        assert_eq!(c.database.describe(), "PostgreSQL db.example.org/jmb");
        // The URL may hold a password: never shown.
        assert_eq!(format!("{:?}", c.database.url), "\"[redacted]\"");
        let err = load(
            &format!(
                "{MINIMAL}[database]\nurl = \"mysql://x\"\n[server]\nsecret_key = \"{LONG}\"\n"
            ),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("database.url: not a PostgreSQL connection string"),
            "{err}"
        );
        // SQLite, the default, needs neither.
        let c = load(MINIMAL, &[]).expect("valid");
        assert!(c.database.url.is_empty());
    }

    #[test]
    fn shared_secrets_shorter_than_32_bytes_are_refused_by_name() {
        let short = "[jitsi]\napp_secret = \"s3cret\"\n[hooks]\nsecret = \"0123456789abcdef0123456789abcde\"\n\
                     [server]\nsecret_key = \"tiny\"\n";
        let err = load(short, &[]).unwrap_err().to_string();
        assert!(err.contains("jitsi.app_secret is 6 bytes long"), "{err}");
        assert!(err.contains("hooks.secret is 31 bytes long"), "{err}");
        assert!(err.contains("server.secret_key is 4 bytes long"), "{err}");
        assert!(!err.contains("s3cret") && !err.contains("tiny"), "{err}");
        // An empty hooks.secret switches the hooks off; 32 bytes are enough.
        let c = load(&format!("{MINIMAL}[hooks]\nsecret = \"\"\n"), &[]).expect("valid");
        assert!(c.hooks.secret.is_empty());
    }

    #[test]
    fn the_local_trial_s_own_secret_passes_the_rules() {
        let mut result = None;
        figment::Jail::expect_with(|_| {
            result = Some(Config::load_with_env(
                &Source {
                    file: None,
                    dev: true,
                },
                &[],
            ));
            Ok(())
        });
        let c = result.expect("ran").expect("dev defaults are valid");
        assert!(c.jitsi.app_secret.expose().len() >= MIN_SECRET_BYTES);
    }

    #[test]
    fn internal_domains_default_to_the_login_mail_domain_and_are_checked() {
        let c = load(
            &format!("{MINIMAL}[auth]\nmail_domain = \"Univ.fr\"\n"),
            &[],
        )
        .expect("valid");
        assert_eq!(c.internal_domains(), ["univ.fr"]);
        assert_eq!(c.booking.max_external_invitations_per_hour, 100);
        assert_eq!(c.mail.answer_notice_delay_min, 5);
        let c = load(
            &format!("{MINIMAL}[mail]\ninternal_domains = [\"univ.fr\", \"chu.fr\"]\n"),
            &[],
        )
        .expect("valid");
        assert_eq!(c.internal_domains(), ["univ.fr", "chu.fr"]);
        let err = load(
            &format!("{MINIMAL}[mail]\ninternal_domains = [\"@univ.fr\", \"\"]\n"),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("mail.internal_domains: `@univ.fr`"), "{err}");
        assert!(err.contains("mail.internal_domains: ``"), "{err}");
    }

    #[test]
    fn the_lmtp_door_listens_on_a_unix_socket_or_a_loopback_address() {
        assert_eq!(
            "unix:/run/jmb/lmtp.sock".parse::<LmtpListen>(),
            Ok(LmtpListen::Unix("/run/jmb/lmtp.sock".into()))
        );
        assert!(matches!(
            "127.0.0.1:2424".parse::<LmtpListen>(),
            Ok(LmtpListen::Tcp(_))
        ));
        assert!(matches!(
            "[::1]:2424".parse::<LmtpListen>(),
            Ok(LmtpListen::Tcp(_))
        ));
        for bad in [
            "0.0.0.0:2424",
            "192.0.2.1:24",
            "unix:relative.sock",
            "localhost",
            "",
        ] {
            assert!(bad.parse::<LmtpListen>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_reply_address_and_the_lmtp_door_are_checked() {
        let c = load(MINIMAL, &[]).expect("valid");
        assert_eq!(c.reply_address().unwrap(), None);
        assert_eq!(c.lmtp_listen().unwrap(), None);
        let c = load(
            &format!(
                "{MINIMAL}[mail]\nreply_address = \"meetings@booking.example.org\"\n\
                 lmtp_listen = \"unix:/run/jmb/lmtp.sock\"\n"
            ),
            &[],
        )
        .expect("valid");
        assert!(c.reply_address().unwrap().is_some());
        let c = load(
            MINIMAL,
            &[
                ("JMB_MAIL_REPLY_ADDRESS", "meetings@booking.example.org"),
                ("JMB_MAIL_LMTP_LISTEN", "127.0.0.1:2424"),
            ],
        )
        .expect("valid from the environment");
        assert_eq!(
            c.lmtp_listen().unwrap(),
            Some(LmtpListen::Tcp("127.0.0.1:2424".parse().unwrap()))
        );
        let err = load(
            &format!(
                "{MINIMAL}[mail]\nreply_address = \"meetings+x@example.org\"\n\
                 lmtp_listen = \"0.0.0.0:2424\"\n"
            ),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("mail.reply_address: `meetings+x@example.org`"),
            "{err}"
        );
        assert!(err.contains("mail.lmtp_listen: `0.0.0.0:2424`"), "{err}");
        let err = load(
            &format!("{MINIMAL}[mail]\nlmtp_listen = \"127.0.0.1:2424\"\n"),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("mail.reply_address is empty"), "{err}");
    }

    #[test]
    fn variables_of_other_programs_are_left_alone_and_typos_in_a_section_are_not() {
        let c = load(
            MINIMAL,
            &[
                ("JMB_BIN", "/usr/local/bin/jmb"),
                ("JMB_HOME", "/srv/jmb"),
                ("JMB_TOKEN_FILE", "/nonexistent"),
            ],
        )
        .expect("foreign variables are ignored");
        assert_eq!(c.jitsi.app_id, "jmb");
        let vars: Vec<(String, String)> = [
            "JMB_BIN",
            "JMB_CONFIG",
            "JMB_JITSI_APP_SECRT",
            "JMB_TOKEN_FILE",
            "JMB_HOOKS_SECRET_FILE",
        ]
        .iter()
        .map(|k| (k.to_string(), String::new()))
        .collect();
        assert_eq!(foreign_env_vars(&vars), ["JMB_BIN", "JMB_TOKEN_FILE"]);
        let err = load(MINIMAL, &[("JMB_JITSI_APP_SECRT", "x")]).unwrap_err();
        assert!(err.to_string().contains("app_secrt"), "{err}");
    }

    #[test]
    fn delivered_webhooks_are_kept_thirty_days_unless_the_file_or_environment_says_otherwise() {
        assert_eq!(
            load(MINIMAL, &[])
                .expect("valid")
                .webhook_delivery
                .keep_days,
            30
        );
        let c = load(MINIMAL, &[("JMB_WEBHOOK_DELIVERY_KEEP_DAYS", "7")]).expect("valid");
        assert_eq!(c.webhook_delivery.keep_days, 7);
        let err = load(
            &format!("{MINIMAL}\n[webhook_delivery]\nkeep_days = 0\n"),
            &[],
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("webhook_delivery.keep_days"),
            "{err}"
        );
    }
}
