"""The real Asian Le Mans Series 2023/24 races, built from feeds/ as a user
would, read back by icalendar, vobject and ical at their sourced instants.
The only tests that read the real feeds/ folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
import pytz
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests.conftest import ROOT, cli
from tests.unit.vtimezone_client import client_zones, mismatches

UTC = dt.UTC
DOMAIN = "endurance-calendars.github.io"
SERIES = "asian-le-mans-series"
RACES = {
    # uid: sourced start in UTC; each race lasts four hours
    f"{SERIES}.2023-sepang.race-1@{DOMAIN}": dt.datetime(2023, 12, 2, 6, 0, tzinfo=UTC),
    f"{SERIES}.2024-dubai.race@{DOMAIN}": dt.datetime(2024, 2, 4, 9, 0, tzinfo=UTC),
    f"{SERIES}.2024-abu-dhabi.race-2@{DOMAIN}": dt.datetime(2024, 2, 11, 12, 0, tzinfo=UTC),
}
FOUR_HOURS = dt.timedelta(hours=4)


@pytest.fixture(scope="module")
def public(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real") / "public"
    result = cli("build", "--feeds", str(ROOT / "feeds"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("feed", [f"{SERIES}.ics", f"{SERIES}-races.ics", "all.ics"])
def test_icalendar_reads_the_races_at_their_sourced_instants_without_errors(public, feed):
    calendar = icalendar.Calendar.from_ical((public / feed).read_bytes())
    assert calendar.errors == []
    assert [c.name for c in calendar.walk() if c.errors] == []
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    for uid, start in RACES.items():
        assert events[uid].start.astimezone(UTC) == start
        assert events[uid].end.astimezone(UTC) - start == FOUR_HOURS


def test_vobject_reads_the_races_at_their_sourced_instants_using_our_vtimezones(public):
    calendar = vobject.readOne((public / f"{SERIES}.ics").read_text(encoding="utf-8"))
    events = {e.uid.value: e for e in calendar.vevent_list}
    for uid, start in RACES.items():
        event = events[uid]
        assert event.dtstart.value.astimezone(UTC) == start
        assert event.dtend.value.astimezone(UTC) - start == FOUR_HOURS


def test_ical_reads_the_races_at_their_sourced_instants(public):
    calendar = IcsCalendarStream.calendar_from_ics((public / f"{SERIES}.ics").read_text(encoding="utf-8"))
    events = {e.uid: e for e in calendar.events}
    for uid, start in RACES.items():
        assert events[uid].dtstart.astimezone(UTC) == start
        assert events[uid].dtend.astimezone(UTC) - start == FOUR_HOURS


def test_race_bytes_are_in_the_venue_zone(public):
    data = (public / f"{SERIES}-races.ics").read_bytes().replace(b"\r\n ", b"")
    for line in (
        b"DTSTART;TZID=Asia/Kuala_Lumpur:20231202T140000\r\nDTEND;TZID=Asia/Kuala_Lumpur:20231202T180000",
        b"DTSTART;TZID=Asia/Dubai:20240204T130000\r\nDTEND;TZID=Asia/Dubai:20240204T170000",
        b"DTSTART;TZID=Asia/Dubai:20240211T160000\r\nDTEND;TZID=Asia/Dubai:20240211T200000",
    ):
        assert line in data


def test_every_vtimezone_of_every_real_feed_agrees_with_tzdata(public):
    checks = {}  # feeds often carry the same VTIMEZONE for the same span: check each once
    for path in sorted(public.glob("*.ics")):
        data = path.read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        years: dict[str, set[int]] = {}
        for event in calendar.walk("VEVENT"):
            for name in ("DTSTART", "DTEND"):
                if name in event and "TZID" in event[name].params:
                    years.setdefault(event[name].params["TZID"], set()).add(event[name].dt.year)
        blocks = {str(c["TZID"]): c.to_ical() for c in calendar.walk("VTIMEZONE")}
        assert set(blocks) == set(years), path.name
        for tzid, span in years.items():
            checks.setdefault((tzid, blocks[tzid], min(span), max(span)), path.name)
    assert len({tzid for tzid, *_ in checks}) >= 3
    for (tzid, block, first, last), name in checks.items():
        start, end = dt.datetime(first, 1, 1, tzinfo=UTC), dt.datetime(last + 1, 1, 1, tzinfo=UTC)
        client = client_zones(
            b"BEGIN:VCALENDAR\r\n" + block + b"END:VCALENDAR\r\n", until=end + dt.timedelta(days=400)
        )[tzid]
        assert mismatches(client, tzid, start, end) == [], f"{name}: {tzid}"


def test_every_real_session_resolves_through_our_vtimezone_to_the_tzdata_instant(public):
    data = (public / "all.ics").read_bytes()
    zones = client_zones(data, until=dt.datetime(2030, 1, 1, tzinfo=UTC))
    checked = 0
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            if name in event and "TZID" in event[name].params:
                tzid = event[name].params["TZID"]
                local = event[name].dt.replace(tzinfo=None)
                intended = pytz.timezone(tzid).localize(local, is_dst=None).astimezone(UTC)
                assert zones[tzid].to_utc(local) == {intended}, f"{event['UID']} {name}"
                checked += 1
    assert checked > 50
