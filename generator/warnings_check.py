"""Warnings: what is valid but probably not what the maintainer meant.

Takes the validated model (each series' part is found as it is checked,
:func:`series_warnings`) and gives :class:`~generator.errors.Problem`
values that never fail a build: ``check`` and ``build`` print them after
their summary line (and, in GitHub Actions, as warning annotations). Each
names the file and line, as an error does, and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import Problem
from generator.model import Event, Model, Series
from generator.urls import is_web_url


def warnings(model: Model) -> tuple[Problem, ...]:
    """Every warning of the site: the venues', then each series' (Series.warnings, found by
    :func:`series_warnings` when it was checked), ordered by file and line."""
    found = [*_unused_venues(model), *_venue_sources(model)]
    for series in model.series:
        found += series.warnings
    return tuple(sorted(found, key=lambda problem: (problem.file, problem.line or 0)))


def series_warnings(series: Series) -> tuple[Problem, ...]:
    """What one series file holds that is valid but probably not meant."""
    found = [*_season_sources(series)]
    for event in series.events:
        found += _event_warnings(series, event)
    return tuple(found)


def _unused_venues(model: Model) -> Iterator[Problem]:
    used = {event.venue.id for series in model.series for event in series.events}
    for venue in model.venues.values():
        if venue.id not in used:
            yield Problem(
                model.venues_path,
                venue.line,
                f"venues.{venue.id}",
                "no event uses this venue; remove it, or check the venue: of the event meant to be here",
            )


def _not_urls(sources: tuple[str, ...]) -> list[str]:
    return [source for source in sources if not is_web_url(source)]


def _source_warning(path: str, line: int | None, field: str, source: str) -> Problem:
    return Problem(
        path,
        line,
        field,
        f"source {source!r} is not a URL, so no reader can open it; give the https:// address where it was published, if it has one",
    )


def _venue_sources(model: Model) -> Iterator[Problem]:
    for venue in model.venues.values():
        for source in _not_urls(venue.sources):
            yield _source_warning(model.venues_path, venue.line, f"venues.{venue.id}.sources", source)


def _season_sources(series: Series) -> Iterator[Problem]:
    for season in series.seasons:
        for source in _not_urls(season.sources):
            yield _source_warning(series.path, None, f"season {season.id}: sources", source)


def _event_warnings(series: Series, event: Event) -> Iterator[Problem]:
    here = f"event {event.id}"
    for source in _not_urls(event.sources):
        yield _source_warning(series.path, event.line, f"{here}: sources", source)
    races = [session.date for session in event.sessions if session.kind == "race"]
    last_race = max(races, default=None)
    for session in event.sessions:
        where = f"{here}, session {session.id}"
        for source in _not_urls(session.sources):
            yield _source_warning(series.path, session.line, f"{where}: sources", source)
        if session.kind == "race" and session.start is not None and session.end is None:
            yield Problem(
                series.path,
                session.line,
                where,
                "a race with neither duration nor end is a zero-length event in every calendar; add duration: (such as 6h) or end:, as the timetable gives it",
            )
        if last_race is not None and session.date > last_race:
            yield Problem(
                series.path,
                session.line,
                where,
                f"{session.date} is after the event's last race ({last_race}); check the date",
            )
