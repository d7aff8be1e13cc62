"""Stage 3, render (JSON): the model in, ``{path: bytes}`` of ``<slug>.json`` feeds out.

Each feed's ``.json`` holds the same sessions, in the same order, as its
``.ics``, for programs rather than calendar clients. The shape is version 1
of the feed schema, ``generator/schema/feed-v1.schema.json``, published
beside the feeds as ``schema/feed-v1.json`` (the file name carries the
version; a change of shape gets a new file, ``feed-v2.json``, and the old
one stays published).

Pure: depends only on the model, the build timestamp and the base URL.
Bytes are deterministic: keys in a fixed order, UTF-8, two-space indent, a
trailing newline, and no NaN (refused by ``allow_nan=False``).
"""
from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any, Iterator

from generator import memo as memo_module
from generator import timing
from generator.json_text import EncodedItems, JsonWriter
from generator.model import Entry, Event, Feed, Model, Season, Series, Session, Site, Venue, session_classes
from generator.render_ics import uid

SCHEMA_VERSION = 1
SCHEMA_PATH = f"schema/feed-v{SCHEMA_VERSION}.json"
"""Where the schema is published, relative to the site root (and to every feed)."""
SCHEMA_RESOURCE = f"feed-v{SCHEMA_VERSION}.schema.json"


SESSION_LEVEL = 2
"""How deep a session's item sits in a feed document (in the list under "sessions")."""


def render_json(model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes]:
    return {path: memo_module.joined(body) for path, body in json_files(model, stamp, base_url)}


def json_files(model: Model, stamp: dt.datetime, base_url: str | None) -> Iterator[tuple[str, bytes | memo_module.Parts | memo_module.Published]]:
    """Each file of render_json in turn, so that the build holds one at a time."""
    yield SCHEMA_PATH, schema_bytes()
    writer = JsonWriter()
    memo = memo_module.current()
    # Each session's item is written once (kept between builds) and placed
    # as that text in every feed that holds the session.
    items = memo_module.Pieces(model.feeds, "json", lambda entry: writer.encoded(session_item(entry, model.site), SESSION_LEVEL).text, memo)
    for feed in model.feeds:
        path = f"{feed.slug}.json"
        # A series' own feed depends on that series alone (a collection's on
        # its file and its series), with the site, the timestamp and the base
        # URL: kept as published while these are unchanged.
        own = memo_module.owner(feed)
        key = ("json", feed.slug, feed.title, feed.description, feed.kind)
        kept = memo.published_file(own, key, path, lambda feed=feed: dumps(feed_document(feed, model.site, stamp, base_url))) if own else None
        if kept is not None:
            yield path, kept
            continue
        document = feed_document(feed, model.site, stamp, base_url, sessions=EncodedItems(items.of(feed), SESSION_LEVEL))
        yield path, memo_module.Parts(writer.dump_parts(document, end="\n"))
        if own:
            memo.made_file(own, key, path)


def schema_bytes() -> bytes:
    return resources.files("generator").joinpath("schema", SCHEMA_RESOURCE).read_bytes()


def dumps(document: dict[str, Any], writer: JsonWriter | None = None) -> bytes:
    """``json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)`` and a newline, in UTF-8."""
    text = (writer or JsonWriter()).dump(document, end="\n")
    return text if isinstance(text, bytes) else text.encode("utf-8")


def feed_document(feed: Feed, site: Site, stamp: dt.datetime, base_url: str | None, sessions: list[Any] | EncodedItems | None = None) -> dict[str, Any]:
    """The feed's document; ``sessions``, when given, are its entries' items (or their texts), in order."""
    if sessions is None:
        sessions = [session_item(entry, site) for entry in feed.entries]
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": SCHEMA_PATH,
        "schema_url": _absolute(base_url, SCHEMA_PATH),
        "generated": utc_text(stamp),
        "feed": {
            "slug": feed.slug,
            "title": feed.title,
            "description": feed.description,
            "kind": feed.kind,
            "ics": f"{feed.slug}.ics",
            "ics_url": _absolute(base_url, f"{feed.slug}.ics"),
            "json": f"{feed.slug}.json",
            "json_url": _absolute(base_url, f"{feed.slug}.json"),
        },
        "series": [series_item(series) for series in feed.series],
        "sessions": sessions,
    }


def series_item(series: Series) -> dict[str, Any]:
    return {
        "slug": series.slug,
        "name": series.name,
        "short_name": series.short_name,
        "url": series.url,
        "description": series.description,
        "seasons": [season_item(season, series) for season in series.seasons],
    }


def season_item(season: Season, series: Series) -> dict[str, Any]:
    # The event count lets a reader tell "no calendar published yet" (0 and a
    # note) from a season that is simply over. A season's id is unique in its series.
    return {
        "id": season.id,
        "name": season.name,
        "note": season.note or None,
        "sources": list(season.sources),
        "events": sum(1 for event in series.events if event.season.id == season.id),
    }


def session_item(entry: Entry, site: Site) -> dict[str, Any]:
    session = entry.session
    has_entry = bool(entry.entry_text or entry.entry_sources)
    item = {
        "uid": uid(entry, site),
        "series": {"slug": entry.series.slug, "name": entry.series.name, "short_name": entry.series.short_name},
        "season": {"id": entry.event.season.id, "name": entry.event.season.name},
        "event": event_item(entry.event),
        "session": session_fields(session),
        "venue": venue_item(entry.event.venue),
        "date": session.date.isoformat(),
        "start": moment(session.start),
        "end": moment(session.end),
        "entry": {"text": entry.entry_text or None, "sources": list(entry.entry_sources)} if has_entry else None,
    }
    if entry.series.classes:  # optional in schema v1: a series that names no classes gives the same document as before
        item["classes"] = [{"id": one.id, "name": one.name} for one in session_classes(entry.event, session)]
    return item


def event_item(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "name": event.name,
        "round": event.round or None,
        "status": event.status,
        "confidence": event.confidence,
        "url": event.url or None,
        "note": event.note or None,
        "sources": list(event.sources),
    }


def session_fields(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "kind": session.kind,
        "name": session.name,
        "status": session.status,
        "confidence": session.confidence,
        "tbc": session.is_tbc,
        "note": session.note or None,
        "sources": list(session.sources),
    }


def venue_item(venue: Venue) -> dict[str, Any]:
    return {
        "id": venue.id,
        "name": venue.name,
        "locality": venue.locality,
        "country": venue.country,
        "timezone": venue.timezone,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
    }


def moment(when: dt.datetime | None) -> dict[str, str] | None:
    """One instant twice: in UTC, and as the venue's wall time with its offset."""
    if when is None:
        return None
    return {"utc": utc_text(when), "local": local_text(when)}


def utc_text(when: dt.datetime) -> str:
    return timing.iso_utc(when)


def local_text(when: dt.datetime) -> str:
    wall = f"{when.year:04d}-{when.month:02d}-{when.day:02d}T{when.hour:02d}:{when.minute:02d}:{when.second:02d}"
    return wall + timing.format_offset(when.utcoffset())


def _absolute(base_url: str | None, path: str) -> str | None:
    return f"{base_url}{path}" if base_url else None
