"""Part of the render (HTML) stage: the names the rest of the package and its tests use,
from the modules of :mod:`generator.pages` that make the pages' records."""
from __future__ import annotations

from generator.pages.cards import Card, Facts, FeedFacts, card, card_groups, feed_facts
from generator.pages.links import FeedLinks, href, is_link
from generator.pages.views import Badge, EventView, SchedulePage, SeasonGroup, SessionView, collection_page, series_page

__all__ = [
    "Badge", "Card", "EventView", "Facts", "FeedFacts", "FeedLinks", "SchedulePage", "SeasonGroup", "SessionView",
    "card", "card_groups", "collection_page", "feed_facts", "href", "is_link", "series_page",
]
