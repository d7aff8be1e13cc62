"""A session in every zone of tzdata's zone1970.tab, read by the four parsers.

The fixture (written into a temporary folder) has one venue per zone and, per
venue, a session in January, one in July and, where the zone changes its
offset in the year, one from six hours before that change to six hours after
it. Built by the CLI, every feed is read by icalendar, vobject, ical and
ical.js, as published and with private TZIDs (so that each parser must use
our VTIMEZONE blocks, as Outlook does), and every reading must be the
instants computed from the YAML. Regression: a VTIMEZONE starting in the
feed's first year made vobject take Europe/London and Europe/Lisbon for UTC
and read their times as floating.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import pytz

from generator.load import load
from generator.validate import validate
from generator.vtimezone import transitions
from tests.conftest import cli
from tests.interop.conftest import Built, report
from tests.interop.readers import PARSERS, expected_readings, forget_zones, read_icaljs, read_python
from tests.interop.test_parsers import MODES, differences, feed_files, node_with_icaljs

# A whole-corpus test of many examples (2,300 VEVENTs, each read by four
# parsers, twice): in make test, not in make test-fast, whose four-parser
# check is tests/interop/test_parsers.py on feeds/ and the edge cases.
pytestmark = pytest.mark.heavy

YEAR = 2025


def zone1970() -> list[tuple[str, str, float, float]]:
    """(zone, first country code, latitude, longitude) of every line of zone1970.tab."""
    rows = []
    with pytz.open_resource("zone1970.tab") as table:
        for line in table.read().decode("utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            codes, place, zone = line.split("\t")[:3]
            rows.append((zone, codes.split(",")[0], *coordinates(place)))
    return rows


def coordinates(place: str) -> tuple[float, float]:
    """ISO 6709 ``+DDMM+DDDMM`` or ``+DDMMSS+DDDMMSS`` as decimal degrees."""
    split = max(place.rfind("+"), place.rfind("-"))
    latitude, longitude = place[:split], place[split:]

    def degrees(text: str, width: int) -> float:
        sign = -1 if text[0] == "-" else 1
        digits = text[1:]
        whole, minutes, seconds = digits[:width], digits[width : width + 2], digits[width + 2 :] or "0"
        return sign * round(int(whole) + int(minutes) / 60 + int(seconds) / 3600, 4)

    return degrees(latitude, 2), degrees(longitude, 3)


def venue_id(zone: str) -> str:
    return zone.lower().replace("/", "-").replace("_", "-")


def sessions(zone: str) -> list[tuple[str, str, str]]:
    """(id, kind, start) of the zone's sessions: January, July and across its first change of the year."""
    found = [("january", "practice", f"{YEAR}-01-15 12:00"), ("july", "race", f"{YEAR}-07-15 12:00")]
    changes = transitions(zone, dt.datetime(YEAR, 1, 1), dt.datetime(YEAR + 1, 1, 1))
    if changes:
        start = pytz.utc.localize(changes[0].utc - dt.timedelta(hours=6)).astimezone(pytz.timezone(zone))
        found.append(("change", "race", f"{start:%Y-%m-%d %H:%M}"))
    return found


def write_fixture(folder: Path) -> Path:
    (folder / "series").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "title: Every zone\ndescription: A session in every zone of zone1970.tab.\nuid_domain: zones.example.org\n"
    )
    venues, events = ["venues:"], []
    for zone, country, latitude, longitude in zone1970():
        venues += [
            f"  {venue_id(zone)}:",
            f"    name: Circuit of {zone}",
            f"    locality: {zone.rsplit('/', 1)[-1].replace('_', ' ')}",
            f"    country: {country}",
            f"    timezone: {zone}",
            f"    latitude: {latitude}",
            f"    longitude: {longitude}",
            f"    sources: [https://example.org/venues/{venue_id(zone)}]",
        ]
        for session, kind, start in sessions(zone):
            # One event per session: an event spans at most 14 days.
            events += [
                f"  - id: {venue_id(zone)}-{session}",
                f"    season: '{YEAR}'",
                f"    name: {session.capitalize()} race of {zone}",
                f"    venue: {venue_id(zone)}",
                "    confidence: confirmed",
                f"    sources: [https://example.org/{venue_id(zone)}]",
                "    sessions:",
                f"      - {{id: {session}, kind: {kind}, name: {session.capitalize()}, start: '{start}', duration: 12h}}",
            ]
    (folder / "venues.yaml").write_text("\n".join(venues) + "\n")
    series = [
        "name: Every Zone Series",
        "short_name: EZ",
        "url: https://example.org/every-zone",
        "description: One race in every zone.",
        "seasons:",
        f"  - id: '{YEAR}'",
        f"    name: '{YEAR}'",
        "events:",
        *events,
    ]
    (folder / "series" / "every-zone.yaml").write_text("\n".join(series) + "\n")
    return folder


@pytest.fixture(scope="module")
def every_zone(tmp_path_factory: pytest.TempPathFactory) -> Built:
    feeds = write_fixture(tmp_path_factory.mktemp("every-zone") / "feeds")
    out = feeds.parent / "public"
    result = cli("build", "--feeds", str(feeds), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return Built("every-zone", out, validate(load(feeds)))


def test_the_fixture_has_every_zone_and_crosses_changes(every_zone):
    zones = {event.venue.timezone for series in every_zone.model.series for event in series.events}
    assert zones == {zone for zone, *_ in zone1970()}
    assert len(zones) > 300
    crossing = sum(
        1
        for series in every_zone.model.series
        for event in series.events
        for session in event.sessions
        if session.id == "change"
    )
    # Every zone with summer time changes twice a year; dozens do.
    assert crossing > 50
    assert {"Europe/London", "Europe/Lisbon", "Africa/Abidjan", "Europe/Dublin", "Africa/Casablanca"} <= zones


@pytest.mark.node
@pytest.mark.parametrize("mode", MODES)
def test_four_parsers_agree_in_every_zone(every_zone, tmp_path, mode):
    node = node_with_icaljs()
    files = feed_files(every_zone, mode, tmp_path / "private")
    forget_zones()
    js = read_icaljs([path for _, path in files], node)
    problems: list[str] = []
    agreeing: Counter[str] = Counter()
    for feed, path in files:
        expected = expected_readings(feed, every_zone.model.site)
        assert expected
        data = path.read_bytes()
        for parser in PARSERS:
            readings = js[path] if parser == "ical.js" else read_python(parser, data)
            found = differences(parser, path, expected, readings)
            problems += [message for _, message in found]
            bad = {uid for uid, _ in found}
            agreeing[parser] += sum(1 for want in expected if want["uid"] not in bad)
    report(
        f"every zone of zone1970.tab ({mode}): {', '.join(f'{p} {agreeing[p]}' for p in PARSERS)} VEVENTs read as computed, {every_zone.sessions} sessions"
    )
    assert not problems, "\n".join(problems[:40]) + (
        f"\n... and {len(problems) - 40} more" if len(problems) > 40 else ""
    )
