//! `jmb bench …`: reproducible measurements on this machine, with real HTTP on loopback.
//! Load comes from `wrk` (Debian package), which is far lighter than any client we could
//! write, so the figures are the server's. Built only with the `bench` feature, so the
//! shipped binary carries none of it.

pub mod remind;
pub mod replies;

use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::Duration;

use crate::auth::Identity;
use crate::clock::{Clock, SystemClock};
use crate::config::{AuthMode, Config, MailTransport, Secret};
use crate::domain::{InviteeDraft, MeetingDraft, Role};
use crate::service::meetings;
use crate::startup::Application;
use crate::store::{meetings as meeting_store, presence};
use crate::web::ops::TRIVIAL_PATH;

/// `jmb bench …`, as the command line names the benchmarks.
#[derive(clap::Subcommand)]
pub enum Benchmark {
    /// `/join/{hash}` redirects per second and p99 against a trivial handler (needs wrk).
    Join {
        #[arg(long, default_value_t = 10_000)]
        meetings: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// Server worker threads (wrk takes one more core).
        #[arg(long, default_value_t = 1)]
        workers: usize,
    },
    /// Prosody event_sync events per second and p99 on `/hooks/prosody/…` (needs wrk).
    Hooks {
        #[arg(long, default_value_t = 100)]
        rooms: usize,
        #[arg(long, default_value_t = 50)]
        occupants: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        #[arg(long, default_value_t = 32)]
        connections: u32,
        /// Server worker threads (wrk takes one more core).
        #[arg(long, default_value_t = 1)]
        workers: usize,
    },
    /// Building and serving one person's feed (full and 304) (needs wrk).
    Feed {
        #[arg(long, default_value_t = 10_000)]
        meetings: usize,
        #[arg(long, default_value_t = 5)]
        seconds: u32,
    },
    /// Mails per second from booking one meeting into an SMTP server (e.g. the test
    /// capture server, see README).
    Outbox {
        #[arg(long, default_value_t = 200)]
        invitees: usize,
        /// HOST:PORT of the SMTP server that receives the mails.
        #[arg(long)]
        smtp: String,
    },
    /// iMIP REPLY messages through the LMTP door on loopback: messages per second, p50 and
    /// p99 per message.
    Replies {
        #[arg(long, default_value_t = 10_000)]
        messages: usize,
        #[arg(long, default_value_t = 4)]
        connections: usize,
    },
    /// One reminder pass over a large database (seeded first), then passes with nothing due.
    Remind {
        #[arg(long, default_value_t = 1_000_000)]
        meetings: usize,
        #[arg(long, default_value_t = 10)]
        invitees: usize,
        /// Meetings whose reminder is due at the timed pass.
        #[arg(long, default_value_t = 1_000)]
        due: usize,
        #[arg(long, default_value_t = 200)]
        empty_passes: usize,
        /// Where to put the database (about 4 GB for a million meetings); default: $TMPDIR.
        #[arg(long)]
        dir: Option<std::path::PathBuf>,
        /// Instead: passes over this many weekly series (booked as organisers book them,
        /// reminders planned per occurrence) with nothing due, then the pass that extends
        /// them all a week later.
        #[arg(long)]
        series: Option<usize>,
    },
}

/// Runs one benchmark and returns its report.
pub async fn run(benchmark: &Benchmark) -> anyhow::Result<String> {
    match benchmark {
        Benchmark::Join {
            meetings,
            seconds,
            connections,
            workers,
        } => join(*meetings, *seconds, *connections, *workers).await,
        Benchmark::Hooks {
            rooms,
            occupants,
            seconds,
            connections,
            workers,
        } => hooks(*rooms, *occupants, *seconds, *connections, *workers).await,
        Benchmark::Feed { meetings, seconds } => feed(*meetings, *seconds).await,
        Benchmark::Outbox { invitees, smtp } => outbox(*invitees, smtp).await,
        Benchmark::Remind {
            series: Some(series),
            empty_passes,
            dir,
            ..
        } => remind::remind_series(*series, *empty_passes, dir.as_deref()).await,
        Benchmark::Remind {
            meetings,
            invitees,
            due,
            empty_passes,
            dir,
            series: None,
        } => remind::remind(*meetings, *invitees, *due, *empty_passes, dir.as_deref()).await,
        Benchmark::Replies {
            messages,
            connections,
        } => replies::replies(*messages, *connections).await,
    }
}

