"""Drivers as data; part of the validate stage.

Takes one ``feeds/drivers/<slug>.yaml`` and the checked series, and gives a
:class:`Driver`: the person's entries (series, season, events, team, car,
number, class, co-drivers, sources). The driver's feed (made in
:mod:`generator.catalog`) holds exactly the sessions of those events that
concern the entry's class, each described with the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.fields import Fields
from generator.load import Document, Mapping, Text
from generator.model import Event, RaceClass, Season, Series

# The keys a driver file and each of its entries accept: (required, optional).
DRIVER_KEYS = (("name", "description", "entries"), ())
ENTRY_KEYS = (("series", "season", "team", "car", "class", "sources"), ("events", "number", "co_drivers"))


@dataclass(frozen=True)
class DriverEntry:
    series: Series
    events: tuple[Event, ...]
    race_class: RaceClass
    team: str
    car: str
    number: str
    co_drivers: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def text(self) -> str:
        """How the entry reads in each session's description: "#10 Manthey Racing Porsche 911 GT3 R (GT), with Antares Au and Loek Hartog"."""
        number = f"#{self.number} " if self.number else ""
        text = f"{number}{self.team} {self.car} ({self.race_class.name})"
        if self.co_drivers:
            names = list(self.co_drivers)
            together = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
            text += f", with {together}"
        return text


@dataclass(frozen=True)
class Driver:
    slug: str
    path: str
    line: int
    name: str
    description: str
    entries: tuple[DriverEntry, ...]


def read_driver(doc: Document, series: tuple[Series, ...], fields: Fields) -> Driver | None:
    """Check one feeds/drivers/<slug>.yaml against the checked series."""
    slug = PurePosixPath(doc.path).stem
    if not fields.slug_value(slug, None, "", "a file name"):
        return None
    data = fields.mapping(doc.data, "", *DRIVER_KEYS)
    if data is None:
        return None
    by_slug = {one.slug: one for one in series}
    entries = []
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(fields.sequence(data, "entries", "")):
        entry = _entry(fields, raw, f"entries[{index}]", by_slug)
        if entry is None:
            continue
        entries.append(entry)
        for event in entry.events:
            # One session, one UID: an event in two entries would be in the feed twice.
            first = seen.setdefault((entry.series.slug, event.id), index)
            if first != index:
                fields.problem(
                    getattr(raw, "line", None),
                    f"entries[{index}]",
                    f"event {event.id!r} of {entry.series.slug} is already in entries[{first}]; name each event in one entry",
                )
    name = fields.text(data, "name", "")
    description = fields.text(data, "description", "", multiline=True)
    return Driver(slug, doc.path, fields.line_of(data, "name") or data.line, name, description, tuple(entries))


def _entry(fields: Fields, raw: object, where: str, by_slug: dict[str, Series]) -> DriverEntry | None:
    data = fields.mapping(raw, where, *ENTRY_KEYS)
    if data is None:
        return None
    series_slug = fields.text(data, "series", where)
    series = by_slug.get(series_slug)
    if series_slug and series is None:
        fields.problem(
            fields.line_of(data, "series"),
            f"{where}.series",
            f"series {series_slug!r} is not in feeds/series/; expected one of: {', '.join(by_slug)}{fields.suggest(series_slug, by_slug)}",
        )
    season_id = fields.text(data, "season", where)
    seasons = {season.id: season for season in series.seasons} if series else {}
    season = seasons.get(season_id)
    if series is not None and season_id and season is None:
        fields.problem(
            fields.line_of(data, "season"),
            f"{where}.season",
            f"season {season_id!r} is not in series {series.slug!r}; expected one of: {', '.join(seasons)}{fields.suggest(season_id, seasons)}",
        )
    events = _events(fields, data, where, series, season_id if season else None, by_slug)
    race_class = _class(fields, data, where, series, season)
    team = fields.text(data, "team", where)
    car = fields.text(data, "car", where)
    number = fields.text(data, "number", where, default="")
    co_drivers = []
    for index, item in enumerate(fields.sequence(data, "co_drivers", where, required=False)):
        if not isinstance(item, Text) or not item.strip():
            fields.problem(getattr(item, "line", data.line), f"{where}.co_drivers[{index}]", "expected a driver's name")
        else:
            co_drivers.append(item.strip())
    sources = fields.sources(data, "sources", where, required=True)
    if series is None or season is None or events is None or race_class is None or not (team and car and sources):
        return None
    return DriverEntry(series, events, race_class, team, car, number, tuple(co_drivers), sources)


def _events(
    fields: Fields, data: Mapping, where: str, series: Series | None, season_id: str | None, by_slug: dict[str, Series]
) -> tuple[Event, ...] | None:
    """The events named (each of that series and season), else every event of the season."""
    if series is None or season_id is None:
        return None
    of_season = {event.id: event for event in series.events if event.season.id == season_id}
    if "events" not in data:
        return tuple(of_season.values())
    in_series = {event.id: event for event in series.events}
    chosen: list[Event] = []
    for index, item in enumerate(fields.sequence(data, "events", where)):
        value = str(item).strip()
        line = getattr(item, "line", data.line)
        here = f"{where}.events[{index}]"
        allowed = f"expected one of: {', '.join(of_season)}" if of_season else f"season {season_id!r} has no events yet"
        if value in of_season:
            chosen.append(of_season[value])
        elif value in in_series:
            fields.problem(
                line, here, f"event {value!r} is of season {in_series[value].season.id!r}, not {season_id!r}; {allowed}"
            )
        else:
            elsewhere = [
                slug
                for slug, other in by_slug.items()
                if other is not series and any(event.id == value for event in other.events)
            ]
            where_else = f" (it is an event of {', '.join(elsewhere)})" if elsewhere else ""
            fields.problem(
                line,
                here,
                f"event {value!r} is not in series {series.slug!r}{where_else}; {allowed}{fields.suggest(value, of_season)}",
            )
    return tuple(chosen)


def _class(fields: Fields, data: Mapping, where: str, series: Series | None, season: Season | None) -> RaceClass | None:
    class_id = fields.text(data, "class", where)
    if series is None or season is None or not class_id:
        return None
    line = fields.line_of(data, "class")
    declared = {one.id for one in series.classes}
    run = {one.id: one for one in season.classes}
    if not declared:
        fields.problem(
            line, f"{where}.class", f"series {series.slug!r} declares no classes; add classes: to its file first"
        )
    elif class_id not in declared:
        fields.problem(
            line,
            f"{where}.class",
            f"class {class_id!r} is not a class of series {series.slug!r}; expected one of: {', '.join(run)}{fields.suggest(class_id, run)}",
        )
    elif class_id not in run:
        fields.problem(
            line,
            f"{where}.class",
            f"class {class_id!r} did not run in season {season.id!r} of series {series.slug!r}; expected one of: {', '.join(run)}",
        )
    else:
        return run[class_id]
    return None
