"""Stage 2, validate: raw documents in, the checked model out.

Takes :class:`generator.load.Documents` and gives :class:`generator.model.Model`,
or raises :class:`UserError` with every problem in every file. Each field is
converted here, once, with a message naming the file, line and field path.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any, Literal, Protocol, TypeVar

from generator import catalog, shared, timing, zones
from generator.drivers import Driver, read_driver
from generator.errors import Problem, UserError
from generator.fields import Fields, whole_number
from generator.load import Document, Documents, Mapping, series_data
from generator.model import (
    CONFIDENCES,
    KINDS,
    STATUSES,
    Event,
    Model,
    RaceClass,
    Season,
    Series,
    Session,
    SharedEvent,
    Site,
    Venue,
)


class _Refused(enum.Enum):
    """What a reader of an optional field gives for a value it refused (the problem is
    recorded, the session is left out): not None, which means the field is not there."""

    VALUE = enum.auto()


class _HasId(Protocol):
    """What :func:`_unique_ids` checks: an event or a session."""

    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)
DOMAIN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")
RESERVED_SLUGS = ("all", "all-races", "index", "style", "script", "schema")
# The keys each kind of mapping accepts: (required, optional). The README's
# feed format reference documents every one of them (a test checks it).
SITE_KEYS = (("title", "description", "uid_domain"), ("base_url",))
VENUE_KEYS = (("name", "locality", "country", "timezone", "latitude", "longitude", "sources"), ())
SERIES_KEYS = (("name", "short_name", "url", "description", "seasons", "events"), ("max_seasons", "classes"))
CLASS_KEYS = (("id", "name"), ())
SEASON_KEYS = (("id", "name"), ("note", "sources", "classes"))
EVENT_KEYS = (
    ("id", "season", "name", "venue", "confidence", "sources", "sessions"),
    ("status", "round", "url", "note"),
)
SHARED_KEYS = (("shared", "season"), ())
SESSION_KEYS = (
    ("id", "kind", "name"),
    (
        "start",
        "date",
        "end_date",
        "duration",
        "end",
        "utc_offset",
        "status",
        "confidence",
        "sources",
        "note",
        "classes",
    ),
)
MAX_EVENT_DAYS = 14
"""The longest span of one event's sessions (Le Mans: test day to race is eight days)."""
MAX_SESSION = dt.timedelta(hours=48)
"""The longest one session may last (the longest races run 24 or 25 hours)."""
MAX_ALL_DAY_SPAN = 2
"""How many days after its date a TBC session's end_date may be: a 48-hour session touches three days."""
SHARED_REFERENCE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def validate(docs: Documents) -> Model:
    problems: list[Problem] = []
    site = _site(docs.site, problems) if docs.site else None
    venues = _venues(docs.venues, problems) if docs.venues else {}
    unparsable: list[Problem] = []
    checked = [(doc.path, doc.checked or _parsed_series(doc, venues, problems, unparsable)) for doc in docs.series]
    if unparsable:
        raise UserError(unparsable)  # as for any file that is not YAML (see load): what follows would only echo it
    series = tuple(s for _, s in checked if s is not None)
    shared_entries = shared.resolve([(path, s) for path, s in checked if s is not None], problems)
    collections = [
        c
        for c in (catalog.read_collection(doc, series, Fields(doc.path, problems)) for doc in docs.collections)
        if c is not None
    ]
    drivers = [
        d for d in (read_driver(doc, series, Fields(doc.path, problems)) for doc in docs.drivers) if d is not None
    ]
    if not docs.series:
        problems.append(Problem("feeds/series", None, "", "no series files found; add feeds/series/<slug>.yaml"))
    _check_slugs(
        [
            *((s.slug, path) for path, s in checked if s is not None),
            *((c.slug, c.path) for c in collections),
            *((d.slug, d.path) for d in drivers),
        ],
        problems,
    )
    _check_class_feeds(
        [(path, s) for path, s in checked if s is not None],
        [*((c.slug, c.path) for c in collections), *((d.slug, d.path) for d in drivers)],
        problems,
    )
    _check_driver_names(drivers, problems)
    if problems:
        raise UserError(problems)
    assert site is not None
    return Model(
        site=site,
        venues=venues,
        series=series,
        feeds=catalog.feeds(site, series, collections, drivers, shared_entries),
        venues_path=docs.venues.path if docs.venues else "",
    )


