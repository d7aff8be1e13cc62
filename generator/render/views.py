"""Part of the render (HTML) stage: the model turned into what the pages show.

Takes the model and gives plain records (schedule pages grouped by season,
feed cards, the index's session data) holding display text made once, here,
with :mod:`generator.timing`, so the templates only lay it out. Nothing
here depends on the clock: each session carries its UTC window, and the
page's script decides past and next in the reader's browser.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Callable, Iterable
from urllib.parse import quote

from generator import timing
from generator.fields import is_web_url
from generator.model import Entry, Event, Feed, Model, Season, Series, Session, order_key

URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
"""Kept as they are in an href: RFC 3986 reserved characters, and % so that existing escapes stay."""
SKIPPED = ("cancelled", "postponed")
"""Never announced as the next session: it will not happen at that time."""
STATUS_LABEL = {"tentative": "Tentative", "cancelled": "Cancelled", "postponed": "Postponed"}
CONFIDENCE_LABEL = {"single-source": "Single source", "provisional": "Provisional"}
CARD_SECTIONS = (
    ("series", "Series", ("series", "races")),
    ("combined", "Every series together", ("all", "all-races")),
    ("collections", "Collections", ("collection",)),
)


@dataclass(frozen=True)
class FeedLinks:
    slug: str
    title: str
    download: str
    """Relative, so that a local preview works without a base URL."""
    https: str | None
    webcal: str | None
    google: str | None
    outlook: str | None
    data: str
    """The same sessions as JSON, relative."""


@dataclass(frozen=True)
class Badge:
    kind: str
    text: str


@dataclass(frozen=True)
class SessionView:
    key: str
    name: str
    kind: str
    status: str
    badges: tuple[Badge, ...]
    tbc: bool
    venue_text: str
    """``Sat 2 Dec 14:00 (UTC+8)``, or ``Sun 11 Jul 2027`` while the time is TBC."""
    venue_iso: str
    until_text: str
    utc_text: str
    utc_iso: str
    window: tuple[str, str]
    """UTC instants the script compares with the reader's clock: the session, or its venue-local day while TBC."""
    skip: bool
    provisional: bool
    label: str
    """``4 Hours of Sepang · Race 1``: how the script names the session."""
    note: str


@dataclass(frozen=True)
class EventView:
    key: str
    name: str
    series_name: str
    round: str
    venue: str
    zone: str
    dates: str
    badges: tuple[Badge, ...]
    cancelled: bool
    url: str
    note: str
    entry_text: str
    sources: tuple[tuple[str, str], ...]
    """(what, source): ``what`` names a session whose own source it is, else empty."""
    sessions: tuple[SessionView, ...]


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


@dataclass(frozen=True)
class Card:
    feed: Feed
    links: FeedLinks
    page: SchedulePage | None
    schedules: tuple[tuple[str, str], ...]
    """(name, href) of the schedule pages that show the feed's sessions."""
    seasons: str
    events: int
    sessions: int
    dates: str
    none_text: str
    """What the script says when no session of the feed is still to come."""


def is_link(source: str) -> bool:
    return is_web_url(source)


def href(url: str) -> str:
    """A web URL as an href: characters a URL may not hold (``"`` ``<`` space, non-ASCII) percent-encoded."""
    return quote(url, safe=URL_SAFE)


def key_of(series: Series, *ids: str) -> str:
    return ".".join((series.slug, *ids))


