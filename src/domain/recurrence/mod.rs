//! Repeat rules of a series: the part of RFC 5545's RRULE that jmb offers (daily, weekly on
//! chosen weekdays, monthly on a day of the month or on "the second Tuesday", every N, ending
//! on a local date or after a count), validated from the API's shape or read back from the
//! stored RRULE text. Parsing and expanding RRULEs is the `rrule` crate's; this module only
//! decides what jmb accepts. Expansion, exceptions and answers are in [`series`].

pub mod series;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use series::{
    Answers, Exceptions, Moved, Occurrence, Series, SeriesError, Split, Unanswerable,
};

/// A series ends within this many occurrences…
pub const MAX_OCCURRENCES: usize = 520;
/// …and within this many months of its first start.
pub const MAX_SPAN_MONTHS: u32 = 24;
/// "Every 52 weeks" is already yearly; more is a typing mistake.
pub const MAX_INTERVAL: u16 = 52;

/// The repeat rule as the API and the form send it:
/// `{"freq": "weekly", "interval": 1, "by_day": ["MO","TH"], "until": "2027-06-30"}`, or
/// `"count": 12` instead of `until`; monthly on the second Tuesday is `"by_day": ["2TU"]`
/// (`-1FR`: the last Friday), on a day of the month `"by_month_day": [15]`.
///
/// Values are taken loosely (strings, wide integers) so that every mistake becomes a field
/// error naming `recurrence.…` rather than a deserialisation failure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecurrenceInput {
    /// `daily`, `weekly` or `monthly`.
    pub freq: String,
    /// Every N days, weeks or months (1 if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// Weekly: the weekdays (`MO`…`SU`); monthly: one nth weekday (`2TU`, `-1FR`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_day: Vec<String>,
    /// Monthly: the day of the month (1 to 31, or -1 for the last day).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_month_day: Vec<i64>,
    /// The last day of the series, a local date (`2027-06-30`), inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Or the number of occurrences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

/// Which days a series falls on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    Daily,
    /// The weekdays, Monday first, without repeats; never empty.
    Weekly(Vec<Weekday>),
    /// A day of the month, 1 to 31 (months without it are skipped, as RFC 5545 says), or -1
    /// for the last day.
    MonthDay(i8),
    /// The nth (1 to 4, or -1 for the last) given weekday of the month.
    MonthWeekday {
        nth: i8,
        day: Weekday,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last local date, inclusive.
    Until(NaiveDate),
    /// How many occurrences, cancelled ones included (as RFC 5545 counts them).
    Count(u32),
}

/// A repeat rule jmb accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub pattern: Pattern,
    pub interval: u16,
    pub end: End,
}

/// What is wrong with a repeat rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecurrenceProblem {
    /// Not daily, weekly or monthly (yearly, hourly, secondly… are not offered).
    UnsupportedFrequency {
        value: String,
    },
    /// A rule part jmb does not offer (BYSETPOS, BYMONTH, BYHOUR, WKST…).
    UnsupportedPart {
        part: String,
    },
    InvalidInterval {
        max: u16,
    },
    InvalidWeekday {
        value: String,
    },
    InvalidMonthDay {
        value: i64,
    },
    /// A weekly rule takes weekdays only; a monthly rule exactly one day of the month or one
    /// nth weekday; a daily rule neither.
    DaysDoNotFitFrequency,
    /// Neither `until` nor `count`: a series must end.
    EndRequired,
    UntilAndCount,
    InvalidCount {
        max: usize,
    },
    InvalidUntil,
    UntilBeforeStart,
    /// Longer than [`MAX_SPAN_MONTHS`] or more than [`MAX_OCCURRENCES`] occurrences.
    TooLong {
        max_occurrences: usize,
        max_months: u32,
    },
    /// The first start is not one of the rule's days (calendars disagree about such a start).
    StartNotInRule,
    /// On `date` the series' local time falls into the daylight-saving gap: calendar
    /// programs disagree on when such an occurrence takes place.
    NonexistentLocalTime {
        date: NaiveDate,
    },
    /// On `date` the series' local time happens twice (the autumn change): calendar
    /// programs disagree on which one is meant.
    AmbiguousLocalTime {
        date: NaiveDate,
    },
    /// Stored text that is not an RRULE.
    Unparsable,
}

