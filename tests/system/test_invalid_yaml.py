"""Files that are not the YAML the feeds need: the exact message, exit
status 1, and the published site untouched. Each case is one change to the
valid tests/data/minimal fixture."""

from __future__ import annotations

import pytest

SERIES = "series/test-series.yaml"
FILE = "feeds/series/test-series.yaml"
ONE = "1 problem found; nothing was written"


@pytest.fixture
def site(published):
    return published("minimal")


def test_duplicate_key(site):
    site.edit(
        SERIES, "name: Race\n        start: 2023-12-02", "name: Race\n        name: Race 1\n        start: 2023-12-02"
    )
    assert site.refused() == [f"{FILE}:24: events[0].sessions[1].name: duplicate key (first on line 23); keep one", ONE]


def test_tab_indentation(site):
    site.edit(SERIES, "        duration: 4h", "\tduration: 4h")
    assert site.refused() == [f"{FILE}:25: not valid YAML: tab character; indent with spaces", ONE]


def test_not_utf8(site):
    site.write(SERIES, (site.feeds / SERIES).read_bytes().replace(b"4 Hours of Sepang", b"4 Heures de S\xe9pang"))
    assert site.refused() == [f"{FILE}:11: not valid UTF-8; save the file as UTF-8", ONE]


def test_empty_file(site):
    site.write(SERIES, b"")
    assert site.refused() == [f"{FILE}: file is empty; expected a mapping of keys to values", ONE]


def test_top_level_list(site):
    site.write(SERIES, b"- name: Test Series\n- short_name: TS\n")
    assert site.refused() == [f"{FILE}:1: expected a mapping of keys to values at the top of the file", ONE]


def test_anchors_and_aliases(site):
    site.edit(
        SERIES, "sources: [https://example.org/2023-sepang]", "sources: &sepang [https://example.org/2023-sepang]"
    )
    site.edit(SERIES, "sources: [https://example.org/2024-dubai]", "sources: *sepang")
    assert site.refused() == [
        f"{FILE}:14: YAML anchors and aliases (&name, *name) are not supported; write the value out",
        ONE,
    ]


def test_raw_control_character(site):
    site.edit(SERIES, "name: 4 Hours of Sepang", "name: 4 Hours\x07 of Sepang")
    assert site.refused() == [f"{FILE}:11: control character '\\x07' is not allowed; remove it", ONE]


def test_yml_extension(site):
    (site.feeds / SERIES).rename(site.feeds / "series/test-series.yml")
    assert site.refused() == ["feeds/series/test-series.yml: rename to .yaml: only .yaml files are read", ONE]


def test_problems_in_several_files_are_all_reported(site):
    site.write("venues.yaml", b"- sepang\n")
    site.write("series/other-series.yaml", b"")
    site.edit(SERIES, "        duration: 4h", "\tduration: 4h")
    assert site.refused() == [
        "feeds/venues.yaml:1: expected a mapping of keys to values at the top of the file",
        "feeds/series/other-series.yaml: file is empty; expected a mapping of keys to values",
        f"{FILE}:25: not valid YAML: tab character; indent with spaces",
        "3 problems found; nothing was written",
    ]


def test_a_colon_and_space_in_a_value_is_answered_with_the_line_quoted(site):
    site.edit(SERIES, "name: 4 Hours of Sepang", "name: Sepang: 4 Hours")
    assert site.refused() == [
        f"{FILE}:11: not valid YAML: a colon and a space in the value of 'name'; quote the value: name: \"Sepang: 4 Hours\"",
        ONE,
    ]


def test_a_line_indented_too_far_is_answered_with_the_indent_expected(site):
    site.edit(SERIES, "        duration: 4h", "          duration: 4h")
    assert site.refused() == [
        f"{FILE}:25: not valid YAML: line 25 is indented by 10 spaces, more than the line above (8); indent it by 8 like the keys beside it",
        ONE,
    ]


def test_a_line_indented_too_little_is_answered_with_the_indent_above(site):
    site.edit(SERIES, "        duration: 4h", "       duration: 4h")
    assert site.refused() == [
        f"{FILE}:25: not valid YAML: line 25 is indented by 7 spaces, the line above by 8; keys of one mapping line up exactly",
        ONE,
    ]
