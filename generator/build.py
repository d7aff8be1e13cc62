"""The pipeline: load -> validate -> render -> publish, in that order.

:func:`build` reads like the pipeline; :func:`check` stops after validate.
Only the publish stage writes, and only after everything rendered.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, UserError
from generator.load import load
from generator.model import Model
from generator.publish import publish
from generator.render import render
from generator.validate import validate


@dataclass(frozen=True)
class Summary:
    feeds: int
    events: int
    sessions: int
    files: int


def build(feeds_dir: Path, out_dir: Path, base_url: str | None = None, environ: dict[str, str] | None = None) -> Summary:
    model = validate(load(feeds_dir))
    stamp = build_timestamp(model, os.environ if environ is None else environ)
    outputs = render(model, stamp, normalise_base_url(base_url or model.site.base_url))
    publish(outputs, out_dir)
    return summarise(model, len(outputs))


def check(feeds_dir: Path) -> Summary:
    model = validate(load(feeds_dir))
    return summarise(model, 0)


def summarise(model: Model, files: int) -> Summary:
    events = sum(len(series.events) for series in model.series)
    sessions = sum(len(event.sessions) for series in model.series for event in series.events)
    return Summary(len(model.feeds), events, sessions, files)


def build_timestamp(model: Model, environ: os._Environ | dict[str, str]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the latest day in the data; never the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UserError([Problem("SOURCE_DATE_EPOCH", None, "", f"expected a whole number of seconds since 1970, got {epoch!r}")])
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    days = [session.date for series in model.series for event in series.events for session in event.sessions]
    latest = max(days, default=dt.date(1970, 1, 1))
    return dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.timezone.utc)


def normalise_base_url(base_url: str | None) -> str | None:
    if not base_url:
        return None
    return base_url if base_url.endswith("/") else base_url + "/"
