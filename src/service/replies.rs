//! The store's mailbox for `mail.reply_address` (issue 18): answers pressed in a mail client
//! are recorded through the same use case as the invitation page, bounces mark the address,
//! auto-replies are dropped. Any database failure is "try later": the MTA keeps the mail.

use chrono::{DateTime, Utc};

use crate::clock::SharedClock;
use crate::domain::recurrence::Series;
use crate::domain::{Invitee, Meeting, PartStat};
use crate::mail::Composer;
use crate::mail::OutboxHandle;
use crate::mail::inbound::classify::{Answer, Reply};
use crate::mail::inbound::{Inbound, Mailbox, Outcome, Received, ReplyAddress};
use crate::store::{Db, outbox, replies, series};
use crate::worker::Wake;

use super::{Error, invitations};

impl From<Answer> for PartStat {
    fn from(a: Answer) -> PartStat {
        match a {
            Answer::Accepted => PartStat::Accepted,
            Answer::Declined => PartStat::Declined,
            Answer::Tentative => PartStat::Tentative,
        }
    }
}

/// What a REPLY means for the invitee its token names: the answer to record, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The answer, for the whole meeting or series (`None`) or for one occurrence (its
    /// RECURRENCE-ID in UTC).
    Record(PartStat, Option<DateTime<Utc>>),
    /// A RECURRENCE-ID that names no time, or a meeting that does not repeat.
    NotAnOccurrence,
    /// About another event (its UID is not the meeting's).
    OtherEvent,
    /// Answers a version of the meeting older than the one standing.
    Stale,
    /// No ATTENDEE line jmb can read as this invitee's answer.
    NoAnswer,
}

/// The token, not the sender, says who answers (Apple may send from another account); the
/// ATTENDEE line says what, the invitee's own or else the only one (an alias address); a
/// RECURRENCE-ID says which occurrence of `series`, read as [`Series::recurrence_id_of`]
/// reads it (whether it is one is the use case's question).
pub fn judge(
    reply: &Reply,
    meeting: &Meeting,
    invitee: &Invitee,
    series: Option<&Series>,
) -> Verdict {
    if reply.event.uid != meeting.uid {
        return Verdict::OtherEvent;
    }
    if reply.event.sequence < meeting.sequence {
        return Verdict::Stale;
    }
    let occurrence = match (&reply.event.recurrence_id, series) {
        (None, _) => None,
        (Some(rid), Some(s)) => match s.recurrence_id_of(&rid.value, rid.tzid.as_deref()) {
            Some(id) => Some(id),
            None => return Verdict::NotAnOccurrence,
        },
        (Some(_), None) => return Verdict::NotAnOccurrence,
    };
    match reply.answer_of(&invitee.email) {
        Some(answer) => Verdict::Record(answer.into(), occurrence),
        None => Verdict::NoAnswer,
    }
}

/// The addresses of a meeting's invitees whose mail came back: for its owner only.
pub fn bounces_for_owner(
    conn: &crate::store::Connection,
    meeting: &Meeting,
    owner_view: bool,
) -> Result<Vec<replies::Bounce>, Error> {
    if !owner_view {
        return Ok(Vec::new());
    }
    Ok(replies::bounces_of_meeting(conn, meeting.id)?)
}

/// The mailbox both doors (the LMTP listener, `jmb receive-mail`) hand messages to.
#[derive(Clone)]
pub struct StoreMailbox {
    db: Db,
    composer: std::sync::Arc<Composer>,
    reply_address: ReplyAddress,
    notify_owner: bool,
    clock: SharedClock,
    outbox: OutboxHandle,
    /// The webhook worker, told after an answer queued an `invitee.answered` delivery.
    webhooks: Wake,
}

impl StoreMailbox {
    pub fn new(
        db: Db,
        composer: std::sync::Arc<Composer>,
        reply_address: ReplyAddress,
        notify_owner: bool,
        clock: SharedClock,
        outbox: OutboxHandle,
        webhooks: Wake,
    ) -> Self {
        Self {
            db,
            composer,
            reply_address,
            notify_owner,
            clock,
            outbox,
            webhooks,
        }
    }

