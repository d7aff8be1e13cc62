"""The whole build of each golden fixture, file by file, against the copy
kept in tests/golden/ (rewritten only by `make golden`, whose diff is then
reviewed). Every file the build writes is compared, and no other."""

from __future__ import annotations

import difflib
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from tests.regenerate_golden import GOLDEN, build_fixture, fixtures


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def shown(data: bytes) -> list[str]:
    # Carriage returns made visible, so that a CRLF change shows in the diff.
    return [line.replace("\r", "\\r") + "\n" for line in data.decode("utf-8", "replace").split("\n")]


def test_there_is_a_golden_fixture():
    assert "golden-basic" in fixtures()


@pytest.mark.parametrize("name", fixtures())
def test_build_matches_the_golden_copy(name, tmp_path):
    out = tmp_path / "public"
    build_fixture(name, out)
    built, golden = files(out), files(GOLDEN / name)
    hint = "If the change is intended, run `make golden` and review the diff of tests/golden/."
    if set(built) != set(golden):
        pytest.fail(
            f"files only in the build: {sorted(set(built) - set(golden))}; only in tests/golden/{name}: {sorted(set(golden) - set(built))}. {hint}"
        )
    differing = [path for path in built if built[path] != golden[path]]
    diffs = [
        "".join(
            difflib.unified_diff(
                shown(golden[path]), shown(built[path]), f"tests/golden/{name}/{path}", f"build/{path}"
            )
        )
        for path in differing
    ]
    assert not differing, f"{len(differing)} files differ. {hint}\n" + "\n".join(diffs)


@pytest.mark.parametrize("name", fixtures())
def test_every_golden_calendar_is_read_by_three_independent_parsers(name):
    calendars = sorted((GOLDEN / name).glob("*.ics"))
    assert calendars
    for path in calendars:
        data = path.read_bytes()
        calendar = icalendar.Calendar.from_ical(data)
        assert [c.name for c in calendar.walk() if c.errors] == [], path.name
        uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
        assert sorted(e.uid.value for e in vobject.readOne(data.decode("utf-8")).vevent_list) == uids, path.name
        assert sorted(e.uid for e in IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events) == uids, (
            path.name
        )
