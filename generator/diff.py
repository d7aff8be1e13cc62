"""The change report: what subscribers will see change between two builds.

Takes two built sites (folders of ``<slug>.ics``) or two git revisions of
``feeds/`` (each built, with this checkout's generator, into a temporary
folder) and gives, per feed, the sessions added, removed, cancelled,
re-timed, renamed or moved to another venue, with a warning on each change
that would hurt subscribers: a UID gone without a cancellation, a feed URL
gone, a session moved by more than a day. The ``.ics`` files are the
contract, so both sides are read back from them with icalendar; nothing
here looks at the YAML. Pure functions compare parsed feeds; :func:`main`,
at the bottom, is the thin shell that resolves arguments, builds and prints.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import subprocess
import sys
import tarfile
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar, vText

from generator import timing
from generator.build import build
from generator.errors import UserError

MARKS = re.compile(r"(?: \((?:time TBC|cancelled|postponed)\))+$")
# Properties compared one by one below, or rewritten by every build.
COMPARED = {"UID", "SUMMARY", "DTSTART", "DTEND", "LOCATION", "STATUS", "DESCRIPTION", "DTSTAMP", "LAST-MODIFIED"}
KINDS = ("feed removed", "new feed", "feed renamed", "feed description changed", "added", "removed", "cancelled",
         "status changed", "re-timed", "renamed", "moved venue", "details changed")
FORMATS = ("text", "markdown")

Moment = dt.date  # a date (time TBC) or an aware datetime in the venue's zone


class DiffError(Exception):
    """A side of the comparison could not be read or built; the message says why."""


@dataclass(frozen=True)
class Session:
    """One VEVENT as a subscriber sees it."""

    uid: str
    label: str
    """SUMMARY without its marks: ``FIA WEC · 6 Hours of Spa · Race``."""
    start: Moment
    end: Moment | None
    location: str
    status: str
    """scheduled, tentative, postponed or cancelled."""
    description: str
    details: tuple[tuple[str, bytes], ...]
    """Every other property but the build's timestamps, as written."""


@dataclass(frozen=True)
class Feed:
    name: str
    title: str
    description: str
    sessions: dict[str, Session]


@dataclass(frozen=True)
class Change:
    kind: str
    text: str
    warning: str = ""
    when: str = ""
    """Sort key: the session's instant (or day), so changes read in time order."""


@dataclass(frozen=True)
class FeedChanges:
    name: str
    title: str
    changes: tuple[Change, ...]


# -- reading feeds --------------------------------------------------------

def parse_feed(name: str, data: bytes) -> Feed:
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise DiffError(f"{name}: not a readable iCalendar file: {error}") from None
    errors = [f"{part.name}: {message}" for part in calendar.walk() for _, message in getattr(part, "errors", [])]
    if errors:
        raise DiffError(f"{name}: not a valid iCalendar file: {'; '.join(errors)}")
    sessions = {}
    for event in calendar.walk("VEVENT"):
        missing = [key for key in ("UID", "DTSTART") if key not in event]
        if missing:
            raise DiffError(f"{name}: an event ({event.get('SUMMARY', 'no SUMMARY')}) has no {' or '.join(missing)}")
        session = _session(event)
        sessions[session.uid] = session
    return Feed(name, _calendar_text(calendar, "NAME", "X-WR-CALNAME"), _calendar_text(calendar, "DESCRIPTION", "X-WR-CALDESC"), sessions)


def _calendar_text(calendar: Calendar, *keys: str) -> str:
    for key in keys:
        if key in calendar:
            value = calendar[key]
            # icalendar 7.3 reads NAME and X-WR-* as unknown properties: still escaped.
            return str(value) if isinstance(value, vText) else str(vText.from_ical(str(value)))
    return ""


def _session(event) -> Session:
    summary = str(event.get("SUMMARY", ""))
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if "DTEND" in event and isinstance(start, dt.datetime) else None
    ical_status = str(event.get("STATUS", "CONFIRMED")).upper()
    if ical_status == "CANCELLED":
        status = "cancelled"
    elif summary.endswith(" (postponed)"):
        status = "postponed"
    elif ical_status == "TENTATIVE" and isinstance(start, dt.datetime):
        status = "tentative"  # a time-TBC day is always TENTATIVE: not a status of its own
    else:
        status = "scheduled"
    details = tuple(sorted((key, _ical_bytes(value)) for key, value in event.items() if key not in COMPARED))
    return Session(str(event["UID"]), MARKS.sub("", summary), start, end, str(event.get("LOCATION", "")), status, str(event.get("DESCRIPTION", "")), details)


def _ical_bytes(value) -> bytes:
    items = [item.to_ical() for item in (value if isinstance(value, list) else [value])]
    return b"\n".join(item if isinstance(item, bytes) else item.encode() for item in items)