/// What `wrk --latency` reported.
#[derive(Debug, Clone, Copy)]
pub struct LoadResult {
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
}

pub fn bench_config(dir: &Path, workers: usize) -> Config {
    let mut c = Config::default();
    c.server.listen = "127.0.0.1:0".into();
    c.server.workers = workers;
    c.database.path = dir.join("bench.db");
    c.auth.mode = AuthMode::Header;
    c.auth.mail_domain = "example.org".into();
    c.jitsi.app_secret = Secret::new("bench-secret");
    c.mail.transport = MailTransport::File;
    c.mail.file_dir = dir.join("mail");
    c
}

/// The organiser every benchmark books as.
fn bench_identity() -> Identity {
    Identity {
        login: "bench".into(),
        email: "bench@example.org".into(),
        name: "Bench".into(),
        editor: true,
        ..Identity::default()
    }
}

/// Books `count` meetings of `invitees` people each, all inside their join window now,
/// and returns every personal link hash.
pub fn seed_open_meetings(
    db: &crate::store::Db,
    count: usize,
    invitees: usize,
) -> anyhow::Result<Vec<String>> {
    let owner = bench_identity();
    let now = SystemClock.now();
    let mut hashes = Vec::with_capacity(count * invitees);
    db.run_blocking(|conn| -> anyhow::Result<()> {
        for n in 0..count {
            let draft = MeetingDraft {
                subject: format!("Bench meeting {n}"),
                description: String::new(),
                starts_at: now - Duration::minutes(5),
                duration_min: 720,
                room: None,
                recurrence: None,
                invitees: (0..invitees)
                    .map(|i| InviteeDraft {
                        email: format!("p{i}.m{n}@example.org"),
                        name: format!("Person {i}"),
                        role: if i == 0 {
                            Role::Moderator
                        } else {
                            Role::Participant
                        },
                    })
                    .collect(),
            };
            let view = meetings::create(conn, &owner, &draft, "bench.local", None, now)?;
            hashes.extend(view.invitees.into_iter().map(|i| i.hash));
        }
        Ok(())
    })?;
    Ok(hashes)
}

/// Runs wrk against `url`, optionally with a Lua script.
pub fn wrk(
    url: &str,
    script: Option<&Path>,
    connections: u32,
    seconds: u32,
) -> anyhow::Result<LoadResult> {
    wrk_with(url, script, &[], &[], connections, seconds)
}

