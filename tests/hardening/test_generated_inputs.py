"""Generated hostile inputs (Hypothesis) over the YAML structure and over
every field's value space: Unicode of every category, digits of other
scripts, the ends of every numeric and date range, URLs with and without a
user name, nesting of any depth. Each one is written into
tests/data/edge-cases, whose site is already published, and must either be
refused (exit status 1, every problem as file:line: field: message, public/
byte for byte as it was) or be accepted and neutralised (the feeds parse,
each iCalendar line is one property, markup in text is shown as text);
never a traceback. The many-example runs are marked slow."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.yaml_guards import MAX_DEPTH, may_nest_deeply
from tests.conftest import DATA, only_warnings, snapshot
from tests.hardening.conftest import FIGURES

QUICK = settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
MANY = settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
PROBLEM = re.compile(r"feeds/[^:\n]+(:\d+)?: .+")
WITH_LINE = re.compile(r"feeds/[^:\n]+:\d+: .+")
SUMMARY = re.compile(r"\d+ problems? found; nothing was written")
PROBE = "<i>probe</i>&amp;"
"""Markup put into generated text: shown as text, it never reaches a page as markup."""


@dataclass
class Published:
    feeds: Path
    out: Path

    def attempt(self, file: str, old: str, new: str) -> tuple[int, list[str]]:
        """Build with one change to a feeds file, then put the file back; check
        the outcome either way and give the exit status and stderr's lines."""
        path = self.feeds / file
        original = path.read_bytes()
        text = original.decode("utf-8")
        assert text.count(old) == 1, old
        before = snapshot(self.out)
        path.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogatepass"))
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                status = main(["build", "--feeds", str(self.feeds), "--out", str(self.out)])  # a traceback fails here
        finally:
            path.write_bytes(original)
        lines = stderr.getvalue().splitlines()
        assert status in (0, 1), stderr.getvalue()
        if status == 1:
            FIGURES["generated bad inputs refused"] += 1
            assert stdout.getvalue() == ""
            assert lines and SUMMARY.fullmatch(lines[-1]), lines
            assert lines[:-1] and all(PROBLEM.fullmatch(line) for line in lines[:-1]), lines
            assert snapshot(self.out) == before
        else:
            FIGURES["generated inputs accepted and neutralised"] += 1
            assert only_warnings(lines), lines  # edge-cases cites sources that are not URLs
            self.assert_neutralised()
        return status, lines

    def assert_neutralised(self) -> None:
        for path in self.out.glob("*.ics"):
            data = path.read_bytes()
            icalendar.Calendar.from_ical(data)
            unfolded = data.replace(b"\r\n ", b"").split(b"\r\n")
            assert unfolded[-1] == b""
            assert all(re.match(rb"[A-Z][A-Z0-9-]*[;:]", line) for line in unfolded[:-1]), path.name
        for path in self.out.glob("*.html"):
            assert PROBE not in path.read_text(encoding="utf-8"), path.name


@pytest.fixture(scope="module")
def published(tmp_path_factory, monkeypatch_env) -> Published:
    root = tmp_path_factory.mktemp("generated")
    shutil.copytree(DATA / "edge-cases", root / "feeds")
    site = Published(root / "feeds", root / "public")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--feeds", str(site.feeds), "--out", str(site.out)]) == 0
    return site


# -- value spaces -------------------------------------------------------------

ENDS = [
    dt.date(1, 1, 1),
    dt.date(1899, 12, 31),
    dt.date(1900, 1, 1),
    dt.date(2037, 12, 31),
    dt.date(2038, 1, 1),
    dt.date(9999, 12, 31),
]
CATEGORIES = [
    "Lu",
    "Ll",
    "Lo",
    "Mn",
    "Me",
    "Nd",
    "Nl",
    "No",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Cs",
    "Co",
]
UNICODE = st.text(st.characters(categories=CATEGORIES), min_size=0, max_size=12)
OTHER_DIGITS = st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4)
DATES = st.one_of(st.sampled_from(ENDS), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))


def day_text(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


@st.composite
def with_probe(draw, values):
    """A value, sometimes with markup and other scripts' characters mixed in."""
    value = draw(values)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(st.sampled_from([PROBE, draw(UNICODE), draw(OTHER_DIGITS)])) + value[at:]
    return value


def dates():
    return st.one_of(
        DATES.map(day_text), st.builds(lambda d, y: f"{y:04d}{day_text(d)[4:]}", DATES, st.integers(0, 9999))
    )


def local_times():
    return st.builds(lambda day, h, m: f"{day} {h:02d}:{m:02d}", dates(), st.integers(0, 99), st.integers(0, 99))


def numbers():
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(-(10**30), 10**30).map(str),
        st.sampled_from(
            ["90", "-90", "90.0000001", "-90.0000001", "180", "-180.5", "-0", ".5", "5.", "1e1", "1_0", "0x1f", "+-1"]
        ),
        OTHER_DIGITS,
    )


