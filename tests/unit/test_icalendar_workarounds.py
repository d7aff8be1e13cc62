"""Why render_ics passes explicit vText and vDuration values: what icalendar
7.3 writes when it is given plain values. If one of these starts failing,
icalendar changed; the workaround may then be dropped (and the pin moved)."""

from __future__ import annotations

import datetime as dt

import icalendar
from icalendar import vDuration, vText

TWELVE_HOURS = dt.timedelta(hours=12)


def written(name: str, value) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add(name, value)
    return calendar.to_ical()


def test_the_pinned_icalendar_is_7_3():
    assert icalendar.__version__.startswith("7.3.")


def test_plain_name_and_x_wr_calname_are_written_unescaped():
    # A comma in a calendar name would be read as a list separator.
    assert b"\r\nNAME:Foo, Bar\r\n" in written("name", "Foo, Bar")
    assert b"\r\nX-WR-CALNAME:Foo, Bar\r\n" in written("x-wr-calname", "Foo, Bar")
    assert b"\r\nX-WR-CALDESC:Foo; Bar\r\n" in written("x-wr-caldesc", "Foo; Bar")


def test_vtext_name_and_x_wr_calname_are_escaped():
    assert b"\r\nNAME:Foo\\, Bar\r\n" in written("name", vText("Foo, Bar"))
    assert b"\r\nX-WR-CALNAME:Foo\\, Bar\r\n" in written("x-wr-calname", vText("Foo, Bar"))


def test_plain_timedelta_published_ttl_is_written_as_a_clock_time():
    assert b"\r\nX-PUBLISHED-TTL:12:00:00\r\n" in written("x-published-ttl", TWELVE_HOURS)


def test_vduration_published_ttl_is_an_rfc_5545_duration():
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in written("x-published-ttl", vDuration(TWELVE_HOURS))


def test_refresh_interval_needs_its_value_parameter_given():
    assert b"\r\nREFRESH-INTERVAL:PT12H\r\n" in written("refresh-interval", TWELVE_HOURS)
