"""Wrong classes and driver entries through the CLI: the exact message
(file:line, field, the allowed values), exit status 1, and the published
site untouched. Each case is one change to tests/data/golden-classes."""

from __future__ import annotations

import pytest

SERIES = "series/class-cup.yaml"
DRIVER = "drivers/driver-one.yaml"
ONE = "1 problem found; nothing was written"


@pytest.fixture
def site(published):
    return published("golden-classes")


def test_a_session_class_that_did_not_run_that_season(site):
    site.edit(
        SERIES, "classes: [proto]\n        start: 2024-06-14 15:30", "classes: [gt-am]\n        start: 2024-06-14 15:30"
    )
    assert site.refused() == [
        "feeds/series/class-cup.yaml:42: events[0].sessions[2].classes[0]: class 'gt-am' did not run in season '2024'; expected one of: proto, gt",
        ONE,
    ]


def test_a_driver_entry_naming_an_event_of_another_season(site):
    site.edit(DRIVER, "events: [2025-interlagos]", "events: [2024-le-mans]")
    assert site.refused() == [
        "feeds/drivers/driver-one.yaml:16: entries[1].events[0]: event '2024-le-mans' is of season '2024', not '2025'; expected one of: 2025-interlagos",
        ONE,
    ]


def test_a_driver_entry_without_sources(site):
    site.edit(DRIVER, "    sources: [https://example.org/entry-list-2025]\n", "")
    assert site.refused("check") == [
        "feeds/drivers/driver-one.yaml:14: entries[1].sources: missing; add sources: ...",
        ONE,
    ]
