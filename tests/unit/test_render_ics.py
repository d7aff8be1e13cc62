"""The bytes of a feed: RFC 5545 text rules and the interop rules of the design."""

from __future__ import annotations

import re

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

from generator import __version__
from tests.unit.yaml_feeds import SERIES_HEAD, event, ics, series, session

LONG_ACCENTS = "Grande Prêmio do Autódromo José Carlos Pace em São Paulo, Interlagos"
LONG_CJK = "富士スピードウェイ耐久レース・第二戦・決勝レース🏁🏎️" * 2

FEED = series(
    event(
        "interlagos",
        "interlagos",
        session("race", "start: 2024-11-17 11:00\nduration: 6h", name=LONG_ACCENTS),
        name="6 Horas de São Paulo",
    ),
    event("fuji", "fuji", session("race", "start: 2024-09-15 11:00\nduration: 6h", name=LONG_CJK), name="富士6時間"),
    event(
        "le-mans",
        "le-mans",
        session("race", "start: 2024-10-26 16:00\nduration: 24h")
        + session("qualifying", "date: 2024-10-25", kind="qualifying", name="Qualifying")
        + session("warmup", "start: 2024-10-26 09:00", kind="warmup", name="Warm-up", extra="status: cancelled")
        + session("parade", "start: 2024-10-25 18:00", kind="other", name="Drivers' parade"),
        name="Odd\\name; with, marks",
        extra='note: "Line one, with a comma;\\nline two \\\\ with a backslash."\n',
    ),
    head=SERIES_HEAD.replace("name: Test Series", "name: Foo, Bar"),
)


def feed() -> bytes:
    return ics(FEED)


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def properties(data: bytes, name: str) -> list[str]:
    return [line for line in unfolded(data) if re.match(rf"{name}[;:]", line)]


def vevents(data: bytes) -> list[list[str]]:
    blocks, current = [], None
    for line in unfolded(data):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT":
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_every_line_ends_with_crlf():
    data = feed()
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")


def test_lines_are_folded_at_75_octets_without_splitting_a_character():
    physical = feed().split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # raises if a fold cut a multi-byte character in two
    # The fixture does make the folder cut inside accented and CJK text.
    continuations = [line.decode("utf-8") for line in physical if line.startswith(b" ")]
    assert any(not line[1].isascii() for line in continuations)
    assert any(LONG_ACCENTS[20:40] in line for line in unfolded(feed()))


def test_text_values_escape_backslash_semicolon_comma_and_newline():
    data = feed()
    assert "SUMMARY:TS · Odd\\\\name\\; with\\, marks · Race" in properties(data, "SUMMARY")
    description = next(line for line in properties(data, "DESCRIPTION") if "Odd" in line)
    assert "Line one\\, with a comma\\;\\nline two \\\\ with a backslash." in description
    assert "LOCATION:Circuit de la Sarthe\\, Le Mans\\, FR" in properties(data, "LOCATION")


def test_calendar_name_with_a_comma_is_escaped():
    data = feed()
    assert b"\r\nNAME:Foo\\, Bar\r\n" in data
    assert b"\r\nX-WR-CALNAME:Foo\\, Bar\r\n" in data


def test_refresh_interval_and_published_ttl_are_12_hour_durations():
    data = feed()
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data
    assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in data


def test_prodid_is_fixed_and_carries_no_version():
    assert properties(feed(), "PRODID") == ["PRODID:-//calendars.example.org//Race calendar feeds//EN"]
    assert icalendar.__version__.encode() not in feed() and __version__.encode() not in feed()


def test_calendar_header():
    lines = unfolded(feed())
    for expected in (
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "DESCRIPTION:A series for the unit tests.",
        "X-WR-CALDESC:A series for the unit tests.",
    ):
        assert expected in lines


def test_no_x_wr_timezone_and_no_alarms():
    data = feed()
    assert b"X-WR-TIMEZONE" not in data
    assert b"VALARM" not in data and b"TRIGGER" not in data


