#!/usr/bin/env python3
"""Occurrences of the events in an iCalendar file as Python's recurring_ical_events expands
them (overrides with RECURRENCE-ID replace their instance), each with its attendees' answers.
Prints `START address=PARTSTAT …` per occurrence, START in UTC (YYYYMMDDTHHMMSSZ), sorted;
addresses without `mailto:`, in the order the event lists them."""
import sys, datetime, icalendar, recurring_ical_events

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
utc = datetime.timezone.utc
rows = []
for ev in recurring_ical_events.of(cal).between((1970, 1, 1), (2100, 1, 1)):
    start = ev["DTSTART"].dt
    if start.tzinfo is None:
        sys.exit(f"floating time {start}: the TZID was not resolved")
    attendees = ev.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    answers = [
        f"{str(a).removeprefix('mailto:').removeprefix('MAILTO:')}={a.params.get('PARTSTAT', 'NEEDS-ACTION')}"
        for a in attendees
    ]
    rows.append((start.astimezone(utc), answers))
for start, answers in sorted(rows):
    print(start.strftime("%Y%m%dT%H%M%SZ"), *answers)
