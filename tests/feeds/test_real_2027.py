"""The real feeds/ folder's 2027 endurance series: a few sourced dates per
series pinned as all-day events (no time is published for any of them), as
four parsers read the published feeds, and the shared 24-hour races with one
UID in every feed that counts them and once in all.ics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, require, require_command
from tests.feeds.helpers import build_into
from tests.interop.readers import read_ical, read_icalendar, read_icaljs, read_vobject

FEEDS = ROOT / "feeds"
DOMAIN = "@endurance-calendars.github.io"
# (feed, uid without the domain, first day, day after the last: DTEND is exclusive)
PINNED = [
    ("imsa-weathertech", "imsa-weathertech.2027-roar.test", "2027-01-22", "2027-01-25"),
    ("imsa-weathertech", "imsa-weathertech.2027-daytona.race", "2027-01-30", "2027-02-01"),
    ("imsa-weathertech", "imsa-weathertech.2027-sebring.race", "2027-03-20", "2027-03-21"),
    ("imsa-weathertech", "imsa-weathertech.2027-petit-le-mans.race", "2027-10-09", "2027-10-10"),
    ("european-le-mans-series", "european-le-mans-series.2027-barcelona-prologue.test", "2027-03-08", "2027-03-10"),
    ("european-le-mans-series", "european-le-mans-series.2027-barcelona.race", "2027-03-14", "2027-03-15"),
    ("european-le-mans-series", "european-le-mans-series.2027-portimao.race", "2027-10-02", "2027-10-03"),
    ("gt-world-challenge-europe", "gt-world-challenge-europe.2027-spa-24h.race", "2027-06-26", "2027-06-28"),
    ("gt-world-challenge-europe", "gt-world-challenge-europe.2027-barcelona.race", "2027-10-24", "2027-10-25"),
    ("intercontinental-gt-challenge", "intercontinental-gt-challenge.2027-bathurst.race", "2027-02-14", "2027-02-15"),
    ("intercontinental-gt-challenge", "intercontinental-gt-challenge.2027-suzuka.race", "2027-09-05", "2027-09-06"),
    ("nurburgring-24-hours", "nurburgring-24-hours.2027-qualifiers.weekend", "2027-04-30", "2027-05-03"),
    ("nurburgring-24-hours", "nurburgring-24-hours.2027-nurburgring-24h.race", "2027-05-29", "2027-05-31"),
    ("24h-series", "24h-series.2026-qatar.race", "2026-12-11", "2026-12-13"),
    ("24h-series", "24h-series.2027-barcelona.race", "2027-09-10", "2027-09-13"),
    ("gulf-12-hours", "gulf-12-hours.2027-yas-marina.race", "2027-01-10", "2027-01-11"),
]
SHARED = {
    "gt-world-challenge-europe.2027-spa-24h.race": ("gt-world-challenge-europe", "intercontinental-gt-challenge"),
    "nurburgring-24-hours.2027-nurburgring-24h.race": ("nurburgring-24-hours", "intercontinental-gt-challenge"),
}
FEED_NAMES = sorted({feed for feed, *_ in PINNED} | {"all"})

pytestmark = pytest.mark.skipif(
    not (FEEDS / "series" / "imsa-weathertech.yaml").is_file(), reason="the 2027 series files are missing"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(FEEDS, tmp_path_factory.mktemp("real-2027") / "public")


def by_uid(events: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """Each reading by its UID, in a list: a UID read twice shows."""
    found: dict[str, list[dict[str, str]]] = {}
    for reading in events:
        found.setdefault(reading["uid"], []).append(reading)
    return found


@pytest.fixture(scope="module")
def python_readings(built: Path) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """By (parser, feed): what icalendar, vobject and ical read."""
    parsers = (("icalendar", read_icalendar), ("vobject", read_vobject), ("ical", read_ical))
    return {
        (parser, name): by_uid(read((built / f"{name}.ics").read_bytes()))
        for parser, read in parsers
        for name in FEED_NAMES
    }


@pytest.fixture(scope="module")
def icaljs_readings(built: Path) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    """By ("ical.js", feed): what Mozilla's ical.js reads (node and npm ci needed)."""
    node = require_command("node")
    require((ROOT / "node_modules" / "ical.js").is_dir(), "node_modules/ical.js (npm ci)")
    paths = [built / f"{name}.ics" for name in FEED_NAMES]
    return {("ical.js", path.stem): by_uid(events) for path, events in read_icaljs(paths, node).items()}


@pytest.fixture
def readings(request: pytest.FixtureRequest, parser: str) -> dict[tuple[str, str], dict[str, list[dict[str, str]]]]:
    return request.getfixturevalue("icaljs_readings" if parser == "ical.js" else "python_readings")


@pytest.mark.parametrize("parser", ["icalendar", "vobject", "ical", "ical.js"])
@pytest.mark.parametrize(("feed", "uid", "first", "after"), PINNED, ids=[uid for _, uid, *_ in PINNED])
def test_pinned_date_is_an_all_day_event(readings, parser, feed, uid, first, after):
    for name in (feed, "all"):
        [reading] = readings[(parser, name)][uid + DOMAIN]
        assert (reading["start"], reading["end"]) == (first, after), name
        assert reading["summary"].endswith("(time TBC)")


@pytest.mark.parametrize("parser", ["icalendar", "vobject", "ical", "ical.js"])
def test_shared_races_keep_one_uid_and_are_listed_once(readings, parser):
    for uid, feeds in SHARED.items():
        held = [readings[(parser, feed)][uid + DOMAIN] for feed in feeds]
        assert all(len(found) == 1 for found in held)
        assert held[0] == held[1]
    counts = Counter({uid: len(found) for uid, found in readings[(parser, "all")].items()})
    assert set(counts.values()) == {1}
