"""A schedule page's rows: each event and each of its sessions, with their display text.

Every time is written at the venue and in UTC, complete without a script;
``script.js`` puts the reader's own time first. Each row carries at most one
badge that says in plain words how sure its time is. A row is made in every
language at once: what does not depend on the language is worked out once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import timing
from generator.model import Entry, Event, Series, Session, order_key
from generator.render.i18n import Language

SKIPPED = ("cancelled", "postponed")
"""Never announced as the next session: it will not happen at that time."""


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
    badge: Badge
    tbc: bool
    utc_text: str
    """``Sat 2 Dec, 06:00–10:00 UTC``, or the venue's day and "time TBC"."""
    venue_text: str
    """``Sat 2 Dec, 14:00–18:00 at the circuit (UTC+8)``; empty while the time is TBC."""
    venue_iso: str
    zone: str
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
    round_text: str
    """``Round 3``; empty without a round."""
    venue: str
    zone: str
    dates: str
    badge: Badge | None
    cancelled: bool
    url: str
    more_text: str
    """The link text of ``url``."""
    caption: str
    """The sessions table's caption, for screen readers."""
    note: str
    entry_text: str
    provenance: str
    """How sure the event's times are, in a sentence."""
    sources: tuple[tuple[str, str], ...]
    """(what, source): ``what`` names a session whose own source it is, else empty."""
    sessions: tuple[SessionView, ...]


def key_of(series: Series, *ids: str) -> str:
    return ".".join((series.slug, *ids))


def is_provisional(session: Session) -> bool:
    return session.is_tbc or session.confidence == "provisional" or session.status == "tentative"


def row_badge(session: Session, lang: Language) -> Badge:
    """The one mark of a row: what a fan needs to know first about its time."""
    _ = lang.gettext
    if session.status == "cancelled":
        return Badge("cancelled", _("Cancelled"))
    if session.status == "postponed":
        return Badge("postponed", _("Postponed"))
    if session.is_tbc or session.confidence == "provisional":
        return Badge("provisional", _("Date announced, time not yet published"))
    if session.status == "tentative":
        return Badge("tentative", _("Not yet confirmed"))
    if session.confidence == "single-source":
        return Badge("single-source", _("Time from one source"))
    return Badge("confirmed", _("Time confirmed"))


def day_window(day: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The venue-local day as UTC instants; a midnight in a DST gap takes the later offset."""
    zone = timing.zone(zone_name)
    midnights = (dt.datetime.combine(day + dt.timedelta(days=n), dt.time()) for n in (0, 1))
    start, end = (zone.normalize(zone.localize(wall, is_dst=False)) for wall in midnights)
    return start, end


def session_window(event: Event, session: Session) -> tuple[str, str]:
    if session.start is None:
        first, last = day_window(session.date, event.venue.timezone)
        if session.last_date is not None:
            last = day_window(session.last_date, event.venue.timezone)[1]
        return timing.iso_utc(first), timing.iso_utc(last)
    return timing.iso_utc(session.start), timing.iso_utc(session.end or session.start)


def utc_text(session: Session, lang: Language, utc: tuple[dt.datetime, dt.datetime | None] | None = None) -> str:
    """``utc``: the session's start and end in UTC, where the caller has them already."""
    if session.start is None:
        days = lang.day(session.date) if session.last_date is None else lang.dates(session.date, session.last_date)
        return lang.gettext("%(day)s, time TBC", day=days)
    start, end = utc or as_utc(session.start, session.end)
    return f"{lang.span(start, end)} UTC"


def as_utc(start: dt.datetime, end: dt.datetime | None) -> tuple[dt.datetime, dt.datetime | None]:
    return start.astimezone(timing.UTC), end.astimezone(timing.UTC) if end is not None else None


def venue_text(session: Session, lang: Language) -> str:
    if session.start is None:
        return ""
    at = lang.gettext("%(time)s at the circuit", time=lang.span(session.start, session.end))
    return f"{at} ({timing.short_offset(session.start.utcoffset())})"


def session_views(series: Series, event: Event, session: Session, langs: tuple[Language, ...]) -> list[SessionView]:
    """The session's row in each language: what does not depend on the language is worked out once."""
    key = key_of(series, event.id, session.id)
    venue_iso = session.start.isoformat(timespec="minutes") if session.start is not None else session.date.isoformat()
    window = session_window(event, session)
    provisional = is_provisional(session)
    label = f"{event.name} · {session.name}"
    utc = as_utc(session.start, session.end) if session.start is not None else None
    return [
        SessionView(
            key=key,
            name=session.name,
            kind=session.kind,
            status=session.status,
            badge=row_badge(session, lang),
            tbc=session.start is None,
            utc_text=utc_text(session, lang, utc),
            venue_text=venue_text(session, lang),
            venue_iso=venue_iso,
            zone=event.venue.timezone,
            window=window,
            skip=session.status in SKIPPED,
            provisional=provisional,
            label=label,
            note=session.note,
        )
        for lang in langs
    ]


def provenance(event: Event, lang: Language) -> str:
    _ = lang.gettext
    return {
        "confirmed": _("Times confirmed: two sources agree."),
        "single-source": _("Times from one source, not yet confirmed by a second."),
        "provisional": _("Dates announced; the times are not yet published."),
    }[event.confidence]


def event_views(
    series: Series,
    event: Event,
    sessions: list[Session],
    langs: tuple[Language, ...],
    entry_text: str = "",
    entry_sources: tuple[str, ...] = (),
) -> list[EventView]:
    """The event's part of a schedule page in each language."""
    ordered = sorted(sessions, key=lambda s: order_key(Entry(series, event, s)))
    sources = [("", source) for source in dict.fromkeys((*event.sources, *entry_sources))]
    known = {source for _, source in sources}
    for session in ordered:
        sources.extend((session.name, source) for source in session.sources if source not in known)
    key, venue = key_of(series, event.id), event.venue
    rows = list(zip(*(session_views(series, event, session, langs) for session in ordered), strict=True))
    return [
        EventView(
            key=key,
            name=event.name,
            series_name=series.name,
            round=event.round,
            round_text=lang.gettext("Round %(round)s", round=event.round) if event.round else "",
            venue=venue.place,
            zone=venue.timezone,
            dates=event_dates(ordered, lang),
            badge=event_badge(event, lang),
            cancelled=event.status == "cancelled",
            url=event.url,
            more_text=lang.gettext("More about %(event)s", event=event.name),
            caption=lang.gettext("Sessions of %(event)s", event=event.name),
            note=event.note,
            entry_text=entry_text,
            provenance=provenance(event, lang),
            sources=tuple(sources),
            sessions=tuple(rows[position]) if rows else (),
        )
        for position, lang in enumerate(langs)
    ]


def event_badge(event: Event, lang: Language) -> Badge | None:
    if event.status not in SKIPPED:
        return None
    return Badge(event.status, lang.gettext("Cancelled") if event.status == "cancelled" else lang.gettext("Postponed"))


def last_day(session: Session) -> dt.date:
    """The venue-local day a session ends: a 24-hour race ends the day after it starts."""
    return session.end.date() if session.end is not None else session.final_date


def event_dates(sessions: list[Session], lang: Language) -> str:
    if not sessions:
        return ""
    return lang.dates(min(s.date for s in sessions), max(last_day(s) for s in sessions))
