"""The change report, comparing: each change once, with the feeds it reaches.

Every feed is compared with its old self, session by session (a UID is a
session); the same change seen in several feeds (the series feed, its races
feed, ``all``, ``all-races``) is then one change listing them all. Feeds,
venues and sessions are reported apart: a new series or venue is named, a
feed that goes away or a venue whose zone changes is a warning.
"""

from __future__ import annotations

import datetime as dt

from generator.diff.moments import days_apart, describe, describe_move, describe_span, more_than_a_day, same, sort_key
from generator.diff.records import KINDS, Change, Feed, Report, Session

NEW_ID = (
    "its id changed ({old} -> {new}): subscribers see a new event, and may keep the old one beside it; "
    "keep the session's old id"
)


def compare_sites(old: dict[str, Feed], new: dict[str, Feed]) -> Report:
    sessions = _merge(_new_ids(old, new, _session_changes(old, new)))
    return Report(
        tuple(_feed_changes(old, new)),
        tuple(_venue_changes(old, new)),
        tuple(sorted(sessions, key=lambda c: (c.when, KINDS.index(c.kind), c.text))),
    )


def _feed_changes(old: dict[str, Feed], new: dict[str, Feed]) -> list[Change]:
    changes = []
    added = sorted(new.keys() - old.keys())
    series = [name for name in added if new[name].kind == "series"]
    for name in series:
        members = [name] + [
            other for other in added if other.startswith(name[: -len(".ics")] + "-") and new[other].kind != "series"
        ]
        added = [other for other in added if other not in members]
        changes.append(Change("new series", f"{new[name].title}: {_count(new[name])}", feeds=tuple(members)))
    changes += [Change("new feed", f"{new[name].title}: {_count(new[name])}", feeds=(name,)) for name in added]
    for name in sorted(old.keys() - new.keys()):
        changes.append(
            Change(
                "feed removed",
                f"{old[name].title}: {_count(old[name])}",
                "its URL stops working: every subscriber's calendar stops updating; keep the file (feed URLs never move)",
                feeds=(name,),
            )
        )
    for name in sorted(old.keys() & new.keys()):
        if old[name].title != new[name].title:
            changes.append(Change("feed renamed", f"{old[name].title} -> {new[name].title}", feeds=(name,)))
        if old[name].description != new[name].description:
            changes.append(Change("feed description changed", new[name].description, feeds=(name,)))
    return sorted(changes, key=lambda c: (KINDS.index(c.kind), order_feeds(c.feeds)))


def _count(feed: Feed) -> str:
    count = len(feed.sessions)
    return f"{count} session{'s' if count != 1 else ''}"


def _zones(site: dict[str, Feed]) -> dict[str, set[str]]:
    """Each venue (a LOCATION) with the zones its timed sessions are written in."""
    zones: dict[str, set[str]] = {}
    for feed in site.values():
        for session in feed.sessions.values():
            found = zones.setdefault(session.location, set())
            if session.zone:
                found.add(session.zone)
    return zones


def _venue_changes(old: dict[str, Feed], new: dict[str, Feed]) -> list[Change]:
    before, after = _zones(old), _zones(new)
    changes = []
    for venue in sorted(after.keys() - before.keys()):
        changes.append(Change("new venue", venue + (f" ({', '.join(sorted(after[venue]))})" if after[venue] else "")))
    for venue in sorted(after.keys() & before.keys()):
        if before[venue] and after[venue] and before[venue] != after[venue]:
            was, now = ", ".join(sorted(before[venue])), ", ".join(sorted(after[venue]))
            changes.append(
                Change(
                    "venue zone changed",
                    f"{venue}: {was} -> {now}",
                    f"every local time there is now read in {now}: each session keeps its clock time and moves in UTC; check the venue's timezone",
                )
            )
    return changes


def _session_changes(old: dict[str, Feed], new: dict[str, Feed]) -> list[Change]:
    """Per feed, as its subscribers see it; a session new to a new feed (or gone with a removed one) only where it is new to the site."""
    old_uids = {uid for feed in old.values() for uid in feed.sessions}
    new_uids = {uid for feed in new.values() for uid in feed.sessions}
    changes = []
    for name in old.keys() | new.keys():
        empty = Feed(name, "", "", {})
        for change in compare_feed(old.get(name, empty), new.get(name, empty)):
            if (name not in old and change.uid in old_uids) or (name not in new and change.uid in new_uids):
                continue
            changes.append(Change(change.kind, change.text, change.warning, change.when, change.uid, (name,)))
    return changes


def _merge(changes: list[Change]) -> list[Change]:
    merged: dict[tuple[str, str, str, str, str], list[str]] = {}
    for change in changes:
        merged.setdefault((change.uid, change.kind, change.text, change.warning, change.when), []).extend(change.feeds)
    return [
        Change(kind, text, warning, when, uid, order_feeds(feeds))
        for (uid, kind, text, warning, when), feeds in merged.items()
    ]


