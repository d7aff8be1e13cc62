"""The fast paths write what the libraries they replace write, byte for
byte: each VEVENT as icalendar's Event.to_ical(), each fold as icalendar's,
JSON as json.dumps(indent=2), and documents read by libyaml as by PyYAML's
own parser (values, lines and messages)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import string

import pytest
import pytz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from benchmarks.corpus import Size, write_corpus
from generator import strict_yaml as load_module
from generator.errors import UserError
from generator.load import Mapping, Sequence, Text, load, parse_document
from generator.model import Entry, Session, Venue
from generator.render.ics import event_bytes, fold, vevent
from generator.render.json_feed import dumps, dumps_text, number, place_items, placed_items
from generator.validate import validate
from tests.conftest import DATA, ROOT

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
FIXTURES = [*sorted(path.parent for path in DATA.glob("*/site.yaml")), ROOT / "feeds"]


def models(tmp_path_factory):
    corpus = write_corpus(tmp_path_factory.mktemp("corpus") / "feeds", Size(series=4, seasons=3, events=6))
    for folder in [*FIXTURES, corpus]:
        try:
            yield folder.name, validate(load(folder))
        except UserError:
            continue  # a fixture of invalid feeds


def entries(model):
    seen = {}
    for feed in model.feeds:
        for entry in feed.entries:
            seen.setdefault(entry, entry)
    return list(seen)


def test_every_fixture_event_is_written_as_icalendar_writes_it(tmp_path_factory):
    checked = 0
    for name, model in models(tmp_path_factory):
        for entry in entries(model):
            assert event_bytes(entry, model.site, STAMP) == vevent(entry, model.site, STAMP).to_ical(), (
                name,
                entry.uid_parts,
            )
            checked += 1
    assert checked > 1000


def test_feeds_are_sorted_as_entry_sort_key_sorts_them(tmp_path_factory):
    from generator.model import order_key

    for name, model in models(tmp_path_factory):
        for feed in model.feeds:
            assert sorted(feed.entries, key=order_key) == sorted(feed.entries, key=Entry.sort_key), (name, feed.slug)
            assert list(feed.entries) == sorted(feed.entries, key=Entry.sort_key), (name, feed.slug)


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=200)
LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=300)


@pytest.mark.heavy
@given(LINE)
@settings(max_examples=400, deadline=None)
def test_folding_is_icalendars(line):
    assert fold(line.encode("utf-8")) == _foldline(line).encode("utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    model = (
        validate(load(ROOT / "tests" / "data" / "edge-cases"))
        if (DATA / "edge-cases").is_dir()
        else next(m for _, m in models(tmp_path_factory))
    )
    return model, entries(model)[0]


@pytest.mark.heavy
@given(
    name=TEXT,
    note=TEXT,
    venue_name=TEXT,
    source=st.text(string.ascii_letters + ",;\\^ :/.", max_size=80),
    minute=st.integers(0, 60 * 24 * 366 * 3),
    zone=st.sampled_from(
        [
            "Europe/Paris",
            "America/Chicago",
            "Australia/Melbourne",
            "America/Sao_Paulo",
            "Asia/Kolkata",
            "Asia/Dubai",
            "UTC",
        ]
    ),
    length=st.one_of(st.none(), st.integers(1, 60 * 30)),
    tbc=st.booleans(),
)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_events_are_written_as_icalendar_writes_them(
    sample, name, note, venue_name, source, minute, zone, length, tbc
):
    model, entry = sample
    wall = dt.datetime(2023, 1, 1) + dt.timedelta(minutes=minute)
    tz = pytz.timezone(zone)
    start = tz.normalize(tz.localize(wall, is_dst=False))  # folds too: written in UTC
    end = None if length is None else (start.astimezone(dt.UTC) + dt.timedelta(minutes=length)).astimezone(start.tzinfo)
    session = Session(
        id="s",
        kind="race",
        name=name or "x",
        status=entry.session.status,
        confidence=entry.session.confidence,
        start=None if tbc else start,
        end=None if tbc else end,
        date=start.date(),
        note=note,
        sources=(source,) if source else (),
    )
    venue = Venue("v", venue_name or "v", "Somewhere, Else", "FR", zone, 48.5, -2.25, ())
    event = dataclasses.replace(entry.event, venue=venue, note=note, sessions=(session,))
    generated = Entry(entry.series, event, session, note, (source,) if source else ())
    assert event_bytes(generated, model.site, STAMP) == vevent(generated, model.site, STAMP).to_ical()


# The values the JSON writer is given: text, 64-bit integers, booleans, None, floats (as
# number() gives them), and lists and dicts of these.
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=30,
)


def as_written(value):
    """The value as the renderers hand it to dumps: floats through number()."""
    if isinstance(value, float):
        return number(value)
    if isinstance(value, list):
        return [as_written(one) for one in value]
    if isinstance(value, dict):
        return {key: as_written(one) for key, one in value.items()}
    return value


def standard(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


@pytest.mark.heavy
@given(JSON)
@settings(max_examples=500, deadline=None)
def test_the_json_writer_writes_what_the_standard_library_writes(value):
    assert dumps(as_written(value)) == standard(value)


@pytest.mark.parametrize(
    "value",
    [
        "".join(map(chr, range(0x20))) + '"\\/\x7f\u2028\u2029\ufeff é 東京 🏁',
        [[], {}, [[]], {"": {}}],
        [0.0, -0.0, 1e-05, 5e-324, 1e16, 1.5e300, 48.8566, -123.0, 2.0**53],
        [-(2**63), 2**64 - 1, True, False, None],
    ],
)
def test_the_json_writer_writes_edge_values_as_the_standard_library(value):
    assert dumps(as_written(value)) == standard(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_the_json_writer_refuses_what_allow_nan_false_refuses(value):
    with pytest.raises(ValueError, match=r"^out of range float value for JSON: (nan|inf|-inf)$"):
        number(value)


@pytest.mark.heavy
@given(st.dictionaries(TEXT, JSON, max_size=3), st.lists(JSON, max_size=4))
@settings(max_examples=300, deadline=None)
def test_items_written_once_are_placed_as_json_dumps_would_write_them(head, items):
    head.pop("sessions", None)
    placed = place_items(dumps_text(as_written({**head, "sessions": None})), placed_items(as_written(items)))
    assert b"".join(placed).decode("utf-8") == standard({**head, "sessions": items}) + "\n"


def test_items_are_placed_only_as_the_last_member():
    with pytest.raises(ValueError, match=r"^the items' list must be the document's last member, null until placed$"):
        place_items(dumps_text({"sessions": None, "after": 1}), placed_items([{}]))


def read(raw: bytes, fast: bool, monkeypatch):
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(load_module, "_FastLoader", None)
        try:
            return parse_document(raw, "x.yaml")
        except UserError as error:
            return [str(problem) for problem in error.problems]


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, Text):
        return a == b and a.line == b.line
    if isinstance(a, Sequence):
        return a.line == b.line and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping):
        return (
            a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
        )
    return a == b


@pytest.mark.skipif(load_module._FastLoader is None, reason="PyYAML is built without libyaml here")
def test_every_fixture_file_reads_alike_with_libyaml(monkeypatch, tmp_path):
    corpus = write_corpus(tmp_path / "feeds", Size(series=2, seasons=2, events=3))
    files = sorted({*DATA.rglob("*.yaml"), *(ROOT / "feeds").rglob("*.yaml"), *corpus.rglob("*.yaml")})
    assert len(files) > 20
    for path in files:
        raw = path.read_bytes()
        assert same(read(raw, True, monkeypatch), read(raw, False, monkeypatch)), path


PIECES = [
    "key",
    "a b",
    "12:30",
    "NO",
    ": ",
    ":",
    " ",
    "  ",
    "\t",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#c",
    " #c",
    '"q"',
    '"a\\tb"',
    "'s'",
    "|",
    ">",
    "|-\n  t",
    "!t ",
    "!!str ",
    "&a ",
    "*a",
    "%YAML 1.1\n",
    "---",
    "...",
    "? ",
    "\n",
    "\n  ",
    "\n    ",
    "\r\n",
    "\u2028",
    "\x85",
    "é",
    "\ufeff",
    "@",
    "`",
    "\\",
    "\x01",
    "key: [a, b]\n",
    "k: {a: 1}\n",
    "- - x\n",
    "'it''s'",
    "a:\n  b: c\n",
    "x: |\n  l1\n  l2\n",
]


@pytest.mark.skipif(load_module._FastLoader is None, reason="PyYAML is built without libyaml here")
def test_generated_documents_read_alike_with_libyaml(monkeypatch):
    # Where the two parsers were found to differ (tabs, "|#", "{a:b}", "? "),
    # load falls back to PyYAML's parser; this keeps looking.
    rng = random.Random(5545)
    for _ in range(3000):
        text = ("top: " if rng.random() < 0.5 else "") + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25)))
        raw = text.encode("utf-8")
        fast, pure = read(raw, True, monkeypatch), read(raw, False, monkeypatch)
        assert (fast == pure) if isinstance(fast, list) or isinstance(pure, list) else same(fast, pure), repr(text)


def test_combined_feeds_facts_are_their_series_facts_put_together(tmp_path_factory):
    """The cards of "every series" and "every race" are put together from the series' own
    cards' facts; they say what the feeds' own entries say."""
    from generator.render import cards, views

    checked = 0
    for name, model in models(tmp_path_factory):
        # As each series' render gives them: of its own sessions (not the events it shares from others).
        own = {
            (feed.kind, series.slug): cards.feed_facts(feed)
            for series in model.series
            for feed in views.own_feeds(model, series)
        }
        facts = cards.Facts(own)
        for feed in model.feeds:
            assert facts(feed) == cards.feed_facts(feed), (name, feed.slug)
            checked += feed.kind in ("all", "all-races")
    assert checked >= 8
