"""Stage 2, validate: raw documents in, the checked model out.

Here the whole: every file in turn, then what crosses files (feed names, class
feeds, drivers); site.py checks the site and the venues, series.py a series
file, sessions.py a session and its times.

Takes :class:`generator.load.Documents` and gives :class:`generator.model.Model`,
or raises :class:`UserError` with every problem in every file. Each field is
converted here, once, with a message naming the file, line and field path.
"""

from __future__ import annotations

from dataclasses import replace

from generator import catalog, shared
from generator.drivers import Driver, read_driver
from generator.errors import Problem, UserError
from generator.fields import Fields
from generator.load import Document, Documents, series_data
from generator.model import (
    Model,
    Series,
    Venue,
)
from generator.validate.seasons import CLASS_KEYS, SEASON_KEYS
from generator.validate.series import EVENT_KEYS, SERIES_KEYS, SHARED_KEYS, check_series
from generator.validate.sessions import SESSION_KEYS
from generator.validate.site import SITE_KEYS, VENUE_KEYS, check_site, check_venues
from generator.warnings_check import series_warnings
from generator.workers import AUTO, Jobs

__all__ = [
    "CLASS_KEYS",
    "EVENT_KEYS",
    "SEASON_KEYS",
    "SERIES_KEYS",
    "SESSION_KEYS",
    "SHARED_KEYS",
    "SITE_KEYS",
    "VENUE_KEYS",
    "validate",
]


RESERVED_SLUGS = ("all", "all-races", "index", "style", "script", "schema")


PARALLEL_BYTES = 600_000
"""Series files to check, in bytes, from which workers gain (generator/workers.py): about 3,000
sessions of the bench corpus (see render.PARALLEL_SESSIONS for the figures)."""


def validate(docs: Documents, jobs: int = AUTO) -> Model:
    """``jobs``: how many processes check the series files (generator/workers.py)."""
    problems: list[Problem] = []
    site = check_site(docs.site, problems) if docs.site else None
    venues = check_venues(docs.venues, problems) if docs.venues else {}
    unparsable: list[Problem] = []
    todo = [doc for doc in docs.series if doc.checked is None]
    done = iter(Jobs(_parsed_series, venues).map(todo, jobs, sum(len(doc.raw) for doc in todo) >= PARALLEL_BYTES))
    checked: list[tuple[str, Series | None]] = []
    for doc in docs.series:
        if doc.checked is not None:
            checked.append((doc.path, doc.checked))
            continue
        one, found, bad = next(done)
        problems.extend(found)
        unparsable.extend(bad)
        checked.append((doc.path, one))
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


def _parsed_series(venues: dict[str, Venue], doc: Document) -> tuple[Series | None, list[Problem], list[Problem]]:
    """A series file parsed and checked: its model, its problems, and its YAML's (if it is not YAML)."""
    try:
        data = series_data(doc)
    except UserError as error:
        return None, [], error.problems
    problems: list[Problem] = []
    series = check_series(Document(doc.path, data), venues, problems)
    return (replace(series, warnings=series_warnings(series)) if series else None), problems, []


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
