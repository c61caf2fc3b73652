//! Mail: composing messages (text, HTML and iTIP parts), the transports (SMTP, sendmail,
//! files) and the outbox worker that sends what the database queued.

pub mod compose;
pub mod inbound;
pub mod outbox_worker;
pub mod smtp;
pub mod transport;

pub use compose::Composer;
pub use outbox_worker::{OutboxHandle, RetryPolicy};
pub use transport::Transport;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid mail address {0}")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("mail template failed: {0}")]
    Template(#[from] askama::Error),
    #[error(transparent)]
    Rng(#[from] crate::domain::hash::RngError),
    #[error("mail transport: {0}")]
    Transport(String),
    #[error(transparent)]
    Store(#[from] crate::store::Error),
}

/// `jmb send-test-mail`: one message straight through the configured transport.
pub async fn send_test_mail(config: &crate::config::Config, to: &str) -> Result<(), Error> {
    let composer = Composer::new(config)?;
    let transport = Transport::from_config(config)?;
    let message = composer.test_message(to)?;
    transport
        .send_raw(composer.envelope_from().as_ref(), to, &message)
        .await
        .map_err(|e| Error::Transport(e.message))
}
