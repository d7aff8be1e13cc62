"""Files that are not the YAML a feed needs, beyond the basic cases of
tests/system/test_invalid_yaml.py: each is refused with its exact message
(file, line where there is one, field), exit status 1, and the published
site untouched. Each case is one change to tests/data/edge-cases."""

from __future__ import annotations

import os

import pytest

SPRINT = "series/edge-sprint.yaml"
SPRINT_FILE = "feeds/series/edge-sprint.yaml"
ONE = "1 problem found; nothing was written"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"just text\n", f"{SPRINT_FILE}:1: expected a mapping of keys to values at the top of the file", id="text"
        ),
        pytest.param(
            b"~\n", f"{SPRINT_FILE}:1: expected a mapping of keys to values at the top of the file", id="null"
        ),
        pytest.param(
            b"- name: a\n", f"{SPRINT_FILE}:1: expected a mapping of keys to values at the top of the file", id="list"
        ),
        pytest.param(
            b"name: a\n---\nname: b\n",
            f"{SPRINT_FILE}:2: not valid YAML: but found another document",
            id="two-documents",
        ),
        pytest.param(
            b"---\n",
            f"{SPRINT_FILE}:2: expected a mapping of keys to values at the top of the file",
            id="document-marker-only",
        ),
        pytest.param(
            b"...\n",
            f"{SPRINT_FILE}:1: not valid YAML: expected the node content, but found '<document end>'",
            id="document-end-only",
        ),
        pytest.param(
            b"\n\n   \n", f"{SPRINT_FILE}: file is empty; expected a mapping of keys to values", id="blank-lines"
        ),
    ],
)
def test_a_file_that_is_not_a_mapping(site, capsys, content, message):
    site.write(SPRINT, content)
    assert site.refused(capsys) == [message, ONE]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param("name: Sprint\n".encode("utf-16"), 1, id="utf-16"),
        pytest.param("name: Sprint\n".encode("utf-32"), 1, id="utf-32"),
        pytest.param(b"name: Sprint\nshort_name: \xc0\xaf\n", 2, id="overlong-encoding"),
        pytest.param(b"name: Sprint\nshort_name: \xed\xa0\x80\n", 2, id="encoded-surrogate"),
        pytest.param(b"name: Sprint\n\nshort_name: Spr\xefnt\n", 3, id="latin-1"),
        pytest.param(b"name: Sprint\nshort_name: Spr\xc3", 2, id="truncated-character"),
    ],
)
def test_a_file_that_is_not_utf8(site, capsys, content, line):
    site.write(SPRINT, content)
    assert site.refused(capsys) == [f"{SPRINT_FILE}:{line}: not valid UTF-8; save the file as UTF-8", ONE]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        pytest.param("name: Edge Sprint Cup", "name:\tEdge Sprint Cup", 2, id="after-a-key"),
        pytest.param(
            "sources: [https://example.org/sprint-dubai]",
            "sources: [\thttps://example.org/sprint-dubai]",
            17,
            id="in-a-flow-list",
        ),
        pytest.param("  - id: 2025-dubai\n    season", "  - id: 2025-dubai\n\t  season", 13, id="mixed-indentation"),
    ],
)
def test_tabs_elsewhere(site, capsys, old, new, line):
    site.edit(SPRINT, old, new)
    assert site.refused(capsys) == [f"{SPRINT_FILE}:{line}: not valid YAML: tab character; indent with spaces", ONE]


def test_nul_byte(site, capsys):
    site.write(SPRINT, b"name: Edge\x00Sprint\n")
    assert site.refused(capsys) == [f"{SPRINT_FILE}:1: control character '\\x00' is not allowed; remove it", ONE]


def test_duplicate_top_level_key(site, capsys):
    site.edit(SPRINT, "short_name: Sprïnt", "short_name: Sprïnt\nshort_name: Other")
    assert site.refused(capsys) == [f"{SPRINT_FILE}:4: short_name: duplicate key (first on line 3); keep one", ONE]


def test_duplicate_venue_id_would_have_replaced_the_first_venue(site, capsys):
    site.edit("venues.yaml", "  cota:\n", "  dubai-night:\n    name: Another circuit\n  cota:\n")
    assert site.refused(capsys) == [
        "feeds/venues.yaml:21: venues.dubai-night: duplicate key (first on line 13); keep one",
        ONE,
    ]


def test_a_key_that_is_not_text(site, capsys):
    site.edit(SPRINT, "short_name: Sprïnt", "? [a, b]\n: c\nshort_name: Sprïnt")
    assert site.refused(capsys) == [f"{SPRINT_FILE}:3: a key must be plain text", ONE]


