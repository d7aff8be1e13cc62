"""The limits every value is held to so that no input gives a traceback:
nesting depth, years, digits, slug length; and what is refused because it
deceives or leaks: URLs with a user name or password, files linked from
outside the feeds folder. Each case is one change to tests/data/edge-cases,
refused with its exact message, exit status 1 and public/ untouched, or
(at the ends of each range) built."""

from __future__ import annotations

import os

import pytest

from generator.cli import main
from generator.yaml_guards import MAX_DEPTH
from tests.conftest import only_warnings

S = "series/edge-sprint.yaml"
SF = "feeds/series/edge-sprint.yaml"
ONE = "1 problem found; nothing was written"
DEEP = f"nested more than {MAX_DEPTH} levels deep (a feed needs six at most); check the brackets and the indentation"
YEARS = "the year must be 1900-2037 (time zone rules are known up to 2037)"
LOST_SPRINT = "feeds/collections/edge-picks.yaml:9: include[1].series: series 'edge-sprint' is not in feeds/series/"
OUTSIDE = "only what is inside it is read: move or copy the file into the feeds folder instead of linking to it"


def problems(*lines: str) -> list[str]:
    count = len(lines)
    return [*lines, f"{count} problem{'s' if count != 1 else ''} found; nothing was written"]


def built(site, capsys) -> None:
    capsys.readouterr()
    status = main(["build", "--feeds", str(site.feeds), "--out", str(site.out)])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert only_warnings(printed.err), printed.err  # edge-cases cites sources that are not URLs


# -- nesting depth ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("short_name: " + "[" * 100_000 + "]" * 100_000, 3, id="flow-lists-100000-deep"),
        pytest.param("short_name: " + "{a: " * 20_000 + "b" + "}" * 20_000, 3, id="flow-mappings-20000-deep"),
        pytest.param(
            "short_name:\n" + "".join(" " * i + "-\n" for i in range(1000)) + " " * 1000 + "x",
            67,
            id="block-lists-1000-deep",
        ),
        pytest.param("short_name:\n" + "- " * 5000 + "x", 4, id="compact-block-lists-on-one-line"),
        pytest.param("short_name: " + "[" * 100_000, 3, id="unclosed-flow-lists"),
        pytest.param("short_name: " + "[" * 100_000 + "\tx", 3, id="flow-lists-then-a-tab"),
    ],
)
def test_yaml_nested_too_deep_is_refused_before_it_is_composed(site, capsys, text, line):
    site.edit(S, "short_name: Sprïnt", text)
    assert site.refused(capsys) == problems(f"{SF}:{line}: {DEEP}")


def test_deep_nesting_is_refused_quickly_in_a_small_address_space(site):
    site.write(S, b"name: " + b"[" * 900_000 + b"]" * 100_000 + b"\n")
    # The CPU cap guards against recursion (minutes); a refusal takes a fraction of a second.
    lines = site.refused_by_subprocess(memory=512 << 20, cpu_seconds=30)
    assert lines == problems(f"{SF}:1: {DEEP}")


def test_nesting_at_the_limit_reaches_validation(site, capsys):
    # The root mapping is the first level: a value 63 lists deep is level 64.
    site.edit(S, "short_name: Sprïnt", "short_name: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    assert site.refused(capsys) == problems(f"{SF}:3: short_name: expected text, got a list")


# -- years --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "shape", "value"),
    [
        pytest.param(
            "date: 2025-01-18",
            "date: 0001-01-01",
            22,
            "events[0].sessions[0].date",
            "YYYY-MM-DD",
            "0001-01-01",
            id="year-1",
        ),
        pytest.param(
            "date: 2025-01-18",
            "date: 1899-12-31",
            22,
            "events[0].sessions[0].date",
            "YYYY-MM-DD",
            "1899-12-31",
            id="1899",
        ),
        pytest.param(
            "date: 2025-01-18",
            "date: 2038-01-01",
            22,
            "events[0].sessions[0].date",
            "YYYY-MM-DD",
            "2038-01-01",
            id="2038",
        ),
        pytest.param(
            "date: 2025-01-18",
            "date: 9999-12-31",
            22,
            "events[0].sessions[0].date",
            "YYYY-MM-DD",
            "9999-12-31",
            id="year-9999",
        ),
        pytest.param(
            "start: 2025-03-30 01:00",
            "start: 9998-12-31 23:00",
            40,
            "events[1].sessions[0].start",
            "YYYY-MM-DD HH:MM",
            "9998-12-31 23:00",
            id="start-9998",
        ),
        pytest.param(
            "end: 2025-03-30 04:00",
            "end: 2038-01-01 00:00",
            41,
            "events[1].sessions[0].end",
            "YYYY-MM-DD HH:MM",
            "2038-01-01 00:00",
            id="end-2038",
        ),
    ],
)
def test_a_year_outside_1900_to_2037_is_refused(site, capsys, old, new, line, field, shape, value):
    site.edit(S, old, new)
    assert site.refused(capsys) == problems(f'{SF}:{line}: {field}: expected "{shape}", got {value!r}; {YEARS}')


