//! SMTP delivery over connections jmb opens itself, then hands to lettre's SMTP client.
//!
//! Why not lettre's pooled transport: it leaves Nagle's algorithm on, and writes a message's
//! closing `CRLF.CRLF` apart from its body, so every message waits for the server's delayed
//! ACK (40 ms on Linux): 25 mails a second per connection whatever the server's speed
//! (lettre PR #1159 sets TCP_NODELAY upstream; no release carries it yet). Here the socket
//! is opened with TCP_NODELAY, and implicit TLS is layered on it with the same rustls the
//! rest of jmb uses; EHLO, STARTTLS, AUTH and the transaction are lettre's.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::extension::ClientId;
use tokio::net::TcpStream;

use super::Error;
use crate::config::{MailConfig, SmtpTls};

/// An idle connection older than this is closed rather than reused: servers drop idle
/// clients (Postfix after 300 s), and a send on a dead connection would count as a failure.
const MAX_IDLE: Duration = Duration::from_secs(20);

pub struct SmtpRelay {
    host: String,
    port: u16,
    mode: SmtpTls,
    credentials: Option<Credentials>,
    timeout: Duration,
    hello: ClientId,
    /// PEM certificates trusted besides the system's (`mail.smtp_ca_file`).
    extra_ca: Vec<u8>,
    implicit_tls: Option<tokio_rustls::TlsConnector>,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

/// What went wrong, and whether trying again later can help.
pub struct SmtpError {
    pub message: String,
    pub permanent: bool,
}

impl SmtpRelay {
    pub fn new(c: &MailConfig, hello: &str) -> Result<Self, Error> {
        let extra_ca = if c.smtp_ca_file.as_os_str().is_empty() {
            Vec::new()
        } else {
            std::fs::read(&c.smtp_ca_file).map_err(|e| {
                Error::Transport(format!(
                    "mail.smtp_ca_file: cannot read {}: {e}",
                    c.smtp_ca_file.display()
                ))
            })?
        };
        let implicit_tls = match c.smtp_tls {
            SmtpTls::Tls => Some(tokio_rustls::TlsConnector::from(Arc::new(
                crate::tls::client_config(&extra_ca)
                    .map_err(|e| Error::Transport(format!("mail.smtp_ca_file: {e}")))?,
            ))),
            _ => None,
        };
        Ok(Self {
            host: c.smtp_host.clone(),
            port: c.smtp_port,
            mode: c.smtp_tls,
            credentials: (!c.smtp_user.is_empty()).then(|| {
                Credentials::new(c.smtp_user.clone(), c.smtp_password.expose().to_string())
            }),
            timeout: Duration::from_secs(30),
            hello: ClientId::Domain(hello.to_string()),
            extra_ca,
            implicit_tls,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Sends one message; the connection goes back for the next one when it is still good.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SmtpError> {
        let mut conn = match self.take_idle() {
            Some(c) => c,
            None => self.connect().await?,
        };
        match tokio::time::timeout(self.timeout, conn.send(envelope, message)).await {
            Ok(Ok(_)) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push((conn, Instant::now()));
                }
                Ok(())
            }
            Ok(Err(e)) => {
                // A refused recipient leaves the session usable; anything else may not.
                if e.is_permanent() && !conn.has_broken() {
                    if let Ok(mut idle) = self.idle.lock() {
                        idle.push((conn, Instant::now()));
                    }
                } else {
                    conn.abort().await;
                }
                Err(smtp_error(&e))
            }
            Err(_) => {
                conn.abort().await;
                Err(SmtpError {
                    message: format!("no answer from {}:{} in time", self.host, self.port),
                    permanent: false,
                })
            }
        }
    }

    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().ok()?;
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < MAX_IDLE && !conn.has_broken() {
                return Some(conn);
            }
        }
        None
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let failed = |what: String| SmtpError {
            message: what,
            permanent: false,
        };
        let tcp = tokio::time::timeout(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| {
            failed(format!(
                "connecting to {}:{} timed out",
                self.host, self.port
            ))
        })?
        .map_err(|e| {
            failed(format!(
                "cannot connect to {}:{}: {e}",
                self.host, self.port
            ))
        })?;
        tcp.set_nodelay(true)
            .map_err(|e| failed(format!("cannot set TCP_NODELAY: {e}")))?;
        let stream: Box<dyn AsyncTokioStream> = match &self.implicit_tls {
            None => Box::new(tcp),
            Some(connector) => {
                let name = rustls::pki_types::ServerName::try_from(self.host.clone())
                    .map_err(|e| failed(format!("mail.smtp_host: {e}")))?;
                let tls = connector.connect(name, tcp).await.map_err(|e| {
                    failed(format!(
                        "TLS with {}:{} failed: {e}{}",
                        self.host, self.port, TLS_HINT
                    ))
                })?;
                Box::new(Tls(tls))
            }
        };
        let mut conn = AsyncSmtpConnection::connect_with_transport(stream, &self.hello)
            .await
            .map_err(|e| smtp_error(&e))?;
        if self.mode == SmtpTls::Starttls {
            let mut params = TlsParameters::builder(self.host.clone());
            if !self.extra_ca.is_empty() {
                let cert = Certificate::from_pem(&self.extra_ca)
                    .map_err(|e| failed(format!("mail.smtp_ca_file: {e}")))?;
                params = params.add_root_certificate(cert);
            }
            let params = params.build_rustls().map_err(|e| smtp_error(&e))?;
            conn.starttls(params, &self.hello)
                .await
                .map_err(|e| smtp_error(&e))?;
        }
        if let Some(credentials) = &self.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(|e| smtp_error(&e))?;
        }
        Ok(conn)
    }
}

const TLS_HINT: &str = " (check mail.smtp_tls: \"tls\" is for port 465, \"starttls\" for 587 \
                        or 25, \"none\" for a local relay; a private CA goes in mail.smtp_ca_file)";

fn smtp_error(e: &lettre::transport::smtp::Error) -> SmtpError {
    use std::error::Error as _;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    if e.is_tls() || message.to_lowercase().contains("certificate") {
        message.push_str(TLS_HINT);
    }
    SmtpError {
        permanent: e.is_permanent(),
        message,
    }
}

/// lettre takes any stream that says whom it is connected to.
#[derive(Debug)]
struct Tls(tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncTokioStream for Tls {
    fn peer_addr(&self) -> std::io::Result<SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl tokio::io::AsyncRead for Tls {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Tls {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
