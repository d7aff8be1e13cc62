"""Render (JSON): a session's item, and a feed's ``<slug>.json`` document around its items.

Each feed's ``.json`` holds the same sessions, in the same order, as its
``.ics``, for programs rather than calendar clients. The shape is version 1
of the feed schema, ``generator/schema/feed-v1.schema.json``, published
beside the feeds as ``schema/feed-v1.json`` (the file name carries the
version; a change of shape gets a new file, ``feed-v2.json``, and the old
one stays published).

Pure: depends only on the model and the render context.
Bytes are deterministic: keys in a fixed order, UTF-8, two-space indent, a
trailing newline, and no NaN. They are exactly what the standard library's
``json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)`` writes
(tests/bench/test_same_bytes.py holds the two to it), written by orjson:
with an indent the standard library's encoder is pure Python, 2.3 s of a
22 s build at make bench's 60,000 sessions, against 0.2 s for orjson.
orjson writes a float in its own shortest form (``1e-5`` where Python writes
``1e-05``), so floats go in as the text Python's ``repr`` gives them
(:func:`number`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from importlib import resources
from typing import Any, TypeVar

import orjson

from generator import timing
from generator.model import Entry, Event, Feed, Season, Series, Session, Site, Venue, session_classes
from generator.render.context import Context
from generator.render.ics import uid
from generator.render.parts import Parts, Piece, digests, piece_digest

SCHEMA_VERSION = 1
SCHEMA_PATH = f"schema/feed-v{SCHEMA_VERSION}.json"
"""Where the schema is published, relative to the site root (and to every feed)."""
SCHEMA_RESOURCE = f"feed-v{SCHEMA_VERSION}.schema.json"


SESSION_INDENT = "\n    "
"""A session's item sits two levels deep in a feed's document (in the list under "sessions")."""


def item_texts(entries: Iterable[Entry], site: Site) -> list[bytes]:
    """Each session's item, written once per build and placed as these bytes in every feed that holds it."""
    shared: dict[int, dict[str, Any]] = {}
    return placed_items([session_item(entry, site, shared) for entry in entries])


def placed_items(values: list[Any]) -> list[bytes]:
    """Each value as :func:`dumps` writes it as an item of a document's last list (two levels deep).

    One call for them all, split at the items' separators: a JSON string never holds a raw
    line break, so a line break followed by exactly the items' indent and a character is
    always a new item."""
    if not values:
        return []
    text = dumps([values])
    inner = text[len("[\n  [" + SESSION_INDENT) : -len("\n  ]\n]")]
    return [item.encode("utf-8") for item in _ITEM_BREAK.split(inner)]


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)``, for the values this
    module makes: strings, integers, booleans, None, :func:`number`, lists and dicts of them."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")


def number(value: float) -> orjson.Fragment:
    """A float as Python's ``json`` writes it (its ``repr``); NaN and infinity are refused, as
    ``allow_nan=False`` refuses them."""
    if not math.isfinite(value):
        raise ValueError(f"out of range float value for JSON: {value!r}")
    return orjson.Fragment(float.__repr__(value))


_ITEM_BREAK = re.compile("," + SESSION_INDENT + r"(?=\S)")


def document_parts(feed: Feed, context: Context, items: list[Piece], item_digests: list[Piece]) -> Parts:
    """The bytes of ``dumps_text(feed_document(...))`` in parts, with the feed's items (:func:`item_texts`,
    in the order of its entries) placed as they are: a combined feed is tens of megabytes, never
    joined in memory. ``item_digests``: each item's sha256 (render/parts.py), in the same order."""
    parts = place_items(dumps_text(feed_document(feed, context, sessions=None)), items)
    if not items:
        return Parts(parts, list(digests(parts)))
    placed = [piece_digest(parts[0]), _OPENING_DIGEST, *_separated(item_digests, _SEPARATOR_DIGEST)]
    return Parts(parts, [*placed, piece_digest(parts[-1])])


def place_items(text: str, items: list[Piece]) -> list[Piece]:
    """``text``, a document whose last member is ``null``, with that member the list of ``items``
    (:func:`placed_items`), in parts: the head, the list's opening, the items with a separator
    between each two, and the end."""
    if not text.endswith(_LAST):
        raise ValueError("the items' list must be the document's last member, null until placed")
    head, tail = text[: -len(_LAST)].encode("utf-8"), b"\n}\n"
    if not items:
        return [head, b"[]", tail]
    return [head, _OPENING, *_separated(items, _SEPARATOR), b"\n  ]" + tail]


P = TypeVar("P", bound=Piece)
"""A JSON item, or its digest."""


def _separated(items: list[P], separator: P) -> list[P]:
    """The items with the separator between each two: the items' parts of :func:`place_items`,
    and of their digests in :func:`document_parts`."""
    if not items:
        return []
    placed = [separator] * (2 * len(items) - 1)
    placed[::2] = items
    return placed


_OPENING = b"[" + SESSION_INDENT.encode("utf-8")
_SEPARATOR = ("," + SESSION_INDENT).encode("utf-8")
_OPENING_DIGEST, _SEPARATOR_DIGEST = piece_digest(_OPENING), piece_digest(_SEPARATOR)
_LAST = "null\n}\n"


def schema_bytes() -> bytes:
    return resources.files("generator").joinpath("schema", SCHEMA_RESOURCE).read_bytes()


def dumps_text(document: dict[str, Any]) -> str:
    """The document's text: UTF-8 as it is, two-space indent, no NaN, and a newline."""
    return dumps(document) + "\n"


def feed_document(feed: Feed, context: Context, sessions: list[Any] | None) -> dict[str, Any]:
    """The feed's document, with ``sessions`` (its entries' items, or None to be placed later) last."""
    base_url = context.base_url
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": SCHEMA_PATH,
        "schema_url": _absolute(base_url, SCHEMA_PATH),
        "generated": utc_text(context.stamp),
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


def session_item(entry: Entry, site: Site, shared: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """``shared``: the parts every session of an event repeats (its series, season, event and venue),
    by the event's id, made once per event (the writer reads the same dict each time); the caller
    keeps the events alive meanwhile."""
    session, event = entry.session, entry.event
    has_entry = bool(entry.entry_text or entry.entry_sources)
    around = shared.get(id(event))
    if around is None:
        around = {
            "series": {"slug": entry.series.slug, "name": entry.series.name, "short_name": entry.series.short_name},
            "season": {"id": event.season.id, "name": event.season.name},
            "event": event_item(event),
            "venue": venue_item(event.venue),
        }
        shared[id(event)] = around
    item: dict[str, Any] = {
        "uid": uid(entry, site),
        "series": around["series"],
        "season": around["season"],
        "event": around["event"],
        "session": session_fields(session),
        "venue": around["venue"],
        "date": session.date.isoformat(),
        "start": moment(session.start),
        "end": moment(session.end),
        "entry": {"text": entry.entry_text or None, "sources": list(entry.entry_sources)} if has_entry else None,
    }
    if entry.series.classes:  # optional in schema v1: a series that names no classes gives the same document as before
        item["classes"] = [{"id": one.id, "name": one.name} for one in session_classes(event, session)]
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
        "latitude": number(venue.latitude),
        "longitude": number(venue.longitude),
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