impl RecurrenceProblem {
    /// Stable machine-readable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnsupportedFrequency { .. } => "unsupported_frequency",
            Self::UnsupportedPart { .. } => "unsupported_rule_part",
            Self::InvalidInterval { .. } => "invalid_interval",
            Self::InvalidWeekday { .. } => "invalid_weekday",
            Self::InvalidMonthDay { .. } => "invalid_month_day",
            Self::DaysDoNotFitFrequency => "days_do_not_fit_frequency",
            Self::EndRequired => "end_required",
            Self::UntilAndCount => "until_and_count",
            Self::InvalidCount { .. } => "invalid_count",
            Self::InvalidUntil => "invalid_date",
            Self::UntilBeforeStart => "until_before_start",
            Self::TooLong { .. } => "series_too_long",
            Self::StartNotInRule => "start_not_in_rule",
            Self::NonexistentLocalTime { .. } => "nonexistent_local_time",
            Self::AmbiguousLocalTime { .. } => "ambiguous_local_time",
            Self::Unparsable => "invalid_recurrence",
        }
    }
}

/// One problem with one part of the rule; `field` is `recurrence` or `recurrence.<part>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceError {
    pub field: String,
    pub problem: RecurrenceProblem,
}

impl RecurrenceError {
    fn new(part: &str, problem: RecurrenceProblem) -> Self {
        let field = if part.is_empty() {
            "recurrence".to_string()
        } else {
            format!("recurrence.{part}")
        };
        Self { field, problem }
    }
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// `TU` → (None, Tue), `2TU` → (Some(2), Tue), `-1FR` → (Some(-1), Fri).
fn nth_weekday(value: &str) -> Option<(Option<i64>, Weekday)> {
    let value = value.trim().to_ascii_uppercase();
    let split = value.len().checked_sub(2)?;
    let (nth, day) = (value.get(..split)?, value.get(split..)?);
    let day = weekday(day)?;
    if nth.is_empty() {
        return Some((None, day));
    }
    nth.strip_prefix('+')
        .unwrap_or(nth)
        .parse::<i64>()
        .ok()
        .map(|n| (Some(n), day))
}

const fn valid_nth(n: i64) -> bool {
    matches!(n, 1..=4 | -1)
}

const fn valid_month_day(d: i64) -> bool {
    matches!(d, 1..=31 | -1)
}

/// The pattern from the frequency and the day lists, shared by the API's shape and the stored
/// RRULE: `days` are BYDAY values (weekday with an optional nth), `month_days` BYMONTHDAY.
fn pattern(
    freq: &str,
    days: &[(Option<i64>, Weekday)],
    month_days: &[i64],
    errors: &mut Vec<RecurrenceError>,
) -> Option<Pattern> {
    let misfit = |errors: &mut Vec<RecurrenceError>, part: &str| {
        errors.push(RecurrenceError::new(
            part,
            RecurrenceProblem::DaysDoNotFitFrequency,
        ));
        None
    };
    match freq.trim().to_ascii_lowercase().as_str() {
        "daily" if !days.is_empty() => misfit(errors, "by_day"),
        "daily" if !month_days.is_empty() => misfit(errors, "by_month_day"),
        "daily" => Some(Pattern::Daily),
        "weekly" if !month_days.is_empty() => misfit(errors, "by_month_day"),
        "weekly" if days.iter().any(|(nth, _)| nth.is_some()) => misfit(errors, "by_day"),
        "weekly" => {
            let mut week: Vec<Weekday> = days.iter().map(|(_, d)| *d).collect();
            week.sort_by_key(|d| d.num_days_from_monday());
            week.dedup();
            // No days: the first start's weekday (RFC 5545's default), filled in by the caller.
            Some(Pattern::Weekly(week))
        }
        "monthly" => match (days, month_days) {
            ([], [d]) if valid_month_day(*d) => i8::try_from(*d).ok().map(Pattern::MonthDay),
            ([], [d]) => {
                errors.push(RecurrenceError::new(
                    "by_month_day",
                    RecurrenceProblem::InvalidMonthDay { value: *d },
                ));
                None
            }
            ([(Some(n), day)], []) if valid_nth(*n) => i8::try_from(*n)
                .ok()
                .map(|nth| Pattern::MonthWeekday { nth, day: *day }),
            ([(Some(n), day)], []) => {
                errors.push(RecurrenceError::new(
                    "by_day",
                    RecurrenceProblem::InvalidWeekday {
                        value: format!("{n}{}", weekday_code(*day)),
                    },
                ));
                None
            }
            // Neither: the first start's day of the month (the default), filled in later.
            ([], []) => Some(Pattern::MonthDay(0)),
            ([_, ..], _) => misfit(errors, "by_day"),
            (_, _) => misfit(errors, "by_month_day"),
        },
        other => {
            errors.push(RecurrenceError::new(
                "freq",
                RecurrenceProblem::UnsupportedFrequency {
                    value: other.to_string(),
                },
            ));
            None
        }
    }
}

fn interval(value: i64, errors: &mut Vec<RecurrenceError>) -> Option<u16> {
    match u16::try_from(value) {
        Ok(n) if (1..=MAX_INTERVAL).contains(&n) => Some(n),
        _ => {
            errors.push(RecurrenceError::new(
                "interval",
                RecurrenceProblem::InvalidInterval { max: MAX_INTERVAL },
            ));
            None
        }
    }
}

fn count(value: i64, errors: &mut Vec<RecurrenceError>) -> Option<u32> {
    match u32::try_from(value) {
        Ok(n) if n >= 1 && n as usize <= MAX_OCCURRENCES => Some(n),
        _ => {
            errors.push(RecurrenceError::new(
                "count",
                RecurrenceProblem::InvalidCount {
                    max: MAX_OCCURRENCES,
                },
            ));
            None
        }
    }
}

impl Rule {
    /// Checks the API's shape against what jmb offers and against the series' first start
    /// (`first_start`, in `tz`), reporting every problem.
    pub fn from_input(
        input: &RecurrenceInput,
        first_start: DateTime<Utc>,
        tz: Tz,
    ) -> Result<Rule, Vec<RecurrenceError>> {
        let mut errors = Vec::new();
        let mut days = Vec::new();
        for value in &input.by_day {
            match nth_weekday(value) {
                Some(d) => days.push(d),
                None => errors.push(RecurrenceError::new(
                    "by_day",
                    RecurrenceProblem::InvalidWeekday {
                        value: value.clone(),
                    },
                )),
            }
        }
        let pattern = pattern(&input.freq, &days, &input.by_month_day, &mut errors);
        let interval = interval(input.interval.unwrap_or(1), &mut errors);
        let end = match (&input.until, input.count) {
            (Some(_), Some(_)) => {
                errors.push(RecurrenceError::new("", RecurrenceProblem::UntilAndCount));
                None
            }
            (None, None) => {
                errors.push(RecurrenceError::new("", RecurrenceProblem::EndRequired));
                None
            }
            (Some(until), None) => match NaiveDate::parse_from_str(until.trim(), "%Y-%m-%d") {
                Ok(d) => Some(End::Until(d)),
                Err(_) => {
                    errors.push(RecurrenceError::new(
                        "until",
                        RecurrenceProblem::InvalidUntil,
                    ));
                    None
                }
            },
            (None, Some(n)) => count(n, &mut errors).map(End::Count),
        };
        match (pattern, interval, end) {
            (Some(pattern), Some(interval), Some(end)) if errors.is_empty() => Rule {
                pattern,
                interval,
                end,
            }
            .checked(first_start, tz)
            .map_err(|e| vec![e]),
            _ => Err(errors),
        }
    }

