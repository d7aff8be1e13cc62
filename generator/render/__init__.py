"""Stage 3, render: the model in, every output file out.

Two steps, both pure functions of the model and the render context
(:class:`~generator.render.context.Context`: the site, the build timestamp,
the base URL):

1. per series, :func:`~generator.render.series.render_series` makes every
   piece the outputs need from it (each session's VEVENT and JSON item,
   the facts of its feeds, its schedule pages); and per feed with a page of
   its own (a driver's, a class's, a collection's),
   :func:`~generator.render.feeds.render_feed` makes that page and the
   pieces of its entries that name its car;
2. :func:`~generator.render.compose.outputs` makes every file from those
   pieces: feeds (.ics, .json), the index, the schedule pages, the static files.

The build cache (generator/cache.py) may hand over a series' result from an
earlier build in place of step 1; the renderers never know. This module
checks every output path (no two outputs on one path, none leaving the
output folder).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath

from generator.model import Model
from generator.render.compose import Body, Kept, Published, outputs, pages_to_make, site_spans
from generator.render.context import Context
from generator.render.feeds import FeedResult, render_feed
from generator.render.parts import Parts
from generator.render.series import SeriesResult, Spans, render_series
from generator.render.views import PAGE_KINDS, own_feeds
from generator.workers import AUTO, Jobs

__all__ = [
    "Body",
    "Context",
    "FeedResult",
    "Kept",
    "OutputClash",
    "Parts",
    "Published",
    "SeriesResult",
    "Spans",
    "check_path",
    "feed_results",
    "pages_to_make",
    "render",
    "render_files",
    "series_results",
    "site_spans",
]


class OutputClash(Exception):
    """Two renderers produced one path, or a path leaves the output folder: a bug, not a user error."""


def render(model: Model, context: Context) -> dict[str, bytes]:
    """Every output file, each joined whole (for tests and small sites)."""
    made = {}
    for path, body in render_files(model, context):
        assert not isinstance(body, Kept), "nothing is kept without a published site"
        made[path] = body if isinstance(body, bytes) else body.joined()
    return made


PARALLEL_SESSIONS = 3_000
"""Sessions to render from which workers gain (generator/workers.py). Cold builds of the bench
corpus on 2 cores, one process against two: 1,200 sessions 1.08 s against 1.12 s; 3,000 sessions
1.78 s against 1.69 s; 6,000 sessions 2.65 s against 2.13 s."""


def series_results(
    model: Model, context: Context, kept: Mapping[str, SeriesResult] | None = None, jobs: int = AUTO
) -> dict[str, SeriesResult]:
    """Step 1 for every series, but those in ``kept`` (by slug: results already made for this context,
    by the build cache); ``jobs``: how many processes render them (generator/workers.py)."""
    kept = kept or {}
    todo = [index for index, series in enumerate(model.series) if series.slug not in kept]
    sessions = sum(len(event.sessions) for index in todo for event in model.series[index].events)
    made = Jobs(_render_series, (model, context)).map(todo, jobs, sessions >= PARALLEL_SESSIONS)
    fresh = {result.slug: result for result in made}
    return {series.slug: kept.get(series.slug) or fresh[series.slug] for series in model.series}


def _render_series(state: tuple[Model, Context], index: int) -> SeriesResult:
    """The series at ``index`` in the model: a worker finds it there (the model it was forked with)."""
    model, context = state
    series = model.series[index]
    return render_series(series, own_feeds(model, series), context)


def feed_results(model: Model, context: Context, kept: Mapping[str, FeedResult] | None = None) -> dict[str, FeedResult]:
    """Step 1 for every feed with a page of its own, but those in ``kept`` (by slug, the build cache's)."""
    kept = kept or {}
    return {
        feed.slug: kept.get(feed.slug) or render_feed(feed, context) for feed in model.feeds if feed.kind in PAGE_KINDS
    }


def render_files(
    model: Model,
    context: Context,
    results: dict[str, SeriesResult] | None = None,
    feeds: dict[str, FeedResult] | None = None,
    published: Published | None = None,
) -> Iterator[tuple[str, Body]]:
    """Every output in turn, checked, so that the build writes each and holds one at a time;
    ``published``: what the site in the output folder was made from (compose.Published)."""
    if results is None:
        results = series_results(model, context)
    if feeds is None:
        feeds = feed_results(model, context)
    paths: set[str] = set()
    for path, body in outputs(model, context, results, feeds, published):
        check_path(path)
        if path in paths:
            raise OutputClash(f"two outputs would be written to {path!r}")
        paths.add(path)
        yield path, body
    if ".nojekyll" not in paths:
        yield ".nojekyll", b""


def check_path(path: str) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in path:
        raise OutputClash(f"output path {path!r} would leave the output folder")
