//! The one shape of background work inside `jmb serve`: a [`Worker`] does one step of its
//! work per [`Worker::tick`] and says when it wants the next; [`Workers`] runs each on its
//! own task and owns what they all share: the stop signal, wake-ups, sleeping, logging
//! failures with back-off, and a graceful stop that lets the tick under way finish.
//!
//! A tick is also the unit that claims work in the database (a batch of mails, the reminders
//! due now, the rooms to end), so that several processes on one database may run the same
//! workers: whatever a tick claims, it finishes or leaves to a lease that runs out.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use crate::clock::SharedClock;

/// What a failed tick reports; the runner only logs it, so any error type will do.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// When a worker wants its next tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// There is more to do: tick again at once (the stop signal is still honoured between).
    Again,
    /// Tick again after this long, or sooner when woken. A worker that knows when its next
    /// job is due says so here (`due - now`).
    After(Duration),
    /// Tick again only when woken.
    Wait,
}

pub trait Worker: Send {
    /// For the log.
    fn name(&self) -> &'static str;

    /// The wake-up that makes it tick before its time (others hold a clone); none by default.
    fn wake(&self) -> Option<Wake> {
        None
    }

    /// One step of work as of `now`. The runner never cancels a tick: stopping waits for it.
    fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, Error>>;
}

/// A way to make a worker tick now rather than at its next time (new work was queued, a
/// test moved the clock). A wake-up given while the worker is busy is kept for after.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// The first wait after a failed tick; it doubles with each failure in a row up to the
/// ceiling, so that a database that is down is not hammered, nor the log filled.
const BACKOFF_FIRST: Duration = Duration::from_secs(1);
const BACKOFF_CEILING: Duration = Duration::from_secs(60);

/// The wait after the `failures`-th failed tick in a row (from 1).
fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    BACKOFF_FIRST
        .saturating_mul(1 << doublings)
        .min(BACKOFF_CEILING)
}

/// The running workers.
pub struct Workers {
    stop: watch::Sender<bool>,
    running: Vec<(&'static str, JoinHandle<()>)>,
}

impl Workers {
    /// Starts each worker on a task of its own; the first tick is at once.
    pub fn start(workers: Vec<Box<dyn Worker>>, clock: SharedClock) -> Workers {
        let (stop, stopped) = watch::channel(false);
        let running = workers
            .into_iter()
            .map(|w| {
                (
                    w.name(),
                    tokio::spawn(run(w, clock.clone(), stopped.clone())),
                )
            })
            .collect();
        Workers { stop, running }
    }

    /// Asks every worker to stop and waits until each has finished the tick under way.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for (name, task) in self.running {
            if let Err(e) = task.await {
                tracing::error!(worker = name, error = %e, "a background worker ended abnormally");
            }
        }
    }
}

async fn run(mut worker: Box<dyn Worker>, clock: SharedClock, mut stop: watch::Receiver<bool>) {
    let name = worker.name();
    let wake = worker.wake().unwrap_or_default();
    let mut failures = 0u32;
    while !*stop.borrow_and_update() {
        match worker.tick(clock.now()).await {
            Ok(next) => {
                if failures > 0 {
                    tracing::info!(worker = name, failures, "background work recovered");
                    failures = 0;
                }
                let pause = match next {
                    Next::Again => {
                        // Lets the other tasks of this thread run between two ticks.
                        tokio::task::yield_now().await;
                        continue;
                    }
                    Next::After(d) => Some(d),
                    Next::Wait => None,
                };
                tokio::select! {
                    _ = wake.0.notified() => {}
                    _ = sleep(pause) => {}
                    changed = stop.changed() => if changed.is_err() { return },
                }
            }
            Err(e) => {
                failures = failures.saturating_add(1);
                let pause = backoff(failures);
                tracing::error!(
                    worker = name,
                    error = %e,
                    failures,
                    retry_in_s = pause.as_secs(),
                    "background work failed"
                );
                // A wake-up meanwhile is kept for after the pause, not acted on at once: it
                // says there is work, not that what failed works again.
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    changed = stop.changed() => if changed.is_err() { return },
                }
            }
        }
    }
}