def _parsed_series(
    doc: Document, venues: dict[str, Venue], problems: list[Problem], unparsable: list[Problem]
) -> Series | None:
    try:
        data = series_data(doc)
    except UserError as error:
        unparsable.extend(error.problems)
        return None
    return _series(Document(doc.path, data), venues, problems)


def _check_slugs(owners: list[tuple[str, str]], problems: list[Problem]) -> None:
    # Each slug gives <slug>.ics and <slug>-races.ics: two owners of one name would overwrite each other.
    taken: dict[str, str] = {}
    for slug, path in owners:
        if slug in RESERVED_SLUGS:
            # Series and collections alike: a collection named 'all' would replace all.ics.
            problems.append(Problem(path, None, "", f"the name {slug!r} is reserved; rename the file"))
            continue
        for name in (slug, f"{slug}-races"):
            if name in taken and taken[name] != path:
                problems.append(
                    Problem(path, None, "", f"feed name {name!r} is already used by {taken[name]}; rename this file")
                )
                break  # one message per file is enough
            taken.setdefault(name, path)


def _check_class_feeds(
    series: list[tuple[str, Series]], others: list[tuple[str, str]], problems: list[Problem]
) -> None:
    """Each class gives <series>-<class>.ics: a name no other feed may have."""
    taken: dict[str, str] = dict(others)
    for path, one in series:
        taken[one.slug] = taken[f"{one.slug}-races"] = path
    for path, one in series:
        for index, race_class in enumerate(one.classes):
            name = catalog.class_feed_slug(one, race_class.id)
            if name in taken:
                owner = taken[name]
                problems.append(
                    Problem(
                        path,
                        race_class.line,
                        f"classes[{index}].id",
                        f"class {race_class.id!r} gives the feed name {name!r}, already used by {owner}; choose another class id",
                    )
                )
            else:
                taken[name] = path


def _check_driver_names(drivers: list[Driver], problems: list[Problem]) -> None:
    first: dict[str, Driver] = {}
    for driver in drivers:
        if driver.name in first:
            problems.append(
                Problem(
                    driver.path,
                    driver.line,
                    "name",
                    f"driver {driver.name!r} already has the file {first[driver.name].path}; keep one file per driver and list every entry there",
                )
            )
        else:
            first.setdefault(driver.name, driver)


def _site(doc: Document, problems: list[Problem]) -> Site | None:
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


def _venues(doc: Document, problems: list[Problem]) -> dict[str, Venue]:
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


def _series(doc: Document, venues: dict[str, Venue], problems: list[Problem]) -> Series | None:
    fields = Fields(doc.path, problems)
    slug = PurePosixPath(doc.path).stem
    if not fields.slug_value(slug, None, "", "a file name"):
        return None
    data = fields.mapping(doc.data, "", *SERIES_KEYS)
    if data is None:
        return None
    classes = _classes(fields, data)
    seasons = _seasons(fields, data, classes)
    references: list[SharedEvent] = []

    def checked_events() -> Iterable[tuple[int, Any, Event | None]]:
        for index, raw in enumerate(fields.sequence(data, "events", "")):
            if isinstance(raw, Mapping) and "shared" in raw:
                reference = _shared(fields, raw, f"events[{index}]", seasons)
                if reference is not None:
                    references.append(reference)
                continue
            yield index, raw, _event(fields, raw, f"events[{index}]", seasons, venues, classes)

    events = _unique_ids(fields, "", "events", "a series", checked_events())
    max_seasons = data.get("max_seasons")
    keep = None
    if max_seasons is not None:
        text = fields.text(data, "max_seasons", "")
        count = whole_number(text)
        if text and (count is None or count < 1):
            fields.problem(
                fields.line_of(data, "max_seasons"),
                "max_seasons",
                f"expected a whole number of seasons to keep (1 or more), got {text!r}",
            )
        elif text:  # a value that is not text was reported by fields.text
            keep = count
    kept_seasons = _newest_seasons(tuple(seasons.values()), events, keep)
    return Series(
        slug=slug,
        name=fields.text(data, "name", ""),
        short_name=fields.text(data, "short_name", ""),
        url=fields.url(data, "url", ""),
        description=fields.text(data, "description", "", multiline=True),
        seasons=kept_seasons,
        events=tuple(e for e in events if e.season in kept_seasons),
        shared=tuple(r for r in references if r.season in kept_seasons),
        classes=tuple(classes.values()),
        path=doc.path,
    )


