"""Combined feeds, collections and seasons, on the fixture tests/data/multi-series.

all.ics is exactly the union of the series feeds (and all-races of the races
feeds), with byte-identical VEVENTs; a collection holds exactly what it
names; a collection naming something unknown fails with file and line;
max_seasons keeps the newest seasons without moving the feed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, cli, snapshot
from tests.feeds.helpers import build_into, collection_uids, prop, read_json, uids, vevent_map

FIXTURE = "multi-series"
SERIES = ("alpha-endurance", "beta-sprint")


@pytest.fixture
def built(fixture_feeds, tmp_path: Path) -> Path:
    return build_into(fixture_feeds(FIXTURE), tmp_path / "public")


def read(out: Path, slug: str) -> bytes:
    return (out / f"{slug}.ics").read_bytes()


@pytest.mark.parametrize(("combined", "suffix"), [("all", ""), ("all-races", "-races")])
def test_combined_feed_is_exactly_the_union_of_the_series_feeds(built: Path, combined: str, suffix: str) -> None:
    combined_events = vevent_map(read(built, combined))  # refuses a UID twice
    union: dict[str, bytes] = {}
    for series in SERIES:
        for uid, block in vevent_map(read(built, f"{series}{suffix}")).items():
            assert uid not in union, f"{uid} in two series feeds"
            union[uid] = block
    assert sorted(combined_events) == sorted(union)
    for uid, block in union.items():
        assert combined_events[uid] == block, f"the VEVENT of {uid} differs between its series feed and {combined}.ics"


def test_all_races_holds_exactly_the_races_of_all(built: Path) -> None:
    everything = vevent_map(read(built, "all"))
    races = vevent_map(read(built, "all-races"))
    is_race = {uid for uid, block in everything.items() if prop(block, "CATEGORIES").endswith(",Race")}
    assert races and set(races) == is_race
    assert all(everything[uid] == block for uid, block in races.items())


@pytest.mark.parametrize("collection", ["driver-one", "team-two"])
def test_collection_holds_exactly_the_events_and_kinds_it_names(built: Path, collection: str) -> None:
    expected = collection_uids(DATA / FIXTURE, collection, "multi.example.org")
    found = uids(read(built, collection))
    assert len(found) == len(set(found)), "a session twice"
    assert set(found) == expected


def test_collection_pins_the_driver_feed(built: Path) -> None:
    # The same expectation written out by hand, so that a bug shared by the
    # generator and expected_uids() cannot hide.
    assert sorted(uids(read(built, "driver-one"))) == sorted(
        f"{uid}@multi.example.org"
        for uid in (
            "alpha-endurance.2024-sarthe.fp1",
            "alpha-endurance.2024-sarthe.qualifying",
            "alpha-endurance.2024-sarthe.race",
            "alpha-endurance.2025-sarthe.warmup",
            "alpha-endurance.2025-sarthe.race",
            "beta-sprint.2024-interlagos.race",
        )
    )
    vevent = vevent_map(read(built, "driver-one"))["alpha-endurance.2024-sarthe.race@multi.example.org"]
    assert b"Entry: #7 Example Racing\\, with Driver Two" in vevent.replace(b"\r\n ", b"")
    # The collection's copy carries the entry; the series feed's does not.
    assert vevent != vevent_map(read(built, "alpha-endurance"))["alpha-endurance.2024-sarthe.race@multi.example.org"]


BAD_SERIES = """\
name: Bad
description: Names things that do not exist.
include:
  - series: alpha-endurace
    events: [2024-sarthe]
  - series: beta-sprint
    events: [2024-interlagos, 2024-interlgos]
"""


def test_collection_naming_unknown_series_or_event_is_an_error_with_file_and_line(
    fixture_feeds, tmp_path: Path
) -> None:
    feeds = fixture_feeds(FIXTURE)
    (feeds / "collections" / "bad.yaml").write_text(BAD_SERIES, encoding="utf-8")
    out = tmp_path / "public"
    result = cli("build", "--feeds", str(feeds), "--out", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "feeds/collections/bad.yaml:4: include[0].series: series 'alpha-endurace' is not in feeds/series/; did you mean 'alpha-endurance'?\n"
        "feeds/collections/bad.yaml:7: include[1].events[1]: event '2024-interlgos' is not in series 'beta-sprint'; did you mean '2024-interlagos'?\n"
        "2 problems found; nothing was written\n"
    )
    assert not out.exists()


def test_collection_error_leaves_the_published_site_alone(fixture_feeds, tmp_path: Path) -> None:
    feeds = fixture_feeds(FIXTURE)
    out = build_into(feeds, tmp_path / "public")
    before = snapshot(out)
    (feeds / "collections" / "bad.yaml").write_text(
        'name: Bad\ndescription: x\ninclude:\n  - series: beta-sprint\n    seasons: ["1999"]\n', encoding="utf-8"
    )
    result = cli("build", "--feeds", str(feeds), "--out", str(out))
    assert (result.returncode, result.stderr) == (
        1,
        "feeds/collections/bad.yaml:5: include[0].seasons[0]: season '1999' is not in series 'beta-sprint'\n1 problem found; nothing was written\n",
    )
    assert snapshot(out) == before


def test_max_seasons_keeps_the_newest_seasons_with_events(built: Path) -> None:
    found = uids(read(built, "beta-sprint"))
    assert not [uid for uid in found if ".2022-" in uid], "max_seasons: 2 must drop 2022"
    assert {uid.split(".")[1][:4] for uid in found} == {"2023", "2024"}
    # Dropped from every feed, not only the series feed.
    assert not [uid for uid in uids(read(built, "all")) if uid.startswith("beta-sprint.2022-")]
    seasons = read_json(built / "beta-sprint.json")["series"][0]["seasons"]
    # The newest season without events stays, with its note, for the site to show.
    assert [(s["id"], s["events"], s["note"]) for s in seasons] == [
        ("2023", 1, None),
        ("2024", 2, None),
        ("2025", 0, "Calendar not published yet."),
    ]


def test_max_seasons_does_not_move_the_feed(fixture_feeds, tmp_path: Path) -> None:
    feeds = fixture_feeds(FIXTURE)
    path = feeds / "series" / "beta-sprint.yaml"
    limited = build_into(feeds, tmp_path / "limited")
    path.write_text(path.read_text(encoding="utf-8").replace("max_seasons: 2\n", ""), encoding="utf-8")
    unlimited = build_into(feeds, tmp_path / "unlimited")
    assert sorted(p.name for p in limited.iterdir()) == sorted(p.name for p in unlimited.iterdir())
    kept, every = vevent_map(read(limited, "beta-sprint")), vevent_map(read(unlimited, "beta-sprint"))
    assert set(every) - set(kept) == {"beta-sprint.2022-interlagos.race@multi.example.org"}
    assert all(every[uid] == block for uid, block in kept.items()), "the kept seasons' events must not change"