def test_the_first_and_last_minutes_of_the_range_build(site, capsys):
    # The ends in zones east and west of UTC: the first instant lies in 1899
    # UTC, the last session ends in 2038; the TBC day's end is 2038-01-01.
    site.edit(S, "date: 2025-01-18", "date: 2037-12-31")
    site.edit(S, "date: 2025-01-19", "date: 2037-12-30")
    site.edit(
        S, "start: 2025-03-30 01:00\n        end: 2025-03-30 04:00", "start: 1900-01-01 00:00\n        duration: 48h"
    )
    built(site, capsys)
    assert b"DTSTART;VALUE=DATE:20371231" in site.out.joinpath("edge-sprint.ics").read_bytes()


# -- digits: checked and converted by one rule --------------------------------


@pytest.mark.parametrize(
    ("old", "new", "messages"),
    [
        pytest.param(
            "short_name: Sprïnt",
            "short_name: Sprïnt\nmax_seasons: '²'",
            [f"{SF}:4: max_seasons: expected a whole number of seasons to keep (1 or more), got '²'"],
            id="superscript-two-max-seasons",
        ),
        pytest.param(
            "short_name: Sprïnt",
            "short_name: Sprïnt\nmax_seasons: '١'",
            [f"{SF}:4: max_seasons: expected a whole number of seasons to keep (1 or more), got '١'"],
            id="arabic-indic-max-seasons",
        ),
        pytest.param(
            "short_name: Sprïnt",
            "short_name: Sprïnt\nmax_seasons: '1_0'",
            [f"{SF}:4: max_seasons: expected a whole number of seasons to keep (1 or more), got '1_0'"],
            id="underscore-max-seasons",
        ),
        pytest.param(
            "short_name: Sprïnt",
            "short_name: Sprïnt\nmax_seasons: '9999999999'",
            [f"{SF}:4: max_seasons: expected a whole number of seasons to keep (1 or more), got '9999999999'"],
            id="ten-digit-max-seasons",
        ),
        pytest.param(
            "date: 2025-01-18",
            "date: '٢٠٢٥-٠١-١٨'",
            [f"{SF}:22: events[0].sessions[0].date: expected \"YYYY-MM-DD\", got '٢٠٢٥-٠١-١٨'"],
            id="arabic-indic-date",
        ),
        pytest.param(
            "duration: 45m",
            "duration: '٤٥m'",
            [
                f"{SF}:56: events[2].sessions[0].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '٤٥m'"
            ],
            id="arabic-indic-duration",
        ),
    ],
)
def test_a_number_in_other_digits_is_refused(site, capsys, old, new, messages):
    site.edit(S, old, new)
    assert site.refused(capsys) == problems(*messages)


@pytest.mark.parametrize("value", ["'٤٧'", "1_0", "4e1", "0x10"])
def test_a_coordinate_not_written_as_a_decimal_is_refused(site, capsys, value):
    site.edit("venues.yaml", "latitude: 47.95", f"latitude: {value}")
    shown = value.strip("'")
    assert site.refused(capsys) == problems(
        f"feeds/venues.yaml:10: venues.bugatti.latitude: expected a decimal number from -90 to 90, got {shown.strip()!r}"
    )


