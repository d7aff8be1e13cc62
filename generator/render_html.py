"""Stage 3, render (HTML): the model in, the site's pages as ``{path: bytes}`` out.

Jinja2 templates shipped inside the package, autoescaped, with undefined
variables raising. Pure: the pages hold no build-time "now".
"""
from __future__ import annotations

import jinja2

from generator.model import Model


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(model: Model, base_url: str | None) -> dict[str, bytes]:
    env = environment()
    index = env.get_template("index.html").render(site=model.site, feeds=model.feeds, base_url=base_url)
    return {"index.html": index.encode("utf-8")}
