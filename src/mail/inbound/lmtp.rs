//! The LMTP door (RFC 2033): the site's MTA delivers the reply domain here. Commands are
//! parsed by Stalwart's `smtp-proto`; this module only keeps the session's state.
//!
//! A recipient is checked at RCPT (550 for an unknown token: the MTA refuses or bounces
//! at once, jmb never sends a bounce itself), the size is enforced during DATA (552), and
//! after the data the message is classified once and each accepted recipient gets its own
//! reply, as LMTP requires: 250, 451 (try again later) or 550, from [`Mailbox::deliver`]; 554
//! for everyone when the message has no header at all.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use smtp_proto::request::receiver::{DataReceiver, DummyDataReceiver, RequestReceiver};
use smtp_proto::{Error as ProtoError, Request};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::{MAX_MESSAGE_BYTES, Mailbox, Outcome, Received, classify};
use crate::config::LmtpListen;

/// At most this many recipients per transaction: one reply message has one recipient, the
/// MTA sends the rest in another transaction (452).
pub const MAX_RECIPIENTS: usize = 50;

/// A client silent this long is let go (RFC 5321 §4.5.3.2 suggests 5 minutes).
pub const IDLE: Duration = Duration::from_secs(300);

/// A bound listener, before it serves.
pub enum Listener {
    Unix(tokio::net::UnixListener, PathBuf),
    Tcp(tokio::net::TcpListener),
}