def day_window(day: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The venue-local day as UTC instants; a midnight in a DST gap takes the later offset."""
    zone = timing.zone(zone_name)
    midnights = (dt.datetime.combine(day + dt.timedelta(days=n), dt.time()) for n in (0, 1))
    start, end = (zone.normalize(zone.localize(wall, is_dst=False)) for wall in midnights)
    return start, end


def session_view(series: Series, event: Event, session: Session) -> SessionView:
    badges = []
    if session.status in STATUS_LABEL and (session.status in SKIPPED or session.status != event.status):
        badges.append(Badge(session.status, STATUS_LABEL[session.status]))
    if session.confidence != event.confidence:
        # Marked where it differs from the event's, which its heading shows.
        badges.append(Badge(session.confidence, {**CONFIDENCE_LABEL, "confirmed": "Confirmed"}[session.confidence]))
    common = dict(key=key_of(series, event.id, session.id), name=session.name, kind=session.kind, status=session.status, badges=tuple(badges), skip=session.status in SKIPPED, provisional=is_provisional(session), label=f"{event.name} · {session.name}", note=session.note)
    window = session_window(event, session)
    if session.start is None:
        return SessionView(**common, tbc=True, venue_text=tbc_days(session, with_year=False), venue_iso=session.date.isoformat(), until_text="", utc_text="time TBC", utc_iso="", window=window)
    start, end = session.start, session.end
    utc_start = start.astimezone(timing.UTC)
    return SessionView(
        **common,
        tbc=False,
        venue_text=timing.format_local(start, with_year=False),
        venue_iso=start.isoformat(timespec="minutes"),
        until_text=_until(start, end),
        utc_text=f"{timing.format_day(utc_start.date(), with_year=False)} {timing.hh_mm(utc_start)} UTC",
        utc_iso=window[0],
        window=window,
    )


def session_window(event: Event, session: Session) -> tuple[str, str]:
    """The UTC instants the script compares with the reader's clock: the session, or its venue-local day while TBC."""
    if session.start is None:
        first, last = day_window(session.date, event.venue.timezone)
        if session.last_date is not None:
            last = day_window(session.last_date, event.venue.timezone)[1]
        return timing.iso_utc(first), timing.iso_utc(last)
    return timing.iso_utc(session.start), timing.iso_utc(session.end or session.start)


def _until(start: dt.datetime, end: dt.datetime | None) -> str:
    if end is None:
        return ""
    if end.date() == start.date() and end.utcoffset() == start.utcoffset():
        return f"until {timing.hh_mm(end)}"
    return f"until {timing.format_local(end, with_year=False)}"


def event_view(series: Series, event: Event, sessions: list[Session], entry_text: str = "", entry_sources: tuple[str, ...] = ()) -> EventView:
    ordered = sorted(sessions, key=lambda s: order_key(Entry(series, event, s)))
    badges = []
    if event.status in STATUS_LABEL:
        badges.append(Badge(event.status, STATUS_LABEL[event.status]))
    if event.confidence in CONFIDENCE_LABEL:
        badges.append(Badge(event.confidence, CONFIDENCE_LABEL[event.confidence]))
    sources = [("", source) for source in dict.fromkeys((*event.sources, *entry_sources))]
    known = {source for _, source in sources}
    for session in ordered:
        sources.extend((session.name, source) for source in session.sources if source not in known)
    venue = event.venue
    return EventView(
        key=key_of(series, event.id),
        name=event.name,
        series_name=series.name,
        round=event.round,
        venue=", ".join(part for part in (venue.name, venue.locality, venue.country) if part),
        zone=venue.timezone,
        dates=_dates(ordered),
        badges=tuple(badges),
        cancelled=event.status == "cancelled",
        url=event.url,
        note=event.note,
        entry_text=entry_text,
        sources=tuple(sources),
        sessions=tuple(session_view(series, event, s) for s in ordered),
    )


def last_day(session: Session) -> dt.date:
    """The venue-local day a session ends: a 24-hour race ends the day after it starts."""
    return session.end.date() if session.end is not None else session.final_date


def tbc_days(session: Session, with_year: bool = True) -> str:
    """The venue-local day of a TBC session, or its first and last day."""
    if session.last_date is None:
        return timing.format_day(session.date, with_year)
    return f"{timing.format_day(session.date, with_year)} – {timing.format_day(session.last_date, with_year)}"


def _dates(sessions: list[Session]) -> str:
    if not sessions:
        return ""
    first, last = min(s.date for s in sessions), max(last_day(s) for s in sessions)
    if first == last:
        return timing.format_day(first)
    return f"{timing.format_day(first, with_year=first.year != last.year)} – {timing.format_day(last)}"


def _first_day(event: Event) -> dt.date:
    return min((s.date for s in event.sessions), default=dt.date.max)


def series_page(series: Series, feeds: tuple[Feed, ...]) -> SchedulePage:
    groups = []
    # Seasons are listed oldest first in the file (see the README): newest first here.
    # Events shared from other series are listed under this file's season that names them.
    homes = {(entry.series.slug, entry.event.id): entry.series for feed in feeds[:1] for entry in feed.entries if entry.series.slug != series.slug}
    for season in reversed(series.seasons):
        events = [(series, e) for e in series.events if e.season == season]
        events += [(homes[(r.series, r.event)], e) for r in series.shared if r.season == season and (r.series, r.event) in homes for e in homes[(r.series, r.event)].events if e.id == r.event]
        events.sort(key=lambda pair: _first_day(pair[1]))
        groups.append(SeasonGroup(key_of(series, season.id), season.name, season.note, season.sources, tuple(event_view(home, e, list(e.sessions)) for home, e in events)))
    return SchedulePage(series.slug, series.name, series.description, "series", feeds, tuple(groups), _none_text(feeds[0]) if feeds else "")


def collection_page(feed: Feed) -> SchedulePage:
    """A collection's events grouped by series and season, the latest group first."""
    by_event: dict[tuple[Series, Event], list[Entry]] = {}
    for entry in feed.entries:
        by_event.setdefault((entry.series, entry.event), []).append(entry)
    by_season: dict[tuple[Series, Season], list[EventView]] = {}
    for (series, event), entries in by_event.items():
        first = entries[0]
        view = event_view(series, event, [e.session for e in entries], first.entry_text, first.entry_sources)
        by_season.setdefault((series, event.season), []).append(view)
    groups = [
        SeasonGroup(key_of(series, season.id), f"{series.name} {season.name}", season.note, season.sources, tuple(views))
        for (series, season), views in by_season.items()
    ]
    return SchedulePage(feed.slug, feed.title, feed.description, "collection", (feed,), tuple(reversed(groups)), _none_text(feed))


def series_outline(series: Series, feeds: tuple[Feed, ...], facts: Callable[[Feed], FeedFacts] | None = None) -> SchedulePage:
    """A series' page without its seasons: what the index's cards need."""
    none_text = ((facts or feed_facts)(feeds[0]).none_text) if feeds else ""
    return SchedulePage(series.slug, series.name, series.description, "series", feeds, (), none_text)


def collection_outline(feed: Feed) -> SchedulePage:
    """A collection's page without its events: what the index's cards need."""
    return SchedulePage(feed.slug, feed.title, feed.description, "collection", (feed,), (), _none_text(feed))


def outlines(model: Model, facts: Callable[[Feed], FeedFacts]) -> list[SchedulePage]:
    """One page per series and per collection, without its seasons: what the index's cards need."""
    pages = [series_outline(series, public_feeds(model, series), facts) for series in model.series]
    pages.extend(collection_outline(feed) for feed in model.feeds if feed.kind == "collection")
    return pages


def public_feeds(model: Model, series: Series) -> tuple[Feed, ...]:
    """The series' feeds (every session, races only) as published: what its page offers.
    They also hold the events the series shares with others (shared:)."""
    return tuple(feed for feed in model.feeds if feed.kind in ("series", "races") and feed.series[0] is series)


def own_feeds(model: Model, series: Series) -> tuple[Feed, ...]:
    """The series' own feeds (every session, races only) without the events it shares from
    other series: what the series' render makes pieces of, a function of this series alone."""
    return tuple(
        feed if len(feed.series) == 1 else replace(feed, entries=tuple(e for e in feed.entries if e.series is series), series=(series,))
        for feed in public_feeds(model, series)
    )


def shares_events(model: Model, series: Series) -> bool:
    return any(len(feed.series) > 1 for feed in public_feeds(model, series))


def page_for(feed: Feed, pages: list[SchedulePage]) -> SchedulePage | None:
    for page in pages:
        if feed in page.feeds:
            return page
    return None


def card(feed: Feed, links: FeedLinks, page: SchedulePage | None, facts: Callable[[Feed], FeedFacts] | None = None) -> Card:
    """The feed's card; ``facts`` gives a feed's facts (by default worked out from its entries)."""
    if page is not None:
        schedules = ((page.title, f"{page.slug}.html"),)
    else:
        schedules = tuple((s.name, f"{s.slug}.html") for s in feed.series)
    known = (facts or feed_facts)(feed)
    dates = f"{timing.format_day(known.first)} – {timing.format_day(known.last)}" if known.first and known.last else "no sessions yet"
    seasons = ", ".join(known.seasons[0][1]) if len(known.seasons) == 1 else "; ".join(f"{short} {', '.join(names)}" for short, names in known.seasons)
    return Card(feed, links, page, schedules, seasons, known.events, known.sessions, dates, known.none_text)


@dataclass(frozen=True)
class FeedFacts:
    """What a card says of a feed, before it is written out."""

    seasons: tuple[tuple[str, tuple[str, ...]], ...]
    """Per series (its short name, its seasons' names), each in the order the feed first reaches it."""
    events: int
    sessions: int
    first: dt.date | None
    last: dt.date | None
    none_text: str
    first_key: tuple
    """The sort key of the feed's first entry: where its series come in a feed made of several."""


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
        none_text=_none_text(feed),
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
            none_text=_none_text(feed),
            first_key=parts[0].first_key if parts else (),
        )


