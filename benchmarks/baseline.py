"""The naive baseline: what the series feeds cost with icalendar used plainly.

``python -m benchmarks.baseline FEEDS`` reads and checks the feeds with the
project's own load and validate stages (not timed), then, timed, builds for
each series one ``Calendar`` holding one ``Event`` per session made with
``.add`` for every property, calls ``add_missing_timezones()`` and
``to_ical()``. It prints one JSON object: the timed seconds (and how much of
them went to time zones and to serialising) and the session count. Only the
series feeds are built: no races-only, combined or collection feeds, no JSON,
no HTML, nothing written to disk.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from icalendar import Calendar, Event

from generator.load import load
from generator.model import Series
from generator.validate import validate


def naive_feed(series: Series, stamp: dt.datetime) -> tuple[bytes, float, float]:
    """One series' .ics; also the seconds spent on time zones and on to_ical."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench.example.org//Naive baseline//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", series.name)
    for event in series.events:
        venue = event.venue
        for session in event.sessions:
            component = Event()
            component.add("uid", f"{series.slug}.{event.id}.{session.id}@bench.example.org")
            component.add("dtstamp", stamp)
            if session.start is None:
                component.add("dtstart", session.date)
                component.add("dtend", session.date + dt.timedelta(days=1))
            else:
                component.add("dtstart", session.start)
                if session.end is not None:
                    component.add("dtend", session.end)
            component.add("summary", f"{series.short_name} · {event.name} · {session.name}")
            component.add("location", f"{venue.name}, {venue.locality}, {venue.country}")
            component.add("geo", (venue.latitude, venue.longitude))
            component.add("url", event.url or series.url)
            component.add(
                "description",
                "\n".join((f"{event.name} · {session.name}", f"Status: {session.status}", "Sources:", *event.sources)),
            )
            component.add("categories", [series.short_name, session.kind.capitalize()])
            component.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
            component.add("sequence", 0)
            component.add("last-modified", stamp)
            calendar.add_component(component)
    started = time.perf_counter()
    calendar.add_missing_timezones()
    zones = time.perf_counter() - started
    started = time.perf_counter()
    body = calendar.to_ical()
    return body, zones, time.perf_counter() - started


def run(feeds_dir: Path) -> dict[str, float | int]:
    model = validate(load(feeds_dir))
    stamp = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    sessions = sum(len(event.sessions) for series in model.series for event in series.events)
    zones = serialise = 0.0
    size = 0
    started = time.perf_counter()
    for series in model.series:
        body, zone_seconds, ical_seconds = naive_feed(series, stamp)
        zones += zone_seconds
        serialise += ical_seconds
        size += len(body)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "timezones_seconds": zones,
        "to_ical_seconds": serialise,
        "sessions": sessions,
        "series": len(model.series),
        "bytes": size,
    }


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]))))
