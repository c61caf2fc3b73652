//! A series as data: its rule expanded in its time zone (by the `rrule` crate), its
//! exceptions (cancelled and moved occurrences), the split "this and all following", the
//! answers per occurrence, and the questions the rest of jmb asks of it (the occurrences of a
//! week, the next one, the one whose join window is open, the reminder horizon).
//!
//! Every occurrence is known by its original start in UTC, its RECURRENCE-ID: moving an
//! occurrence changes its times, never its identity.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::{End, MAX_OCCURRENCES, Rule};
use crate::domain::role::PartStat;
use crate::domain::window::{Access, JoinWindow, RoomSlot, access};

/// One occurrence moved or lengthened: its new start and duration, and its own SEQUENCE
/// (calendars count the changes of an instance apart from the series').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub starts_at: DateTime<Utc>,
    pub duration_min: u32,
    pub sequence: u32,
}

/// What differs from the rule, keyed by original start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exceptions {
    /// Cancelled occurrences (EXDATE).
    pub cancelled: BTreeSet<DateTime<Utc>>,
    /// Moved or lengthened occurrences (override VEVENTs with RECURRENCE-ID).
    pub moved: BTreeMap<DateTime<Utc>, Moved>,
}

/// A repeating meeting's times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The zone the rule is expanded in: 10:00 stays 10:00 there across DST.
    pub tz: Tz,
    /// DTSTART: the first occurrence's original start.
    pub first_start: DateTime<Utc>,
    pub duration_min: u32,
    pub rule: Rule,
    pub exceptions: Exceptions,
}

/// One occurrence with its effective times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The original start (RECURRENCE-ID), which identifies the occurrence.
    pub id: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    /// Moved or lengthened; its own SEQUENCE.
    pub moved: Option<u32>,
}

impl Occurrence {
    /// The series' room slot with this occurrence's times: what join windows and tokens use.
    pub fn slot(&self, series: &RoomSlot) -> RoomSlot {
        RoomSlot {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            ..series.clone()
        }
    }
}

/// Why an exception or a split cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    #[error("{0} is not an occurrence of this series")]
    NotAnOccurrence(DateTime<Utc>),
    /// Splitting at the first occurrence is editing the whole series.
    #[error("the series cannot be split at its first occurrence")]
    SplitAtFirst,
    #[error("a duration must be at least one minute")]
    EmptyDuration,
}

/// Why one occurrence cannot be answered on its own ([`Series::answerable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswerable {
    NotAnOccurrence,
    Cancelled,
}

/// A series split "this and all following": `before` ends the day before the split, `after`
/// starts at the split with the rest of the occurrences and their exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub before: Series,
    pub after: Series,
}

impl Series {
    pub fn new(tz: Tz, first_start: DateTime<Utc>, duration_min: u32, rule: Rule) -> Self {
        Self {
            tz,
            first_start,
            duration_min,
            rule,
            exceptions: Exceptions::default(),
        }
    }

    fn duration(&self) -> Duration {
        Duration::minutes(i64::from(self.duration_min))
    }

    /// The rule's original starts, in order (cancelled ones included). A rule that passed
    /// validation never fails to build; should a stored one, the series has no occurrences.
    pub fn original_starts(&self) -> impl Iterator<Item = DateTime<Utc>> + use<> {
        // The crate's iterator owns what it needs: expansion stops where the caller stops.
        self.rule
            .rrule_set(self.first_start, self.tz)
            .ok()
            .map(|set| (&set).into_iter())
            .into_iter()
            .flatten()
            .take(MAX_OCCURRENCES)
            .map(|t| t.with_timezone(&Utc))
    }

    pub fn is_occurrence(&self, id: DateTime<Utc>) -> bool {
        self.original_starts()
            .take_while(|t| *t <= id)
            .any(|t| t == id)
    }

    fn occurrence(&self, id: DateTime<Utc>) -> Occurrence {
        match self.exceptions.moved.get(&id) {
            Some(m) => Occurrence {
                id,
                starts_at: m.starts_at,
                ends_at: m.starts_at + Duration::minutes(i64::from(m.duration_min)),
                cancelled: self.exceptions.cancelled.contains(&id),
                moved: Some(m.sequence),
            },
            None => Occurrence {
                id,
                starts_at: id,
                ends_at: id + self.duration(),
                cancelled: self.exceptions.cancelled.contains(&id),
                moved: None,
            },
        }
    }

