"""Feeds written as YAML text in the tests, turned into documents and a model
without touching the disk (the load stage's parse_document does the parsing).
"""

from __future__ import annotations

import datetime as dt
import textwrap

from generator.errors import UserError
from generator.load import Document, Documents, parse_document
from generator.model import Model
from generator.render import Context, render
from generator.validate import validate

STAMP = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)

SITE = """\
title: Test Calendars
description: Fixture feeds for the unit tests.
uid_domain: calendars.example.org
"""

_VENUE = """\
  {id}:
    name: {name}
    locality: {locality}
    country: {country}
    timezone: {zone}
    latitude: {lat}
    longitude: {lon}
    sources: [https://example.org/venues/{id}]
"""

VENUE_LIST = (
    ("sepang", "Sepang International Circuit", "Sepang", "MY", "Asia/Kuala_Lumpur", "2.760556", "101.7375"),
    ("dubai-autodrome", "Dubai Autodrome", "Dubai", "AE", "Asia/Dubai", "25.0506333", "55.2391278"),
    ("le-mans", "Circuit de la Sarthe", "Le Mans", "FR", "Europe/Paris", "47.95", "0.224167"),
    ("interlagos", "Autódromo José Carlos Pace", "São Paulo", "BR", "America/Sao_Paulo", "-23.701111", "-46.697222"),
    ("cota", "Circuit of the Americas", "Austin", "US", "America/Chicago", "30.132778", "-97.641111"),
    ("albert-park", "Albert Park Circuit", "Melbourne", "AU", "Australia/Melbourne", "-37.849722", "144.968333"),
    ("fuji", "富士スピードウェイ", "小山町", "JP", "Asia/Tokyo", "35.371667", "138.926667"),
)
VENUES = "venues:\n" + "".join(
    _VENUE.format(id=v[0], name=v[1], locality=v[2], country=v[3], zone=v[4], lat=v[5], lon=v[6]) for v in VENUE_LIST
)

SERIES_HEAD = """\
name: Test Series
short_name: TS
url: https://example.org/test-series
description: A series for the unit tests.
seasons:
  - id: 2023-24
    name: 2023/24
events:
"""


def event(event_id: str, venue: str, sessions: str, name: str = "4 Hours of Test", extra: str = "") -> str:
    """One event's YAML (indented for the events: list); sessions as YAML lines."""
    text = f"""\
- id: {event_id}
  season: 2023-24
  name: {name}
  venue: {venue}
  confidence: confirmed
  sources: [https://example.org/{event_id}]
{textwrap.indent(textwrap.dedent(extra), "  ")}  sessions:
{textwrap.indent(textwrap.dedent(sessions), "    ")}"""
    return textwrap.indent(text, "  ")


def session(session_id: str, when: str, kind: str = "race", name: str = "Race", extra: str = "") -> str:
    """One session's YAML; ``when`` is e.g. 'start: 2023-12-02 14:00\\nduration: 4h'."""
    body = f"id: {session_id}\nkind: {kind}\nname: {name}\n{textwrap.dedent(when).strip()}\n{textwrap.dedent(extra).strip()}".strip()
    return "- " + textwrap.indent(body, "  ")[2:] + "\n"


def series(*events: str, head: str = SERIES_HEAD) -> str:
    return head + "".join(events)


def documents(
    series_files: dict[str, str],
    venues: str = VENUES,
    site: str = SITE,
    collections: dict[str, str] | None = None,
    drivers: dict[str, str] | None = None,
) -> Documents:
    def doc(path: str, text: str) -> Document:
        return Document(path, parse_document(text.encode("utf-8"), path))

    return Documents(
        site=doc("feeds/site.yaml", site),
        venues=doc("feeds/venues.yaml", venues),
        # Series files are parsed when validate checks them, as load leaves them.
        series=[
            Document(f"feeds/series/{slug}.yaml", None, raw=text.encode("utf-8"))
            for slug, text in sorted(series_files.items())
        ],
        collections=[doc(f"feeds/collections/{slug}.yaml", text) for slug, text in sorted((collections or {}).items())],
        drivers=[doc(f"feeds/drivers/{slug}.yaml", text) for slug, text in sorted((drivers or {}).items())],
    )


def model(series_files: dict[str, str] | str, **kwargs) -> Model:
    if isinstance(series_files, str):
        series_files = {"test-series": series_files}
    return validate(documents(series_files, **kwargs))


def problems(series_files: dict[str, str] | str, **kwargs) -> list[str]:
    """The messages validation gives, one line each (fails the test when there are none)."""
    try:
        model(series_files, **kwargs)
    except UserError as error:
        return [str(problem) for problem in error.problems]
    raise AssertionError("expected the feeds to be refused")


def ics(series_files: dict[str, str] | str, feed: str = "test-series", base_url: str | None = None, **kwargs) -> bytes:
    checked = model(series_files, **kwargs)
    return render(checked, Context(checked.site, STAMP, base_url))[f"{feed}.ics"]
