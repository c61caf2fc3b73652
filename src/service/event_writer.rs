//! One writer thread for room events, committing them in groups.
//!
//! A meeting of fifty people makes a burst of joins at the start. Written one transaction per
//! request, concurrent writers queue on SQLite's lock, whose busy handler sleeps in
//! millisecond steps; one thread that takes whatever has queued up and commits it together
//! keeps each event to a few statements and the wait short. A request is answered only once
//! its event is committed, so a failure is a 5xx, which the plugin retries.
//!
//! The writer has a connection of its own and leaves WAL checkpoints to a second thread, so no
//! commit waits for the database file to be written back. SQLite starts the log over only
//! when a write begins with every frame already copied, which a writer that never pauses
//! (a long burst) does not see: the log would grow without end. So once it is large and the
//! checkpoint thread has copied nearly all of it, the writer copies the last few frames
//! itself between two groups, and its next write starts the log over.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc as std_mpsc};
use std::time::Duration;

use crate::store::Connection;
use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, oneshot};

use super::Error;
use super::events::{Applied, JoinMargins, Lookups, apply};
use crate::domain::room_event::Event;
use crate::store::pool::{self, Checkpoint};
use crate::store::{self, Db};

/// Largest group committed at once; more waits for the next round.
const MAX_BATCH: usize = 512;
const QUEUE: usize = 4096;
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// About 64 MiB of WAL with 4 KiB pages.
const LARGE_LOG_FRAMES: i64 = 16_384;
/// About 4 MiB: a few milliseconds of copying for the writer.
const LEFT_FOR_THE_WRITER: i64 = 1_024;

struct Job {
    event: Event,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<Applied, String>>,
}

// Nearly every message is a job, and boxing it would cost an allocation per event.
#[allow(clippy::large_enum_variant)]
enum Message {
    Apply(Job),
    /// Commit what came before, answer, and end.
    Stop(oneshot::Sender<()>),
}

#[derive(Clone)]
pub struct EventWriter {
    jobs: mpsc::Sender<Message>,
}

impl EventWriter {
    /// Starts the writer and checkpoint threads; they end on [`EventWriter::stop`] or when
    /// the last `EventWriter` is dropped.
    /// `margins`: the join window, which says what occurrence of a series a stay belongs to.
    pub fn start(db: Db, margins: JoinMargins) -> std::io::Result<EventWriter> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        // Dropped when the writer ends, which ends the checkpoint thread.
        let (alive, stopped) = std_mpsc::channel::<()>();
        let finish = Arc::new(AtomicBool::new(false));
        let (writer_db, writer_finish) = (db.clone(), finish.clone());
        std::thread::Builder::new()
            .name("jmb-room-events".into())
            .spawn(move || {
                run(writer_db, queue, &writer_finish, margins);
                drop(alive);
            })?;
        std::thread::Builder::new()
            .name("jmb-checkpoint".into())
            .spawn(move || checkpoints(db, stopped, finish))?;
        Ok(EventWriter { jobs })
    }

    /// Commits the events sent before, then ends the threads; events sent after are
    /// refused as if the writer had failed. Returns once the last group is committed.
    pub async fn stop(&self) {
        let (done, finished) = oneshot::channel();
        if self.jobs.send(Message::Stop(done)).await.is_ok() {
            let _ = finished.await;
        }
    }

    /// Applies `event` and waits until it is committed.
    pub async fn apply(&self, event: Event, now: DateTime<Utc>) -> Result<Applied, Error> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Store(store::Error::Task("the room event writer stopped".into()));
        self.jobs
            .send(Message::Apply(Job { event, now, reply }))
            .await
            .map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(|e| Error::Store(store::Error::Task(e)))
    }
}

