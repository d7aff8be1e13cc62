"""Every generated .ics read by four parsers no one here wrote (icalendar,
vobject, ical, Mozilla's ical.js), as published and with every TZID renamed
to a private name so that each parser must use our VTIMEZONE blocks, as
Outlook does. For every session all four must read the same UID, summary,
status, description, location and UTC start and end, and those must be the
instants computed from the YAML."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.model import Feed
from tests.conftest import ROOT, require, require_command
from tests.interop.conftest import Built, report
from tests.interop.readers import (
    FIELDS,
    PARSERS,
    expected_readings,
    forget_zones,
    read_icalendar,
    read_icaljs,
    read_python,
    rename_tzids,
)

MODES = ("as published", "private TZIDs")


def node_with_icaljs() -> str:
    node = require_command("node")
    require((ROOT / "node_modules" / "ical.js").is_dir(), "node_modules/ical.js (npm ci)")
    return node


def feed_files(built: Built, mode: str, folder: Path) -> list[tuple[Feed, Path]]:
    """The build's feeds, as published or copied with private TZIDs."""
    if mode == "as published":
        return built.feeds()
    folder.mkdir(parents=True, exist_ok=True)
    renamed = []
    for feed, path in built.feeds():
        copy = folder / path.name
        copy.write_bytes(rename_tzids(path.read_bytes()))
        renamed.append((feed, copy))
    return renamed


def differences(parser: str, path: Path, expected: list[dict], readings: list[dict]) -> list[tuple[str, str]]:
    """(uid, what is wrong) for every way the parser's readings differ from the expected ones."""
    found = []
    by_uid: dict[str, dict] = {}
    for reading in readings:
        if reading["uid"] in by_uid:
            found.append((reading["uid"], f"{parser} {path.name}: {reading['uid']} read more than once"))
        by_uid[reading["uid"]] = reading
    for want in expected:
        got = by_uid.pop(want["uid"], None)
        if got is None:
            found.append((want["uid"], f"{parser} {path.name}: {want['uid']} missing"))
            continue
        found += [
            (want["uid"], f"{parser} {path.name}: {want['uid']} {key}: read {got[key]!r}, expected {want[key]!r}")
            for key in FIELDS
            if got[key] != want[key]
        ]
    found += [(uid, f"{parser} {path.name}: unexpected event {uid}") for uid in by_uid]
    return found


@pytest.mark.node
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("build", ["feeds", "edge-cases"])
def test_four_parsers_read_every_session_as_computed_from_the_yaml(built, tmp_path, build, mode):
    node = node_with_icaljs()
    one = built(build)
    files = feed_files(one, mode, tmp_path / "private")
    forget_zones()  # a client subscribed to this site's feeds, and no other
    js = read_icaljs([path for _, path in files], node)
    problems: list[str] = []
    agreeing: Counter[str] = Counter()
    disagreeing_uids: set[str] = set()
    events = 0
    for feed, path in files:
        expected = expected_readings(feed, one.model.site)
        # A class announced for a season without events yet (the ALMS Hypercar
        # class of 2026/27) has an empty feed: every parser must read no event
        # in it. Any other empty feed would make the check prove nothing.
        assert expected or feed.kind == "class", f"{path.name} holds no session: the check would prove nothing"
        events += len(expected)
        data = path.read_bytes()
        for parser in PARSERS:
            readings = js[path] if parser == "ical.js" else read_python(parser, data)
            found = differences(parser, path, expected, readings)
            problems += [message for _, message in found]
            bad = {uid for uid, _ in found}
            disagreeing_uids |= bad
            agreeing[parser] += sum(1 for want in expected if want["uid"] not in bad)
    uids = {reading["uid"] for feed, _ in files for reading in expected_readings(feed, one.model.site)}
    assert len(uids) == one.sessions, "every session of the YAML appears in some feed"
    report(
        f"{build} ({mode}): {len(PARSERS)} parsers agree with the YAML on {len(uids - disagreeing_uids)} of {len(uids)} sessions "
        f"({', '.join(f'{p} {agreeing[p]}/{events}' for p in PARSERS)} VEVENTs in {len(files)} feeds)"
    )
    assert not problems, "\n".join(problems[:40]) + (
        f"\n... and {len(problems) - 40} more" if len(problems) > 40 else ""
    )


