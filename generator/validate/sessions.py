"""Part of the validate stage: a session, its times made aware in the venue's zone (generator/timing.py)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Literal

from generator import timing
from generator.fields import Fields
from generator.load import Mapping
from generator.model import (
    CONFIDENCES,
    KINDS,
    STATUSES,
    RaceClass,
    Season,
    Session,
    Venue,
)


class _Refused(enum.Enum):
    """What a reader of an optional field gives for a value it refused (the problem is
    recorded, the session is left out): not None, which means the field is not there."""

    VALUE = enum.auto()


SESSION_KEYS = (
    ("id", "kind", "name"),
    (
        "start",
        "date",
        "end_date",
        "duration",
        "end",
        "utc_offset",
        "status",
        "confidence",
        "sources",
        "note",
        "classes",
    ),
)


MAX_SESSION = dt.timedelta(hours=48)


"""The longest one session may last (the longest races run 24 or 25 hours)."""


MAX_ALL_DAY_SPAN = 2


"""How many days after its date a TBC session's end_date may be: a 48-hour session touches three days."""


def class_ids(
    fields: Fields,
    data: Mapping,
    where: str,
    allowed: dict[str, RaceClass],
    declared: dict[str, RaceClass],
    season_id: str | None,
) -> tuple[str, ...]:
    """The class ids a season or session names; each must be one of ``allowed``
    (the series' classes for a season, the season's for a session)."""
    chosen: list[str] = []
    for index, item in enumerate(fields.sequence(data, "classes", where, required=True)):
        here = f"{where}.classes[{index}]" if where else f"classes[{index}]"
        value = str(item).strip()
        line = getattr(item, "line", data.line)
        if not declared:
            fields.problem(
                line,
                here,
                f"class {value!r}: this file declares no classes; add them under classes: at the top (id and name of each)",
            )
        elif value not in declared:
            fields.problem(
                line,
                here,
                f"class {value!r} is not in this file's classes; expected one of: {', '.join(allowed)}{fields.suggest(value, allowed)}",
            )
        elif value not in allowed:
            fields.problem(
                line,
                here,
                f"class {value!r} did not run in season {season_id!r}; expected one of: {', '.join(allowed)}",
            )
        elif value in chosen:
            fields.problem(line, here, f"class {value!r} is named twice; name it once")
        else:
            chosen.append(value)
    return tuple(chosen)


def check_session(
    fields: Fields,
    raw: object,
    where: str,
    venue: Venue | None,
    event_status: str,
    event_confidence: str,
    season: Season | None,
    classes: dict[str, RaceClass],
) -> Session | None:
    data = fields.mapping(raw, where, *SESSION_KEYS)
    if data is None:
        return None
    session_id = fields.slug(data, "id", where, "a session id")
    kind = fields.choice(data, "kind", where, KINDS)
    name = fields.text(data, "name", where)
    status = fields.choice(data, "status", where, STATUSES, default=event_status or "scheduled")
    confidence = fields.choice(data, "confidence", where, CONFIDENCES, default=event_confidence or "confirmed")
    note = fields.text(data, "note", where, multiline=True, default="")
    sources = fields.sources(data, "sources", where, required=False)
    session_classes: tuple[str, ...] = ()
    if "classes" in data and season is not None:
        session_classes = class_ids(fields, data, where, {one.id: one for one in season.classes}, classes, season.id)
    when = _session_time(fields, data, where, venue)
    if when is None or not (session_id and kind and name):
        return None
    start, end, day = when
    last_day = _last_date(fields, data, where, day) if start is None else None
    if last_day is _Refused.VALUE:
        return None
    return Session(
        id=session_id,
        kind=kind,
        name=name,
        status=status,
        confidence=confidence,
        start=start,
        end=end,
        date=day,
        note=note,
        sources=sources,
        classes=session_classes,
        last_date=last_day,
        line=data.line,
    )


def _last_date(fields: Fields, data: Mapping, where: str, day: dt.date) -> dt.date | Literal[_Refused.VALUE] | None:
    """A TBC session's end_date: after its date, at most MAX_ALL_DAY_SPAN days later."""
    if "end_date" not in data:
        return None
    last = fields.date(data, "end_date", where)
    if last is None:
        return _Refused.VALUE
    if not day < last <= day + dt.timedelta(days=MAX_ALL_DAY_SPAN):
        fields.problem(
            fields.line_of(data, "end_date"),
            f"{where}.end_date",
            f"expected a day 1 to {MAX_ALL_DAY_SPAN} days after date {day}, got {last}; check both",
        )
        return _Refused.VALUE
    return last


