//! `jmb bench …`: reproducible measurements on this machine, with real HTTP on loopback.
//! Load comes from `wrk` (Debian package), which is far lighter than any client we could
//! write, so the figures are the server's. Built only with the `bench` feature, so the
//! shipped binary carries none of it.

pub mod pg;
pub mod remind;
pub mod replies;
pub mod webhooks;

use std::fmt::Write as _;
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, Duration, Utc};

use crate::auth::Identity;
use crate::clock::{Clock, SystemClock};
use crate::config::{AuthMode, Config, DatabaseConfig, MailTransport, Secret};
use crate::domain::{InviteeDraft, MeetingDraft, PartStat, Role};
use crate::service::meetings;
use crate::startup::Application;
use crate::store::bulk::{self, BulkLoad, BulkMeeting};
use crate::store::{Db, meetings as meeting_store, presence};
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
        /// Also on PostgreSQL, in a database of its own created (and dropped) on the server
        /// this URL names, e.g. postgres://jmb@localhost/postgres (the role needs CREATEDB).
        /// $JMB_BENCH_PG_URL keeps a password out of `ps`.
        #[arg(
            long,
            value_name = "URL",
            env = "JMB_BENCH_PG_URL",
            hide_env_values = true
        )]
        pg_url: Option<String>,
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
        /// One-off meetings in the feed (default: 10000, or 5000 with --series).
        #[arg(long)]
        meetings: Option<usize>,
        /// Weekly series of 52 occurrences in the feed besides the meetings (issue #17: 100).
        #[arg(long, default_value_t = 0)]
        series: usize,
        #[arg(long, default_value_t = 5)]
        seconds: u32,
        /// Also on PostgreSQL, in a database of its own created (and dropped) on the server
        /// this URL names, e.g. postgres://jmb@localhost/postgres (the role needs CREATEDB).
        /// $JMB_BENCH_PG_URL keeps a password out of `ps`.
        #[arg(
            long,
            value_name = "URL",
            env = "JMB_BENCH_PG_URL",
            hide_env_values = true
        )]
        pg_url: Option<String>,
    },
    /// Mails per second from booking one meeting into an SMTP server (e.g. the test
    /// capture server, see README).
    Outbox {
        #[arg(long, default_value_t = 200)]
        invitees: usize,
        /// HOST:PORT of the SMTP server that receives the mails.
        #[arg(long)]
        smtp: String,
        /// Nodes draining the one queue (more than one: on PostgreSQL, see --pg-url).
        #[arg(long, default_value_t = 1)]
        nodes: usize,
        /// Only on PostgreSQL, in a database of its own created (and dropped) on the server
        /// this URL names (the role needs CREATEDB); $JMB_BENCH_PG_URL keeps a password out
        /// of `ps`. Without it: SQLite.
        #[arg(
            long,
            value_name = "URL",
            env = "JMB_BENCH_PG_URL",
            hide_env_values = true
        )]
        pg_url: Option<String>,
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
    /// Webhook events committed as bookings, delivered to a receiver on loopback:
    /// deliveries per second, commit to delivery p50 and p99.
    Webhooks {
        #[arg(long, default_value_t = 10_000)]
        events: usize,
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
            pg_url,
        } => {
            join(
                *meetings,
                *seconds,
                *connections,
                *workers,
                pg_url.as_deref(),
            )
            .await
        }
        Benchmark::Hooks {
            rooms,
            occupants,
            seconds,
            connections,
            workers,
        } => hooks(*rooms, *occupants, *seconds, *connections, *workers).await,
        Benchmark::Feed {
            meetings,
            series,
            seconds,
            pg_url,
        } => {
            let meetings = meetings.unwrap_or(if *series > 0 { 5_000 } else { 10_000 });
            feed(meetings, *series, *seconds, pg_url.as_deref()).await
        }
        Benchmark::Outbox {
            invitees,
            smtp,
            nodes,
            pg_url,
        } => outbox(*invitees, smtp, *nodes, pg_url.as_deref()).await,
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
        Benchmark::Webhooks { events } => webhooks::webhooks(*events).await,
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

/// The key every node of a PostgreSQL run shares for its cookies.
const BENCH_COOKIE_KEY: &str = "bench-cookie-key-of-at-least-32-bytes-0123456789";

