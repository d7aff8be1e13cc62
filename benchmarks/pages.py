"""The weight of the site's pages, raw and gzipped, against the targets.

A reader's browser downloads each page compressed, so the targets are in
gzipped bytes: at 6,000 sessions (size 1/10 of the benchmark corpus) the home
page under 30 KB and every schedule page under 60 KB, in every language.
Gzip at level 6, zlib's default and what most servers use (the figure moves by
a few per cent between levels); ``mtime=0`` so the figures repeat.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

LIMITS_KB = {"home": 30.0, "schedule": 60.0}
"""Gzipped size limits in KB (1 KB = 1,024 bytes)."""
HOME_PAGES = ("index.html", "de/index.html")


@dataclass(frozen=True)
class PageSize:
    path: str
    raw: int
    gzipped: int


def page_sizes(pages: dict[str, bytes]) -> list[PageSize]:
    """Each page's size raw and gzipped, by path."""
    return [
        PageSize(path, len(body), len(gzip.compress(body, compresslevel=6, mtime=0)))
        for path, body in sorted(pages.items())
    ]


def read_pages(site: Path) -> dict[str, bytes]:
    """Every HTML page of a built site (the English pages and de/), by path relative to it."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def report(sizes: list[PageSize]) -> tuple[list[str], list[tuple[str, bool]]]:
    """Lines listing the home pages and the largest schedule page, and the checks against ``LIMITS_KB``."""
    by_path = {size.path: size for size in sizes}
    homes = [by_path[path] for path in HOME_PAGES if path in by_path]
    schedules = [size for size in sizes if size.path not in HOME_PAGES]
    shown = [(size, "") for size in homes]
    largest = max(schedules, key=lambda size: (size.gzipped, size.path), default=None)
    if largest is not None:
        shown.append((largest, f"the largest of {len(schedules)} schedule pages"))
    width = max([len(size.path) for size, _ in shown] + [4])
    lines = [f"  {'page'.ljust(width)}  {'raw':>10}  {'gzip':>9}"]
    lines += [
        f"  {size.path.ljust(width)}  {kb(size.raw):>10}  {kb(size.gzipped):>9}{'  (' + note + ')' if note else ''}"
        for size, note in shown
    ]
    home_limit, schedule_limit = LIMITS_KB["home"], LIMITS_KB["schedule"]
    checks = [
        (f"{size.path} = {kb(size.gzipped)} gzip < {home_limit:.0f} KB", size.gzipped < home_limit * 1024)
        for size in homes
    ]
    if len(homes) < len(HOME_PAGES):
        checks.append(
            (
                f"home pages found: {', '.join(size.path for size in homes) or 'none'}; expected {', '.join(HOME_PAGES)}",
                False,
            )
        )
    if largest is not None:
        over = [size.path for size in schedules if size.gzipped >= schedule_limit * 1024]
        checks.append(
            (
                f"every schedule page < {schedule_limit:.0f} KB gzip: largest {largest.path} = {kb(largest.gzipped)}"
                + (f"; over: {', '.join(over)}" if over else ""),
                not over,
            )
        )
    return lines, checks
