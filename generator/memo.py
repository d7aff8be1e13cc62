"""Part of the render stage: results of pure per-session work, computed once.

A session appears in several feeds (its series, races only, every series,
collections) and in several files of each (``.ics``, ``.json``, the site);
what is made of it (its VEVENT, its JSON item, its row on the index) is
made once per build and looked up after. Each result belongs to the
series of its session: the build cache (``generator/cache.py``) keeps the
results of a series between builds for as long as that series' file,
``venues.yaml``, ``site.yaml``, the build timestamp, the base URL and the
code are the same, so a rebuild redoes only the series that changed. It
also records from which inputs a series' own files (its ``.ics``, ``.json``
and schedule page) were made, so that an unchanged one is kept as
published (:class:`Published`) rather than made again.

Renderers keep their signatures: ``render`` makes a :class:`Memo` current
for the build; a renderer called on its own (in a unit test) gets a fresh
one for that call. Only pure functions of a session (with its event and
series) and of the build's site, timestamp and base URL may be memoised.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Callable, Generic, Hashable, Iterable, Iterator, TypeVar

if TYPE_CHECKING:
    from generator.model import Entry, Feed, Series

T = TypeVar("T")


class Published:
    """An output whose bytes are those of the file already published at its path, whose sha256 is
    ``digest``; ``make()`` makes them, for when that file changed meanwhile (another build published)."""

    __slots__ = ("digest", "make")

    def __init__(self, digest: str, make: Callable[[], bytes]) -> None:
        self.digest = digest
        self.make = make


class Parts:
    """An output's bytes as parts, in order: a combined feed (tens of megabytes on a large site) is
    hashed and written part by part, never joined in memory. ``bytes(parts)`` joins them."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __bytes__(self) -> bytes:
        return b"".join(self.parts)


def joined(body: bytes | Parts | Published) -> bytes | Published:
    """The output's bytes in one piece (where it is given in parts)."""
    return bytes(body) if isinstance(body, Parts) else body


class Pending:
    """Made in this build; the cache records the sha256 of the file at ``path`` once it is published."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path


class Memo:
    """Results by part (what made them: "ics", "json", "index", "files"), series slug and key.

    ``stored(part, slug)`` gives a series' results kept from an earlier build;
    ``keep(part, slug, results)`` is given the results a build added, when
    their part is released (once its renderer is done, so that the build does
    not hold them all to the end); ``published(path)`` gives the sha256 of the
    file at that path if it is still as the last build published it.
    """

    def __init__(
        self,
        stored: Callable[[str, str], dict[Hashable, object] | None] | None = None,
        keep: Callable[[str, str, dict[Hashable, object]], None] | None = None,
        published: Callable[[str], str | None] | None = None,
    ) -> None:
        self._stored = stored
        self._keep = keep
        self._published = published
        self.tables: dict[tuple[str, str], dict[Hashable, object]] = {}
        self.grown: set[tuple[str, str]] = set()
        """The (part, series) whose results grew in this build: what ``keep`` is given."""

    def table(self, part: str, slug: str) -> dict[Hashable, object]:
        table = self.tables.get((part, slug))
        if table is None:
            table = (self._stored(part, slug) if self._stored else None) or {}
            self.tables[(part, slug)] = table
        return table

    def get(self, part: str, slug: str, key: Hashable, make: Callable[[], T]) -> T:
        table = self.tables.get((part, slug))
        if table is None:
            table = self.table(part, slug)
        try:
            return table[key]  # type: ignore[return-value]
        except KeyError:
            value = table[key] = make()
            self.grown.add((part, slug))
            return value

    def published_file(self, slug: str, key: Hashable, path: str, make: Callable[[], bytes]) -> Published | None:
        """The file at ``path``, if the last build made it from the same inputs and it is still as published."""
        digest = self.table("files", slug).get(key)
        if isinstance(digest, str) and self._published is not None and self._published(path) == digest:
            return Published(digest, make)
        return None

    def made_file(self, slug: str, key: Hashable, path: str) -> None:
        """The file at ``path`` was made from the inputs ``key`` names (recorded with its hash once published)."""
        self.table("files", slug)[key] = Pending(path)
        self.grown.add(("files", slug))

    def release(self, part: str | None = None) -> None:
        """Hand the part's new results to ``keep`` and forget them all (every part: None)."""
        for table_key in [k for k in self.tables if part is None or k[0] == part]:
            table = self.tables.pop(table_key)
            if table_key in self.grown:
                self.grown.discard(table_key)
                if self._keep is not None:
                    self._keep(*table_key, table)


