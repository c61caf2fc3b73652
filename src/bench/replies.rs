//! `jmb bench replies`: iMIP REPLY messages through the LMTP door on loopback, on a few
//! sessions side by side; messages per second and the time of one message (MAIL to the
//! recipient's reply), p50 and p99.
//!
//! The whole path: the store's mailbox behind the door looks each token up and records each
//! answer through the invitation use case (the owner's notice queued), on a database seeded
//! with one meeting per message.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use super::bench_config;
use crate::clock::SystemClock;
use crate::config::{LmtpListen, ReplyAddress};
use crate::mail::inbound::ReplyToken;
use crate::mail::inbound::lmtp::Listener;
use crate::mail::{Composer, OutboxHandle};
use crate::service::replies::StoreMailbox;
use crate::store::Db;
use crate::store::bulk::{BulkLoad, BulkMeeting};

/// Long, as real clients make them: a token is base64url, and one holding `--b` broke a
/// one-letter boundary (the parser took it for a part's end and the REPLY for a person's mail).
const BOUNDARY: &str = "------------jmbBenchReplyBoundary7f3a";

/// A Thunderbird-shaped REPLY for meeting `n`.
fn reply_message(n: usize, to: &str) -> String {
    format!(
        "From: Invitee {n} <invitee{n}@example.org>\r\nTo: <{to}>\r\n\
         Subject: Accepted: Meeting {n}\r\nMessage-ID: <bench-{n}@example.org>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{BOUNDARY}\"\r\n\r\n\
         --{BOUNDARY}\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nInvitee {n} accepted.\r\n\
         --{BOUNDARY}\r\nContent-Type: text/calendar; method=REPLY; charset=UTF-8\r\n\r\n\
         BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n\
         VERSION:2.0\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:bench-{n}@bench.local\r\n\
         SEQUENCE:1\r\nDTSTAMP:20261207T100000Z\r\nORGANIZER:mailto:{to}\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Invitee {n}:mailto:p0.m{n}@example.org\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n--{BOUNDARY}--\r\n"
    )
}

/// One LMTP session sending `count` messages, pipelining each envelope; the time of each.
async fn session(
    port: u16,
    to: Arc<Vec<String>>,
    first: usize,
    count: usize,
) -> anyhow::Result<Vec<Duration>> {
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
        let to = to.get(n).context("a message without a token")?;
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
    let tmp = tempfile::tempdir().context("while creating the benchmark's directory")?;
    let mut config = bench_config(tmp.path(), 1);
    config.mail.reply_address = "meetings@reply.bench".into();
    let address = ReplyAddress::parse(&config.mail.reply_address).map_err(anyhow::Error::msg)?;
    let now = crate::clock::Clock::now(&SystemClock);
    // The schema through the normal path, one meeting with one invitee per message in bulk,
    // then each invitee's reply token as invitations issue them.
    let database = config.database.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        // Migrated on the loader's own connection: a pool still closing its last one would
        // hold SQLite's switch of journal mode ("database is locked").
        let load = BulkLoad::for_database(&database)?;
        for n in 0..messages {
            load.insert(&BulkMeeting {
                n,
                starts_at: now + chrono::Duration::days(1),
                duration_min: 60,
                invitees: 1,
                reminders: &[],
                now,
                owner: None,
            })?;
        }
        Ok(load.finish()?)
    })
    .await??;
    let db = Db::connect(&config.database, 4)?;
    let tokens = db.run_blocking(move |c| -> anyhow::Result<Vec<String>> {
        let tx = c.transaction()?;
        // Meeting n has invitee id n + 1: one each, inserted in order.
        let tokens = (1..=messages)
            .map(|id| {
                let fresh = ReplyToken::generate()?;
                Ok(crate::store::replies::reply_token(
                    &tx,
                    id as i64,
                    fresh.expose(),
                )?)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(tokens)
    })?;
    let to: Arc<Vec<String>> = Arc::new(
        tokens
            .iter()
            .filter_map(|t| ReplyToken::parse(t))
            .map(|t| address.for_token(&t))
            .collect(),
    );
    let mailbox = Arc::new(StoreMailbox::new(
        db.clone(),
        Arc::new(Composer::new(&config)?),
        address,
        true,
        Arc::new(SystemClock),
        OutboxHandle::default(),
        crate::worker::Wake::default(),
    ));
    let listener = Listener::bind(&LmtpListen::Tcp(([127, 0, 0, 1], 0).into()))
        .await
        .context("while binding the LMTP door on loopback")?;
    let port = listener.port().context("the LMTP door has no port")?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let door = tokio::spawn(listener.serve("bench".into(), mailbox, async move {
        let _ = stopped.await;
    }));
    let started = Instant::now();
    let per = messages.div_ceil(connections);
    let mut sessions = tokio::task::JoinSet::new();
    for c in 0..connections {
        let first = c * per;
        let count = per.min(messages.saturating_sub(first));
        let to = to.clone();
        sessions.spawn(async move { session(port, to, first, count).await });
    }
    let mut times = Vec::with_capacity(messages);
    while let Some(done) = sessions.join_next().await {
        times.extend(done??);
    }
    let elapsed = started.elapsed();
    let _ = stop.send(());
    door.await?;
    let received = db.run_blocking(|c| {
        c.query_row(
            "SELECT COUNT(*) FROM invitee WHERE partstat = 'accepted'",
            crate::params![],
            |r| r.get::<i64>(0),
        )
    })?;
    if usize::try_from(received).ok() != Some(messages) {
        bail!("{received} of {messages} answers were recorded");
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
         {:.0} messages/s; one message p50 {:.2} ms, p99 {:.2} ms (recorded in the store)",
        elapsed.as_secs_f64(),
        messages as f64 / elapsed.as_secs_f64().max(f64::EPSILON),
        millis(at(0.50)),
        millis(at(0.99)),
    )?;
    Ok(out)
}
