"""Stage 3, render (iCalendar): the model in, ``{path: bytes}`` of .ics feeds out.

Pure: depends only on the model, the build timestamp and the base URL.
Each session's VEVENT is serialised once and reused by every feed it
appears in, so a session is byte-for-byte the same event everywhere.
icalendar writes each property; we pass explicit ``vText``/``vDuration``
values where its defaults are wrong for feeds (NAME and X-WR-* written
unescaped, X-PUBLISHED-TTL written as ``12:00:00`` from a timedelta).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from icalendar import Calendar, Event, vCategory, vDuration, vGeo, vText, vUri

from generator import timing
from generator.model import CONFIDENCE_TEXT, Entry, Feed, Model, Session, Site, Venue
from generator.vtimezone import vtimezone

REFRESH = dt.timedelta(hours=12)
STATUS = {"scheduled": "CONFIRMED", "tentative": "TENTATIVE", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}
SUMMARY_MARK = {"cancelled": " (cancelled)", "postponed": " (postponed)"}
SEPARATOR = " · "
END = b"END:VCALENDAR\r\n"


def render_ics(model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes]:
    events: dict[Entry, bytes] = {}
    # One VTIMEZONE per zone for the whole site, the same bytes in every feed:
    # clients cache a VTIMEZONE by its TZID (vobject and icalendar do, for the
    # life of the process) and apply the first one read to every later feed.
    spans = zone_spans(entry for feed in model.feeds for entry in feed.entries)
    outputs = {}
    for feed in model.feeds:
        path = f"{feed.slug}.ics"
        if path in outputs:
            # validate refuses two feeds with one name; never let one replace the other silently.
            raise ValueError(f"two feeds would be written to {path!r}")
        outputs[path] = render_feed(feed, model.site, stamp, base_url, events, spans)
    return outputs


def render_feed(
    feed: Feed, site: Site, stamp: dt.datetime, base_url: str | None,
    cache: dict[Entry, bytes] | None = None, spans: dict[str, tuple[int, int]] | None = None,
) -> bytes:
    """One feed; ``spans`` (zone -> first and last year) defaults to the feed's own sessions."""
    cache = {} if cache is None else cache
    parts = [_calendar_header(feed, site, base_url)]
    parts.extend(_vtimezones(feed, spans))
    for entry in feed.entries:
        body = cache.get(entry)
        if body is None:
            body = cache[entry] = vevent(entry, site, stamp).to_ical()
        parts.append(body)
    parts.append(END)
    return b"".join(parts)


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
    header = calendar.to_ical()
    assert header.endswith(END)
    return header[: -len(END)]


def zone_spans(entries: Iterable[Entry]) -> dict[str, tuple[int, int]]:
    """The zones the timed sessions use, each with the first and last year it is needed."""
    years: dict[str, tuple[int, int]] = {}
    for entry in entries:
        session = entry.session
        if session.start is not None:
            first, last = years.get(entry.event.venue.timezone, (session.date.year, session.date.year))
            years[entry.event.venue.timezone] = (min(first, session.date.year), max(last, (session.end or session.start).year))
    return years


def _vtimezones(feed: Feed, spans: dict[str, tuple[int, int]] | None) -> list[bytes]:
    used = zone_spans(feed.entries)
    chosen = used if spans is None else {name: spans[name] for name in used}
    return [vtimezone(name, first, last) for name, (first, last) in sorted(chosen.items())]


class Text(vText):
    r"""A TEXT value escaped by RFC 5545 3.3.11 and nothing else.

    icalendar 7.3 first turns a backslash followed by ``N`` into a line
    break, so ``C:\Racing\Night`` would reach every client as
    ``C:\Racing`` and a new line starting ``ight``.
    """

    def to_ical(self) -> bytes:
        text = self.replace("\r\n", "\n").replace("\r", "\n")
        escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        return escaped.encode("utf-8")


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


def location(venue: Venue) -> str:
    return ", ".join(part for part in (venue.name, venue.locality, venue.country) if part)


def local_time_text(session: Session) -> str:
    if session.start is None:
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
    """The moment as written: in its venue zone, or in UTC when that wall time happens twice.

    ``TZID=...:20241103T013000`` cannot say which of two 01:30s is meant:
    RFC 5545 takes the first, ical.js (Thunderbird) takes the second. Only
    UTC names one instant for every client.
    """
    return moment.astimezone(dt.timezone.utc) if timing.is_ambiguous(moment) else moment


def vevent(entry: Entry, site: Site, stamp: dt.datetime) -> Event:
    event, session, venue = entry.event, entry.session, entry.event.venue
    component = Event()
    component.add("uid", uid(entry, site))
    component.add("dtstamp", stamp)
    if session.start is None:
        component.add("dtstart", session.date)
        component.add("dtend", session.date + dt.timedelta(days=1))
    else:
        component.add("dtstart", unambiguous(session.start))
        if session.end is not None:
            # No DTEND when no length is published: RFC 5545 reads that as an
            # event of no duration, which is what is known.
            component.add("dtend", unambiguous(session.end))
    component.add("summary", Text(summary(entry)))
    component.add("location", Text(location(venue)))
    component["GEO"] = vGeo((venue.latitude, venue.longitude))
    component.add("url", event.url or entry.series.url)
    component.add("description", Text(description(entry)))
    component.add("categories", categories(entry.series.short_name, session.kind.capitalize()))
    component.add("status", ical_status(session))
    component.add("transp", "TRANSPARENT")
    component.add("sequence", 0)
    component.add("last-modified", stamp)
    return component