def durations():
    return st.one_of(
        st.builds(lambda h, m: f"{h}h{m}m", st.integers(0, 9999), st.integers(0, 99999)),
        st.sampled_from(["48h", "48h1m", "2880m", "2881m", "0m", "999h", "1000h"]),
        OTHER_DIGITS.map(lambda d: f"{d}h"),
    )


def urls():
    return st.builds(
        lambda scheme, login, host, path: f"{scheme}{login}{host}{path}",
        st.sampled_from(["https://", "http://", "HTTPS://", "javascript:", "ftp://", "//", "https:"]),
        st.sampled_from(["", "user@", "user:secret@", "www.asianlemansseries.com@", "a@b@"]),
        st.sampled_from(
            ["example.org", "evil.example", "xn--e1afmkfd.example", "пример.example", "[::1]", "example.org:8080"]
        ),
        st.one_of(
            st.just("/"),
            UNICODE.map(lambda text: "/" + text),
            st.sampled_from(["\\@evil.example/", "/@x", "?a=@b", "#@c"]),
        ),
    )


def offsets():
    return st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}", st.sampled_from("+-±"), st.integers(0, 99), st.integers(0, 99)
    )


S, E, V = "series/edge-sprint.yaml", "series/edge-endurance.yaml", "venues.yaml"
FIELDS = {
    "text": (S, "name: Dubai Sprint", "name: {}", st.text(st.characters(codec="utf-8"), max_size=30)),
    "note": (E, "note: Line one of a season note.", "note: {}", UNICODE),
    "id": (S, "- id: 2025-dubai", "- id: {}", st.one_of(st.from_regex(r"[a-z0-9-]{1,70}", fullmatch=True), UNICODE)),
    "date": (S, "date: 2025-01-18", "date: {}", dates()),
    "start": (S, "start: 2025-03-30 01:00", "start: {}", local_times()),
    "end": (S, "end: 2025-03-30 04:00", "end: {}", local_times()),
    "duration": (S, "duration: 45m", "duration: {}", durations()),
    "utc_offset": (E, 'utc_offset: "+11:00"', "utc_offset: {}", offsets()),
    "latitude": (V, "latitude: 47.95", "latitude: {}", numbers()),
    "longitude": (V, "longitude: 0.2125", "longitude: {}", numbers()),
    "max_seasons": (
        S,
        "short_name: Sprïnt",
        "short_name: Sprïnt\nmax_seasons: {}",
        st.one_of(numbers(), st.integers(-5, 10**12).map(str)),
    ),
    "url": (S, "url: https://example.org/edge-sprint", "url: {}", urls()),
    "source": (S, "sources: [https://example.org/sprint-dubai]", "sources: [{}]", urls()),
    "timezone": (
        V,
        "timezone: Europe/Paris",
        "timezone: {}",
        st.one_of(
            st.sampled_from(["UTC", "Etc/GMT+14", "Etc/GMT-14", "Europe/paris", "../Paris", "posixrules", "Factory"]),
            UNICODE,
        ),
    ),
    "status": (
        S,
        "status: cancelled",
        "status: {}",
        st.one_of(st.sampled_from(["CANCELLED", "cancelled ", "Cancelled"]), UNICODE),
    ),
}


def as_yaml(value: str, style: str) -> str:
    """A YAML scalar: double-quoted (JSON escapes; a lone surrogate as \\udXXX), single-quoted, or plain."""
    if style == "plain" and value.isprintable() and "\n" not in value:
        return value
    if style == "single" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=any("\ud800" <= char <= "\udfff" for char in value))


@st.composite
def field_changes(draw, names=tuple(FIELDS)):
    name = draw(st.sampled_from(names))
    file, old, shape, values = FIELDS[name]
    value = draw(with_probe(values))
    return name, file, old, shape.format(as_yaml(value, draw(st.sampled_from(["double", "single", "plain"]))))


@QUICK
@given(field_changes())
def test_generated_field_values_are_refused_or_neutralised(published, change):
    name, file, old, new = change
    status, lines = published.attempt(file, old, new)
    if status == 1:
        assert any(WITH_LINE.fullmatch(line) for line in lines[:-1]), (name, lines)