/// Sleeps `pause`, or for ever.
async fn sleep(pause: Option<Duration>) {
    match pause {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TestClock;
    use std::sync::Mutex;
    use tokio::sync::mpsc;

    /// A worker whose ticks are scripted: each tick reports to the test and returns the
    /// next scripted answer (the last one repeats); a tick may be held open until released.
    struct Scripted {
        answers: Vec<Result<Next, &'static str>>,
        ticks: mpsc::UnboundedSender<DateTime<Utc>>,
        hold: Option<Arc<Notify>>,
        finished: Arc<Mutex<u32>>,
        wake: Wake,
    }

    impl Worker for Scripted {
        fn name(&self) -> &'static str {
            "scripted"
        }

        fn wake(&self) -> Option<Wake> {
            Some(self.wake.clone())
        }

        fn tick(&mut self, now: DateTime<Utc>) -> BoxFuture<'_, Result<Next, Error>> {
            Box::pin(async move {
                let _ = self.ticks.send(now);
                if let Some(hold) = &self.hold {
                    hold.notified().await;
                }
                *self.finished.lock().unwrap() += 1;
                let answer = if self.answers.len() > 1 {
                    self.answers.remove(0)
                } else {
                    self.answers[0]
                };
                answer.map_err(Error::from)
            })
        }
    }

    fn scripted(
        answers: Vec<Result<Next, &'static str>>,
    ) -> (Scripted, mpsc::UnboundedReceiver<DateTime<Utc>>) {
        let (ticks, seen) = mpsc::unbounded_channel();
        let worker = Scripted {
            answers,
            ticks,
            hold: None,
            finished: Arc::default(),
            wake: Wake::default(),
        };
        (worker, seen)
    }

    fn clock() -> SharedClock {
        Arc::new(TestClock::new(DateTime::UNIX_EPOCH))
    }

    /// Lets the spawned runner run until it waits on something.
    async fn settle() {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_worker_ticks_at_once_then_after_the_pause_it_asked_for() {
        let (worker, mut ticks) = scripted(vec![Ok(Next::After(Duration::from_secs(30)))]);
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        let start = tokio::time::Instant::now();
        ticks.recv().await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(30));
        workers.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_wake_up_runs_a_tick_before_its_time() {
        let (worker, mut ticks) = scripted(vec![Ok(Next::After(Duration::from_secs(3600)))]);
        let wake = worker.wake.clone();
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        settle().await;
        let start = tokio::time::Instant::now();
        wake.wake();
        ticks.recv().await.unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{:?}",
            start.elapsed()
        );
        workers.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn a_worker_that_waits_ticks_only_when_woken() {
        let (worker, mut ticks) = scripted(vec![Ok(Next::Wait)]);
        let wake = worker.wake.clone();
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        tokio::time::sleep(Duration::from_secs(24 * 3600)).await;
        assert!(ticks.try_recv().is_err(), "ticked without a wake-up");
        wake.wake();
        ticks.recv().await.unwrap();
        workers.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn again_ticks_at_once_until_the_worker_has_nothing_left() {
        let (worker, mut ticks) = scripted(vec![
            Ok(Next::Again),
            Ok(Next::Again),
            Ok(Next::After(Duration::from_secs(60))),
        ]);
        let workers = Workers::start(vec![Box::new(worker)], clock());
        let start = tokio::time::Instant::now();
        for _ in 0..3 {
            ticks.recv().await.unwrap();
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
        ticks.recv().await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_secs(60));
        workers.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn failures_back_off_doubling_and_do_not_end_the_worker() {
        let (worker, mut ticks) = scripted(vec![
            Err("database is locked"),
            Err("database is locked"),
            Err("database is locked"),
            Ok(Next::After(Duration::from_secs(5))),
        ]);
        let wake = worker.wake.clone();
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        let mut gaps = Vec::new();
        for _ in 0..4 {
            let start = tokio::time::Instant::now();
            // A wake-up does not cut a back-off short.
            settle().await;
            wake.wake();
            ticks.recv().await.unwrap();
            gaps.push(start.elapsed().as_secs());
        }
        // 1 s, 2 s, 4 s after the failures, then the worker's own pause (cut short by the
        // wake-up), so it is back to work.
        assert_eq!(gaps, [1, 2, 4, 0]);
        assert_eq!(backoff(30), BACKOFF_CEILING);
        workers.stop().await;
    }

    #[tokio::test(start_paused = true)]
    async fn stopping_lets_the_tick_under_way_finish_and_starts_no_other() {
        let (mut worker, mut ticks) = scripted(vec![Ok(Next::Again)]);
        let hold = Arc::new(Notify::new());
        worker.hold = Some(hold.clone());
        let finished = worker.finished.clone();
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        let stopping = tokio::spawn(workers.stop());
        settle().await;
        assert!(!stopping.is_finished(), "stopped in the middle of a tick");
        hold.notify_one();
        stopping.await.unwrap();
        assert_eq!(*finished.lock().unwrap(), 1);
        assert!(ticks.try_recv().is_err(), "a tick began after the stop");
    }

    #[tokio::test(start_paused = true)]
    async fn a_worker_asleep_stops_at_once() {
        let (worker, mut ticks) = scripted(vec![Ok(Next::Wait)]);
        let workers = Workers::start(vec![Box::new(worker)], clock());
        ticks.recv().await.unwrap();
        let start = tokio::time::Instant::now();
        workers.stop().await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn the_tick_gets_the_clocks_now() {
        let clock = TestClock::new(DateTime::UNIX_EPOCH);
        let (worker, mut ticks) = scripted(vec![Ok(Next::After(Duration::from_secs(1)))]);
        let workers = Workers::start(vec![Box::new(worker)], Arc::new(clock.clone()));
        assert_eq!(ticks.recv().await.unwrap(), DateTime::UNIX_EPOCH);
        clock.advance(chrono::Duration::hours(2));
        assert_eq!(
            ticks.recv().await.unwrap(),
            DateTime::UNIX_EPOCH + chrono::Duration::hours(2)
        );
        workers.stop().await;
    }
}