def _none_text(feed: Feed) -> str:
    """Seasons after the last one with sessions say why nothing is known yet (their note)."""
    if feed.kind not in ("series", "races"):
        return "No upcoming session in this feed."  # the notes are a series' own
    notes = []
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
    if notes:
        return "Next session: not yet known. " + " ".join(notes)
    return "No upcoming session in this feed."


def card_groups(cards: list[Card]) -> list[tuple[str, str, list[Card]]]:
    groups = []
    for section_id, heading, kinds in CARD_SECTIONS:
        members = [c for c in cards if c.feed.kind in kinds]
        if members:
            groups.append((section_id, heading, members))
    return groups


def is_provisional(session: Session) -> bool:
    return session.is_tbc or session.confidence == "provisional" or session.status == "tentative"


def index_data(model: Model) -> dict[str, object]:
    """Every session once, with the UTC window the script compares with the reader's clock,
    and per feed the keys of its sessions: the index decides each card's next session from it.
    The page is written by :func:`index_data_json`, from text kept between builds; this is
    the plain form it is held equal to."""
    sessions: dict[str, dict[str, object]] = {}
    seasons: dict[str, dict[str, object]] = {}
    feeds: dict[str, list[str]] = {}
    known: dict[int, str] = {}  # by the session's id: its key, once it is described
    for feed in model.feeds:
        keys = feeds.setdefault(feed.slug, [])
        for entry in feed.entries:
            key = known.get(id(entry.session))
            if key is None:  # a session in several feeds is described once
                key = known[id(entry.session)] = _describe(entry, sessions, seasons)
            keys.append(key)
    return {"sessions": sessions, "seasons": seasons, "feeds": feeds}