def _newest_seasons(seasons: tuple[Season, ...], events: list[Event], keep: int | None) -> tuple[Season, ...]:
    if keep is None:
        return seasons
    with_events = [s for s in seasons if any(e.season == s for e in events)]
    dropped = set(with_events[:-keep]) if len(with_events) > keep else set()
    return tuple(s for s in seasons if s not in dropped)


def _classes(fields: Fields, data: Mapping) -> dict[str, RaceClass]:
    classes: dict[str, RaceClass] = {}
    for index, raw in enumerate(fields.sequence(data, "classes", "", required=False)):
        where = f"classes[{index}]"
        item = fields.mapping(raw, where, *CLASS_KEYS)
        if item is None:
            continue
        class_id = fields.slug(item, "id", where, "a class id")
        name = fields.text(item, "name", where)
        if class_id in classes:
            fields.problem(
                fields.line_of(item, "id"),
                f"{where}.id",
                f"duplicate class id {class_id!r}; ids must be unique in a series",
            )
        elif class_id and name:
            classes[class_id] = RaceClass(class_id, name, fields.line_of(item, "id"))
    return classes


def _class_ids(
    fields: Fields,
    data: Mapping,
    where: str,
    allowed: dict[str, RaceClass],
    declared: dict[str, RaceClass],
    season_id: str | None,
) -> tuple[str, ...]:
    """The class ids a season or session names; each must be one of ``allowed``
    (the series' classes for a season, the season's for a session)."""
    chosen: list[str] = []
    for index, item in enumerate(fields.sequence(data, "classes", where, required=True)):
        here = f"{where}.classes[{index}]" if where else f"classes[{index}]"
        value = str(item).strip()
        line = getattr(item, "line", data.line)
        if not declared:
            fields.problem(
                line,
                here,
                f"class {value!r}: this file declares no classes; add them under classes: at the top (id and name of each)",
            )
        elif value not in declared:
            fields.problem(
                line,
                here,
                f"class {value!r} is not in this file's classes; expected one of: {', '.join(allowed)}{fields.suggest(value, allowed)}",
            )
        elif value not in allowed:
            fields.problem(
                line,
                here,
                f"class {value!r} did not run in season {season_id!r}; expected one of: {', '.join(allowed)}",
            )
        elif value in chosen:
            fields.problem(line, here, f"class {value!r} is named twice; name it once")
        else:
            chosen.append(value)
    return tuple(chosen)


def _seasons(fields: Fields, data: Mapping, classes: dict[str, RaceClass]) -> dict[str, Season]:
    seasons: dict[str, Season] = {}
    for index, raw in enumerate(fields.sequence(data, "seasons", "")):
        where = f"seasons[{index}]"
        season = fields.mapping(raw, where, *SEASON_KEYS)
        if season is None:
            continue
        season_id = fields.slug(season, "id", where, "a season id")
        if season_id in seasons:
            fields.problem(fields.line_of(season, "id"), f"{where}.id", f"duplicate season id {season_id!r}")
        elif season_id:
            seasons[season_id] = Season(
                id=season_id,
                name=fields.text(season, "name", where),
                note=fields.text(season, "note", where, multiline=True, default=""),
                sources=fields.sources(season, "sources", where, required=False),
                classes=_season_classes(fields, season, where, classes),
            )
    return seasons


