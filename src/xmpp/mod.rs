//! Saying something in a meeting room's chat: jmb logs in with its own XMPP account, joins
//! `{room}@{muc_domain}` under its nickname, posts a groupchat message and leaves.
//! [`send_to_room`] is the one call other features need; [`Session`] posts into several rooms
//! on one login.
//!
//! tokio-xmpp does the protocol (TCP or STARTTLS, SASL, stanza streams) and xmpp-parsers the
//! stanzas. Its high-level `Client` is not used: it retries a refused login forever in the
//! background without telling its caller, where jmb must report the failure and retry later.

mod session;

use std::time::Duration;

use tokio_xmpp::jid::BareJid;

use crate::config::{Secret, XmppConfig};

pub use session::{Delivery, Session};

/// How long one step (logging in, posting into a room) may take before jmb gives up.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot reach the XMPP server {server}: {reason}")]
    Connect { server: String, reason: String },
    #[error("the XMPP server refused the login of {jid}: {reason}")]
    Login { jid: String, reason: String },
    #[error("the room {room} did not let jmb in: {reason}")]
    Room { room: String, reason: String },
    #[error("XMPP stream: {0}")]
    Stream(String),
    #[error("no answer from the XMPP server within {} s while {what}", .after.as_secs())]
    Timeout { after: Duration, what: &'static str },
    #[error("`{0}` is not a valid XMPP address")]
    Address(String),
}

/// Who jmb is on the XMPP server and where the rooms are.
#[derive(Clone)]
pub struct Account {
    jid: BareJid,
    password: Secret,
    host: String,
    port: u16,
    plaintext: bool,
    muc_domain: String,
    nickname: String,
    timeout: Duration,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("jid", &self.jid.as_str())
            .field("server", &format!("{}:{}", self.host, self.port))
            .field("plaintext", &self.plaintext)
            .field("muc_domain", &self.muc_domain)
            .finish_non_exhaustive()
    }
}

impl Account {
    pub fn from_config(c: &XmppConfig) -> Result<Account, Error> {
        let jid = BareJid::new(&c.jid).map_err(|_| Error::Address(c.jid.clone()))?;
        if jid.node().is_none() {
            return Err(Error::Address(c.jid.clone()));
        }
        let host = if c.host.is_empty() {
            jid.domain().as_str().to_string()
        } else {
            c.host.clone()
        };
        Ok(Account {
            jid,
            password: c.password.clone(),
            host,
            port: c.port,
            plaintext: c.plaintext,
            muc_domain: c.muc_domain.clone(),
            nickname: c.nickname.clone(),
            timeout: STEP_TIMEOUT,
        })
    }

    /// The room's address; Jitsi names rooms in lower case.
    pub fn room_jid(&self, room: &str) -> Result<BareJid, Error> {
        let address = format!("{}@{}", room.to_lowercase(), self.muc_domain);
        BareJid::new(&address).map_err(|_| Error::Address(address))
    }

    pub fn jid(&self) -> &BareJid {
        &self.jid
    }
}

/// Logs in, posts `message` into `room`, leaves the room and logs out.
pub async fn send_to_room(account: &Account, room: &str, message: &str) -> Result<Delivery, Error> {
    let mut session = Session::open(account).await?;
    let delivery = session.post(room, message).await;
    session.close().await;
    delivery
}