    /// Every occurrence, cancelled ones included, in order of their effective start (what the
    /// meeting page lists).
    pub fn schedule(&self) -> Vec<Occurrence> {
        let mut all: Vec<Occurrence> = self
            .original_starts()
            .map(|id| self.occurrence(id))
            .collect();
        all.sort_by_key(|o| (o.starts_at, o.id));
        all
    }

    /// The occurrences taking place, in order of their effective start. Without moved ones
    /// that is the rule's order, and expansion goes only as far as the caller reads.
    fn live(&self) -> Box<dyn Iterator<Item = Occurrence> + '_> {
        if self.exceptions.moved.is_empty() {
            Box::new(
                self.original_starts()
                    .filter(|id| !self.exceptions.cancelled.contains(id))
                    .map(|id| self.occurrence(id)),
            )
        } else {
            Box::new(self.schedule().into_iter().filter(|o| !o.cancelled))
        }
    }

    /// The occurrences taking place (not cancelled) that start in `[from, to)`.
    pub fn occurrences_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        self.live()
            .skip_while(|o| o.starts_at < from)
            .take_while(|o| o.starts_at < to)
            .collect()
    }

    /// The first occurrence taking place that starts at or after `now`.
    pub fn next_at_or_after(&self, now: DateTime<Utc>) -> Option<Occurrence> {
        self.live().find(|o| o.starts_at >= now)
    }

    /// The occurrence taking place that is under way at `now` or comes next: what a list of
    /// meetings shows of a series.
    pub fn current_or_next(&self, now: DateTime<Utc>) -> Option<Occurrence> {
        self.live().find(|o| o.ends_at > now)
    }

    /// Entering the room at `now`: the occurrence whose join window (the one-off meeting's
    /// rule, [`JoinWindow::of`]) is open or opens next, and what [`access`] says of it;
    /// `None` and [`Access::Over`] once the last window has closed. `slot` is the series'
    /// room, subject and status.
    pub fn room_access(
        &self,
        slot: &RoomSlot,
        before_min: u32,
        after_min: u32,
        now: DateTime<Utc>,
    ) -> (Option<Occurrence>, Access) {
        for o in self.live() {
            let s = o.slot(slot);
            let window = JoinWindow::of(&s, before_min, after_min);
            if now < window.closes {
                return (Some(o), access(&s, window, now));
            }
        }
        (None, Access::Over)
    }

    /// The occurrences reminders plan now: those starting within `horizon` of `now`. The
    /// scheduler keeps planning them as time passes, so its work stays bounded per series.
    pub fn reminder_horizon(&self, now: DateTime<Utc>, horizon: Duration) -> Vec<Occurrence> {
        self.occurrences_between(now, now + horizon)
    }

    /// Extending the reminder horizon: the occurrences starting from `planned_until` (where
    /// the last pass stopped; `None` for a new or re-planned series: from `now`) to
    /// `now + horizon`, and where this pass stops. Nothing is planned twice as time passes,
    /// and a series whose horizon is already planned costs nothing.
    pub fn extend_horizon(
        &self,
        planned_until: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        horizon: Duration,
    ) -> (Vec<Occurrence>, DateTime<Utc>) {
        let from = planned_until.map_or(now, |t| t.max(now));
        let to = now + horizon;
        if from >= to {
            return (Vec::new(), from);
        }
        (self.occurrences_between(from, to), to)
    }

    /// The occurrence whose join window holds `t`: which occurrence a room event at `t`
    /// (someone joining, say) belongs to, for attendance.
    pub fn occurrence_at(
        &self,
        t: DateTime<Utc>,
        before_min: u32,
        after_min: u32,
    ) -> Option<Occurrence> {
        let before = Duration::minutes(i64::from(before_min));
        let after = Duration::minutes(i64::from(after_min));
        self.live()
            .take_while(|o| o.starts_at - before <= t)
            .find(|o| t < o.ends_at + after)
    }

    /// The occurrence a room made at `t` is held for: the first taking place that has not
    /// ended by then (a room opens within the join window, before the start). Its own end,
    /// moved or not, is when the room is ended.
    pub fn held_at(&self, t: DateTime<Utc>) -> Option<Occurrence> {
        self.live().find(|o| o.ends_at > t)
    }

    /// The times a calendar of this series mentions (first to last, moved and cancelled
    /// occurrences included): what its VTIMEZONE must cover.
    pub fn span(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let all = self.schedule();
        let from = all
            .iter()
            .map(|o| o.starts_at.min(o.id))
            .min()
            .unwrap_or(self.first_start)
            .min(self.first_start);
        let to = all
            .iter()
            .map(|o| o.ends_at.max(o.id))
            .max()
            .unwrap_or(self.first_start);
        (from, to)
    }

    /// When the last occurrence taking place ends.
    pub fn last_end(&self) -> Option<DateTime<Utc>> {
        self.live().map(|o| o.ends_at).max()
    }

    /// Whether occurrence `id` can be answered on its own: it is one of the series' and it
    /// takes place.
    pub fn answerable(&self, id: DateTime<Utc>) -> Result<(), Unanswerable> {
        if !self.is_occurrence(id) {
            Err(Unanswerable::NotAnOccurrence)
        } else if self.exceptions.cancelled.contains(&id) {
            Err(Unanswerable::Cancelled)
        } else {
            Ok(())
        }
    }

    /// The occurrence a calendar client's RECURRENCE-ID names: `value` as written, in UTC
    /// (`…Z`), local time in `tzid` (Lightning's `RECURRENCE-ID;TZID=Europe/Berlin:…`; a zone
    /// jmb does not know, or none, is read in the series' own zone), or a date (the
    /// occurrence of that day). `None` when it names no time; whether that time is an
    /// occurrence is [`Series::answerable`]'s question.
    pub fn recurrence_id_of(&self, value: &str, tzid: Option<&str>) -> Option<DateTime<Utc>> {
        use chrono::{NaiveDate, NaiveDateTime, TimeZone};
        let value = value.trim();
        if let Some(utc) = value.strip_suffix('Z').or_else(|| value.strip_suffix('z')) {
            let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
            return Some(Utc.from_utc_datetime(&naive));
        }
        if let Ok(naive) = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S") {
            let tz: Tz = tzid.and_then(|z| z.trim().parse().ok()).unwrap_or(self.tz);
            return tz
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.with_timezone(&Utc));
        }
        let day = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
        self.original_starts()
            .take_while(|t| t.with_timezone(&self.tz).date_naive() <= day)
            .find(|t| t.with_timezone(&self.tz).date_naive() == day)
    }

    fn check(&self, id: DateTime<Utc>) -> Result<(), SeriesError> {
        if self.is_occurrence(id) {
            Ok(())
        } else {
            Err(SeriesError::NotAnOccurrence(id))
        }
    }

    /// Cancels one occurrence (an EXDATE).
    pub fn cancel(&mut self, id: DateTime<Utc>) -> Result<(), SeriesError> {
        self.check(id)?;
        self.exceptions.cancelled.insert(id);
        Ok(())
    }

    /// Moves and/or lengthens one occurrence; its SEQUENCE rises with each change.
    pub fn move_occurrence(
        &mut self,
        id: DateTime<Utc>,
        starts_at: DateTime<Utc>,
        duration_min: u32,
    ) -> Result<Moved, SeriesError> {
        self.check(id)?;
        if duration_min == 0 {
            return Err(SeriesError::EmptyDuration);
        }
        let sequence = self
            .exceptions
            .moved
            .get(&id)
            .map_or(1, |m| m.sequence.saturating_add(1));
        let moved = Moved {
            starts_at,
            duration_min,
            sequence,
        };
        self.exceptions.moved.insert(id, moved);
        Ok(moved)
    }

    /// Splits the series at occurrence `id` ("this and all following"): the old rule ends
    /// before it (UNTIL the day before, or COUNT of the occurrences before it), the new one
    /// starts at its original start with the rest (COUNT of the remaining ones), and each
    /// exception goes with its occurrence.
    pub fn split_at(&self, id: DateTime<Utc>) -> Result<Split, SeriesError> {
        let starts: Vec<DateTime<Utc>> = self.original_starts().collect();
        let k = starts
            .iter()
            .position(|t| *t == id)
            .ok_or(SeriesError::NotAnOccurrence(id))?;
        if k == 0 {
            return Err(SeriesError::SplitAtFirst);
        }
        let (before_end, after_end) = match self.rule.end {
            End::Count(n) => {
                // COUNT counts cancelled occurrences too (RFC 5545), so positions are exact.
                let k = u32::try_from(k).unwrap_or(u32::MAX);
                (End::Count(k), End::Count(n.saturating_sub(k)))
            }
            // At most one occurrence a day: ending the day before the split leaves it out.
            End::Until(until) => {
                let day = id.with_timezone(&self.tz).date_naive();
                (End::Until(day.pred_opt().unwrap_or(day)), End::Until(until))
            }
        };
        let (mut before, mut after) = (self.clone(), self.clone());
        before.rule.end = before_end;
        after.rule.end = after_end;
        after.first_start = id;
        before.exceptions.cancelled.retain(|t| *t < id);
        before.exceptions.moved.retain(|t, _| *t < id);
        after.exceptions.cancelled.retain(|t| *t >= id);
        after.exceptions.moved.retain(|t, _| *t >= id);
        Ok(Split { before, after })
    }
}

