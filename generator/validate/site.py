"""Part of the validate stage: feeds/site.yaml and feeds/venues.yaml, field by field."""

from __future__ import annotations

import re

from generator import zones
from generator.errors import Problem
from generator.fields import Fields
from generator.load import Document, Mapping
from generator.model import (
    Site,
    Venue,
)

DOMAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")


# The keys each kind of mapping accepts: (required, optional). The README's
# feed format reference documents every one of them (a test checks it).
SITE_KEYS = (("title", "description", "uid_domain"), ("base_url",))


VENUE_KEYS = (("name", "locality", "country", "timezone", "latitude", "longitude", "sources"), ())


def check_site(doc: Document, problems: list[Problem]) -> Site | None:
    fields = Fields(doc.path, problems)
    data = fields.mapping(doc.data, "", *SITE_KEYS)
    if data is None:
        return None
    uid_domain = fields.text(data, "uid_domain", "")
    if uid_domain and not DOMAIN.fullmatch(uid_domain):
        fields.problem(
            fields.line_of(data, "uid_domain"),
            "uid_domain",
            f"expected a domain name like 'calendars.example.org', got {uid_domain!r}",
        )
    return Site(
        title=fields.text(data, "title", ""),
        description=fields.text(data, "description", "", multiline=True),
        uid_domain=uid_domain,
        base_url=fields.url(data, "base_url", "", default="") or None,
    )


def check_venues(doc: Document, problems: list[Problem]) -> dict[str, Venue]:
    fields = Fields(doc.path, problems)
    data = fields.mapping(doc.data, "", ("venues",), ())
    venues: dict[str, Venue] = {}
    table = data.get("venues") if data is not None else None
    if data is None or table is None:
        return venues
    if not isinstance(table, Mapping):
        fields.problem(
            getattr(table, "line", data.line), "venues", "expected a mapping of venue ids to venues (see the README)"
        )
        return venues
    for venue_id, raw in table.items():
        where = f"venues.{venue_id}"
        if not fields.slug_value(venue_id, table.key_lines[venue_id], where, "a venue id"):
            continue
        venue = fields.mapping(raw, where, *VENUE_KEYS)
        if venue is None:
            continue
        zone_name = fields.text(venue, "timezone", where)
        country = fields.text(venue, "country", where)
        if country and not zones.known_country(country):
            fields.problem(
                fields.line_of(venue, "country"),
                f"{where}.country",
                f"expected an ISO 3166 two-letter country code like 'MY', got {country!r}",
            )
        wrong_zone = zones.problem(zone_name, country) if zone_name else None
        if wrong_zone:
            fields.problem(fields.line_of(venue, "timezone"), f"{where}.timezone", wrong_zone)
        venues[venue_id] = Venue(
            id=venue_id,
            name=fields.text(venue, "name", where),
            locality=fields.text(venue, "locality", where),
            country=country,
            timezone=zone_name,
            latitude=fields.number(venue, "latitude", where, -90, 90),
            longitude=fields.number(venue, "longitude", where, -180, 180),
            sources=fields.sources(venue, "sources", where, required=True),
            line=table.key_lines[venue_id],
        )
    return venues
