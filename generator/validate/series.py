"""Part of the validate stage: a series file's series, classes, seasons, events and shared events."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any, Protocol, TypeVar

from generator.errors import Problem
from generator.fields import Fields
from generator.load import Document, Mapping
from generator.model import (
    CONFIDENCES,
    STATUSES,
    Event,
    RaceClass,
    Season,
    Series,
    Session,
    SharedEvent,
    Venue,
)
from generator.validate.seasons import newest_seasons, read_classes, read_seasons
from generator.validate.sessions import check_session
from generator.values import whole_number


class _HasId(Protocol):
    """What :func:`_unique_ids` checks: an event or a session."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


SERIES_KEYS = (("name", "short_name", "url", "description", "seasons", "events"), ("max_seasons", "classes"))


EVENT_KEYS = (
    ("id", "season", "name", "venue", "confidence", "sources", "sessions"),
    ("status", "round", "url", "note"),
)


SHARED_KEYS = (("shared", "season"), ())


MAX_EVENT_DAYS = 14


"""The longest span of one event's sessions (Le Mans: test day to race is eight days)."""


SHARED_REFERENCE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def check_series(doc: Document, venues: dict[str, Venue], problems: list[Problem]) -> Series | None:
    fields = Fields(doc.path, problems)
    slug = PurePosixPath(doc.path).stem
    if not fields.slug_value(slug, None, "", "a file name"):
        return None
    data = fields.mapping(doc.data, "", *SERIES_KEYS)
    if data is None:
        return None
    classes = read_classes(fields, data)
    seasons = read_seasons(fields, data, classes)
    references: list[SharedEvent] = []

    def checked_events() -> Iterable[tuple[int, Any, Event | None]]:
        for index, raw in enumerate(fields.sequence(data, "events", "")):
            if isinstance(raw, Mapping) and "shared" in raw:
                reference = _shared(fields, raw, f"events[{index}]", seasons)
                if reference is not None:
                    references.append(reference)
                continue
            yield index, raw, _event(fields, raw, f"events[{index}]", seasons, venues, classes)

    events = _unique_ids(fields, "", "events", "a series", checked_events())
    max_seasons = data.get("max_seasons")
    keep = None
    if max_seasons is not None:
        text = fields.text(data, "max_seasons", "")
        count = whole_number(text)
        if text and (count is None or count < 1):
            fields.problem(
                fields.line_of(data, "max_seasons"),
                "max_seasons",
                f"expected a whole number of seasons to keep (1 or more), got {text!r}",
            )
        elif text:  # a value that is not text was reported by fields.text
            keep = count
    kept_seasons = newest_seasons(tuple(seasons.values()), events, keep)
    return Series(
        slug=slug,
        name=fields.text(data, "name", ""),
        short_name=fields.text(data, "short_name", ""),
        url=fields.url(data, "url", ""),
        description=fields.text(data, "description", "", multiline=True),
        seasons=kept_seasons,
        events=tuple(e for e in events if e.season in kept_seasons),
        shared=tuple(r for r in references if r.season in kept_seasons),
        classes=tuple(classes.values()),
        path=doc.path,
    )


def _shared(fields: Fields, data: Mapping, where: str, seasons: dict[str, Season]) -> SharedEvent | None:
    """An entry ``shared: <series>/<event id>``: an event another series' file holds (resolved in shared.resolve)."""
    if fields.mapping(data, where, *SHARED_KEYS) is None:
        return None
    reference = fields.text(data, "shared", where)
    match = SHARED_REFERENCE.fullmatch(reference)
    if reference and match is None:
        fields.problem(
            fields.line_of(data, "shared"),
            f"{where}.shared",
            f"expected <series>/<event id>, like 'gt-world-challenge-europe/2027-spa-24h', got {reference!r}",
        )
    season = _season_of(fields, data, where, seasons)
    if match is None or season is None:
        return None
    return SharedEvent(
        series=match.group(1),
        event=match.group(2),
        season=season,
        line=fields.line_of(data, "shared") or data.line,
        where=f"{where}.shared",
    )


