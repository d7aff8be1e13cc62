"""The home page's script data: the sessions still to come at the build's time, per feed capped.

The page carries only what its script shows (each card's next session and
the "Next up" list), so that its weight does not grow with past seasons.
The build's one timestamp (``SOURCE_DATE_EPOCH``, the time of the last
change to the data) is the cut: what ended before it is left out; the
reader's own clock then decides, in the browser, what is past.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass

from generator import timing
from generator.model import Entry, Model, order_key
from generator.render.i18n import Language
from generator.render.rows import SKIPPED, is_provisional, key_of, session_window, utc_text, venue_text

PER_FEED = 16
"""Sessions each feed carries: its next ones, enough for a season's weekends ahead."""
NEXT_UP = 8
"""Races in the "Next up" list as written (before the script takes the reader's clock)."""


@dataclass(frozen=True)
class NextItem:
    """One line of the "Next up" list as the page is written: venue time and UTC."""

    key: str
    label: str
    href: str
    start: str
    utc_text: str
    venue_text: str


Ahead = tuple[dict[str, Entry], dict[str, list[str]]]
"""The sessions to come (by key), and per feed the keys of its next ones, in time order."""

BEFORE_CUT = dt.timedelta(days=16)
"""A session that started this long before the cut has ended by then: a timed session lasts at
most 48 hours, and one whose time is not known spans at most its event's days (validate allows
14), whatever the venue's offset."""


AFTER_LAST = dt.timedelta(days=5)
"""A feed is in time order (each session by its UTC day, a TBC one by its venue-local day), and a
session starts less than a day either side of its venue-local day (any zone's offset): once a
feed has its PER_FEED next sessions, one whose venue-local day is this long after theirs, and
every session after it, starts later than all of them."""


def upcoming(model: Model, stamp: dt.datetime) -> Ahead:
    """Worked out once per build, for every language: each session's window is looked at once,
    only for sessions that can still be on at the cut, and in each feed only as far as its next
    ones (:data:`AFTER_LAST`)."""
    cut = timing.iso_utc(stamp)
    earliest = (stamp - BEFORE_CUT).date()
    windows: dict[tuple[str, str, str], str | None] = {}

    def start(entry: Entry) -> str | None:
        """The session's start, if it can still be on at the cut."""
        parts = entry.uid_parts
        if parts not in windows:
            windows[parts] = None
            if entry.session.status not in SKIPPED:
                first, last = session_window(entry.event, entry.session)
                if last > cut or (first == last and first >= cut):
                    windows[parts] = first
        return windows[parts]

    sessions: dict[str, Entry] = {}
    feeds: dict[str, list[str]] = {}
    for feed in model.feeds:
        ahead: list[tuple[str, Entry]] = []
        stop: dt.date | None = None
        # Past sessions skipped by halving: a feed is in the order of each session's UTC day (a TBC
        # one's venue-local day, model.order_key), never more than a day from its venue-local day.
        # Looking at each one took 0.1 s of a one-session change at make bench's 60,000 sessions.
        first = bisect.bisect_left(feed.entries, earliest.toordinal() - 1, key=lambda entry: order_key(entry)[0])
        for entry in itertools.islice(feed.entries, first, None):
            day = entry.session.date
            if stop is not None and day >= stop:
                break
            if day < earliest or (begins := start(entry)) is None:
                continue
            ahead.append((begins, entry))
            if len(ahead) == PER_FEED:
                stop = max(one.session.date for _, one in ahead) + AFTER_LAST
        ahead.sort(key=lambda pair: pair[0])  # stable: the feed's own order among equal starts
        keys = feeds[feed.slug] = []
        for _start, entry in ahead[:PER_FEED]:
            key = key_of(entry.series, entry.event.id, entry.session.id)
            sessions.setdefault(key, entry)
            keys.append(key)
    return sessions, feeds


def label(entry: Entry) -> str:
    return " · ".join((entry.series.short_name, entry.event.name, entry.session.name))


def script_data(ahead: Ahead) -> dict[str, object]:
    """What ``script.js`` reads from the home page: per feed its next keys, and each session once."""
    sessions, feeds = ahead
    items = {}
    for key, entry in sessions.items():
        start, end = session_window(entry.event, entry.session)
        items[key] = {
            "label": label(entry),
            "href": f"{entry.series.slug}.html#{key}",
            "start": start,
            "end": end,
            "tbc": entry.session.start is None,
            "day": entry.session.date.isoformat(),
            "race": entry.session.kind == "race",
            "zone": entry.event.venue.timezone,
            "provisional": is_provisional(entry.session),
            "single": entry.session.confidence == "single-source",
        }
    return {"feeds": feeds, "sessions": items}


def next_up(ahead: Ahead, lang: Language) -> list[NextItem]:
    """The next races across every feed, as the page is written (venue time and UTC)."""
    sessions, _feeds = ahead
    races = sorted(
        ((session_window(e.event, e.session)[0], key, e) for key, e in sessions.items() if e.session.kind == "race"),
        key=lambda item: item[:2],
    )
    return [
        NextItem(
            key,
            label(entry),
            f"{entry.series.slug}.html#{key}",
            start,
            utc_text(entry.session, lang),
            venue_text(entry.session, lang),
        )
        for start, key, entry in races[:NEXT_UP]
    ]