    /// Reads a stored RRULE value (`FREQ=WEEKLY;UNTIL=…Z;BYDAY=MO,TH`, with or without the
    /// `RRULE:` name) back, with the same checks as [`Rule::from_input`].
    pub fn parse(rrule: &str, first_start: DateTime<Utc>, tz: Tz) -> Result<Rule, RecurrenceError> {
        let unparsable = || RecurrenceError::new("", RecurrenceProblem::Unparsable);
        let parsed: rrule::RRule<rrule::Unvalidated> = rrule.parse().map_err(|_| unparsable())?;
        let unsupported = |part: &str| {
            RecurrenceError::new(
                "",
                RecurrenceProblem::UnsupportedPart {
                    part: part.to_string(),
                },
            )
        };
        for (part, used) in [
            ("BYSETPOS", !parsed.get_by_set_pos().is_empty()),
            ("BYMONTH", !parsed.get_by_month().is_empty()),
            ("BYYEARDAY", !parsed.get_by_year_day().is_empty()),
            ("BYWEEKNO", !parsed.get_by_week_no().is_empty()),
            ("BYHOUR", !parsed.get_by_hour().is_empty()),
            ("BYMINUTE", !parsed.get_by_minute().is_empty()),
            ("BYSECOND", !parsed.get_by_second().is_empty()),
            ("WKST", parsed.get_week_start() != Weekday::Mon),
        ] {
            if used {
                return Err(unsupported(part));
            }
        }
        let mut errors = Vec::new();
        let days: Vec<(Option<i64>, Weekday)> = parsed
            .get_by_weekday()
            .iter()
            .map(|d| match d {
                rrule::NWeekday::Every(day) => (None, *day),
                rrule::NWeekday::Nth(n, day) => (Some(i64::from(*n)), *day),
            })
            .collect();
        let month_days: Vec<i64> = parsed
            .get_by_month_day()
            .iter()
            .map(|d| i64::from(*d))
            .collect();
        let freq = parsed.get_freq().to_string();
        let pattern = pattern(&freq, &days, &month_days, &mut errors);
        let interval = interval(i64::from(parsed.get_interval()), &mut errors);
        let end = match (parsed.get_until(), parsed.get_count()) {
            (Some(_), Some(_)) => {
                errors.push(RecurrenceError::new("", RecurrenceProblem::UntilAndCount));
                None
            }
            (None, None) => {
                errors.push(RecurrenceError::new("", RecurrenceProblem::EndRequired));
                None
            }
            // UNTIL is a UTC instant (RFC 5545 §3.3.10 with a zoned DTSTART), inclusive: the
            // last local date whose occurrence (one a day, at the start's time) is not after it.
            (Some(until), None) if until.timezone().name() == "UTC" => {
                let until = until.with_timezone(&Utc).with_timezone(&tz);
                let date = until.date_naive();
                Some(End::Until(
                    if first_start.with_timezone(&tz).time() > until.time() {
                        date.pred_opt().unwrap_or(date)
                    } else {
                        date
                    },
                ))
            }
            (Some(_), None) => return Err(unsupported("UNTIL")),
            (None, Some(n)) => count(i64::from(n), &mut errors).map(End::Count),
        };
        match (pattern, interval, end, errors.into_iter().next()) {
            (Some(pattern), Some(interval), Some(end), None) => Rule {
                pattern,
                interval,
                end,
            }
            .checked(first_start, tz)
            .map_err(|e| RecurrenceError::new("", e.problem)),
            // Stored text has no parts to point at: the whole rule is at fault.
            (_, _, _, Some(e)) => Err(RecurrenceError::new("", e.problem)),
            _ => Err(unparsable()),
        }
    }