/// As [`wrk`], with extra request headers (`Name: value`) and arguments for the script's
/// `init` function.
pub fn wrk_with(
    url: &str,
    script: Option<&Path>,
    headers: &[String],
    script_args: &[&str],
    connections: u32,
    seconds: u32,
) -> anyhow::Result<LoadResult> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t1",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    cmd.arg(url);
    if !script_args.is_empty() {
        cmd.arg("--").args(script_args);
    }
    let out = cmd
        .output()
        .context("while running wrk (install it: apt-get install wrk)")?;
    if !out.status.success() {
        bail!("wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    parse_wrk(&String::from_utf8_lossy(&out.stdout))
}

fn parse_ms(value: &str) -> Option<f64> {
    let value = value.trim();
    let (num, factor) = if let Some(v) = value.strip_suffix("us") {
        (v, 0.001)
    } else if let Some(v) = value.strip_suffix("ms") {
        (v, 1.0)
    } else if let Some(v) = value.strip_suffix('s') {
        (v, 1000.0)
    } else {
        return None;
    };
    num.parse::<f64>().ok().map(|n| n * factor)
}

pub fn parse_wrk(output: &str) -> anyhow::Result<LoadResult> {
    let mut rps = None;
    let (mut p50, mut p99) = (None, None);
    let mut errors = 0;
    for line in output.lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("Requests/sec:") {
            rps = v.trim().parse::<f64>().ok();
        } else if let Some(v) = line.strip_prefix("50%") {
            p50 = parse_ms(v);
        } else if let Some(v) = line.strip_prefix("99%") {
            p99 = parse_ms(v);
        } else if let Some(v) = line.strip_prefix("Non-2xx or 3xx responses:") {
            errors += v.trim().parse::<u64>().unwrap_or(0);
        } else if line.starts_with("Socket errors:") {
            errors += line
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    match (rps, p50, p99) {
        (Some(requests_per_s), Some(p50_ms), Some(p99_ms)) => Ok(LoadResult {
            requests_per_s,
            p50_ms,
            p99_ms,
            errors,
        }),
        _ => bail!("could not read wrk's output:\n{output}"),
    }
}

/// Nanoseconds this thread has run on a CPU (Linux `schedstat`): unlike wall time, it does
/// not count the time other processes had the core, so it stays honest on a busy machine.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A wrk script that requests `paths` in turn.
fn rotating_paths(paths: impl Iterator<Item = String>) -> String {
    let mut lua = String::from("local paths = {\n");
    for p in paths {
        let _ = writeln!(lua, "\"{p}\",");
    }
    lua.push_str(
        "}\nlocal n = 0\nrequest = function()\n  n = n % #paths + 1\n  \
         return wrk.format(\"GET\", paths[n])\nend\n",
    );
    lua
}

/// `jmb bench join`: `/join/{hash}` redirects against the trivial handler.
pub async fn join(
    meetings: usize,
    seconds: u32,
    connections: u32,
    workers: usize,
) -> anyhow::Result<String> {
    let dir = tempfile::tempdir()?;
    let config = bench_config(dir.path(), workers);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    let db = app.state().db.clone();
    let started = std::time::Instant::now();
    let hashes =
        tokio::task::spawn_blocking(move || seed_open_meetings(&db, meetings, 5)).await??;
    let seeded = started.elapsed();
    tokio::spawn(app.run_until_stopped());

    // Both endpoints are driven by the same Lua request loop, so wrk's own cost per request
    // is the same on both sides of the comparison.
    let join_script = dir.path().join("join.lua");
    std::fs::write(
        &join_script,
        rotating_paths(hashes.iter().map(|h| format!("/join/{h}"))),
    )?;
    let trivial_script = dir.path().join("trivial.lua");
    std::fs::write(
        &trivial_script,
        rotating_paths((0..hashes.len()).map(|n| format!("{TRIVIAL_PATH}?{n}"))),
    )?;
    let base = format!("http://127.0.0.1:{port}");

    // Warm up both paths (connections, statement caches, page cache).
    let warm = seconds.min(2);
    wrk(&base, Some(&trivial_script), connections, warm)?;
    wrk(&base, Some(&join_script), connections, warm)?;
    let trivial = wrk(&base, Some(&trivial_script), connections, seconds)?;
    let join = wrk(&base, Some(&join_script), connections, seconds)?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "seeded {meetings} meetings ({} personal links) in {:.1}s; wrk -t1 -c{connections} -d{seconds}s, {workers} server worker(s)",
        hashes.len(),
        seeded.as_secs_f64()
    );
    let _ = writeln!(
        report,
        "{:<22} {:>12} {:>10} {:>10} {:>8}",
        "endpoint", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, r) in [(TRIVIAL_PATH, trivial), ("/join/{hash} -> 302", join)] {
        let _ = writeln!(
            report,
            "{:<22} {:>12.0} {:>10.3} {:>10.3} {:>8}",
            name, r.requests_per_s, r.p50_ms, r.p99_ms, r.errors
        );
    }
    let _ = writeln!(
        report,
        "join throughput = {:.2} x trivial (target >= 0.5)",
        join.requests_per_s / trivial.requests_per_s
    );
    Ok(report)
}

/// `jmb bench outbox`: one meeting with `invitees` people booked against the SMTP server at
/// `smtp`; how long the booking takes (composing and queuing every mail in its transaction)
/// and how long until the server has accepted the last mail.
pub async fn outbox(invitees: usize, smtp: &str) -> anyhow::Result<String> {
    let (host, port) = smtp
        .rsplit_once(':')
        .and_then(|(h, p)| p.parse::<u16>().ok().map(|p| (h.to_string(), p)))
        .context("--smtp must be HOST:PORT")?;
    let dir = tempfile::tempdir()?;
    let mut config = bench_config(dir.path(), 1);
    config.mail.transport = MailTransport::Smtp;
    config.mail.smtp_host = host;
    config.mail.smtp_port = port;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    let state = app.state();
    let handle = app.server_handle();
    let served = tokio::spawn(app.run_until_stopped());

    let owner = bench_identity();
    let now = SystemClock.now();
    let draft = MeetingDraft {
        subject: "Outbox benchmark".into(),
        description: "A meeting with many invitees.".into(),
        starts_at: now + Duration::days(1),
        duration_min: 60,
        room: None,
        recurrence: None,
        invitees: (0..invitees)
            .map(|i| InviteeDraft {
                email: format!("person{i}@example.org"),
                name: format!("Person {i}"),
                role: if i % 10 == 0 {
                    Role::Moderator
                } else {
                    Role::Participant
                },
            })
            .collect(),
    };
    let started = std::time::Instant::now();
    state
        .change(move |c, mail| meetings::create(c, &owner, &draft, "bench.local", Some(mail), now))
        .await?;
    let booked = started.elapsed();
    let expected = (invitees + 1) as i64;
    let deadline = started + std::time::Duration::from_secs(600);
    let (sent, failed) = loop {
        let counts = state
            .db
            .run(|c| crate::store::outbox::count_by_status(c))
            .await?;
        let count = |s: crate::store::outbox::MailStatus| {
            counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n)
        };
        let (sent, failed) = (
            count(crate::store::outbox::MailStatus::Sent),
            count(crate::store::outbox::MailStatus::Failed),
        );
        if sent + failed >= expected || std::time::Instant::now() > deadline {
            break (sent, failed);
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    };
    let delivered = started.elapsed();
    handle.stop(true).await;
    let _ = served.await;
    if sent < expected {
        bail!(
            "only {sent} of {expected} mails were accepted ({failed} failed): is an SMTP server \
             listening on {smtp}?"
        );
    }
    let sending = delivered - booked;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "1 meeting, {invitees} invitees: {expected} mails through SMTP {smtp}"
    );
    let _ = writeln!(
        report,
        "booking (compose + queue {expected} mails, one transaction): {:>8.1} ms",
        booked.as_secs_f64() * 1e3
    );
    let _ = writeln!(
        report,
        "booking -> last mail accepted by SMTP:                   {:>8.1} ms",
        delivered.as_secs_f64() * 1e3
    );
    let _ = writeln!(
        report,
        "delivery rate: {:.0} mails/s",
        expected as f64 / sending.as_secs_f64()
    );
    Ok(report)
}