# -- URLs with a user name or password ----------------------------------------


def userinfo(host: str, url: str) -> str:
    return (
        f"a user name or password before '@' is not allowed in a URL: the link would open {host!r}, "
        f"not the address written first; remove everything between '//' and '@', got {url!r}"
    )


LOOKALIKE = "https://www.asianlemansseries.com@evil.example/"
SECRET = "https://user:secret@example.org/x"


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "host", "url"),
    [
        pytest.param(
            S,
            "url: https://example.org/edge-sprint",
            f"url: {LOOKALIKE}",
            f"{SF}:4: url",
            "evil.example",
            LOOKALIKE,
            id="series-url",
        ),
        pytest.param(
            S,
            "url: https://example.org/edge-sprint",
            f"url: {SECRET}",
            f"{SF}:4: url",
            "example.org",
            SECRET,
            id="series-url-password",
        ),
        pytest.param(
            S,
            "    name: Dubai Sprint\n",
            f"    name: Dubai Sprint\n    url: {LOOKALIKE}\n",
            f"{SF}:15: events[0].url",
            "evil.example",
            LOOKALIKE,
            id="event-url",
        ),
        pytest.param(
            S,
            "sources: [https://example.org/sprint-dubai]",
            f"sources: ['{SECRET}']",
            f"{SF}:17: events[0].sources[0]",
            "example.org",
            SECRET,
            id="event-source",
        ),
        pytest.param(
            S,
            "sources: [https://example.org/sprint-dubai]",
            "sources: ['http://a@b@evil.example:8080?x']",
            f"{SF}:17: events[0].sources[0]",
            "evil.example:8080",
            "http://a@b@evil.example:8080?x",
            id="two-at-signs",
        ),
        pytest.param(
            S,
            "sources: [https://example.org/sprint-dubai]",
            "sources: ['https://example.org\\@evil.example/']",
            None,
            None,
            None,
            id="backslash-is-accepted-as-a-path",
        ),
        pytest.param(
            "venues.yaml",
            'sources: ["tzdata zone.tab: FR +4852+00220 Europe/Paris"]',
            f"sources: ['{LOOKALIKE}']",
            "feeds/venues.yaml:12: venues.bugatti.sources[0]",
            "evil.example",
            LOOKALIKE,
            id="venue-source",
        ),
        pytest.param(
            "series/edge-endurance.yaml",
            '  - id: "2018"\n    name: "2018"\n',
            f'  - id: "2018"\n    name: "2018"\n    sources: ["{LOOKALIKE}"]\n',
            "feeds/series/edge-endurance.yaml:12: seasons[0].sources[0]",
            "evil.example",
            LOOKALIKE,
            id="season-source",
        ),
        pytest.param(
            "collections/edge-picks.yaml",
            "sources: [https://example.org/entry-list]",
            f"sources: ['{LOOKALIKE}']",
            "feeds/collections/edge-picks.yaml:8: include[0].sources[0]",
            "evil.example",
            LOOKALIKE,
            id="collection-source",
        ),  # its entry then has no source either
        pytest.param(
            "site.yaml",
            "uid_domain: edge-cases.example.org",
            f"uid_domain: edge-cases.example.org\nbase_url: {LOOKALIKE}",
            "feeds/site.yaml:9: base_url",
            "evil.example",
            LOOKALIKE,
            id="site-base-url",
        ),
    ],
)
def test_a_url_with_a_user_name_or_password_is_refused(site, capsys, file, old, new, where, host, url):
    site.edit(file, old, new)
    if where is None:
        # The host ends at a backslash (browsers read it as '/'): no login, the host is example.org.
        built(site, capsys)
        return
    unsourced = (
        [
            "feeds/collections/edge-picks.yaml:7: include[0].entry: an entry needs sources: add sources: [URL] saying where it was published"
        ]
        if "include" in where
        else []
    )
    assert site.refused(capsys) == problems(f"{where}: {userinfo(host, url)}", *unsourced)


