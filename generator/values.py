"""What a raw text is, apart from where it stands: a whole number, a character no text may
hold, a date or time that is not on the calendar. generator/fields.py words the problems.
"""

from __future__ import annotations

import calendar
import re
import unicodedata

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 1900, 2037
"""The years a date or time may name. pytz's tables (the UTC offsets, and the VTIMEZONE blocks
built from them) hold each zone's changes up to 2037 only: a later summer time would be an hour
off in the feeds. 1900 keeps every later stage (a VTIMEZONE from the year before, a page's day
windows, an all-day event's next day) well inside the calendar."""


def whole_number(text: str) -> int | None:
    """A whole number of ASCII digits (at most nine), else None: checked and
    converted by one rule (str.isdigit() also takes '²', which int() refuses)."""
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None


def control_character(text: str, multiline: bool) -> str | None:
    # Every character refused below is one that str.isprintable() refuses
    # (categories C and Z, but the space): most text is cleared in C.
    if text.isprintable() or (multiline and text.replace("\n", " ").isprintable()):
        return None
    for char in text:
        if char == "\n" and multiline:
            continue
        # Bidirectional embeddings, overrides and isolates are refused too: they
        # reorder how the rest of a line is shown ("Trojan Source", CVE-2021-42574).
        if (
            unicodedata.category(char) in ("Cc", "Cs")
            or char in "\u2028\u2029"
            or "\u202a" <= char <= "\u202e"
            or "\u2066" <= char <= "\u2069"
        ):
            return char
    return None


def out_of_range(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> str:
    """Why a date or time of the right shape is not on the calendar ('' if it is)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"; the year must be {FIRST_YEAR}-{LAST_YEAR} (time zone rules are known up to {LAST_YEAR})"
    if not 1 <= month <= 12:
        return "; the month must be 01-12"
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        return f"; {year:04d}-{month:02d} has days 01-{last_day}"
    if hour > 23:
        return "; the hour must be 00-23"
    if minute > 59:
        return "; the minute must be 00-59"
    return ""
