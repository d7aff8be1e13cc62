"""A schedule page's records: its seasons, each with its events' rows (render/rows.py).

A series' page lists its seasons newest first; a collection's, class's or
driver's page groups its events by series and season, the latest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from generator.model import Entry, Event, Feed, Model, Season, Series
from generator.render.i18n import Language
from generator.render.rows import EventView, event_views, key_of


@dataclass(frozen=True)
class SeasonGroup:
    key: str
    heading: str
    note: str
    sources: tuple[str, ...]
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class SchedulePage:
    slug: str
    title: str
    description: str
    kind: str
    """series or collection"""
    feeds: tuple[Feed, ...]
    groups: tuple[SeasonGroup, ...]
    none_text: str
    """What the script says when no session on the page is still to come."""


def _first_day(event: Event) -> dt.date:
    return min((s.date for s in event.sessions), default=dt.date.max)


def series_pages(
    series: Series, feeds: tuple[Feed, ...], langs: tuple[Language, ...], none_texts: tuple[str, ...]
) -> list[SchedulePage]:
    """The series' schedule page in each language (``none_texts``: in the same order)."""
    groups: list[list[SeasonGroup]] = [[] for _ in langs]
    # Seasons are listed oldest first in the file (see the README): newest first here.
    # Events shared from other series are listed under this file's season that names them.
    homes = {
        (entry.series.slug, entry.event.id): entry.series
        for feed in feeds[:1]
        for entry in feed.entries
        if entry.series.slug != series.slug
    }
    for season in reversed(series.seasons):
        events = [(series, e) for e in series.events if e.season == season]
        events += [
            (homes[(r.series, r.event)], e)
            for r in series.shared
            if r.season == season and (r.series, r.event) in homes
            for e in homes[(r.series, r.event)].events
            if e.id == r.event
        ]
        events.sort(key=lambda pair: _first_day(pair[1]))
        views = [event_views(home, e, list(e.sessions), langs) for home, e in events]
        for position, in_lang in enumerate(groups):
            in_lang.append(
                SeasonGroup(
                    key_of(series, season.id),
                    season.name,
                    season.note,
                    season.sources,
                    tuple(view[position] for view in views),
                )
            )
    return [
        SchedulePage(series.slug, series.name, series.description, "series", feeds, tuple(in_lang), none)
        for in_lang, none in zip(groups, none_texts, strict=True)
    ]


def collection_pages(feed: Feed, langs: tuple[Language, ...], none_texts: tuple[str, ...]) -> list[SchedulePage]:
    """A collection's page in each language: its events grouped by series and season, the latest group first."""
    by_event: dict[tuple[Series, Event], list[Entry]] = {}
    for entry in feed.entries:
        by_event.setdefault((entry.series, entry.event), []).append(entry)
    by_season: dict[tuple[Series, Season], list[list[EventView]]] = {}
    for (series, event), entries in by_event.items():
        first = entries[0]
        views = event_views(series, event, [e.session for e in entries], langs, first.entry_text, first.entry_sources)
        by_season.setdefault((series, event.season), []).append(views)
    return [
        SchedulePage(
            feed.slug,
            feed.title,
            feed.description,
            "collection",
            (feed,),
            tuple(
                reversed(
                    [
                        SeasonGroup(
                            key_of(series, season.id),
                            f"{series.name} {season.name}",
                            season.note,
                            season.sources,
                            tuple(view[position] for view in views),
                        )
                        for (series, season), views in by_season.items()
                    ]
                )
            ),
            none,
        )
        for position, none in enumerate(none_texts)
    ]


PAGE_KINDS = ("collection", "class", "driver")
"""The feeds that have a page of their own besides the series' pages."""


def outlines(model: Model) -> list[SchedulePage]:
    """Each series' and collection's page without its seasons: what the home page's cards need."""
    pages = [
        SchedulePage(series.slug, series.name, series.description, "series", public_feeds(model, series), (), "")
        for series in model.series
    ]
    # A collection, a class feed and a driver's feed: a page each, events grouped by series and season.
    pages.extend(
        SchedulePage(feed.slug, feed.title, feed.description, "collection", (feed,), (), "")
        for feed in model.feeds
        if feed.kind in PAGE_KINDS
    )
    return pages


def public_feeds(model: Model, series: Series) -> tuple[Feed, ...]:
    """The series' feeds (every session, races only) as published: what its page offers.
    They also hold the events the series shares with others (shared:)."""
    return tuple(feed for feed in model.feeds if feed.kind in ("series", "races") and feed.series[0] is series)


def own_feeds(model: Model, series: Series) -> tuple[Feed, ...]:
    """The series' own feeds (every session, races only) without the events it shares from
    other series: what the series' render makes pieces of, a function of this series alone."""
    return tuple(
        feed
        if len(feed.series) == 1
        else replace(feed, entries=tuple(e for e in feed.entries if e.series is series), series=(series,))
        for feed in public_feeds(model, series)
    )


def shares_events(model: Model, series: Series) -> bool:
    return any(len(feed.series) > 1 for feed in public_feeds(model, series))


def pages_by_feed(pages: list[SchedulePage]) -> dict[Feed, SchedulePage]:
    """The page that shows each feed: the first that lists it."""
    found: dict[Feed, SchedulePage] = {}
    for page in pages:
        for feed in page.feeds:
            found.setdefault(feed, page)
    return found
