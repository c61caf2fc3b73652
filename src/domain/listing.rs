//! Paging through someone's meetings: a time range, a page size, and a position in the
//! order (start, id) that stays put while meetings are added or changed elsewhere.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};

/// Rows per page when the caller does not say.
pub const DEFAULT_LIMIT: u32 = 100;
/// The most rows one page may ask for.
pub const MAX_LIMIT: u32 = 500;

/// A query parameter that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct BadParam {
    pub field: &'static str,
    pub message: &'static str,
}

fn bad(field: &'static str, message: &'static str) -> BadParam {
    BadParam { field, message }
}

/// The place after the last meeting of a page: the next page starts after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub starts_at: DateTime<Utc>,
    pub id: i64,
}

impl Cursor {
    /// Opaque to clients (they must not build one), and two integers inside: nothing in it
    /// ever reaches SQL as text.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}.{}", self.starts_at.timestamp(), self.id))
    }

    pub fn decode(raw: &str) -> Result<Self, BadParam> {
        let invalid = || bad("cursor", "not a cursor this service gave");
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| invalid())?;
        let text = std::str::from_utf8(&bytes).map_err(|_| invalid())?;
        let (ts, id) = text.split_once('.').ok_or_else(invalid)?;
        let starts_at = ts
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(invalid)?;
        let id = id.parse::<i64>().map_err(|_| invalid())?;
        Ok(Self { starts_at, id })
    }
}

/// Which meetings a page holds: those that end at or after `from` and start before `to`
/// (and end before `ends_before`), after `after` in the order (start, id), at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
    /// Only meetings that are over by then: the list's recent past.
    pub ends_before: Option<DateTime<Utc>>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// Which way a page of meetings runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Earliest start first, from the window's cursor on: the pages of a list.
    Ascending,
    /// Latest start first: the most recent past meetings.
    Descending,
}

/// The query parameters as they came, before any check.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawWindow<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub limit: Option<&'a str>,
    pub cursor: Option<&'a str>,
}

fn parse_time(field: &'static str, raw: &str) -> Result<DateTime<Utc>, BadParam> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad(field, "not an RFC 3339 date and time"))
}

impl Window {
    /// Checks the parameters; `default_from` applies when `from` is absent.
    pub fn parse(raw: RawWindow<'_>, default_from: DateTime<Utc>) -> Result<Self, BadParam> {
        let from = raw
            .from
            .map(|f| parse_time("from", f))
            .transpose()?
            .unwrap_or(default_from);
        let to = raw.to.map(|t| parse_time("to", t)).transpose()?;
        if to.is_some_and(|to| to <= from) {
            return Err(bad("to", "must be later than from"));
        }
        let limit = match raw.limit {
            None => DEFAULT_LIMIT,
            Some(l) => l
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|l| (1..=MAX_LIMIT).contains(l))
                .ok_or_else(|| bad("limit", "must be a whole number from 1 to 500"))?,
        };
        let after = raw.cursor.map(Cursor::decode).transpose()?;
        Ok(Self {
            from,
            to,
            ends_before: None,
            after,
            limit,
        })
    }
}

/// Splits what the store returned for `limit + 1` rows into the page and, when more remain,
/// the cursor of the next one.
pub fn split_page<T>(
    mut rows: Vec<T>,
    limit: u32,
    position: impl Fn(&T) -> Cursor,
) -> (Vec<T>, Option<Cursor>) {
    let limit = limit as usize;
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(position);
    (rows, next)
}

/// How far ahead one part of a person's list reaches, from its first meeting.
pub const LIST_WEEKS: i64 = 4;

/// The part of a list of upcoming meetings (fetched `limit + 1`) that a page shows: the
/// [`LIST_WEEKS`] weeks from its first meeting (or from `now`, if that is later), `limit` at
/// most, but never nothing while something comes; and the cursor of the next part when more
/// remain.
pub fn coming_weeks<T>(
    rows: Vec<T>,
    limit: u32,
    now: DateTime<Utc>,
    position: impl Fn(&T) -> Cursor,
) -> (Vec<T>, Option<Cursor>) {
    let horizon = rows
        .first()
        .map(|r| position(r).starts_at.max(now) + chrono::Duration::weeks(LIST_WEEKS));
    let fetched = rows.len();
    let shown: Vec<T> = rows
        .into_iter()
        .take(limit as usize)
        .enumerate()
        .take_while(|(n, r)| *n == 0 || horizon.is_some_and(|h| position(r).starts_at < h))
        .map(|(_, r)| r)
        .collect();
    let next = if fetched > shown.len() {
        shown.last().map(&position)
    } else {
        None
    };
    (shown, next)
}

/// How far a series' occurrences are listed when the caller gives no end.
pub const OCCURRENCES_DEFAULT_WEEKS: i64 = 8;
/// The longest window of occurrences one request may ask for (a series lasts at most two
/// years: this covers any of it).
pub const OCCURRENCES_MAX_DAYS: i64 = 2 * 366;

