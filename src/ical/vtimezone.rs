//! VTIMEZONE components from the tz database (through `chrono-tz`), for the zones series are
//! written in: a calendar client expands `DTSTART;TZID=…` with the definition the calendar
//! carries, so it must agree with the zone jmb expanded the series in.
//!
//! chrono-tz gives offsets at instants, not its transition table, so the transitions of the
//! span are found by sampling daily and narrowing each change down to the second. Each one
//! becomes an observance of its own with an explicit DTSTART (RFC 5545 §3.6.5 allows a
//! STANDARD or DAYLIGHT without RRULE or RDATE): no yearly rule to get wrong where a
//! government changed it, and a series spans at most two years, so a handful of them.

use chrono::{DateTime, Duration, Offset, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::IcsWriter;
use super::writer::local_stamp;

/// The offset in force at an instant.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observance {
    /// Seconds east of UTC.
    total: i32,
    daylight: bool,
    name: Option<String>,
}

fn observance(tz: Tz, t: DateTime<Utc>) -> Observance {
    let offset = t.with_timezone(&tz).offset().to_owned();
    Observance {
        total: offset.fix().local_minus_utc(),
        daylight: !offset.dst_offset().is_zero(),
        name: offset.abbreviation().map(str::to_string),
    }
}

/// A change of offset: the first second of `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: Observance,
    to: Observance,
}

/// The changes of offset in `[from, to]`, found a day at a time.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let step = Duration::days(1);
    let mut found = Vec::new();
    let mut t = from;
    let mut before = observance(tz, t);
    while t < to {
        let next = (t + step).min(to);
        let after = observance(tz, next);
        if after != before {
            // The change lies in (lo, hi]: halve until hi is its first second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if observance(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Transition {
                at: hi,
                from: before,
                to: after.clone(),
            });
        }
        before = after;
        t = next;
    }
    found
}

/// `+0100`, `-0430`, `+053730` (seconds only where the zone has them).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn write_observance(w: &mut IcsWriter, onset: DateTime<Utc>, from: &Observance, to: &Observance) {
    let kind = if to.daylight { "DAYLIGHT" } else { "STANDARD" };
    w.begin(kind);
    // The onset in the local time in force before it (RFC 5545 §3.6.5).
    let local = onset.naive_utc() + Duration::seconds(i64::from(from.total));
    let mut buf = [0u8; 16];
    w.raw("DTSTART", local_stamp(local, &mut buf));
    w.raw("TZOFFSETFROM", &utc_offset(from.total));
    w.raw("TZOFFSETTO", &utc_offset(to.total));
    if let Some(name) = &to.name {
        w.text("TZNAME", name);
    }
    w.end(kind);
}

/// The VTIMEZONE of `tz` for times in `[from, to]`: the observance in force at `from` (its
/// onset found up to a year earlier) and every change until `to`.
pub fn write_vtimezone(w: &mut IcsWriter, tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) {
    let scan_from = from - Duration::days(366);
    let all = transitions(tz, scan_from, to.max(from));
    // The last change at or before `from`, and those after it.
    let first_in_span = all.partition_point(|t| t.at <= from);
    w.begin("VTIMEZONE");
    w.raw("TZID", tz.name());
    match first_in_span.checked_sub(1).and_then(|i| all.get(i)) {
        Some(t) => write_observance(w, t.at, &t.from, &t.to),
        // No change for a year: the offset simply holds from the start of the scan.
        None => {
            let o = observance(tz, scan_from);
            write_observance(w, scan_from, &o, &o);
        }
    }
    for t in &all[first_in_span..] {
        write_observance(w, t.at, &t.from, &t.to);
    }
    w.end("VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn vtimezone(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> String {
        let mut w = IcsWriter::default();
        write_vtimezone(&mut w, tz, from, to);
        w.finish()
    }

    #[test]
    fn paris_across_one_winter_has_the_last_summer_onset_and_both_changes() {
        let from = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 4, 29, 9, 0, 0).unwrap();
        assert_eq!(
            vtimezone(chrono_tz::Europe::Paris, from, to),
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_observance() {
        let from = Utc.with_ymd_and_hms(2026, 10, 1, 8, 0, 0).unwrap();
        let text = vtimezone(chrono_tz::Asia::Tokyo, from, from + Duration::days(400));
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(text.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"));
        assert!(!text.contains("DAYLIGHT"));
    }

    #[test]
    fn southern_and_odd_offsets() {
        let from = Utc.with_ymd_and_hms(2026, 1, 10, 0, 0, 0).unwrap();
        let text = vtimezone(
            chrono_tz::Australia::Adelaide,
            from,
            from + Duration::days(200),
        );
        // Daylight time (+10:30) at the start, standard (+09:30) from April.
        assert!(
            text.contains("TZOFFSETFROM:+0930\r\nTZOFFSETTO:+1030\r\n"),
            "{text}"
        );
        assert!(
            text.contains("TZOFFSETFROM:+1030\r\nTZOFFSETTO:+0930\r\n"),
            "{text}"
        );
        assert_eq!(utc_offset(-16200), "-0430");
        assert_eq!(utc_offset(561), "+000921");
    }
}
