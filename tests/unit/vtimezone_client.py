"""Read a VTIMEZONE the way a calendar client does, to check it against tzdata.

Each observance (STANDARD or DAYLIGHT) starts at its DTSTART and again at
every RRULE and RDATE occurrence; the local onset is read in TZOFFSETFROM, so
the onset instant is ``local - TZOFFSETFROM`` (RFC 5545 3.6.5). From then on
TZOFFSETTO is in force. This code shares nothing with generator/vtimezone.py.
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import cache

import icalendar
import pytz
from dateutil import rrule

UTC = dt.UTC


class ClientZone:
    """The offsets one VTIMEZONE gives, as a client computes them."""

    def __init__(self, component: icalendar.Timezone, until: dt.datetime) -> None:
        """``until``: expand rules up to this (UTC) moment."""
        self.tzid = str(component["TZID"])
        onsets: list[tuple[dt.datetime, dt.timedelta]] = []
        self.observances = list(component.subcomponents)
        for observance in self.observances:
            local_start = observance["DTSTART"].dt
            assert isinstance(local_start, dt.datetime) and local_start.tzinfo is None, (
                f"{self.tzid}: DTSTART must be a local date-time"
            )
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
            locals_ = [local_start]
            if "RRULE" in observance:
                rule = rrule.rrulestr(observance["RRULE"].to_ical().decode(), dtstart=local_start)
                locals_ = list(rule.between(local_start, until.replace(tzinfo=None), inc=True))
            for rdate in _rdates(observance):
                locals_.append(rdate)
            onsets.extend(((local - offset_from).replace(tzinfo=UTC), offset_to) for local in locals_)
        onsets.sort()
        self.onset_times = [instant for instant, _ in onsets]
        self.onset_offsets = [offset for _, offset in onsets]

    def offset_at(self, instant: dt.datetime) -> dt.timedelta:
        """The UTC offset in force at an aware instant."""
        index = bisect.bisect_right(self.onset_times, instant.astimezone(UTC)) - 1
        if index < 0:
            raise AssertionError(
                f"{self.tzid}: {instant} is before the first onset {self.onset_times[0]}; the VTIMEZONE does not cover it"
            )
        return self.onset_offsets[index]

    def to_utc(self, local: dt.datetime) -> set[dt.datetime]:
        """The instants a wall time written as ``DTSTART;TZID=...:local`` can
        stand for: those whose offset, added to them, gives that wall time.
        Exactly one for a wall time that is neither in a gap nor in a fold."""
        return {
            local.replace(tzinfo=UTC) - offset
            for offset in set(self.onset_offsets)
            if self.offset_at(local.replace(tzinfo=UTC) - offset) == offset
        }


def _rdates(observance: icalendar.cal.Component) -> list[dt.datetime]:
    value = observance.get("RDATE")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [entry.dt for one in values for entry in one.dts]


def client_zones(ics: bytes, until: dt.datetime) -> dict[str, ClientZone]:
    calendar = icalendar.Calendar.from_ical(ics)
    return {zone.tzid: zone for zone in (ClientZone(c, until) for c in calendar.walk("VTIMEZONE"))}


@cache
def tzdata_transitions(zone_name: str, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """The instants (to the second) where the zone's offset changes, found by
    scanning tzdata in 3-hour steps (no zone changes twice within 3 hours)."""
    zone = pytz.timezone(zone_name)
    found = []
    step = dt.timedelta(hours=3)
    moment = start
    before = moment.astimezone(zone).utcoffset()
    while moment < end:
        after = (moment + step).astimezone(zone).utcoffset()
        if after != before:
            low, high = 0, int(step.total_seconds())  # seconds after moment: old offset, new offset
            while high - low > 1:
                middle = (low + high) // 2
                if (moment + dt.timedelta(seconds=middle)).astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            high = moment + dt.timedelta(seconds=high)
            found.append(high)
        before = after
        moment += step
    return found


def hours_to_check(zone_name: str, start: dt.datetime, end: dt.datetime, ordinary_every: int = 23) -> list[dt.datetime]:
    """Every hour from 48 h before to 48 h after each transition, and every
    ``ordinary_every``-th hour of the rest of the span."""
    hour = dt.timedelta(hours=1)
    moments = set()
    for transition in tzdata_transitions(zone_name, start, end):
        base = transition.replace(minute=0, second=0, microsecond=0)
        moments.update(base + k * hour for k in range(-48, 49))
        moments.update(transition + k * hour for k in range(-48, 49))
    total = int((end - start) / hour)
    moments.update(start + k * hour for k in range(0, total, ordinary_every))
    return sorted(m for m in moments if start <= m < end)


def mismatches(client: ClientZone, zone_name: str, start: dt.datetime, end: dt.datetime) -> list[str]:
    """Hours where the VTIMEZONE and tzdata disagree, both ways: the offset at
    an instant, and the instant a venue-local wall time stands for."""
    zone = pytz.timezone(zone_name)
    wrong = []
    for moment in hours_to_check(zone_name, start, end):
        expected = moment.astimezone(zone).utcoffset()
        got = client.offset_at(moment)
        if got != expected:
            wrong.append(f"{moment:%Y-%m-%d %H:%M} UTC: VTIMEZONE {got}, tzdata {expected}")
        local = moment.astimezone(zone).replace(tzinfo=None)
        try:
            intended = zone.localize(local, is_dst=None)
        except (pytz.AmbiguousTimeError, pytz.NonExistentTimeError):
            continue  # the generator never writes such a wall time with a TZID
        resolved = client.to_utc(local)
        if resolved != {intended.astimezone(UTC)}:
            wrong.append(
                f"{local:%Y-%m-%d %H:%M} local: VTIMEZONE gives {sorted(resolved)}, tzdata {intended.astimezone(UTC)}"
            )
    return wrong
