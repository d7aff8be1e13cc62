// Reads .ics files with Mozilla's ical.js (Thunderbird's parser) and prints,
// as JSON keyed by file name, what it understood of every VEVENT: uid,
// summary, status, description, location, and start/end as UTC instants
// (ISO 8601, "Z") or, for all-day events, as dates (YYYY-MM-DD).
//
// Each file's VTIMEZONEs are registered with ICAL.TimezoneService, as
// Thunderbird does, so TZIDs resolve only through the feed's own blocks
// (ical.js ships no tz database). Usage: node parse.mjs FILE.ics [...]
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(time) {
  if (time.isDate) {
    const pad = (n, width = 2) => String(n).padStart(width, "0");
    return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function readFile(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  ICAL.TimezoneService.reset();
  const zones = [];
  for (const block of root.getAllSubcomponents("vtimezone")) {
    const zone = new ICAL.Timezone(block);
    ICAL.TimezoneService.register(zone, block.getFirstPropertyValue("tzid"));
    zones.push(zone.tzid);
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const start = component.getFirstProperty("dtstart");
    return {
      uid: event.uid,
      summary: event.summary,
      status: component.getFirstPropertyValue("status"),
      description: event.description,
      location: event.location,
      start: instant(event.startDate),
      end: instant(event.endDate),
      tzid: start.getParameter("tzid") || null,
      zone: event.startDate.zone ? event.startDate.zone.tzid : null,
    };
  });
  return { zones, events };
}

const result = {};
for (const path of process.argv.slice(2)) {
  result[path] = readFile(path);
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