/// The window `from`..`to` of a series' occurrences: from `now` and for
/// [`OCCURRENCES_DEFAULT_WEEKS`] weeks by default, never longer than [`OCCURRENCES_MAX_DAYS`].
pub fn occurrence_window(
    from: Option<&str>,
    to: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), BadParam> {
    let from = from
        .map(|f| parse_time("from", f))
        .transpose()?
        .unwrap_or(now);
    let to = to
        .map(|t| parse_time("to", t))
        .transpose()?
        .unwrap_or(from + chrono::Duration::weeks(OCCURRENCES_DEFAULT_WEEKS));
    if to <= from {
        return Err(bad("to", "must be later than from"));
    }
    if to - from > chrono::Duration::days(OCCURRENCES_MAX_DAYS) {
        return Err(bad("to", "at most two years after from"));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
    }

    #[test]
    fn a_cursor_reads_back_as_the_same_position() {
        let c = Cursor {
            starts_at: now(),
            id: 42,
        };
        assert_eq!(Cursor::decode(&c.encode()), Ok(c));
    }

    #[test]
    fn a_made_up_cursor_is_refused_naming_the_field() {
        for raw in ["", "!!", "MTIz", "YS5i", "MS4y.Mw", "' OR 1=1 --"] {
            assert_eq!(
                Cursor::decode(raw).map_err(|e| e.field),
                Err("cursor"),
                "{raw}"
            );
        }
    }

    #[test]
    fn defaults_apply_and_bad_parameters_name_their_field() {
        let w = Window::parse(RawWindow::default(), now()).unwrap();
        assert_eq!((w.from, w.to, w.after, w.limit), (now(), None, None, 100));
        let field = |raw: RawWindow<'_>| Window::parse(raw, now()).map(|_| ()).map_err(|e| e.field);
        assert_eq!(
            field(RawWindow {
                from: Some("yesterday"),
                ..Default::default()
            }),
            Err("from")
        );
        assert_eq!(
            field(RawWindow {
                to: Some("2026-13-01T00:00:00Z"),
                ..Default::default()
            }),
            Err("to")
        );
        assert_eq!(
            field(RawWindow {
                from: Some("2026-12-02T00:00:00Z"),
                to: Some("2026-12-01T00:00:00Z"),
                ..Default::default()
            }),
            Err("to")
        );
        for limit in ["0", "501", "-1", "ten", ""] {
            assert_eq!(
                field(RawWindow {
                    limit: Some(limit),
                    ..Default::default()
                }),
                Err("limit")
            );
        }
        assert_eq!(
            field(RawWindow {
                limit: Some("500"),
                ..Default::default()
            }),
            Ok(())
        );
        let w = Window::parse(
            RawWindow {
                from: Some("2026-12-01T09:00:00+01:00"),
                ..Default::default()
            },
            now() - chrono::Duration::days(7),
        )
        .unwrap();
        assert_eq!(w.from, now());
    }

    #[test]
    fn a_part_of_the_list_holds_four_weeks_or_the_limit_whichever_comes_first() {
        let at = |days: &i64| Cursor {
            starts_at: now() + chrono::Duration::days(*days),
            id: *days,
        };
        // Every third day: days 0 … 27 fall within the four weeks, 30 does not.
        let every_third: Vec<i64> = (0..20).map(|k| k * 3).collect();
        let (shown, next) = coming_weeks(every_third.clone(), 100, now(), at);
        assert_eq!(shown, (0..10).map(|k| k * 3).collect::<Vec<_>>());
        assert_eq!(next.map(|c| c.id), Some(27));
        // The limit first.
        let (shown, next) = coming_weeks(every_third.clone(), 4, now(), at);
        assert_eq!((shown.len(), next.map(|c| c.id)), (4, Some(9)));
        // Weeks are counted from the first meeting when it is far off: never an empty part.
        let far: Vec<i64> = vec![60, 61, 100];
        let (shown, next) = coming_weeks(far, 100, now(), at);
        assert_eq!((shown, next.map(|c| c.id)), (vec![60, 61], Some(61)));
        // Everything fits: no next part.
        let (shown, next) = coming_weeks(vec![1, 2], 100, now(), at);
        assert_eq!((shown, next), (vec![1, 2], None));
    }

    #[test]
    fn a_page_ends_where_the_next_one_starts() {
        let rows = vec![1, 2, 3];
        let at = |n: &i32| Cursor {
            starts_at: now(),
            id: i64::from(*n),
        };
        assert_eq!(split_page(rows.clone(), 3, at), (vec![1, 2, 3], None));
        let (page, next) = split_page(rows, 2, at);
        assert_eq!(page, vec![1, 2]);
        assert_eq!(next.map(|c| c.id), Some(2));
    }
    #[test]
    fn an_occurrence_window_defaults_to_eight_weeks_from_now_and_is_bounded() {
        let week = chrono::Duration::weeks(1);
        assert_eq!(
            occurrence_window(None, None, now()),
            Ok((now(), now() + week * 8))
        );
        assert_eq!(
            occurrence_window(Some("2026-12-08T09:00:00+01:00"), None, now()),
            Ok((now() + week, now() + week * 9))
        );
        let field = |from, to| occurrence_window(from, to, now()).map_err(|e| e.field);
        assert_eq!(field(Some("soon"), None), Err("from"));
        assert_eq!(field(None, Some("2026-11-30T00:00:00Z")), Err("to"));
        assert_eq!(field(None, Some("2029-01-01T00:00:00Z")), Err("to"));
        assert!(field(None, Some("2028-11-30T00:00:00Z")).is_ok());
    }
}
