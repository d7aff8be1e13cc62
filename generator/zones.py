"""A venue's time zone checked against its country, for the validate stage.

Takes a venue's ``timezone`` and ``country`` and gives the problem with them
(or ``None``): an unknown zone gets the zones of the venue's country as its
suggestions, a known zone not used in that country is refused, and an
abbreviation or an offset ('CEST', 'UTC+2') is answered with the IANA names
to use. The zones of a country come from tzdata's zone.tab and zone1970.tab
as pytz ships them.
"""
from __future__ import annotations

import difflib
from functools import lru_cache

import pytz

def zones_of(country: str) -> list[str]:
    """The zones used in a country: zone.tab's in its order, then zone1970.tab's others."""
    return list(_zones_by_country().get(country, ()))


def known_country(country: str) -> bool:
    return country in pytz.country_names


def problem(zone_name: str, country: str) -> str | None:
    """What is wrong with a venue's zone in its country, with the fix; None when nothing is."""
    zones = zones_of(country)
    listed = f"zones of {country}: {', '.join(zones)}" if zones else ""
    # 'CEST', 'BST', 'UTC+2', '+02:00', 'EST5EDT', 'Etc/GMT-2': the name of
    # an offset or of a summer or winter time, never of a place (every IANA
    # name of a place has an area and a slash).
    if "/" not in zone_name or zone_name.startswith("Etc/"):
        hint = f"; {listed}" if listed else ", such as 'Europe/Lisbon'"
        return f"{zone_name!r} is an abbreviation or a UTC offset, not a place: use the IANA name{hint}"
    if zone_name not in pytz.all_timezones_set:
        return f"unknown IANA time zone {zone_name!r}{_suggestion(zone_name, zones, listed)}"
    if zones and zone_name not in zones:
        return f"time zone {zone_name!r} is not used in {country} ({pytz.country_names[country]}); {listed}"
    return None


def _suggestion(zone_name: str, zones: list[str], listed: str) -> str:
    close = difflib.get_close_matches(zone_name, zones, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?" + (f" {listed}" if len(zones) > 1 else "")
    if listed:
        return f"; {listed}"
    close = difflib.get_close_matches(zone_name, pytz.all_timezones, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@lru_cache(maxsize=1)
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {code: list(zones) for code, zones in pytz.country_timezones.items()}
    with pytz.open_resource("zone1970.tab") as table:
        for line in table.read().decode("utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            codes, _, zone = line.split("\t")[:3]
            for code in codes.split(","):
                if zone not in found.setdefault(code, []):
                    found[code].append(zone)
    return {code: tuple(zones) for code, zones in found.items()}
