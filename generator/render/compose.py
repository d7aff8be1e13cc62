"""Render, composed: every output file of the site from the per-series results.

Each feed's ``.ics`` and ``.json`` are its entries' pieces (render/series.py)
placed in the feed's order inside the feed's own header and end; the home
pages and the schedule pages are made from the series' facts and pages. A
piece is placed by its session's identity (series, event and session ids),
so a session is the same bytes in every feed that holds it. An entry that
names a driver's or a collection's car in its description is written for
that feed alone.

Large outputs (the feeds) are given in parts (render/parts.py), each part
with its sha256, to be written part by part, never joined in memory.

Given what the site as published was made from (:class:`Published`), an
output whose inputs are all as they were then is not made again: it is
given as :class:`Kept`, and publish keeps the file it wrote then.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, chain, count
from operator import attrgetter
from typing import TypeVar

from generator.model import Feed, Model, Series
from generator.render import cards, ics, json_feed, pages, views
from generator.render.context import Context
from generator.render.feeds import FeedResult, own_text
from generator.render.i18n import LANGUAGES
from generator.render.parts import Parts, Piece
from generator.render.series import SeriesResult, Spans
from generator.render.upcoming import upcoming
from generator.render.views import PAGE_KINDS


@dataclass(frozen=True)
class Kept:
    """An output left as the last publish wrote it, with the digest it had then (publish checks that it still has)."""

    digest: str


Body = bytes | Parts | Kept
"""An output's bytes, whole or in parts to be written one after the other; or the published file kept."""

UidParts = tuple[str, str, str]
T = TypeVar("T")


@dataclass(frozen=True)
class Published:
    """What the site as published was made from, where it is still as the last build left it."""

    series: frozenset[str]
    """The series whose render results are those its files were made from."""
    feeds: frozenset[str]
    """The same for the feeds with a page of their own (render/feeds.py)."""
    spans: Spans
    """Each zone's span in its feeds' VTIMEZONEs (:func:`site_spans`)."""
    files: dict[str, str]
    """The digest of each of its files still as it was written (publish.FileState), by path."""

    def kept(
        self, path: str, series: Iterable[str], feed: str | None = None, spans: Spans | None = None
    ) -> Kept | None:
        """The file at ``path``, if what it is made from (these series' results, the feed's own, the
        zones' spans) is as it was: None if it must be made again."""
        digest = self.files.get(path)
        if digest is None or not self.series.issuperset(series) or (feed is not None and feed not in self.feeds):
            return None
        if spans is not None and any(self.spans.get(zone) != span for zone, span in spans.items()):
            return None
        return Kept(digest)


