"""The model: what the validate stage gives and the renderers take.

Frozen dataclasses holding checked values: aware datetimes, never strings to
parse again. Feeds (:class:`Feed`) are lists of :class:`Entry` so that one
session has one identity (its UID) in every feed it appears in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from generator.errors import Problem

KINDS = ("practice", "qualifying", "race", "warmup", "test", "other")
STATUSES = ("scheduled", "tentative", "cancelled", "postponed")
CONFIDENCES = ("confirmed", "single-source", "provisional")

CONFIDENCE_TEXT = {
    "confirmed": "confirmed (two sources agree)",
    "single-source": "single source (not yet confirmed by a second source)",
    "provisional": "provisional (dates announced, times not yet published)",
}

OrderKey = tuple[int, int, int, int, str, str, str]
"""A feed entry's place in time order (:func:`order_key`)."""


@dataclass(frozen=True)
class Site:
    title: str
    description: str
    uid_domain: str
    base_url: str | None


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    locality: str
    country: str
    timezone: str
    latitude: float
    longitude: float
    sources: tuple[str, ...]
    line: int | None = field(default=None, compare=False)
    """Where its id is in venues.yaml (for warnings)."""

    @property
    def place(self) -> str:
        """``Sepang International Circuit, Sepang, MY``: the feeds' LOCATION and the pages' venue line."""
        return ", ".join(part for part in (self.name, self.locality, self.country) if part)


@dataclass(frozen=True)
class RaceClass:
    """A class of cars a series runs (WEC: Hypercar, LMGT3)."""

    id: str
    name: str
    line: int | None = field(default=None, compare=False)
    """Where its id is in the series file (for messages about the feed it gives)."""


@dataclass(frozen=True)
class Session:
    id: str
    kind: str
    name: str
    status: str
    confidence: str
    start: dt.datetime | None
    """Aware, in the venue's zone; None while the time is TBC."""
    end: dt.datetime | None
    """Aware, in the venue's zone; None when no length is published."""
    date: dt.date
    """The venue-local day of the session (its start day)."""
    note: str
    sources: tuple[str, ...]
    classes: tuple[str, ...] = ()
    """The ids of the classes the session is for; empty: every class of its season."""
    last_date: dt.date | None = None
    """While the time is TBC: the last venue-local day of a session over several days (a 24-hour race: the day it ends)."""
    line: int | None = field(default=None, compare=False)
    """Where it starts in its series file (for warnings)."""

    @property
    def is_tbc(self) -> bool:
        return self.start is None

    @property
    def final_date(self) -> dt.date:
        """The last venue-local day a TBC session covers (its all-day span ends the day after)."""
        return self.last_date or self.date


@dataclass(frozen=True)
class Season:
    id: str
    name: str
    note: str
    sources: tuple[str, ...]
    classes: tuple[RaceClass, ...] = ()
    """The classes run that season (the series' classes unless the season names its own)."""


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    season: Season
    venue: Venue
    round: str
    status: str
    confidence: str
    url: str
    note: str
    sources: tuple[str, ...]
    sessions: tuple[Session, ...]
    line: int | None = field(default=None, compare=False)
    """Where it starts in its series file (for warnings)."""

    # Hash what identifies the event, not every session in it (equal events
    # still have equal hashes; equality still compares every field).
    def __hash__(self) -> int:
        return hash((self.id, self.name))


@dataclass(frozen=True)
class SharedEvent:
    """An event another series' file holds, listed in this series too (``shared: <series>/<event>``).

    Only the reference: catalog resolves it on every build, so that the
    event is the home series' own (one UID) however either file changes."""

    series: str
    event: str
    season: Season
    line: int
    where: str
    """The field path, for messages: ``events[2].shared``."""