    async fn lookup(&self, recipient: &str) -> Result<Option<(Invitee, Meeting)>, Error> {
        let Some(token) = self.reply_address.token_in(recipient) else {
            return Ok(None);
        };
        let token = token.expose().to_string();
        self.db
            .run(move |c| Ok(replies::invitee_by_reply_token(c, &token)?))
            .await
    }

    async fn take(&self, recipient: &str, message: &Received<'_>) -> Result<Outcome, Error> {
        let Some((invitee, meeting)) = self.lookup(recipient).await? else {
            return Ok(Outcome::Refused);
        };
        let now: DateTime<Utc> = self.clock.now();
        match &message.inbound {
            Inbound::Reply(reply) => {
                let series = match reply.event.recurrence_id {
                    Some(_) => {
                        let id = meeting.id;
                        self.db
                            .run(move |c| Ok::<_, Error>(series::fetch_series(c, id)?))
                            .await?
                    }
                    None => None,
                };
                match judge(reply, &meeting, &invitee, series.as_ref()) {
                    Verdict::Record(answer, occurrence) => {
                        let (composer, notify) = (self.composer.clone(), self.notify_owner);
                        let result = self
                            .db
                            .run(move |c| {
                                replies::clear_bounce(c, &invitee.email)?;
                                let mail = Some(&*composer);
                                match occurrence {
                                    Some(id) => invitations::answer_occurrence(
                                        c,
                                        &invitee.hash,
                                        id,
                                        answer,
                                        notify,
                                        mail,
                                        now,
                                    ),
                                    None => invitations::answer(
                                        c,
                                        &invitee.hash,
                                        answer,
                                        notify,
                                        mail,
                                        now,
                                    ),
                                }
                            })
                            .await;
                        match result {
                            Ok(_) => {
                                self.outbox.wake();
                                self.webhooks.wake();
                            }
                            // Nothing to answer any more: taken, and nothing to do.
                            Err(Error::Cancelled | Error::NotFound) => {}
                            // No occurrence of the series, or a cancelled one: dropped, and
                            // nothing recorded (the transaction rolled back).
                            Err(Error::Invalid(problems)) => {
                                tracing::info!(
                                    recurrence_id = ?occurrence,
                                    problem = problems.first().map(|p| p.problem.code()),
                                    "mail answer dropped"
                                );
                                return Ok(Outcome::Delivered);
                            }
                            Err(e) => return Err(e),
                        }
                        tracing::info!(
                            answer = answer.as_str(),
                            recurrence_id = ?occurrence,
                            "mail answer recorded"
                        );
                    }
                    other => tracing::info!(verdict = ?other, "mail answer ignored"),
                }
            }
            Inbound::Bounce { failed } => {
                let status = failed
                    .iter()
                    .find(|f| f.address.eq_ignore_ascii_case(&invitee.email))
                    .or(failed.first())
                    .map(|f| f.status.clone())
                    .unwrap_or_default();
                let email = invitee.email.clone();
                self.db
                    .run(move |c| -> Result<(), Error> {
                        Ok(replies::mark_bouncing(c, &email, &status, now)?)
                    })
                    .await?;
                tracing::info!("mail bounce recorded");
            }
            Inbound::AutoReply => tracing::info!("mail auto-reply dropped"),
            Inbound::Counter(_) | Inbound::Human => {
                let counter = matches!(message.inbound, Inbound::Counter(_));
                let raw = message.raw.to_vec();
                let composer = self.composer.clone();
                self.db
                    .run(move |c| -> Result<(), Error> {
                        let lang = super::languages::known(c, &meeting.owner_email)?;
                        if let Some(mail) =
                            composer.forward_to_owner(&meeting, &raw, counter, lang, now)?
                        {
                            outbox::insert_mail(c, &mail, now)?;
                        }
                        Ok(())
                    })
                    .await?;
                self.outbox.wake();
                tracing::info!(kind = message.inbound.kind(), "mail forwarded to the owner");
            }
        }
        Ok(Outcome::Delivered)
    }
}

impl Mailbox for StoreMailbox {
    async fn accept_recipient(&self, recipient: &str) -> bool {
        // A database that cannot answer now must not refuse a real token for good: the
        // recipient is taken and the delivery says "try later".
        !matches!(self.lookup(recipient).await, Ok(None))
    }