def outputs(
    model: Model,
    context: Context,
    results: dict[str, SeriesResult],
    feed_results: dict[str, FeedResult],
    published: Published | None = None,
) -> Iterator[tuple[str, Body]]:
    """Every output file as (path, body), one at a time; ``results`` by series slug, ``feed_results``
    (render/feeds.py) by feed slug, for the feeds with a page of their own; ``published``: what the
    files in the output folder were made from, for those that need not be made again.

    Takes the results over (the dict is emptied): each kind of piece is let go once the files
    that place it are made, so that a large site never holds every kind at once (make bench's
    peak memory at 60,000 sessions)."""
    place = Placement(model)
    spans = {slug: result.spans for slug, result in results.items()}
    facts = cards.Facts(
        {(kind, slug): known for slug, result in results.items() for kind, known in result.facts.items()}
    )
    # Each kind of piece of every series (Placement.flat), let go once the files that place it are made.
    pieces: dict[str, list[Piece]] = {
        kind: place.flat({slug: getattr(result, kind) for slug, result in results.items()})
        for kind in ("events", "event_digests", "items", "item_digests")
    }
    series_pages = {slug: result.pages for slug, result in results.items()}
    for series in model.series:
        rendered = series_pages[series.slug]
        if rendered is not None and (not rendered or views.shares_events(model, series)):
            # Its pages list events of other series too: made here, where every series is known.
            public = views.public_feeds(model, series)
            series_pages[series.slug] = pages.schedule_pages(series, public, context, facts(public[0]))
    results.clear()

    site = site_spans(spans)
    unchanged = published.kept if published is not None else lambda *_args, **_kwargs: None

    def drawn_on(feed: Feed) -> tuple[list[str], str | None]:
        """The series a feed is made from, and its own result (a feed with a page of its own)."""
        return [one.slug for one in feed.series], feed.slug if feed.slug in feed_results else None

    def feed_ics(feed: Feed) -> Body:
        # One VTIMEZONE per zone for the whole site, the same bytes in every feed:
        # clients cache a VTIMEZONE by its TZID (vobject and icalendar do, for the
        # life of the process) and apply the first one read to every later feed.
        used = {zone: site[zone] for zone in feed_zones(feed, spans)}
        if kept := unchanged(f"{feed.slug}.ics", *drawn_on(feed), used):
            return kept
        own = feed_results.get(feed.slug)
        made = place.pieces(feed, pieces["events"], own.events if own else ())
        digests = place.pieces(feed, pieces["event_digests"], own.event_digests if own else ())
        return ics.feed_parts(feed, context, used, made, digests)

    def feed_json(feed: Feed) -> Body:
        if kept := unchanged(f"{feed.slug}.json", *drawn_on(feed)):
            return kept
        own = feed_results.get(feed.slug)
        made = place.pieces(feed, pieces["items"], own.items if own else ())
        digests = place.pieces(feed, pieces["item_digests"], own.item_digests if own else ())
        return json_feed.document_parts(feed, context, made, digests)

    # The combined feeds first, then the home pages: publish's writers hash and write the largest
    # outputs (140 MB at make bench's 60,000 sessions) while the rest is made, rather than after it
    # (alternating one-session changes at 60,000 sessions, medians of six: 2.00 s against 2.21 s
    # with the home pages first and the combined feeds in the feeds' order).
    combined = [feed for feed in model.feeds if feed.kind in ("all", "all-races")]
    for feed in combined:
        yield f"{feed.slug}.ics", feed_ics(feed)
        yield f"{feed.slug}.json", feed_json(feed)
    ahead = upcoming(model, context.stamp)
    for lang in LANGUAGES:
        yield f"{lang.prefix}index.html", pages.index_page(model, context, facts, lang, ahead)
    rest = [feed for feed in model.feeds if feed.kind not in ("all", "all-races")]
    for feed in rest:
        yield f"{feed.slug}.ics", feed_ics(feed)
    del pieces["events"], pieces["event_digests"]
    yield json_feed.SCHEMA_PATH, json_feed.schema_bytes()
    for feed in rest:
        yield f"{feed.slug}.json", feed_json(feed)
    del pieces["items"], pieces["item_digests"]
    for position, lang in enumerate(LANGUAGES):
        for series in model.series:
            path = f"{lang.prefix}{series.slug}.html"
            if kept := unchanged(path, _listed(model, series)):
                yield path, kept
                continue
            rendered = series_pages[series.slug]
            assert rendered is not None, f"{path}: its pages were left in the cache (pages_to_make)"
            yield path, rendered[position]
    del series_pages
    for feed in model.feeds:
        if feed.kind in PAGE_KINDS:
            for lang, page in zip(LANGUAGES, feed_results[feed.slug].pages, strict=True):
                path = f"{lang.prefix}{feed.slug}.html"
                yield path, unchanged(path, *drawn_on(feed)) or page
    yield from pages.static_files().items()


def pages_to_make(model: Model, published: Published | None) -> set[str]:
    """The series whose schedule pages :func:`outputs` makes, in one language or more: those not
    kept as published. The others' render results may come without their pages (SeriesResult.pages)."""
    if published is None:
        return {series.slug for series in model.series}
    return {
        series.slug
        for series in model.series
        if any(published.kept(f"{lang.prefix}{series.slug}.html", _listed(model, series)) is None for lang in LANGUAGES)
    }


def _listed(model: Model, series: Series) -> set[str]:
    """The series whose events a series' pages list: itself, and those it shares events with."""
    return {one.slug for feed in views.public_feeds(model, series) for one in feed.series}


