"""Venue-local times around Europe/Paris's DST changes, through the CLI with
the tests/data/paris fixture: gaps and folds refused naming both instants,
utc_offset picking one, and a 24-hour race lasting 24 real hours."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import cli

UTC = dt.UTC
SERIES = "series/autumn.yaml"
FILE = "feeds/series/autumn.yaml"
DOMAIN = "calendars.example.org"


@pytest.fixture
def site(published):
    return published("paris")


def rebuild(site) -> bytes:
    result = cli("build", "--feeds", str(site.feeds), "--out", str(site.out), cwd=site.feeds.parent)
    assert result.returncode == 0, result.stderr
    return (site.out / "autumn.ics").read_bytes()


def instants(data: bytes, uid: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) in UTC as icalendar, vobject and ical each read them."""
    by_icalendar = next(e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if str(e["UID"]) == uid)
    by_vobject = next(e for e in vobject.readOne(data.decode("utf-8")).vevent_list if e.uid.value == uid)
    by_ical = next(e for e in IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events if e.uid == uid)
    return [
        (by_icalendar.start.astimezone(UTC), by_icalendar.end.astimezone(UTC)),
        (by_vobject.dtstart.value.astimezone(UTC), by_vobject.dtend.value.astimezone(UTC)),
        (by_ical.dtstart.astimezone(UTC), by_ical.dtend.astimezone(UTC)),
    ]


def test_start_in_the_spring_forward_gap_is_refused_naming_both_instants(site):
    site.edit(SERIES, "start: 2024-03-31 01:30", "start: 2024-03-31 02:30")
    assert site.refused() == [
        f"{FILE}:19: events[0].sessions[0].start: 2024-03-31 02:30 does not exist in Europe/Paris (clocks go forward); "
        'it could mean 2024-03-31 00:30 UTC (utc_offset: "+02:00") or 2024-03-31 01:30 UTC (utc_offset: "+01:00"); '
        "correct the time or add utc_offset to pick one",
        "1 problem found; nothing was written",
    ]


def test_start_in_the_fall_back_fold_is_refused_naming_both_instants(site):
    site.edit(SERIES, "start: 2024-10-26 09:00", "start: 2024-10-27 02:30")
    assert site.refused() == [
        f"{FILE}:31: events[1].sessions[0].start: 2024-10-27 02:30 happens twice in Europe/Paris (clocks go back); "
        'it could mean 2024-10-27 00:30 UTC (utc_offset: "+02:00") or 2024-10-27 01:30 UTC (utc_offset: "+01:00"); '
        "add utc_offset to pick one",
        "1 problem found; nothing was written",
    ]


@pytest.mark.parametrize(
    ("offset", "instant"),
    [
        ('"+02:00"', dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC)),
        ('"+01:00"', dt.datetime(2024, 10, 27, 1, 30, tzinfo=UTC)),
    ],
)
def test_utc_offset_picks_one_of_the_two_0230s(site, offset, instant):
    site.edit(SERIES, "start: 2024-10-26 09:00", f"start: 2024-10-27 02:30\n        utc_offset: {offset}")
    data = rebuild(site)
    for start, end in instants(data, f"autumn.autumn.warmup@{DOMAIN}"):
        assert (start, end - start) == (instant, dt.timedelta(minutes=30))


def test_utc_offset_places_a_gap_time_at_the_instant_it_names(site):
    site.edit(SERIES, "start: 2024-03-31 01:30", 'start: 2024-03-31 02:30\n        utc_offset: "+01:00"')
    data = rebuild(site)
    # 02:30 at +01:00 is 01:30 UTC, which Paris clocks show as 03:30 summer time.
    assert b"DTSTART;TZID=Europe/Paris:20240331T033000\r\n" in data
    for start, _ in instants(data, f"autumn.spring.race@{DOMAIN}"):
        assert start == dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC)


def test_24_hour_race_across_fall_back_ends_at_15_00_local_after_24_real_hours(site):
    data = (site.out / "autumn.ics").read_bytes()
    assert b"DTSTART;TZID=Europe/Paris:20241026T160000\r\nDTEND;TZID=Europe/Paris:20241027T150000\r\n" in data
    for start, end in instants(data, f"autumn.autumn.race@{DOMAIN}"):
        assert start == dt.datetime(2024, 10, 26, 14, 0, tzinfo=UTC)
        assert end - start == dt.timedelta(hours=24)


def test_race_across_spring_forward_lasts_its_real_duration(site):
    data = (site.out / "autumn.ics").read_bytes()
    assert b"DTSTART;TZID=Europe/Paris:20240331T013000\r\nDTEND;TZID=Europe/Paris:20240331T043000\r\n" in data
    for start, end in instants(data, f"autumn.spring.race@{DOMAIN}"):
        assert end - start == dt.timedelta(hours=2)
