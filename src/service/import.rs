//! `jmb import-jmb`: bringing meetings, invitees, answers and hashes over from the original
//! bash JMB so that every link it mailed keeps working. One transaction: a failed import
//! leaves nothing behind, and a second run skips what the first one brought.

use std::collections::HashMap;
use std::fmt;

use crate::store::Connection;
use chrono::{DateTime, Utc};

use super::Error;
use crate::auth::identity::normalize_login;
use crate::domain::legacy::{
    AttendeeSkip, JmbAttendee, JmbFeed, JmbMeeting, MeetingPlan, MeetingSkip, OwnerLogin,
    plan_meeting,
};
use crate::domain::room;
use crate::domain::{MeetingStatus, hash};
use crate::store::{feeds, invitees, legacy, meetings, owners};

/// What the original database holds.
#[derive(Debug, Clone, Default)]
pub struct JmbData {
    pub meetings: Vec<JmbMeeting>,
    pub attendees: Vec<JmbAttendee>,
    pub feeds: Vec<JmbFeed>,
}

/// What an import did, for the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub meetings_imported: usize,
    pub meetings_already_imported: usize,
    pub meetings_without_owner: Vec<i64>,
    pub meetings_with_bad_times: Vec<i64>,
    pub invitees_imported: usize,
    pub answers_imported: usize,
    pub owner_links: usize,
    pub alias_links: usize,
    pub rows_merged: usize,
    /// Invitees JMB gave no usable hash (or whose hash was taken): they get a new link.
    pub new_links: usize,
    /// Room names jmb could not keep: (JMB meeting, old name, new name).
    pub rooms_renamed: Vec<(i64, String, String)>,
    /// Attendee rows left out: (JMB meeting, why).
    pub attendees_skipped: Vec<(i64, String)>,
    /// Attendee rows whose meeting does not exist in JMB's database.
    pub orphan_attendees: usize,
    pub feeds_imported: usize,
    /// Logins that already had a jmb feed: their JMB hash now leads to it.
    pub feeds_aliased: usize,
    pub feeds_already_imported: usize,
    pub feeds_skipped: usize,
    /// How each owner imported in this run got their login: (mail, how), by mail.
    pub owners: Vec<(String, OwnerLogin)>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "meetings: {} imported, {} already imported, {} skipped",
            self.meetings_imported,
            self.meetings_already_imported,
            self.meetings_without_owner.len() + self.meetings_with_bad_times.len()
        )?;
        writeln!(
            f,
            "invitees: {} imported ({} with an answer), {} duplicate rows merged, {} given a new link",
            self.invitees_imported, self.answers_imported, self.rows_merged, self.new_links
        )?;
        writeln!(
            f,
            "old links kept: {} owner links, {} extra invitee links",
            self.owner_links, self.alias_links
        )?;
        writeln!(
            f,
            "iCal feeds: {} imported, {} led to an existing jmb feed, {} already imported, {} skipped",
            self.feeds_imported,
            self.feeds_aliased,
            self.feeds_already_imported,
            self.feeds_skipped
        )?;
        let count = |f: fn(&OwnerLogin) -> bool| self.owners.iter().filter(|(_, o)| f(o)).count();
        writeln!(
            f,
            "owners: {} from --logins, {} from LDAP, {} waiting for their first login",
            count(|o| matches!(o, OwnerLogin::Listed(_))),
            count(|o| matches!(o, OwnerLogin::Directory(_))),
            count(|o| matches!(o, OwnerLogin::Unclaimed { .. })),
        )?;
        for (mail, how) in &self.owners {
            match how {
                OwnerLogin::Listed(login) => {
                    writeln!(f, "owner {mail}: login `{login}` (from --logins)")?
                }
                OwnerLogin::Directory(login) => {
                    writeln!(f, "owner {mail}: login `{login}` (from LDAP)")?
                }
                OwnerLogin::Unclaimed { ambiguous } => writeln!(
                    f,
                    "owner {mail}: no login known{}; the first person to log in with this \
                     verified mail takes over their meetings",
                    if *ambiguous {
                        " (several LDAP entries have this mail)"
                    } else {
                        ""
                    }
                )?,
            }
        }
        for id in &self.meetings_without_owner {
            writeln!(
                f,
                "skipped meeting {id}: it has no owner with a valid address"
            )?;
        }
        for id in &self.meetings_with_bad_times {
            writeln!(f, "skipped meeting {id}: its duration is not positive")?;
        }
        for (id, old, new) in &self.rooms_renamed {
            writeln!(
                f,
                "meeting {id}: room `{old}` is taken or not URL-safe, now `{new}`"
            )?;
        }
        for (id, why) in &self.attendees_skipped {
            writeln!(f, "meeting {id}: skipped attendee: {why}")?;
        }
        if self.orphan_attendees > 0 {
            writeln!(
                f,
                "skipped {} attendee rows whose meeting no longer exists",
                self.orphan_attendees
            )?;
        }
        Ok(())
    }
}

