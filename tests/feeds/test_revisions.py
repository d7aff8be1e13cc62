"""What subscribers see when a series file changes: tests/data/multi-revision-old
and multi-revision-new are two revisions of one series.

A cancelled event keeps its UID and is marked, not deleted; a provisional
(date-only) event becomes a timed one under the same UID; a season added
later changes neither the feed paths nor any existing UID or event.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.feeds.helpers import build_into, ical_times, prop, read_json, utc, vevent_map, vobject_times

DOMAIN = "revisions.example.org"
LUSAIL_RACE = f"gamma-gt.2026-lusail.race@{DOMAIN}"
SARTHE_2027 = f"gamma-gt.2027-sarthe.race@{DOMAIN}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("revisions")
    return {name: build_into(DATA / f"multi-revision-{name}", root / name) for name in ("old", "new")}


def feed(builds: dict[str, Path], revision: str, slug: str = "gamma-gt") -> bytes:
    return (builds[revision] / f"{slug}.ics").read_bytes()


def test_new_season_keeps_every_path(builds: dict[str, Path]) -> None:
    old = sorted(str(p.relative_to(builds["old"])) for p in builds["old"].rglob("*") if p.is_file())
    new = sorted(str(p.relative_to(builds["new"])) for p in builds["new"].rglob("*") if p.is_file())
    assert old == new


@pytest.mark.parametrize("slug", ["gamma-gt", "gamma-gt-races", "all", "all-races"])
def test_new_season_keeps_every_uid(builds: dict[str, Path], slug: str) -> None:
    old, new = vevent_map(feed(builds, "old", slug)), vevent_map(feed(builds, "new", slug))
    assert set(old) <= set(new)
    assert f"gamma-gt.2028-fuji.race@{DOMAIN}" in new
    # An event nobody touched is byte-for-byte the same event.
    unchanged = f"gamma-gt.2026-sarthe.race@{DOMAIN}"
    assert old[unchanged] == new[unchanged]


def test_cancelled_event_keeps_its_uid_and_is_marked(builds: dict[str, Path]) -> None:
    old, new = vevent_map(feed(builds, "old")), vevent_map(feed(builds, "new"))
    for session in ("qualifying", "race"):
        uid = f"gamma-gt.2026-lusail.{session}@{DOMAIN}"
        assert prop(old[uid], "STATUS") == ":CONFIRMED"
        assert prop(new[uid], "STATUS") == ":CANCELLED"
    assert prop(new[LUSAIL_RACE], "SUMMARY").endswith("(cancelled)")
    assert ical_times(feed(builds, "new"))[LUSAIL_RACE][2] == "CANCELLED"
    race = next(s for s in read_json(builds["new"] / "gamma-gt.json")["sessions"] if s["uid"] == LUSAIL_RACE)
    assert (race["event"]["status"], race["session"]["status"]) == ("cancelled", "cancelled")


def test_provisional_event_is_all_day_and_tentative(builds: dict[str, Path]) -> None:
    block = vevent_map(feed(builds, "old"))[SARTHE_2027]
    assert prop(block, "DTSTART") == ";VALUE=DATE:20270612"
    assert prop(block, "DTEND") == ";VALUE=DATE:20270613"
    assert prop(block, "STATUS") == ":TENTATIVE"
    start, end, status = ical_times(feed(builds, "old"))[SARTHE_2027]
    assert (str(start), str(end), status) == ("2027-06-12", "2027-06-13", "TENTATIVE")
    session = next(s for s in read_json(builds["old"] / "gamma-gt.json")["sessions"] if s["uid"] == SARTHE_2027)
    assert (session["session"]["tbc"], session["date"], session["start"], session["end"]) == (
        True,
        "2027-06-12",
        None,
        None,
    )


def test_provisional_event_becomes_timed_under_the_same_uid(builds: dict[str, Path]) -> None:
    block = vevent_map(feed(builds, "new"))[SARTHE_2027]
    assert prop(block, "DTSTART") == ";TZID=Europe/Paris:20270612T160000"
    assert prop(block, "STATUS") == ":CONFIRMED"
    expected = (utc("2027-06-12 14:00"), utc("2027-06-13 14:00"))
    assert ical_times(feed(builds, "new"))[SARTHE_2027][:2] == expected
    assert vobject_times(feed(builds, "new"))[SARTHE_2027] == expected
    session = next(s for s in read_json(builds["new"] / "gamma-gt.json")["sessions"] if s["uid"] == SARTHE_2027)
    assert session["session"]["tbc"] is False
    assert session["start"] == {"utc": "2027-06-12T14:00:00Z", "local": "2027-06-12T16:00:00+02:00"}
    assert session["end"] == {"utc": "2027-06-13T14:00:00Z", "local": "2027-06-13T16:00:00+02:00"}