def test_every_tzid_used_has_its_vtimezone_and_no_other():
    data = feed()
    used = set(re.findall(r";TZID=([^:;]+)", data.decode("utf-8").replace("\r\n ", "")))
    defined = {line[len("TZID:") :] for line in unfolded(data) if line.startswith("TZID:")}
    assert used == defined == {"America/Sao_Paulo", "Asia/Tokyo", "Europe/Paris"}


def test_no_floating_date_time_in_any_event():
    for block in vevents(feed()):
        for line in block:
            name, value = line.split(":", 1)[0], line.split(":", 1)[1]
            if name.split(";")[0] in ("DTSTART", "DTEND", "DTSTAMP", "LAST-MODIFIED", "CREATED", "RECURRENCE-ID"):
                assert "VALUE=DATE" in name or "TZID=" in name or value.endswith("Z"), line


def test_end_is_always_dtend_never_duration():
    assert not [line for block in vevents(feed()) for line in block if line.startswith("DURATION")]


def test_24_hour_race_ends_24_real_hours_later_at_a_different_local_time():
    race = next(b for b in vevents(feed()) if "UID:test-series.le-mans.race@calendars.example.org" in b)
    assert "DTSTART;TZID=Europe/Paris:20241026T160000" in race
    assert "DTEND;TZID=Europe/Paris:20241027T150000" in race


def test_tbc_session_is_an_all_day_tentative_event():
    block = next(b for b in vevents(feed()) if "UID:test-series.le-mans.qualifying@calendars.example.org" in b)
    assert "DTSTART;VALUE=DATE:20241025" in block
    assert "DTEND;VALUE=DATE:20241026" in block  # exclusive: the next day
    assert "STATUS:TENTATIVE" in block
    assert "SUMMARY:TS · Odd\\\\name\\; with\\, marks · Qualifying (time TBC)" in block


def test_cancelled_session_stays_in_the_feed_marked_cancelled():
    block = next(b for b in vevents(feed()) if "UID:test-series.le-mans.warmup@calendars.example.org" in b)
    assert "STATUS:CANCELLED" in block
    assert "SUMMARY:TS · Odd\\\\name\\; with\\, marks · Warm-up (cancelled)" in block


def test_session_without_a_published_length_has_no_end():
    block = next(b for b in vevents(feed()) if "UID:test-series.le-mans.parade@calendars.example.org" in b)
    assert "DTSTART;TZID=Europe/Paris:20241025T180000" in block
    assert not [line for line in block if line.startswith(("DTEND", "DURATION"))]


def test_event_properties():
    block = next(b for b in vevents(feed()) if "UID:test-series.interlagos.race@calendars.example.org" in b)
    for expected in (
        "DTSTAMP:20231114T221320Z",
        "LAST-MODIFIED:20231114T221320Z",
        "SEQUENCE:0",
        "TRANSP:TRANSPARENT",
        "STATUS:CONFIRMED",
        "CATEGORIES:TS,Race",
        "GEO:-23.701111;-46.697222",
        "URL:https://example.org/test-series",
        "LOCATION:Autódromo José Carlos Pace\\, São Paulo\\, BR",
        "DTSTART;TZID=America/Sao_Paulo:20241117T110000",
        "DTEND;TZID=America/Sao_Paulo:20241117T170000",
    ):
        assert expected in block


def test_a_session_is_the_same_bytes_in_every_feed_it_appears_in():
    from generator.render import Context, render
    from tests.unit.yaml_feeds import STAMP, model

    checked = model(FEED)
    outputs = render(checked, Context(checked.site, STAMP, None))

    def race(name: str) -> list[str]:
        return next(b for b in vevents(outputs[name]) if "UID:test-series.fuji.race@calendars.example.org" in b)

    assert race("test-series.ics") == race("test-series-races.ics") == race("all.ics") == race("all-races.ics")


def test_parsed_back_by_three_independent_parsers():
    data = feed()
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.errors == [] and all(c.errors == [] for c in calendar.walk())
    assert len(calendar.walk("VEVENT")) == 6
    assert len(vobject.readOne(data.decode("utf-8")).vevent_list) == 6
    parsed = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    summaries = sorted(event.summary for event in parsed.events)
    assert f"TS · 富士6時間 · {LONG_CJK}" in summaries
    assert "TS · Odd\\name; with, marks · Race" in summaries
