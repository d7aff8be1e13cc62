"""Classes and drivers as data: a series' classes, the classes a season runs
and a session is for, the class feeds and a driver's feed; and each wrong
input with its exact message (file:line, field, the allowed values)."""

from __future__ import annotations

import textwrap

from generator.model import Feed
from generator.render import Context, render
from tests.unit.yaml_feeds import STAMP, model, problems

FILE = "feeds/series/test-series.yaml"
DRIVER = "feeds/drivers/driver-one.yaml"

# Line numbers below count from the first line of this text.
CUP = """\
name: Test Series
short_name: TS
url: https://example.org/test-series
description: A series for the unit tests.
classes:
  - id: proto
    name: Prototype
  - id: gt
    name: GT
seasons:
  - id: 2023-24
    name: 2023/24
  - id: 2024-25
    name: 2024/25
    classes: [gt]
events:
  - id: 2023-sepang
    season: 2023-24
    name: 4 Hours of Sepang
    venue: sepang
    confidence: confirmed
    sources: [https://example.org/2023-sepang]
    sessions:
      - id: practice
        kind: practice
        name: Free Practice
        start: 2023-12-01 10:00
      - id: qualifying-gt
        kind: qualifying
        name: Qualifying (GT)
        classes: [gt]
        start: 2023-12-02 09:50
      - id: qualifying-proto
        kind: qualifying
        name: Qualifying (Prototype)
        classes: [proto]
        start: 2023-12-02 10:15
      - id: race
        kind: race
        name: Race
        start: 2023-12-02 14:00
  - id: 2024-dubai
    season: 2024-25
    name: 4 Hours of Dubai
    venue: dubai-autodrome
    confidence: confirmed
    sources: [https://example.org/2024-dubai]
    sessions:
      - id: race
        kind: race
        name: Race
        start: 2024-12-07 13:00
"""

ENTRY = """\
name: Driver One
description: Driver One's seasons.
entries:
  - series: test-series
    season: 2023-24
    events: [2023-sepang]
    team: Example Racing
    car: Example GT3
    number: "7"
    class: gt
    co_drivers: [Driver Two, Driver Three]
    sources: [https://example.org/entry-list]
"""


def uid_ids(feed: Feed) -> list[str]:
    return [f"{entry.event.id}.{entry.session.id}" for entry in feed.entries]


def feeds_of(**kwargs) -> dict[str, Feed]:
    return {feed.slug: feed for feed in model(CUP, **kwargs).feeds}


# -- what valid data gives ---------------------------------------------------


def test_a_class_feed_holds_its_class_sessions_and_those_for_every_class():
    feeds = feeds_of()
    assert uid_ids(feeds["test-series-gt"]) == [
        "2023-sepang.practice",
        "2023-sepang.qualifying-gt",
        "2023-sepang.race",
        "2024-dubai.race",
    ]
    # Prototype did not run in 2024/25: its feed has nothing of that season.
    assert uid_ids(feeds["test-series-proto"]) == [
        "2023-sepang.practice",
        "2023-sepang.qualifying-proto",
        "2023-sepang.race",
    ]
    assert feeds["test-series-gt"].kind == "class"
    assert feeds["test-series-gt"].title == "Test Series: GT"


def test_the_class_feeds_together_are_the_series_feed():
    feeds = feeds_of()
    union = set(uid_ids(feeds["test-series-gt"])) | set(uid_ids(feeds["test-series-proto"]))
    assert union == set(uid_ids(feeds["test-series"]))


def test_a_driver_feed_holds_the_sessions_of_the_entry_class_with_the_entry():
    feed = feeds_of(drivers={"driver-one": ENTRY})["driver-one"]
    assert feed.kind == "driver"
    assert uid_ids(feed) == ["2023-sepang.practice", "2023-sepang.qualifying-gt", "2023-sepang.race"]
    assert {entry.entry_text for entry in feed.entries} == {
        "#7 Example Racing Example GT3 (GT), with Driver Two and Driver Three"
    }
    assert {entry.entry_sources for entry in feed.entries} == {("https://example.org/entry-list",)}


