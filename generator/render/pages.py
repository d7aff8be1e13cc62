"""Render (HTML): the site's pages, from the records of render/views.py and render/cards.py.

Gives, in English at the top and in German under ``de/``, ``index.html``
(the next races, then every feed with its subscribe links) and one schedule
page per series and per collection (``<slug>.html``), and the stylesheet,
script and icon shipped in ``generator/static/``. Jinja2 templates are loaded
from the package, autoescaped, undefined variables raise, and their text
goes through the language's gettext catalog (render/i18n.py). Pure: what
depends on the reader's clock, zone and locale (past, next, their own time)
is done by ``script.js`` from the UTC instants in the page.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from generator.model import Feed, Model, Series
from generator.render import cards as cards_module
from generator.render import upcoming, views
from generator.render.context import Context
from generator.render.i18n import LANGUAGES, Language
from generator.render.json_feed import SCHEMA_PATH
from generator.render.links import feed_links, href, is_link

STATIC_FILES = ("style.css", "script.js", "icon.svg")


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """The templates compiled once and kept beside them, in ``templates/__pycache__``, as Python
    keeps its own modules compiled: each build process, and each language's environment in it,
    compiled every template again (about 0.08 s of a one-session rebuild at 60,000 sessions, make
    bench). Jinja takes a kept one only for the same template source and Python; the file's name
    carries Jinja's version. Where that folder cannot be written, templates are compiled as before."""

    def __init__(self) -> None:
        super().__init__(
            str(Path(__file__).resolve().parent.parent / "templates" / "__pycache__"),
            f"jinja2-{jinja2.__version__}-%s.cache",
        )

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a folder that cannot be written: compiled again next time


COMPILED = CompiledTemplates()


def templates(lang: Language) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        bytecode_cache=COMPILED,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    # Added to the environment by the i18n extension at run time: jinja2's types cannot know of it.
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["href"] = href
    return env


@lru_cache(maxsize=8)
def environment(context: Context, lang: Language) -> jinja2.Environment:
    """The pages' templates in a language, with what every page shows of the site: made once per
    context and language, since compiling the templates again for every series took seconds on a
    large site (make bench)."""
    env = templates(lang)
    env.globals.update(
        site=context.site,
        base_url=context.base_url,
        lang=lang,
        languages=LANGUAGES,
        root=lang.root,
        is_link=is_link,
        schema_path=SCHEMA_PATH,
    )
    return env


def schedule_pages(
    series_or_feed: Series | Feed, own: tuple[Feed, ...], context: Context, facts: cards_module.FeedFacts | None
) -> tuple[bytes, ...]:
    """A series' (``own``: its own feeds) or a collection's schedule page, in every language."""
    nones = tuple(
        cards_module.none_text(facts, lang) if facts is not None else lang.gettext("No upcoming session in this feed.")
        for lang in LANGUAGES
    )
    made = (
        views.collection_pages(series_or_feed, LANGUAGES, nones)
        if isinstance(series_or_feed, Feed)
        else views.series_pages(series_or_feed, own, LANGUAGES, nones)
    )
    return tuple(
        schedule_page(environment(context, lang), page, context.base_url)
        for lang, page in zip(LANGUAGES, made, strict=True)
    )


def schedule_page(env: jinja2.Environment, page: views.SchedulePage, base_url: str | None) -> bytes:
    """A series' or a collection's schedule page, ``<slug>.html``, in the environment's language."""
    return _page(
        env, "schedule.html", f"{page.slug}.html", page=page, links=[feed_links(base_url, feed) for feed in page.feeds]
    )


def index_page(
    model: Model, context: Context, facts: cards_module.Facts, lang: Language, ahead: upcoming.Ahead
) -> bytes:
    """``index.html`` in a language: the next races, every feed's card, and the script's data (``ahead``: :func:`upcoming.upcoming`)."""
    shown_on = views.pages_by_feed(views.outlines(model))
    cards = [
        cards_module.card(feed, feed_links(context.base_url, feed), shown_on.get(feed), facts(feed), lang)
        for feed in model.feeds
    ]
    env = environment(context, lang)
    data = upcoming.script_data(ahead)
    next_up = upcoming.next_up(ahead, lang)
    return _page(
        env,
        "index.html",
        "index.html",
        cards=cards,
        groups=cards_module.card_groups(cards, lang),
        next_up=next_up,
        data=data,
    )


def alternates(base_url: str | None, lang: Language, here: str) -> list[tuple[str, str]]:
    """(hreflang, href) of the page in every language: absolute with a base URL, else relative."""
    return [(other.code, (base_url or lang.root) + other.prefix + here) for other in LANGUAGES]


def _page(env: jinja2.Environment, template: str, here: str, **context: object) -> bytes:
    lang, base_url = env.globals["lang"], env.globals["base_url"]  # as environment() set them
    assert isinstance(lang, Language) and isinstance(base_url, str | None)
    switch = [(other, lang.root + other.prefix + here) for other in LANGUAGES if other is not lang]
    return (
        env.get_template(template)
        .render(here=here, alternates=alternates(base_url, lang, here), switch=switch, **context)
        .encode("utf-8")
    )


def static_files() -> dict[str, bytes]:
    folder = resources.files("generator") / "static"
    return {name: (folder / name).read_bytes() for name in STATIC_FILES}
