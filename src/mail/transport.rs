//! The ways a message leaves jmb: SMTP (none / STARTTLS / TLS, optional login), the local
//! sendmail, or `.eml` files in a directory (the dev default).

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{
    Address, AsyncFileTransport, AsyncSendmailTransport, AsyncSmtpTransport, AsyncTransport,
    Tokio1Executor,
};

use super::Error;
use crate::config::{MailConfig, MailTransport, SmtpTls};

/// SMTP connections kept open, and so mails sent at once.
pub const SMTP_CONNECTIONS: u32 = 4;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
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
    /// Must run inside the Tokio runtime: the SMTP pool spawns its reaper there.
    pub fn from_config(c: &MailConfig) -> Result<Transport, Error> {
        Ok(match c.transport {
            MailTransport::Smtp => {
                let builder = match c.smtp_tls {
                    SmtpTls::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.smtp_host)
                    }
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&c.smtp_host)
                            .map_err(|e| Error::Transport(format!("mail.smtp_host: {e}")))?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&c.smtp_host)
                        .map_err(|e| Error::Transport(format!("mail.smtp_host: {e}")))?,
                };
                let mut builder = builder
                    .port(c.smtp_port)
                    .timeout(Some(Duration::from_secs(30)))
                    .pool_config(PoolConfig::new().max_size(SMTP_CONNECTIONS));
                if !c.smtp_user.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        c.smtp_user.clone(),
                        c.smtp_password.expose().to_string(),
                    ));
                }
                Transport::Smtp(builder.build())
            }
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
            Transport::Smtp(t) => t
                .send_raw(&envelope, message)
                .await
                .map(|_| ())
                .map_err(|e| SendError {
                    permanent: e.is_permanent(),
                    message: describe_smtp_error(&e),
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

/// lettre's messages, with a hint where the usual mistake is a TLS mode that does not match
/// the port (lldap's advice).
fn describe_smtp_error(e: &lettre::transport::smtp::Error) -> String {
    use std::error::Error as _;
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    let lower = text.to_lowercase();
    if lower.contains("tls") || lower.contains("certificate") || lower.contains("handshake") {
        text.push_str(
            " (check mail.smtp_tls: \"tls\" is for port 465, \"starttls\" for 587 or 25, \
             \"none\" for a local relay)",
        );
    }
    text
}
