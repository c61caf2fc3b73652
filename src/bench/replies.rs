//! `jmb bench replies`: iMIP REPLY messages through the LMTP door on loopback, on a few
//! sessions side by side; messages per second and the time of one message (MAIL to the
//! recipient's reply), p50 and p99.
//!
//! Groundwork: the mailbox behind the door classifies and counts; once answers are recorded
//! in the store, the same run measures the whole path.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::config::{LmtpListen, ReplyAddress};
use crate::mail::inbound::lmtp::Listener;
use crate::mail::inbound::{Inbound, Mailbox, Outcome, Received, ReplyToken};

/// Counts the answers it is handed.
struct Counter {
    address: ReplyAddress,
    replies: AtomicUsize,
}

impl Mailbox for Counter {
    async fn accept_recipient(&self, recipient: &str) -> bool {
        self.address.token_in(recipient).is_some()
    }

    async fn deliver(&self, _recipient: &str, message: &Received<'_>) -> Outcome {
        if matches!(message.inbound, Inbound::Reply(_)) {
            self.replies.fetch_add(1, Ordering::Relaxed);
        }
        Outcome::Delivered
    }
}

/// A Thunderbird-shaped REPLY for meeting `n`.
fn reply_message(n: usize, to: &str) -> String {
    format!(
        "From: Invitee {n} <invitee{n}@example.org>\r\nTo: <{to}>\r\n\
         Subject: Accepted: Meeting {n}\r\nMessage-ID: <bench-{n}@example.org>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nInvitee {n} accepted.\r\n\
         --b\r\nContent-Type: text/calendar; method=REPLY; charset=UTF-8\r\n\r\n\
         BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n\
         VERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:jmb-{n}@booking.example.org\r\n\
         SEQUENCE:1\r\nDTSTAMP:20261207T100000Z\r\nORGANIZER:mailto:{to}\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Invitee {n}:mailto:invitee{n}@example.org\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n--b--\r\n"
    )
}

/// One LMTP session sending `count` messages, pipelining each envelope; the time of each.
async fn session(port: u16, to: &str, first: usize, count: usize) -> anyhow::Result<Vec<Duration>> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let mut stream = BufReader::new(stream);
    let mut line = String::new();
    // A reply's last line (`250 …`, not `250-…`); its code.
    async fn reply(
        stream: &mut BufReader<tokio::net::TcpStream>,
        line: &mut String,
    ) -> anyhow::Result<String> {
        loop {
            line.clear();
            if stream.read_line(line).await? == 0 {
                bail!("the LMTP door closed the session");
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(line.get(..3).unwrap_or_default().to_string());
            }
        }
    }
    reply(&mut stream, &mut line).await?;
    stream.get_mut().write_all(b"LHLO bench\r\n").await?;
    reply(&mut stream, &mut line).await?;
    let mut times = Vec::with_capacity(count);
    for n in first..first + count {
        let started = Instant::now();
        let envelope = format!("MAIL FROM:<invitee{n}@example.org>\r\nRCPT TO:<{to}>\r\nDATA\r\n");
        stream.get_mut().write_all(envelope.as_bytes()).await?;
        for expected in ["250", "250", "354"] {
            let code = reply(&mut stream, &mut line).await?;
            if code != expected {
                bail!(
                    "message {n}: {expected} expected, the door said {}",
                    line.trim()
                );
            }
        }
        let mut data = reply_message(n, to);
        data.push_str(".\r\n");
        stream.get_mut().write_all(data.as_bytes()).await?;
        let code = reply(&mut stream, &mut line).await?;
        if code != "250" {
            bail!("message {n} refused: {}", line.trim());
        }
        times.push(started.elapsed());
    }
    stream.get_mut().write_all(b"QUIT\r\n").await?;
    Ok(times)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn replies(messages: usize, connections: usize) -> anyhow::Result<String> {
    let connections = connections.clamp(1, messages.max(1));
    let address = ReplyAddress::parse("meetings@reply.bench").map_err(anyhow::Error::msg)?;
    let token = ReplyToken::generate()?;
    let to = address.for_token(&token);
    let counter = Arc::new(Counter {
        address,
        replies: AtomicUsize::new(0),
    });
    let listener = Listener::bind(&LmtpListen::Tcp(([127, 0, 0, 1], 0).into()))
        .await
        .context("while binding the LMTP door on loopback")?;
    let port = listener.port().context("the LMTP door has no port")?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let door = tokio::spawn(listener.serve("bench".into(), counter.clone(), async move {
        let _ = stopped.await;
    }));
    let started = Instant::now();
    let per = messages.div_ceil(connections);
    let mut sessions = tokio::task::JoinSet::new();
    for c in 0..connections {
        let first = c * per;
        let count = per.min(messages.saturating_sub(first));
        let to = to.clone();
        sessions.spawn(async move { session(port, &to, first, count).await });
    }
    let mut times = Vec::with_capacity(messages);
    while let Some(done) = sessions.join_next().await {
        times.extend(done??);
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    door.await?;
    let received = counter.replies.load(Ordering::Relaxed);
    if received != messages {
        bail!("{received} of {messages} replies reached the mailbox");
    }
    times.sort_unstable();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let mut out = String::new();
    writeln!(
        out,
        "replies: {messages} REPLY messages through LMTP on {connections} session(s) in {:.2} s: \
         {:.0} messages/s; one message p50 {:.2} ms, p99 {:.2} ms (classified, not yet stored)",
        elapsed.as_secs_f64(),
        messages as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
        millis(at(0.50)),
        millis(at(0.99)),
    )?;
    Ok(out)
}