def _describe(entry: Entry, sessions: dict[str, dict[str, object]], seasons: dict[str, dict[str, object]]) -> str:
    """Add the session (and its season) to the index's data; give its key."""
    series, event, session = entry.series, entry.event, entry.session
    key = key_of(series, event.id, session.id)
    season_key = key_of(series, event.season.id)
    if season_key not in seasons:
        seasons[season_key] = _season_item(series, event.season)
    if key not in sessions:
        sessions[key] = _index_item(series, event, session, season_key)
    return key


def index_data_json(model: Model, blocks: dict[str, tuple[str, str]], keys: dict[tuple[str, str, str], str]) -> str:
    """What Jinja's ``tojson`` writes for ``index_data(model)``: ``json.dumps(..., sort_keys=True)``
    made safe for HTML (:func:`html_safe`), from text made once per series (render/series.py):
    ``blocks``, each series' sessions and seasons as one block (:func:`series_blocks`), and ``keys``,
    each session's key as JSON text, by its uid parts. Every piece is made safe on its own: the
    characters replaced appear only inside JSON strings, never across two pieces.

    Sorted by key, a series' entries are next to each other (a key is the series' slug, a
    dot and ids, and a slug has no dot), so the tables are the series' blocks in the
    order of ``<slug>.``; the feeds' lists are each feed's keys, placed by session."""
    session_parts: list[tuple[str, str]] = []  # (what it sorts by, its text)
    season_parts: list[tuple[str, str]] = []
    for series in model.series:
        sessions, seasons = blocks[series.slug]
        if sessions:
            session_parts.append((series.slug + ".", sessions))
        if seasons:
            season_parts.append((series.slug + ".", seasons))
    feeds_text = _json_object((feed.slug, f"[{', '.join(texts)}]" if (texts := [keys[entry.uid_parts] for entry in feed.entries]) else "[]") for feed in model.feeds)
    return f'{{"feeds": {feeds_text}, "seasons": {_joined_object(season_parts)}, "sessions": {_joined_object(session_parts)}}}'


