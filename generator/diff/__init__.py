"""The change report: what subscribers will see change between two builds.

Takes two built sites (folders of ``<slug>.ics``) or two git revisions of
``feeds/`` (each built, with this checkout's generator, into a temporary
folder) and gives each change once: new series, feeds and venues, and the
sessions added, removed, cancelled, re-timed, renamed or moved to another
venue, each with the feeds it reaches; with a warning on each change that
would hurt subscribers: a UID gone without a cancellation or replaced by a
new one, a feed URL gone, a session moved by more than a day, a venue's
zone changed. The ``.ics`` files are the
contract, so both sides are read back from them with icalendar; nothing
here looks at the YAML. Pure functions compare parsed feeds; :func:`main`,
at the bottom, is the thin shell that resolves arguments, builds and prints.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from generator.build import build
from generator.diff.compare import compare_feed, compare_session, compare_sites
from generator.diff.moments import describe, describe_move
from generator.diff.records import FORMATS, Change, DiffError, Feed, Report, Session, parse_feed, read_site
from generator.diff.report import feed_list, format_markdown, format_text, summary_line
from generator.errors import UserError

__all__ = [
    "Change",
    "DiffError",
    "Feed",
    "Report",
    "Session",
    "add_arguments",
    "compare_feed",
    "compare_session",
    "compare_sites",
    "describe",
    "describe_move",
    "feed_list",
    "format_markdown",
    "format_text",
    "main",
    "parse_feed",
    "read_site",
    "summary_line",
]


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "old", metavar="OLD", help="a built site folder (public/) or a git revision (main, HEAD~1, a commit)"
    )
    command.add_argument("new", metavar="NEW", help="the same, for the changed side")
    command.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default) or markdown, for $GITHUB_STEP_SUMMARY"
    )
    command.add_argument(
        "--feeds",
        default="feeds",
        metavar="DIR",
        help="for a revision: its feeds folder, relative to the repository root (default: feeds)",
    )


def main(args: argparse.Namespace) -> int:
    """Exit status: 0 no changes, 1 changes, 2 a side could not be read or built."""
    import traceback  # here, as io, subprocess and tarfile below: every build's command line imports this module

    try:
        with tempfile.TemporaryDirectory(prefix="generator-diff-") as workdir:
            sides = [
                read_site(site_folder(arg, Path(workdir) / side, args.feeds))
                for side, arg in (("old", args.old), ("new", args.new))
            ]
        report = compare_sites(*sides)
    except DiffError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception:
        # A bug: show its traceback, but never exit 1, which callers read as "there are changes".
        traceback.print_exc()
        return 2
    compared = len(sides[0].keys() | sides[1].keys())
    write = format_markdown if args.format == "markdown" else format_text
    sys.stdout.write(write(report, compared, args.old, args.new))
    return 1 if report.changes() else 0


def site_folder(arg: str, workdir: Path, feeds: str) -> Path:
    """A built site folder as given, or a git revision's feeds built into workdir."""
    import io
    import tarfile

    path = Path(arg)
    if path.is_dir():
        if not any(path.glob("*.ics")):
            raise DiffError(f"{arg}: no .ics feeds in this folder; build it first (make feeds) or name a git revision")
        return path
    root = _git(
        ["rev-parse", "--show-toplevel"],
        Path.cwd(),
        f"{arg}: neither a folder nor a git revision (this is not a git repository)",
    )
    top = Path(root.decode().strip())
    commit = (
        _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{arg}^{{commit}}"],
            top,
            f"{arg}: neither a folder nor a git revision of {top}",
        )
        .decode()
        .strip()
    )
    archive = _git(
        ["archive", "--format=tar", commit, "--", feeds], top, f"{arg}: revision {commit[:12]} has no {feeds}/ folder"
    )
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
    import subprocess

    try:
        done = subprocess.run(["git", *command], cwd=cwd, capture_output=True, check=False)
    except OSError as error:
        raise DiffError(f"{failure}; git could not run: {error.strerror}") from None
    if done.returncode != 0:
        raise DiffError(failure)
    return done.stdout
