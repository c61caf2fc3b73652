//! The mail pass. Composing thousands of mails takes a while, so it happens outside the writer
//! lock: a batch of due reminders is read and composed first, then one short write transaction
//! checks that each meeting and its invitees are still as composed, marks the reminder sent
//! (only if it is still pending for the same moment) and queues its mails into the outbox.
//! While one batch is being written, the next one is composed.
//!
//! Two passes may compose the same reminder; only one of them can mark it sent, and only that
//! one queues its mails. A reminder whose meeting changed meanwhile (an edit, an invitee's
//! answer) stays pending and is composed afresh by the next pass.

use std::sync::mpsc;

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::{Error, MailPass, by_occurrence, judge};
use crate::domain::recurrence::Series;
use crate::domain::reminder::{
    ReminderKind, ReminderState, SkipReason, Timing, Verdict, mail_notices,
};
use crate::domain::{Invitee, Meeting, Notice, PartStat};
use crate::locales::Language;
use crate::mail::inbound::ReplyToken;
use crate::mail::{Composer, OutboxHandle};
use crate::service::notify::{issued_reply_token, recipient_language};
use crate::store::outbox::{self, NewMail};
use crate::store::reminders::{self, DueRow};
use crate::store::{self, Db, invitees, meetings, series};

/// Due reminders read at once, then split into batches.
const READ_LIMIT: u32 = 5_000;
/// Meetings per write transaction.
const BATCH: usize = 100;

/// One reminder to send, with what its mails were composed from.
struct Job {
    row: DueRow,
    meeting: Meeting,
    /// The series, when the meeting repeats: the reminder is for one of its occurrences.
    series: Option<Series>,
    invitees: Vec<Invitee>,
    /// Answers to single occurrences (a series): who declined this one.
    answers: Vec<(i64, DateTime<Utc>, PartStat)>,
    notices: Vec<Notice>,
    /// Each notice's recipient's language, when jmb knows it.
    languages: Vec<Option<Language>>,
    /// Each notice's recipient's reply token (`mail.reply_address`), when one was issued.
    replies: Vec<Option<ReplyToken>>,
}

/// A job's mails and why some could not be built; `None` when composing failed altogether.
type Composed = Option<(Vec<NewMail>, Vec<String>)>;

/// What one write transaction carries out.
struct Batch {
    jobs: Vec<Job>,
    composed: Vec<Composed>,
    skips: Vec<(DueRow, SkipReason)>,
}

pub(super) fn pass(
    db: &Db,
    composer: &Composer,
    outbox: &OutboxHandle,
    now: DateTime<Utc>,
) -> Result<MailPass, Error> {
    let mut total = MailPass::default();
    loop {
        let due =
            db.run_blocking(|c| reminders::list_due(c, ReminderKind::Mail, now, READ_LIMIT))?;
        if due.is_empty() {
            return Ok(total);
        }
        let full = due.len() == READ_LIMIT as usize;
        let groups: Vec<Vec<DueRow>> = by_occurrence(due).into_values().collect();
        let done = pipeline(db, composer, outbox, &groups, now)?;
        total.add(done);
        // A full read that changed nothing (everything raced with edits) is retried by the
        // next pass rather than in a loop here.
        if !full || done == MailPass::default() {
            return Ok(total);
        }
    }
}

/// Composes batch after batch on this thread while a second one writes them.
fn pipeline(
    db: &Db,
    composer: &Composer,
    outbox: &OutboxHandle,
    groups: &[Vec<DueRow>],
    now: DateTime<Utc>,
) -> Result<MailPass, Error> {
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel::<Batch>(1);
        let writer = scope.spawn(move || -> Result<MailPass, Error> {
            let mut pass = MailPass::default();
            for batch in receive {
                let mut conn = db.conn()?;
                let done = commit(&mut conn, &batch, now)?;
                if done.mails_queued > 0 {
                    outbox.wake();
                }
                pass.add(done);
            }
            Ok(pass)
        });
        let mut prepared = Ok(());
        for chunk in groups.chunks(BATCH) {
            let mut batch = match db.run_blocking(|c| prepare(c, composer, chunk, now)) {
                Ok(b) => b,
                Err(e) => {
                    prepared = Err(e);
                    break;
                }
            };
            batch.composed = compose_all(composer, &batch.jobs, now);
            if send.send(batch).is_err() {
                // The writer stopped on an error, which its result carries.
                break;
            }
        }
        drop(send);
        let written = writer
            .join()
            .map_err(|_| Error::Interrupted("the reminder writer panicked".into()))??;
        prepared?;
        Ok(written)
    })
}

