// Occurrences of the recurring VEVENT in an iCalendar file as ical.js (Thunderbird's engine)
// expands them: the calendar's own VTIMEZONEs registered (ical.js knows no zones of its own),
// overrides related to the master, EXDATEs applied by its iterator. Prints `START END` per
// occurrence in UTC (YYYYMMDDTHHMMSSZ), sorted.
import fs from 'node:fs';
import ICAL from 'ical.js';

const stamp = (t) => t.toJSDate().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], 'utf8')));
for (const vtz of cal.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
}
const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const master = events.find((e) => !e.isRecurrenceException());
for (const e of events) if (e.isRecurrenceException()) master.relateException(e);
const rows = [];
const it = master.iterator();
for (let next = it.next(), n = 0; next && n < 10000; next = it.next(), n++) {
  const d = master.getOccurrenceDetails(next);
  if (d.startDate.zone.tzid !== 'UTC' && d.startDate.zone === ICAL.Timezone.localTimezone) {
    throw new Error('floating time: the TZID was not resolved');
  }
  rows.push(`${stamp(d.startDate)} ${stamp(d.endDate)}`);
}
rows.sort();
for (const r of rows) console.log(r);