    /// Fills in the defaults taken from the first start and checks the rule against it: the
    /// start is the first occurrence, `until` is not before it, and the series is bounded.
    fn checked(mut self, first_start: DateTime<Utc>, tz: Tz) -> Result<Rule, RecurrenceError> {
        let local = first_start.with_timezone(&tz);
        match &mut self.pattern {
            Pattern::Weekly(days) if days.is_empty() => days.push(local.weekday()),
            Pattern::MonthDay(0) => {
                self.pattern = Pattern::MonthDay(i8::try_from(local.day()).unwrap_or(1));
            }
            _ => {}
        }
        if let End::Until(until) = self.end
            && until < local.date_naive()
        {
            return Err(RecurrenceError::new(
                "until",
                RecurrenceProblem::UntilBeforeStart,
            ));
        }
        let too_long = || {
            RecurrenceError::new(
                "",
                RecurrenceProblem::TooLong {
                    max_occurrences: MAX_OCCURRENCES,
                    max_months: MAX_SPAN_MONTHS,
                },
            )
        };
        let limit = latest_end(first_start, tz).ok_or_else(too_long)?;
        if let End::Until(until) = self.end
            && until_instant(until, tz) > limit
        {
            return Err(too_long());
        }
        let set = self.rrule_set(first_start, tz).map_err(|_| too_long())?;
        let mut seen = 0usize;
        for (i, start) in set.into_iter().take(MAX_OCCURRENCES + 1).enumerate() {
            let start = start.with_timezone(&Utc);
            if i == 0 && start != first_start {
                return Err(RecurrenceError::new("", RecurrenceProblem::StartNotInRule));
            }
            if start > limit {
                return Err(too_long());
            }
            // A time in the spring gap is moved forward by the gap and a repeated autumn time
            // is the first (RFC 5545 §3.3.5) by the crate and Python's zoneinfo, but libical
            // and ical.js each do otherwise: no series has an occurrence at such a time.
            let at = start.with_timezone(&tz);
            let date = at.date_naive();
            if at.time() != local.time() {
                return Err(RecurrenceError::new(
                    "",
                    RecurrenceProblem::NonexistentLocalTime { date },
                ));
            }
            if let LocalResult::Ambiguous(..) = tz.from_local_datetime(&at.naive_local()) {
                return Err(RecurrenceError::new(
                    "",
                    RecurrenceProblem::AmbiguousLocalTime { date },
                ));
            }
            seen = i + 1;
        }
        if seen == 0 {
            return Err(RecurrenceError::new("", RecurrenceProblem::StartNotInRule));
        }
        if seen > MAX_OCCURRENCES {
            return Err(too_long());
        }
        Ok(self)
    }

