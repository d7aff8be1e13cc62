"""The real feeds/ folder, built into a temporary folder: WEC race starts at
their sourced instants as independent parsers read them, the São Paulo
VTIMEZONE, the 2026 cancellations and 2027 provisional dates, Klaus Bachler's
driver feed and the class feeds, and every JSON output against the schema.

UIDs are found by reading the real YAML's ids (the event of a season at a
venue), so renaming an event id in the data does not silently skip a check.
"""

from __future__ import annotations

import copy
import functools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.feeds.helpers import (
    build_into,
    ical_times,
    prop,
    read_json,
    schema_errors,
    schema_validator,
    uids,
    utc,
    vevent_map,
    vobject_times,
    vtimezone,
)
from tests.interop.readers import read_icaljs, read_python

FEEDS = ROOT / "feeds"
WEC = FEEDS / "series" / "fia-wec.yaml"
BASE_URL = "https://calendars.example.org/"

pytestmark = pytest.mark.skipif(
    not WEC.is_file(), reason="feeds/series/fia-wec.yaml is missing: the real-data tests need the WEC calendar"
)


def load_yaml(path: Path) -> Any:
    return copy.deepcopy(_parse_yaml(path, path.stat().st_mtime_ns))


@functools.cache
def _parse_yaml(path: Path, mtime_ns: int) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def domain() -> str:
    return load_yaml(FEEDS / "site.yaml")["uid_domain"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_into(FEEDS, tmp_path_factory.mktemp("real") / "public", BASE_URL)


@pytest.fixture(scope="module")
def wec(built: Path) -> bytes:
    return (built / "fia-wec.ics").read_bytes()


def event_at(season: str, venue: str, path: Path = WEC) -> dict:
    """The one event of a season at a venue that has a race (not a test day)."""
    found = [
        e
        for e in load_yaml(path)["events"]
        if e["season"] == season and e["venue"] == venue and any(s["kind"] == "race" for s in e["sessions"])
    ]
    assert len(found) == 1, (
        f"expected one {season} race event at {venue} in {path.name}, found {[e['id'] for e in found]}"
    )
    return found[0]


def race_uid(season: str, venue: str, domain: str, path: Path = WEC) -> str:
    event = event_at(season, venue, path)
    races = [s["id"] for s in event["sessions"] if s["kind"] == "race"]
    assert len(races) == 1, f"{event['id']}: expected one race session, found {races}"
    return f"{path.stem}.{event['id']}.{races[0]}@{domain}"


# (season, venue, start UTC, end UTC or None when only the start is pinned)
RACES = [
    ("2024", "lusail", "2024-03-02 08:00", None),
    ("2024", "imola", "2024-04-21 11:00", None),
    ("2024", "spa-francorchamps", "2024-05-11 11:00", None),
    ("2024", "le-mans", "2024-06-15 14:00", "2024-06-16 14:00"),
    ("2024", "interlagos", "2024-07-14 14:30", None),
    ("2024", "cota", "2024-09-01 18:00", None),
    ("2024", "fuji", "2024-09-15 02:00", None),
    ("2024", "bahrain", "2024-11-02 11:00", None),
    ("2025", "lusail", "2025-02-28 11:00", None),
    ("2025", "le-mans", "2025-06-14 14:00", "2025-06-15 14:00"),
    ("2025", "fuji", "2025-09-28 02:00", None),
]


@pytest.fixture(scope="module")
def parsed(wec: bytes) -> dict[str, dict]:
    return {"ical": ical_times(wec), "vobject": vobject_times(wec)}


@pytest.mark.parametrize(("season", "venue", "start", "end"), RACES, ids=[f"{r[0]}-{r[1]}" for r in RACES])
def test_wec_race_starts_at_its_sourced_instant(
    parsed: dict[str, dict], domain: str, season: str, venue: str, start: str, end: str | None
) -> None:
    uid = race_uid(season, venue, domain)
    for parser, times in parsed.items():
        read_start, read_end = times[uid][:2]
        assert read_start == utc(start), f"{parser} reads {uid} starting at {read_start}"
        if end is not None:
            assert read_end == utc(end), f"{parser} reads {uid} ending at {read_end}"


def test_wec_race_instants_in_json(built: Path, domain: str) -> None:
    sessions = {s["uid"]: s for s in read_json(built / "fia-wec.json")["sessions"]}
    for season, venue, start, end in RACES:
        session = sessions[race_uid(season, venue, domain)]
        assert session["start"]["utc"] == utc(start).strftime("%Y-%m-%dT%H:%M:%SZ")
        if end is not None:
            assert session["end"]["utc"] == utc(end).strftime("%Y-%m-%dT%H:%M:%SZ")
    le_mans = sessions[race_uid("2024", "le-mans", domain)]
    assert (le_mans["start"]["local"], le_mans["end"]["local"]) == (
        "2024-06-15T16:00:00+02:00",
        "2024-06-16T16:00:00+02:00",
    )


@pytest.mark.parametrize("slug", ["fia-wec", "fia-wec-races", "all", "klaus-bachler"])
def test_sao_paulo_vtimezone_has_no_dst_rule(built: Path, slug: str) -> None:
    # America/Sao_Paulo has had no DST since 2019: one fixed STANDARD, no DAYLIGHT, no RRULE.
    block = vtimezone((built / f"{slug}.ics").read_bytes(), "America/Sao_Paulo")
    assert "BEGIN:DAYLIGHT" not in block
    assert "RRULE" not in block
    assert block.count("BEGIN:STANDARD") == 1
    offsets = re.findall(r"^TZOFFSET(?:FROM|TO):(.*)\r$", block, re.M)
    assert offsets == ["-0300", "-0300"], offsets


def test_cancelled_2026_qatar_is_in_the_feed_marked_cancelled(wec: bytes, parsed: dict[str, dict], domain: str) -> None:
    uid = race_uid("2026", "lusail", domain)
    block = vevent_map(wec)[uid]
    assert prop(block, "STATUS") == ":CANCELLED"
    assert parsed["ical"][uid][2] == "CANCELLED"
    assert event_at("2026", "lusail")["status"] == "cancelled"


def rewrite_event(feeds: Path, season: str, venue: str, change: Callable[[dict], None]) -> None:
    """Edit one event of a copy of the real WEC file: a past or future revision of the data."""
    path = feeds / "series" / "fia-wec.yaml"
    data = load_yaml(path)
    event = next(e for e in data["events"] if e["id"] == event_at(season, venue, path)["id"])
    change(event)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def as_scheduled_in_march(event: dict) -> None:
    # The 2026 Qatar round as first announced (race day 28 March 2026), before it was postponed and cancelled.
    event["status"] = "scheduled"
    for session in event["sessions"]:
        session.pop("status", None)
        if session["kind"] == "race":
            session["date"] = "2026-03-28"


def test_cancelled_2026_qatar_keeps_the_uid_it_had_while_scheduled(tmp_path: Path, wec: bytes, domain: str) -> None:
    old_feeds = tmp_path / "old" / "feeds"
    shutil.copytree(FEEDS, old_feeds)
    rewrite_event(old_feeds, "2026", "lusail", as_scheduled_in_march)
    old = build_into(old_feeds, tmp_path / "old" / "public")
    old_events, new_events = vevent_map((old / "fia-wec.ics").read_bytes()), vevent_map(wec)
    uid = race_uid("2026", "lusail", domain)
    assert prop(old_events[uid], "STATUS") != ":CANCELLED"
    assert prop(old_events[uid], "DTSTART") == ";VALUE=DATE:20260328"
    assert prop(new_events[uid], "STATUS") == ":CANCELLED"
    assert set(old_events) == set(new_events), "cancelling must neither add nor remove a UID"


def test_2027_provisional_events_are_all_day_and_tentative(wec: bytes, domain: str) -> None:
    events = vevent_map(wec)
    provisional = [e for e in load_yaml(WEC)["events"] if e["season"] == "2027"]
    assert provisional, "the 2027 provisional calendar is missing"
    for event in provisional:
        for session in event["sessions"]:
            block = events[f"fia-wec.{event['id']}.{session['id']}@{domain}"]
            assert prop(block, "DTSTART").startswith(";VALUE=DATE:"), event["id"]
            assert prop(block, "STATUS") == ":TENTATIVE", event["id"]


def test_2027_event_keeps_its_uid_when_a_time_is_published(tmp_path: Path, wec: bytes, domain: str) -> None:
    def timed(event: dict) -> None:
        event["status"] = "scheduled"
        event["confidence"] = "single-source"
        for session in event["sessions"]:
            session["start"] = session.pop("date") + " 14:00"
            session["duration"] = "10h"

    feeds = tmp_path / "feeds"
    shutil.copytree(FEEDS, feeds)
    rewrite_event(feeds, "2027", "lusail", timed)
    later = build_into(feeds, tmp_path / "public")
    uid = race_uid("2027", "lusail", domain)
    before, after = vevent_map(wec), vevent_map((later / "fia-wec.ics").read_bytes())
    assert prop(before[uid], "DTSTART").startswith(";VALUE=DATE:")
    assert prop(after[uid], "DTSTART").startswith(";TZID=Asia/Qatar:")
    assert prop(after[uid], "STATUS") == ":CONFIRMED"
    assert set(before) == set(after)
    assert ical_times((later / "fia-wec.ics").read_bytes())[uid][0].hour == 11  # 14:00 at UTC+3


# Every race of Klaus Bachler's sourced entries (../data notes, sections 1.2
# and 4; the series files cite the times): UID -> its UTC start, or its
# venue-local day while the time is TBC.
BACHLER_RACES = {
    "asian-le-mans-series.2023-sepang.race-1": "2023-12-02 06:00",
    "asian-le-mans-series.2023-sepang.race-2": "2023-12-03 06:00",
    "asian-le-mans-series.2024-dubai.race": "2024-02-04 09:00",
    "asian-le-mans-series.2024-abu-dhabi.race-1": "2024-02-10 11:00",
    "asian-le-mans-series.2024-abu-dhabi.race-2": "2024-02-11 12:00",
    "fia-wec.2024-qatar.race": "2024-03-02 08:00",
    "fia-wec.2024-imola.race": "2024-04-21 11:00",
    "fia-wec.2024-spa.race": "2024-05-11 11:00",
    "fia-wec.2024-le-mans.race": "2024-06-15 14:00",
    "fia-wec.2024-sao-paulo.race": "2024-07-14 14:30",
    "fia-wec.2024-cota.race": "2024-09-01 18:00",
    "fia-wec.2024-fuji.race": "2024-09-15 02:00",
    "fia-wec.2024-bahrain.race": "2024-11-02 11:00",
    "asian-le-mans-series.2024-sepang.race-1": "2024-12-07",
    "asian-le-mans-series.2024-sepang.race-2": "2024-12-08",
    "asian-le-mans-series.2025-dubai.race-1": "2025-02-08 10:10",
    "asian-le-mans-series.2025-dubai.race-2": "2025-02-09 10:10",
    "asian-le-mans-series.2025-abu-dhabi.race-1": "2025-02-15 11:00",
    "asian-le-mans-series.2025-abu-dhabi.race-2": "2025-02-16",
    "fia-wec.2025-le-mans.race": "2025-06-14 14:00",
    "asian-le-mans-series.2025-sepang.race-1": "2025-12-13 05:00",
    "asian-le-mans-series.2025-sepang.race-2": "2025-12-14 05:00",
    "asian-le-mans-series.2026-dubai.race-1": "2026-01-31 10:10",
    "asian-le-mans-series.2026-dubai.race-2": "2026-02-01",
    "asian-le-mans-series.2026-abu-dhabi.race-1": "2026-02-07 11:00",
    "asian-le-mans-series.2026-abu-dhabi.race-2": "2026-02-08 12:30",
}


def expected_start(text: str) -> str:
    """As tests.interop.readers writes a start: a UTC instant, or the day of an all-day event."""
    return text if len(text) == 10 else utc(text).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_klaus_bachler_races_are_at_their_sourced_instants_for_every_parser(built: Path, domain: str) -> None:
    data = (built / "klaus-bachler.ics").read_bytes()
    readings = {parser: read_python(parser, data) for parser in ("icalendar", "vobject", "ical")}
    if shutil.which("node") and (ROOT / "node_modules" / "ical.js").is_dir():
        readings["ical.js"] = read_icaljs([built / "klaus-bachler.ics"], shutil.which("node"))[
            built / "klaus-bachler.ics"
        ]  # type: ignore[arg-type]
    races = {f"{uid}@{domain}": expected_start(start) for uid, start in BACHLER_RACES.items()}
    for parser, found in readings.items():
        starts = {
            reading["uid"]: reading["start"]
            for reading in found
            if re.fullmatch(r"race(-\d)?", reading["uid"].split("@")[0].rsplit(".", 1)[1])
        }
        assert starts == races, parser


def test_klaus_bachler_holds_exactly_his_class_sessions_of_his_events(built: Path, domain: str) -> None:
    found = uids((built / "klaus-bachler.ics").read_bytes())
    assert len(found) == len(set(found))
    # Of the events of his races, every session for all classes or for his
    # (GT in ALMS, LMGT3 in WEC), read from the YAML with PyYAML.
    his_class = {"asian-le-mans-series": "gt", "fia-wec": "lmgt3"}
    events = {uid.rsplit(".", 1)[0] for uid in BACHLER_RACES}
    expected = set()
    for slug, class_id in his_class.items():
        for event in load_yaml(FEEDS / "series" / f"{slug}.yaml")["events"]:
            if f"{slug}.{event['id']}" in events:
                expected |= {
                    f"{slug}.{event['id']}.{s['id']}@{domain}"
                    for s in event["sessions"]
                    if class_id in s.get("classes", [class_id])
                }
    assert set(found) == expected
    hypercar_only = [uid for uid in found if "hypercar" in uid]
    assert hypercar_only == []
    assert len(found) == 75  # 68 as a collection, less the 8 Hypercar-only sessions, plus 15 of 2024/25 to 2025/26


def test_klaus_bachler_sessions_are_the_series_sessions_byte_for_byte_but_the_entry(built: Path) -> None:
    series = {
        **vevent_map((built / "fia-wec.ics").read_bytes()),
        **vevent_map((built / "asian-le-mans-series.ics").read_bytes()),
    }
    for uid, block in vevent_map((built / "klaus-bachler.ics").read_bytes()).items():
        assert uid in series
        for name in ("DTSTART", "SUMMARY", "STATUS", "LOCATION"):
            assert prop(block, name) == prop(series[uid], name), (uid, name)


def test_klaus_bachler_json_names_his_entry_per_event(built: Path) -> None:
    entries = {
        session["uid"].split("@")[0].rsplit(".", 1)[0]: session["entry"]["text"]
        for session in read_json(built / "klaus-bachler.json")["sessions"]
    }
    assert (
        entries["asian-le-mans-series.2023-sepang"]
        == "Pure Rxcing Porsche 911 GT3 R (GT), with Alex Malykhin and Joel Sturm"
    )
    assert (
        entries["fia-wec.2024-imola"]
        == "#92 Manthey Pure Rxcing Porsche 911 GT3 R (LMGT3), with Aliaksandr Malykhin and Joel Sturm"
    )
    assert (
        entries["asian-le-mans-series.2025-abu-dhabi"]
        == "#10 Manthey Racing Porsche 911 GT3 R (GT), with Antares Au and Joel Sturm"
    )
    assert entries["fia-wec.2025-le-mans"] == "#90 Manthey Porsche 911 GT3 R (LMGT3), with Antares Au and Loek Hartog"
    assert (
        entries["asian-le-mans-series.2026-dubai"]
        == "#10 Manthey Racing Porsche 911 GT3 R (GT), with Antares Au and Loek Hartog"
    )
    for session in read_json(built / "klaus-bachler.json")["sessions"]:
        assert session["entry"]["sources"]


def test_klaus_bachler_feed_says_what_it_does_not_cover(built: Path) -> None:
    description = read_json(built / "klaus-bachler.json")["feed"]["description"]
    assert "IMSA" in description and "24H Series" in description and "not covered" in description


@pytest.mark.parametrize("slug", ["fia-wec", "asian-le-mans-series"])
def test_real_class_feeds_are_their_class_and_together_the_series(built: Path, slug: str) -> None:
    data = load_yaml(FEEDS / "series" / f"{slug}.yaml")
    every = set(vevent_map((built / f"{slug}.ics").read_bytes()))
    season_classes = {s["id"]: s.get("classes", [c["id"] for c in data["classes"]]) for s in data["seasons"]}
    union: set[str] = set()
    for race_class in data["classes"]:
        feed = vevent_map((built / f"{slug}-{race_class['id']}.ics").read_bytes())
        union |= set(feed)
        domain = next(iter(every)).split("@")[1]
        expected = {
            f"{slug}.{event['id']}.{session['id']}@{domain}"
            for event in data["events"]
            for session in event["sessions"]
            if race_class["id"] in session.get("classes", season_classes[event["season"]])
        }
        assert set(feed) == expected, race_class["id"]
    assert union == every


@pytest.mark.parametrize(("combined", "suffix"), [("all", ""), ("all-races", "-races")])
def test_real_combined_feed_is_the_union_of_the_series_feeds(built: Path, combined: str, suffix: str) -> None:
    # Each session once, from its home series' feed; a race shared with another
    # series (shared:) is in that series' feed too, as the very same VEVENT.
    union: dict[str, bytes] = {}
    borrowed: dict[str, bytes] = {}
    for path in sorted((FEEDS / "series").glob("*.yaml")):
        for uid, block in vevent_map((built / f"{path.stem}{suffix}.ics").read_bytes()).items():
            if uid.startswith(f"{path.stem}."):
                assert uid not in union
                union[uid] = block
            else:
                borrowed[uid] = block
    assert borrowed, "the IGTC feeds list the shared 24-hour races"
    for uid, block in borrowed.items():
        assert union[uid] == block, uid
    assert vevent_map((built / f"{combined}.ics").read_bytes()) == union


def test_real_json_outputs_validate_against_the_schema(built: Path) -> None:
    validator = schema_validator()
    outputs = sorted(built.glob("*.json"))
    assert sorted(p.stem for p in outputs) == sorted(p.stem for p in built.glob("*.ics"))
    for path in outputs:
        document = read_json(path)
        assert schema_errors(validator, document) == [], path.name
        assert [s["uid"] for s in document["sessions"]] == uids((built / f"{path.stem}.ics").read_bytes()), path.name


def test_real_json_tells_which_seasons_have_no_calendar(built: Path) -> None:
    seasons = {s["slug"]: s["seasons"] for s in read_json(built / "all.json")["series"]}
    alms = load_yaml(FEEDS / "series" / "asian-le-mans-series.yaml")
    unpublished = [s["id"] for s in alms["seasons"] if not any(e["season"] == s["id"] for e in alms["events"])]
    assert unpublished, "the ALMS file lists a season without events (2026/27, not published)"
    for season in seasons["asian-le-mans-series"]:
        if season["id"] in unpublished:
            assert season["events"] == 0 and season["note"], season