impl Listener {
    /// Binds `listen`. A socket file left by a previous run is replaced; the socket is
    /// open to every local user (mode 0666): its directory's permissions say who may reach
    /// it (README: the `postfix` user).
    pub async fn bind(listen: &LmtpListen) -> std::io::Result<Listener> {
        match listen {
            LmtpListen::Tcp(addr) => Ok(Listener::Tcp(tokio::net::TcpListener::bind(addr).await?)),
            LmtpListen::Unix(path) => {
                use std::os::unix::fs::{FileTypeExt, PermissionsExt};
                if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
                    std::fs::remove_file(path)?;
                }
                let listener = tokio::net::UnixListener::bind(path)?;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o666))?;
                Ok(Listener::Unix(listener, path.clone()))
            }
        }
    }

    /// The TCP port, for a listener bound on port 0 (tests).
    pub fn port(&self) -> Option<u16> {
        match self {
            Listener::Tcp(l) => l.local_addr().ok().map(|a| a.port()),
            Listener::Unix(..) => None,
        }
    }

    /// Serves sessions, each on a task of its own, until `stop` completes; a session under
    /// way when it does is cut (the MTA keeps the mail of an unfinished transaction).
    pub async fn serve<M: Mailbox>(
        self,
        hostname: String,
        mailbox: Arc<M>,
        stop: impl std::future::Future<Output = ()>,
    ) {
        let hostname: Arc<str> = hostname.into();
        let mut sessions = tokio::task::JoinSet::new();
        tokio::pin!(stop);
        loop {
            let accepted = tokio::select! {
                _ = &mut stop => break,
                accepted = self.accept() => accepted,
            };
            match accepted {
                Ok(stream) => {
                    let (mailbox, hostname) = (mailbox.clone(), hostname.clone());
                    sessions.spawn(async move {
                        if let Err(e) = stream.session(&hostname, &*mailbox).await {
                            tracing::debug!("LMTP session ended: {e}");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!("LMTP accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
            while sessions.try_join_next().is_some() {}
        }
        sessions.shutdown().await;
        if let Listener::Unix(_, path) = &self {
            let _ = std::fs::remove_file(path);
        }
    }

    async fn accept(&self) -> std::io::Result<Stream> {
        match self {
            Listener::Tcp(l) => l.accept().await.map(|(s, _)| Stream::Tcp(s)),
            Listener::Unix(l, _) => l.accept().await.map(|(s, _)| Stream::Unix(s)),
        }
    }
}

enum Stream {
    Tcp(tokio::net::TcpStream),
    Unix(tokio::net::UnixStream),
}

impl Stream {
    async fn session(self, hostname: &str, mailbox: &impl Mailbox) -> std::io::Result<()> {
        match self {
            Stream::Tcp(s) => session(s, hostname, mailbox).await,
            Stream::Unix(s) => session(s, hostname, mailbox).await,
        }
    }
}

/// The transaction under way.
#[derive(Default)]
struct Transaction {
    from: Option<String>,
    recipients: Vec<String>,
}

enum Mode {
    Commands,
    Data(DataReceiver),
    /// Past the size limit: the rest of the data is read and dropped.
    Discard(DummyDataReceiver),
}

/// One LMTP session over any stream, from the greeting to QUIT or the end of the stream.
pub async fn session<S>(
    mut stream: S,
    hostname: &str,
    mailbox: &impl Mailbox,
) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut out = Vec::with_capacity(512);
    reply(
        &mut out,
        220,
        "2.0.0",
        &format!("{hostname} jmb LMTP ready"),
    );
    stream.write_all(&out).await?;
    let mut commands = RequestReceiver::default();
    let mut mode = Mode::Commands;
    let mut greeted = false;
    let mut tx = Transaction::default();
    let mut body: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = match tokio::time::timeout(IDLE, stream.read(&mut chunk)).await {
            Ok(read) => read?,
            Err(_) => {
                out.clear();
                reply(&mut out, 421, "4.4.2", "idle too long, closing");
                stream.write_all(&out).await?;
                return Ok(());
            }
        };
        if n == 0 {
            return Ok(());
        }
        out.clear();
        let mut bytes = chunk[..n].iter();
        let mut quit = false;
        loop {
            match &mut mode {
                Mode::Data(data) => {
                    let done = data.ingest(&mut bytes, &mut body);
                    if done && body.len() > MAX_MESSAGE_BYTES {
                        body = Vec::new();
                        too_big(&mut out, &mut tx);
                        mode = Mode::Commands;
                    } else if done {
                        let raw = std::mem::take(&mut body);
                        match classify(&raw) {
                            Ok(inbound) => {
                                let message = Received { raw: &raw, inbound };
                                for recipient in &tx.recipients {
                                    let (code, status, text) = match mailbox
                                        .deliver(recipient, &message)
                                        .await
                                    {
                                        Outcome::Delivered => (250, "2.0.0", "delivered"),
                                        Outcome::TryLater => {
                                            (451, "4.3.0", "cannot take it now, try again later")
                                        }
                                        Outcome::Refused => (550, "5.1.1", "no such recipient"),
                                    };
                                    reply(&mut out, code, status, text);
                                }
                            }
                            Err(e) => {
                                for _ in &tx.recipients {
                                    reply(&mut out, 554, "5.6.0", &e.to_string());
                                }
                            }
                        }
                        tx = Transaction::default();
                        mode = Mode::Commands;
                    } else if body.len() > MAX_MESSAGE_BYTES {
                        mode = Mode::Discard(DummyDataReceiver::new_data(data));
                        body = Vec::new();
                    } else {
                        break;
                    }
                }
                Mode::Discard(discard) => {
                    if discard.ingest(&mut bytes) {
                        too_big(&mut out, &mut tx);
                        mode = Mode::Commands;
                    } else {
                        break;
                    }
                }
                Mode::Commands => match commands.ingest(&mut bytes) {
                    Ok(request) => {
                        let request = request.into_owned();
                        match request {
                            Request::Lhlo { host: _ } => {
                                greeted = true;
                                tx = Transaction::default();
                                out.extend_from_slice(
                                    format!(
                                        "250-{hostname}\r\n250-PIPELINING\r\n\
                                         250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n\
                                         250 SIZE {MAX_MESSAGE_BYTES}\r\n"
                                    )
                                    .as_bytes(),
                                );
                            }
                            Request::Ehlo { .. } | Request::Helo { .. } => {
                                reply(&mut out, 500, "5.5.1", "this is LMTP: say LHLO")
                            }
                            Request::Mail { from } => {
                                if !greeted {
                                    reply(&mut out, 503, "5.5.1", "LHLO first");
                                } else if tx.from.is_some() {
                                    reply(&mut out, 503, "5.5.1", "nested MAIL command");
                                } else if from.size > MAX_MESSAGE_BYTES {
                                    reply(&mut out, 552, "5.3.4", "message too big");
                                } else {
                                    tx.from = Some(from.address);
                                    reply(&mut out, 250, "2.1.0", "sender ok");
                                }
                            }
                            Request::Rcpt { to } => {
                                if tx.from.is_none() {
                                    reply(&mut out, 503, "5.5.1", "MAIL first");
                                } else if tx.recipients.len() >= MAX_RECIPIENTS {
                                    reply(&mut out, 452, "4.5.3", "too many recipients");
                                } else if mailbox.accept_recipient(&to.address).await {
                                    tx.recipients.push(to.address);
                                    reply(&mut out, 250, "2.1.5", "recipient ok");
                                } else {
                                    reply(&mut out, 550, "5.1.1", "no such recipient");
                                }
                            }
                            Request::Data => {
                                if tx.recipients.is_empty() {
                                    reply(&mut out, 503, "5.5.1", "no valid recipients");
                                } else {
                                    reply(&mut out, 354, "", "end data with <CR><LF>.<CR><LF>");
                                    // The CRLF that ended the DATA line comes before the
                                    // data: told so, the receiver ends an empty message at a
                                    // first line of "." and unstuffs a leading "..".
                                    let mut data = DataReceiver::new();
                                    data.ingest(&mut b"\r\n".iter(), &mut body);
                                    body.clear();
                                    mode = Mode::Data(data);
                                }
                            }
                            Request::Rset => {
                                tx = Transaction::default();
                                reply(&mut out, 250, "2.0.0", "reset");
                            }
                            Request::Noop { .. } => reply(&mut out, 250, "2.0.0", "ok"),
                            Request::Quit => {
                                reply(&mut out, 221, "2.0.0", "bye");
                                quit = true;
                                break;
                            }
                            Request::Vrfy { .. } => {
                                reply(&mut out, 252, "2.5.0", "cannot verify, try RCPT")
                            }
                            _ => reply(&mut out, 502, "5.5.1", "command not implemented"),
                        }
                    }
                    Err(ProtoError::NeedsMoreData { .. }) => break,
                    Err(e) => {
                        let (code, status) = match e {
                            ProtoError::UnknownCommand => (500, "5.5.1"),
                            ProtoError::ResponseTooLong => (500, "5.5.2"),
                            ProtoError::InvalidSenderAddress => (501, "5.1.7"),
                            ProtoError::InvalidRecipientAddress => (501, "5.1.3"),
                            ProtoError::UnsupportedParameter { .. } => (555, "5.5.4"),
                            _ => (501, "5.5.4"),
                        };
                        reply(&mut out, code, status, &e.to_string());
                    }
                },
            }
        }
        stream.write_all(&out).await?;
        stream.flush().await?;
        if quit {
            return Ok(());
        }
    }
}

/// The data went past the size limit: 552 for each recipient, the transaction is over.
fn too_big(out: &mut Vec<u8>, tx: &mut Transaction) {
    for _ in &tx.recipients {
        reply(out, 552, "5.3.4", "message too big");
    }
    *tx = Transaction::default();
}

/// One reply line; `status` is the enhanced code (RFC 2034), empty for 354.
fn reply(out: &mut Vec<u8>, code: u16, status: &str, text: &str) {
    let line = if status.is_empty() {
        format!("{code} {text}\r\n")
    } else {
        format!("{code} {status} {text}\r\n")
    };
    out.extend_from_slice(line.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Takes `ok+…` recipients; delivers per the local part: `ok` 250, `later` 451, `no` 550.
    #[derive(Default)]
    struct Recorder {
        delivered: Mutex<Vec<(String, Vec<u8>)>>,
    }

    impl Mailbox for Recorder {
        async fn accept_recipient(&self, recipient: &str) -> bool {
            !recipient.starts_with("forged")
        }

        async fn deliver(&self, recipient: &str, message: &Received<'_>) -> Outcome {
            self.delivered
                .lock()
                .unwrap()
                .push((recipient.to_string(), message.raw.to_vec()));
            match recipient.split('@').next() {
                Some("later") => Outcome::TryLater,
                Some("no") => Outcome::Refused,
                _ => Outcome::Delivered,
            }
        }
    }

    /// Runs a session with `input` written in the given pieces; returns what the server said.
    async fn talk(mailbox: &Recorder, pieces: &[&[u8]]) -> String {
        let (mut client, server) = tokio::io::duplex(1 << 20);
        let (ended, said) = tokio::join!(session(server, "mx.test", mailbox), async {
            for piece in pieces {
                client.write_all(piece).await.unwrap();
                tokio::task::yield_now().await;
            }
            client.shutdown().await.unwrap();
            let mut all = String::new();
            client.read_to_string(&mut all).await.unwrap();
            all
        });
        ended.unwrap();
        said
    }

    fn codes(said: &str) -> Vec<&str> {
        said.lines()
            .filter(|l| l.as_bytes().get(3) == Some(&b' '))
            .map(|l| &l[..3])
            .collect()
    }

    #[tokio::test]
    async fn a_message_for_three_recipients_gets_one_reply_each_after_the_data() {
        let mb = Recorder::default();
        let said = talk(
            &mb,
            &[
                // The null sender of bounces and auto-replies is a sender like any other.
                b"LHLO mx\r\nMAIL FROM:<> SIZE=100\r\n",
                b"RCPT TO:<ok@x>\r\nRCPT TO:<forged@x>\r\nRCPT TO:<later@x>\r\nRCPT TO:<no@x>\r\n",
                b"DATA\r\nSubject: hi\r\n\r\n..dot\r\nbody\r\n.\r\nQUIT\r\n",
            ],
        )
        .await;
        assert_eq!(
            codes(&said),
            [
                "220", "250", "250", "250", "550", "250", "250", "354", "250", "451", "550", "221"
            ],
            "{said}"
        );
        assert!(said.contains("SIZE 4194304"), "{said}");
        let delivered = mb.delivered.lock().unwrap();
        assert_eq!(delivered.len(), 3);
        assert_eq!(delivered[0].1, b"Subject: hi\r\n\r\n.dot\r\nbody\r\n");
    }

    #[tokio::test]
    async fn commands_out_of_order_are_refused_and_rset_starts_over() {
        let mb = Recorder::default();
        let said = talk(
            &mb,
            &[
                b"MAIL FROM:<a@x>\r\nEHLO mx\r\nLHLO mx\r\nRCPT TO:<ok@x>\r\nDATA\r\n\
                MAIL FROM:<a@x>\r\nMAIL FROM:<b@x>\r\nRSET\r\nDATA\r\nNOOP\r\nSTARTTLS\r\n\
                BOGUS\r\nQUIT\r\n",
            ],
        )
        .await;
        assert_eq!(
            codes(&said),
            [
                "220", "503", "500", "250", "503", "503", "250", "503", "250", "503", "250", "502",
                "500", "221"
            ],
            "{said}"
        );
        assert!(mb.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_message_over_the_size_limit_is_refused_with_552_and_the_session_goes_on() {
        let mb = Recorder::default();
        let line = [b'a'; 998];
        let mut big = Vec::new();
        while big.len() <= MAX_MESSAGE_BYTES {
            big.extend_from_slice(&line);
            big.extend_from_slice(b"\r\n");
        }
        let said = talk(
            &mb,
            &[
                b"LHLO mx\r\nMAIL FROM:<a@x> SIZE=99999999\r\nMAIL FROM:<a@x>\r\nRCPT TO:<ok@x>\r\nDATA\r\n",
                &big,
                b".\r\nNOOP\r\nQUIT\r\n",
            ],
        )
        .await;
        assert_eq!(
            codes(&said),
            [
                "220", "250", "552", "250", "250", "354", "552", "250", "221"
            ],
            "{said}"
        );
        assert!(mb.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn an_empty_message_is_refused_for_every_recipient_and_reaches_no_mailbox() {
        let mb = Recorder::default();
        let said = talk(
            &mb,
            &[b"LHLO mx\r\nMAIL FROM:<a@x>\r\nRCPT TO:<ok@x>\r\nRCPT TO:<ok2@x>\r\nDATA\r\n.\r\nQUIT\r\n"],
        )
        .await;
        assert_eq!(
            codes(&said),
            [
                "220", "250", "250", "250", "250", "354", "554", "554", "221"
            ],
            "{said}"
        );
        assert!(mb.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_command_split_across_reads_is_put_back_together() {
        let mb = Recorder::default();
        let said = talk(
            &mb,
            &[
                b"LH",
                b"LO mx\r\nMAIL FR",
                b"OM:<a@x>\r\nRCPT TO:<ok@",
                b"x>\r\nDA",
                b"TA\r\nx: y\r\n\r\nhi\r\n.",
                b"\r\nQUIT\r\n",
            ],
        )
        .await;
        assert_eq!(
            codes(&said),
            ["220", "250", "250", "250", "354", "250", "221"],
            "{said}"
        );
        assert_eq!(mb.delivered.lock().unwrap()[0].1, b"x: y\r\n\r\nhi\r\n");
    }
}
