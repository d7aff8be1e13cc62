"""The command line: the only place that prints and picks exit codes.

``python -m generator build [--feeds DIR] [--out DIR] [--base-url URL] [--no-cache]``
``python -m generator check [--feeds DIR]``
``python -m generator diff OLD NEW [--format text|markdown] [--feeds DIR]``
Exit status: 0 ok, 1 problems in the input (or the output folder could not
be written), 2 wrong usage. ``diff`` has its own: 0 no changes, 1 changes,
2 a side could not be read or built (see generator.diff).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generator import diff
from generator.build import build, check
from generator.errors import Problem, UserError
from generator.publish import PublishError
from generator.urls import is_web_url, userinfo_host, userinfo_message
from generator.workers import AUTO


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build iCalendar race feeds and their site from YAML.",
        allow_abbrev=False,
    )
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser(
        "build",
        allow_abbrev=False,
        help="validate feeds/ and publish the site into --out",
        description="Validate the feeds and publish the site; on any problem nothing is written.",
    )
    build_cmd.add_argument(
        "--feeds", type=Path, default=Path("feeds"), help="the folder of YAML feeds (default: feeds)"
    )
    build_cmd.add_argument(
        "--out", type=Path, default=Path("public"), help="the output folder, replaced whole (default: public)"
    )
    build_cmd.add_argument(
        "--base-url",
        default=None,
        help="the published https:// URL of the site, for subscribe links (default: base_url in site.yaml)",
    )
    build_cmd.add_argument(
        "--no-cache",
        action="store_true",
        help="build everything afresh, neither reading nor writing the build cache in .cache/",
    )
    build_cmd.add_argument(
        "--jobs",
        type=_jobs,
        default=AUTO,
        metavar="N",
        help="check and render the series in N processes (default: one per core for a large build, one for a small one)",
    )
    check_cmd = commands.add_parser(
        "check",
        allow_abbrev=False,
        help="validate feeds/ and write nothing",
        description="Validate the feeds; print every problem; write nothing.",
    )
    check_cmd.add_argument(
        "--feeds", type=Path, default=Path("feeds"), help="the folder of YAML feeds (default: feeds)"
    )
    diff.add_arguments(
        commands.add_parser(
            "diff",
            allow_abbrev=False,
            help="say in plain words what subscribers will see change between two builds",
            description="Compare the .ics feeds of two built site folders or two git revisions of feeds/. Exit status: 0 no changes, 1 changes, 2 error.",
        )
    )
    return root


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, got {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "diff":
        return diff.main(args)
    started = time.perf_counter()
    try:
        if args.command == "build":
            if args.base_url and not is_web_url(args.base_url):
                print(f"error: --base-url: expected an https:// or http:// URL, got {args.base_url!r}", file=sys.stderr)
                return 2
            if args.base_url and userinfo_host(args.base_url) is not None:
                print(f"error: --base-url: {userinfo_message(args.base_url)}", file=sys.stderr)
                return 2
            summary = build(args.feeds, args.out, args.base_url, use_cache=not args.no_cache, jobs=args.jobs)
            elapsed = time.perf_counter() - started
            print(
                f"built {summary.feeds} feeds: {summary.events} events, {summary.sessions} sessions, {summary.files} files -> {args.out}/ in {elapsed:.2f} s"
            )
        else:
            summary = check(args.feeds)
            print(f"ok: {summary.feeds} feeds, {summary.events} events, {summary.sessions} sessions; nothing written")
        warn(summary.warnings)
    except UserError as error:
        report(error)
        return 1
    except PublishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def report(error: UserError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
        _annotate("error", problem)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written", file=sys.stderr)


def warn(warnings: tuple[Problem, ...]) -> None:
    """After the summary line: what is valid but probably not meant; the exit status stays 0.
    Written at once: a line at a time, the 12,000 warnings of make bench's corpus took 12,000 writes."""
    if not warnings:
        return
    lines = []
    for problem in warnings:
        where = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
        lines.append(f"{where}: warning: {problem.field}: {problem.message}\n")
    lines.append(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}; the build is not affected\n")
    sys.stderr.write("".join(lines))
    for problem in warnings:
        _annotate("warning", problem)


def _annotate(level: str, problem: Problem) -> None:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # GitHub shows these as annotations on the changed lines.
        line = f",line={problem.line}" if problem.line else ""
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        print(f"::{level} file={problem.file}{line}::{_escape_annotation(message)}")


def _escape_annotation(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
