"""Time rules: venue-local wall time to aware datetimes, and back for display.

Used by the validate stage (to make times aware) and by the renderers (to
show them). pytz is used the only correct way: ``localize(..., is_dst=None)``
and ``normalize`` after arithmetic; ``tzinfo=pytz.timezone(...)`` would give
the zone's first LMT offset (+06:47 for Kuala Lumpur).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

import pytz

UTC = pytz.utc
_DURATION = re.compile(r"(?:([0-9]{1,3})h)?(?:([0-9]{1,4})m)?")  # ASCII digits: \d takes any script's
_OFFSET = re.compile(r"([+-])([0-9]{2}):([0-9]{2})")


class TimeError(ValueError):
    """A wall time the zone cannot place; the message names the candidates.

    ``situation`` is the message without the advice, for callers whose
    advice differs (an end time cannot take a utc_offset).
    """

    def __init__(self, situation: str, advice: str = "") -> None:
        super().__init__(f"{situation}; {advice}" if advice else situation)
        self.situation = situation


def zone(name: str) -> pytz.BaseTzInfo:
    return pytz.timezone(name)


def is_known_zone(name: str) -> bool:
    return name in pytz.all_timezones_set


def parse_duration(text: str) -> dt.timedelta | None:
    """``4h``, ``90m``, ``1h30m`` -> timedelta; None when not of that form."""
    match = _DURATION.fullmatch(text.strip())
    if not match or not any(match.groups()):
        return None
    hours, minutes = (int(part or 0) for part in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes)


def parse_offset(text: str) -> dt.timedelta | None:
    """``+02:00`` -> timedelta; None when not of that form."""
    match = _OFFSET.fullmatch(text.strip())
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return -delta if sign == "-" else delta


def localize(wall: dt.datetime, zone_name: str, utc_offset: dt.timedelta | None = None) -> dt.datetime:
    """Make a venue-local wall time aware, refusing gaps and folds.

    A wall time in a spring-forward gap or a fall-back fold raises TimeError
    naming both candidate UTC instants, unless ``utc_offset`` picks one.
    """
    tz = zone(zone_name)
    if utc_offset is None:
        # The common case first: one localize, not three.
        try:
            return tz.localize(wall, is_dst=None)
        except (pytz.NonExistentTimeError, pytz.AmbiguousTimeError) as error:
            refused: Exception = error
    # The instants the wall time can mean: one normally, two in a gap or a fold.
    candidates = sorted({tz.localize(wall, is_dst=is_dst) for is_dst in (True, False)})
    if utc_offset is not None:
        for aware in candidates:
            if aware.utcoffset() == utc_offset:
                # In a gap the wall time is moved to the one that exists at that instant.
                return tz.normalize(aware)
        valid = ", ".join(format_offset(a.utcoffset()) for a in candidates)
        raise TimeError(
            f"utc_offset {format_offset(utc_offset)} is not in force at {wall:%Y-%m-%d %H:%M} in {zone_name}; valid: {valid}"
        )
    if isinstance(refused, pytz.NonExistentTimeError):
        raise TimeError(
            f"{wall:%Y-%m-%d %H:%M} does not exist in {zone_name} (clocks go forward); it could mean {_candidates(candidates)}",
            "correct the time or add utc_offset to pick one",
        )
    raise TimeError(
        f"{wall:%Y-%m-%d %H:%M} happens twice in {zone_name} (clocks go back); it could mean {_candidates(candidates)}",
        "add utc_offset to pick one",
    )


def _candidates(candidates: list[dt.datetime]) -> str:
    return " or ".join(
        f'{c.astimezone(UTC):%Y-%m-%d %H:%M} UTC (utc_offset: "{format_offset(c.utcoffset())}")' for c in candidates
    )


def is_ambiguous(moment: dt.datetime) -> bool:
    """True when the moment's wall-clock time happens twice in its zone (a fall-back fold)."""
    tz = moment.tzinfo
    if not isinstance(tz, pytz.tzinfo.DstTzInfo) or not _near_change(tz, moment):
        return False
    try:
        tz.localize(moment.replace(tzinfo=None), is_dst=None)
    except pytz.AmbiguousTimeError:
        return True
    except pytz.NonExistentTimeError:
        pass
    return False


_FOLD_REACH = dt.timedelta(days=2)
"""Wider than any fall-back fold: a wall time farther than this from every
change of offset happens once (the check is a bisect, localize is not)."""


def _near_change(tz: pytz.tzinfo.DstTzInfo, moment: dt.datetime) -> bool:
    # pytz's table of changes, as vtimezone.py reads it; types-pytz leaves out this private attribute.
    changes: list[dt.datetime] = tz._utc_transition_times  # type: ignore[attr-defined]
    offset = moment.utcoffset()
    assert offset is not None, "a moment in a DstTzInfo zone has an offset"
    instant = moment.replace(tzinfo=None) - offset
    index = bisect.bisect_left(changes, instant - _FOLD_REACH)
    return index < len(changes) and changes[index] <= instant + _FOLD_REACH


def add_elapsed(start: dt.datetime, elapsed: dt.timedelta) -> dt.datetime:
    """Start plus real elapsed time, back in the start's zone.

    Done in UTC so that a 24-hour race across a DST change lasts 24 real
    hours: its local end time then differs from its start time.
    """
    tz = start.tzinfo
    end_utc = start.astimezone(UTC) + elapsed
    return end_utc.astimezone(tz)  # pytz zones convert correctly via astimezone


def format_offset(offset: dt.timedelta | None) -> str:
    total = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def short_offset(offset: dt.timedelta | None) -> str:
    """``UTC+8``, ``UTC-3``, ``UTC+5:30``: the form fans read."""
    total = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: dt.date, with_year: bool = True) -> str:
    """``Sat 2 Dec 2023``: English, independent of the machine's locale."""
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def format_local(moment: dt.datetime, with_year: bool = True) -> str:
    """``Sat 2 Dec 2023 14:00 (UTC+8)`` in the moment's own (venue) zone."""
    return f"{format_day(moment.date(), with_year)} {hh_mm(moment)} ({short_offset(moment.utcoffset())})"


def hh_mm(moment: dt.datetime) -> str:
    """``14:00``: the wall clock time (``strftime`` costs several times more, once per session and page)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def iso_utc(moment: dt.datetime) -> str:
    """``2023-12-02T06:00:00Z``: the instant in UTC, the year always in four digits."""
    utc = moment.astimezone(dt.UTC)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"


def format_local_span(start: dt.datetime, end: dt.datetime | None) -> str:
    if end is None:
        return f"{format_local(start)}; end time not published"
    if end.date() == start.date() and end.utcoffset() == start.utcoffset():
        return f"{format_day(start.date())} {hh_mm(start)}–{hh_mm(end)} ({short_offset(start.utcoffset())})"
    return f"{format_local(start)} – {format_local(end)}"