    /// The RRULE value to store and to write into calendars (`FREQ=WEEKLY;UNTIL=…;BYDAY=MO,TH`);
    /// `tz` turns the local `until` date into the UTC instant RFC 5545 requires.
    ///
    /// Written here rather than by the `rrule` crate's `Display`, which writes "the first
    /// Tuesday" (`1TU`) as `TU`, every Tuesday of the month.
    pub fn to_rrule(&self, tz: Tz) -> String {
        use std::fmt::Write as _;
        let mut out = String::with_capacity(64);
        out.push_str(match self.pattern {
            Pattern::Daily => "FREQ=DAILY",
            Pattern::Weekly(_) => "FREQ=WEEKLY",
            Pattern::MonthDay(_) | Pattern::MonthWeekday { .. } => "FREQ=MONTHLY",
        });
        // Writing into a String cannot fail.
        let _ = match self.end {
            End::Until(d) => write!(
                out,
                ";UNTIL={}",
                until_instant(d, tz).format("%Y%m%dT%H%M%SZ")
            ),
            End::Count(n) => write!(out, ";COUNT={n}"),
        };
        if self.interval != 1 {
            let _ = write!(out, ";INTERVAL={}", self.interval);
        }
        match &self.pattern {
            Pattern::Daily => {}
            Pattern::Weekly(days) => {
                out.push_str(";BYDAY=");
                for (i, d) in days.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(weekday_code(*d));
                }
            }
            Pattern::MonthDay(d) => {
                let _ = write!(out, ";BYMONTHDAY={d}");
            }
            Pattern::MonthWeekday { nth, day } => {
                let _ = write!(out, ";BYDAY={nth}{}", weekday_code(*day));
            }
        }
        out
    }

