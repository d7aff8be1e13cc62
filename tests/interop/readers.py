"""Four iCalendar parsers no one here wrote, each reduced to the same plain
reading of every VEVENT, so that their readings can be compared field by field.

A reading is a dict: uid, summary, status, description, location, and start
and end as UTC instants (``2024-10-26T14:00:00Z``) or, for all-day events,
dates (``2024-10-26``). Where an event has no DTEND, RFC 5545 says it ends
when it starts (a date-time) or a day later (a date); a parser that leaves the
end empty is given that end here, one that computes it keeps its own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

from generator.model import Feed, Site
from generator.render import ics as render_ics
from tests.conftest import ROOT

PARSERS = ("icalendar", "vobject", "ical", "ical.js")
ICALJS_SCRIPT = ROOT / "tests" / "js" / "parse.mjs"
FIELDS = ("uid", "summary", "status", "description", "location", "start", "end")
UTC_FORM = "%Y-%m-%dT%H:%M:%SZ"


def when(value: dt.date | dt.datetime) -> str:
    """A DTSTART/DTEND value as compared: a UTC instant, or a date when all-day."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise AssertionError(f"floating time {value} (no zone): clients would guess its zone")
        return value.astimezone(dt.UTC).strftime(UTC_FORM)
    return value.isoformat()


def default_end(start: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(start, dt.datetime):
        return start
    return start + dt.timedelta(days=1)


def expected_readings(feed: Feed, site: Site) -> list[dict[str, str]]:
    """What every parser must read, computed from the model (the validated YAML)."""
    readings = []
    for entry in feed.entries:
        session = entry.session
        if session.start is None:
            start, end = session.date, session.final_date + dt.timedelta(days=1)
        else:
            start, end = session.start, session.end or session.start
        readings.append(
            {
                "uid": render_ics.uid(entry, site),
                "summary": render_ics.summary(entry),
                "status": render_ics.ical_status(session),
                "description": render_ics.description(entry),
                "location": entry.event.venue.place,
                "start": when(start),
                "end": when(end),
            }
        )
    return readings


# -- the parsers ------------------------------------------------------------


def read_icalendar(data: bytes) -> list[dict[str, str]]:
    calendar = icalendar.Calendar.from_ical(data)
    errors = [(component.name, error) for component in calendar.walk() for error in component.errors]
    assert not errors, f"icalendar reported errors: {errors}"
    readings = []
    for event in calendar.walk("VEVENT"):
        readings.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "status": str(event["STATUS"]),
                "description": str(event["DESCRIPTION"]),
                "location": str(event["LOCATION"]),
                "start": when(event.start),
                "end": when(event.end),
            }
        )
    return readings


def read_vobject(data: bytes) -> list[dict[str, str]]:
    calendar = vobject.readOne(data.decode("utf-8"), validate=True)
    readings = []
    for event in calendar.contents.get("vevent", []):  # (vevent_list raises on a calendar without events)
        start = event.dtstart.value
        end = event.dtend.value if hasattr(event, "dtend") else default_end(start)
        readings.append(
            {
                "uid": event.uid.value,
                "summary": event.summary.value,
                "status": event.status.value,
                "description": event.description.value,
                "location": event.location.value,
                "start": when(start),
                "end": when(end),
            }
        )
    return readings


def read_ical(data: bytes) -> list[dict[str, str]]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    readings = []
    for event in calendar.events:
        readings.append(
            {
                "uid": event.uid,
                "summary": event.summary,
                "status": event.status.value if event.status else "",
                "description": event.description,
                "location": event.location,
                "start": when(event.dtstart),
                "end": when(event.end),
            }
        )
    return readings


def read_icaljs(paths: list[Path], node: str) -> dict[Path, list[dict[str, str]]]:
    """Every file through ical.js in one node process (see tests/js/parse.mjs)."""
    result = subprocess.run(
        [node, str(ICALJS_SCRIPT), *map(str, paths)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"ical.js failed:\n{result.stderr}"
    by_file = json.loads(result.stdout)
    return {path: [{key: event[key] for key in FIELDS} for event in by_file[str(path)]["events"]] for path in paths}


def forget_zones() -> None:
    """Start as a new client: drop the VTIMEZONEs icalendar and vobject keep by
    TZID for the life of the process (the first block read for a TZID is
    used for every later calendar naming it, even from another site)."""
    caches = [vars(icalendar.timezone.tzp)["_TZP__tz_cache"], vars(vobject.icalendar)["__tzidMap"]]
    for cache in caches:
        assert isinstance(cache, dict)
        cache.clear()


def read_python(parser: str, data: bytes) -> list[dict[str, str]]:
    return {"icalendar": read_icalendar, "vobject": read_vobject, "ical": read_ical}[parser](data)


# -- private TZIDs ----------------------------------------------------------

_TZID = re.compile(rb"(TZID[:=])([^:;\r\n]+)")


def rename_tzids(data: bytes, prefix: str = "X-Test/") -> bytes:
    """Every TZID (VTIMEZONE and parameters) renamed to X-Test/<name>, so that
    no parser can look the zone up in its own database and must use ours.
    Lines without a TZID keep their bytes; the others are folded again.

    (icalendar caches a VTIMEZONE by TZID for the life of the process: a
    test that alters the blocks must also use another prefix.)"""
    out = []
    for physical in content_lines(data):
        line = physical.replace(b"\r\n ", b"")
        if b"TZID" in line:
            out.append(fold(_TZID.sub(lambda m: m.group(1) + prefix.encode() + m.group(2), line)))
        else:
            out.append(physical)
    return b"".join(out)


def content_lines(data: bytes) -> list[bytes]:
    """The content lines as written (folded, each with its CRLF)."""
    lines: list[bytes] = []
    for physical in data.split(b"\r\n")[:-1]:
        if physical.startswith(b" ") and lines:
            lines[-1] += physical + b"\r\n"
        else:
            lines.append(physical + b"\r\n")
    return lines


def fold(line: bytes) -> bytes:
    """One content line (unfolded, without CRLF) folded at 75 octets without splitting a UTF-8 character."""
    parts = []
    while len(line) > 75:
        cut = 75
        while (line[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(line[:cut])
        line = b" " + line[cut:]
    parts.append(line)
    return b"\r\n".join(parts) + b"\r\n"
