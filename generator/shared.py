"""Shared events, part of the validate stage: one race counting for several championships.

A series file lists an event that another series' file holds with
``shared: <series>/<event id>``. Takes the checked series and gives, by
series slug, the :class:`Entry` of every session of every event it shares:
each one the home series' own entry (same series, event and session, so the
same UID), never a copy. Reports what does not resolve.
"""

from __future__ import annotations

from generator.errors import Problem
from generator.model import Entry, Series, SharedEvent


def resolve(checked: list[tuple[str, Series]], problems: list[Problem]) -> dict[str, tuple[Entry, ...]]:
    """``checked``: each series with the path of its file, for messages."""
    by_slug = {series.slug: series for _, series in checked}
    result: dict[str, tuple[Entry, ...]] = {}
    for path, series in checked:
        entries: list[Entry] = []
        seen: dict[tuple[str, str], int] = {}
        for reference in series.shared:
            home = _home(path, series, reference, by_slug, problems)
            if home is None:
                continue
            key = (reference.series, reference.event)
            if key in seen:
                problems.append(
                    Problem(
                        path,
                        reference.line,
                        reference.where,
                        f"{reference.series}/{reference.event} is already listed on line {seen[key]}; keep one",
                    )
                )
                continue
            seen[key] = reference.line
            event = next(event for event in home.events if event.id == reference.event)
            entries.extend(Entry(home, event, session) for session in event.sessions)
        if entries:
            result[series.slug] = tuple(entries)
    return result


def _home(
    path: str, series: Series, reference: SharedEvent, by_slug: dict[str, Series], problems: list[Problem]
) -> Series | None:
    """The series that holds the referred event, or None with the problem reported."""

    def report(message: str) -> None:
        problems.append(Problem(path, reference.line, reference.where, message))

    if reference.series == series.slug:
        report(f"{reference.series!r} is this file's own series; list the event here with its id instead of shared:")
        return None
    home = by_slug.get(reference.series)
    if home is None:
        others = sorted(slug for slug in by_slug if slug != series.slug)
        report(f"series {reference.series!r} is not in feeds/series/; expected one of: {', '.join(others)}")
        return None
    if any(event.id == reference.event for event in home.events):
        return home
    chained = next((other for other in home.shared if other.event == reference.event), None)
    if chained is not None:
        report(
            f"{reference.series}/{reference.event} is itself shared from {chained.series}/{chained.event}; refer to {chained.series}/{chained.event} directly"
        )
    else:
        ids = ", ".join(event.id for event in home.events)
        report(f"event {reference.event!r} is not in series {reference.series!r}; expected one of: {ids}")
    return None
