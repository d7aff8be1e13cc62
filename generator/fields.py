"""Field-by-field conversion of raw YAML values, for the validate stage.

A :class:`Fields` checker converts the strings of one file into typed values
and records a :class:`Problem` (file, line, field path, what was expected,
what was found, what to do) for each one that is wrong, so that every
problem in every file is reported at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from generator.errors import Problem
from generator.load import Mapping, Sequence, Text
from generator.urls import is_web_url, looks_like_url, userinfo_host, userinfo_message
from generator.values import control_character, out_of_range

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# ASCII digits only: \d would also take other scripts' digits (Arabic-Indic, Devanagari...).
LOCAL_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2})")
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
MAX_TEXT = 2000
MAX_SLUG = 64
"""The longest id or file name: a series file name gives <slug>-races.json and the like, far
below the 255 bytes a file name may take; ids are part of every UID."""


class Fields:
    """Converts the raw values of one file, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self._texts: dict[str, str] = {}
        """Each distinct text of the file once: a series repeats its kinds, statuses, names and
        sources session after session, and the build cache keeps the checked series (one object
        each pickles and loads in a third of the time; make bench's one-session change)."""

    # -- reporting -------------------------------------------------------

    def problem(self, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))

    @staticmethod
    def line_of(container: Any, key: str | None = None) -> int | None:
        if key is not None and isinstance(container, Mapping) and key in container.key_lines:
            return container.key_lines[key]
        return getattr(container, "line", None)

    # -- structure -------------------------------------------------------

    def mapping(
        self, value: Any, field: str, required: Iterable[str], optional: Iterable[str], line: int | None = None
    ) -> Mapping | None:
        """Check that value is a mapping with the required keys and no others."""
        required, optional = tuple(required), tuple(optional)
        if not isinstance(value, Mapping):
            self.problem(
                getattr(value, "line", line),
                field,
                f"expected a mapping with keys {', '.join(required + optional)}, got {_kind(value)}",
            )
            return None
        allowed = required + optional
        for key in value:
            if key not in allowed:
                hint = _did_you_mean(key, allowed)
                self.problem(
                    value.key_lines.get(key, value.line),
                    _join(field, key),
                    f"unknown key {key!r}; expected one of: {', '.join(allowed)}{hint}",
                )
        for key in required:
            if key not in value:
                self.problem(value.line, _join(field, key), f"missing; add {key}: ...")
        return value

    def sequence(self, container: Mapping, key: str, field: str, required: bool = True) -> Sequence:
        value = container.get(key)
        if value is None:
            return Sequence(container.line)
        if not isinstance(value, Sequence):
            self.problem(
                self.line_of(container, key),
                _join(field, key),
                f"expected a list (lines starting with '- '), got {_kind(value)}",
            )
            return Sequence(container.line)
        if required and not value:
            self.problem(
                self.line_of(container, key), _join(field, key), "expected at least one item, got an empty list"
            )
        return value

    # -- scalars ---------------------------------------------------------

    def text(
        self, container: Mapping, key: str, field: str, *, multiline: bool = False, default: str | None = None
    ) -> str:
        """A required (or defaulted) piece of text without control characters."""
        value = container.get(key)
        where = _join(field, key)
        if value is None:
            if default is None:
                return ""  # missing keys were reported by mapping()
            return default
        if not isinstance(value, Text):
            self.problem(self.line_of(container, key), where, f"expected text, got {_kind(value)}")
            return ""
        stripped = value.strip()
        if not stripped and default is None:
            self.problem(self.line_of(container, key), where, "expected text, got an empty value")
            return ""
        bad = control_character(stripped, multiline)
        if bad is not None:
            self.problem(self.line_of(container, key), where, f"control character {bad!r} is not allowed; remove it")
            return ""
        if len(stripped) > MAX_TEXT:
            self.problem(
                self.line_of(container, key),
                where,
                f"text of {len(stripped)} characters is too long (at most {MAX_TEXT})",
            )
            return ""
        text = stripped or (default or "")
        return self._texts.setdefault(text, text)

    def slug(self, container: Mapping, key: str, field: str, what: str = "an id") -> str:
        value = self.text(container, key, field)
        if value:
            return self.slug_value(value, self.line_of(container, key), _join(field, key), what)
        return value

    def slug_value(self, value: str, line: int | None, field: str, what: str) -> str:
        """Check an id that is not a field value (a mapping key, a file name)."""
        if not SLUG.fullmatch(value):
            self.problem(
                line,
                field,
                f"expected {what} of lower-case letters, digits and single hyphens (like 'sepang-2023'), got {value!r}",
            )
            return ""
        if len(value) > MAX_SLUG:
            self.problem(line, field, f"{what} of {len(value)} characters is too long (at most {MAX_SLUG}); shorten it")
            return ""
        return value

    def choice(
        self, container: Mapping, key: str, field: str, choices: tuple[str, ...], default: str | None = None
    ) -> str:
        value = self.text(container, key, field, default=default)
        if value and value not in choices:
            hint = _did_you_mean(value, choices)
            self.problem(
                self.line_of(container, key),
                _join(field, key),
                f"expected one of: {', '.join(choices)}; got {value!r}{hint}",
            )
            return ""
        return value

    def url(self, container: Mapping, key: str, field: str, default: str | None = None) -> str:
        value = self.text(container, key, field, default=default)
        if value and not is_web_url(value):
            self.problem(
                self.line_of(container, key), _join(field, key), f"expected an https:// or http:// URL, got {value!r}"
            )
            return ""
        if value and userinfo_host(value) is not None:
            self.problem(self.line_of(container, key), _join(field, key), userinfo_message(value))
            return ""
        return value

    def number(self, container: Mapping, key: str, field: str, low: float, high: float) -> float:
        value = self.text(container, key, field)
        if not value:
            return 0.0
        try:
            # The same rule checks and converts: float() alone would also take
            # '1_0', 'nan' and other scripts' digits.
            if not DECIMAL.fullmatch(value):
                raise ValueError
            number = float(value)
            if not low <= number <= high:
                raise ValueError
        except ValueError:
            self.problem(
                self.line_of(container, key),
                _join(field, key),
                f"expected a decimal number from {low:g} to {high:g}, got {value!r}",
            )
            return 0.0
        return number

    def date(self, container: Mapping, key: str, field: str) -> dt.date | None:
        parts = self._calendar_parts(container, key, field, DATE, "YYYY-MM-DD")
        return dt.date(*parts) if parts else None

    def local_time(self, container: Mapping, key: str, field: str) -> dt.datetime | None:
        parts = self._calendar_parts(container, key, field, LOCAL_TIME, "YYYY-MM-DD HH:MM")
        if not parts:
            return None
        year, month, day, hour, minute = parts
        return dt.datetime(year, month, day, hour, minute)

    def _calendar_parts(
        self, container: Mapping, key: str, field: str, pattern: re.Pattern[str], shape: str
    ) -> tuple[int, ...] | None:
        """The numbers of a date or wall time in the given shape, each in range; None after a problem."""
        value = self.text(container, key, field)
        if not value:
            return None
        match = pattern.fullmatch(value)
        parts = tuple(int(part) for part in match.groups()) if match else ()
        reason = out_of_range(*parts) if match else ""
        if not match or reason:
            self.problem(self.line_of(container, key), _join(field, key), f'expected "{shape}", got {value!r}{reason}')
            return None
        return parts

    def sources(self, container: Mapping, key: str, field: str, required: bool) -> tuple[str, ...]:
        if key not in container:
            return ()
        items = self.sequence(container, key, field, required=required)
        result = []
        for index, item in enumerate(items):
            where = f"{_join(field, key)}[{index}]"
            if not isinstance(item, Text) or not item.strip():
                self.problem(
                    getattr(item, "line", items.line), where, f"expected a URL or a citation, got {_kind(item)}"
                )
                continue
            source = item.strip()
            bad = control_character(source, multiline=False)
            if bad is not None:
                self.problem(item.line, where, f"control character {bad!r} is not allowed; remove it")
            elif looks_like_url(source) and not is_web_url(source):
                self.problem(item.line, where, f"only https:// and http:// URLs are allowed, got {source!r}")
            elif looks_like_url(source) and userinfo_host(source) is not None:
                self.problem(item.line, where, userinfo_message(source))
            else:
                result.append(source)
        return tuple(result)

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        return _did_you_mean(value, tuple(choices))


def _did_you_mean(value: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if value is None:
        return "nothing"
    return f"{str(value)!r}"
