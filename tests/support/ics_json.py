#!/usr/bin/env python3
"""Parse an iCalendar object from stdin with Python's `icalendar` (an independent parser) and
print what a calendar client would see, as JSON. Exit 1 with the parser's message if it fails.

  ics_json.py < meeting.ics
"""
import json, sys
import icalendar

def text(v):
    return None if v is None else str(v)

def params(prop):
    return {k.lower(): str(v) for k, v in getattr(prop, "params", {}).items()}

def address(prop):
    if prop is None:
        return None
    return {"value": str(prop), **params(prop)}

def main():
    raw = sys.stdin.buffer.read()
    try:
        cal = icalendar.Calendar.from_ical(raw)
    except Exception as e:  # the message is the test's evidence
        print(f"parse error: {e}", file=sys.stderr)
        sys.exit(1)
    events = []
    for ev in cal.walk("VEVENT"):
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            "uid": text(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "summary": text(ev.get("SUMMARY")),
            "description": text(ev.get("DESCRIPTION")),
            "location": text(ev.get("LOCATION")),
            "url": text(ev.get("URL")),
            "status": text(ev.get("STATUS")),
            "dtstart": ev.decoded("DTSTART").isoformat() if ev.get("DTSTART") else None,
            "dtend": ev.decoded("DTEND").isoformat() if ev.get("DTEND") else None,
            "dtstamp": ev.decoded("DTSTAMP").isoformat() if ev.get("DTSTAMP") else None,
            "organizer": address(ev.get("ORGANIZER")),
            "attendees": [address(a) for a in attendees],
        })
    print(json.dumps({
        "method": text(cal.get("METHOD")),
        "prodid": text(cal.get("PRODID")),
        "version": text(cal.get("VERSION")),
        "events": events,
    }))

if __name__ == "__main__":
    main()
