"""The site's languages: gettext catalogs for its own text, Babel for dates and numbers.

English is the source language (its catalog is empty); German pages go under
``de/``. A catalog is ``generator/locale/<code>/LC_MESSAGES/messages.po``,
compiled in memory when the build first needs it, so that a fresh clone
builds without a compile step. Data strings (names, notes from the YAML) are
never translated.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from importlib import resources

from babel import Locale
from babel.dates import format_interval, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from generator import timing


@dataclass(frozen=True)
class Language:
    code: str
    """``en``: the page's ``lang`` and ``hreflang``."""
    locale: str
    """``en_GB``: the Babel locale of its dates (day before month, 24-hour clock)."""
    prefix: str
    """Where its pages go: ``""`` or ``de/``."""
    name: str
    """The language's name in itself, for the language switch."""

    @property
    def root(self) -> str:
        """From one of its pages to the site's top folder (static files, feeds)."""
        return "../" * self.prefix.count("/")

    @property
    def translations(self) -> NullTranslations:
        return catalog(self.code)

    def gettext(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count) % {"num": self.number(count)}

    def day(self, day: dt.date, with_year: bool = False) -> str:
        """``Sat 2 Dec`` / ``Sa., 2. Dez.``."""
        return _skeleton("yMMMEd" if with_year else "MMMEd", day, self.locale)

    def day_time(self, moment: dt.datetime) -> str:
        """``Sat 2 Dec, 14:00`` in the moment's own zone."""
        return f"{self.day(moment.date())}, {timing.hh_mm(moment)}"

    def span(self, start: dt.datetime, end: dt.datetime | None) -> str:
        """``Sat 2 Dec, 14:00–18:00``, or both days when it ends on another day, in the start's zone."""
        if end is None:
            return self.day_time(start)
        if end.date() == start.date():
            return f"{self.day_time(start)}–{timing.hh_mm(end)}"
        return f"{self.day_time(start)} – {self.day_time(end)}"

    def dates(self, first: dt.date, last: dt.date) -> str:
        """``2–3 Dec 2023`` / ``2.–3. Dez. 2023``."""
        if first == last:
            return _skeleton("yMMMd", first, self.locale)
        return _interval(first, last, self.locale)

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)


@functools.lru_cache(maxsize=1 << 16)
def _skeleton(skeleton: str, day: dt.date, locale: str) -> str:
    # Babel takes some 50 µs a call, and a site writes the same few hundred days thousands of
    # times over (every session row, in every page that shows it): a quarter of a rebuild's
    # page time in make bench's profile before this cache.
    return format_skeleton(skeleton, day, locale=locale)


@functools.lru_cache(maxsize=1 << 14)
def _interval(first: dt.date, last: dt.date, locale: str) -> str:
    # Some 70 µs a call; an event's dates are written on its series' page and again on
    # every class, driver and collection page that lists it.
    return format_interval(first, last, "yMMMd", locale=locale)


LANGUAGES = (
    Language("en", "en_GB", "", "English"),
    Language("de", "de_DE", "de/", "Deutsch"),
)
ENGLISH = LANGUAGES[0]


@functools.cache
def catalog(code: str) -> NullTranslations:
    if code == "en":
        return NullTranslations()
    source = resources.files("generator") / "locale" / code / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po:
        messages = read_po(po, locale=Locale.parse(code))
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled)