@pytest.mark.slow
@MANY
@given(st.sampled_from(sorted(FIELDS)).flatmap(lambda name: field_changes((name,))))
def test_many_generated_field_values(published, change):
    name, file, old, new = change
    status, lines = published.attempt(file, old, new)
    if status == 1:
        assert any(WITH_LINE.fullmatch(line) for line in lines[:-1]), (name, lines)


# -- structure ------------------------------------------------------------------

KEYS = st.one_of(
    st.sampled_from(["id", "name", "start", "date", "sessions", "sources", "url", "events", "venue"]), UNICODE
)
TREES = st.recursive(
    st.one_of(st.none(), UNICODE, dates(), numbers()),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=3)),
    max_leaves=12,
)
PLACES = [
    (S, "name: Edge Sprint Cup", "name:", 0),
    (S, "    name: Dubai Sprint", "    name:", 4),
    (S, "        kind: race\n        name: Race 1\n", "        kind: race\n        name:", 8),
    (S, "events:\n", "events:", 0),
    (S, "    sessions:\n      - id: race-1", "    sessions:", 4),
    (V, "    latitude: 47.95", "    latitude:", 4),
    ("collections/edge-picks.yaml", "    kinds: [race]", "    kinds:", 4),
    ("site.yaml", "uid_domain: edge-cases.example.org", "uid_domain:", 0),
]


@st.composite
def structure_changes(draw):
    file, old, key, indent = draw(st.sampled_from(PLACES))
    tree = draw(TREES)
    if draw(st.booleans()):
        dumped = " " + yaml.safe_dump(
            tree, default_flow_style=True, allow_unicode=draw(st.booleans()), width=10**9
        ).strip().replace("\n", " ")
    else:
        block = yaml.safe_dump(tree, default_flow_style=False, allow_unicode=draw(st.booleans()))
        dumped = "\n" + "".join(" " * (indent + 2) + line + "\n" for line in block.splitlines()).rstrip("\n")
    tail = old[old.index(key) + len(key) :]
    rest = tail.split("\n", 1)[1] if "\n" in tail else ""
    return file, old, key + dumped + ("\n" + rest if rest else "")


@QUICK
@given(structure_changes())
def test_generated_structures_are_refused_or_accepted(published, change):
    published.attempt(*change)


@pytest.mark.slow
@MANY
@given(structure_changes())
def test_many_generated_structures(published, change):
    published.attempt(*change)


# -- nesting depth --------------------------------------------------------------


@st.composite
def nested(draw, max_depth: int = 3 * MAX_DEPTH):
    """A value nested to a drawn depth: block lists and mappings outside,
    flow lists and mappings inside (a block level cannot sit in a flow one)."""
    depth = draw(st.one_of(st.integers(1, max_depth), st.integers(MAX_DEPTH - 2, MAX_DEPTH + 1)))
    blocks = draw(st.integers(0, depth))
    inner = "x"
    for style in draw(st.lists(st.sampled_from("[{"), min_size=depth - blocks, max_size=depth - blocks)):
        inner = f"[{inner}]" if style == "[" else f"{{k: {inner}}}"
    lines = [inner]
    for style in draw(st.lists(st.sampled_from("-k"), min_size=blocks, max_size=blocks)):
        if style == "-":
            lines = ["- " + lines[0], *("  " + line for line in lines[1:])]
        else:
            lines = ["k:", *("  " + line for line in lines)]
    return depth, "\n".join(lines)


def real_depth(text: str) -> int:
    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


@settings(max_examples=300, deadline=None, database=None)
@given(nested(), st.integers(0, 20))
def test_the_quick_depth_screen_never_passes_a_text_too_deep(value, indent):
    # Judged without parsing: what it lets through must be within the limit.
    _, body = value
    text = "a:\n" + "\n".join(" " * (indent + 1) + line for line in body.split("\n")) + "\n"
    if not may_nest_deeply(text):
        assert real_depth(text) <= MAX_DEPTH


@QUICK
@given(nested())
def test_generated_nesting_is_refused_by_depth_or_by_shape(published, value):
    _, body = value
    text = "short_name:\n" + "\n".join("  " + line for line in body.split("\n"))
    status, lines = published.attempt(S, "short_name: Sprïnt", text)
    assert status == 1
    deep = (
        f"nested more than {MAX_DEPTH} levels deep (a feed needs six at most); check the brackets and the indentation"
    )
    if real_depth(text) > MAX_DEPTH:  # short_name's mapping stands for the file's root
        assert len(lines) == 2 and lines[0].endswith(deep), lines
    else:
        assert lines[0].startswith("feeds/series/edge-sprint.yaml:3: short_name: expected text, got"), lines