fn checkpoints(db: Db, stopped: std_mpsc::Receiver<()>, finish: Arc<AtomicBool>) {
    let mut last = 0;
    // The channel never carries anything: waiting on it is the timer, and its closing the end.
    while let Err(std_mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(CHECKPOINT_EVERY) {
        match checkpoint(&db, &finish, last) {
            Ok(frames) => last = frames,
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
    }
}

/// One round; `last` is the log's length at the end of the previous one. Returns its length.
fn checkpoint(db: &Db, finish: &AtomicBool, last: i64) -> Result<i64, store::Error> {
    // A pass copies the log as it was when the pass began.
    let (mut log, _) = db.checkpoint(Checkpoint::Passive)?;
    if log > 0 && log == last {
        // Nothing written for a whole round, and all of it copied: give the disk back.
        db.checkpoint(Checkpoint::Truncate)?;
        return Ok(0);
    }
    if log > LARGE_LOG_FRAMES {
        // Copying is several times faster than writing, so each pass has less to copy than
        // the one before; once little is left, the writer copies that and starts over.
        for _ in 0..8 {
            let (now, _) = db.checkpoint(Checkpoint::Passive)?;
            let written_meanwhile = now - log;
            log = now;
            if written_meanwhile <= LEFT_FOR_THE_WRITER {
                finish.store(true, Ordering::Release);
                break;
            }
        }
    }
    Ok(log)
}

fn run(db: Db, mut queue: mpsc::Receiver<Message>, finish: &AtomicBool, margins: JoinMargins) {
    let mut conn: Option<Connection> = None;
    let mut lookups = Lookups::new(margins);
    while let Some(first) = queue.blocking_recv() {
        let mut batch = Vec::new();
        let mut stop = None;
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Apply(job) => batch.push(job),
                Message::Stop(done) => {
                    stop = Some(done);
                    break;
                }
            }
            if batch.len() < MAX_BATCH {
                next = queue.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            write_group(&db, &mut conn, &mut lookups, finish, batch);
        }
        if let Some(done) = stop {
            let _ = done.send(());
            return;
        }
    }
}

/// Commits one group on the writer's own connection, opening it first if need be.
fn write_group(
    db: &Db,
    conn: &mut Option<Connection>,
    lookups: &mut Lookups,
    finish: &AtomicBool,
    batch: Vec<Job>,
) {
    if conn.is_none() {
        match db.dedicated_writer() {
            Ok(c) => *conn = Some(c),
            Err(e) => {
                tracing::error!(error = %e, "no database connection for room events");
                let message = e.to_string();
                for job in batch {
                    let _ = job.reply.send(Err(message.clone()));
                }
                return;
            }
        }
    }
    if let Some(c) = conn.as_mut() {
        write(c, lookups, batch);
        if finish.swap(false, Ordering::AcqRel)
            && let Err(e) = pool::checkpoint(c, Checkpoint::Passive)
        {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
    // A PostgreSQL restart kills the connection: the next group takes a fresh one.
    if conn.as_ref().is_some_and(Connection::is_broken) {
        *conn = None;
    }
}

fn write(conn: &mut Connection, lookups: &mut Lookups, batch: Vec<Job>) {
    let results: Vec<Result<Applied, String>> = match together(conn, lookups, &batch) {
        Ok(applied) => applied.into_iter().map(Ok).collect(),
        // Something failed and the group was rolled back: once more one by one, so that only
        // the event at fault gets an error.
        Err(_) => {
            lookups.forget();
            batch.iter().map(|job| alone(conn, lookups, job)).collect()
        }
    };
    for (job, result) in batch.into_iter().zip(results) {
        let _ = job.reply.send(result);
    }
}

fn together(
    conn: &mut Connection,
    lookups: &mut Lookups,
    batch: &[Job],
) -> Result<Vec<Applied>, Error> {
    let tx = conn.transaction()?;
    lookups.refresh(&tx)?;
    let applied = batch
        .iter()
        .map(|job| apply(&tx, lookups, &job.event, job.now))
        .collect::<Result<Vec<_>, _>>()?;
    tx.commit()?;
    Ok(applied)
}

fn alone(conn: &mut Connection, lookups: &mut Lookups, job: &Job) -> Result<Applied, String> {
    let result = (|| -> Result<Applied, Error> {
        let tx = conn.transaction()?;
        lookups.refresh(&tx)?;
        let applied = apply(&tx, lookups, &job.event, job.now)?;
        tx.commit()?;
        Ok(applied)
    })();
    result.map_err(|e| {
        lookups.forget();
        tracing::error!(error = %e, room = %job.event.room.room, "room event failed");
        e.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::room_event::{RoomEvent, RoomRef};

    fn created(room: &str, at: DateTime<Utc>) -> Event {
        Event {
            room: RoomRef {
                room: room.into(),
                room_jid: String::new(),
                breakout: String::new(),
            },
            what: RoomEvent::Created { at },
        }
    }

    #[tokio::test]
    async fn stopping_answers_the_events_sent_before_and_refuses_those_after() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("jmb.db"), 2).unwrap();
        let writer = EventWriter::start(db, JoinMargins::default()).unwrap();
        let now = DateTime::UNIX_EPOCH;
        // `join!` polls in order: the event is queued before the stop.
        let (before, ()) = tokio::join!(writer.apply(created("nobody", now), now), writer.stop());
        assert_eq!(before.unwrap(), Applied::UnknownRoom);
        let after = writer.apply(created("nobody", now), now).await;
        assert!(after.is_err(), "{after:?}");
        // A second stop finds nothing to stop and returns.
        writer.stop().await;
    }
}