/// `jmb bench feed`: one person's feed of `meetings` meetings with five invitees each; how
/// long building it takes in the process, and a full GET and a 304 over HTTP.
pub async fn feed(meetings: usize, seconds: u32) -> anyhow::Result<String> {
    use crate::service::feeds;
    let dir = tempfile::tempdir()?;
    let config = bench_config(dir.path(), 1);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    let state = app.state();
    let db = state.db.clone();
    tokio::task::spawn_blocking(move || seed_open_meetings(&db, meetings, 5)).await??;
    tokio::spawn(app.run_until_stopped());
    let who = bench_identity();
    let now = SystemClock.now();
    let feed_hash = state
        .db
        .run(move |c| feeds::ensure_feed(c, &who, now))
        .await?;

    // Building, in the process: the two queries, the calendar, the text.
    let st = state.clone();
    let ((builds, cpu), size) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let conn = st.db.conn()?;
        let owner = crate::store::feeds::FeedOwner {
            login: "bench".into(),
            email: "bench@example.org".into(),
        };
        let look = feeds::FeedLook {
            name: "Meetings of bench",
            description: "Benchmark",
            organizer_fallback: "noreply@example.org",
            urls: &st.urls,
        };
        let mut times = Vec::new();
        let mut cpu = Vec::new();
        let mut size = 0;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            let c = thread_cpu_ns();
            size = feeds::render_feed(&conn, &owner, now, &look)?.len();
            times.push(t.elapsed().as_secs_f64() * 1e3);
            if let (Some(before), Some(after)) = (c, thread_cpu_ns()) {
                cpu.push((after - before) as f64 / 1e6);
            }
        }
        times.sort_by(f64::total_cmp);
        cpu.sort_by(f64::total_cmp);
        Ok(((times, cpu), size))
    })
    .await??;

    let url = format!("http://127.0.0.1:{port}/ical/{feed_hash}.ics");
    let etag = {
        let r = reqwest::get(&url).await?;
        r.headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .context("the feed has no ETag")?
            .to_string()
    };
    let full = wrk(&url, None, 2, seconds)?;
    let cached = wrk_with(
        &url,
        None,
        &[format!("If-None-Match: {etag}")],
        &[],
        8,
        seconds,
    )?;
    let mut report = String::new();
    let _ = writeln!(
        report,
        "feed of {meetings} meetings x 5 invitees ({:.1} MB)",
        size as f64 / 1e6
    );
    let _ = writeln!(
        report,
        "build in process (7 runs): min {:.1} ms, median {:.1} ms, max {:.1} ms (target < 50 ms)",
        builds[0],
        builds[builds.len() / 2],
        builds[builds.len() - 1]
    );
    if !cpu.is_empty() {
        let _ = writeln!(
            report,
            "  of which on the CPU: min {:.1} ms, median {:.1} ms (the rest: waiting for a core)",
            cpu[0],
            cpu[cpu.len() / 2]
        );
    }
    let _ = writeln!(
        report,
        "{:<28} {:>10} {:>10} {:>10} {:>8}",
        "GET over HTTP", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, r) in [
        ("full feed (200), wrk -c2", full),
        ("unchanged (304), wrk -c8", cached),
    ] {
        let _ = writeln!(
            report,
            "{:<28} {:>10.0} {:>10.3} {:>10.3} {:>8}",
            name, r.requests_per_s, r.p50_ms, r.p99_ms, r.errors
        );
    }
    let _ = writeln!(report, "(target: a 304 under 1 ms)");
    Ok(report)
}