def _shared(fields: Fields, data: Mapping, where: str, seasons: dict[str, Season]) -> SharedEvent | None:
    """An entry ``shared: <series>/<event id>``: an event another series' file holds (resolved in shared.resolve)."""
    if fields.mapping(data, where, *SHARED_KEYS) is None:
        return None
    reference = fields.text(data, "shared", where)
    match = SHARED_REFERENCE.fullmatch(reference)
    if reference and match is None:
        fields.problem(
            fields.line_of(data, "shared"),
            f"{where}.shared",
            f"expected <series>/<event id>, like 'gt-world-challenge-europe/2027-spa-24h', got {reference!r}",
        )
    season_id = fields.text(data, "season", where)
    season = seasons.get(season_id)
    if season_id and season is None:
        fields.problem(
            fields.line_of(data, "season"),
            f"{where}.season",
            f"season {season_id!r} is not in this file's seasons{fields.suggest(season_id, seasons)}; add it under seasons:",
        )
    if match is None or season is None:
        return None
    return SharedEvent(
        series=match.group(1),
        event=match.group(2),
        season=season,
        line=fields.line_of(data, "shared") or data.line,
        where=f"{where}.shared",
    )


def _season_classes(
    fields: Fields, season: Mapping, where: str, classes: dict[str, RaceClass]
) -> tuple[RaceClass, ...]:
    if "classes" not in season:
        return tuple(classes.values())
    chosen = set(_class_ids(fields, season, where, classes, classes, None))
    return tuple(one for one in classes.values() if one.id in chosen)


def _event(
    fields: Fields,
    raw: object,
    where: str,
    seasons: dict[str, Season],
    venues: dict[str, Venue],
    classes: dict[str, RaceClass],
) -> Event | None:
    data = fields.mapping(raw, where, *EVENT_KEYS)
    if data is None:
        return None
    event_id = fields.slug(data, "id", where, "an event id")
    season_id = fields.text(data, "season", where)
    season = seasons.get(season_id)
    if season_id and season is None:
        fields.problem(
            fields.line_of(data, "season"),
            f"{where}.season",
            f"season {season_id!r} is not in this file's seasons{fields.suggest(season_id, seasons)}; add it under seasons:",
        )
    venue_id = fields.text(data, "venue", where)
    venue = venues.get(venue_id)
    if venue_id and venue is None:
        fields.problem(
            fields.line_of(data, "venue"),
            f"{where}.venue",
            f"venue {venue_id!r} is not in feeds/venues.yaml{fields.suggest(venue_id, venues)}",
        )
    status = fields.choice(data, "status", where, STATUSES, default="scheduled")
    confidence = fields.choice(data, "confidence", where, CONFIDENCES)
    sessions = _unique_ids(
        fields,
        f"{where}.",
        "sessions",
        "an event",
        (
            (
                index,
                raw_session,
                _session(fields, raw_session, f"{where}.sessions[{index}]", venue, status, confidence, season, classes),
            )
            for index, raw_session in enumerate(fields.sequence(data, "sessions", where))
        ),
    )
    _check_span(fields, data, where, sessions)
    name = fields.text(data, "name", where)
    event_round = fields.text(data, "round", where, default="")
    url = fields.url(data, "url", where, default="")
    note = fields.text(data, "note", where, multiline=True, default="")
    sources = fields.sources(data, "sources", where, required=True)
    if not (event_id and season and venue):
        return None
    return Event(
        id=event_id,
        name=name,
        season=season,
        venue=venue,
        round=event_round,
        status=status,
        confidence=confidence,
        url=url,
        note=note,
        sources=sources,
        sessions=tuple(sessions),
        line=data.line,
    )