def read_site(folder: Path) -> dict[str, Feed]:
    return {path.name: parse_feed(path.name, path.read_bytes()) for path in sorted(Path(folder).glob("*.ics"))}


# -- comparing ------------------------------------------------------------

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


# -- writing the report ---------------------------------------------------

def summary_line(reports: list[FeedChanges], compared: int) -> str:
    if not reports:
        return f"no changes in {compared} feed{'s' if compared != 1 else ''}"
    changes = sum(len(r.changes) for r in reports)
    warnings = sum(1 for r in reports for c in r.changes if c.warning)
    return f"{len(reports)} of {compared} feeds changed: {changes} change{'s' if changes != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


def _shown(side: str) -> str:
    return side[:12] if re.fullmatch(r"[0-9a-f]{40}", side) else side


def format_text(reports: list[FeedChanges], compared: int, old: str, new: str) -> str:
    lines = [f"Changes from {_shown(old)} to {_shown(new)}: {summary_line(reports, compared)}"]
    for report in reports:
        lines += ["", f"{report.name} ({report.title})"]
        for change in report.changes:
            lines.append(f"  {change.kind}: {change.text}")
            if change.warning:
                lines.append(f"    WARNING: {change.warning}")
    return "\n".join(lines) + "\n"


def format_markdown(reports: list[FeedChanges], compared: int, old: str, new: str) -> str:
    summary = summary_line(reports, compared)
    lines = [f"## Calendar changes from `{_shown(old)}` to `{_shown(new)}`", "", _md(summary[:1].upper() + summary[1:]) + "."]
    if any(c.warning for r in reports for c in r.changes):
        lines += ["", "Changes marked :warning: would hurt subscribers: please check them before merging."]
    for report in reports:
        lines += ["", f"### `{report.name}`: {_md(report.title)}", ""]
        for change in report.changes:
            lines.append(f"- **{change.kind}**: {_md(change.text)}")
            if change.warning:
                lines.append(f"  - :warning: {_md(change.warning)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape what Markdown would read as markup; arrows become arrows."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", text.replace(" -> ", " → "))


# -- the command ----------------------------------------------------------

def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("old", metavar="OLD", help="a built site folder (public/) or a git revision (main, HEAD~1, a commit)")
    command.add_argument("new", metavar="NEW", help="the same, for the changed side")
    command.add_argument("--format", choices=FORMATS, default="text", help="text (default) or markdown, for $GITHUB_STEP_SUMMARY")
    command.add_argument("--feeds", default="feeds", metavar="DIR", help="for a revision: its feeds folder, relative to the repository root (default: feeds)")


def main(args: argparse.Namespace) -> int:
    """Exit status: 0 no changes, 1 changes, 2 a side could not be read or built."""
    try:
        with tempfile.TemporaryDirectory(prefix="generator-diff-") as workdir:
            sides = [read_site(site_folder(arg, Path(workdir) / side, args.feeds)) for side, arg in (("old", args.old), ("new", args.new))]
        reports = compare_sites(*sides)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception:
        # A bug: show its traceback, but never exit 1, which callers read as "there are changes".
        traceback.print_exc()
        return 2
    compared = len(sides[0].keys() | sides[1].keys())
    write = format_markdown if args.format == "markdown" else format_text
    sys.stdout.write(write(reports, compared, args.old, args.new))
    return 1 if reports else 0


def site_folder(arg: str, workdir: Path, feeds: str) -> Path:
    """A built site folder as given, or a git revision's feeds built into workdir."""
    path = Path(arg)
    if path.is_dir():
        if not any(path.glob("*.ics")):
            raise DiffError(f"{arg}: no .ics feeds in this folder; build it first (make feeds) or name a git revision")
        return path
    root = _git(["rev-parse", "--show-toplevel"], Path.cwd(), f"{arg}: neither a folder nor a git revision (this is not a git repository)")
    top = Path(root.decode().strip())
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{arg}^{{commit}}"], top, f"{arg}: neither a folder nor a git revision of {top}").decode().strip()
    archive = _git(["archive", "--format=tar", commit, "--", feeds], top, f"{arg}: revision {commit[:12]} has no {feeds}/ folder")
    source = workdir / "source"
    source.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(source, filter="data")
        else:  # Python < 3.11.4; the archive comes from our own repository
            tar.extractall(source)
    try:
        build(source / feeds, workdir / "site", None, environ={})
    except UserError as error:
        problems = "\n".join(f"  {problem}" for problem in error.problems)
        raise DiffError(f"{arg}: the feeds at revision {commit[:12]} do not build:\n{problems}") from None
    return workdir / "site"


def _git(command: list[str], cwd: Path, failure: str) -> bytes:
    try:
        done = subprocess.run(["git", *command], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise DiffError(f"{failure}; git could not run: {error.strerror}") from None
    if done.returncode != 0:
        raise DiffError(failure)
    return done.stdout