/// The shared secret of `jmb bench hooks`.
const BENCH_HOOK_SECRET: &str = "bench-hook-secret";

/// A wrk script that plays Prosody's event_sync for `rooms` (jmb room names) of `occupants`
/// people each: everyone joins, everyone leaves, everyone joins again…, rooms interleaved,
/// bodies as the plugin writes them. `init` takes the first event's Unix time, so a warm-up
/// run and the measured run post different events.
fn event_sync_script(rooms: &[String], occupants: usize) -> String {
    let mut lua = String::from("local rooms = {\n");
    for r in rooms {
        let _ = writeln!(lua, "\"{r}\",");
    }
    let _ = write!(
        lua,
        r#"}}
local occupants = {occupants}
local total = #rooms * occupants
local headers = {{
  ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer {BENCH_HOOK_SECRET}",
  ["User-Agent"] = "Prosody (0.12.3; posix)",
}}
local base = 1796284800
local n = 0
init = function(args)
  if args[1] then base = tonumber(args[1]) end
end
request = function()
  local i = n % total
  local round = math.floor(n / total)
  n = n + 1
  local r = i % #rooms
  local o = math.floor(i / #rooms)
  local room = rooms[r + 1]
  local session = math.floor(round / 2)
  local joined = base + session * 10
  local occupant = string.format(
    '{{"occupant_jid":"u%d-%d@meet.example.org/s%d","joined_at":%d,%s"name":"Person %d","email":"p%d.m%d@example.org","id":"%d"}}',
    o, r, session, joined, (round % 2 == 1) and string.format('"left_at":%d,', joined + 5) or "", o, o, r, o)
  local kind = (round % 2 == 0) and "joined" or "left"
  local body = string.format(
    '{{"event_name":"muc-occupant-%s","room_name":"%s","room_jid":"%s@conference.meet.example.org","is_breakout":false,"active_occupants_count":%d,"occupant":%s}}',
    kind, room, room, occupants, occupant)
  return wrk.format("POST", "/hooks/prosody/events/occupant/" .. kind, headers, body)
end
"#
    );
    lua
}

/// `jmb bench hooks`: occupant events per second absorbed by the event_sync endpoint.
pub async fn hooks(
    rooms: usize,
    occupants: usize,
    seconds: u32,
    connections: u32,
    workers: usize,
) -> anyhow::Result<String> {
    let dir = tempfile::tempdir()?;
    let mut config = bench_config(dir.path(), workers);
    config.hooks.secret = Secret::new(BENCH_HOOK_SECRET);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    let db = app.state().db.clone();
    let seeding = db.clone();
    let room_names = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        seed_open_meetings(&seeding, rooms, occupants)?;
        let now = SystemClock.now();
        let list = seeding.run_blocking(|c| {
            meeting_store::list_meetings_for(c, "bench", "", now - Duration::days(1), now)
        })?;
        Ok(list.into_iter().map(|m| m.room).collect())
    })
    .await??;
    tokio::spawn(app.run_until_stopped());

    let script = dir.path().join("event_sync.lua");
    std::fs::write(&script, event_sync_script(&room_names, occupants))?;
    let trivial_script = dir.path().join("trivial.lua");
    std::fs::write(
        &trivial_script,
        rotating_paths((0..1000).map(|n| format!("{TRIVIAL_PATH}?{n}"))),
    )?;
    let base = format!("http://127.0.0.1:{port}");
    let warm = seconds.min(2);
    wrk(&base, Some(&trivial_script), connections, warm)?;
    wrk_with(
        &base,
        Some(&script),
        &[],
        &["1700000000"],
        connections,
        warm,
    )?;
    let trivial = wrk(&base, Some(&trivial_script), connections, seconds)?;
    let events = wrk_with(
        &base,
        Some(&script),
        &[],
        &["1796284800"],
        connections,
        seconds,
    )?;
    let (stays, open) = db.run_blocking(|c| -> anyhow::Result<(i64, i64)> {
        Ok((
            presence::count_stays(c)?,
            presence::count_participants_now(c)?,
        ))
    })?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "{rooms} rooms x {occupants} occupants joining and leaving; wrk -t1 -c{connections} -d{seconds}s, {workers} server worker(s)"
    );
    let _ = writeln!(
        report,
        "{:<34} {:>12} {:>10} {:>10} {:>8}",
        "endpoint", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for (name, r) in [
        (TRIVIAL_PATH, trivial),
        ("/hooks/prosody/events/occupant/*", events),
    ] {
        let _ = writeln!(
            report,
            "{:<34} {:>12.0} {:>10.3} {:>10.3} {:>8}",
            name, r.requests_per_s, r.p50_ms, r.p99_ms, r.errors
        );
    }
    let _ = writeln!(
        report,
        "events absorbed: {:.0}/s (target >= 20000), p99 {:.2} ms (target < 10); {stays} stays stored, {open} open",
        events.requests_per_s, events.p99_ms
    );
    Ok(report)
}