/// One engine's database for one run: SQLite in `dir`, or a throwaway PostgreSQL database.
pub struct BenchDb {
    pub engine: &'static str,
    pub dir: tempfile::TempDir,
    pg: Option<pg::ThrowawayDb>,
}

impl BenchDb {
    /// SQLite, or PostgreSQL on the server `pg_url` names.
    pub fn new(pg_url: Option<&str>) -> anyhow::Result<BenchDb> {
        Ok(BenchDb {
            engine: if pg_url.is_some() {
                "postgres"
            } else {
                "sqlite"
            },
            dir: tempfile::tempdir()?,
            pg: pg_url.map(pg::ThrowawayDb::create).transpose()?,
        })
    }

    pub fn config(&self, workers: usize) -> Config {
        let mut c = bench_config(self.dir.path(), workers);
        if let Some(pg) = &self.pg {
            c.database.url = Secret::new(pg.url.clone());
            c.server.secret_key = Secret::new(BENCH_COOKIE_KEY);
        }
        c
    }
}

/// The engines a run measures, one after the other: SQLite, then PostgreSQL with `pg_url`.
fn engines(pg_url: Option<&str>) -> Vec<Option<&str>> {
    let mut engines = vec![None];
    engines.extend(pg_url.map(Some));
    engines
}

/// Loads `count` meetings of `invitees` people each, all starting at `starts_at`, into
/// `database` (created and migrated here) in bulk; returns how long the load took.
pub async fn seed_bulk(
    database: &DatabaseConfig,
    count: usize,
    invitees: usize,
    starts_at: DateTime<Utc>,
    duration_min: u32,
    owner: Option<&'static str>,
) -> anyhow::Result<std::time::Duration> {
    let database = database.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let started = std::time::Instant::now();
        let now = SystemClock.now();
        let load = BulkLoad::for_database(&database)?;
        for n in 0..count {
            load.insert(&BulkMeeting {
                n,
                starts_at,
                duration_min,
                invitees,
                reminders: &[],
                now,
                owner,
            })?;
        }
        load.finish()?;
        Ok(started.elapsed())
    })
    .await?
}

/// An application serving `config` on loopback, and its port.
async fn serve(config: Config) -> anyhow::Result<(Application, u16)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let app = Application::build_on(config, Arc::new(SystemClock), listener).await?;
    Ok((app, port))
}

/// One engine's figures of `jmb bench join`.
struct JoinRun {
    engine: &'static str,
    seeded: std::time::Duration,
    trivial: LoadResult,
    join: LoadResult,
}

