//! Queuing the mails of a change inside its own transaction, so that the change and its
//! mails commit together or not at all.

use crate::store::Connection;
use chrono::{DateTime, Duration, Utc};

use super::Error;
use crate::domain::notice::Recipient;
use crate::domain::notice::answers_since;
use crate::domain::outreach::OutreachLimit;
use crate::domain::{Invitee, Meeting, Notice};
use crate::locales::Language;
use crate::mail::Composer;
use crate::mail::inbound::ReplyToken;
use crate::store::{languages, outbox};

/// The language jmb knows `notice`'s recipient reads, if any (else mails go in
/// `server.language`).
pub fn recipient_language(
    conn: &Connection,
    meeting: &Meeting,
    notice: &Notice,
) -> Result<Option<Language>, crate::store::Error> {
    let address = match &notice.to {
        Recipient::Owner => meeting.owner_email.as_str(),
        Recipient::Invitee(i) => i.email.as_str(),
    };
    languages::fetch_language(conn, address)
}

/// Composes and queues one mail per notice. `mail = None` queues nothing (bench seeding,
/// imports of meetings whose invitations went out long ago). A change that would take the
/// organiser past the hourly limit of mail to outside addresses is refused here, before
/// anything is queued (the caller's transaction then rolls the change back too).
pub fn queue(
    conn: &Connection,
    mail: Option<&Composer>,
    meeting: &Meeting,
    invitees: &[Invitee],
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let Some(composer) = mail else {
        return Ok(0);
    };
    check_outreach(conn, composer.outreach(), meeting, notices, now)?;
    let series = crate::store::series::fetch_series(conn, meeting.id)?;
    let answered = match series {
        Some(_) => crate::store::series::occurrence_answers(conn, meeting.id)?,
        None => Vec::new(),
    };
    let series = series.as_ref().map(|s| (s, answered.as_slice()));
    let mut queued = 0;
    for notice in notices {
        let lang = recipient_language(conn, meeting, notice)?;
        let reply = reply_token(conn, composer, notice)?;
        let mail =
            composer.compose_for(meeting, series, invitees, notice, lang, reply.as_ref(), now)?;
        if let Some(m) = mail {
            outbox::insert_mail(conn, &m, now)?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// The token an invitee's calendar client answers to, issued with their first mail.
fn reply_token(
    conn: &Connection,
    composer: &Composer,
    notice: &Notice,
) -> Result<Option<ReplyToken>, Error> {
    let Some(invitee) = answers_by_mail(composer, notice) else {
        return Ok(None);
    };
    let fresh = ReplyToken::generate()?;
    let token = crate::store::replies::reply_token(conn, invitee.id, fresh.expose())?;
    Ok(ReplyToken::parse(&token))
}

/// The token of a notice's invitee if one was issued already: what a mail composed outside a
/// write transaction (a reminder) carries. An invitee without one (imported, or invited
/// before `mail.reply_address` was set) gets the mail with the owner as ORGANIZER.
pub fn issued_reply_token(
    conn: &Connection,
    composer: &Composer,
    notice: &Notice,
) -> Result<Option<ReplyToken>, Error> {
    let Some(invitee) = answers_by_mail(composer, notice) else {
        return Ok(None);
    };
    let token = crate::store::replies::issued_reply_token(conn, invitee.id)?;
    Ok(token.as_deref().and_then(ReplyToken::parse))
}

/// The invitee a notice goes to, when their calendar client's answers come back to jmb
/// (`mail.reply_address` is set): who holds a reply token.
fn answers_by_mail<'a>(composer: &Composer, notice: &'a Notice) -> Option<&'a Invitee> {
    match &notice.to {
        Recipient::Invitee(invitee) if composer.takes_replies() => Some(invitee),
        _ => None,
    }
}

fn check_outreach(
    conn: &Connection,
    limit: &OutreachLimit,
    meeting: &Meeting,
    notices: &[Notice],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let adding = limit.outside(notices);
    if adding == 0 || limit.max_per_hour == 0 {
        return Ok(());
    }
    let mails = outbox::list_owner_mails_since(conn, &meeting.owner, now - Duration::hours(1))?;
    let sent = limit.sent_outside(mails.iter().map(|(k, r)| (k.as_str(), r.as_str())));
    limit
        .check(sent, adding)
        .map_err(|e| Error::Invalid(vec![e]))
}

/// Tells the owner of answers (`answered` is what [`crate::domain::notice::on_answer`]
/// decided; empty: nothing to tell). The mail waits [`Composer::answer_delay`]; answers that
/// come in meanwhile rewrite it, so it leaves once, with everyone's latest answer.
pub fn queue_answer(
    conn: &Connection,
    mail: Option<&Composer>,
    meeting: &Meeting,
    invitees: &[Invitee],
    answered: &[Notice],
    now: DateTime<Utc>,
) -> Result<usize, Error> {
    let (Some(composer), Some(first)) = (mail, answered.first()) else {
        return Ok(0);
    };
    // An answer to one occurrence is a mail of its own, naming the occurrence: the waiting
    // mail is rewritten from the invitees' answers to the series, which do not hold it.
    if first.event.occurrence().is_some() {
        let series = crate::store::series::fetch_series(conn, meeting.id)?;
        let lang = recipient_language(conn, meeting, first)?;
        // Answer mails carry no calendar part: the answers to single occurrences are not needed.
        let series = series.as_ref().map(|s| (s, &[][..]));
        let Some(m) = composer.compose_for(meeting, series, invitees, first, lang, None, now)?
        else {
            return Ok(0);
        };
        outbox::insert_mail_due(conn, &m, now, now + composer.answer_delay())?;
        return Ok(1);
    }
    let kind = first.kind();
    let waiting = outbox::fetch_queued(conn, meeting.id, &kind)?;
    let since = waiting.map_or(now, |(_, queued_at)| queued_at);
    let notice = answers_since(invitees, since).unwrap_or_else(|| first.clone());
    let lang = recipient_language(conn, meeting, &notice)?;
    let Some(m) = composer.compose(meeting, invitees, &notice, lang, now)? else {
        return Ok(0);
    };
    if let Some((id, _)) = waiting
        && outbox::update_queued_message(conn, id, &m.message)?
    {
        return Ok(0);
    }
    outbox::insert_mail_due(conn, &m, now, now + composer.answer_delay())?;
    Ok(1)
}
