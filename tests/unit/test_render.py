"""Refusing ambiguous output: two outputs with one path, paths that leave
the output folder, and two feeds that would share a name."""

from __future__ import annotations

import dataclasses

import pytest

from generator import render as render_module
from generator.render import Context, OutputClash, check_path, render
from tests.unit.yaml_feeds import STAMP, event, model, problems, series, session

FEED = series(event("2023-sepang", "sepang", session("race", "start: 2023-12-02 14:00\nduration: 4h")))
COLLECTION = "name: Picks\ndescription: One race.\ninclude:\n  - series: test-series\n    events: [2023-sepang]\n"


@pytest.mark.parametrize("path", ["../index.html", "a/../../b.ics", "..", "/etc/passwd", "", ".", "a\\..\\b.ics"])
def test_a_path_that_would_leave_the_output_folder_is_refused(path):
    with pytest.raises(OutputClash) as error:
        check_path(path)
    assert str(error.value) == f"output path {path!r} would leave the output folder"


@pytest.mark.parametrize("path", ["all.ics", "schema/feed-v1.json", ".nojekyll"])
def test_plain_relative_paths_are_accepted(path):
    check_path(path)


def test_two_outputs_with_one_path_are_refused(monkeypatch):
    real = render_module.outputs
    monkeypatch.setattr(
        render_module, "outputs", lambda *args: iter([*real(*args), ("test-series.ics", b"not a calendar")])
    )
    checked = model(FEED)
    with pytest.raises(OutputClash) as error:
        render(checked, Context(checked.site, STAMP, None))
    assert str(error.value) == "two outputs would be written to 'test-series.ics'"


def test_a_renderer_path_with_dot_dot_is_refused(monkeypatch):
    monkeypatch.setattr(render_module, "outputs", lambda *args: iter([("../index.html", b"")]))
    checked = model(FEED)
    with pytest.raises(OutputClash) as error:
        render(checked, Context(checked.site, STAMP, None))
    assert str(error.value) == "output path '../index.html' would leave the output folder"


def test_two_feeds_with_one_slug_never_overwrite_each_other_silently():
    checked = model(FEED)
    doubled = dataclasses.replace(checked, feeds=(*checked.feeds, checked.feeds[0]))
    with pytest.raises(OutputClash) as error:
        render(doubled, Context(doubled.site, STAMP, None))
    assert str(error.value) == "two outputs would be written to 'test-series.ics'"


def test_a_collection_named_like_a_series_is_a_user_error():
    assert problems(FEED, collections={"test-series": COLLECTION}) == [
        "feeds/collections/test-series.yaml: feed name 'test-series' is already used by feeds/series/test-series.yaml; rename this file"
    ]


def test_a_collection_named_like_a_series_races_feed_is_a_user_error():
    assert problems(FEED, collections={"test-series-races": COLLECTION}) == [
        "feeds/collections/test-series-races.yaml: feed name 'test-series-races' is already used by feeds/series/test-series.yaml; rename this file"
    ]


@pytest.mark.parametrize("name", ["all", "all-races", "index"])
def test_a_collection_with_a_reserved_name_is_a_user_error(name):
    # Regression: a collection named 'all' used to replace all.ics without a word.
    assert problems(FEED, collections={name: COLLECTION}) == [
        f"feeds/collections/{name}.yaml: the name {name!r} is reserved; rename the file"
    ]


def test_a_series_with_a_reserved_name_is_a_user_error():
    assert problems({"all": FEED}) == ["feeds/series/all.yaml: the name 'all' is reserved; rename the file"]
