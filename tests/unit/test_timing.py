"""Venue-local wall times to instants: gaps, folds, utc_offset, elapsed durations."""

from __future__ import annotations

import datetime as dt

import pytest
import pytz
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import timing
from generator.render.json_feed import local_text

UTC = dt.UTC
PARIS = "Europe/Paris"


def wall(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M")


def test_spring_forward_gap_is_refused_naming_both_candidate_instants():
    with pytest.raises(timing.TimeError) as error:
        timing.localize(wall("2024-03-31 02:30"), PARIS)
    assert str(error.value) == (
        "2024-03-31 02:30 does not exist in Europe/Paris (clocks go forward); it could mean "
        '2024-03-31 00:30 UTC (utc_offset: "+02:00") or 2024-03-31 01:30 UTC (utc_offset: "+01:00"); '
        "correct the time or add utc_offset to pick one"
    )


def test_fall_back_fold_is_refused_naming_both_candidate_instants():
    with pytest.raises(timing.TimeError) as error:
        timing.localize(wall("2024-10-27 02:30"), PARIS)
    assert str(error.value) == (
        "2024-10-27 02:30 happens twice in Europe/Paris (clocks go back); it could mean "
        '2024-10-27 00:30 UTC (utc_offset: "+02:00") or 2024-10-27 01:30 UTC (utc_offset: "+01:00"); '
        "add utc_offset to pick one"
    )


@pytest.mark.parametrize(
    ("local", "offset", "instant"),
    [
        ("2024-10-27 02:30", "+02:00", "2024-10-27 00:30"),  # the first 02:30 (summer time)
        ("2024-10-27 02:30", "+01:00", "2024-10-27 01:30"),  # the second 02:30 (winter time)
        ("2024-03-31 02:30", "+01:00", "2024-03-31 01:30"),  # read in winter time: 03:30 summer time
        ("2024-03-31 02:30", "+02:00", "2024-03-31 00:30"),  # read in summer time: 01:30 winter time
        ("2024-06-01 12:00", "+02:00", "2024-06-01 10:00"),  # an ordinary time with its own offset
    ],
)
def test_utc_offset_picks_one_candidate(local, offset, instant):
    aware = timing.localize(wall(local), PARIS, timing.parse_offset(offset))
    assert aware.astimezone(UTC) == wall(instant).replace(tzinfo=UTC)
    # The wall time shown is the one that exists at that instant.
    assert aware == aware.tzinfo.normalize(aware)


def test_utc_offset_not_in_force_is_refused_with_the_valid_ones():
    with pytest.raises(timing.TimeError) as error:
        timing.localize(wall("2024-06-01 12:00"), PARIS, timing.parse_offset("+01:00"))
    assert str(error.value) == "utc_offset +01:00 is not in force at 2024-06-01 12:00 in Europe/Paris; valid: +02:00"
    with pytest.raises(timing.TimeError) as error:
        timing.localize(wall("2024-10-27 02:30"), PARIS, timing.parse_offset("+03:00"))
    assert (
        str(error.value)
        == "utc_offset +03:00 is not in force at 2024-10-27 02:30 in Europe/Paris; valid: +02:00, +01:00"
    )


def test_24_hour_race_across_fall_back_lasts_24_real_hours():
    start = timing.localize(wall("2024-10-26 16:00"), PARIS)
    end = timing.add_elapsed(start, dt.timedelta(hours=24))
    assert end.replace(tzinfo=None) == wall("2024-10-27 15:00")
    assert end.utcoffset() == dt.timedelta(hours=1)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=24)


def test_kuala_lumpur_is_utc_plus_8_never_its_lmt_offset():
    aware = timing.localize(wall("2023-12-02 14:00"), "Asia/Kuala_Lumpur")
    assert aware.utcoffset() == dt.timedelta(hours=8)
    assert aware.astimezone(UTC) == wall("2023-12-02 06:00").replace(tzinfo=UTC)
    # What tzinfo=pytz.timezone(...) would have given: the reason localize() is used.
    assert wall("2023-12-02 14:00").replace(tzinfo=pytz.timezone("Asia/Kuala_Lumpur")).utcoffset() != dt.timedelta(
        hours=8
    )


@pytest.mark.parametrize(("text", "minutes"), [("4h", 240), ("90m", 90), ("1h30m", 90), ("24h", 1440), (" 6h ", 360)])
def test_durations(text, minutes):
    assert timing.parse_duration(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["", "4", "4 h", "h", "1.5h", "-1h", "PT4H", "30m1h", "4H"])
def test_not_durations(text):
    assert timing.parse_duration(text) is None


@pytest.mark.parametrize(("text", "minutes"), [("+02:00", 120), ("-03:00", -180), ("+05:30", 330), ("+00:00", 0)])
def test_offsets(text, minutes):
    assert timing.parse_offset(text) == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["2", "+2", "+0200", "UTC+2", "02:00"])
def test_not_offsets(text):
    assert timing.parse_offset(text) is None


ZONES = [
    "Europe/Paris",
    "America/Chicago",
    "Australia/Melbourne",
    "America/Sao_Paulo",
    "Asia/Kuala_Lumpur",
    "Asia/Dubai",
]


@settings(max_examples=300, deadline=None, database=None)  # database=None: unit tests write no files
@given(
    zone=st.sampled_from(ZONES),
    instant=st.datetimes(min_value=dt.datetime(2018, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
    ),
    minutes=st.integers(min_value=1, max_value=48 * 60),
)
def test_localize_is_exact_or_refuses_and_elapsed_is_real_time(zone, instant, minutes):
    local = instant.astimezone(pytz.timezone(zone))
    if timing.is_ambiguous(local):
        # Only a wall time that happens twice is refused here, and the
        # message names the instant it came from.
        with pytest.raises(timing.TimeError) as refused:
            timing.localize(local.replace(tzinfo=None), zone)
        assert "happens twice" in str(refused.value)
        assert f"{instant:%Y-%m-%d %H:%M} UTC" in str(refused.value)
        aware = timing.localize(local.replace(tzinfo=None), zone, local.utcoffset())
    else:
        aware = timing.localize(local.replace(tzinfo=None), zone)
    assert aware.astimezone(UTC) == instant
    end = timing.add_elapsed(aware, dt.timedelta(minutes=minutes))
    assert end.astimezone(UTC) - instant == dt.timedelta(minutes=minutes)
    assert end.utcoffset() == end.astimezone(pytz.timezone(zone)).utcoffset()


def test_instants_and_wall_times_are_written_as_strftime_writes_them_with_four_digit_years():
    paris = timing.zone("Europe/Paris")
    for wall in (dt.datetime(2024, 3, 31, 3, 30), dt.datetime(2023, 12, 2, 14, 0, 59), dt.datetime(1970, 1, 1, 0, 5)):
        moment = paris.localize(wall)
        assert timing.iso_utc(moment) == moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        assert timing.hh_mm(moment) == moment.strftime("%H:%M")
        assert local_text(moment) == moment.strftime("%Y-%m-%dT%H:%M:%S") + timing.format_offset(moment.utcoffset())
    # strftime writes the year 999 as "999": not ISO 8601, and not read by Date.parse.
    assert timing.iso_utc(dt.datetime(999, 5, 6, 7, 8, 9, tzinfo=dt.UTC)) == "0999-05-06T07:08:09Z"
    assert local_text(dt.datetime(999, 5, 6, 7, 8, 9, tzinfo=dt.UTC)) == "0999-05-06T07:08:09+00:00"
