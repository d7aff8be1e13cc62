"""The change report, wording a session's time: ``Sat 11 May 2024 13:00–19:00 CEST``, in the venue's zone."""

from __future__ import annotations

import datetime as dt

from generator import timing
from generator.diff.records import Moment, Session


def zone_name(moment: dt.datetime) -> str:
    """``CEST``; where the zone has no abbreviation (tzdata writes ``+04``), ``UTC+4``."""
    name = moment.tzname() or ""
    return name if name.isalpha() else timing.short_offset(moment.utcoffset())


def _clock(session: Session) -> str:
    """``13:00–19:00`` (or ``13:00``) when the session ends on its day in its zone's same time; else empty."""
    start, end = session.start, session.end
    assert isinstance(start, dt.datetime)
    if end is None:
        return timing.hh_mm(start)
    if end.date() == start.date() and zone_name(end) == zone_name(start):
        return f"{timing.hh_mm(start)}–{timing.hh_mm(end)}"
    return ""


def describe(session: Session) -> str:
    """``Sat 11 May 2024 13:00–19:00 CEST``, ``Fri 10 May 2024, time TBC``, or both ends in full."""
    start, end = session.start, session.end
    if not isinstance(start, dt.datetime):
        return f"{timing.format_day(start)}, time TBC"
    if _clock(session):
        return f"{timing.format_day(start.date())} {_clock(session)} {zone_name(start)}"
    assert end is not None
    return f"{timing.format_day(start.date())} {timing.hh_mm(start)} {zone_name(start)} – {timing.format_day(end.date())} {timing.hh_mm(end)} {zone_name(end)}"


def describe_span(session: Session) -> str:
    """The time and the venue: ``Sat 11 May 2024 13:00–19:00 CEST at Circuit de Spa-Francorchamps, Stavelot, BE``."""
    return f"{describe(session)} at {session.location}" if session.location else describe(session)


def describe_move(old: Session, new: Session) -> str:
    """``Sat 11 May 2024 13:00–19:00 -> 13:30–19:30 CEST`` when the day and zone stay; else both in full."""
    before, after = old.start, new.start
    if isinstance(before, dt.datetime) and isinstance(after, dt.datetime):
        if before.date() == after.date() and _clock(old) and _clock(new) and zone_name(before) == zone_name(after):
            return f"{timing.format_day(after.date())} {_clock(old)} -> {_clock(new)} {zone_name(after)}"
    elif isinstance(after, dt.datetime):
        if before == after.date() and _clock(new):
            return f"{timing.format_day(before)}, time TBC -> {_clock(new)} {zone_name(after)}"
    elif isinstance(before, dt.datetime) and before.date() == after and _clock(old):
        return f"{timing.format_day(after)} {_clock(old)} {zone_name(before)} -> time TBC"
    return f"{describe(old)} -> {describe(new)}"


def same(a: Moment | None, b: Moment | None) -> bool:
    return type(a) is type(b) and a == b


def sort_key(moment: Moment) -> str:
    return moment.astimezone(dt.UTC).isoformat() if isinstance(moment, dt.datetime) else moment.isoformat()


def _day(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def more_than_a_day(old: Moment, new: Moment) -> bool:
    if isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
        return abs(new - old) > dt.timedelta(days=1)
    return abs((_day(new) - _day(old)).days) > 1


def days_apart(old: Moment, new: Moment) -> str:
    days = (_day(new) - _day(old)).days
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'}"
