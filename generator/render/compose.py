"""Render, composed: every output file of the site from the per-series results.

Each feed's ``.ics`` and ``.json`` are its entries' pieces (render/series.py)
placed in the feed's order inside the feed's own header and end; the index
and the schedule pages are made from the series' facts and pages. A piece
is placed by its session's identity (series, event and session ids), so a
session is the same bytes in every feed that holds it. An entry that names
a collection's entry in its description is written for that feed alone.

Large outputs (the combined feeds, the index) are given as lists of parts,
to be hashed and written part by part, never joined in memory.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from generator.model import Entry, Feed, Model
from generator.render import ics, json_feed, pages, views
from generator.render.context import Context
from generator.render.series import SeriesResult, Spans

Body = bytes | list[bytes]
"""An output's bytes, whole or in parts to be written one after the other."""

UidParts = tuple[str, str, str]


def outputs(model: Model, context: Context, results: dict[str, SeriesResult]) -> Iterator[tuple[str, Body]]:
    """Every output file as (path, body), one at a time; ``results`` by series slug."""
    placed = Pieces(model, results)
    site_spans = merged_spans(result.spans.get("series", {}) for result in results.values())
    for feed in model.feeds:
        # One VTIMEZONE per zone for the whole site, the same bytes in every feed:
        # clients cache a VTIMEZONE by its TZID (vobject and icalendar do, for the
        # life of the process) and apply the first one read to every later feed.
        used = {zone: site_spans[zone] for zone in feed_zones(feed, results)}
        yield f"{feed.slug}.ics", ics.feed_parts(feed, context, used, placed.events(feed, context))
    yield json_feed.SCHEMA_PATH, json_feed.schema_bytes()
    for feed in model.feeds:
        yield f"{feed.slug}.json", json_feed.document_parts(feed, context, placed.items(feed, context))
    env = pages.environment(context)
    facts = views.Facts({(kind, slug): known for slug, result in results.items() for kind, known in result.facts.items()})
    data = views.index_data_json(model, {slug: result.blocks for slug, result in results.items()}, placed.keys)
    yield "index.html", pages.index_parts(env, model, context.base_url, facts, data)
    for series in model.series:
        if views.shares_events(model, series):
            # Its page lists events of other series too: made here, where every series is known.
            yield f"{series.slug}.html", pages.schedule_page(env, views.series_page(series, views.public_feeds(model, series)), context.base_url)
        else:
            yield f"{series.slug}.html", results[series.slug].page
    for feed in model.feeds:
        if feed.kind == "collection":
            yield f"{feed.slug}.html", pages.schedule_page(env, views.collection_page(feed), context.base_url)
    yield from pages.static_files().items()


class Pieces:
    """The series' pieces, found by session."""

    def __init__(self, model: Model, results: dict[str, SeriesResult]) -> None:
        self.results = results
        # Each series' own sessions, in the order its render gave their pieces (a series' feed
        # that also holds events shared from other series is placed by session).
        self.own = {series.slug: views.own_feeds(model, series)[0] for series in model.series}
        self.index: dict[UidParts, tuple[SeriesResult, int]] = {}
        self.keys: dict[UidParts, str] = {}
        for slug, feed in self.own.items():
            result = results[slug]
            for position, entry in enumerate(feed.entries):
                self.index[entry.uid_parts] = (result, position)
            self.keys.update(zip([entry.uid_parts for entry in feed.entries], result.keys))

    def events(self, feed: Feed, context: Context) -> list[bytes]:
        own = self._own_result(feed)
        if own is not None:
            return list(own.events)
        return [ics.event_bytes(entry, context.site, context.stamp) if _own_text(entry) else self._found(entry, "events") for entry in feed.entries]

    def items(self, feed: Feed, context: Context) -> list[bytes]:
        own = self._own_result(feed)
        if own is not None:
            return list(own.items)
        return [json_feed.item_text(entry, context.site) if _own_text(entry) else self._found(entry, "items") for entry in feed.entries]

    def _own_result(self, feed: Feed) -> SeriesResult | None:
        if feed.kind == "series" and self.own.get(feed.series[0].slug) is feed:
            return self.results[feed.series[0].slug]
        return None

    def _found(self, entry: Entry, part: str) -> bytes:
        result, position = self.index[entry.uid_parts]
        return getattr(result, part)[position]  # type: ignore[no-any-return]


def _own_text(entry: Entry) -> bool:
    """The entry names a collection's car or crew: its description is its feed's own."""
    return bool(entry.entry_text or entry.entry_sources)


def feed_zones(feed: Feed, results: dict[str, SeriesResult]) -> list[str]:
    """The zones the feed's timed sessions use, sorted."""
    if feed.kind in ("series", "races") and len(feed.series) == 1:
        return sorted(results[feed.series[0].slug].spans[feed.kind])
    if feed.kind in ("all", "all-races"):
        kind = "series" if feed.kind == "all" else "races"
        return sorted({zone for series in feed.series for zone in results[series.slug].spans[kind]})
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
