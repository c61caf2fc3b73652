#!/usr/bin/env python3
"""Occurrences of the recurring VEVENT in an iCalendar file as libical (Evolution's engine)
expands them: the master's RRULE and EXDATEs through foreach_recurrence, in the zone its
VTIMEZONE defines, then each RECURRENCE-ID override replacing its instance, as Evolution does.
Prints `START END` per occurrence in UTC (YYYYMMDDTHHMMSSZ), sorted."""
import sys, time, gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I

def stamp(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))

def timet(comp, kind, value):
    """A DATE-TIME property as time_t, its TZID resolved against the calendar's VTIMEZONEs
    (libical's get_recurrenceid, unlike get_dtstart, leaves that to the caller)."""
    prop = comp.get_first_property(kind)
    tzid = prop.get_parameter_as_string("TZID")
    zone = cal.get_timezone(tzid) if tzid else I.Timezone.get_utc_timezone()
    if zone is None:
        sys.exit(f"no VTIMEZONE for {tzid}")
    return value(prop).as_timet_with_zone(zone)

cal = I.Component.new_from_string(open(sys.argv[1], encoding="utf-8").read())
if cal is None:
    sys.exit("libical could not parse the calendar")
master, overrides = None, []
ev = cal.get_first_component(I.ComponentKind.VEVENT_COMPONENT)
while ev is not None:
    if ev.get_first_property(I.PropertyKind.RECURRENCEID_PROPERTY) is None:
        master = ev
    else:
        overrides.append(ev)
    ev = cal.get_next_component(I.ComponentKind.VEVENT_COMPONENT)
if master is None:
    sys.exit("no master VEVENT")

found = {}
def each(comp, span, _data):
    found[span.get_start()] = span.get_end()

utc = I.Timezone.get_utc_timezone()
master.foreach_recurrence(
    I.Time.new_from_timet_with_zone(0, 0, utc),
    I.Time.new_from_timet_with_zone(4102444800, 0, utc),  # 2100-01-01
    each, None)
P = I.PropertyKind
for o in overrides:
    found.pop(timet(o, P.RECURRENCEID_PROPERTY, I.Property.get_recurrenceid), None)
    start = timet(o, P.DTSTART_PROPERTY, I.Property.get_dtstart)
    found[start] = timet(o, P.DTEND_PROPERTY, I.Property.get_dtend)
for start in sorted(found):
    print(stamp(start), stamp(found[start]))
