"""The change report, comparing: per feed, what changed for its subscribers, in plain words."""
from __future__ import annotations

import datetime as dt

from generator import timing
from generator.diff.records import KINDS, Change, Feed, FeedChanges, Moment, Session


def compare_sites(old: dict[str, Feed], new: dict[str, Feed]) -> list[FeedChanges]:
    result = []
    for name in sorted(old.keys() | new.keys()):
        if name not in new:
            changes = [Change("feed removed", _sessions(len(old[name].sessions)),
                              "its URL stops working: every subscriber's calendar stops updating; keep the file (feed URLs never move)")]
        elif name not in old:
            changes = [Change("new feed", _sessions(len(new[name].sessions)))]
        else:
            changes = compare_feed(old[name], new[name])
        if changes:
            title = (new.get(name) or old[name]).title
            result.append(FeedChanges(name, title, tuple(sorted(changes, key=lambda c: (KINDS.index(c.kind), c.when, c.text)))))
    return result


def _sessions(count: int) -> str:
    return f"{count} session{'s' if count != 1 else ''}"


def compare_feed(old: Feed, new: Feed) -> list[Change]:
    changes = []
    if old.title != new.title:
        changes.append(Change("feed renamed", f"{old.title} -> {new.title}"))
    if old.description != new.description:
        changes.append(Change("feed description changed", new.description))
    for uid in old.sessions.keys() | new.sessions.keys():
        before, after = old.sessions.get(uid), new.sessions.get(uid)
        if before is None:
            assert after is not None
            extra = f" ({after.status})" if after.status != "scheduled" else ""
            changes.append(Change("added", f"{after.label}: {describe(after.start)}{extra}", when=_sort_key(after.start)))
        elif after is None:
            if before.status == "cancelled":
                changes.append(Change("removed", f"{before.label}: {describe(before.start)} (was cancelled)", when=_sort_key(before.start)))
            else:
                changes.append(Change("removed", f"{before.label}: {describe(before.start)}",
                                      "deleted without being cancelled first: subscribers may keep a stale event; set status: cancelled instead", _sort_key(before.start)))
        else:
            changes.extend(compare_session(before, after))
    return changes


def compare_session(old: Session, new: Session) -> list[Change]:
    label, when = new.label, _sort_key(new.start)
    changes = []
    if old.status != new.status:
        if new.status == "cancelled":
            changes.append(Change("cancelled", f"{label}: {describe(new.start)}", when=when))
        else:
            changes.append(Change("status changed", f"{label}: {old.status} -> {new.status}", when=when))
    if not _same(old.start, new.start):
        warning = f"moved by more than a day ({_days_apart(old.start, new.start)}): check the date" if _more_than_a_day(old.start, new.start) else ""
        changes.append(Change("re-timed", f"{label}: {describe_move(old.start, new.start)}", warning, when))
    elif _length(old) != _length(new):
        changes.append(Change("re-timed", f"{label}: {describe_end(old.end, new.end)}", when=when))
    if old.label != new.label:
        changes.append(Change("renamed", f"{old.label} -> {new.label}", when=when))
    if old.location != new.location:
        changes.append(Change("moved venue", f"{label}: {old.location} -> {new.location}", when=when))
    # The description restates time, status, venue and name, and GEO follows
    # the venue: report them only when nothing said above explains them.
    names = [key.lower() for key, _ in sorted(set(old.details) ^ set(new.details)) if not (key == "GEO" and old.location != new.location)]
    if old.description != new.description and not changes:
        names.append(f"description {describe_lines(old.description, new.description)}")
    if names:
        changes.append(Change("details changed", f"{label}: {'; '.join(dict.fromkeys(names))}", when=when))
    return changes


def describe_lines(old: str, new: str) -> str:
    """``added "Extended to 90 minutes"; removed "..."``: the lines that differ."""
    before, after = old.splitlines(), new.splitlines()
    parts = [f'added "{line}"' for line in after if line not in before]
    parts += [f'removed "{line}"' for line in before if line not in after]
    return "; ".join(parts) or "reworded"


def _same(a: Moment | None, b: Moment | None) -> bool:
    return type(a) is type(b) and a == b


def _length(session: Session) -> dt.timedelta | None:
    if session.end is None or not isinstance(session.start, dt.datetime):
        return None
    return session.end - session.start


def _sort_key(moment: Moment) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat() if isinstance(moment, dt.datetime) else moment.isoformat()


def _day(moment: Moment) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _more_than_a_day(old: Moment, new: Moment) -> bool:
    if isinstance(old, dt.datetime) and isinstance(new, dt.datetime):
        return abs(new - old) > dt.timedelta(days=1)
    return abs((_day(new) - _day(old)).days) > 1


def _days_apart(old: Moment, new: Moment) -> str:
    days = (_day(new) - _day(old)).days
    return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'}"


def describe(moment: Moment) -> str:
    """``Sat 11 May 2024 13:00 (UTC+2)``, or ``Fri 10 May 2024, time TBC``."""
    if isinstance(moment, dt.datetime):
        return timing.format_local(moment)
    return f"{timing.format_day(moment)}, time TBC"


def describe_end(old: Moment | None, new: Moment | None) -> str:
    if old is None:
        return f"end time published: {describe(new)}"
    if new is None:
        return f"end time withdrawn (was {describe(old)})"
    return f"ends {describe_move(old, new)}"


def describe_move(old: Moment, new: Moment) -> str:
    """``13:00 -> 13:30 local (Sat 11 May 2024, UTC+2)`` when only the time of day changed."""
    timed_old, timed_new = isinstance(old, dt.datetime), isinstance(new, dt.datetime)
    if timed_old and timed_new and old.date() == new.date() and old.utcoffset() == new.utcoffset():
        return f"{old:%H:%M} -> {new:%H:%M} local ({timing.format_day(new.date())}, {timing.short_offset(new.utcoffset())})"
    if timed_new and not timed_old and old == new.date():
        return f"time TBC -> {new:%H:%M} local ({timing.format_day(old)}, {timing.short_offset(new.utcoffset())})"
    if timed_old and not timed_new and old.date() == new:
        return f"{old:%H:%M} local -> time TBC ({timing.format_day(new)}, {timing.short_offset(old.utcoffset())})"
    return f"{describe(old)} -> {describe(new)}"

