//! Mail that comes back to `mail.reply_address`: iMIP answers pressed in a mail client,
//! proposals of another time, bounces, auto-replies and people's own words.
//!
//! Two doors bring a message in, both handing it to one [`Mailbox`]: the LMTP listener of
//! `jmb serve` (`lmtp`, `mail.lmtp_listen`) and `jmb receive-mail` on standard input
//! ([`receive_one`], for a Postfix `pipe`). [`classify`] says what a message is;
//! [`address`] builds and reads the `+token` reply addresses.
//!
//! The seam for the store: [`Mailbox`]. Both doors run `service::replies::StoreMailbox`,
//! which records answers (owner told, feed version raised, reminders re-planned) in the
//! layer that may use the store; [`LoggingMailbox`] (token shape only, logs the kind) serves
//! the tests of the doors themselves.

pub mod address;
pub mod classify;
pub mod lmtp;

use std::future::Future;

pub use address::{ReplyAddress, ReplyToken};
pub use classify::{Inbound, MAX_MESSAGE_BYTES, classify};

/// What became of one message for one recipient; each door maps it to its own words (LMTP
/// replies, sysexits codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Taken: recorded, forwarded or dropped on purpose.
    Delivered,
    /// Not now (the database is down, locked): the MTA keeps the mail and tries again.
    TryLater,
    /// Never: no such token, or a message jmb cannot read.
    Refused,
}

/// One message as received, and what it is (classified once, by the door).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received<'a> {
    /// The bytes as the MTA handed them over: what is forwarded to an owner.
    pub raw: &'a [u8],
    pub inbound: Inbound,
}

/// Where messages for the reply address go.
pub trait Mailbox: Send + Sync + 'static {
    /// Whether `recipient` is an address this mailbox takes (a known token). Asked at RCPT
    /// time, so that a forged address is refused before any data and nothing bounces back
    /// to a forged sender.
    fn accept_recipient(&self, recipient: &str) -> impl Future<Output = bool> + Send;

    /// Takes one message for one accepted recipient.
    fn deliver(
        &self,
        recipient: &str,
        message: &Received<'_>,
    ) -> impl Future<Output = Outcome> + Send;
}

/// Today's mailbox: knows tokens by their shape only, classifies and logs. No token, address
/// or content reaches the log: the kind and the size only.
#[derive(Debug, Clone)]
pub struct LoggingMailbox {
    reply_address: ReplyAddress,
}

impl LoggingMailbox {
    pub fn new(reply_address: ReplyAddress) -> Self {
        Self { reply_address }
    }
}

impl Mailbox for LoggingMailbox {
    async fn accept_recipient(&self, recipient: &str) -> bool {
        self.reply_address.token_in(recipient).is_some()
    }

    async fn deliver(&self, recipient: &str, message: &Received<'_>) -> Outcome {
        if self.reply_address.token_in(recipient).is_none() {
            return Outcome::Refused;
        }
        tracing::info!(
            kind = message.inbound.kind(),
            bytes = message.raw.len(),
            "mail received"
        );
        Outcome::Delivered
    }
}

/// sysexits(3) codes of `jmb receive-mail`, which MTAs understand.
pub mod sysexits {
    pub const OK: u8 = 0;
    /// Unreadable data (no header, too large).
    pub const DATAERR: u8 = 65;
    /// Try again later: the MTA keeps the mail.
    pub const TEMPFAIL: u8 = 75;
}

/// `jmb receive-mail`: one message for one recipient, as read from standard input; the
/// sysexits code to end with. `message` may be one byte longer than [`MAX_MESSAGE_BYTES`]
/// (the reader stops there) to tell a message that is too long.
///
/// A recipient without a valid token is dropped and logged, and the MTA told all is well:
/// behind a pipe, Postfix has already accepted the mail (it cannot ask a pipe at RCPT time
/// as it asks the LMTP door), so a refusal would make it bounce the mail to its sender, who
/// for a forged token is usually forged too (backscatter).
pub async fn receive_one(mailbox: &impl Mailbox, recipient: &str, message: &[u8]) -> u8 {
    if !mailbox.accept_recipient(recipient).await {
        tracing::info!(bytes = message.len(), "mail dropped: no such reply token");
        return sysexits::OK;
    }
    let inbound = match classify(message) {
        Ok(inbound) => inbound,
        Err(e) => {
            tracing::info!(bytes = message.len(), "mail refused: {e}");
            return sysexits::DATAERR;
        }
    };
    let received = Received {
        raw: message,
        inbound,
    };
    match mailbox.deliver(recipient, &received).await {
        Outcome::Delivered => sysexits::OK,
        Outcome::TryLater => sysexits::TEMPFAIL,
        Outcome::Refused => {
            tracing::info!(bytes = message.len(), "mail dropped: no such reply token");
            sysexits::OK
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailbox() -> LoggingMailbox {
        LoggingMailbox::new(ReplyAddress::parse("meetings@reply.test").unwrap())
    }

    #[tokio::test]
    async fn receive_one_answers_in_sysexits_codes() {
        let token = ReplyToken::generate().unwrap();
        let to = mailbox().reply_address.for_token(&token);
        let mail = b"From: a@example.org\r\nSubject: hi\r\n\r\nhello\r\n";
        assert_eq!(receive_one(&mailbox(), &to, mail).await, sysexits::OK);
        // Dropped, not bounced to a sender who is likely forged too.
        assert_eq!(
            receive_one(&mailbox(), "meetings+forged@reply.test", mail).await,
            sysexits::OK
        );
        assert_eq!(receive_one(&mailbox(), &to, b"").await, sysexits::DATAERR);
        let big = vec![b'x'; MAX_MESSAGE_BYTES + 1];
        assert_eq!(receive_one(&mailbox(), &to, &big).await, sysexits::DATAERR);
    }
}
