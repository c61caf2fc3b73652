use super::*;
use crate::domain::role::{MeetingStatus, PartStat};
use crate::domain::window::{Access, JoinWindow, RoomSlot};
use chrono::{Duration, Timelike};
use std::str::FromStr;

const PARIS: Tz = chrono_tz::Europe::Paris;

fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    PARIS
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn input(freq: &str) -> RecurrenceInput {
    RecurrenceInput {
        freq: freq.into(),
        ..RecurrenceInput::default()
    }
}

fn weekly_mo_th() -> RecurrenceInput {
    RecurrenceInput {
        interval: Some(1),
        by_day: vec!["MO".into(), "TH".into()],
        until: Some("2027-04-30".into()),
        ..input("weekly")
    }
}

/// Thursday 1 October 2026, 10:00 in Paris (summer time).
fn first() -> DateTime<Utc> {
    paris(2026, 10, 1, 10, 0)
}

fn problems(r: Result<Rule, Vec<RecurrenceError>>) -> Vec<(String, &'static str)> {
    r.unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.problem.code()))
        .collect()
}

#[test]
fn the_api_shape_becomes_a_rule_and_its_rrule() {
    let rule = Rule::from_input(&weekly_mo_th(), first(), PARIS).unwrap();
    assert_eq!(
        rule,
        Rule {
            pattern: Pattern::Weekly(vec![Weekday::Mon, Weekday::Thu]),
            interval: 1,
            end: End::Until(NaiveDate::from_ymd_opt(2027, 4, 30).unwrap()),
        }
    );
    // UNTIL is the end of 30 April in Paris (summer time), in UTC.
    assert_eq!(
        rule.to_rrule(PARIS),
        "FREQ=WEEKLY;UNTIL=20270430T215959Z;BYDAY=MO,TH"
    );
}

#[test]
fn stored_rrules_read_back_to_the_same_rule() {
    let start = paris(2027, 1, 12, 14, 30); // the second Tuesday of January
    let cases = [
        (
            RecurrenceInput {
                count: Some(12),
                ..input("daily")
            },
            "FREQ=DAILY;COUNT=12",
        ),
        (
            RecurrenceInput {
                interval: Some(2),
                by_day: vec!["2TU".into()],
                count: Some(6),
                ..input("monthly")
            },
            "FREQ=MONTHLY;COUNT=6;INTERVAL=2;BYDAY=2TU",
        ),
        (
            RecurrenceInput {
                by_month_day: vec![12],
                until: Some("2027-12-31".into()),
                ..input("monthly")
            },
            "FREQ=MONTHLY;UNTIL=20271231T225959Z;BYMONTHDAY=12",
        ),
        (
            RecurrenceInput {
                until: Some("2027-03-31".into()),
                ..input("weekly")
            },
            "FREQ=WEEKLY;UNTIL=20270331T215959Z;BYDAY=TU",
        ),
    ];
    for (given, text) in cases {
        let rule = Rule::from_input(&given, start, PARIS).unwrap();
        assert_eq!(rule.to_rrule(PARIS), text);
        assert_eq!(Rule::parse(text, start, PARIS).unwrap(), rule, "{text}");
        assert_eq!(
            Rule::parse(&format!("RRULE:{text}"), start, PARIS).unwrap(),
            rule
        );
        assert_eq!(
            Rule::from_input(&rule.to_input(), start, PARIS).unwrap(),
            rule
        );
    }
}

#[test]
fn the_first_tuesday_is_written_1tu_not_every_tuesday() {
    let start = paris(2027, 1, 5, 9, 0);
    let rule = Rule::from_input(
        &RecurrenceInput {
            by_day: vec!["1TU".into()],
            count: Some(3),
            ..input("monthly")
        },
        start,
        PARIS,
    )
    .unwrap();
    // A bare `TU` in a monthly rule is every Tuesday of the month.
    assert_eq!(rule.to_rrule(PARIS), "FREQ=MONTHLY;COUNT=3;BYDAY=1TU");
    assert_eq!(
        Rule::parse("FREQ=MONTHLY;COUNT=3;BYDAY=1TU", start, PARIS).unwrap(),
        rule
    );
    let days: Vec<u32> = Series::new(PARIS, start, 60, rule)
        .schedule()
        .iter()
        .map(|o| o.starts_at.with_timezone(&PARIS).day())
        .collect();
    assert_eq!(days, [5, 2, 2]);
}