/// Reads what the reminders of these meetings need and decides which go out.
fn prepare(
    conn: &Connection,
    composer: &Composer,
    groups: &[Vec<DueRow>],
    now: DateTime<Utc>,
) -> Result<Batch, Error> {
    let mut batch = Batch {
        jobs: Vec::new(),
        composed: Vec::new(),
        skips: Vec::new(),
    };
    for rows in groups {
        let Some(first) = rows.first() else {
            continue;
        };
        let meeting = match meetings::fetch_meeting(conn, first.key.meeting_id) {
            Ok(m) => m,
            // Deleted since: its reminders went with it.
            Err(store::Error::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let series = series::fetch_series(conn, meeting.id)?;
        let occurrence = first.key.occurrence;
        let timing = Timing::of(&meeting, series.as_ref(), occurrence);
        for (row, verdict) in judge(ReminderKind::Mail, rows, timing, now) {
            match verdict {
                Verdict::Send => {
                    let invitees = invitees::list_invitees(conn, meeting.id)?;
                    let answers = match series {
                        Some(_) => series::occurrence_answers(conn, meeting.id)?,
                        None => Vec::new(),
                    };
                    let notices = mail_notices(row.key.offset_min, occurrence, &invitees, &answers);
                    let languages = notices
                        .iter()
                        .map(|n| recipient_language(conn, &meeting, n))
                        .collect::<Result<_, _>>()?;
                    let replies = notices
                        .iter()
                        .map(|n| issued_reply_token(conn, composer, n))
                        .collect::<Result<_, _>>()?;
                    batch.jobs.push(Job {
                        row,
                        meeting: meeting.clone(),
                        series: series.clone(),
                        invitees,
                        answers,
                        notices,
                        languages,
                        replies,
                    });
                }
                Verdict::Skip(reason) => batch.skips.push((row, reason)),
            }
        }
    }
    Ok(batch)
}

/// One write transaction: each reminder is marked done and its mails queued together.
fn commit(conn: &mut Connection, batch: &Batch, now: DateTime<Utc>) -> Result<MailPass, Error> {
    let tx = conn.transaction()?;
    let mut pass = MailPass::default();
    for (row, reason) in &batch.skips {
        let note = reason.to_string();
        if reminders::mark_done(&tx, row, ReminderState::Skipped, Some(&note), now)? {
            pass.skipped += 1;
        }
    }
    for (job, composed) in batch.jobs.iter().zip(&batch.composed) {
        let Some((mails, failures)) = composed else {
            tracing::error!(
                meeting = job.meeting.id,
                "reminder mails could not be composed"
            );
            continue;
        };
        if !unchanged(&tx, job)? {
            continue;
        }
        let note = (!failures.is_empty()).then(|| failures.join("; "));
        if !reminders::mark_done(&tx, &job.row, ReminderState::Sent, note.as_deref(), now)? {
            continue;
        }
        for mail in mails {
            outbox::insert_mail(&tx, mail, now)?;
        }
        pass.reminders_sent += 1;
        pass.mails_queued += mails.len();
    }
    tx.commit()?;
    Ok(pass)
}

/// The meeting, its series, its invitees and their answers are as the mails were composed
/// from.
fn unchanged(conn: &Connection, job: &Job) -> Result<bool, Error> {
    match meetings::fetch_meeting(conn, job.meeting.id) {
        Ok(m) if m == job.meeting => {}
        Ok(_) | Err(store::Error::NotFound) => return Ok(false),
        Err(e) => return Err(e.into()),
    }
    if invitees::list_invitees(conn, job.meeting.id)? != job.invitees {
        return Ok(false);
    }
    let series = series::fetch_series(conn, job.meeting.id)?;
    if series != job.series {
        return Ok(false);
    }
    Ok(series.is_none() || series::occurrence_answers(conn, job.meeting.id)? == job.answers)
}

/// Composes every job's mails, on all cores when there are many, in the order of `jobs`. A mail
/// that cannot be built is left out, with the reason, rather than holding up everyone else's.
fn compose_all(composer: &Composer, jobs: &[Job], now: DateTime<Utc>) -> Vec<Composed> {
    let compose_one = |job: &Job| {
        let mut mails = Vec::with_capacity(job.notices.len());
        let mut failures = Vec::new();
        for (i, notice) in job.notices.iter().enumerate() {
            let lang = job.languages.get(i).copied().flatten();
            let series = job.series.as_ref().map(|s| (s, job.answers.as_slice()));
            let reply = job.replies.get(i).and_then(Option::as_ref);
            match composer.compose_for(
                &job.meeting,
                series,
                &job.invitees,
                notice,
                lang,
                reply,
                now,
            ) {
                Ok(Some(mail)) => mails.push(mail),
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(meeting = job.meeting.id, notice = %notice, error = %e,
                        "reminder mail not built");
                    failures.push(format!("{notice}: {e}"));
                }
            }
        }
        Some((mails, failures))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || jobs.len() < 8 {
        return jobs.iter().map(compose_one).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                let handle = scope.spawn(move || part.iter().map(compose_one).collect::<Vec<_>>());
                (part.len(), handle)
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(n, worker)| {
                // A panic in a template is a bug: those reminders stay pending, and say so in
                // the log at every pass, rather than go out wrong.
                worker.join().unwrap_or_else(|_| vec![None; n])
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Identity;
    use crate::config::{Config, Secret};
    use crate::domain::reminder::Offsets;
    use crate::domain::{InviteeDraft, MeetingDraft, PartStat, Role};
    use crate::service;
    use chrono::{Duration, TimeZone};

    #[test]
    fn a_reminder_composed_before_an_answer_came_in_is_composed_again_without_the_decliner() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.database.path = dir.path().join("jmb.db");
        config.jitsi.app_secret = Secret::new("s");
        let db = Db::connect(&config.database, 2).unwrap();
        let composer = Composer::new(&config).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        db.run_blocking(|c| service::reminders::sync_offsets(c, &Offsets::new(&[10], &[]), now))
            .unwrap();
        let owner = Identity {
            login: "alice".into(),
            email: "alice@example.org".into(),
            name: "Alice".into(),
            editor: true,
            ..Identity::default()
        };
        let draft = MeetingDraft {
            subject: "Sync".into(),
            description: String::new(),
            starts_at: now + Duration::minutes(20),
            duration_min: 30,
            room: None,
            recurrence: None,
            invitees: vec![InviteeDraft {
                email: "bob@example.org".into(),
                name: String::new(),
                role: Role::Participant,
            }],
        };
        let view = db
            .run_blocking(|c| service::meetings::create(c, &owner, &draft, "x", None, now))
            .unwrap();
        let bob = view.invitees[0].hash.clone();

        let at = now + Duration::minutes(10);
        let due = db
            .run_blocking(|c| reminders::list_due(c, ReminderKind::Mail, at, 10))
            .unwrap();
        let groups: Vec<Vec<DueRow>> = by_occurrence(due).into_values().collect();
        let mut batch = db
            .run_blocking(|c| prepare(c, &composer, &groups, at))
            .unwrap();
        batch.composed = compose_all(&composer, &batch.jobs, at);
        assert_eq!(batch.composed[0].as_ref().unwrap().0.len(), 2);

        // Bob declines while the pass composes.
        db.run_blocking(|c| {
            service::invitations::answer(c, &bob, PartStat::Declined, false, None, at)
        })
        .unwrap();
        let written = commit(&mut db.conn().unwrap(), &batch, at).unwrap();
        assert_eq!(written, MailPass::default(), "nothing goes out stale");

        let next = pass(&db, &composer, &OutboxHandle::default(), at).unwrap();
        assert_eq!(
            next,
            MailPass {
                reminders_sent: 1,
                mails_queued: 1,
                skipped: 0
            },
            "the owner only"
        );
        assert_eq!(
            pass(&db, &composer, &OutboxHandle::default(), at).unwrap(),
            MailPass::default()
        );
    }
}