# Instants worked out by hand from the organisers' local times, so that the
# model itself is checked too, not only the parsers against it.
EDGE_INSTANTS = {
    # 16:00 CEST, 24 real hours across the end of summer time: ends 15:00 CET.
    "edge-endurance.2024-bugatti-24h.race": ("2024-10-26T14:00:00Z", "2024-10-27T14:00:00Z"),
    "edge-endurance.2024-bugatti-24h.warmup": ("2024-10-26", "2024-10-27"),
    # Dubai, +04:00 all year; both sessions cross local midnight.
    "edge-endurance.2024-dubai-night.practice": ("2024-12-13T19:30:00Z", "2024-12-13T20:45:00Z"),
    "edge-endurance.2024-dubai-night.race": ("2024-12-14T18:00:00Z", "2024-12-15T00:00:00Z"),
    # 22:00 CST + 6 h across the start of CDT (05:00 CDT).
    "edge-endurance.2024-cota-spring.race": ("2024-03-10T04:00:00Z", "2024-03-10T10:00:00Z"),
    # The two 01:30s of 3 November 2024 in Chicago.
    "edge-endurance.2024-cota-autumn.first-0130": ("2024-11-03T06:30:00Z", "2024-11-03T06:50:00Z"),
    "edge-endurance.2024-cota-autumn.second-0130": ("2024-11-03T07:30:00Z", "2024-11-03T08:30:00Z"),
    # São Paulo: -02:00 (summer time) in 2018, -03:00 since it was abolished in 2019.
    "edge-endurance.2018-interlagos.race": ("2018-11-11T17:10:00Z", "2018-11-11T19:10:00Z"),
    "edge-endurance.2024-interlagos.race": ("2024-11-10T14:30:00Z", "2024-11-10T20:30:00Z"),
    # Melbourne, 02:30 AEDT (+11:00, the first of two), 8 h: ends 09:30 AEST.
    "edge-endurance.2025-phillip-island.race": ("2025-04-05T15:30:00Z", "2025-04-05T23:30:00Z"),
    # Le Mans, 01:00 CET to 04:00 CEST across the start of summer time: two real hours.
    "edge-sprint.2025-bugatti.race": ("2025-03-30T00:00:00Z", "2025-03-30T02:00:00Z"),
}


def test_edge_instants_are_the_ones_worked_out_by_hand(built):
    one = built("edge-cases")
    all_feed = next(feed for feed, _ in one.feeds() if feed.slug == "all")
    readings = {r["uid"].split("@")[0]: (r["start"], r["end"]) for r in expected_readings(all_feed, one.model.site)}
    assert {uid: readings[uid] for uid in EDGE_INSTANTS} == EDGE_INSTANTS


def test_the_edge_fixture_folds_long_non_ascii_text_mid_character_run(built):
    """The fixture must exercise folding inside multi-byte text, and the folds must be whole characters."""
    data = (built("edge-cases").out / "edge-endurance.ics").read_bytes()
    physical = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    for line in physical:
        line.decode("utf-8")  # a fold that split a character would not decode
    folded_in_text = [
        (before, after)
        for before, after in itertools.pairwise(physical)
        if after.startswith(b" ") and not before.isascii() and not after.isascii()
    ]
    assert len(folded_in_text) >= 3, "no fold fell inside non-ASCII text: make the fixture's names longer"
    summary = b"".join(line.lstrip(b" ") if line.startswith(b" ") else b"\n" + line for line in physical)
    assert "🏁 Großer Preis der Südhalbkugel".encode() in summary


def test_private_tzids_make_every_parser_use_our_vtimezones(built, tmp_path):
    """With our VTIMEZONE offsets made one hour wrong, every parser must read
    every zoned time one hour early: so the private-TZID run does test our blocks."""
    node = node_with_icaljs()
    published = (built("edge-cases").out / "all.ics").read_bytes()
    private = rename_tzids(published, "X-Wrong/")

    def one_hour_more(match: re.Match[bytes]) -> bytes:
        minutes = int(match.group(2)[1:3]) * 60 + int(match.group(2)[3:5])
        minutes = (minutes if match.group(2)[:1] == b"+" else -minutes) + 60
        return (
            match.group(1) + f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}".encode()
        )

    wrong = re.sub(rb"(TZOFFSET(?:FROM|TO):)([+-]\d{4})", one_hour_more, private)
    path = tmp_path / "wrong.ics"
    path.write_bytes(wrong)
    forget_zones()
    right = {r["uid"]: r for r in read_icalendar(published)}
    zoned = {uid for uid, r in right.items() if "T" in r["start"] and not published_in_utc(published, uid)}
    assert len(zoned) >= 10
    js = read_icaljs([path], node)[path]
    for parser in PARSERS:
        readings = js if parser == "ical.js" else read_python(parser, wrong)
        moved = {
            r["uid"]
            for r in readings
            if r["uid"] in zoned and instant(r["start"]) == instant(right[r["uid"]]["start"]) - dt.timedelta(hours=1)
        }
        assert moved == zoned, f"{parser} did not use our VTIMEZONE for {sorted(zoned - moved)}"


def instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def published_in_utc(data: bytes, uid: str) -> bool:
    """Whether the event's DTSTART is written in UTC (a wall time that happens twice)."""
    event = next(
        block for block in data.split(b"BEGIN:VEVENT")[1:] if f"UID:{uid}".encode() in block.replace(b"\r\n ", b"")
    )
    return re.search(rb"\r\nDTSTART:\d{8}T\d{6}Z\r\n", event) is not None


@pytest.mark.parametrize("build", ["feeds", "edge-cases"])
def test_each_zone_has_one_vtimezone_for_the_whole_site(built, build):
    """vobject and icalendar keep the first VTIMEZONE they read for a TZID and
    use it for every later feed: all feeds of a site must share one block per zone."""
    blocks: dict[bytes, set[bytes]] = {}
    for _, path in built(build).feeds():
        for block in re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", path.read_bytes(), re.S):
            blocks.setdefault(re.search(rb"TZID:([^\r]+)", block).group(1), set()).add(block)
    assert blocks and {zone: len(found) for zone, found in blocks.items()} == dict.fromkeys(blocks, 1)
