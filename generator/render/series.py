"""Render, per series: everything the outputs need from one series, made once.

:func:`render_series` is a pure function of a series (with its own feeds:
every session, and races only) and the render context. It writes each
session's VEVENT and JSON item once, in the order of the series'
own feed, with the facts the home page's cards and the combined feeds need and
the series' schedule pages; render/compose.py places them in every file
that shows them. Being a pure function of its inputs, its result is what
the build cache keeps between builds (generator/cache.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Feed, Series
from generator.render import cards, ics, json_feed, pages
from generator.render.context import Context
from generator.render.parts import Pieces, digests

Spans = dict[str, tuple[int, int]]
"""zone -> the first and last year a feed needs it (a VTIMEZONE's span)."""


@dataclass(frozen=True)
class SeriesResult:
    slug: str
    events: Pieces
    """Each session's VEVENT, in the order of the series' own feed (every session)."""
    items: Pieces
    """Each session's JSON item (json_feed.item_texts), in the same order."""
    event_digests: tuple[bytes, ...]
    """Each VEVENT's sha256 (render/parts.py), in the same order."""
    item_digests: tuple[bytes, ...]
    """Each JSON item's sha256, in the same order."""
    spans: dict[str, Spans]
    """By own feed kind ("series", "races"): the zones its timed sessions use, with their years."""
    facts: dict[str, cards.FeedFacts]
    """By own feed kind: what the home page's card says of it."""
    pages: tuple[bytes, ...] | None
    """The series' schedule page, ``<slug>.html``, in each of the site's languages (i18n.LANGUAGES);
    none for a series that lists shared events (made in render/compose.py). None: left in the
    build cache, as the pages published are kept (compose.pages_to_make)."""


def render_series(series: Series, own: tuple[Feed, ...], context: Context) -> SeriesResult:
    """``own``: the series' own feeds; the first holds every session of the series."""
    everything = own[0]
    assert everything.kind == "series" and everything.series == (series,)
    site, stamp = context.site, context.stamp
    entries = everything.entries
    events = Pieces([ics.event_bytes(entry, site, stamp) for entry in entries])
    items = Pieces(json_feed.item_texts(entries, site))
    return SeriesResult(
        slug=series.slug,
        events=events,
        items=items,
        event_digests=digests(events),
        item_digests=digests(items),
        spans={feed.kind: ics.zone_spans(feed.entries) for feed in own},
        facts=(facts := {feed.kind: cards.feed_facts(feed) for feed in own}),
        # A series that lists events of other series gets its pages in compose, where every series is known.
        pages=() if series.shared else pages.schedule_pages(series, own, context, facts["series"]),
    )