def test_a_session_has_one_uid_in_every_feed_that_holds_it():
    checked = model(CUP, drivers={"driver-one": ENTRY})
    files = render(checked, Context(checked.site, STAMP, None))
    uid = b"UID:test-series.2023-sepang.qualifying-gt@calendars.example.org"
    for slug in ("test-series", "test-series-gt", "driver-one", "all"):
        assert uid in files[f"{slug}.ics"].replace(b"\r\n ", b""), slug
    assert uid not in files["test-series-proto.ics"].replace(b"\r\n ", b"")


def test_an_entry_without_number_or_co_drivers_reads_plainly():
    entry = ENTRY.replace('    number: "7"\n', "").replace("    co_drivers: [Driver Two, Driver Three]\n", "")
    feed = feeds_of(drivers={"driver-one": entry})["driver-one"]
    assert feed.entries[0].entry_text == "Example Racing Example GT3 (GT)"


def test_an_entry_without_events_takes_every_event_of_its_season():
    entry = ENTRY.replace("    season: 2023-24\n    events: [2023-sepang]\n", "    season: 2024-25\n")
    assert uid_ids(feeds_of(drivers={"driver-one": entry})["driver-one"]) == ["2024-dubai.race"]


def test_a_series_without_classes_has_no_class_feeds():
    plain = without_classes(CUP).replace("        classes: [gt]\n", "")
    assert sorted(feeds_of_text(plain)) == ["all", "all-races", "test-series", "test-series-races"]


def feeds_of_text(text: str) -> dict[str, Feed]:
    return {feed.slug: feed for feed in model(text).feeds}


def without_classes(text: str) -> str:
    """The series without its classes, its season's classes and the Prototype qualifying's (the GT one's stays)."""
    text = text.replace("classes:\n  - id: proto\n    name: Prototype\n  - id: gt\n    name: GT\n", "")
    return text.replace("    name: 2024/25\n    classes: [gt]\n", "    name: 2024/25\n").replace(
        "        classes: [proto]\n", ""
    )


# -- bad input: each with its exact message ------------------------------------


def test_a_session_naming_an_unknown_class():
    assert problems(CUP.replace("classes: [proto]\n", "classes: [prot]\n")) == [
        f"{FILE}:36: events[0].sessions[2].classes[0]: class 'prot' is not in this file's classes; expected one of: proto, gt; did you mean 'proto'?"
    ]


def test_a_session_naming_a_class_not_run_that_season():
    text = CUP.replace(
        "        name: Race\n        start: 2024-12-07 13:00",
        "        name: Race\n        classes: [proto]\n        start: 2024-12-07 13:00",
    )
    assert problems(text) == [
        f"{FILE}:52: events[1].sessions[0].classes[0]: class 'proto' did not run in season '2024-25'; expected one of: gt"
    ]


def test_a_season_naming_an_unknown_class():
    assert problems(
        CUP.replace("    name: 2024/25\n    classes: [gt]\n", "    name: 2024/25\n    classes: [gt, lmp2]\n")
    ) == [f"{FILE}:15: seasons[1].classes[1]: class 'lmp2' is not in this file's classes; expected one of: proto, gt"]


def test_a_session_naming_a_class_in_a_series_without_classes():
    plain = without_classes(CUP)
    assert problems(plain) == [
        f"{FILE}:25: events[0].sessions[1].classes[0]: class 'gt': this file declares no classes; add them under classes: at the top (id and name of each)"
    ]


def test_a_class_named_twice_on_a_session():
    assert problems(CUP.replace("classes: [proto]\n", "classes: [proto, proto]\n")) == [
        f"{FILE}:36: events[0].sessions[2].classes[1]: class 'proto' is named twice; name it once"
    ]


def test_a_class_id_that_gives_the_name_of_another_feed():
    text = CUP.replace("  - id: gt\n    name: GT\n", "  - id: gt\n    name: GT\n  - id: races\n    name: Races\n")
    assert problems(text) == [
        f"{FILE}:10: classes[2].id: class 'races' gives the feed name 'test-series-races', already used by {FILE}; choose another class id"
    ]


def test_a_class_feed_named_like_a_collection():
    collection = "name: GT picks\ndescription: Picks.\ninclude:\n  - series: test-series\n    events: [2023-sepang]\n"
    assert problems(CUP, collections={"test-series-gt": collection}) == [
        f"{FILE}:8: classes[1].id: class 'gt' gives the feed name 'test-series-gt', already used by feeds/collections/test-series-gt.yaml; choose another class id"
    ]