def _unique_ids(
    fields: Fields, prefix: str, list_name: str, scope: str, checked: Iterable[tuple[int, Any, T | None]]
) -> list[T]:
    """The checked items of a list, the first of each id kept and every later one reported."""
    kept: list[T] = []
    seen: dict[str, int] = {}
    what = list_name[:-1]
    for index, raw, item in checked:
        if item is None:
            continue
        if item.id in seen:
            fields.problem(
                raw.key_lines.get("id"),
                f"{prefix}{list_name}[{index}].id",
                f"duplicate {what} id {item.id!r} (also {list_name}[{seen[item.id]}]); ids must be unique in {scope}",
            )
            continue
        seen[item.id] = index
        kept.append(item)
    return kept


def _check_span(fields: Fields, data: Mapping, where: str, sessions: list[Session]) -> None:
    if len(sessions) < 2:
        return
    first = min(sessions, key=lambda s: s.date)
    for session in sessions:
        if (session.date - first.date).days > MAX_EVENT_DAYS:
            fields.problem(
                fields.line_of(data, "sessions"),
                f"{where}.sessions",
                f"session {session.id!r} on {session.date} is {(session.date - first.date).days} days after the event's first session ({first.id!r} on {first.date}); an event spans at most {MAX_EVENT_DAYS} days: check the dates",
            )


def _session(
    fields: Fields,
    raw: object,
    where: str,
    venue: Venue | None,
    event_status: str,
    event_confidence: str,
    season: Season | None,
    classes: dict[str, RaceClass],
) -> Session | None:
    data = fields.mapping(raw, where, *SESSION_KEYS)
    if data is None:
        return None
    session_id = fields.slug(data, "id", where, "a session id")
    kind = fields.choice(data, "kind", where, KINDS)
    name = fields.text(data, "name", where)
    status = fields.choice(data, "status", where, STATUSES, default=event_status or "scheduled")
    confidence = fields.choice(data, "confidence", where, CONFIDENCES, default=event_confidence or "confirmed")
    note = fields.text(data, "note", where, multiline=True, default="")
    sources = fields.sources(data, "sources", where, required=False)
    session_classes: tuple[str, ...] = ()
    if "classes" in data and season is not None:
        session_classes = _class_ids(fields, data, where, {one.id: one for one in season.classes}, classes, season.id)
    when = _session_time(fields, data, where, venue)
    if when is None or not (session_id and kind and name):
        return None
    start, end, day = when
    last_day = _last_date(fields, data, where, day) if start is None else None
    if last_day is _Refused.VALUE:
        return None
    return Session(
        id=session_id,
        kind=kind,
        name=name,
        status=status,
        confidence=confidence,
        start=start,
        end=end,
        date=day,
        note=note,
        sources=sources,
        classes=session_classes,
        last_date=last_day,
        line=data.line,
    )


def _last_date(fields: Fields, data: Mapping, where: str, day: dt.date) -> dt.date | Literal[_Refused.VALUE] | None:
    """A TBC session's end_date: after its date, at most MAX_ALL_DAY_SPAN days later."""
    if "end_date" not in data:
        return None
    last = fields.date(data, "end_date", where)
    if last is None:
        return _Refused.VALUE
    if not day < last <= day + dt.timedelta(days=MAX_ALL_DAY_SPAN):
        fields.problem(
            fields.line_of(data, "end_date"),
            f"{where}.end_date",
            f"expected a day 1 to {MAX_ALL_DAY_SPAN} days after date {day}, got {last}; check both",
        )
        return _Refused.VALUE
    return last


