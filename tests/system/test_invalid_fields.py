"""Each wrong value in the feeds: the exact message (file, line, field path,
what was expected, what was found, what to do), exit status 1, and the
previously published site untouched. Each case is one change to the valid
tests/data/minimal fixture."""

from __future__ import annotations

import pytest

SERIES = "series/test-series.yaml"
FILE = "feeds/series/test-series.yaml"
ONE = "1 problem found; nothing was written"


@pytest.fixture
def site(published):
    return published("minimal")


def test_start_with_an_impossible_hour(site):
    site.edit(SERIES, "start: 2023-12-02 14:00", "start: 2023-12-02 25:00")
    assert site.refused() == [
        f"""{FILE}:24: events[0].sessions[1].start: expected "YYYY-MM-DD HH:MM", got '2023-12-02 25:00'; the hour must be 00-23""",
        ONE,
    ]


def test_start_in_another_format(site):
    site.edit(SERIES, "start: 2023-12-02 14:00", "start: 2/12/2023 2pm")
    assert site.refused() == [
        f"""{FILE}:24: events[0].sessions[1].start: expected "YYYY-MM-DD HH:MM", got '2/12/2023 2pm'""",
        ONE,
    ]


def test_start_on_a_day_the_month_does_not_have(site):
    site.edit(SERIES, "start: 2024-02-04 13:00", "start: 2024-02-30 13:00")
    assert site.refused() == [
        f"""{FILE}:40: events[1].sessions[1].start: expected "YYYY-MM-DD HH:MM", got '2024-02-30 13:00'; 2024-02 has days 01-29""",
        ONE,
    ]


def test_tbc_date_on_a_day_the_month_does_not_have(site):
    site.edit(SERIES, "date: 2024-02-02", "date: 2024-02-30")
    assert site.refused() == [
        f"""{FILE}:36: events[1].sessions[0].date: expected "YYYY-MM-DD", got '2024-02-30'; 2024-02 has days 01-29""",
        ONE,
    ]


def test_unknown_key_lists_the_allowed_ones_and_the_nearest(site):
    site.edit(SERIES, "start: 2023-12-02 14:00", "strat: 2023-12-02 14:00")
    assert site.refused() == [
        f"{FILE}:24: events[0].sessions[1].strat: unknown key 'strat'; expected one of: id, kind, name, start, date, end_date, duration, end, utc_offset, status, confidence, sources, note, classes; did you mean 'start'?",
        f"""{FILE}:21: events[0].sessions[1].start: missing; add start: "YYYY-MM-DD HH:MM" (venue-local time), or date: "YYYY-MM-DD" while the time is TBC""",
        "2 problems found; nothing was written",
    ]


def test_unknown_venue_suggests_the_nearest(site):
    site.edit(SERIES, "venue: sepang", "venue: sepnag")
    assert site.refused() == [
        f"{FILE}:12: events[0].venue: venue 'sepnag' is not in feeds/venues.yaml; did you mean 'sepang'?",
        ONE,
    ]


def test_duplicate_event_id(site):
    site.edit(SERIES, "- id: 2024-dubai", "- id: 2023-sepang")
    assert site.refused() == [
        f"{FILE}:26: events[1].id: duplicate event id '2023-sepang' (also events[0]); ids must be unique in a series",
        ONE,
    ]


def test_duplicate_session_id(site):
    site.edit(
        SERIES,
        "- id: race\n        kind: race\n        name: Race\n        start: 2023-12-02",
        "- id: qualifying\n        kind: race\n        name: Race\n        start: 2023-12-02",
    )
    assert site.refused() == [
        f"{FILE}:21: events[0].sessions[1].id: duplicate session id 'qualifying' (also sessions[0]); ids must be unique in an event",
        ONE,
    ]


@pytest.mark.parametrize("duration", ["0h", "0m", "-4h"])
def test_duration_not_greater_than_zero(site, duration):
    site.edit(SERIES, "duration: 4h", f"duration: {duration}")
    assert site.refused() == [
        f"{FILE}:25: events[0].sessions[1].duration: expected an elapsed time greater than zero like 4h, 90m or 1h30m, got '{duration}'",
        ONE,
    ]


def test_end_before_start(site):
    site.edit(SERIES, "end: 2024-02-04 17:00", "end: 2024-02-04 12:00")
    assert site.refused() == [
        f"{FILE}:41: events[1].sessions[1].end: end 2024-02-04 12:00 is not after start 2024-02-04 13:00; check both",
        ONE,
    ]


def test_both_duration_and_end(site):
    site.edit(SERIES, "end: 2024-02-04 17:00", "end: 2024-02-04 17:00\n        duration: 4h")
    assert site.refused() == [f"{FILE}:41: events[1].sessions[1].end: give either duration or end, not both", ONE]


def test_javascript_url_is_refused(site):
    site.edit(SERIES, "url: https://example.org/test-series", "url: javascript:alert(1)")
    assert site.refused() == [f"{FILE}:3: url: expected an https:// or http:// URL, got 'javascript:alert(1)'", ONE]


def test_javascript_source_is_refused(site):
    site.edit(SERIES, "sources: [https://example.org/2023-sepang]", "sources: ['javascript:alert(1)']")
    assert site.refused() == [
        f"{FILE}:14: events[0].sources[0]: only https:// and http:// URLs are allowed, got 'javascript:alert(1)'",
        ONE,
    ]


def test_control_character_in_a_value_is_refused(site):
    site.edit(SERIES, "name: 4 Hours of Sepang", 'name: "4 Hours\\a of Sepang"')
    assert site.refused() == [f"{FILE}:11: events[0].name: control character '\\x07' is not allowed; remove it", ONE]


def test_unknown_status_suggests_the_nearest(site):
    site.edit(
        SERIES,
        "confidence: confirmed\n    sources: [https://example.org/2023-sepang]",
        "confidence: confirmed\n    status: canceled\n    sources: [https://example.org/2023-sepang]",
    )
    assert site.refused() == [
        f"{FILE}:14: events[0].status: expected one of: scheduled, tentative, cancelled, postponed; got 'canceled'; did you mean 'cancelled'?",
        ONE,
    ]


def test_two_problems_in_two_files_are_both_reported_in_one_run(site):
    site.edit("venues.yaml", "latitude: 2.760556", "latitude: 200")
    site.edit(SERIES, "start: 2023-12-02 14:00", "start: 2023-12-02 25:00")
    assert site.refused() == [
        "feeds/venues.yaml:7: venues.sepang.latitude: expected a decimal number from -90 to 90, got '200'",
        f"""{FILE}:24: events[0].sessions[1].start: expected "YYYY-MM-DD HH:MM", got '2023-12-02 25:00'; the hour must be 00-23""",
        "2 problems found; nothing was written",
    ]


def test_check_reports_the_same_and_writes_nothing(site):
    site.edit(SERIES, "venue: sepang", "venue: sepnag")
    assert site.refused("check") == [
        f"{FILE}:12: events[0].venue: venue 'sepnag' is not in feeds/venues.yaml; did you mean 'sepang'?",
        ONE,
    ]
