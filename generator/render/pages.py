"""Render (HTML): the site's pages, from the views of render/views.py.

Gives ``index.html`` (every feed as a card with its subscribe links), one
schedule page per series and per collection (``<slug>.html``), and the
stylesheet, script and icon shipped in ``generator/static/``. Jinja2
templates are loaded from the package, autoescaped, and undefined variables
raise. Pure: the pages hold no build-time "now". What depends on the
reader's clock and time zone (past, next, the reader's local time) is done
by ``script.js`` in the browser from the UTC instants written into the page.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.model import CONFIDENCE_TEXT, Feed, Model
from generator.render import views
from generator.render.context import Context
from generator.render.json_feed import SCHEMA_PATH

STATIC_FILES = ("style.css", "script.js", "icon.svg")
GOOGLE_ADD = "https://calendar.google.com/calendar/render?cid="
OUTLOOK_ADD = "https://outlook.live.com/calendar/0/addfromweb"


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=4)
def environment(context: Context) -> jinja2.Environment:
    """The pages' templates, with what every page shows of the site: made once per context, since
    compiling the templates again for every series took seconds on a large site (make bench)."""
    env = templates()
    env.globals.update(site=context.site, base_url=context.base_url, confidence_text=CONFIDENCE_TEXT, is_link=views.is_link, schema_path=SCHEMA_PATH)
    env.filters["href"] = views.href
    return env


def schedule_page(env: jinja2.Environment, page: views.SchedulePage, base_url: str | None) -> bytes:
    """A series' or a collection's schedule page, ``<slug>.html``."""
    return _page(env, "schedule.html", page=page, links=[feed_links(base_url, feed) for feed in page.feeds])


def index_parts(env: jinja2.Environment, model: Model, base_url: str | None, facts: views.Facts, data: str) -> list[bytes]:
    """``index.html`` in parts: every feed's card, and ``data`` (:func:`views.index_data_json`)."""
    outlines = views.outlines(model, facts)
    cards = [views.card(feed, feed_links(base_url, feed), views.page_for(feed, outlines), facts) for feed in model.feeds]
    return _page_parts(env, "index.html", Markup(data), cards=cards, groups=views.card_groups(cards))


def _page(env: jinja2.Environment, template: str, **context: object) -> bytes:
    return env.get_template(template).render(**context).encode("utf-8")


DATA_MARK = "\ue000sessions-data\ue000"


def _page_parts(env: jinja2.Environment, template: str, data: Markup, **context: object) -> list[bytes]:
    """The bytes of ``_page(env, template, data=data, ...)`` in parts, with the data (tens of
    megabytes on a large site) placed among them rather than passed through the template's text."""
    text = env.get_template(template).render(data=Markup(DATA_MARK), **context)
    if text.count(DATA_MARK) != 1:  # the mark in the site's own text: the plain way
        return [_page(env, template, data=data, **context)]
    head, _, tail = text.partition(DATA_MARK)
    return [head.encode("utf-8"), data.encode("utf-8"), tail.encode("utf-8")]


def static_files() -> dict[str, bytes]:
    folder = resources.files("generator") / "static"
    return {name: (folder / name).read_bytes() for name in STATIC_FILES}


# Subscribe links. Kept here as plain functions of strings so that a test can
# pin their exact form: calendar clients are strict about it.

def feed_links(base_url: str | None, feed: Feed) -> views.FeedLinks:
    download = f"{feed.slug}.ics"
    data = f"{feed.slug}.json"
    if not base_url:
        return views.FeedLinks(feed.slug, feed.title, download, None, None, None, None, data)
    https = feed_url(base_url, download)
    webcal = webcal_url(https)
    return views.FeedLinks(feed.slug, feed.title, download, https, webcal, google_url(webcal), outlook_url(https, feed.title), data)


def feed_url(base_url: str, path: str) -> str:
    """The feed's published address; ``base_url`` ends with ``/`` (see build.normalise_base_url)."""
    return base_url + path


def webcal_url(url: str) -> str:
    """``https://host/path.ics`` -> ``webcal://host/path.ics`` (Apple Calendar, Outlook desktop)."""
    _scheme, rest = url.split("://", 1)
    return f"webcal://{rest}"


def google_url(webcal: str) -> str:
    """Google wants the ``webcal://`` address, percent-encoded whole; an https cid does not subscribe."""
    return GOOGLE_ADD + quote(webcal, safe="")


def outlook_url(https: str, name: str) -> str:
    """Outlook.com takes the ``https://`` address and the calendar's name."""
    return f"{OUTLOOK_ADD}?url={quote(https, safe='')}&name={quote(name, safe='')}"
