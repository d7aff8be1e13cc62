"""Render, per feed drawn from several series or made for one car: its own pieces, made once.

A driver's, a class's or a collection's feed has a schedule page of its
own, and a driver's or a collection's entries carry its car or crew in
their descriptions: VEVENTs and JSON items of its own. :func:`render_feed`
is a pure function of the feed (its entries, from its file and the series
it draws on) and the render context, like render/series.py for a series,
so the build cache keeps its result between builds under the key of what
it was made from.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Entry, Feed
from generator.render import cards, ics, json_feed, pages
from generator.render.context import Context
from generator.render.parts import digests


@dataclass(frozen=True)
class FeedResult:
    slug: str
    pages: tuple[bytes, ...]
    """The feed's schedule page, ``<slug>.html``, in each of the site's languages (i18n.LANGUAGES)."""
    events: tuple[bytes, ...]
    """The VEVENTs of its entries that name its car or crew (:func:`own_text`), in the feed's order."""
    items: tuple[bytes, ...]
    """Their JSON items, in the same order."""
    event_digests: tuple[bytes, ...]
    """Each of those VEVENTs' sha256 (render/parts.py), in the same order."""
    item_digests: tuple[bytes, ...]
    """Each of those JSON items' sha256, in the same order."""


def render_feed(feed: Feed, context: Context) -> FeedResult:
    own = [entry for entry in feed.entries if own_text(entry)]
    events = tuple([ics.event_bytes(entry, context.site, context.stamp) for entry in own])
    items = tuple(json_feed.item_texts(own, context.site))
    return FeedResult(
        slug=feed.slug,
        pages=pages.schedule_pages(feed, (feed,), context, cards.feed_facts(feed)),
        events=events,
        items=items,
        event_digests=digests(events),
        item_digests=digests(items),
    )


def own_text(entry: Entry) -> bool:
    """The entry names a driver's or a collection's car or crew: its description is its feed's own."""
    return bool(entry.entry_text or entry.entry_sources)