#[test]
fn what_jmb_does_not_offer_is_a_field_error_naming_recurrence() {
    let start = first();
    for freq in ["yearly", "hourly", "minutely", "secondly", "fortnightly"] {
        let r = Rule::from_input(
            &RecurrenceInput {
                count: Some(3),
                ..input(freq)
            },
            start,
            PARIS,
        );
        assert_eq!(
            problems(r),
            [("recurrence.freq".to_string(), "unsupported_frequency")]
        );
    }
    let cases: Vec<(RecurrenceInput, &str, &str)> = vec![
        (
            RecurrenceInput {
                count: Some(0),
                ..weekly_mo_th()
            },
            "recurrence",
            "until_and_count",
        ),
        (
            RecurrenceInput {
                until: None,
                count: Some(0),
                ..weekly_mo_th()
            },
            "recurrence.count",
            "invalid_count",
        ),
        (
            RecurrenceInput {
                until: None,
                count: Some(521),
                ..weekly_mo_th()
            },
            "recurrence.count",
            "invalid_count",
        ),
        (
            RecurrenceInput {
                until: None,
                ..weekly_mo_th()
            },
            "recurrence",
            "end_required",
        ),
        (
            RecurrenceInput {
                interval: Some(0),
                ..weekly_mo_th()
            },
            "recurrence.interval",
            "invalid_interval",
        ),
        (
            RecurrenceInput {
                interval: Some(70_000),
                ..weekly_mo_th()
            },
            "recurrence.interval",
            "invalid_interval",
        ),
        (
            RecurrenceInput {
                by_day: vec!["MO".into(), "XY".into()],
                ..weekly_mo_th()
            },
            "recurrence.by_day",
            "invalid_weekday",
        ),
        (
            RecurrenceInput {
                until: Some("2026-09-30".into()),
                ..weekly_mo_th()
            },
            "recurrence.until",
            "until_before_start",
        ),
        (
            RecurrenceInput {
                until: Some("30/09/2027".into()),
                ..weekly_mo_th()
            },
            "recurrence.until",
            "invalid_date",
        ),
        (
            RecurrenceInput {
                by_day: vec!["MO".into(), "TU".into()],
                ..weekly_mo_th()
            },
            "recurrence",
            "start_not_in_rule",
        ),
        (
            RecurrenceInput {
                by_day: vec!["5TH".into()],
                count: Some(3),
                ..input("monthly")
            },
            "recurrence.by_day",
            "invalid_weekday",
        ),
        (
            RecurrenceInput {
                by_month_day: vec![32],
                count: Some(3),
                ..input("monthly")
            },
            "recurrence.by_month_day",
            "invalid_month_day",
        ),
        (
            RecurrenceInput {
                by_day: vec!["1TH".into(), "3TH".into()],
                count: Some(3),
                ..input("monthly")
            },
            "recurrence.by_day",
            "days_do_not_fit_frequency",
        ),
        (
            RecurrenceInput {
                by_day: vec!["2TH".into()],
                ..weekly_mo_th()
            },
            "recurrence.by_day",
            "days_do_not_fit_frequency",
        ),
        // Two years and a day.
        (
            RecurrenceInput {
                until: Some("2028-10-02".into()),
                ..weekly_mo_th()
            },
            "recurrence",
            "series_too_long",
        ),
        // 520 months are far more than two years.
        (
            RecurrenceInput {
                count: Some(520),
                ..input("monthly")
            },
            "recurrence",
            "series_too_long",
        ),
        // Every day for two years is more than 520 occurrences.
        (
            RecurrenceInput {
                until: Some("2028-09-30".into()),
                ..input("daily")
            },
            "recurrence",
            "series_too_long",
        ),
    ];
    for (given, field, code) in cases {
        let r = Rule::from_input(&given, start, PARIS);
        assert_eq!(problems(r), [(field.to_string(), code)], "{given:?}");
    }
    // At the bound exactly: two years of Mondays and Thursdays (208 occurrences).
    let r = Rule::from_input(
        &RecurrenceInput {
            until: Some("2028-10-01".into()),
            ..weekly_mo_th()
        },
        start,
        PARIS,
    );
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn stored_rrules_with_parts_jmb_does_not_offer_are_refused() {
    let start = first();
    for (text, code) in [
        (
            "FREQ=MONTHLY;COUNT=5;BYDAY=TU;BYSETPOS=2",
            "unsupported_rule_part",
        ),
        ("FREQ=WEEKLY;COUNT=5;BYHOUR=10", "unsupported_rule_part"),
        ("FREQ=WEEKLY;COUNT=5;WKST=SU", "unsupported_rule_part"),
        ("FREQ=YEARLY;COUNT=5", "unsupported_frequency"),
        ("FREQ=SECONDLY;COUNT=5", "unsupported_frequency"),
        ("FREQ=WEEKLY", "end_required"),
        ("FREQ=WEEKLY;COUNT=0", "invalid_count"),
        ("FREQ=WEEKLY;UNTIL=20260901T000000Z", "until_before_start"),
        ("FREQ=WEEKLY;UNTIL=20270101T000000", "unsupported_rule_part"),
        ("FREQ=WEEKLY;COUNT=5;BYDAY=XX", "invalid_recurrence"),
        ("not a rule", "invalid_recurrence"),
        ("", "invalid_recurrence"),
    ] {
        let e = Rule::parse(text, start, PARIS).unwrap_err();
        assert_eq!(e.field, "recurrence", "{text}");
        assert_eq!(e.problem.code(), code, "{text}");
    }
}

fn paris_series() -> Series {
    let rule = Rule::from_input(&weekly_mo_th(), first(), PARIS).unwrap();
    Series::new(PARIS, first(), 60, rule)
}

#[test]
fn a_weekly_series_stays_at_ten_local_across_both_daylight_saving_changes() {
    let s = paris_series();
    let all = s.schedule();
    assert_eq!(all.first().unwrap().starts_at, first());
    // Thursday 1 October 2026, then 30 weeks of Mondays and Thursdays to 29 April 2027.
    assert_eq!(all.len(), 61);
    for o in &all {
        let local = o.starts_at.with_timezone(&PARIS);
        assert_eq!((local.hour(), local.minute()), (10, 0), "{local}");
        assert!(matches!(local.weekday(), Weekday::Mon | Weekday::Thu));
        assert_eq!(o.ends_at - o.starts_at, Duration::minutes(60));
    }
    // In UTC: 08:00 in summer time, 09:00 in winter, 08:00 again from 29 March.
    let utc_hour = |m, d| {
        all.iter()
            .find(|o| {
                let l = o.starts_at.with_timezone(&PARIS);
                (l.month(), l.day()) == (m, d)
            })
            .unwrap()
            .starts_at
            .hour()
    };
    assert_eq!(utc_hour(10, 22), 8);
    assert_eq!(utc_hour(10, 26), 9);
    assert_eq!(utc_hour(3, 25), 9);
    assert_eq!(utc_hour(3, 29), 8);
    assert_eq!(all.last().unwrap().starts_at, paris(2027, 4, 29, 10, 0));
}

#[test]
fn monthly_on_the_second_tuesday_and_on_the_last_friday() {
    let start = paris(2027, 1, 12, 14, 30);
    let rule = Rule::from_input(
        &RecurrenceInput {
            by_day: vec!["2TU".into()],
            count: Some(4),
            ..input("monthly")
        },
        start,
        PARIS,
    )
    .unwrap();
    let days: Vec<_> = Series::new(PARIS, start, 60, rule)
        .schedule()
        .iter()
        .map(|o| o.starts_at.with_timezone(&PARIS).naive_local().to_string())
        .collect();
    assert_eq!(
        days,
        [
            "2027-01-12 14:30:00",
            "2027-02-09 14:30:00",
            "2027-03-09 14:30:00",
            "2027-04-13 14:30:00"
        ]
    );

    let start = paris(2027, 1, 29, 9, 0);
    let rule = Rule::from_input(
        &RecurrenceInput {
            by_day: vec!["-1fr".into()],
            until: Some("2027-05-31".into()),
            ..input("monthly")
        },
        start,
        PARIS,
    )
    .unwrap();
    assert_eq!(
        rule.to_rrule(PARIS),
        "FREQ=MONTHLY;UNTIL=20270531T215959Z;BYDAY=-1FR"
    );
    let days: Vec<u32> = Series::new(PARIS, start, 60, rule)
        .schedule()
        .iter()
        .map(|o| o.starts_at.with_timezone(&PARIS).day())
        .collect();
    assert_eq!(days, [29, 26, 26, 30, 28]);
}

#[test]
fn windows_next_occurrence_and_reminder_horizon() {
    let s = paris_series();
    let from = paris(2026, 10, 19, 0, 0);
    let week: Vec<_> = s
        .occurrences_between(from, from + Duration::weeks(1))
        .iter()
        .map(|o| o.starts_at)
        .collect();
    assert_eq!(
        week,
        [paris(2026, 10, 19, 10, 0), paris(2026, 10, 22, 10, 0)]
    );

    assert_eq!(
        s.next_at_or_after(paris(2026, 10, 19, 10, 0)).unwrap().id,
        paris(2026, 10, 19, 10, 0)
    );
    assert_eq!(
        s.next_at_or_after(paris(2026, 10, 19, 10, 1)).unwrap().id,
        paris(2026, 10, 22, 10, 0)
    );
    assert_eq!(s.next_at_or_after(paris(2027, 4, 29, 10, 1)), None);

    let horizon = s.reminder_horizon(from, Duration::weeks(8));
    assert_eq!(horizon.len(), 16);
    assert!(
        horizon
            .iter()
            .all(|o| o.starts_at < from + Duration::weeks(8))
    );
}

#[test]
fn the_room_opens_in_each_occurrences_join_window_only() {
    let s = paris_series();
    let slot = RoomSlot {
        room: "seminar".into(),
        subject: "Seminar".into(),
        starts_at: first(),
        ends_at: first() + Duration::minutes(60),
        status: MeetingStatus::Scheduled,
    };
    let monday = paris(2026, 10, 26, 10, 0); // first Monday in winter time
    // 15 minutes before: open, bounded by this occurrence.
    let (o, a) = s.room_access(&slot, 15, 5, monday - Duration::minutes(15));
    assert_eq!(o.unwrap().id, monday);
    assert_eq!(
        a,
        Access::Open(JoinWindow {
            opens: monday - Duration::minutes(15),
            closes: monday + Duration::minutes(65),
        })
    );
    // Between occurrences: not yet, with the next window's opening.
    let (o, a) = s.room_access(&slot, 15, 5, monday + Duration::minutes(65));
    let thursday = paris(2026, 10, 29, 10, 0);
    assert_eq!(o.unwrap().id, thursday);
    assert_eq!(
        a,
        Access::NotYet {
            opens: thursday - Duration::minutes(15)
        }
    );
    // After the last: over.
    let (o, a) = s.room_access(&slot, 15, 5, paris(2027, 5, 1, 0, 0));
    assert_eq!((o, a), (None, Access::Over));
    // A cancelled series never opens.
    let cancelled = RoomSlot {
        status: MeetingStatus::Cancelled,
        ..slot
    };
    assert_eq!(
        s.room_access(&cancelled, 15, 5, monday).1,
        Access::Cancelled
    );
}

#[test]
fn cancelled_and_moved_occurrences() {
    let mut s = paris_series();
    let cancelled = paris(2026, 10, 26, 10, 0);
    let moved = paris(2026, 10, 29, 10, 0);
    s.cancel(cancelled).unwrap();
    let m = s
        .move_occurrence(moved, paris(2026, 10, 30, 14, 0), 90)
        .unwrap();
    assert_eq!(m.sequence, 1);
    assert_eq!(
        s.move_occurrence(moved, paris(2026, 10, 30, 15, 0), 90)
            .unwrap()
            .sequence,
        2
    );
    assert_eq!(
        s.cancel(paris(2026, 10, 27, 10, 0)),
        Err(SeriesError::NotAnOccurrence(paris(2026, 10, 27, 10, 0)))
    );
    assert_eq!(
        s.move_occurrence(moved, moved, 0),
        Err(SeriesError::EmptyDuration)
    );

    let week = s.occurrences_between(paris(2026, 10, 26, 0, 0), paris(2026, 11, 2, 0, 0));
    assert_eq!(week.len(), 1);
    assert_eq!(week[0].id, moved);
    assert_eq!(week[0].starts_at, paris(2026, 10, 30, 15, 0));
    assert_eq!(week[0].ends_at, paris(2026, 10, 30, 16, 30));
    assert_eq!(week[0].moved, Some(2));
    // The page still lists the cancelled one.
    let listed = s.schedule();
    assert_eq!(listed.len(), 61);
    assert!(listed.iter().any(|o| o.id == cancelled && o.cancelled));
    // A cancelled occurrence's window never opens: the next one's does.
    let slot = RoomSlot {
        room: "r".into(),
        subject: "s".into(),
        starts_at: first(),
        ends_at: first(),
        status: MeetingStatus::Scheduled,
    };
    let (o, _) = s.room_access(&slot, 15, 0, cancelled);
    assert_eq!(o.unwrap().id, moved);
}

fn split_case(given: RecurrenceInput) {
    let rule = Rule::from_input(&given, first(), PARIS).unwrap();
    let mut s = Series::new(PARIS, first(), 60, rule);
    let all: Vec<_> = s.original_starts().collect();
    s.cancel(all[2]).unwrap();
    s.cancel(all[7]).unwrap();
    s.move_occurrence(all[9], all[9] + Duration::hours(2), 60)
        .unwrap();
    let at = all[5];
    assert_eq!(s.split_at(all[0]), Err(SeriesError::SplitAtFirst));
    let Split { before, after } = s.split_at(at).unwrap();
    let b: Vec<_> = before.original_starts().collect();
    let a: Vec<_> = after.original_starts().collect();
    assert_eq!(b, all[..5]);
    assert_eq!(a, all[5..]);
    assert_eq!(after.first_start, at);
    assert_eq!(before.exceptions.cancelled.len(), 1);
    assert_eq!(after.exceptions.cancelled.len(), 1);
    assert_eq!(after.exceptions.moved.len(), 1);
    // Both halves are rules jmb accepts, and they round-trip through their RRULEs.
    for half in [&before, &after] {
        let text = half.rule.to_rrule(PARIS);
        assert_eq!(
            Rule::parse(&text, half.first_start, PARIS).unwrap(),
            half.rule
        );
    }
    let mut answers = Answers::new(PartStat::Accepted);
    answers.answer(all[4], PartStat::Declined);
    answers.answer(all[5], PartStat::Declined);
    let (a_before, a_after) = answers.split_at(at);
    assert_eq!(a_before.effective(all[4]), PartStat::Declined);
    assert_eq!(a_before.occurrences.len(), 1);
    assert_eq!(a_after.effective(all[5]), PartStat::Declined);
    assert_eq!(a_after.occurrences.len(), 1);
    assert_eq!(a_after.series, PartStat::Accepted);
    let live = |s: &Series| s.schedule().into_iter().filter(|o| !o.cancelled).count();
    assert_eq!(live(&before) + live(&after), live(&s));
}

#[test]
fn splitting_this_and_all_following_keeps_every_occurrence_once() {
    split_case(weekly_mo_th());
    split_case(RecurrenceInput {
        until: None,
        count: Some(20),
        ..weekly_mo_th()
    });
    let rule = Rule::from_input(
        &RecurrenceInput {
            until: None,
            count: Some(20),
            ..weekly_mo_th()
        },
        first(),
        PARIS,
    )
    .unwrap();
    let s = Series::new(PARIS, first(), 60, rule);
    let at = s.original_starts().nth(5).unwrap();
    let split = s.split_at(at).unwrap();
    assert_eq!(split.before.rule.end, End::Count(5));
    assert_eq!(split.after.rule.end, End::Count(15));
}

#[test]
fn answers_per_occurrence_and_reminders_that_skip_declined_ones() {
    let s = paris_series();
    let all = s.schedule();
    let mut answers = Answers::new(PartStat::Accepted);
    answers.answer(all[1].id, PartStat::Declined);
    answers.answer(all[2].id, PartStat::Accepted);
    assert_eq!(answers.effective(all[0].id), PartStat::Accepted);
    assert_eq!(answers.effective(all[1].id), PartStat::Declined);
    assert_eq!(
        answers.differing().collect::<Vec<_>>(),
        [(all[1].id, PartStat::Declined)]
    );
    assert_eq!(answers.reminder_skips(&all[..4]), [all[1].id]);

    // Declining the series, then accepting one Tuesday.
    answers.answer_series(PartStat::Declined);
    answers.answer(all[3].id, PartStat::Accepted);
    assert_eq!(
        answers.reminder_skips(&all[..4]),
        [all[0].id, all[1].id, all[2].id]
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const ZONES: [Tz; 5] = [
        chrono_tz::Europe::Paris,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Sydney,
        chrono_tz::America::Santiago,
        chrono_tz::Asia::Kolkata,
    ];
    const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    fn any_input() -> impl Strategy<Value = RecurrenceInput> {
        let weekly = (1i64..4, proptest::sample::subsequence(DAYS.to_vec(), 1..4)).prop_map(
            |(interval, days)| RecurrenceInput {
                interval: Some(interval),
                by_day: days.into_iter().map(String::from).collect(),
                ..input("weekly")
            },
        );
        let nth =
            (1i64..3, prop_oneof![1i64..5, Just(-1)], 0usize..7).prop_map(|(interval, n, d)| {
                RecurrenceInput {
                    interval: Some(interval),
                    by_day: vec![format!("{n}{}", DAYS[d])],
                    ..input("monthly")
                }
            });
        let day =
            (1i64..3, prop_oneof![1i64..29, Just(-1)]).prop_map(|(interval, d)| RecurrenceInput {
                interval: Some(interval),
                by_month_day: vec![d],
                ..input("monthly")
            });
        let daily = (1i64..10).prop_map(|interval| RecurrenceInput {
            interval: Some(interval),
            ..input("daily")
        });
        (
            prop_oneof![weekly, nth, day, daily],
            prop_oneof![
                (1i64..60).prop_map(|n| (None, Some(n))),
                (1i64..600).prop_map(|d| (Some(d), None))
            ],
        )
            .prop_map(|(mut given, (days, count))| {
                given.count = count;
                given.until = days.map(|d| {
                    (NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + Duration::days(d)).to_string()
                });
                given
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn accepted_rules_round_trip_and_keep_their_local_time(
            given in any_input(),
            zone in 0usize..ZONES.len(),
            hour in 7u32..20,
        ) {
            let tz = ZONES[zone];
            // The first day from 1 January 2027 on which the rule, started then at `hour`
            // local, is accepted: the first start must be one of its days.
            let probe = tz.with_ymd_and_hms(2027, 1, 1, hour, 0, 0).unwrap().with_timezone(&Utc);
            let start = (0..62)
                .map(|d| probe + Duration::days(d))
                .find(|t| Rule::from_input(&given, *t, tz).is_ok());
            // Rules whose days never come within two months (say, the 31st every second
            // month) or that run too long are refused, as the other tests show.
            let Some(start) = start else { return Ok(()); };
            if std::env::var_os("JMB_PROPTEST_STATS").is_some() {
                eprintln!("accepted {given:?}");
            }
            let rule = Rule::from_input(&given, start, tz).unwrap();
            prop_assert_eq!(Rule::parse(&rule.to_rrule(tz), start, tz).unwrap(), rule.clone());
            let series = Series::new(tz, start, 45, rule);
            let all = series.schedule();
            prop_assert!(!all.is_empty() && all.len() <= MAX_OCCURRENCES);
            prop_assert_eq!(all[0].starts_at, start);
            for o in &all {
                let local = o.starts_at.with_timezone(&tz);
                prop_assert_eq!((local.hour(), local.minute()), (hour, 0), "{}", local);
            }
        }
    }
}

#[test]
fn a_series_whose_time_falls_into_the_spring_gap_is_refused() {
    let e = Rule::from_input(
        &RecurrenceInput {
            by_day: vec!["TH".into(), "SU".into()],
            until: Some("2027-04-30".into()),
            ..input("weekly")
        },
        paris(2027, 3, 18, 2, 15),
        PARIS,
    )
    .unwrap_err();
    assert_eq!(
        e,
        [RecurrenceError {
            field: "recurrence".into(),
            problem: RecurrenceProblem::NonexistentLocalTime {
                date: NaiveDate::from_ymd_opt(2027, 3, 28).unwrap()
            }
        }]
    );
}

#[test]
fn a_series_whose_time_happens_twice_on_the_autumn_change_is_refused() {
    let e = Rule::from_input(
        &RecurrenceInput {
            count: Some(3),
            ..input("weekly")
        },
        paris(2026, 10, 18, 2, 30),
        PARIS,
    )
    .unwrap_err();
    assert_eq!(e[0].field, "recurrence");
    assert_eq!(
        e[0].problem,
        RecurrenceProblem::AmbiguousLocalTime {
            date: NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        }
    );
}

#[test]
fn the_reminder_horizon_extends_as_time_passes_without_planning_twice() {
    let s = paris_series();
    let eight = Duration::weeks(8);
    let now = paris(2026, 10, 19, 0, 0);
    let (first, until) = s.extend_horizon(None, now, eight);
    assert_eq!(first.len(), 16);
    assert_eq!(until, now + eight);
    // The same pass again plans nothing; four days later, only the days that came into view.
    assert_eq!(s.extend_horizon(Some(until), now, eight).0, []);
    let later = now + Duration::days(4);
    let (more, until2) = s.extend_horizon(Some(until), later, eight);
    assert_eq!(until2, later + eight);
    assert_eq!(
        more.iter().map(|o| o.id).collect::<Vec<_>>(),
        [paris(2026, 12, 14, 10, 0), paris(2026, 12, 17, 10, 0)]
    );
    assert!(
        more.iter()
            .all(|o| o.starts_at >= until && o.starts_at < until2)
    );
}

#[test]
fn room_events_belong_to_the_occurrence_whose_window_holds_them() {
    let mut s = paris_series();
    let monday = paris(2026, 10, 26, 10, 0);
    assert_eq!(
        s.occurrence_at(monday - Duration::minutes(10), 15, 5)
            .map(|o| o.id),
        Some(monday)
    );
    assert_eq!(
        s.occurrence_at(monday + Duration::minutes(64), 15, 5)
            .map(|o| o.id),
        Some(monday)
    );
    assert_eq!(s.occurrence_at(monday + Duration::minutes(66), 15, 5), None);
    assert_eq!(s.occurrence_at(monday - Duration::minutes(16), 15, 5), None);
    // A moved occurrence is found at its new time, not at its old one.
    let thursday = paris(2026, 10, 29, 10, 0);
    s.move_occurrence(thursday, paris(2026, 10, 30, 15, 0), 60)
        .unwrap();
    assert_eq!(s.occurrence_at(thursday, 15, 5), None);
    assert_eq!(
        s.occurrence_at(paris(2026, 10, 30, 15, 30), 15, 5)
            .map(|o| o.id),
        Some(thursday)
    );
}

#[test]
fn a_stored_until_at_any_time_of_day_keeps_its_meaning() {
    // The series is at 10:00 in Paris (08:00 UTC in October); UNTIL is inclusive.
    let count = |until: &str| {
        let rule = Rule::parse(
            &format!("FREQ=WEEKLY;UNTIL={until};BYDAY=MO,TH"),
            first(),
            PARIS,
        )
        .unwrap();
        let direct = rrule::RRuleSet::from_str(&format!(
            "DTSTART;TZID=Europe/Paris:20261001T100000\nRRULE:FREQ=WEEKLY;UNTIL={until};BYDAY=MO,TH"
        ))
        .unwrap()
        .all(100)
        .dates
        .len();
        let ours = Series::new(PARIS, first(), 60, rule).schedule().len();
        assert_eq!(ours, direct, "{until}");
        ours
    };
    assert_eq!(count("20261015T080000Z"), 5);
    assert_eq!(count("20261015T075959Z"), 4);
    assert_eq!(count("20261015T215959Z"), 5);
}

#[test]
fn a_calendar_clients_recurrence_id_names_the_occurrence_in_every_shape() {
    let mut s = paris_series();
    // Monday 30 November 2026, 10:00 in Paris (winter time): 09:00 UTC.
    let monday = paris(2026, 11, 30, 10, 0);
    let read = |v: &str, tz: Option<&str>| s.recurrence_id_of(v, tz);
    assert_eq!(read("20261130T090000Z", None), Some(monday));
    // Lightning: local time with its TZID; Berlin shares Paris' offsets.
    assert_eq!(read("20261130T100000", Some("Europe/Berlin")), Some(monday));
    // No zone, or one jmb does not know (Outlook's names): the series' own zone.
    assert_eq!(read("20261130T100000", None), Some(monday));
    assert_eq!(
        read("20261130T100000", Some("W. Europe Standard Time")),
        Some(monday)
    );
    // A date alone: that day's occurrence; a day without one names none.
    assert_eq!(read("20261130", None), Some(monday));
    assert_eq!(read("20261201", None), None);
    assert_eq!(read("tomorrow", None), None);

    assert_eq!(s.answerable(monday), Ok(()));
    assert_eq!(
        s.answerable(monday + Duration::hours(1)),
        Err(Unanswerable::NotAnOccurrence)
    );
    s.cancel(monday).unwrap();
    assert_eq!(s.answerable(monday), Err(Unanswerable::Cancelled));
}

#[test]
fn answering_the_series_again_keeps_the_answers_to_single_occurrences() {
    let s = paris_series();
    let all = s.schedule();
    let mut answers = Answers::new(PartStat::Accepted);
    answers.answer(all[1].id, PartStat::Declined);
    answers.answer(all[2].id, PartStat::Tentative);
    answers.answer_series(PartStat::Tentative);
    assert_eq!(answers.effective(all[1].id), PartStat::Declined);
    // The same as the series' answer now: no exception any more.
    assert_eq!(
        answers.differing().collect::<Vec<_>>(),
        [(all[1].id, PartStat::Declined)]
    );
}

#[test]
fn the_occurrence_a_list_shows_is_the_one_under_way_or_the_next_one_taking_place() {
    let mut s = paris_series();
    // Under way (the series' meetings last an hour): still that one.
    assert_eq!(
        s.current_or_next(paris(2026, 10, 19, 10, 30)).unwrap().id,
        paris(2026, 10, 19, 10, 0)
    );
    assert_eq!(
        s.current_or_next(paris(2026, 10, 19, 11, 0)).unwrap().id,
        paris(2026, 10, 22, 10, 0)
    );
    // A cancelled one is skipped, a moved one is shown at its new time.
    s.cancel(paris(2026, 10, 22, 10, 0)).unwrap();
    s.move_occurrence(paris(2026, 10, 26, 10, 0), paris(2026, 10, 27, 15, 0), 60)
        .unwrap();
    let next = s.current_or_next(paris(2026, 10, 19, 11, 0)).unwrap();
    assert_eq!(
        (next.id, next.starts_at),
        (paris(2026, 10, 26, 10, 0), paris(2026, 10, 27, 15, 0))
    );
    assert_eq!(s.current_or_next(paris(2027, 5, 1, 0, 0)), None);
}

#[test]
fn a_rule_on_the_start_s_day_follows_a_moved_start_and_others_stay() {
    let tuesday = PARIS.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    let wednesday = PARIS.with_ymd_and_hms(2026, 12, 2, 11, 0, 0).unwrap();
    let rule = |input: RecurrenceInput| {
        Rule::from_input(&input, tuesday.with_timezone(&Utc), PARIS).unwrap()
    };
    let weekly = rule(RecurrenceInput {
        by_day: vec!["TU".into()],
        count: Some(4),
        ..input("weekly")
    });
    assert_eq!(
        weekly.follow_start(&tuesday, &wednesday).pattern,
        Pattern::Weekly(vec![Weekday::Wed])
    );
    let monthly = rule(RecurrenceInput {
        count: Some(4),
        ..input("monthly")
    });
    assert_eq!(
        monthly.follow_start(&tuesday, &wednesday).pattern,
        Pattern::MonthDay(2)
    );
    let first_tuesday = rule(RecurrenceInput {
        by_day: vec!["1TU".into()],
        count: Some(4),
        ..input("monthly")
    });
    assert_eq!(
        first_tuesday.follow_start(&tuesday, &wednesday).pattern,
        Pattern::MonthWeekday {
            nth: 1,
            day: Weekday::Wed
        }
    );
    // Two days a week, or daily: the start moves within the rule, which stays.
    let twice = rule(RecurrenceInput {
        by_day: vec!["TU".into(), "TH".into()],
        count: Some(4),
        ..input("weekly")
    });
    assert_eq!(twice.follow_start(&tuesday, &wednesday), twice);
    let daily = rule(RecurrenceInput {
        count: Some(4),
        ..input("daily")
    });
    assert_eq!(daily.follow_start(&tuesday, &wednesday), daily);
}