    async fn deliver(&self, recipient: &str, message: &Received<'_>) -> Outcome {
        match self.take(recipient, message).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::warn!("mail kept for later: {e}");
                Outcome::TryLater
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::inbound::classify::{AttendeeAnswer, EventRef};

    fn reply(uid: &str, sequence: u32, who: &str, answer: Answer) -> Reply {
        Reply {
            event: EventRef {
                uid: uid.into(),
                recurrence_id: None,
                sequence,
            },
            attendees: vec![AttendeeAnswer {
                address: who.into(),
                answer,
            }],
            organizer: None,
        }
    }

    fn meeting_and_bob() -> (Meeting, Invitee) {
        use crate::domain::{MeetingStatus, Role};
        use chrono::{Duration, TimeZone};
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let m = Meeting {
            id: 1,
            uid: "u1@jmb".into(),
            room: "r".into(),
            subject: "Sync".into(),
            description: String::new(),
            owner: "alice".into(),
            owner_email: "alice@example.org".into(),
            owner_name: "Alice".into(),
            starts_at: start,
            duration_min: 60,
            ends_at: start + Duration::minutes(60),
            status: MeetingStatus::Scheduled,
            sequence: 2,
            created_at: start,
            updated_at: start,
        };
        let bob = Invitee {
            id: 1,
            meeting_id: 1,
            email: "bob@example.org".into(),
            name: String::new(),
            role: Role::Participant,
            hash: "h1".into(),
            partstat: PartStat::NeedsAction,
            answered_at: None,
        };
        (m, bob)
    }

    #[test]
    fn the_token_says_who_the_uid_and_sequence_say_whether() {
        let (m, bob) = meeting_and_bob();
        let judge_of = |r: Reply| judge(&r, &m, &bob, None);
        assert_eq!(
            judge_of(reply("u1@jmb", 2, "BOB@example.org", Answer::Tentative)),
            Verdict::Record(PartStat::Tentative, None)
        );
        // An alias address answering alone is still the token's invitee.
        assert_eq!(
            judge_of(reply("u1@jmb", 3, "robert@home.example", Answer::Declined)),
            Verdict::Record(PartStat::Declined, None)
        );
        assert_eq!(
            judge_of(reply("u1@jmb", 1, "bob@example.org", Answer::Accepted)),
            Verdict::Stale
        );
        assert_eq!(
            judge_of(reply("other", 2, "bob@example.org", Answer::Accepted)),
            Verdict::OtherEvent
        );
    }

    #[test]
    fn a_recurrence_id_names_one_occurrence_of_a_series_and_nothing_of_a_one_off_meeting() {
        use crate::domain::recurrence::{RecurrenceInput, Rule};
        use crate::mail::inbound::classify::RecurrenceId;
        use chrono::TimeZone;
        let (m, bob) = meeting_and_bob();
        let paris = chrono_tz::Europe::Paris;
        let rule = Rule::from_input(
            &RecurrenceInput {
                freq: "weekly".into(),
                count: Some(5),
                ..RecurrenceInput::default()
            },
            m.starts_at,
            paris,
        )
        .unwrap();
        let series = Series::new(paris, m.starts_at, 60, rule);
        let mut r = reply("u1@jmb", 2, "bob@example.org", Answer::Declined);
        // Lightning: the second Tuesday, 10:00 in Berlin (09:00 UTC).
        r.event.recurrence_id = Some(RecurrenceId {
            value: "20261208T100000".into(),
            tzid: Some("Europe/Berlin".into()),
        });
        let second = Utc.with_ymd_and_hms(2026, 12, 8, 9, 0, 0).unwrap();
        assert_eq!(
            judge(&r, &m, &bob, Some(&series)),
            Verdict::Record(PartStat::Declined, Some(second))
        );
        assert_eq!(judge(&r, &m, &bob, None), Verdict::NotAnOccurrence);
        r.event.recurrence_id = Some(RecurrenceId {
            value: "soon".into(),
            tzid: None,
        });
        assert_eq!(judge(&r, &m, &bob, Some(&series)), Verdict::NotAnOccurrence);
    }
}