def _session_time(
    fields: Fields, data: Mapping, where: str, venue: Venue | None
) -> tuple[dt.datetime | None, dt.datetime | None, dt.date] | None:
    if "start" in data and "date" in data:
        fields.problem(
            fields.line_of(data, "date"),
            f"{where}.date",
            "give either start (a time is known) or date (time TBC), not both",
        )
        return None
    if "end_date" in data and "date" not in data:
        fields.problem(
            fields.line_of(data, "end_date"),
            f"{where}.end_date",
            "end_date goes with date: (time TBC); with a start time, give duration or end",
        )
        return None
    if "date" in data:
        for key in ("duration", "end", "utc_offset"):
            if key in data:
                fields.problem(
                    fields.line_of(data, key),
                    f"{where}.{key}",
                    f'{key} needs a start time; replace date: with start: "YYYY-MM-DD HH:MM"',
                )
        day = fields.date(data, "date", where)
        return (None, None, day) if day else None
    if "start" not in data:
        fields.problem(
            data.line,
            f"{where}.start",
            'missing; add start: "YYYY-MM-DD HH:MM" (venue-local time), or date: "YYYY-MM-DD" while the time is TBC',
        )
        return None
    wall = fields.local_time(data, "start", where)
    offset = None
    if "utc_offset" in data:
        text = fields.text(data, "utc_offset", where)
        offset = timing.parse_offset(text)
        if text and offset is None:
            fields.problem(
                fields.line_of(data, "utc_offset"),
                f"{where}.utc_offset",
                f'expected an offset like "+02:00", got {text!r}',
            )
            return None
    if wall is None or venue is None or not venue.timezone or not timing.is_known_zone(venue.timezone):
        return None
    try:
        start = timing.localize(wall, venue.timezone, offset)
    except timing.TimeError as error:
        fields.problem(fields.line_of(data, "start"), f"{where}.start", str(error))
        return None
    end = _session_end(fields, data, where, start, venue)
    if end is _Refused.VALUE:
        return None
    return start, end, start.date()


def _session_end(
    fields: Fields, data: Mapping, where: str, start: dt.datetime, venue: Venue
) -> dt.datetime | Literal[_Refused.VALUE] | None:
    if "duration" in data and "end" in data:
        fields.problem(fields.line_of(data, "end"), f"{where}.end", "give either duration or end, not both")
        return _Refused.VALUE
    if "duration" in data:
        text = fields.text(data, "duration", where)
        elapsed = timing.parse_duration(text)
        if elapsed is None or elapsed <= dt.timedelta(0):
            fields.problem(
                fields.line_of(data, "duration"),
                f"{where}.duration",
                f"expected an elapsed time greater than zero like 4h, 90m or 1h30m, got {text!r}",
            )
            return _Refused.VALUE
        end = timing.add_elapsed(start, elapsed)
        if end - start > MAX_SESSION:
            fields.problem(
                fields.line_of(data, "duration"),
                f"{where}.duration",
                f"expected at most {_hours(MAX_SESSION)} hours (the longest races last 24), got {text!r}; check the duration",
            )
            return _Refused.VALUE
        return end
    if "end" in data:
        wall = fields.local_time(data, "end", where)
        if wall is None:
            return _Refused.VALUE
        try:
            end = timing.localize(wall, venue.timezone)
        except timing.TimeError as error:
            # utc_offset applies to start only: the way out for an end is a duration.
            fields.problem(fields.line_of(data, "end"), f"{where}.end", f"{error.situation}; give duration instead")
            return _Refused.VALUE
        if end <= start:
            fields.problem(
                fields.line_of(data, "end"),
                f"{where}.end",
                f"end {wall:%Y-%m-%d %H:%M} is not after start {start:%Y-%m-%d %H:%M}; check both",
            )
            return _Refused.VALUE
        if end - start > MAX_SESSION:
            fields.problem(
                fields.line_of(data, "end"),
                f"{where}.end",
                f"end {wall:%Y-%m-%d %H:%M} is {_hours(end - start)} hours after start {start:%Y-%m-%d %H:%M}; a session lasts at most {_hours(MAX_SESSION)} hours: check both",
            )
            return _Refused.VALUE
        return end
    return None


def _hours(elapsed: dt.timedelta) -> str:
    return f"{elapsed.total_seconds() / 3600:g}"
