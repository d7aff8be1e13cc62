"""The home page's cards: per feed what it holds, where its schedule is and how to subscribe.

A card's facts (seasons, counts, first and last day) are worked out once per
feed: a series' own feeds' from their entries, the combined feeds' put
together from their series'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Feed, OrderKey, Season, order_key
from generator.render.i18n import Language
from generator.render.links import FeedLinks
from generator.render.rows import last_day
from generator.render.views import SchedulePage

SECTIONS = (
    ("series", ("series", "races", "class")),
    ("combined", ("all", "all-races")),
    ("collections", ("driver", "collection")),
)


def section_heading(section: str, lang: Language) -> str:
    _ = lang.gettext
    return {
        "series": _("Series and classes"),
        "combined": _("Every series together"),
        "collections": _("Drivers and teams"),
    }[section]


@dataclass(frozen=True)
class FeedFacts:
    """What a card says of a feed, before it is written out."""

    seasons: tuple[tuple[str, tuple[str, ...]], ...]
    """Per series (its short name, its seasons' names), each in the order the feed first reaches it."""
    events: int
    sessions: int
    first: dt.date | None
    last: dt.date | None
    later_notes: tuple[str, ...]
    """The notes of seasons after the last one with sessions: why nothing is known yet."""
    first_key: OrderKey | tuple[()]
    """The sort key of the feed's first entry: where its series come in a feed made of several."""


@dataclass(frozen=True)
class Card:
    feed: Feed
    links: FeedLinks
    schedules: tuple[tuple[str, str], ...]
    """(name, href) of the schedule pages that show the feed's sessions."""
    summary: str
    """``2023/24, 2024/25 · 3 events · 17 sessions``"""
    dates: str
    none_text: str
    """What the script says when no session of the feed is still to come."""
    search: str
    """The words the filter box looks in."""


def feed_facts(feed: Feed) -> FeedFacts:
    per_series: dict[str, tuple[str, list[str]]] = {}  # by slug (unique): no hashing of a Series per entry
    for entry in feed.entries:
        found = per_series.get(entry.series.slug)
        if found is None:
            found = per_series[entry.series.slug] = (entry.series.short_name, [])
        names = found[1]
        if entry.event.season.name not in names:
            names.append(entry.event.season.name)
    return FeedFacts(
        seasons=tuple((short, tuple(names)) for short, names in per_series.values()),
        events=len({(e.series.slug, e.event.id) for e in feed.entries}),
        sessions=len(feed.entries),
        first=min((e.session.date for e in feed.entries), default=None),
        last=max((last_day(e.session) for e in feed.entries), default=None),
        later_notes=later_notes(feed),
        first_key=order_key(feed.entries[0]) if feed.entries else (),
    )


class Facts:
    """Each feed's facts: a series' own feeds' as its render gave them (``own``, by feed kind and
    series slug), the combined feeds' put together from them, any other feed's worked out."""

    def __init__(self, own: dict[tuple[str, str], FeedFacts]) -> None:
        self._own = own

    def __call__(self, feed: Feed) -> FeedFacts:
        if feed.kind in ("series", "races"):
            if len(feed.series) > 1:  # also holds events shared from other series
                return feed_facts(feed)
            known = self._own.get((feed.kind, feed.series[0].slug))
            return known if known is not None else feed_facts(feed)
        kind = {"all": "series", "all-races": "races"}.get(feed.kind)
        if kind is None or any((kind, series.slug) not in self._own for series in feed.series):
            return feed_facts(feed)
        # Every session of every series (or every race): each series' own feed, merged in time order.
        parts = [self._own[(kind, series.slug)] for series in feed.series]
        parts = sorted((part for part in parts if part.sessions), key=lambda part: part.first_key)
        return FeedFacts(
            seasons=tuple(season for part in parts for season in part.seasons),
            events=sum(part.events for part in parts),
            sessions=sum(part.sessions for part in parts),
            first=min((part.first for part in parts if part.first), default=None),
            last=max((part.last for part in parts if part.last), default=None),
            later_notes=(),
            first_key=parts[0].first_key if parts else (),
        )


def later_notes(feed: Feed) -> tuple[str, ...]:
    """Seasons after the last one with sessions say why nothing is known yet (their note)."""
    if feed.kind not in ("series", "races"):
        return ()  # the notes are a series' own
    notes: list[str] = []
    used_by: dict[str, set[Season]] = {}
    for entry in feed.entries:  # once, not once per series: "all" holds every series
        used_by.setdefault(entry.series.slug, set()).add(entry.event.season)
    for series in feed.series[:1]:  # a series' own notes, not those of a series it shares events with
        used = used_by.get(series.slug, set())
        later = []
        for season in reversed(series.seasons):
            if season in used or any(ref.season == season for ref in series.shared):
                break
            later.append(season)
        notes.extend(season.note for season in reversed(later) if season.note)
    return tuple(notes)


def none_text(facts: FeedFacts, lang: Language) -> str:
    if facts.later_notes:
        return " ".join((lang.gettext("Next session: not yet known."), *facts.later_notes))
    return lang.gettext("No upcoming session in this feed.")


def card(feed: Feed, links: FeedLinks, page: SchedulePage | None, facts: FeedFacts, lang: Language) -> Card:
    schedules: tuple[tuple[str, str], ...]
    if page is not None:
        schedules = ((page.title, f"{page.slug}.html"),)
    else:
        schedules = tuple((s.name, f"{s.slug}.html") for s in feed.series)
    dates = lang.dates(facts.first, facts.last) if facts.first and facts.last else lang.gettext("no sessions yet")
    seasons = (
        ", ".join(facts.seasons[0][1])
        if len(facts.seasons) == 1
        else "; ".join(f"{short} {', '.join(names)}" for short, names in facts.seasons)
    )
    counts = [
        lang.ngettext("%(num)s event", "%(num)s events", facts.events),
        lang.ngettext("%(num)s session", "%(num)s sessions", facts.sessions),
    ]
    summary = " · ".join(part for part in (seasons, *counts) if part)
    search = " ".join((feed.title, feed.description, feed.slug.replace("-", " "), *(s.short_name for s in feed.series)))
    return Card(feed, links, schedules, summary, dates, none_text(facts, lang), search)


def card_groups(cards: list[Card], lang: Language) -> list[tuple[str, str, list[Card]]]:
    groups = []
    for section_id, kinds in SECTIONS:
        members = [c for c in cards if c.feed.kind in kinds]
        if members:
            groups.append((section_id, section_heading(section_id, lang), members))
    return groups