class Pieces(Generic[T]):
    """Each session's piece of one part (its VEVENT, its JSON item, ...), made once and placed in every feed.

    A series' pieces are kept as one list in the order of its own feed
    (``own``, in the memo under ``OWN``): a rebuild loads a series' list
    whole rather than looking each session up, and every other feed (its
    races, the combined feeds, collections) places the same pieces by
    session. An entry that carries a collection's entry text has a piece of
    its own, kept in the memo by its ids and that text.
    """

    OWN = "own"

    def __init__(self, feeds: Iterable[Feed], part: str, make: Callable[[Entry], T], memo: Memo | None = None) -> None:
        self.part = part
        self.make = make
        self.memo = memo or current()
        # A series' feed that holds events shared from other series is placed by session, as the combined feeds are.
        self._own = {feed.series[0].slug: feed for feed in feeds if feed.kind == "series" and len(feed.series) == 1}
        self._loaded: set[str] = set()
        self._by_session: dict[int, T] = {}  # by id(session): no hashing of the model

    def own(self, series: Series) -> list[T]:
        """The pieces of the series' own feed, in its order."""
        feed = self._own[series.slug]
        pieces: list[T] = self.memo.get(self.part, series.slug, self.OWN, lambda: [self.make(entry) for entry in feed.entries])
        if series.slug not in self._loaded:
            self._loaded.add(series.slug)
            self._by_session.update(zip([id(entry.session) for entry in feed.entries], pieces))
        return pieces

    def of(self, feed: Feed) -> list[T]:
        """The pieces of any feed, in its order."""
        if feed.kind == "series" and self._own.get(feed.series[0].slug) is feed:
            return self.own(feed.series[0])
        for series in feed.series:
            if series.slug not in self._loaded and series.slug in self._own:
                self.own(series)
        by_session = self._by_session
        pieces = [None if entry.entry_text or entry.entry_sources else by_session.get(id(entry.session)) for entry in feed.entries]
        if None in pieces:  # an entry with a collection's entry text (or a feed given without its series' own feeds)
            for index, entry in enumerate(feed.entries):
                if pieces[index] is None:
                    key = (entry.event.id, entry.session.id, entry.entry_text, entry.entry_sources)
                    pieces[index] = self.memo.get(self.part, entry.series.slug, key, lambda entry=entry: self.make(entry))
        return pieces  # type: ignore[return-value]


def owner(feed: Feed) -> str | None:
    """Under whose name the memo keeps which files a feed was published as: a series' own feeds
    under the series' slug, a collection under ``collection/<slug>`` (a slug has no ``/``); the
    combined feeds under none (they change with every series), nor a series' feeds that hold
    events shared from other series (they change with those series too)."""
    if feed.kind in ("series", "races"):
        return feed.series[0].slug if len(feed.series) == 1 else None
    if feed.kind == "collection":
        return f"collection/{feed.slug}"
    return None


_current: ContextVar[Memo | None] = ContextVar("memo", default=None)


def current() -> Memo:
    """The build's memo, or a fresh one (results kept for one renderer call)."""
    return _current.get() or Memo()


@contextmanager
def active(memo: Memo) -> Iterator[Memo]:
    token = _current.set(memo)
    try:
        yield memo
    finally:
        _current.reset(token)
