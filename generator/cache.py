"""The build cache: each series' checked model and render result, kept between builds.

It sits beside the pipeline (build.py asks it, the stages never know it),
in ``.cache/<output folder name>/`` beside the output folder, and may be
deleted at any time. What a build reads is named in one place,
:class:`~generator.inputs.Inputs`: every file under the feeds folder (by path and sha256),
the build's settings, and the code (the package's own files and the
versions of Python and the libraries). Every key derives from it:

- the build's key: all of it. A build whose key is the last build's, into
  an output folder still as the last publish left it, does nothing;
- a series' key: the code, that series file, and every file of the feeds
  folder that is not a series file (venues, the site, collections, and any
  kind of file added later): under it, the series' checked model;
- a series' result key: its key and the render context (the build
  timestamp and the base URL): under it, the series' render result
  (render/series.py);
- a feed's key, for a driver's, a class's or a collection's feed: the code,
  the files of the series it draws on, and every file that is not a series
  file; with the render context, under it the feed's render result
  (render/feeds.py).

A series file that changed is parsed, checked and rendered again; every
other series is taken as it was. The state also names the results the
published site was made from (:meth:`BuildCache.published`), so that an
output drawn only on series that did not change is kept, not made again.
The cache never changes the output: a test builds with and without it and
compares the bytes.
"""

from __future__ import annotations

import mmap
import os
import pickle
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from generator.inputs import Inputs, digest_of, series_path
from generator.model import Feed, Model, Series
from generator.publish import FileState
from generator.render import Context, FeedResult, Published, SeriesResult, Spans
from generator.render.views import PAGE_KINDS

FORMAT = 5
T = TypeVar("T")


class BuildCache:
    def __init__(self, folder: Path, inputs: Inputs) -> None:
        self.folder = folder
        self.inputs = inputs
        state = self._read("state.pickle")
        self.state: dict[str, object] | None = (
            state if isinstance(state, dict) and state.get("format") == FORMAT else None
        )
        self._used: set[str] = {"state.pickle"}
        self._made: dict[str, dict[str, str | None]] = {"series": {}, "feeds": {}}
        self._failed = False
        self._written: list[Path] = []
        self._new_folders = [one for one in (folder.parent, folder) if not one.exists()]

    @classmethod
    def beside(cls, out_dir: Path, inputs: Inputs) -> BuildCache:
        out_dir = Path(out_dir).absolute()
        return cls(out_dir.parent / ".cache" / out_dir.name, inputs)

    def last_summary(self, published: dict[str, FileState]) -> object:
        """The last build's summary as :meth:`save` was given it (None: none), if it read exactly these inputs and ``published`` (publish's
        record of the output folder now) is what it published: a build killed after publishing,
        or another build that published since, leaves a record that is not this state's."""
        key = self.inputs.key()
        if self.state is None or key is None or self.state.get("inputs") != key:
            return None
        if not published or self.state.get("published") != _record_key(published):
            return None
        return self.state.get("summary")

    def checked_series(self) -> dict[Path, Series]:
        """The checked model of each series file kept under its key, by its path (as the load stage names it)."""
        kept = {}
        for path in self.inputs.series_paths():
            key = self.inputs.series_key(path)
            series = self._read(f"series/{key}.pickle") if key else None
            if isinstance(series, Series) and series.slug == path.stem:
                kept[self.inputs.feeds_dir / path] = series
                self._used.add(f"series/{key}.pickle")
        return kept

    def results(self, model: Model, context: Context, pages: Collection[str]) -> dict[str, SeriesResult]:
        """Each series' render result kept for its key and this context, by slug; with its pages
        only for the series in ``pages`` (the others' are kept as published: compose.pages_to_make)."""
        names = {series.slug: self._series_result_name(series, context) for series in model.series}
        kept = self._kept(names, SeriesResult)
        for slug, result in list(kept.items()):
            name = names[slug]
            assert name is not None
            if slug in pages:
                made = self._read(_pages_name(name))
                if not isinstance(made, tuple):
                    del kept[slug]  # rendered and kept again, pages and all
                    self._used.discard(name)
                    continue
                kept[slug] = replace(result, pages=made)
            self._used.add(_pages_name(name))
        return kept

    def feed_results(self, model: Model, context: Context) -> dict[str, FeedResult]:
        """Each page-owning feed's render result kept for its key and this context, by slug."""
        names = {feed.slug: self._feed_result_name(feed, context) for feed in model.feeds if feed.kind in PAGE_KINDS}
        return self._kept(names, FeedResult)

    def keep(
        self, model: Model, context: Context, results: dict[str, SeriesResult], feed_results: dict[str, FeedResult]
    ) -> None:
        """Keep each checked model and render result not kept yet, under its key: right after
        rendering, so that the build need not hold them to its end."""
        kept: list[tuple[str | None, object]] = []
        for series in model.series:
            key = self.inputs.series_key(series_path(series.slug))
            kept.append((f"series/{key}.pickle" if key else None, series))
            name = self._made["series"][series.slug] = self._series_result_name(series, context)
            if name is not None and name not in self._used:
                # Its pages apart: a rebuild reads them only to make those pages again.
                kept.append((_pages_name(name), results[series.slug].pages))
                kept.append((name, replace(results[series.slug], pages=None)))
        for feed in model.feeds:
            if feed.slug in feed_results:
                name = self._made["feeds"][feed.slug] = self._feed_result_name(feed, context)
                kept.append((name, feed_results[feed.slug]))
        try:
            for name, value in kept:
                if name is not None and name not in self._used:
                    self._write(name, value)
                    self._used.add(name)
        except (OSError, pickle.PickleError):
            self._failed = True

    def _kept(self, names: dict[str, str | None], kind: type[T]) -> dict[str, T]:
        kept = {}
        for slug, name in names.items():
            if name is None:
                continue
            result = self._read(name)
            if isinstance(result, kind) and getattr(result, "slug", None) == slug:
                kept[slug] = result
                self._used.add(name)
        return kept

    def published(
        self, model: Model, context: Context, record: dict[str, FileState], files: dict[str, FileState]
    ) -> Published | None:
        """What the site as published was made from: the series and feeds whose results are the
        ones the last build kept (:meth:`keep`) and published, if ``record`` (publish's record of
        the output folder now) is what it published; ``files``: those still as written. None when
        a series was added or removed, or a feed with a page of its own (the combined outputs list
        every series), or the last build left no such state."""
        made = self.state.get("made") if self.state is not None else None
        if not isinstance(made, dict) or self.state is None or self.state.get("published") != _record_key(record):
            return None
        series = {one.slug: self._series_result_name(one, context) for one in model.series}
        feeds = {feed.slug: self._feed_result_name(feed, context) for feed in model.feeds if feed.kind in PAGE_KINDS}
        if series.keys() != made["series"].keys() or feeds.keys() != made["feeds"].keys():
            return None
        return Published(
            series=frozenset(
                slug for slug, name in series.items() if name is not None and made["series"][slug] == name
            ),
            feeds=frozenset(slug for slug, name in feeds.items() if name is not None and made["feeds"][slug] == name),
            spans=made["spans"],
            files={path: state[0] for path, state in files.items()},
        )

    def save(self, summary: object, published: dict[str, FileState], spans: Spans) -> None:
        """Once the site is published: record this build's inputs and what its files were made from
        (the results it kept, the zones' spans), and drop what it did not use. On any failure keep
        no state (the next build then checks and renders afresh what changed)."""
        try:
            if self._failed:
                raise OSError("a series could not be kept")
            self._write(
                "state.pickle",
                {
                    "format": FORMAT,
                    "inputs": self.inputs.key(),
                    "published": _record_key(published),
                    "summary": summary,
                    "made": {**self._made, "spans": spans},
                },
            )
            for path in self.folder.rglob("*.pickle"):
                if path.relative_to(self.folder).as_posix() not in self._used:
                    path.unlink(missing_ok=True)
        except (OSError, pickle.PickleError):
            (self.folder / "state.pickle").unlink(missing_ok=True)

    def forget(self) -> None:
        """After a failed build: remove what it kept here, and the folders it made."""
        for path in self._written:
            path.unlink(missing_ok=True)
        for folder in reversed(self._new_folders):
            shutil.rmtree(folder, ignore_errors=True)

    def _series_result_name(self, series: Series, context: Context) -> str | None:
        return _result_name(self.inputs.series_key(series_path(series.slug)), context, "series")

    def _feed_result_name(self, feed: Feed, context: Context) -> str | None:
        return _result_name(self.inputs.feed_key(one.slug for one in feed.series), context, "feed")

    def _read(self, name: str) -> object:
        try:
            return read_kept(self.folder / name)
        except Exception:  # missing, or left half-written by a killed build: made again
            return None

    def _write(self, name: str, value: object) -> None:
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.writelines(kept_form(value))
            os.replace(temporary, target)
            self._written.append(target)
        except BaseException:
            os.unlink(temporary)
            raise


