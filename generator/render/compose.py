"""Render, composed: every output file of the site from the per-series results.

Each feed's ``.ics`` and ``.json`` are its entries' pieces (render/series.py)
placed in the feed's order inside the feed's own header and end; the home
pages and the schedule pages are made from the series' facts and pages. A
piece is placed by its session's identity (series, event and session ids),
so a session is the same bytes in every feed that holds it. An entry that
names a driver's or a collection's car in its description is written for
that feed alone.

Large outputs (the combined feeds) are given as lists of parts, to be
hashed and written part by part, never joined in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from generator.model import Feed, Model
from generator.render import cards, ics, json_feed, pages, views
from generator.render.context import Context
from generator.render.feeds import FeedResult, own_text
from generator.render.i18n import LANGUAGES
from generator.render.series import SeriesResult, Spans
from generator.render.upcoming import upcoming
from generator.render.views import PAGE_KINDS

Body = bytes | list[bytes]
"""An output's bytes, whole or in parts to be written one after the other."""

UidParts = tuple[str, str, str]
T = TypeVar("T")


def outputs(
    model: Model, context: Context, results: dict[str, SeriesResult], feed_results: dict[str, FeedResult]
) -> Iterator[tuple[str, Body]]:
    """Every output file as (path, body), one at a time; ``results`` by series slug, ``feed_results``
    (render/feeds.py) by feed slug, for the feeds with a page of their own.

    Takes the results over (the dict is emptied): each kind of piece is let go once the files
    that place it are made, so that a large site never holds every kind at once (make bench's
    peak memory at 60,000 sessions)."""
    place = Placement(model)
    spans = {slug: result.spans for slug, result in results.items()}
    facts = cards.Facts(
        {(kind, slug): known for slug, result in results.items() for kind, known in result.facts.items()}
    )
    events = {slug: result.events for slug, result in results.items()}
    items = {slug: result.items for slug, result in results.items()}
    series_pages = {slug: result.pages for slug, result in results.items()}
    for series in model.series:
        if not series_pages[series.slug] or views.shares_events(model, series):
            # Its pages list events of other series too: made here, where every series is known.
            public = views.public_feeds(model, series)
            series_pages[series.slug] = pages.schedule_pages(series, public, context, facts(public[0]))
    results.clear()

    site_spans = merged_spans(one.get("series", {}) for one in spans.values())
    for feed in model.feeds:
        # One VTIMEZONE per zone for the whole site, the same bytes in every feed:
        # clients cache a VTIMEZONE by its TZID (vobject and icalendar do, for the
        # life of the process) and apply the first one read to every later feed.
        used = {zone: site_spans[zone] for zone in feed_zones(feed, spans)}
        made = place.pieces(feed, events, feed_results[feed.slug].events if feed.slug in feed_results else ())
        yield f"{feed.slug}.ics", ics.feed_parts(feed, context, used, made)
    del events
    yield json_feed.SCHEMA_PATH, json_feed.schema_bytes()
    for feed in model.feeds:
        made = place.pieces(feed, items, feed_results[feed.slug].items if feed.slug in feed_results else ())
        yield f"{feed.slug}.json", json_feed.document_parts(feed, context, made)
    del items
    ahead = upcoming(model, context.stamp)
    for lang in LANGUAGES:
        yield f"{lang.prefix}index.html", pages.index_page(model, context, facts, lang, ahead)
    for position, lang in enumerate(LANGUAGES):
        for series in model.series:
            yield f"{lang.prefix}{series.slug}.html", series_pages[series.slug][position]
    del series_pages
    for feed in model.feeds:
        if feed.kind in PAGE_KINDS:
            for lang, page in zip(LANGUAGES, feed_results[feed.slug].pages, strict=True):
                yield f"{lang.prefix}{feed.slug}.html", page
    yield from pages.static_files().items()


class Placement:
    """Where each session's pieces are in its series' result: its position in the series' own feed."""

    def __init__(self, model: Model) -> None:
        # Each series' own sessions, in the order its render gave their pieces (a series' feed
        # that also holds events shared from other series is placed by session).
        self.own = {series.slug: views.own_feeds(model, series)[0] for series in model.series}
        self.at: dict[UidParts, tuple[str, int]] = {}
        for slug, feed in self.own.items():
            for position, entry in enumerate(feed.entries):
                self.at[entry.uid_parts] = (slug, position)
        self._places: dict[str, list[tuple[str, int] | None]] = {}

    def pieces(self, feed: Feed, pieces: dict[str, tuple[T, ...]], own: tuple[T, ...]) -> list[T]:
        """One kind of piece of each of the feed's entries, in its order: its series' piece, or, for the
        entries that name a driver's or a collection's car or crew, the feed's ``own`` (in order)."""
        slug = feed.series[0].slug if feed.series else ""
        if feed.kind == "series" and self.own.get(slug) is feed:
            return list(pieces[slug])
        made = iter(own)
        placed = [next(made) if where is None else pieces[where[0]][where[1]] for where in self.places(feed)]
        assert next(made, None) is None, "a feed's own pieces are its own entries'"
        return placed

    def places(self, feed: Feed) -> list[tuple[str, int] | None]:
        """Where each of the feed's entries' pieces are (None: the feed's own), worked out once per
        feed for both kinds of piece (a combined feed has every session of the site)."""
        places = self._places.get(feed.slug)
        if places is None:
            at = self.at
            places = self._places[feed.slug] = [
                None if own_text(entry) else at[entry.uid_parts] for entry in feed.entries
            ]
        return places


def feed_zones(feed: Feed, spans: dict[str, dict[str, Spans]]) -> list[str]:
    """The zones the feed's timed sessions use, sorted; ``spans``: each series' own feeds' (by slug and kind)."""
    if feed.kind in ("series", "races") and len(feed.series) == 1:
        return sorted(spans[feed.series[0].slug][feed.kind])
    if feed.kind in ("all", "all-races"):
        kind = "series" if feed.kind == "all" else "races"
        return sorted({zone for series in feed.series for zone in spans[series.slug][kind]})
    return sorted(ics.zone_spans(feed.entries))


def merged_spans(every: Iterable[Spans]) -> Spans:
    """Every zone of the site, each with the first and last year any feed needs it: every
    feed holds sessions of the series, and each series' own feed holds all of its sessions."""
    merged: Spans = {}
    for spans in every:
        for zone, (first, last) in spans.items():
            known = merged.get(zone)
            merged[zone] = (first, last) if known is None else (min(first, known[0]), max(last, known[1]))
    return dict(sorted(merged.items()))