/// The addresses of the owners of `data`'s meetings, for resolving their logins first.
pub fn owner_emails(data: &JmbData) -> Vec<String> {
    let mut by_meeting: HashMap<i64, Vec<JmbAttendee>> = HashMap::new();
    for a in &data.attendees {
        by_meeting.entry(a.meeting_id).or_default().push(a.clone());
    }
    let mut mails: Vec<String> = data
        .meetings
        .iter()
        .filter_map(|m| crate::domain::legacy::owner_email(by_meeting.get(&m.id)?))
        .collect();
    mails.sort();
    mails.dedup();
    mails
}

/// Imports everything in one transaction. `logins` says how each owner's mail became a
/// login (an owner missing from it waits for their first login). `progress` is told after
/// each meeting.
pub fn import_jmb(
    conn: &mut Connection,
    data: &JmbData,
    logins: &HashMap<String, OwnerLogin>,
    now: DateTime<Utc>,
    mut progress: impl FnMut(),
) -> Result<ImportReport, Error> {
    let mut report = ImportReport::default();
    let mut by_meeting: HashMap<i64, Vec<JmbAttendee>> = HashMap::new();
    for a in &data.attendees {
        by_meeting.entry(a.meeting_id).or_default().push(a.clone());
    }
    let tx = conn.transaction()?;
    for m in &data.meetings {
        let rows = by_meeting.remove(&m.id).unwrap_or_default();
        if legacy::fetch_imported_meeting(&tx, m.id)?.is_some() {
            report.meetings_already_imported += 1;
        } else {
            match plan_meeting(m, &rows) {
                Ok(plan) => {
                    let how = logins
                        .get(&plan.owner_email)
                        .cloned()
                        .unwrap_or(OwnerLogin::Unclaimed { ambiguous: false });
                    let owner = match &how {
                        OwnerLogin::Listed(login) | OwnerLogin::Directory(login) => {
                            // Where people log in through OIDC keyed by `sub`, this login is
                            // their former one: it is re-keyed with their verified mail.
                            owners::insert_claim(&tx, login, &plan.owner_email, Some(login), now)?;
                            login.clone()
                        }
                        OwnerLogin::Unclaimed { .. } => {
                            let key = owners::unclaimed_key(&plan.owner_email);
                            owners::insert_claim(&tx, &key, &plan.owner_email, None, now)?;
                            key
                        }
                    };
                    write_meeting(&tx, &plan, &owner, now, &mut report)?;
                    if !report
                        .owners
                        .iter()
                        .any(|(mail, _)| *mail == plan.owner_email)
                    {
                        report.owners.push((plan.owner_email.clone(), how));
                    }
                }
                Err(MeetingSkip::NoOwner) => report.meetings_without_owner.push(m.id),
                Err(MeetingSkip::BadTimes) => report.meetings_with_bad_times.push(m.id),
            }
        }
        progress();
    }
    report.orphan_attendees = by_meeting.values().map(Vec::len).sum();
    for feed in &data.feeds {
        import_feed(&tx, feed, now, &mut report)?;
    }
    tx.commit()?;
    report.owners.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(report)
}

