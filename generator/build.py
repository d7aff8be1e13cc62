"""The pipeline: load -> validate -> render -> publish, in that order.

:func:`build` reads like the pipeline; :func:`check` stops after validate.
Only the publish stage writes the site: each file into a new folder that
replaces the old one once all are written. The build cache (generator/cache.py)
sits beside the pipeline: it hands over the series that did not change (their
checked models and render results), and is written last.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.cache import BuildCache
from generator.errors import Problem, UserError
from generator.inputs import Inputs, code_key
from generator.load import load
from generator.model import Model
from generator.publish import ChangedMeanwhile, is_intact, publish, read_record, unchanged_files
from generator.render import Context, feed_results, pages_to_make, render_files, series_results, site_spans
from generator.validate import validate
from generator.warnings_check import warnings
from generator.workers import AUTO


@dataclass(frozen=True)
class Summary:
    feeds: int
    events: int
    sessions: int
    files: int
    warnings: tuple[Problem, ...] = ()
    """What is valid but probably not meant (generator/warnings_check.py): printed, never a failure."""


def build(
    feeds_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    use_cache: bool = True,
    jobs: int = AUTO,
) -> Summary:
    """``jobs``: how many processes check and render the series (generator/workers.py)."""
    environ = os.environ if environ is None else environ
    with collector_paused(), joined() as tidy:
        cache = (
            BuildCache.beside(
                out_dir, Inputs(code_key(), feeds_dir, (environ.get("SOURCE_DATE_EPOCH", ""), base_url or ""))
            )
            if use_cache
            else None
        )
        record = read_record(out_dir) if cache is not None else {}
        if cache is not None and (done := _kept_summary(cache.last_summary(record))) and is_intact(out_dir, record):
            return done  # same inputs, same code, and the site as it was left: nothing to do
        model = validate(load(feeds_dir, cache.checked_series() if cache else {}), jobs)
        context = Context(
            model.site, build_timestamp(model, environ), normalise_base_url(base_url or model.site.base_url)
        )
        published = cache.published(model, context, record, unchanged_files(out_dir, record)) if cache else None
        kept = cache.results(model, context, pages_to_make(model, published)) if cache else {}
        results = series_results(model, context, kept, jobs)
        feeds = feed_results(model, context, cache.feed_results(model, context) if cache else {})
        spans = site_spans({slug: result.spans for slug, result in results.items()})
        if cache is not None:
            cache.keep(model, context, results, feeds)
        try:
            try:
                files = publish(
                    render_files(model, context, results, feeds, published), out_dir, tidy
                )  # render_files takes the results over
            except ChangedMeanwhile:
                # A file it meant to keep as published was replaced meanwhile (by another build,
                # or by hand): every file is made once more, from the results just kept.
                assert cache is not None
                again = series_results(model, context, cache.results(model, context, pages_to_make(model, None)), jobs)
                files = publish(render_files(model, context, again, feeds), out_dir, tidy)
        except BaseException:
            if cache is not None:
                cache.forget()  # a failed build leaves nothing behind
            raise
        summary = summarise(model, len(files))
        if cache is not None:
            cache.save(_as_kept(summary), files, spans)
        return summary


def _as_kept(summary: Summary) -> tuple[int, int, int, int, tuple[tuple[str, int | None, str, str], ...]]:
    """The summary as plain tuples: what ``astuple`` gives, without its deep copy of every warning."""
    warnings = tuple((one.file, one.line, one.field, one.message) for one in summary.warnings)
    return (summary.feeds, summary.events, summary.sessions, summary.files, warnings)


def _kept_summary(kept: object) -> Summary | None:
    """The summary the cache kept (:func:`_as_kept`, as :func:`build` saves it); None if there is none of that shape."""
    match kept:
        case (int(feeds), int(events), int(sessions), int(files), tuple(warnings)):
            return Summary(feeds, events, sessions, files, tuple(Problem(*warning) for warning in warnings))
    return None


def check(feeds_dir: Path) -> Summary:
    with collector_paused():
        model = validate(load(feeds_dir))
        return summarise(model, 0)


@contextmanager
def joined() -> Iterator[list[threading.Thread]]:
    """Threads publish starts to remove the old site's folder (publish's ``tidy``), joined as the
    build ends: they run while it saves its cache."""
    threads: list[threading.Thread] = []
    try:
        yield threads
    finally:
        for thread in threads:
            thread.join()


@contextmanager
def collector_paused() -> Iterator[None]:
    """A build makes millions of objects that live until it ends, and no
    cycles worth collecting: the collector's passes over them took half the
    time of a large build (see benchmarks/)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def summarise(model: Model, files: int) -> Summary:
    events = sum(len(series.events) for series in model.series)
    sessions = sum(len(event.sessions) for series in model.series for event in series.events)
    return Summary(len(model.feeds), events, sessions, files, warnings(model))


def build_timestamp(model: Model, environ: Mapping[str, str]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the latest day in the data; never the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UserError(
                [
                    Problem(
                        "SOURCE_DATE_EPOCH", None, "", f"expected a whole number of seconds since 1970, got {epoch!r}"
                    )
                ]
            )
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    days = [session.date for series in model.series for event in series.events for session in event.sessions]
    latest = max(days, default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC)


def normalise_base_url(base_url: str | None) -> str | None:
    if not base_url:
        return None
    return base_url if base_url.endswith("/") else base_url + "/"
