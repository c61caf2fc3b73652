#!/usr/bin/env python3
"""Occurrences of the events in an iCalendar file as Python's recurring_ical_events expands
them (RRULE, EXDATE, RECURRENCE-ID overrides, VTIMEZONE). Prints `START END` per occurrence in
UTC (YYYYMMDDTHHMMSSZ), sorted."""
import sys, datetime, icalendar, recurring_ical_events

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
utc = datetime.timezone.utc
rows = []
for ev in recurring_ical_events.of(cal).between((1970, 1, 1), (2100, 1, 1)):
    start, end = ev["DTSTART"].dt, ev["DTEND"].dt
    if start.tzinfo is None:
        sys.exit(f"floating time {start}: the TZID was not resolved")
    rows.append((start.astimezone(utc), end.astimezone(utc)))
for start, end in sorted(rows):
    print(start.strftime("%Y%m%dT%H%M%SZ"), end.strftime("%Y%m%dT%H%M%SZ"))
