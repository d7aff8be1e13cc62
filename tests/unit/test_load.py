"""Strict YAML loading: every scalar a string, with its line; surprises refused."""

from __future__ import annotations

import pytest
import yaml

from generator import strict_yaml as load_module
from generator.errors import UserError
from generator.load import Mapping, Sequence, Text, parse_document

PATH = "feeds/series/x.yaml"


def parse(text: str | bytes):
    return parse_document(text.encode("utf-8") if isinstance(text, str) else text, PATH)


def refused(text: str | bytes) -> list[str]:
    with pytest.raises(UserError) as error:
        parse(text)
    return [str(problem) for problem in error.value.problems]


def test_yaml_1_1_values_stay_the_strings_written():
    data = parse(
        "start: 12:30\ncountry: NO\nflag: yes\nround: 010\nday: 2023-12-02\nnothing: null\nempty:\nfloat: 1e3\n"
    )
    assert data == {
        "start": "12:30",
        "country": "NO",
        "flag": "yes",
        "round": "010",
        "day": "2023-12-02",
        "nothing": "null",
        "empty": "",
        "float": "1e3",
    }
    assert all(type(value) is Text for value in data.values())


def test_values_remember_their_lines():
    data = parse("name: A\nevents:\n  - id: one\n    sessions:\n      - start: 2023-12-02 14:00\n")
    assert isinstance(data, Mapping) and isinstance(data["events"], Sequence)
    assert data.key_lines == {"name": 1, "events": 2}
    session = data["events"][0]["sessions"][0]
    assert session["start"].line == 5 and session.key_lines["start"] == 5


def test_duplicate_key_is_refused_with_its_field_path_and_both_lines():
    assert refused("events:\n  - id: one\n    name: A\n    name: B\n") == [
        "feeds/series/x.yaml:4: events[0].name: duplicate key (first on line 3); keep one"
    ]


def test_every_duplicate_key_of_a_file_is_reported():
    assert refused("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n") == [
        "feeds/series/x.yaml:2: a: duplicate key (first on line 1); keep one",
        "feeds/series/x.yaml:5: b.c: duplicate key (first on line 4); keep one",
    ]


def test_anchor_is_refused():
    assert refused("a: &x 1\nb: 2\n") == [
        "feeds/series/x.yaml:1: YAML anchors and aliases (&name, *name) are not supported; write the value out"
    ]


def test_alias_bomb_is_refused_before_it_expands(monkeypatch):
    """Refused from the first few parser events, before any node is built:
    the work is bounded whatever the bomb would expand to (9 * 6**11 here)."""
    events_read = []

    def counted_parse(*args, **kwargs):
        for event in real_parse(*args, **kwargs):
            events_read.append(event)
            yield event

    def no_node(*args, **kwargs):
        raise AssertionError("a node was built")

    real_parse = yaml.parse
    monkeypatch.setattr(yaml, "parse", counted_parse)
    monkeypatch.setattr(load_module, "_single_node", no_node)
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    assert refused("\n".join(lines)) == [
        "feeds/series/x.yaml:1: YAML anchors and aliases (&name, *name) are not supported; write the value out"
    ]
    assert 0 < len(events_read) <= 6


def test_explicit_tag_is_refused():
    assert refused("events:\n  - !!python/object:os.system x\n") == [
        "feeds/series/x.yaml:2: events[0]: explicit YAML tag 'tag:yaml.org,2002:python/object:os.system' is not supported; remove it"
    ]


def test_byte_order_mark_is_accepted():
    assert parse("\ufeffname: A\n".encode("utf-8")) == {"name": "A"}


def test_not_utf8_is_refused_with_its_line():
    assert refused(b"name: A\nlocality: S\xe3o Paulo\n") == [
        "feeds/series/x.yaml:2: not valid UTF-8; save the file as UTF-8"
    ]


def test_file_of_comments_only_is_empty():
    assert refused("# nothing here yet\n") == [
        "feeds/series/x.yaml: file is empty; expected a mapping of keys to values"
    ]