/// `jmb bench join`: `/join/{hash}` redirects against the trivial handler, on each engine.
pub async fn join(
    meetings: usize,
    seconds: u32,
    connections: u32,
    workers: usize,
    pg_url: Option<&str>,
) -> anyhow::Result<String> {
    let mut runs = Vec::new();
    for url in engines(pg_url) {
        let db = BenchDb::new(url)?;
        runs.push(join_on(&db, meetings, seconds, connections, workers).await?);
    }
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{meetings} meetings ({} personal links) seeded in bulk: {}; wrk -t1 -c{connections} \
         -d{seconds}s, {workers} server worker(s)",
        meetings * 5,
        runs.iter()
            .map(|r| format!("{} {:.1} s", r.engine, r.seeded.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        report,
        "{:<9} {:<22} {:>12} {:>10} {:>10} {:>8}",
        "engine", "endpoint", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for r in &runs {
        for (name, l) in [(TRIVIAL_PATH, r.trivial), ("/join/{hash} -> 302", r.join)] {
            let _ = writeln!(
                report,
                "{:<9} {:<22} {:>12.0} {:>10.3} {:>10.3} {:>8}",
                r.engine, name, l.requests_per_s, l.p50_ms, l.p99_ms, l.errors
            );
        }
    }
    for r in &runs {
        let _ = writeln!(
            report,
            "{}: join throughput = {:.2} x trivial (target >= 0.5)",
            r.engine,
            r.join.requests_per_s / r.trivial.requests_per_s
        );
    }
    if let [sqlite, postgres] = runs.as_slice() {
        let _ = writeln!(
            report,
            "postgres/sqlite: {:.2} x the joins per second (target: within 2x, >= 0.5)",
            postgres.join.requests_per_s / sqlite.join.requests_per_s
        );
    }
    Ok(report)
}

async fn join_on(
    db: &BenchDb,
    meetings: usize,
    seconds: u32,
    connections: u32,
    workers: usize,
) -> anyhow::Result<JoinRun> {
    let config = db.config(workers);
    let starts_at = SystemClock.now() - Duration::minutes(5);
    let seeded = seed_bulk(&config.database, meetings, 5, starts_at, 720, None).await?;
    let (app, port) = serve(config).await?;
    let handle = app.server_handle();
    let served = tokio::spawn(app.run_until_stopped());

    // Both endpoints are driven by the same Lua request loop, so wrk's own cost per request
    // is the same on both sides of the comparison.
    let join_script = db.dir.path().join("join.lua");
    std::fs::write(
        &join_script,
        rotating_paths(
            (0..meetings).flat_map(|n| (0..5).map(move |i| format!("/join/{}", bulk::link(n, i)))),
        ),
    )?;
    let trivial_script = db.dir.path().join("trivial.lua");
    std::fs::write(
        &trivial_script,
        rotating_paths((0..meetings * 5).map(|n| format!("{TRIVIAL_PATH}?{n}"))),
    )?;
    let base = format!("http://127.0.0.1:{port}");

    // Warm up both paths (connections, statement caches, page cache).
    let warm = seconds.min(2);
    wrk(&base, Some(&trivial_script), connections, warm)?;
    wrk(&base, Some(&join_script), connections, warm)?;
    let trivial = wrk(&base, Some(&trivial_script), connections, seconds)?;
    let join = wrk(&base, Some(&join_script), connections, seconds)?;
    handle.stop(true).await;
    let _ = served.await;
    Ok(JoinRun {
        engine: db.engine,
        seeded,
        trivial,
        join,
    })
}

/// `jmb bench outbox`: one meeting with `invitees` people booked against the SMTP server at
/// `smtp`; how long the booking takes (composing and queuing every mail in its transaction)
/// and how long until the server has accepted the last mail, sent by `nodes` nodes draining
/// the one queue (on PostgreSQL); then that each mail was sent at its first attempt, by one
/// node: a mail two nodes had claimed would show a second attempt.
pub async fn outbox(
    invitees: usize,
    smtp: &str,
    nodes: usize,
    pg_url: Option<&str>,
) -> anyhow::Result<String> {
    use crate::store::outbox::{self as outbox_store, MailStatus};
    let (host, port) = smtp
        .rsplit_once(':')
        .and_then(|(h, p)| p.parse::<u16>().ok().map(|p| (h.to_string(), p)))
        .context("--smtp must be HOST:PORT")?;
    if nodes == 0 || (nodes > 1 && pg_url.is_none()) {
        bail!("--nodes {nodes}: several nodes share one PostgreSQL database: give --pg-url");
    }
    let db = BenchDb::new(pg_url)?;
    let mut config = db.config(1);
    config.mail.transport = MailTransport::Smtp;
    config.mail.smtp_host = host;
    config.mail.smtp_port = port;
    let mut states = Vec::new();
    let mut running = Vec::new();
    for _ in 0..nodes {
        let (app, _) = serve(config.clone()).await?;
        states.push(app.state());
        running.push((app.server_handle(), tokio::spawn(app.run_until_stopped())));
    }
    let state = states[0].clone();

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
    // The booking woke its own node; the others are told as another node's mail would be
    // found by their next poll, only sooner.
    for other in &states[1..] {
        other.outbox.wake();
    }
    let expected = (invitees + 1) as i64;
    let deadline = started + std::time::Duration::from_secs(600);
    let (sent, failed) = loop {
        let counts = state.db.run(|c| outbox_store::count_by_status(c)).await?;
        let count = |s: MailStatus| counts.iter().find(|(k, _)| *k == s).map_or(0, |(_, n)| *n);
        let (sent, failed) = (count(MailStatus::Sent), count(MailStatus::Failed));
        if sent + failed >= expected || std::time::Instant::now() > deadline {
            break (sent, failed);
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    };
    let delivered = started.elapsed();
    let retried = state
        .db
        .run(|c| outbox_store::count_sent_after_retries(c))
        .await?;
    for (handle, served) in running {
        handle.stop(true).await;
        let _ = served.await;
    }
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
        "1 meeting, {invitees} invitees: {expected} mails through SMTP {smtp}, {nodes} node(s) \
         on {}",
        db.engine
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
    let _ = writeln!(
        report,
        "sent once each: {} of {expected} at their first attempt ({retried} needed more)",
        sent - retried
    );
    if retried > 0 {
        bail!("{report}{retried} mail(s) took more than one attempt: sent twice?");
    }
    Ok(report)
}

/// One engine's figures of `jmb bench feed`.
struct FeedRun {
    engine: &'static str,
    seeded: std::time::Duration,
    size: usize,
    /// From nothing, and after one meeting changed.
    cold: Builds,
    changed: Builds,
    full: LoadResult,
    cached: LoadResult,
}

/// Feed builds' times in milliseconds, on the clock and on the CPU.
#[derive(Default)]
struct Builds {
    wall: Vec<f64>,
    cpu: Vec<f64>,
}

impl Builds {
    fn add(&mut self, wall: f64, cpu: Option<f64>) {
        self.wall.push(wall);
        self.cpu.extend(cpu);
    }

    fn sorted(mut self) -> Builds {
        self.wall.sort_by(f64::total_cmp);
        self.cpu.sort_by(f64::total_cmp);
        self
    }

    /// `min …, median …, max … ms; on the CPU: median … ms`.
    fn summary(&self) -> String {
        let median = |v: &[f64]| v.get(v.len() / 2).copied().unwrap_or(f64::NAN);
        format!(
            "min {:.1} ms, median {:.1} ms, max {:.1} ms; on the CPU: median {:.1} ms",
            self.wall.first().copied().unwrap_or(f64::NAN),
            median(&self.wall),
            self.wall.last().copied().unwrap_or(f64::NAN),
            median(&self.cpu),
        )
    }
}

/// `jmb bench feed`: one person's feed of `meetings` meetings with five invitees each, and
/// `series` weekly series of 52 occurrences; how long building it takes in the process, and
/// a full GET and a 304 over HTTP, on each engine.
pub async fn feed(
    meetings: usize,
    series: usize,
    seconds: u32,
    pg_url: Option<&str>,
) -> anyhow::Result<String> {
    let mut runs = Vec::new();
    for url in engines(pg_url) {
        let db = BenchDb::new(url)?;
        runs.push(feed_on(&db, meetings, series, seconds).await?);
    }
    let mut report = String::new();
    let what = if series > 0 {
        format!("{series} weekly series x 52 occurrences and {meetings} meetings")
    } else {
        format!("{meetings} meetings")
    };
    let _ = writeln!(
        report,
        "feed of {what}, 5 invitees each ({:.1} MB); seeded in {}",
        runs[0].size as f64 / 1e6,
        runs.iter()
            .map(|r| format!("{} {:.1} s", r.engine, r.seeded.as_secs_f64()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let target = if series > 0 {
        "target < 20 ms"
    } else {
        "target < 50 ms on SQLite, < 100 ms on PostgreSQL"
    };
    for r in &runs {
        let _ = writeln!(
            report,
            "{}: build from nothing (3 runs): {}",
            r.engine,
            r.cold.summary()
        );
        let _ = writeln!(
            report,
            "{}: rebuild after one meeting changed (7 runs): {} ({target})",
            r.engine,
            r.changed.summary()
        );
    }
    let _ = writeln!(
        report,
        "{:<9} {:<28} {:>10} {:>10} {:>10} {:>8}",
        "engine", "GET over HTTP", "requests/s", "p50 ms", "p99 ms", "errors"
    );
    for r in &runs {
        for (name, l) in [
            ("full feed (200), wrk -c2", r.full),
            ("unchanged (304), wrk -c8", r.cached),
        ] {
            let _ = writeln!(
                report,
                "{:<9} {:<28} {:>10.0} {:>10.3} {:>10.3} {:>8}",
                r.engine, name, l.requests_per_s, l.p50_ms, l.p99_ms, l.errors
            );
        }
    }
    let _ = writeln!(report, "(target: a 304 under 1 ms)");
    Ok(report)
}

/// `series` weekly series of 52 occurrences with five invitees each, booked as the bench
/// organiser through the use case (a series is one meeting and its rule).
fn book_series(db: &Db, series: usize, now: DateTime<Utc>) -> anyhow::Result<()> {
    use crate::domain::recurrence::{End, Pattern, Rule};
    let owner = bench_identity();
    let tz = chrono_tz::Europe::Paris;
    let minute = DateTime::from_timestamp(now.timestamp() / 60 * 60, 0).unwrap_or(now);
    db.run_blocking(|conn| -> anyhow::Result<()> {
        for k in 0..series {
            let starts_at = minute + Duration::days(1) + Duration::minutes(10 * k as i64);
            let draft = MeetingDraft {
                subject: format!("Bench series {k}"),
                description: String::new(),
                starts_at,
                duration_min: 60,
                room: None,
                recurrence: Some((
                    tz,
                    Rule {
                        pattern: Pattern::Weekly(vec![starts_at.with_timezone(&tz).weekday()]),
                        interval: 1,
                        end: End::Count(52),
                    },
                )),
                invitees: (0..5)
                    .map(|i| InviteeDraft {
                        email: format!("p{i}.s{k}@example.org"),
                        name: format!("Person {i}"),
                        role: Role::Participant,
                    })
                    .collect(),
            };
            meetings::create(conn, &owner, &draft, "bench.local", None, now)?;
        }
        Ok(())
    })
}

async fn feed_on(
    db: &BenchDb,
    meetings: usize,
    series: usize,
    seconds: u32,
) -> anyhow::Result<FeedRun> {
    use crate::service::feeds;
    let config = db.config(1);
    let now = SystemClock.now();
    let started = std::time::Instant::now();
    seed_bulk(
        &config.database,
        meetings,
        5,
        now - Duration::minutes(5),
        720,
        Some("bench"),
    )
    .await?;
    let (app, port) = serve(config).await?;
    let state = app.state();
    let store = state.db.clone();
    tokio::task::spawn_blocking(move || book_series(&store, series, now)).await??;
    let seeded = started.elapsed();
    let handle = app.server_handle();
    let served = tokio::spawn(app.run_until_stopped());
    let who = bench_identity();
    let feed_hash = state
        .db
        .run(move |c| feeds::ensure_feed(c, &who, now))
        .await?;

    // Building, in the process: from nothing (an empty cache: the first build after a
    // start), then again after one meeting changed each time (an answer), as every build
    // after the first is.
    let st = state.clone();
    let builds = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        use crate::store::{feeds as feed_store, invitees};
        let conn = st.db.conn()?;
        let owner = crate::store::feeds::FeedOwner {
            login: "bench".into(),
            email: "bench@example.org".into(),
        };
        let look = feeds::FeedLook {
            name: "Meetings of bench",
            description: "Benchmark",
        };
        let new_cache = || feeds::FeedCache::new(st.urls.clone(), "noreply@example.org");
        let mut size = 0;
        let mut timed = |cache: &feeds::FeedCache, into: &mut Builds| -> anyhow::Result<()> {
            let t = std::time::Instant::now();
            let c = thread_cpu_ns();
            size = feeds::render_feed(&conn, &owner, now, &look, cache)?.len();
            let wall = t.elapsed().as_secs_f64() * 1e3;
            let cpu = c
                .zip(thread_cpu_ns())
                .map(|(before, after)| (after - before) as f64 / 1e6);
            into.add(wall, cpu);
            Ok(())
        };
        let mut cold = Builds::default();
        for _ in 0..3 {
            timed(&new_cache(), &mut cold)?;
        }
        let cache = new_cache();
        timed(&cache, &mut Builds::default())?;
        let since = now - Duration::days(feeds::PAST_DAYS);
        let heads = feed_store::feed_heads(&conn, "bench", "bench@example.org", since)?;
        let mut changed = Builds::default();
        for k in 0..7 {
            let meeting = heads[(k * 997 + 13) % heads.len()].meeting_id;
            let invitee = &invitees::list_invitees(&conn, meeting)?[0];
            let answer = if invitee.partstat == PartStat::Accepted {
                PartStat::Declined
            } else {
                PartStat::Accepted
            };
            invitees::update_partstat(&conn, invitee.id, answer, now)?;
            timed(&cache, &mut changed)?;
        }
        Ok((cold.sorted(), changed.sorted(), size))
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
    handle.stop(true).await;
    let _ = served.await;
    let (cold, changed, size) = builds;
    Ok(FeedRun {
        engine: db.engine,
        seeded,
        size,
        cold,
        changed,
        full,
        cached,
    })
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