@dataclass(frozen=True)
class Series:
    slug: str
    name: str
    short_name: str
    url: str
    description: str
    seasons: tuple[Season, ...]
    events: tuple[Event, ...]
    classes: tuple[RaceClass, ...] = ()
    """Every class the series declares, in its file's order; empty: the series names none."""
    shared: tuple[SharedEvent, ...] = ()
    """Events of other series that count for this one too, in file order."""
    path: str = field(default="", compare=False)
    """Its file as messages name it, ``feeds/series/<slug>.yaml`` (for warnings)."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """What its check found valid but probably not meant (generator/warnings_check.py), found with
    the check and kept with it (in the build cache too)."""

    # The generated hash would hash every event and session of the series, on
    # each dict or set lookup keyed by a series or an entry: quadratic.
    def __hash__(self) -> int:
        return hash((self.slug, self.name))

    @cached_property
    def timeline(self) -> tuple[tuple[Entry, ...], tuple[OrderKey, ...]]:
        """Every session as a feed entry, in time order, with each one's sort key (:func:`order_key`).

        Worked out once per series and kept with it, in the build cache too,
        so that a rebuild does not sort an unchanged series again."""
        entries = [Entry(self, event, session) for event in self.events for session in event.sessions]
        keys = [order_key(entry) for entry in entries]
        order = sorted(range(len(entries)), key=keys.__getitem__)
        return tuple([entries[index] for index in order]), tuple([keys[index] for index in order])


@dataclass(frozen=True)
class Entry:
    """One session as it appears in a feed."""

    series: Series
    event: Event
    session: Session
    entry_text: str = ""
    """The car or crew a collection follows (shown in the description)."""
    entry_sources: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash((self.series.slug, self.event.id, self.session.id, self.entry_text))

    @cached_property
    def uid_parts(self) -> tuple[str, str, str]:
        # Kept once made: compose looks every entry of every feed up by it (half a million
        # lookups at make bench's 60,000 sessions).
        return (self.series.slug, self.event.id, self.session.id)

    def sort_key(self) -> tuple[str, str, str, str, str]:
        session = self.session
        instant = session.start.astimezone(dt.UTC) if session.start else None
        day = session.date.isoformat()
        # A TBC session sorts at the start of its venue-local day.
        return (
            day if instant is None else instant.date().isoformat(),
            instant.isoformat() if instant else "",
            *self.uid_parts,
        )


def order_key(entry: Entry) -> OrderKey:
    """Orders as Entry.sort_key does (a test holds them together), without
    writing two ISO strings per session: the UTC day (a TBC session: its
    venue-local day), TBC before timed, then the UTC time and the ids."""
    session = entry.session
    if session.start is None:
        return (session.date.toordinal(), 0, 0, 0, *entry.uid_parts)
    instant = session.start.astimezone(dt.UTC)
    return (
        instant.toordinal(),
        1,
        instant.hour * 3600 + instant.minute * 60 + instant.second,
        instant.microsecond,
        *entry.uid_parts,
    )


@dataclass(frozen=True)
class Feed:
    slug: str
    title: str
    description: str
    kind: str
    """series, races, all, all-races, class, driver or collection: what the site says it holds."""
    entries: tuple[Entry, ...]
    series: tuple[Series, ...] = field(default=())
    """The series the feed draws on."""

    def __hash__(self) -> int:
        return hash((self.slug, self.kind))


def session_classes(event: Event, session: Session) -> tuple[RaceClass, ...]:
    """The classes a session is for: those it names, else every class of its season."""
    if not session.classes:
        return event.season.classes
    return tuple(one for one in event.season.classes if one.id in session.classes)


def is_for_class(event: Event, session: Session, class_id: str) -> bool:
    """Whether a session concerns a class: it names that class, or names none and the class ran that season."""
    if session.classes:
        return class_id in session.classes
    return any(one.id == class_id for one in event.season.classes)


@dataclass(frozen=True)
class Model:
    site: Site
    venues: dict[str, Venue]
    series: tuple[Series, ...]
    feeds: tuple[Feed, ...]
    venues_path: str = field(default="feeds/venues.yaml", compare=False)
    """venues.yaml as messages name it (for warnings)."""
