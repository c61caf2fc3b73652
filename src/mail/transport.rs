//! The ways a message leaves jmb: SMTP (none / STARTTLS / TLS, optional login), the local
//! sendmail, or `.eml` files in a directory (the dev default).

use lettre::address::Envelope;
use lettre::{Address, AsyncFileTransport, AsyncSendmailTransport, AsyncTransport, Tokio1Executor};

use super::Error;
use super::smtp::SmtpRelay;
use crate::config::{Config, MailTransport};

/// SMTP connections kept open, and so mails sent at once.
pub const SMTP_CONNECTIONS: u32 = 4;

pub enum Transport {
    Smtp(SmtpRelay),
    Sendmail(AsyncSendmailTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
}

/// Why one send failed, and whether trying again can help.
#[derive(Debug, Clone)]
pub struct SendError {
    pub message: String,
    /// The server refused this message for good (5xx): retrying sends the same refusal.
    pub permanent: bool,
}

impl Transport {
    pub fn from_config(config: &Config) -> Result<Transport, Error> {
        let c = &config.mail;
        Ok(match c.transport {
            // jmb names itself in EHLO by its public host.
            MailTransport::Smtp => Transport::Smtp(SmtpRelay::new(
                c,
                &crate::urls::Urls::new(&config.server.public_url).host(),
            )?),
            MailTransport::Sendmail => Transport::Sendmail(
                AsyncSendmailTransport::<Tokio1Executor>::new_with_command(&c.sendmail_command),
            ),
            MailTransport::File => {
                std::fs::create_dir_all(&c.file_dir).map_err(|e| {
                    Error::Transport(format!(
                        "mail.file_dir: cannot create {}: {e}",
                        c.file_dir.display()
                    ))
                })?;
                Transport::File(AsyncFileTransport::<Tokio1Executor>::new(&c.file_dir))
            }
        })
    }

    pub async fn send_raw(&self, from: &str, to: &str, message: &[u8]) -> Result<(), SendError> {
        let parse = |a: &str| {
            a.parse::<Address>().map_err(|e| SendError {
                message: format!("invalid address {a}: {e}"),
                permanent: true,
            })
        };
        let envelope =
            Envelope::new(Some(parse(from)?), vec![parse(to)?]).map_err(|e| SendError {
                message: e.to_string(),
                permanent: true,
            })?;
        match self {
            Transport::Smtp(t) => t.send(&envelope, message).await.map_err(|e| SendError {
                permanent: e.permanent,
                message: e.message,
            }),
            Transport::Sendmail(t) => t.send_raw(&envelope, message).await.map_err(|e| SendError {
                message: e.to_string(),
                permanent: false,
            }),
            Transport::File(t) => t
                .send_raw(&envelope, message)
                .await
                .map(|_| ())
                .map_err(|e| SendError {
                    message: e.to_string(),
                    permanent: false,
                }),
        }
    }
}