def _session_time(
    fields: Fields, data: Mapping, where: str, venue: Venue | None
) -> tuple[dt.datetime | None, dt.datetime | None, dt.date] | None:
    if "start" in data and "date" in data:
        fields.problem(
            fields.line_of(data, "date"),
            f"{where}.date",
            "give either start (a time is known) or date (time TBC), not both",
        )
        return None
    if "end_date" in data and "date" not in data:
        fields.problem(
            fields.line_of(data, "end_date"),
            f"{where}.end_date",
            "end_date goes with date: (time TBC); with a start time, give duration or end",
        )
        return None
    if "date" in data:
        for key in ("duration", "end", "utc_offset"):
            if key in data:
                fields.problem(
                    fields.line_of(data, key),
                    f"{where}.{key}",
                    f'{key} needs a start time; replace date: with start: "YYYY-MM-DD HH:MM"',
                )
        day = fields.date(data, "date", where)
        return (None, None, day) if day else None
    if "start" not in data:
        fields.problem(
            data.line,
            f"{where}.start",
            'missing; add start: "YYYY-MM-DD HH:MM" (venue-local time), or date: "YYYY-MM-DD" while the time is TBC',
        )
        return None
    wall = fields.local_time(data, "start", where)
    offset = None
    if "utc_offset" in data:
        text = fields.text(data, "utc_offset", where)
        offset = timing.parse_offset(text)
        if text and offset is None:
            fields.problem(
                fields.line_of(data, "utc_offset"),
                f"{where}.utc_offset",
                f'expected an offset like "+02:00", got {text!r}',
            )
            return None
    if wall is None or venue is None or not venue.timezone or not timing.is_known_zone(venue.timezone):
        return None
    try:
        start = timing.localize(wall, venue.timezone, offset)
    except timing.TimeError as error:
        fields.problem(fields.line_of(data, "start"), f"{where}.start", str(error))
        return None
    end = _session_end(fields, data, where, start, venue)
    if end is _Refused.VALUE:
        return None
    return start, end, start.date()


def _session_end(
    fields: Fields, data: Mapping, where: str, start: dt.datetime, venue: Venue
) -> dt.datetime | Literal[_Refused.VALUE] | None:
    if "duration" in data and "end" in data:
        fields.problem(fields.line_of(data, "end"), f"{where}.end", "give either duration or end, not both")
        return _Refused.VALUE
    if "duration" in data:
        text = fields.text(data, "duration", where)
        elapsed = timing.parse_duration(text)
        if elapsed is None or elapsed <= dt.timedelta(0):
            fields.problem(
                fields.line_of(data, "duration"),
                f"{where}.duration",
                f"expected an elapsed time greater than zero like 4h, 90m or 1h30m, got {text!r}",
            )
            return _Refused.VALUE
        end = timing.add_elapsed(start, elapsed)
        if end - start > MAX_SESSION:
            fields.problem(
                fields.line_of(data, "duration"),
                f"{where}.duration",
                f"expected at most {_hours(MAX_SESSION)} hours (the longest races last 24), got {text!r}; check the duration",
            )
            return _Refused.VALUE
        return end
    if "end" in data:
        wall = fields.local_time(data, "end", where)
        if wall is None:
            return _Refused.VALUE
        try:
            end = timing.localize(wall, venue.timezone)
        except timing.TimeError as error:
            # utc_offset applies to start only: the way out for an end is a duration.
            fields.problem(fields.line_of(data, "end"), f"{where}.end", f"{error.situation}; give duration instead")
            return _Refused.VALUE
        if end <= start:
            fields.problem(
                fields.line_of(data, "end"),
                f"{where}.end",
                f"end {wall:%Y-%m-%d %H:%M} is not after start {start:%Y-%m-%d %H:%M}; check both",
            )
            return _Refused.VALUE
        if end - start > MAX_SESSION:
            fields.problem(
                fields.line_of(data, "end"),
                f"{where}.end",
                f"end {wall:%Y-%m-%d %H:%M} is {_hours(end - start)} hours after start {start:%Y-%m-%d %H:%M}; a session lasts at most {_hours(MAX_SESSION)} hours: check both",
            )
            return _Refused.VALUE
        return end
    return None


def _hours(elapsed: dt.timedelta) -> str:
    return f"{elapsed.total_seconds() / 3600:g}"