def key_text(entry: Entry) -> str:
    """The session's key as it stands in the index's feed lists."""
    return html_safe(json.dumps(key_of(entry.series, entry.event.id, entry.session.id)))


def series_blocks(series: Series, feed: Feed) -> tuple[str, str]:
    """A series' part of the index's sessions and seasons tables: ``"key": item`` pairs, sorted by key."""
    sessions: dict[str, str] = {}
    seasons: dict[str, str] = {}
    for entry in feed.entries:
        sessions[key_of(series, entry.event.id, entry.session.id)] = _session_text(series, entry.event, entry.session)
        season_key = key_of(series, entry.event.season.id)
        if season_key not in seasons:
            seasons[season_key] = _season_text(series, entry.event.season)
    return ", ".join(text for _, text in sorted(sessions.items())), ", ".join(text for _, text in sorted(seasons.items()))  # each made html_safe


def _session_text(series: Series, event: Event, session: Session) -> str:
    key = key_of(series, event.id, session.id)
    return html_safe(f"{json.dumps(key)}: {json.dumps(_index_item(series, event, session, key_of(series, event.season.id)), sort_keys=True)}")


def _season_text(series: Series, season: Season) -> str:
    return html_safe(f"{json.dumps(key_of(series, season.id))}: {json.dumps(_season_item(series, season), sort_keys=True)}")


def _season_item(series: Series, season: Season) -> dict[str, object]:
    """The season's name, and whether all it holds is provisional."""
    season_sessions = [s for e in series.events if e.season == season for s in e.sessions if s.status not in SKIPPED]
    return {"name": season.name, "provisional": all(is_provisional(s) for s in season_sessions)}


def html_safe(json_text: str) -> str:
    """JSON text safe inside ``<script>``: ``<``, ``>``, ``&`` and ``'`` escaped as Jinja's ``htmlsafe_json_dumps`` does."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def _joined_object(parts: list[tuple[str, str]]) -> str:
    return "{" + ", ".join([text for _, text in sorted(parts, key=_first)]) + "}"


def _json_object(pairs: Iterable[tuple[str, object]]) -> str:
    """A JSON object, keys sorted, from (key, value's JSON text) pairs."""
    ordered = sorted(pairs, key=_first)
    return "{" + ", ".join([f"{html_safe(json.dumps(key))}: {value}" for key, value in ordered]) + "}" if ordered else "{}"


def _first(pair: tuple[str, object]) -> str:
    return pair[0]


def _index_item(series: Series, event: Event, session: Session, season_key: str) -> dict[str, object]:
    # What session_view would give for these, without the rest of the view.
    window = session_window(event, session)
    tbc = session.start is None
    return {
        "label": " · ".join((series.short_name, event.name, session.name)),
        "page": f"{series.slug}.html",
        "start": window[0],
        "end": window[1],
        "tbc": tbc,
        "when": f"{tbc_days(session)}, time TBC" if tbc else timing.format_local(session.start),  # type: ignore[arg-type]
        "skip": session.status in SKIPPED,
        "provisional": is_provisional(session),
        "single": session.confidence == "single-source",
        "season": season_key,
    }
