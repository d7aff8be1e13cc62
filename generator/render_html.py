"""Stage 3, render (HTML): the model in, the site's pages as ``{path: bytes}`` out.

Gives, in English at the top and in German under ``de/``, ``index.html``
(the next races, then every feed with its subscribe links) and one schedule
page per series and per collection (``<slug>.html``), and the stylesheet,
script and icon shipped in ``generator/static/``. Jinja2 templates are loaded
from the package, autoescaped, undefined variables raise, and their text
goes through the language's gettext catalog (:mod:`generator.pages.i18n`).
Pure: what depends on the reader's clock, zone and locale (past, next, their
own time) is done by ``script.js`` from the UTC instants in the page.
"""
from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Callable, Iterator

import jinja2

from generator import memo as memo_module
from generator.model import Feed, Model
from generator.pages import cards as cards_module
from generator.pages import upcoming, views
from generator.pages.i18n import LANGUAGES, Language
from generator.pages.links import FeedLinks, feed_links, href, is_link
from generator.render_json import SCHEMA_PATH

STATIC_FILES = ("style.css", "script.js", "icon.svg")


def environment(lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["href"] = href
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env


def render_html(model: Model, stamp: dt.datetime, base_url: str | None) -> dict[str, bytes | memo_module.Published]:
    return {path: memo_module.joined(body) for path, body in html_files(model, stamp, base_url)}  # type: ignore[arg-type]


def html_files(model: Model, stamp: dt.datetime, base_url: str | None) -> Iterator[tuple[str, bytes | memo_module.Published]]:
    """Each file of render_html in turn, each schedule page made only when it is written."""
    memo = memo_module.current()
    facts = cards_module.Facts(model, memo)
    pages = views.outlines(model)
    outlines = [outline for outline, _ in pages]
    page_of_feed = {feed.slug: views.page_for(feed, outlines) for feed in model.feeds}
    links = {feed.slug: feed_links(base_url, feed) for feed in model.feeds}
    data = upcoming.script_data(model, stamp)
    for lang in LANGUAGES:
        env = environment(lang)
        env.globals.update(site=model.site, base_url=base_url, lang=lang, languages=LANGUAGES, root=lang.root, is_link=is_link, schema_path=SCHEMA_PATH)
        cards = [cards_module.card(feed, links[feed.slug], page_of_feed[feed.slug], facts(feed), lang) for feed in model.feeds]
        groups = cards_module.card_groups(cards, lang)
        yield lang.prefix + "index.html", _page(env, "index.html", "index.html", cards=cards, groups=groups, next_up=upcoming.next_up(model, stamp, lang), data=data)
        for outline, make_page in pages:
            name = f"{outline.slug}.html"
            none = cards_module.none_text(facts(outline.feeds[0]), lang) if outline.feeds else lang.gettext("No upcoming session in this feed.")
            page_links = [links[feed.slug] for feed in outline.feeds]

            def make(make_page: Callable[[Language, str], views.SchedulePage] = make_page, env: jinja2.Environment = env, name: str = name, none: str = none, lang: Language = lang, page_links: list[FeedLinks] = page_links) -> bytes:
                return _page(env, "schedule.html", name, page=make_page(lang, none), links=page_links)
            path = lang.prefix + name
            # A page the last build made from the same inputs (the memo's key names the
            # series' file and everything else it reads; a collection's, its file and its
            # series') is kept as published.
            owner, inputs = _page_owner(outline), (_page_inputs(outline.feeds), lang.code)
            kept = memo.published_file(owner, inputs, path, make) if owner else None
            if kept is not None:
                yield path, kept
            else:
                yield path, make()
                if owner:
                    memo.made_file(owner, inputs, path)
    yield from static_files().items()


def alternates(base_url: str | None, lang: Language, here: str) -> list[tuple[str, str]]:
    """(hreflang, href) of the page in every language: absolute with a base URL, else relative."""
    return [(other.code, (base_url or lang.root) + other.prefix + here) for other in LANGUAGES]


def _page_owner(page: views.SchedulePage) -> str | None:
    """Under whose name the memo keeps the page: its first feed's (a series' own feed, or the collection)."""
    return memo_module.owner(page.feeds[0]) if page.feeds else None


def _page_inputs(feeds: tuple[Feed, ...]) -> tuple:
    """What a series page shows besides its series: the feeds it offers."""
    return tuple((feed.slug, feed.title, feed.description, feed.kind) for feed in feeds)


def _page(env: jinja2.Environment, template: str, here: str, **context: object) -> bytes:
    lang: Language = env.globals["lang"]  # type: ignore[assignment]
    base_url: str | None = env.globals["base_url"]  # type: ignore[assignment]
    switch = [(other, lang.root + other.prefix + here) for other in LANGUAGES if other is not lang]
    return env.get_template(template).render(here=here, alternates=alternates(base_url, lang, here), switch=switch, **context).encode("utf-8")


def static_files() -> dict[str, bytes]:
    folder = resources.files("generator") / "static"
    return {name: (folder / name).read_bytes() for name in STATIC_FILES}