    fn unvalidated(&self, tz: Tz) -> rrule::RRule<rrule::Unvalidated> {
        use rrule::{Frequency, NWeekday, RRule};
        let freq = match self.pattern {
            Pattern::Daily => Frequency::Daily,
            Pattern::Weekly(_) => Frequency::Weekly,
            Pattern::MonthDay(_) | Pattern::MonthWeekday { .. } => Frequency::Monthly,
        };
        let mut r = RRule::new(freq).interval(self.interval);
        r = match self.end {
            End::Until(d) => r.until(until_instant(d, tz).with_timezone(&rrule::Tz::UTC)),
            End::Count(n) => r.count(n),
        };
        match &self.pattern {
            Pattern::Daily => r,
            Pattern::Weekly(days) => {
                r.by_weekday(days.iter().map(|d| NWeekday::Every(*d)).collect())
            }
            Pattern::MonthDay(d) => r.by_month_day(vec![*d]),
            Pattern::MonthWeekday { nth, day } => {
                r.by_weekday(vec![NWeekday::Nth(i16::from(*nth), *day)])
            }
        }
    }

    /// The `rrule` crate's expansion of this rule from `first_start` in `tz`.
    pub(crate) fn rrule_set(
        &self,
        first_start: DateTime<Utc>,
        tz: Tz,
    ) -> Result<rrule::RRuleSet, rrule::RRuleError> {
        let start = first_start.with_timezone(&rrule::Tz::Tz(tz));
        self.unvalidated(tz).build(start)
    }

    /// This rule for a series whose start moves from `from` to `to` (local times in the
    /// series' zone): a series on the start's weekday or day of the month follows the start
    /// ("every Tuesday" moved to a Wednesday is "every Wednesday"); any other rule stays.
    pub fn follow_start<T: TimeZone>(&self, from: &DateTime<T>, to: &DateTime<T>) -> Rule {
        let mut rule = self.clone();
        match &mut rule.pattern {
            Pattern::Weekly(days) if *days == [from.weekday()] => *days = vec![to.weekday()],
            Pattern::MonthDay(d) if i64::from(*d) == i64::from(from.day()) => {
                *d = i8::try_from(to.day()).unwrap_or(*d);
            }
            Pattern::MonthWeekday { day, .. } if *day == from.weekday() => *day = to.weekday(),
            _ => {}
        }
        rule
    }

    /// The API's shape of this rule (what a form is filled with when editing).
    pub fn to_input(&self) -> RecurrenceInput {
        let (freq, by_day, by_month_day) = match &self.pattern {
            Pattern::Daily => ("daily", vec![], vec![]),
            Pattern::Weekly(days) => (
                "weekly",
                days.iter().map(|d| weekday_code(*d).to_string()).collect(),
                vec![],
            ),
            Pattern::MonthDay(d) => ("monthly", vec![], vec![i64::from(*d)]),
            Pattern::MonthWeekday { nth, day } => (
                "monthly",
                vec![format!("{nth}{}", weekday_code(*day))],
                vec![],
            ),
        };
        let (until, count) = match self.end {
            End::Until(d) => (Some(d.format("%Y-%m-%d").to_string()), None),
            End::Count(n) => (None, Some(i64::from(n))),
        };
        RecurrenceInput {
            freq: freq.to_string(),
            interval: Some(i64::from(self.interval)),
            by_day,
            by_month_day,
            until,
            count,
        }
    }
}

/// The start of a local day as an instant (the earliest, should midnight be repeated; an
/// hour later, should it not exist).
pub(crate) fn local_day_start(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(midnight + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// The last second of the local date `until`: the UNTIL of a rule ending that day.
pub(crate) fn until_instant(until: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let next = until.succ_opt().unwrap_or(until);
    local_day_start(next, tz) - Duration::seconds(1)
}

/// The latest a series starting at `first_start` may still have an occurrence.
fn latest_end(first_start: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
    let local = first_start.with_timezone(&tz).date_naive();
    let last = local.checked_add_months(chrono::Months::new(MAX_SPAN_MONTHS))?;
    Some(until_instant(last, tz))
}

#[cfg(test)]
mod tests;