class Placement:
    """Where each session's pieces are among every series' pieces of a kind, one list after the
    other in the model's order (:meth:`flat`): each series' own feed's, in its order.

    A feed's pieces are gathered by index with ``map``, not a loop: placing the four kinds of
    piece of ``all`` and ``all-races`` at make bench's 60,000 sessions took 0.12 s, against
    0.16 s with a (series, position) pair for each entry."""

    def __init__(self, model: Model) -> None:
        # Each series' own sessions, in the order its render gave their pieces (a series' feed
        # that also holds events shared from other series is placed by session).
        self.own = {series.slug: views.own_feeds(model, series)[0] for series in model.series}
        lengths = [len(feed.entries) for feed in self.own.values()]
        self.start = dict(zip(self.own, accumulate([0, *lengths[:-1]]), strict=True))
        """Where each series' pieces begin in :meth:`flat`, by slug."""
        entries = chain.from_iterable(feed.entries for feed in self.own.values())
        self.at: dict[UidParts, int] = dict(zip(map(_UID_PARTS, entries), count()))
        self._places: dict[str, list[int]] = {}

    def flat(self, pieces: dict[str, tuple[T, ...]]) -> list[T]:
        """One kind of piece of every series (by slug), one series after the other: what :meth:`pieces` takes."""
        return list(chain.from_iterable(pieces[slug] for slug in self.own))

    def pieces(self, feed: Feed, flat: list[T], own: tuple[T, ...]) -> list[T]:
        """One kind of piece of each of the feed's entries, in its order: its series' piece (from
        :meth:`flat`), or, for the entries that name a driver's or a collection's car or crew,
        the feed's ``own`` (in order)."""
        slug = feed.series[0].slug if feed.series else ""
        if feed.kind == "series" and self.own.get(slug) is feed:
            return flat[self.start[slug] : self.start[slug] + len(feed.entries)]
        places = self.places(feed)
        if -1 not in places:
            assert not own, "a feed's own pieces are its own entries'"
            return list(map(flat.__getitem__, places))
        made = iter(own)
        placed = [flat[where] if where >= 0 else next(made) for where in places]
        assert next(made, None) is None, "a feed's own pieces are its own entries'"
        return placed

    def places(self, feed: Feed) -> list[int]:
        """Where each of the feed's entries' pieces are in :meth:`flat` (-1: the feed's own), worked
        out once per feed for every kind of piece (a combined feed has every session of the site)."""
        places = self._places.get(feed.slug)
        if places is None:
            entries = feed.entries
            if any(map(own_text, entries)):
                places = [-1 if own_text(entry) else self.at[entry.uid_parts] for entry in entries]
            else:
                places = list(map(self.at.__getitem__, map(_UID_PARTS, entries)))
            self._places[feed.slug] = places
        return places


_UID_PARTS = attrgetter("uid_parts")


def feed_zones(feed: Feed, spans: dict[str, dict[str, Spans]]) -> list[str]:
    """The zones the feed's timed sessions use, sorted; ``spans``: each series' own feeds' (by slug and kind)."""
    if feed.kind in ("series", "races") and len(feed.series) == 1:
        return sorted(spans[feed.series[0].slug][feed.kind])
    if feed.kind in ("all", "all-races"):
        kind = "series" if feed.kind == "all" else "races"
        return sorted({zone for series in feed.series for zone in spans[series.slug][kind]})
    return sorted(ics.zone_spans(feed.entries))


def site_spans(spans: dict[str, dict[str, Spans]]) -> Spans:
    """The zones of every feed of the site, from each series' own feeds' (by slug and kind)."""
    return merged_spans(one.get("series", {}) for one in spans.values())


def merged_spans(every: Iterable[Spans]) -> Spans:
    """Every zone of the site, each with the first and last year any feed needs it: every
    feed holds sessions of the series, and each series' own feed holds all of its sessions."""
    merged: Spans = {}
    for spans in every:
        for zone, (first, last) in spans.items():
            known = merged.get(zone)
            merged[zone] = (first, last) if known is None else (min(first, known[0]), max(last, known[1]))
    return dict(sorted(merged.items()))
