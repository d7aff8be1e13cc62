"""The change report, reading: a built site's ``.ics`` feeds as subscribers see them.

Both sides of a comparison are read back from the feeds with icalendar: the
``.ics`` files are the contract, nothing here looks at the YAML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from icalendar import Calendar, Component, vText

MARKS = re.compile(r"(?: \((?:time TBC|cancelled|postponed)\))+$")
# Properties compared one by one below, or rewritten by every build.
COMPARED = {"UID", "SUMMARY", "DTSTART", "DTEND", "LOCATION", "STATUS", "DESCRIPTION", "DTSTAMP", "LAST-MODIFIED"}
KINDS = (
    "new series",
    "new feed",
    "feed removed",
    "feed renamed",
    "feed description changed",
    "new venue",
    "venue zone changed",
    "added",
    "removed",
    "cancelled",
    "status changed",
    "re-timed",
    "renamed",
    "moved venue",
    "details changed",
)
FORMATS = ("text", "markdown")

Moment = dt.datetime | dt.date
"""A session's start: an aware datetime in the venue's zone, or a date while the time is TBC.
A datetime is also a date: test for ``dt.datetime`` first."""


class DiffError(Exception):
    """A side of the comparison could not be read or built; the message says why."""


@dataclass(frozen=True)
class Session:
    """One VEVENT as a subscriber sees it."""

    uid: str
    label: str
    """SUMMARY without its marks: ``FIA WEC · 6 Hours of Spa · Race``."""
    start: Moment
    end: dt.datetime | None
    """Only a timed session has one."""
    location: str
    zone: str
    """The IANA zone of a timed session's start (its TZID); empty for a time-TBC day."""
    status: str
    """scheduled, tentative, postponed or cancelled."""
    description: str
    details: tuple[tuple[str, bytes], ...]
    """Every other property but the build's timestamps, as written."""


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    description: str
    sessions: dict[str, Session]
    kind: str = ""
    """series, races, class, driver, collection or all, from the feed's ``.json`` beside it (empty without one)."""


@dataclass(frozen=True)
class Change:
    kind: str
    text: str
    warning: str = ""
    when: str = ""
    """Sort key: the session's instant (or day), so changes read in time order."""
    uid: str = ""
    """The session changed; empty for a change of a feed or a venue."""
    feeds: tuple[str, ...] = ()
    """The feeds the change reaches, by file name."""


@dataclass(frozen=True)
class Report:
    """Every change once: to feeds, to venues, to sessions (each listing the feeds it reaches)."""

    feeds: tuple[Change, ...]
    venues: tuple[Change, ...]
    sessions: tuple[Change, ...]

    def changes(self) -> tuple[Change, ...]:
        return self.feeds + self.venues + self.sessions

    def feeds_changed(self) -> int:
        return len({feed for change in self.changes() for feed in change.feeds})


def parse_feed(name: str, data: bytes, kind: str = "") -> Feed:
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise DiffError(f"{name}: not a readable iCalendar file: {error}") from None
    errors = [f"{part.name}: {message}" for part in calendar.walk() for _, message in getattr(part, "errors", [])]
    if errors:
        raise DiffError(f"{name}: not a valid iCalendar file: {'; '.join(errors)}")
    sessions = {}
    for event in calendar.walk("VEVENT"):
        missing = [key for key in ("UID", "DTSTART") if key not in event]
        if missing:
            raise DiffError(f"{name}: an event ({event.get('SUMMARY', 'no SUMMARY')}) has no {' or '.join(missing)}")
        session = _session(name, event)
        sessions[session.uid] = session
    return Feed(
        name,
        _calendar_text(calendar, "NAME", "X-WR-CALNAME"),
        _calendar_text(calendar, "DESCRIPTION", "X-WR-CALDESC"),
        sessions,
        kind,
    )


def _calendar_text(calendar: Calendar, *keys: str) -> str:
    for key in keys:
        if key in calendar:
            value = calendar[key]
            # icalendar 7.3 reads NAME and X-WR-* as unknown properties: still escaped.
            return str(value) if isinstance(value, vText) else str(vText.from_ical(str(value)))
    return ""


def _session(name: str, event: Component) -> Session:
    summary = str(event.get("SUMMARY", ""))
    start = _moment(name, event, "DTSTART")
    end = _moment(name, event, "DTEND") if "DTEND" in event and isinstance(start, dt.datetime) else None
    if end is not None and not isinstance(end, dt.datetime):
        raise DiffError(
            f"{name}: an event ({event.get('SUMMARY', 'no SUMMARY')}) starts at a time but its DTEND is a date"
        )
    ical_status = str(event.get("STATUS", "CONFIRMED")).upper()
    if ical_status == "CANCELLED":
        status = "cancelled"
    elif summary.endswith(" (postponed)"):
        status = "postponed"
    elif ical_status == "TENTATIVE" and isinstance(start, dt.datetime):
        status = "tentative"  # a time-TBC day is always TENTATIVE: not a status of its own
    else:
        status = "scheduled"
    details = tuple(sorted((key, _ical_bytes(value)) for key, value in event.items() if key not in COMPARED))
    zone = str(event["DTSTART"].params.get("TZID", "")) if isinstance(start, dt.datetime) else ""
    return Session(
        str(event["UID"]),
        MARKS.sub("", summary),
        start,
        end,
        str(event.get("LOCATION", "")),
        zone,
        status,
        str(event.get("DESCRIPTION", "")),
        details,
    )


def _moment(name: str, event: Component, key: str) -> Moment:
    value = event.decoded(key)
    if not isinstance(value, dt.date):
        raise DiffError(
            f"{name}: an event ({event.get('SUMMARY', 'no SUMMARY')}) has a {key} that is neither a date nor a date-time"
        )
    return value


def _ical_bytes(value: Any) -> bytes:
    items = [item.to_ical() for item in (value if isinstance(value, list) else [value])]
    return b"\n".join(item if isinstance(item, bytes) else item.encode() for item in items)


def read_site(folder: Path) -> dict[str, Feed]:
    return {
        path.name: parse_feed(path.name, path.read_bytes(), _kind(path.with_suffix(".json")))
        for path in sorted(Path(folder).glob("*.ics"))
    }


def _kind(path: Path) -> str:
    """The feed's kind from its JSON; a site built before the JSON, or without it, gives none."""
    try:
        kind = json.loads(path.read_bytes())["feed"]["kind"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return kind if isinstance(kind, str) else ""
