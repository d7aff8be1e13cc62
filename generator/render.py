"""Stage 3, render: the model in, every output file as ``{path: bytes}`` out.

Calls each renderer and merges their outputs, refusing two outputs with one
path and any path that would leave the output folder.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterator
from pathlib import PurePosixPath

from generator import memo
from generator.model import Model
from generator.render_html import html_files
from generator.render_ics import ics_files
from generator.render_json import json_files


class OutputClash(Exception):
    """Two renderers produced one path, or a path leaves the output folder: a bug, not a user error."""


def render(model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes]:
    with memo.active(memo.Memo()):
        return {path: memo.joined(body) for path, body in render_files(model, stamp, base_url)}  # type: ignore[arg-type]


def render_files(model: Model, stamp: dt.datetime, base_url: str | None) -> Iterator[tuple[str, bytes | memo.Parts | memo.Published]]:
    """Every output in turn, checked, so that the build writes each and holds one at a time.

    An output is its bytes, or :class:`memo.Parts` (its bytes in parts), or, with a build
    cache's memo current, :class:`memo.Published`: the file already published.
    """
    paths: set[str] = set()
    renderers = (
        ("ics", lambda: ics_files(model, stamp, base_url)),
        ("json", lambda: json_files(model, stamp, base_url)),
        ("html", lambda: html_files(model, stamp, base_url)),
    )
    for part, renderer in renderers:
        for path, body in renderer():
            check_path(path)
            if path in paths:
                raise OutputClash(f"two outputs would be written to {path!r}")
            paths.add(path)
            yield path, body
        if part != "html":  # the site's results are kept once its pages are published
            memo.current().release(part)
    if ".nojekyll" not in paths:
        yield ".nojekyll", b""


def check_path(path: str) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in path:
        raise OutputClash(f"output path {path!r} would leave the output folder")
