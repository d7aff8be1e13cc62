"""Property-based tests (Hypothesis): random valid series always build and
are read back, by icalendar and by Home Assistant's ical through our own
VTIMEZONE blocks (private TZIDs), at the instants they were generated from;
random invalid changes to them always give a user error (exit status 1,
every problem as file:line: field: message), never a traceback.

A session is generated as a UTC instant, often near one of its zone's
offset changes, then written as the venue-local wall time the organiser
would publish, with utc_offset where that wall time happens twice; so the
expected instant is known without our own time code."""
from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import io
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.hardening.conftest import FIGURES
from tests.interop.readers import forget_zones, read_ical, read_icalendar, rename_tzids

ZONES = (
    "Europe/Paris", "America/Chicago", "America/Sao_Paulo", "Asia/Dubai", "Australia/Melbourne",
    "Australia/Lord_Howe",  # summer time of 30 minutes
    "Pacific/Chatham",  # +12:45 / +13:45
    "Asia/Kathmandu", "Europe/London", "America/Santiago", "Pacific/Auckland", "Africa/Casablanca",
)
# A venue's zone must be one of its country's.
COUNTRY = {"Europe/Paris": "FR", "America/Chicago": "US", "America/Sao_Paulo": "BR", "Asia/Dubai": "AE", "Australia/Melbourne": "AU",
           "Australia/Lord_Howe": "AU", "Pacific/Chatham": "NZ", "Asia/Kathmandu": "NP", "Europe/London": "GB",
           "America/Santiago": "CL", "Pacific/Auckland": "NZ", "Africa/Casablanca": "MA"}
FIRST, LAST = dt.datetime(2012, 1, 1), dt.datetime(2031, 1, 1)
DOMAIN = "property.example.org"
STATUS = {"scheduled": "CONFIRMED", "tentative": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SUMMARY_MARK = {"cancelled": " (cancelled)", "postponed": " (postponed)"}
pytestmark = pytest.mark.heavy
SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def printable(char: str) -> bool:
    """What a name may hold: YAML's printable set, minus line breaks and bidirectional controls."""
    code = ord(char)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000) and not (
        0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x2028, 0x2029, 0xFEFF)
    )


SPECIALS = st.sampled_from(list(",;:\\\"'#&*!|>%@`{}[]-?<> ") + ["BEGIN:VEVENT", "\\N", "\\n", "é", "ß", "Ж", "決勝", "🏁", "🏎️", "👨‍👩‍👧", "\u0301"])
NAME = st.lists(st.one_of(st.characters(codec="utf-8").filter(printable), SPECIALS), min_size=1, max_size=40).map("".join).map(str.strip).filter(bool)


@dataclass
class GeneratedSession:
    id: str
    kind: str
    name: str
    status: str
    start: dt.datetime | None  # UTC; None for a TBC day
    end: dt.datetime | None  # UTC
    day: dt.date | None  # the TBC day
    lines: list[str]  # its YAML keys


