"""Stage 3, render (HTML): the model in, the site's pages as ``{path: bytes}`` out.

Gives ``index.html`` (every feed as a card with its subscribe links), one
schedule page per series and per collection (``<slug>.html``), and the
stylesheet, script and icon shipped in ``generator/static/``. Jinja2
templates are loaded from the package, autoescaped, and undefined variables
raise. Pure: the pages hold no build-time "now". What depends on the
reader's clock and time zone (past, next, the reader's local time) is done
by ``script.js`` in the browser from the UTC instants written into the page.
"""
from __future__ import annotations

from importlib import resources
from typing import Callable, Iterator
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator import html_view
from generator import memo as memo_module
from generator.model import CONFIDENCE_TEXT, Feed, Model
from generator.render_json import SCHEMA_PATH

STATIC_FILES = ("style.css", "script.js", "icon.svg")
GOOGLE_ADD = "https://calendar.google.com/calendar/render?cid="
OUTLOOK_ADD = "https://outlook.live.com/calendar/0/addfromweb"


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(model: Model, base_url: str | None) -> dict[str, bytes | memo_module.Published]:
    return {path: memo_module.joined(body) for path, body in html_files(model, base_url)}  # type: ignore[arg-type]


def html_files(model: Model, base_url: str | None) -> Iterator[tuple[str, bytes | memo_module.Parts | memo_module.Published]]:
    """Each file of render_html in turn, each schedule page made only when it is written."""
    env = environment()
    env.globals.update(site=model.site, base_url=base_url, confidence_text=CONFIDENCE_TEXT, is_link=html_view.is_link, schema_path=SCHEMA_PATH)
    env.filters["href"] = html_view.href
    memo = memo_module.current()
    facts = html_view.Facts(model, memo)
    pages = html_view.schedule_pages(model, facts)
    outlines = [outline for outline, _ in pages]
    page_of_feed = {feed.slug: html_view.page_for(feed, outlines) for feed in model.feeds}
    cards = [html_view.card(feed, feed_links(base_url, feed), page_of_feed[feed.slug], facts) for feed in model.feeds]
    yield "index.html", memo_module.Parts(_page_parts(env, "index.html", index_json(model), cards=cards, groups=html_view.card_groups(cards)))
    for outline, make_page in pages:
        path = f"{outline.slug}.html"
        links = [feed_links(base_url, feed) for feed in outline.feeds]

        def make(make_page: Callable[[], html_view.SchedulePage] = make_page, links: list[html_view.FeedLinks] = links) -> bytes:
            return _page(env, "schedule.html", page=make_page(), links=links)
        # A series' page the last build made from the same inputs (the memo's
        # key names the series' file and everything else it reads; a
        # collection's, its file and its series') is kept as published.
        name, inputs = _page_owner(outline), _page_inputs(outline.feeds)
        kept = memo.published_file(name, inputs, path, make) if name else None
        if kept is not None:
            yield path, kept
        else:
            yield path, make()
            if name:
                memo.made_file(name, inputs, path)
    yield from static_files().items()


def index_json(model: Model) -> Markup:
    """The index's session data as ``{{ html_view.index_data(model) | tojson }}`` writes it: keys
    sorted, then ``<``, ``>``, ``&`` and ``'`` escaped as Jinja's ``htmlsafe_json_dumps`` does."""
    return Markup(html_view.index_data_json(model))


def _page_owner(page: html_view.SchedulePage) -> str | None:
    """Under whose name the memo keeps the page: its first feed's (a series' own feed, or the collection)."""
    return memo_module.owner(page.feeds[0]) if page.feeds else None


def _page_inputs(feeds: tuple[Feed, ...]) -> tuple:
    """What a series page shows besides its series: the feeds it offers."""
    return tuple((feed.slug, feed.title, feed.description, feed.kind) for feed in feeds)


def _page(env: jinja2.Environment, template: str, **context: object) -> bytes:
    return env.get_template(template).render(**context).encode("utf-8")


DATA_MARK = "\ue000sessions-data\ue000"


def _page_with(env: jinja2.Environment, template: str, data: Markup, **context: object) -> bytes:
    """``_page(env, template, data=data, ...)``."""
    return b"".join(_page_parts(env, template, data, **context))


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

def feed_links(base_url: str | None, feed: Feed) -> html_view.FeedLinks:
    download = f"{feed.slug}.ics"
    data = f"{feed.slug}.json"
    if not base_url:
        return html_view.FeedLinks(feed.slug, feed.title, download, None, None, None, None, data)
    https = feed_url(base_url, download)
    webcal = webcal_url(https)
    return html_view.FeedLinks(feed.slug, feed.title, download, https, webcal, google_url(webcal), outlook_url(https, feed.title), data)


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
