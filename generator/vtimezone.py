"""VTIMEZONE blocks built from tzdata, in the shape every client reads.

Used by the ics renderer. icalendar 7.3's own generator writes DST onsets an
hour off and emits historic blocks that shift events in Outlook, so the
project builds its own from the zone's transitions over the feed's span:

- no offset change in the span: one fixed STANDARD;
- a stable yearly pair of changes: one STANDARD and one DAYLIGHT with
  ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`` (the only shape Outlook reads),
  each starting in the first year the pair held unchanged (1970 at the
  earliest), not in the feed's first year (see :func:`_first_year_of_rules`);
- anything else: one observance per transition (valid for every parser,
  though Outlook will only read the latest).

An observance without RRULE repeats its DTSTART as its one RDATE, for the
parsers that read no onset from DTSTART alone (see :func:`_one_off`).

Each onset's DTSTART is the local time in its TZOFFSETFROM (RFC 5545 3.6.5).
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pytz
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    utc: dt.datetime
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    is_dst: bool
    name: str

    @property
    def local_onset(self) -> dt.datetime:
        """The wall-clock time of the change, read in the offset before it."""
        return self.utc + self.offset_from

    def rule_key(self) -> tuple | None:
        onset = self.local_onset
        last = onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1]
        nth = (onset.day - 1) // 7 + 1
        return (onset.month, onset.weekday(), onset.time(), self.offset_from, self.offset_to, self.name, nth, last)


def _state_at(zone: pytz.BaseTzInfo, moment: dt.datetime) -> tuple[dt.timedelta, dt.timedelta, str]:
    """(utcoffset, dst, tzname) in force at a naive UTC moment."""
    aware = pytz.utc.localize(moment).astimezone(zone)
    return aware.utcoffset(), aware.dst(), aware.tzname()


def transitions(zone_name: str, span_start: dt.datetime, span_end: dt.datetime) -> list[Transition]:
    """Offset changes of a zone between two naive UTC moments."""
    zone = pytz.timezone(zone_name)
    # pytz keeps the zone's transition table in these attributes (as icalendar
    # itself reads them); a zone without them has a fixed offset.
    times = getattr(zone, "_utc_transition_times", None)
    if not times:
        return []
    found = []
    first = bisect.bisect_right(times, span_start)
    for index in range(max(first, 1), len(times)):
        moment = times[index]
        if moment >= span_end:
            break
        before = _state_at(zone, moment - dt.timedelta(seconds=1))
        after = _state_at(zone, moment)
        if before[0] != after[0]:
            found.append(Transition(moment, before[0], after[0], bool(after[1]), after[2]))
    return found


@lru_cache(maxsize=None)
def reads_as_utc(zone_name: str, year: int) -> bool:
    """Whether the zone is UTC+00:00 without a change from a year before to
    two years after ``year``: its block is then one fixed +0000 STANDARD.

    vobject takes such a block for UTC, drops it, and reads every time with
    its TZID as floating when it cannot look the TZID up itself (as with a
    private name). No true block can avoid that, so the feeds write these
    times in UTC: the same instant for every client.
    """
    zone = pytz.timezone(zone_name)
    start, end = dt.datetime(year - 1, 1, 1), dt.datetime(year + 2, 1, 1)
    return not transitions(zone_name, start, end) and _state_at(zone, start)[0] == dt.timedelta(0)


@lru_cache(maxsize=None)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> bytes:
    """The serialised VTIMEZONE for a zone, valid for sessions in the given years."""
    return build_vtimezone(zone_name, first_year, last_year).to_ical()


def build_vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    # One year of margin each side, so that every session falls after the
    # first onset of each observance and the yearly rule is seen repeating.
    span_start = dt.datetime(first_year - 1, 1, 1)
    span_end = dt.datetime(last_year + 2, 1, 1)
    zone = pytz.timezone(zone_name)
    changes = transitions(zone_name, span_start, span_end)
    component = Timezone()
    component.add("tzid", zone_name)
    if not changes:
        offset, _, name = _state_at(zone, span_start)
        component.add_component(_one_off(TimezoneStandard, span_start, offset, offset, name))
        return component
    rules = _yearly_rules(changes, first_year - 1, last_year + 1)
    if rules is not None:
        rules = _first_year_of_rules(zone_name, rules, first_year - 1)
        for change, byday in rules:
            kind = TimezoneDaylight if change.is_dst else TimezoneStandard
            observance = _observance(kind, change.local_onset, change.offset_from, change.offset_to, change.name)
            observance.add("rrule", vRecur(freq="YEARLY", bymonth=change.local_onset.month, byday=byday))
            component.add_component(observance)
        return component
    offset, dst, name = _state_at(zone, span_start)
    kind = TimezoneDaylight if dst else TimezoneStandard
    component.add_component(_one_off(kind, span_start, offset, offset, name))
    for change in changes:
        kind = TimezoneDaylight if change.is_dst else TimezoneStandard
        component.add_component(_one_off(kind, change.local_onset, change.offset_from, change.offset_to, change.name))
    return component


def _yearly_rules(changes: list[Transition], first_year: int, last_year: int) -> list[tuple[Transition, str]] | None:
    """For DAYLIGHT then STANDARD: the first change and its BYDAY, if each
    kind happens once in every year of the span by one fixed yearly rule."""
    years = list(range(first_year, last_year + 1))
    rules = []
    for is_dst in (True, False):
        group = [c for c in changes if c.is_dst == is_dst]
        if [c.local_onset.year for c in group] != years:
            return None
        if len({c.rule_key()[:6] for c in group}) != 1:
            return None
        weekday = WEEKDAYS[group[0].local_onset.weekday()]
        weeks = {c.rule_key()[6] for c in group}
        if all(c.rule_key()[7] for c in group):
            byday = f"-1{weekday}"
        elif len(weeks) == 1:
            byday = f"{weeks.pop()}{weekday}"
        else:
            return None
        rules.append((group[0], byday))
    return rules


EARLIEST_RULE_YEAR = 1970


def _first_year_of_rules(zone_name: str, rules: list[tuple[Transition, str]], first_year: int) -> list[tuple[Transition, str]]:
    """The rules with each DTSTART moved back to the first year since which
    the same yearly pair has held without a break (1970 at the earliest).

    A block whose rules start in the feed's first year reads, before that,
    as its STANDARD offset all year (RFC 5545 says nothing of earlier times;
    dateutil, and so vobject, take the first STANDARD). vobject drops a
    VTIMEZONE it finds equal to UTC over 2000-2020 and then reads every time
    with that TZID as floating: a 2025 feed's Europe/London or Europe/Lisbon
    (standard offset +00:00) would lose its zone. Starting the rules where
    they began is true for every earlier year too, and gives such zones their
    summer time in 2000-2020.
    """
    earlier = transitions(zone_name, dt.datetime(EARLIEST_RULE_YEAR, 1, 1), dt.datetime(first_year, 1, 1))
    by_year: dict[int, list[Transition]] = {}
    for change in earlier:
        by_year.setdefault(change.local_onset.year, []).append(change)
    year = first_year
    firsts = [change for change, _ in rules]
    while year - 1 >= EARLIEST_RULE_YEAR:
        found = by_year.get(year - 1, [])
        candidates = []
        for change, byday in rules:
            same = [c for c in found if c.is_dst == change.is_dst and c.rule_key()[:6] == change.rule_key()[:6] and _on_day(c, byday)]
            candidates.append(same[0] if len(same) == 1 else None)
        if len(found) != len(rules) or None in candidates:
            break
        firsts = candidates
        year -= 1
    return [(first, byday) for first, (_, byday) in zip(firsts, rules)]


def _on_day(change: Transition, byday: str) -> bool:
    """Whether the change falls on the RRULE's BYDAY (``-1SU`` the last Sunday, ``2SU`` the second)."""
    weekday = WEEKDAYS[change.local_onset.weekday()]
    key = change.rule_key()
    return byday in ({f"{key[6]}{weekday}", f"-1{weekday}"} if key[7] else {f"{key[6]}{weekday}"})


def _one_off(kind: type, onset: dt.datetime, offset_from: dt.timedelta, offset_to: dt.timedelta, name: str):
    """An observance that starts once, at its DTSTART, repeated as its one RDATE.

    RFC 5545 counts DTSTART as the first onset, but some parsers only expand
    RRULE and RDATE: Home Assistant's ``ical`` finds no observance in force
    and reads every time of the zone as UTC. The RDATE (a duplicate, which
    RFC 5545 ignores) gives them the onset; Outlook, which ignores RDATE,
    still has the DTSTART.
    """
    observance = _observance(kind, onset, offset_from, offset_to, name)
    observance.add("rdate", onset.replace(tzinfo=None))
    return observance


def _observance(kind: type, onset: dt.datetime, offset_from: dt.timedelta, offset_to: dt.timedelta, name: str):
    observance = kind()
    observance.add("dtstart", onset.replace(tzinfo=None))
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    observance.add("tzname", name)
    return observance