@st.composite
def instants(draw, zone_name: str) -> dt.datetime:
    """A UTC instant, half the time within two hours of one of the zone's offset changes."""
    zone = pytz.timezone(zone_name)
    changes = getattr(zone, "_utc_transition_times", [])
    lo, hi = bisect.bisect_left(changes, FIRST), bisect.bisect_left(changes, LAST)
    if hi > lo and draw(st.booleans()):
        near = changes[draw(st.integers(lo, hi - 1))]
        instant = near + dt.timedelta(minutes=draw(st.integers(-120, 120)))
    else:
        instant = FIRST + dt.timedelta(minutes=draw(st.integers(0, int((LAST - FIRST).total_seconds() // 60) - 1)))
    return pytz.utc.localize(instant.replace(second=0, microsecond=0))


def wall_time(instant: dt.datetime, zone_name: str) -> tuple[dt.datetime, str | None]:
    """The venue-local wall time of an instant, and its offset when that wall time happens twice."""
    zone = pytz.timezone(zone_name)
    local = instant.astimezone(zone)
    wall = local.replace(tzinfo=None)
    try:
        zone.localize(wall, is_dst=None)
        return wall, None
    except pytz.AmbiguousTimeError:
        minutes = int(local.utcoffset().total_seconds() // 60)
        return wall, f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML double-quoted scalar


@st.composite
def sessions(draw, zone_name: str, index: int, start_near: dt.datetime | None) -> GeneratedSession:
    kind = draw(st.sampled_from(["practice", "qualifying", "race", "warmup", "test", "other"]))
    name = draw(NAME)
    status = draw(st.sampled_from(sorted(STATUS)))
    lines = [f"id: s{index}", f"kind: {kind}", f"name: {quoted(name)}", f"status: {status}"]
    if draw(st.integers(0, 5)) == 0:
        day = (start_near or draw(instants(zone_name))).astimezone(pytz.timezone(zone_name)).date()
        return GeneratedSession(f"s{index}", kind, name, status, None, None, day, [*lines, f"date: {day:%Y-%m-%d}"])
    start = draw(instants(zone_name)) if start_near is None else start_near + dt.timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
    wall, offset = wall_time(start, zone_name)
    lines.append(f"start: {wall:%Y-%m-%d %H:%M}")
    if offset:
        lines.append(f'utc_offset: "{offset}"')
    end = None
    length = draw(st.one_of(st.none(), st.integers(1, 48 * 60)))
    if length is not None:
        end = start + dt.timedelta(minutes=length)
        end_wall, end_offset = wall_time(end, zone_name)
        if end_offset is None and draw(st.booleans()):
            lines.append(f"end: {end_wall:%Y-%m-%d %H:%M}")  # an end may not name its offset: then duration
        else:
            hours, minutes = divmod(length, 60)
            lines.append(f"duration: {f'{hours}h' if hours else ''}{f'{minutes}m' if minutes else ''}")
    return GeneratedSession(f"s{index}", kind, name, status, start, end, None, lines)


@dataclass
class GeneratedSeries:
    short_name: str
    events: list[tuple[str, str, str, list[GeneratedSession]]]  # id, name, zone, sessions

    def files(self) -> dict[str, str]:
        zones = sorted({zone for _, _, zone, _ in self.events})
        venues = "venues:\n" + "".join(
            f"  v{i}:\n    name: Venue {i}\n    locality: Somewhere\n    country: {COUNTRY[zone]}\n    timezone: {zone}\n"
            f"    latitude: 0\n    longitude: 0\n    sources: [https://example.org/v{i}]\n"
            for i, zone in enumerate(zones)
        )
        events = "".join(
            f"  - id: {event_id}\n    season: s\n    name: {quoted(name)}\n    venue: v{zones.index(zone)}\n"
            f"    confidence: confirmed\n    sources: [https://example.org/{event_id}]\n    sessions:\n"
            + "".join("      - " + "\n        ".join(s.lines) + "\n" for s in sessions)
            for event_id, name, zone, sessions in self.events
        )
        series = (
            f"name: Property Series\nshort_name: {quoted(self.short_name)}\nurl: https://example.org/p\n"
            f"description: Generated.\nseasons:\n  - id: s\n    name: Season\nevents:\n{events}"
        )
        return {
            "site.yaml": f"title: Property\ndescription: Generated feeds.\nuid_domain: {DOMAIN}\n",
            "venues.yaml": venues,
            "series/prop.yaml": series,
        }

    def expected(self) -> dict[str, tuple[str, str, str, str]]:
        """uid -> (summary, status, start, end) as every parser must read them."""
        result = {}
        for event_id, name, _, sessions in self.events:
            for s in sessions:
                summary = f"{self.short_name} · {name} · {s.name}" + (" (time TBC)" if s.start is None else "") + SUMMARY_MARK.get(s.status, "")
                status = "TENTATIVE" if s.start is None and s.status == "scheduled" else STATUS[s.status]
                if s.start is None:
                    start, end = s.day.isoformat(), (s.day + dt.timedelta(days=1)).isoformat()
                else:
                    start, end = (f"{moment:%Y-%m-%dT%H:%M:%SZ}" for moment in (s.start, s.end or s.start))
                result[f"prop.{event_id}.{s.id}@{DOMAIN}"] = (summary, status, start, end)
        return result


@st.composite
def series(draw) -> GeneratedSeries:
    events = []
    for index in range(draw(st.integers(1, 3))):
        zone = draw(st.sampled_from(ZONES))
        first = draw(instants(zone))
        count = draw(st.integers(1, 4))
        generated = [draw(sessions(zone, 0, None if draw(st.booleans()) else first))]
        generated += [draw(sessions(zone, i, first)) for i in range(1, count)]
        # Every session within the event's 14 days, counted from the earliest.
        days = [s.day or s.start.astimezone(pytz.timezone(zone)).date() for s in generated]
        generated = [s for s, day in zip(generated, days) if (day - min(days)).days <= 13]
        events.append((f"e{index}", draw(NAME), zone, generated))
    return GeneratedSeries(draw(NAME), events)


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    feeds = folder / "feeds"
    for name, content in files.items():
        path = feeds / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return feeds


def run(feeds: Path, out: Path) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["build", "--feeds", str(feeds), "--out", str(out)])
    return status, stdout.getvalue(), stderr.getvalue()


@SETTINGS
@given(series())
def test_random_valid_series_build_and_read_back_at_their_instants(monkeypatch_env, generated):
    with tempfile.TemporaryDirectory() as folder:
        feeds = write(Path(folder), generated.files())
        status, _, errors = run(feeds, Path(folder) / "public")
        assert status == 0, errors
        data = (Path(folder) / "public" / "prop.ics").read_bytes()
    FIGURES["random valid series built and read back"] += 1
    want = generated.expected()
    forget_zones()
    for reading in (read_icalendar(data), read_ical(rename_tzids(data))):
        got = {r["uid"]: (r["summary"], r["status"], r["start"], r["end"]) for r in reading}
        assert got == want


# -- invalid changes ----------------------------------------------------------

PROBLEM_LINE = re.compile(r"feeds/(site|venues|series/prop)\.yaml(:\d+)?: .+")


def mutate(draw, files: dict[str, str]) -> tuple[dict[str, str | bytes], bool]:
    """One random change that makes the feeds invalid; and whether the message must carry a line."""
    series_text = files["series/prop.yaml"]
    lines = series_text.split("\n")
    kind = draw(st.sampled_from([
        "bad-time", "bad-date", "bad-duration", "unknown-key", "bad-id", "control-character",
        "missing-key", "list-for-text", "duplicate-key", "tab", "not-utf8", "bad-offset", "javascript-url",
        "unknown-venue", "empty-file", "truncated",
    ]))

    def replace_in(pattern: str, make) -> str:
        matches = [i for i, line in enumerate(lines) if re.search(pattern, line)]
        if not matches:
            return None
        i = draw(st.sampled_from(matches))
        changed = list(lines)
        changed[i] = make(changed[i])
        return "\n".join(changed)

    def start_or_date(line: str) -> str:
        key = line.split(":")[0]
        if "start" in key:
            hour, minute = draw(st.sampled_from([(24, 0), (25, 30), (12, 60), (99, 99)]))
            return f"{key}: 2024-06-0{draw(st.integers(1, 9))} {hour:02d}:{minute:02d}"
        return f"{key}: " + draw(st.sampled_from(["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "24-01-01", "2024/01/01"]))

    changed: str | None = None
    needs_line = True
    if kind == "bad-time":
        changed = replace_in(r"^\s+start: ", start_or_date)
    elif kind == "bad-date":
        changed = replace_in(r"^\s+(date|start): ", start_or_date)
    elif kind == "bad-duration":
        bad = draw(st.sampled_from(["0m", "0h", "-1h", "49h", "4 h", "1.5h", "PT4H", "h", "4x", "9999m"]))
        changed = replace_in(r"^\s+duration: ", lambda line: line.split(":")[0] + f": {bad}") or replace_in(
            r"^\s+start: ", lambda line: line + "\n" + " " * (len(line) - len(line.lstrip())) + f"duration: {bad}")
    elif kind == "unknown-key":
        changed = replace_in(r"^\s+(- )?id: ", lambda line: line + "\n" + " " * (len(line) - len(line.lstrip("- "))) + f"{draw(st.sampled_from(['strat', 'venu', 'Name', 'durration', 'notes']))}: x")
    elif kind == "bad-id":
        changed = replace_in(r"id: (e|s)\d", lambda line: line.split(":")[0] + f": {draw(st.sampled_from(['../x', 'a/b', 'A', 'a b', 'a_b', '-a', 'a-', 'a--b', '.']))}")
    elif kind == "control-character":
        char = draw(st.sampled_from(["\\r", "\\n", "\\t", "\\0", "\\x07", "\\e", "\\x85", "\\u2028", "\\u202e"]))
        changed = replace_in(r'name: "', lambda line: line.replace('name: "', f'name: "x{char}', 1))
    elif kind == "missing-key":
        changed = replace_in(r"^\s+(kind|venue|confidence|season): ", lambda line: "")
    elif kind == "list-for-text":
        changed = replace_in(r"^\s+(- )?(name|kind|venue|season|status): ", lambda line: line.split(":")[0] + ": [a, b]")
    elif kind == "duplicate-key":
        changed = replace_in(r"^\s+(kind|venue|confidence|season|status): ", lambda line: line + "\n" + line.replace("- ", "  "))
    elif kind == "tab":
        changed = replace_in(r"^\s{4,}\S", lambda line: "\t" + line.lstrip(" "))
    elif kind == "not-utf8":
        position = draw(st.integers(0, len(series_text.encode()) - 1))
        raw = series_text.encode()
        return {**files, "series/prop.yaml": raw[:position] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf"])) + raw[position:]}, True
    elif kind == "bad-offset":
        changed = replace_in(r"^\s+start: ", lambda line: line + "\n" + " " * (len(line) - len(line.lstrip())) + f'utc_offset: "{draw(st.sampled_from(["+14:30", "-12:45", "+5", "UTC", "+25:00"]))}"')
    elif kind == "javascript-url":
        changed = replace_in(r"^url: |sources: \[", lambda line: line.replace("https://example.org", draw(st.sampled_from(["javascript:alert(1)//", "data:text/html,x", "vbscript:x", "JAVASCRIPT:alert(1)//"])), 1))
    elif kind == "unknown-venue":
        changed = replace_in(r"^\s+venue: ", lambda line: line.split(":")[0] + ": nowhere")
    elif kind == "empty-file":
        needs_line = False
        return {**files, draw(st.sampled_from(sorted(files))): ""}, needs_line
    elif kind == "truncated":
        # Cut the file before the first event's sessions: the rest may be valid YAML, but the
        # series or its first event then lacks required keys. (A cut further on can fall
        # between two events and leave a shorter, valid series.)
        cut = draw(st.integers(1, series_text.index("    sessions:")))
        needs_line = False
        return {**files, "series/prop.yaml": series_text[:cut]}, needs_line
    if changed is None or changed == series_text:
        changed = series_text.replace("confidence: confirmed", "confidence: certain", 1)
    return {**files, "series/prop.yaml": changed}, needs_line


@SETTINGS
@given(series(), st.data())
def test_random_invalid_changes_give_a_user_error_never_a_traceback(monkeypatch_env, generated, data):
    files, needs_line = mutate(data.draw, generated.files())
    with tempfile.TemporaryDirectory() as folder:
        feeds = write(Path(folder), files)
        status, printed, errors = run(feeds, Path(folder) / "public")  # a traceback fails the test here
        assert not (Path(folder) / "public").exists()
    FIGURES["random invalid changes refused"] += 1
    assert status == 1, errors
    assert printed == ""
    problems, summary = errors.splitlines()[:-1], errors.splitlines()[-1]
    assert re.fullmatch(r"\d+ problems? found; nothing was written", summary)
    assert problems and all(PROBLEM_LINE.fullmatch(line) for line in problems), errors
    if needs_line:
        assert any(re.match(r"feeds/[^:]+:\d+: ", line) for line in problems), errors
