"""Render (iCalendar): a session's VEVENT, and a feed's calendar around its VEVENTs.

Pure: depends only on the model and the render context (site, build
timestamp, base URL). Each session's VEVENT is written once per build (see
render/series.py) and placed in every feed that holds it, so a session is
byte-for-byte the same event everywhere. icalendar writes the calendar's
properties; we pass explicit ``vText``/``vDuration`` values where its
defaults are wrong for feeds (NAME and X-WR-* written unescaped,
X-PUBLISHED-TTL written as ``12:00:00`` from a timedelta).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

from icalendar import Calendar, Event, vCategory, vDuration, vGeo, vText, vUri

from generator import timing
from generator.model import CONFIDENCE_TEXT, Entry, Feed, Session, Site
from generator.render.context import Context
from generator.render.parts import Parts, Piece, digests, piece_digest
from generator.vtimezone import reads_as_utc, vtimezone

REFRESH = dt.timedelta(hours=12)
STATUS = {"scheduled": "CONFIRMED", "tentative": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SUMMARY_MARK = {"cancelled": " (cancelled)", "postponed": " (postponed)"}
SEPARATOR = " · "
END = b"END:VCALENDAR\r\n"
_END_DIGEST = piece_digest(END)


def feed_parts(
    feed: Feed, context: Context, spans: dict[str, tuple[int, int]], events: list[Piece], event_digests: list[Piece]
) -> Parts:
    """A feed's bytes in parts: its header, a VTIMEZONE per zone of ``spans`` (zone -> first and
    last year), its VEVENTs (in the order of its entries) and its end; ``event_digests``: each
    VEVENT's sha256 (render/parts.py), in the same order."""
    head = [_calendar_header(feed, context.site, context.base_url)]
    head.extend(vtimezone(name, first, last) for name, (first, last) in sorted(spans.items()))
    return Parts([*head, *events, END], [*digests(head), *event_digests, _END_DIGEST])


