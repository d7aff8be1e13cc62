"""The home page's next sessions per feed (render/upcoming.py) stop reading a feed once its
next ones are found: the same sessions, in the same order, as looking at every session."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import Entry, Model
from generator.render.rows import SKIPPED, key_of, session_window
from generator.render.upcoming import BEFORE_CUT, PER_FEED, upcoming
from generator.timing import iso_utc
from tests.unit.yaml_feeds import SITE, event, model, series, session

ZONES = (
    ("kiritimati", "Pacific/Kiritimati", "KI"),  # UTC+14
    ("pago-pago", "Pacific/Pago_Pago", "AS"),  # UTC-11
    ("kathmandu", "Asia/Kathmandu", "NP"),  # UTC+5:45
    ("st-johns", "America/St_Johns", "CA"),  # UTC-3:30, with summer time
    ("paris", "Europe/Paris", "FR"),
)
VENUES = "venues:\n" + "".join(
    f"""\
  {venue}:
    name: Circuit {venue}
    locality: Somewhere
    country: {country}
    timezone: {zone}
    latitude: "0"
    longitude: "0"
    sources: [https://example.org/venues/{venue}]
"""
    for venue, zone, country in ZONES
)
FIRST = dt.date(2023, 10, 20)


def _events() -> list[str]:
    """Two weeks of events, one a day, turn by turn in each zone: sessions at the edges of the
    venue's day, a session whose time is not known (over one day or two), a cancelled one."""
    events = []
    for day in range(16):
        date = FIRST + dt.timedelta(days=day)
        venue = ZONES[day % len(ZONES)][0]
        sessions = [
            session("early", f'start: "{date} 00:15"\nduration: 1h', "practice", "Early"),
            session("late", f'start: "{date} 23:45"\nduration: 2h', "qualifying", "Late"),
            session("tbc", f'date: "{date}"', "race", "Race"),
        ]
        if day % 3 == 0:
            sessions.append(
                session("long", f'date: "{date}"\nend_date: "{date + dt.timedelta(days=1)}"', "race", "Long")
            )
        if day % 4 == 1:
            sessions.append(
                session("off", f'start: "{date} 12:00"\nduration: 1h', "test", "Off", extra="status: cancelled")
            )
        events.append(event(f"e{day:02d}", venue, "".join(sessions)))
    return events


def reference(model: Model, stamp: dt.datetime) -> tuple[dict[str, Entry], dict[str, list[str]]]:
    """Every session's window, every feed sorted whole: what upcoming() must give."""
    cut, earliest = iso_utc(stamp), (stamp - BEFORE_CUT).date()
    windows = {}
    for one in model.series:
        for ev in one.events:
            for s in ev.sessions:
                if s.date < earliest or s.status in SKIPPED:
                    continue
                start, end = session_window(ev, s)
                if end > cut or (start == end and start >= cut):
                    windows[(one.slug, ev.id, s.id)] = start
    sessions: dict[str, Entry] = {}
    feeds: dict[str, list[str]] = {}
    for feed in model.feeds:
        ahead = sorted(
            ((windows[e.uid_parts], e) for e in feed.entries if e.uid_parts in windows), key=lambda pair: pair[0]
        )
        feeds[feed.slug] = []
        for _, entry in ahead[:PER_FEED]:
            key = key_of(entry.series, entry.event.id, entry.session.id)
            sessions.setdefault(key, entry)
            feeds[feed.slug].append(key)
    return sessions, feeds


@pytest.fixture(scope="module")
def spread() -> Model:
    head = series().replace("2023-24", "2023")
    text = head + "".join(one.replace("season: 2023-24", "season: 2023") for one in _events())
    return model(text, venues=VENUES, site=SITE)


def test_the_fixture_fills_a_feed_past_its_next_sessions(spread):
    assert len([e for e in spread.feeds[0].entries if e.session.date >= FIRST]) > 3 * PER_FEED


def test_the_next_sessions_are_those_of_every_session_looked_at(spread):
    cuts = [
        dt.datetime.combine(FIRST, dt.time(), dt.UTC) + dt.timedelta(hours=hours) for hours in range(-48, 18 * 24, 5)
    ]
    for stamp in cuts:
        assert upcoming(spread, stamp) == reference(spread, stamp), stamp


def test_past_sessions_are_skipped_by_the_day_feeds_are_ordered_by(spread):
    """upcoming() halves each feed by the first member of its entries' order key: every feed must
    be in that order."""
    from generator.model import order_key

    for feed in spread.feeds:
        days = [order_key(entry)[0] for entry in feed.entries]
        assert days == sorted(days), feed.slug
