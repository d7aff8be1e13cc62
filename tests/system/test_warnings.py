"""Warnings: valid input that is probably not what was meant. ``check`` and
``build`` print them on stderr after their summary line, exit 0 and (build)
publish as usual; in GitHub Actions each is also a warning annotation.
tests/data/warnings holds one case of each kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, cli

URL_ADVICE = "is not a URL, so no reader can open it; give the https:// address where it was published, if it has one"
WARNINGS = [
    'feeds/series/test-series.yaml: warning: season 2023-24: sources: source "Season calendar in the series\' press kit" '
    + URL_ADVICE,
    "feeds/series/test-series.yaml:11: warning: event 2023-sepang: sources: source 'Timetable handed out at the circuit' "
    + URL_ADVICE,
    'feeds/series/test-series.yaml:23: warning: event 2023-sepang, session race: sources: source "Race director\'s notice 3" '
    + URL_ADVICE,
    "feeds/series/test-series.yaml:23: warning: event 2023-sepang, session race: a race with neither duration nor end is a zero-length event"
    " in every calendar; add duration: (such as 6h) or end:, as the timetable gives it",
    "feeds/series/test-series.yaml:28: warning: event 2023-sepang, session warmup: 2023-12-03 is after the event's last race (2023-12-02); check the date",
    "feeds/venues.yaml:3: warning: venues.sepang.sources: source 'tzdata zone.tab: MY Asia/Kuala_Lumpur' " + URL_ADVICE,
    "feeds/venues.yaml:11: warning: venues.dubai-autodrome: no event uses this venue; remove it, or check the venue: of the event meant to be here",
    "7 warnings; the build is not affected",
]


@pytest.fixture
def feeds(fixture_feeds) -> Path:  # type: ignore[no-untyped-def]
    return fixture_feeds("warnings")  # type: ignore[no-any-return]


def test_check_prints_every_warning_after_its_summary_and_exits_0(feeds: Path) -> None:
    done = cli("check", "--feeds", "feeds", cwd=feeds.parent)
    assert (done.returncode, done.stdout) == (0, "ok: 4 feeds, 1 events, 3 sessions; nothing written\n")
    assert done.stderr.splitlines() == WARNINGS


def test_build_prints_the_same_warnings_and_publishes(feeds: Path) -> None:
    done = cli("build", "--feeds", "feeds", "--out", "public", cwd=feeds.parent)
    assert done.returncode == 0
    assert done.stdout.startswith("built 4 feeds: 1 events, 3 sessions, ")
    assert done.stderr.splitlines() == WARNINGS
    assert (feeds.parent / "public" / "test-series.ics").is_file()
    # A rebuild that finds nothing changed says them again.
    again = cli("build", "--feeds", "feeds", "--out", "public", cwd=feeds.parent)
    assert (again.returncode, again.stderr.splitlines()) == (0, WARNINGS)


def test_in_github_actions_each_warning_is_an_annotation(feeds: Path) -> None:
    done = cli("check", "--feeds", "feeds", cwd=feeds.parent, env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 0
    annotations = done.stdout.splitlines()[1:]
    assert len(annotations) == 7
    assert annotations[0] == (
        '::warning file=feeds/series/test-series.yaml::season 2023-24: sources: source "Season calendar in the series\' press kit" '
        + URL_ADVICE
    )
    assert annotations[3] == (
        "::warning file=feeds/series/test-series.yaml,line=23::event 2023-sepang, session race: a race with neither duration nor end"
        " is a zero-length event in every calendar; add duration: (such as 6h) or end:, as the timetable gives it"
    )
    assert (
        annotations[6]
        == "::warning file=feeds/venues.yaml,line=11::venues.dubai-autodrome: no event uses this venue; remove it, or check the venue: of the event meant to be here"
    )


def test_valid_input_without_such_things_has_no_warnings() -> None:
    done = cli("check", "--feeds", str(DATA / "golden-classes"))
    assert (done.returncode, done.stderr) == (0, "")


def test_a_time_tbc_race_and_a_race_with_an_end_are_no_warning(fixture_feeds) -> None:  # type: ignore[no-untyped-def]
    feeds = fixture_feeds("minimal")  # a race with end: and a practice date (time TBC) before the race
    done = cli("check", "--feeds", "feeds", cwd=feeds.parent)
    assert (done.returncode, done.stderr) == (0, "")
