"""Field conversion: values stay what was written, and wrong dates and times
say why they are wrong."""

from __future__ import annotations

import pytest

from tests.unit.yaml_feeds import SERIES_HEAD, event, ics, problems, series, session

FILE = "feeds/series/test-series.yaml"


def one_session(when: str) -> str:
    return series(event("sepang", "sepang", session("race", when)))


def test_yaml_1_1_lookalikes_reach_the_feed_as_written():
    # PyYAML's default resolver would give False for NO and 750 for 12:30.
    feed = series(
        event("sepang", "sepang", session("race", "start: 2023-12-02 14:00", name="12:30")),
        head=SERIES_HEAD.replace("short_name: TS", "short_name: NO"),
    )
    assert "SUMMARY:NO · 4 Hours of Test · 12:30" in ics(feed).decode("utf-8").replace("\r\n ", "")


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ("2023-12-02 24:00", "; the hour must be 00-23"),
        ("2023-12-02 14:60", "; the minute must be 00-59"),
        ("2023-13-02 14:00", "; the month must be 01-12"),
        ("2023-00-02 14:00", "; the month must be 01-12"),
        ("2023-04-31 14:00", "; 2023-04 has days 01-30"),
        ("2023-02-29 14:00", "; 2023-02 has days 01-28"),
        ("2023-12-00 14:00", "; 2023-12 has days 01-31"),
        ("0000-12-02 14:00", "; the year must be 1900-2037 (time zone rules are known up to 2037)"),
        ("1899-12-31 23:59", "; the year must be 1900-2037 (time zone rules are known up to 2037)"),
        ("2038-01-01 00:00", "; the year must be 1900-2037 (time zone rules are known up to 2037)"),
        ("2023-12-2 14:00", ""),
        ("2023-12-02T14:00", ""),
        ("14:00", ""),
    ],
)
def test_start_that_is_not_a_calendar_time(start, reason):
    assert problems(one_session(f"start: {start}")) == [
        f"""{FILE}:19: events[0].sessions[0].start: expected "YYYY-MM-DD HH:MM", got '{start}'{reason}"""
    ]


def test_leap_day_is_a_date():
    assert "DTSTART;VALUE=DATE:20240229" in ics(one_session("date: 2024-02-29")).decode()


def test_date_and_start_together_are_refused():
    assert problems(one_session("start: 2023-12-02 14:00\ndate: 2023-12-02")) == [
        f"{FILE}:20: events[0].sessions[0].date: give either start (a time is known) or date (time TBC), not both"
    ]


def test_duration_on_a_tbc_session_is_refused():
    assert problems(one_session("date: 2023-12-02\nduration: 4h")) == [
        f'{FILE}:20: events[0].sessions[0].duration: duration needs a start time; replace date: with start: "YYYY-MM-DD HH:MM"'
    ]


def test_bad_utc_offset_is_refused():
    assert problems(one_session('start: 2023-12-02 14:00\nutc_offset: "+8"')) == [
        f"{FILE}:20: events[0].sessions[0].utc_offset: expected an offset like \"+02:00\", got '+8'"
    ]


def test_utc_offset_not_in_force_is_refused():
    assert problems(one_session('start: 2023-12-02 14:00\nutc_offset: "+07:00"')) == [
        f"{FILE}:19: events[0].sessions[0].start: utc_offset +07:00 is not in force at 2023-12-02 14:00 in Asia/Kuala_Lumpur; valid: +08:00"
    ]


def test_end_in_a_fold_is_refused_and_told_to_use_duration():
    feed = series(event("le-mans", "le-mans", session("race", "start: 2024-10-26 16:00\nend: 2024-10-27 02:30")))
    assert problems(feed) == [
        f"{FILE}:20: events[0].sessions[0].end: 2024-10-27 02:30 happens twice in Europe/Paris (clocks go back); it could mean "
        '2024-10-27 00:30 UTC (utc_offset: "+02:00") or 2024-10-27 01:30 UTC (utc_offset: "+01:00"); give duration instead'
    ]


def test_end_in_a_gap_is_refused_and_told_to_use_duration():
    feed = series(event("le-mans", "le-mans", session("race", "start: 2024-03-30 16:00\nend: 2024-03-31 02:30")))
    assert problems(feed) == [
        f"{FILE}:20: events[0].sessions[0].end: 2024-03-31 02:30 does not exist in Europe/Paris (clocks go forward); it could mean "
        '2024-03-31 00:30 UTC (utc_offset: "+02:00") or 2024-03-31 01:30 UTC (utc_offset: "+01:00"); give duration instead'
    ]