def _new_ids(old: dict[str, Feed], new: dict[str, Feed], changes: list[Change]) -> list[Change]:
    """A session gone from the site and one new to it with the same title and time: its id changed, which subscribers see as a new event."""
    before = {uid: session for feed in old.values() for uid, session in feed.sessions.items()}
    after = {uid: session for feed in new.values() for uid, session in feed.sessions.items()}
    looks = {(s.label, sort_key(s.start), s.end): uid for uid, s in sorted(after.items()) if uid not in before}
    pairs = {}
    for uid, session in sorted(before.items()):
        if uid not in after and (match := looks.pop((session.label, sort_key(session.start), session.end), None)):
            pairs[uid] = match
    kept = [
        c
        for c in changes
        if not (c.kind == "removed" and c.uid in pairs) and not (c.kind == "added" and c.uid in pairs.values())
    ]
    for old_uid, new_uid in pairs.items():
        feeds = tuple(feed for c in changes if c.uid in (old_uid, new_uid) for feed in c.feeds)
        session = after[new_uid]
        kept.append(
            Change(
                "renamed",
                f"{session.label}: {describe_span(session)}",
                NEW_ID.format(old=_short(old_uid), new=_short(new_uid)),
                sort_key(session.start),
                new_uid,
                feeds,
            )
        )
    return kept


def _short(uid: str) -> str:
    """``wec.spa-2024.race``: the UID without its domain, as the YAML's ids make it."""
    return uid.rpartition("@")[0] or uid


def order_feeds(feeds: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Series and their own feeds by name, then every series together (``all``, ``all-races``)."""

    def key(name: str) -> tuple[bool, str]:
        stem = name.removesuffix(".ics")
        return stem == "all" or stem.startswith("all-"), stem

    return tuple(sorted(set(feeds), key=key))


def compare_feed(old: Feed, new: Feed) -> list[Change]:
    changes = []
    for uid in old.sessions.keys() | new.sessions.keys():
        before, after = old.sessions.get(uid), new.sessions.get(uid)
        if before is None:
            assert after is not None
            extra = f" ({after.status})" if after.status != "scheduled" else ""
            changes.append(
                Change("added", f"{after.label}: {describe_span(after)}{extra}", when=sort_key(after.start), uid=uid)
            )
        elif after is None:
            if before.status == "cancelled":
                changes.append(
                    Change(
                        "removed",
                        f"{before.label}: {describe_span(before)} (was cancelled)",
                        when=sort_key(before.start),
                        uid=uid,
                    )
                )
            else:
                changes.append(
                    Change(
                        "removed",
                        f"{before.label}: {describe_span(before)}",
                        "deleted without being cancelled first: subscribers may keep a stale event; set status: cancelled instead",
                        sort_key(before.start),
                        uid,
                    )
                )
        else:
            changes.extend(compare_session(before, after))
    return changes


def compare_session(old: Session, new: Session) -> list[Change]:
    label, when, uid, span = new.label, sort_key(new.start), new.uid, describe_span(new)
    changes = []
    if old.status != new.status:
        if new.status == "cancelled":
            changes.append(Change("cancelled", f"{label}: {span}", when=when, uid=uid))
        else:
            changes.append(
                Change("status changed", f"{label}: {old.status} -> {new.status}: {span}", when=when, uid=uid)
            )
    if not same(old.start, new.start) or _length(old) != _length(new):
        warning = (
            f"moved by more than a day ({days_apart(old.start, new.start)}): check the date"
            if more_than_a_day(old.start, new.start)
            else ""
        )
        changes.append(Change("re-timed", f"{label}: {describe_move(old, new)} at {new.location}", warning, when, uid))
    if old.label != new.label:
        changes.append(Change("renamed", f"{old.label} -> {new.label}: {span}", when=when, uid=uid))
    if old.location != new.location:
        changes.append(
            Change("moved venue", f"{label}: {describe(new)}, {old.location} -> {new.location}", when=when, uid=uid)
        )
    # The description restates time, status, venue and name, and GEO follows
    # the venue: report them only when nothing said above explains them.
    names = [
        key.lower()
        for key, _ in sorted(set(old.details) ^ set(new.details))
        if not (key == "GEO" and old.location != new.location)
    ]
    if old.description != new.description and not changes:
        names.append(f"description {describe_lines(old.description, new.description)}")
    if names:
        changes.append(
            Change("details changed", f"{label}: {span}: {'; '.join(dict.fromkeys(names))}", when=when, uid=uid)
        )
    return changes


def describe_lines(old: str, new: str) -> str:
    """``added "Extended to 90 minutes"; removed "..."``: the lines that differ."""
    before, after = old.splitlines(), new.splitlines()
    parts = [f'added "{line}"' for line in after if line not in before]
    parts += [f'removed "{line}"' for line in before if line not in after]
    return "; ".join(parts) or "reworded"


def _length(session: Session) -> dt.timedelta | None:
    if session.end is None or not isinstance(session.start, dt.datetime):
        return None
    return session.end - session.start