def test_explicit_tag(site, capsys):
    site.edit(SPRINT, "short_name: Sprïnt", "short_name: !!int 5")
    assert site.refused(capsys) == [
        f"{SPRINT_FILE}:3: short_name: explicit YAML tag 'tag:yaml.org,2002:int' is not supported; remove it",
        ONE,
    ]


ALIAS_BOMB = b"""\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""
"""Billion laughs: 9**10 (3.5 billion) strings if the aliases were expanded."""


def test_alias_bomb_is_refused_quickly_without_exhausting_memory(site):
    site.write(SPRINT, ALIAS_BOMB)
    # The bounds only guard against expansion (which would take minutes of CPU
    # time and gigabytes); a refusal takes well under a second and 100 MB.
    lines = site.refused_by_subprocess(memory=512 << 20, cpu_seconds=10)
    assert lines == [
        f"{SPRINT_FILE}:1: YAML anchors and aliases (&name, *name) are not supported; write the value out",
        ONE,
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(site):
    # A sparse 4 GB file: read whole, it would not fit in the process's 512 MB.
    os.truncate(site.path(SPRINT), 4 << 30)
    lines = site.refused_by_subprocess(memory=512 << 20, cpu_seconds=10)
    assert lines == [
        f"{SPRINT_FILE}: file is 4294967296 bytes, over the limit of 1048576; split it into smaller files",
        ONE,
    ]


def test_a_file_just_over_the_size_limit(site, capsys):
    site.write(SPRINT, site.path(SPRINT).read_bytes() + b"#" * (1 << 20) + b"\n")
    size = site.path(SPRINT).stat().st_size
    assert site.refused(capsys) == [
        f"{SPRINT_FILE}: file is {size} bytes, over the limit of 1048576; split it into smaller files",
        ONE,
    ]


NOT_A_FILE = "not a plain file (a folder, a device or a broken link); a feed must be a .yaml file"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path: path.mkdir(), id="folder"),
        pytest.param(lambda path: path.symlink_to(path.parent / "missing.txt"), id="broken-link"),
        pytest.param(lambda path: path.symlink_to("/dev/zero"), id="link-to-dev-zero"),
        pytest.param(os.mkfifo, id="named-pipe"),
    ],
)
def test_a_yaml_name_that_is_not_a_plain_file(site, capsys, make):
    make(site.path("series/odd.yaml"))
    assert site.refused(capsys) == [f"feeds/series/odd.yaml: {NOT_A_FILE}", ONE]


SLUG_RULE = "lower-case letters, digits and single hyphens (like 'sepang-2023')"
LOST_SPRINT = "feeds/collections/edge-picks.yaml:9: include[1].series: series 'edge-sprint' is not in feeds/series/"


@pytest.mark.parametrize(
    ("name", "messages"),
    [
        pytest.param(
            "series/Edge-Sprint.yaml",
            [f"feeds/series/Edge-Sprint.yaml: expected a file name of {SLUG_RULE}, got 'Edge-Sprint'", LOST_SPRINT],
            id="upper-case",
        ),
        pytest.param(
            "series/edge sprint.yaml",
            [f"feeds/series/edge sprint.yaml: expected a file name of {SLUG_RULE}, got 'edge sprint'", LOST_SPRINT],
            id="space",
        ),
        pytest.param(
            "series/...yaml",
            [f"feeds/series/...yaml: expected a file name of {SLUG_RULE}, got '..'", LOST_SPRINT],
            id="dot-dot",
        ),
        pytest.param(
            "series/edge_sprint.yaml",
            [f"feeds/series/edge_sprint.yaml: expected a file name of {SLUG_RULE}, got 'edge_sprint'", LOST_SPRINT],
            id="underscore",
        ),
    ],
)
def test_a_series_file_name_that_is_not_a_slug(site, capsys, name, messages):
    site.path("series/edge-sprint.yaml").rename(site.path(name))
    assert site.refused(capsys) == [*messages, f"{len(messages)} problems found; nothing was written"]


def test_a_collection_file_name_that_is_not_a_slug(site, capsys):
    site.path("collections/edge-picks.yaml").rename(site.path("collections/Edge_Picks.yaml"))
    assert site.refused(capsys) == [
        f"feeds/collections/Edge_Picks.yaml: expected a file name of {SLUG_RULE}, got 'Edge_Picks'",
        ONE,
    ]


def test_a_series_named_like_another_series_races_feed(site, capsys):
    # edge-sprint.yaml writes edge-sprint-races.ics; a series edge-sprint-races would write it too.
    site.write("series/edge-sprint-races.yaml", site.path(SPRINT).read_bytes())
    assert site.refused(capsys) == [
        "feeds/series/edge-sprint.yaml: feed name 'edge-sprint-races' is already used by feeds/series/edge-sprint-races.yaml; rename this file",
        ONE,
    ]
