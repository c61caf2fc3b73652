//! One writer thread for room events, committing them in groups.
//!
//! A meeting of fifty people makes a burst of joins at the start. Written one transaction per
//! request, concurrent writers queue on SQLite's lock, whose busy handler sleeps in
//! millisecond steps; one thread that takes whatever has queued up and commits it together
//! keeps each event to a few statements and the wait short. Each event runs in its own
//! savepoint, so one bad event fails alone, and a request is answered only once its event
//! is committed (so a failure is a 5xx, which the plugin retries).

use chrono::{DateTime, Utc};
use rusqlite::TransactionBehavior;
use tokio::sync::{mpsc, oneshot};

use super::Error;
use super::events::{Applied, apply};
use crate::domain::room_event::Event;
use crate::store::{self, Db};

/// Largest group committed at once; more waits for the next round.
const MAX_BATCH: usize = 512;
const QUEUE: usize = 4096;

struct Job {
    event: Event,
    now: DateTime<Utc>,
    reply: oneshot::Sender<Result<Applied, String>>,
}

#[derive(Clone)]
pub struct EventWriter {
    jobs: mpsc::Sender<Job>,
}

impl EventWriter {
    /// Starts the writer thread; it ends when the last `EventWriter` is dropped.
    pub fn start(db: Db) -> std::io::Result<EventWriter> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("jmb-room-events".into())
            .spawn(move || run(db, queue))?;
        Ok(EventWriter { jobs })
    }

    /// Applies `event` and waits until it is committed.
    pub async fn apply(&self, event: Event, now: DateTime<Utc>) -> Result<Applied, Error> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Error::Store(store::Error::Task("the room event writer stopped".into()));
        self.jobs
            .send(Job { event, now, reply })
            .await
            .map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(|e| Error::Store(store::Error::Task(e)))
    }
}

fn run(db: Db, mut queue: mpsc::Receiver<Job>) {
    while let Some(first) = queue.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write(&db, batch);
    }
}

fn write(db: &Db, batch: Vec<Job>) {
    let results = db.run_blocking(|conn| -> Result<Vec<Result<Applied, String>>, Error> {
        let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut results = Vec::with_capacity(batch.len());
        for job in &batch {
            let sp = tx.savepoint()?;
            match apply(&sp, &job.event, job.now) {
                Ok(applied) => {
                    sp.commit()?;
                    results.push(Ok(applied));
                }
                // Dropping the savepoint rolls this event back, and only this one.
                Err(e) => {
                    tracing::error!(error = %e, room = %job.event.room.room, "room event failed");
                    results.push(Err(e.to_string()));
                }
            }
        }
        tx.commit()?;
        Ok(results)
    });
    match results {
        Ok(results) => {
            for (job, result) in batch.into_iter().zip(results) {
                let _ = job.reply.send(result);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, events = batch.len(), "room events could not be committed");
            let message = e.to_string();
            for job in batch {
                let _ = job.reply.send(Err(message.clone()));
            }
        }
    }
}