/// An invitee's answers: one for the series, and the occurrences answered otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub series: PartStat,
    pub occurrences: BTreeMap<DateTime<Utc>, PartStat>,
}

impl Answers {
    pub fn new(series: PartStat) -> Self {
        Self {
            series,
            occurrences: BTreeMap::new(),
        }
    }

    /// The answer that holds for occurrence `id`.
    pub fn effective(&self, id: DateTime<Utc>) -> PartStat {
        self.occurrences.get(&id).copied().unwrap_or(self.series)
    }

    /// Answers one occurrence; the same answer as the series' is no exception.
    pub fn answer(&mut self, id: DateTime<Utc>, answer: PartStat) {
        if answer == self.series {
            self.occurrences.remove(&id);
        } else {
            self.occurrences.insert(id, answer);
        }
    }

    /// Answers the whole series. Answers to single occurrences stay: in iTIP (RFC 5546
    /// §3.2.3) a REPLY to the master speaks for the instances without an override of their
    /// own, and calendar clients keep a declined instance declined when the series is
    /// accepted again. One equal to the new series answer is no exception any more.
    pub fn answer_series(&mut self, answer: PartStat) {
        self.series = answer;
        self.occurrences.retain(|_, a| *a != answer);
    }

    /// Invitee `invitee_id`'s answers: `series` (their PARTSTAT), and theirs among
    /// `answered` (invitee id, RECURRENCE-ID, answer; as `store::series::occurrence_answers`
    /// reads them).
    pub fn of(
        invitee_id: i64,
        series: PartStat,
        answered: &[(i64, DateTime<Utc>, PartStat)],
    ) -> Self {
        let mut answers = Answers::new(series);
        for (id, rid, answer) in answered {
            if *id == invitee_id {
                answers.answer(*rid, *answer);
            }
        }
        answers
    }

    /// The occurrences answered otherwise than the series (override VEVENTs in feeds).
    pub fn differing(&self) -> impl Iterator<Item = (DateTime<Utc>, PartStat)> + '_ {
        self.occurrences
            .iter()
            .filter(|(_, a)| **a != self.series)
            .map(|(id, a)| (*id, *a))
    }

    /// Whether a reminder of occurrence `id` skips this person: they declined it.
    pub fn skips_reminder(&self, id: DateTime<Utc>) -> bool {
        self.effective(id) == PartStat::Declined
    }

    /// The answers for the two halves of a series split at `id` (see [`Series::split_at`]):
    /// the same answer to each, and each single answer with its occurrence.
    pub fn split_at(&self, id: DateTime<Utc>) -> (Answers, Answers) {
        let mut before = self.clone();
        let after = Answers {
            series: self.series,
            occurrences: before.occurrences.split_off(&id),
        };
        (before, after)
    }

    /// Of `occurrences`, those a reminder should skip for this person.
    pub fn reminder_skips(&self, occurrences: &[Occurrence]) -> Vec<DateTime<Utc>> {
        occurrences
            .iter()
            .map(|o| o.id)
            .filter(|id| self.skips_reminder(*id))
            .collect()
    }
}