/// JMB's hash if no personal link of jmb uses it yet.
fn free_hash(conn: &Connection, h: &str) -> Result<bool, Error> {
    Ok(!legacy::hash_in_use(conn, h)?)
}

fn write_meeting(
    conn: &Connection,
    plan: &MeetingPlan,
    owner: &str,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let mut room_name = plan.room.clone();
    if !room::is_valid(&room_name) || meetings::room_taken(conn, &room_name, None)? {
        let new = loop {
            let candidate = room::generate(&plan.subject)?;
            if !meetings::room_taken(conn, &candidate, None)? {
                break candidate;
            }
        };
        report
            .rooms_renamed
            .push((plan.jmb_id, room_name, new.clone()));
        room_name = new;
    }
    // JMB's calendar UID was the bare meeting id: keeping it lets subscribed calendars
    // update the events they already show instead of doubling them.
    let uid = plan.jmb_id.to_string();
    let meeting_id = meetings::insert_meeting(
        conn,
        &meetings::NewMeeting {
            uid: &uid,
            room: &room_name,
            subject: &plan.subject,
            description: "",
            owner,
            owner_email: &plan.owner_email,
            // An unclaimed owner's key is no name to show in mails: their address is.
            owner_name: if owner.starts_with(owners::UNCLAIMED_PREFIX) {
                &plan.owner_email
            } else {
                ""
            },
            starts_at: plan.starts_at,
            duration_min: plan.duration_min,
            ends_at: plan.ends_at,
            status: MeetingStatus::Scheduled,
            sequence: 0,
            created_at: plan.created_at,
        },
    )?;
    legacy::insert_imported_meeting(conn, plan.jmb_id, meeting_id, now)?;
    for h in &plan.owner_hashes {
        if free_hash(conn, h)? {
            legacy::insert_owner_link(conn, h, meeting_id)?;
            report.owner_links += 1;
        }
    }
    for p in &plan.invitees {
        let link = match &p.hash {
            Some(h) if free_hash(conn, h)? => h.clone(),
            _ => {
                report.new_links += 1;
                hash::generate()?
            }
        };
        let invitee =
            invitees::insert_invitee_with(conn, meeting_id, &p.draft, &link, p.partstat, None)?;
        report.invitees_imported += 1;
        if p.partstat != crate::domain::PartStat::NeedsAction {
            report.answers_imported += 1;
        }
        for alias in &p.aliases {
            if free_hash(conn, alias)? {
                legacy::insert_alias_link(conn, alias, invitee.id)?;
                report.alias_links += 1;
            }
        }
    }
    // Reminders still to come are planned as for a booking; JMB sent the ones already past.
    let meeting = meetings::fetch_meeting(conn, meeting_id)?;
    super::reminders::plan(conn, &meeting, now)?;
    report.rows_merged += plan.merged;
    for skip in &plan.skipped {
        let why = match skip {
            AttendeeSkip::BadAddress(a) => format!("`{a}` is not a mail address"),
            AttendeeSkip::UnknownRole(r) => format!("unknown role `{r}`"),
        };
        report.attendees_skipped.push((plan.jmb_id, why));
    }
    report.meetings_imported += 1;
    Ok(())
}

fn import_feed(
    conn: &Connection,
    feed: &JmbFeed,
    now: DateTime<Utc>,
    report: &mut ImportReport,
) -> Result<(), Error> {
    let (Ok(login), true) = (
        normalize_login(&feed.owner),
        hash::is_well_formed(feed.hash.trim()),
    ) else {
        report.feeds_skipped += 1;
        return Ok(());
    };
    let h = feed.hash.trim();
    if !free_hash(conn, h)? {
        report.feeds_already_imported += 1;
        return Ok(());
    }
    if feeds::fetch_feed_hash(conn, &login)?.is_some() {
        legacy::insert_feed_link(conn, h, &login)?;
        report.feeds_aliased += 1;
    } else {
        feeds::upsert_feed_hash(conn, &login, h, now)?;
        report.feeds_imported += 1;
    }
    Ok(())
}
