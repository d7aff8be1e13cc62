"""A synthetic feeds folder of any size, valid per the feed format reference.

``write_corpus(folder, Size(...))`` writes site.yaml, venues.yaml, one file
per series and the collections. The data is deterministic (no randomness,
no clock) and exercises what real feeds hold: venues in zones with and
without DST (São Paulo's DST ended in 2019, Mexico City's in 2022, so the
VTIMEZONE fallbacks are used too), half-hour offsets, sessions with a
duration, an end or only a date (time TBC), cancelled events, 24-hour races,
non-ASCII text, commas and semicolons to escape, and notes long enough to
fold. ``change_one_session`` edits one start time in place, as a maintainer
would.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

# id, name, locality, country, IANA zone, latitude, longitude
VENUES = (
    ("paris-nord", "Circuit Paris-Nord", "Roissy-en-France", "FR", "Europe/Paris", 49.0097, 2.5479),
    ("lakeside", "Lakeside Raceway", "Chicago, Illinois", "US", "America/Chicago", 41.8781, -87.6298),
    ("phillip-bay", "Phillip Bay Circuit", "Melbourne", "AU", "Australia/Melbourne", -37.8136, 144.9631),
    ("interlagos-sul", "Autódromo Sul", "São Paulo", "BR", "America/Sao_Paulo", -23.7036, -46.6997),
    ("dubai-dunes", "Dunes Autodrome", "Dubai", "AE", "Asia/Dubai", 25.0486, 55.2389),
    ("sepang-south", "Sepang South Circuit", "Sepang", "MY", "Asia/Kuala_Lumpur", 2.7606, 101.7381),
    ("fuji-east", "Fuji East Speedway", "Oyama; Shizuoka", "JP", "Asia/Tokyo", 35.3717, 138.9267),
    ("northampton", "Northampton Park", "Silverstone", "GB", "Europe/London", 52.0786, -1.0169),
    ("finger-lakes", "Finger Lakes Glen", "Watkins Glen, New York", "US", "America/New_York", 42.3369, -76.9272),
    ("lusail-bay", "Lusail Bay Circuit", "Lusail", "QA", "Asia/Qatar", 25.49, 51.4542),
    ("sakhir-west", "Sakhir West", "Sakhir", "BH", "Asia/Bahrain", 26.0325, 50.5106),
    (
        "monterey-coast",
        "Monterey Coast Raceway",
        "Salinas, California",
        "US",
        "America/Los_Angeles",
        36.5844,
        -121.7533,
    ),
    ("waikato", "Waikato Motorsport Park", "Hampton Downs", "NZ", "Pacific/Auckland", -37.3592, 175.0811),
    ("highveld", "Highveld Circuit", "Midrand", "ZA", "Africa/Johannesburg", -25.9894, 28.0767),
    ("jiading", "Jiading International", "Shanghai", "CN", "Asia/Shanghai", 31.3389, 121.2197),
    ("hermanos", "Autódromo Hermanos", "Ciudad de México", "MX", "America/Mexico_City", 19.4042, -99.0907),
    ("brianza", "Autodromo di Brianza", "Monza", "IT", "Europe/Rome", 45.6156, 9.2811),
    ("cascais", "Circuito de Cascais", "Estoril", "PT", "Europe/Lisbon", 38.7506, -9.3942),
    ("greater-noida", "Greater Noida Circuit", "Greater Noida", "IN", "Asia/Kolkata", 28.3487, 77.5331),
    ("front-range", "Front Range Speedway", "Denver, Colorado", "US", "America/Denver", 39.7392, -104.9903),
)

# id, kind, name, day offset from the race day, local start, length key and value
SESSIONS = (
    ("fp1", "practice", "Free Practice 1", -2, "10:00", ("duration", "90m")),
    ("fp2", "practice", "Free Practice 2", -2, "14:30", ("duration", "1h30m")),
    ("fp3", "practice", "Free Practice 3", -1, "09:15", ("duration", "60m")),
    ("qualifying", "qualifying", "Qualifying, Hyperpole", -1, "13:00", ("end", "14:05")),
    ("warmup", "warmup", "Warm-up", 0, "08:30", None),
    ("race", "race", "Race", 0, "12:00", ("duration", "6h")),
)

FIRST_YEAR = 2015
"""Series start between 2015 and 2022, so spans cross the DST changes above."""
SOURCE_DATE_EPOCH = "1735689600"
"""2025-01-01 00:00 UTC: the build timestamp the benchmark uses."""


@dataclass(frozen=True)
class Size:
    series: int = 100
    seasons: int = 5
    events: int = 20
    sessions: int = 6
    venues: int = 20
    collections: int = 10

    @property
    def total_sessions(self) -> int:
        return self.series * self.seasons * self.events * self.sessions


def q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def series_slug(index: int) -> str:
    return f"endurance-cup-{index:03d}"


def event_id(year: int, number: int) -> str:
    return f"{year}-r{number + 1:02d}"


def write_corpus(folder: Path, size: Size = Size()) -> Path:
    """Write a feeds folder into ``folder`` (created) and return it."""
    if not 1 <= size.sessions <= len(SESSIONS):
        raise ValueError(f"sessions per event: 1 to {len(SESSIONS)}")
    if not 1 <= size.venues <= len(VENUES):
        raise ValueError(f"venues: 1 to {len(VENUES)}")
    folder = Path(folder)
    (folder / "series").mkdir(parents=True, exist_ok=True)
    (folder / "collections").mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    (folder / "venues.yaml").write_text(venues_yaml(size), encoding="utf-8")
    for index in range(size.series):
        (folder / "series" / f"{series_slug(index)}.yaml").write_text(series_yaml(index, size), encoding="utf-8")
    for index in range(size.collections):
        (folder / "collections" / f"crew-{index:02d}.yaml").write_text(collection_yaml(index, size), encoding="utf-8")
    return folder


def site_yaml() -> str:
    return "\n".join(
        (
            "title: Synthetic Endurance Calendars",
            "description: A generated corpus for measuring the build; every series, venue and crew is invented.",
            "uid_domain: bench.example.org",
            "base_url: https://bench.example.org/calendars/",
            "",
        )
    )


def venues_yaml(size: Size) -> str:
    lines = ["venues:"]
    for venue_id, name, locality, country, zone, lat, lon in VENUES[: size.venues]:
        lines += [
            f"  {venue_id}:",
            f"    name: {q(name)}",
            f"    locality: {q(locality)}",
            f"    country: {country}",
            f"    timezone: {zone}",
            f"    latitude: {lat}",
            f"    longitude: {lon}",
            "    sources:",
            f"      - https://example.org/venues/{venue_id}",
        ]
    return "\n".join(lines) + "\n"


def season_years(index: int, size: Size) -> list[int]:
    first = FIRST_YEAR + index % 8
    return list(range(first, first + size.seasons))


def series_yaml(index: int, size: Size) -> str:
    years = season_years(index, size)
    lines = [
        f"# Synthetic series {index}: {size.seasons} seasons of {size.events} events.",
        f"name: {q(f'Endurance Cup {index} (Ländle & Co.)')}",
        f"short_name: EC{index}",
        f"url: https://example.org/series/{index}",
        "description: >-",
        f"  Synthetic endurance series number {index}: six-hour and 24-hour races, practice,",
        "  qualifying; times are invented, in each circuit's local time.",
        "seasons:",
    ]
    for year in years:
        lines += [f"  - id: {q(str(year))}", f"    name: {q(f'{year} season')}"]
        if year == years[-1]:
            lines.append(f"    note: {q('Provisional: the last rounds have dates but no times yet.')}")
    lines.append("events:")
    for season_number, year in enumerate(years):
        for number in range(size.events):
            lines += event_lines(index, size, year, number, last_season=season_number == len(years) - 1)
    return "\n".join(lines) + "\n"


def race_day(year: int, number: int) -> dt.date:
    first_sunday = dt.date(year, 2, 1) + dt.timedelta(days=(6 - dt.date(year, 2, 1).weekday()) % 7)
    return first_sunday + dt.timedelta(weeks=2 * number)


def event_lines(index: int, size: Size, year: int, number: int, last_season: bool) -> list[str]:
    venue = VENUES[(index * 7 + number * 3) % size.venues]
    day = race_day(year, number)
    tbc = last_season and number >= size.events - 4
    cancelled = number == 7 and year % 3 == 0
    lines = [
        f"  - id: {event_id(year, number)}",
        f"    season: {q(str(year))}",
        f"    name: {q(f'{venue[1]} {6 if number % 5 else 24} Hours, round {number + 1}')}",
        f"    venue: {venue[0]}",
        f"    round: {q(str(number + 1))}",
        f"    confidence: {'provisional' if tbc else 'confirmed' if number % 4 else 'single-source'}",
    ]
    if cancelled:
        lines += [
            "    status: cancelled",
            f"    note: {q('Cancelled by the organiser; kept so that subscribers see it, with a longer note that has to be folded across several lines of the feed, commas, semicolons; and all.')}",
        ]
    elif number % 6 == 2:
        lines.append(
            f"    note: {q('Support races: GT4, Porsche Carrera Cup; pit walk on Saturday — bring ear protection.')}"
        )
    if number % 3 == 0:
        lines.append(f"    url: https://example.org/series/{index}/{year}/{number + 1}")
    lines += [
        "    sources:",
        f"      - https://example.org/series/{index}/{year}/timetable-{number + 1}.pdf",
        f"      - {q(f'Organiser bulletin {year}/{number + 1}, page 2')}",
        "    sessions:",
    ]
    for session_id, kind, name, offset, start, length in SESSIONS[: size.sessions]:
        when = day + dt.timedelta(days=offset)
        lines += [f"      - id: {session_id}", f"        kind: {kind}", f"        name: {q(name)}"]
        if tbc:
            lines.append(f"        date: {q(when.isoformat())}")
            continue
        if kind == "race" and number % 5 == 0:
            # A 24-hour race starts on the Saturday afternoon.
            lines += [f"        start: {q(f'{day - dt.timedelta(days=1)} 15:00')}", "        duration: 24h"]
        else:
            lines.append(f"        start: {q(f'{when} {start}')}")
            if length is not None:
                key, value = length
                lines.append(f"        {key}: {q(f'{when} {value}' if key == 'end' else value)}")
        if kind == "race":
            lines += ["        sources:", f"          - https://example.org/series/{index}/{year}/race-{number + 1}"]
    return lines


def collection_yaml(index: int, size: Size) -> str:
    """A crew's season: parts from two or three series, by events or by seasons."""
    lines = [
        f"name: {q(f'Crew {index}: Zoë Ødegaard & José Müller')}",
        "description: >-",
        f"  The invented crew number {index}, followed across several series.",
        "include:",
    ]
    parts = dict.fromkeys((index * 11 + part * 37) % size.series for part in range(2 + index % 2))
    for part, series_index in enumerate(parts):
        years = season_years(series_index, size)
        lines.append(f"  - series: {series_slug(series_index)}")
        if part % 2 == 0:
            chosen = [event_id(years[-2 if len(years) > 1 else 0], number) for number in range(0, size.events, 3)]
            lines.append(f"    events: [{', '.join(chosen)}]")
        else:
            lines.append(f"    seasons: [{', '.join(q(str(year)) for year in years[-2:])}]")
            lines.append("    kinds: [qualifying, race]")
        lines += [
            f"    entry: {q(f'#{index + 10} Invented Racing, with Zoë Ødegaard and José Müller')}",
            "    sources:",
            f"      - https://example.org/entries/{index}/{part}",
        ]
    return "\n".join(lines) + "\n"


def change_one_session(folder: Path, size: Size = Size()) -> str:
    """Move one practice session by an hour, in one series file; say which."""
    index = size.series // 2
    years = season_years(index, size)
    year = years[-2] if len(years) > 1 else years[0]
    event = event_id(year, min(1, size.events - 1))
    path = Path(folder) / "series" / f"{series_slug(index)}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f"  - id: {event}")
    session = SESSIONS[min(1, size.sessions - 1)][0]
    at = lines.index(f"      - id: {session}", at)
    while not lines[at].startswith("        start: "):
        at += 1
    wall = dt.datetime.strptime(json.loads(lines[at].split(": ", 1)[1]), "%Y-%m-%d %H:%M")
    lines[at] = f"        start: {q(f'{wall + dt.timedelta(hours=1):%Y-%m-%d %H:%M}')}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{path.name}: {event}.{session} start moved by an hour"