def kept_form(value: object) -> list[bytes | memoryview]:
    """A value as a file of the cache holds it: the length of the index (8 bytes), the index (a pickle
    of the lengths of what follows), the value's pickle (protocol 5), and the buffers the pickle
    keeps out of band, one after the other (render/parts.Pieces: a series' VEVENTs and its JSON items)."""
    buffers: list[pickle.PickleBuffer] = []
    body = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raw = [buffer.raw() for buffer in buffers]
    index = pickle.dumps([len(body), *map(len, raw)], protocol=5)
    return [len(index).to_bytes(8, "little"), index, body, *raw]


def read_kept(path: Path) -> object:
    """A value :func:`kept_form` wrote. The file is mapped, not read: its buffers become the value's
    pieces without a copy. A one-session change at make bench's 60,000 sessions read the unchanged
    series' 145 MB of VEVENTs and JSON items into memory in 0.17 s; mapped, in 0.06 s, with 33 MB
    of views (alternating one-session changes, medians of six: 1.60 s against 1.79 s). The cache
    only ever replaces a file whole (:meth:`BuildCache._write`), never changes one in place, so
    a mapping stays valid for as long as the build holds it."""
    with open(path, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mapped)
    at = 8 + int.from_bytes(view[:8], "little")
    lengths = pickle.loads(view[8:at])
    parts = []
    for length in lengths:
        parts.append(view[at : at + length])
        at += length
    if at != len(view):
        raise ValueError(f"{path}: not the length its index gives")
    return pickle.loads(parts[0], buffers=parts[1:])


def _result_name(key: str | None, context: Context, kind: str) -> str | None:
    """Where a render result made from ``key`` for this context is kept."""
    return f"results/{digest_of(key, kind, repr(context.stamp), repr(context.base_url))}.pickle" if key else None


def _pages_name(result_name: str) -> str:
    """Where a series' pages are kept, beside its render result."""
    return result_name.removesuffix(".pickle") + ".pages.pickle"


def _record_key(published: dict[str, FileState]) -> str:
    return digest_of(*(f"{path}={state}" for path, state in sorted(published.items())))