def test_a_base_url_option_with_a_user_name_is_wrong_usage(site, capsys):
    status = main(["build", "--feeds", str(site.feeds), "--out", str(site.out), "--base-url", LOOKALIKE])
    assert status == 2
    assert capsys.readouterr().err == f"error: --base-url: {userinfo('evil.example', LOOKALIKE)}\n"


def test_an_at_sign_in_the_path_or_a_citation_is_accepted(site, capsys):
    site.edit(
        S,
        "sources: [https://example.org/sprint-dubai]",
        "sources: ['https://example.org/@team/post', 'Press release, press@example.org']",
    )
    built(site, capsys)


# -- files from outside the feeds folder ---------------------------------------


def test_a_series_file_linked_from_outside_is_refused(site, capsys, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(site.path(S).read_bytes())
    site.path("series/linked.yaml").symlink_to(outside)
    assert site.refused(capsys) == problems(
        f"feeds/series/linked.yaml: is a link to a file outside the feeds folder; {OUTSIDE}"
    )


def test_a_site_file_linked_from_outside_is_refused(site, capsys, tmp_path):
    outside = tmp_path / "site.yaml"
    site.path("site.yaml").rename(outside)
    site.path("site.yaml").symlink_to(outside)
    assert site.refused(capsys) == problems(f"feeds/site.yaml: is a link to a file outside the feeds folder; {OUTSIDE}")


def test_a_series_folder_linked_from_outside_is_refused(site, capsys, tmp_path):
    site.path("series").rename(tmp_path / "series")
    site.path("series").symlink_to(tmp_path / "series")
    # Nothing of the folder is read, so nothing else is reported until the link is gone.
    assert site.refused(capsys) == problems(f"feeds/series: is a link to a folder outside the feeds folder; {OUTSIDE}")


def test_a_link_that_stays_inside_the_feeds_folder_is_read(site, capsys):
    site.path("drafts").mkdir()
    site.path(S).rename(site.path("drafts/edge-sprint.yaml"))
    site.path(S).symlink_to(os.path.join("..", "drafts", "edge-sprint.yaml"))
    built(site, capsys)


def test_a_feeds_folder_given_through_a_link_is_read(site, capsys, tmp_path):
    (tmp_path / "feeds-link").symlink_to(site.feeds)
    capsys.readouterr()
    assert main(["check", "--feeds", str(tmp_path / "feeds-link")]) == 0


# -- slug length ---------------------------------------------------------------


def test_a_series_file_name_over_64_characters_is_refused(site, capsys):
    name = "s" * 65
    site.path(S).rename(site.path(f"series/{name}.yaml"))
    assert site.refused(capsys) == problems(
        f"feeds/series/{name}.yaml: a file name of 65 characters is too long (at most 64); shorten it", LOST_SPRINT
    )


def test_a_file_name_too_long_for_the_file_system_is_refused_by_validation(site, capsys):
    name = "s" * 250  # 250 + ".yaml" fits a file system's 255 bytes; "-races.json" would not
    site.path(S).rename(site.path(f"series/{name}.yaml"))
    assert site.refused(capsys) == problems(
        f"feeds/series/{name}.yaml: a file name of 250 characters is too long (at most 64); shorten it", LOST_SPRINT
    )


def test_an_event_id_over_64_characters_is_refused_with_its_line(site, capsys):
    site.edit(S, "- id: 2025-dubai", "- id: " + "d" * 65)
    assert site.refused(capsys) == problems(
        f"{SF}:12: events[0].id: an event id of 65 characters is too long (at most 64); shorten it"
    )


def test_a_venue_id_over_64_characters_is_refused_with_its_line(site, capsys):
    site.edit("venues.yaml", "  cota:\n", "  " + "v" * 65 + ":\n    name: x\n  cota:\n")
    assert site.refused(capsys) == problems(
        f"feeds/venues.yaml:21: venues.{'v' * 65}: a venue id of 65 characters is too long (at most 64); shorten it"
    )


def test_a_collection_file_name_of_64_characters_builds(site, capsys):
    site.path("collections/edge-picks.yaml").rename(site.path(f"collections/{'c' * 64}.yaml"))
    built(site, capsys)
    assert site.out.joinpath(f"{'c' * 64}.ics").is_file()