def _calendar_header(feed: Feed, site: Site, base_url: str | None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{site.uid_domain}//Race calendar feeds//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar["NAME"] = Text(feed.title)
    calendar["X-WR-CALNAME"] = Text(feed.title)
    calendar["DESCRIPTION"] = Text(feed.description)
    calendar["X-WR-CALDESC"] = Text(feed.description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar["X-PUBLISHED-TTL"] = vDuration(REFRESH)
    if base_url:
        calendar["URL"] = vUri(f"{base_url}{feed.slug}.ics")
    header: bytes = calendar.to_ical()
    assert header.endswith(END)
    return header[: -len(END)]


def zone_spans(entries: Iterable[Entry]) -> dict[str, tuple[int, int]]:
    """The zones the timed sessions use, each with the first and last year it is needed."""
    years: dict[str, list[int]] = {}
    for entry in entries:
        session = entry.session
        if session.start is not None and not (
            _reads_as_utc(session.start) and _reads_as_utc(session.end or session.start)
        ):
            year, last = session.date.year, (session.end or session.start).year
            span = years.get(entry.event.venue.timezone)
            if span is None:
                years[entry.event.venue.timezone] = [year, max(year, last)]
            else:
                span[0] = min(span[0], year)
                span[1] = max(span[1], last)
    return {name: (first, last) for name, (first, last) in years.items()}


class Text(vText):
    r"""A TEXT value escaped by RFC 5545 3.3.11 and nothing else.

    icalendar 7.3 first turns a backslash followed by ``N`` into a line
    break, so ``C:\Racing\Night`` would reach every client as
    ``C:\Racing`` and a new line starting ``ight``.
    """

    def to_ical(self) -> bytes:
        return escape_text(self).encode("utf-8")


def escape_text(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def categories(*names: str) -> vCategory:
    value = vCategory(list(names))
    value.cats = [Text(name) for name in names]
    return value


def uid(entry: Entry, site: Site) -> str:
    """From the series, event and session ids alone: never a position, time or name."""
    return ".".join(entry.uid_parts) + f"@{site.uid_domain}"


def summary(entry: Entry) -> str:
    session = entry.session
    text = SEPARATOR.join((entry.series.short_name, entry.event.name, session.name))
    if session.is_tbc:
        text += " (time TBC)"
    return text + SUMMARY_MARK.get(session.status, "")


def local_time_text(session: Session) -> str:
    if session.start is None:
        if session.last_date is not None:
            return f"{timing.format_day(session.date)} to {timing.format_day(session.last_date)}, time TBC"
        return f"{timing.format_day(session.date)}, time TBC"
    return timing.format_local_span(session.start, session.end)


def description(entry: Entry) -> str:
    event, session, venue = entry.event, entry.session, entry.event.venue
    heading = f"{entry.series.name} {event.season.name}"
    if event.round:
        heading += f", round {event.round}"
    lines = [
        f"{event.name}{SEPARATOR}{session.name}",
        heading,
        f"Local time at {venue.name}: {local_time_text(session)} [{venue.timezone}]",
        f"Status: {session.status}",
        f"Times: {CONFIDENCE_TEXT[session.confidence]}",
    ]
    if entry.entry_text:
        lines.append(f"Entry: {entry.entry_text}")
    lines.extend(note for note in (event.note, session.note) if note)
    sources = list(dict.fromkeys((*session.sources, *event.sources, *entry.entry_sources)))
    lines.append("Sources:")
    lines.extend(f"- {source}" for source in sources)
    return "\n".join(lines)


def ical_status(session: Session) -> str:
    if session.is_tbc and session.status == "scheduled":
        return "TENTATIVE"
    return STATUS[session.status]


def unambiguous(moment: dt.datetime) -> dt.datetime:
    """The moment as written: in its venue zone, or in UTC when that wall
    time happens twice or the zone reads as UTC (see vtimezone.reads_as_utc).

    ``TZID=...:20241103T013000`` cannot say which of two 01:30s is meant:
    RFC 5545 takes the first, ical.js (Thunderbird) takes the second. Only
    UTC names one instant for every client.
    """
    if timing.is_ambiguous(moment) or _reads_as_utc(moment):
        return moment.astimezone(dt.UTC)
    return moment


def _reads_as_utc(moment: dt.datetime) -> bool:
    zone = getattr(moment.tzinfo, "zone", None)
    return zone is not None and reads_as_utc(zone, moment.year)


def vevent(entry: Entry, site: Site, stamp: dt.datetime) -> Event:
    event, session, venue = entry.event, entry.session, entry.event.venue
    component = Event()
    component.add("uid", uid(entry, site))
    component.add("dtstamp", stamp)
    if session.start is None:
        component.add("dtstart", session.date)
        component.add("dtend", session.final_date + dt.timedelta(days=1))
    else:
        component.add("dtstart", unambiguous(session.start))
        if session.end is not None:
            # No DTEND when no length is published: RFC 5545 reads that as an
            # event of no duration, which is what is known.
            component.add("dtend", unambiguous(session.end))
    component.add("summary", Text(summary(entry)))
    component.add("location", Text(venue.place))
    component["GEO"] = vGeo((venue.latitude, venue.longitude))
    component.add("url", event.url or entry.series.url)
    component.add("description", Text(description(entry)))
    component.add("categories", categories(entry.series.short_name, session.kind.capitalize()))
    component.add("status", ical_status(session))
    component.add("transp", "TRANSPARENT")
    component.add("sequence", 0)
    component.add("last-modified", stamp)
    return component


# The VEVENT bytes, written directly. Building an icalendar Event and calling
# to_ical() cost about 0.3 ms per session, most of the build's rendering time:
# 18 s of icalendar alone at make bench's 60,000 sessions, against a whole
# build of about 16 s; vevent() above stays the reference, and a test holds the
# two byte-equal on every session of the fixtures, the synthetic corpus and
# generated cases. Property order is icalendar's: its canonical order for
# VEVENT, then the other names alphabetically.

ONE_DAY = dt.timedelta(days=1)


def event_bytes(entry: Entry, site: Site, stamp: dt.datetime) -> bytes:
    """``vevent(entry, site, stamp).to_ical()``, without building the component."""
    event, session, venue = entry.event, entry.session, entry.event.venue
    if session.start is None:
        start = f"DTSTART;VALUE=DATE:{_date_text(session.date)}"
        end: str | None = f"DTEND;VALUE=DATE:{_date_text(session.final_date + ONE_DAY)}"
    else:
        timed = _moment_line("DTSTART", session.start)
        end = None if session.end is None else _moment_line("DTEND", session.end)
        if timed is None or (end is None and session.end is not None):
            written: bytes = vevent(entry, site, stamp).to_ical()  # a zone icalendar names its own way
            return written
        start = timed
    stamp_text = _datetime_text(stamp.astimezone(dt.UTC)) + "Z"
    lines = ["BEGIN:VEVENT", "SUMMARY:" + escape_text(summary(entry)), start]
    if end is not None:
        lines.append(end)
    lines += [
        "DTSTAMP:" + stamp_text,
        "UID:" + escape_text(uid(entry, site)),
        "SEQUENCE:0",
        "CATEGORIES:" + escape_text(entry.series.short_name) + "," + escape_text(session.kind.capitalize()),
        "DESCRIPTION:" + escape_text(description(entry)),
        f"GEO:{venue.latitude};{venue.longitude}",
        "LAST-MODIFIED:" + stamp_text,
        "LOCATION:" + escape_text(venue.place),
        "STATUS:" + ical_status(session),
        "TRANSP:TRANSPARENT",
        "URL:" + (event.url or entry.series.url),
        "END:VEVENT",
    ]
    return b"".join([fold(line.encode("utf-8")) + b"\r\n" for line in lines])


def fold(line: bytes) -> bytes:
    """icalendar's folding: at most 74 octets a line, never inside a UTF-8
    character, and a backslash or caret that would end a line moved to the next."""
    if len(line) < 75:
        return line
    parts = []
    start = 0
    while len(line) - start > 74:
        end = start + 74
        while line[end] & 0xC0 == 0x80:  # inside a multi-byte character
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _moment_line(name: str, moment: dt.datetime) -> str | None:
    moment = unambiguous(moment)
    if moment.tzinfo is dt.UTC:
        return f"{name}:{_datetime_text(moment)}Z"
    zone = getattr(moment.tzinfo, "zone", None)
    parameter = _tzid_parameter(zone) if zone else None
    return None if parameter is None else f"{name}{parameter}:{_datetime_text(moment)}"


@cache
def _tzid_parameter(zone_name: str) -> str | None:
    """``;TZID=<zone>`` exactly as icalendar writes it for the zone, or None
    where it writes the time another way (a zone it takes for UTC)."""
    sample = Event()
    sample.add("dtstart", timing.zone(zone_name).localize(dt.datetime(2001, 2, 3, 4, 5, 6), is_dst=False))
    line: str = sample.to_ical().split(b"\r\n")[1].decode("utf-8")
    head, _, value = line.partition(":")
    if value != "20010203T040506" or not head.startswith("DTSTART;TZID="):
        return None
    return head[len("DTSTART") :]


def _datetime_text(moment: dt.datetime) -> str:
    return f"{moment.year:04}{moment.month:02}{moment.day:02}T{moment.hour:02}{moment.minute:02}{moment.second:02}"


def _date_text(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"
