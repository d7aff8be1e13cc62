"""Every emitted VTIMEZONE, read the way a client reads it, agrees with tzdata.

The client side lives in vtimezone_client.py (icalendar for parsing,
dateutil for RRULE expansion) and shares no code with the generator.
"""
from __future__ import annotations

import datetime as dt
import io

import icalendar
import pytest
from dateutil import tz
from vobject.icalendar import tzinfo_eq, utc

from generator.vtimezone import reads_as_utc, vtimezone
from tests.unit.vtimezone_client import client_zones, tzdata_transitions, mismatches

UTC = dt.timezone.utc

# (zone, first year, last year, tzdata transitions from the first to the last year)
SPANS = [
    ("Europe/Paris", 2024, 2024, 2),
    ("America/Chicago", 2024, 2025, 4),
    ("Australia/Melbourne", 2023, 2025, 6),
    ("America/Sao_Paulo", 2024, 2024, 0),
    ("America/Sao_Paulo", 2018, 2019, 3),  # DST ended in 2019: no stable yearly rule
    ("Asia/Dubai", 2023, 2024, 0),
    ("Asia/Kuala_Lumpur", 2023, 2025, 0),
    ("Asia/Tokyo", 2024, 2024, 0),
]


def parse(zone: str, first: int, last: int) -> icalendar.Timezone:
    calendar = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + vtimezone(zone, first, last) + b"END:VCALENDAR\r\n")
    (component,) = calendar.walk("VTIMEZONE")
    return component


def observances(zone: str, first: int, last: int) -> list[tuple[str, str, str, str, str]]:
    """(kind, DTSTART, RRULE, TZOFFSETFROM, TZOFFSETTO) as written."""
    return [
        (o.name, written(o["DTSTART"]), written(o["RRULE"]) if "RRULE" in o else "", written(o["TZOFFSETFROM"]), written(o["TZOFFSETTO"]))
        for o in parse(zone, first, last).subcomponents
    ]


def written(value) -> str:
    text = value.to_ical()
    return text.decode() if isinstance(text, bytes) else text


@pytest.mark.parametrize(("zone", "first", "last", "changes"), SPANS, ids=[f"{z}-{a}-{b}" for z, a, b, _ in SPANS])
def test_vtimezone_gives_the_tzdata_offset_at_every_hour_around_every_transition(zone, first, last, changes):
    start, end = dt.datetime(first, 1, 1, tzinfo=UTC), dt.datetime(last + 1, 1, 1, tzinfo=UTC)
    # The count proves the test looks at the changes it is meant to look at.
    assert len(tzdata_transitions(zone, start, end)) == changes
    ics = b"BEGIN:VCALENDAR\r\n" + vtimezone(zone, first, last) + b"END:VCALENDAR\r\n"
    client = client_zones(ics, until=end + dt.timedelta(days=400))[zone]
    assert mismatches(client, zone, start, end) == []


def test_paris_onsets_are_local_times_in_the_offset_before_the_change():
    # RFC 5545 3.6.5: October's change happens at 03:00 CEST, March's at 02:00 CET.
    # The rules start in 1996, the first year of today's EU rule.
    assert observances("Europe/Paris", 2024, 2024) == [
        ("DAYLIGHT", "19960331T020000", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "+0100", "+0200"),
        ("STANDARD", "19961027T030000", "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10", "+0200", "+0100"),
    ]


def test_chicago_and_melbourne_are_one_yearly_pair_each_from_the_year_their_rules_began():
    # The US rules of 2007; Victoria's of April 2008.
    assert observances("America/Chicago", 2024, 2025) == [
        ("DAYLIGHT", "20070311T020000", "FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "-0600", "-0500"),
        ("STANDARD", "20071104T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "-0500", "-0600"),
    ]
    assert observances("Australia/Melbourne", 2023, 2025) == [
        ("DAYLIGHT", "20081005T020000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=10", "+1000", "+1100"),
        ("STANDARD", "20080406T030000", "FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "+1100", "+1000"),
    ]


@pytest.mark.parametrize("zone", ["Europe/London", "Europe/Lisbon", "Atlantic/Canary", "Atlantic/Faroe", "Antarctica/Troll"])
def test_a_zone_of_standard_offset_zero_is_not_read_as_utc_by_vobject(zone):
    """Regression: a 2025 block whose rules started in 2024 was, over
    2000-2020 (where vobject compares), UTC: vobject dropped it and read every
    time of the zone as floating."""
    ics = "BEGIN:VCALENDAR\r\n" + vtimezone(zone, 2025, 2025).decode() + "END:VCALENDAR\r\n"
    assert not tzinfo_eq(tz.tzical(io.StringIO(ics)).get(), utc)


def test_a_zone_at_utc_all_year_is_written_in_utc():
    # No true VTIMEZONE of such a zone differs from UTC (see reads_as_utc).
    assert [zone for zone in ("Africa/Abidjan", "Africa/Monrovia", "Europe/London", "Asia/Dubai") if reads_as_utc(zone, 2025)] == ["Africa/Abidjan", "Africa/Monrovia"]
    # São Tomé was at +01:00 in 2018.
    assert (reads_as_utc("Africa/Sao_Tome", 2018), reads_as_utc("Africa/Sao_Tome", 2025)) == (False, True)


@pytest.mark.parametrize(("zone", "first", "last"), [("Europe/Paris", 2024, 2024), ("America/Chicago", 2024, 2025), ("Australia/Melbourne", 2023, 2025), ("America/Sao_Paulo", 2018, 2019)])
def test_every_onset_minus_its_offset_from_is_a_tzdata_transition(zone, first, last):
    component = parse(zone, first, last)
    transitions = set(tzdata_transitions(zone, dt.datetime(1970, 1, 1, tzinfo=UTC), dt.datetime(last + 2, 1, 1, tzinfo=UTC)))
    onsets = [o for o in component.subcomponents if o["TZOFFSETFROM"].td != o["TZOFFSETTO"].td]
    assert onsets
    for observance in onsets:
        instant = (observance["DTSTART"].dt - observance["TZOFFSETFROM"].td).replace(tzinfo=UTC)
        assert instant in transitions, f"{observance.name} {written(observance['DTSTART'])}"


@pytest.mark.parametrize(("zone", "first", "last", "offset"), [
    ("America/Sao_Paulo", 2024, 2024, "-0300"),  # no DST since 2019: no DAYLIGHT block for Outlook to misread
    ("Asia/Dubai", 2023, 2024, "+0400"),
    ("Asia/Kuala_Lumpur", 2023, 2025, "+0800"),  # never the LMT offset +0646 (pytz's first entry)
])
def test_zone_without_dst_in_the_span_is_one_fixed_standard(zone, first, last, offset):
    written = vtimezone(zone, first, last)
    assert b"DAYLIGHT" not in written and b"RRULE" not in written
    assert [(kind, frm, to) for kind, _, _, frm, to in observances(zone, first, last)] == [("STANDARD", offset, offset)]


def test_historic_rules_before_the_span_are_left_out():
    # São Paulo had DST until 2019; a 2024 feed carries none of it (Outlook
    # would take a historic block and shift events by an hour).
    assert b"-0200" not in vtimezone("America/Sao_Paulo", 2024, 2024)
