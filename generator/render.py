"""Stage 3, render: the model in, every output file as ``{path: bytes}`` out.

Calls each renderer and merges their outputs, refusing two outputs with one
path and any path that would leave the output folder.
"""
from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from generator.model import Model
from generator.render_html import render_html
from generator.render_ics import render_ics
from generator.render_json import render_json


class OutputClash(Exception):
    """Two renderers produced one path, or a path leaves the output folder: a bug, not a user error."""


def render(model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes]:
    outputs: dict[str, bytes] = {}
    for produced in (render_ics(model, stamp, base_url), render_json(model, stamp, base_url), render_html(model, base_url)):
        for path, body in produced.items():
            check_path(path)
            if path in outputs:
                raise OutputClash(f"two outputs would be written to {path!r}")
            outputs[path] = body
    outputs[".nojekyll"] = b""
    return outputs


def check_path(path: str) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(part in ("", ".", "..") for part in parts) or "\\" in path:
        raise OutputClash(f"output path {path!r} would leave the output folder")
