//! `jmb bench remind`: one reminder pass over a large database: `meetings` meetings with
//! `invitees` people each, of which `due` have their ten-minute reminder due now. Times the
//! pass that queues those reminders' mails into the outbox, then passes that find nothing.
//! With `--series N`: passes over N weekly series with nothing due (nor anything to extend),
//! then the pass a week later that extends every series' plan by a week.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use anyhow::{Context, bail};
use chrono::{Datelike, Duration, DurationRound};
use indicatif::{ProgressBar, ProgressStyle};

use super::bench_config;
use crate::auth::Identity;
use crate::clock::{Clock, SystemClock, TestClock};
use crate::domain::recurrence::{End, Pattern, Rule};
use crate::domain::reminder::{ReminderKind, due_at};
use crate::domain::{InviteeDraft, MeetingDraft, Role};
use crate::mail::{Composer, OutboxHandle};
use crate::reminders::{Scheduler, SchedulerHandle, configured_offsets};
use crate::service::meetings;
use crate::store::bulk::{BulkLoad, BulkMeeting};
use crate::store::{Db, outbox, reminders};

pub async fn remind(
    meetings: usize,
    invitees: usize,
    due: usize,
    empty_passes: usize,
    dir: Option<&Path>,
) -> anyhow::Result<String> {
    if due > meetings {
        bail!("--due ({due}) cannot exceed --meetings ({meetings})");
    }
    let tmp = match dir {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .context("while creating the benchmark's directory")?;
    let config = bench_config(tmp.path(), 1);
    let offsets = configured_offsets(&config);
    let now = SystemClock
        .now()
        .duration_trunc(Duration::seconds(1))
        .context("while reading the clock")?;

    // Schema and offsets through the normal path, then the bulk load on its own connection.
    {
        let db = Db::connect(&config.database, 1)?;
        let o = offsets.clone();
        db.run_blocking(move |c| crate::service::reminders::sync_offsets(c, &o, now))?;
    }
    let started = Instant::now();
    let path = config.database.path.clone();
    let seed_offsets = offsets.of(ReminderKind::Mail).to_vec();
    tokio::task::spawn_blocking(move || seed(&path, meetings, invitees, due, &seed_offsets, now))
        .await??;
    let seeded = started.elapsed();
    let size = std::fs::metadata(&config.database.path)
        .map(|m| m.len())
        .unwrap_or(0);

    let db = Db::connect(&config.database, 2)?;
    let clock = TestClock::new(now);
    let scheduler = Scheduler::new(
        &config,
        db.clone(),
        Arc::new(clock.clone()),
        Arc::new(Composer::new(&config)?),
        OutboxHandle::default(),
        SchedulerHandle::default(),
    )?;
    let plan = db.run_blocking(|c| reminders::explain_due(c))?;
    let pending = db.run_blocking(|c| reminders::count_pending(c))?;

    let started = Instant::now();
    let cpu_before = cpu_time();
    let busy = scheduler.mail_pass().await?;
    let busy_time = started.elapsed();
    let busy_cpu = cpu_time()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let queued = db.run_blocking(|c| outbox::count_by_status(c))?;
    let queued: i64 = queued.iter().map(|(_, n)| n).sum();
    if busy.reminders_sent != due || queued as usize != busy.mails_queued {
        bail!(
            "the pass sent {} reminders and queued {} mails ({queued} in the outbox), \
             expected {due} reminders",
            busy.reminders_sent,
            busy.mails_queued
        );
    }

    let mut idle = Vec::with_capacity(empty_passes);
    for _ in 0..empty_passes {
        let started = Instant::now();
        let pass = scheduler.mail_pass().await?;
        idle.push(started.elapsed());
        if pass.reminders_sent > 0 {
            bail!("an empty pass sent {} reminders", pass.reminders_sent);
        }
    }
    idle.sort();
    let pct = |p: f64| -> StdDuration {
        idle.get(((idle.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let ms = |d: StdDuration| d.as_secs_f64() * 1e3;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "seeded {meetings} meetings x {invitees} invitees ({} pending reminders: {}) in {:.0} s; \
         database {:.2} GB",
        pending.iter().map(|(_, n)| n).sum::<i64>(),
        pending
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        seeded.as_secs_f64(),
        size as f64 / 1e9
    );
    let _ = writeln!(report, "due query plan: {plan}");
    let _ = writeln!(
        report,
        "pass with {due} reminders due: {:.1} ms (CPU {}), {} mails composed and queued \
         (target < 1000 ms)",
        ms(busy_time),
        busy_cpu.map_or("unknown".into(), |c| format!("{:.0} ms", ms(c))),
        busy.mails_queued
    );
    let _ = writeln!(
        report,
        "pass with nothing due ({empty_passes} runs): median {:.3} ms, p99 {:.3} ms, max {:.3} ms \
         (target < 5 ms)",
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(idle.last().copied().unwrap_or_default())
    );
    Ok(report)
}

/// `jmb bench remind --series`: the scheduler's pass stays two index reads however many
/// series there are.
pub async fn remind_series(
    series: usize,
    empty_passes: usize,
    dir: Option<&Path>,
) -> anyhow::Result<String> {
    let tmp = match dir {
        Some(d) => tempfile::tempdir_in(d),
        None => tempfile::tempdir(),
    }
    .context("while creating the benchmark's directory")?;
    let config = bench_config(tmp.path(), 1);
    let offsets = configured_offsets(&config);
    let now = SystemClock
        .now()
        .duration_trunc(Duration::seconds(1))
        .context("while reading the clock")?;
    let db = Db::connect(&config.database, 2)?;
    db.run_blocking(move |c| crate::service::reminders::sync_offsets(c, &offsets, now))?;

    let started = Instant::now();
    let owner = Identity {
        login: "bench".into(),
        email: "bench@example.org".into(),
        name: "Bench".into(),
        editor: true,
        ..Identity::default()
    };
    let week = 7 * 24 * 60;
    for n in 0..series {
        // Every minute of the week after next: nothing is due now, every reminder to come.
        let starts_at = now + Duration::days(8) + Duration::minutes((n % week) as i64);
        let draft = MeetingDraft {
            subject: format!("Bench series {n}"),
            description: String::new(),
            starts_at,
            duration_min: 60,
            room: None,
            invitees: vec![InviteeDraft {
                email: format!("p{n}@example.org"),
                name: String::new(),
                role: Role::Participant,
            }],
            recurrence: Some((
                chrono_tz::UTC,
                Rule {
                    pattern: Pattern::Weekly(vec![starts_at.weekday()]),
                    interval: 1,
                    end: End::Count(52),
                },
            )),
        };
        let owner = owner.clone();
        db.run_blocking(move |c| meetings::create(c, &owner, &draft, "bench", None, now))?;
    }
    let seeded = started.elapsed();
    let pending = db.run_blocking(|c| reminders::count_pending(c))?;
    let due_plan = db.run_blocking(|c| reminders::explain_due(c))?;
    let extend_plan = db.run_blocking(|c| reminders::explain_to_extend(c))?;

    let clock = TestClock::new(now);
    let scheduler = Scheduler::new(
        &config,
        db.clone(),
        Arc::new(clock.clone()),
        Arc::new(Composer::new(&config)?),
        OutboxHandle::default(),
        SchedulerHandle::default(),
    )?;
    let mut idle = Vec::with_capacity(empty_passes);
    for _ in 0..empty_passes {
        let started = Instant::now();
        let pass = scheduler.mail_pass().await?;
        idle.push(started.elapsed());
        if pass != Default::default() {
            bail!("a pass with nothing due did something: {pass:?}");
        }
    }
    idle.sort();
    let pct = |p: f64| -> StdDuration {
        idle.get(((idle.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    let ms = |d: StdDuration| d.as_secs_f64() * 1e3;

    // A week and a bit later, every series' plan ends within the horizon: one pass extends
    // them all (and sends the reminders then due).
    clock.advance(Duration::weeks(1) + Duration::minutes(1));
    let before = db.run_blocking(|c| reminders::count_pending(c))?;
    let started = Instant::now();
    let extending = scheduler.mail_pass().await?;
    let extend_time = started.elapsed();
    let after = db.run_blocking(|c| reminders::count_pending(c))?;
    let total = |v: &[(ReminderKind, i64)]| v.iter().map(|(_, n)| n).sum::<i64>();

    let mut report = String::new();
    let _ = writeln!(
        report,
        "booked {series} weekly series (52 occurrences each, {} pending reminders) in {:.0} s",
        total(&pending),
        seeded.as_secs_f64()
    );
    let _ = writeln!(report, "due query plan: {due_plan}");
    let _ = writeln!(report, "series to extend query plan: {extend_plan}");
    let _ = writeln!(
        report,
        "pass over {series} series with nothing due ({empty_passes} runs): median {:.3} ms, \
         p99 {:.3} ms, max {:.3} ms (target < 1 ms)",
        ms(pct(0.5)),
        ms(pct(0.99)),
        ms(idle.last().copied().unwrap_or_default())
    );
    let _ = writeln!(
        report,
        "a week later, the pass extending every series: {:.0} ms, pending reminders {} -> {}, \
         {} reminders sent",
        ms(extend_time),
        total(&before),
        total(&after),
        extending.reminders_sent
    );
    Ok(report)
}

/// `due` meetings start in five minutes (their ten-minute reminder is due, the earlier ones
/// long sent); the others start over the next four weeks with every reminder still to come.
fn seed(
    path: &Path,
    meetings: usize,
    invitees: usize,
    due: usize,
    offsets: &[u32],
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let bar = ProgressBar::new(meetings as u64).with_style(
        ProgressStyle::with_template("seeding {bar:40} {pos}/{len} meetings, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let load = BulkLoad::open(path)?;
    let four_weeks = 4 * 7 * 24 * 60;
    let mut planned = Vec::with_capacity(offsets.len());
    for n in 0..meetings {
        let starts_at = if n < due {
            now + Duration::minutes(5)
        } else {
            now + Duration::days(8) + Duration::minutes((n % four_weeks) as i64)
        };
        planned.clear();
        for &offset in offsets {
            let at = due_at(starts_at, offset);
            // A reminder whose moment has passed was sent long ago: it is not pending.
            if at >= now - Duration::minutes(10) {
                planned.push(("mail", offset, at));
            }
        }
        load.insert(&BulkMeeting {
            n,
            starts_at,
            duration_min: 60,
            invitees,
            reminders: &planned,
            now: now - Duration::days(30),
            owner: None,
        })?;
        if n % 10_000 == 0 {
            bar.set_position(n as u64);
        }
    }
    bar.finish_and_clear();
    load.finish()?;
    // Gigabytes written without a journal are still in the page cache: flush them now, or
    // the first fsync of the timed pass would pay for the whole load.
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

/// CPU time of this process so far (Linux), to tell a slow pass from a busy machine.
fn cpu_time() -> Option<StdDuration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux jmb runs on.
    Some(StdDuration::from_millis(ticks * 10))
}
