"""Which feeds exist and what each holds; part of the validate stage.

Takes the checked series (and the collection files) and gives the list of
:class:`Feed`: per series every session and races only, every series
together, and each collection. A session appears as the same
:class:`Entry` identity (series, event, session ids) in every feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from generator.drivers import Driver
from generator.fields import Fields
from generator.load import Document, Text
from generator.model import KINDS, Entry, Feed, OrderKey, Series, Site, is_for_class, order_key

# The keys a collection file and each of its parts accept: (required, optional).
COLLECTION_KEYS = (("name", "description", "include"), ())
INCLUDE_KEYS = (("series",), ("events", "seasons", "kinds", "entry", "sources"))


@dataclass(frozen=True)
class Include:
    series: Series
    event_ids: frozenset[str]
    kinds: frozenset[str]
    entry_text: str
    entry_sources: tuple[str, ...]


@dataclass(frozen=True)
class Collection:
    slug: str
    path: str
    name: str
    description: str
    includes: tuple[Include, ...]


def sort_entries(entries: Iterable[Entry], keys: dict[int, OrderKey] | None = None) -> tuple[Entry, ...]:
    """In time order; ``keys`` keeps each session's sort key (by the session's id) for the next feed that holds it."""
    if keys is None:
        return tuple(sorted(entries, key=Entry.sort_key))

    def key(entry: Entry) -> OrderKey:
        found = keys.get(id(entry.session))
        if found is None:
            found = keys[id(entry.session)] = order_key(entry)
        return found

    return tuple(sorted(entries, key=key))


def _races(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    return tuple([entry for entry in entries if entry.session.kind == "race"])


def class_feed_slug(series: Series, class_id: str) -> str:
    return f"{series.slug}-{class_id}"


def feeds(
    site: Site,
    series: tuple[Series, ...],
    collections: Sequence[Collection],
    drivers: Sequence[Driver] = (),
    shared: dict[str, tuple[Entry, ...]] | None = None,
) -> tuple[Feed, ...]:
    """``shared``: by series slug, the entries of the events it shares with other series (see shared.resolve)."""
    result: list[Feed] = []
    keys: dict[int, OrderKey] = {}  # each session's sort key, by the session's id: a session is in several feeds
    # The combined feeds hold the same entries as the series' own; a races
    # feed is its full feed filtered (sort keys are unique: the same order).
    for one in series:
        entries, order = one.timeline
        keys.update(zip([id(entry.session) for entry in entries], order, strict=True))
    for one in series:
        entries = one.timeline[0]
        used: tuple[Series, ...] = (one,)
        borrowed = (shared or {}).get(one.slug, ())
        if borrowed:
            # The home series' own entries: the same UID, and once in all.ics (which takes each series' timeline).
            entries = sort_entries([*entries, *borrowed], keys)
            used = (one, *dict.fromkeys(entry.series for entry in borrowed))
        result.append(Feed(one.slug, one.name, one.description, "series", entries, used))
        result.append(
            Feed(
                f"{one.slug}-races",
                f"{one.name}: races",
                f"Races only. {one.description}",
                "races",
                _races(entries),
                used,
            )
        )
        for race_class in one.classes:
            # A series' own entries, filtered: the same order, the same UIDs.
            # (Its classes are its own: the events it shares from other series are not in them.)
            of_class = tuple(
                entry for entry in one.timeline[0] if is_for_class(entry.event, entry.session, race_class.id)
            )
            description = f"{race_class.name} only: the sessions for {race_class.name} and those for every class. {one.description}"
            result.append(
                Feed(
                    class_feed_slug(one, race_class.id),
                    f"{one.name}: {race_class.name}",
                    description,
                    "class",
                    of_class,
                    (one,),
                )
            )
    # Every series' sessions: each series' timeline, merged by the kept keys.
    flat = [entry for one in series for entry in one.timeline[0]]
    flat_keys = [key for one in series for key in one.timeline[1]]
    everything = tuple([flat[index] for index in sorted(range(len(flat)), key=flat_keys.__getitem__)])
    names = ", ".join(s.name for s in series)
    result.append(
        Feed(
            "all", f"{site.title}: every series", f"Every session of every series: {names}.", "all", everything, series
        )
    )
    result.append(
        Feed(
            "all-races",
            f"{site.title}: every race",
            f"Every race of every series: {names}.",
            "all-races",
            _races(everything),
            series,
        )
    )
    for collection in collections:
        included = [
            Entry(inc.series, event, session, inc.entry_text, inc.entry_sources)
            for inc in collection.includes
            for event in inc.series.events
            if event.id in inc.event_ids
            for session in event.sessions
            if not inc.kinds or session.kind in inc.kinds
        ]
        used = tuple(dict.fromkeys(inc.series for inc in collection.includes))
        result.append(
            Feed(
                collection.slug,
                collection.name,
                collection.description,
                "collection",
                sort_entries(included, keys),
                used,
            )
        )
    for driver in drivers:
        driven = [
            Entry(part.series, event, session, part.text, part.sources)
            for part in driver.entries
            for event in part.events
            for session in event.sessions
            if is_for_class(event, session, part.race_class.id)
        ]
        used = tuple(dict.fromkeys(part.series for part in driver.entries))
        result.append(Feed(driver.slug, driver.name, driver.description, "driver", sort_entries(driven, keys), used))
    return tuple(result)


def read_collection(doc: Document, series: tuple[Series, ...], fields: Fields) -> Collection | None:
    """Check one feeds/collections/<slug>.yaml against the known series."""
    slug = PurePosixPath(doc.path).stem
    if not fields.slug_value(slug, None, "", "a file name"):
        return None
    data = fields.mapping(doc.data, "", *COLLECTION_KEYS)
    if data is None:
        return None
    by_slug = {s.slug: s for s in series}
    includes = []
    for index, raw in enumerate(fields.sequence(data, "include", "")):
        include = _include(fields, raw, f"include[{index}]", by_slug)
        if include is not None:
            includes.append(include)
    name = fields.text(data, "name", "")
    description = fields.text(data, "description", "", multiline=True)
    return Collection(slug, doc.path, name, description, tuple(includes))


def _include(fields: Fields, raw: object, where: str, by_slug: dict[str, Series]) -> Include | None:
    data = fields.mapping(raw, where, *INCLUDE_KEYS)
    if data is None:
        return None
    series_slug = fields.text(data, "series", where)
    series = by_slug.get(series_slug)
    if series_slug and series is None:
        fields.problem(
            fields.line_of(data, "series"),
            f"{where}.series",
            f"series {series_slug!r} is not in feeds/series/{fields.suggest(series_slug, by_slug)}",
        )
    if ("events" in data) == ("seasons" in data):
        fields.problem(
            data.line,
            where,
            "give events: [ids] or seasons: [ids], one of the two, so that the collection never grows silently",
        )
        return None
    key = "events" if "events" in data else "seasons"
    known = (
        {e.id for e in series.events}
        if series and key == "events"
        else {s.id for s in series.seasons}
        if series
        else set()
    )
    chosen: set[str] = set()
    for index, item in enumerate(fields.sequence(data, key, where)):
        value = str(item).strip() if isinstance(item, Text) else ""
        if series is not None and value not in known:
            what = "event" if key == "events" else "season"
            fields.problem(
                getattr(item, "line", data.line),
                f"{where}.{key}[{index}]",
                f"{what} {value!r} is not in series {series.slug!r}{fields.suggest(value, known)}",
            )
        chosen.add(value)
    kinds = set()
    for index, item in enumerate(fields.sequence(data, "kinds", where, required=False)):
        if str(item) not in KINDS:
            fields.problem(
                getattr(item, "line", data.line),
                f"{where}.kinds[{index}]",
                f"expected one of: {', '.join(KINDS)}; got {str(item)!r}",
            )
        kinds.add(str(item))
    entry_text = fields.text(data, "entry", where, default="")
    entry_sources = fields.sources(data, "sources", where, required=False)
    if entry_text and not entry_sources:
        fields.problem(
            fields.line_of(data, "entry"),
            f"{where}.entry",
            "an entry needs sources: add sources: [URL] saying where it was published",
        )
    if series is None:
        return None
    event_ids = chosen if key == "events" else {e.id for e in series.events if e.season.id in chosen}
    return Include(series, frozenset(event_ids), frozenset(kinds), entry_text, entry_sources)