def _season_of(fields: Fields, data: Mapping, where: str, seasons: dict[str, Season]) -> Season | None:
    """The season an event (or a shared event) names, or None with a problem when it is not in the file."""
    season_id = fields.text(data, "season", where)
    season = seasons.get(season_id)
    if season_id and season is None:
        fields.problem(
            fields.line_of(data, "season"),
            f"{where}.season",
            f"season {season_id!r} is not in this file's seasons{fields.suggest(season_id, seasons)}; add it under seasons:",
        )
    return season


def _event(
    fields: Fields,
    raw: object,
    where: str,
    seasons: dict[str, Season],
    venues: dict[str, Venue],
    classes: dict[str, RaceClass],
) -> Event | None:
    data = fields.mapping(raw, where, *EVENT_KEYS)
    if data is None:
        return None
    event_id = fields.slug(data, "id", where, "an event id")
    season = _season_of(fields, data, where, seasons)
    venue_id = fields.text(data, "venue", where)
    venue = venues.get(venue_id)
    if venue_id and venue is None:
        fields.problem(
            fields.line_of(data, "venue"),
            f"{where}.venue",
            f"venue {venue_id!r} is not in feeds/venues.yaml{fields.suggest(venue_id, venues) or _new_venue(venue_id)}",
        )
    status = fields.choice(data, "status", where, STATUSES, default="scheduled")
    confidence = fields.choice(data, "confidence", where, CONFIDENCES)
    sessions = _unique_ids(
        fields,
        f"{where}.",
        "sessions",
        "an event",
        (
            (
                index,
                raw_session,
                check_session(
                    fields, raw_session, f"{where}.sessions[{index}]", venue, status, confidence, season, classes
                ),
            )
            for index, raw_session in enumerate(fields.sequence(data, "sessions", where))
        ),
    )
    _check_span(fields, data, where, sessions)
    name = fields.text(data, "name", where)
    event_round = fields.text(data, "round", where, default="")
    url = fields.url(data, "url", where, default="")
    note = fields.text(data, "note", where, multiline=True, default="")
    sources = fields.sources(data, "sources", where, required=True)
    if not (event_id and season and venue):
        return None
    return Event(
        id=event_id,
        name=name,
        season=season,
        venue=venue,
        round=event_round,
        status=status,
        confidence=confidence,
        url=url,
        note=note,
        sources=sources,
        sessions=tuple(sessions),
        line=data.line,
    )


def _unique_ids(
    fields: Fields, prefix: str, list_name: str, scope: str, checked: Iterable[tuple[int, Any, T | None]]
) -> list[T]:
    """The checked items of a list, the first of each id kept and every later one reported."""
    kept: list[T] = []
    seen: dict[str, int] = {}
    what = list_name[:-1]
    for index, raw, item in checked:
        if item is None:
            continue
        if item.id in seen:
            fields.problem(
                raw.key_lines.get("id"),
                f"{prefix}{list_name}[{index}].id",
                f"duplicate {what} id {item.id!r} (also {list_name}[{seen[item.id]}]); ids must be unique in {scope}",
            )
            continue
        seen[item.id] = index
        kept.append(item)
    return kept


def _check_span(fields: Fields, data: Mapping, where: str, sessions: list[Session]) -> None:
    if len(sessions) < 2:
        return
    first = min(sessions, key=lambda s: s.date)
    for session in sessions:
        if (session.date - first.date).days > MAX_EVENT_DAYS:
            fields.problem(
                fields.line_of(data, "sessions"),
                f"{where}.sessions",
                f"session {session.id!r} on {session.date} is {(session.date - first.date).days} days after the event's first session ({first.id!r} on {first.date}); an event spans at most {MAX_EVENT_DAYS} days: check the dates",
            )


def _new_venue(venue_id: str) -> str:
    """How to add a venue that is not a typing slip of a known one: the stanza to copy."""
    return (
        f"; to add it, copy into feeds/venues.yaml: {venue_id}: {{name: ..., locality: ..., country: <ISO code>,"
        " timezone: <IANA zone>, latitude: ..., longitude: ..., sources: [<https:// address>]}"
    )