def driver_problems(entry: str, **kwargs) -> list[str]:
    return problems(CUP, drivers={"driver-one": entry}, **kwargs)


def test_an_entry_naming_an_event_of_another_season():
    assert driver_problems(ENTRY.replace("events: [2023-sepang]", "events: [2024-dubai]")) == [
        f"{DRIVER}:6: entries[0].events[0]: event '2024-dubai' is of season '2024-25', not '2023-24'; expected one of: 2023-sepang"
    ]


def test_an_entry_naming_an_event_of_another_series():
    other = CUP.replace("2024-dubai", "2024-yas").replace("name: Test Series", "name: Other Series")
    assert problems(
        {"test-series": CUP, "other-series": other},
        drivers={"driver-one": ENTRY.replace("events: [2023-sepang]", "events: [2024-yas]")},
    ) == [
        f"{DRIVER}:6: entries[0].events[0]: event '2024-yas' is not in series 'test-series' (it is an event of other-series); expected one of: 2023-sepang"
    ]


def test_an_entry_naming_a_season_the_series_does_not_have():
    assert driver_problems(ENTRY.replace("season: 2023-24", "season: 2025-26")) == [
        f"{DRIVER}:5: entries[0].season: season '2025-26' is not in series 'test-series'; expected one of: 2023-24, 2024-25; did you mean '2024-25'?"
    ]


def test_an_entry_naming_an_unknown_series():
    assert driver_problems(ENTRY.replace("series: test-series", "series: test-serie")) == [
        f"{DRIVER}:4: entries[0].series: series 'test-serie' is not in feeds/series/; expected one of: test-series; did you mean 'test-series'?"
    ]


def test_an_entry_naming_an_unknown_class():
    assert driver_problems(ENTRY.replace("class: gt", "class: gt3")) == [
        f"{DRIVER}:10: entries[0].class: class 'gt3' is not a class of series 'test-series'; expected one of: proto, gt; did you mean 'gt'?"
    ]


def test_an_entry_naming_a_class_not_run_that_season():
    entry = ENTRY.replace("season: 2023-24\n    events: [2023-sepang]", "season: 2024-25").replace(
        "class: gt", "class: proto"
    )
    assert driver_problems(entry) == [
        f"{DRIVER}:9: entries[0].class: class 'proto' did not run in season '2024-25' of series 'test-series'; expected one of: gt"
    ]


def test_a_driver_file_with_no_sources():
    assert driver_problems(ENTRY.replace("    sources: [https://example.org/entry-list]\n", "")) == [
        f"{DRIVER}:4: entries[0].sources: missing; add sources: ..."
    ]


def test_a_driver_file_with_an_empty_sources_list():
    assert driver_problems(ENTRY.replace("sources: [https://example.org/entry-list]", "sources: []")) == [
        f"{DRIVER}:12: entries[0].sources: expected at least one item, got an empty list"
    ]


def test_two_drivers_with_one_slug():
    # A driver file and a collection of the same name would write one feed.
    collection = "name: Picks\ndescription: Picks.\ninclude:\n  - series: test-series\n    events: [2023-sepang]\n"
    assert driver_problems(ENTRY, collections={"driver-one": collection}) == [
        f"{DRIVER}: feed name 'driver-one' is already used by feeds/collections/driver-one.yaml; rename this file"
    ]


def test_two_files_for_one_driver():
    assert problems(CUP, drivers={"driver-one": ENTRY, "driver-1": ENTRY}) == [
        f"{DRIVER}:1: name: driver 'Driver One' already has the file feeds/drivers/driver-1.yaml; keep one file per driver and list every entry there"
    ]


def test_an_event_in_two_entries():
    second = textwrap.indent(textwrap.dedent(ENTRY.split("entries:\n", 1)[1]), "  ").replace(
        "  - series", "  - series", 1
    )
    assert driver_problems(ENTRY + second) == [
        f"{DRIVER}:13: entries[1]: event '2023-sepang' of test-series is already in entries[0]; name each event in one entry"
    ]
